"""Opening hours (`horaires`, OSM `opening_hours` syntax) read with a maintained parser.

The standard "lieux de médiation numérique" writes a place's opening hours in the syntax of
OpenStreetMap's `opening_hours` key (`Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00`). They
are parsed and evaluated by the PyPI package `opening-hours-py` (Python bindings of the Rust
crate `opening-hours`), never by hand. A value it does not accept is *illisible*: a quality
problem (analytics/quality/data_quality.py), and the place is neither open nor closed for the
filters (unknown is not "no").

Per place, over one reference week (Monday 00:00 to the next Monday, local time, no public
holidays: no country is given to the parser):
- `heures_semaine`: hours open in the week (intervals the parser says OPEN);
- `ouvert_samedi`, `ouvert_dimanche`: open at some moment of that day;
- `ouvert_apres_18h`: open at some moment between 18:00 and midnight, any day;
- `soir_ou_weekend`: open after 18:00 or on Saturday or Sunday.
"Ouvert maintenant" asks the parser for the state at a moment (`open_at`).

Each distinct text is parsed once (a cache of the strings seen). No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from opening_hours import OpeningHours, State, validate

from loaders.code_sets import in_codes

EVENING = dt.time(18, 0)
LOCAL_TIME = ZoneInfo("Europe/Paris")
ABSENT = "absent"
VALID = "valide"
UNREADABLE = "illisible"
STATE_LABELS = {ABSENT: "non renseignés", VALID: "lisibles", UNREADABLE: "illisibles (syntaxe OSM non respectée)"}
WEEK_COLUMNS = ("etat_horaires", "heures_semaine", "ouvert_samedi", "ouvert_dimanche", "ouvert_apres_18h")
SYNTAX_HELP = (
    "syntaxe OpenStreetMap attendue, par exemple « Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00 » (jours Mo Tu We "
    "Th Fr Sa Su, heures sur 24 h au format HH:MM, règles séparées par « ; »)"
)


@dataclass(frozen=True)
class Week:
    """What a place's hours say about one week (None values: hours absent or unreadable)."""

    state: str
    hours: float | None = None
    saturday: bool | None = None
    sunday: bool | None = None
    evening: bool | None = None

    @property
    def evening_or_weekend(self) -> bool | None:
        if self.state != VALID:
            return None
        return bool(self.evening or self.saturday or self.sunday)


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


@lru_cache(maxsize=100_000)
def parsed(text: str) -> OpeningHours | None:
    """The parsed expression, None when empty or unreadable."""
    if not text or not validate(text):
        return None
    try:
        return OpeningHours(text)
    except (SyntaxError, ValueError):  # validate() said yes: defensive only
        return None


def state_of(value) -> str:
    text = _text(value)
    if not text:
        return ABSENT
    return VALID if parsed(text) is not None else UNREADABLE


def local_now() -> dt.datetime:
    """Now in the places' local time (Europe/Paris), naive, as the parser evaluates it."""
    return dt.datetime.now(LOCAL_TIME).replace(tzinfo=None)


def week_start(day: dt.date) -> dt.datetime:
    """Monday 00:00 of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return dt.datetime.combine(monday, dt.time(0, 0))


@lru_cache(maxsize=100_000)
def _week(text: str, start: dt.datetime) -> Week:
    if not text:
        return Week(ABSENT)
    hours = parsed(text)
    if hours is None:
        return Week(UNREADABLE)
    end = start + dt.timedelta(days=7)
    total = 0.0
    days_open: set[int] = set()
    evening = False
    for begin, finish, state, _comment in hours.intervals(start, end):
        if state != State.OPEN:
            continue
        begin, finish = max(begin, start), min(finish or end, end)
        if finish <= begin:
            continue
        total += (finish - begin).total_seconds() / 3600.0
        day = begin.date()
        while dt.datetime.combine(day, dt.time(0, 0)) < finish:
            day_start = dt.datetime.combine(day, dt.time(0, 0))
            day_end = day_start + dt.timedelta(days=1)
            if begin < day_end and finish > day_start:
                days_open.add(day.weekday())
                if finish > dt.datetime.combine(day, EVENING) and begin < day_end:
                    evening = True
            day += dt.timedelta(days=1)
    return Week(VALID, round(total, 2), 5 in days_open, 6 in days_open, evening)


def week_of(value, day: dt.date) -> Week:
    """What the hours `value` say about the week of `day`."""
    return _week(_text(value), week_start(day))


def open_at(value, moment: dt.datetime) -> bool | None:
    """Open at `moment` (local time): True, False, or None when the hours are absent or unreadable."""
    hours = parsed(_text(value))
    if hours is None:
        return None
    return hours.state(moment.replace(tzinfo=None))[0] == State.OPEN


def week_table(actors: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Per place (index of `actors`): `etat_horaires` (absent / valide / illisible),
    `heures_semaine`, `ouvert_samedi`, `ouvert_dimanche`, `ouvert_apres_18h`, `soir_ou_weekend`
    (NaN / NA where the hours are absent or unreadable), for the week of `day`."""
    start = week_start(day)
    texts = actors["horaires"].map(_text) if "horaires" in actors else pd.Series("", index=actors.index)
    weeks = {text: _week(text, start) for text in pd.unique(texts)}

    def column(attribute: str, dtype):
        values = [getattr(weeks[t], attribute) for t in texts]
        if dtype == "boolean":
            return pd.array(values, dtype="boolean")
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    out = pd.DataFrame(index=actors.index)
    out["etat_horaires"] = [weeks[t].state for t in texts]
    out["heures_semaine"] = column("hours", float)
    out["ouvert_samedi"] = column("saturday", "boolean")
    out["ouvert_dimanche"] = column("sunday", "boolean")
    out["ouvert_apres_18h"] = column("evening", "boolean")
    out["soir_ou_weekend"] = column("evening_or_weekend", "boolean")
    return out


