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
- writers are serialised (SQLite: WAL journal and `BEGIN IMMEDIATE`; PostgreSQL: a transaction
  advisory lock taken first by every write, so that two processes creating the schema or seeding
  a new database at once wait for each other; the dataset's row is also locked with SELECT … FOR
  UPDATE); a writer waits at most WRITE_WAIT_SECONDS for another; a commit may require that the current
  version is still the one its preview was computed on (`expected_current`): two imports at the
  same time both land as versions, and a change computed on a stale base is refused
  (`ConflictError`: an import a person previewed is never recomputed behind their back) or, for
  a change the program computes without a preview, recomputed (`Store.apply_change`); nothing
  is silently lost;
- SQLite in WAL mode with `synchronous=FULL`: a crash during an import loses nothing that was
  committed before it.

Failures: every error of the database, its driver or the disk reaches the caller as a
`StoreError` whose message is French, names the store (never a password) and says what to do
(`describe_failure`, the one translation); the original goes to the server's log. A SQLite
file or folder that cannot be written (or a URL asking `mode=ro` / `immutable=1`) is opened
read-only: everything reads, every write is refused with a French message (`Store.read_only`).
A server URL whose driver is missing says which package to install.

Also kept here: the decisions on suspected duplicate actors, the staff's corrections of actor
fields (both remembered across imports) and a log of every import attempt.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import logging
import os
import sqlite3
import time
import urllib.parse
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
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlalchemy.types import TypeDecorator

from loaders.config import DATASET_KEYS, HubConfig
from loaders.frame_codec import decode_frame, encode_frame
from loaders.problems import ERROR, WARNING, Problem
from loaders.provenance import DEMO_SOURCE
from loaders.schemas import SPECS

STORE_URL_VARIABLE = "HUB_STORE_URL"
# Internal dataset: the actors' source records behind the registry (ingestion/actor_merge.py),
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

# How long a write waits for another one to finish before it is refused (« occupé »).
WRITE_WAIT_SECONDS = 60
SEED_ATTEMPTS = 3  # a first start waits up to three writer waits for another process seeding the same database
# PostgreSQL: the advisory lock that serialises the store's writers (one per database).
WRITERS_LOCK_KEY = 7_402_511_839
# PostgreSQL: how long opening a connection may take before « le serveur ne répond pas ».
CONNECT_TIMEOUT_SECONDS = 10


