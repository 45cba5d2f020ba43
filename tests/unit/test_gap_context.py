"""Gap rankings under a filter: rows chosen by the filter, scores compared with the region."""

import pandas as pd

from analytics.coverage.gap_score import gap_scores, rank_by_gap
from analytics.territory.gap_context import among_region, chart_level, codes_touching


def commune_cov():
    return pd.DataFrame(
        {
            "code_insee": ["a1", "a2", "b1", "c1"],
            "code_epci": ["E1", "E1", "E2", "E3"],
            "code_departement": ["29", "22", "29", "56"],
        }
    )


def region_epci():
    frame = pd.DataFrame(
        {
            "code": ["E1", "E2", "E3"],
            "nom": ["un", "deux", "trois"],
            "population": [1000, 500, 800],
            "ifn_total": [6.0, 7.0, 4.0],
            "lieux_pour_10000": [1.0, 0.5, 3.0],
            "distance_moy_km": [4.0, 9.0, 2.0],
        }
    )
    return rank_by_gap(gap_scores(frame))


def test_codes_touching_a_selection():
    cov = commune_cov()
    assert codes_touching(cov, "epci", {"a2"}) == {"E1"}
    assert codes_touching(cov, "epci", {"a1", "b1"}) == {"E1", "E2"}
    assert codes_touching(cov, "departement", {"a1", "a2"}) == {"29", "22"}


def test_one_epci_keeps_its_regional_scores_and_is_ranked_first():
    region = region_epci()
    # The commune of E3 chosen: E3's row, with the percentiles computed among the three EPCI
    # (alone, it would sit at the median with a gap of 0).
    part = among_region(region, "epci", commune_cov(), {"c1"})
    assert list(part["code"]) == ["E3"]
    e3 = region.set_index("code").loc["E3"]
    assert part["score_ecart"].iloc[0] == e3["score_ecart"] < -60
    assert part["centile_besoin"].iloc[0] == e3["centile_besoin"] < 20
    assert part["rang"].iloc[0] == 1 and part["rang_region"].iloc[0] == e3["rang"] == 3


def test_a_departement_filter_keeps_straddling_territories_whole_and_reranks():
    region = region_epci()
    part = among_region(region, "epci", commune_cov(), {"a1", "b1"})  # the 29 communes
    assert list(part["code"]) == ["E2", "E1"]  # largest gap first
    assert list(part["rang"]) == [1, 2]
    assert list(part["population"]) == [500, 1000]  # E1 whole, though a2 is in the 22
    assert list(among_region(region, "epci", commune_cov(), None)["code"]) == list(region["code"])


def test_chart_level_goes_down_when_the_table_has_one_row():
    assert chart_level("epci", 1) == "commune"
    assert chart_level("departement", 1) == "epci"
    assert chart_level("commune", 1) == "commune"
    assert chart_level("epci", 21) is None
    assert chart_level("zone", 1) is None
