"""The versioned store of the hub's datasets: nothing confirmed is ever lost.

Every dataset (`loaders.config.DATASET_KEYS`) is a sequence of versions; exactly one is
current, and every page reads the current ones. A version is never modified nor deleted:
an import adds a version, a restore adds a version whose content is an older one.

The store is a SQL database through SQLAlchemy 2: by default a SQLite file created on first
run at `[donnees] stockage` of hub.toml (`var/hub.sqlite`); the environment variable
HUB_STORE_URL (a SQLAlchemy URL) replaces it, e.g. by a server database.

Safety:
- a commit is ONE transaction (version row, content, current pointer, import log): a failure
  anywhere leaves the previous current version in place;
- writers are serialised (SQLite: WAL journal and `BEGIN IMMEDIATE`; other databases: the
  dataset's row is locked with SELECT … FOR UPDATE), and a commit may require that the current
  version is still the one its preview was computed on (`expected_current`): two imports at the
  same time both land as versions, and a change computed on a stale base is refused
  (`ConflictError`) or recomputed (`Store.apply_change`), never silently lost;
- SQLite in WAL mode with `synchronous=FULL`: a crash during an import loses nothing that was
  committed before it.

Also kept here: the decisions on suspected duplicate actors, the staff's corrections of actor
fields (both remembered across imports) and a log of every import attempt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from loaders.config import DATASET_KEYS, HubConfig
from loaders.frame_codec import decode_frame, encode_frame
from loaders.problems import ERROR, WARNING, Problem
from loaders.provenance import DEMO_SOURCE

STORE_URL_VARIABLE = "HUB_STORE_URL"
# Internal dataset: the actors' source records behind the registry (analytics/actor_merge.py),
# committed with each version of `acteurs`.
ACTOR_RECORDS = "fiches_acteurs"
STORE_KEYS = (*DATASET_KEYS, ACTOR_RECORDS)
SCHEMA_VERSION = "1"

ORIGIN_DEMO = "données de démonstration"
ORIGIN_CONFIGURED = "fichiers de la configuration"
ORIGIN_IMPORT = "import de fichier"
ORIGIN_RESTORE = "restauration"
ORIGIN_CORRECTION = "correction manuelle"
ORIGIN_DECISION = "décision sur les doublons"
AUTHOR_SCRIPT = "script"

OUTCOME_CONFIRMED = "validé"
OUTCOME_REFUSED = "refusé"
OUTCOME_ABANDONED = "abandonné"
OUTCOME_FAILED = "échec"
OUTCOME_CONFLICT = "conflit"

DECISION_SAME = "meme_lieu"
DECISION_DISTINCT = "distincts"
DECISIONS = (DECISION_SAME, DECISION_DISTINCT)

MAX_AUTHOR_LENGTH = 100

metadata = MetaData()

store_info = Table(
    "store_info",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
)

datasets_table = Table(
    "datasets",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Column("current_version_id", Integer, nullable=True),
    Column("updated_at", DateTime, nullable=True),
)

versions_table = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(50), ForeignKey("datasets.key"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("author", String(MAX_AUTHOR_LENGTH), nullable=False),
    Column("origin", String(100), nullable=False),
    Column("file_name", String(255)),
    Column("source_name", String(255)),
    Column("vintage", String(50)),
    Column("rows", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("problems_count", Integer, nullable=False, default=0),
    Column("errors_count", Integer, nullable=False, default=0),
    Column("warnings_count", Integer, nullable=False, default=0),
    Column("note", Text),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("based_on", Integer, nullable=True),
    Column("restored_from", Integer, nullable=True),
    # Set on a version committed together with another one (the actors' records with `acteurs`).
    Column("companion_of", Integer, nullable=True),
    Column("content_sha256", String(64), nullable=False),
    # Some rows (or all) are fictitious demo data; NULL in stores created before it was kept.
    Column("fictitious", Boolean, nullable=True),
    UniqueConstraint("dataset", "number", name="uq_version_number"),
    # At most one current version per dataset, enforced by the database itself.
    Index(
        "uq_one_current_version",
        "dataset",
        unique=True,
        sqlite_where=Column("is_current") == True,  # noqa: E712 - SQL expression
        postgresql_where=Column("is_current") == True,  # noqa: E712
    ),
)

contents_table = Table(
    "version_contents",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("schema", Text, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("problems", Text, nullable=False),
)

decisions_table = Table(
    "duplicate_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("id_a", String(255), nullable=False),
    Column("id_b", String(255), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("author", String(MAX_AUTHOR_LENGTH), nullable=False),
    Column("decided_at", DateTime, nullable=False),
    Column("note", Text),
)

corrections_table = Table(
    "actor_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor_id", String(255), nullable=False),
    Column("field", String(100), nullable=False),
    Column("value", Text, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("author", String(MAX_AUTHOR_LENGTH), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("note", Text),
)

import_log_table = Table(
    "import_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("dataset", String(50), nullable=False),
    Column("author", String(MAX_AUTHOR_LENGTH)),
    Column("file_name", String(255)),
    Column("outcome", String(20), nullable=False),
    Column("message", Text),
    Column("version_id", Integer, nullable=True),
    Column("rows", Integer, nullable=True),
    Column("problems_count", Integer, nullable=True),
)


class StoreError(Exception):
    """A refused store operation; the message is French and meant for the user."""


class ConflictError(StoreError):
    """The current version changed since the change was prepared on it."""


@dataclass(frozen=True)
class VersionInfo:
    id: int
    dataset: str
    number: int
    created_at: dt.datetime  # UTC, naive
    author: str
    origin: str
    file_name: str | None
    source_name: str | None
    vintage: str | None
    rows: int
    rows_rejected: int
    problems_count: int
    errors_count: int
    warnings_count: int
    note: str | None
    is_current: bool
    based_on: int | None
    restored_from: int | None
    companion_of: int | None
    content_sha256: str
    fictitious: bool | None = None

    @property
    def is_fictitious(self) -> bool:
        """Marked fictitious; in stores older than the mark, the demo's origin or source says it."""
        if self.fictitious is not None:
            return bool(self.fictitious)
        return self.origin == ORIGIN_DEMO or (self.source_name or "").startswith(DEMO_SOURCE)


