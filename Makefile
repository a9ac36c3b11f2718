# nashir — the two commands: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= $(shell $(PYTHON) -c "import os; print(max(2, (os.cpu_count() or 1) * 2))")
DEV    := DJANGO_SETTINGS_MODULE=nashir.settings.dev

.PHONY: run test lint format install install-test browser demo lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-test.txt
	@touch $@

install: $(VENV)/.runtime
install-test: $(VENV)/.test browser

browser: $(VENV)/.test
	@bin/install-browser

## make run — migrate, load the demo newsroom once, and serve with gunicorn on $(HOST):$(PORT)
run: install
	@mkdir -p var
	$(DEV) $(BIN)/python manage.py migrate --noinput -v0
	@if [ ! -f var/.demo-loaded ]; then $(DEV) $(BIN)/python manage.py load_demo && touch var/.demo-loaded; fi
	$(DEV) $(BIN)/python manage.py collectstatic --noinput -v0
	@$(DEV) NASHIR_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py ensure_admin
	@echo "nashir is serving http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(DEV) $(BIN)/gunicorn nashir.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --error-logfile - --log-level warning

demo: install
	$(DEV) $(BIN)/python manage.py load_demo

## make test — install what the tests need (the browser too) and run the whole suite
test: install-test
	$(BIN)/python manage.py check --settings=nashir.settings.test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=nashir.settings.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make lock — re-pin every dependency after changing pyproject.toml
lock: $(BIN)/python
	bin/lock-requirements

clean:
	rm -rf $(VENV) var
