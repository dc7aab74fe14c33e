-- A shipped, derived UN General Assembly agreement series: dyad's own agreement and
-- coincidence (analysis/convergence_unga.py) computed from the Voeten/unvotes roll calls for
-- the US, Russia, China and Turkey with each Central Asian state, per session, calendar year
-- and US administration, on whole resolutions and on all roll calls, for all issues and for
-- human-rights votes. The votes themselves are not shipped; these derived counts are.
CREATE TABLE unga_agreement_series (
    unit VARCHAR NOT NULL,              -- session | year | admin (what one row aggregates)
    votes VARCHAR NOT NULL,             -- resolutions | all
    issue VARCHAR NOT NULL,             -- all | hr (Voeten issue code)
    pair VARCHAR NOT NULL,              -- e.g. US-KZ
    period VARCHAR NOT NULL,            -- the session number, year or administration key
    session INTEGER,                    -- the session (first session for year/admin rows)
    year INTEGER,                       -- the year (first year for session/admin rows)
    admin VARCHAR,                      -- US administration key (admin rows only)
    joint_votes INTEGER NOT NULL,
    identical INTEGER NOT NULL,
    half INTEGER NOT NULL,
    agreement DOUBLE,
    coincidence DOUBLE,
    agreement_lo DOUBLE, agreement_hi DOUBLE,       -- admin rows: 95% bootstrap interval
    coincidence_lo DOUBLE, coincidence_hi DOUBLE,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (unit, votes, issue, pair, period)
);
