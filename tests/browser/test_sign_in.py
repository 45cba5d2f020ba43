"""Sign-in by role, in Chromium, with a real OpenID Connect provider on the loopback.

One account per role (tests/oidc_server.py). Each test signs in as a person would: the app's
« Se connecter », the provider's login form, back to the app. What each role reaches and what it is
refused is checked on the navigation, on direct addresses and on writing actions; a funder never
finds a contact field nor an author's name, downloads included."""

from __future__ import annotations

import re
import time

import pytest

from loaders.bundle import load_bundle
from loaders.config import load_config
from tests.browser.conftest import (
    ARTIFACTS,
    CHROMIUM_ARGS,  # noqa: F401 - the same browser flags as every browser test
    CONNECTED,
    IDLE,
    MAIN_HEADING,
    assert_no_error,
    free_port,
    running_server,
)
from tests.conftest import ROOT
from tests.oidc_server import USERS, oidc_provider, secrets_toml

pytestmark = pytest.mark.browser

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
ALL_PAGES = (
    "",
    "carte",
    "territoires",
    "territoire?code=29019",
    "donnees",
    "financements",
    "suivi",
    "synthese",
    "journal",
)
FUNDER_PAGES = ("", "territoires", "synthese")
REFUSED = "n'est pas accessible au rôle"


def _serve(tmp_path_factory, name: str, id_token_ttl: int = 3600, config: str | None = None):
    folder = tmp_path_factory.mktemp(name)
    app_port, idp_port = free_port(), free_port()
    app_url = f"http://127.0.0.1:{app_port}"
    provider = oidc_provider(
        idp_port, [app_url + "/oauth2callback"], ARTIFACTS / f"oidc-{name}.log", id_token_ttl=id_token_ttl
    )
    issuer = provider.__enter__()
    (folder / "secrets.toml").write_text(secrets_toml(issuer, app_url), encoding="utf-8")
    env = {"HUB_STORE_URL": f"sqlite:///{folder / 'store.sqlite'}"}
    if config:
        (folder / "hub.toml").write_text(config, encoding="utf-8")
        env["HUB_CONFIG"] = str(folder / "hub.toml")
    server = running_server(env, ["--secrets.files", str(folder / "secrets.toml")], app_port)
    url = server.__enter__()
    return url, issuer, (server, provider)


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory):
    url, issuer, closers = _serve(tmp_path_factory, "connexion")
    yield url, issuer
    for closer in closers:
        closer.__exit__(None, None, None)


class Visitor:
    """A browser context that may talk to the app and to the identity provider only."""

    def __init__(self, browser, app_url: str, issuer: str):
        self.app_url, self.issuer = app_url, issuer
        self.context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="fr-FR", accept_downloads=True
        )
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.app_url, self.issuer, "data:", "blob:", "about:")):
            route.continue_()
            return
        try:
            page_url = route.request.frame.url
        except Exception:
            page_url = ""
        if not page_url.startswith(self.issuer):  # the provider's own login page fetches its fonts
            self.outside.append(url)
        route.abort()

    def idle(self):
        self.page.wait_for_selector(CONNECTED, timeout=60_000)
        self.page.wait_for_selector(f"{MAIN_HEADING}, [data-testid='stException']", timeout=60_000)
        for _ in range(2):
            self.page.wait_for_timeout(300)
            self.page.wait_for_selector(IDLE, timeout=60_000)

    def open(self, path: str):
        self.page.goto(f"{self.app_url}/{path}", wait_until="domcontentloaded")
        self.idle()
        return self.page

    def sign_in(self, account: str):
        self.open("")
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_url(lambda u: u.startswith(self.issuer), timeout=30_000)
        self.page.fill("input[name=login]", account)
        self.page.fill("input[name=password]", "mot-de-passe-de-test")
        self.page.locator("button[type=submit]").click()
        self.page.wait_for_load_state()
        if self.page.url.startswith(self.issuer):  # the consent step of the provider
            self.page.locator("button[type=submit]").first.click()
        self.page.wait_for_url(lambda u: u.startswith(self.app_url), timeout=30_000)
        self.idle()

    def text(self) -> str:
        return self.page.locator("body").inner_text()

    def menu(self) -> list[str]:
        links = self.page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
        return [t.strip().split("\n")[-1].strip() for t in links]  # the icon's name comes first

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, signed_app):
    v = Visitor(browser, *signed_app)
    yield v
    assert v.outside == []
    v.close()


def test_an_anonymous_visitor_reaches_no_data(visitor):
    for path in ALL_PAGES:
        page = visitor.open(path)
        assert_no_error(page)
        text = visitor.text()
        assert "Se connecter" in text and "réservé aux membres du consortium" in text, path
        assert page.locator("[data-testid='stMetric']").count() == 0, path
        assert page.locator("[data-testid='stDataFrame']").count() == 0, path
        assert "Lieux cartographiés" not in text and "Accès non protégé" not in text


def test_the_staff_reaches_every_page_and_imports(visitor):
    visitor.sign_in("camille")
    assert "Connecté·e : Camille Le Goff · équipe du hub" in visitor.text()
    assert "Journal des accès" not in visitor.menu()
    assert {"Accueil", "Carte", "Données", "Financements", "Synthèse"} <= set(visitor.menu())
    visitor.open("journal")
    assert REFUSED in visitor.text()
    page = visitor.open("donnees")
    page.get_by_role("tab", name="Importer un fichier").click()
    visitor.idle()
    # The import tab's uploader (the tab « Cartographie nationale » has its own).
    assert page.locator("[data-testid='stFileUploader']").filter(has_text="Fichier à importer").count() == 1
    assert "Import enregistré au nom de" not in visitor.text()  # shown once a file is read


