"""Filtering actors by what they offer, who they are, when they open and where they come from.

Unknown is not "no" (analytics/coverage/described_fields.py): a place that does not describe a field
(no publics, no fees given; services only implied by a national list) is not shown when a value
of that field is chosen, since nothing says it matches; `left_out_as_unknown` counts those
places, so that the page can say how many may match without saying so.


Opening hours (analytics/coverage/opening_hours.py): "ouvert maintenant" (at `now`), "ouvert
le samedi" and "ouvert après 18 h" (in the week of `now`) keep only the places whose hours
say so; a place whose hours are absent or unreadable is left out and counted as unknown.
The search (`search_actors`) looks for words in the name, the commune and the postal code;
the source filter keeps the places described by at least one of the chosen sources.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.coverage import opening_hours as oh
from analytics.coverage.described_fields import describes

MEMBERSHIP = ("tous", "membres", "non_membres")
MOBILITY = ("tous", "fixes", "itinerants")
# The filter's lists -> the field of the standard each one reads.
FILTER_FIELDS: dict[str, str] = {
    "services": "services",
    "programmes": "dispositif_programmes_nationaux",
    "publics": "publics_specifiquement_adresses",
    "frais": "frais_a_charge",
}


@dataclass(frozen=True)
class ActorFilter:
    """Empty lists mean "no constraint". Within a list, a place matches if it has at least one
    of the chosen values (services, programmes, publics, frais)."""

    services: tuple[str, ...] = field(default=())
    programmes: tuple[str, ...] = field(default=())
    publics: tuple[str, ...] = field(default=())
    frais: tuple[str, ...] = field(default=())
    mobility: str = "tous"
    membership: str = "tous"
    open_now: bool = False
    saturday: bool = False
    evening: bool = False
    sources: tuple[str, ...] = field(default=())
    search: str = ""

    @property
    def hours_active(self) -> bool:
        return self.open_now or self.saturday or self.evening

    @property
    def active(self) -> bool:
        return (
            bool(self.services or self.programmes or self.publics or self.frais or self.sources)
            or self.mobility != "tous"
            or self.membership != "tous"
            or self.hours_active
            or bool(self.search.strip())
        )


def _has_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: bool(wanted_set.intersection(values or ())))


def _lists(series: pd.Series) -> pd.Series:
    return series.map(lambda v: list(v) if isinstance(v, (list, tuple, np.ndarray)) else [])


def search_actors(actors: pd.DataFrame, text: str) -> pd.Series:
    """True for the places whose name, commune or postal code contain every word of `text`
    (case, accents and punctuation ignored; a postal code or its beginning matches)."""
    words = folded_words(text)
    if not words:
        return pd.Series(True, index=actors.index)
    haystack = (
        actors["nom"].map(_folded)
        + " "
        + actors["commune"].map(_folded)
        + " "
        + (actors["code_postal"].map(_folded) if "code_postal" in actors else "")
    )
    haystack = " " + haystack + " "
    mask = pd.Series(True, index=actors.index)
    for word in words:
        mask &= haystack.str.contains(" " + word, regex=False)
    return mask


def folded_words(value) -> list[str]:
    """The words of a text in lower case, without accents nor punctuation."""
    if not isinstance(value, str):
        return []
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    return [w for w in re.split(r"[^a-z0-9]+", text) if w]


def _folded(value) -> str:
    return " ".join(folded_words(value))


def filter_actors(actors: pd.DataFrame, flt: ActorFilter, now: dt.datetime | None = None) -> pd.DataFrame:
    """The places that match every active criterion (a place that does not describe a field
    does not match a value of it: see `left_out_as_unknown`). `now` (local time) is the moment
    of "ouvert maintenant" and the week of the other hours' criteria (default: now)."""
    mask = pd.Series(True, index=actors.index)
    if flt.search.strip():
        mask &= search_actors(actors, flt.search)
    if flt.sources:
        wanted = set(flt.sources)
        mask &= _lists(actors["sources"]).map(lambda values: bool(wanted.intersection(values)))
    if flt.hours_active and len(actors):
        moment = now or dt.datetime.now()
        if flt.open_now:
            mask &= oh.open_mask(actors, moment)
        if flt.saturday or flt.evening:
            week = oh.week_table(actors, moment.date())
            if flt.saturday:
                mask &= week["ouvert_samedi"].fillna(False).astype(bool)
            if flt.evening:
                mask &= week["ouvert_apres_18h"].fillna(False).astype(bool)
    for name, column in FILTER_FIELDS.items():
        wanted = getattr(flt, name)
        if wanted:
            mask &= _has_any(actors[column], wanted)
    if flt.mobility != "tous":
        itinerant = actors["itinerance"].map(lambda v: "Itinérant" in (v or ()))
        # A place whose mobility is not given is neither "fixe" nor "itinérant".
        mask &= itinerant if flt.mobility == "itinerants" else ~itinerant & describes(actors, "itinerance")
    if flt.membership != "tous":
        member = actors["membre_reseau"].astype(bool)
        mask &= member if flt.membership == "membres" else ~member
    return actors[mask]


def undescribed_counts(actors: pd.DataFrame) -> dict[str, int]:
    """Per criterion of the filter (services, programmes, publics, frais, mobility): how many
    places do not describe the field it reads."""
    fields = {**FILTER_FIELDS, "mobility": "itinerance"}
    return {name: int((~describes(actors, column)).sum()) for name, column in fields.items()}


def left_out_as_unknown(actors: pd.DataFrame, flt: ActorFilter) -> dict[str, int]:
    """Per active criterion of the filter: how many places it leaves out only because they do
    not describe the field (none of the chosen values in their list, field not described;
    for mobility, itinerance not given)."""
    out = {}
    for name, column in FILTER_FIELDS.items():
        wanted = getattr(flt, name)
        if wanted:
            unknown = ~describes(actors, column) & ~_has_any(actors[column], wanted)
            out[name] = int(unknown.sum())
    if flt.mobility != "tous":
        out["mobility"] = int((~describes(actors, "itinerance")).sum())
    if flt.hours_active:
        out["horaires"] = int((actors["horaires"].map(oh.state_of) != oh.VALID).sum()) if len(actors) else 0
    return out


def source_names(actors: pd.DataFrame) -> list[str]:
    """The sources the places cite, the most cited first (then by name)."""
    counts = _lists(actors["sources"]).explode().dropna().value_counts()
    return sorted(counts.index.astype(str), key=lambda s: (-int(counts[s]), s))
