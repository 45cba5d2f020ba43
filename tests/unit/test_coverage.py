"""Coverage measures on a small hand-made region whose distances are known exactly.

Everything is placed on a line in Lambert-93 (metres), then converted to longitude/latitude as
the real files give it; the functions project back, so the expected distances are exact.

    x (km) ->   300 303     310  313/315      330 335
    communes:   A           D    E(above P1)  B      C
    places:         P1 (in A)       P3 (outside the region, ignored)  P2 (in C)

P4 is in B but has no coordinates: counted among B's places, not in distances.
"""

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.access import (
    FROM_COMMUNES,
    PUBLISHED,
    SERVICE_KEYS,
    commune_coverage,
    coverage_by_level,
    located_places,
    need_by_level,
    zones_blanches,
)
from analytics.coverage.nearest import k_nearest, lambert93_to_lonlat, lonlat_to_lambert93, nearest_distances_m

Y0 = 6_800_000.0
DEMARCHES = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"
ACCES = "Accès internet et matériel informatique"
PARENTALITE = "Parentalité et éducation avec le numérique"


def lonlat(x_km: float, y_km: float = 0.0) -> tuple[float, float]:
    lon, lat = lambert93_to_lonlat([x_km * 1000], [Y0 + y_km * 1000])[0]
    return float(lon), float(lat)


def communes_frame() -> pd.DataFrame:
    rows = [
        # code, name, epci, dep, population, x, y, qpv, acv, centre
        ("29001", "Alpha", "200000001", "29", 1000, 300, 0, True, False, False),
        ("29002", "Bravo", "200000001", "29", 3000, 315, 0, False, True, True),
        ("22003", "Charlie", "200000002", "22", 2000, 335, 0, False, False, True),
        ("29004", "Delta", "200000001", "29", 4000, 310, 0, False, False, False),
        ("29005", "Echo", "200000001", "29", 500, 303, 10, False, False, False),
    ]
    out = []
    for code, name, epci, dep, pop, x, y, qpv, acv, centre in rows:
        lon, lat = lonlat(x, y)
        out.append(
            {
                "code_insee": code,
                "nom": name,
                "code_epci": epci,
                "nom_epci": f"Communauté de communes {epci[-1]}",
                "code_departement": dep,
                "nom_departement": {"29": "Finistère", "22": "Côtes-d'Armor"}[dep],
                "population": pop,
                "centre_lon": lon,
                "centre_lat": lat,
                "qpv": qpv,
                "nb_qpv": int(qpv) * 2,
                "acv": acv,
                "centre_bretagne": centre,
            }
        )
    return pd.DataFrame(out)


def actors_frame() -> pd.DataFrame:
    rows = [
        ("P1", "Point numérique Alpha", "29001", 303, [DEMARCHES, OUTILS], ["France Services"], "2022-01-01", False),
        ("P2", "Espace numérique Charlie", "22003", 330, [OUTILS, ACCES], ["Conseillers numériques"], None, False),
        ("P3", "Lieu voisin hors région", "44001", 316, list(SERVICE_KEYS), ["Aidants Connect"], "2022-01-01", True),
        ("P4", "Atelier Bravo sans coordonnées", "29002", None, [PARENTALITE], [], None, False),
    ]
    out = []
    for pid, name, code, x, services, programmes, member, outside in rows:
        lon, lat = lonlat(x) if x is not None else (np.nan, np.nan)
        out.append(
            {
                "id": pid,
                "nom": name,
                "commune": name.split()[-1],
                "code_insee": code,
                "latitude": lat,
                "longitude": lon,
                "services": services,
                "dispositif_programmes_nationaux": programmes,
                "typologie_famille": "Autres",
                "membre_reseau_depuis": pd.Timestamp(member) if member else pd.NaT,
                "membre_reseau": member is not None,
                "hors_region": outside,
            }
        )
    return pd.DataFrame(out)


