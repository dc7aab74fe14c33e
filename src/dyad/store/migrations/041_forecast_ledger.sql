-- The pre-registered ledger: each stored forecast carries the checksum of the data it used,
-- a content hash over everything that defines it (checked again when it is scored), the
-- draw count, and whether it was registered before its period began (only those form the
-- track record). Scores gain the randomized PIT and the result of the hash check.
ALTER TABLE forecasts ADD COLUMN data_checksum VARCHAR;
ALTER TABLE forecasts ADD COLUMN content_hash VARCHAR;
ALTER TABLE forecasts ADD COLUMN n_draws INTEGER;
ALTER TABLE forecasts ADD COLUMN preregistered BOOLEAN DEFAULT false;
ALTER TABLE forecast_scores ADD COLUMN pit DOUBLE;
ALTER TABLE forecast_scores ADD COLUMN hash_ok BOOLEAN;
