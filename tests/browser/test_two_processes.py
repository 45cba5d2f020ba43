"""Two app processes sharing one PostgreSQL database, two people importing at the same time in
Chromium: both versions land, each process shows the other's, a stale preview is refused as it
is on SQLite, nothing is lost. The database is new: both processes create and seed it at once."""

from __future__ import annotations

import pytest

from components.access import DEMO_AUTHOR
from components.format_fr import fr_int
from ingestion.store import Store
from loaders.templates import template_csv
from tests.browser.conftest import ARTIFACTS, PageSession, assert_no_error, import_input, running_server

pytestmark = pytest.mark.browser

TWO_NEW_PLACES = (
    "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\n"
    "hub-9101,Espace numérique de Maurepas,Rennes,35700,35238,2 place du Gros Chêne,48.1260,-1.6590,2024-03-01,"
    "Aide aux démarches administratives\n"
    "hub-9102,Atelier numérique de Bellevue,Brest,29200,29019,1 rue Sisley,48.4010,-4.5010,2024-03-02,"
    "Accès internet et matériel informatique\n"
)
WAIT = 120_000


@pytest.fixture(scope="module")
def shared_database(postgres_cluster):
    name = postgres_cluster.create_database("hub_two_processes")
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


@pytest.fixture(scope="module")
def two_servers(shared_database):
    ARTIFACTS.mkdir(exist_ok=True)
    with running_server({"HUB_STORE_URL": shared_database}) as first:
        with running_server({"HUB_STORE_URL": shared_database}) as second:
            yield first, second


def choose_dataset(session: PageSession, label: str) -> None:
    page = session.page
    page.get_by_role("combobox", name="Jeu de données").click()
    page.get_by_role("option", name=label, exact=True).click()
    session.wait_idle()


def upload(session: PageSession, path) -> None:
    page = session.page
    import_input(page).set_input_files(str(path))
    page.get_by_text("Ce qui change par rapport à la version actuelle").wait_for(timeout=WAIT)
    session.wait_idle(WAIT)


def sign_import(session: PageSession, name: str) -> bool:
    """Type the author's name where the page asks for it (before the author came from the signed-in
    identity); True if asked."""
    field = session.page.get_by_label("Importé par")
    if field.count() == 0:
        return False
    field.fill(name)
    return True


def confirm(session: PageSession) -> None:
    session.page.get_by_role("button", name="Valider l'import").click()


def wait_text(session: PageSession, text: str) -> None:
    session.page.get_by_text(text).first.wait_for(timeout=WAIT)
    session.wait_idle(WAIT)


def open_import(session: PageSession) -> None:
    session.open("/donnees", WAIT)
    session.page.get_by_role("tab", name="Importer un fichier").click()
    session.wait_idle(WAIT)


def places_on_map(session: PageSession):
    page = session.open("/carte", WAIT)
    assert_no_error(page)
    return page


def test_two_processes_two_people_importing_at_once_lose_nothing(browser, two_servers, shared_database, tmp_path):
    first, second = two_servers
    alice, bob = PageSession(browser, first), PageSession(browser, second)
    places = tmp_path / "nouveaux_lieux.csv"
    places.write_text(TWO_NEW_PLACES, encoding="utf-8")
    milestones = tmp_path / "jalons.csv"
    milestones.write_bytes(template_csv("jalons"))
    one_milestone = tmp_path / "un_jalon.csv"
    one_milestone.write_bytes(b"\n".join(template_csv("jalons").split(b"\n")[:2]) + b"\n")
    try:
        # Both processes open the new database at the same moment (each creates and seeds it).
        for s in (alice, bob):
            s.page.goto(s.base_url + "/donnees", wait_until="domcontentloaded")
        for s in (alice, bob):
            s.wait_idle(WAIT)
            assert_no_error(s.page)

        # 1. At the same time, Alice (process 1) imports places and Bob (process 2) milestones.
        open_import(alice)
        upload(alice, places)
        open_import(bob)
        choose_dataset(bob, "Jalons")
        upload(bob, milestones)
        named = sign_import(alice, "Alice Le Bihan") & sign_import(bob, "Bob Kerjean")
        confirm(alice)
        confirm(bob)
        wait_text(alice, "passe à la version 2")
        wait_text(bob, "passe à la version 2")
        for s in (alice, bob):
            assert_no_error(s.page)

        # Each process shows the other's import: the two new places on both maps.
        for s in (alice, bob):
            page = places_on_map(s)
            assert page.get_by_text(f"sur {fr_int(746)} dans le territoire").count() == 1

        # 2. Both preview milestones on version 2; Alice confirms first; Bob's preview is stale.
        open_import(alice)
        choose_dataset(alice, "Jalons")
        upload(alice, one_milestone)
        open_import(bob)
        choose_dataset(bob, "Jalons")
        upload(bob, milestones)
        sign_import(alice, "Alice Le Bihan")
        sign_import(bob, "Bob Kerjean")
        confirm(alice)
        wait_text(alice, "passe à la version 3")
        confirm(bob)
        wait_text(bob, "Import refusé : Le jeu de données a changé depuis la préparation de cet import (version 3")
        bob.screenshot("deux-processus-apercu-perime")
        assert_no_error(bob.page)
        # The preview was recomputed on version 3: confirmed again, it lands.
        sign_import(bob, "Bob Kerjean")
        confirm(bob)
        wait_text(bob, "passe à la version 4")
        assert_no_error(bob.page)
        assert alice.dialogs == bob.dialogs == []
        assert alice.external_requests == bob.external_requests == []
    finally:
        alice.close()
        bob.close()

    # In the shared database: every version is there, intact, one current per dataset.
    store = Store(shared_database)
    try:
        template_rows = len(template_csv("jalons").decode("utf-8-sig").strip().split("\n")) - 1
        jalons = store.list_versions("jalons")
        assert [(v.number, v.rows, v.is_current) for v in jalons] == [
            (4, template_rows, True),
            (3, 1, False),
            (2, template_rows, False),
            (1, jalons[-1].rows, False),
        ]
        assert [len(store.version_frame(v.id)) for v in jalons] == [v.rows for v in jalons]
        actors = store.list_versions("acteurs")
        assert [(v.number, v.rows) for v in actors] == [(2, 746), (1, 744)]
        if named:
            assert [v.author for v in jalons[:3]] == ["Bob Kerjean", "Alice Le Bihan", "Bob Kerjean"]
            assert actors[0].author == "Alice Le Bihan"
        else:  # the author is the identity: without a provider, the open demonstration's
            assert {v.author for v in [*jalons[:3], actors[0]]} == {DEMO_AUTHOR}
        log = store.import_log()
        assert log["outcome"].tolist().count("conflit") == 1
        assert log[log["outcome"] == "conflit"]["dataset"].tolist() == ["jalons"]
        # The two processes seeded the new database once.
        assert all(v.number == 1 for v in store.list_versions("kpis"))
    finally:
        store.dispose()
