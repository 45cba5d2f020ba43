"""Which territories a gap ranking compares, whatever the sidebar filter.

A territory's row carries its own figures (all its communes) and its gap score is computed
among every territory of its level in the region (percentiles and medians of the region): a
filter chooses the rows shown, never what they are compared with. So, with an EPCI chosen, the
EPCI's row is the whole EPCI placed against the region's 61 EPCI (not a table of one row at
0), and its communes are ranked against the region's communes.

When the table has a single territory of its level (one EPCI chosen and the level "EPCI"), a
ranking of one bar says nothing: the chart ranks the level below instead (the EPCI's communes;
a département's EPCI; for one commune, the communes of its EPCI).
"""

from __future__ import annotations

import pandas as pd

from analytics.coverage.gap_score import rank_by_gap
from loaders.code_sets import in_codes

TERRITORY_COLUMNS = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}
LEVEL_BELOW = {"departement": "epci", "epci": "commune", "commune": "commune"}


def codes_touching(commune_cov: pd.DataFrame, level: str, communes) -> set[str]:
    """Codes of the territories of `level` that hold at least one of `communes`."""
    column = TERRITORY_COLUMNS[level]
    part = commune_cov[in_codes(commune_cov["code_insee"], set(communes))]
    return set(part[column].dropna().astype(str))


def among_region(scored: pd.DataFrame, level: str, commune_cov: pd.DataFrame, communes=None) -> pd.DataFrame:
    """The rows of `scored` (gap_scores over every territory of `level` in the region) whose
    territory touches `communes` (every row when None), largest gap first.

    `rang` is renumbered among the rows returned (1 = largest gap of the selection; ties share
    the best rank); `rang_region` keeps the rank among the region's territories. Percentiles,
    the supply index and `sous_dote` stay those computed against the region."""
    out = scored.copy()
    out["rang_region"] = out["rang"]
    if communes is not None:
        out = out[out["code"].astype(str).isin(codes_touching(commune_cov, level, communes))]
    out = rank_by_gap(out)
    out["rang"] = out["score_ecart"].rank(ascending=False, method="min").astype("Int64")
    return out


def chart_level(level: str, rows: int) -> str | None:
    """The level the gap chart ranks instead of `level` when the table has fewer than two rows
    of it (None: the table's own rows are ranked)."""
    if rows < 2 and level in LEVEL_BELOW:
        return LEVEL_BELOW[level]
    return None
