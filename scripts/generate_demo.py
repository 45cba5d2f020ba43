#!/usr/bin/env python
"""Generate the embedded demo dataset of the hub (data/demo/): fictitious, deterministic, Breton.

    .venv/bin/python scripts/generate_demo.py                  # writes data/demo/
    .venv/bin/python scripts/generate_demo.py --sortie /tmp/x  # writes elsewhere

The only inputs are the committed reference territories (data/reference/, read through
hub.toml: its period, envelopes, actions and priority zones) and a fixed seed; every actor,
amount, date and event is invented. Running it twice gives byte-identical files
(tests/unit/test_demo_data.py checks it, and checks that the committed files equal a fresh
generation: edit the generator, not the CSVs). The generator lives in scripts/demo/, one module
per dataset (actors, indicators, network, experiments, funding, evaluation), their columns read
from the datasets' declarations (loaders/schemas.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.demo.common import AS_OF, CSV_FILES, DEFAULT_OUT, SEED  # noqa: E402, F401 - the demo's fixed inputs
from scripts.demo.generate import generate, main  # noqa: E402, F401

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Génère les données fictives de démonstration du hub.")
    parser.add_argument("--sortie", default=str(DEFAULT_OUT), help="dossier de sortie (par défaut data/demo)")
    main(parser.parse_args().sortie)
