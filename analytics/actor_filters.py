"""Filtering actors by what they offer and who they are (the map's filters)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

MEMBERSHIP = ("tous", "membres", "non_membres")
MOBILITY = ("tous", "fixes", "itinerants")


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
        return bool(self.services or self.programmes or self.publics or self.frais) or self.mobility != "tous" or self.membership != "tous"


def _has_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: bool(wanted_set.intersection(values or ())))


def filter_actors(actors: pd.DataFrame, flt: ActorFilter) -> pd.DataFrame:
    mask = pd.Series(True, index=actors.index)
    if flt.services:
        mask &= _has_any(actors["services"], flt.services)
    if flt.programmes:
        mask &= _has_any(actors["dispositif_programmes_nationaux"], flt.programmes)
    if flt.publics:
        mask &= _has_any(actors["publics_specifiquement_adresses"], flt.publics)
    if flt.frais:
        mask &= _has_any(actors["frais_a_charge"], flt.frais)
    if flt.mobility != "tous":
        itinerant = actors["itinerance"].map(lambda v: "Itinérant" in (v or ()))
        mask &= itinerant if flt.mobility == "itinerants" else ~itinerant
    if flt.membership != "tous":
        member = actors["membre_reseau"].astype(bool)
        mask &= member if flt.membership == "membres" else ~member
    return actors[mask]
