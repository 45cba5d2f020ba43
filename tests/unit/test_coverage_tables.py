"""The coverage table as shown and exported: French headers, percentages, links, no formulas."""

import io

import pandas as pd

from analytics.coverage.access import commune_coverage, coverage_by_level
from analytics.coverage.gap_score import gap_scores, rank_by_gap
from components.coverage.tables import export_frame, level_table, with_short_names, zones_blanches_table
from components.downloads import to_csv_bytes
from components.links import profile_url
from tests.unit.test_coverage import actors_frame, communes_frame, indicators_frame


def scored(level: str) -> pd.DataFrame:
    cov = commune_coverage(communes_frame(), actors_frame(), 10)
    return with_short_names(rank_by_gap(gap_scores(coverage_by_level(cov, level, indicators_frame()))), level)


def test_profile_urls():
    assert profile_url("commune", "29019") == "/territoire?niveau=commune&code=29019"
    assert profile_url("epci", "242900314", 12.0) == "/territoire?niveau=epci&code=242900314&seuil=12"
    assert profile_url("commune", "29019", 7.5) == "/territoire?niveau=commune&code=29019&seuil=7.5"


def test_level_table_values_and_export():
    table = level_table(scored("epci"), "epci", 10, 10).set_index("Code")
    e1 = table.loc["200000001"]
    assert e1["Territoire"] == "CC 1"
    assert e1["Fiche"] == "/territoire?niveau=epci&code=200000001"
    assert e1["Population"] == 8500
    assert e1["Population à plus de 10 km d'un lieu (%)"] == round(100 * 3000 / 8500, 1)
    assert e1["Sans « Accès internet et matériel » à 10 km (%)"] == 100.0
    assert e1["Distance moyenne au lieu le plus proche (km)"] == round(72_000 / 8500, 2)
    exported = export_frame(table.reset_index())
    assert "Fiche" not in exported.columns
    csv = pd.read_csv(
        io.BytesIO(to_csv_bytes(exported)), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code": str}
    )
    assert list(csv["Population"]) == list(table["Population"])


def test_commune_labels_are_unique_and_zone_rows_have_no_link():
    communes = level_table(scored("commune"), "commune", 10, 10)
    assert set(communes["Territoire"]) == {"Alpha (29)", "Bravo (29)", "Charlie (22)", "Delta (29)", "Echo (29)"}
    zones = level_table(scored("zone"), "zone", 10, 10)
    assert "Fiche" not in zones.columns and "Code" not in zones.columns


def test_zones_blanches_table_neutralises_formulas_on_export():
    blank = pd.DataFrame(
        {
            "code_insee": ["29002"],
            "nom": ["Bravo"],
            "code_epci": ["200000001"],
            "nom_epci": ["Communauté de communes 1"],
            "code_departement": ["29"],
            "nom_departement": ["Finistère"],
            "population": [3000],
            "distance_km": [12.0],
            "lieu_proche_nom": ['=HYPERLINK("http://x")'],
        }
    )
    table = zones_blanches_table(blank, 10, 10)
    assert table.loc[0, "EPCI"] == "CC 1"
    text = to_csv_bytes(export_frame(table)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_threshold_from_the_url_and_markdown_escaping():
    from components.coverage.sections import parse_threshold, threshold_options
    from components.html_safety import md_escape

    assert parse_threshold("12", 10) == 12.0
    assert parse_threshold("7,5", 10) == 7.5
    assert parse_threshold(None, 10) == 10.0
    assert parse_threshold("-3", 10) == 10.0
    assert parse_threshold("1e9", 10) == 10.0
    assert parse_threshold("abc", 10) == 10.0
    assert 10.0 in threshold_options(10) and 11.0 in threshold_options(11)
    # The one Markdown escape escapes every ASCII punctuation character (":" too: no autolink).
    assert md_escape("[x](javascript:alert(1)) **b** <i>") == r"\[x\]\(javascript\:alert\(1\)\) \*\*b\*\* \<i\>"
