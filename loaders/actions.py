"""How the hub's actions are named: one rule for every page, chart, table and document.

The actions are declared in hub.toml ([[actions]] code, libelle); `GESTION` is the hub's own
management line (steering, staff, overheads), which the funding files and milestones may use
but which is not one of the numbered actions the follow-up pages have a tab for.
"""

from __future__ import annotations

MANAGEMENT = "GESTION"
MANAGEMENT_SHORT = "Pilotage"


def is_management(code: str) -> bool:
    return code == MANAGEMENT


def short_name(code: str) -> str:
    """'A1' stays 'A1'; the management line reads 'Pilotage' (tables, charts)."""
    return MANAGEMENT_SHORT if is_management(code) else str(code)


def title(code: str, label: str) -> str:
    """'A1 · Diagnostic, mise en réseau…'; the management line: its own label."""
    return label if is_management(code) else f"{code} · {label}"


def tab_name(code: str) -> str:
    """'Action 1' for A1; another code as it is."""
    digits = str(code)[1:]
    return f"Action {digits}" if digits.isdigit() else str(code)
