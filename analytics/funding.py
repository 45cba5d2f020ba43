"""Money: planned, committed and spent per envelope, summed in integer cents."""

from __future__ import annotations

import datetime as dt

import pandas as pd


def movements_until(movements: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    if as_of is None or movements.empty:
        return movements
    return movements[movements["date"] <= pd.Timestamp(as_of)]


def envelope_consumption(
    budget_lines: pd.DataFrame, movements: pd.DataFrame, envelope_keys: list[str], as_of: dt.date | None = None
) -> pd.DataFrame:
    """One row per envelope key (in the given order): planned, committed, spent (cents, int)."""
    moves = movements_until(movements, as_of).merge(budget_lines[["id_ligne", "enveloppe"]], on="id_ligne", how="left")
    rows = []
    for key in envelope_keys:
        lines = budget_lines[budget_lines["enveloppe"] == key]
        m = moves[moves["enveloppe"] == key]
        rows.append(
            {
                "enveloppe": key,
                "prevu_centimes": int(lines["montant_prevu_centimes"].sum()),
                "engage_centimes": int(m.loc[m["nature"] == "engagement", "montant_centimes"].sum()),
                "depense_centimes": int(m.loc[m["nature"] == "depense", "montant_centimes"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["enveloppe", "prevu_centimes", "engage_centimes", "depense_centimes"])
