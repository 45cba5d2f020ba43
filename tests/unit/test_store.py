"""The versioned store: first run, versions, restore, atomic commits, concurrency, crash safety.

Every test runs on both backends (`store_backend`: SQLite, the embedded default, and PostgreSQL
on a throwaway cluster), except those about SQLite's own file."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pandas as pd
import pytest

from ingestion.store import (
    AUTHOR_SCRIPT,
    ORIGIN_DEMO,
    ORIGIN_RESTORE,
    ConflictError,
    Store,
    StoreError,
    VersionMeta,
    open_store,
    store_url,
)
from ingestion.store_bundle import BUNDLE_FIELDS, load_bundle_from_store
from loaders.bundle import load_bundle
from loaders.config import DATASET_KEYS
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def files_bundle(hub_config):
    return load_bundle(hub_config)


@pytest.fixture
def store(store_backend, hub_config):
    """A store of the test's own holding the demo data (a copy of one seeded once)."""
    s = open_store(hub_config, url=store_backend.seeded_url())
    yield s
    s.dispose()


@pytest.fixture
def sqlite_store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'hub.sqlite'}")
    yield s
    s.dispose()


def _meta(author="Alice", **kw):
    return VersionMeta(author=author, file_name=kw.pop("file_name", "fichier.csv"), **kw)


def test_first_run_loads_the_demo_files_as_first_versions(hub_config, files_bundle, store_backend):
    url = store_backend.fresh_url()
    store = open_store(hub_config, url=url)
    if store_backend.is_sqlite:
        assert store.path.is_file() and store.path.parent.name.startswith("store-")
    current = store.current_versions()
    assert sorted(current) == sorted(DATASET_KEYS)
    for key, version in current.items():
        assert version.number == 1
        assert version.author == AUTHOR_SCRIPT
        assert version.origin == ORIGIN_DEMO
        assert version.file_name == hub_config.datasets[key].name
        assert version.rows == len(getattr(files_bundle, BUNDLE_FIELDS[key]))
    assert current["acteurs"].rows == 744
    # Opening again adds nothing.
    again = open_store(hub_config, url=url)
    assert again.signature() == store.signature()
    assert all(len(again.list_versions(k)) == 1 for k in DATASET_KEYS)
    again.dispose()
    store.dispose()


def test_frames_round_trip_with_the_loaders_dtypes(store, files_bundle, hub_config):
    for key, name in BUNDLE_FIELDS.items():
        expected = getattr(files_bundle, name)
        got = store.current_frame(key)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.dtypes.astype(str).to_dict() == expected.dtypes.astype(str).to_dict()
    actors = store.current_frame("acteurs")
    assert isinstance(actors["services"].iloc[0], list)
    assert isinstance(actors["id"].dtype, pd.StringDtype)
    assert str(actors["date_maj"].dtype) == "datetime64[ns]"
    assert str(store.current_frame("lignes_budget")["montant_prevu_centimes"].dtype) == "Int64"
    bundle = load_bundle_from_store(hub_config, store)
    for name in BUNDLE_FIELDS.values():
        pd.testing.assert_frame_equal(getattr(bundle, name), getattr(files_bundle, name), check_exact=True)
    assert bundle.status["acteurs"].rows == 744


def test_commit_list_and_restore_keep_every_version(store):
    v1 = store.current_version("lignes_budget")
    lines = store.current_frame("lignes_budget")
    changed = lines.copy()
    changed.loc[0, "libelle"] = "Libellé modifié"
    changed = changed.iloc[:-2]
    v2 = store.commit_version("lignes_budget", changed, _meta(note="test"))
    assert v2.number == 2 and v2.is_current and v2.based_on == v1.id and v2.rows == len(lines) - 2
    assert [v.number for v in store.list_versions("lignes_budget")] == [2, 1]
    assert store.current_frame("lignes_budget")["libelle"].iloc[0] == "Libellé modifié"

    v3 = store.restore(v1.id, "Bob")
    assert v3.number == 3 and v3.origin == ORIGIN_RESTORE and v3.restored_from == v1.id and v3.author == "Bob"
    pd.testing.assert_frame_equal(store.current_frame("lignes_budget"), lines)
    # Nothing deleted: the replaced version is still there, intact.
    pd.testing.assert_frame_equal(store.version_frame(v2.id), changed.reset_index(drop=True))
    assert [(v.number, v.is_current) for v in store.list_versions("lignes_budget")] == [
        (3, True),
        (2, False),
        (1, False),
    ]
    # Other datasets did not move.
    assert store.current_version("mouvements").number == 1


