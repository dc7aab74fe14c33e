-- How long each load took (seconds, wall clock), beside started_at and finished_at.
ALTER TABLE ingest_runs ADD COLUMN duration_s DOUBLE;
UPDATE ingest_runs SET duration_s = date_diff('microsecond', started_at, finished_at) / 1e6
    WHERE finished_at IS NOT NULL;