class CleanString(TypeDecorator):
    """Text as every database keeps it: without NUL characters (PostgreSQL refuses them in
    text) and clipped to the column's length (PostgreSQL refuses a longer value where SQLite
    would keep it), so that a name or a message from a file lands the same on both."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        text = str(value).replace("\x00", "")
        length = getattr(self.impl, "length", None)
        return text[:length] if length else text


class CleanText(CleanString):
    impl = Text


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
    Column("author", CleanString(MAX_AUTHOR_LENGTH), nullable=False),
    Column("origin", CleanString(100), nullable=False),
    Column("file_name", CleanString(255)),
    Column("source_name", CleanString(255)),
    Column("vintage", CleanString(50)),
    Column("rows", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("problems_count", Integer, nullable=False, default=0),
    Column("errors_count", Integer, nullable=False, default=0),
    Column("warnings_count", Integer, nullable=False, default=0),
    Column("note", CleanText),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("based_on", Integer, nullable=True),
    Column("restored_from", Integer, nullable=True),
    # Set on a version committed together with another one (the actors' records with `acteurs`).
    Column("companion_of", Integer, nullable=True),
    Column("content_sha256", String(64), nullable=False),
    # Some rows (or all) are fictitious demo data; NULL in stores created before it was kept.
    Column("fictitious", Boolean, nullable=True),
    # The signed-in person's subject (the ID token's `sub`); NULL for the demo and the scripts.
    Column("author_subject", CleanString(255), nullable=True),
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
    Column("id_a", CleanText, nullable=False),
    Column("id_b", CleanText, nullable=False),
    Column("decision", String(20), nullable=False),
    Column("author", CleanString(MAX_AUTHOR_LENGTH), nullable=False),
    Column("decided_at", DateTime, nullable=False),
    Column("note", CleanText),
    Column("author_subject", CleanString(255), nullable=True),
)

corrections_table = Table(
    "actor_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor_id", CleanText, nullable=False),
    Column("field", CleanString(100), nullable=False),
    Column("value", CleanText, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("author", CleanString(MAX_AUTHOR_LENGTH), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("note", CleanText),
    Column("author_subject", CleanString(255), nullable=True),
)

import_log_table = Table(
    "import_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("dataset", String(50), nullable=False),
    Column("author", CleanString(MAX_AUTHOR_LENGTH)),
    Column("file_name", CleanString(255)),
    Column("outcome", String(20), nullable=False),
    Column("message", CleanText),
    Column("version_id", Integer, nullable=True),
    Column("rows", Integer, nullable=True),
    Column("problems_count", Integer, nullable=True),
    Column("author_subject", CleanString(255), nullable=True),
)

# The access journal: who signed in, when, with which role (the import log says who imported what).
access_log_table = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("subject", CleanString(255), nullable=False),
    Column("name", CleanString(MAX_AUTHOR_LENGTH)),
    Column("email", CleanString(255)),
    Column("role", String(20)),
    # The ID token's issue time: one row per sign-in, whatever the number of pages opened.
    Column("issued_at", Integer, nullable=True),
)


class StoreError(Exception):
    """A refused or failed store operation; the message is French and meant for the user.

    `kind` says which failure it is (one of the FAILURE_* names; None for a refusal)."""

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        self.kind = kind


class ConflictError(StoreError):
    """The current version changed since the change was prepared on it."""

    def __init__(self, message: str):
        super().__init__(message, FAILURE_CONFLICT)


log = logging.getLogger(__name__)

FAILURE_CONFLICT = "conflit"
FAILURE_READ_ONLY = "lecture_seule"
FAILURE_CANNOT_OPEN = "ouverture_impossible"
FAILURE_CORRUPT = "endommage"
FAILURE_FULL = "disque_plein"
FAILURE_LOCKED = "occupe"
FAILURE_DISK = "erreur_disque"
FAILURE_SCHEMA = "schema"
FAILURE_SERVER = "serveur"
FAILURE_DRIVER = "pilote"
FAILURE_URL = "adresse"
FAILURE_UNKNOWN = "inconnue"
# A server database whose user lacks a right (to create the tables, to write).
FAILURE_RIGHTS = "droits"

# The optional dependency group that installs each server's driver (pyproject.toml).
DRIVER_GROUPS = {"postgresql": "postgresql"}
PACKAGE_NAME = "hub-breton-dashboard"

# Words of SQLite's and the drivers' messages (English, stable across versions) -> failure.
_FAILURE_WORDS: tuple[tuple[str, str], ...] = (
    ("readonly database", FAILURE_READ_ONLY),
    ("read-only", FAILURE_READ_ONLY),
    ("disk image is malformed", FAILURE_CORRUPT),
    ("file is not a database", FAILURE_CORRUPT),
    ("file is encrypted", FAILURE_CORRUPT),
    ("malformed database schema", FAILURE_CORRUPT),
    ("database or disk is full", FAILURE_FULL),
    ("no space left", FAILURE_FULL),
    ("unable to open database file", FAILURE_CANNOT_OPEN),
    # PostgreSQL at connection (no error code yet): « database "x" does not exist ».
    ("\" does not exist", FAILURE_CANNOT_OPEN),
    ("database is locked", FAILURE_LOCKED),
    ("table is locked", FAILURE_LOCKED),
    ("disk i/o error", FAILURE_DISK),
    ("no such table", FAILURE_SCHEMA),
    ("no such column", FAILURE_SCHEMA),
    ("connection", FAILURE_SERVER),
    ("could not connect", FAILURE_SERVER),
    ("could not translate host name", FAILURE_SERVER),
    ("authentication failed", FAILURE_SERVER),
    ("server closed", FAILURE_SERVER),
    ("timeout expired", FAILURE_SERVER),
)


# PostgreSQL's error codes (SQLSTATE, https://www.postgresql.org/docs/current/errcodes-appendix.html):
# exact codes first, then classes (their first two characters).
_SQLSTATE_KINDS: dict[str, str] = {
    "3D000": FAILURE_CANNOT_OPEN,  # the database does not exist
    "42501": FAILURE_RIGHTS,  # insufficient privilege
    "25006": FAILURE_READ_ONLY,  # read-only transaction (a standby, or default_transaction_read_only)
    "53100": FAILURE_FULL,  # disk full
    "55P03": FAILURE_LOCKED,  # lock not available (lock_timeout)
    "40P01": FAILURE_LOCKED,  # deadlock
    "40001": FAILURE_LOCKED,  # serialization failure
    "42P01": FAILURE_SCHEMA,  # undefined table
    "42703": FAILURE_SCHEMA,  # undefined column
    "58030": FAILURE_DISK,  # I/O error
    "08": FAILURE_SERVER,  # connection exception
    "28": FAILURE_SERVER,  # invalid authorization (user, password)
    "53": FAILURE_SERVER,  # insufficient resources (too many connections…)
    "57": FAILURE_SERVER,  # operator intervention (shutdown, restart)
    "XX": FAILURE_CORRUPT,  # internal error: data or index corrupted
}


def _sqlstate(exc: BaseException) -> str | None:
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) or getattr(exc, "sqlstate", None)
    return code if isinstance(code, str) and len(code) == 5 else None


def failure_kind(exc: BaseException) -> str:
    """Which failure a database, driver or disk error is (FAILURE_*)."""
    code = _sqlstate(exc)
    if code and (code in _SQLSTATE_KINDS or code[:2] in _SQLSTATE_KINDS):
        return _SQLSTATE_KINDS.get(code) or _SQLSTATE_KINDS[code[:2]]
    if isinstance(exc, StoreError):
        return exc.kind or FAILURE_UNKNOWN
    if isinstance(exc, (ImportError, NoSuchModuleError)):
        return FAILURE_DRIVER
    if isinstance(exc, ArgumentError):
        return FAILURE_URL
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno == errno.ENOSPC:
            return FAILURE_FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return FAILURE_READ_ONLY
        return FAILURE_DISK
    text = str(getattr(exc, "orig", None) or exc).lower()
    for words, kind in _FAILURE_WORDS:
        if words in text:
            return kind
    return FAILURE_UNKNOWN


def describe_store(url: str) -> str:
    """The store as a person can find it: a SQLite file's path, or a server's host and
    database (never the user's name nor the password)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unreadable URL is described as such
        return "adresse illisible"
    if parsed.get_backend_name() == "sqlite":
        return f"fichier {_sqlite_path(parsed) or '(aucun)'}"
    where = parsed.host or "serveur local"
    if parsed.port:
        where += f":{parsed.port}"
    return f"base « {parsed.database or '?'} » sur le serveur {parsed.get_backend_name()} {where}"


def describe_failure(exc: BaseException, url: str) -> str:
    """A store failure in French, without SQL nor library text, with what to do."""
    kind = failure_kind(exc)
    where = describe_store(url)
    if kind == FAILURE_DRIVER:
        backend = _backend(url)
        group = DRIVER_GROUPS.get(backend)
        if group:
            return (
                f"Le pilote de la base de données {backend} n'est pas installé sur le serveur du tableau de bord. "
                f"Que faire : installez le pilote : pip install '{PACKAGE_NAME}[{group}]' (depuis le dossier du "
                "projet : "
                f"pip install '.[{group}]'), puis redémarrez le tableau de bord."
            )
        return (
            f"Ce type de base de données (« {backend} ») n'est pas pris en charge : aucun pilote n'est installé pour "
            "lui. "
            "Que faire : utilisez un fichier SQLite (par défaut) ou une base PostgreSQL "
            "(HUB_STORE_URL=postgresql://utilisateur@serveur/hub)."
        )
    if _backend(url) not in ("sqlite", "?") and kind in _SERVER_MESSAGES:
        return _SERVER_MESSAGES[kind].format(where=where, user=_server_user(url))
    messages = {
        FAILURE_URL: (
            "L'adresse de l'entrepôt des données (HUB_STORE_URL) n'est pas une adresse de base de données lisible. "
            "Que faire : corrigez-la, par exemple sqlite:////chemin/vers/hub.sqlite ou "
            "postgresql://utilisateur@serveur/hub."
        ),
        FAILURE_READ_ONLY: (
            f"L'entrepôt des données ({where}) n'accepte pas l'écriture : rien n'a été modifié. "
            "Que faire : donnez au serveur du tableau de bord le droit d'écrire sur ce fichier et sur son dossier, "
            "puis recommencez."
        ),
        FAILURE_CANNOT_OPEN: (
            f"L'entrepôt des données ({where}) ne peut pas être ouvert. "
            "Que faire : vérifiez que le dossier existe et que le serveur du tableau de bord a le droit d'y lire et "
            "d'y écrire, "
            "ou indiquez un autre emplacement ([donnees] stockage dans hub.toml, ou HUB_STORE_URL)."
        ),
        FAILURE_CORRUPT: (
            f"L'entrepôt des données ({where}) est endommagé, ou ce n'est pas un entrepôt du tableau de bord. "
            "Que faire : arrêtez le tableau de bord, remplacez ce fichier par sa dernière sauvegarde (voir « "
            "Sauvegarde » "
            "dans docs/import.md) et redémarrez ; sans sauvegarde, mettez-le de côté : un nouvel entrepôt sera créé "
            "avec les fichiers de la configuration."
        ),
        FAILURE_FULL: (
            f"Le disque de l'entrepôt des données ({where}) est plein : rien n'a été modifié. "
            "Que faire : libérez de la place sur ce disque, puis recommencez."
        ),
        FAILURE_LOCKED: (
            f"L'entrepôt des données est occupé par une autre écriture depuis plus {_wait_fr()} : rien n'a été "
            "modifié. "
            "Que faire : réessayez dans un instant ; si cela dure, redémarrez le tableau de bord."
        ),
        FAILURE_DISK: (
            f"Erreur du disque en lisant ou en écrivant l'entrepôt des données ({where}) : rien n'a été modifié. "
            "Que faire : vérifiez le disque (place libre, droits, montage réseau) puis recommencez ; si l'erreur "
            "revient, "
            "restaurez l'entrepôt depuis sa dernière sauvegarde."
        ),
        FAILURE_SCHEMA: (
            f"L'entrepôt des données ({where}) est incomplet ou d'une autre version du tableau de bord. "
            "Que faire : restaurez-le depuis sa dernière sauvegarde, ou indiquez un autre emplacement."
        ),
        FAILURE_SERVER: (
            f"Le serveur de l'entrepôt des données ({where}) ne répond pas ou refuse la connexion. "
            "Que faire : vérifiez que le serveur est démarré et joignable, et l'adresse, l'utilisateur et le mot de "
            "passe "
            "donnés dans HUB_STORE_URL."
        ),
    }
    return messages.get(kind) or (
        f"L'entrepôt des données ({where}) a rencontré une erreur inattendue : rien n'a été modifié. "
        "Que faire : recommencez ; si l'erreur revient, l'administrateur en trouvera le détail dans le journal du "
        "serveur."
    )


def _wait_fr() -> str:
    seconds = int(WRITE_WAIT_SECONDS)
    return "d'une minute" if seconds == 60 else f"de {seconds} seconde{'s' if seconds > 1 else ''}"


def _server_user(url: str) -> str:
    try:
        return make_url(url).username or "du tableau de bord"
    except ArgumentError:
        return "du tableau de bord"


# A server database (PostgreSQL) fails in its own ways: what to do is said in its own terms.
_SERVER_MESSAGES = {
    FAILURE_CANNOT_OPEN: (
        "L'entrepôt des données ({where}) ne peut pas être ouvert : cette base n'existe pas sur le serveur. "
        "Que faire : créez-la (createdb, voir docs/deploiement.md) pour l'utilisateur « {user} », ou corrigez le nom "
        "de la base dans HUB_STORE_URL."
    ),
    FAILURE_RIGHTS: (
        "L'utilisateur « {user} » n'a pas les droits nécessaires sur l'entrepôt des données ({where}) : rien n'a "
        "été modifié. Que faire : l'administrateur de la base doit lui donner la base (ALTER DATABASE … OWNER TO), "
        "ou le droit de créer les tables et d'y écrire (voir docs/deploiement.md)."
    ),
    FAILURE_READ_ONLY: (
        "L'entrepôt des données ({where}) n'accepte que la lecture (serveur de secours, ou base en lecture seule) : "
        "rien n'a été modifié. Que faire : indiquez dans HUB_STORE_URL le serveur principal, ou demandez à "
        "l'administrateur de la base de la rouvrir en écriture."
    ),
    FAILURE_CORRUPT: (
        "L'entrepôt des données ({where}) est endommagé, ou ce n'est pas un entrepôt du tableau de bord. "
        "Que faire : arrêtez le tableau de bord, restaurez la base depuis sa dernière sauvegarde (pg_restore, "
        "voir docs/deploiement.md) et redémarrez."
    ),
}


def store_failure(exc: BaseException, url: str) -> StoreError:
    """The StoreError to raise for `exc` (logged with its original text for the administrator)."""
    if isinstance(exc, StoreError):
        return exc
    kind = failure_kind(exc)
    log.warning("store failure (%s) on %s: %r", kind, describe_store(url), exc)
    return StoreError(describe_failure(exc, url), kind)


# What a store call may meet from the database, its driver or the disk (a missing driver,
# ImportError, is met when the store is opened).
FAILURES = (SQLAlchemyError, sqlite3.Error, OSError)


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
    author_subject: str | None = None

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
    # The signed-in person's subject (`sub` of the ID token), beside their name in `author`.
    author_subject: str | None = None
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
    text = " ".join(str(author or "").replace("\x00", "").split())
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


def conflict_message(current, reference: str | None = None) -> str:
    """Why a change prepared on an older version is refused. `current`: the dataset's current
    version (with `number` and `author`; None when it has none); `reference`: the dataset the
    change relies on, when it is not the one changed."""
    who = f" (version {current.number}, par {current.author})" if current is not None else ""
    if reference is None:
        subject = "Le jeu de données a changé"
    else:
        label = SPECS[reference].label if reference in SPECS else reference
        subject = f"Le jeu de données « {label} », sur lequel cet import s'appuie, a changé"
    return (
        f"{subject} depuis la préparation de cet import{who} : l'aperçu doit être recalculé sur la version actuelle "
        "avant de valider."
    )


def _other_schema(known) -> StoreError:
    return StoreError(
        f"Entrepôt de données d'une autre version du tableau de bord (schéma {known}, attendu {SCHEMA_VERSION}). "
        "Que faire : ouvrez-le avec la version du tableau de bord qui l'a créé, ou indiquez un autre emplacement.",
        FAILURE_SCHEMA,
    )


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in problems], ensure_ascii=False)


