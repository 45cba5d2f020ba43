"""People accompanied: every activity figure, defined once (territories, zones, money beside it).

Rules (stated on the pages and in the documents):

- **One period per source.** A source's measure is read at its latest period that ends on or
  before the date of the situation (a year, a month, an interval, or a date: the cumulative
  figures up to that day); when all its periods end later, its earliest, said to be later than
  the date. Periods are never added to each other.
- **Sources are never added to each other**: a person can be counted by the Conseillers
  numériques and by Aidants Connect. Each figure names its source and period.
- **A territory's value** is the source's own value at the territory's level when it publishes
  one; otherwise the sum of its communes' values, when the source covers every commune (it
  publishes communes only, like the national files: a commune without a value had no activity
  recorded), or when each commune of the territory has a value. Otherwise it is unknown
  (« non renseigné »), never zero.
- **Per 1,000 inhabitants**: the value divided by the territory's population (INSEE, whole
  communes; a priority zone: the population of its communes, QPV communes whole).
- **Fictitious values** (the demo's) are marked on every figure drawn from them.
- **Money beside activity**: the hub's priority-envelope spending declared for a type of zone
  beside the activity recorded in that zone's communes, with the ratio « euros spent by the hub
  per accompaniment recorded in the zone »: an intensity, not a cost per person (the hub funds
  none of these accompaniments directly). Shown only where both exist and their periods meet;
  otherwise the reason is said. Experiments: the hub's funding beside the people the experiment
  declares (`beneficiaires`), the ratio being then the hub's cost per person it declares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.activity_measures import (
    ACCOMPAGNEMENTS,
    MEASURES,
    PEOPLE_MEASURES,
    SOURCE_AIDANTS_CONNECT,
    SOURCE_COOP,
    SOURCE_CRA,
    TOTAL,
    category_label,
    period_end,
    period_start,
)
from loaders.zones import ZONE_CODES

OUTSIDE_ZONES = "hors_zone"
# The order sources and measures are shown in (others after, alphabetically).
SOURCE_ORDER = (SOURCE_CRA, SOURCE_COOP, SOURCE_AIDANTS_CONNECT)
SOURCE_KEYS = {SOURCE_CRA: "cra", SOURCE_COOP: "coop", SOURCE_AIDANTS_CONNECT: "aidants_connect"}
SHORT_SOURCES = {
    SOURCE_CRA: "conseillers numériques",
    SOURCE_COOP: "La Coop",
    SOURCE_AIDANTS_CONNECT: "Aidants Connect",
}
MEASURE_ORDER = tuple(MEASURES)
# « Accompagnements par tranche d'âge »
BREAKDOWN_NOUNS = {
    "tranche_age": "tranche d'âge",
    "statut": "statut",
    "genre": "genre",
    "thematique": "thème",
    "type_activite": "type d'activité",
    "type_lieu": "type de lieu",
    "duree": "durée",
    "materiel": "matériel utilisé",
}
PUBLISHED = "valeur publiée par la source à ce niveau"
SUMMED = "somme des communes"
UNKNOWN = "non renseigné"
LEVELS = ("commune", "epci", "departement", "zone", "region")


def source_key(source: str) -> str:
    """A short, stable id for a source (map indicators, table columns)."""
    if source in SOURCE_KEYS:
        return SOURCE_KEYS[source]
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", str(source)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:40] or "source"


def _order(sources) -> list[str]:
    known = [s for s in SOURCE_ORDER if s in set(sources)]
    return known + sorted(set(sources) - set(known))


# --------------------------------------------------------------------------------------------
# The period of each source at a date
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One source's measure as read at a date: its period, and whether that period ends after it."""

    source: str
    measure: str
    period: str
    start: dt.date | None  # None: cumulative since the programme began
    end: dt.date
    after_as_of: bool
    fictitious: bool
    vintage: str | None

    @property
    def key(self) -> str:
        return f"{self.measure}_{source_key(self.source)}"

    @property
    def label(self) -> str:
        return MEASURES[self.measure].label if self.measure in MEASURES else self.measure

    @property
    def short_source(self) -> str:
        return SHORT_SOURCES.get(self.source, self.source)

    @property
    def column_label(self) -> str:
        """'Accompagnements (conseillers numériques)', marked when fictitious."""
        return f"{self.label} ({self.short_source}{', fictif' if self.fictitious else ''})"


