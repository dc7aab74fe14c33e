-- Kazakhstan's goods trade with its partners as published on the Kazakh side (shipped file
-- data/trade/kz_partners.csv, source 'kz-stat'). A table of its own, not trade_flows: many
-- published figures are a turnover with no export/import split, which trade_flows cannot hold.
CREATE TABLE kz_partner_trade (
    year INTEGER NOT NULL,
    partner VARCHAR NOT NULL,           -- ISO2, 'EU' or 'WORLD'
    partner_name VARCHAR NOT NULL,
    flow VARCHAR NOT NULL,              -- export | import | turnover (Kazakhstan's side)
    value_usd DOUBLE NOT NULL,
    approx BOOLEAN NOT NULL,            -- the page rounds ("over", "around")
    basis VARCHAR NOT NULL,             -- who stated the figure
    source VARCHAR NOT NULL,            -- 'kz-stat'
    source_url VARCHAR NOT NULL,
    ingest_run BIGINT,
    PRIMARY KEY (year, partner, flow, source),
    CHECK (flow IN ('export', 'import', 'turnover')),
    CHECK (value_usd >= 0)
);
