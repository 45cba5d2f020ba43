"""The Fiche's services table in Chromium at 1400 px, after importing the three national lists:
every column visible without horizontal scrolling, services unknown rather than missing."""

from __future__ import annotations

import pytest

from components.format_fr import fr_int
from ingestion.dataset_import import MODE_MERGE, MODE_REPLACE, ImportContext, ImportRequest, import_now
from ingestion.store import open_store
from ingestion.store_bundle import load_bundle_from_store
from tests.browser.conftest import PageSession, assert_no_error, running_server
from tests.pages.test_territoire import NATIONAL_LISTS

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

# For each table of the page: its headers, whether it scrolls sideways, its right edge.
TABLES_JS = """() => [...document.querySelectorAll('[data-testid=stDataFrame]')].map(e => {
    const s = e.querySelector('.dvn-scroller');
    return {headers: [...e.querySelectorAll('th')].map(t => t.textContent.trim()),
            scroll: s ? s.scrollWidth : null, client: s ? s.clientWidth : null,
            right: e.getBoundingClientRect().right};
})"""


@pytest.fixture(scope="module")
def national_server(hub_config, shared_open_dir, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('national-browser') / 'hub.sqlite'}"
    store = open_store(hub_config, url=url)
    for i, name in enumerate(NATIONAL_LISTS):
        context = ImportContext.from_store(load_bundle_from_store(hub_config, store), store)
        request = ImportRequest(
            "acteurs", (shared_open_dir / name).read_bytes(), name, mode=MODE_MERGE if i else MODE_REPLACE
        )
        import_now(store, request, context, "Test", accept_rejected=True)
    actors = load_bundle_from_store(hub_config, store).actors
    store.dispose()
    places = int((~actors["hors_region"].fillna(False).astype(bool)).sum())
    with running_server({"HUB_STORE_URL": url}) as server:
        yield server, places


def test_services_table_fits_and_says_unknown(browser, national_server):
    server, places = national_server
    session = PageSession(browser, server)
    try:
        page = session.open("/territoire?code=243500139")  # Rennes Métropole
        assert_no_error(page)
        page.get_by_text("Services du standard national à moins de 10 km").scroll_into_view_if_needed()
        session.wait_idle()
        body = page.locator("[data-testid='stMain']").inner_text()
        assert f"Services inconnus pour {fr_int(places)} lieux sur {fr_int(places)}" in body
        assert "Manquants partout" not in body
        tables = [t for t in page.evaluate(TABLES_JS) if "Situation" in t["headers"]]
        assert len(tables) == 1, tables
        table = tables[0]
        assert table["headers"] == [
            "Service",
            "Situation",
            "Lieux",
            "Population sans ce service (%)",
            "Non renseigné (%)",
        ]
        assert table["scroll"] is not None and table["scroll"] <= table["client"], table  # no sideways scrolling
        assert table["right"] <= page.viewport_size["width"], table
        session.screenshot("fiche-services-listes-nationales")
        assert session.external_requests == []
    finally:
        session.close()
