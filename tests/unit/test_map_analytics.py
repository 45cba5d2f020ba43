"""Classing, indicator levels, actor filters and the compact map payload."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.actor_filters import ActorFilter, filter_actors, source_names
from analytics.coverage.classes import PALETTE_WORSE_IS_DARK, classify, fit_classes, quantile_breaks
from analytics.coverage.indicator_levels import AGGREGATED, OWN, indicator_by_level
from analytics.coverage.map_indicators import (
    EVENING_WEEKEND,
    OPENING_HOURS,
    PLACES_PER_10000,
    choropleth_values,
    indicator_choices,
)
from loaders import lieux_standard as std
from views.carte.builder import actor_rows, bitmask
from views.carte.data import clicked_code


def fr1(v):
    return f"{v:.1f}".replace(".", ",")


def test_quantile_classes_dark_means_worse():
    values = pd.Series([float(v) for v in range(1, 13)] + [None])
    breaks = quantile_breaks(values, classes=6)
    assert breaks == [2.0, 4.0, 6.0, 8.0, 10.0, 12.0]
    assert classify(values, breaks).tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, -1]
    # Higher is better (places per 10 000): the lowest values get the darkest class.
    assert classify(values, breaks, worse_is_high=False).tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0, -1]
    fitted = fit_classes(values, worse_is_high=False, decimals=0)
    legend = fitted.legend(lambda v: f"{v:.0f}")
    assert [label for label, _ in legend] == ["1 – 2", "3 – 4", "5 – 6", "7 – 8", "9 – 10", "11 – 12"]
    # With one decimal, each class starts a step above the previous one: no gap, no overlap.
    assert [label for label, _ in fit_classes(values, decimals=1).legend(fr1)][:2] == ["1,0 – 2,0", "2,1 – 4,0"]
    # Ascending values, and the lowest (worst supplied) drawn in the darkest colour.
    assert legend[0][1] == fitted.palette[-1] == PALETTE_WORSE_IS_DARK[-1]
    assert legend[-1][1] == fitted.palette[0] == PALETTE_WORSE_IS_DARK[0]
    assert quantile_breaks(pd.Series([], dtype="float64")) == []
    assert fit_classes(pd.Series([None, None], dtype="float64")).legend(fr1) == []


def test_skewed_values_keep_six_classes_and_a_class_for_the_tied_zeros():
    # 60 communes without any place, 40 with 1 to 40 places: the zeros make one class and the
    # other values are still spread over five classes of equal size.
    values = pd.Series([0.0] * 60 + [float(v) for v in range(1, 41)])
    fitted = fit_classes(values, decimals=0)
    assert list(fitted.highs) == [0.0, 8.0, 16.0, 24.0, 32.0, 40.0]
    assert [label for label, _ in fitted.legend(lambda v: f"{v:.0f}")] == [
        "0",
        "1 – 8",
        "9 – 16",
        "17 – 24",
        "25 – 32",
        "33 – 40",
    ]
    assert fitted.index.value_counts().sort_index().tolist() == [60, 8, 8, 8, 8, 8]


def test_one_outlier_does_not_wash_out_the_other_values():
    values = pd.Series([1.0 + 0.1 * i for i in range(20)] + [50.0])
    fitted = fit_classes(values, decimals=1)
    counts = fitted.index.value_counts()
    assert len(counts) == 6 and counts.min() >= 3  # each colour is used by a share of the territories
    assert fitted.index.iloc[-1] == 5 and fitted.index.iloc[0] == 0
    labels = [label for label, _ in fitted.legend(fr1)]
    assert labels[0] == "1,0 – 1,3" and labels[-1].endswith("– 50,0")


def test_few_values_give_fewer_classes_and_no_degenerate_class():
    # Equal values: one class, labelled by its single value (never "5,4 – 5,4").
    same = fit_classes(pd.Series([5.4, 5.4, 5.4]))
    assert same.legend(fr1) == [("5,4", same.palette[0])] and same.index.tolist() == [0, 0, 0]
    # 5.36 and 5.44 both read 5,4: they are classed together, as their tooltips show them.
    close = fit_classes(pd.Series([5.36, 5.44, 6.0, 6.1]), decimals=1)
    assert [label for label, _ in close.legend(fr1)] == ["5,4", "5,5 – 6,1"]
    assert close.index.tolist() == [0, 0, 1, 1]
    # At most one class per two territories.
    assert len(fit_classes(pd.Series([4.4, 5.0, 5.1, 5.4, 5.4, 5.7, 6.4, 6.4])).highs) == 4
    assert len(fit_classes(pd.Series([7.0])).highs) == 1


@pytest.mark.parametrize("seed", range(6))
def test_classes_never_empty_nor_overlapping(seed):
    rng = np.random.default_rng(seed)
    values = pd.Series(np.round(rng.lognormal(0.5, 1.2, size=int(rng.integers(3, 300))), 1))
    values[values.sample(frac=0.05, random_state=seed).index] = np.nan
    fitted = fit_classes(values, decimals=1)
    labels = [label for label, _ in fitted.legend(fr1)]
    assert len(set(labels)) == len(labels)
    for label in labels:
        parts = label.split(" – ")
        assert len(parts) == 1 or parts[0] != parts[1], label
    for low, high, next_low in zip(fitted.lows, fitted.highs, fitted.lows[1:] + (np.inf,)):
        assert low <= high < next_low
    # Each label starts one step (0,1) above the previous class's top.
    for previous, label in zip(labels, labels[1:]):
        top = float(previous.split(" – ")[-1].replace(",", "."))
        assert float(label.split(" – ")[0].replace(",", ".")) == pytest.approx(top + 0.1)
    used = set(fitted.index[values.notna()])
    assert used == set(range(len(fitted.highs)))  # no empty class
    assert (fitted.index[values.isna()] == -1).all()
    assert len(set(fitted.palette)) == len(fitted.palette)


def communes():
    return pd.DataFrame(
        {
            "code_insee": ["a1", "a2", "b1"],
            "code_epci": ["E1", "E1", "E2"],
            "code_departement": ["29", "29", "29"],
            "population": [100, 300, 50],
        }
    )


def test_indicator_by_level_uses_own_values_then_population_weighted_communes():
    ind = pd.DataFrame(
        {
            "niveau": ["commune", "commune", "commune", "epci"],
            "code": ["a1", "a2", "b1", "E2"],
            "indicateur": ["x"] * 4,
            "periode": ["2023"] * 4,
            "valeur": [2.0, 6.0, 9.0, 7.5],
        }
    )
    out = indicator_by_level(ind, "x", "epci", communes()).set_index("code")
    assert out.loc["E1", "valeur"] == pytest.approx((2 * 100 + 6 * 300) / 400)
    assert out.loc["E1", "methode"] == AGGREGATED
    assert out.loc["E2", "valeur"] == 7.5 and out.loc["E2", "methode"] == OWN
    dep = indicator_by_level(ind, "x", "departement", communes()).set_index("code")
    assert dep.loc["29", "valeur"] == pytest.approx((200 + 1800 + 450) / 450)


def actors():
    return pd.DataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "nom": ["<img src=x onerror=alert(1)>", "${alert(1)}", "Médiathèque"],
            "code_insee": ["a1", "a1", "b1"],
            "latitude": [48.0, 48.1, None],
            "longitude": [-3.0, -3.1, None],
            "typologie": [["BIB"], ["EPN", "ASSO"], []],
            "typologie_famille": ["Bibliothèques et médiathèques", "Espaces numériques et tiers-lieux", None],
            "adresse": ["1 rue A", "2 rue B", "3 rue C"],
            "code_postal": ["29000", pd.NA, "29100"],
            "commune": ["Quimper", "Quimper", "Douarnenez"],
            "services": [[std.SERVICES[0]], [std.SERVICES[0], std.SERVICES[8]], []],
            "dispositif_programmes_nationaux": [["France Services"], [], ["Aidants Connect"]],
            "publics_specifiquement_adresses": [[], ["Jeunes"], []],
            "frais_a_charge": [["Gratuit"], ["Payant"], []],
            "itinerance": [["Fixe"], ["Itinérant"], []],
            "membre_reseau": [True, False, True],
            "membre_reseau_depuis": pd.to_datetime(["2022-05-01", None, "2022-06-01"]),
        }
    )


def test_actor_filters_combine_with_and_between_fields_or_within():
    a = actors()
    assert filter_actors(a, ActorFilter(services=(std.SERVICES[8], std.SERVICES[3])))["id"].tolist() == ["p2"]
    assert filter_actors(a, ActorFilter(programmes=("France Services", "Aidants Connect")))["id"].tolist() == [
        "p1",
        "p3",
    ]
    assert filter_actors(a, ActorFilter(mobility="itinerants"))["id"].tolist() == ["p2"]
    assert filter_actors(a, ActorFilter(membership="non_membres"))["id"].tolist() == ["p2"]
    assert filter_actors(a, ActorFilter(services=(std.SERVICES[0],), membership="membres"))["id"].tolist() == ["p1"]
    assert not ActorFilter().active and ActorFilter(frais=("Payant",)).active


def test_search_by_name_commune_postal_code_and_the_source_filter():
    a = actors().assign(sources=[["Recensement hub"], ["France Services (ANCT)", "Recensement hub"], []])
    assert filter_actors(a, ActorFilter(search="mediatheque"))["id"].tolist() == ["p3"]
    assert filter_actors(a, ActorFilter(search="QUIMPER"))["id"].tolist() == ["p1", "p2"]
    assert filter_actors(a, ActorFilter(search="291"))["id"].tolist() == ["p3"]  # a postal code's beginning
    assert filter_actors(a, ActorFilter(search="douarnenez 29100"))["id"].tolist() == ["p3"]
    assert filter_actors(a, ActorFilter(search="quimper 29100"))["id"].tolist() == []
    assert filter_actors(a, ActorFilter(sources=("France Services (ANCT)",)))["id"].tolist() == ["p2"]
    assert filter_actors(a, ActorFilter(sources=("Recensement hub",)))["id"].tolist() == ["p1", "p2"]
    assert ActorFilter(search="x").active and ActorFilter(sources=("a",)).active and ActorFilter(evening=True).active
    assert source_names(a) == ["Recensement hub", "France Services (ANCT)"]


def test_marker_rows_are_compact_and_escaped():
    rows, colours, labels = actor_rows(actors(), "family")
    assert len(rows) == 2  # the place without coordinates is not drawn
    first, second = rows
    assert first[3] == "&lt;img src=x onerror=alert(1)&gt;"
    assert second[3] == "&#36;{alert(1)}"
    assert first[5] == "1 rue A 29000 Quimper" and second[5] == "2 rue B Quimper"
    assert first[6] == 1 and second[6] == 1 | (1 << 8)
    assert first[7] == 1 << std.PROGRAMMES.index("France Services")
    assert labels[first[2]] == "Bibliothèques et médiathèques"
    payload = json.dumps(rows)
    assert "<img" not in payload and "${" not in payload
    assert first[8] == "/lieu?id=p1"
    hostile = actors().assign(id=['"><script>alert(1)</script>', "//evil.example/x", "p3"])
    links = [row[8] for row in actor_rows(hostile, "family")[0]]
    # Percent-encoded then escaped: a path of this server, never a quote, a tag nor another host.
    assert links == ["/lieu?id=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E", "/lieu?id=%2F%2Fevil.example%2Fx"]
    _, member_colours, member_labels = actor_rows(actors(), "membership")
    assert member_labels == ["Membre du réseau", "Pas encore membre"]
    assert bitmask(["inconnu"], std.SERVICES) == 0


def test_places_per_10000_is_a_choice_and_computed_from_actors():
    catalogue = pd.DataFrame(
        {
            "id": ["x"],
            "libelle": ["X"],
            "unite": ["u"],
            "sens": ["plus_est_pire"],
            "source": ["s"],
            "millesime": ["2023"],
        }
    )
    ind = pd.DataFrame(
        {"niveau": ["commune"], "code": ["a1"], "indicateur": ["x"], "periode": ["2023"], "valeur": [1.0]}
    )
    choices = indicator_choices(catalogue, ind, "26/10/2023", "Démo")
    assert [c.id for c in choices] == [
        "x",
        PLACES_PER_10000,
        "distance_moy_km",
        "part_pop_au_dela",
        OPENING_HOURS,
        EVENING_WEEKEND,
    ]
    c = pd.DataFrame(
        {
            "code_insee": ["a1", "b1"],
            "nom": ["A", "B"],
            "code_epci": ["E1", "E2"],
            "nom_epci": ["E1", "E2"],
            "code_departement": ["29", "29"],
            "nom_departement": ["F", "F"],
            "population": [1000, 500],
        }
    )
    values = choropleth_values(choices[1], "commune", c, ind, actors()).set_index("code")
    assert values.loc["a1", "valeur"] == pytest.approx(20.0)  # 2 places for 1 000 inhabitants
    assert values.loc["b1", "valeur"] == pytest.approx(20.0)
    hourly = actors().assign(horaires=["Mo-Fr 09:00-12:00", "Sa 10:00-12:00; Tu 18:00-20:00", "Lundi 9h"])
    by_id = {choice.id: choice for choice in choices}
    day = dt.date(2024, 3, 13)
    hours = choropleth_values(by_id[OPENING_HOURS], "epci", c, ind, hourly, day).set_index("code")
    assert hours.loc["E1", "valeur"] == pytest.approx((15 + 4) * 10_000 / 1000)
    assert pd.isna(hours.loc["E2", "valeur"])  # its only place has unreadable hours: unknown
    evening = choropleth_values(by_id[EVENING_WEEKEND], "epci", c, ind, hourly, day).set_index("code")
    assert evening.loc["E1", "valeur"] == pytest.approx(50.0) and pd.isna(evening.loc["E2", "valeur"])


def test_clicked_tooltip_gives_the_territory_code():
    assert clicked_code("Brest (29019)\nIndice : 5,2") == "29019"
    assert clicked_code("CC Kreiz-Breizh (242200715) …") == "242200715"
    assert clicked_code("Finistère (29)") == "29"
    assert clicked_code("Médiathèque") is None
    assert clicked_code(None) is None


def test_distance_measures_come_from_the_commune_coverage(territories):
    from analytics.coverage.access import commune_coverage
    from analytics.coverage.map_indicators import MEAN_DISTANCE, SHARE_BEYOND

    empty_catalogue = pd.DataFrame(columns=["id", "libelle", "unite", "sens", "source", "millesime"])
    choices = {
        c.id: c
        for c in indicator_choices(empty_catalogue, pd.DataFrame(columns=["indicateur", "periode"]), "x", "y", 10)
    }
    assert choices[SHARE_BEYOND].label == "Part de la population à plus de 10 km d'un lieu"
    communes = territories.communes[territories.communes["code_epci"] == "242200715"]  # Kreiz-Breizh
    centre = communes.iloc[0]
    places = pd.DataFrame(
        {
            "id": ["p1"],
            "nom": ["Lieu"],
            "code_insee": [centre["code_insee"]],
            "latitude": [centre["centre_lat"]],
            "longitude": [centre["centre_lon"]],
            "services": [[std.SERVICES[0]]],
            "dispositif_programmes_nationaux": [[]],
            "membre_reseau_depuis": pd.to_datetime([None]),
            "hors_region": [False],
        }
    )
    cov = commune_coverage(communes, places, 10)
    dist = choropleth_values(choices[MEAN_DISTANCE], "epci", communes, None, None, commune_cov=cov).set_index("code")
    weights = cov["population"]
    assert dist.loc["242200715", "valeur"] == pytest.approx((cov["distance_km"] * weights).sum() / weights.sum())
    share = choropleth_values(choices[SHARE_BEYOND], "epci", communes, None, None, commune_cov=cov).set_index("code")
    expected = 100 * cov.loc[cov["distance_km"] > 10, "population"].sum() / weights.sum()
    assert share.loc["242200715", "valeur"] == pytest.approx(expected)
    assert 0 < expected < 100  # one place cannot serve all of Kreiz-Breizh within 10 km
