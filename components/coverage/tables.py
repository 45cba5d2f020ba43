"""Coverage tables as shown and exported: French headers, rounded values, links to the profiles.

The exported frame is the shown frame without its link column: numbers stay numbers (shares in
percent, 0-100, distances in km), so that a spreadsheet can sort and sum them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.access import SERVICE_KEYS, SERVICE_LABELS
from analytics.territory.selection import short_epci_name
from components.coverage.data import OPENING_LEVELS, opening_table
from components.format_fr import fr_number
from components.links import profile_url
from loaders.territory_levels import PLURALS, TERRITORY_LEVELS, TITLES

LEVEL_NAMES = {level: TITLES[level] for level in ("commune", "epci", "departement", "zone")}
LEVEL_PLURALS = PLURALS
UNDER_SERVED_LABELS = {
    "commune": "Communes sous-dotées",
    "epci": "EPCI sous-dotés",
    "departement": "Départements sous-dotés",
    "zone": "Zones sous-dotées",
}
LINKED_LEVELS = TERRITORY_LEVELS
NEED_SHORT = {
    "ifn_absence_thd": "IFN absence THD",
    "ifn_absence_4g": "IFN absence 4G",
    "ifn_pauvrete": "IFN pauvreté",
    "ifn_plus_65_ans": "IFN 65 ans et plus",
    "ifn_non_diplomes": "IFN non-diplômés",
}
LINK = "Fiche"


def short_name(level: str, code: str, name: str) -> str:
    """A label that is unique and short enough for a chart axis."""
    if level == "epci":
        return short_epci_name(name)
    if level == "commune":
        return f"{name} ({code[:2]})"
    if level == "departement":
        return f"{name} ({code})"
    return name


def with_short_names(scored: pd.DataFrame, level: str) -> pd.DataFrame:
    return scored.assign(nom_court=[short_name(level, c, n) for c, n in zip(scored["code"], scored["nom"])])


def _pct(series: pd.Series) -> pd.Series:
    return (100 * series.astype("float64")).round(1)


def level_table(
    scored: pd.DataFrame, level: str, threshold_km: float, default_threshold_km: float, activity=None
) -> pd.DataFrame:
    """The territories table as shown (with a `Fiche` link column for communes, EPCI and
    départements). Per service, the share of the population missing it ("Sans …", known from
    places that describe their services) and, when some places within the threshold do not
    describe theirs, the share for which it is unknown ("… non renseigné …")."""
    km = fr_number(threshold_km, 1).removesuffix(",0")
    out = pd.DataFrame(index=scored.index)
    out["Rang"] = scored["rang"]
    out["Territoire"] = scored["nom_court"] if "nom_court" in scored else scored["nom"]
    if level in LINKED_LEVELS:
        seuil = None if threshold_km == default_threshold_km else threshold_km
        out[LINK] = [profile_url(level, c, seuil) for c in scored["code"]]
        out["Code"] = scored["code"]
    out["Écart besoin/offre"] = scored["score_ecart"].round(1)
    out["Besoin (centile)"] = scored["centile_besoin"].round(1)
    out["Offre (indice)"] = scored["indice_offre"].round(1)
    out["IFN global"] = scored["ifn_total"].round(2)
    out["Population"] = scored["population"]
    if level != "commune":
        out["Communes"] = scored["nb_communes"]
    out["Lieux"] = scored["nb_lieux"]
    out["Lieux pour 10 000 hab."] = scored["lieux_pour_10000"].round(2)
    out["Membres du réseau"] = scored["nb_membres"]
    out["Distance moyenne au lieu le plus proche (km)"] = scored["distance_moy_km"].round(2)
    out[f"Population à plus de {km} km d'un lieu (%)"] = _pct(scored["part_pop_au_dela"])
    if level != "commune":
        out[f"Communes à plus de {km} km d'un lieu"] = scored["nb_communes_au_dela"]
    for key in SERVICE_KEYS.values():
        out[f"Sans « {SERVICE_LABELS[key]} » à {km} km (%)"] = _pct(scored[f"part_pop_sans_{key}"])
        unknown = scored.get(f"part_pop_inconnu_{key}")
        if unknown is not None and (unknown.fillna(0) > 0).any():
            out[f"« {SERVICE_LABELS[key]} » non renseigné à {km} km (%)"] = _pct(unknown)
    for key, label in NEED_SHORT.items():
        out[label] = scored[key].round(2)
    if "heures_pour_10000" in scored:
        out["Heures d'ouverture hebdomadaires pour 10 000 hab."] = scored["heures_pour_10000"].round(1)
        out["Lieux ouverts en soirée ou le week-end (%)"] = _pct(scored["part_soir_weekend"])
    out["Programmes nationaux présents"] = scored["programmes"]
    out["Source du besoin"] = scored["ifn_methode"]
    if activity is not None:
        out = with_activity(out, scored["code"], *activity)
    return out.reset_index(drop=True)


def with_activity(out: pd.DataFrame, codes: pd.Series, wide: pd.DataFrame, series) -> pd.DataFrame:
    """The people accompanied of each territory (analytics.impact.activity.wide_by_level), one pair
    of columns per source and measure: the value and the value per 1,000 inhabitants; a
    fictitious source is marked in its column's name; unknown stays empty."""
    values = wide.set_index("code") if len(wide) else pd.DataFrame()
    added = {}
    for s in series:
        own = values[s.key] if s.key in values else pd.Series(dtype="float64")
        per = values[f"{s.key}_pour_1000"] if f"{s.key}_pour_1000" in values else pd.Series(dtype="float64")
        added[s.column_label] = codes.map(own).round(0).to_numpy()
        added[f"{s.column_label} pour 1 000 hab."] = codes.map(per).round(1).to_numpy()
    # Beside the supply (after the network's members), where a reader compares them.
    columns = list(out.columns)
    at = columns.index("Membres du réseau") + 1 if "Membres du réseau" in columns else len(columns)
    extra = pd.DataFrame(added, index=out.index)
    return pd.concat([out[columns[:at]], extra, out[columns[at:]]], axis=1)


