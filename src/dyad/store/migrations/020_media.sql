-- Media: the article corpus, every coder's codes side by side, links to contacts,
-- and GDELT volume/tone timelines.
CREATE TABLE articles (
    article_id VARCHAR PRIMARY KEY,     -- 'art-' + hash of the canonical URL (or text)
    external_id VARCHAR,                -- the id the source gave (JSONL `id`, feed guid)
    outlet VARCHAR,
    outlet_country VARCHAR,             -- US | KZ | other
    language VARCHAR,                   -- en | ru | kk
    published DATE,
    url VARCHAR,
    canonical_url VARCHAR,
    title VARCHAR,
    text VARCHAR,
    content_hash VARCHAR,               -- sha256 of the normalised text
    source VARCHAR NOT NULL,            -- file | feed | gdelt
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    simhash UBIGINT                     -- 64-bit SimHash of the text, for near-duplicates
);

CREATE TABLE article_codes (
    article_id VARCHAR NOT NULL,
    coder VARCHAR NOT NULL,             -- dictionary | embedding | auto | human:NAME
    coder_version VARCHAR NOT NULL,
    topics VARCHAR[] NOT NULL DEFAULT [],
    tone INTEGER,                       -- -1 | 0 | 1 toward the relationship
    coded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    ingest_run BIGINT,                  -- set for imported (human) codes
    PRIMARY KEY (article_id, coder)
);

CREATE TABLE article_contact_links (
    article_id VARCHAR NOT NULL,
    contact_id VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    PRIMARY KEY (article_id, contact_id)
);

CREATE TABLE gdelt_timelines (
    query VARCHAR NOT NULL,
    mode VARCHAR NOT NULL,              -- timelinevolraw | timelinetone | ...
    series VARCHAR NOT NULL,            -- the series label GDELT returns
    date DATE NOT NULL,
    value DOUBLE,
    norm DOUBLE,                        -- total articles monitored (volraw only)
    source VARCHAR NOT NULL,
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (query, mode, series, date)
);
