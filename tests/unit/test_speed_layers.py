"""What makes the pages fast without changing a figure: results kept per data version
(analytics/memo.py), the commune choice by search when a region has thousands
(analytics/territory/selection.py), outlines served as files (components/geo_outlines.py)."""

import gc
import json
from pathlib import Path

import pandas as pd
import pytest

import components.geo_outlines as geo_outlines
from analytics.memo import _MEMOS, per_bundle
from analytics.territory.selection import COMMUNE_LIST_LIMIT, search_communes

ROOT = Path(__file__).resolve().parents[2]


class Bundle:  # any object stands for a data version
    pass


def test_a_result_is_kept_per_bundle_and_per_arguments():
    calls = []

    @per_bundle(maxsize=2)
    def figure(bundle, when, *, level="commune"):
        calls.append((when, level))
        return pd.DataFrame({"v": [len(calls)]})

    first, second = Bundle(), Bundle()
    a = figure(first, "2023-06-30")
    b = figure(first, "2023-06-30")
    assert calls == [("2023-06-30", "commune")]
    assert a.equals(b)
    figure(first, "2023-06-30", level="epci")
    figure(second, "2023-06-30")  # another data version is computed again
    assert len(calls) == 3
    # Only `maxsize` results per function and bundle: the oldest goes first.
    figure(first, "2023-09-30")
    figure(first, "2023-06-30")
    assert len(calls) == 5


def test_a_kept_frame_cannot_be_changed_by_a_caller():
    @per_bundle()
    def frame(bundle):
        return pd.DataFrame({"v": [1, 2]})

    bundle = Bundle()
    mine = frame(bundle)
    mine["w"] = 0
    mine.loc[0, "v"] = 99
    again = frame(bundle)
    assert list(again.columns) == ["v"]
    assert again["v"].tolist() == [1, 2]


def test_unhashable_arguments_are_computed_not_kept_and_memos_die_with_the_bundle():
    calls = []

    @per_bundle()
    def total(bundle, values):
        calls.append(1)
        return sum(values)

    bundle = Bundle()
    assert total(bundle, [1, 2]) == total(bundle, [1, 2]) == 3
    assert len(calls) == 2
    assert total(bundle, (1, 2)) == total(bundle, (1, 2)) == 3
    assert len(calls) == 3
    key = id(bundle)
    assert key in _MEMOS
    del bundle
    gc.collect()
    assert key not in _MEMOS


OPTIONS = {
    "29019": "Brest (29019)",
    "22278": "Saint-Brieuc (22278)",
    "35238": "Rennes (35238)",
    "29046": "Douarnenez (29046)",
    "56083": "Lanester (56083)",
    "29103": "Landerneau (29103)",
    "35236": "Le Rheu (35236)",
    "2A004": "Ajaccio (2A004)",
}


def test_commune_search_ignores_accents_case_punctuation_and_ranks_starts_first():
    assert search_communes(OPTIONS, "saint brieuc") == ["22278"]
    assert search_communes(OPTIONS, "SAINT-BRIEUC") == ["22278"]
    assert search_communes(OPTIONS, "lan") == ["29103", "56083"]  # both start with it, by name
    assert search_communes(OPTIONS, "rheu") == ["35236"]  # a word of the name
    assert search_communes(OPTIONS, "enn") == ["35238"]  # inside the name
    assert search_communes(OPTIONS, "ren")[0] == "35238"
    assert search_communes(OPTIONS, "   ") == []
    assert search_communes(OPTIONS, "zzz") == []


def test_commune_search_by_code_and_bounded():
    assert search_communes(OPTIONS, "2901") == ["29019"]
    assert search_communes(OPTIONS, "29") == ["29019", "29046", "29103"]
    assert search_communes(OPTIONS, "2a0") == ["2A004"]
    many = {f"{i:05d}": f"Ville {i} ({i:05d})" for i in range(3000)}
    assert len(search_communes(many, "ville", limit=50)) == 50
    assert COMMUNE_LIST_LIMIT < 3000


