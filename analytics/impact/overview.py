"""The home page's communes with a place, for a territory selection and an "as of" date (the
other figures of the home page are analytics.impact.figures')."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from analytics.impact import figures as fig
from analytics.territory.scope import select
from analytics.territory.selection import Selection


@dataclass(frozen=True)
class CommunesWithPlace:
    with_place: int
    communes: int
    population: int
    population_with_place: int

    @property
    def population_share(self) -> float | None:
        return self.population_with_place / self.population if self.population else None


def communes_with_place(bundle, selection: Selection, as_of: dt.date) -> CommunesWithPlace:
    """Communes of the selection where at least one place known on the date is located."""
    actors = fig.actors_in(bundle, selection)
    known = actors[fig.known_on(actors, as_of)]
    communes = bundle.territories.communes
    comms = select(communes, selection)
    with_place = comms["code_insee"].isin(set(known["code_insee"].dropna()))
    return CommunesWithPlace(
        with_place=int(with_place.sum()),
        communes=int(len(comms)),
        population=int(comms["population"].sum()),
        population_with_place=int(comms.loc[with_place, "population"].sum()),
    )
