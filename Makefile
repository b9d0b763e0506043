# Two commands: `make run` (the portal with demo data) and `make test` (the whole suite).
# Both use embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL point at real ones.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUILD := static/build

.PHONY: run test install assets lint format check-tools clean

run: install assets
	$(PY) -m safeguarding.devstack run

test: install assets
	$(PY) -m safeguarding.devstack test $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-tools:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 or newer is needed: apt-get install python3 python3-venv"; exit 1; }
	@command -v node >/dev/null || { echo "Node.js is needed to build the front end: apt-get install nodejs npm"; exit 1; }
	@command -v npm >/dev/null || { echo "npm is needed to build the front end: apt-get install npm"; exit 1; }

install: check-tools $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=25.1"
	$(PY) -m pip install --quiet --group dev
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: install $(BUILD)/app.css

$(BUILD)/app.css: static/src/app.scss node_modules/.installed
	mkdir -p $(BUILD)/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map $(BUILD)/
	cp -R node_modules/govuk-frontend/dist/govuk/assets $(BUILD)/govuk/
	npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps static/src/app.scss $@

clean:
	rm -rf $(BUILD) staticfiles
