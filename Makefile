# Each target makes or refreshes its own .venv first (again whenever pyproject.toml changes).
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST  ?= 127.0.0.1
PORT  ?= 5000
export FLASK_APP := app

.PHONY: run test lint bench

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask bank load
	@# the seed article lives beside the project (never in it); import it when it is there
	@if ls ../shared/seed/*.txt >/dev/null 2>&1; then $(BIN)/flask articles import ../shared/seed/*.txt; fi
	$(BIN)/flask run --host "$(HOST)" --port "$(PORT)"

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/generation.py
	$(BIN)/python bench/dashboard.py
