# bantin: `make build`, `make serve`, `make edit`, `make check`, `make lint`, `make test`, `make bench`.
# Everything runs from .venv, created on first use from the pinned requirements.
# `make build ENGINE=properdocs` / `ENGINE=plain` (and `make serve`) build with another engine, each in a venv
# of its own (.venv-properdocs, .venv-plain): the same site, byte for byte (tests/test_engines.py).
export NO_MKDOCS_2_WARNING = 1
export PYTHONPATH := $(CURDIR)/hooks
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENGINE ?= mkdocs
ENGINES := mkdocs properdocs plain
ifeq ($(filter $(ENGINE),$(ENGINES)),)
$(error ENGINE=$(ENGINE): chỉ có mkdocs (mặc định), properdocs, plain)
endif
SITE_VENV := $(if $(filter mkdocs,$(ENGINE)),$(VENV),.venv-$(ENGINE))
# Not the default pair: mkdocs.yml's theme is the engine's own machinery with overrides/, no Material
# (Material requires the `mkdocs` package, which .venv-properdocs does not have).
ENGINE_ENV := $(if $(filter mkdocs,$(ENGINE)),,BANTIN_THEME=null)
ENGINE_COMMAND := $(SITE_VENV)/bin/$(if $(filter properdocs,$(ENGINE)),properdocs,mkdocs)

.PHONY: build serve edit check lint test snapshots bench bench-deps clean system-deps vnu visits

build: $(SITE_VENV)/.site-deps
	$(ENGINE_ENV) $(SITE_VENV)/bin/python hooks/bantin_build.py

# The preview on http://127.0.0.1:$(PORT)/ (`make serve PORT=8001` when 8000 is taken).
PORT ?= 8000
serve: $(SITE_VENV)/.site-deps
	@$(ENGINE_ENV) $(SITE_VENV)/bin/python hooks/bantin_serve.py $(PORT)

# The editors' web page ("Quản trị nội dung") on http://127.0.0.1:$(PORT)/ only; `make edit PORT=8002`.
# `make edit MODE=server`: on the office's server behind nginx, with accounts (deploy/bantin-edit.*, README).
PORT ?= 8001
MODE ?= local
ifneq ($(filter edit,$(MAKECMDGOALS)),)
ifeq ($(filter $(MODE),local server),)
$(error MODE=$(MODE): chỉ có local (mặc định, trên máy này) và server (trên máy chủ, sau nginx))
endif
endif
edit: $(VENV)/.edit-deps
	$(BIN)/python -m bantin.edit --mode $(MODE) --port $(PORT)

check: $(VENV)/.site-deps
	$(BIN)/python -m bantin check data

# ruff (style, imports, likely bugs) and mypy (types) over the code: pyproject.toml says what; `make test` runs it first.
lint: $(VENV)/.test-deps $(VENV)/.edit-deps
	$(BIN)/ruff check
	$(BIN)/mypy

test: lint $(VENV)/.test-deps $(VENV)/.edit-deps .venv-properdocs/.site-deps .venv-plain/.site-deps system-deps vnu
	$(BIN)/python -m pytest

# Rewrites the manifests of the built sites tests/test_snapshot.py compares with (tests/projects/snapshots/), after a
# change meant to change the site's output: commit them, their diff shows which files changed.
snapshots: $(VENV)/.test-deps
	UPDATE_SNAPSHOTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_snapshot.py

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
	rm -rf site $(VENV) .venv-properdocs .venv-plain .cache/anh

.PRECIOUS: %/bin/python
%/bin/python:
	$(PYTHON) -m venv $* || { apt-get install -y python3-venv && $(PYTHON) -m venv $*; }
	$*/bin/python -m pip install --quiet --upgrade pip

$(VENV)/.site-deps: requirements.txt requirements-common.txt $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# The other engines' venvs share nothing with .venv: each installs its engine and the common pins only.
.venv-%/.site-deps: requirements-%.txt requirements-common.txt .venv-%/bin/python
	.venv-$*/bin/pip install --quiet -r requirements-$*.txt
	touch $@

$(VENV)/.edit-deps: requirements-edit.txt $(VENV)/.site-deps
	$(BIN)/pip install --quiet -r requirements-edit.txt
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
