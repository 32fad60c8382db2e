# One front door: `make run` serves the service with demonstration data, `make test` tests it.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := .make
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format worker beat bench install install-dev assets migrate demo check-deploy serve-prod bench-faults clean

run: install assets migrate demo ## Install everything, load demonstration data and serve on :8000
	@$(PY) manage.py ensure_admin --address $(HOST):$(PORT)
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DJANGO_LOCAL_PREVIEW=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev assets ## Run the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install ## A Celery worker against REDIS_URL
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker."; exit 1; }
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=$${CELERY_CONCURRENCY:-2}

beat: install ## The Celery beat scheduler (one per deployment)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL to run the scheduler."; exit 1; }
	$(BIN)/celery -A config beat --loglevel=INFO --schedule=$${CELERY_BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}

BENCHMARKS := engine_pure import_nof recompute_db load_pages load_publication_day
FAULT_BENCHMARKS := two_web_two_workers postgres_restart

bench: install-dev assets ## Benchmarks that print figures (timings, throughput, memory)
	@for name in $(BENCHMARKS); do echo "== bench/$$name.py"; $(PY) bench/$$name.py || exit 1; done

bench-faults: install-dev assets ## Multi-process layout and PostgreSQL restart (disturbs local services)
	@for name in $(FAULT_BENCHMARKS); do echo "== bench/$$name.py"; $(PY) bench/$$name.py || exit 1; done

serve-prod: install assets ## gunicorn with production settings against DATABASE_URL and REDIS_URL
	@test -n "$$DATABASE_URL" && test -n "$$REDIS_URL" && test -n "$$DJANGO_SECRET_KEY" || { \
	  echo "Set DATABASE_URL, REDIS_URL and DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS)."; exit 1; }
	DJANGO_DEBUG=false $(PY) manage.py check --deploy
	DJANGO_DEBUG=false $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=false $(BIN)/gunicorn config.wsgi --workers $${WEB_CONCURRENCY:-4} \
	  --bind $${BIND:-127.0.0.1:8000} --access-logfile - --max-requests 5000 --max-requests-jitter 500

check-deploy: install ## Django's deployment checklist with production-like variables
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-example.org} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	$(PY) manage.py check --deploy --fail-level WARNING

install: $(STAMP)/requirements
install-dev: $(STAMP)/requirements-dev

$(STAMP)/venv:
	@mkdir -p $(STAMP)
	@PYTHON_BIN=$$(scripts/find-python) && echo "Using $$PYTHON_BIN" && $$PYTHON_BIN -m venv $(VENV)
	@touch $@

$(STAMP)/requirements: requirements.txt $(STAMP)/venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(STAMP)/requirements-dev: requirements.txt requirements-dev.txt $(STAMP)/venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(STAMP)/requirements

assets: $(STAMP)/assets ## Front-end packages (nhsuk-frontend, Dart Sass) and the compiled CSS

$(STAMP)/assets: package.json package-lock.json $(wildcard assets/scss/*.scss)
	@command -v npm >/dev/null || { echo "npm (Node.js 20+) is needed to build the NHS.UK styles."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@mkdir -p $(STAMP) && touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install ## Demonstration data (or NHS England's files from NOF_DATA_DIR) if the database is empty
	DJANGO_DEMO=true $(PY) manage.py seed_demo

clean:
	rm -rf $(STAMP) $(VENV) node_modules static_build staticfiles