@dataclass
class VersionMeta:
    """What is said about a new version: who (`author`) and what (`origin`), from which file."""

    author: str
    origin: str = ORIGIN_IMPORT
    file_name: str | None = None
    source_name: str | None = None
    vintage: str | None = None
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    note: str | None = None
    restored_from: int | None = None
    # The content is fictitious demo data (rows marked `fictif` say it per row).
    fictitious: bool = False


# Marker: commit whatever the current version is (a plain replacement).
ANY = object()


@dataclass
class StagedVersion:
    """A version ready to be committed: content encoded, base version noted. Not yet stored."""

    dataset: str
    frame: pd.DataFrame
    meta: VersionMeta
    base_version_id: int | None
    data: bytes
    schema: str
    sha256: str

    @property
    def rows(self) -> int:
        return len(self.frame)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def clean_author(author: str | None) -> str:
    text = " ".join(str(author or "").split())
    if not text:
        raise StoreError("Indiquez votre nom : chaque version garde la trace de qui l'a créée.")
    if len(text) > MAX_AUTHOR_LENGTH:
        raise StoreError(f"Le nom de la personne est trop long ({len(text)} caractères ; {MAX_AUTHOR_LENGTH} au plus).")
    return text


def _is_fictitious(frame: pd.DataFrame, meta: VersionMeta) -> bool:
    """A version is fictitious when any row is marked so, or (no row mark) when its meta says so."""
    if "fictif" in frame.columns:
        return bool(frame["fictif"].astype("boolean").fillna(False).any())
    return bool(meta.fictitious)


def _check_dataset(dataset: str) -> None:
    if dataset not in STORE_KEYS:
        raise StoreError(f"Jeu de données inconnu : « {dataset} ».")


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False)


def _problems_from_json(text: str) -> list[Problem]:
    out = []
    for d in json.loads(text or "[]"):
        out.append(Problem(d["fichier"], d["message"], d.get("ligne"), d.get("colonne"), d.get("gravite", ERROR), d.get("valeur")))
    return out


