# Ratusha: the two commands are `make run` and `make test`; everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
INSTANCE := instance
VAR := $(INSTANCE)/var
PYTEST_ARGS ?=

export zope_i18n_compile_mo_files := true

.PHONY: help install install-test instance site run start stop test test-wheel lint clean reset i18n bench fuzz pins audit-verify audit-anchor

help:
	@echo "make run     install, create the site with demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test    install test dependencies and run the whole suite"
	@echo "make test-wheel   build sdist and wheel, install the wheel alone in a fresh venv, smoke-test a site"
	@echo "make start / stop   serve in the background / stop it"
	@echo "make clean   remove the virtualenv and generated config (keeps instance/var data)"
	@echo "make reset   drop instance/var (all site data) after a confirmation"
	@echo "make lint    ruff lint and format check through pre-commit (CI runs it)"
	@echo "make i18n    rebuild the ratusha.pot and sync the bg/en catalogues"
	@echo "make pins    rewrite buildout's [versions] from constraints.txt"
	@echo "make audit-verify [ANCHOR=file]   check the audit trail's hash chain"
	@echo "make backup [FULL=1]   a backup set while serving (BACKUP_DIR, BACKUP_KEYS_DIR, BACKUP_KEEP; docs/operations.md)"
	@echo "make restore [SET=id FORCE=1 VOID_AHEAD=n]   put a backup set back (the site stopped)"
	@echo "make backup-cluster / restore-cluster   the same for make run-cluster (one pg_dump)"
	@echo "make guide   the user guide's screenshots (docs/guide/img) from the demo site in Chromium"
	@echo "make fuzz    the fuzz harness, long run (HYPOTHESIS_PROFILE=long; CI runs a short one)"
	@echo "make bench [QUICK=1]   benchmarks with floors measured in the same run (report in instance/var/bench)"
	@echo "make run-cluster [CLUSTER_INSTANCES=2 CLUSTER_PORT=8090] / stop-cluster   PostgreSQL, Zope on RelStorage, HAProxy"
	@echo "make test-cluster   the concurrency tests against a cluster started for them"
	@echo "make test-buildout  the buildout route of docs/install.md end to end, in a temporary copy"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install -q -c constraints.txt pip setuptools wheel
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

# axe-core for the accessibility tests, the exact version in tests/browser/package-lock.json
tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error

install-test: $(VENV)/.installed-test tests/browser/node_modules/.package-lock.json

instance: install
	$(BIN)/ratusha-instance --instance $(INSTANCE) --host $(HOST) --port $(PORT)

site: instance
	$(BIN)/ratusha-site --config $(INSTANCE)/etc/zope.conf

run: site
	@echo "Serving Ratusha on http://$(HOST):$(PORT)/ratusha (Ctrl+C to stop)"
	@echo $$$$ > $(VAR)/ratusha.pid; exec $(BIN)/runwsgi $(INSTANCE)/etc/zope.ini

start: site
	@mkdir -p $(VAR)/log
	@nohup $(BIN)/runwsgi $(INSTANCE)/etc/zope.ini >> $(VAR)/log/console.log 2>&1 & echo $$! > $(VAR)/ratusha.pid
	@for i in $$(seq 1 60); do curl -fs -o /dev/null http://$(HOST):$(PORT)/ && break; sleep 0.5; done
	@echo "Ratusha is serving on http://$(HOST):$(PORT)/ratusha (pid $$(cat $(VAR)/ratusha.pid)); make stop to stop it"

stop:
	@if [ -f $(VAR)/ratusha.pid ]; then kill $$(cat $(VAR)/ratusha.pid) 2>/dev/null || true; rm -f $(VAR)/ratusha.pid; echo stopped; else echo "not running"; fi

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Builds the sdist and the wheel, installs the wheel (not editable) into a fresh virtualenv
# from outside the checkout, serves a site made from it and smoke-tests it (tests/packaging).
test-wheel:
	WHEEL_PYTHON=$(PYTHON) $(PYTHON) tests/packaging/smoke_wheel.py

# ruff (lint and format) through the pre-commit hooks in .pre-commit-config.yaml, on every file
lint: install
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[lint]'
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

i18n: install-test
	$(BIN)/python -m ratusha.core.i18n_sync

fuzz: install-test
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/fuzz $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	$(BIN)/python tests/bench/run.py $(if $(QUICK),--quick) $(if $(PROFILE),--profile)

CLUSTER_INSTANCES ?= 2
CLUSTER_PORT ?= 8090
.PHONY: run-cluster stop-cluster cluster-status test-cluster

