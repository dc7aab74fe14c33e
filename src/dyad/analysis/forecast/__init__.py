"""Scenario forecasts of a pair's relations, with baselines and a backtested track record.

targets (observed series) -> scenarios (data) -> models (draws) -> scoring, backtest,
stored (forecasts table, scored when data arrive).
"""
