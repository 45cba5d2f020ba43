"""Importing a file into a dataset: read, map columns, validate, compose the new version, diff.

Nothing here writes: `prepare_import` returns an `ImportPreview` (problems, preview, diff,
suspected duplicates) that the page shows; only `confirm_import` (with a person's name) makes
it the current version, in one transaction of the store. A refused file, or a file with rows
in error that the person did not agree to set aside, cannot be confirmed; an abandoned import
is only logged. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ingestion.dataset_diff import DatasetDiff, diff_frames
from ingestion.merge_limits import MergeTooLarge
from ingestion.store import (
    ACTOR_RECORDS,
    ORIGIN_IMPORT,
    OUTCOME_ABANDONED,
    OUTCOME_CONFLICT,
    OUTCOME_REFUSED,
    ConflictError,
    Store,
    StoreError,
    VersionInfo,
    VersionMeta,
    conflict_message,
)
from loaders.actors import DERIVED_COLUMNS
from loaders.bundle import empty_dataset_frame
from loaders.column_mapping import apply_mapping, missing_required, suggest_mapping
from loaders.config import HubConfig
from loaders.dataset_spec import empty_frame
from loaders.incidents import incident_message, record_incident
from loaders.indicators import (
    IFN_COLUMNS,
    IFN_SOURCE,
    IFN_VINTAGE,
    ifn_catalogue,
    load_ifn,
)
from loaders.limits import MAX_BYTES, ReadLimits, limits_for, too_large
from loaders.problems import ERROR, INFO, LINE, WARNING, HasProblems, LoadResult, Problem
from loaders.provenance import ROW_MARKED, mark_frame
from loaders.readers import ReadContext, read_dataset
from loaders.schemas import CATALOGUE_INDICATEURS, SPECS
from loaders.spreadsheet_formulas import formula_cells
from loaders.tabular_reading import SEPARATOR_NAMES, TableRead, read_table
from loaders.territories import Territories
from loaders.territory_levels import PLURALS

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json")


# The other datasets a file is checked against (its references): a preview computed before one
# of them changed is stale too.
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "indicateurs": ("catalogue_indicateurs",),
    "mouvements": ("lignes_budget",),
    "mesures_kpi": ("kpis",),
    "evenements": ("acteurs",),
}

# Formats a file can be in, per dataset (the first is the default).
HUB_FORMAT = "hub"
IFN_COMMUNE = "ifn_commune"
IFN_EPCI = "ifn_epci"
IFN_DEPARTEMENT = "ifn_departement"
INDICATOR_FORMATS = {
    HUB_FORMAT: "Format du hub (format long : niveau, code, indicateur, période, valeur)",
    IFN_COMMUNE: "Indice de fragilité numérique (IFN) par commune : complète les indicateurs",
    IFN_EPCI: "Indice de fragilité numérique (IFN) par EPCI : complète les indicateurs",
    IFN_DEPARTEMENT: "Indice de fragilité numérique (IFN) par département : complète les indicateurs",
}
IFN_LEVELS = {IFN_COMMUNE: "commune", IFN_EPCI: "epci", IFN_DEPARTEMENT: "departement"}
# Activity: the hub's long format, or a national file / La Coop's answers read by their reader.
CRA_POSTAL = "cra_code_postal"
AIDANTS_CONNECT_ACTIVITY = "aidants_connect_activite"
COOP_API = "coop_api"
ACTIVITY_FORMATS = {
    HUB_FORMAT: "Format du hub (format long : territoire, période, mesure, ventilation, valeur, source)",
    CRA_POSTAL: "Conseillers numériques : comptes rendus d'activité par code postal (fichier national de l'ANCT)",
    AIDANTS_CONNECT_ACTIVITY: "Aidants Connect : structures, aidants, usagers uniques et démarches (liste de l'ANCT)",
    COOP_API: "La Coop de la médiation numérique : statistiques de l'API v1 (interrogée ici, ou réponses enregistrées)",
}
# Formats whose reader turns one line of the file into several values (the report says « valeurs »).
LONG_FORMATS = (*IFN_LEVELS, CRA_POSTAL, AIDANTS_CONNECT_ACTIVITY, COOP_API)
MODE_MERGE = "fusion"
MODE_REPLACE = "remplacement"
ACTOR_MODES = {
    MODE_MERGE: "Fusionner avec le registre actuel (un même lieu décrit par plusieurs sources reste un seul acteur)",
    MODE_REPLACE: "Remplacer tout le registre par ce fichier",
}


@dataclass
class ImportContext:
    """What validation needs besides the file: the hub, its territories, the current data."""

    config: HubConfig
    territories: Territories
    frames: dict[str, pd.DataFrame]  # current frame of each dataset (DataBundle field names)
    decisions: pd.DataFrame | None = None  # duplicate decisions in force (store.decisions())
    corrections: pd.DataFrame | None = None  # staff corrections in force (store.corrections())
    records: pd.DataFrame | None = None  # the actors' source records (store: fiches_acteurs)
    versions: dict[str, int] | None = None  # the store version of each dataset these frames are

    @classmethod
    def from_bundle(cls, bundle, decisions=None, corrections=None, records=None, versions=None) -> ImportContext:
        from ingestion.store_bundle import BUNDLE_FIELDS

        frames = {key: getattr(bundle, name) for key, name in BUNDLE_FIELDS.items()}
        return cls(bundle.config, bundle.territories, frames, decisions, corrections, records, versions)

    @classmethod
    def from_store(cls, bundle, store: Store, versions: dict[str, int] | None = None) -> ImportContext:
        """`versions`: the store version of each dataset the bundle was built from."""
        from ingestion.actor_registry import current_records

        versions = versions if versions is not None else {k: v.id for k, v in store.current_versions().items()}
        records_id = versions.get(ACTOR_RECORDS)
        records = current_records(
            store, bundle.actors, versions.get("acteurs"), store.version(records_id) if records_id else None
        )
        return cls.from_bundle(bundle, store.decisions(), store.corrections(), records, dict(versions))

    def current(self, key: str) -> pd.DataFrame:
        frame = self.frames.get(key)
        return empty_dataset_frame(key) if frame is None else frame

    def ids(self, key: str, column: str) -> set:
        return set(self.current(key)[column].dropna())


@dataclass
class ImportRequest:
    dataset: str
    data: bytes
    file_name: str
    mapping: dict[str, str | None] | None = None  # expected column -> file column (None = suggested)
    source_format: str | None = (
        None  # actors: a format of loaders.sources.detection (None = detected); indicators: INDICATOR_FORMATS
    )
    mode: str = MODE_MERGE  # actors: MODE_MERGE or MODE_REPLACE
    source_name: str | None = None  # actors in the standard format: the source's name (default: the hub's registry)
    fictitious: bool = False  # the file holds fictitious data (a demo, a test): marked as such everywhere


@dataclass
class ImportPreview(HasProblems):
    dataset: str
    file_name: str
    problems: list[Problem] = field(default_factory=list)
    refusal: str | None = None  # why this file cannot be imported (French); None when it can
    read_info: dict = field(default_factory=dict)  # encodage, separateur, format (as detected)
    file_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str | None] | None = None  # the mapping used (hub formats)
    loaded: pd.DataFrame | None = None  # the valid rows of the file
    rows_read: int = 0
    rows_rejected: int = 0
    frame: pd.DataFrame | None = None  # the content of the new version
    diff: DatasetDiff | None = None
    companions: dict[str, pd.DataFrame] = field(
        default_factory=dict
    )  # other datasets changed with it (IFN -> catalogue)
    companion_diffs: dict[str, DatasetDiff] = field(default_factory=dict)
    suspects: pd.DataFrame | None = None  # actors: suspected duplicates to confirm or reject
    merge_summary: dict = field(default_factory=dict)
    source_name: str | None = None
    vintage: str | None = None
    source_format: str | None = None
    fictitious: bool = False
    # The store version of each dataset the preview was computed on (None: not from a store).
    base_versions: dict[str, int] | None = None

    @property
    def refused(self) -> bool:
        return self.refusal is not None

    @property
    def needs_acceptance(self) -> bool:
        """Rows in error were set aside: the person must agree before the import lands."""
        return not self.refused and (self.rows_rejected > 0 or bool(self.errors))


def check_upload(data: bytes, file_name: str) -> str | None:
    """Why an uploaded file is refused before reading it (French), or None."""
    suffix = Path(file_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return (
            f"type de fichier refusé (« {suffix or 'sans extension'} ») : seuls les fichiers CSV, XLSX et JSON sont "
            "acceptés"
        )
    if len(data) > MAX_BYTES:
        return too_large(len(data))
    if not data.strip():
        return "le fichier est vide"
    return None


def read_upload(data: bytes, file_name: str, limits: ReadLimits | None = None) -> TableRead:
    """Read an uploaded file (after `check_upload`) with its dialect detected, within the
    limits of the dataset it is for (`limits_for(spec)`). Never raises."""
    refusal = check_upload(data, file_name)
    if refusal:
        return TableRead(None, [Problem(file_name, refusal)])
    try:
        return read_table(data, file_name, limits)
    except Exception as exc:  # noqa: BLE001 - the last resort: a reference, never a traceback
        reference = record_incident(f"lecture du fichier importé {file_name!r}", exc)
        return TableRead(None, [Problem(file_name, incident_message(reference, "en lisant le fichier"))])


def describe_read(read: TableRead) -> dict:
    """What was detected, in French, for the report."""
    encodings = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 avec BOM", "cp1252": "Windows-1252", "utf-16": "UTF-16"}
    kinds = {"csv": "CSV", "xlsx": "classeur Excel (XLSX)", "json": "JSON"}
    return {
        "format": kinds.get(read.kind, read.kind),
        "encodage": encodings.get(read.encoding, read.encoding),
        "separateur": SEPARATOR_NAMES.get(read.separator) if read.kind == "csv" else None,
    }


def uses_mapping(request: ImportRequest) -> bool:
    """Hub formats are matched column by column; national lists and IFN files have their readers."""
    if request.dataset == "acteurs":
        return request.source_format in (None, "standard")
    if request.dataset in ("indicateurs", "activite"):
        return request.source_format in (None, HUB_FORMAT)
    return True


def _refused(preview: ImportPreview, message: str) -> ImportPreview:
    preview.refusal = message
    if not any(p.severity == ERROR for p in preview.problems):
        preview.problems.append(Problem(preview.file_name, message))
    return preview


def prepare_import(request: ImportRequest, context: ImportContext) -> ImportPreview:
    """Everything the person must see before confirming; never raises on a bad file.

    A merge that would compare too many places is refused (ingestion/merge_limits.py); any other
    unexpected failure is logged with a reference (loaders/incidents.py) and the file refused
    with that reference: the current version is untouched either way."""
    key, name = request.dataset, request.file_name
    if key not in SPECS:
        raise ValueError(f"unknown dataset {key!r}")
    try:
        return _prepare(request, context)
    except MergeTooLarge as exc:
        preview = ImportPreview(dataset=key, file_name=name, source_format=request.source_format)
        preview.base_versions = None if context.versions is None else dict(context.versions)
        return _refused(preview, str(exc))
    except Exception as exc:  # noqa: BLE001 - the last resort: a reference, never a traceback
        reference = record_incident(f"vérification du fichier importé {name!r} ({key})", exc)
        preview = ImportPreview(dataset=key, file_name=name, source_format=request.source_format)
        preview.base_versions = None if context.versions is None else dict(context.versions)
        return _refused(preview, incident_message(reference, "en vérifiant le fichier"))


def _prepare(request: ImportRequest, context: ImportContext) -> ImportPreview:
    key, name = request.dataset, request.file_name
    preview = ImportPreview(dataset=key, file_name=name, source_format=request.source_format)
    preview.base_versions = None if context.versions is None else dict(context.versions)
    read = read_upload(request.data, name, limits_for(SPECS[key]))
    preview.problems = list(read.problems)
    preview.read_info = describe_read(read)
    if read.frame is None:
        first = next((p.message for p in read.problems if p.severity == ERROR), "fichier illisible")
        return _refused(preview, first)
    raw = read.frame
    preview.file_columns = [c for c in raw.columns if c != LINE]
    preview.rows_read = len(raw)

    if key == "acteurs" and request.source_format is None:
        from loaders.sources.detection import detect_actor_source

        request.source_format = detect_actor_source(raw.columns) or "standard"
        preview.source_format = request.source_format

    source = raw
    if uses_mapping(request):
        spec = SPECS[key]
        mapping = request.mapping or suggest_mapping(preview.file_columns, spec)
        preview.mapping = mapping
        missing = missing_required(mapping, spec)
        if missing:
            found = ", ".join(preview.file_columns) or "aucune"
            message = f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Colonnes trouvées : {found}"
            preview.problems.append(Problem(name, message, column=", ".join(missing)))
            return _refused(preview, message)
        try:
            source = apply_mapping(raw, mapping)
        except ValueError as exc:
            return _refused(preview, str(exc))

    result = _validate(key, source, request, context)
    preview.problems += [p for p in result.problems if p not in preview.problems]
    preview.problems += formula_problems(result.frame, name, preview.problems)
    preview.fictitious = bool(request.fictitious)
    preview.loaded = mark_frame(result.frame, True) if request.fictitious and key in ROW_MARKED else result.frame
    preview.rows_rejected = _rejected_rows(result)
    preview.source_name = result.meta.get("source") or None
    preview.vintage = result.meta.get("millesime") or None
    if result.frame.empty:
        if preview.rows_read == 0:
            return _refused(preview, "le fichier ne contient aucune ligne de données (en-tête seul)")
        fatal = next((p.message for p in result.problems if p.severity == ERROR and p.line is None), None)
        return _refused(preview, fatal or f"aucune ligne valide sur {preview.rows_read} : rien à importer")

    _compose(preview, request, context)
    preview.diff = diff_frames(
        context.current(key), preview.frame, list(SPECS[key].id_columns), ignore=_diff_ignored(key)
    )
    for other, frame in preview.companions.items():
        if other in SPECS:
            preview.companion_diffs[other] = diff_frames(context.current(other), frame, list(SPECS[other].id_columns))
    return preview


FORMULA_MESSAGE = (
    "valeur qui ressemble à une formule de tableur (commence par =, +, - ou @) : gardée telle quelle dans les données, "
    "elle est écrite précédée d'une apostrophe dans les exports pour qu'aucun tableur ne la calcule ; à corriger à la "
    "source"
)


def formula_problems(frame: pd.DataFrame, file_name: str, known: list[Problem] = ()) -> list[Problem]:
    """A warning for each formula-looking text of the valid rows (loaders/spreadsheet_formulas.py),
    unless the dataset's loader already reported a formula at that row and column."""
    said = {(p.line, p.column) for p in known if "formule" in p.message}
    cells = formula_cells(frame)
    lines = frame[LINE] if LINE in frame.columns else None
    out = []
    for cell in cells.itertuples(index=False):
        line = None if lines is None or pd.isna(lines[cell.index]) else int(lines[cell.index])
        if (line, cell.colonne) not in said:
            out.append(Problem(file_name, FORMULA_MESSAGE, line, cell.colonne, severity=WARNING, value=cell.valeur))
    return out


