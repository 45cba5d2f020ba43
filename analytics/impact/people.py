"""People accompanied of a territory, kept per data version (analytics.memo.per_bundle).

The definitions are analytics/impact/activity.py's; this module only keeps what the Fiche
territoire, the Synthèse and their documents ask at every run: a territory's figures at a date,
the breakdowns a series has, and one breakdown of a territory.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.impact import activity as act
from analytics.memo import per_bundle


@per_bundle(maxsize=64)
def territory_people(
    bundle, level: str, code: str | None, as_of: dt.date | None, people_only: bool = True
) -> tuple[act.PeopleFigure, ...]:
    """analytics.impact.activity.people_figures of one territory (level « region »: code None)."""
    return tuple(
        act.people_figures(bundle.activity, bundle.territories.communes, level, code, as_of, people_only=people_only)
    )


@per_bundle(maxsize=64)
def series_breakdowns(bundle, series: act.Series) -> tuple[str, ...]:
    """The breakdowns a series has besides its total (analytics.impact.activity.breakdowns_of)."""
    return tuple(act.breakdowns_of(bundle.activity, series))


@per_bundle(maxsize=128)
def territory_breakdown(bundle, series: act.Series, name: str, level: str, code: str | None) -> pd.DataFrame:
    """analytics.impact.activity.breakdown of one territory."""
    return act.breakdown(bundle.activity, bundle.territories.communes, series, name, level, code)
