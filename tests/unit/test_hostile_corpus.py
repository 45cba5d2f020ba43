"""Every file of the hostile corpus (tests/hostile_corpus.py) through the import, as the page runs it.

For each: no exception and no incident (the import's last resort is not what answered), an
answer within a time limit, the expected French message and outcome, no library text in what
the person reads, and the store's current versions and content exactly as before (a refused
file or rows in error cannot be confirmed; a file with warnings only is abandoned).
"""

from __future__ import annotations

import logging
import shutil
import signal

import pandas as pd
import pytest

from ingestion.dataset_import import ImportContext, ImportRequest, confirm_import, prepare_import, refuse_or_abandon
from ingestion.store import StoreError, open_store
from ingestion.store_bundle import load_bundle_from_store
from loaders.problems import ERROR
from loaders.schemas import SPECS
from tests.hostile_corpus import ACCEPTED, BROWSER_SAMPLE, HOSTILE, REFUSED, REJECTED_ROWS, WARNING_ONLY, by_id

# An import that takes longer than this is a hang (the largest files of the corpus take a few
# seconds; the machine is shared).
TIMEOUT_S = 120
# Words of Python, pandas, csv, openpyxl and SQLite that must never reach a person.
LIBRARY_WORDS = (
    "Traceback",
    "Error",
    "Exception",
    "Expected ",
    "field larger",
    "EOF",
    "codec",
    "surrogates not allowed",
    "openpyxl",
    "pandas",
    "sqlite",
    "Erreur inattendue",
)


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no `except Exception` can swallow it."""


def _alarm(signum, frame):
    raise Hang(f"aucune réponse en {TIMEOUT_S} s")


@pytest.fixture(scope="module")
def seeded(hub_config, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "seed.sqlite"
    store = open_store(hub_config, url=f"sqlite:///{path}")
    bundle = load_bundle_from_store(hub_config, store)
    store.dispose()
    return path, bundle


@pytest.fixture
def store_and_context(seeded, tmp_path, hub_config):
    path, bundle = seeded
    copy = tmp_path / "hub.sqlite"
    shutil.copy(path, copy)
    store = open_store(hub_config, url=f"sqlite:///{copy}")
    yield store, ImportContext.from_store(bundle, store)
    store.dispose()


def test_the_corpus_covers_every_dataset_with_sixty_files_or_more():
    assert len(HOSTILE) >= 60
    assert len({h.id for h in HOSTILE}) == len(HOSTILE)
    assert {h.dataset for h in HOSTILE} == set(SPECS)
    assert {h.outcome for h in HOSTILE} == {REFUSED, REJECTED_ROWS, WARNING_ONLY, ACCEPTED}
    assert all(by_id(i) for i in BROWSER_SAMPLE)


@pytest.mark.parametrize("case", HOSTILE, ids=[h.id for h in HOSTILE])
def test_hostile_file_gets_its_french_answer_and_changes_nothing(case, store_and_context, caplog):
    store, context = store_and_context
    data = case.data()
    before = store.signature()
    content_before = store.current_frame(case.dataset)
    bases = {k: v.id for k, v in store.current_versions().items()}

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_S)
    try:
        with caplog.at_level(logging.ERROR, logger="hub.incidents"):
            preview = prepare_import(
                ImportRequest(case.dataset, data, case.name, source_format=case.source_format), context
            )
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not [r for r in caplog.records if r.name == "hub.incidents"], "incident : le dernier recours a répondu"

    texts = [p.message for p in preview.problems] + [preview.refusal or ""]
    assert any(case.expected in t for t in texts), texts
    for text in texts:
        for word in LIBRARY_WORDS:
            assert word not in text, (word, text)

    if case.outcome == REFUSED:
        assert preview.refused, texts
        refuse_or_abandon(store, preview)
    elif case.outcome == REJECTED_ROWS:
        assert not preview.refused and preview.needs_acceptance and preview.rows_rejected >= 1, (preview.refusal, texts)
    elif case.outcome == WARNING_ONLY:
        assert not preview.refused and not preview.needs_acceptance, texts
        assert any(p.severity != ERROR for p in preview.problems), texts
    else:
        assert not preview.refused and not preview.errors and preview.rows_rejected == 0, texts
        assert len(preview.loaded) == preview.rows_read
    if case.outcome in (REFUSED, REJECTED_ROWS):
        with pytest.raises(StoreError):
            confirm_import(store, preview, "Alice", bases)
    else:
        refuse_or_abandon(store, preview, "Alice", abandoned=True)

    assert store.signature() == before
    pd.testing.assert_frame_equal(store.current_frame(case.dataset), content_before)


def test_spellings_the_hub_reads_are_read_as_meant(store_and_context):
    """The accepted files of the corpus: thousands separators and old Mac line ends."""
    _, context = store_and_context
    kpis = prepare_import(ImportRequest("kpis", by_id("kpi_separateurs_de_milliers").data(), "kpis.csv"), context)
    first = kpis.loaded.iloc[0]
    assert (first["cible_m18"], first["cible_m12"]) == (1234.5, 1200.5)
    movement = prepare_import(
        ImportRequest("mouvements", by_id("mouvement_montant_milliers_point").data(), "mouvements.csv"), context
    )
    assert movement.loaded.iloc[0]["montant_centimes"] == 1_260_000
    mac = prepare_import(ImportRequest("kpis", by_id("fins_de_ligne_mac").data(), "kpis.csv"), context)
    assert list(mac.loaded["id_kpi"]) == ["A1-K1", "A1-K5"]


def test_the_limits_are_those_documented():
    """docs/import.md gives each dataset's row limit and the limits common to every file."""
    from pathlib import Path

    from loaders import limits

    text = (Path(__file__).resolve().parents[2] / "docs/import.md").read_text(encoding="utf-8")
    for spec in SPECS.values():
        assert f"| {spec.label} | {spec.max_rows:,} |".replace(",", " ") in text, spec.key
        assert spec.max_columns == limits.DEFAULT_MAX_COLUMNS
    assert f"{limits.MAX_BYTES // 2**20} Mo au plus" in text
    assert f"{limits.DEFAULT_MAX_COLUMNS} au plus" in text
    assert f"{limits.MAX_CELL_CHARS:,} caractères".replace(",", " ") in text
    assert f"{limits.MAX_XLSX_PARTS:,} fichiers internes".replace(",", " ") in text
    assert f"{limits.MAX_XLSX_UNCOMPRESSED // 2**20} Mo une fois décompressé" in text
    assert f"{limits.MAX_JSON_DEPTH} niveaux" in text
    assert f"années {limits.MIN_YEAR} à {limits.MAX_YEAR}" in text