def test_a_failure_inside_the_commit_leaves_the_current_version_untouched(store, monkeypatch):
    before = store.current_version("jalons")
    frame = store.current_frame("jalons")

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device (simulé)")

    monkeypatch.setattr(Store, "_insert_content", broken)
    with pytest.raises(StoreError, match="est plein : rien n'a été modifié") as failure:
        store.commit_version("jalons", frame.iloc[:3], _meta())
    assert "No space" not in str(failure.value)  # the disk's own words stay in the server's log
    monkeypatch.undo()
    assert store.current_version("jalons") == before
    assert len(store.list_versions("jalons")) == 1
    pd.testing.assert_frame_equal(store.current_frame("jalons"), frame)
    assert store.import_log()["outcome"].tolist().count("validé") == len(DATASET_KEYS)  # only the seed


def test_a_stale_preview_is_refused_and_nothing_is_written(store):
    base = store.current_version("kpis")
    frame = store.current_frame("kpis")
    staged = store.stage("kpis", frame.iloc[:5], _meta("Alice"), base_version_id=base.id)
    other = store.commit_version("kpis", frame.iloc[:7], _meta("Bob"), expected_current=base.id)
    with pytest.raises(ConflictError, match="a changé depuis la préparation"):
        store.commit(staged)
    assert store.current_version("kpis").id == other.id
    assert len(store.current_frame("kpis")) == 7


