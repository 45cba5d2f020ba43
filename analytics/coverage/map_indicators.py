"""The indicators a choropleth can show: the catalogue's, plus measures computed from the actors."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.coverage.access import coverage_by_level
from analytics.coverage.indicator_levels import indicator_by_level, latest_period
from analytics.coverage.opening_hours import opening_by_territory
from analytics.coverage.supply import places_by_commune, places_by_level
from analytics.impact import activity as act
from loaders.activity_measures import MEASURES, period_label
from loaders.code_sets import in_codes


@dataclass(frozen=True)
class IndicatorChoice:
    id: str
    label: str
    unit: str
    worse_is_high: bool  # True: a high value means more fragility (darker on the map)
    source: str
    vintage: str
    decimals: int = 1
    computed: bool = False


PLACES_PER_10000 = "lieux_pour_10000"
MEAN_DISTANCE = "distance_moy_km"
SHARE_BEYOND = "part_pop_au_dela"
# People accompanied per 1,000 inhabitants (analytics/impact/activity.py), one choice per source.
ACTIVITY_PREFIX = "pour_1000_"
OPENING_HOURS = "heures_ouverture_pour_10000"
EVENING_WEEKEND = "part_soir_weekend"
LEVEL_COLUMNS = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}
OPENING_METHOD = (
    "heures d'ouverture hebdomadaires des lieux dont les horaires sont lisibles (syntaxe OpenStreetMap, semaine de la "
    "date de situation), rapportées à la population municipale"
)
EVENING_METHOD = (
    "part des lieux aux horaires lisibles ouverts après 18 h ou le samedi ou le dimanche (semaine de la date de "
    "situation)"
)
COVERAGE_METHOD = (
    "distance en ligne droite du centre de chaque commune au lieu le plus proche de la région, moyenne pondérée par "
    "la population"
)


def _fr_date(day) -> str:
    return day.strftime("%d/%m/%Y")


def activity_choices(activity: pd.DataFrame | None, as_of=None) -> list[IndicatorChoice]:
    """People accompanied per 1,000 inhabitants, one choice per source and measure of people."""
    if activity is None or activity.empty:
        return []
    out = []
    for s in act.people_series(act.series_at(activity, as_of)):
        measure = MEASURES[s.measure]
        source = s.source + (" (données fictives de démonstration)" if s.fictitious else "")
        vintage = period_label(s.period, _fr_date) + (" (après la date de la carte)" if s.after_as_of else "")
        out.append(
            IndicatorChoice(
                id=ACTIVITY_PREFIX + s.key,
                label=f"{measure.label} pour 1 000 habitants ({s.source})",
                unit=f"{measure.unit} pour 1 000 hab.",
                worse_is_high=False,
                source=source,
                vintage=vintage,
                decimals=1,
                computed=True,
            )
        )
    return out


def indicator_choices(
    catalogue: pd.DataFrame,
    indicators: pd.DataFrame,
    as_of_label: str,
    source_label: str,
    threshold_km: float = 10.0,
    activity: pd.DataFrame | None = None,
    as_of=None,
) -> list[IndicatorChoice]:
    """Catalogue indicators that have values (IFN first), then the measures computed from the
    places: density, mean distance to the nearest place, share of the population beyond the
    distance threshold, weekly opening hours per 10,000 inhabitants, share of the places open
    in the evening or at the weekend (analytics/coverage/opening_hours.py)."""
    present = set(indicators["indicateur"].dropna())
    rows = catalogue[catalogue["id"].isin(present)].copy()
    rows["_order"] = rows["id"].map(lambda i: (0 if i == "ifn_total" else 1 if str(i).startswith("ifn_") else 2, i))
    rows = rows.sort_values("_order")
    choices = [
        IndicatorChoice(
            id=str(r["id"]),
            label=str(r["libelle"]),
            unit=str(r["unite"]),
            worse_is_high=r["sens"] == "plus_est_pire",
            source=str(r["source"]),
            vintage=str(latest_period(indicators, r["id"]) or r["millesime"]),
        )
        for _, r in rows.iterrows()
    ]
    computed = (
        (PLACES_PER_10000, "Lieux de médiation numérique pour 10 000 habitants", "lieux pour 10 000 hab.", False),
        (MEAN_DISTANCE, "Distance moyenne au lieu le plus proche", "km", True),
        (SHARE_BEYOND, f"Part de la population à plus de {threshold_km:g} km d'un lieu", "% de la population", True),
        (OPENING_HOURS, "Heures d'ouverture hebdomadaires pour 10 000 habitants", "heures pour 10 000 hab.", False),
        (EVENING_WEEKEND, "Part des lieux ouverts en soirée ou le week-end", "% des lieux", False),
    )
    choices += [
        IndicatorChoice(
            id=i, label=label, unit=unit, worse_is_high=worse, source=source_label, vintage=as_of_label, computed=True
        )
        for i, label, unit, worse in computed
    ]
    return choices + activity_choices(activity, as_of)


def choropleth_values(
    choice: IndicatorChoice,
    level: str,
    communes: pd.DataFrame,
    indicators: pd.DataFrame,
    actors: pd.DataFrame,
    as_of=None,
    commune_cov: pd.DataFrame | None = None,
    activity: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Columns code, valeur, methode for every territory of `level` among `communes`.

    The distance measures need `commune_cov` (analytics.coverage.access.commune_coverage), the
    people accompanied `activity` (the bundle's)."""
    if choice.id.startswith(ACTIVITY_PREFIX):
        wanted = choice.id[len(ACTIVITY_PREFIX) :]
        series = next((s for s in act.series_at(activity, as_of) if s.key == wanted), None)
        if series is None:
            return pd.DataFrame({"code": pd.Series(dtype=str), "valeur": pd.Series(dtype=float), "methode": ""})
        table = act.measure_by_level(activity, communes, series, level)
        out = table[["code", "pour_1000", "methode"]].rename(columns={"pour_1000": "valeur"})
        out["methode"] = out["methode"].map(lambda m: f"{m} ; rapportée à la population municipale (pour 1 000)")
        return out
    if choice.id in (MEAN_DISTANCE, SHARE_BEYOND):
        cov = commune_cov[in_codes(commune_cov["code_insee"], set(communes["code_insee"]))]
        out = coverage_by_level(cov, level)[["code", choice.id]].rename(columns={choice.id: "valeur"})
        if choice.id == SHARE_BEYOND:
            out["valeur"] = 100 * out["valeur"]
        out["methode"] = COVERAGE_METHOD
        return out
    if choice.id in (OPENING_HOURS, EVENING_WEEKEND):
        column = LEVEL_COLUMNS[level]
        day = as_of if as_of is not None else pd.Timestamp.today().date()
        table = opening_by_territory(actors, communes, column, day)
        value = table["heures_pour_10000"] if choice.id == OPENING_HOURS else 100 * table["part_soir_weekend"]
        out = pd.DataFrame({"code": table["code"], "valeur": value.to_numpy(dtype=float)})
        out["methode"] = OPENING_METHOD if choice.id == OPENING_HOURS else EVENING_METHOD
        return out
    if choice.id == PLACES_PER_10000:
        by_commune = places_by_commune(actors, communes, as_of)
        out = places_by_level(by_commune, level)[["code", "lieux_pour_10000"]].rename(
            columns={"lieux_pour_10000": "valeur"}
        )
        out["methode"] = "lieux recensés rapportés à la population municipale"
        return out
    return indicator_by_level(indicators, choice.id, level, communes)
