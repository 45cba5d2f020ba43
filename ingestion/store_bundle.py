"""The data bundle built from the store's current versions (what every page shows).

`loaders.bundle.load_bundle(config)` still builds a bundle straight from the configured files
(tests, benchmark, the store's first versions); the dashboard uses `load_bundle_from_store`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from ingestion.store import Store
from loaders.bundle import DataBundle, DatasetStatus, empty_dataset_frame
from loaders.config import DATASET_KEYS, HubConfig
from loaders.provenance import ROW_MARKED, Provenance, dataset_cited, fictitious_rows
from loaders.schemas import SPECS
from loaders.territories import load_territories

# Dataset key -> DataBundle field (declared on each spec).
BUNDLE_FIELDS: dict[str, str] = {key: SPECS[key].bundle_field for key in DATASET_KEYS}

LOCAL_TIME = ZoneInfo("Europe/Paris")


def to_local(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive UTC time from the store -> naive local time (Europe/Paris)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC).astimezone(LOCAL_TIME).replace(tzinfo=None)


def reference_signature(config: HubConfig) -> tuple:
    """Changes when the configuration or the territories' reference files change."""
    paths = [config.path]
    ref = Path(config.reference_dir)
    paths += sorted(ref.glob("*")) if ref.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns if p.is_file() else None) for p in paths)


def store_signature(config: HubConfig, store: Store) -> tuple:
    """A cache key for the bundle: the store, its current version ids and the reference files."""
    return (store.url, store.signature(), reference_signature(config))


def load_bundle_from_store(config: HubConfig, store: Store) -> DataBundle:
    territories = load_territories(config)
    versions = store.current_versions()
    now = dt.datetime.now()
    frames: dict[str, pd.DataFrame] = {}
    status: dict[str, DatasetStatus] = {}
    provenance: dict[str, Provenance] = {}
    for key in DATASET_KEYS:
        spec = SPECS[key]
        version = versions.get(key)
        if version is None:
            frames[key] = empty_dataset_frame(key)
            status[key] = DatasetStatus(key, spec.label, None, 0, [], now)
            provenance[key] = Provenance(key, spec.label, spec.family, 0, 0)
            continue
        frame = with_row_marks(key, store.version_frame(version.id), version.is_fictitious)
        frames[key] = frame
        status[key] = DatasetStatus(
            key,
            spec.label,
            Path(version.file_name) if version.file_name else None,
            version.rows,
            store.version_problems(version.id),
            now,
            to_local(version.created_at),
        )
        provenance[key] = Provenance(
            dataset=key,
            label=spec.label,
            family=spec.family,
            rows=len(frame),
            fictitious_rows=fictitious_rows(frame, version.is_fictitious),
            source=version.source_name,
            vintage=version.vintage,
            origin=version.origin,
            file_name=version.file_name,
            created_at=to_local(version.created_at),
            author=version.author,
            **dataset_cited(key, frame),
        )
    return DataBundle(
        config=config,
        territories=territories,
        status=status,
        provenance=provenance,
        **{BUNDLE_FIELDS[key]: frame for key, frame in frames.items()},
    )


def with_row_marks(key: str, frame: pd.DataFrame, version_fictitious: bool) -> pd.DataFrame:
    """Versions stored before rows carried their marks: places and indicator values get the
    columns `fictif` (and `source`) from their version."""
    if key not in ROW_MARKED or "fictif" in frame.columns:
        return frame
    out = frame.copy()
    out["fictif"] = pd.Series(version_fictitious, index=out.index).astype(bool if key == "acteurs" else "boolean")
    if key == "indicateurs" and "source" not in out.columns:
        out["source"] = pd.Series(pd.NA, index=out.index, dtype="string")
    return out
