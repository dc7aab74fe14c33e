-- Forecasts: every forecast made (one row per model, scenario and period), and their scores.
-- Draws are kept so that CRPS can be computed from the predictive sample when data arrives.
CREATE SEQUENCE IF NOT EXISTS forecast_seq START 1;

CREATE TABLE forecasts (
    forecast_id BIGINT PRIMARY KEY,
    batch_id VARCHAR NOT NULL,          -- one `forecast run`: all its rows share it
    vantage DATE NOT NULL,              -- the data the forecast used ends before this day
    scenario VARCHAR NOT NULL,
    scenario_spec VARCHAR NOT NULL,     -- the scenario as JSON, so it can be read back
    model VARCHAR NOT NULL,
    target VARCHAR NOT NULL,            -- contacts | intensity | hos | trade | balance | ...
    pair VARCHAR NOT NULL,
    period VARCHAR NOT NULL,            -- 2029Q1, 2029, 2029-01
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,           -- exclusive
    q05 DOUBLE, q25 DOUBLE, q50 DOUBLE, q75 DOUBLE, q95 DOUBLE,
    mean DOUBLE,
    draws DOUBLE[] NOT NULL,
    seed BIGINT NOT NULL,
    note VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE forecast_scores (
    forecast_id BIGINT PRIMARY KEY,
    observed DOUBLE NOT NULL,
    crps DOUBLE NOT NULL,
    abs_error DOUBLE NOT NULL,
    in50 BOOLEAN NOT NULL,
    in80 BOOLEAN NOT NULL,
    scored_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
