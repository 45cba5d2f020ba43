"""The sidebar territory filter in Chromium: choices cascade, live in the URL, follow the user
from page to page, and a copied link reopens the same view."""

import re

import pytest

from tests.browser.conftest import assert_no_error

pytestmark = pytest.mark.browser


def sidebar_box(page, label: str):
    """A choice of the sidebar, scrolled to the middle of the sidebar so that its list opens in view
    (below the menu and the notices, the filter starts near the bottom of a 1000 px window)."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label)
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(200)
    return box


def choose(session, label: str, option: str) -> None:
    box = sidebar_box(session.page, label)
    box.locator("input").click()
    session.page.get_by_role("option", name=option, exact=True).click()
    session.wait_idle()


def metric(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return card.locator("[data-testid='stMetricValue']").inner_text().replace("\u00a0", " ").strip()


def test_filter_cascades_and_stays_in_the_url(session):
    page = session.open("/")
    region_population = metric(page, "Population")
    choose(session, "Département", "Finistère (29)")
    page.wait_for_url(re.compile(r".*[?&]dep=29"), timeout=30_000)
    assert metric(page, "Population") == "909 028" != region_population

    # The EPCI list now holds the Finistère's EPCI only.
    epci_box = sidebar_box(page, "EPCI")
    # (The list is virtualised: typing filters it, so what is asked is in view.)
    epci_input = epci_box.locator("input")
    epci_input.click()
    epci_input.fill("Brest")
    page.get_by_role("option").first.wait_for(timeout=10_000)
    assert any("Brest Métropole" in o for o in page.get_by_role("option").all_inner_texts())
    epci_input.fill("Rennes")
    page.wait_for_timeout(300)
    assert not any("Rennes Métropole" in o for o in page.get_by_role("option").all_inner_texts())
    page.keyboard.press("Escape")
    choose(session, "EPCI", "Brest Métropole")
    page.wait_for_url(re.compile(r".*epci=242900314"), timeout=30_000)
    brest_population = metric(page, "Population")

    # Another page keeps the choice in its URL…
    page.get_by_role("link", name="Carte").first.click()
    page.wait_for_url(re.compile(r".*/carte\?.*epci=242900314"), timeout=30_000)
    session.wait_idle()
    assert_no_error(page)
    assert "Brest Métropole" in page.locator("[data-testid='stMain']").inner_text()

    # …and the copied link reopens the same view in a new session.
    link = page.url.replace("/carte", "/")
    other = session.context.new_page()
    other.goto(link)
    other.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    other.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    other.wait_for_timeout(500)
    assert metric(other, "Population") == brest_population
    other.close()

    # Changing the département clears the EPCI.
    choose(session, "Département", "Morbihan (56)")
    page.wait_for_url(re.compile(r".*dep=56"), timeout=30_000)
    assert "epci=" not in page.url
    assert session.external_requests == []
