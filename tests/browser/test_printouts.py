"""The documents as a reader holds them: downloaded from the pages, printed to PDF by Chromium
(A4), pages counted. The funders' summary holds on one page; the committee snapshot opens with
its one-page summary and prints on at most 6 pages."""

import re

import pytest

from tests.browser.conftest import ARTIFACTS, assert_no_error

pytestmark = pytest.mark.browser


def download(page, label: str, name: str) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    path = ARTIFACTS / name
    info.value.save_as(path)
    return path.read_text(encoding="utf-8")


def printed_pages(browser, html: str, name: str) -> int:
    context = browser.new_context()
    context.route("**/*", lambda route: route.abort())  # offline, as the document must be
    page = context.new_page()
    page.set_content(html, wait_until="load")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_funders_summary_prints_on_one_page_and_the_report_follows(session, browser):
    page = session.open("/synthese")
    assert_no_error(page)
    summary = download(page, "Télécharger la synthèse d'une page (HTML imprimable)", "synthese_1_page.html")
    assert printed_pages(browser, summary, "synthese_1_page") == 1
    assert "Fonds levés" in summary and "Sources des données" in summary
    report = download(page, "Télécharger le rapport pour les financeurs (HTML imprimable)", "rapport_financeurs.html")
    assert 1 < printed_pages(browser, report, "rapport_financeurs") <= 6


@pytest.mark.parametrize("query", ["?au=2023-09-30", "?au=2023-01-15"])
def test_committee_snapshot_prints_on_at_most_six_pages(session, browser, query):
    page = session.open("/suivi" + query)
    assert_no_error(page)
    html = download(page, "Télécharger l'instantané pour le comité (HTML imprimable)", "instantane_comite.html")
    # The one-page summary comes first; every later section starts a page of its own.
    sections = re.findall(r'<section( class="page-break")?><h2>([^<]+)</h2>', html)
    assert sections[0] == ("", "En bref") and all(css for css, _ in sections[1:])
    assert "Ce qui a glissé" in html.split('class="page-break"')[0]
    assert printed_pages(browser, html, "instantane_comite") <= 6