def _rejected_rows(result: LoadResult) -> int:
    if len(result.rejected):
        return len(result.rejected)
    return len({p.line for p in result.problems if p.severity == ERROR and p.line is not None})


def _diff_ignored(key: str) -> tuple[str, ...]:
    return tuple(DERIVED_COLUMNS) if key == "acteurs" else ()


def _validate(key: str, source, request: ImportRequest, context: ImportContext) -> LoadResult:
    """The dataset's own loader, with the references it checks taken from the current data."""
    name, territories, config = request.file_name, context.territories, context.config
    if key == "acteurs":
        from loaders.sources.detection import read_actor_file

        data = source if request.source_format == "standard" else request.data
        return read_actor_file(data, territories, file_name=name, kind=request.source_format)
    if key == "indicateurs":
        if request.source_format in IFN_LEVELS:
            result = load_ifn(request.data, IFN_LEVELS[request.source_format], territories, file_name=name)
            result.meta |= {"source": IFN_SOURCE, "millesime": IFN_VINTAGE}
            return result
    if key == "activite" and request.source_format in (CRA_POSTAL, AIDANTS_CONNECT_ACTIVITY, COOP_API):
        return _read_activity(request, context)
    # The hub's own formats: the reader of loaders/readers.py, against the current data.
    return read_dataset(
        key, source, ReadContext(config, territories, {k: context.current(k) for k in SPECS}), file_name=name
    )


