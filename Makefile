# The README's two commands: `make serve` runs the product, `make test` runs every test.
# Each installs what it needs on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test lint typecheck unit e2e browser install bench bench-peers fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## Python packages into .venv

browser: $(STAMP)  ## a Chromium Playwright can drive (Debian's, installed when missing)
	@tools/ensure-browser

serve: $(STAMP)  ## the fake TikTok and Flex with demo data
	$(BIN)/tiktok-sim up

lint: $(STAMP)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The journeys' checks in `make test`: visual checkpoints against e2e/baselines/, and no
# serious or critical accessibility violation on any page (both off for a plain pytest run).
E2E_CHECKS ?= --visual --axe-fail-on serious

test: $(STAMP) browser lint typecheck  ## every test: lint, types, unit, API and the BDD journeys
	$(BIN)/pytest $(E2E_CHECKS) $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/pytest tests $(PYTEST_ARGS)

e2e: $(STAMP) browser
	$(BIN)/pytest e2e $(E2E_CHECKS) $(PYTEST_ARGS)

BENCH_STAMP := $(VENV)/.bench-installed
PEERS := .bench-peers

# A peer that cannot be installed is not fatal: its row in the table says why.
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]' || echo "bench: the .[bench] extra (moto) did not install"
	touch $(BENCH_STAMP)

bench-peers: $(BENCH_STAMP)  ## what `make bench` compares the fake with: WireMock (npm, on Java), moto (PyPI)
	@command -v wrk >/dev/null || tools/apt-install wrk
	@command -v java >/dev/null || tools/apt-install openjdk-17-jre-headless || echo "bench: no Java for WireMock"
	@command -v npm >/dev/null || tools/apt-install npm || echo "bench: no npm for WireMock"
	@test -d $(PEERS)/node_modules/wiremock || npm install --silent --no-audit --no-fund --prefix $(PEERS) wiremock@3.13 || echo "bench: WireMock did not install"

bench: $(STAMP) browser bench-peers  ## benchmarks that print ratios (not part of `make test`)
	$(BIN)/python -m bench

fuzz: $(STAMP)  ## schemathesis over /openapi.json: many examples, every status code described
	FUZZ_EXAMPLES=200 FUZZ_STRICT=1 $(BIN)/pytest tests/hardening/test_fuzz_openapi.py $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache reports $(PEERS)
