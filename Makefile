# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app.py
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
TEST_CACHE_URL ?= redis://127.0.0.1:6379/15
STAMP := $(VENV)/.installed
MUTATION_STAMP := $(VENV)/.installed-mutation
ASSETS_STAMP := $(VENV)/.installed-assets
MODULE ?=
MUTATION_ARGS ?=

.PHONY: run test lint test-sqlite test-postgres bench bench-weight assets css mutation i18n translations install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(MUTATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	touch $(MUTATION_STAMP)

$(ASSETS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,assets]'
	touch $(ASSETS_STAMP)

install: $(STAMP)

# Compiles the .mo files quietly. English is the source language: the message ids are English, so the English catalog
# translates only the few messages whose wording differs (its "N of M translated" count is expected, not a gap); the
# Italian catalog translates every message, and tests/site checks it has no empty or fuzzy entry.
translations: $(STAMP)
	@$(BIN)/pybabel --quiet compile -d translations -D messages

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo
	@echo "Portal on http://127.0.0.1:5000  (Ctrl+C to stop). Mails are printed here and kept in the outbox."
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: translations lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# ruff: errors that hide bugs and the order of imports; lint-imports: the layers ([tool.importlinter] in pyproject.toml).
lint: $(STAMP)
	@echo "== ruff =="
	$(BIN)/ruff check portal tests tools bench migrations app.py
	@echo "== import-linter =="
	$(BIN)/lint-imports --no-cache

test-sqlite: translations
	@echo "== test suite on SQLite =="
	TEST_DATABASE_URL=sqlite $(BIN)/python -m pytest

test-postgres: translations
	@echo "== test suite on PostgreSQL ($(TEST_DATABASE_URL)) and Redis ($(TEST_CACHE_URL)) =="
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_CACHE_URL=$(TEST_CACHE_URL) $(BIN)/python -m pytest

bench: translations
	$(BIN)/python bench/http_bench.py
	$(BIN)/python bench/page_weight.py

# What Chromium transfers on a first and a repeat visit of the journey pages (bytes as transferred, requests).
bench-weight: translations
	$(BIN)/python bench/page_weight.py

# The one stylesheet, script and sprite every page loads (static/build/, committed): run after changing a template,
# a class built in Python, static/css or static/js. Not part of `make test`; see docs/next-engineer.md.
assets: $(ASSETS_STAMP)
	$(BIN)/python tools/build_assets.py

css: assets

# Mutation testing of every rules.py or rules/ package on SQLite (slow: not part of `make test`); `make mutation
# MODULE=caf` runs one, MUTATION_ARGS=--unit the unit tests alone (a quick lower bound). Prints each module's score
# and its surviving mutants; see docs/testing.md.
mutation: translations $(MUTATION_STAMP)
	TEST_DATABASE_URL=sqlite $(BIN)/python tools/mutation.py $(MODULE) $(MUTATION_ARGS)

# Extract new strings and merge them into both catalogs; translate, then commit the .po files.
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -o translations/messages.pot --no-location --sort-output --project portal .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance .pytest_cache
	find . -name '__pycache__' -type d -prune -exec rm -rf {} +
	find translations -name '*.mo' -delete