def indicators_frame() -> pd.DataFrame:
    rows = [
        ("commune", "29001", "ifn_total", "2021", 9.0),  # older period: ignored
        ("commune", "29001", "ifn_total", "2023", 8.0),
        ("commune", "29002", "ifn_total", "2023", 6.0),
        ("commune", "22003", "ifn_total", "2023", 4.0),
        ("commune", "29004", "ifn_total", "2023", 2.0),
        # Echo (29005) has no value: left out of the weighted means.
        ("commune", "29001", "ifn_pauvrete", "2023", 5.0),
        ("commune", "29004", "ifn_pauvrete", "2023", 10.0),
        ("epci", "200000002", "ifn_total", "2023", 4.5),  # published for this EPCI only
        ("departement", "22", "ifn_total", "2023", 3.0),
    ]
    return pd.DataFrame(rows, columns=["niveau", "code", "indicateur", "periode", "valeur"])


@pytest.fixture(scope="module")
def cov():
    return commune_coverage(communes_frame(), actors_frame(), threshold_km=10).set_index("code_insee", drop=False)


# --- nearest search ------------------------------------------------------------------------


def test_nearest_matches_brute_force():
    rng = np.random.default_rng(3)
    origins = rng.uniform(0, 100_000, (300, 2))
    places = rng.uniform(0, 100_000, (120, 2))
    dist, idx = nearest_distances_m(origins, places, return_index=True)
    brute = np.hypot(origins[:, None, 0] - places[None, :, 0], origins[:, None, 1] - places[None, :, 1])
    assert np.allclose(dist, brute.min(axis=1))
    assert np.allclose(brute[np.arange(300), idx], dist)


def test_nearest_without_places_or_with_missing_coordinates():
    dist, idx = nearest_distances_m([[0, 0], [1, 1]], np.empty((0, 2)), return_index=True)
    assert np.isinf(dist).all() and (idx == -1).all()
    dist, idx = nearest_distances_m([[0, 0], [np.nan, 5]], [[3, 4], [np.nan, 0]], return_index=True)
    assert dist[0] == 5.0 and idx[0] == 0
    assert np.isinf(dist[1]) and idx[1] == -1


def test_k_nearest_orders_by_distance():
    idx, dist = k_nearest([0, 0], [[5, 0], [1, 0], [3, 0], [np.nan, 0]], 5)
    assert list(idx) == [1, 2, 0]
    assert list(dist) == [1.0, 3.0, 5.0]


def test_projection_is_lambert93():
    # The projection's origin (3° E, 46.5° N) is (700 000, 6 600 000) by definition.
    x, y = lonlat_to_lambert93([3.0], [46.5])[0]
    assert x == pytest.approx(700_000, abs=1e-3)
    assert y == pytest.approx(6_600_000, abs=1e-3)


# --- per commune ---------------------------------------------------------------------------


def test_only_located_places_of_the_region_count():
    places = located_places(actors_frame())
    assert list(places["id"]) == ["P1", "P2"]  # P3 outside the region, P4 without coordinates


def test_distance_to_the_nearest_place(cov):
    assert cov.loc["29001", "distance_km"] == pytest.approx(3.0)  # a place inside counts at 3 km, not 0
    assert cov.loc["29002", "distance_km"] == pytest.approx(12.0)  # P3 (1 km away) is outside the region
    assert cov.loc["22003", "distance_km"] == pytest.approx(5.0)
    assert cov.loc["29004", "distance_km"] == pytest.approx(7.0)
    assert cov.loc["29005", "distance_km"] == pytest.approx(10.0)
    assert cov.loc["29002", "lieu_proche_id"] == "P1"
    assert cov.loc["22003", "lieu_proche_nom"] == "Espace numérique Charlie"


def test_threshold_is_strict(cov):
    assert bool(cov.loc["29002", "au_dela_seuil"])  # 12 km > 10 km
    assert not bool(cov.loc["29005", "au_dela_seuil"])  # exactly 10 km is within
    assert list(cov.loc[cov["au_dela_seuil"], "code_insee"]) == ["29002"]
    wider = commune_coverage(communes_frame(), actors_frame(), threshold_km=12).set_index("code_insee")
    assert not wider["au_dela_seuil"].any()


