# Thi Đua: `make run` sets everything up and serves the app; `make test` runs every check CI runs.
SHELL := /bin/bash
PORT ?= 8000
HOST ?= 127.0.0.1
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua_bench

.PHONY: run setup uv test lint pytest migrations-check bench format messages

run: setup  ## install, migrate, load the demo data once, print the demo accounts, serve
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: uv
	$(UV) sync --frozen
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

uv:  ## installs uv from PyPI when the machine has none
	@command -v uv >/dev/null 2>&1 || [ -x $(HOME)/.local/bin/uv ] || python3 -m pip install --user --quiet uv

test: uv  ## lint, migration check, the whole suite
	$(UV) sync --frozen
	$(MAKE) lint migrations-check pytest

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

pytest:
	$(PY) -m pytest -q

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

messages:  ## refresh the English catalogue after changing user-facing text
	$(PY) manage.py makemessages -l en --no-obsolete -i ".venv/*" -i "bench/*"
	$(PY) manage.py compilemessages -l en -i .venv

bench: uv  ## benchmarks on PostgreSQL at province scale (see bench/README.md)
	$(UV) sync --frozen
	$(PY) bench/run.py --database-url $(PG_URL)
