# intrel: two commands for a newcomer (make run, make test); the rest are their parts.
SHELL := /bin/bash
# The interpreter of the virtual environment: Debian's python3.11 where it is installed with venv
# (built with profile-guided optimisation: on this project's machines it runs the suite and the
# engine about 1.3-1.6x faster than a plain source build, docs/adr/0023), else any python3.11.
PYTHON ?= $(shell if /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1; then echo /usr/bin/python3.11; else echo python3.11; fi)
VENV := .venv
BIN := $(VENV)/bin
INTREL := $(BIN)/intrel
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := src/intrel/static/vendor

.PHONY: run test suite setup assets messages migrate demo serve lint format typecheck checks openapi lock clean

## make run: set everything up, migrate the embedded SQLite database, load the demo when empty, serve.
run: setup migrate demo
	@echo ""
	@echo "  intrel runs at http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	@$(INTREL) demo_accounts --print
	@echo ""
	$(INTREL) runserver $(HOST):$(PORT)

## make test: set up the same, then every check and every test (SQLite, or DATABASE_URL).
test: setup checks suite

## make suite: the tests alone (CI's second database: the checks do not depend on it).
suite: setup
	$(BIN)/pytest -q -n 2 $(PYTEST_ARGS)

setup: $(VENV)/.installed assets messages

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	# The public portal's world map: Natural Earth country shapes (public domain), drawn server-side.
	cp node_modules/world-atlas/countries-110m.json $(VENDOR)/world-countries-110m.json
	# NL Design System components (EUPL-1.2) for the public portal; the theme (tokens) is our own.
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht-component-library.css

messages: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d src/intrel/locale -D django

migrate: setup
	mkdir -p var
	$(INTREL) migrate --no-input -v 0

demo: migrate
	$(INTREL) demo_load --if-empty

serve:
	$(INTREL) runserver $(HOST):$(PORT)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# --no-incremental: with a warm cache the django-stubs plugin reported 81 false errors
# (django-manager-missing) that a cold run does not; a cold run takes 12-14 s here.
typecheck:
	$(BIN)/mypy --no-incremental src/intrel

## checks: what CI refuses to land without, before the tests run.
checks: lint typecheck
	mkdir -p var
	$(BIN)/lint-imports --no-cache
	# Both on the embedded SQLite whatever DATABASE_URL says: the OpenAPI document must not
	# depend on the database (integer ranges differ per backend).
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=intrel.conf.test $(INTREL) makemigrations --check --dry-run
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=intrel.conf.test $(INTREL) spectacular --file var/openapi.generated.yaml --validate --fail-on-warn
	diff -u docs/api/openapi.yaml var/openapi.generated.yaml || (echo "docs/api/openapi.yaml is out of date: run 'make openapi'" && exit 1)
	node_modules/.bin/spectral lint --fail-severity=error --ruleset ../shared/standards/api-design-rules/linter.yaml docs/api/openapi.yaml

openapi: setup
	mkdir -p docs/api
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=intrel.conf.test $(INTREL) spectacular --file docs/api/openapi.yaml --validate

## lock: refresh requirements.lock from pyproject.toml (needs network to PyPI).
lock:
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) node_modules var $(VENDOR)
