# The two commands of the README: `make run` serves the demo town, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint bench messages backup restore

# Debian ships `python3 -m venv` apart (python3.11-venv); without it venv fails, yet leaves a .venv
# without pip behind. So a .venv whose pip does not answer is made again; as root, the package is
# installed first, otherwise one line says how.
VENV_PACKAGE = $(notdir $(realpath $(PYTHON)))-venv

$(BIN)/.installed: requirements.txt
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV) || { \
			rm -rf $(VENV); \
			[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
			echo "Installing $(VENV_PACKAGE), which python3 -m venv needs" && \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(VENV_PACKAGE) || \
				{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(VENV_PACKAGE); }; } && \
			$(PYTHON) -m venv $(VENV); \
		} || { rm -rf $(VENV); echo "Cannot create a virtualenv: run  sudo apt-get install $(VENV_PACKAGE)  then make again"; exit 1; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --site-domain 127.0.0.1:$(PORT)
	@# The periodic jobs (reminders, automatic cancellations, retries) run beside the server, in-process:
	@# there is no broker for Celery beat here. Stopping the server stops them.
	$(BIN)/python manage.py run_periodic & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# axe-core, which the browser tests inject into every page they check, pinned by tests/browser's
# package-lock.json and installed from the npm registry. Without npm the browser tests say how.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "npm is missing (apt-get install npm): the browser tests need axe-core"; fi

test: $(BIN)/.installed $(AXE)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .

bench: $(BIN)/.installed
	@# The storefront benchmark's load generator and clients (Debian's packages), installed when missing.
	@command -v wrk >/dev/null && command -v psql >/dev/null && command -v redis-cli >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client redis-tools >/dev/null)
	$(BIN)/python -m bench

# Rebuild the French catalogue after changing translatable strings (needs GNU gettext).
messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

# PostgreSQL's database (DATABASE_URL) and the pictures (MEDIA_ROOT) into one archive under backups/;
# `make restore ARCHIVE=backups/….tar` puts one back into an empty database (README, "Backups").
backup: $(BIN)/.installed
	$(BIN)/python scripts/backup.py backup

restore: $(BIN)/.installed
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backups/<name>.tar"; exit 1; }
	$(BIN)/python scripts/backup.py restore "$(ARCHIVE)"
