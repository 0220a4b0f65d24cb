# The course's commands. `make course` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# No request leaves this machine: no update checks, no news feed.
PRIVATE_LAB := --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.news_url=None

.PHONY: help course app test check notebooks bench lint clean
.DEFAULT_GOAL := help

help:
	@echo "make course     install (first time only) and open the course in JupyterLab"
	@echo "make app        install (first time only) and open the learner app: no code, Quick exit, progress"
	@echo "make test       install (first time only) and run every test"
	@echo "make check      validate course.yml, question banks, references and generated files"
	@echo "make notebooks  rebuild the learner notebooks in modules/ from course/notebooks/"
	@echo "make bench      benchmarks (ratios against a baseline measured in the same run; app load times)"
	@echo "make lint       ruff"

$(BIN)/python:
	@echo "[setup] creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-course: pyproject.toml widgets/data/jupyterlab-overrides.json | $(BIN)/python
	@echo "[setup] installing the course into $(VENV) (first time: about a minute)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e .
	@# Start the kernel without asking, and never fetch news or update checks from the web.
	@$(BIN)/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1 || true
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp widgets/data/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@
	@echo "[setup] done: $(VENV)"

# axe-core, for the accessibility audits in the browser tests (package.json + package-lock.json pin it).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "[setup] installing axe-core into node_modules (accessibility audits)"; \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "[setup] npm not found: the accessibility audits will be skipped (apt-get install npm)"; fi

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-course
	@echo "[setup] installing the test tools into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[dev]'
	@touch $@

course: $(VENV)/.installed-course
	@echo "Opening the course. Stop it with Ctrl+C (twice)."
	@$(BIN)/jupyter lab $(ROOT_FLAG) $(PRIVATE_LAB) modules/00_welcome_and_safety.ipynb

app: $(VENV)/.installed-course
	@$(BIN)/python -m widgets app

test: $(VENV)/.installed-dev $(AXE)
	@$(BIN)/python -m widgets check
	@$(BIN)/ruff check --quiet . && echo "ruff: clean"
	@$(BIN)/python -m pytest

check: $(VENV)/.installed-course
	@$(BIN)/python -m widgets check

notebooks: $(VENV)/.installed-course
	@$(BIN)/python -m widgets build

bench: $(VENV)/.installed-dev
	@MPLBACKEND=Agg $(BIN)/python tests/bench/run.py

lint: $(VENV)/.installed-dev
	@$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build tests/artifacts .pytest_cache node_modules