$(VENV)/.installed-cluster: $(VENV)/.installed
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[cluster]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-cluster
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[bench]'
	touch $@

run-cluster: $(VENV)/.installed-cluster
	$(BIN)/python -m ratusha.instance.cluster start --instances $(CLUSTER_INSTANCES) --port $(CLUSTER_PORT)

stop-cluster:
	$(BIN)/python -m ratusha.instance.cluster stop

cluster-status:
	$(BIN)/python -m ratusha.instance.cluster status

test-cluster: install-test $(VENV)/.installed-cluster
	RATUSHA_CLUSTER_TESTS=1 $(BIN)/python -m pytest -m cluster tests/bench tests/operations $(PYTEST_ARGS)

audit-verify: install
	RATUSHA_VAR=$${RATUSHA_VAR:-$(CURDIR)/$(VAR)} $(BIN)/ratusha-audit verify $(if $(ANCHOR),--anchor $(ANCHOR))

audit-anchor: install
	RATUSHA_VAR=$${RATUSHA_VAR:-$(CURDIR)/$(VAR)} $(BIN)/ratusha-audit anchor --out $(VAR)/audit-anchor.json

# Backups (docs/operations.md): data to BACKUP_DIR, secrets and keys to BACKUP_KEYS_DIR, both off
# this disk in production; BACKUP_KEEP full backups are kept with their increments.
BACKUP_DIR ?= $(CURDIR)/backups
BACKUP_KEYS_DIR ?= $(CURDIR)/backup-keys
BACKUP_KEEP ?= 4
BACKUP := $(BIN)/python -m ratusha.instance.backup
.PHONY: backup restore backup-list

backup: install
	$(BACKUP) backup --config $(INSTANCE)/etc/zope.conf --to $(BACKUP_DIR) --keys-to $(BACKUP_KEYS_DIR) --keep $(BACKUP_KEEP) $(if $(FULL),--full)

# the site must be stopped; FORCE=1 moves an existing instance/var aside first
restore: instance
	$(BACKUP) restore --config $(INSTANCE)/etc/zope.conf --from $(BACKUP_DIR) --keys-from $(BACKUP_KEYS_DIR) $(if $(SET),--set $(SET)) $(if $(FORCE),--force) $(if $(VOID_AHEAD),--void-ahead $(VOID_AHEAD))

backup-list: install
	$(BACKUP) list --from $(BACKUP_DIR)

# the cluster's one PostgreSQL database (ZODB on RelStorage and the SQL tables): one pg_dump;
# restore-cluster wants the Zope instances stopped (make stop-cluster, then make restore-cluster)
CLUSTER_DIR ?= $(VAR)/cluster
CLUSTER_PG_PORT ?= 54330
.PHONY: backup-cluster restore-cluster
backup-cluster: $(VENV)/.installed-cluster
	$(BACKUP) backup-cluster --dir $(CLUSTER_DIR) --pg-port $(CLUSTER_PG_PORT) --to $(BACKUP_DIR)/cluster --keys-to $(BACKUP_KEYS_DIR)/cluster --keep $(BACKUP_KEEP)

restore-cluster: $(VENV)/.installed-cluster
	$(BACKUP) restore-cluster --dir $(CLUSTER_DIR) --pg-port $(CLUSTER_PG_PORT) --from $(BACKUP_DIR)/cluster --keys-from $(BACKUP_KEYS_DIR)/cluster $(if $(SET),--set $(SET)) $(if $(VOID_AHEAD),--void-ahead $(VOID_AHEAD))

.PHONY: test-buildout
# the buildout route of docs/install.md end to end in a temporary copy (eggs cached between runs)
test-buildout: install-test
	$(BIN)/python tests/buildout/run_buildout.py

pins: install
	$(BIN)/python -m ratusha.instance.pins constraints.txt buildout.cfg

clean: stop
	rm -rf $(VENV) $(INSTANCE)/etc build dist src/*.egg-info
	find src tests -name __pycache__ -prune -exec rm -rf {} +

reset: stop
	@read -p "This deletes all site data in $(VAR). Type 'yes' to continue: " answer; \
	if [ "$$answer" = "yes" ]; then rm -rf $(VAR); echo "instance/var removed"; else echo "kept"; fi

.PHONY: guide
# the user guide's screenshots: a demo site on a free loopback port, each task of docs/guide walked
# in Chromium (bg and en), PNGs into docs/guide/img/<language>/ (tests/guide/guide_shots.py)
guide: install-test
	WSGI_SERVER_HOST=127.0.0.1 $(BIN)/python -m pytest tests/guide/guide_shots.py -q $(PYTEST_ARGS)
	@du -sh docs/guide/img
