"""Territory levels and the shapes of their codes: the one vocabulary the whole project uses.

A commune is named by its INSEE code (5 characters: 29019, 2A004), an EPCI by its SIREN
(9 digits), a département by 2 characters (29, 2A) or 3 overseas (971). Pure constants and
functions (no import of the project), so that the datasets' declarations can use them too.
"""

from __future__ import annotations

import re

COMMUNE = "commune"
EPCI = "epci"
DEPARTEMENT = "departement"
REGION = "region"
ZONE = "zone"  # a priority-zone level of the tables (QPV communes, the central area, ACV towns)

LEVELS = (COMMUNE, EPCI, DEPARTEMENT, REGION)
TERRITORY_LEVELS = (COMMUNE, EPCI, DEPARTEMENT)  # the levels a code names

# The code column of each level in the communes' reference table.
CODE_COLUMN = {COMMUNE: "code_insee", EPCI: "code_epci", DEPARTEMENT: "code_departement"}

COMMUNE_CODE = r"\d{5}|2[AB]\d{3}"
EPCI_CODE = r"\d{9}"
DEPARTEMENT_CODE = r"\d{2}|2[AB]|97\d"
CODE_INSEE_PATTERN = rf"^({COMMUNE_CODE})$"
TERRITORY_CODE_PATTERN = rf"^({COMMUNE_CODE}|{EPCI_CODE}|{DEPARTEMENT_CODE})$"
TERRITORY_CODE = re.compile(rf"(?:{COMMUNE_CODE}|{EPCI_CODE}|{DEPARTEMENT_CODE})")

# French names, as a noun in a sentence and as a title; plurals.
NAMES = {COMMUNE: "commune", EPCI: "EPCI", DEPARTEMENT: "département", REGION: "région", ZONE: "zone prioritaire"}
TITLES = {COMMUNE: "Commune", EPCI: "EPCI", DEPARTEMENT: "Département", REGION: "Région", ZONE: "Zone prioritaire"}
PLURALS = {
    COMMUNE: "communes",
    EPCI: "EPCI",
    DEPARTEMENT: "départements",
    REGION: "régions",
    ZONE: "zones prioritaires",
}


def territory_level(code) -> str | None:
    """The level a code names by its shape (commune, epci, departement), None for anything else."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if re.fullmatch(EPCI_CODE, code):
        return EPCI
    if re.fullmatch(COMMUNE_CODE, code):
        return COMMUNE
    if re.fullmatch(DEPARTEMENT_CODE, code):
        return DEPARTEMENT
    return None