def test_the_committee_reads_everything_and_changes_nothing(visitor):
    visitor.sign_in("yann")
    assert "comité de pilotage" in visitor.text()
    for path in ("carte", "suivi", "financements", "territoire?code=29019"):
        visitor.open(path)
        assert REFUSED not in visitor.text(), path
        assert_no_error(visitor.page)
    page = visitor.open("donnees")
    page.get_by_role("tab", name="Importer un fichier").click()
    visitor.idle()
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    assert "consulte les données sans les modifier" in visitor.text()
    page.get_by_role("tab", name="Doublons et corrections").click()
    visitor.idle()
    assert page.get_by_role("button", name="Enregistrer la correction").is_disabled()
    assert "Corrections réservées à l'équipe du hub" in visitor.text()


def test_a_funder_finds_no_contact_nor_author_anywhere(visitor, tmp_path):
    visitor.sign_in("nolwenn")
    assert visitor.menu() == ["Accueil", "Territoires", "Synthèse"]
    for path in ("carte", "donnees", "suivi", "financements", "territoire?code=29019", "journal"):
        visitor.open(path)
        assert REFUSED in visitor.text(), path
        assert visitor.page.locator("[data-testid='stDataFrame']").count() == 0, path
    bundle = load_bundle(load_config(ROOT / "hub.toml"))
    phones = {p for p in bundle.actors["telephone"].dropna() if p}
    emails = {e for values in bundle.actors["courriels"] for e in values}
    texts = []
    for path in FUNDER_PAGES:
        visitor.open(path)
        assert_no_error(visitor.page)
        texts.append(visitor.text())
    # The downloads a funder has: the Synthèse documents and the Territoires table.
    page = visitor.open("synthese")
    for label in (
        "Télécharger la synthèse d'une page (HTML imprimable)",
        "Télécharger le rapport pour les financeurs (HTML imprimable)",
    ):
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=label).click()
        texts.append(open(info.value.path(), encoding="utf-8").read())
    page = visitor.open("territoires")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Télécharger (CSV)").first.click()
    texts.append(open(info.value.path(), encoding="utf-8-sig").read())
    everything = "\n".join(texts)
    assert not EMAIL.findall(everything), EMAIL.findall(everything)[:3]
    assert not PHONE.findall(everything), PHONE.findall(everything)[:3]
    assert [s for s in phones | emails if s in everything] == []
    assert not any(u["name"] in everything for key, u in USERS.items() if key != "nolwenn")
    assert "script" not in re.findall(r"\bpar (\w+)", everything)  # no version's author


def test_the_administrator_reads_the_access_journal(visitor, browser, signed_app):
    other = Visitor(browser, *signed_app)
    other.sign_in("yann")
    other.close()
    visitor.sign_in("gwen")
    assert "Journal des accès" in visitor.menu()
    page = visitor.open("journal")
    assert "Connexions" in visitor.text()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Télécharger (CSV)").first.click()
    journal = open(info.value.path(), encoding="utf-8-sig").read()
    assert "Yann Kermarrec;yann@prefecture.example;yann;comité de pilotage" in journal
    assert "Gwenaëlle Riou;gwen@fcsb.example;gwen;administrateur" in journal
    # One row per sign-in: opening pages again adds none.
    before = journal.count("Gwenaëlle Riou")
    visitor.open("")
    page = visitor.open("journal")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Télécharger (CSV)").first.click()
    assert open(info.value.path(), encoding="utf-8-sig").read().count("Gwenaëlle Riou") == before == 1


def test_a_person_without_a_role_is_told_so(visitor):
    visitor.sign_in("inconnu")
    text = visitor.text()
    assert "aucun rôle ne vous est attribué" in text
    assert visitor.page.locator("[data-testid='stMetric']").count() == 0
    visitor.open("synthese")
    assert "aucun rôle ne vous est attribué" in visitor.text()


def test_signing_out_leaves_no_data(visitor):
    visitor.sign_in("camille")
    visitor.page.get_by_role("button", name="Se déconnecter").click()
    visitor.page.wait_for_timeout(1500)
    visitor.open("carte")
    assert "Se connecter" in visitor.text() and visitor.page.locator("[data-testid='stMetric']").count() == 0


def test_an_expired_session_asks_to_sign_in_again(browser, tmp_path_factory):
    url, issuer, closers = _serve(tmp_path_factory, "expiration", id_token_ttl=6)
    try:
        v = Visitor(browser, url, issuer)
        v.sign_in("camille")
        assert "Connecté·e : Camille Le Goff" in v.text()
        time.sleep(7)
        v.open("suivi")
        assert "Votre session a expiré" in v.text()
        assert v.page.locator("[data-testid='stMetric']").count() == 0
        v.close()
    finally:
        for closer in closers:
            closer.__exit__(None, None, None)


def test_a_deployment_without_a_provider_serves_no_data(browser, tmp_path_factory):
    """[acces] connexion_obligatoire = true and no [auth] in the secrets: nothing is served."""
    folder = tmp_path_factory.mktemp("deploiement")
    config = (
        (ROOT / "hub.toml")
        .read_text(encoding="utf-8")
        .replace("connexion_obligatoire = false", "connexion_obligatoire = true")
    )
    config = config.replace('"data/', f'"{ROOT}/data/')
    (folder / "hub.toml").write_text(config, encoding="utf-8")
    env = {"HUB_CONFIG": str(folder / "hub.toml"), "HUB_STORE_URL": f"sqlite:///{folder / 'store.sqlite'}"}
    with running_server(env) as url:
        v = Visitor(browser, url, url)
        for path in ALL_PAGES:
            page = v.open(path)
            assert_no_error(page)
            assert "exige une connexion" in v.text(), path
            assert page.locator("[data-testid='stMetric']").count() == 0, path
        v.close()