def test_places_and_members_per_commune(cov):
    assert cov["nb_lieux"].to_dict() == {"29001": 1, "29002": 1, "22003": 1, "29004": 0, "29005": 0}
    assert cov["nb_membres"].to_dict() == {"29001": 1, "29002": 0, "22003": 0, "29004": 0, "29005": 0}
    assert cov.loc["29001", "programmes"] == ("France Services",)
    assert cov.loc["29004", "programmes"] == ()


def test_services_are_counted_per_place(cov):
    # P1 offers two services: it counts for both; P4 (no coordinates) counts in B's places only.
    assert cov.loc["29001", "nb_lieux_demarches"] == 1
    assert cov.loc["29001", "nb_lieux_outils_quotidien"] == 1
    assert cov.loc["29002", "nb_lieux_parentalite"] == 1
    assert cov["nb_lieux_acces_materiel"].to_dict() == {"29001": 0, "29002": 0, "22003": 1, "29004": 0, "29005": 0}


def test_distance_per_service(cov):
    assert cov.loc["29001", "dist_demarches_km"] == pytest.approx(3.0)
    assert cov.loc["29001", "dist_acces_materiel_km"] == pytest.approx(30.0)
    assert cov.loc["29002", "dist_outils_quotidien_km"] == pytest.approx(12.0)
    assert cov.loc["29002", "dist_acces_materiel_km"] == pytest.approx(15.0)
    assert cov.loc["22003", "dist_demarches_km"] == pytest.approx(32.0)
    assert cov.loc["29005", "dist_acces_materiel_km"] == pytest.approx(np.hypot(27, 10))
    # No located place offers parentalité (P4 has no coordinates): missing distance, missing service.
    assert cov["dist_parentalite_km"].isna().all()
    assert cov["sans_parentalite"].all()
    assert cov["sans_demarches"].to_dict() == {
        "29001": False,
        "29002": True,
        "22003": True,
        "29004": False,
        "29005": False,
    }
    assert cov["sans_acces_materiel"].to_dict() == {
        "29001": True,
        "29002": True,
        "22003": False,
        "29004": True,
        "29005": True,
    }


def test_a_region_without_any_place():
    actors = actors_frame().iloc[0:0]
    cov = commune_coverage(communes_frame(), actors, threshold_km=10)
    assert cov["distance_km"].isna().all()
    assert cov["au_dela_seuil"].all()
    by_dep = coverage_by_level(cov, "departement")
    assert by_dep["distance_moy_km"].isna().all()
    assert list(by_dep["part_pop_au_dela"]) == [1.0, 1.0]


# --- per level -----------------------------------------------------------------------------


def test_epci_aggregates_are_population_weighted(cov):
    epci = coverage_by_level(cov.reset_index(drop=True), "epci").set_index("code")
    e1 = epci.loc["200000001"]
    assert e1["population"] == 8500
    assert e1["nb_communes"] == 4
    assert e1["nb_lieux"] == 2
    assert e1["lieux_pour_10000"] == pytest.approx(2 * 10_000 / 8500)
    assert e1["nb_membres"] == 1
    assert e1["programmes"] == "France Services"
    assert e1["nb_programmes"] == 1
    # (1000 x 3 + 3000 x 12 + 4000 x 7 + 500 x 10) / 8500
    assert e1["distance_moy_km"] == pytest.approx(72_000 / 8500)
    assert e1["pop_au_dela"] == 3000
    assert e1["part_pop_au_dela"] == pytest.approx(3000 / 8500)
    assert e1["nb_communes_au_dela"] == 1
    assert e1["part_pop_sans_demarches"] == pytest.approx(3000 / 8500)
    assert e1["part_pop_sans_outils_quotidien"] == pytest.approx(3000 / 8500)
    assert e1["part_pop_sans_acces_materiel"] == 1.0
    assert e1["part_pop_sans_parentalite"] == 1.0
    assert e1["nb_lieux_demarches"] == 1
    e2 = epci.loc["200000002"]
    assert e2["distance_moy_km"] == pytest.approx(5.0)
    assert e2["part_pop_sans_demarches"] == 1.0
    assert e2["part_pop_sans_acces_materiel"] == 0.0


