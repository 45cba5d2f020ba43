"""Everything the dashboard shows, loaded once from the configuration: the data bundle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.actors import empty_actors_frame
from loaders.config import DATASET_KEYS, HubConfig
from loaders.dataset_spec import empty_frame
from loaders.indicators import load_ifn
from loaders.problems import ERROR, LoadResult, Problem
from loaders.provenance import (
    Provenance,
    dataset_cited,
    empty_notice,
    fictitious_rows,
    file_provenance,
    mark_frame,
)
from loaders.provenance import notice as provenance_notice
from loaders.readers import ReadContext, load_order, read_dataset
from loaders.schemas import SPECS
from loaders.territories import Territories, load_territories


@dataclass
class DatasetStatus:
    key: str
    label: str
    path: Path | None
    rows: int
    problems: list[Problem]
    loaded_at: dt.datetime | None = None
    modified_at: dt.datetime | None = None

    @property
    def errors(self) -> int:
        return sum(p.severity == ERROR for p in self.problems)


@dataclass
class DataBundle:
    config: HubConfig
    territories: Territories
    actors: pd.DataFrame
    indicators: pd.DataFrame
    catalogue: pd.DataFrame
    budget_lines: pd.DataFrame
    movements: pd.DataFrame
    fundraising: pd.DataFrame
    milestones: pd.DataFrame
    kpis: pd.DataFrame
    kpi_measures: pd.DataFrame
    events: pd.DataFrame
    experiments: pd.DataFrame
    # People accompanied, procedures… (loaders/activity.py), long format.
    activity: pd.DataFrame = field(default_factory=pd.DataFrame)
    status: dict[str, DatasetStatus] = field(default_factory=dict)
    # Where each dataset's values come from (real source and vintage, or fictitious demo data).
    provenance: dict[str, Provenance] = field(default_factory=dict)

    def provenances(self, keys=None) -> list[Provenance]:
        """The provenance of the datasets `keys` (all when None), in the datasets' order."""
        wanted = DATASET_KEYS if keys is None else [k for k in DATASET_KEYS if k in set(keys)]
        return [self.provenance[k] for k in wanted if k in self.provenance]

    def fictitious_notice(self, keys=None) -> str | None:
        """The banner's text for these datasets, None when none of them holds fictitious values."""
        return provenance_notice(self.provenances(keys))

    def empty_notice(self, keys, what: str) -> str | None:
        """The empty state's text when none of the datasets `keys` holds a row (None otherwise)."""
        return empty_notice(self.provenances(keys), what)

    def missing_files(self, keys=None) -> list[tuple[str, Path]]:
        """(label, path) of the datasets `keys` (all when None) whose file in the configuration
        ([donnees.fichiers]) does not exist and that hold no row: at a first start, the store
        could not take them as first version."""
        wanted = DATASET_KEYS if keys is None else [k for k in DATASET_KEYS if k in set(keys)]
        out = []
        for key in wanted:
            path = self.config.datasets.get(key)
            provenance = self.provenance.get(key)
            if path is not None and not Path(path).is_file() and not (provenance and provenance.loaded):
                out.append((SPECS[key].label, Path(path)))
        return out

    def is_empty(self, keys) -> bool:
        return not any(p.loaded for p in self.provenances(keys))

    def has_fictitious(self, keys=None) -> bool:
        return any(p.fictitious for p in self.provenances(keys))

    @property
    def problems(self) -> list[Problem]:
        out = list(self.territories.problems)
        for s in self.status.values():
            out += s.problems
        return out


def _modified(path: Path | None) -> dt.datetime | None:
    if path is None or not path.is_file():
        return None
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def empty_dataset_frame(key: str) -> pd.DataFrame:
    """The typed frame of a dataset with no rows (the places have their derived columns too)."""
    return empty_actors_frame() if key == "acteurs" else empty_frame(SPECS[key])


def load_bundle(config: HubConfig) -> DataBundle:
    territories = load_territories(config)
    status: dict[str, DatasetStatus] = {}
    now = dt.datetime.now()

    provenance: dict[str, Provenance] = {}

    def run(key: str, loader, empty: pd.DataFrame) -> pd.DataFrame:
        path = config.datasets.get(key)
        label = SPECS[key].label
        declared = file_provenance(path, config.declared.get(key))
        frame = empty
        if path is None:
            status[key] = DatasetStatus(key, label, None, 0, [], now)
        elif not path.is_file():
            problem = Problem(path.name, f"fichier introuvable : {path}")
            status[key] = DatasetStatus(key, label, path, 0, [problem], now)
        else:
            result: LoadResult = loader(path)
            frame = mark_frame(result.frame, declared.fictitious, declared.source if key == "indicateurs" else None)
            status[key] = DatasetStatus(key, label, path, len(frame), result.problems, now, _modified(path))
        provenance[key] = Provenance(
            dataset=key,
            label=label,
            family=SPECS[key].family,
            rows=len(frame),
            fictitious_rows=fictitious_rows(frame, declared.fictitious),
            source=declared.source,
            vintage=declared.vintage,
            file_name=path.name if path is not None else None,
            created_at=status[key].modified_at,
            **dataset_cited(key, frame),
        )
        return frame

    extra_values, extra_catalogue = [], []
    for source in config.indicator_sources:
        if source.format == "ifn":
            result = load_ifn(source.path, source.level, territories)
            extra_values.append(result.frame)
            extra_catalogue.append(result.meta.get("catalogue"))
            key = f"ifn_{source.level}"
            status[key] = DatasetStatus(
                key,
                f"IFN ({source.level})",
                source.path,
                len(result.frame),
                result.problems,
                now,
                _modified(source.path),
            )

    frames: dict[str, pd.DataFrame] = {}
    context = ReadContext(config, territories, frames)
    for key in load_order():
        frame = run(key, lambda path, key=key: read_dataset(key, path, context), empty_dataset_frame(key))
        if key == "catalogue_indicateurs" and extra_catalogue:
            frame = pd.concat([frame, *[c for c in extra_catalogue if c is not None]], ignore_index=True)
            frame = frame.drop_duplicates("id", keep="last").reset_index(drop=True)
        if key == "indicateurs" and extra_values:
            frame = pd.concat([frame, *extra_values], ignore_index=True)
            frame = frame.drop_duplicates(list(SPECS["indicateurs"].id_columns), keep="last").reset_index(drop=True)
        frames[key] = frame

    return DataBundle(
        config=config,
        territories=territories,
        status=status,
        provenance=_with_rows(provenance, {"indicateurs": frames["indicateurs"]}),
        **{SPECS[key].bundle_field: frames[key] for key in DATASET_KEYS},
    )


def _with_rows(provenance: dict[str, Provenance], frames: dict[str, pd.DataFrame]) -> dict[str, Provenance]:
    """Provenance counted again on frames completed after their file (the IFN sources of the
    configuration added to the indicators)."""
    import dataclasses

    out = dict(provenance)
    for key, frame in frames.items():
        p = out.get(key)
        if p is not None:
            out[key] = dataclasses.replace(p, rows=len(frame), fictitious_rows=fictitious_rows(frame, False))
    return out
