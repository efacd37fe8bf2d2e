# Kompeten: one command to run the app with demo data, one to pass the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://kompeten@127.0.0.1:5432/kompeten
PYTEST_ARGS ?=
# Development settings for `make run` only; production reads its own environment.
RUN_ENV := DEBUG=1 SECRET_KEY="$$(cat var/secret_key)"

.PHONY: run test test-postgres bench lint install chromium postgres clean messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key

run: install var/secret_key
	$(RUN_ENV) $(BIN)/kompeten migrate --no-input
	@$(MAKE) --no-print-directory messages
	$(RUN_ENV) $(BIN)/kompeten collectstatic --no-input --verbosity 0
	$(RUN_ENV) $(BIN)/kompeten seed_demo --if-empty
	@echo "Kompeten: http://$(HOST):$(PORT)/  (Ctrl+C stops the server and the task worker)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/kompeten db_worker & \
	  $(RUN_ENV) $(BIN)/kompeten runserver $(HOST):$(PORT) --noreload

chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at /usr/bin/chromium."; \
	  echo "Install it as root with: apt-get install chromium   (Debian/Ubuntu)"; exit 1; \
	fi

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DEBUG=1 $(BIN)/kompeten makemigrations --check --dry-run >/dev/null

# The compiled catalogs are committed too, so a machine without gettext still has English.
messages: install
	@if command -v msgfmt >/dev/null; then \
	  DEBUG=1 $(BIN)/kompeten compilemessages --ignore=.venv >/dev/null; \
	else echo "gettext (msgfmt) not found: using the committed .mo catalogs"; fi

test: install chromium lint messages
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

postgres:
	@bash .ci/postgres.sh "$(PG_URL)"

test-postgres: install chromium messages postgres
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: install postgres
	bash bench/run_all.sh

clean:
	rm -rf $(VENV) var/static
