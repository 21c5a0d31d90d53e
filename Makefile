# FinPro — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Where `make run` serves: http://127.0.0.1:$(PORT)/ (emailed links point there too).
PORT ?= 8000
# Development commands always use SQLite and no other service, whatever the shell exports, with
# DEBUG on (the dev secrets, the console mail and SMS backends and the mailbox page).
LOCAL_ENV := env -u DATABASE_URL -u REDIS_URL DEBUG=1 SITE_URL=http://127.0.0.1:$(PORT)
MANAGE := $(LOCAL_ENV) $(BIN)/python manage.py

.PHONY: install run serve migrate demo superuser manage guides test lint e2e worker beat bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: migrate demo serve

serve: install
	$(MANAGE) runserver 127.0.0.1:$(PORT)

migrate: install
	$(MANAGE) migrate --noinput

# The demo firms, people and personas (idempotent); prints the personas to sign in as.
demo: install
	$(MANAGE) seed_demo

# A support superuser for /admin/ on the development database.
superuser: install
	$(MANAGE) createsuperuser $(ARGS)

# Any other management command on the development database: make manage ARGS="import_crd people.csv"
manage: install
	$(MANAGE) $(ARGS)

# The quick reference guides' screenshots from the running product (Chromium, demo data):
# static/guides/. `make manage ARGS="build_guides --check"` lists the ones older than their pages.
guides: install
	$(MANAGE) build_guides

lint: install
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint --quiet

# The whole suite: SQLite and no Redis by default; PostgreSQL with DATABASE_URL, the worker
# tests on REDIS_URL (CI sets both).
test: install lint
	$(BIN)/pytest -n 2 --dist loadgroup

e2e: install
	$(BIN)/pytest tests/e2e -v

worker: install
	$(BIN)/celery -A finpro worker -l info

beat: install
	$(BIN)/celery -A finpro beat -l info

# Throughput, latency and query-count budgets (docs/architecture.md "Budgets") against gunicorn
# and PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/finpro_bench).
# A report: exits 0 even when a budget fails. Options: make bench BENCH_ARGS="--reps 5000".
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