def _compose(preview: ImportPreview, request: ImportRequest, context: ImportContext) -> None:
    """The new version's content from the valid rows (and the current data where it merges)."""
    key, loaded = preview.dataset, preview.loaded
    if key == "acteurs":
        from ingestion.actor_merge import as_records
        from ingestion.actor_registry import merge_into_registry, replace_registry

        if request.mode == MODE_REPLACE:
            merged = replace_registry(loaded, context.decisions, context.corrections, context.territories)
        else:
            current = context.current("acteurs")
            records = context.records if context.records is not None else as_records(current)
            source = (request.source_name or "").strip() or None if request.source_format == "standard" else None
            # The current version is what these records made: compared with it, not rebuilt (a
            # second consolidation of the whole registry, 2 s for 20,000 places).
            merged = merge_into_registry(
                records,
                loaded,
                context.decisions,
                context.corrections,
                context.territories,
                source,
                previous=current if len(current) else None,
            )
            preview.source_name = preview.source_name or source
        preview.problems += merged.problems
        preview.frame, preview.suspects, preview.merge_summary = (
            merged.actors,
            merged.suspected,
            dict(merged.report) | {"mode": request.mode},
        )
        preview.companions[ACTOR_RECORDS] = merged.records
        return
    if key == "indicateurs" and request.source_format in IFN_LEVELS:
        _compose_ifn(preview, IFN_LEVELS[request.source_format], context)
        return
    if key == "activite":
        _compose_activity(preview, context)
        return
    preview.frame = loaded


