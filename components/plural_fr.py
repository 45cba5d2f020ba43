"""Counting in French: « aucune commune », « 1 commune », « 2 communes », « 1 234 lieux ».

French puts 0 and 1 in the singular; a text that reads « dans 0 communes » should rather say
« dans aucune commune »: pass `none` for that wording.
"""

from __future__ import annotations

from components.format_fr import fr_int


def fr_count(n, singular: str, plural: str | None = None, none: str | None = None) -> str:
    """`n` followed by the noun agreed with it (plural = singular + 's' unless given)."""
    n = int(n)
    if n == 0 and none is not None:
        return none
    noun = singular if abs(n) < 2 else (plural or singular + "s")
    return f"{fr_int(n)} {noun}"
