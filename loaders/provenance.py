"""Where each dataset's values come from: real source and vintage, or fictitious demo data.

Provenance is a property of each dataset (and, for the places and the indicators, of each row),
never of the hub: a hub may show real places beside fictitious funding. It comes from:

- a data folder's manifest `provenance.json` (the demo folder's is written by
  scripts/generate_demo.py and declares every file fictitious), or the table form of an entry of
  `[donnees.fichiers]` in hub.toml (`acteurs = { chemin = "…", source = "…", millesime = "…" }`);
- the store's versions (origin, source, vintage, author, date, fictitious flag) once imported;
- per row: the places' `fictif` column (kept through merges: a place described by a fictitious
  record is marked) and the indicator values' `source` and `fictif` columns.

No Streamlit here: the pages ask `notice`/`source_lines` for their datasets.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

MANIFEST = "provenance.json"
# The datasets whose rows carry their own provenance marks (`fictif`; indicator values: `source`).
ROW_MARKED = ("acteurs", "indicateurs", "activite")
DEMO_SOURCE = "Données fictives de démonstration"
DEMO_SCRIPT = "scripts/generate_demo.py"

# The families in which the interface speaks of datasets (banner, footers).
FAMILY_ACTORS = "acteurs"
FAMILY_INDICATORS = "indicateurs"
FAMILY_FUNDING = "financements"
FAMILY_FOLLOW_UP = "suivi"
FAMILY_ACTIVITY = "activite"
FAMILY_LABELS = {
    FAMILY_ACTORS: "lieux et acteurs",
    FAMILY_INDICATORS: "indicateurs territoriaux",
    FAMILY_FUNDING: "financements",
    FAMILY_FOLLOW_UP: "suivi des actions",
    FAMILY_ACTIVITY: "activité (personnes accompagnées)",
}
FAMILY_ORDER = (FAMILY_ACTORS, FAMILY_INDICATORS, FAMILY_ACTIVITY, FAMILY_FUNDING, FAMILY_FOLLOW_UP)


@dataclass(frozen=True)
class FileProvenance:
    """What a data file says of itself (manifest or configuration)."""

    source: str | None = None
    vintage: str | None = None
    fictitious: bool = False


@dataclass(frozen=True)
class Provenance:
    """The provenance of one dataset as loaded (one version of the store, or one file)."""

    dataset: str
    label: str
    family: str
    rows: int
    fictitious_rows: int
    source: str | None = None
    vintage: str | None = None
    origin: str | None = None
    file_name: str | None = None
    created_at: dt.datetime | None = None  # local time
    author: str | None = None
    # Places: the sources their records cite, each with its latest update and number of places;
    # activity: its sources, each with its latest vintage and number of values (`cited_unit`).
    cited: tuple[tuple[str, dt.date | None, int], ...] = ()
    cited_unit: str = "lieux"

    @property
    def loaded(self) -> bool:
        return self.rows > 0

    @property
    def fictitious(self) -> bool:
        return self.fictitious_rows > 0

    @property
    def partly_fictitious(self) -> bool:
        return 0 < self.fictitious_rows < self.rows


def read_manifest(folder: Path) -> dict[str, FileProvenance]:
    """The manifest of a data folder: file name -> provenance (empty when there is none or it
    cannot be read: a broken manifest never hides data, it only loses the marks)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for name, entry in (raw.get("fichiers") or {}).items():
        if isinstance(entry, dict):
            out[str(name)] = FileProvenance(
                source=entry.get("source") or raw.get("source"),
                vintage=str(entry.get("millesime") or raw.get("millesime") or "") or None,
                fictitious=bool(entry.get("fictif", raw.get("fictif", False))),
            )
    return out


