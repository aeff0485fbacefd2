# nnlesson: `make lab` opens the lessons, `make test` runs every test.
# Both create .venv on first use and reuse it afterwards.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt whenever the project's dependencies change.
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: setup lab test unit notebooks-test browser-test lint bench present notebooks chromium clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $@

# JupyterLab refuses to run as root unless told; a teacher's laptop never needs this.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/01_start_here.ipynb

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

unit: setup
	$(BIN)/python -m pytest tests --ignore=tests/browser

notebooks-test: setup
	$(BIN)/python -m pytest notebooks

browser-test: setup chromium
	$(BIN)/python -m pytest tests/browser

lint: setup
	$(BIN)/ruff check .

# Finds a Chromium for the browser tests (CHROMIUM, /usr/bin/chromium, or
# Playwright's), trying Playwright's installer once, else stops with one line.
chromium: setup
	@$(BIN)/python tools/find_chromium.py --install >/dev/null

bench: setup
	$(BIN)/python -m bench

# ARGS are passed on, e.g. `make present ARGS=--projector`.
present: setup
	$(BIN)/python -m nnlesson.present $(ARGS)

# Re-executes every lesson and saves its outputs (nbval compares against them).
notebooks: setup
	$(BIN)/python tools/build_notebooks.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
