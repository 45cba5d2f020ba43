"""Matching a file's columns to a dataset's expected columns (the import's mapping step).

`suggest_mapping` proposes, for each expected column, the file column whose name is the most
similar (exact name, declared alias or label first; then string similarity on names without
accents, case or punctuation); `apply_mapping` builds the frame the loaders expect.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

from loaders.dataset_spec import DatasetSpec
from loaders.problems import LINE

# Below this similarity a file column is not proposed for an expected one.
MIN_SIMILARITY = 0.72


def normalise_name(name: str) -> str:
    """'Date de dépôt ' -> 'date_de_depot'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _names_for(spec: DatasetSpec, field_name: str) -> set[str]:
    names = {normalise_name(field_name)}
    label = spec.field(field_name).label
    if label:
        names.add(normalise_name(label))
    names |= {normalise_name(alias) for alias, target in spec.aliases.items() if target == field_name}
    return names


# Words that files spell in full where the hub's names abbreviate them.
SYNONYMS = {"identifiant": "id", "identifier": "id", "ident": "id", "nombre": "nb", "numero": "num", "no": "num"}
STOP_WORDS = {"de", "du", "des", "la", "le", "les", "d", "l", "en"}


def _tokens(name: str) -> set[str]:
    return {SYNONYMS.get(t, t) for t in normalise_name(name).split("_") if t and t not in STOP_WORDS}


def similarity(a: str, b: str) -> float:
    """1 for the same name; 0.9 when every word of one is in the other (`Identifiant ligne` and
    `id_ligne`); else the string similarity of the names without accents, case or punctuation."""
    a, b = normalise_name(a), normalise_name(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ta, tb = _tokens(a), _tokens(b)
    if (
        ta
        and tb
        and (ta == tb or ta <= tb or tb <= ta)
        and min(len(ta), len(tb)) >= 1
        and max(len(ta), len(tb)) <= 2 * min(len(ta), len(tb))
    ):
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def suggest_mapping(file_columns: list[str], spec: DatasetSpec) -> dict[str, str | None]:
    """Expected column -> file column (or None). Each file column is used at most once;
    exact matches (name, label, alias) first, then the most similar pairs."""
    columns = [c for c in file_columns if c != LINE]
    mapping: dict[str, str | None] = {f.name: None for f in spec.fields}
    used: set[str] = set()
    for f in spec.fields:
        names = _names_for(spec, f.name)
        for col in columns:
            if col not in used and normalise_name(col) in names:
                mapping[f.name] = col
                used.add(col)
                break
    pairs = []
    for f in spec.fields:
        if mapping[f.name] is not None:
            continue
        for col in columns:
            if col in used:
                continue
            score = max(similarity(col, n) for n in _names_for(spec, f.name))
            if score >= MIN_SIMILARITY:
                pairs.append((score, f.name, col))
    for score, name, col in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if mapping[name] is None and col not in used:
            mapping[name] = col
            used.add(col)
    return mapping


def is_exact(mapping: dict[str, str | None], spec: DatasetSpec) -> bool:
    """True when every mapped column already carries its expected name (or an alias/label)."""
    return all(col is None or normalise_name(col) in _names_for(spec, name) for name, col in mapping.items())


def missing_required(mapping: dict[str, str | None], spec: DatasetSpec) -> list[str]:
    return [f.name for f in spec.fields if f.required and not mapping.get(f.name)]


def apply_mapping(raw: pd.DataFrame, mapping: dict[str, str | None]) -> pd.DataFrame:
    """The file's rows with the expected column names (unmapped file columns left out)."""
    doubles = sorted({c for c in mapping.values() if c and list(mapping.values()).count(c) > 1})
    if doubles:
        raise ValueError("une colonne du fichier est associée à plusieurs colonnes attendues : " + ", ".join(doubles))
    out = pd.DataFrame({LINE: raw[LINE].to_numpy()} if LINE in raw.columns else {}, index=raw.index)
    for name, col in mapping.items():
        if col:
            out[name] = raw[col].to_numpy()
    return out.reset_index(drop=True)
