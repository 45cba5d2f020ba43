"""A sample of the hostile corpus (tests/hostile_corpus.py) uploaded on /donnees in Chromium, as staff
would: each file gets its French answer, never Streamlit's error box; the current versions stay;
the server answers the next person and its peak memory is said. On its own temporary store."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from components.format_fr import fr_int
from loaders.schemas import SPECS
from tests.browser.conftest import ARTIFACTS, PageSession, assert_no_error, import_input, start_server, stop_server
from tests.hostile_corpus import BROWSER_SAMPLE, REFUSED, by_id

pytestmark = pytest.mark.browser

# The server's peak resident memory after the sample (the largest file is a 35 Mo actors CSV).
MAX_SERVER_RSS_MB = 2_000


@pytest.fixture(scope="module")
def hostile_upload_server(tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    store = tmp_path_factory.mktemp("browser-hostile-store") / "hub.sqlite"
    process, url, log = start_server({"HUB_STORE_URL": f"sqlite:///{store}"})
    try:
        yield url, process
    finally:
        stop_server(process, log)


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def _choose_dataset(session: PageSession, dataset: str) -> None:
    page = session.page
    page.get_by_role("combobox", name="Jeu de données").click()
    page.get_by_role("option", name=SPECS[dataset].label, exact=True).click()
    session.wait_idle()


def _report_text(page) -> str:
    """The refusal and the messages of the report's table (its cells are in the DOM for screen readers)."""
    expander = page.locator("[data-testid='stExpander']").filter(has_text="Rapport :").first
    if expander.count():
        summary = expander.locator("summary")
        if expander.locator("details").get_attribute("open") is None:
            summary.click()
        expander.locator("[role='gridcell']").first.wait_for(state="attached", timeout=20_000)
        cells = expander.locator("[role='gridcell']").all_inner_texts()
    else:
        cells = []
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
    return " ".join(" ".join(alerts + cells).split())


@pytest.mark.parametrize("case_id", BROWSER_SAMPLE)
def test_hostile_upload_gets_its_french_answer(browser, hostile_upload_server, tmp_path, case_id):
    url, _ = hostile_upload_server
    case = by_id(case_id)
    session = PageSession(browser, url)
    try:
        page = session.open("/donnees")
        page.get_by_role("tab", name="Importer un fichier").click()
        session.wait_idle()
        _choose_dataset(session, case.dataset)
        upload = tmp_path / case.name
        upload.write_bytes(case.data())
        import_input(page).set_input_files(str(upload))
        page.locator("[data-testid='stMetric']").filter(has_text="Lignes lues").first.wait_for(timeout=120_000)
        session.wait_idle(120_000)
        assert_no_error(page)
        text = _report_text(page)
        assert " ".join(case.expected.split()) in text, text[:2000]
        if case.outcome == REFUSED:
            assert "Fichier refusé" in text and "Rien n'a été modifié" in text
            assert page.get_by_role("button", name="Valider l'import").count() == 0
        session.screenshot(f"donnees-hostile-{case_id}")
        assert session.dialogs == []
        assert session.external_requests == []
    finally:
        session.close()


def test_after_the_sample_nothing_changed_and_the_server_answers(browser, hostile_upload_server):
    url, process = hostile_upload_server
    assert process.poll() is None, "le serveur s'est arrêté"
    with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as r:
        assert r.read().decode().strip() == "ok"
    session = PageSession(browser, url)
    try:
        page = session.open("/carte")
        assert page.get_by_text(f"sur {fr_int(744)} dans le territoire").count() == 1
        page = session.open("/donnees")
        page.get_by_role("tab", name="Historique des versions").click()
        session.wait_idle()
        shown = page.get_by_role("combobox", name="Consulter une version").input_value()
        assert shown.startswith("Version 1 du") and shown.endswith("(actuelle)"), shown
        assert_no_error(page)
    finally:
        session.close()
    peak = _peak_rss_mb(process.pid)
    print(f"\nmémoire de pointe du serveur après l'échantillon hostile : {peak:.0f} Mo")
    assert peak < MAX_SERVER_RSS_MB
