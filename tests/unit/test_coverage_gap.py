"""The gap score (need percentile minus supply index) on hand-made territories."""

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.gap_score import gap_scores, most_underserved, percentile_rank, rank_by_gap


def territories(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "code": ["A", "B", "C", "D"],
            "nom": ["Alpha", "Bravo", "Charlie", "Delta"],
            "population": [1000, 2000, 3000, 4000],
            "ifn_total": [8.0, 6.0, 4.0, 2.0],
            "lieux_pour_10000": [0.0, 1.0, 2.0, 3.0],
            "distance_moy_km": [20.0, 10.0, 5.0, 1.0],
        }
    )
    for column, values in overrides.items():
        frame[column] = values
    return frame


def test_mid_rank_percentiles():
    assert list(percentile_rank(pd.Series([10, 30, 20, 40]))) == [12.5, 62.5, 37.5, 87.5]
    assert list(percentile_rank(pd.Series([1.0, 2.0]))) == [25.0, 75.0]
    # Ties share their average rank; missing values stay missing and do not count.
    ranked = percentile_rank(pd.Series([0.0, 0.0, 2.0, np.nan]))
    assert list(ranked[:3]) == [100 * (1.5 - 0.5) / 3, 100 * (1.5 - 0.5) / 3, 100 * (3 - 0.5) / 3]
    assert np.isnan(ranked[3])
    assert percentile_rank(pd.Series([np.nan, np.nan])).isna().all()


def test_gap_is_need_percentile_minus_supply_index():
    scored = gap_scores(territories()).set_index("code")
    # Alpha: most fragile (87.5), least dense (12.5), farthest (12.5): supply 12.5, gap 75.
    assert scored.loc["A", "centile_besoin"] == 87.5
    assert scored.loc["A", "centile_densite"] == 12.5
    assert scored.loc["A", "centile_proximite"] == 12.5
    assert scored.loc["A", "indice_offre"] == 12.5
    assert scored.loc["A", "score_ecart"] == 75.0
    assert list(scored["score_ecart"]) == [75.0, 25.0, -25.0, -75.0]
    assert list(scored["rang"]) == [1, 2, 3, 4]
    assert list(scored["sous_dote"]) == [True, True, False, False]


def test_density_and_proximity_are_averaged():
    # Bravo is dense but far: density 87.5, proximity 12.5 -> supply 50, not in the quadrant.
    frame = territories(lieux_pour_10000=[0.0, 3.0, 1.0, 2.0], distance_moy_km=[5.0, 20.0, 10.0, 1.0])
    scored = gap_scores(frame).set_index("code")
    assert scored.loc["B", "centile_densite"] == 87.5
    assert scored.loc["B", "centile_proximite"] == 12.5
    assert scored.loc["B", "indice_offre"] == 50.0
    assert scored.loc["B", "score_ecart"] == 62.5 - 50.0
    assert not scored.loc["B", "sous_dote"]
    # Alpha: density 12.5, proximity 62.5 (5 km is the second shortest) -> supply 37.5.
    assert scored.loc["A", "indice_offre"] == 37.5
    assert scored.loc["A", "score_ecart"] == 50.0


def test_missing_need_or_supply():
    frame = territories(ifn_total=[8.0, np.nan, 4.0, 2.0], distance_moy_km=[20.0, 10.0, np.nan, 1.0])
    scored = gap_scores(frame).set_index("code")
    assert np.isnan(scored.loc["B", "score_ecart"])
    assert pd.isna(scored.loc["B", "rang"])
    assert not scored.loc["B", "sous_dote"]
    # Charlie has no distance: its supply index is its density percentile alone.
    assert scored.loc["C", "indice_offre"] == scored.loc["C", "centile_densite"] == 62.5
    # Need percentiles among the 3 known values: 8 -> 100 x 2.5 / 3.
    assert scored.loc["A", "centile_besoin"] == pytest.approx(100 * 2.5 / 3)


def test_ranking_and_top_n():
    frame = territories(ifn_total=[8.0, np.nan, 4.0, 2.0])
    scored = gap_scores(frame)
    top = most_underserved(scored, n=2)
    assert list(top["code"]) == ["A", "C"]
    assert list(rank_by_gap(scored)["code"]) == ["A", "C", "D", "B"]  # no score: last
    # Equal gaps: the larger population first.
    tied = gap_scores(
        territories(ifn_total=[5.0, 5.0, 5.0, 5.0], lieux_pour_10000=[1.0] * 4, distance_moy_km=[3.0] * 4)
    )
    assert list(tied["score_ecart"]) == [0.0] * 4
    assert list(rank_by_gap(tied)["code"]) == ["D", "C", "B", "A"]
    assert list(tied["rang"]) == [1, 1, 1, 1]


def test_input_is_not_modified():
    frame = territories()
    copy = frame.copy()
    gap_scores(frame)
    pd.testing.assert_frame_equal(frame, copy)
