# Each target makes or refreshes its own .venv first (again whenever pyproject.toml changes).
VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST  ?= 127.0.0.1
PORT  ?= 5000
WORKERS ?= 4
LEARNERS ?= 3000
export FLASK_APP := app

.PHONY: run serve test lint bench audit eval

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

# HTML validation and Lighthouse come from the npm registry, pinned in package-lock.json.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

run: $(STAMP)
	$(BIN)/flask db upgrade
	$(BIN)/flask bank load
	@# the seed article lives beside the project (never in it); import it when it is there
	@if ls ../shared/seed/*.txt >/dev/null 2>&1; then $(BIN)/flask articles import ../shared/seed/*.txt; fi
	$(BIN)/flask run --host "$(HOST)" --port "$(PORT)"

# Production serving: gunicorn, several workers on the same database (SQLite file or the
# PostgreSQL of DATABASE_URL). Each worker builds its own app and connections after the fork.
# First, a warning on stderr for settings unfit for serving (no SECRET_KEY; insecure cookies
# on an address other machines reach). A class pressing Start together opens thousands of
# connections at once: past the listen backlog (gunicorn's default 2048) the kernel drops
# them and each browser tries again 1, 3, 7 s later while the workers may sit idle, so the
# backlog holds a class of 3,000 and more (Linux caps it at net.core.somaxconn, 4096 here).
serve: $(STAMP)
	$(BIN)/flask check-serving --host "$(HOST)"
	$(BIN)/flask db upgrade
	$(BIN)/flask bank load
	$(BIN)/gunicorn --workers "$(WORKERS)" --bind "$(HOST):$(PORT)" --timeout 30 \
		--graceful-timeout 10 --backlog 4096 --access-logfile - "app:create_app()"

lint: $(STAMP)
	$(BIN)/ruff check .

# Two pytest-xdist workers, one per core: much of a test's time is spent waiting on a browser,
# a server or an fsync, and the suite must stay under ten minutes on two cores. Each worker has its own PostgreSQL database (tests/conftest.py);
# the tests that start gunicorn run one after another on one worker (group "servers").
TEST_WORKERS ?= 2
test: lint $(NODE_STAMP)
	$(BIN)/python -m pytest -n "$(TEST_WORKERS)" --dist loadgroup

bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q wrk >/dev/null; } \
		|| { echo "wrk is missing: sudo apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/generation.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/write_lock.py
	$(BIN)/python bench/serve.py

# Question generation judged on ../shared/articles/ and the seed (bench/eval.py); the drafts,
# which quote the articles, go to artifacts/eval/ (git-ignored).
eval: $(STAMP)
	$(BIN)/python bench/eval.py
	$(BIN)/python bench/splitters.py

audit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/audit.py

# Exam day (issue 14): LEARNERS guest learners open the quiz, start together, answer and submit
# together against `make serve` (WORKERS workers) on a fresh SQLite file, or on the database of
# DATABASE_URL; then the database is checked. ARGS for the rest, e.g. ARGS=--quick or --fresh.
.PHONY: loadtest
loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py --learners "$(LEARNERS)" --workers "$(WORKERS)" $(ARGS)
