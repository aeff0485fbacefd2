# nnlesson: `make lab` opens the lessons, `make test` runs every test.
# Both create .venv on first use and reuse it afterwards.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Rebuilt whenever the project's dependencies or the lock change.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
# Unit tests and nbval on both cores; a notebook's cells stay together on one worker.
PARALLEL := -n 2 --dist loadfile

.PHONY: setup lock lab lab-zh test unit notebooks-test browser-test lint portability bench bench-against present \
	notebooks chromium clean

setup: $(STAMP)

# Exactly the versions in requirements.lock (made by `make lock`), so that a fresh clone
# runs the lessons and tests with the versions their stored outputs were made with.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python tools/lock.py --check || echo "warning: run 'make lock' and commit requirements.lock"
	@rm -f $(VENV)/.installed-*
	@touch $@

# Re-resolve requirements.lock from pyproject.toml's ranges (uv, universal: every platform).
lock: setup
	$(BIN)/python tools/lock.py

# JupyterLab refuses to run as root unless told; a teacher's laptop never needs this.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True,)

# The kernel's messages are sent at once, not held back for the browser's acknowledgement
# (nnlesson/server.py: two edits in five took 50-60 ms instead of 15-25).
PROMPT := --ServerApp.kernel_websocket_connection_class=nnlesson.server.PromptConnection

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) $(PROMPT) notebooks/01_start_here.ipynb

# The Chinese lessons in JupyterLab's own Chinese (the zh-CN language pack, the extra `zh`):
# the locale is preset in a settings folder of its own, so `make lab` stays in English.
LAB_ZH := $(VENV)/lab-zh-settings
lab-zh: setup
	@mkdir -p $(LAB_ZH)/@jupyterlab/translation-extension
	@echo '{"locale": "zh_CN"}' > $(LAB_ZH)/@jupyterlab/translation-extension/plugin.jupyterlab-settings
	JUPYTERLAB_SETTINGS_DIR=$(LAB_ZH) $(BIN)/jupyter lab $(ROOT_FLAG) $(PROMPT) \
		notebooks/zh/01_start_here.ipynb

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/mypy nnlesson
	$(BIN)/python -m pytest tests notebooks --ignore=tests/browser $(PARALLEL)
	$(BIN)/python -m pytest tests/browser

unit: setup
	$(BIN)/python -m pytest tests --ignore=tests/browser $(PARALLEL)

notebooks-test: setup
	$(BIN)/python -m pytest notebooks $(PARALLEL)

browser-test: setup chromium
	$(BIN)/python -m pytest tests/browser

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy nnlesson

# numpy picks SIMD code for the processor at run time (AVX-512 where present). The unit
# tests and the lessons' stored outputs must hold whichever it picks: run them again with
# numpy limited to AVX2, then to the x86-64 baseline. The names are numpy 2.4's.
AVX2_ONLY := X86_V4 AVX512_ICL AVX512_SPR
BASELINE_ONLY := X86_V3 $(AVX2_ONLY)
portability: setup
ifeq ($(shell uname -m),x86_64)
	NPY_DISABLE_CPU_FEATURES="$(AVX2_ONLY)" $(BIN)/python -m pytest tests notebooks \
		--ignore=tests/browser $(PARALLEL) -q
	NPY_DISABLE_CPU_FEATURES="$(BASELINE_ONLY)" $(BIN)/python -m pytest tests notebooks \
		--ignore=tests/browser $(PARALLEL) -q
else
	@echo "portability: numpy's x86-64 code paths cannot be limited on $(shell uname -m)"; exit 1
endif

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

# The benchmarks of this tree beside those of an earlier commit, in one run: REF=<commit>.
bench-against: setup
	$(BIN)/python tools/bench_against.py $(REF)