def store_url(config: HubConfig) -> str:
    """HUB_STORE_URL when set, else the SQLite file of `[donnees] stockage`."""
    url = os.environ.get(STORE_URL_VARIABLE, "").strip()
    if url:
        return url
    path = config.store_path or (config.path.parent / "var" / "hub.sqlite")
    return f"sqlite:///{Path(path).resolve()}"


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = url.split("///", 1)[1] if "///" in url else ""
        if not database or database == ":memory:":
            raise StoreError("L'entrepôt SQLite doit être un fichier (pas « :memory: »).")
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            # Let SQLAlchemy's "begin" event decide how each transaction starts.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=60000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            # Writers take the write lock at once (no upgrade deadlock); readers get a snapshot.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("hub_write") else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    """The versioned datasets of one hub. Thread-safe: every call opens its own transaction."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _make_engine(url)
        self._create_schema()

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(hub_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def _create_schema(self) -> None:
        with self._write() as conn:
            metadata.create_all(conn)
            self._add_missing_columns(conn)
            known = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
            if known is None:
                conn.execute(insert(store_info).values(key="schema_version", value=SCHEMA_VERSION))
            elif known != SCHEMA_VERSION:
                raise StoreError(f"Entrepôt de données d'une autre version (schéma {known}, attendu {SCHEMA_VERSION}).")

    @staticmethod
    def _add_missing_columns(conn: Connection) -> None:
        """Nullable columns added after a store was created are added to it (no data change)."""
        from sqlalchemy import inspect

        inspector = inspect(conn)
        for table in metadata.sorted_tables:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    conn.exec_driver_sql(f'ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type.compile(conn.dialect)}')

    def dispose(self) -> None:
        self.engine.dispose()

    # --- reading --------------------------------------------------------------------------

    @staticmethod
    def _info(row) -> VersionInfo:
        m = row._mapping
        return VersionInfo(**{f: m[f] for f in VersionInfo.__dataclass_fields__})

    def current_versions(self) -> dict[str, VersionInfo]:
        with self._read() as conn:
            rows = conn.execute(select(versions_table).where(versions_table.c.is_current == True)).all()  # noqa: E712
        return {r.dataset: self._info(r) for r in rows}

    def signature(self) -> tuple:
        """The current version id of every dataset: changes exactly when a commit lands."""
        with self._read() as conn:
            rows = conn.execute(
                select(versions_table.c.dataset, versions_table.c.id).where(versions_table.c.is_current == True)  # noqa: E712
            ).all()
        return tuple(sorted((r.dataset, r.id) for r in rows))

    def current_version(self, dataset: str) -> VersionInfo | None:
        _check_dataset(dataset)
        return self.current_versions().get(dataset)

    def current_frame(self, dataset: str) -> pd.DataFrame | None:
        """The current content of `dataset`, or None when it has no version yet."""
        version = self.current_version(dataset)
        return None if version is None else self.version_frame(version.id)

    def list_versions(self, dataset: str) -> list[VersionInfo]:
        """Every version of `dataset`, newest first."""
        _check_dataset(dataset)
        with self._read() as conn:
            rows = conn.execute(
                select(versions_table).where(versions_table.c.dataset == dataset).order_by(versions_table.c.number.desc())
            ).all()
        return [self._info(r) for r in rows]

    def version(self, version_id: int) -> VersionInfo:
        with self._read() as conn:
            row = conn.execute(select(versions_table).where(versions_table.c.id == int(version_id))).first()
        if row is None:
            raise StoreError(f"Version {version_id} introuvable.")
        return self._info(row)

    def version_frame(self, version_id: int) -> pd.DataFrame:
        with self._read() as conn:
            row = conn.execute(select(contents_table).where(contents_table.c.version_id == int(version_id))).first()
        if row is None:
            raise StoreError(f"Contenu de la version {version_id} introuvable.")
        return decode_frame(row.data, row.schema)

    def version_problems(self, version_id: int) -> list[Problem]:
        with self._read() as conn:
            text = conn.execute(select(contents_table.c.problems).where(contents_table.c.version_id == int(version_id))).scalar()
        return _problems_from_json(text or "[]")

    # --- writing --------------------------------------------------------------------------

    def stage(self, dataset: str, frame: pd.DataFrame, meta: VersionMeta, base_version_id=ANY) -> StagedVersion:
        """Prepare a version (nothing is written). `base_version_id` defaults to the current one."""
        _check_dataset(dataset)
        meta.author = clean_author(meta.author)
        if base_version_id is ANY:
            current = self.current_version(dataset)
            base_version_id = current.id if current else None
        data, schema = encode_frame(frame)
        return StagedVersion(dataset, frame, meta, base_version_id, data, schema, hashlib.sha256(data).hexdigest())

    def commit(self, staged: StagedVersion | list[StagedVersion], check_base: bool = True) -> list[VersionInfo]:
        """Store staged versions in ONE transaction and make them current.

        With `check_base`, each dataset's current version must still be the one the change was
        prepared on, else `ConflictError` and nothing is written.
        """
        items = staged if isinstance(staged, list) else [staged]
        if len({s.dataset for s in items}) != len(items):
            raise StoreError("Deux versions d'un même jeu de données dans une seule validation.")
        now = utc_now()
        ids = []
        with self._write() as conn:
            for s in items:
                ids.append(self._commit_one(conn, s, now, check_base, companion_of=ids[0] if ids else None))
        return [self.version(i) for i in ids]

    def commit_version(self, dataset: str, frame: pd.DataFrame, meta: VersionMeta, expected_current=ANY) -> VersionInfo:
        """Stage and commit one version. `expected_current` (a version id or None) guards against
        a concurrent change; by default the version replaces whatever is current."""
        staged = self.stage(dataset, frame, meta, base_version_id=expected_current)
        return self.commit(staged, check_base=expected_current is not ANY)[0]

    def _commit_one(self, conn: Connection, s: StagedVersion, now: dt.datetime, check_base: bool, companion_of: int | None = None) -> int:
        v = versions_table
        exists = conn.execute(select(datasets_table.c.key).where(datasets_table.c.key == s.dataset).with_for_update()).first()
        if exists is None:
            conn.execute(insert(datasets_table).values(key=s.dataset, created_at=now))
        current = conn.execute(select(v.c.id, v.c.number, v.c.author).where((v.c.dataset == s.dataset) & (v.c.is_current == True))).first()  # noqa: E712
        current_id = current.id if current else None
        if check_base and current_id != s.base_version_id:
            who = f" (version {current.number}, par {current.author})" if current else ""
            raise ConflictError(
                "Le jeu de données a changé depuis la préparation de cet import"
                f"{who} : l'aperçu doit être recalculé sur la version actuelle avant de valider."
            )
        number = (conn.execute(select(func.max(v.c.number)).where(v.c.dataset == s.dataset)).scalar() or 0) + 1
        problems = s.meta.problems
        conn.execute(update(v).where((v.c.dataset == s.dataset) & (v.c.is_current == True)).values(is_current=False))  # noqa: E712
        version_id = conn.execute(
            insert(v).values(
                dataset=s.dataset,
                number=number,
                created_at=now,
                author=s.meta.author,
                origin=s.meta.origin,
                file_name=s.meta.file_name,
                source_name=s.meta.source_name,
                vintage=s.meta.vintage,
                rows=len(s.frame),
                rows_rejected=int(s.meta.rows_rejected or 0),
                problems_count=len(problems),
                errors_count=sum(p.severity == ERROR for p in problems),
                warnings_count=sum(p.severity == WARNING for p in problems),
                note=s.meta.note,
                is_current=True,
                based_on=current_id,
                restored_from=s.meta.restored_from,
                companion_of=companion_of,
                content_sha256=s.sha256,
                fictitious=_is_fictitious(s.frame, s.meta),
            )
        ).inserted_primary_key[0]
        self._insert_content(conn, version_id, s, problems)
        conn.execute(update(datasets_table).where(datasets_table.c.key == s.dataset).values(current_version_id=version_id, updated_at=now))
        outcome_message = f"version {number} ({len(s.frame)} lignes)"
        self._log(conn, s.dataset, s.meta.author, s.meta.file_name, OUTCOME_CONFIRMED, f"{s.meta.origin} : {outcome_message}", version_id, len(s.frame), len(problems))
        return version_id

    def _insert_content(self, conn: Connection, version_id: int, s: StagedVersion, problems: list[Problem]) -> None:
        conn.execute(insert(contents_table).values(version_id=version_id, schema=s.schema, data=s.data, problems=_problems_json(problems)))

    def apply_change(
        self,
        dataset: str,
        build: Callable[[pd.DataFrame | None], tuple[pd.DataFrame, VersionMeta]],
        attempts: int = 5,
    ) -> VersionInfo:
        """Compute a new version from the current one and commit it; if another commit lands in
        between, compute it again on the new current version (compare-and-swap). Nothing is lost."""
        for _ in range(max(1, attempts)):
            current = self.current_version(dataset)
            frame, meta = build(None if current is None else self.version_frame(current.id))
            try:
                return self.commit(self.stage(dataset, frame, meta, base_version_id=current.id if current else None))[0]
            except ConflictError:
                continue
        raise ConflictError(f"Le jeu de données « {dataset} » change trop souvent : réessayez dans un instant.")

    def companions(self, version_id: int) -> dict[str, VersionInfo]:
        """The versions committed together with `version_id` (by dataset)."""
        with self._read() as conn:
            rows = conn.execute(select(versions_table).where(versions_table.c.companion_of == int(version_id))).all()
        return {r.dataset: self._info(r) for r in rows}

    def restore(self, version_id: int, author: str, note: str | None = None, companions: dict[str, pd.DataFrame] | None = None) -> VersionInfo:
        """A new current version whose content is that of `version_id` (nothing is deleted).

        The versions committed together with it are restored with it, in the same transaction;
        `companions` gives the content of those it had none for (e.g. records rebuilt)."""
        old = self.version(version_id)
        text = note or f"restauration de la version {old.number} du {old.created_at:%d/%m/%Y %H:%M} (UTC)"

        def meta_of(v: VersionInfo, problems: list[Problem]) -> VersionMeta:
            return VersionMeta(
                author=author, origin=ORIGIN_RESTORE, file_name=v.file_name, source_name=v.source_name, vintage=v.vintage,
                rows_rejected=v.rows_rejected, problems=problems, note=text, restored_from=v.id, fictitious=v.is_fictitious,
            )

        staged = [self.stage(old.dataset, self.version_frame(old.id), meta_of(old, self.version_problems(old.id)))]
        linked = self.companions(old.id)
        for dataset, v in linked.items():
            staged.append(self.stage(dataset, self.version_frame(v.id), meta_of(v, self.version_problems(v.id))))
        for dataset, frame in (companions or {}).items():
            if dataset not in linked:
                staged.append(self.stage(dataset, frame, VersionMeta(author=author, origin=ORIGIN_RESTORE, note=text, restored_from=None)))
        return self.commit(staged, check_base=False)[0]

    def seed(self, items: dict[str, tuple[pd.DataFrame, VersionMeta]]) -> list[VersionInfo]:
        """First versions for datasets that have none yet (one transaction; safe if two
        processes seed at once: the second finds the versions there and adds nothing)."""
        staged = [self.stage(k, frame, meta, base_version_id=None) for k, (frame, meta) in items.items()]
        now = utc_now()
        ids = []
        with self._write() as conn:
            have = set(conn.execute(select(versions_table.c.dataset).distinct()).scalars())
            for s in staged:
                if s.dataset not in have:
                    ids.append(self._commit_one(conn, s, now, check_base=True))
        return [self.version(i) for i in ids]

    def is_empty(self) -> bool:
        with self._read() as conn:
            return conn.execute(select(func.count()).select_from(versions_table)).scalar() == 0

    # --- import log -----------------------------------------------------------------------

    def _log(self, conn, dataset, author, file_name, outcome, message, version_id=None, rows=None, problems_count=None) -> None:
        conn.execute(
            insert(import_log_table).values(
                at=utc_now(),
                dataset=dataset,
                author=(author or None) and str(author)[:MAX_AUTHOR_LENGTH],
                file_name=file_name and str(file_name)[:255],
                outcome=outcome,
                message=message,
                version_id=version_id,
                rows=rows,
                problems_count=problems_count,
            )
        )

    def log_import(self, dataset: str, outcome: str, message: str, author: str | None = None, file_name: str | None = None,
                   rows: int | None = None, problems_count: int | None = None) -> None:
        """Record an import that did not become a version (refused, abandoned, failed)."""
        with self._write() as conn:
            self._log(conn, dataset, author, file_name, outcome, message, None, rows, problems_count)

    def import_log(self, limit: int = 200) -> pd.DataFrame:
        t = import_log_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(limit)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])

    # --- duplicate decisions and corrections ------------------------------------------------

    def record_decision(self, id_a: str, id_b: str, decision: str, author: str, note: str | None = None) -> None:
        if decision not in DECISIONS:
            raise StoreError(f"Décision inconnue : « {decision} ».")
        a, b = sorted((str(id_a), str(id_b)))
        if a == b:
            raise StoreError("Une paire de doublons réunit deux acteurs différents.")
        with self._write() as conn:
            conn.execute(insert(decisions_table).values(id_a=a, id_b=b, decision=decision, author=clean_author(author), decided_at=utc_now(), note=note))

    def decisions(self) -> pd.DataFrame:
        """The decision in force for each pair (the latest), columns id_a, id_b, decision, author, decided_at."""
        t = decisions_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id)).all()
        frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])
        frame = frame.drop_duplicates(["id_a", "id_b"], keep="last").reset_index(drop=True)
        return frame[["id_a", "id_b", "decision", "author", "decided_at", "note"]]

    def record_correction(self, actor_id: str, field_name: str, value: str | None, author: str, note: str | None = None) -> None:
        """A staff correction of one field of one actor; it is re-applied after every import."""
        with self._write() as conn:
            conn.execute(
                insert(corrections_table).values(
                    actor_id=str(actor_id), field=str(field_name), value=value, active=True, author=clean_author(author), created_at=utc_now(), note=note
                )
            )

    def cancel_correction(self, actor_id: str, field_name: str, author: str) -> None:
        with self._write() as conn:
            conn.execute(
                insert(corrections_table).values(
                    actor_id=str(actor_id), field=str(field_name), value=None, active=False, author=clean_author(author), created_at=utc_now(), note="correction annulée"
                )
            )

    def corrections(self) -> pd.DataFrame:
        """The corrections in force (latest per actor and field, cancelled ones left out)."""
        t = corrections_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id)).all()
        frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])
        frame = frame.drop_duplicates(["actor_id", "field"], keep="last")
        frame = frame[frame["active"].astype(bool)].reset_index(drop=True)
        return frame[["actor_id", "field", "value", "author", "created_at", "note"]]


