"""Another region's hub from its first minute (issue 8): a hub.toml for Corse with its reference
built by the tests and no data file. Every page serves, says what to import and where, and
nothing of the Breton hub shows, on screen or in the downloaded documents."""

import re

import pytest

from components.page_registry import pages_for
from loaders.access import STAFF
from tests.browser.conftest import ARTIFACTS, assert_no_error
from tests.other_region import BRETON_WORDS, CARRIER, HUB_NAME

pytestmark = pytest.mark.browser

AJACCIO = "2A004"
# Every page the open demonstration reaches (the staff's); the territory sheet opened on a commune
# of the region.
PATHS = ["/" + (p.url_path + (f"?code={AJACCIO}" if p.url_path == "territoire" else "")) for p in pages_for(STAFF)]
TAGS = re.compile(r"<svg.*?</svg>|<style.*?</style>|<[^>]+>", re.DOTALL)
IMPORT_HINT = "sur la page Données (onglet « Importer un fichier »)"


def page_text(page) -> str:
    return " ".join(page.locator("body").inner_text().split())


def assert_nothing_breton(text: str, where: str) -> None:
    found = [w for w in BRETON_WORDS if w in text]
    assert not found, f"{where} : {found}"


@pytest.mark.parametrize("path", PATHS, ids=[p.strip("/").split("?")[0] or "accueil" for p in PATHS])
def test_every_page_serves_an_empty_state(other_region_session, path):
    session = other_region_session
    page = session.open(path)
    session.wait_for_charts()
    assert_no_error(page)
    text = page_text(page)
    assert_nothing_breton(text, path)
    # The hub's own names (sidebar and page header come from its hub.toml).
    assert "Hub corse" in text
    # An empty state names what to import and where, and links to the page Données.
    assert "importez" in text and IMPORT_HINT in text, text[:600]
    if path != "/donnees":
        link = page.locator("[data-testid='stMain'] a[data-testid='stPageLink-NavLink'][href$='donnees']")
        assert link.count() >= 1 and link.first.is_visible()
    session.screenshot("region_" + (path.strip("/").split("?")[0] or "accueil"))
    assert session.dialogs == [] and session.external_requests == []


def test_home_page_names_the_hub_and_its_carrier(other_region_session):
    page = other_region_session.open("/")
    assert page.locator(f"[data-testid='stMain'] h1:has-text('{HUB_NAME}')").count() == 1
    text = page_text(page)
    assert CARRIER in text
    assert "Aucun lieu chargé : importez le fichier « Acteurs (lieux de médiation numérique) » " + IMPORT_HINT in text
    # The empty state's link opens the page where files are imported.
    page.locator("[data-testid='stMain'] a[data-testid='stPageLink-NavLink']").first.click()
    page.wait_for_selector("[data-testid='stMain'] h1:has-text('Données')", timeout=30_000)
    other_region_session.wait_idle()
    assert page.url.rstrip("/").endswith("/donnees")
    assert page.get_by_role("tab", name="Importer un fichier").is_visible()


def test_every_tab_of_the_data_page_serves(other_region_session):
    session = other_region_session
    page = session.open("/donnees")
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    names = tabs.all_inner_texts()
    assert names == [
        "Jeux de données",
        "Importer un fichier",
        "Historique des versions",
        "Doublons et corrections",
        "Qualité et export national",
        "Fraîcheur et relances",
        "Cartographie nationale",
        "Modèles de fichiers",
    ]
    for i, name in enumerate(names):
        tabs.nth(i).click()
        session.wait_idle()
        assert_no_error(page)
        panel = page.locator("[data-testid='stMain'] [role='tabpanel']:visible")
        text = " ".join(panel.inner_text().split())
        assert text, name
        assert_nothing_breton(text, f"onglet {name}")
        session.screenshot(f"region_donnees_{i}")
    assert session.dialogs == []


def download(page, label: str, name: str) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path, label",
    [
        ("/synthese", "Télécharger la synthèse d'une page (HTML imprimable)"),
        ("/synthese", "Télécharger le rapport pour les financeurs (HTML imprimable)"),
        ("/suivi", "Télécharger l'instantané pour le comité (HTML imprimable)"),
    ],
    ids=["synthese", "rapport", "instantane"],
)
def test_documents_say_no_data_is_loaded(other_region_session, browser, path, label):
    page = other_region_session.open(path)
    assert_no_error(page)
    html = download(page, label, f"region_{path.strip('/')}_{len(label)}.html")
    text = " ".join(TAGS.sub(" ", html).replace("&#x27;", "'").split())
    assert "<h1>" in html and "Hub corse" in text and CARRIER in text
    assert_nothing_breton(text, label)
    assert "Aucune donnée n'est chargée dans le tableau de bord" in text
    assert IMPORT_HINT in text
    # The document opens offline and shows its title.
    context = browser.new_context()
    shown = context.new_page()
    shown.set_content(html, wait_until="load")
    assert shown.locator("h1").first.is_visible()
    shown.screenshot(path=str(ARTIFACTS / "screenshots" / f"region_document_{len(label)}.png"), full_page=True)
    context.close()


def test_templates_come_in_the_hubs_own_names(other_region_session):
    """The movements template (second of the tab) names the hub's carrier and a commune of Corse."""
    session = other_region_session
    page = session.open("/donnees")
    page.get_by_role("tab", name="Modèles de fichiers").click()
    session.wait_idle()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="CSV").nth(1).click()
    assert info.value.suggested_filename == "modele_mouvements.csv"
    path = ARTIFACTS / "region_modele_mouvements.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert CARRIER in text and f",{AJACCIO}," in text
    assert_nothing_breton(text, "modele_mouvements.csv")


def test_an_unknown_code_is_explained_with_codes_of_the_region(other_region_session):
    page = other_region_session.open("/territoire?code=29019")
    assert_no_error(page)
    alert = page.locator("[data-testid='stAlert']", has_text="ne désigne aucune commune").inner_text()
    assert "de la région Corse" in alert and f"({AJACCIO})" in alert and "(2A)" in alert
    assert "242900314" not in alert
    assert_nothing_breton(page_text(page), "/territoire?code=29019")
