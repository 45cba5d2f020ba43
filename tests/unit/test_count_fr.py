"""French counts: 0 and 1 in the singular, « aucune » when asked, thousands with a space."""

from components.format_fr import NBSP, fr_count


def test_counts_agree_with_their_noun():
    assert fr_count(0, "commune", none="aucune commune") == "aucune commune"
    assert fr_count(0, "commune") == "0 commune"
    assert fr_count(1, "commune") == "1 commune"
    assert fr_count(2, "commune") == "2 communes"
    assert fr_count(3, "lieu", "lieux") == "3 lieux"
    assert fr_count(1, "lieu affiché", "lieux affichés") == "1 lieu affiché"
    assert fr_count(1202, "commune") == f"1{NBSP}202 communes"
    assert fr_count(21, "EPCI", "EPCI") == "21 EPCI"
