"""The one place where the import and the page call the merge of actors (ingestion/actor_merge.py).

The registry of actors is computed from *records* (one row per place per source): the store
keeps them as the internal dataset `fiches_acteurs`, committed with each new version of
`acteurs` in the same transaction. The store's decisions on suspected duplicates and the staff's
corrections are passed to every merge, so both survive the next import of any source.
"""

from __future__ import annotations

import pandas as pd

from ingestion.actor_merge import MergeResult, as_records, consolidate, merge_actors
from ingestion.store import ACTOR_RECORDS, Store, VersionInfo
from loaders.territories import Territories

__all__ = [
    "ACTOR_RECORDS",
    "MergeResult",
    "merge_corrections",
    "merge_decisions",
    "merge_into_registry",
    "rebuild_registry",
    "replace_registry",
    "current_records",
]


def merge_decisions(decisions: pd.DataFrame | None) -> pd.DataFrame | None:
    """Store decisions (id_a, id_b, decision, ...) as the merge reads them."""
    if decisions is None or decisions.empty:
        return None
    return decisions[["id_a", "id_b", "decision"]].reset_index(drop=True)


def merge_corrections(corrections: pd.DataFrame | None) -> pd.DataFrame | None:
    """Store corrections (actor_id, field, value, created_at) as the merge reads them."""
    if corrections is None or corrections.empty:
        return None
    return pd.DataFrame(
        {
            "id_acteur": corrections["actor_id"].to_numpy(),
            "champ": corrections["field"].to_numpy(),
            "valeur": corrections["value"].to_numpy(),
            "date": pd.to_datetime(corrections["created_at"]).to_numpy(),
        }
    )


def current_records(
    store: Store, actors: pd.DataFrame, actors_version_id: int | None, records_version: VersionInfo | None
) -> pd.DataFrame:
    """The records behind a registry version: those committed with it, else the registry itself
    (demo data, or a version written without records) as records of the hub's registry."""
    if (
        records_version is not None
        and actors_version_id is not None
        and records_version.companion_of == actors_version_id
    ):
        return store.version_frame(records_version.id)
    return as_records(actors)


def merge_into_registry(
    records: pd.DataFrame,
    incoming: pd.DataFrame,
    decisions,
    corrections,
    territories: Territories,
    source: str | None = None,
    previous: pd.DataFrame | None = None,
) -> MergeResult:
    """One source's actors merged into the registry (that source's earlier records replaced).

    `source` names the source of a file in the standard format (the national lists' readers
    name theirs); its rows that name no source get it in `sources`. `previous`: the registry
    these records made (the current version), for the counts of changes; rebuilt from the
    records when not given."""
    if source:
        incoming = incoming.copy()
        incoming["sources"] = incoming["sources"].map(
            lambda s: list(s) if isinstance(s, (list, tuple)) and len(s) else [source]
        )
    return merge_actors(
        records,
        incoming,
        merge_decisions(decisions),
        merge_corrections(corrections),
        source=source,
        communes=territories.communes,
        previous=previous,
    )


def replace_registry(incoming: pd.DataFrame, decisions, corrections, territories: Territories) -> MergeResult:
    """The registry made of this file alone (every earlier record dropped from the current version)."""
    return consolidate(
        as_records(incoming), merge_decisions(decisions), merge_corrections(corrections), communes=territories.communes
    )


def rebuild_registry(records: pd.DataFrame, decisions, corrections, territories: Territories) -> MergeResult:
    """The registry recomputed from its records (after a decision or a correction)."""
    return consolidate(
        records, merge_decisions(decisions), merge_corrections(corrections), communes=territories.communes
    )
