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


@dataclass(frozen=True)
class DefaultDate:
    """The "as of" date a page opens on, and why (French, shown on the page)."""

    day: dt.date
    reason: str


def default_as_of(start: dt.date, months: int, latest_data: dt.date | None, today: dt.date) -> DefaultDate:
    """The date the follow-up pages open on:
    - the last date the loaded data cover, when it lies inside the period (and is not in the future);
    - the period's end, once the period is over and the data reach it;
    - today otherwise (bounded to the period)."""
    end = add_months(start, months)
    fmt = lambda d: d.strftime("%d/%m/%Y")  # noqa: E731
    if latest_data is not None and start <= latest_data < end and latest_data <= today:
        return DefaultDate(latest_data, "dernière date couverte par les données chargées")
    if today >= end:
        if latest_data is not None and latest_data >= end:
            return DefaultDate(end, "fin de la période, que les données chargées couvrent")
        covered = (
            f" ; les données chargées s'arrêtent au {fmt(latest_data)}"
            if latest_data is not None
            else " ; aucune donnée de suivi datée n'est chargée"
        )
        return DefaultDate(end, "fin de la période" + covered)
    if today < start:
        return DefaultDate(start, "début de la période (elle n'a pas commencé)")
    if latest_data is None:
        return DefaultDate(today, "aujourd'hui : aucune donnée de suivi datée n'est chargée")
    return DefaultDate(today, "aujourd'hui")


@dataclass(frozen=True)
class ParsedDate:
    day: dt.date | None
    problem: str | None  # French: why the given date was not used


def parse_as_of(raw: str | None, start: dt.date, months: int) -> ParsedDate:
    """A date given in the address (`?au=2023-06-27`, or 27/06/2023): None without a problem
    when absent; a French problem when unreadable or outside the period."""
    if raw is None or not str(raw).strip():
        return ParsedDate(None, None)
    text = str(raw).strip()[:40]
    day = None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            day = dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            return ParsedDate(
                None,
                f"la date « {text} » de l'adresse (au=) est illisible : attendu AAAA-MM-JJ, par exemple "
                f"au={start.isoformat()}",
            )
    end = add_months(start, months)
    if not start <= day <= end:
        return ParsedDate(
            None,
            f"la date du {day.strftime('%d/%m/%Y')} de l'adresse (au=) est hors de la période du "
            f"{start.strftime('%d/%m/%Y')} au {end.strftime('%d/%m/%Y')}",
        )
    return ParsedDate(day, None)


def latest_follow_up_date(bundle) -> dt.date | None:
    """The most recent date the follow-up data cover: movements, hand-made KPI measures,
    events, milestones reached, fund-raising files filed or decided."""
    columns = [
        bundle.movements["date"],
        bundle.kpi_measures["date"],
        bundle.events["date"],
        bundle.milestones["date_reelle"],
        bundle.fundraising["date_depot"],
        bundle.fundraising["date_decision"],
    ]
    found = [c.max() for c in columns if not c.dropna().empty]
    return max(found).date() if found else None
