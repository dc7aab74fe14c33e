# dyad: the two commands of the quick start are `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORT ?= build/dyad-us-kz.html

.PHONY: demo test lint typecheck pytest bench clean venv

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) on PATH (or run: make PY=python3 ...)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[media,stata,rdata,dev]'
	@touch $(STAMP)

# The PySpark engine's tests (identical aggregates on DuckDB and Spark) run in `make test`:
# Java 17 is on these machines; pyspark is installed for the tests only, not for the demo.
SPARK := $(VENV)/.spark

$(SPARK): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[spark]'
	@touch $(SPARK)

venv: $(STAMP)

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/dyad --db build/demo.duckdb report --pair US-KZ --out $(REPORT)

test: $(STAMP) $(SPARK) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