def column_config(frame: pd.DataFrame) -> dict:
    """Formats for st.dataframe: numbers in the browser's locale, the link column, pinned names."""
    config = {}
    for column in frame.columns:
        if column == LINK:
            config[column] = st.column_config.LinkColumn(
                LINK, display_text="Voir la fiche", help="Ouvre la fiche du territoire dans un nouvel onglet", width=110
            )
        elif column == "Rang":
            config[column] = st.column_config.NumberColumn(column, format="localized", width=60)
        elif column == "Territoire":
            config[column] = st.column_config.TextColumn(column, pinned=True, width=220)
        elif column == "Commune":
            config[column] = st.column_config.TextColumn(column, width=170)
        elif column == "Code":
            config[column] = st.column_config.TextColumn(column)
        elif pd.api.types.is_numeric_dtype(frame[column]):
            config[column] = st.column_config.NumberColumn(column, format="localized")
    return config


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[LINK], errors="ignore")


def zones_blanches_table(blank: pd.DataFrame, threshold_km: float, default_threshold_km: float) -> pd.DataFrame:
    seuil = None if threshold_km == default_threshold_km else threshold_km
    out = pd.DataFrame(
        {
            "Commune": blank["nom"],
            LINK: [profile_url("commune", c, seuil) for c in blank["code_insee"]],
            "Population": blank["population"],
            "Distance au lieu le plus proche (km)": blank["distance_km"].round(2),
            "Lieu le plus proche": blank["lieu_proche_nom"],
            "EPCI": blank["nom_epci"].map(short_epci_name),
            "Département": blank["nom_departement"],
            "Code": blank["code_insee"],
        }
    )
    return out.reset_index(drop=True)


def with_opening_hours(scored: pd.DataFrame, bundle, level: str, day):
    """The territories' rows with their weekly opening hours per 10,000 inhabitants and their
    share of places open in the evening or at the weekend (analytics/coverage/opening_hours.py);
    unchanged for the priority zones (a zone is not a partition of the communes)."""
    if level not in OPENING_LEVELS or scored.empty:
        return scored
    table = opening_table(bundle, level, day)
    extra = table.set_index("code")[["heures_pour_10000", "part_soir_weekend"]]
    return scored.join(extra, on="code")
