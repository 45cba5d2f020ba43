"""Carte in Chromium, offline: polygons and markers drawn from the app's own assets, a click
through to a territory's profile, and actor names carrying HTML or `${...}` shown as text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import HOSTILE_NAMES, PageSession, assert_no_error

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def map_frame(session: PageSession):
    session.page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = session.page.frame_locator(MAP_FRAME)
    # Leaflet empties the paths it clips out of view ("M0 0"): wait for one that is drawn.
    frame.locator("path.leaflet-interactive:not([d='M0 0'])").first.wait_for(timeout=60_000)
    return frame


def click_markers(session: PageSession, selector: str) -> list[str]:
    """Click each marker with the real mouse (no scrolling: the viewport holds the whole page)
    and return the text of the popup it opens."""
    frame = next(f for f in session.page.frames if "st_folium" in f.url)
    box = frame.frame_element().bounding_box()
    centres = frame.evaluate(
        "s => Array.from(document.querySelectorAll(s)).map(el => { const r = el.getBoundingClientRect(); return [r.x "
        "+ r.width / 2, r.y + r.height / 2]; })",
        selector,
    )
    texts = []
    for x, y in centres:
        session.page.mouse.click(box["x"] + x, box["y"] + y)
        popup = frame.locator(".leaflet-popup-content")
        popup.first.wait_for(timeout=10_000)
        texts.append(popup.first.inner_text())
        frame.evaluate("() => window.map.closePopup()")
        popup.first.wait_for(state="detached", timeout=10_000)
    return texts


def test_map_renders_offline_with_polygons_and_markers(session):
    session.open("/carte")
    frame = map_frame(session)
    assert frame.locator("path.leaflet-interactive").count() >= 61  # the EPCI of Bretagne
    frame.locator(".marker-cluster, .leaflet-marker-icon").first.wait_for(timeout=30_000)
    assert frame.locator(".marker-cluster, .leaflet-marker-icon").count() > 5
    assert_no_error(session.page)
    session.screenshot("carte")
    assert session.external_requests == [], session.external_requests
    assert session.dialogs == []


def test_click_on_a_territory_opens_its_profile(session):
    session.open("/carte")
    frame = map_frame(session)
    # Hide the place markers so that the click lands on a territory.
    frame.locator("path.leaflet-interactive").nth(20).dispatch_event("click")
    link = session.page.get_by_role("link", name="Ouvrir sa fiche")
    link.wait_for(timeout=60_000)
    link.click()
    session.page.wait_for_url("**/territoire?*code=*", timeout=60_000)
    session.wait_idle()
    assert_no_error(session.page)
    assert "code=" in session.page.url
    session.screenshot("carte-vers-fiche")


# The choropleth polygon (not a marker, not an outline) under a point of the map's document,
# and its territory code (Leaflet keeps the GeoJSON feature on the layer).
POLYGON_AT = """([x, y]) => {
    const el = document.elementFromPoint(x, y);
    let code = null;
    window.map.eachLayer(l => {
        if (l._path === el && l.feature && l.feature.properties.k !== undefined) { code = l.feature.properties.c; }
    });
    return code;
}"""


def test_one_click_on_a_partly_visible_map_selects_the_territory(session):
    """The map runs below the fold at 1400 x 1000: a single real click on a visible polygon must
    fill the side panel with that territory (the page must not scroll under the pointer)."""
    session.open("/carte?dep=29")
    map_frame(session)
    session.page.wait_for_timeout(1500)  # the deferred fit of the view (250 ms, 1 s)
    frame = next(f for f in session.page.frames if "st_folium" in f.url)
    box = frame.frame_element().bounding_box()
    viewport = session.page.viewport_size["height"]
    assert box["y"] < viewport - 200 < box["y"] + box["height"] - 50, (box, viewport)  # partly below the fold
    y = viewport - 80  # near the bottom of what is visible
    target = None
    for x in range(int(box["width"] * 0.25), int(box["width"] * 0.85), 12):
        code = frame.evaluate(POLYGON_AT, [x, y - box["y"]])
        if code:
            target = (x, code)
            break
    assert target is not None, "aucun polygone visible sous la ligne choisie"
    x, code = target
    main = session.page.locator("[data-testid='stMain']")
    scroll_before = main.evaluate("e => e.scrollTop")
    session.page.mouse.click(box["x"] + x, y)
    session.page.get_by_text(f"Commune · {code}").wait_for(timeout=30_000)
    session.wait_idle()
    assert main.evaluate("e => e.scrollTop") == scroll_before
    assert session.page.get_by_role("link", name="Ouvrir sa fiche").count() == 1
    assert_no_error(session.page)


def test_hostile_names_are_shown_as_text_and_never_run(browser, hostile_server):
    url, target = hostile_server
    session = PageSession(browser, url)
    session.page.set_viewport_size({"width": 1400, "height": 2200})
    try:
        query = f"?dep={target['code_departement']}&commune={target['code_insee']}"
        session.open("/carte" + query)
        frame = map_frame(session)
        icons = frame.locator(".leaflet-marker-icon.hub-actor")
        icons.first.wait_for(timeout=30_000)
        assert icons.count() == 2
        seen = click_markers(session, ".leaflet-marker-icon.hub-actor")
        assert any(HOSTILE_NAMES[0] in text for text in seen), seen
        assert any("${alert(1)}" in text for text in seen), seen
        assert frame.locator("img[src='x']").count() == 0
        session.page.wait_for_timeout(500)
        assert session.dialogs == []
        assert_no_error(session.page)
        session.screenshot("carte-noms-hostiles")
    finally:
        session.close()
