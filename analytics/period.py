"""The hub's period: months elapsed, share of time elapsed, the default "as of" date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from loaders.config import add_months


@dataclass(frozen=True)
class PeriodProgress:
    start: dt.date
    end: dt.date
    as_of: dt.date
    months_total: int
    months_elapsed: int  # whole months elapsed since the start, 0..months_total
    time_share: float  # days elapsed / days of the period, 0..1

    @property
    def finished(self) -> bool:
        return self.as_of >= self.end

    @property
    def started(self) -> bool:
        return self.as_of >= self.start


def clamp_to_period(day: dt.date, start: dt.date, months: int) -> dt.date:
    end = add_months(start, months)
    return min(max(day, start), end)


def period_progress(start: dt.date, months: int, as_of: dt.date) -> PeriodProgress:
    """Whole months elapsed (a month counts once its anniversary day is reached)."""
    end = add_months(start, months)
    day = clamp_to_period(as_of, start, months)
    elapsed = 0
    while elapsed < months and add_months(start, elapsed + 1) <= day:
        elapsed += 1
    share = (day - start).days / (end - start).days
    return PeriodProgress(start, end, as_of, months, elapsed, share)


def month_starts(start: dt.date, months: int) -> list[dt.date]:
    """The anniversary dates: start, start+1 month, ..., end (months + 1 dates)."""
    return [add_months(start, i) for i in range(months + 1)]
