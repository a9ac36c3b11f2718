# nashir — the two commands: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
WORKERS ?= $(shell $(PYTHON) -c "import os; print(max(2, (os.cpu_count() or 1) * 2))")
THREADS ?= 4
# The public address of the site: links in e-mails and the admin, rendering ahead. Set it when a
# proxy or another name is in front (NASHIR_BASE_URL=https://news.example.org make run).
NASHIR_BASE_URL ?= http://$(HOST):$(PORT)
DEV    := DJANGO_SETTINGS_MODULE=nashir.settings.dev NASHIR_BASE_URL=$(NASHIR_BASE_URL)


.PHONY: run test test-fuzz test-postgres lint format install install-test system-packages demo lock clean

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
install-test: $(VENV)/.test system-packages

system-packages: $(VENV)/.test
	@bin/install-test-packages

## make run — migrate, load the demo newsroom once, and serve with gunicorn on $(HOST):$(PORT).
## Static files first: pages rendered while the demo loads need them. The admin login is printed last.
run: install
	@mkdir -p var
	$(DEV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEV) $(BIN)/python manage.py collectstatic --noinput -v0
	@if [ ! -f var/.demo-loaded ]; then $(DEV) $(BIN)/python manage.py load_demo && touch var/.demo-loaded; fi
	@echo "nashir is serving $(NASHIR_BASE_URL)/  (Ctrl-C stops it)"
	@$(DEV) $(BIN)/python manage.py ensure_admin
	@$(DEV) HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) THREADS=$(THREADS) $(BIN)/gunicorn -c deploy/gunicorn.conf.py nashir.wsgi

demo: install
	$(DEV) $(BIN)/python manage.py load_demo

# The suite runs in TEST_WORKERS processes (pytest-xdist), each test file whole in one of them
# (a module's demo newsroom or loopback servers are made once). TEST_WORKERS=0: one process.
# The browser tests run in one process: the CSP test's serialized rollback needs pytest-django's
# order (transactional tests first), which two processes did not keep (tried in wave 2 session 8:
# on PostgreSQL it ran after a demo newsroom's module in the same process and failed).
TEST_WORKERS ?= 2
PARALLEL = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

## make test — install what the tests need (the browser too) and run the whole suite
test: install-test
	@mkdir -p var
	$(BIN)/python manage.py check --settings=nashir.settings.test
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=nashir.settings.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -m "not browser" $(PARALLEL) $(PYTEST_ARGS)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

## make test-fuzz — the hostile-requests test with 1,000 random combinations (make test sends 40)
test-fuzz: install-test
	NASHIR_FUZZ_EXAMPLES=$${EXAMPLES:-1000} $(BIN)/pytest -q nashir/ops/tests/test_fuzz.py $(PYTEST_ARGS)

## make test-postgres — the whole suite on PostgreSQL + Redis (started on loopback by bin/services);
## Redis databases 12 and 13, one per test process (the Varnish test uses 14)
test-postgres: install-test
	eval "$$(bin/services start)" && REDIS_URL=redis://127.0.0.1:6379/12 $(MAKE) test

## make bench — a site with ARTICLES synthetic articles (default 20000) served uncached, from the
## embedded page cache and through nginx (deploy/nginx.conf, when installed), against the static-file
## ceiling; compares with a COMPARE-article site (default 1000). wrk is used when installed.
.PHONY: bench
ARTICLES ?= 20000
COMPARE ?= 1000
DURATION ?= 10
bench: install
	@command -v wrk >/dev/null 2>&1 || echo "(wrk not found: using a slower Python load generator; apt-get install wrk)"
	$(BIN)/python -W ignore bench/site_bench.py --articles $(ARTICLES) --compare $(COMPARE) --duration $(DURATION)

## make bench-import — generate a WordPress export (POSTS=10000) and time its import into a fresh
## database, then a second (no-change) run: posts/s, wall, CPU, peak memory. The engine comes from
## DATABASE_URL (PostgreSQL: a <name>_bench_import database beside it); ENGINE=both runs both.
.PHONY: bench-import
POSTS ?= 10000
bench-import: install
	$(BIN)/python -W ignore bench/import_bench.py --posts $(POSTS) $(if $(ENGINE),--engine $(ENGINE)) \
		$(if $(PARAGRAPHS),--paragraphs $(PARAGRAPHS))

## make bench-search — N synthetic Arabic articles (default 100000): index build time, p50/p95 of searches
.PHONY: bench-search bench-search-quality
N ?= 100000
bench-search: install
	$(BIN)/python -W ignore bench/search_bench.py --articles $(N)

## make bench-search-quality — success@1, success@10 and MRR per kind of query on a generated 2,000-story
## archive (nashir/search/tests/archive.py), beside the figures before issue #16; SQLite, and PostgreSQL
## as well when DATABASE_URL is one (ENGINE=sqlite|postgres|both to choose). Then the small spelling set.
bench-search-quality: $(VENV)/.test
	$(BIN)/python -W ignore bench/search_quality.py $(if $(ENGINE),--engine $(ENGINE),)
	$(BIN)/pytest -q nashir/search/tests/test_quality.py -k precision

## make bench-metrics — what /metrics/ costs: django-prometheus's middleware per request and one scrape
.PHONY: bench-metrics
bench-metrics: install
	$(BIN)/python -W ignore bench/metrics_bench.py

## make bench-comments — 200 comments posted at once through gunicorn (4 workers): none lost, none doubled
.PHONY: bench-comments
bench-comments: install
	$(BIN)/python -W ignore bench/comments_concurrency.py --workers 4 --port $(or $(BENCH_PORT),8101)

## make bench-related — cost of one article's related list at each of SIZES articles (must stay flat),
## and of rebuilding every list one article at a time vs in bulk (compute_related --all)
.PHONY: bench-related bench-related-quality
SIZES ?= 10000,100000
bench-related: install
	$(BIN)/python -W ignore bench/related_bench.py --sizes $(SIZES)

## make bench-related-quality — precision@4 of related lists on the labelled set, beside tag-only ranking
bench-related-quality: $(VENV)/.test
	$(BIN)/pytest -q -s nashir/related/tests/test_quality.py

## make bench-live — READERS (1000) readers polling a live page every POLL (10) s through nginx while an
## entry is posted every 5 s for DURATION (120) s: req/s, polls that reached gunicorn, p50/p99 delay
.PHONY: bench-live
bench-live: $(VENV)/.test
	$(BIN)/python -W ignore bench/live_bench.py --readers $(or $(READERS),1000) --poll $(or $(POLL),10) \
		--duration $(or $(DURATION),120)

## make faults — docs/deploy.md's layout on loopback (its own PostgreSQL and Redis on ports 12301-12302,
## nginx on 12300, 2 gunicorn, db_worker, the chores timer) under 20 readers and 3 commenters while Redis
## is stopped, then frozen, PostgreSQL stopped, the worker and an app server killed, SECONDS (30) each:
## statuses and comments tried/stored/refused/lost per scenario. Not part of `make test`; ONLY=pg-stop,…
.PHONY: faults
faults: install
	$(BIN)/python -W ignore bench/faults.py --seconds $(or $(SECONDS),30) $(if $(ONLY),--only $(ONLY)) \
		$(if $(FAULTS_PORT),--port $(FAULTS_PORT))

## make messages — compile nashir's Arabic catalogue (nashir/locale) after editing a .po file
.PHONY: messages
messages:
	cd nashir/locale/ar/LC_MESSAGES && for po in *.po; do msgfmt --check -o "$${po%.po}.mo" "$$po"; done

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
