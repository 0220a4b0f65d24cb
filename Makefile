# The course's commands. `make course` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# No request leaves this machine: no update checks, no news feed.
PRIVATE_LAB := --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.news_url=None

.PHONY: help course app site site-serve test check notebooks release grade export classroom handouts slides kit bench lint clean
.DEFAULT_GOAL := help

help:
	@echo "make course     install (first time only) and open the course in JupyterLab"
	@echo "make app        install (first time only) and open the learner app: no code, Quick exit, progress"
	@echo "make site       the browser edition: the course as a static site in build/site/ (Pyodide; no install)"
	@echo "                PYODIDE_DIST=DIR: from a full Pyodide distribution, with numpy and matplotlib (live simulator)"
	@echo "make site-serve serve build/site/ on 127.0.0.1 (SITE_LAN=1: on the local network, for a room)"
	@echo "make test       install (first time only) and run every test"
	@echo "make check      validate course.yml, question banks, references and generated files"
	@echo "make notebooks  rebuild the learner notebooks in modules/ from course/notebooks/"
	@echo "make release    instructors: make the graded assessments (nbgrader) for students, in course/release/"
	@echo "make grade      instructors: autograde submissions, write feedback and course/grades.csv"
	@echo "                (SUBMISSIONS=folder takes them from <student>/<assignment>/assessment.ipynb)"
	@echo "make export     the banks as Moodle GIFT, jupyterquiz JSON and QTI for Canvas and Blackboard (build/question-banks/)"
	@echo "make classroom  a JupyterHub for a class on this computer (127.0.0.1:8000); see classroom/README.md"
	@echo "make handouts   printable handouts per module, HTML and PDF, in build/handouts/ (PAPER=Letter for US paper)"
	@echo "make slides     facilitator slide decks per module (offline HTML) in build/slides/"
	@echo "make kit        handouts and slides; both also write the index build/facilitator/index.html"
	@echo "make bench      benchmarks (ratios against a baseline measured in the same run; app and class load times)"
	@echo "make lint       ruff and the import contracts between widgets/ subpackages"

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

# nbgrader adds menus and a grading server to JupyterLab. Learners use this same JupyterLab, so they stay off
# here; a class JupyterHub turns them on for instructors in its own config.
NBGRADER_PARTS := nbgrader.server_extensions.formgrader nbgrader.server_extensions.assignment_list \
                  nbgrader.server_extensions.course_list nbgrader.server_extensions.validate_assignment

$(VENV)/.installed-grading: pyproject.toml $(VENV)/.installed-course
	@echo "[setup] installing nbgrader into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[grading]'
	@$(BIN)/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	@for part in $(NBGRADER_PARTS); do $(BIN)/jupyter server extension disable --sys-prefix $$part >/dev/null 2>&1; done
	@touch $@

# JupyterLite's Pyodide kernel installs a JupyterLab extension that breaks every JupyterLab and Voilà page in this
# environment (it needs modules only a JupyterLite page shares: "Shared module @jupyterlite/services doesn't
# exist"). Move it where only `make site` looks (widgets/site/build.py, PARKED); disabling it is not enough.
LAB_EXTENSIONS_DIR := $(VENV)/share/jupyter/labextensions
PARKED_DIR         := $(VENV)/share/course-site/labextensions
define park_lite_extension
	@if [ -d $(LAB_EXTENSIONS_DIR)/@jupyterlite ]; then rm -rf $(PARKED_DIR)/@jupyterlite && mkdir -p $(PARKED_DIR) \
	  && mv $(LAB_EXTENSIONS_DIR)/@jupyterlite $(PARKED_DIR)/; fi
endef

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-classroom
	@echo "[setup] installing the test tools into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[dev]'
	$(park_lite_extension)
	@touch $@

# The browser edition's build tools (voici, JupyterLite's Pyodide kernel); Pyodide's core comes from npm.
$(VENV)/.installed-site: pyproject.toml $(VENV)/.installed-course
	@echo "[setup] installing the browser edition's build tools (voici, JupyterLite) into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[site]'
	$(park_lite_extension)
	@touch $@

$(VENV)/.installed-kit: pyproject.toml $(VENV)/.installed-course
	@echo "[setup] installing Playwright (prints the handout PDFs with this machine's Chromium) into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[kit]'
	@touch $@

# JavaScript tools, from package-lock.json: axe-core for the accessibility audits, configurable-http-proxy for
# `make classroom`, and Pyodide's core for `make site`. Without npm the audits skip (CI requires them) and `make classroom` says what to install.
NODE_TOOLS := node_modules/.installed
$(NODE_TOOLS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "[setup] installing axe-core and configurable-http-proxy into node_modules/ (npm ci)"; \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "[setup] npm not found: the accessibility audits will be skipped (apt-get install npm)"; fi

$(VENV)/.installed-classroom: pyproject.toml $(VENV)/.installed-grading
	@echo "[setup] installing JupyterHub into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[classroom]'
	@touch $@

course: $(VENV)/.installed-course
	@echo "Opening the course. Stop it with Ctrl+C (twice)."
	@$(BIN)/jupyter lab $(ROOT_FLAG) $(PRIVATE_LAB) modules/00_welcome_and_safety.ipynb

app: $(VENV)/.installed-course
	@$(BIN)/python -m widgets app

site: $(VENV)/.installed-site $(NODE_TOOLS)
	@$(BIN)/python -m widgets site $(if $(PYODIDE_DIST),--pyodide-dist "$(PYODIDE_DIST)",)

site-serve: $(VENV)/.installed-course
	@$(BIN)/python -m widgets site --serve $(if $(SITE_LAN),--lan,)

test: $(VENV)/.installed-dev $(NODE_TOOLS)
	@$(BIN)/python -m widgets check
	@$(BIN)/ruff check --quiet . && echo "ruff: clean"
	@out=$$($(BIN)/lint-imports --no-logo --no-cache 2>&1) && echo "import contracts: $$(echo "$$out" | grep -c " KEPT") kept" \
	  || { echo "$$out"; exit 1; }
	@$(BIN)/python -m widgets site --if-changed  # the browser edition's tests open it (downloads once, cached)
	@$(BIN)/python -m pytest

check: $(VENV)/.installed-course
	@$(BIN)/python -m widgets check

notebooks: $(VENV)/.installed-course
	@$(BIN)/python -m widgets build

release: $(VENV)/.installed-grading
	@$(BIN)/python -m widgets release

grade: $(VENV)/.installed-grading
	@$(BIN)/python -m widgets grade $(SUBMISSIONS)

export: $(VENV)/.installed-grading
	@$(BIN)/python -m widgets export

classroom: $(VENV)/.installed-classroom $(NODE_TOOLS)
	@test -x node_modules/.bin/configurable-http-proxy || { echo "make classroom needs npm (apt-get install npm)"; exit 1; }
	@$(BIN)/python -m widgets classroom

PAPER ?= A4
handouts: $(VENV)/.installed-kit
	@$(BIN)/python -m widgets handouts --paper $(PAPER)

slides: $(VENV)/.installed-course
	@$(BIN)/python -m widgets slides

kit: $(VENV)/.installed-kit
	@$(BIN)/python -m widgets kit --paper $(PAPER)

bench: $(VENV)/.installed-dev
	@MPLBACKEND=Agg $(BIN)/python tests/bench/run.py

lint: $(VENV)/.installed-dev
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports --no-logo --no-cache

clean:
	rm -rf $(VENV) build tests/artifacts .pytest_cache node_modules
