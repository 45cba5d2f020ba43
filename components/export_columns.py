"""The vocabulary of table downloads: each technical column a page exports, declared once with its
French label and its kind (how a French CSV writes it and which number format an XLSX cell gets).

Callers keep passing their frames to `components.downloads`: a declared column gets its label and
kind; a column already named in French keeps its name, its kind read from its values (or declared
here when the values alone cannot say it, e.g. euros); a technical name that is not declared falls
back to a readable label ("code_postal" -> "Code postal") so that no download ever fails, and a
unit test walking every page's downloads fails on it (tests/unit/test_downloads_pages.py).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Kind:
    """How the values of a column are written.

    name: text, integer, decimal (fixed places), number (rounded to `places`, no trailing zeros),
    euros (2 places; `cents` when the values are integer cents), percent (values are ratios,
    0.947 -> 94,7), date, datetime, yesno.
    """

    name: str
    places: int = 0
    cents: bool = False


TEXT = Kind("text")
INTEGER = Kind("integer")
DATE = Kind("date")
DATETIME = Kind("datetime")
YES_NO = Kind("yesno")
EUROS = Kind("euros", 2)
EUROS_FROM_CENTS = Kind("euros", 2, cents=True)


def decimal(places: int) -> Kind:
    return Kind("decimal", places)


def number(places: int) -> Kind:
    return Kind("number", places)


def percent(places: int = 1) -> Kind:
    return Kind("percent", places)


PERCENT = percent(1)
INFERRED_PLACES = 6


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind


# --- the vocabulary ----------------------------------------------------------------------------
# Keys are the column names as the callers pass them. Percent labels end with "(%)": the CSV
# writes 94,7 for a ratio of 0.947, the XLSX keeps the ratio with a percent format.

COLUMNS: dict[str, Column] = {
    # Provenance of indicator values (Carte, values of the map)
    "source": Column("Source", TEXT),
    "fictif": Column("Valeur fictive", YES_NO),
    # Financements, budget tables (components/funding_tables.money_tables)
    "prevu_euros": Column("Prévu (€)", EUROS),
    "engage_euros": Column("Engagé (€)", EUROS),
    "taux_engagement": Column("Engagé (%)", PERCENT),
    "depense_euros": Column("Dépensé (€)", EUROS),
    "taux_depense": Column("Dépensé (%)", PERCENT),
    "reste_a_depenser_euros": Column("Reste à dépenser (€)", EUROS),
    # Financements, funds raised (components/funding_tables.fundraising_tables)
    "dossiers": Column("Dossiers", INTEGER),
    "demande_euros": Column("Montant demandé (€)", EUROS),
    "dossiers_obtenus": Column("Obtenus", INTEGER),
    "obtenu_euros": Column("Montant obtenu (€)", EUROS),
    "dossiers_refuses": Column("Refusés", INTEGER),
    "dossiers_en_attente": Column("En attente", INTEGER),
    # Financements, month by month (components/funding_sections.time_section)
    "date": Column("Date", DATE),
    "mois": Column("Mois écoulés", INTEGER),
    "ligne_temps_euros": Column("Droite du temps (€)", EUROS),
    "engage_cumule_euros": Column("Engagé, cumul (€)", EUROS),
    "depense_cumule_euros": Column("Dépensé, cumul (€)", EUROS),
    # Financements, tables whose amounts are French-named columns holding euros
    "Montant (euros)": Column("Montant (€)", EUROS),
    "Montant": Column("Montant (€)", EUROS),
    "Demandé": Column("Demandé (€)", EUROS),
    "Obtenu": Column("Obtenu (€)", EUROS),
    "Dépensé": Column("Dépensé (€)", EUROS),
    "Financement du hub": Column("Financement du hub (€)", EUROS),
    "Cofinancement": Column("Cofinancement (€)", EUROS),
    # Suivi, KPI table (components/evaluation_sections.kpi_table): values are in each row's unit
    "indicateur": Column("Identifiant", TEXT),
    "libelle": Column("Indicateur", TEXT),
    "unite": Column("Unité", TEXT),
    "valeur_initiale": Column("Valeur initiale", number(2)),
    "cible_m6": Column("Cible 6 mois", number(2)),
    "cible_m12": Column("Cible 12 mois", number(2)),
    "cible_m18": Column("Cible 18 mois", number(2)),
    "attendu_a_date": Column("Attendu à la date de situation", number(2)),
    "valeur": Column("Valeur", number(2)),
    "date_mesure": Column("Mesurée le", DATE),
    "progression_sur_attendu": Column("Progression / attendu (%)", percent(0)),
    "statut": Column("Statut", TEXT),
    "valeur_comparaison": Column("Valeur à la date de comparaison", number(2)),
    "statut_comparaison": Column("Statut à la date de comparaison", TEXT),
    # Suivi, network by territory (share of members)
    "Part de membres": Column("Part de membres (%)", PERCENT),
    # Carte, places shown (views/carte/page.py)
    "id": Column("Identifiant", TEXT),
    "nom": Column("Nom", TEXT),
    "commune": Column("Commune", TEXT),
    "code_insee": Column("Code INSEE", TEXT),
    "typologie_famille": Column("Famille de structure", TEXT),
    "services": Column("Services", TEXT),
    "horaires": Column("Horaires d'ouverture", TEXT),
    "sources": Column("Sources", TEXT),
    "dispositif_programmes_nationaux": Column("Programmes nationaux", TEXT),
    "membre_reseau": Column("Membre du réseau", YES_NO),
    # Problems found in the files (views/accueil/data_health.py, loaders/problems.problems_frame)
    "gravite": Column("Gravité", TEXT),
    "fichier": Column("Fichier", TEXT),
    "ligne": Column("Ligne", INTEGER),
    "colonne": Column("Colonne", TEXT),
    "message": Column("Problème", TEXT),
    # Données, quality of the registry (views/donnees/quality.py, French-named columns)
    "Score moyen": Column("Score moyen (%)", percent(0)),
    "Complétude des 32 champs": Column("Complétude des 32 champs (%)", percent(0)),
    "Part des lieux": Column("Part des lieux (%)", percent(0)),
    "Gain de score (points)": Column("Gain de score (points)", decimal(1)),
    "Bloque la publication": Column("Bloque la publication", YES_NO),
    # Données, suspected duplicates (views/donnees/duplicates.py)
    "Similarité des noms": Column("Similarité des noms (sur 100)", INTEGER),
    "Distance (m)": Column("Distance (m)", INTEGER),
}

_TECHNICAL = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def is_technical(name) -> bool:
    """A snake_case identifier (`prevu_euros`), as opposed to a French label (`Prévu`)."""
    return isinstance(name, str) and _TECHNICAL.fullmatch(name) is not None


def readable(name: str) -> str:
    """The fallback label of an undeclared technical name: `code_postal` -> `Code postal`."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def unknown_columns(frame: pd.DataFrame) -> list[str]:
    """Technical column names of `frame` that the vocabulary does not declare."""
    return [str(c) for c in frame.columns if is_technical(c) and c not in COLUMNS]


