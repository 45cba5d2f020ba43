"""Money as integer cents: parsing French and international spellings of amounts."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u00a0']")


def parse_euros_to_cents(text: str) -> int:
    """'212 500,00 €', '212500.00', '1.234,5' -> cents. Raises ValueError on anything else.

    A single comma or a single dot followed by one or two digits is the decimal mark;
    other dots/commas are thousands separators.
    """
    if text is None:
        raise ValueError("montant vide")
    s = _SPACES.sub("", str(text)).replace("€", "").replace("EUR", "").strip()
    if not s:
        raise ValueError("montant vide")
    negative = s.startswith("-")
    s = s.lstrip("+-")
    m = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:([.,])(\d{1,2}))?", s)
    if not m:
        raise ValueError(f"montant illisible : {text!r}")
    whole, mark, frac = m.groups()
    if mark and mark in whole:
        raise ValueError(f"montant illisible : {text!r}")  # '12.345.6': one sign for two roles
    whole = re.sub(r"[.,]", "", whole)
    try:
        value = Decimal(whole) * 100 + (Decimal((frac or "0").ljust(2, "0")) if frac else 0)
    except InvalidOperation as exc:  # pragma: no cover - regex guarantees digits
        raise ValueError(f"montant illisible : {text!r}") from exc
    cents = int(value)
    return -cents if negative else cents


def cents_to_decimal_string(cents: int) -> str:
    """Cents -> '12500.00' (the canonical file spelling)."""
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}{cents // 100}.{cents % 100:02d}"
