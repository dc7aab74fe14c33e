-- Values indicators: Freedom House, Freedom in the World (raw data workbook), one row per
-- country or territory and edition. The edition of year N rates events of year N-1.
-- Scores: political rights 0-40 (pr_score), civil liberties 0-60 (cl_score), total 0-100;
-- ratings 1 (most free) to 7; status F, PF or NF. Freedom House's terms allow
-- non-commercial use with attribution: dyad ships none of it; users load their own copy.
CREATE TABLE freedom_house (
    country_name VARCHAR NOT NULL,
    iso2 VARCHAR,                       -- where dyad knows the state (C5, US, RU, CN, TR)
    region VARCHAR,
    kind VARCHAR,                       -- c (country) | t (territory)
    edition INTEGER NOT NULL,
    status VARCHAR,
    pr_rating INTEGER,
    cl_rating INTEGER,
    pr_score INTEGER,
    cl_score INTEGER,
    total_score INTEGER,
    source VARCHAR NOT NULL,            -- freedomhouse
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    CHECK (status IS NULL OR status IN ('F', 'PF', 'NF'))
);
-- natural key (country_name, edition), kept by the loader (revisions replace the row)
CREATE INDEX freedom_house_key ON freedom_house (country_name, edition);