def test_outlines_are_written_once_named_by_their_content(tmp_path, monkeypatch, territories):
    monkeypatch.setattr(geo_outlines, "GEO_DIR", tmp_path / "geo")
    deps = territories.departements
    outlines = geo_outlines.outlines_of(deps, "code_departement")
    assert isinstance(outlines.geojson, str) and outlines.geojson.startswith(geo_outlines.GEO_URL)
    files = list((tmp_path / "geo").glob("*.geojson"))
    assert len(files) == 1 and outlines.geojson.endswith(files[0].name)
    served = json.loads(files[0].read_text(encoding="utf-8"))
    assert sorted(f["properties"]["code"] for f in served["features"]) == sorted(outlines.codes)
    assert all(set(f["properties"]) == {"code"} for f in served["features"])  # no name, no other field
    lon0, lat0, lon1, lat1 = outlines.bounds
    assert -6 < lon0 < lon1 < -1 and 47 < lat0 < lat1 < 49  # Bretagne
    again = geo_outlines.outlines_of(deps, "code_departement")
    assert again.geojson == outlines.geojson
    assert len(list((tmp_path / "geo").glob("*.geojson"))) == 1


def test_outlines_go_inline_when_the_folder_cannot_be_written(tmp_path, monkeypatch, territories):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(geo_outlines, "GEO_DIR", blocked / "geo")
    outlines = geo_outlines.outlines_of(territories.departements, "code_departement")
    assert isinstance(outlines.geojson, dict)
    assert len(outlines.geojson["features"]) == len(territories.departements)


@pytest.mark.parametrize("keep", [3])
def test_old_outline_files_are_pruned(tmp_path, monkeypatch, territories, keep):
    monkeypatch.setattr(geo_outlines, "GEO_DIR", tmp_path / "geo")
    monkeypatch.setattr(geo_outlines, "KEEP_FILES", keep)
    communes = territories.communes
    for i in range(5):
        geo_outlines.outlines_of(communes.iloc[i : i + 2], "code_insee")
    assert len(list((tmp_path / "geo").glob("*.geojson"))) == keep


def test_an_object_that_cannot_be_followed_is_computed_every_time_never_kept():
    from types import SimpleNamespace

    calls = []

    @per_bundle()
    def figure(bundle):
        calls.append(1)
        return len(calls)

    stand_in = SimpleNamespace()
    before = dict(_MEMOS)
    assert (figure(stand_in), figure(stand_in)) == (1, 2)
    assert _MEMOS == before


def test_filled_reads_text_columns_column_wise_as_it_reads_lists_and_objects():
    from analytics.impact.figures import _filled

    values = ["01 02", "  ", None, "", "x"]
    as_text = _filled(pd.Series(values, dtype="string"))
    as_objects = _filled(pd.Series(values, dtype=object))
    assert as_text.tolist() == as_objects.tolist() == [True, False, False, False, True]
    assert _filled(pd.Series([["a"], [], None], dtype=object)).tolist() == [True, False, False]


def test_a_region_wide_selection_keeps_every_row_and_a_departement_only_what_lies_inside_it():
    from analytics.territory.scope import within_selection
    from analytics.territory.selection import resolve_selection

    communes = pd.DataFrame(
        {
            "code_insee": ["29001", "29002", "22001"],
            "nom": ["A", "B", "C"],
            "code_epci": ["E29", "E29", "EX"],
            "nom_epci": ["CC A", "CC A", "CC X"],
            "code_departement": ["29", "29", "22"],
            "nom_departement": ["Finistère", "Finistère", "Côtes-d'Armor"],
            "population": [10, 20, 30],
        }
    )
    codes = pd.Series(["29001", "E29", "EX", "29", "22", None, "99999"], dtype="string")
    levels = pd.Series(["commune", "epci", "epci", "departement", "departement", None, "commune"], dtype="string")
    region = resolve_selection(communes, "Test", None)
    assert within_selection(codes, levels, communes, region).tolist() == [True] * 7
    finistere = resolve_selection(communes, "Test", "29")
    inside = within_selection(codes, levels, communes, finistere).tolist()
    assert inside == [True, True, False, True, False, False, False]


def test_a_value_is_built_once_per_object_and_forgotten_with_it():
    from loaders.object_memo import kept_with

    cache: dict = {}
    built = []
    owner = Bundle()
    assert kept_with(owner, cache, lambda: built.append(1) or len(built)) == 1
    assert kept_with(owner, cache, lambda: built.append(1) or len(built)) == 1
    assert len(cache) == 1
    del owner
    gc.collect()
    assert cache == {}
    assert kept_with(7, cache, lambda: "sans suivi") == "sans suivi" and cache == {}  # an int cannot be followed
