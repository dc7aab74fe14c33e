-- Trade in goods: one row per reporter, partner, period, flow, commodity and source.
-- The natural key (reporter, partner, year, month, flow, commodity, source) has NULLs
-- (month NULL = annual row, commodity NULL = all goods), so loads enforce it with
-- IS NOT DISTINCT FROM (see dyad.sources.trade_flows); the index below speeds that up.
-- Values are US dollars. A month that the source has not published is absent, never 0;
-- an annual row exists only for a year the source has complete.
CREATE TABLE trade_flows (
    reporter VARCHAR NOT NULL,          -- ISO2 ('US' for Census data)
    partner VARCHAR NOT NULL,           -- ISO2 when known, else '<source>:<code>'
    partner_name VARCHAR,
    year INTEGER NOT NULL,
    month INTEGER,                      -- NULL for annual rows
    flow VARCHAR NOT NULL,              -- export | import, from the reporter's side
    value_usd DOUBLE NOT NULL,
    commodity VARCHAR,                  -- NULL = total; 'HS2:27' etc.
    source VARCHAR NOT NULL,            -- census | comtrade
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    CHECK (flow IN ('export', 'import')),
    CHECK (month IS NULL OR (month BETWEEN 1 AND 12))
);
CREATE INDEX trade_flows_pair ON trade_flows (reporter, partner, year);
