-- Media Cloud attention: stories matching a query per collection and day, beside all the
-- stories the collection indexed that day (the denominator for normalised attention).
-- Stories themselves go to `articles` (metadata only: text stays NULL).
CREATE TABLE mediacloud_counts (
    collection_id BIGINT NOT NULL,      -- Media Cloud collection id (e.g. 34412234 US National)
    query VARCHAR NOT NULL,             -- the search query as sent (`q`)
    date DATE NOT NULL,
    count BIGINT NOT NULL,              -- stories matching the query that day
    total_count BIGINT NOT NULL,        -- every story of the collection that day
    platform VARCHAR NOT NULL,          -- onlinenews-mediacloud
    source VARCHAR NOT NULL,            -- mediacloud
    source_ref VARCHAR NOT NULL,        -- the request (without the key) or the file
    ingest_run BIGINT,
    PRIMARY KEY (collection_id, query, date)
);