def file_provenance(path: Path | None, declared: FileProvenance | None = None) -> FileProvenance:
    """A configured file's provenance: its folder's manifest first (a demo file stays fictitious
    whatever the configuration says), then what the configuration declares, else unknown real."""
    if path is not None:
        entry = read_manifest(Path(path).parent).get(Path(path).name)
        if entry is not None:
            return entry
    return declared or FileProvenance()


def row_flags(frame: pd.DataFrame) -> pd.Series:
    """Per row: fictitious (the `fictif` column; absent or empty = real)."""
    if "fictif" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["fictif"].astype("boolean").fillna(False).astype(bool)


def fictitious_rows(frame: pd.DataFrame, version_fictitious: bool) -> int:
    """Rows marked fictitious; a dataset with no row mark follows its version's flag."""
    if "fictif" in frame.columns:
        return int(row_flags(frame).sum())
    return len(frame) if version_fictitious else 0


def mark_frame(frame: pd.DataFrame, fictitious: bool, source: str | None = None) -> pd.DataFrame:
    """The rows of a file marked with its provenance (places and indicator values carry it per
    row): every row `fictif` when the file is fictitious; `source` filled where empty."""
    out = frame.copy()
    if fictitious:
        dtype = frame["fictif"].dtype if "fictif" in frame.columns else bool
        out["fictif"] = pd.Series(True, index=out.index).astype(dtype)
    if source and "source" in out.columns:
        out["source"] = out["source"].astype("string").fillna(source)
    return out


def cited_sources(actors: pd.DataFrame) -> tuple[tuple[str, dt.date | None, int], ...]:
    """The sources the places cite (column `sources`): name, latest update among its places,
    number of places; real sources only (a fictitious place's sources are demo names)."""
    if actors.empty or "sources" not in actors.columns:
        return ()
    real = actors[~row_flags(actors)]
    exploded = real[["sources", "date_maj"]].explode("sources").dropna(subset=["sources"])
    if exploded.empty:
        return ()
    grouped = exploded.groupby("sources")["date_maj"].agg(["max", "size"])
    return tuple(
        (str(name), None if pd.isna(row["max"]) else pd.Timestamp(row["max"]).date(), int(row["size"]))
        for name, row in grouped.sort_index().iterrows()
    )


def cited_activity_sources(activity: pd.DataFrame) -> tuple[tuple[str, dt.date | None, int], ...]:
    """The sources of the real activity values: name, latest vintage (`millesime`), number of values."""
    if activity.empty or "source" not in activity.columns:
        return ()
    real = activity[~row_flags(activity)].dropna(subset=["source"])
    out = []
    for name, part in real.groupby("source", sort=True):
        days = []
        for text in part["millesime"].dropna().astype(str):
            try:
                days.append(dt.date.fromisoformat(text[:10]))
            except ValueError:
                continue
        out.append((str(name), max(days) if days else None, int(len(part))))
    return tuple(out)


def dataset_cited(key: str, frame: pd.DataFrame) -> dict:
    """The `cited` and `cited_unit` of a dataset's provenance (places and activity cite their sources)."""
    if key == "acteurs":
        return {"cited": cited_sources(frame)}
    if key == "activite":
        return {"cited": cited_activity_sources(frame), "cited_unit": "valeurs"}
    return {}


def fictitious_families(provenances: list[Provenance]) -> list[str]:
    found = {p.family for p in provenances if p.fictitious}
    return [f for f in FAMILY_ORDER if f in found]


def _describe_fictitious(p: Provenance) -> str:
    if p.dataset == "acteurs" and p.partly_fictitious:
        return f"{p.fictitious_rows} lieux sur {p.rows}"
    return ""


def notice(provenances: list[Provenance]) -> str | None:
    """The banner's text for the datasets a page shows, or None when none of them is fictitious.

    'Données fictives de démonstration : lieux et acteurs (744 lieux sur 1 236), financements.'"""
    fictitious = [p for p in provenances if p.fictitious]
    if not fictitious:
        return None
    parts = []
    for family in fictitious_families(fictitious):
        details = [d for d in (_describe_fictitious(p) for p in fictitious if p.family == family) if d]
        parts.append(FAMILY_LABELS[family] + (f" ({', '.join(details)})" if details else ""))
    return (
        "Données fictives de démonstration : " + ", ".join(parts) + ". "
        f"Elles sont générées par {DEMO_SCRIPT} ; les territoires (communes, EPCI, populations) sont réels."
    )


