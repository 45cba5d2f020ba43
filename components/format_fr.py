"""French number, money, percent and date formats (`1 234,5`, `212 500 €`, `45,3 %`, `26/04/2022`)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

NBSP = "\u00a0"


def fr_number(value, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def fr_int(value) -> str:
    return fr_number(value, 0)


def fr_euros(cents, force_cents: bool = False) -> str:
    """Integer cents -> '212 500 €' or '18 437,50 €' (cents shown when not whole euros)."""
    if cents is None or cents is pd.NA or (isinstance(cents, float) and math.isnan(cents)):
        return "–"
    cents = int(cents)
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    text = f"{euros:,}".replace(",", NBSP)
    if rest or force_cents:
        text += f",{rest:02d}"
    return f"{sign}{text}{NBSP}€"


def fr_euros_whole(cents) -> str:
    """Rounded to the euro (half up), for key figures and sentences: '38 661 €'. Tables and
    eligibility checks show the cents (`fr_euros(..., force_cents=True)`): that is where they matter."""
    if cents is None or cents is pd.NA or (isinstance(cents, float) and math.isnan(cents)):
        return "–"
    return fr_euros((int(cents) + 50) // 100 * 100)


def fr_ratio(value, decimals: int = 2) -> str:
    """A ratio without unit (euros obtained per euro granted): '× 1,30'."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"×{NBSP}{fr_number(value, decimals)}"


def fr_count(n: int, singular: str, plural: str | None = None, none: str | None = None) -> str:
    """'aucune commune' / '1 commune' / '12 communes' (French agreement; `none` for zero)."""
    n = int(n)
    if n == 0 and none is not None:
        return none
    word = singular if abs(n) < 2 else (plural or singular + "s")
    return f"{fr_int(n)} {word}"


def fr_percent(ratio, decimals: int = 1) -> str:
    """A ratio (0.453) -> '45,3 %'."""
    if ratio is None or ratio is pd.NA or (isinstance(ratio, float) and math.isnan(ratio)):
        return "–"
    return f"{fr_number(100 * float(ratio), decimals)}{NBSP}%"


def fr_date(day) -> str:
    if day is None or day is pd.NaT or (isinstance(day, float) and math.isnan(day)):
        return "–"
    if isinstance(day, pd.Timestamp):
        day = day.date()
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.strftime("%d/%m/%Y")


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def fr_month(day) -> str:
    """A date -> 'avril 2022'."""
    if isinstance(day, pd.Timestamp):
        day = day.date()
    return f"{MONTHS_FR[day.month - 1]} {day.year}"
