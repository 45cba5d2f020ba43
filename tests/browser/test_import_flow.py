"""The import as a person does it, in Chromium: upload, read the report and the diff, confirm,
see the new count everywhere, then restore the previous version. On its own temporary store."""

from __future__ import annotations

import pytest

from components.access import DEMO_AUTHOR
from components.format_fr import fr_int
from tests.browser.conftest import ARTIFACTS, PageSession, assert_no_error, running_server

pytestmark = pytest.mark.browser

SMALL_ACTORS = (
    "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
    "hub-9001,Espace numérique du Blosne,Rennes,35200,35238,7 boulevard de "
    "Yougoslavie,48.0880,-1.6570,2024-03-01,Aide aux démarches administratives\n"
    "hub-9002,Atelier numérique de Lambézellec,Brest,29200,29019,4 rue Robespierre,48.4100,-4.4900,15/03/2024,Accès "
    "internet et matériel informatique\n"
    "hub-9003,Tiers-lieu numérique de Vannes,Vannes,56000,56260,1 rue du Port,47.6500,-2.7600,2024-03-03,Aide aux "
    "démarches administratives\n"
    "hub-9001,Doublon de ligne,Rennes,35200,35238,7 boulevard,48.0880,-1.6570,2024-03-01,\n"
)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    ARTIFACTS.mkdir(exist_ok=True)
    store = tmp_path_factory.mktemp("browser-store") / "hub.sqlite"
    with running_server({"HUB_STORE_URL": f"sqlite:///{store}"}) as url:
        yield url


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def open_tab(session: PageSession, name: str) -> None:
    session.page.get_by_role("tab", name=name).click()
    session.wait_idle()


def test_upload_check_confirm_then_restore(browser, own_server, tmp_path):
    session = PageSession(browser, own_server)
    try:
        page = session.open("/carte")
        assert page.get_by_text(f"sur {fr_int(744)} dans le territoire").count() == 1

        page = session.open("/donnees")
        assert_no_error(page)
        open_tab(session, "Importer un fichier")
        upload = tmp_path / "nouveaux_lieux.csv"
        upload.write_text(SMALL_ACTORS, encoding="utf-8")
        # The tab « Cartographie nationale » has an uploader of its own: take the import tab's.
        uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="Fichier à importer")
        uploader.locator("input[type='file']").set_input_files(str(upload))
        page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=60_000)
        session.wait_idle()
        assert metric_value(page, "Lignes lues") == "4"
        assert metric_value(page, "Lignes écartées") == "1"
        assert metric_value(page, "Lieux ajoutés") == "3"
        assert metric_value(page, "Lieux retirés ou fusionnés") == "0"
        # The duplicated id (error) and the date in JJ/MM/AAAA (warning), and the summary line.
        assert metric_value(page, "Remarques") == "1 · 2 · 0"
        assert page.get_by_text("Rapport : 3 remarques sur le fichier").is_visible()
        session.screenshot("donnees-import-rapport")

        # Confirming without accepting the rejected row is refused, nothing lands.
        page.get_by_role("button", name="Valider l'import").click()
        session.wait_idle()
        assert page.get_by_text("1 ligne(s) en erreur seraient écartées").is_visible()

        page.get_by_text("J'accepte d'écarter les 1 ligne(s) en erreur et d'importer les autres").click()
        page.get_by_role("button", name="Valider l'import").click()
        page.get_by_text("passe à la version 2").wait_for(timeout=60_000)
        session.wait_idle()
        assert page.get_by_text(f"passe à la version 2 ({fr_int(747)} lignes), importée par {DEMO_AUTHOR}").is_visible()
        assert_no_error(page)
        session.screenshot("donnees-import-valide")

        # The new places are in the base today (the map counts them); dated 2024, they are
        # not "cartographiés" on the period's dates, and the home page says so.
        page = session.open("/carte")
        assert page.get_by_text(f"sur {fr_int(747)} dans le territoire").count() == 1
        page = session.open("/")
        assert metric_value(page, "Lieux cartographiés") == fr_int(744)

        page = session.open("/donnees")
        open_tab(session, "Historique des versions")
        selector = page.get_by_role("combobox", name="Consulter une version")
        shown = selector.input_value()
        assert shown.startswith("Version 2 du") and shown.endswith(f"par {DEMO_AUTHOR} (actuelle)")
        session.screenshot("donnees-historique")
        selector.click()
        page.get_by_role("option").filter(has_text="Version 1 du").click()
        session.wait_idle()
        page.get_by_role("button", name="Restaurer cette version").click()
        page.get_by_text("Version 1 restaurée").wait_for(timeout=60_000)
        session.wait_idle()
        assert_no_error(page)
        session.screenshot("donnees-restauration")

        page = session.open("/carte")
        assert page.get_by_text(f"sur {fr_int(744)} dans le territoire").count() == 1
        assert session.dialogs == []
        assert session.external_requests == []
    finally:
        session.close()
