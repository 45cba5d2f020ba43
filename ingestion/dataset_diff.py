"""What a new version of a dataset changes: rows added, removed, changed, and which fields.

Pure: two frames in, a `DatasetDiff` out. Rows are matched on the dataset's id column(s); when
an id appears several times, its occurrences are matched in order (1st with 1st...). Missing
values (None, NaN, NA, NaT) are all equal; lists compare element by element; the line number
column `_ligne` and any `ignore`d column are not compared.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

LINE = "_ligne"
OCCURRENCE = "_occurrence"
FIELD = "champ"
BEFORE = "avant"
AFTER = "apres"
CHANGED_FIELDS = "champs_modifies"


@dataclass
class DatasetDiff:
    key_columns: list[str]
    added: pd.DataFrame  # rows of the new frame whose id is not in the old one
    removed: pd.DataFrame  # rows of the old frame whose id is not in the new one
    changed: pd.DataFrame  # id columns + `champs_modifies` (list of field names), one row per changed record
    changes: pd.DataFrame  # long: id columns + champ, avant, apres (display text), one row per changed cell
    unchanged: int

    @property
    def is_empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    def field_counts(self) -> pd.Series:
        """Number of changed records per field, most changed first (ties by name)."""
        if self.changes.empty:
            return pd.Series(dtype="int64", name="lignes")
        counts = self.changes.groupby(FIELD).size().rename("lignes")
        order = sorted(counts.index, key=lambda f: (-counts[f], f))
        return counts.loc[order].astype("int64")

    def summary(self) -> dict[str, int]:
        return {
            "ajoutees": len(self.added),
            "supprimees": len(self.removed),
            "modifiees": len(self.changed),
            "inchangees": self.unchanged,
        }


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, (np.floating,)) and np.isnan(value):
        return True
    return False


def canonical(value):
    """A hashable, comparable form of a cell: None for missing, tuples for lists."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(canonical(v) for v in value)
    if _missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, float) and value.is_integer():
        return int(value) if abs(value) < 2**53 else value
    return value


def display(value) -> str:
    """A cell as text for the report ('' when missing, lists joined with ' | ')."""
    value = canonical(value)
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " | ".join(display(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return np.format_float_positional(value, trim="-")
    return str(value)


def _keyed(frame: pd.DataFrame, key_columns: list[str]) -> list[tuple]:
    keys = (
        [tuple(canonical(v) for v in row) for row in zip(*(frame[c].tolist() for c in key_columns))]
        if len(frame)
        else []
    )
    seen: dict[tuple, int] = {}
    out = []
    for k in keys:
        n = seen.get(k, 0)
        seen[k] = n + 1
        out.append(k + (n,))
    return out


def diff_frames(
    old: pd.DataFrame, new: pd.DataFrame, key_columns: list[str] | tuple[str, ...], ignore: tuple[str, ...] = ()
) -> DatasetDiff:
    """Compare two versions of a dataset keyed by `key_columns`."""
    key_columns = list(key_columns)
    for name, frame in (("ancienne", old), ("nouvelle", new)):
        missing = [c for c in key_columns if c not in frame.columns]
        if missing:
            raise KeyError(f"colonne(s) d'identifiant absente(s) de la version {name} : {', '.join(missing)}")
    skip = set(key_columns) | {LINE, *ignore}
    columns = [c for c in new.columns if c not in skip] + [
        c for c in old.columns if c not in skip and c not in new.columns
    ]

    old_keys, new_keys = _keyed(old, key_columns), _keyed(new, key_columns)
    old_pos = {k: i for i, k in enumerate(old_keys)}
    new_pos = {k: i for i, k in enumerate(new_keys)}
    added_idx = [i for i, k in enumerate(new_keys) if k not in old_pos]
    removed_idx = [i for i, k in enumerate(old_keys) if k not in new_pos]
    common = [(old_pos[k], i) for i, k in enumerate(new_keys) if k in old_pos]

    old_values = {c: old[c].tolist() if c in old.columns else [None] * len(old) for c in columns}
    new_values = {c: new[c].tolist() if c in new.columns else [None] * len(new) for c in columns}
    change_rows, changed_rows = [], []
    plain = (str, int, bool, list)
    for oi, ni in common:
        fields = []
        for c in columns:
            first, second = old_values[c][oi], new_values[c][ni]
            if first is second or (type(first) is type(second) and type(first) in plain and first == second):
                continue  # the same text, number or list: most cells of an import (no canonical form needed)
            before, after = canonical(first), canonical(second)
            if before != after:
                fields.append(c)
                change_rows.append((ni, c, display(before), display(after)))
        if fields:
            changed_rows.append((ni, fields))

    key_of_new = new[key_columns].reset_index(drop=True)
    changed = key_of_new.iloc[[ni for ni, _ in changed_rows]].reset_index(drop=True)
    changed[CHANGED_FIELDS] = pd.Series([f for _, f in changed_rows], dtype=object)
    changes = key_of_new.iloc[[r[0] for r in change_rows]].reset_index(drop=True)
    changes[FIELD] = pd.Series([r[1] for r in change_rows], dtype=object)
    changes[BEFORE] = pd.Series([r[2] for r in change_rows], dtype=object)
    changes[AFTER] = pd.Series([r[3] for r in change_rows], dtype=object)
    return DatasetDiff(
        key_columns=key_columns,
        added=new.iloc[added_idx].reset_index(drop=True),
        removed=old.iloc[removed_idx].reset_index(drop=True),
        changed=changed,
        changes=changes,
        unchanged=len(common) - len(changed_rows),
    )