def series_at(activity: pd.DataFrame, as_of: dt.date | None = None) -> list[Series]:
    """Every (source, measure) of the activity with the period read at `as_of` (None: the latest)."""
    if activity is None or activity.empty:
        return []
    out = []
    frame = activity[["source", "mesure", "periode"]].drop_duplicates()
    fictitious = activity["fictif"].astype("boolean").fillna(False).astype(bool)
    for (source, measure), part in frame.groupby(["source", "mesure"], sort=False):
        periods = [(period_end(p), p) for p in part["periode"] if period_end(p) is not None]
        if not periods:
            continue
        before = [x for x in periods if as_of is None or x[0] <= as_of]
        end, period = max(before) if before else min(periods)
        rows = (activity["source"] == source) & (activity["mesure"] == measure) & (activity["periode"] == period)
        vintages = activity.loc[rows, "millesime"].dropna()
        out.append(
            Series(
                source=str(source),
                measure=str(measure),
                period=str(period),
                start=period_start(period),
                end=end,
                after_as_of=not before,
                fictitious=bool(fictitious[rows].any()),
                vintage=str(vintages.iloc[0]) if len(vintages) else None,
            )
        )
    order = {s: i for i, s in enumerate(_order({x.source for x in out}))}
    measures = {m: i for i, m in enumerate(MEASURE_ORDER)}
    return sorted(out, key=lambda s: (measures.get(s.measure, 99), order[s.source]))


def describe_period(series: Series) -> str:
    """'cumul au 17/07/2023', 'du 01/01/2024 au 30/06/2024' (and when it ends after the date)."""
    from loaders.activity_measures import period_label

    text = period_label(series.period, lambda d: d.strftime("%d/%m/%Y"))
    return text + (", postérieure à la date de situation" if series.after_as_of else "")


def people_series(series: list[Series]) -> list[Series]:
    return [s for s in series if s.measure in PEOPLE_MEASURES]


def rows_of(activity: pd.DataFrame, series: Series, breakdown: str = TOTAL) -> pd.DataFrame:
    mask = (
        (activity["source"] == series.source)
        & (activity["mesure"] == series.measure)
        & (activity["periode"] == series.period)
        & (activity["ventilation"] == breakdown)
    )
    return activity[mask.fillna(False).astype(bool)]


# --------------------------------------------------------------------------------------------
# A measure by territory
# --------------------------------------------------------------------------------------------


def _membership(
    communes: pd.DataFrame, level: str, zone_labels: dict[str, str] | None, region_code: str
) -> pd.DataFrame:
    """commune code -> territory code (and name) of `level`; a commune appears once per zone it is in."""
    base = communes[["code_insee", "population"]].assign(population=communes["population"].astype("int64"))
    if level == "commune":
        return base.assign(code=communes["code_insee"], nom=communes["nom"])
    if level == "epci":
        part = communes.dropna(subset=["code_epci"])
        return base.loc[part.index].assign(code=part["code_epci"], nom=part["nom_epci"])
    if level == "departement":
        return base.assign(code=communes["code_departement"], nom=communes["nom_departement"])
    if level == "region":
        return base.assign(code=region_code, nom=region_code)
    if level == "zone":
        labels = zone_labels or {}
        parts = []
        flags = [z for z in ZONE_CODES if z in communes]
        for zone in flags:
            inside = communes[zone].astype(bool)
            parts.append(base[inside].assign(code=zone, nom=labels.get(zone, zone)))
        none = ~communes[flags].astype(bool).any(axis=1) if flags else pd.Series(True, index=communes.index)
        parts.append(base[none].assign(code=OUTSIDE_ZONES, nom=labels.get(OUTSIDE_ZONES, "Hors zones prioritaires")))
        return pd.concat(parts, ignore_index=True)
    raise ValueError(f"niveau inconnu : {level}")


