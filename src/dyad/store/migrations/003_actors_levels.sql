-- Actors and offices; a level for each side of a contact; occasions; source tiers;
-- deliverable keys; the register's sweep log (issue: the administration comparison).
CREATE TABLE actors (
    actor_id VARCHAR PRIMARY KEY,       -- lowercase slug, e.g. antony-blinken
    name VARCHAR NOT NULL,
    country VARCHAR NOT NULL,           -- US | KZ | UZ | KG | TJ | TM | ...
    source_file VARCHAR,
    ingest_run BIGINT
);

CREATE TABLE actor_offices (
    actor_id VARCHAR NOT NULL,
    office VARCHAR NOT NULL,            -- a key of data/offices.yaml
    level VARCHAR NOT NULL,             -- derived from the office
    branch VARCHAR NOT NULL,            -- executive | legislative
    start_date DATE NOT NULL,
    end_date DATE,                      -- NULL: still held
    detail VARCHAR,                     -- department, post or body where the file names one
    source_url VARCHAR NOT NULL,
    note VARCHAR,
    ingest_run BIGINT
);

-- Who took part in a contact, as actors (curated entries; imported records carry names only).
CREATE TABLE contact_participants (
    contact_id VARCHAR NOT NULL,
    side VARCHAR NOT NULL,              -- us | partner
    actor_id VARCHAR NOT NULL,
    display VARCHAR,                    -- the name and title as the source gives them
    office VARCHAR,
    level VARCHAR,
    branch VARCHAR,
    PRIMARY KEY (contact_id, side, actor_id)
);

ALTER TABLE contacts ADD COLUMN us_level VARCHAR;         -- highest level on the US side
ALTER TABLE contacts ADD COLUMN partner_level VARCHAR;    -- highest level on the partner side
ALTER TABLE contacts ADD COLUMN branch VARCHAR;           -- US side: executive | legislative | mixed
ALTER TABLE contacts ADD COLUMN occasion_id VARCHAR;      -- the occasion the contact belongs to
ALTER TABLE contacts ADD COLUMN ceremony BOOLEAN DEFAULT false;

ALTER TABLE contact_sources ADD COLUMN tier VARCHAR;      -- official | wire | press | secondary

ALTER TABLE deliverables ADD COLUMN deliverable_key VARCHAR;  -- one deal, one key
ALTER TABLE deliverables ADD COLUMN status_date DATE;
ALTER TABLE deliverables ADD COLUMN signed_date DATE;

-- How the register was searched: one row per (pair, year, source family).
CREATE TABLE register_sweeps (
    pair VARCHAR NOT NULL,
    year INTEGER NOT NULL,              -- 0: the family as a whole, not one year
    family VARCHAR NOT NULL,
    queries INTEGER,
    pages_read INTEGER,
    entries INTEGER,
    reviewed_through DATE,
    searched_on DATE,
    note VARCHAR,
    source_file VARCHAR NOT NULL,
    PRIMARY KEY (pair, year, family, source_file)
);
