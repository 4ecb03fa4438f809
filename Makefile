# teilhabe – the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test messages check lint types translations e2e-deps serve clean

run: install messages ## set up, load the demo districts and serve on http://127.0.0.1:8000
	@mkdir -p var/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "teilhabe läuft auf http://$(HOST):$(PORT)/ (Beenden mit Strg+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-test messages check e2e-deps ## install what the tests need, check and run the whole suite
	$(PY) -m pytest -n 2 --dist loadfile

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "teilhabe braucht Python 3.11 oder neuer (python3 --version).")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml requirements/constraints.txt
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: ## compile the translations (pure Python, no gettext needed)
	$(PY) scripts/compile_messages.py

check: lint types translations ## static checks that run before the tests
	$(PY) manage.py makemigrations --check --dry-run

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types:
	$(VENV)/bin/mypy src/teilhabe/*/services.py src/teilhabe/*/selectors.py src/teilhabe/monitoring/services src/teilhabe/monitoring/parsers src/teilhabe/concepts/exchange src/teilhabe/concepts/diff.py \
		src/teilhabe/council/parsing src/teilhabe/council/importing.py src/teilhabe/concepts/lineage.py src/teilhabe/concepts/actors.py \
		src/teilhabe/reception/apportionment.py src/teilhabe/reception/assignments.py src/teilhabe/reception/keys.py \
		src/teilhabe/core/traffic.py src/teilhabe/core/tokens.py src/teilhabe/core/amounts.py \
		src/teilhabe/tracking/budget.py src/teilhabe/tracking/surveys.py src/teilhabe/tracking/xlsx.py src/teilhabe/tracking/reports.py \
		src/teilhabe/participation/comments.py src/teilhabe/participation/proposals.py src/teilhabe/participation/questionnaires \
		src/teilhabe/api src/teilhabe/documents

translations:
	$(PY) scripts/check_translations.py

e2e-deps: ## Debian's chromium for the browser tests
	@bash scripts/ensure_chromium.sh

clean:
	rm -rf $(VENV) var