def covers_every_commune(activity: pd.DataFrame, series: Series) -> bool:
    """The source publishes communes only (a national file spread to communes): a commune without
    a value recorded no activity."""
    rows = rows_of(activity, series)
    levels = set(rows["niveau"].dropna())
    return levels == {"commune"}


def measure_by_level(
    activity: pd.DataFrame,
    communes: pd.DataFrame,
    series: Series,
    level: str,
    breakdown: str = TOTAL,
    category: str = TOTAL,
    zone_labels: dict[str, str] | None = None,
    region_code: str = "region",
) -> pd.DataFrame:
    """code, nom, population, valeur (NaN: unknown), pour_1000, methode for every territory of
    `level` among `communes` (zones: QPV, centre, ACV and « hors zones »)."""
    member = _membership(communes, level, zone_labels, region_code)
    rows = rows_of(activity, series, breakdown)
    if breakdown != TOTAL:
        rows = rows[rows["categorie"] == category]
    territories = member.groupby("code", sort=True).agg(nom=("nom", "first"), population=("population", "sum"))
    own_level = "region" if level == "region" else level
    published = rows[rows["niveau"] == own_level].groupby("code")["valeur"].sum()
    commune_rows = rows[rows["niveau"] == "commune"].groupby("code")["valeur"].sum()
    complete = covers_every_commune(activity, series)
    values = member.assign(valeur=member["code_insee"].map(commune_rows))
    summed = values.groupby("code")["valeur"].sum(min_count=1)
    every = values["valeur"].notna().groupby(values["code"]).all()
    out = territories.copy()
    out["valeur"] = np.nan
    out["methode"] = UNKNOWN
    can_sum = every | complete
    out.loc[can_sum[can_sum].index, "valeur"] = summed.reindex(can_sum[can_sum].index).fillna(0.0)
    out.loc[can_sum[can_sum].index, "methode"] = SUMMED
    if level == "region":
        deps = rows[rows["niveau"] == "departement"].groupby("code")["valeur"].sum()
        wanted = set(communes["code_departement"])
        if len(deps) and wanted <= set(deps.index):
            out["valeur"] = float(deps[list(wanted)].sum())
            out["methode"] = "somme des départements"
    if level != "commune":
        hit = published.index.intersection(out.index)
        out.loc[hit, "valeur"] = published[hit]
        out.loc[hit, "methode"] = PUBLISHED
    else:
        out.loc[out["valeur"].notna(), "methode"] = "valeur de la commune"
    out["pour_1000"] = 1000 * out["valeur"] / out["population"].where(out["population"] > 0)
    return out.rename_axis("code").reset_index()


def _communes_of(communes: pd.DataFrame, level: str, code: str | None) -> pd.DataFrame:
    """The communes a territory's value is made of (its own value depends on them alone)."""
    column = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}.get(level)
    if column is None or column not in communes:
        return communes
    return communes[communes[column] == code]


def territory_value(
    activity: pd.DataFrame,
    communes: pd.DataFrame,
    series: Series,
    level: str,
    code: str | None,
    breakdown: str = TOTAL,
    category: str = TOTAL,
    region_code: str = "region",
) -> tuple[float | None, int, str]:
    """(value or None when unknown, population, method) of one territory (level region: code ignored)."""
    communes = _communes_of(communes, level, code)
    table = measure_by_level(activity, communes, series, level, breakdown, category, region_code=region_code)
    if level == "region":
        row = table.iloc[0] if len(table) else None
    else:
        match = table[table["code"] == code]
        row = match.iloc[0] if len(match) else None
    if row is None:
        return None, 0, UNKNOWN
    value = None if pd.isna(row["valeur"]) else float(row["valeur"])
    return value, int(row["population"]), str(row["methode"])