LEVEL_NAMES = PLURALS


def _compose_ifn(preview: ImportPreview, level: str, context: ImportContext) -> None:
    """The IFN values of one level replace that level's; the other levels of the same indicators
    and vintage are kept only when they come from the same source (an import of the IFN at that
    level) and are real. The others are dropped: EPCI and départements are then computed from
    the communes (population-weighted mean, analytics.coverage.indicator_levels), never left over from
    another version (fictitious demo values under the IFN's name)."""
    loaded = preview.loaded
    current = context.current("indicateurs")
    ifn_ids = set(IFN_COLUMNS.values())
    same = current["indicateur"].isin(ifn_ids).fillna(False) & (current["periode"] == IFN_VINTAGE).fillna(False)
    replaced = same & (current["niveau"] == level).fillna(False)
    real_same_source = (current["source"] == IFN_SOURCE).fillna(False) & ~current["fictif"].astype("boolean").fillna(
        False
    )
    stale = same & ~replaced & ~real_same_source
    frame = pd.concat([current[~(replaced | stale)], loaded], ignore_index=True)
    preview.frame = frame.astype(current.dtypes.to_dict()) if list(current.columns) == list(frame.columns) else frame
    preview.companions["catalogue_indicateurs"] = _catalogue_with_ifn(context.current("catalogue_indicateurs"))
    preview.problems.append(
        Problem(
            preview.file_name,
            f"{int(replaced.sum())} valeur(s) IFN des {LEVEL_NAMES[level]} ({IFN_VINTAGE}) remplacée(s) par "
            f"{len(loaded)} valeur(s) du fichier ; les autres indicateurs sont conservés",
            severity=INFO,
        )
    )
    if stale.any():
        found = set(current.loc[stale, "niveau"].dropna())
        levels = ", ".join(name for lv, name in LEVEL_NAMES.items() if lv in found)
        preview.problems.append(
            Problem(
                preview.file_name,
                f"{int(stale.sum())} valeur(s) IFN d'une autre source ({levels}) retirée(s) : ces niveaux sont "
                "désormais calculés à partir des "
                "communes (moyenne pondérée par la population), ou importez l'IFN publié à ce niveau",
                severity=INFO,
            )
        )


