# bantin: `make build`, `make serve`, `make check`, `make test`, `make bench`.
# Everything runs from .venv, created on first use from the pinned requirements.
export NO_MKDOCS_2_WARNING = 1
export PYTHONPATH := $(CURDIR)/hooks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve check test bench clean system-deps visits

build: $(VENV)/.site-deps
	$(BIN)/python hooks/bantin_build.py

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

check: $(VENV)/.site-deps
	$(BIN)/python -m bantin check data

test: $(VENV)/.test-deps system-deps
	$(BIN)/python -m pytest

bench: $(VENV)/.test-deps
	$(BIN)/python bench/build_time.py

clean:
	rm -rf site $(VENV)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-deps: requirements.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# Debian packages the browser and web-server tests need (CI runs as root).
SYSTEM_PACKAGES := chromium nginx
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Visit counter: `make visits LOGS="/var/log/nginx/access.log /var/log/nginx/access.log.1.gz"`
# (a cron job every few minutes keeps site/visits.json fresh between builds).
LOGS ?= /var/log/nginx/access.log
visits: $(VENV)/.site-deps
	$(BIN)/python -m bantin visits $(LOGS)
