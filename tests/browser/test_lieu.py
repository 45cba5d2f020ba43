"""Fiche lieu in Chromium: found with the map's search box, opened from the marker's popup."""

from __future__ import annotations

import csv

import pytest

from tests.browser.conftest import ROOT, PageSession, assert_no_error
from tests.browser.test_carte import click_markers, map_frame

pytestmark = pytest.mark.browser

PLACE = "hub-0042"


def demo_place() -> dict:
    with open(ROOT / "data/demo/acteurs.csv", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["id"] == PLACE)


def test_the_place_page_opens_from_the_map(session: PageSession):
    place = demo_place()
    session.page.set_viewport_size({"width": 1400, "height": 2200})
    session.open("/carte")
    box = session.page.locator("input[aria-label='Rechercher un lieu']")
    box.fill(place["nom"])
    box.press("Enter")
    session.wait_idle()
    frame = map_frame(session)
    icons = frame.locator(".leaflet-marker-icon.hub-actor")
    icons.first.wait_for(timeout=30_000)
    assert icons.count() == 1
    texts = click_markers(session, ".leaflet-marker-icon.hub-actor")
    assert place["nom"] in texts[0] and "Voir la fiche du lieu" in texts[0]
    # Open the popup again and follow its link: the place's page opens in a new tab.
    inner = next(f for f in session.page.frames if "st_folium" in f.url)
    box = inner.frame_element().bounding_box()
    x, y = inner.evaluate(
        "() => { const r = document.querySelector('.leaflet-marker-icon.hub-actor').getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; }"
    )
    session.page.mouse.click(box["x"] + x, box["y"] + y)
    link = frame.locator("a.hub-place-link")
    link.wait_for(timeout=10_000)
    assert link.get_attribute("href") == f"/lieu?id={PLACE}"
    with session.context.expect_page() as opened:
        link.click()
    page = opened.value
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60_000)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    assert page.url.startswith(session.base_url + "/lieu?id=")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == place["nom"]
    body = page.locator("body").inner_text()
    for heading in ("La fiche au standard national", "Le territoire desservi", "Historique des modifications"):
        assert heading in body
    assert_no_error(page)
    session.page = page
    session.screenshot("fiche-lieu")
    assert session.external_requests == [], session.external_requests
    assert session.dialogs == []
