# The course's commands. `make course` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# No request leaves this machine: no update checks, no news feed.
PRIVATE_LAB := --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.news_url=None

.PHONY: help course test check notebooks release grade export bench lint clean
.DEFAULT_GOAL := help

help:
	@echo "make course     install (first time only) and open the course in JupyterLab"
	@echo "make test       install (first time only) and run every test"
	@echo "make check      validate course.yml, question banks, references and generated files"
	@echo "make notebooks  rebuild the learner notebooks in modules/ from course/notebooks/"
	@echo "make release    instructors: make the graded assessments (nbgrader) for students, in course/release/"
	@echo "make grade      instructors: autograde submissions, write feedback and course/grades.csv"
	@echo "                (SUBMISSIONS=folder takes them from <student>/<assignment>/assessment.ipynb)"
	@echo "make export     every question bank as Moodle GIFT and jupyterquiz JSON, in build/question-banks/"
	@echo "make bench      benchmarks (ratios against a baseline measured in the same run)"
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

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed-grading
	@echo "[setup] installing the test tools into $(VENV)"
	@$(BIN)/python -m pip install -qq --disable-pip-version-check -e '.[dev]'
	@touch $@

course: $(VENV)/.installed-course
	@echo "Opening the course. Stop it with Ctrl+C (twice)."
	@$(BIN)/jupyter lab $(ROOT_FLAG) $(PRIVATE_LAB) modules/00_welcome_and_safety.ipynb

test: $(VENV)/.installed-dev
	@$(BIN)/python -m widgets check
	@$(BIN)/ruff check --quiet . && echo "ruff: clean"
	@$(BIN)/python -m pytest

check: $(VENV)/.installed-course
	@$(BIN)/python -m widgets check

notebooks: $(VENV)/.installed-course
	@$(BIN)/python -m widgets build

release: $(VENV)/.installed-grading
	@$(BIN)/python -m widgets release

grade: $(VENV)/.installed-grading
	@$(BIN)/python -m widgets grade $(SUBMISSIONS)

export: $(VENV)/.installed-course
	@$(BIN)/python -m widgets export

bench: $(VENV)/.installed-dev
	@MPLBACKEND=Agg $(BIN)/python tests/bench/run.py

lint: $(VENV)/.installed-dev
	@$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build tests/artifacts .pytest_cache