# --- opening, with the demo data as first version -------------------------------------------


def seed_items_from_files(config: HubConfig) -> dict[str, tuple[pd.DataFrame, VersionMeta]]:
    """The configured files, loaded as the loaders do, ready to be the first versions."""
    from loaders.bundle import load_bundle
    from loaders.store_bundle import BUNDLE_FIELDS

    bundle = load_bundle(config)
    items = {}
    for key in DATASET_KEYS:
        status = bundle.status.get(key)
        if status is None or status.path is None or not status.path.is_file():
            continue
        provenance = bundle.provenance[key]
        problems = list(status.problems)
        if key == "indicateurs":
            problems += [p for k, s in bundle.status.items() if k.startswith("ifn_") for p in s.problems]
        rejected_lines = {p.line for p in status.problems if p.severity == ERROR and p.line is not None}
        items[key] = (
            getattr(bundle, BUNDLE_FIELDS[key]),
            VersionMeta(
                author=AUTHOR_SCRIPT,
                origin=ORIGIN_DEMO if provenance.fictitious else ORIGIN_CONFIGURED,
                file_name=status.path.name,
                source_name=provenance.source or (DEMO_SOURCE if provenance.fictitious else None),
                vintage=provenance.vintage,
                rows_rejected=len(rejected_lines),
                problems=problems,
                fictitious=provenance.fictitious,
            ),
        )
    return items


def open_store(config: HubConfig, url: str | None = None, seed: bool = True) -> Store:
    """Open (create on first run) the store. A dataset with no version yet gets its configured
    file as first version (origin « données de démonstration », author « script »)."""
    store = Store(url or store_url(config))
    if seed:
        have = store.current_versions()
        missing = [k for k, path in config.datasets.items() if k not in have and path.is_file()]
        if missing:
            items = seed_items_from_files(config)
            store.seed({k: items[k] for k in missing if k in items})
    return store
