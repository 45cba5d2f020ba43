# Tableau de bord du Hub breton : make run (démo), make test (tous les tests), make bench.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
HOST ?= localhost
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
ASSETS := static/vendor/.complete

.PHONY: help setup run test bench reference demo assets clean

help:
	@echo "make run [PORT=8501]  installe puis lance le tableau de bord sur les données de démonstration"
	@echo "make test             installe puis lance tous les tests"
	@echo "make bench            mesure les temps de chargement et de rendu des pages"
	@echo "make demo             régénère les données fictives de démonstration (data/demo/)"
	@echo "make reference        reconstruit le référentiel des territoires (data/reference/)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 ou plus récent est nécessaire" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP) $(ASSETS)

$(ASSETS): scripts/fetch_assets.py | $(STAMP)
	$(PY) scripts/fetch_assets.py

assets: $(ASSETS)

run: setup
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(HOST)

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) scripts/bench.py

demo: $(STAMP)
	$(PY) scripts/generate_demo.py

reference: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,reference]'
	$(PY) scripts/build_reference.py

clean:
	rm -rf $(VENV) static/vendor .pytest_cache
