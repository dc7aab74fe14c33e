-- GDELT event exports: one row per imported file (provenance). The events themselves are
-- Parquet files partitioned by month in the store's folder, read through the view
-- gdelt_events (created by the loader, which knows the folder).
CREATE TABLE gdelt_files (
    sha256 VARCHAR PRIMARY KEY,         -- of the file as given (the .zip, or the CSV)
    file VARCHAR NOT NULL,              -- file name
    path VARCHAR NOT NULL,              -- where it was read from
    format VARCHAR NOT NULL,            -- 1.0 backfile | 1.0 daily | 2.0
    lines BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    first_day DATE,
    last_day DATE,
    parts VARCHAR[] NOT NULL,           -- Parquet files written, relative to the events folder
    run_id BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