def _problems_from_json(text: str) -> list[Problem]:
    out = []
    for d in json.loads(text or "[]"):
        out.append(
            Problem(
                d["fichier"], d["message"], d.get("ligne"), d.get("colonne"), d.get("gravite", ERROR), d.get("valeur")
            )
        )
    return out


def store_url(config: HubConfig) -> str:
    """HUB_STORE_URL when set, else the SQLite file of `[donnees] stockage`."""
    url = os.environ.get(STORE_URL_VARIABLE, "").strip()
    if url:
        return url
    path = config.store_path or (config.path.parent / "var" / "hub.sqlite")
    return f"sqlite:///{Path(path).resolve()}"


def _backend(url: str) -> str:
    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        return "?"


def _sqlite_path(parsed) -> str | None:
    database = parsed.database or ""
    if database.startswith("file:"):
        database = urllib.parse.unquote(database[len("file:") :].split("?", 1)[0])
    return database or None


# SQLite opening modes: read-write (created when missing), read-only, and read-only of a
# file whose folder cannot even hold SQLite's shared-memory file (nothing may change it).
MODE_WRITE, MODE_READ_ONLY, MODE_IMMUTABLE = "rwc", "ro", "immutable"


def sqlite_connect(path: str, mode: str) -> sqlite3.Connection:
    """One SQLite connection to `path` in `mode` (MODE_*)."""
    query = "mode=ro&immutable=1" if mode == MODE_IMMUTABLE else f"mode={mode}"
    uri = f"file:{urllib.parse.quote(str(path))}?{query}"
    return sqlite3.connect(uri, uri=True, timeout=WRITE_WAIT_SECONDS, check_same_thread=False)


