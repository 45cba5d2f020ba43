"""Every table download of every page, as the pages build it: no technical column slips through
untranslated, and known exports come out as French Excel reads them.

The pages run in AppTest; `components.downloads.to_csv_bytes` is wrapped to record each frame a
page hands to `download_buttons` (or `show_table`), then the frame goes on to the real writer. The
pages write their files only when a button is clicked (`data` is a function): here every button's
function is called as the page offers it, as a click would.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

import components.downloads as downloads
from components.export_columns import unknown_columns
from ingestion.store import DECISION_DISTINCT, open_store
from loaders.actions import tab_name
from loaders.config import load_config
from tests.conftest import ROOT
from views.donnees import tabs as data_tabs
from views.financements.sections import (
    BREAKDOWN_TABS,
    FLOWS_TABLE,
    FUNDRAISING_TABS,
    MONTHLY_TABLE,
    PRIORITY_TABLE,
)
from views.suivi.sections import ACTION_TABS

APP = str(ROOT / "app.py")
PAGES = (
    "views/accueil/page.py",
    "views/synthese/page.py",
    "views/financements/page.py",
    "views/suivi/page.py",
    "views/carte/page.py",
    "views/donnees/page.py",
)
TABS = {
    "views/donnees/page.py": [(data_tabs.DATA_TABS, data_tabs.TAB_LABELS)],
    "views/suivi/page.py": [(ACTION_TABS, [tab_name(a.code) for a in load_config(ROOT / "hub.toml").numbered_actions])],
    "views/financements/page.py": [
        (BREAKDOWN_TABS, ["Par action", "Par catégorie", "Par financeur", "Par enveloppe"]),
        (FUNDRAISING_TABS, ["Par statut", "Par financeur", "Par programme", "Par département", "Dossiers"]),
    ],
}
EXPANDERS = {"views/financements/page.py": (MONTHLY_TABLE, PRIORITY_TABLE, FLOWS_TABLE)}
PROFILES = (
    {"code": "29019"},
    {"code": "22158"},
    {"niveau": "epci", "code": "242900314"},
    {"niveau": "departement", "code": "22"},
)


def _run(at: AppTest) -> None:
    at.run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """(page, frame) for every table download of every page, with a duplicate decision and a
    correction in the store so that their tables are there too."""
    mp = pytest.MonkeyPatch()
    url = f"sqlite:///{tmp_path_factory.mktemp('downloads') / 'hub.sqlite'}"
    mp.setenv("HUB_STORE_URL", url)
    store = open_store(load_config(ROOT / "hub.toml"), url=url)
    ids = store.version_frame(store.current_version("acteurs").id)["id"].tolist()
    store.record_decision(ids[0], ids[1], DECISION_DISTINCT, "Alice")
    store.record_correction(ids[2], "telephone", "=02 99 00 00 00", "Alice")
    store.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()

    seen: list[tuple[str, pd.DataFrame]] = []
    writer = downloads.to_csv_bytes
    current = {"page": ""}

    def recording(frame: pd.DataFrame) -> bytes:
        seen.append((current["page"], frame.copy()))
        return writer(frame)

    mp.setattr(downloads, "to_csv_bytes", recording)
    offer = DeltaGenerator.download_button

    def clicked_at_once(self, label, data, *args, **kwargs):
        if callable(data) and "CSV" in label:
            data = data()
        return offer(self, label, data, *args, **kwargs)

    mp.setattr(DeltaGenerator, "download_button", clicked_at_once)
    at = AppTest.from_file(APP, default_timeout=120)
    _run(at)
    for page in PAGES:
        current["page"] = page
        at.switch_page(page)
        _run(at)
        for key, labels in TABS.get(page, ()):  # tabs drawn only when open: each opened in turn
            for label in labels[1:]:
                at.session_state[key] = label
                _run(at)
            at.session_state[key] = labels[0]
        for key in EXPANDERS.get(page, ()):  # tables drawn when their expander is opened
            at.session_state[key] = True
            _run(at)
            at.session_state[key] = False
    for level in ("commune", "epci", "departement", "zone"):
        current["page"] = f"views/territoires/page.py niveau={level}"
        at.switch_page("views/territoires/page.py")
        _run(at)
        at.radio(key="territoires_niveau").set_value(level)
        _run(at)
    for query in PROFILES:
        current["page"] = f"views/territoire/page.py {query}"
        profile = AppTest.from_file(APP, default_timeout=120)
        for key, value in query.items():
            profile.query_params[key] = value
        _run(profile)
        profile.switch_page("views/territoire/page.py")
        _run(profile)
    mp.undo()
    st.cache_data.clear()
    st.cache_resource.clear()
    return seen


def frame_starting(exports, *columns: str) -> pd.DataFrame:
    for _, frame in exports:
        if tuple(frame.columns[: len(columns)]) == columns:
            return frame
    raise AssertionError(f"aucun téléchargement ne commence par {columns}")


def test_every_page_download_is_declared(exports):
    pages = {page.split(" ")[0] for page, _ in exports}
    assert {
        "views/financements/page.py",
        "views/suivi/page.py",
        "views/carte/page.py",
        "views/donnees/page.py",
        "views/territoires/page.py",
        "views/territoire/page.py",
    } <= pages
    assert len(exports) >= 40
    undeclared = {(page, col) for page, frame in exports for col in unknown_columns(frame)}
    assert not undeclared, f"colonnes techniques sans libellé dans export_columns.COLUMNS : {sorted(undeclared)}"


def test_every_page_download_reads_in_french_excel(exports):
    for page, frame in exports:
        data = downloads.to_csv_bytes(frame)
        assert data.startswith(b"\xef\xbb\xbf"), page
        back = pd.read_csv(
            io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert len(back) == len(frame) and len(back.columns) == len(frame.columns), page
        ws = load_workbook(io.BytesIO(downloads.to_xlsx_bytes(frame))).active
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), page


def test_financements_month_by_month(exports):
    frame = frame_starting(exports, "date", "mois", "prevu_euros")
    lines = downloads.to_csv_bytes(frame).decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Date;Mois écoulés;Prévu (€);Droite du temps (€);Engagé, cumul (€);Dépensé, cumul (€)"
    assert lines[1].startswith("26/04/2022;0;262500,00;0,00;")  # the hub's start, the agreement's amount
    ws = load_workbook(io.BytesIO(downloads.to_xlsx_bytes(frame))).active
    assert ws["A2"].number_format == "dd/mm/yyyy" and ws["A2"].value.date().isoformat() == "2022-04-26"
    assert ws["C2"].value == 262_500 and ws["C2"].number_format == '#,##0.00 "€"'


def test_financements_movements_and_milestones_carry_dates_and_euros(exports):
    moves = frame_starting(exports, "Mouvement", "Date", "Montant (euros)")
    back = pd.read_csv(io.BytesIO(downloads.to_csv_bytes(moves)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns[:3]) == ["Mouvement", "Date", "Montant (€)"]
    assert back.loc[0, "Date"] == "31/05/2023" and back["Montant (€)"].dtype == float  # Guerlesquin, outside the zones
    ws = load_workbook(io.BytesIO(downloads.to_xlsx_bytes(frame_starting(exports, "Jalon", "Action", "Titre")))).active
    cells = {c.value: ws.cell(row=2, column=c.column) for c in ws[1]}
    assert (
        cells["Prévu le"].number_format == "dd/mm/yyyy" and cells["Prévu le"].value.date().isoformat() == "2022-04-26"
    )


def test_the_staff_tables_stay_neutralised(exports):
    corrections = frame_starting(exports, "Acteur", "Champ", "Valeur")
    text = downloads.to_csv_bytes(corrections).decode("utf-8-sig")
    assert "'=02 99 00 00 00" in text
    places = frame_starting(exports, "id", "nom", "commune")
    header = downloads.to_csv_bytes(places).decode("utf-8-sig").split("\r\n")[0]
    assert (
        header
        == "Identifiant;Nom;Commune;Code INSEE;Famille de structure;Services;Programmes nationaux;Membre du réseau;"
        "Horaires d'ouverture;Sources"
    )
