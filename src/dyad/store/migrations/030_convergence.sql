-- Convergence of interests: UN General Assembly roll calls and votes, ideal points,
-- strategy documents and joint statements with their paragraph coding.

CREATE TABLE roll_calls (
    rcid INTEGER PRIMARY KEY,           -- Voeten roll-call id
    session INTEGER NOT NULL,           -- UNGA session number
    date DATE,
    year INTEGER,                       -- calendar year of the vote
    importantvote BOOLEAN,              -- State Department "important vote" (from session 39)
    unres VARCHAR,                      -- resolution code
    short VARCHAR,
    descr VARCHAR,
    source VARCHAR NOT NULL,            -- unvotes | voeten-dataverse
    source_ref VARCHAR NOT NULL,        -- file#rcid
    ingest_run BIGINT
);

CREATE TABLE votes (
    rcid INTEGER NOT NULL,
    country_iso2 VARCHAR NOT NULL,
    vote VARCHAR NOT NULL,              -- yes | abstain | no | absent | nonmember
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (rcid, country_iso2)
);

CREATE TABLE roll_call_issues (
    rcid INTEGER NOT NULL,
    issue_code VARCHAR NOT NULL,        -- me nu di hr co ec
    issue VARCHAR,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (rcid, issue_code)
);

-- Bailey-Strezhnev-Voeten ideal points (IdealpointestimatesAll_*.csv), one row per
-- state and session; country_iso2 is NULL where the state is not in countries.yaml.
CREATE TABLE ideal_points (
    session INTEGER NOT NULL,
    ccode INTEGER NOT NULL,
    iso3 VARCHAR,
    country_iso2 VARCHAR,
    ideal_point DOUBLE NOT NULL,
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (session, ccode)
);

CREATE TABLE documents (
    doc_id VARCHAR PRIMARY KEY,         -- slug of the file name (or of the URL)
    title VARCHAR NOT NULL,
    issuer VARCHAR NOT NULL,            -- as the document states it
    issuer_group VARCHAR NOT NULL,      -- US | KZ | US-KZ | C5+1 | ... (who speaks)
    date DATE,
    date_text VARCHAR,
    url VARCHAR,
    completeness VARCHAR,
    note VARCHAR,
    language VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,            -- of the file's bytes: re-import of the same file adds nothing
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT
);

CREATE TABLE document_paragraphs (
    doc_id VARCHAR NOT NULL,
    para_no INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, para_no)
);

CREATE TABLE document_codes (
    doc_id VARCHAR NOT NULL,
    para_no INTEGER NOT NULL,
    coder VARCHAR NOT NULL,
    coder_version VARCHAR NOT NULL,
    topic VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, para_no, coder, topic)
);