def _read_activity(request: ImportRequest, context: ImportContext) -> LoadResult:
    """A national activity file or La Coop's answers, by their readers (loaders/sources/)."""
    config, territories, name = context.config, context.territories, request.file_name
    if request.source_format == CRA_POSTAL:
        from loaders.postal_codes import load_postal_table
        from loaders.sources.cra_conseillers_numeriques import read_cra_by_postal_code

        postal = load_postal_table(config.reference_dir, config.departements)
        return read_cra_by_postal_code(request.data, postal, file_name=name)
    if request.source_format == AIDANTS_CONNECT_ACTIVITY:
        from loaders.sources.aidants_connect_activity import read_aidants_connect_activity

        return read_aidants_connect_activity(request.data, territories, file_name=name)
    from loaders.sources.coop_api import read_coop_statistics

    known = {
        "departement": set(territories.departements["code_departement"]),
        "commune": set(territories.communes["code_insee"]),
    }
    return read_coop_statistics(request.data, name, known)


def _compose_activity(preview: ImportPreview, context: ImportContext) -> None:
    """The file's values replace the current values of the same source and the same periods; the
    other sources and periods are kept. A real file also removes every fictitious value (the demo's):
    real and fictitious people are never counted side by side."""
    loaded, current = preview.loaded, context.current("activite")
    fictitious = current["fictif"].astype("boolean").fillna(False).astype(bool)
    pairs = set(zip(loaded["source"], loaded["periode"]))
    replaced = pd.Series([(s, p) in pairs for s, p in zip(current["source"], current["periode"])], index=current.index)
    removed_fictitious = fictitious & ~replaced if not preview.fictitious else pd.Series(False, index=current.index)
    kept = current[~(replaced | removed_fictitious)]
    frame = pd.concat([kept, loaded], ignore_index=True) if len(kept) else loaded.copy()
    typed = empty_frame(SPECS["activite"]).dtypes.to_dict()
    preview.frame = frame.astype({k: v for k, v in typed.items() if k in frame.columns and k != "codes_postaux"})
    sources = ", ".join(sorted({s for s, _ in pairs}))
    if current.empty:
        return
    preview.problems.append(
        Problem(
            preview.file_name,
            f"{int(replaced.sum())} valeur(s) actuelle(s) de la même source et de la même période ({sources}) "
            f"remplacée(s) par les {len(loaded)} valeur(s) du fichier ; {len(kept)} valeur(s) d'autres sources ou "
            "périodes conservée(s)",
            severity=INFO,
        )
    )
    if removed_fictitious.any():
        preview.problems.append(
            Problem(
                preview.file_name,
                f"{int(removed_fictitious.sum())} valeur(s) fictive(s) de démonstration retirée(s) : les données "
                "réelles ne sont jamais comptées à côté de valeurs fictives",
                severity=INFO,
            )
        )


