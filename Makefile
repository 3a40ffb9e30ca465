# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-sqlite test-postgres setup lint check lock clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Exact versions from the lock files (requirements/), then the project itself.
$(VENV)/.installed: pyproject.toml requirements/run.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements/run.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements/test.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

# Pins every dependency anew from pyproject.toml's ranges, after changing them.
LOCK := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url
lock: | $(VENV)/bin/python
	$(PY) -m pip install -q pip-tools
	$(LOCK) --output-file requirements/run.txt pyproject.toml
	$(LOCK) --extra test --output-file requirements/test.txt pyproject.toml

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
	DJANGO_DEBUG=1 $(VENV)/bin/mypy

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
