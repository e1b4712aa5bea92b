# The two commands a newcomer needs: `make serve` and `make test`. Everything else is a step of them.
SHELL := /bin/bash
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_READY := $(VENV)/.installed
NODE_READY := node_modules/.package-lock.json
# What staff may set, on the command line or in the environment:
#   POLICY_DATA      the data folder (default: data): POLICY_DATA=/tmp/bad make validate checks
#                    /tmp/bad, as make build, serve, diff and publish read it (so does the site
#                    hook, hooks/policy_site.py)
#   PUBLISH_DIR      the published folder of publish, diff and rollback (default: public)
#   ENGINE           the site engine of build and serve: mkdocs (the default: MkDocs + Material)
#                    or zensical (README, "Site engines")
#   HOST             where make serve listens (default: 127.0.0.1:8000)
#   STRICT_WARNINGS  any value (make validate STRICT_WARNINGS=1; also diff, publish): warnings
#                    about the data become errors
#   FORMAT           how validate and diff write: plain (the default); validate: github (one
#                    workflow command per problem, shown on its line in a pull request); diff:
#                    markdown (the job summary of a pull request)
#   BASE_DATA        diff: compare with this data folder (a pull request's base) instead of the
#                    published site
# Each reaches the program exactly as typed, whatever it holds (a backtick, "$(...)", a quote):
# it is taken unexpanded ($(value ...): make does not expand a "$(...)" in it either), exported,
# and read from the environment by policydata/recipes.py, which starts the program without a
# shell and gives it the defaults above. No recipe writes one of them into a shell command.
USER_VARIABLES := POLICY_DATA PUBLISH_DIR ENGINE HOST STRICT_WARNINGS FORMAT BASE_DATA
override POLICY_DATA := $(value POLICY_DATA)
override PUBLISH_DIR := $(value PUBLISH_DIR)
override ENGINE := $(value ENGINE)
override HOST := $(value HOST)
override STRICT_WARNINGS := $(value STRICT_WARNINGS)
override FORMAT := $(value FORMAT)
override BASE_DATA := $(value BASE_DATA)
export $(USER_VARIABLES)
RECIPE := $(PY) -m policydata.recipes
# mkdocs-material announces MkDocs 2.0 on every build; DESIGN.md already plans for it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test lock clean wheels publish diff rollback horizon

setup: $(PYTHON_READY) $(NODE_READY)

$(PYTHON_READY): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

validate: $(PYTHON_READY)
	$(RECIPE) validate

# Generate with ENGINE into a fresh folder, finish it (runtime, schemas, CSP), and swap it in only
# when both passed, so a failed build leaves the previous site/ exactly as it was.
build: setup wheels
	$(RECIPE) build

serve: setup wheels
	$(RECIPE) serve

# The wheels the browser loads: the calculators (pure Python, built from a clean copy so a
# module deleted from calculators/ cannot linger) and tzdata for zoneinfo.
# Silent (@, and the wheel's name unprinted): `make publish` runs it first, and none of it is news
# to staff; an error still prints on stderr and stops make.
wheels: $(PYTHON_READY)
	@rm -f dist/premium_support_calculators-*.whl
	@$(PY) -m webruntime wheel dist >/dev/null
	@$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-browser.lock -d dist/

# Support staff's workflow (README, "Updating the policy"). PUBLISH_DIR=... publishes elsewhere.
# Silent like wheels: what staff read starts with the program's own first line.
publish: setup wheels
	@$(RECIPE) publish

# Silent: its output may be a pull request's job summary (FORMAT=markdown), which holds only it.
diff: setup
	@$(RECIPE) diff

rollback: $(PYTHON_READY)
	@$(RECIPE) rollback

# The weekly rebuild's guard: fails while the holiday years end within the build's reach.
horizon: $(PYTHON_READY)
	$(RECIPE) horizon

test: setup wheels
	bash scripts/ensure-chromium
	$(PY) -m pytest

lock:
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.lock requirements.in

clean:
	rm -rf site .site-build $(VENV) node_modules