def _catalogue_with_ifn(current: pd.DataFrame) -> pd.DataFrame:
    """The catalogue with the IFN entries added or updated, typed like the loader's."""
    ifn = ifn_catalogue()
    typed = empty_frame(CATALOGUE_INDICATEURS)
    rows = pd.DataFrame({LINE: [0] * len(ifn)})
    for column in typed.columns:
        if column == LINE:
            continue
        rows[column] = ifn[column] if column in ifn.columns else None
    rows = rows.astype(typed.dtypes.to_dict())
    kept = current[~current["id"].isin(set(ifn["id"]))]
    return pd.concat([kept, rows], ignore_index=True).astype(typed.dtypes.to_dict())


def preview_datasets(preview: ImportPreview) -> list[str]:
    """The datasets a preview was computed from: its own, those changed with it, its references."""
    own = [preview.dataset, *preview.companions]
    return own + [d for d in DEPENDS_ON.get(preview.dataset, ()) if d not in own]


def stale_datasets(preview: ImportPreview, versions: dict[str, int]) -> list[str]:
    """The datasets of `preview_datasets` whose current version (`versions`) is not the one the
    preview was computed on: confirming it would be refused."""
    base = preview.base_versions or {}
    return [d for d in preview_datasets(preview) if base.get(d) != versions.get(d)]


