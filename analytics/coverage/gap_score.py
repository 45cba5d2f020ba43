"""The gap score: need against supply, on percentile ranks among the territories compared.

- need percentile: percentile rank of the IFN total (higher = more fragile);
- supply index: mean of the percentile of density (places per 10 000 inhabitants, higher =
  better) and of the percentile of proximity (population-weighted mean distance to the nearest
  place, shorter = better); if one is missing the other is used alone;
- gap = need percentile - supply index, from -100 to +100; positive means more fragile than
  equipped, compared with the other territories of the same table.

Percentile ranks are the "mid-rank" percentile: 100 x (rank - 0.5) / n, with ties sharing their
average rank, so n territories spread symmetrically between 0 and 100 (two territories: 25 and
75). Ranks are robust to the very skewed densities of small communes. A territory is in the
under-served quadrant when its need percentile is above 50 and its supply index below 50.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEED_COLUMN = "ifn_total"
DENSITY_COLUMN = "lieux_pour_10000"
DISTANCE_COLUMN = "distance_moy_km"
MEDIAN = 50.0

FORMULA_FR = (
    "Écart = centile du besoin (IFN global) − indice d'offre, l'indice d'offre étant la moyenne "
    "du centile de densité (lieux pour 10 000 habitants) et du centile de proximité (distance "
    "moyenne au lieu le plus proche : plus elle est courte, plus le centile est haut) ; les "
    "centiles vont de 0 à 100 parmi les territoires comparés, et un écart positif signale un "
    "territoire plus fragile qu'il n'est équipé."
)


def percentile_rank(values: pd.Series) -> pd.Series:
    """Mid-rank percentile (0-100) of each value among the non-missing values; NaN stays NaN."""
    values = pd.to_numeric(values, errors="coerce").astype("float64")
    n = values.notna().sum()
    if n == 0:
        return pd.Series(np.nan, index=values.index, dtype="float64")
    return 100.0 * (values.rank(method="average") - 0.5) / n


def gap_scores(level_frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `level_frame` (from coverage_by_level with indicators) with the columns
    centile_besoin, centile_densite, centile_proximite, indice_offre, score_ecart (need
    percentile - supply index), sous_dote (need percentile > 50 and supply index < 50) and
    rang (1 = largest gap; ties share the best rank; missing when the score is missing)."""
    out = level_frame.copy()
    out["centile_besoin"] = percentile_rank(out[NEED_COLUMN])
    out["centile_densite"] = percentile_rank(out[DENSITY_COLUMN])
    out["centile_proximite"] = percentile_rank(-out[DISTANCE_COLUMN].astype("float64"))
    out["indice_offre"] = out[["centile_densite", "centile_proximite"]].mean(axis=1, skipna=True)
    out["score_ecart"] = out["centile_besoin"] - out["indice_offre"]
    out["sous_dote"] = ((out["centile_besoin"] > MEDIAN) & (out["indice_offre"] < MEDIAN)).fillna(False).astype(bool)
    out["rang"] = out["score_ecart"].rank(ascending=False, method="min").astype("Int64")
    return out


def rank_by_gap(scored: pd.DataFrame) -> pd.DataFrame:
    """Largest gap first (then larger population, then code); rows without a score last."""
    return scored.sort_values(
        ["score_ecart", "population", "code"], ascending=[False, False, True], na_position="last"
    ).reset_index(drop=True)


def most_underserved(scored: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The n rows with the largest gap score (rows without a score are left out)."""
    return rank_by_gap(scored.dropna(subset=["score_ecart"])).head(n)
