"""One territory's profile, on the hand-made region of test_coverage."""

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.access import FROM_COMMUNES, PUBLISHED, commune_coverage
from analytics.territory.profile import (
    comparison,
    money_landed,
    nearest_places,
    resolve_territory,
    service_presence,
    territory_actors,
    territory_codes,
    zone_membership,
)
from loaders.territory_levels import territory_level
from tests.unit.test_coverage import actors_frame, communes_frame, indicators_frame


@pytest.fixture(scope="module")
def cov():
    return commune_coverage(communes_frame(), actors_frame(), threshold_km=10)


@pytest.mark.parametrize(
    "code, level",
    [
        ("29019", "commune"),
        ("2A004", "commune"),
        ("242900314", "epci"),
        ("29", "departement"),
        ("2b", "departement"),
        ("", None),
        ("2901", None),
        ("<script>", None),
        (None, None),
        ("1234567890", None),
    ],
)
def test_level_of_code(code, level):
    assert territory_level(code) == level


def test_resolve_territory():
    communes = communes_frame()
    alpha = resolve_territory(communes, "29001")
    assert (alpha.level, alpha.name, alpha.departement, alpha.communes) == (
        "commune",
        "Alpha",
        "29",
        frozenset({"29001"}),
    )
    epci = resolve_territory(communes, "200000001", "epci")
    assert epci.communes == frozenset({"29001", "29002", "29004", "29005"})
    assert epci.name == "CC 1"
    assert epci.departement == "29"
    dep = resolve_territory(communes, "22")
    assert (dep.level, dep.name, dep.communes) == ("departement", "Côtes-d'Armor", frozenset({"22003"}))
    assert resolve_territory(communes, "29999") is None  # well formed, not in the region
    assert resolve_territory(communes, "29001", "epci") is None  # the level contradicts the code
    assert resolve_territory(communes, None) is None


def test_comparison_with_departement_and_region(cov):
    ref = resolve_territory(communes_frame(), "29002")
    table, methods = comparison(cov, ref, indicators_frame(), ("53", "Bretagne"))
    assert list(table.columns) == ["territoire", "departement", "region"]
    assert table.loc["population"].tolist() == [3000, 8500, 10_500]
    assert table.loc["distance_moy_km", "territoire"] == pytest.approx(12.0)
    assert table.loc["distance_moy_km", "departement"] == pytest.approx(72_000 / 8500)
    assert table.loc["part_pop_au_dela", "region"] == pytest.approx(3000 / 10_500)
    assert table.loc["ifn_total", "territoire"] == 6.0
    # Ten thousand inhabitants per place: 1 place for 3000 inhabitants.
    assert table.loc["lieux_pour_10000", "territoire"] == pytest.approx(10_000 / 3000)
    assert methods == {"territoire": PUBLISHED, "departement": FROM_COMMUNES, "region": FROM_COMMUNES}
    dep_table, methods = comparison(
        cov, resolve_territory(communes_frame(), "22"), indicators_frame(), ("53", "Bretagne")
    )
    assert list(dep_table.columns) == ["territoire", "region"]
    assert dep_table.loc["ifn_total", "territoire"] == 3.0  # published
    assert methods["territoire"] == PUBLISHED


def test_territory_actors():
    ref = resolve_territory(communes_frame(), "200000001")
    acts = territory_actors(actors_frame(), ref)
    assert list(acts["id"]) == ["P1", "P4"]  # the actors of Alpha and Bravo, by commune then name
    assert acts.loc[acts["id"] == "P1", "membre_reseau"].item()


def test_nearest_places_outside_the_commune():
    communes = communes_frame().set_index("code_insee")
    lon, lat = communes.loc["29001", ["centre_lon", "centre_lat"]]
    near = nearest_places(actors_frame(), lon, lat, k=5, exclude_communes={"29001"})
    assert list(near["id"]) == ["P2"]  # P1 is in the commune, P3 outside the region, P4 unlocated
    assert near.loc[0, "distance_km"] == pytest.approx(30.0)
    near = nearest_places(actors_frame(), lon, lat, k=1)
    assert list(near["id"]) == ["P1"] and near.loc[0, "distance_km"] == pytest.approx(3.0)


def test_service_presence_of_a_commune(cov):
    rows = service_presence(cov, resolve_territory(communes_frame(), "29001")).set_index("key")
    assert rows.loc["demarches", "statut"] == "present"
    assert rows.loc["demarches", "distance_km"] == pytest.approx(3.0)
    assert rows.loc["acces_materiel", "statut"] == "absent"
    assert rows.loc["acces_materiel", "part_pop_sans"] == 1.0
    delta = service_presence(cov, resolve_territory(communes_frame(), "29004")).set_index("key")
    assert delta.loc["outils_quotidien", "statut"] == "proche"  # 7 km away, none in Delta
    assert delta.loc["outils_quotidien", "nb_lieux"] == 0


def test_service_presence_of_an_epci(cov):
    rows = service_presence(cov, resolve_territory(communes_frame(), "200000001")).set_index("key")
    assert rows.loc["demarches", "statut"] == "partiel"
    assert rows.loc["demarches", "part_pop_sans"] == pytest.approx(3000 / 8500)
    assert rows.loc["demarches", "nb_lieux"] == 1
    assert np.isnan(rows.loc["demarches", "distance_km"])
    assert rows.loc["parentalite", "statut"] == "absent"
    assert rows.loc["parentalite", "nb_lieux"] == 1  # P4 is in Bravo, but has no coordinates


def test_zone_membership(cov):
    zones = zone_membership(cov, resolve_territory(communes_frame(), "200000001")).set_index("zone")
    assert zones.loc["qpv", "nb_communes"] == 1
    assert zones.loc["qpv", "nb_qpv"] == 2
    assert zones.loc["centre_bretagne", "population"] == 3000
    assert zones.loc["acv", "nb_communes"] == 1


def test_money_landed_in_a_territory():
    communes = communes_frame()
    lines = pd.DataFrame(
        {"id_ligne": ["L1", "L2"], "action": ["A1", "A3"], "categorie": ["Événements", "Soutien aux expérimentations"]}
    )
    moves = pd.DataFrame(
        {
            "id_mouvement": ["M1", "M2", "M3", "M4", "M5"],
            "date": pd.to_datetime(["2022-05-01", "2022-06-01", "2022-07-01", "2022-08-01", "2022-09-01"]),
            "id_ligne": ["L1", "L2", "L2", "L1", "L1"],
            "nature": ["engagement", "depense", "depense", "depense", "depense"],
            "montant_centimes": pd.array([10_000, 25_050, 99_999, 500, 700], dtype="Int64"),
            "code_territoire": pd.array(["29001", "200000001", "22003", "29", None], dtype="string"),
            "beneficiaire": ["x"] * 5,
            "libelle": ["y"] * 5,
        }
    )
    epci = resolve_territory(communes, "200000001")
    totals, detail = money_landed(moves, lines, territory_codes(communes, epci))
    assert totals == {"engagement": 10_000, "depense": 25_050}
    assert list(detail["id_mouvement"]) == ["M2", "M1"]
    assert detail.loc[0, "categorie"] == "Soutien aux expérimentations"
    dep = resolve_territory(communes, "29")
    codes = territory_codes(communes, dep)
    assert "200000001" in codes and "22003" not in codes
    totals, _ = money_landed(moves, lines, codes)
    assert totals == {"engagement": 10_000, "depense": 25_050 + 500}
    totals, detail = money_landed(moves, lines, territory_codes(communes, resolve_territory(communes, "29004")))
    assert totals == {"engagement": 0, "depense": 0} and detail.empty