def confirm_import(
    store: Store,
    preview: ImportPreview,
    author: str,
    base_version_ids: dict[str, int | None] | None = None,
    accept_rejected: bool = False,
    note: str | None = None,
    author_subject: str | None = None,
) -> list[VersionInfo]:
    """Make the previewed content the current version (and its companions), in ONE transaction.

    `base_version_ids` (default: the preview's `base_versions`): the current version of each
    dataset when the preview was computed. If the dataset, a companion or a dataset it refers
    to (DEPENDS_ON) changed since, `ConflictError` (French, logged « conflit »): the preview must
    be recomputed and confirmed again; it is never recomputed here.
    Raises StoreError (French) when the file is refused or rows in error were not accepted.
    """
    if preview.refused:
        raise StoreError(f"Import refusé : {preview.refusal}")
    bases = base_version_ids if base_version_ids is not None else preview.base_versions
    if bases is None:
        raise ValueError("confirm_import needs the versions the preview was computed on")
    # A stale preview is refused as such, whatever else is wrong with it (the commit checks again).
    current = store.current_versions()
    own = [preview.dataset, *preview.companions]
    for dataset in preview_datasets(preview):
        version = current.get(dataset)
        if (version.id if version else None) != bases.get(dataset):
            message = conflict_message(version, None if dataset in own else dataset)
            _log_quietly(
                store, preview.dataset, OUTCOME_CONFLICT, message, author, preview.file_name, len(preview.frame)
            )
            raise ConflictError(message)
    if preview.needs_acceptance and not accept_rejected:
        raise StoreError(
            f"{preview.rows_rejected} ligne(s) en erreur seraient écartées : confirmez que vous acceptez de les "
            "écarter "
            "(ou corrigez le fichier) avant de valider l'import."
        )
    try:
        return _stage_and_commit(store, preview, author, bases, note, author_subject)
    except ConflictError as exc:
        _log_quietly(store, preview.dataset, OUTCOME_CONFLICT, str(exc), author, preview.file_name, len(preview.frame))
        raise
    except StoreError as exc:
        # A disk full, a store damaged or read-only at the commit: nothing landed, and it is said.
        if exc.kind is None:
            raise
        raise StoreError(f"Import non enregistré. {exc} {_kept(store, preview.dataset)}", exc.kind) from exc
    except Exception as exc:  # noqa: BLE001 - the last resort: a reference, never a traceback
        reference = record_incident(f"enregistrement de l'import {preview.file_name!r} ({preview.dataset})", exc)
        message = incident_message(reference, "en enregistrant l'import")
        raise StoreError(f"Import non enregistré. {message} {_kept(store, preview.dataset)}") from exc


def _kept(store: Store, dataset: str) -> str:
    """The sentence saying which version stays current after an import that did not land."""
    try:
        current = store.current_version(dataset)
    except StoreError:
        current = None
    label = SPECS[dataset].label if dataset in SPECS else dataset
    if current is None:
        return f"« {label} » reste tel qu'il était."
    return f"La version actuelle de « {label} » (version {current.number}) reste en vigueur."


def _stage_and_commit(
    store: Store,
    preview: ImportPreview,
    author: str,
    bases: dict[str, int | None],
    note: str | None,
    author_subject: str | None = None,
) -> list[VersionInfo]:
    meta = dict(
        author=author,
        origin=ORIGIN_IMPORT,
        file_name=preview.file_name,
        source_name=preview.source_name,
        vintage=preview.vintage,
        rows_rejected=preview.rows_rejected,
        note=note,
        fictitious=preview.fictitious,
        author_subject=author_subject,
    )
    staged = [
        store.stage(
            preview.dataset,
            preview.frame,
            VersionMeta(problems=list(preview.problems), **meta),
            base_version_id=bases.get(preview.dataset),
        )
    ]
    for other, frame in preview.companions.items():
        companion_meta = VersionMeta(
            **(
                meta
                | {"rows_rejected": 0, "note": f"mis à jour avec l'import de {preview.file_name} ({preview.dataset})"}
            )
        )
        staged.append(store.stage(other, frame, companion_meta, base_version_id=bases.get(other)))
    references = {d: bases.get(d) for d in DEPENDS_ON.get(preview.dataset, ()) if d not in preview.companions}
    return store.commit(staged, unchanged=references)


