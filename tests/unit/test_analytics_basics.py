"""Period, territory selection, supply per territory, home overview, envelope consumption."""

import datetime as dt

import pandas as pd
import pytest

from analytics.coverage.supply import places_by_commune, places_by_level
from analytics.evaluation.follow_up import series_dates
from analytics.evaluation.period import period_progress
from analytics.funding.money import envelope_consumption
from analytics.territory.selection import (
    commune_options,
    epci_options,
    in_selection,
    resolve_selection,
    short_epci_name,
)

START = dt.date(2022, 4, 26)


@pytest.mark.parametrize(
    "as_of, months, share",
    [
        (dt.date(2022, 4, 1), 0, 0.0),
        (dt.date(2022, 4, 26), 0, 0.0),
        (dt.date(2022, 5, 25), 0, None),
        (dt.date(2022, 5, 26), 1, None),
        (dt.date(2023, 9, 30), 17, None),
        (dt.date(2023, 10, 26), 18, 1.0),
        (dt.date(2026, 11, 26), 18, 1.0),
    ],
)
def test_months_elapsed_count_anniversaries(as_of, months, share):
    progress = period_progress(START, 18, as_of)
    assert progress.months_elapsed == months
    if share is not None:
        assert progress.time_share == share
    assert progress.end == dt.date(2023, 10, 26)


def test_time_share_is_days_over_days():
    progress = period_progress(START, 18, dt.date(2023, 1, 26))
    assert progress.time_share == pytest.approx((dt.date(2023, 1, 26) - START).days / 548)
    assert len(series_dates(START, 18, dt.date(2030, 1, 1))) == 19


def communes_fixture():
    return pd.DataFrame(
        {
            "code_insee": ["29019", "29075", "35238", "35051", "22016"],
            "nom": ["Brest", "Guipavas", "Rennes", "Cesson-Sévigné", "Île-de-Bréhat"],
            "code_epci": ["242900314", "242900314", "243500139", "243500139", None],
            "nom_epci": ["Brest Métropole", "Brest Métropole", "Rennes Métropole", "Rennes Métropole", None],
            "code_departement": ["29", "29", "35", "35", "22"],
            "nom_departement": ["Finistère", "Finistère", "Ille-et-Vilaine", "Ille-et-Vilaine", "Côtes-d'Armor"],
            "population": [140_000, 15_000, 220_000, 18_000, 400],
        }
    )


def test_selection_falls_back_when_choices_are_inconsistent():
    communes = communes_fixture()
    assert resolve_selection(communes, "Bretagne").level == "region"
    sel = resolve_selection(communes, "Bretagne", "29", "243500139", "35238")  # Rennes EPCI is not in 29
    assert (sel.level, sel.code) == ("departement", "29")
    assert sel.communes == {"29019", "29075"}
    sel = resolve_selection(communes, "Bretagne", "35", "243500139", "35051")
    assert (sel.level, sel.code, sel.label) == ("commune", "35051", "Cesson-Sévigné (35051)")
    from components.links import selection_query

    assert selection_query(sel) == {"dep": "35", "epci": "243500139", "commune": "35051"}
    assert resolve_selection(communes, "Bretagne", "99").level == "region"
    assert list(epci_options(communes, "35")) == ["243500139"]
    assert list(commune_options(communes, None, "242900314")) == ["29019", "29075"]
    assert short_epci_name("Communauté de communes Kreiz-Breizh") == "CC Kreiz-Breizh"


def test_in_selection_excludes_places_outside_the_region():
    communes = communes_fixture()
    region = resolve_selection(communes, "Bretagne")
    codes = pd.Series(["29019", None, "51454"])
    assert in_selection(codes, region).tolist() == [True, False, False]


def actors_fixture():
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "code_insee": ["29019", "29019", "35238", "51454"],
            "membre_reseau_depuis": pd.to_datetime(["2022-05-01", None, "2023-06-01", "2022-05-01"]),
        }
    )


def test_places_per_10000_by_level():
    by_commune = places_by_commune(actors_fixture(), communes_fixture(), as_of=dt.date(2023, 1, 1))
    assert by_commune.set_index("code_insee")["nb_lieux"].to_dict() == {
        "29019": 2,
        "29075": 0,
        "35238": 1,
        "35051": 0,
        "22016": 0,
    }
    assert by_commune.set_index("code_insee")["nb_membres"].to_dict()["35238"] == 0  # joined after the date
    epci = places_by_level(by_commune, "epci").set_index("code")
    assert epci.loc["242900314", "lieux_pour_10000"] == pytest.approx(2 / 155_000 * 10_000)
    assert epci.loc["243500139", "nb_lieux"] == 1
    deps = places_by_level(by_commune, "departement").set_index("code")
    assert deps.loc["22", "lieux_pour_10000"] == 0


def money_fixture():
    lines = pd.DataFrame(
        {
            "id_ligne": ["L1", "L2", "L3"],
            "enveloppe": ["socle", "territoires_prioritaires", "cofinancement"],
            "montant_prevu_centimes": [21_250_000, 5_000_000, 1_000_000],
        }
    )
    moves = pd.DataFrame(
        {
            "id_ligne": ["L1", "L1", "L2", "L3", "L1"],
            "nature": ["engagement", "depense", "depense", "depense", "depense"],
            "montant_centimes": [1_000_001, 500_000, 10, 999, 7],
            "date": pd.to_datetime(["2022-05-01", "2022-06-01", "2022-06-01", "2022-06-01", "2023-12-01"]),
        }
    )
    return lines, moves


def test_envelope_consumption_in_cents_as_of_a_date():
    lines, moves = money_fixture()
    out = envelope_consumption(
        lines, moves, ["socle", "territoires_prioritaires"], as_of=dt.date(2023, 1, 1)
    ).set_index("enveloppe")
    assert out.loc["socle"].tolist() == [21_250_000, 1_000_001, 500_000]
    assert out.loc["territoires_prioritaires"].tolist() == [5_000_000, 0, 10]
    later = envelope_consumption(lines, moves, ["socle"]).set_index("enveloppe")
    assert later.loc["socle", "depense_centimes"] == 500_007


def test_home_figures_for_a_departement():
    """The home page's figures: places and communes of the selection, money of the hub's envelopes."""
    from types import SimpleNamespace

    from analytics.impact.figures import money, places
    from analytics.impact.overview import communes_with_place

    lines, moves = money_fixture()
    communes = communes_fixture()
    actors = actors_fixture().assign(date_maj=pd.to_datetime(["2022-05-01", "2022-12-31", "2023-06-01", "2022-05-01"]))
    bundle = SimpleNamespace(actors=actors, territories=SimpleNamespace(communes=communes))
    sel = resolve_selection(communes, "Bretagne", "29")
    out = communes_with_place(bundle, sel, dt.date(2023, 1, 1))
    assert (out.with_place, out.communes) == (1, 2)
    assert out.population == 155_000 and out.population_with_place == 140_000
    cash = money(lines, moves, ["socle", "territoires_prioritaires"], 26_250_000, dt.date(2023, 1, 1))
    assert cash.planned_cents == 26_250_000  # co-funding is not part of the hub's envelopes
    assert cash.spent_cents == 500_010 and cash.spent_share == pytest.approx(500_010 / 26_250_000)
    region = resolve_selection(communes, "Bretagne")
    in_region = actors[actors["code_insee"].isin(region.communes)]
    assert places(in_region, dt.date(2023, 1, 1)) == 2  # Reims (51454) is outside, Rennes updated later
    assert communes_with_place(bundle, region, dt.date(2023, 12, 31)).with_place == 2
