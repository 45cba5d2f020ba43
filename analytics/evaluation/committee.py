"""The committee's view at a date, compared with an earlier one: built once, shown by the Suivi
18 mois page and printed by its snapshot, so that both show the same numbers.

Follow-up indicators (KPIs), milestones and money are the hub's (every territory); the network,
database and experiments figures follow the territory chosen (analytics.impact.figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics.evaluation import follow_up as ev
from analytics.evaluation.period import PeriodProgress, period_progress
from analytics.impact.figures import HubFigures, hub_figures
from analytics.memo import per_bundle
from analytics.territory.selection import Selection


@dataclass(frozen=True)
class CommitteeSummary:
    as_of: dt.date
    compare: dt.date | None
    selection: Selection
    progress: PeriodProgress
    kpis: pd.DataFrame  # ev.kpi_progress_at on the as-of date
    kpis_before: pd.DataFrame | None
    measures: pd.DataFrame  # ev.follow_up_measures known on the as-of date (for the charts)
    milestones: pd.DataFrame  # ev.milestone_status on the as-of date
    milestones_before: pd.DataFrame | None
    figures: HubFigures  # the territory's figures on the as-of date (money: the hub's)
    figures_before: HubFigures | None

    def kpi_count(self, status: str, before: bool = False) -> int | None:
        frame = self.kpis_before if before else self.kpis
        return None if frame is None else int((frame["statut"] == status).sum())

    def overdue(self, before: bool = False) -> int | None:
        frame = self.milestones_before if before else self.milestones
        return None if frame is None else int((frame["statut_a_date"] == ev.OVERDUE).sum())


@per_bundle()
def committee_summary(bundle, selection: Selection, as_of: dt.date, compare: dt.date | None = None) -> CommitteeSummary:
    config = bundle.config
    return CommitteeSummary(
        as_of=as_of,
        compare=compare,
        selection=selection,
        progress=period_progress(config.start, config.months, as_of),
        kpis=ev.kpi_progress_at(bundle, as_of),
        kpis_before=ev.kpi_progress_at(bundle, compare) if compare else None,
        measures=ev.follow_up_measures(bundle, as_of),
        milestones=ev.milestone_status(bundle.milestones, as_of),
        milestones_before=ev.milestone_status(bundle.milestones, compare) if compare else None,
        figures=hub_figures(bundle, selection, as_of),
        figures_before=hub_figures(bundle, selection, compare) if compare else None,
    )
