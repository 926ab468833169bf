# Quick start: `make site` builds site/, `make test` runs the whole suite.
# Both create .venv and install the package (with pinned versions) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: site test check lint clean bench

site: $(STAMP)
	$(BIN)/explainer build

check: $(STAMP)
	$(BIN)/explainer check

# Build times and memory, real story then synthetic ones (bench/run.py --help);
# e.g. make bench BENCH_ARGS="--scales real,1,100 --runs 5 --json bench.json"
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

test: lint $(NODE_STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

# axe-core and the HTML validator for the browser tests, and ajv for the schema
# tests, when npm is there; without them those tests are skipped with a note on
# what to install.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the browser and validator tests will be skipped"; fi

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache test-artifacts
