"""One place across the versions of the registry: who changed what, and when.

Every version of `acteurs` is kept in the store (ingestion/store.py), with its author, its
date, its origin (import, correction, decision, restore) and its file or note. A place's history
is read from them, oldest first: the version where it first appears, each version where one of
its fields changed (field, before, after), and one where it left the registry. A place is
followed by its id, or by the ids of the records it is made of (the merge keeps an actor's id
stable, but a place that merged with another may have been known under a record's id).

Also: the records (one per source) behind a place, with their dates (`place_records`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ingestion.actor_merge import ACTOR, SCOPE
from ingestion.actors_export import plain_cell
from ingestion.store import Store, VersionInfo
from loaders.actors import DERIVED_COLUMNS
from loaders.problems import LINE

HISTORY_COLUMNS = ("version", "date", "auteur", "origine", "fichier", "note", "evenement", "champ", "avant", "apres")
ADDED = "ajouté au registre"
CHANGED = "modifié"
REMOVED = "retiré du registre"
# Columns computed from the others (a change there is said by the field it comes from).
IGNORED = set(DERIVED_COLUMNS) | {LINE}


def place_records(records: pd.DataFrame, place_id: str) -> pd.DataFrame:
    """The records (one per source) the place is made of: `source, id, date_maj, source_collecte`."""
    if records is None or records.empty or ACTOR not in records.columns:
        return pd.DataFrame(columns=["source", "id", "date_maj", "source_collecte"])
    mine = records[(records[ACTOR] == place_id) | ((records["id"] == place_id) & records[ACTOR].isna())]
    out = pd.DataFrame(
        {
            "source": mine[SCOPE].astype(object).to_numpy(),
            "id": mine["id"].astype(object).to_numpy(),
            "date_maj": pd.to_datetime(mine["date_maj"]).dt.date.to_numpy(),
            "source_collecte": mine["source"].astype(object).to_numpy(),
        }
    )
    return out.sort_values(["date_maj", "source"], ascending=[False, True], na_position="last").reset_index(drop=True)


def _row(frame: pd.DataFrame, names: list[str]) -> pd.Series | None:
    for name in names:
        found = frame[frame["id"].astype(object) == name]
        if len(found):
            return found.iloc[0]
    return None


def _text(column: str, row: pd.Series) -> str:
    return plain_cell(row[column]) if column in row.index else ""


def place_history(
    versions: list[VersionInfo],
    frame_of: Callable[[int], pd.DataFrame],
    place_id: str,
    record_ids: list[str] | None = None,
) -> pd.DataFrame:
    """The place's history over `versions` (any order; read oldest first): one row per field
    changed, one row for its arrival and one for its departure (`HISTORY_COLUMNS`), newest first.
    `frame_of(version_id)` gives a version's content (the store's `version_frame`)."""
    names = [place_id] + [r for r in (record_ids or []) if r != place_id]
    rows = []
    previous = None
    for version in sorted(versions, key=lambda v: v.number):
        current = _row(frame_of(version.id), names)
        base = {
            "version": version.number,
            "date": version.created_at,
            "auteur": version.author,
            "origine": version.origin,
            "fichier": version.file_name or "",
            "note": version.note or "",
        }
        if current is None:
            if previous is not None:
                rows.append(base | {"evenement": REMOVED, "champ": "", "avant": "", "apres": ""})
            previous = None
            continue
        if previous is None:
            rows.append(base | {"evenement": ADDED, "champ": "", "avant": "", "apres": ""})
        else:
            columns = [c for c in current.index if c not in IGNORED and c in previous.index]
            for column in columns:
                before, after = _text(column, previous), _text(column, current)
                if before != after:
                    rows.append(base | {"evenement": CHANGED, "champ": column, "avant": before, "apres": after})
        previous = current
    frame = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    return frame.sort_values(["version", "champ"], ascending=[False, True], kind="stable").reset_index(drop=True)


def store_history(store: Store, place_id: str, record_ids: list[str] | None = None) -> pd.DataFrame:
    """`place_history` over every version of the registry in the store."""
    return place_history(store.list_versions("acteurs"), store.version_frame, place_id, record_ids)
