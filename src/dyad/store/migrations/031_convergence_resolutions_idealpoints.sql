-- Convergence additions: which roll calls are votes on whole resolutions, yearly ideal points
-- with their published intervals, and the UN Dag Hammarskjold Library voting records.

-- Voeten/unvotes code a roll call on an amendment (amend = 1) or on a separate paragraph
-- (para = 1); NULL where the release does not code it (read as a whole-resolution vote).
ALTER TABLE roll_calls ADD COLUMN amend BOOLEAN;
ALTER TABLE roll_calls ADD COLUMN para BOOLEAN;

-- Bailey-Strezhnev-Voeten ideal points by calendar year (Idealpointestimates1946-2025.tab):
-- the point estimate, the posterior quantiles published with it, and the votes it rests on.
CREATE TABLE ideal_point_years (
    year INTEGER NOT NULL,
    ccode INTEGER NOT NULL,             -- Correlates of War code
    iso3 VARCHAR,
    country_iso2 VARCHAR,               -- NULL where the state is not in countries.yaml
    n_votes INTEGER,                    -- NVotesFP: roll calls the estimate uses
    ideal_point DOUBLE NOT NULL,        -- IdealPointFP
    q05 DOUBLE, q10 DOUBLE, q50 DOUBLE, q90 DOUBLE, q95 DOUBLE,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (year, ccode)
);

-- UN Dag Hammarskjold Library General Assembly voting data, one row per member state and
-- vote (undl_id is the library's record id of the vote).
CREATE TABLE undl_votes (
    undl_id VARCHAR NOT NULL,
    ms_code VARCHAR NOT NULL,           -- ISO3 as the library gives it
    country_iso2 VARCHAR,
    ms_vote VARCHAR,                    -- Y N A X ('' = no vote recorded)
    vote VARCHAR NOT NULL,              -- yes | no | abstain | absent
    date DATE,
    session INTEGER,
    resolution VARCHAR,
    draft VARCHAR,
    title VARCHAR,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (undl_id, ms_code)
);
