"""Small hand-made actors frames, shaped exactly like `load_actors`'s, for the analytics tests."""

from __future__ import annotations

import pandas as pd

from loaders import lieux_standard as std
from loaders.actors import empty_actors_frame


def place(**values) -> dict:
    """One place; keyword arguments override the defaults (lists for multi-valued fields)."""
    base = {
        "id": "lieu-1",
        "nom": "Espace numérique",
        "commune": "Quimper",
        "code_insee": "29232",
        "code_departement": "29",
        "date_maj": "2024-01-01",
        "source": "Registre du hub",
        "sources": ["Recensement hub"],
        "services": ["Aide aux démarches administratives"],
    }
    base.update(values)
    return base


def actors(*places: dict) -> pd.DataFrame:
    """A frame with every column and dtype of `empty_actors_frame()`; missing cells empty."""
    base = empty_actors_frame()
    rows = []
    for k, values in enumerate(places):
        row = {}
        for column in base.columns:
            dtype = base[column].dtype
            if column in values:
                row[column] = values[column]
            elif column == "_ligne":
                row[column] = k + 2
            elif dtype == object:
                row[column] = []
            elif dtype == bool:
                row[column] = False
            else:
                row[column] = None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=base.columns)
    for column in base.columns:
        dtype = base[column].dtype
        if dtype == object:
            frame[column] = frame[column].map(lambda v: list(v) if isinstance(v, (list, tuple)) else v).astype(object)
        elif str(dtype).startswith("datetime"):
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        elif isinstance(dtype, pd.StringDtype):
            frame[column] = pd.array(
                frame[column].astype(object).where(frame[column].notna(), None).to_numpy(dtype=object), dtype=dtype
            )
        else:
            frame[column] = frame[column].astype(dtype)
    frame["typologie_famille"] = pd.array([std.family_of(t) for t in frame["typologie"]], dtype=pd.StringDtype())
    frame["membre_reseau"] = frame["membre_reseau_depuis"].notna()
    return frame
