"""Filtering actors by what they offer and who they are (the map's filters).

Unknown is not "no" (analytics/coverage/described_fields.py): a place that does not describe a field
(no publics, no fees given; services only implied by a national list) is not shown when a value
of that field is chosen, since nothing says it matches; `left_out_as_unknown` counts those
places, so that the page can say how many may match without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

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

    @property
    def active(self) -> bool:
        return (
            bool(self.services or self.programmes or self.publics or self.frais)
            or self.mobility != "tous"
            or self.membership != "tous"
        )


def _has_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: bool(wanted_set.intersection(values or ())))


def filter_actors(actors: pd.DataFrame, flt: ActorFilter) -> pd.DataFrame:
    """The places that match every active criterion (a place that does not describe a field
    does not match a value of it: see `left_out_as_unknown`)."""
    mask = pd.Series(True, index=actors.index)
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
    return out