# --------------------------------------------------------------------------------------------
# The figures of a territory (Synthèse, Fiche, documents)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleFigure:
    series: Series
    value: float | None
    population: int
    method: str

    @property
    def per_1000(self) -> float | None:
        if self.value is None or not self.population:
            return None
        return 1000 * self.value / self.population


def selection_scope(selection) -> tuple[str, str | None]:
    """The level and code the activity of a sidebar selection is read at."""
    return ("region", None) if selection.is_region else (selection.level, selection.code)


def people_figures(
    activity: pd.DataFrame,
    communes: pd.DataFrame,
    level: str,
    code: str | None,
    as_of: dt.date | None = None,
    people_only: bool = True,
) -> list[PeopleFigure]:
    """« Personnes accompagnées » of a territory: one figure per source and measure (never added)."""
    out = []
    series = series_at(activity, as_of)
    for s in people_series(series) if people_only else series:
        value, population, method = territory_value(activity, communes, s, level, code)
        out.append(PeopleFigure(s, value, population, method))
    return out


def breakdown(
    activity: pd.DataFrame, communes: pd.DataFrame, series: Series, breakdown_key: str, level: str, code: str | None
) -> pd.DataFrame:
    """categorie, libelle, valeur, part (0-1) of one breakdown of a series for one territory
    (empty when the source gives none, or the territory's value is unknown)."""
    rows = rows_of(activity, series, breakdown_key)
    if rows.empty:
        return pd.DataFrame(columns=["categorie", "libelle", "valeur", "part"])
    labels = rows.dropna(subset=["libelle"]).drop_duplicates("categorie").set_index("categorie")["libelle"]
    out = []
    for category in dict.fromkeys(rows["categorie"]):
        value, _, _ = territory_value(activity, communes, series, level, code, breakdown_key, category)
        if value is None:
            return pd.DataFrame(columns=["categorie", "libelle", "valeur", "part"])
        out.append(
            {
                "categorie": category,
                "libelle": category_label(breakdown_key, category, labels.get(category)),
                "valeur": value,
            }
        )
    frame = pd.DataFrame(out)
    total = frame["valeur"].sum()
    frame["part"] = frame["valeur"] / total if total else np.nan
    return frame


def breakdowns_of(activity: pd.DataFrame, series: Series) -> list[str]:
    """The breakdowns a series has besides its total, in the vocabulary's order."""
    from loaders.activity_measures import BREAKDOWNS

    rows = activity[
        (activity["source"] == series.source)
        & (activity["mesure"] == series.measure)
        & (activity["periode"] == series.period)
    ]
    present = set(rows["ventilation"].dropna()) - {TOTAL}
    return [b for b in BREAKDOWNS if b in present]


def wide_by_level(
    activity: pd.DataFrame,
    communes: pd.DataFrame,
    level: str,
    as_of: dt.date | None = None,
    zone_labels: dict[str, str] | None = None,
    region_code: str = "region",
) -> tuple[pd.DataFrame, list[Series]]:
    """code + per people series `<key>` (value) and `<key>_pour_1000`: the Territoires table's columns."""
    series = people_series(series_at(activity, as_of))
    out = None
    for s in series:
        table = measure_by_level(activity, communes, s, level, zone_labels=zone_labels, region_code=region_code)
        part = table[["code", "valeur", "pour_1000"]].rename(
            columns={"valeur": s.key, "pour_1000": f"{s.key}_pour_1000"}
        )
        out = part if out is None else out.merge(part, on="code", how="outer")
    if out is None:
        out = pd.DataFrame(columns=["code"])
    return out, series


