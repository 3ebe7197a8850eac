# The README's two commands. Both do the whole set-up on a fresh machine: a virtualenv in
# .venv with hamopt installed (editable) and every extra the tests use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,plot]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/hamopt validate scenarios/quad_dominant_intermediate_full_gym.yaml
	$(BIN)/hamopt solve scenarios/quad_dominant_intermediate_full_gym.yaml

lint: $(STAMP)
	$(BIN)/ruff check hamopt tests

test: $(STAMP) lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
