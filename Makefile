# EPT VBP Milestone Portal: two commands on a fresh machine.
#   make run   - create .venv, install, migrate, seed the demo, serve on http://127.0.0.1:8000
#   make test  - install the test extra and run the whole suite (DATABASE_URL if set)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist workers; "0" runs in one process.
WORKERS ?= 2

.PHONY: run test install install-test migrate demo lint bench bench-pdf clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo

run: demo
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs with development settings (DEBUG=1 in the environment; Django still
# runs each test with DEBUG off); production settings have their own tests.
test: install-test
	DEBUG=1 $(PY) -m pytest -p no:cacheprovider $(if $(filter 0,$(WORKERS)),,-n $(WORKERS)) $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test
	$(PY) -m bench.load

bench-pdf: install-test
	DEBUG=1 $(PY) -m bench.pdf

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
