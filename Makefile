# FinPro — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# `make run` always uses SQLite and no other service, whatever the shell exports.
LOCAL_ENV := env -u DATABASE_URL -u REDIS_URL DEBUG=1

.PHONY: install run serve test lint e2e worker beat bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --noinput
	$(LOCAL_ENV) $(BIN)/python manage.py seed_demo
	$(LOCAL_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

serve: install
	$(LOCAL_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint --quiet

test: install lint
	$(BIN)/pytest -n 2 --dist loadgroup

e2e: install
	$(BIN)/pytest tests/e2e -v

worker: install
	$(BIN)/celery -A finpro worker -l info

beat: install
	$(BIN)/celery -A finpro beat -l info

# Throughput, latency and query-count budgets (DESIGN.md "Budgets") against gunicorn and
# PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/finpro_bench).
# A report: exits 0 even when a budget fails. Options: make bench BENCH_ARGS="--reps 5000".
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)


clean:
	rm -rf $(VENV) var/finpro.sqlite3 staticfiles .pytest_cache
