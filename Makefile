# Stridelight: every target works on a fresh clone; `make setup` installs what is missing.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
BIN := .venv/bin
# The Django tests run a second time on PostgreSQL (pytest-django makes a
# test_… database per xdist worker beside it); .ci/run starts the server.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: setup demo test lint typecheck pytest bench clean

VENDOR := src/stridelight/web/static/vendor

setup: .venv/.synced $(VENDOR)/.copied /usr/bin/chromium

# The browser tests drive Debian's Chromium (Playwright cannot download one here).
/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium

# Front-end libraries come from npm and are served by the project itself (no CDN).
$(VENDOR)/.copied: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/uplot
	cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css \
		node_modules/uplot/LICENSE $(VENDOR)/uplot/
	@touch $@

.venv/.synced: pyproject.toml uv.lock
	@if [ ! -x "$(UV)" ]; then python3 -m venv .tools && .tools/bin/pip install -q "uv==0.13.8"; fi
	@# WeasyPrint (PDF reports) needs Pango and HarfBuzz's subsetter from Debian.
	@ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset \
		|| (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
	$(UV) sync --locked --python python3.11
	@touch $@

demo: setup
	$(BIN)/stridelight demo

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest -n 2
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -n 2 -m django_db tests/web

test: lint typecheck pytest

bench: setup
	$(PY) bench/run.py

clean:
	rm -rf .venv .tools .mypy_cache .pytest_cache .ruff_cache .hypothesis node_modules $(VENDOR)
