"""Every figure the hub reports, defined once, at a date.

Members, places, complete records, sources, events, participants, actors reached, experiments,
funds raised and money: each is ONE function here. The home page, Suivi 18 mois (its indicators
of follow-up included), Synthèse, the committee snapshot and the funders' report all call them,
none recomputes them. `hub_figures` gathers them for a territory selection and a date.

Unknown is not zero: a figure that cannot be computed from the data (events that cite actors
absent from the base of places, a base with no dated record) is None, and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.funding.money import envelope_consumption, fundraising_as_of
from analytics.memo import per_bundle
from analytics.territory.scope import select, with_levels
from analytics.territory.selection import Selection

# A record is complete when these fields of the national standard are filled.
COMPLETE_FIELDS = ("telephone", "courriels", "horaires")
# A record is up to date when updated within this many days before the date.
FRESH_DAYS = 365

EXPERIMENT_NOT_STARTED = "pas_commencee"
EXPERIMENT_SUPPORTED = ("en_cours", "terminee", "abandonnee")


def _day(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


# --------------------------------------------------------------------------------------------
# Places (action 2)
# --------------------------------------------------------------------------------------------


def known_on(actors: pd.DataFrame, day: dt.date) -> pd.Series:
    """Places known on that day: their record's last update is on or before it (the base keeps
    only the last update of each record, so a place updated since is counted from that update)."""
    updated = actors["date_maj"]
    return (updated.notna() & (updated <= _day(day))).astype(bool)


def places(actors: pd.DataFrame, day: dt.date) -> int:
    """« Lieux cartographiés » on that day."""
    return int(known_on(actors, day).sum())


def places_not_yet_known(actors: pd.DataFrame, day: dt.date) -> int:
    """Places of today's base not counted on that day (updated later, or never dated)."""
    return int(len(actors) - places(actors, day))


def _filled(series: pd.Series) -> pd.Series:
    """Filled: not missing, not blank, a non-empty list."""
    if isinstance(series.dtype, pd.StringDtype):  # the loaders' text columns: computed column-wise
        return (series.str.strip().str.len() > 0).fillna(False).astype(bool)

    def one(v):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return False
        if isinstance(v, (list, tuple)):
            return len(v) > 0
        return bool(str(v).strip())

    return series.map(one).astype(bool)


def record_complete(actors: pd.DataFrame, fields: tuple[str, ...] = COMPLETE_FIELDS) -> pd.Series:
    """A record is complete when every field of `fields` is filled (a list must be non-empty)."""
    mask = pd.Series(True, index=actors.index)
    for name in fields:
        mask &= _filled(actors[name])
    return mask


def fresh_on(actors: pd.DataFrame, day: dt.date, fresh_days: int = FRESH_DAYS) -> pd.Series:
    return known_on(actors, day) & (actors["date_maj"] > _day(day) - pd.Timedelta(days=fresh_days))


def _share(part: pd.Series, whole: pd.Series) -> float | None:
    n = int(whole.sum())
    return float((part & whole).sum()) / n if n else None


def complete_share(actors: pd.DataFrame, day: dt.date, complete: pd.Series | None = None) -> float | None:
    """« Fiches complètes »: share of the places known on that day whose phone, e-mail and
    opening hours are filled (None when no place is known). `complete`: record_complete(actors)
    when already computed (it does not depend on the day)."""
    return _share(record_complete(actors) if complete is None else complete, known_on(actors, day))


def fresh_share(actors: pd.DataFrame, day: dt.date, fresh_days: int = FRESH_DAYS) -> float | None:
    """« Fiches à jour »: share of the places known on that day updated within `fresh_days`."""
    return _share(fresh_on(actors, day, fresh_days), known_on(actors, day))


def complete_fresh_share(
    actors: pd.DataFrame, day: dt.date, fresh_days: int = FRESH_DAYS, complete: pd.Series | None = None
) -> float | None:
    complete = record_complete(actors) if complete is None else complete
    return _share(complete & fresh_on(actors, day, fresh_days), known_on(actors, day))


def sources_cited(actors: pd.DataFrame, day: dt.date) -> int:
    """« Sources intégrées »: distinct sources cited by the places known on that day."""
    return len({s for values in actors.loc[known_on(actors, day), "sources"] for s in values})


# --------------------------------------------------------------------------------------------
# Network (action 1)
# --------------------------------------------------------------------------------------------


def members_on(actors: pd.DataFrame, day: dt.date) -> pd.Series:
    since = actors["membre_reseau_depuis"]
    return (since.notna() & (since <= _day(day))).astype(bool)


def members(actors: pd.DataFrame, day: dt.date) -> int:
    """« Membres du réseau »: places that joined the hub's network on or before that day."""
    return int(members_on(actors, day).sum())