# --- kinds read from the values --------------------------------------------------------------


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, str)) else False
    except (TypeError, ValueError):
        return False


def is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool) and not _is_bool(value)


def _is_bool(value) -> bool:
    return type(value).__name__ in ("bool", "bool_")


def _has_time(value) -> bool:
    return isinstance(value, dt.datetime) and (value.hour, value.minute, value.second, value.microsecond) != (
        0,
        0,
        0,
        0,
    )


def _numbers_kind(values: list) -> Kind:
    return INTEGER if all(float(v).is_integer() for v in values) else number(INFERRED_PLACES)


def infer_kind(series: pd.Series) -> Kind:
    """The kind of a column from its dtype and values (French-named or undeclared columns)."""
    if pd.api.types.is_bool_dtype(series):
        return YES_NO
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATETIME if any(_has_time(v) for v in series.dropna()) else DATE
    values = [v for v in series.tolist() if not is_missing(v)]
    if pd.api.types.is_numeric_dtype(series):
        return _numbers_kind(values)
    if not values:
        return TEXT
    if all(_is_bool(v) for v in values):
        return YES_NO
    if all(isinstance(v, dt.date) for v in values):
        return DATETIME if any(_has_time(v) for v in values) else DATE
    if all(is_number(v) for v in values):
        return _numbers_kind(values)
    return TEXT


def column_for(name, series: pd.Series) -> Column:
    """The label and kind a column is exported with."""
    if name in COLUMNS:
        return COLUMNS[name]
    label = readable(name) if is_technical(name) else str(name)
    return Column(label, infer_kind(series))
