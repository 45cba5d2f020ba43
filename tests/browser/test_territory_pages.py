"""Territoires and Fiche territoire in Chromium, offline: the charts draw, a row of the table
leads to the territory's profile, the profile opens by URL, bad codes get a message, and
hostile actor names stay text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import HOSTILE_NAMES, IDLE, PageSession, assert_no_error

pytestmark = pytest.mark.browser

# Fixed widths set in components/coverage_tables.column_config: the pinned name (220 px), the
# rank (60 px), then the link column (110 px).
LINK_X = 220 + 60 + 55
HEADER_AND_HALF_ROW = 35 + 17


def settle(session: PageSession) -> None:
    session.wait_idle()
    session.wait_for_charts()
    assert_no_error(session.page)


def test_territoires_renders_offline(session):
    page = session.open("/territoires")
    settle(session)
    assert page.get_by_role("heading", name="Territoires : besoins et couverture").is_visible()
    assert page.get_by_text("Formule.").first.is_visible()
    assert page.locator("[data-testid='stPlotlyChart']").count() >= 3  # ranking, scatter, map
    assert page.locator("[data-testid='stDataFrame']").count() >= 2  # territories, zones blanches
    assert page.get_by_role("button", name="Télécharger (CSV)").count() >= 2
    session.screenshot("territoires")
    assert session.external_requests == []
    assert session.dialogs == []


def test_a_row_of_the_table_opens_the_territory_profile(session):
    page = session.open("/territoires")
    settle(session)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    first_link = grid.locator("[role='gridcell'][aria-colindex='3']").first.inner_text()
    assert first_link.startswith("/territoire?niveau=epci&code=")
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    x, y = box["x"] + LINK_X, box["y"] + HEADER_AND_HALF_ROW
    page.mouse.move(x, y)  # the grid shows a link as such on hover, then opens it on click
    page.wait_for_timeout(300)
    with session.context.expect_page(timeout=30_000) as opened:
        page.mouse.click(x, y)
    profile = opened.value
    profile.wait_for_load_state("domcontentloaded")
    assert profile.url.endswith(first_link)
    profile.wait_for_selector(IDLE, timeout=60_000)
    profile.get_by_role("heading", name="Indicateurs comparés au département et à la région").wait_for(timeout=60_000)
    assert_no_error(profile)
    assert session.external_requests == []


def test_the_picker_under_the_table_opens_a_profile_in_the_same_tab(session):
    page = session.open("/territoires")
    settle(session)
    picker = page.locator("[data-testid='stSelectbox']").filter(has_text="Ouvrir la fiche d'un territoire")
    picker.scroll_into_view_if_needed()
    picker.locator("input").click()
    page.get_by_role("option").first.click()
    page.get_by_role("button", name="Ouvrir la fiche").click()
    page.wait_for_url("**/territoire?*code=*", timeout=60_000)
    session.wait_idle()
    page.get_by_role("heading", name="Indicateurs comparés au département et à la région").wait_for(timeout=60_000)
    assert_no_error(page)


def test_profile_by_url(session):
    page = session.open("/territoire?code=29019")
    settle(session)
    assert page.get_by_role("heading", name="Brest (29019)").is_visible()
    assert page.get_by_role("heading", name="Services du standard national à moins de 10 km").is_visible()
    assert page.get_by_role("heading", name="Financements du hub arrivés sur ce territoire").is_visible()
    session.screenshot("territoire-brest")
    assert session.external_requests == []
    assert session.dialogs == []


def test_bad_code_gives_a_french_message_and_a_picker(session):
    page = session.open("/territoire?code=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert_no_error(page)
    page.get_by_text("ne désigne aucune commune, aucun EPCI ni aucun département").wait_for(timeout=30_000)
    page.get_by_role("button", name="Afficher la fiche").wait_for(timeout=30_000)
    assert page.locator("img[src='x']").count() == 0
    assert session.dialogs == []


def test_hostile_actor_names_on_the_profile_stay_text(browser, hostile_server):
    url, target = hostile_server
    session = PageSession(browser, url)
    try:
        page = session.open(f"/territoire?code={target['code_insee']}")
        settle(session)
        assert page.get_by_role("heading", name=f"Lieux et acteurs du territoire ({len(HOSTILE_NAMES)})").is_visible()
        heading = page.get_by_role("heading", name="Lieux et acteurs du territoire")
        grid = heading.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
        grid.scroll_into_view_if_needed()
        grid.locator("[role='gridcell'][aria-colindex='1']").first.wait_for(state="attached", timeout=10_000)
        names = grid.locator("[role='gridcell'][aria-colindex='1']").all_inner_texts()
        assert sorted(names) == sorted(HOSTILE_NAMES)
        # Hover the first place on the small map: the label shows the name as text.
        chart = page.locator("[data-testid='stPlotlyChart']").filter(has=page.locator(".js-plotly-plot")).last
        chart.scroll_into_view_if_needed()
        point = chart.evaluate(
            """(el, lonlat) => {
                const plot = el.querySelector('.js-plotly-plot');
                const map = plot._fullLayout.map._subplot.map;
                const p = map.project(lonlat);
                const r = plot.querySelector('.mapboxgl-canvas, .maplibregl-canvas').getBoundingClientRect();
                return [r.x + p.x, r.y + p.y];
            }""",
            [float(target["centre_lon"]), float(target["centre_lat"])],
        )
        page.mouse.move(*point)
        label = chart.locator(".hoverlayer .hovertext")
        label.first.wait_for(timeout=10_000)
        assert any(name in label.first.text_content() for name in HOSTILE_NAMES)
        page.wait_for_timeout(500)
        assert page.locator("img[src='x']").count() == 0
        assert session.dialogs == []
        assert_no_error(page)
    finally:
        session.close()
