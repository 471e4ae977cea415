# bantin: `make build`, `make serve`, `make check`, `make test`, `make bench`.
# Everything runs from .venv, created on first use from the pinned requirements.
export NO_MKDOCS_2_WARNING = 1
export PYTHONPATH := $(CURDIR)/hooks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve check test bench bench-deps clean system-deps vnu visits

build: $(VENV)/.site-deps
	$(BIN)/python hooks/bantin_build.py

serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload --dirty

check: $(VENV)/.site-deps
	$(BIN)/python -m bantin check data

test: $(VENV)/.test-deps system-deps vnu
	$(BIN)/python -m pytest

# Side by side in one run: plain MkDocs, bantin, Hugo (builds); preview latency; bantin's counter vs GoAccess.
# Quick run: `make bench BENCH_SIZES=500,1000 BENCH_LOG_LINES=200000` (see bench/run.py for all settings).
bench: $(VENV)/.test-deps bench-deps
	$(BIN)/python bench/run.py

# The peers `make bench` compares with (Debian's); a peer that cannot be installed is reported as missing.
BENCH_PACKAGES := hugo goaccess time
bench-deps:
	@missing=""; for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } \
	    || echo "bench-deps: could not install$$missing; the bench reports it as missing"; \
	fi

clean:
	rm -rf site $(VENV) .cache/anh

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-deps: requirements.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# Debian packages the browser, web-server and HTML-validity tests need (CI runs as root); npm too, unless
# the machine has one already (NodeSource's nodejs bundles npm and conflicts with Debian's npm package).
SYSTEM_PACKAGES := chromium nginx default-jre-headless
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The Nu HTML checker (npm's vnu-jar, run with Debian's Java) for tests/test_html_valid.py, in a git-ignored
# folder; the stamp names the version, so changing VNU_VERSION installs it again. --ignore-scripts: its
# postinstall would download a Java runtime from outside the registries; the tests use Debian's.
VNU_VERSION := 26.9.27
NPM_PREFIX := .cache/npm
vnu: $(NPM_PREFIX)/.vnu-jar-$(VNU_VERSION)

$(NPM_PREFIX)/.vnu-jar-$(VNU_VERSION): | system-deps
	npm install --prefix $(NPM_PREFIX) --ignore-scripts --no-audit --no-fund --no-package-lock --loglevel=error \
	  vnu-jar@$(VNU_VERSION)
	test -f $(NPM_PREFIX)/node_modules/vnu-jar/build/dist/vnu.jar
	touch $@

# Visit counter: `make visits LOGS="/var/log/nginx/access.log /var/log/nginx/access.log.1.gz"`
# (a cron job every few minutes keeps site/visits.json fresh between builds).
LOGS ?= /var/log/nginx/access.log
visits: $(VENV)/.site-deps
	$(BIN)/python -m bantin visits $(LOGS)
