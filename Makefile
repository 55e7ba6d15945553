# Workforce Hub. `make run` sets everything up and serves the demo; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_FOR_VENV := $(shell scripts/find-python.sh)
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV_PYTHON := $(PYTHON_FOR_VENV)
export UV_PROJECT_ENVIRONMENT := .venv
VENV := .venv/bin
MANAGE := $(VENV)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# links in e-mails point at the address the Hub is served on (override for a real domain)
export HUB_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: security-lint supply-chain-audit migrations-round-trip container-smoke smoke help install python-deps node-deps assets run migrate demo test lint types contracts migrations-check pytest test-browser bench clean

help:
	@echo "make run    install, migrate SQLite, load the demo partnership and serve on http://$(HOST):$(PORT)"
	@echo "make test   lint, types, import contracts, migration check and the whole test suite"
	@echo "make bench  long benchmarks (results in docs/benchmarks/)"
	@echo "make smoke  the production process list on PostgreSQL with ClamAV (as CI runs it)"
	@echo "make container-smoke  build deploy/Containerfile and run the Hub from it (docs/deploy.md)"

uv-available:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install -q "uv==$(UV_VERSION)"

python-deps: uv-available
	@$(UV) sync --frozen --quiet

node-deps:
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi

assets: node-deps
	@npm run --silent build >/dev/null

install: python-deps assets
	@mkdir -p var

migrate: install
	@$(MANAGE) migrate --noinput -v0

demo: migrate
	@$(MANAGE) load_demo

run: demo
	@echo ""
	@echo "Workforce Hub is starting on http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	@$(MANAGE) db_worker --queue-name default >var/worker.log 2>&1 & echo $$! > var/worker.pid; \
	$(MANAGE) crontask >var/scheduler.log 2>&1 & echo $$! > var/scheduler.pid; \
	trap 'kill $$(cat var/worker.pid) $$(cat var/scheduler.pid) 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT) --noreload

lint: python-deps
	$(VENV)/ruff check src tests benchmarks conftest.py
	$(VENV)/ruff format --check src tests benchmarks conftest.py

types: python-deps
	$(VENV)/mypy src

contracts: python-deps
	$(VENV)/lint-imports

# bandit: no finding of medium or high severity (each reviewed exception is marked `# nosec` with its reason)
security-lint: python-deps
	@out=$$($(VENV)/bandit -r src -q --severity-level medium 2>&1); rc=$$?; \
	  echo "$$out" | grep -v "nosec encountered" || true; exit $$rc

# known vulnerabilities with a fix (pip-audit over uv.lock, npm audit over the shipped packages); NOT CHECKED where
# the advisory databases cannot be reached, a failure then too with REQUIRE=1
supply-chain-audit: python-deps node-deps
	$(VENV)/python scripts/supply_chain_audit.py $(if $(REQUIRE),--require,)

migrations-check: python-deps
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=workforce_hub.config.settings.test $(MANAGE) makemigrations --check --dry-run

# forward, back to nothing and forward again on a scratch SQLite database (CI also runs it on PostgreSQL, with the
# migration linter): about a minute, so not part of `make test`
migrations-round-trip: python-deps
	$(VENV)/python scripts/check_migrations.py

# Build deploy/Containerfile and run the release step, a web process and a worker from it (PostgreSQL at
# SMOKE_PG_URL; podman, buildah). CONTAINER_STANDIN=1 builds on a stand-in for the official base images where no
# container registry can be reached, as on the CI machines (scripts/container_standin_base.sh).
container-smoke: python-deps
	@if [ "$(CONTAINER_STANDIN)" = 1 ]; then base=$$(scripts/container_standin_base.sh); \
	  PYTHON_IMAGE=$$base NODE_IMAGE=$$base scripts/container_smoke.sh; else scripts/container_smoke.sh; fi

pytest: install
	$(VENV)/pytest -n auto -q

test: lint types contracts security-lint migrations-check pytest

smoke: install
	$(VENV)/python scripts/production_smoke.py

bench: install
	$(VENV)/python benchmarks/rotations.py
	$(VENV)/python benchmarks/rotations.py --connected
	$(VENV)/python benchmarks/needs_analysis.py
	$(VENV)/python benchmarks/monitoring.py
	$(VENV)/python benchmarks/passport.py
	$(VENV)/python benchmarks/web.py --size ics --servers gunicorn

clean:
	rm -rf .venv node_modules static_build var .pytest_cache .mypy_cache .ruff_cache
