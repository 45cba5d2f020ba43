"""Freshness grades of Mon Inclusion Numérique (src/shared/fraicheur.ts), at their boundaries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.quality import freshness as fr

AS_OF = dt.date(2024, 6, 30)


def days_ago(n: int) -> pd.Timestamp:
    return pd.Timestamp(AS_OF) - pd.Timedelta(days=n)


@pytest.mark.parametrize(
    ("days", "grade"),
    [
        (0, fr.UP_TO_DATE),
        (-10, fr.UP_TO_DATE),  # a date after the reference date
        (182, fr.UP_TO_DATE),  # 5.98 months of 30.44 days
        (183, fr.WATCH),  # 6.01 months
        (365, fr.WATCH),  # 11.99
        (366, fr.CHECK),  # 12.02
        (547, fr.CHECK),  # 17.97
        (548, fr.REFRESH),  # 18.003
        (3000, fr.REFRESH),
    ],
)
def test_grade_boundaries_in_days(days, grade):
    assert fr.grades(pd.Series([days_ago(days)]), AS_OF).iloc[0] == grade


def test_exact_month_boundaries_are_the_next_grade():
    """fraicheur.ts compares with `<`: an age of exactly 6, 12 or 18 months is the next grade."""
    assert fr.grade_of_age(5.999) == fr.UP_TO_DATE
    assert fr.grade_of_age(6.0) == fr.WATCH
    assert fr.grade_of_age(11.999) == fr.WATCH
    assert fr.grade_of_age(12.0) == fr.CHECK
    assert fr.grade_of_age(17.999) == fr.CHECK
    assert fr.grade_of_age(18.0) == fr.REFRESH
    assert fr.grade_of_age(None) == fr.REFRESH
    assert fr.grade_of_age(float("nan")) == fr.REFRESH


def test_undated_is_to_refresh_and_labels_are_the_national_ones():
    assert fr.grades(pd.Series([pd.NaT]), AS_OF).iloc[0] == fr.REFRESH
    assert [fr.GRADE_LABELS[g] for g in fr.GRADES] == ["À jour", "À surveiller", "À vérifier", "À actualiser"]


def places() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "nom": ["Alpha", "Béta", "Gamma", "Delta", "Epsilon"],
            "commune": ["Brest"] * 5,
            "code_insee": ["29019"] * 5,
            "date_maj": [days_ago(10), days_ago(200), days_ago(400), days_ago(700), pd.NaT],
            "sources": [["Recensement hub"], ["Recensement hub"], ["France Services"], ["Recensement hub"], []],
            "telephone": ["+33299000001", None, "+33299000003", None, "+33299000005"],
            "courriels": [["a@x.example"], [], ["c@x.example", "c2@x.example"], [], []],
            "site_web": [[], [], [], ["https://d.example"], []],
            "prise_rdv": [None] * 5,
            "adresse": ["1 rue A", "2 rue B", "3 rue C", "4 rue D", "5 rue E"],
            "code_postal": ["29200"] * 5,
            "dep": ["29", "29", "35", "35", None],
        }
    )


def test_counts_and_shares_overall_and_per_group():
    total = fr.grade_counts(places(), AS_OF).iloc[0]
    assert total["lieux"] == 5
    assert [total[g] for g in fr.GRADES] == [1, 1, 1, 2]
    assert total["part_a_actualiser"] == pytest.approx(0.4)
    per = fr.grade_counts(places(), AS_OF, "dep").set_index("dep")
    assert per.loc["29", "lieux"] == 2 and per.loc["29", "a_jour"] == 1 and per.loc["29", "a_surveiller"] == 1
    assert per.loc["35", "a_verifier"] == 1 and per.loc["35", "a_actualiser"] == 1
    assert per.loc["(non renseigné)", "a_actualiser"] == 1


def test_per_source_from_the_sources_list():
    per = fr.grade_counts_by_source(places(), AS_OF).set_index("source")
    assert per.loc["Recensement hub", "lieux"] == 3
    assert per.loc["France Services", "a_verifier"] == 1


def test_list_to_chase_stalest_first_with_published_contacts():
    chase = fr.to_chase(places(), AS_OF)
    # « À jour » is not chased; undated first, then the oldest, then « À vérifier », « À surveiller ».
    assert chase["id"].tolist() == ["e", "d", "c", "b"]
    assert chase["fraicheur"].tolist() == ["À actualiser", "À actualiser", "À vérifier", "À surveiller"]
    c = chase.set_index("id").loc["c"]
    assert c["courriels"] == "c@x.example | c2@x.example" and c["telephone"] == "+33299000003"
    assert c["anciennete_mois"] == pytest.approx(13.1)
    assert pd.isna(chase.set_index("id").loc["e", "anciennete_mois"])


def test_list_to_chase_keeps_the_dates_in_order_when_the_rounded_ages_tie():
    frame = places().iloc[[3, 3]].reset_index(drop=True)
    frame["id"], frame["nom"] = ["later", "earlier"], ["Alpha", "Zeta"]
    frame["date_maj"] = [days_ago(700), days_ago(701)]  # both 23,0 months once rounded
    chase = fr.to_chase(frame, AS_OF)
    assert chase["anciennete_mois"].nunique() == 1
    assert chase["id"].tolist() == ["earlier", "later"]


def test_reference_date_is_today_unless_the_places_are_all_fictitious():
    today = dt.date(2026, 12, 1)
    assert fr.reference_date(today, False, "2023-09-30")[0] == today
    day, why = fr.reference_date(today, True, "2023-09-30")
    assert day == dt.date(2023, 9, 30) and "fictives" in why
    assert fr.reference_date(today, True, None)[0] == today
    assert fr.reference_date(today, True, "pas une date")[0] == today
