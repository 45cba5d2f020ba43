"""The activity dataset's vocabulary: measures, breakdowns, categories, sources, periods.

One vocabulary for the hub's own file, the readers of the national files (Conseillers
numériques' activity reports by postal code, Aidants Connect structures) and La Coop de la
médiation numérique's API. Pure constants and functions (no import of the project), so that the
datasets' declarations can use them too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str  # a plural noun: "accompagnements", "personnes"
    definition: str  # French, shown beside the figure
    people: bool  # counts people (the funders' « personnes accompagnées »)
    one: str  # the singular, lower case: « accompagnement », « usager unique »

    @property
    def many(self) -> str:
        """The label as a plural noun in a sentence: « accompagnements », « usagers uniques »."""
        return self.label[:1].lower() + self.label[1:]


ACCOMPAGNEMENTS = "accompagnements"
BENEFICIAIRES = "beneficiaires"
USAGERS_UNIQUES = "usagers_uniques"
DEMARCHES = "demarches"
ACTIVITES = "activites"
AIDANTS = "aidants"

MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            ACCOMPAGNEMENTS,
            "Accompagnements",
            "accompagnements",
            "personnes accompagnées, comptées à chaque accompagnement : une personne venue deux fois compte deux fois",
            True,
            "accompagnement",
        ),
        Measure(BENEFICIAIRES, "Bénéficiaires", "personnes", "personnes distinctes accompagnées", True, "bénéficiaire"),
        Measure(
            USAGERS_UNIQUES,
            "Usagers uniques",
            "personnes",
            "personnes distinctes pour qui un aidant habilité a réalisé au moins une démarche",
            True,
            "usager unique",
        ),
        Measure(
            DEMARCHES,
            "Démarches réalisées",
            "démarches",
            "démarches réalisées pour le compte d'une personne",
            False,
            "démarche",
        ),
        Measure(
            ACTIVITES,
            "Activités de médiation",
            "activités",
            "séances individuelles, ateliers collectifs et démarches, chacun compté une fois quel que soit le nombre "
            "de participants",
            False,
            "activité",
        ),
        Measure(
            AIDANTS,
            "Aidants habilités",
            "aidants",
            "professionnels habilités à réaliser des démarches",
            False,
            "aidant",
        ),
    )
}
PEOPLE_MEASURES = tuple(k for k, m in MEASURES.items() if m.people)

TOTAL = "total"
BREAKDOWNS: dict[str, str] = {
    TOTAL: "Total",
    "tranche_age": "Tranche d'âge",
    "statut": "Statut",
    "genre": "Genre",
    "thematique": "Thématique",
    "type_activite": "Type d'activité",
    "type_lieu": "Type de lieu",
    "duree": "Durée",
    "materiel": "Matériel utilisé",
}

CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "tranche_age": {
        "moins_12_ans": "Moins de 12 ans",
        "12_18_ans": "12 à 18 ans",
        "18_35_ans": "18 à 35 ans",
        "35_60_ans": "35 à 60 ans",
        "plus_60_ans": "Plus de 60 ans",
    },
    "statut": {
        "etudiant": "Scolaire ou étudiant",
        "sans_emploi": "Sans emploi",
        "en_emploi": "En emploi",
        "retraite": "Retraité",
        "heterogene": "Hétérogène (groupe)",
    },
    "type_activite": {
        "individuel": "Accompagnement individuel",
        "collectif": "Atelier collectif",
        "demarche": "Démarche administrative",
    },
    "thematique": {
        # Administrative procedures (Aidants Connect, La Coop)
        "argent_impots": "Argent, impôts",
        "etrangers_europe": "Étrangers, Europe",
        "famille_scolarite": "Famille, scolarité",
        "justice": "Justice",
        "loisirs_sports_culture": "Loisirs, sports, culture",
        "papiers_elections_citoyennete": "Papiers, élections, citoyenneté",
        "social_sante": "Social, santé",
        "transports_mobilite": "Transports, mobilité",
        "travail_formation": "Travail, formation",
        "logement": "Logement",
        # Digital mediation (La Coop)
        "diagnostic_numerique": "Diagnostic numérique",
        "prendre_en_main_du_materiel": "Prendre en main du matériel",
        "maintenance_de_materiel": "Maintenance de matériel",
        "navigation_sur_internet": "Navigation sur internet",
        "email": "Courriel",
        "bureautique": "Bureautique",
        "reseaux_sociaux": "Réseaux sociaux",
        "sante": "Santé",
        "banque_et_achats_en_ligne": "Banque et achats en ligne",
        "entrepreneuriat": "Entrepreneuriat",
        "insertion_professionnelle": "Insertion professionnelle",
        "securite_numerique": "Sécurité numérique",
        "parentalite": "Parentalité",
        "scolarite_et_numerique": "Scolarité et numérique",
        "creer_avec_le_numerique": "Créer avec le numérique",
        "culture_numerique": "Culture numérique",
        "intelligence_artificielle": "Intelligence artificielle",
        "aide_aux_demarches_administratives": "Aide aux démarches administratives",
    },
    "type_lieu": {
        "lieu_activite": "Lieu d'activité",
        "domicile": "À domicile",
        "a_distance": "À distance",
        "autre": "Autre lieu",
    },
}

# The sources' names, as they appear in the `source` column.
SOURCE_CRA = "Conseillers numériques : comptes rendus d'activité (ANCT)"
SOURCE_AIDANTS_CONNECT = "Aidants Connect (ANCT)"
SOURCE_COOP = "La Coop de la médiation numérique (API v1)"

# Periods: a year (2023), a month (2023-06), a date (2023-07-17: the cumulative figures up to that
# day, since the programme began: the national files say no start), or an interval
# (2024-01-01/2024-06-30).
_DAY = r"\d{4}-\d{2}-\d{2}"
PERIOD_PATTERN = rf"^(\d{{4}}(-\d{{2}})?|{_DAY}|{_DAY}/{_DAY})$"


def category_label(breakdown: str, category: str, given: str | None = None) -> str:
    """The French name of a category: the vocabulary's, else the label the source gave, else the code."""
    if breakdown == TOTAL:
        return "Total"
    known = CATEGORY_LABELS.get(breakdown, {}).get(category)
    return known or (given if given else str(category).replace("_", " "))


def period_end(period: str) -> dt.date | None:
    """The last day a period covers (None when unreadable)."""
    text = str(period or "").strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if "/" in text:
            return dt.date.fromisoformat(text.split("/")[1])
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def period_start(period: str) -> dt.date | None:
    """The first day a period covers; None for a cumulative date (its start is not known)."""
    text = str(period or "").strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date.fromisoformat(text + "-01")
        if "/" in text:
            return dt.date.fromisoformat(text.split("/")[0])
        return None
    except ValueError:
        return None


def period_label(period: str, fr_date) -> str:
    """'cumul au 17/07/2023', 'du 01/01/2024 au 30/06/2024', 'année 2023', 'mois 2023-06'."""
    text = str(period or "")
    if re.fullmatch(r"\d{4}", text):
        return f"année {text}"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"mois {text[5:]}/{text[:4]}"
    start, end = period_start(text), period_end(text)
    if end is None:
        return text
    if start is None:
        return f"cumul au {fr_date(end)}"
    return f"du {fr_date(start)} au {fr_date(end)}"
