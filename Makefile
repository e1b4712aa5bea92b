# The two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_READY := $(VENV)/.installed
NODE_READY := node_modules/.package-lock.json
HOST ?= 127.0.0.1:8000
# `make validate STRICT_WARNINGS=1` (also diff, publish): warnings about the data become errors.
STRICT := $(if $(STRICT_WARNINGS),--strict-warnings)
# The site engine: mkdocs (MkDocs + Material) or zensical (README, "Site engines").
ENGINE ?= mkdocs
# The data folder: POLICY_DATA=/tmp/bad make validate checks /tmp/bad, as make build, serve,
# diff and publish read it (the site hook, hooks/policy_site.py, reads the same variable).
POLICY_DATA ?= data
# mkdocs-material announces MkDocs 2.0 on every build; DESIGN.md already plans for it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test lock clean wheels publish diff rollback

setup: $(PYTHON_READY) $(NODE_READY)

$(PYTHON_READY): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

validate: $(PYTHON_READY)
	$(PY) -m calculators validate --data "$(POLICY_DATA)" $(STRICT)

# Generate with ENGINE into a fresh folder, finish it (runtime, schemas, CSP), and swap it in only
# when both passed, so a failed build leaves the previous site/ exactly as it was.
build: setup wheels
	$(PY) -m sitegen.build --engine $(ENGINE) site

serve: setup wheels
	$(PY) -m sitegen.serve --engine $(ENGINE) --dev-addr $(HOST)

# The wheels the browser loads: the calculators (pure Python, built from a clean copy so a
# module deleted from calculators/ cannot linger) and tzdata for zoneinfo.
wheels: $(PYTHON_READY)
	rm -f dist/premium_support_calculators-*.whl
	$(PY) -m webruntime wheel dist
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-browser.lock -d dist/

# Support staff's workflow (README, "Updating the policy"). PUBLISH_DIR=... publishes elsewhere.
publish: setup wheels
	$(PY) -m publishing publish --data "$(POLICY_DATA)" $(STRICT)

diff: setup
	$(PY) -m publishing diff --data "$(POLICY_DATA)" $(STRICT)

rollback: $(PYTHON_READY)
	$(PY) -m publishing rollback

test: setup wheels
	bash scripts/ensure-chromium
	$(PY) -m pytest

lock:
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

clean:
	rm -rf site .site-build $(VENV) node_modules