def open_mask(actors: pd.DataFrame, moment: dt.datetime) -> pd.Series:
    """True where the place is open at `moment` (absent or unreadable hours: False)."""
    texts = actors["horaires"].map(_text) if "horaires" in actors else pd.Series("", index=actors.index)
    states = {text: bool(open_at(text, moment)) for text in pd.unique(texts)}
    return texts.map(states).astype(bool)


def unreadable_hours(actors: pd.DataFrame) -> pd.DataFrame:
    """The places whose `horaires` the parser does not accept: `id, nom, commune, horaires`."""
    if actors.empty or "horaires" not in actors:
        return pd.DataFrame(columns=["id", "nom", "commune", "horaires"])
    states = actors["horaires"].map(state_of)
    bad = actors[states == UNREADABLE]
    return pd.DataFrame(
        {
            "id": bad["id"].astype(object).to_numpy(),
            "nom": bad["nom"].astype(object).to_numpy(),
            "commune": bad["commune"].astype(object).to_numpy(),
            "horaires": bad["horaires"].astype(object).to_numpy(),
        }
    )


def opening_by_territory(
    actors: pd.DataFrame, communes: pd.DataFrame, column: str, day: dt.date, codes=None
) -> pd.DataFrame:
    """Per territory (`column` of the communes: `code_insee`, `code_epci`, `code_departement`):

    `code`, `lieux`, `lieux_horaires_lisibles`, `heures_hebdo` (sum of the weekly hours of the
    places with readable hours), `heures_pour_10000` (per 10,000 inhabitants, NaN when no place
    has readable hours: unknown, not zero... unless the territory has no place at all: 0),
    `part_soir_weekend` (share of the places with readable hours open after 18:00 or on a
    weekend day, 0-1, NaN when none has readable hours).

    `codes`: the territories to report (default: every one of `communes`)."""
    ref = communes.dropna(subset=[column]) if column != "code_insee" else communes
    population = ref.groupby(column)["population"].sum()
    wanted = pd.Index(sorted(set(codes) if codes is not None else set(population.index)), name="code")
    place_of = dict(zip(ref["code_insee"], ref[column]))
    located = actors[in_codes(actors["code_insee"], place_of.keys())] if len(actors) else actors
    week = week_table(located, day)
    frame = pd.DataFrame(
        {
            "code": located["code_insee"].map(place_of).to_numpy(),
            "lisible": (week["etat_horaires"] == VALID).to_numpy(),
            "heures": week["heures_semaine"].to_numpy(),
            "soir": week["soir_ou_weekend"].fillna(False).to_numpy(dtype=bool),
        }
    )
    grouped = frame.groupby("code")
    places = grouped.size().reindex(wanted, fill_value=0)
    readable = grouped["lisible"].sum().reindex(wanted, fill_value=0).astype(int)
    hours = grouped["heures"].sum(min_count=1).reindex(wanted)
    evening = frame[frame["lisible"]].groupby("code")["soir"].sum().reindex(wanted, fill_value=0)
    pop = population.reindex(wanted).astype(float)
    out = pd.DataFrame(
        {
            "code": wanted.astype(str),
            "lieux": places.to_numpy(dtype=int),
            "lieux_horaires_lisibles": readable.to_numpy(dtype=int),
            "heures_hebdo": hours.fillna(0.0).to_numpy(dtype=float),
        }
    )
    per = (10_000 * out["heures_hebdo"] / pop.to_numpy()).where(pop.to_numpy() > 0)
    out["heures_pour_10000"] = per.where((out["lieux_horaires_lisibles"] > 0) | (out["lieux"] == 0))
    out["part_soir_weekend"] = (evening.to_numpy(dtype=float) / out["lieux_horaires_lisibles"]).where(
        out["lieux_horaires_lisibles"] > 0
    )
    return out
