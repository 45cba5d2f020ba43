"""The reader of each dataset in the hub's own format, and the order they load in.

Both ways of loading a dataset go through here: the configured files (loaders/bundle.py) and an
import on the page Données (ingestion/dataset_import.py). A reader gets what it checks against
from a `ReadContext`: the hub's configuration, its territories, and the ids of the datasets its
spec references (`DatasetSpec.references`), so that a movement is checked against the budget
lines the same way whichever path reads it. Adding a dataset: its spec in loaders/schemas.py,
its reader here when the generic one (`load_file` against the spec) is not enough.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.activity import load_activity
from loaders.actors import load_actors
from loaders.config import HubConfig
from loaders.dataset_spec import load_file
from loaders.evaluation import (
    computed_kpi_ids,
    load_events,
    load_experiments,
    load_kpi_measures,
    load_kpis,
    load_milestones,
)
from loaders.funding import load_budget_lines, load_fundraising, load_movements
from loaders.indicators import load_catalogue, load_indicator_values
from loaders.problems import LoadResult
from loaders.schemas import SPECS
from loaders.territories import Territories

Source = str | Path | bytes | pd.DataFrame


@dataclass
class ReadContext:
    """What a reader checks against: the hub, its territories, the other datasets' frames."""

    config: HubConfig
    territories: Territories
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # dataset key -> current frame

    def ids(self, dataset: str, column: str) -> set:
        frame = self.frames.get(dataset)
        if frame is None or column not in frame.columns:
            return set()
        return set(frame[column].dropna())

    def referenced(self, key: str, column: str) -> set:
        """The ids that `key`'s column may hold, from the dataset its spec references."""
        for ref in SPECS[key].references:
            if ref.column == column:
                return self.ids(ref.dataset, ref.target)
        raise KeyError(f"{key}.{column} ne référence aucun jeu de données")


Reader = Callable[[Source, str | None, ReadContext], LoadResult]

READERS: dict[str, Reader] = {
    "acteurs": lambda source, name, ctx: load_actors(source, ctx.territories, file_name=name),
    "catalogue_indicateurs": lambda source, name, ctx: load_catalogue(source, file_name=name),
    "indicateurs": lambda source, name, ctx: load_indicator_values(
        source, ctx.territories, ctx.referenced("indicateurs", "indicateur"), file_name=name
    ),
    "lignes_budget": lambda source, name, ctx: load_budget_lines(source, ctx.config, file_name=name),
    "mouvements": lambda source, name, ctx: load_movements(
        source, ctx.referenced("mouvements", "id_ligne"), ctx.territories, file_name=name
    ),
    "levees_fonds": lambda source, name, ctx: load_fundraising(source, ctx.territories, file_name=name),
    "jalons": lambda source, name, ctx: load_milestones(source, ctx.config, file_name=name),
    "kpis": lambda source, name, ctx: load_kpis(source, ctx.config, file_name=name),
    "mesures_kpi": lambda source, name, ctx: load_kpi_measures(
        source,
        ctx.referenced("mesures_kpi", "id_kpi"),
        file_name=name,
        computed_ids=computed_kpi_ids(ctx.frames.get("kpis", pd.DataFrame(columns=["id_kpi"]))),
    ),
    "evenements": lambda source, name, ctx: load_events(
        source, ctx.config, ctx.territories, ctx.referenced("evenements", "acteurs_presents"), file_name=name
    ),
    "experimentations": lambda source, name, ctx: load_experiments(source, ctx.territories, file_name=name),
    "activite": lambda source, name, ctx: load_activity(
        source, ctx.territories, file_name=name, region_code=ctx.config.region_code or None
    ),
}


def read_dataset(key: str, source: Source, context: ReadContext, file_name: str | None = None) -> LoadResult:
    """Read and check one dataset in the hub's format (the generic reader when none is declared)."""
    reader = READERS.get(key)
    if reader is None:
        return load_file(source, SPECS[key], file_name)
    return reader(source, file_name, context)


def load_order() -> tuple[str, ...]:
    """The datasets ordered so that each comes after those it references."""
    done: list[str] = []

    def visit(key: str, path: tuple[str, ...]) -> None:
        if key in done:
            return
        if key in path:
            raise ValueError(f"références circulaires entre jeux de données : {' -> '.join((*path, key))}")
        for ref in SPECS[key].references:
            visit(ref.dataset, (*path, key))
        done.append(key)

    for key in SPECS:
        visit(key, ())
    return tuple(done)