def test_departement_and_region_levels(cov):
    deps = coverage_by_level(cov, "departement").set_index("code")
    assert list(deps.index) == ["22", "29"]
    assert deps.loc["29", "population"] == 8500
    assert deps.loc["22", "nom"] == "Côtes-d'Armor"
    region = coverage_by_level(cov, "region", region=("53", "Bretagne")).iloc[0]
    assert (region["code"], region["nom"], region["population"], region["nb_lieux"]) == ("53", "Bretagne", 10_500, 3)
    assert region["distance_moy_km"] == pytest.approx((72_000 + 2000 * 5) / 10_500)
    assert region["programmes"] == "Conseillers numériques; France Services"
    assert region["nb_lieux_outils_quotidien"] == 2  # P1 and P2, each once


def test_priority_zones_overlap(cov):
    zones = coverage_by_level(cov, "zone").set_index("code")
    assert set(zones.index) == {"qpv", "acv", "centre_bretagne", "hors_zone"}
    assert zones.loc["qpv", "population"] == 1000
    assert zones.loc["acv", "population"] == 3000
    # Bravo is in two zones (ACV and centre Bretagne) and counts in both.
    assert zones.loc["centre_bretagne", "population"] == 5000
    assert zones.loc["centre_bretagne", "distance_moy_km"] == pytest.approx((3000 * 12 + 2000 * 5) / 5000)
    assert zones.loc["centre_bretagne", "part_pop_au_dela"] == pytest.approx(0.6)
    assert zones.loc["hors_zone", "population"] == 4500
    assert zones.loc["hors_zone", "nom"] == "Hors zones prioritaires"
    assert zones.loc["acv", "nom"] == "Action Cœur de Ville"


def test_need_published_or_weighted_by_population(cov):
    indicators = indicators_frame()
    communes = need_by_level(indicators, cov, "commune").set_index("code")
    assert communes.loc["29001", "ifn_total"] == 8.0  # latest period
    assert np.isnan(communes.loc["29005", "ifn_total"])
    assert communes.loc["29005", "ifn_methode"] == ""
    epci = need_by_level(indicators, cov, "epci").set_index("code")
    # Not published for the first EPCI: (1000 x 8 + 3000 x 6 + 4000 x 2) / 8000 (Echo has no value).
    assert epci.loc["200000001", "ifn_total"] == pytest.approx(34_000 / 8000)
    assert epci.loc["200000001", "ifn_methode"] == FROM_COMMUNES
    assert epci.loc["200000001", "ifn_pauvrete"] == pytest.approx((1000 * 5 + 4000 * 10) / 5000)
    assert epci.loc["200000002", "ifn_total"] == 4.5
    assert epci.loc["200000002", "ifn_methode"] == PUBLISHED
    deps = need_by_level(indicators, cov, "departement").set_index("code")
    assert deps.loc["22", "ifn_total"] == 3.0
    assert deps.loc["29", "ifn_total"] == pytest.approx(34_000 / 8000)
    with_need = coverage_by_level(cov, "epci", indicators).set_index("code")
    assert with_need.loc["200000002", "ifn_total"] == 4.5


def test_zones_blanches(cov):
    blank = zones_blanches(cov.reset_index(drop=True))
    assert list(blank["code_insee"]) == ["29002"]
    assert blank.loc[0, "population"] == 3000
    assert blank.loc[0, "distance_km"] == pytest.approx(12.0)
    assert blank.loc[0, "lieu_proche_nom"] == "Point numérique Alpha"
    none = zones_blanches(commune_coverage(communes_frame(), actors_frame(), threshold_km=15))
    assert none.empty


def test_inputs_are_not_modified():
    communes, actors = communes_frame(), actors_frame()
    before = (communes.copy(), actors.copy())
    commune_coverage(communes, actors, 10)
    pd.testing.assert_frame_equal(communes, before[0])
    pd.testing.assert_frame_equal(actors, before[1])
