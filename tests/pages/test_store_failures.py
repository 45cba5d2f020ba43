"""Pages on a store that fails or cannot be written: a French message and no traceback; a
read-only store is read, and every writing action says it is refused."""

from __future__ import annotations

import shutil
import sys

import pytest

from ingestion.store import open_store
from loaders.config import load_config
from tests.conftest import ROOT
from tests.pages.conftest import open_app, open_tab
from tests.unit.test_store_failures import LIBRARY_TEXT
from views.donnees import tabs
from views.donnees.tabs import DATA_TABS


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("page-failures") / "seed.sqlite"
    open_store(load_config(ROOT / "hub.toml"), url=f"sqlite:///{path}").dispose()
    return path


def _plain(text: str) -> str:
    return text.replace("\\", "")


def _only_message(at, *expected: str) -> None:
    """The page stopped on one French error (no exception) that says what to do."""
    assert not at.exception, [e.value for e in at.exception]
    errors = [_plain(e.value) for e in at.error]
    assert len(errors) == 1, errors
    for text in LIBRARY_TEXT:
        assert text not in errors[0], (text, errors[0])
    for text in ("Que faire", *expected):
        assert text in errors[0], (text, errors[0])


def test_a_corrupt_store_shows_a_french_message(seeded, tmp_path, monkeypatch):
    path = tmp_path / "hub.sqlite"
    shutil.copy(seeded, path)
    with open(path, "r+b") as f:
        f.write(b"\x00" * 200)
    monkeypatch.setenv("HUB_STORE_URL", f"sqlite:///{path}")
    at = open_app()
    _only_message(at, "L'entrepôt des données ne peut pas être ouvert.", "est endommagé", "dernière sauvegarde")


def test_a_server_store_without_its_driver_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setenv("HUB_STORE_URL", "postgresql://utilisateur@serveur/hub")
    at = open_app()
    _only_message(at, "installez le pilote : pip install 'hub-breton-dashboard[postgresql]'")


def test_a_read_only_store_is_read_and_refuses_writing(seeded, tmp_path, monkeypatch):
    path = tmp_path / "hub.sqlite"
    shutil.copy(seeded, path)
    monkeypatch.setenv("HUB_STORE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = open_app("views/donnees/page.py")
    assert not at.exception and not at.error
    table = next(df.value for df in at.dataframe if "Jeu de données" in df.value.columns)
    assert table.loc[table["Jeu de données"] == "Acteurs (lieux de médiation numérique)", "Lignes"].tolist() == [744]
    # The import: said refused at once, no file can be sent.
    open_tab(at, DATA_TABS, tabs.IMPORT)
    notices = [_plain(w.value) for w in at.warning]
    assert any(
        n.startswith("Modification refusée : l'entrepôt des données est ouvert en lecture seule") for n in notices
    ), notices
    assert len(at.file_uploader) == 0
    open_tab(at, DATA_TABS, tabs.DUPLICATES)
    captions = [c.value for c in at.caption]
    assert any(
        c.startswith("Correction impossible : l'entrepôt des données est ouvert en lecture seule") for c in captions
    )
    assert next(b for b in at.button if b.label == "Enregistrer la correction").disabled
    # The history can still be read; a restore is refused before it is asked.
    open_tab(at, DATA_TABS, tabs.HISTORY)
    at.selectbox(key="history-dataset").set_value("jalons").run()
    assert not at.exception
    assert any(c.value.startswith("21 ligne(s)") for c in at.caption)
    # Other pages read the data.
    at.switch_page("views/carte/page.py").run()
    assert not at.exception and not at.error