# --------------------------------------------------------------------------------------------
# Money beside activity
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneMeeting:
    """One priority zone: the hub's spending declared for it, and one source's activity in it."""

    zone: str
    spent_cents: int
    first_spending: dt.date | None
    series: Series | None
    activity: float | None
    population: int
    ratio_cents: float | None  # euros-cents spent by the hub per unit of activity; None when they do not meet
    reason: str | None  # why there is no ratio (French), None when there is one


def zone_meetings(
    activity: pd.DataFrame,
    communes: pd.DataFrame,
    priority_spent: pd.DataFrame,
    zones: tuple[str, ...],
    as_of: dt.date,
    fr_date,
) -> list[ZoneMeeting]:
    """Per zone the hub declares (and per people source), the spending of the priority envelope
    declared for that zone type up to `as_of` (`priority_spent`: spent movements with
    zone_prioritaire and date) beside the activity in the zone's communes."""
    out = []
    series = people_series(series_at(activity, as_of))
    for zone in zones:
        moves = priority_spent[priority_spent["zone_prioritaire"].astype(object) == zone]
        spent = int(moves["montant_centimes"].fillna(0).sum())
        first = pd.Timestamp(moves["date"].min()).date() if len(moves) else None
        if not series:
            out.append(ZoneMeeting(zone, spent, first, None, None, 0, None, "aucune activité chargée"))
            continue
        for s in series:
            table = measure_by_level(activity, communes, s, "zone")
            row = table[table["code"] == zone]
            value = None if row.empty or pd.isna(row["valeur"].iloc[0]) else float(row["valeur"].iloc[0])
            population = int(row["population"].iloc[0]) if len(row) else 0
            reason = None
            if spent == 0:
                reason = "aucune dépense du hub déclarée pour ce type de zone"
            elif value is None:
                reason = "activité non renseignée pour les communes de la zone"
            elif value == 0:
                reason = "aucune activité recensée dans la zone par cette source"
            elif first is not None and s.end < first:
                reason = (
                    f"l'activité recensée s'arrête le {fr_date(s.end)}, avant la première dépense du hub dans la zone "
                    f"({fr_date(first)})"
                )
            elif s.start is not None and s.start > as_of:
                reason = f"l'activité recensée commence le {fr_date(s.start)}, après la date de situation"
            ratio = spent / value if reason is None else None
            out.append(ZoneMeeting(zone, spent, first, s, value, population, ratio, reason))
    return out


@dataclass(frozen=True)
class ExperimentPeople:
    id: str
    title: str
    territory: str
    status: str
    hub_cents: int
    beneficiaries: int | None
    ratio_cents: float | None  # the hub's funding per person the experiment declares
    reason: str | None


def experiments_people(supported: pd.DataFrame) -> list[ExperimentPeople]:
    """Each supported experiment (analytics.impact.figures.supported_experiments, with a
    `territoire` name column) beside the people it declares."""
    out = []
    has_column = "beneficiaires" in supported.columns
    for row in supported.itertuples(index=False):
        people = getattr(row, "beneficiaires", None) if has_column else None
        people = None if people is None or pd.isna(people) else int(people)
        hub = 0 if pd.isna(row.financement_hub_centimes) else int(row.financement_hub_centimes)
        reason = None
        if people is None:
            reason = "aucune personne déclarée"
        elif people == 0:
            reason = "zéro personne déclarée"
        elif hub == 0:
            reason = "aucun financement du hub"
        out.append(
            ExperimentPeople(
                id=str(row.id_experimentation),
                title=str(row.titre),
                territory=str(getattr(row, "territoire", row.code_territoire)),
                status=str(row.statut_a_date),
                hub_cents=hub,
                beneficiaries=people,
                ratio_cents=hub / people if reason is None else None,
                reason=reason,
            )
        )
    return out


def is_accompaniment(series: Series) -> bool:
    return series.measure == ACCOMPAGNEMENTS
