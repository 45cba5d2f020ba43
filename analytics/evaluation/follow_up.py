"""The 18-month evaluation: KPI status against targets, milestones, and the figures of the three
actions (network, database, experiments), all as they stood on an "as of" date."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from analytics.impact import figures as fig
from analytics.impact.figures import (  # noqa: F401 - the definitions live in analytics.impact.figures
    COMPLETE_FIELDS,
    EXPERIMENT_NOT_STARTED,
    FRESH_DAYS,
    experiments_at,
    members_on,
    record_complete,
    supported,
)
from analytics.memo import per_bundle
from loaders.config import add_months
from loaders.evaluation import computed_kpi_ids

# --------------------------------------------------------------------------------------------
# KPIs: target interpolated at a date, status rule
# --------------------------------------------------------------------------------------------

ON_TRACK = "en_bonne_voie"
AT_RISK = "a_surveiller"
LATE = "en_retard"
NOT_MEASURED = "non_mesure"
KPI_STATUSES = (ON_TRACK, AT_RISK, LATE, NOT_MEASURED)
ON_TRACK_MIN = 0.9  # progress ratio from which a KPI is on track (included)
AT_RISK_MIN = 0.7  # progress ratio from which a KPI is at risk (included); below: late


def target_points(kpi, start: dt.date, months: int) -> list[tuple[dt.date, float]]:
    """(date, value) of the trajectory: the baseline at the start, then the intermediate targets
    at months 6 and 12 when given (scaled to the period's length), the final target at the end."""
    points = [(start, float(kpi["valeur_initiale"]))]
    for column, month in (("cible_m6", 6), ("cible_m12", 12)):
        value = kpi.get(column)
        if value is not None and not pd.isna(value) and month < months:
            points.append((add_months(start, month), float(value)))
    points.append((add_months(start, months), float(kpi["cible_m18"])))
    return points


def target_at(kpi, start: dt.date, months: int, day: dt.date) -> float:
    """The target on a given day, interpolated linearly (in days) between the points of
    `target_points`; the baseline before the start, the final target after the end."""
    points = target_points(kpi, start, months)
    xs = [(d - start).days for d, _ in points]
    ys = [v for _, v in points]
    return float(np.interp((day - start).days, xs, ys))


def progress_ratio(baseline: float, target: float, value: float) -> float | None:
    """(value - baseline) / (target - baseline), rounded to 6 decimals so that the boundaries of
    the status rule are exact; None when no progress is expected yet (target == baseline)."""
    if value is None or pd.isna(value):
        return None
    expected = target - baseline
    if expected == 0:
        return None
    return round((value - baseline) / expected, 6)


def kpi_status(
    ratio: float | None,
    measured: bool = True,
    baseline: float | None = None,
    value: float | None = None,
    better_higher: bool = True,
) -> str:
    """on track if ratio >= 0.9; at risk if 0.7 <= ratio < 0.9; late if ratio < 0.7. With no
    expected progress yet (ratio None but measured): on track unless the value moved the wrong way."""
    if not measured:
        return NOT_MEASURED
    if ratio is None:
        if baseline is not None and value is not None and (value < baseline if better_higher else value > baseline):
            return LATE
        return ON_TRACK
    if ratio >= ON_TRACK_MIN:
        return ON_TRACK
    if ratio >= AT_RISK_MIN:
        return AT_RISK
    return LATE


def latest_measures(measures: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The last measure of each KPI on or before the as-of date (id_kpi, date, valeur)."""
    known = measures[measures["date"] <= pd.Timestamp(as_of)]
    return known.sort_values(["id_kpi", "date"]).drop_duplicates("id_kpi", keep="last")[["id_kpi", "date", "valeur"]]


def kpi_progress(
    kpis: pd.DataFrame, measures: pd.DataFrame, start: dt.date, months: int, as_of: dt.date
) -> pd.DataFrame:
    """One row per KPI: baseline, targets, target expected on the as-of date, current value (the
    last measure on or before it) and its date, progress ratio and status."""
    last = latest_measures(measures, as_of).set_index("id_kpi")
    rows = []
    for kpi in kpis.to_dict("records"):
        expected = target_at(kpi, start, months, as_of)
        measured = kpi["id_kpi"] in last.index
        value = float(last.loc[kpi["id_kpi"], "valeur"]) if measured else None
        ratio = progress_ratio(float(kpi["valeur_initiale"]), expected, value) if measured else None
        better_higher = kpi.get("sens") != "plus_est_pire"
        rows.append(
            {
                "id_kpi": kpi["id_kpi"],
                "action": kpi["action"],
                "libelle": kpi["libelle"],
                "unite": kpi["unite"],
                "valeur_initiale": float(kpi["valeur_initiale"]),
                "cible_m6": kpi.get("cible_m6"),
                "cible_m12": kpi.get("cible_m12"),
                "cible_m18": float(kpi["cible_m18"]),
                "cible_a_date": expected,
                "valeur": value,
                "date_mesure": last.loc[kpi["id_kpi"], "date"] if measured else pd.NaT,
                "ratio": ratio,
                "statut": kpi_status(ratio, measured, float(kpi["valeur_initiale"]), value, better_higher),
            }
        )
    columns = [
        "id_kpi",
        "action",
        "libelle",
        "unite",
        "valeur_initiale",
        "cible_m6",
        "cible_m12",
        "cible_m18",
        "cible_a_date",
        "valeur",
        "date_mesure",
        "ratio",
        "statut",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"valeur": "float64", "ratio": "float64", "cible_m6": "float64", "cible_m12": "float64"})


@per_bundle()
def follow_up_measures(bundle, as_of: dt.date) -> pd.DataFrame:
    """Every measure of the follow-up indicators known on the as-of date: the file's for the
    indicators measured by hand, and for those computed from the data (`calcul`), the figure of
    analytics.impact.figures on each month anniversary up to the as-of date and on the as-of date."""
    config = bundle.config
    computed = computed_kpi_ids(bundle.kpis)
    file_measures = bundle.kpi_measures[~bundle.kpi_measures["id_kpi"].isin(computed)]
    columns = ["id_kpi", "date", "valeur", "commentaire"]
    dates = series_dates(config.start, config.months, as_of)
    calculated = fig.computed_measures(bundle, bundle.kpis[bundle.kpis["id_kpi"].isin(computed)], dates)
    parts = [f for f in (file_measures[columns], calculated[columns]) if not f.empty]
    if not parts:
        return pd.DataFrame(
            {
                "id_kpi": pd.Series(dtype="string"),
                "date": pd.Series(dtype="datetime64[ns]"),
                "valeur": pd.Series(dtype="float64"),
                "commentaire": pd.Series(dtype="string"),
            }
        )
    out = pd.concat([p.astype({"id_kpi": "string", "commentaire": "string"}) for p in parts], ignore_index=True)
    return out.sort_values(["id_kpi", "date"], kind="stable").reset_index(drop=True)


@per_bundle()
def kpi_progress_at(bundle, as_of: dt.date) -> pd.DataFrame:
    """`kpi_progress` of the bundle's indicators on the as-of date (computed ones included), with
    `calcule`: True for an indicator computed from the data."""
    config = bundle.config
    out = kpi_progress(bundle.kpis, follow_up_measures(bundle, as_of), config.start, config.months, as_of)
    out["calcule"] = out["id_kpi"].isin(computed_kpi_ids(bundle.kpis))
    return out


def status_counts(statuses: pd.Series, order: tuple[str, ...]) -> dict[str, int]:
    return {s: int((statuses == s).sum()) for s in order}


# --------------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------------

REACHED_ON_TIME = "atteint_a_temps"
REACHED_LATE = "atteint_en_retard"
OVERDUE = "en_retard"
TO_COME = "a_venir"
ABANDONED = "abandonne"
MILESTONE_STATUSES = (REACHED_ON_TIME, REACHED_LATE, OVERDUE, TO_COME, ABANDONED)


def milestone_status(milestones: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Each milestone's status on the as-of date and its delay in days:

    - reached on time / reached late: actual date on or before the as-of date, compared with the
      planned date (delay = actual - planned);
    - abandoned: marked abandoned and its planned date passed (the file does not say when it
      was abandoned: before its planned date it is shown as to come);
    - overdue: not reached on the as-of date and planned before it (delay = as-of - planned);
    - to come: not reached and planned on or after the as-of date.
    """
    day = pd.Timestamp(as_of)
    frame = milestones.copy()
    reached = frame["date_reelle"].notna() & (frame["date_reelle"] <= day)
    abandoned = (frame["statut"] == "abandonne").fillna(False) & (frame["date_prevue"] < day) & ~reached
    late_reached = reached & (frame["date_reelle"] > frame["date_prevue"])
    overdue = ~reached & ~abandoned & (frame["date_prevue"] < day)
    status = np.select(
        [reached & ~late_reached, late_reached, abandoned, overdue],
        [REACHED_ON_TIME, REACHED_LATE, ABANDONED, OVERDUE],
        default=TO_COME,
    )
    frame["statut_a_date"] = pd.array(status, dtype="string")
    delay = pd.Series(0, index=frame.index, dtype="int64")
    delay[late_reached] = (frame.loc[late_reached, "date_reelle"] - frame.loc[late_reached, "date_prevue"]).dt.days
    delay[overdue] = (day - frame.loc[overdue, "date_prevue"]).dt.days
    frame["retard_jours"] = delay
    return frame


COMMITTEE_PATTERN = re.compile(r"comit[ée] de pilotage", re.IGNORECASE)


def previous_committee(milestones: pd.DataFrame, as_of: dt.date) -> dt.date | None:
    """The date of the last steering-committee meeting held strictly before the as-of date
    (milestones titled 'Comité de pilotage…', actual date), or None."""
    titles = milestones["titre"].astype("object").fillna("")
    held = milestones[titles.map(lambda t: bool(COMMITTEE_PATTERN.search(t))) & milestones["date_reelle"].notna()]
    held = held[held["date_reelle"] < pd.Timestamp(as_of)]
    if held.empty:
        return None
    return held["date_reelle"].max().date()


# --------------------------------------------------------------------------------------------
# Action 1: network
# --------------------------------------------------------------------------------------------


def network_series(
    actors: pd.DataFrame,
    events: pd.DataFrame,
    dates: list[dt.date],
    all_events: pd.DataFrame | None = None,
    all_actor_ids: set | None = None,
) -> pd.DataFrame:
    """Per date (analytics.impact.figures, one definition each): events of `events` held and their
    participants (cumulative), distinct actors of `actors` present at least once at any network
    event (`all_events`, default `events`; None when the events cite only actors absent from the
    base, `all_actor_ids`), network members among `actors`. Filter `actors` and `events` by
    territory beforehand to get a territory's series."""
    presence = events if all_events is None else all_events
    rows = []
    for d in dates:
        reached = fig.actors_reached(actors, presence, d, all_actor_ids)
        rows.append(
            {
                "date": pd.Timestamp(d),
                "evenements": fig.events_count(events, d),
                "participants": fig.participants(events, d),
                "acteurs_touches": reached.count,
                "membres": fig.members(actors, d),
            }
        )
    frame = pd.DataFrame(rows, columns=["date", "evenements", "participants", "acteurs_touches", "membres"])
    return frame.astype({"acteurs_touches": "Int64"})


def network_by_territory(
    actors: pd.DataFrame, events: pd.DataFrame, actor_key: pd.Series, event_key: pd.Series, as_of: dt.date
) -> pd.DataFrame:
    """Per territory key (e.g. département code of each actor / event): events held and
    participants there, actors of the territory present at least once at any event, network
    members and actors mapped, on the as-of date."""
    day = pd.Timestamp(as_of)
    held = events[events["date"] <= day]
    present = {a for p in held["acteurs_presents"] for a in p}
    acts = actors.assign(
        _key=actor_key.reindex(actors.index), _member=members_on(actors, as_of), _reached=actors["id"].isin(present)
    )
    by_actor = acts.groupby("_key").agg(
        acteurs=("id", "size"), membres=("_member", "sum"), acteurs_touches=("_reached", "sum")
    )
    evs = held.assign(_key=event_key.reindex(held.index))
    by_event = evs.groupby("_key").agg(evenements=("id_evenement", "size"), participants=("participants", "sum"))
    out = pd.concat([by_event, by_actor], axis=1).fillna(0).astype("int64")
    out.index.name = "code"
    return out.reset_index()[["code", "evenements", "participants", "acteurs_touches", "membres", "acteurs"]]


# --------------------------------------------------------------------------------------------
# Action 2: regional database
# --------------------------------------------------------------------------------------------


def database_series(actors: pd.DataFrame, dates: list[dt.date], fresh_days: int = FRESH_DAYS) -> pd.DataFrame:
    """Per date: places known (analytics.impact.figures.places), shares complete, up to date and both,
    and the number of distinct sources cited by those places."""
    rows = []
    complete = fig.record_complete(actors)
    for d in dates:
        rows.append(
            {
                "date": pd.Timestamp(d),
                "lieux": fig.places(actors, d),
                "part_completes": _nan(fig.complete_share(actors, d, complete)),
                "part_a_jour": _nan(fig.fresh_share(actors, d, fresh_days)),
                "part_completes_a_jour": _nan(fig.complete_fresh_share(actors, d, fresh_days, complete)),
                "sources": fig.sources_cited(actors, d),
            }
        )
    return pd.DataFrame(
        rows, columns=["date", "lieux", "part_completes", "part_a_jour", "part_completes_a_jour", "sources"]
    )


def _nan(value: float | None) -> float:
    return np.nan if value is None else value


def sources_table(actors: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per source: records that cite it and the first update date among them, on the as-of date."""
    known = actors[actors["date_maj"].notna() & (actors["date_maj"] <= pd.Timestamp(as_of))]
    exploded = known[["id", "date_maj", "sources"]].explode("sources").dropna(subset=["sources"])
    if exploded.empty:
        return pd.DataFrame(
            {
                "source": pd.Series([], dtype=object),
                "lieux": pd.Series([], dtype="int64"),
                "premiere_mise_a_jour": pd.Series([], dtype="datetime64[ns]"),
            }
        )
    out = (
        exploded.groupby("sources").agg(lieux=("id", "nunique"), premiere_mise_a_jour=("date_maj", "min")).reset_index()
    )
    return (
        out.rename(columns={"sources": "source"}).sort_values(["premiere_mise_a_jour", "source"]).reset_index(drop=True)
    )


# --------------------------------------------------------------------------------------------
# Action 3: experiments
# --------------------------------------------------------------------------------------------


def series_dates(start: dt.date, months: int, as_of: dt.date) -> list[dt.date]:
    """The month anniversaries of the period up to the as-of date, and the as-of date itself."""
    day = min(max(as_of, start), add_months(start, months))
    dates = [add_months(start, i) for i in range(months + 1) if add_months(start, i) <= day]
    return sorted({*dates, day})


def events_by_month(events: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Events held per calendar month and type, with participants, up to the as-of date."""
    held = events[events["date"] <= pd.Timestamp(as_of)]
    if held.empty:
        return pd.DataFrame(columns=["mois", "type", "evenements", "participants"])
    frame = held.assign(mois=held["date"].dt.to_period("M").dt.to_timestamp())
    out = frame.groupby(["mois", "type"], as_index=False).agg(
        evenements=("id_evenement", "size"), participants=("participants", "sum")
    )
    out["participants"] = out["participants"].fillna(0).astype("int64")
    return out