def _wal(cursor) -> None:
    """WAL journal, set once per database. Switching a new database to WAL answers « locked » at
    once, without SQLite's busy wait, while another process creates it: wait as a writer would."""
    deadline = time.monotonic() + WRITE_WAIT_SECONDS
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _sqlite_engine(path: str, mode: str) -> Engine:
    read_only = mode != MODE_WRITE
    engine = create_engine("sqlite://", creator=lambda: sqlite_connect(path, mode), poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        else:
            _wal(cursor)
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(WRITE_WAIT_SECONDS * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers take the write lock at once (no upgrade deadlock); readers get a snapshot.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("hub_write") else "BEGIN")

    return engine


def _server_engine(url: str) -> Engine:
    parsed = make_url(url)
    connect_args = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    # pre_ping: a connection cut by a server restart is replaced, not handed to a page.
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _serialise_writers(conn: Connection) -> None:
    """First statement of every write transaction on a server database: wait (at most
    WRITE_WAIT_SECONDS) for the other writers, as SQLite's BEGIN IMMEDIATE does."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(WRITE_WAIT_SECONDS * 1000)}ms'")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITERS_LOCK_KEY})")


class Store:
    """The versioned datasets of one hub. Thread-safe: every call opens its own transaction.

    `read_only`: the store could only be opened for reading (`read_only_reason` says why, in
    French); every write raises StoreError."""

    def __init__(self, url: str):
        self.url = url
        self.read_only = False
        self.read_only_reason: str | None = None
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise store_failure(exc, url) from exc
        if parsed.get_backend_name() == "sqlite":
            self._open_sqlite(parsed)
        else:
            try:
                self.engine = _server_engine(url)
            except (*FAILURES, ImportError) as exc:
                raise store_failure(exc, url) from exc
            self._create_schema()

    def _open_sqlite(self, parsed) -> None:
        path = _sqlite_path(parsed)
        if not path or path == ":memory:":
            raise StoreError("L'entrepôt SQLite doit être un fichier (pas « :memory: »).", FAILURE_URL)
        self.path = Path(path).absolute()
        if self.path.is_dir():
            raise StoreError(
                f"L'adresse de l'entrepôt des données désigne un dossier ({self.path}), pas un fichier. "
                f"Que faire : indiquez un fichier, par exemple {self.path / 'hub.sqlite'}.",
                FAILURE_URL,
            )
        query = dict(parsed.query)
        if query.get("mode") == "ro" or query.get("immutable") in ("1", "true"):
            self._open_read_only("l'adresse de l'entrepôt le demande (mode=ro)")
            return
        existed = self.path.is_file()
        try:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise store_failure(exc, self.url) from exc
            self.engine = _sqlite_engine(str(self.path), MODE_WRITE)
            self._create_schema()
        except StoreError as exc:
            if exc.kind not in (FAILURE_READ_ONLY, FAILURE_CANNOT_OPEN):
                raise
            if getattr(self, "engine", None) is not None:
                self.engine.dispose()
            if not existed:
                raise StoreError(
                    f"L'entrepôt des données ne peut pas être créé (fichier {self.path}) : son dossier n'existe pas ou "
                    "n'accepte pas l'écriture. Que faire : donnez au serveur du tableau de bord le droit d'écrire "
                    "dans ce "
                    "dossier, ou indiquez un autre emplacement ([donnees] stockage dans hub.toml, ou HUB_STORE_URL).",
                    exc.kind,
                ) from exc
            self._open_read_only("le fichier ou son dossier est protégé en écriture")

    def _open_read_only(self, reason: str) -> None:
        if not self.path.is_file():
            raise StoreError(
                f"L'entrepôt des données demandé en lecture seule n'existe pas (fichier {self.path}). "
                "Que faire : indiquez le fichier d'un entrepôt existant, ou retirez « mode=ro » de HUB_STORE_URL "
                "pour qu'un nouvel entrepôt soit créé.",
                FAILURE_CANNOT_OPEN,
            )
        self.read_only, self.read_only_reason = True, reason
        for mode in (MODE_READ_ONLY, MODE_IMMUTABLE):
            self.engine = _sqlite_engine(str(self.path), mode)
            try:
                self._check_schema()
                return
            except StoreError as exc:
                self.engine.dispose()
                # A folder that cannot hold SQLite's shared-memory file (SQLite then says it cannot
                # open, or cannot write, even for reading): read the file as immutable.
                if mode == MODE_READ_ONLY and exc.kind in (FAILURE_CANNOT_OPEN, FAILURE_READ_ONLY):
                    continue
                raise

    # --- transactions ---------------------------------------------------------------------

    def read_only_refusal(self) -> str:
        """Why nothing can be written, and what to do (French)."""
        where = f" ({self.read_only_reason})" if self.read_only_reason else ""
        return (
            f"Modification refusée : l'entrepôt des données est ouvert en lecture seule{where}. Les pages restent "
            "consultables ; pour importer, restaurer une version, décider des doublons ou corriger un acteur, "
            f"l'administrateur doit rendre le fichier {getattr(self, 'path', '')} et son dossier accessibles en "
            "écriture "
            "au serveur du tableau de bord, puis le redémarrer."
        )

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.read_only:
            raise StoreError(self.read_only_refusal(), FAILURE_READ_ONLY)
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(hub_write=True)
                with conn.begin():
                    _serialise_writers(conn)
                    yield conn
        except StoreError:
            raise
        except FAILURES as exc:
            raise store_failure(exc, self.url) from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                with conn.begin():
                    yield conn
        except StoreError:
            raise
        except FAILURES as exc:
            raise store_failure(exc, self.url) from exc

    def _create_schema(self) -> None:
        with self._write() as conn:
            metadata.create_all(conn)
            self._add_missing_columns(conn)
            known = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
            if known is None:
                conn.execute(insert(store_info).values(key="schema_version", value=SCHEMA_VERSION))
            elif known != SCHEMA_VERSION:
                raise _other_schema(known)
            # A real write, so that a store that cannot be written is known at once (SQLite opens
            # a read-only file for reading without a word): it is then opened read-only.
            conn.execute(update(store_info).where(store_info.c.key == "schema_version").values(value=SCHEMA_VERSION))

    def _check_schema(self) -> None:
        """A store opened read-only: its tables are there, of this schema (nothing is created)."""
        from sqlalchemy import inspect

        with self._read() as conn:
            tables = set(inspect(conn).get_table_names())
            missing = [t.name for t in metadata.sorted_tables if t.name not in tables]
            if missing:
                raise StoreError(
                    f"L'entrepôt des données ({describe_store(self.url)}), ouvert en lecture seule, est vide ou "
                    "incomplet : "
                    "il ne peut pas être complété sans droit d'écriture. Que faire : rendez le fichier et son dossier "
                    "accessibles en écriture, ou indiquez un entrepôt existant.",
                    FAILURE_SCHEMA,
                )
            known = conn.execute(select(store_info.c.value).where(store_info.c.key == "schema_version")).scalar()
            if known != SCHEMA_VERSION:
                raise _other_schema(known)

    @staticmethod
    def _add_missing_columns(conn: Connection) -> None:
        """Nullable columns added after a store was created are added to it (no data change)."""
        from sqlalchemy import inspect

        inspector = inspect(conn)
        for table in metadata.sorted_tables:
            present = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    conn.exec_driver_sql(
                        f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type.compile(conn.dialect)}"
                    )

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
                select(versions_table)
                .where(versions_table.c.dataset == dataset)
                .order_by(versions_table.c.number.desc())
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
        try:
            return decode_frame(row.data, row.schema)
        except Exception as exc:  # noqa: BLE001 - any decoding failure is a damaged content
            log.warning("version %s: content unreadable: %r", version_id, exc)
            raise StoreError(
                f"Le contenu de la version {version_id} est illisible dans l'entrepôt des données "
                f"({describe_store(self.url)}). "
                "Que faire : restaurez une autre version depuis l'historique, ou l'entrepôt depuis sa dernière "
                "sauvegarde.",
                FAILURE_CORRUPT,
            ) from exc

    def version_problems(self, version_id: int) -> list[Problem]:
        with self._read() as conn:
            text = conn.execute(
                select(contents_table.c.problems).where(contents_table.c.version_id == int(version_id))
            ).scalar()
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

    def commit(
        self,
        staged: StagedVersion | list[StagedVersion],
        check_base: bool = True,
        unchanged: dict[str, int | None] | None = None,
    ) -> list[VersionInfo]:
        """Store staged versions in ONE transaction and make them current.

        With `check_base`, each dataset's current version must still be the one the change was
        prepared on, else `ConflictError` and nothing is written. `unchanged`: other datasets the
        change was computed from (dataset -> version id it saw, None for none); if one of them
        changed meanwhile, `ConflictError` too.
        """
        items = staged if isinstance(staged, list) else [staged]
        if len({s.dataset for s in items}) != len(items):
            raise StoreError("Deux versions d'un même jeu de données dans une seule validation.")
        now = utc_now()
        ids = []
        with self._write() as conn:
            for dataset, seen in sorted((unchanged or {}).items()):
                if dataset not in {s.dataset for s in items}:
                    self._check_unchanged(conn, dataset, seen)
            for s in items:
                ids.append(self._commit_one(conn, s, now, check_base, companion_of=ids[0] if ids else None))
        return [self.version(i) for i in ids]

    def commit_version(self, dataset: str, frame: pd.DataFrame, meta: VersionMeta, expected_current=ANY) -> VersionInfo:
        """Stage and commit one version. `expected_current` (a version id or None) guards against
        a concurrent change; by default the version replaces whatever is current."""
        staged = self.stage(dataset, frame, meta, base_version_id=expected_current)
        return self.commit(staged, check_base=expected_current is not ANY)[0]

    @staticmethod
    def _check_unchanged(conn: Connection, dataset: str, seen: int | None) -> None:
        """Inside a write transaction: `dataset`'s current version is still `seen` (its row is
        locked for share on server databases, so that no commit changes it before ours)."""
        v = versions_table
        conn.execute(
            select(datasets_table.c.key).where(datasets_table.c.key == dataset).with_for_update(read=True)
        ).first()
        current = conn.execute(
            select(v.c.id, v.c.number, v.c.author).where((v.c.dataset == dataset) & (v.c.is_current == True))  # noqa: E712 - SQL expression
        ).first()  # noqa: E712
        if (current.id if current else None) != seen:
            raise ConflictError(conflict_message(current, dataset))

    def _commit_one(
        self, conn: Connection, s: StagedVersion, now: dt.datetime, check_base: bool, companion_of: int | None = None
    ) -> int:
        v = versions_table
        exists = conn.execute(
            select(datasets_table.c.key).where(datasets_table.c.key == s.dataset).with_for_update()
        ).first()
        if exists is None:
            conn.execute(insert(datasets_table).values(key=s.dataset, created_at=now))
        current = conn.execute(
            select(v.c.id, v.c.number, v.c.author).where((v.c.dataset == s.dataset) & (v.c.is_current == True))  # noqa: E712 - SQL expression
        ).first()  # noqa: E712
        current_id = current.id if current else None
        if check_base and current_id != s.base_version_id:
            raise ConflictError(conflict_message(current))
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
                author_subject=s.meta.author_subject,
            )
        ).inserted_primary_key[0]
        self._insert_content(conn, version_id, s, problems)
        conn.execute(
            update(datasets_table)
            .where(datasets_table.c.key == s.dataset)
            .values(current_version_id=version_id, updated_at=now)
        )
        outcome_message = f"version {number} ({len(s.frame)} lignes)"
        self._log(
            conn,
            s.dataset,
            s.meta.author,
            s.meta.file_name,
            OUTCOME_CONFIRMED,
            f"{s.meta.origin} : {outcome_message}",
            version_id,
            len(s.frame),
            len(problems),
            s.meta.author_subject,
        )
        return version_id

    def _insert_content(self, conn: Connection, version_id: int, s: StagedVersion, problems: list[Problem]) -> None:
        conn.execute(
            insert(contents_table).values(
                version_id=version_id, schema=s.schema, data=s.data, problems=_problems_json(problems)
            )
        )

    def apply_change(
        self,
        dataset: str,
        build: Callable[[pd.DataFrame | None], tuple[pd.DataFrame, VersionMeta]],
        attempts: int = 5,
    ) -> VersionInfo:
        """Compute a new version from the current one and commit it; if another commit lands in
        between, compute it again on the new current version (compare-and-swap). Nothing is lost.
        Only for changes no person has previewed: a previewed import is refused when stale."""
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

    def restore(
        self,
        version_id: int,
        author: str,
        note: str | None = None,
        companions: dict[str, pd.DataFrame] | None = None,
        author_subject: str | None = None,
    ) -> VersionInfo:
        """A new current version whose content is that of `version_id` (nothing is deleted).
        Pages and scripts restore through `ingestion.dataset_import.restore_version`, which gives
        a version of places the records it was built from.

        The versions committed together with it are restored with it, in the same transaction;
        `companions` gives the content of those it had none for (e.g. records rebuilt)."""
        old = self.version(version_id)
        text = note or f"restauration de la version {old.number} du {old.created_at:%d/%m/%Y %H:%M} (UTC)"

        def meta_of(v: VersionInfo, problems: list[Problem]) -> VersionMeta:
            return VersionMeta(
                author=author,
                author_subject=author_subject,
                origin=ORIGIN_RESTORE,
                file_name=v.file_name,
                source_name=v.source_name,
                vintage=v.vintage,
                rows_rejected=v.rows_rejected,
                problems=problems,
                note=text,
                restored_from=v.id,
                fictitious=v.is_fictitious,
            )

        staged = [self.stage(old.dataset, self.version_frame(old.id), meta_of(old, self.version_problems(old.id)))]
        linked = self.companions(old.id)
        for dataset, v in linked.items():
            staged.append(self.stage(dataset, self.version_frame(v.id), meta_of(v, self.version_problems(v.id))))
        for dataset, frame in (companions or {}).items():
            if dataset not in linked:
                staged.append(
                    self.stage(
                        dataset,
                        frame,
                        VersionMeta(
                            author=author,
                            origin=ORIGIN_RESTORE,
                            note=text,
                            restored_from=None,
                            author_subject=author_subject,
                        ),
                    )
                )
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

    def _log(
        self,
        conn,
        dataset,
        author,
        file_name,
        outcome,
        message,
        version_id=None,
        rows=None,
        problems_count=None,
        author_subject=None,
    ) -> None:
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
                author_subject=author_subject,
            )
        )

    def log_import(
        self,
        dataset: str,
        outcome: str,
        message: str,
        author: str | None = None,
        file_name: str | None = None,
        rows: int | None = None,
        problems_count: int | None = None,
        author_subject: str | None = None,
    ) -> None:
        """Record an import that did not become a version (refused, abandoned, failed)."""
        with self._write() as conn:
            self._log(conn, dataset, author, file_name, outcome, message, None, rows, problems_count, author_subject)

    def import_log(self, limit: int = 200) -> pd.DataFrame:
        t = import_log_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(limit)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])

    # --- access journal -----------------------------------------------------------------------

    def record_access(
        self, subject: str, name: str | None, email: str | None, role: str | None, issued_at: int | None = None
    ) -> bool:
        """A person signed in (one row per sign-in: the ID token's `iat` tells a new one from a page
        opened again). True when the row was added."""
        t = access_log_table
        with self._write() as conn:
            if issued_at is not None:
                seen = conn.execute(
                    select(t.c.id).where((t.c.subject == str(subject)[:255]) & (t.c.issued_at == int(issued_at)))
                ).first()
                if seen is not None:
                    return False
            conn.execute(
                insert(access_log_table).values(
                    at=utc_now(),
                    subject=str(subject)[:255],
                    name=(name or None) and str(name)[:MAX_AUTHOR_LENGTH],
                    email=(email or None) and str(email)[:255],
                    role=role,
                    issued_at=None if issued_at is None else int(issued_at),
                )
            )
        return True

    def access_log(self, limit: int = 500) -> pd.DataFrame:
        t = access_log_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id.desc()).limit(limit)).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])

    # --- duplicate decisions and corrections ------------------------------------------------

    def record_decision(
        self,
        id_a: str,
        id_b: str,
        decision: str,
        author: str,
        note: str | None = None,
        author_subject: str | None = None,
    ) -> None:
        if decision not in DECISIONS:
            raise StoreError(f"Décision inconnue : « {decision} ».")
        a, b = sorted((str(id_a), str(id_b)))
        if a == b:
            raise StoreError("Une paire de doublons réunit deux acteurs différents.")
        with self._write() as conn:
            conn.execute(
                insert(decisions_table).values(
                    id_a=a,
                    id_b=b,
                    decision=decision,
                    author=clean_author(author),
                    decided_at=utc_now(),
                    note=note,
                    author_subject=author_subject,
                )
            )

    def decisions(self) -> pd.DataFrame:
        """The decision in force for each pair (the latest), columns id_a, id_b, decision, author, decided_at."""
        t = decisions_table
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id)).all()
        frame = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in t.columns])
        frame = frame.drop_duplicates(["id_a", "id_b"], keep="last").reset_index(drop=True)
        return frame[["id_a", "id_b", "decision", "author", "decided_at", "note"]]

    def record_correction(
        self,
        actor_id: str,
        field_name: str,
        value: str | None,
        author: str,
        note: str | None = None,
        author_subject: str | None = None,
    ) -> None:
        """A staff correction of one field of one actor; it is re-applied after every import."""
        with self._write() as conn:
            conn.execute(
                insert(corrections_table).values(
                    actor_id=str(actor_id),
                    field=str(field_name),
                    value=value,
                    active=True,
                    author=clean_author(author),
                    created_at=utc_now(),
                    note=note,
                    author_subject=author_subject,
                )
            )

    def cancel_correction(self, actor_id: str, field_name: str, author: str, author_subject: str | None = None) -> None:
        with self._write() as conn:
            conn.execute(
                insert(corrections_table).values(
                    actor_id=str(actor_id),
                    field=str(field_name),
                    value=None,
                    active=False,
                    author=clean_author(author),
                    created_at=utc_now(),
                    note="correction annulée",
                    author_subject=author_subject,
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
            getattr(bundle, SPECS[key].bundle_field),
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
    if seed and not store.read_only:
        items = None
        for attempt in range(SEED_ATTEMPTS):
            have = store.current_versions()
            missing = [k for k, path in config.datasets.items() if k not in have and path.is_file()]
            if not missing:
                break
            items = items or seed_items_from_files(config)
            try:
                store.seed({k: items[k] for k in missing if k in items})
                break
            except StoreError as exc:
                # Another process seeding the same new database (a deployment's first start) may hold
                # the writer's lock longer than a usual write: wait for it, then take what is missing.
                if exc.kind != FAILURE_LOCKED or attempt == SEED_ATTEMPTS - 1:
                    raise
    return store
