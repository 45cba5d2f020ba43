"""Carte in Chromium, offline: polygons and markers drawn from the app's own assets, a click
through to a territory's profile, and actor names carrying HTML or `${...}` shown as text."""

from __future__ import annotations

import csv
import io
import subprocess

import geopandas as gpd
import pytest

from tests.browser.conftest import ROOT, PageSession, assert_no_error, start_server

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
HOSTILE_NAMES = ["<img src=x onerror=alert(1)>", "${alert(1)} `whoami`"]


def map_frame(session: PageSession):
    session.page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = session.page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    return frame


def click_markers(session: PageSession, selector: str) -> list[str]:
    """Click each marker with the real mouse (no scrolling: the viewport holds the whole page)
    and return the text of the popup it opens."""
    frame = next(f for f in session.page.frames if "st_folium" in f.url)
    box = frame.frame_element().bounding_box()
    centres = frame.evaluate(
        "s => Array.from(document.querySelectorAll(s)).map(el => { const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })",
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
    link = session.page.get_by_role("link", name="Ouvrir la fiche")
    link.wait_for(timeout=60_000)
    link.click()
    session.page.wait_for_url("**/territoire?*code=*", timeout=60_000)
    session.wait_idle()
    assert_no_error(session.page)
    assert "code=" in session.page.url
    session.screenshot("carte-vers-fiche")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server whose actors file adds two places with hostile names in an empty commune."""
    tmp = tmp_path_factory.mktemp("hostile")
    communes = gpd.read_parquet(ROOT / "data/reference/communes.parquet")
    with open(ROOT / "data/demo/acteurs.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    used = {r["code_insee"] for r in rows}
    target = communes[~communes["code_insee"].isin(used)].sort_values("superficie_km2").iloc[-1]
    for i, name in enumerate(HOSTILE_NAMES):
        row = dict(rows[0])
        row.update(
            id=f"hostile-{i}",
            nom=name,
            commune=target["nom"],
            code_insee=target["code_insee"],
            latitude=f"{target['centre_lat'] + 0.012 * i:.6f}",
            longitude=f"{target['centre_lon']:.6f}",
            membre_reseau_depuis="",
        )
        rows.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp / "acteurs.csv").write_text(out.getvalue(), encoding="utf-8")
    config = (ROOT / "hub.toml").read_text(encoding="utf-8")
    config = config.replace('"data/demo/acteurs.csv"', f'"{tmp / "acteurs.csv"}"')
    config = config.replace('"data/', f'"{ROOT}/data/')
    (tmp / "hub.toml").write_text(config, encoding="utf-8")
    process, url, log = start_server({"HUB_CONFIG": str(tmp / "hub.toml"), "HUB_STORE_URL": f"sqlite:///{tmp / 'store.sqlite'}"})
    yield url, target
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


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
