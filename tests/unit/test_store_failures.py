"""Store failures reach people as French messages with what to do, never SQL nor a library's words;
a store that cannot be written is served read-only."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import sys
import tomllib

import pytest

import ingestion.store as store_module
from ingestion.dataset_import import ImportContext, ImportRequest, import_now, restore_version
from ingestion.store import (
    FAILURE_CORRUPT,
    FAILURE_DRIVER,
    FAILURE_READ_ONLY,
    Store,
    StoreError,
    VersionMeta,
    open_store,
)
from ingestion.store_bundle import load_bundle_from_store
from loaders.templates import template_csv
from tests.conftest import ROOT

# Words of SQLite, SQLAlchemy and the drivers that must never reach a person.
LIBRARY_TEXT = (
    "[SQL",
    "SELECT ",
    "sqlalche",
    "Background on this error",
    "OperationalError",
    "DatabaseError",
    "sqlite3",
    "psycopg",
    "malformed",
    "not a database",
    "unable to open",
    "readonly",
    "No module",
    "Traceback",
    "connection failed",
    "secret",
)


def assert_french_message(message: str, *expected: str) -> None:
    for text in LIBRARY_TEXT:
        assert text not in message, (text, message)
    assert "Que faire" in message or "l'administrateur doit" in message, message
    for text in expected:
        assert text in message, (text, message)


@pytest.fixture(scope="module")
def seeded(hub_config, tmp_path_factory):
    path = tmp_path_factory.mktemp("failures") / "seed.sqlite"
    open_store(hub_config, url=f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def copy(seeded, tmp_path):
    path = tmp_path / "hub.sqlite"
    shutil.copy(seeded, path)
    return path


def _read_everything(hub_config, url: str) -> Store:
    store = open_store(hub_config, url=url)
    load_bundle_from_store(hub_config, store)
    return store


def _writes(store: Store, hub_config) -> dict:
    """Every kind of writing action of the dashboard, each to be refused."""
    actors = store.current_version("acteurs")
    bundle = load_bundle_from_store(hub_config, store)
    request = ImportRequest("jalons", template_csv("jalons"), "jalons.csv")
    return {
        "import": lambda: import_now(store, request, ImportContext.from_store(bundle, store), "Alice"),
        "version": lambda: store.commit_version("jalons", store.current_frame("jalons"), VersionMeta(author="Alice")),
        "restauration": lambda: restore_version(store, actors.id, "Alice"),
        "décision": lambda: store.record_decision("a", "b", "distincts", "Alice"),
        "correction": lambda: store.record_correction("hub-0001", "nom", "Nom", "Alice"),
        "journal": lambda: store.log_import("jalons", "refusé", "essai"),
    }


def _assert_read_only(store: Store, hub_config, before: tuple) -> None:
    assert store.read_only
    bundle = load_bundle_from_store(hub_config, store)
    assert len(bundle.actors) == 744 and len(bundle.milestones) == 21
    assert (
        len(store.list_versions("acteurs")) == 1 and store.version_frame(store.current_version("kpis").id) is not None
    )
    for action, write in _writes(store, hub_config).items():
        with pytest.raises(StoreError) as refused:
            write()
        assert refused.value.kind == FAILURE_READ_ONLY, action
        assert_french_message(
            str(refused.value), "Modification refusée : l'entrepôt des données est ouvert en lecture seule"
        )
    assert store.signature() == before


def test_a_store_asked_read_only_by_its_url_reads_and_refuses_every_write(copy, hub_config):
    before = Store(f"sqlite:///{copy}").signature()
    store = open_store(hub_config, url=f"sqlite:///file:{copy}?mode=ro&uri=true")
    assert store.read_only_reason == "l'adresse de l'entrepôt le demande (mode=ro)"
    _assert_read_only(store, hub_config, before)
    # SQLite itself refuses too (not only the store's guard).
    with (
        sqlite3.connect(f"file:{copy}?mode=ro", uri=True) as conn,
        pytest.raises(sqlite3.OperationalError, match="readonly"),
    ):
        conn.execute("DELETE FROM versions")


def _refuse_writes(monkeypatch, folder_too: bool = False) -> None:
    """Every read-write connection behaves as on a protected file (SQLite's `query_only`: any
    write fails with "attempt to write a readonly database", even as root); with `folder_too`,
    a read-only connection fails as on a WAL file whose folder cannot be written."""
    real = store_module.sqlite_connect

    def protected(path, mode):
        if folder_too and mode == store_module.MODE_READ_ONLY:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        conn = real(path, mode)
        if mode == store_module.MODE_WRITE:
            conn.execute("PRAGMA query_only=ON")
        return conn

    monkeypatch.setattr(store_module, "sqlite_connect", protected)


def test_a_store_file_that_cannot_be_written_is_served_read_only(copy, hub_config, monkeypatch):
    before = Store(f"sqlite:///{copy}").signature()
    _refuse_writes(monkeypatch)
    store = open_store(hub_config, url=f"sqlite:///{copy}")
    assert store.read_only_reason == "le fichier ou son dossier est protégé en écriture"
    _assert_read_only(store, hub_config, before)


def test_a_store_in_a_folder_that_cannot_be_written_is_served_read_only(copy, hub_config, monkeypatch):
    before = Store(f"sqlite:///{copy}").signature()
    _refuse_writes(monkeypatch, folder_too=True)
    store = open_store(hub_config, url=f"sqlite:///{copy}")
    _assert_read_only(store, hub_config, before)


def test_a_store_that_cannot_be_created_says_where_and_what_to_do(tmp_path, hub_config, monkeypatch):
    _refuse_writes(monkeypatch)
    with pytest.raises(StoreError) as failure:
        open_store(hub_config, url=f"sqlite:///{tmp_path / 'nouveau' / 'hub.sqlite'}")
    assert_french_message(str(failure.value), "ne peut pas être créé", str(tmp_path / "nouveau" / "hub.sqlite"))


def test_a_corrupt_header_is_a_french_message(copy, hub_config):
    with open(copy, "r+b") as f:
        f.write(b"Ceci n'est pas une base SQLite." * 4)
    with pytest.raises(StoreError) as failure:
        _read_everything(hub_config, f"sqlite:///{copy}")
    assert failure.value.kind == FAILURE_CORRUPT
    assert_french_message(str(failure.value), "est endommagé", "sauvegarde", str(copy))


def test_a_truncated_file_is_a_french_message(copy, hub_config):
    os.truncate(copy, os.path.getsize(copy) // 2)
    with pytest.raises(StoreError) as failure:
        _read_everything(hub_config, f"sqlite:///{copy}")
    assert failure.value.kind == FAILURE_CORRUPT
    assert_french_message(str(failure.value), "est endommagé", "sauvegarde")


def test_a_missing_server_driver_says_which_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a machine without the driver
    with pytest.raises(StoreError) as failure:
        Store("postgresql://hub:secret@127.0.0.1:1/hub")
    assert failure.value.kind == FAILURE_DRIVER
    assert_french_message(str(failure.value), "installez le pilote : pip install 'hub-breton-dashboard[postgresql]'")


def test_the_server_driver_is_an_optional_dependency_group():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    group = project["optional-dependencies"]["postgresql"]
    assert len(group) == 1 and group[0].startswith("psycopg[binary]==")
    assert project["name"] == store_module.PACKAGE_NAME


def test_an_unreachable_server_is_a_french_message_without_the_password():
    pytest.importorskip("psycopg", reason="pilote PostgreSQL absent : le cas du pilote manquant est testé à part")
    with pytest.raises(StoreError) as failure:
        Store("postgresql://hub:secret@127.0.0.1:1/hub")
    assert_french_message(str(failure.value), "ne répond pas ou refuse la connexion", "127.0.0.1:1", "HUB_STORE_URL")


@pytest.mark.parametrize("url", ["pas une adresse", "sqlite:///:memory:", "mysql://hub@serveur/hub"])
def test_other_wrong_addresses_are_french_messages(url):
    with pytest.raises(StoreError) as failure:
        Store(url)
    message = str(failure.value)
    for text in LIBRARY_TEXT:
        assert text not in message, (text, message)


def test_a_full_disk_during_a_read_is_a_french_message(copy, hub_config, monkeypatch):
    store = open_store(hub_config, url=f"sqlite:///{copy}")

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store.engine, "connect", full)
    with pytest.raises(StoreError) as failure:
        store.current_versions()
    assert_french_message(str(failure.value), "est plein", "libérez de la place")


# --- a PostgreSQL server (tests/postgres.py): its own failures, in its own terms ------------------


@pytest.fixture
def server_database(postgres_cluster):
    name = postgres_cluster.create_database()
    yield name
    postgres_cluster.drop_database(name)


def test_a_wrong_password_is_a_french_message_without_it(postgres_cluster, server_database):
    wrong = "Mauvais-Mot-2-Passe"
    with pytest.raises(StoreError) as failure:
        Store(postgres_cluster.url(server_database, password=wrong))
    assert failure.value.kind == store_module.FAILURE_SERVER
    assert wrong not in str(failure.value) and postgres_cluster.password not in str(failure.value)
    assert_french_message(
        str(failure.value), f"base « {server_database} »", "refuse la connexion", "le mot de passe", "HUB_STORE_URL"
    )


def test_a_missing_database_says_to_create_it(postgres_cluster):
    with pytest.raises(StoreError) as failure:
        Store(postgres_cluster.url("hub_absente"))
    assert failure.value.kind == store_module.FAILURE_CANNOT_OPEN
    assert_french_message(str(failure.value), "base « hub_absente »", "cette base n'existe pas", "createdb")


def test_a_user_without_the_right_to_create_the_tables_is_told_what_to_ask(postgres_cluster, server_database):
    # Since PostgreSQL 15 a user may not create tables in a database it does not own.
    postgres_cluster.admin("DROP ROLE IF EXISTS lecteur_hub")
    postgres_cluster.admin("CREATE ROLE lecteur_hub LOGIN PASSWORD 'lecteur'")
    try:
        with pytest.raises(StoreError) as failure:
            Store(postgres_cluster.url(server_database, user="lecteur_hub", password="lecteur"))
        assert failure.value.kind == store_module.FAILURE_RIGHTS
        assert_french_message(str(failure.value), "L'utilisateur « lecteur_hub » n'a pas les droits", "OWNER TO")
    finally:
        postgres_cluster.drop_database(server_database)
        postgres_cluster.admin("DROP ROLE lecteur_hub")


def test_a_database_turned_read_only_refuses_writes_in_french_and_keeps_every_version(
    postgres_cluster, server_database, hub_config
):
    url = postgres_cluster.url(server_database)
    store = open_store(hub_config, url=url)
    before = store.signature()
    store.dispose()
    # As on a standby server: every transaction is read-only.
    postgres_cluster.admin(f'ALTER DATABASE "{server_database}" SET default_transaction_read_only = on')
    with pytest.raises(StoreError) as failure:
        Store(url)
    assert failure.value.kind == FAILURE_READ_ONLY
    assert_french_message(str(failure.value), "n'accepte que la lecture", "serveur principal")
    postgres_cluster.admin(f'ALTER DATABASE "{server_database}" SET default_transaction_read_only = off')
    again = Store(url)
    assert again.signature() == before
    again.dispose()


def test_connections_cut_by_a_server_restart_are_replaced(postgres_cluster, server_database, hub_config):
    """The server restarts (every connection is cut) between two pages: the next read works."""
    store = open_store(hub_config, url=postgres_cluster.url(server_database))
    before = store.signature()
    load_bundle_from_store(hub_config, store)  # the pool now holds open connections
    assert postgres_cluster.terminate_connections(server_database) >= 1
    assert store.signature() == before
    assert len(load_bundle_from_store(hub_config, store).actors) == 744
    store.commit_version("jalons", store.current_frame("jalons").iloc[:2], VersionMeta(author="Alice"))
    assert store.current_version("jalons").number == 2
    store.dispose()


@contextlib.contextmanager
def _another_writer(store: Store, backend):
    """Another process in the middle of a long write (holding the writers' lock)."""
    if backend.is_sqlite:
        conn = sqlite3.connect(store.path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
    else:
        import psycopg

        cluster = backend.cluster
        with psycopg.connect(
            host=cluster.host,
            port=cluster.port,
            user="hub",
            password=cluster.password,
            dbname=store.engine.url.database,
        ) as conn:
            conn.execute(f"SELECT pg_advisory_xact_lock({store_module.WRITERS_LOCK_KEY})")
            yield
            conn.rollback()


def test_a_write_waiting_too_long_for_another_is_refused_and_nothing_is_written(store_backend, hub_config, monkeypatch):
    monkeypatch.setattr(store_module, "WRITE_WAIT_SECONDS", 1)
    store = open_store(hub_config, url=store_backend.seeded_url())
    before = store.signature()
    frame = store.current_frame("jalons")
    with _another_writer(store, store_backend):
        with pytest.raises(StoreError) as failure:
            store.commit_version("jalons", frame.iloc[:3], VersionMeta(author="Alice"))
        assert failure.value.kind == store_module.FAILURE_LOCKED
        assert_french_message(str(failure.value), "occupé par une autre écriture depuis plus de 1 seconde")
        assert store.signature() == before  # reading is not blocked by the writer
    # Once the other write is over, the same change lands.
    store.commit_version("jalons", frame.iloc[:3], VersionMeta(author="Alice"))
    assert store.current_version("jalons").number == 2
    store.dispose()