def test_two_threads_importing_at_once_both_land(store):
    frame = store.current_frame("evenements")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(author, rows):
        try:
            barrier.wait()
            results.append(store.commit_version("evenements", frame.iloc[:rows], _meta(author)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=("Alice", 10)), threading.Thread(target=run, args=("Bob", 20))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    versions = store.list_versions("evenements")
    assert sorted(v.number for v in versions) == [1, 2, 3]
    assert sorted(v.author for v in versions if v.number > 1) == ["Alice", "Bob"]
    assert sum(v.is_current for v in versions) == 1
    last = versions[0]
    assert last.is_current and last.rows == {"Alice": 10, "Bob": 20}[last.author]
    for v in versions[1:]:
        assert len(store.version_frame(v.id)) == v.rows  # each one's content is intact


def test_two_threads_changing_the_same_dataset_lose_neither_change(store):
    """apply_change is a compare-and-swap: the second writer recomputes on the first's result."""
    barrier = threading.Barrier(2)
    errors, builds = [], []

    def add_line(line_id):
        def build(current):
            row = current.iloc[[0]].copy()
            row["id_ligne"] = pd.array([line_id], dtype=pd.StringDtype())
            builds.append(line_id)
            if builds.count(line_id) == 1:
                barrier.wait(timeout=30)  # both compute on the same base before either commits
            return pd.concat([current, row], ignore_index=True), _meta(line_id)

        try:
            store.apply_change("lignes_budget", build)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    before = len(store.current_frame("lignes_budget"))
    threads = [threading.Thread(target=add_line, args=(x,)) for x in ("NOUVELLE-A", "NOUVELLE-B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    final = store.current_frame("lignes_budget")
    assert len(final) == before + 2
    assert {"NOUVELLE-A", "NOUVELLE-B"} <= set(final["id_ligne"])
    assert len(builds) == 3  # one writer found the base changed and recomputed on the other's result
    assert [v.number for v in store.list_versions("lignes_budget")] == [3, 2, 1]


def test_a_crash_in_the_middle_of_an_import_loses_nothing(store, store_backend):
    """A process killed inside its write transaction: the store reopens intact."""
    before = store.signature()
    script = textwrap.dedent(
        f"""
        import os, pandas as pd
        from ingestion.store import Store, VersionMeta
        s = Store({store.url!r})
        frame = s.current_frame("acteurs").iloc[:5]
        staged = s.stage("acteurs", frame, VersionMeta(author="Crash"))
        def die(*a, **k):
            os._exit(3)  # the process dies after the version row is written, before the commit
        Store._insert_content = die
        s.commit(staged)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    if store_backend.is_sqlite:
        with sqlite3.connect(store.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened = Store(store.url)
    assert reopened.signature() == before
    assert len(reopened.list_versions("acteurs")) == 1
    assert len(reopened.current_frame("acteurs")) == 744
    reopened.dispose()


def test_decisions_and_corrections_are_remembered(store):
    store.record_decision("fs-2", "cnfs-1", "meme_lieu", "Alice")
    store.record_decision("a", "b", "distincts", "Alice")
    store.record_decision("cnfs-1", "fs-2", "distincts", "Bob")  # a later decision replaces it
    store.record_correction("hub-0001", "nom", "Nom corrigé", "Alice")
    store.record_correction("hub-0002", "telephone", "+33299000000", "Alice")
    store.cancel_correction("hub-0002", "telephone", "Bob")
    reopened = Store(store.url)  # another process, later
    decisions = reopened.decisions()
    assert decisions[["id_a", "id_b", "decision", "author"]].values.tolist() == [
        ["a", "b", "distincts", "Alice"],
        ["cnfs-1", "fs-2", "distincts", "Bob"],
    ]
    corrections = reopened.corrections()
    assert corrections[["actor_id", "field", "value", "author"]].values.tolist() == [
        ["hub-0001", "nom", "Nom corrigé", "Alice"]
    ]
    with pytest.raises(StoreError):
        reopened.record_decision("x", "y", "peut-etre", "Alice")
    reopened.dispose()


def test_author_is_required(store):
    frame = store.current_frame("kpis")
    with pytest.raises(StoreError, match="Indiquez votre nom"):
        store.commit_version("kpis", frame, VersionMeta(author="   "))
    assert len(store.list_versions("kpis")) == 1


def test_store_location_from_config_and_environment(hub_config, monkeypatch):
    monkeypatch.delenv("HUB_STORE_URL", raising=False)
    assert store_url(hub_config) == f"sqlite:///{ROOT / 'var' / 'hub.sqlite'}"
    monkeypatch.setenv("HUB_STORE_URL", "sqlite:////tmp/ailleurs/hub.sqlite")
    assert store_url(hub_config) == "sqlite:////tmp/ailleurs/hub.sqlite"


def test_wal_journal_is_used(sqlite_store):
    with sqlite3.connect(sqlite_store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_processes_opening_an_empty_store_at_once_seed_it_once(hub_config, store_backend):
    """Two app processes started together on a new database (a deployment's first start):
    both open it, the schema is created once and each dataset gets exactly one first version."""
    url = store_backend.fresh_url()
    script = textwrap.dedent(
        f"""
        import sys, time
        from ingestion.store import open_store
        from loaders.config import load_config
        config = load_config({str(hub_config.path)!r})
        time.sleep(max(0.0, float(sys.argv[1]) - time.time()))  # both start at the same instant
        store = open_store(config, url={url!r})
        print(len(store.current_versions()))
        """
    )
    start = str(time.time() + 6)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, start], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
    assert [out.decode().strip() for out, _ in outputs] == [str(len(DATASET_KEYS))] * 2
    store = Store(url)
    assert all(len(store.list_versions(k)) == 1 for k in DATASET_KEYS)
    assert store.import_log()["outcome"].tolist().count("validé") == len(DATASET_KEYS)
    store.dispose()


def test_texts_from_files_land_alike_on_both_backends(store):
    """A NUL character (PostgreSQL refuses it in text) and names longer than their column
    (PostgreSQL refuses them, SQLite would keep them) land the same way on both databases."""
    frame = store.current_frame("kpis")
    long_name = "tableau-de-suivi-" + "x" * 300 + ".csv"
    v = store.commit_version(
        "kpis",
        frame,
        _meta("Alice\x00 Martin", file_name=long_name, source_name="Source\x00 " + "s" * 300, note="a\x00b"),
    )
    assert (v.author, v.file_name, v.note) == ("Alice Martin", long_name[:255], "ab")
    assert v.source_name == ("Source " + "s" * 300)[:255]
    store.record_decision("id-" + "a" * 300, "zz\x00-b", "distincts", "Alice")
    assert store.decisions()[["id_a", "id_b"]].values.tolist() == [["id-" + "a" * 300, "zz-b"]]
    store.record_correction("hub-0001", "nom", "Nom\x00 corrigé", "Alice")
    assert store.corrections()["value"].tolist() == ["Nom corrigé"]
    store.log_import("kpis", "refusé", "colonne « \x00 » inconnue", author="Bob", file_name=long_name)
    assert store.import_log(limit=1)[["message", "file_name"]].values.tolist() == [
        ["colonne «  » inconnue", long_name[:255]]
    ]


def test_without_postgresql_its_tests_skip_except_under_ci(monkeypatch):
    import tests.postgres as postgres

    monkeypatch.setattr(postgres, "postgres_bindir", lambda: None)
    monkeypatch.delenv(postgres.REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL absent"):
        postgres.start_cluster()
    monkeypatch.setenv(postgres.REQUIRE_VARIABLE, "1")  # as .ci/run sets it
    with pytest.raises(pytest.fail.Exception, match=r"PostgreSQL obligatoire \(HUB_REQUIRE_POSTGRES=1\)"):
        postgres.start_cluster()


def test_the_database_itself_refuses_two_current_versions_of_a_dataset(store):
    """The partial unique index (one current version per dataset) holds on both backends."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    from ingestion.store import versions_table as v

    old = store.current_version("kpis")
    store.commit_version("kpis", store.current_frame("kpis").iloc[:3], _meta())
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(update(v).where(v.c.id == old.id).values(is_current=True))
    assert store.current_version("kpis").number == 2
    assert len(store.current_versions()) == len(DATASET_KEYS)  # one current version in every other dataset
