"""The funders' report and the committee snapshot, downloaded from the pages in Chromium:
true to the figures on screen, self-contained, and free of personal data."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS, assert_no_error

pytestmark = pytest.mark.browser

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+33\s?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b")
OUTSIDE_URL = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}", re.IGNORECASE)
TAGS = re.compile(r"<svg.*?</svg>|<style.*?</style>|<[^>]+>", re.DOTALL)


def normalise(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def download(session, page, label: str, name: str) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    return path.read_text(encoding="utf-8")


def check_self_contained(session, browser, html: str, name: str) -> None:
    assert "<script" not in html.lower()
    assert not OUTSIDE_URL.findall(html), OUTSIDE_URL.findall(html)[:3]
    assert not EMAIL.findall(html)
    assert not PHONE.findall(TAGS.sub(" ", html))
    # Opened offline, the document asks nothing from any host and shows its charts.
    context = browser.new_context()
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
    page = context.new_page()
    page.set_content(html, wait_until="load")
    assert page.locator("h1").first.is_visible()
    assert page.locator("svg").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{name}.png"), full_page=True)
    context.close()
    assert requests == []


def test_synthesis_report_holds_the_figures_of_the_page(session, browser):
    page = session.open("/synthese")
    session.wait_for_charts()
    assert_no_error(page)
    # Under load the metric cards may still be arriving when the script is idle: wait for the last
    # section's card (« Fonds levés » comes after the people accompanied and the zones).
    page.locator("[data-testid='stMetricLabel']", has_text="Fonds levés").first.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stMetricValue]').length >= 9", timeout=30_000)
    labels = page.locator("[data-testid='stMetricLabel']").all_inner_texts()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert "Fonds levés" in [normalise(x).strip() for x in labels]
    assert len(values) >= 9
    html = download(
        session, page, "Télécharger le rapport pour les financeurs (HTML imprimable)", "rapport_synthese.html"
    )
    text = normalise(html)
    for label, value in zip(labels, values):
        assert normalise(value).strip() in text, f"{label} : {value} absent du rapport"
    shown = page.locator("[data-testid='stDateInput'] input").first.input_value()  # ISO in the input
    parts = re.findall(r"\d+", shown)
    year, month, day = parts if len(parts[0]) == 4 else parts[::-1]
    assert f"Situation au {int(day):02d}/{int(month):02d}/{year}" in text
    assert "Sources des données" in text
    check_self_contained(session, browser, html, "rapport_synthese")
    assert session.external_requests == []


def test_committee_snapshot_follows_the_chosen_date(session, browser):
    page = session.open("/suivi?au=2023-09-30")
    assert_no_error(page)
    overdue = normalise(
        page.locator("[data-testid='stMetric']", has_text="Jalons en retard")
        .locator("[data-testid='stMetricValue']")
        .inner_text()
    ).strip()
    html = download(
        session, page, "Télécharger l'instantané pour le comité (HTML imprimable)", "instantane_comite.html"
    )
    text = normalise(html)
    assert "Situation au 30/09/2023, comparée au 27/06/2023" in text
    assert f'<div class="label">Jalons en retard</div><div class="value">{overdue}</div>' in text
    check_self_contained(session, browser, html, "instantane_comite")
