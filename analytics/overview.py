"""The home page's figures for a territory selection and an "as of" date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics.funding import envelope_consumption
from analytics.territory_selection import Selection, in_selection


@dataclass(frozen=True)
class Overview:
    actors: int
    members: int
    communes_with_place: int
    communes: int
    population: int
    population_with_place: int
    budget_planned_cents: int
    budget_committed_cents: int
    budget_spent_cents: int


def overview(
    actors: pd.DataFrame,
    communes: pd.DataFrame,
    budget_lines: pd.DataFrame,
    movements: pd.DataFrame,
    envelope_keys: list[str],
    selection: Selection,
    as_of: dt.date,
) -> Overview:
    """Actors and communes are those of the selection; money is the hub's (envelopes of the
    configuration, every territory), as of the given date."""
    acts = actors[in_selection(actors["code_insee"], selection)]
    members = acts["membre_reseau_depuis"].notna() & (acts["membre_reseau_depuis"] <= pd.Timestamp(as_of))
    comms = communes[communes["code_insee"].isin(selection.communes)]
    with_place = comms["code_insee"].isin(set(acts["code_insee"].dropna()))
    money = envelope_consumption(budget_lines, movements, envelope_keys, as_of)
    return Overview(
        actors=int(len(acts)),
        members=int(members.sum()),
        communes_with_place=int(with_place.sum()),
        communes=int(len(comms)),
        population=int(comms["population"].sum()),
        population_with_place=int(comms.loc[with_place, "population"].sum()),
        budget_planned_cents=int(money["prevu_centimes"].sum()),
        budget_committed_cents=int(money["engage_centimes"].sum()),
        budget_spent_cents=int(money["depense_centimes"].sum()),
    )
