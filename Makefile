# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-sqlite test-postgres setup lint check clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Sets up a local archive (idempotent: a second run keeps the data) and serves it.
setup: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DJANGO_DEBUG=1 $(PY) manage.py load_registry
	DJANGO_DEBUG=1 $(PY) manage.py import_articles fixtures/seeds --status published
	DJANGO_DEBUG=1 $(PY) manage.py setup_editor --url http://$(HOST)/admin/

run: setup
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST)

# The whole suite on SQLite, then again on a throwaway PostgreSQL cluster.
test: $(VENV)/.installed-test
	-@bash scripts/system-deps.sh
	$(MAKE) --no-print-directory test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-test
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: $(VENV)/.installed-test
	$(PY) tests/pg_cluster.py $(PY) -m pytest -m "not browser"

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.installed-test
	DJANGO_DEBUG=1 $(PY) manage.py check
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
