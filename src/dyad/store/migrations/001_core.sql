-- Core: provenance, quarantine, reference data, the contact register.
-- Migration numbers are reserved by area: 001-009 core/register, 010-019 trade,
-- 020-029 media, 030-039 convergence, 040-049 forecasts.
CREATE SEQUENCE IF NOT EXISTS ingest_run_seq START 1;

CREATE TABLE ingest_runs (
    run_id BIGINT PRIMARY KEY,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    rows_in BIGINT DEFAULT 0,
    rows_loaded BIGINT DEFAULT 0,
    rows_quarantined BIGINT DEFAULT 0,
    status VARCHAR NOT NULL,            -- running | ok | failed
    error VARCHAR
);

CREATE TABLE quarantine (
    run_id BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    file VARCHAR,
    record VARCHAR,
    field VARCHAR,
    reason VARCHAR NOT NULL,
    raw VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Which version (checksum) of each shipped reference file the store holds.
CREATE TABLE reference_versions (
    name VARCHAR PRIMARY KEY,
    checksum VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE countries (
    iso2 VARCHAR PRIMARY KEY,
    iso3 VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    census_cty_code INTEGER,
    cow_code INTEGER,
    un_m49 INTEGER,
    is_c5 BOOLEAN NOT NULL DEFAULT false,
    source_url VARCHAR
);

CREATE TABLE country_names (
    variant VARCHAR NOT NULL,           -- lower-cased name variant as sources spell it
    iso2 VARCHAR NOT NULL,
    PRIMARY KEY (variant)
);

CREATE TABLE administrations (
    key VARCHAR PRIMARY KEY,            -- bush41, clinton, ..., trump2; nazarbayev, tokayev
    country VARCHAR NOT NULL,           -- US | KZ
    president VARCHAR NOT NULL,
    party VARCHAR,                      -- R | D for the US
    start_date DATE NOT NULL,
    end_date DATE,                      -- NULL: in office
    source_url VARCHAR NOT NULL
);

CREATE TABLE topics (
    key VARCHAR PRIMARY KEY,
    vector VARCHAR NOT NULL,            -- security | economic | values | cross
    label VARCHAR NOT NULL,
    definition VARCHAR NOT NULL
);

CREATE TABLE contacts (
    contact_id VARCHAR PRIMARY KEY,
    date_start DATE NOT NULL,
    date_end DATE NOT NULL,
    kind VARCHAR NOT NULL,              -- visit meeting call summit dialogue agreement statement
    level VARCHAR NOT NULL,             -- head_of_state ... working
    format VARCHAR NOT NULL,            -- bilateral | c5plus1 | multilateral_sideline
    initiator VARCHAR NOT NULL,         -- US | partner | both | unknown (who travelled / called)
    location VARCHAR,
    us_participants VARCHAR[] NOT NULL DEFAULT [],
    partner_participants VARCHAR[] NOT NULL DEFAULT [],
    summary VARCHAR,
    topics VARCHAR[] NOT NULL DEFAULT [],
    status VARCHAR NOT NULL,            -- confirmed | candidate | rejected
    confidence VARCHAR NOT NULL DEFAULT 'high',  -- high | medium | low
    plover_event VARCHAR,
    plover_mode VARCHAR,
    plover_score DOUBLE,
    origin VARCHAR NOT NULL,            -- curated | statehist | ...: who created the row
    ingest_run BIGINT,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The partner states a contact involves (one row for bilateral, five for a C5+1 summit).
CREATE TABLE contact_partners (
    contact_id VARCHAR NOT NULL,
    partner_iso2 VARCHAR NOT NULL,
    PRIMARY KEY (contact_id, partner_iso2)
);

-- Every source that attests a contact: curated URLs and imported records alike.
CREATE TABLE contact_sources (
    contact_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL,            -- curated | statehist | ...
    source_ref VARCHAR NOT NULL,        -- URL, or file#record-id for imported records
    url VARCHAR,
    publisher VARCHAR,
    title VARCHAR,
    ingest_run BIGINT,
    PRIMARY KEY (source, source_ref, contact_id)
);

-- Field disagreements between sources of one contact, reported not resolved.
CREATE TABLE contact_conflicts (
    contact_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    kept_value VARCHAR,
    other_value VARCHAR,
    other_source VARCHAR NOT NULL,
    other_ref VARCHAR NOT NULL,
    resolution VARCHAR NOT NULL DEFAULT 'open',   -- open | kept | replaced
    PRIMARY KEY (contact_id, field, other_ref)
);

CREATE TABLE deliverables (
    deliverable_id VARCHAR PRIMARY KEY,
    contact_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- agreement | mou | deal | pledge
    title VARCHAR NOT NULL,
    value_usd DOUBLE,
    status VARCHAR NOT NULL,            -- announced | in_progress | implemented | stalled | cancelled | unknown
    status_evidence_url VARCHAR,
    status_note VARCHAR,
    source_url VARCHAR NOT NULL,
    ingest_run BIGINT
);
