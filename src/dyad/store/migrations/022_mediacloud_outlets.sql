-- Media Cloud attention per outlet: for a query, a collection and a period, each outlet's
-- stories matching the query (top-sources answer for `q`) beside all its stories in the same
-- collection and period (top-sources answer for `q=*`, the exposure of outlet attention).
CREATE TABLE mediacloud_outlets (
    query VARCHAR NOT NULL,             -- the search query as sent (`q`)
    collection_id BIGINT NOT NULL,      -- Media Cloud collection id (e.g. 34412234 US National)
    period_start DATE NOT NULL,         -- `start` of both answers
    period_end DATE NOT NULL,           -- `end` of both answers
    outlet_id VARCHAR NOT NULL,         -- the source's domain, lower case (Media Cloud `source`)
    outlet_name VARCHAR,                -- the source's name as Media Cloud gave it
    outlet_url VARCHAR,                 -- the source's home page when the answer gives one
    count BIGINT NOT NULL,              -- the outlet's stories matching the query
    total_stories BIGINT NOT NULL,      -- all the outlet's stories in collection and period
    platform VARCHAR NOT NULL,          -- onlinenews-mediacloud
    source VARCHAR NOT NULL,            -- mediacloud
    source_ref VARCHAR NOT NULL,        -- the two requests (without the key) or the files
    ingest_run BIGINT,
    PRIMARY KEY (query, collection_id, period_start, period_end, outlet_id)
);
