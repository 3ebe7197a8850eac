# The README's two commands. Both do the whole set-up on a fresh machine: a virtualenv in
# .venv with hamopt installed (editable) and every extra the tests use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test test-lowest lint bench clean browser card fuzz sources studies

# constraints.txt pins every package at the version the tests and figures were made with.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dask,plot,serve,frames]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hamopt validate scenarios/quad_dominant_intermediate_full_gym.yaml
	$(BIN)/hamopt solve scenarios/quad_dominant_intermediate_full_gym.yaml

lint: $(STAMP)
	$(BIN)/ruff check hamopt tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# The HTML card's browser test drives Debian's chromium through Playwright (no browser
# download). CI runs as root on Debian and gets it installed here; elsewhere, without root,
# install it yourself or those tests skip.
browser:
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

# One pytest worker per core: most tests are one single-threaded solve each, so 2 cores run the
# suite in about 60 % of the serial time; worksteal keeps a long property test from leaving the
# other core idle at the end.
test: $(STAMP) lint browser
	$(BIN)/pytest -n auto --dist worksteal

# The suite against the lowest version of each dependency pyproject.toml allows (uv's
# lowest-direct resolution: our own requirements at their floor, theirs as pip would pick), in
# .venv-lowest, so a lower bound we declare is one the tests have passed on. Not part of
# `make test` (a second environment); run it when a bound or a dependency's API use changes.
LOWEST ?= .venv-lowest
test-lowest: browser
	$(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet uv
	$(LOWEST)/bin/uv pip install --quiet --python $(LOWEST)/bin/python \
	  --resolution lowest-direct -e '.[test,dask,plot,serve,frames]'
	$(LOWEST)/bin/pytest -n auto --dist worksteal

# docs/program-card.png: the HTML card of the demo scenario, screenshotted in chromium.
card: $(STAMP) browser
	$(BIN)/python docs/program_card.py

# Speed, scaling and quality figures (benchmarks/README.md): BENCH=--quick for a short run.
# Every benchmark writes to benchmarks/results-local/ (ignored by git); UPDATE=1 writes the
# committed benchmarks/results/ instead (benchmarks/results_dir.py).
BENCH ?=
UPDATE ?=
bench: $(STAMP)
	HAMOPT_BENCH_UPDATE=$(UPDATE) $(BIN)/python -m benchmarks.harness $(BENCH)

# The fuzz campaign (benchmarks/fuzz/): FUZZ_COUNT mutated inputs through every command, on
# FUZZ_JOBS processes; figures and each distinct failure in benchmarks/results-local/fuzz.json
# (UPDATE=1: benchmarks/results/fuzz.json).
# `make test` runs a short campaign (tests/fuzz/).
FUZZ_COUNT ?= 20000
FUZZ_JOBS ?= 2
fuzz: $(STAMP)
	HAMOPT_BENCH_UPDATE=$(UPDATE) $(BIN)/python -m benchmarks.fuzz --count $(FUZZ_COUNT) \
	  --jobs $(FUZZ_JOBS)

# docs/sources.md from hamopt/data/sources.yaml (tests/domain/test_sources.py holds them equal).
sources: $(STAMP)
	$(BIN)/python -c "from hamopt.domain.sources import sources_markdown as m; print(m(), end='')" \
	  > docs/sources.md

# scenarios/studies/: both studies solved again, their CSVs, plot and README tables rewritten
# (about 20 s on 2 cores); tests/study/test_studies_generated.py fails when they are stale.
studies: $(STAMP)
	$(BIN)/python scripts/studies.py --jobs 2

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