def events_held(events: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    return events[events["date"] <= _day(day)]


def events_count(events: pd.DataFrame, day: dt.date) -> int:
    """« Événements »: network events held on or before that day (cumulative)."""
    return int(len(events_held(events, day)))


def participants(events: pd.DataFrame, day: dt.date) -> int:
    """« Participants »: sum of the participants of those events."""
    return int(events_held(events, day)["participants"].fillna(0).sum())


@dataclass(frozen=True)
class Reached:
    """Actors present at the network's events: `count` of those in the base (None when every
    actor the events cite is absent from the base: unknown, not zero), `cited` distinct ids cited
    by the events held, `unknown` of them not in the base of places."""

    count: int | None
    cited: int
    unknown: int


def actors_reached(
    actors: pd.DataFrame, events: pd.DataFrame, day: dt.date, all_actor_ids: set | None = None
) -> Reached:
    """« Acteurs touchés »: distinct places of `actors` present at least once at a network event
    held on or before that day (any event of `events`). `all_actor_ids` (the whole base, when
    `actors` is one territory's) tells cited ids that are in the base from those that are not."""
    held = events_held(events, day)
    cited = {a for present in held["acteurs_presents"] for a in present}
    base = set(actors["id"]) if all_actor_ids is None else set(all_actor_ids)
    unknown = len(cited - base)
    count = len(cited & set(actors["id"]))
    if cited and unknown == len(cited):
        return Reached(None, len(cited), unknown)
    return Reached(count, len(cited), unknown)


# --------------------------------------------------------------------------------------------
# Experiments (action 3)
# --------------------------------------------------------------------------------------------


def experiments_at(experiments: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Each experiment with its status on the as-of date: 'proposee' stays proposed; not started
    yet -> 'pas_commencee'; finished or abandoned after the as-of date -> 'en_cours'. Results are
    kept only once the experiment is over on that date."""
    day = _day(as_of)
    frame = with_levels(experiments, "code_territoire").copy()
    status = frame["statut"].astype("object")
    over = status.isin(["terminee", "abandonnee"])
    ended = frame["date_fin"].isna() | (frame["date_fin"] <= day)
    status = status.where(~(over & ~ended), "en_cours")
    status = status.where(~((frame["date_debut"] > day) & (status != "proposee")), EXPERIMENT_NOT_STARTED)
    frame["statut_a_date"] = pd.array(status, dtype="string")
    finished = frame["statut_a_date"].isin(["terminee", "abandonnee"])
    frame["resultats"] = frame["resultats"].where(finished, pd.NA)
    return frame


def supported(experiments_on_date: pd.DataFrame) -> pd.Series:
    """Experiments the hub supports on that date: started and not merely proposed."""
    return experiments_on_date["statut_a_date"].isin(EXPERIMENT_SUPPORTED)


def supported_experiments(experiments: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    frame = experiments_at(experiments, day)
    return frame[supported(frame)]


def experiments_count(experiments: pd.DataFrame, day: dt.date) -> int:
    """« Expérimentations soutenues »: started on or before that day, not merely proposed."""
    return int(len(supported_experiments(experiments, day)))


def epci_with_experiment(experiments: pd.DataFrame, communes: pd.DataFrame, day: dt.date) -> int:
    """« EPCI couverts par une expérimentation »: EPCI holding at least one supported experiment
    (an experiment of a commune counts for its EPCI; of a département, for none in particular)."""
    found = set()
    epci_of = dict(zip(communes["code_insee"], communes["code_epci"]))
    for row in supported_experiments(experiments, day).itertuples():
        level = row.niveau_territoire if isinstance(row.niveau_territoire, str) else None
        if level == "epci":
            found.add(row.code_territoire)
        elif level == "commune" and isinstance(epci_of.get(row.code_territoire), str):
            found.add(epci_of[row.code_territoire])
    return len(found)


def funds_obtained_cents(fundraising: pd.DataFrame, day: dt.date) -> int:
    """« Fonds levés »: amounts obtained by the territory's actors, decisions known on that day."""
    return int(fundraising_as_of(fundraising, day)["obtenu_centimes"].sum())


# --------------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    planned_cents: int
    committed_cents: int
    spent_cents: int
    convention_cents: int  # the envelopes of the configuration (the hub's funding)

    @property
    def spent_share(self) -> float | None:
        """« Budget dépensé »: spent over the convention's envelopes."""
        return self.spent_cents / self.convention_cents if self.convention_cents else None


def money(
    budget_lines: pd.DataFrame, movements: pd.DataFrame, envelope_keys: list[str], convention_cents: int, day: dt.date
) -> Money:
    """The hub's money on that day, over the envelopes of the convention (every territory)."""
    frame = envelope_consumption(budget_lines, movements, envelope_keys, day)
    return Money(
        planned_cents=int(frame["prevu_centimes"].sum()),
        committed_cents=int(frame["engage_centimes"].sum()),
        spent_cents=int(frame["depense_centimes"].sum()),
        convention_cents=int(convention_cents),
    )


# --------------------------------------------------------------------------------------------
# The figures of a territory at a date
# --------------------------------------------------------------------------------------------


@per_bundle(maxsize=32)
def actors_in(bundle, selection: Selection) -> pd.DataFrame:
    return select(bundle.actors, selection)


@per_bundle(maxsize=32)
def events_in(bundle, selection: Selection) -> pd.DataFrame:
    return select(bundle.events, selection)


@per_bundle(maxsize=32)
def experiments_in(bundle, selection: Selection) -> pd.DataFrame:
    frame = with_levels(bundle.experiments, "code_territoire")
    return select(frame, selection, bundle.territories.communes)


@per_bundle(maxsize=32)
def fundraising_in(bundle, selection: Selection) -> pd.DataFrame:
    frame = with_levels(bundle.fundraising, "code_territoire")
    return select(frame, selection, bundle.territories.communes)


@dataclass(frozen=True)
class HubFigures:
    """The figures of a territory on a date. Places and network follow the territory; money is
    always the hub's (the convention's envelopes, every territory)."""

    as_of: dt.date
    selection: Selection
    places: int
    places_today: int
    members: int
    complete_share: float | None
    fresh_share: float | None
    sources: int
    events: int
    participants: int
    reached: Reached
    experiments: int
    funds_obtained_cents: int
    money: Money

    @property
    def actors_reached(self) -> int | None:
        return self.reached.count


@per_bundle()
def hub_figures(bundle, selection: Selection, as_of: dt.date) -> HubFigures:
    config = bundle.config
    actors = actors_in(bundle, selection)
    events = events_in(bundle, selection)
    return HubFigures(
        as_of=as_of,
        selection=selection,
        places=places(actors, as_of),
        places_today=int(len(actors)),
        members=members(actors, as_of),
        complete_share=complete_share(actors, as_of),
        fresh_share=fresh_share(actors, as_of),
        sources=sources_cited(actors, as_of),
        events=events_count(events, as_of),
        participants=participants(events, as_of),
        reached=actors_reached(actors, bundle.events, as_of, set(bundle.actors["id"])),
        experiments=experiments_count(experiments_in(bundle, selection), as_of),
        funds_obtained_cents=funds_obtained_cents(fundraising_in(bundle, selection), as_of),
        money=money(
            bundle.budget_lines, bundle.movements, [e.key for e in config.envelopes], config.total_budget_cents, as_of
        ),
    )


# --------------------------------------------------------------------------------------------
# The figures a follow-up indicator (KPI) can be computed from: `calcul` in kpis.csv
# --------------------------------------------------------------------------------------------


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


@dataclass(frozen=True)
class Computation:
    id: str
    label: str  # French, for the page and docs/formats.md
    compute: object  # (bundle, day) -> float | None, for the whole hub


COMPUTATIONS: dict[str, Computation] = {
    c.id: c
    for c in (
        Computation("membres", "membres du réseau", lambda b, d: float(members(b.actors, d))),
        Computation("evenements", "événements organisés (cumul)", lambda b, d: float(events_count(b.events, d))),
        Computation(
            "participants", "participants aux événements (cumul)", lambda b, d: float(participants(b.events, d))
        ),
        Computation(
            "acteurs_touches",
            "acteurs distincts présents à un événement",
            lambda b, d: _as_float(actors_reached(b.actors, b.events, d).count),
        ),
        Computation("lieux", "lieux cartographiés", lambda b, d: float(places(b.actors, d))),
        Computation(
            "fiches_completes", "part des fiches complètes (%)", lambda b, d: _percent(complete_share(b.actors, d))
        ),
        Computation("fiches_a_jour", "part des fiches à jour (%)", lambda b, d: _percent(fresh_share(b.actors, d))),
        Computation("sources", "sources intégrées", lambda b, d: float(sources_cited(b.actors, d))),
        Computation(
            "experimentations", "expérimentations soutenues", lambda b, d: float(experiments_count(b.experiments, d))
        ),
        Computation(
            "epci_experimentation",
            "EPCI couverts par une expérimentation",
            lambda b, d: float(epci_with_experiment(b.experiments, b.territories.communes, d)),
        ),
        Computation(
            "fonds_leves",
            "fonds levés par les acteurs (€, cumul)",
            lambda b, d: funds_obtained_cents(b.fundraising, d) / 100,
        ),
    )
}


def _as_float(value) -> float | None:
    return None if value is None else float(value)


def computed_measures(bundle, kpis: pd.DataFrame, dates: list[dt.date]) -> pd.DataFrame:
    """Measures (id_kpi, date, valeur, commentaire) of the KPIs whose `calcul` names a figure,
    computed from the data on each date: the same numbers as the pages'."""
    rows = []
    if "calcul" not in kpis.columns:
        return pd.DataFrame(columns=["id_kpi", "date", "valeur", "commentaire"])
    for kpi in kpis.itertuples():
        computation = COMPUTATIONS.get(kpi.calcul) if isinstance(kpi.calcul, str) else None
        if computation is None:
            continue
        for day in dates:
            value = computation.compute(bundle, day)
            if value is not None:
                rows.append(
                    {
                        "id_kpi": kpi.id_kpi,
                        "date": _day(day),
                        "valeur": float(value),
                        "commentaire": f"calculé à partir des données ({computation.label})",
                    }
                )
    frame = pd.DataFrame(rows, columns=["id_kpi", "date", "valeur", "commentaire"])
    return frame.astype({"date": "datetime64[ns]", "valeur": "float64"})
