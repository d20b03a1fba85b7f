# EPT VBP Milestone Portal: two commands on a fresh machine.
#   make run   - create .venv, install, migrate, seed the demo, serve on http://127.0.0.1:8000
#                with the task worker (e-mail, PDFs) beside it; Ctrl-C stops both
#   make test  - install the test extra and run the whole suite (DATABASE_URL if set)

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Absolute links in e-mails and the printed log-in line: the address served, unless set.
SITE_URL ?= http://$(HOST):$(PORT)
SERVE_ENV = DEBUG=$${DEBUG:-1} SITE_URL="$(SITE_URL)"
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
	$(SERVE_ENV) $(PY) manage.py seed_demo

# The worker sends the e-mail and renders the PDFs queued by the web server; it runs in
# the background and is stopped whenever runserver ends (Ctrl-C, or a port in use).
run: demo
	@trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(SERVE_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	$(SERVE_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# axe-core, the accessibility rules the browser tests run on every page, from the npm
# registry into the git-ignored node_modules/ (no package.json, no lock file).
AXE := node_modules/axe-core/axe.min.js

$(AXE):
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests (apt-get install npm)"; exit 1; }
	npm install --no-save --no-package-lock --no-audit --no-fund --prefix . axe-core@4

# The suite runs with development settings (DEBUG=1 in the environment; Django still
# runs each test with DEBUG off); production settings have their own tests.
test: install-test $(AXE)
	DEBUG=1 $(PY) -m pytest -p no:cacheprovider $(if $(filter 0,$(WORKERS)),,-n $(WORKERS)) $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .

# Deadline-day capacity of this checkout and of the code before it, side by side, on
# PostgreSQL (BENCH_PG, BENCH_OLD_REF; flags in bench/load.py). Takes about 15 minutes.
bench: install-test
	$(PY) -m bench.load

bench-pdf: install-test
	DEBUG=1 $(PY) -m bench.pdf

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules test-artifacts