def _log_quietly(store: Store, *args) -> None:
    """Log an import that did not land; a failure to log (read-only store, full disk) does not
    hide what the person must be told."""
    try:
        store.log_import(*args)
    except StoreError:
        pass


def refuse_or_abandon(
    store: Store,
    preview: ImportPreview,
    author: str | None = None,
    abandoned: bool = False,
    author_subject: str | None = None,
) -> None:
    """Log an import that will not land (the current version is untouched)."""
    outcome = OUTCOME_ABANDONED if abandoned else OUTCOME_REFUSED
    message = "import abandonné avant validation" if abandoned else (preview.refusal or "import refusé")
    _log_quietly(
        store,
        preview.dataset,
        outcome,
        message,
        author,
        preview.file_name,
        preview.rows_read,
        len(preview.problems),
        author_subject,
    )


def import_now(
    store: Store, request: ImportRequest, context: ImportContext, author: str, accept_rejected: bool = False
) -> tuple[ImportPreview, list[VersionInfo]]:
    """Prepare and confirm in one go (scripts, tests): refused files raise StoreError."""
    bases = {k: v.id for k, v in store.current_versions().items()}
    preview = prepare_import(request, context)
    if preview.refused:
        refuse_or_abandon(store, preview, author)
        raise StoreError(f"Import refusé : {preview.refusal}")
    return preview, confirm_import(store, preview, author, bases, accept_rejected)


def restore_version(store: Store, version_id: int, author: str, author_subject: str | None = None) -> VersionInfo:
    """Restore a version; restoring actors restores the source records they were built from."""
    version = store.version(version_id)
    companions = None
    if version.dataset == "acteurs" and ACTOR_RECORDS not in store.companions(version_id):
        from ingestion.actor_merge import as_records

        companions = {ACTOR_RECORDS: as_records(store.version_frame(version_id))}
    return store.restore(version_id, author, companions=companions, author_subject=author_subject)


def rebuild_registry_version(
    store: Store,
    territories: Territories,
    author: str,
    origin: str,
    note: str,
    attempts: int = 5,
    author_subject: str | None = None,
) -> VersionInfo:
    """A new version of the actors recomputed from their records with the decisions and
    corrections now in force (after a person decided on duplicates or corrected a field).
    Compare-and-swap: recomputed if an import lands meanwhile."""
    from ingestion.actor_registry import current_records, rebuild_registry

    for _ in range(max(1, attempts)):
        current = store.current_versions()
        actors_v, records_v = current.get("acteurs"), current.get(ACTOR_RECORDS)
        if actors_v is None:
            raise StoreError("Aucun registre des acteurs à recalculer : importez d'abord un fichier d'acteurs.")
        records = current_records(store, store.version_frame(actors_v.id), actors_v.id, records_v)
        merged = rebuild_registry(records, store.decisions(), store.corrections(), territories)
        meta = dict(
            author=author,
            origin=origin,
            source_name=actors_v.source_name,
            vintage=actors_v.vintage,
            note=note,
            author_subject=author_subject,
        )
        staged = [
            store.stage(
                "acteurs",
                merged.actors,
                VersionMeta(problems=list(merged.problems), **meta),
                base_version_id=actors_v.id,
            ),
            store.stage(
                ACTOR_RECORDS, merged.records, VersionMeta(**meta), base_version_id=records_v.id if records_v else None
            ),
        ]
        try:
            return store.commit(staged)[0]
        except ConflictError:
            continue
    raise ConflictError("Le registre des acteurs change trop souvent : réessayez dans un instant.")
