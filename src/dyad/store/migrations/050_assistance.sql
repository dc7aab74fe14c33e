-- US foreign assistance (ForeignAssistance.gov).
-- assistance: the country file (us_foreign_aid_country.csv), one row per recipient, transaction
-- type and fiscal year. Amounts are US dollars as published; de-obligations and recoveries are
-- real negative amounts and are kept. constant_usd is in the constant dollars of
-- constant_base_year (the fiscal year whose constant amounts equal current ones in the file).
-- country_code is the source's code: ISO3 for states, its own codes for regions ('ASN') and
-- Kosovo ('CS-KM'), 'NULL' for former states (told apart by country_name).
CREATE TABLE assistance (
    country_code VARCHAR NOT NULL,
    country_name VARCHAR NOT NULL,
    iso2 VARCHAR,                       -- ISO2 where dyad knows the state (C5, US, RU, CN, TR)
    region_name VARCHAR,
    transaction_type VARCHAR NOT NULL,  -- obligations | disbursements | appropriated_planned
                                        -- | budget_request
    fiscal_year INTEGER NOT NULL,
    transition_quarter BOOLEAN NOT NULL DEFAULT false,  -- the FY1976 transition quarter
    current_usd DOUBLE NOT NULL,
    constant_usd DOUBLE,
    constant_base_year INTEGER,
    source VARCHAR NOT NULL,            -- foreign_assistance
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    CHECK (transaction_type IN ('obligations', 'disbursements', 'appropriated_planned',
                                'budget_request'))
);
-- natural key (country_code, country_name, transaction_type, fiscal_year, transition_quarter,
-- source), kept by the loader (a revised amount replaces the row)
CREATE INDEX assistance_country ON assistance (iso2, transaction_type, fiscal_year);

-- The transaction-level "complete" file: one row per published transaction line, with the
-- US sector, managing agency, funding account, implementing partner and activity. The file
-- has no transaction id: row_key is a fingerprint of the line's fields plus its occurrence
-- number among identical lines, so a re-import adds nothing and identical lines stay distinct.
CREATE TABLE assistance_transactions (
    row_key VARCHAR PRIMARY KEY,
    country_code VARCHAR NOT NULL,
    country_name VARCHAR NOT NULL,
    iso2 VARCHAR,
    region_name VARCHAR,
    managing_agency VARCHAR,
    managing_sub_agency VARCHAR,
    implementing_partner_category VARCHAR,
    implementing_partner VARCHAR,
    international_sector VARCHAR,
    international_purpose VARCHAR,
    us_category VARCHAR,
    us_sector VARCHAR,
    funding_account VARCHAR,
    funding_agency VARCHAR,
    aid_type_group VARCHAR,
    activity_id VARCHAR,
    activity_name VARCHAR,
    activity_project_number VARCHAR,
    transaction_type VARCHAR NOT NULL,
    fiscal_year INTEGER NOT NULL,
    transition_quarter BOOLEAN NOT NULL DEFAULT false,
    transaction_date DATE,
    current_usd DOUBLE NOT NULL,
    constant_usd DOUBLE,
    source VARCHAR NOT NULL,            -- foreign_assistance_complete
    source_ref VARCHAR NOT NULL,
    ingest_run BIGINT,
    CHECK (transaction_type IN ('obligations', 'disbursements', 'appropriated_planned',
                                'budget_request'))
);
CREATE INDEX assistance_transactions_country ON assistance_transactions
    (iso2, transaction_type, fiscal_year);