# Where a dataset is imported (the page and its tab), named by every empty state.
IMPORT_PLACE = "sur la page Données (onglet « Importer un fichier »)"
# Past this many datasets, an empty state speaks of « the hub's files » (the page lists them).
MAX_NAMED = 5


def _quoted(labels: list[str]) -> str:
    names = [f"« {label} »" for label in labels]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


def empty_notice(provenances: list[Provenance], what: str) -> str | None:
    """An empty state's text when none of these datasets holds a row (None otherwise):
    'Aucun lieu chargé : importez le fichier « Acteurs (lieux de médiation numérique) » sur la
    page Données (onglet « Importer un fichier »).'"""
    if not provenances or any(p.loaded for p in provenances):
        return None
    if len(provenances) > MAX_NAMED:
        files = "les fichiers du hub"
    else:
        files = ("le fichier " if len(provenances) == 1 else "les fichiers ") + _quoted([p.label for p in provenances])
    return f"{what} : importez {files} {IMPORT_PLACE}."


def not_loaded_notice(provenances: list[Provenance]) -> str | None:
    """A document's warning about the datasets it draws that hold no row (None when all do)."""
    missing = [p for p in provenances if not p.loaded]
    if not missing:
        return None
    if len(missing) == len(provenances):
        return (
            "Aucune donnée n'est chargée dans le tableau de bord : les chiffres de ce document sont nuls ou non "
            "renseignés. "
            f"Importez les fichiers du hub {IMPORT_PLACE}."
        )
    return (
        "Jeux de données non chargés dans le tableau de bord : "
        + _quoted([p.label for p in missing])
        + " ; les chiffres qui en dépendent sont nuls ou non renseignés."
    )


def source_line(p: Provenance, fr_date) -> str | None:
    """One dataset's source for a footer or a report, e.g. 'Lignes de budget : données fictives
    de démonstration, état au 30/09/2023.' or 'Acteurs : France Services (ANCT), 01/08/2024,
    version du 01/12/2026.'"""
    if not p.loaded:
        return None
    if p.fictitious and not p.partly_fictitious:
        vintage = f", état au {_fr_vintage(p.vintage, fr_date)}" if p.vintage else ""
        return f"{p.label} : données fictives de démonstration{vintage}."
    if p.cited:
        listed = "; ".join(
            f"{name}" + (f" au {fr_date(day)}" if day else "") + f" ({n} {p.cited_unit})" for name, day, n in p.cited
        )
        fictitious = "lieux fictifs" if p.cited_unit == "lieux" else f"{p.cited_unit} fictives"
        partly = f" ; dont {p.fictitious_rows} {fictitious} de démonstration" if p.partly_fictitious else ""
        return f"{p.label} : {listed}{partly}."
    origin = p.source or (f"fichier « {p.file_name} »" if p.file_name else "fichier du hub")
    vintage = f", {_fr_vintage(p.vintage, fr_date)}" if p.vintage else ""
    loaded = f", version du {fr_date(p.created_at)}" if p.created_at else ""
    partly = f" ; dont {p.fictitious_rows} lignes fictives de démonstration" if p.partly_fictitious else ""
    return f"{p.label} : {origin}{vintage}{loaded}{partly}."


def _fr_vintage(vintage: str | None, fr_date) -> str:
    """'2023-09-30' -> '30/09/2023'; a year or any other text stays as it is."""
    text = str(vintage or "")
    try:
        return fr_date(dt.date.fromisoformat(text))
    except ValueError:
        return text
