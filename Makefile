# Province & Comuni: `make start` serves the site, `make test` runs the whole suite.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/.installed
PC_HOST ?= 127.0.0.1
PC_PORT ?= 8080
PC_SITE_ID ?= Plone
PC_INSTANCE_HOME ?= instance
ETC := $(PC_INSTANCE_HOME)/etc
export PC_HOST PC_PORT PC_SITE_ID PC_INSTANCE_HOME

.PHONY: help
help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(STAMP): setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt pip setuptools wheel
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test,dev]"
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the product with its pinned dependencies

# axe-core (npm) for the accessibility checks of the browser tests.
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	touch $(AXE)

.PHONY: instance
instance: $(STAMP) ## Write instance/etc/ from the templates and the PC_* variables
	$(BIN)/python scripts/write_instance_config.py

.PHONY: create-site
create-site: instance ## Create the Plone site if it does not exist (never touches an existing one)
	$(BIN)/zconsole run $(ETC)/zope.conf scripts/create_site.py

.PHONY: demo
demo: create-site ## Add the sample documents of the demo profile to the site
	$(BIN)/zconsole run $(ETC)/zope.conf scripts/install_demo.py

.PHONY: start
start: create-site ## Install if needed, create the site if needed, and serve it
	@echo ""
	@echo "Province & Comuni: http://$(PC_HOST):$(PC_PORT)/$(PC_SITE_ID)"
	@echo "Log in as '$${PC_ADMIN_USER:-admin}' with PC_ADMIN_PASSWORD (default 'admin'). Stop with Ctrl+C."
	@echo ""
	$(BIN)/runwsgi $(ETC)/zope.ini

.PHONY: test
test: $(STAMP) $(AXE) ## Run the whole test suite (unit, integration, functional, browser)
	@command -v chromedriver >/dev/null || { echo "The browser tests need Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver"; exit 1; }
	$(BIN)/pytest

.PHONY: test-coverage
test-coverage: $(STAMP) $(AXE) ## Run the test suite with a coverage report
	$(BIN)/coverage run -m pytest && $(BIN)/coverage report

.PHONY: bench
bench: $(STAMP) ## Benchmark against stock Plone on this machine, as ratios (bench/README.md; not in make test)
	bash bench/run.sh

.PHONY: bench-sit
bench-sit: $(STAMP) ## Digital agenda at scale: 2.8M values, @benchmark and @measurements timed (bench/README.md)
	bash bench/sit_run.sh
.PHONY: fixity
fixity: instance ## Records archive: recompute every record's SHA-256 and report mismatches
	$(BIN)/zconsole run $(ETC)/zope.conf scripts/records_fixity.py --site $(PC_SITE_ID)

.PHONY: bench-records
bench-records: $(STAMP) ## Records archive benchmark: 1,000 registrations, fixity and deposit package over 1 GB
	bash bench/records_bench.sh
.PHONY: bench-funding
bench-funding: $(STAMP) ## Import 5,000 funding calls and time the catalogue and @search (not in make test)
	bash bench/funding.sh
.PHONY: bench-practices
bench-practices: $(STAMP) ## Benchmark the good-practice catalogue with 2,000 practices (bench/practices.py)
	bash bench/practices.sh

.PHONY: lint
lint: $(STAMP) ## Check code style: ruff (with security rules) and zpretty
	$(BIN)/ruff check src tests scripts bench setup.py profiles
	$(BIN)/ruff format --check src tests scripts bench setup.py profiles
	find src profiles -name '*.zcml' -o -name '*.xml' -o -name '*.pt' | grep -v node_modules | xargs $(BIN)/zpretty --check

.PHONY: format
format: $(STAMP) ## Format code: ruff and zpretty
	$(BIN)/ruff check --fix src tests scripts bench setup.py profiles
	$(BIN)/ruff format src tests scripts bench setup.py profiles
	find src profiles -name '*.zcml' -o -name '*.xml' -o -name '*.pt' | xargs $(BIN)/zpretty -i

.PHONY: i18n
i18n: $(STAMP) ## Refresh the translation catalogs (provincecomuni.pot and the it/en .po files)
	bash scripts/update_locales.sh

.PHONY: constraints
constraints: ## Re-resolve and rewrite constraints.txt (then review the diff and run make test)
	bash scripts/refresh_constraints.sh

.PHONY: buildout-versions
buildout-versions: ## Regenerate versions.cfg for buildout from constraints.txt
	$(PYTHON) scripts/constraints_to_versions.py constraints.txt > versions.cfg

.PHONY: clean
clean: ## Remove the virtualenv and build files (keeps instance/var, the data)
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache

.PHONY: bench-onboarding
bench-onboarding: create-site ## Time the CSV import and the notifications on the dev site (changes nothing)
	$(BIN)/zconsole run $(ETC)/zope.conf bench/onboarding.py

.PHONY: bench-ocds
bench-ocds: $(STAMP) ## Time @ocds (a dossier with 200 documents) and @ocds-releases over 1,000 dossiers (bench/ocds.py)
	bash bench/ocds.sh

.PHONY: bench-documents
bench-documents: $(STAMP) ## SUA documents: render time of each generated document, publication package of 200 files (400 MB)
	bash bench/documents_bench.sh

.PHONY: bench-sua
bench-sua: $(STAMP) ## SUA dashboard: 10,000 dossiers, dossier page, @ocds, listing, @search vs stock Plone (not in make test)
	bash bench/sua.sh
