"""How much comparing the merge of actors' records may do, checked before it compares.

Finding duplicates compares the records of one commune two by two, and every pair sharing a
pivot, an id or 50 m of ground. A file repeating one place (same point, same pivot, same commune)
fifty thousand times would ask for a billion pairs: it is refused with a French message naming
the limit and the file's figure, before any pair is built (loaders/limits.py states the limits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.limits import MAX_CANDIDATE_PAIRS, MAX_PLACES_PER_COMMUNE, fr_count


class MergeTooLarge(ValueError):
    """The records would need more comparisons than the limits allow (French message)."""


def too_many_pairs(pairs: int, why: str) -> MergeTooLarge:
    return MergeTooLarge(
        f"trop de lieux à comparer pour trouver les doublons : {fr_count(pairs)} paires ({why}) ; au plus "
        f"{fr_count(MAX_CANDIDATE_PAIRS)}. Le fichier répète-t-il un même lieu (mêmes coordonnées, même SIRET, même "
        "nom) ? Vérifiez-le, ou découpez-le."
    )


def _group_pairs(values: np.ndarray) -> int:
    sizes = pd.Series(values[values != ""]).value_counts().to_numpy(dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _near_pairs_bound(x: np.ndarray, y: np.ndarray, exact: np.ndarray, cell: float) -> int:
    """About the pairs the grid search joins (each cell with its 8 neighbours, both ways)."""
    if exact.sum() < 2:
        return 0
    cells = pd.DataFrame(
        {"cx": np.floor(x[exact] / cell).astype(np.int64), "cy": np.floor(y[exact] / cell).astype(np.int64)}
    )
    counts = cells.value_counts().rename("n").reset_index()
    total = 0
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            shifted = counts.assign(cx=counts["cx"] + dx, cy=counts["cy"] + dy)
            joined = counts.merge(shifted, on=["cx", "cy"], suffixes=("", "_b"))
            total += int((joined["n"] * joined["n_b"]).sum())
    return total // 2


def check_comparisons(codes: np.ndarray, pivots: np.ndarray, ids: np.ndarray, x, y, exact, cell: float) -> None:
    """Raise MergeTooLarge when the merge would build more pairs than allowed (`cell`: the side
    of the neighbour search's grid, in metres)."""
    blocks = pd.Series(codes[codes != ""]).value_counts()
    if len(blocks) and blocks.iloc[0] > MAX_PLACES_PER_COMMUNE:
        raise MergeTooLarge(
            f"trop de lieux dans une même commune pour chercher les doublons : {fr_count(blocks.iloc[0])} lieux dans "
            f"la commune {blocks.index[0]} ; au plus {fr_count(MAX_PLACES_PER_COMMUNE)}. Le fichier répète-t-il un "
            "même lieu ? Vérifiez-le, ou découpez-le."
        )
    same = _group_pairs(pivots) + _group_pairs(ids)
    if same > MAX_CANDIDATE_PAIRS:
        raise too_many_pairs(same, "même SIRET ou même identifiant")
    near = _near_pairs_bound(np.asarray(x), np.asarray(y), np.asarray(exact, dtype=bool), cell)
    if near > MAX_CANDIDATE_PAIRS:
        raise too_many_pairs(near, "à moins de 50 m les uns des autres")
