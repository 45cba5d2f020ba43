"""People accompanied imported as a person does it, in Chromium, each on its own store: the real
Conseillers numériques file by postal code (report, confirmation, then the Synthèse names it),
and La Coop's API asked from the page (a loopback stand-in shaped by its OpenAPI description)."""

from __future__ import annotations

import pytest

from components.format_fr import fr_int
from tests.browser.conftest import ARTIFACTS, PageSession, assert_no_error, import_input, running_server
from tests.coop_server import TOKEN, coop_server

pytestmark = pytest.mark.browser

CRA = "cra_conseillers_numeriques_par_code_postal_2023-07-17.csv"


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def spaced(text: str) -> str:
    """Text as read, non-breaking spaces as plain ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def choose(session: PageSession, label: str, option: str) -> None:
    session.page.get_by_role("combobox", name=label).click()
    session.page.get_by_role("option").filter(has_text=option).first.click()
    session.wait_idle()


def open_import(session: PageSession, option: str) -> None:
    page = session.open("/donnees")
    assert_no_error(page)
    page.get_by_role("tab", name="Importer un fichier").click()
    session.wait_idle()
    choose(session, "Jeu de données", "Activité : personnes accompagnées")
    choose(session, "Format du fichier", option)


def confirm(session: PageSession, accept: bool) -> None:
    page = session.page
    if accept:
        page.get_by_text("J'accepte d'écarter").click()
    page.get_by_role("button", name="Valider l'import").click()
    page.get_by_text("passe à la version 2").wait_for(timeout=90_000)
    session.wait_idle()
    assert_no_error(page)


@pytest.mark.realdata
def test_the_real_cra_file_imports_with_its_report_and_reaches_the_synthesis(browser, shared_open_dir, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server({"HUB_STORE_URL": f"sqlite:///{tmp_path / 'hub.sqlite'}"}) as url:
        session = PageSession(browser, url)
        try:
            open_import(session, "Conseillers numériques : comptes rendus d'activité par code postal")
            page = session.page
            import_input(page).set_input_files(
                str(shared_open_dir / CRA)
            )
            page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=90_000)
            session.wait_idle()
            assert metric_value(page, "Lignes lues") == fr_int(4812)
            assert metric_value(page, "Valeurs retenues") == fr_int(10_879)
            assert metric_value(page, "Lignes écartées") == "3"
            # Rows in error (unreadable postal codes): the report opens by itself.
            assert page.get_by_text("Rapport : 11 remarques sur le fichier").is_visible()
            session.screenshot("donnees-import-activite-cra")
            confirm(session, accept=True)

            page = session.open("/synthese")
            assert metric_value(page, "Personnes accompagnées") == fr_int(137_161)
            body = spaced(page.locator("body").inner_text())
            # The card gives the first source in short words; each source has its own figure below.
            assert "accompagnements (conseillers numériques, cumul au 17/07/2023)" in body
            assert metric_value(page, "Accompagnements (conseillers numériques)") == fr_int(137_161)
            banner = page.locator("[data-testid='stAlert']").first.inner_text()
            assert "activité (personnes accompagnées)" not in banner  # the real file replaced the demo's
            assert "Conseillers numériques : comptes rendus d'activité (ANCT) au 17/07/2023" in body  # the footer
            assert_no_error(page)
            session.screenshot("synthese-activite-reelle")
            assert session.external_requests == [] and session.dialogs == []
        finally:
            session.close()


def test_la_coop_is_asked_from_the_page_with_the_configured_token(browser, tmp_path, hub_config):
    asked = len(hub_config.departements) + len(set(hub_config.qpv) | set(hub_config.acv))
    ARTIFACTS.mkdir(exist_ok=True)
    with coop_server() as (api, requests):
        env = {"HUB_STORE_URL": f"sqlite:///{tmp_path / 'hub.sqlite'}", "HUB_COOP_TOKEN": TOKEN, "HUB_COOP_URL": api}
        with running_server(env) as url:
            session = PageSession(browser, url)
            try:
                open_import(session, "La Coop de la médiation numérique")
                page = session.page
                assert page.get_by_text(f"La Coop sera interrogée à l'adresse {api}").is_visible()
                page.get_by_role("button", name="Interroger La Coop").click()
                page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=90_000)
                session.wait_idle()
                assert page.get_by_text("La Coop a répondu pour la période du 26/04/2022 au").is_visible()
                assert len(requests) == asked == 4 + 19  # the départements, then the QPV and ACV communes
                assert {r["authorization"] for r in requests} == {f"Bearer {TOKEN}"}
                assert metric_value(page, "Lignes lues") == str(asked)
                session.screenshot("donnees-import-coop")
                confirm(session, accept=False)

                page = session.open("/synthese")
                # Accompaniments first: 3.5 times the beneficiaries of each département (the stand-in's rule).
                assert metric_value(page, "Personnes accompagnées") == fr_int(3500 + 3850 + 4200 + 4550)
                body = spaced(page.locator("body").inner_text())
                assert "accompagnements (La Coop, du 26/04/2022 au" in body
                assert metric_value(page, "Bénéficiaires (La Coop)") == fr_int(4600)
                assert_no_error(page)
                assert session.external_requests == []
            finally:
                session.close()
