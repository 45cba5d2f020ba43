"""Text from a file stays text, on every page, chart, map and document.

A hub whose every free-text field of every dataset carries a payload (HTML that runs a script,
Markdown images and links that fetch or point to an outside host, a Plotly link and a remote
style, TeX for matplotlib, a JavaScript template, a spreadsheet formula) is opened page by page,
tab by tab, in Chromium: no dialog opens, no request leaves for another host, no link points to a
host named by the data, and every document is produced."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pytest

from loaders.schemas import SPECS
from tests.browser.conftest import ROOT, PageSession, assert_no_error, running_server

pytestmark = pytest.mark.browser

EVIL = "evil.example"
PAYLOADS = (
    "<img src=x onerror=alert('xss')>",
    f"![image](http://{EVIL}/pixel.png)",
    f'<a href="http://{EVIL}/">lien</a>',
    f"[lien](http://{EVIL}/lien)",
    f"http://{EVIL}/autolien",
    "Coût $\\undefinedmacro$ et $x^2$",
    "${alert(1)} `whoami`",
    f'=HYPERLINK("http://{EVIL}","x")',
    f'<span style="cursor:url(http://{EVIL}/c.cur),auto">style</span>',
    "<script>alert(2)</script>",
    "**gras** _italique_ # titre",
)
# Free-text fields, per dataset (ids, codes, enums, dates and numbers keep their values so that the
# files still load and reference each other).
TEXT_KINDS = ("text",)
SKIPPED = {"acteurs": {"commune", "telephone", "horaires", "fiche_acces_libre", "prise_rdv"}}


def poisoned(key: str, text: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return text
    fields = [
        f.name
        for f in SPECS[key].fields
        if f.kind in TEXT_KINDS and f.name in rows[0] and f.name not in SKIPPED.get(key, set())
    ]
    for i, row in enumerate(rows):
        for j, name in enumerate(fields):
            if (i + j) % 3 == 0:  # every field of every dataset, on many rows
                row[name] = PAYLOADS[(i + j) % len(PAYLOADS)] + (f" {row[name]}" if row[name] else "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def hostile_hub(tmp_path_factory):
    folder = tmp_path_factory.mktemp("payloads")
    config = (ROOT / "hub.toml").read_text(encoding="utf-8")
    for key in SPECS:
        source = ROOT / "data" / "demo" / f"{key}.csv"
        (folder / source.name).write_text(poisoned(key, source.read_text(encoding="utf-8")), encoding="utf-8")
        config = config.replace(f'"data/demo/{source.name}"', f'"{folder / source.name}"')
    config = config.replace('"data/', f'"{ROOT}/data/')
    (folder / "hub.toml").write_text(config, encoding="utf-8")
    with running_server(
        {"HUB_CONFIG": str(folder / "hub.toml"), "HUB_STORE_URL": f"sqlite:///{folder / 'store.sqlite'}"}
    ) as url:
        yield url


def outside_links(page) -> list[str]:
    """Links and sources of the page and of its frames that point to the data's host."""
    found = []
    for frame in page.frames:
        found += frame.evaluate(
            "(evil) => Array.from(document.querySelectorAll('[href],[src],[style]'))"
            ".map(e => (e.getAttribute('href') || '') + ' ' + (e.getAttribute('src') || '') + ' ' + "
            "(e.getAttribute('style') || ''))"
            ".filter(t => t.includes(evil))",
            EVIL,
        )
    return found


def attribute_values(html: str) -> list[str]:
    """Every attribute value of every element of a document (text content excluded)."""
    values: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            values.extend(v or "" for _, v in attrs)

    Collector().feed(html)
    return values


PAGES = (
    "/",
    "/carte",
    "/territoires",
    "/territoire?code=29019",
    "/territoire?code=242900314",
    "/financements",
    "/suivi?au=2023-09-30",
    "/synthese",
)
TABS = {
    "/suivi?au=2023-09-30": ("Action 1", "Action 2", "Action 3"),
    # Breakdowns and fundraising (« Par financeur » is in both): drawn when their tab is open.
    "/financements": ("Par catégorie", "Par financeur", "Par enveloppe", "Par programme", "Dossiers"),
    "/donnees": (
        "Jeux de données",
        "Historique des versions",
        "Doublons et corrections",
        "Qualité et export national",
        "Modèles de fichiers",
    ),
}


def test_payloads_in_every_text_field_stay_text(browser, hostile_hub, tmp_path):
    session = PageSession(browser, hostile_hub)
    try:
        for path in (*PAGES, "/donnees"):
            page = session.open(path)
            assert_no_error(page)
            for tab in TABS.get(path, ()):
                for each in page.get_by_role("tab", name=tab, exact=True).all():
                    each.click()
                    session.wait_idle()  # a tab drawn only when open is drawn by the rerun its click starts
                    assert outside_links(page) == [], (path, tab)
            if path == "/carte":
                frame = page.frame_locator("iframe[title='streamlit_folium.st_folium']")
                frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
                frame.locator(".leaflet-control-layers").first.hover()  # the layer names, opened
                page.wait_for_timeout(500)
            if path.startswith("/suivi") or path == "/synthese" or path == "/financements":
                session.wait_for_charts()
                for chart in [c for c in page.locator("[data-testid='stPlotlyChart']").all() if c.is_visible()][:6]:
                    chart.hover(timeout=5_000, force=True)  # hover labels of the charts
            assert outside_links(page) == [], path
            assert session.dialogs == [], (path, session.dialogs)
            assert session.external_requests == [], (path, session.external_requests)

        # Every document is produced, and holds the payloads as text.
        documents = (
            ("/synthese", "Télécharger la synthèse d'une page (HTML imprimable)"),
            ("/synthese", "Télécharger le rapport pour les financeurs (HTML imprimable)"),
            ("/suivi?au=2023-09-30", "Télécharger l'instantané pour le comité (HTML imprimable)"),
        )
        for path, label in documents:
            page = session.open(path)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=label).click()
            target = tmp_path / info.value.suggested_filename
            info.value.save_as(target)
            html = target.read_text(encoding="utf-8")
            assert html.startswith("<!DOCTYPE html>") and "</html>" in html, label
            assert "<script" not in html.lower(), label
            if "une page" not in label:  # the detailed documents list experiments and milestones by title
                assert "&lt;img src=x onerror" in html and "&lt;script&gt;" in html, label
            assert [v for v in attribute_values(html) if EVIL in v] == [], label
            assert "<img" not in html
        assert session.dialogs == [] and session.external_requests == []
    finally:
        session.close()
