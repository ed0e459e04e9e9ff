# The two commands of the README's quick start: `make report` and `make test`.
# Both create .venv when it is missing and install the package with its dev extras.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DOCS_STAMP := $(VENV)/.installed-docs

.PHONY: install report test test-all lint format bench docs clean

install: $(STAMP)

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: the PDF trend report for Kazakhstan from the shipped data.
report: install
	$(BIN)/drugtrends report --country KAZ --out reports/kazakhstan.pdf

# Fast tests (the same command CI runs). `make test-all` adds the slow benchmarks.
test: install
	$(BIN)/python -m pytest -m "not slow"

test-all: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python benchmarks/m3_yearly.py
	$(BIN)/python benchmarks/scale.py

# The documentation site (API reference, user guide, CLI reference, notebooks) in
# docs/_build/html; any Sphinx warning is an error.
$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

clean:
	rm -rf $(VENV) reports build dist src/*.egg-info .pytest_cache .ruff_cache docs/_build docs/_generated
