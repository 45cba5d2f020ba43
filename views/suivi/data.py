"""What the Suivi page computes from the data, kept per data version, territory and date
(analytics.memo.per_bundle): the series of the network and of the base, the experiments."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.evaluation import follow_up as ev
from analytics.impact import figures as fig
from analytics.memo import per_bundle
from analytics.territory.scope import select, territory_names
from analytics.territory.selection import Selection
from loaders.bundle import DataBundle


@per_bundle(maxsize=16)
def network_series(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    """analytics.evaluation.follow_up.network_series of the territory, from the start of the period to `as_of`."""
    config = bundle.config
    return ev.network_series(
        fig.actors_in(bundle, selection),
        fig.events_in(bundle, selection),
        ev.series_dates(config.start, config.months, as_of),
        bundle.events,
        set(bundle.actors["id"]),
    )


@per_bundle(maxsize=16)
def database_series(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    """analytics.evaluation.follow_up.database_series of the territory's places."""
    config = bundle.config
    return ev.database_series(fig.actors_in(bundle, selection), ev.series_dates(config.start, config.months, as_of))


@per_bundle(maxsize=16)
def experiments_frame(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    """The experiments of the territory as they stood on `as_of`, with their territory's name."""
    communes = bundle.territories.communes
    frame = ev.experiments_at(bundle.experiments, as_of)
    frame = select(frame, selection, communes)
    return frame.assign(
        territoire=territory_names(frame["code_territoire"], frame["niveau_territoire"], communes)
    ).reset_index(drop=True)
