"""The hub's base against the national export: a national-format file built here from the
registry (places removed, added, edited, out of the region), and the standard's official example."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from ingestion.actors_export import to_standard_csv
from ingestion.dataset_import import MODE_MERGE, ImportContext, ImportRequest, confirm_import, prepare_import
from ingestion.national_reconciliation import (
    CANDIDATES_FILE,
    NATIONAL_SOURCE,
    missing_nationally_export,
    national_only_file,
    read_national_export,
    reconcile,
)
from ingestion.store import open_store
from ingestion.store_bundle import load_bundle_from_store
from loaders.bundle import load_bundle
from loaders.problems import ERROR

REMOVED = 12  # hub places the national file lacks
ADDED = 5  # national places in the region the hub lacks
OUTSIDE = 3  # national places of other regions
PHONES = 7  # matched places whose phone differs
HOURS = 3  # matched places whose opening hours differ
NEW_IDS = 6  # matched places the national file names with its own ids


@pytest.fixture(scope="module")
def hub(hub_config):
    return load_bundle(hub_config).actors


def national_file(hub: pd.DataFrame) -> bytes:
    rows = list(csv.DictReader(io.StringIO(to_standard_csv(hub))))
    header = list(rows[0])
    kept = [dict(r) for r in rows[REMOVED:]]
    for r in kept[:PHONES]:
        r["telephone"] = "+33299000000"
    for r in kept[PHONES : PHONES + HOURS]:
        r["horaires"] = "Sa 09:00-12:00"
    for k, r in enumerate(kept[100 : 100 + NEW_IDS]):
        r["id"] = f"cartographie-{k}"
    template = kept[200]
    for k in range(ADDED):
        new = dict(template)
        new.update(
            id=f"nouveau-{k}",
            pivot="",
            nom=f"Atelier numérique Ker Avel {k}",
            adresse=f"{90 + k} chemin des Landes",
            latitude=f"{float(template['latitude']) + 0.02 * (k + 1):.6f}",
            telephone="",
        )
        new.pop("code_insee")
        new["code_insee"] = ""  # placed from its coordinates, as national files often are
        kept.append(new)
    for k, (code, postcode, lat, lon) in enumerate(
        [("75056", "75001", "48.8566", "2.3522"), ("69123", "69001", "45.7640", "4.8357"), ("", "13001", "", "")]
    ):
        kept.append(
            dict(template, id=f"ailleurs-{k}", code_insee=code, code_postal=postcode, latitude=lat, longitude=lon)
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header)
    writer.writeheader()
    writer.writerows(kept)
    return buffer.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def national(hub, territories):
    return read_national_export(national_file(hub), territories)


@pytest.fixture(scope="module")
def result(hub, national):
    return reconcile(hub, national.actors)


def test_the_region_is_kept(hub, national):
    assert national.rows_read == len(hub) - REMOVED + ADDED + OUTSIDE
    assert national.outside_region == OUTSIDE
    assert len(national.actors) == len(hub) - REMOVED + ADDED
    assert not any(p.severity == ERROR for p in national.problems)


def test_counts_of_each_side(hub, result):
    report = result.report
    assert report["rapproches"] == len(hub) - REMOVED
    assert report["seulement_hub"] == REMOVED
    assert report["seulement_national"] == ADDED
    assert sorted(result.hub_only["id"]) == sorted(hub["id"].iloc[:REMOVED])
    assert sorted(result.national_only["id"]) == [f"nouveau-{k}" for k in range(ADDED)]
    # Matched by the merge's rules: the same id, or (own ids) the same SIRET with a close name.
    assert report["regles"]["identifiant"] == len(hub) - REMOVED - NEW_IDS
    assert report["regles"]["pivot"] == NEW_IDS


def test_fields_that_disagree(hub, result):
    diffs = result.differences
    assert len(diffs) == PHONES + HOURS
    assert result.report["rapproches_avec_differences"] == PHONES + HOURS
    phones = diffs[diffs["champ"] == "telephone"]
    assert len(phones) == PHONES and set(phones["valeur_nationale"]) == {"+33299000000"}
    edited = hub.set_index("id").loc[phones["id_hub"]]
    assert phones["valeur_hub"].tolist() == edited["telephone"].fillna("").tolist()
    hours = diffs[diffs["champ"] == "horaires"]
    assert len(hours) == HOURS and set(hours["valeur_nationale"]) == {"Sa 09:00-12:00"}
    renamed = result.matched[result.matched["id_national"].str.startswith("cartographie-")]
    assert len(renamed) == NEW_IDS and (renamed["differences"] == 0).all()


def test_hub_places_missing_nationally_are_exported_in_the_standard(result, territories):
    export, problems = missing_nationally_export(result, territories)
    assert export.rows + len(export.excluded) == REMOVED
    assert export.rows > 0
    assert [p for p in problems if p.severity == ERROR] == []
    reread = list(csv.DictReader(io.StringIO(export.text)))
    assert {r["id"] for r in reread} <= set(result.hub_only["id"])


@pytest.fixture
def store(hub_config, tmp_path_factory, tmp_path):
    seed = tmp_path_factory.getbasetemp() / "reconciliation-seed.sqlite"
    if not seed.exists():
        open_store(hub_config, url=f"sqlite:///{seed}").dispose()
    path = tmp_path / "hub.sqlite"
    shutil.copy(seed, path)
    s = open_store(hub_config, url=f"sqlite:///{path}")
    yield s
    s.dispose()


def test_national_only_places_go_through_the_usual_preview_and_confirmation(result, store, hub_config, hub):
    bundle = load_bundle_from_store(hub_config, store)
    request = ImportRequest(
        "acteurs",
        national_only_file(result),
        CANDIDATES_FILE,
        source_format="standard",
        mode=MODE_MERGE,
        source_name=NATIONAL_SOURCE,
    )
    preview = prepare_import(request, ImportContext.from_store(bundle, store))
    assert not preview.refused and preview.rows_rejected == 0
    assert len(preview.diff.added) == ADDED and preview.diff.removed.empty
    assert preview.merge_summary["ajoutes"] == ADDED
    landed = confirm_import(store, preview, "Test Réconciliation")
    assert landed[0].rows == len(hub) + ADDED
    actors = store.current_frame("acteurs").set_index("id")
    assert all(actors.loc[f"nouveau-{k}", "sources"] == [NATIONAL_SOURCE] for k in range(ADDED))


@pytest.mark.realdata
def test_the_official_example(shared_open_dir, territories, hub):
    path = shared_open_dir / "lieux_mediation_numerique_exemple_officiel_fictif.csv"
    read = read_national_export(path.read_bytes(), territories, path.name)
    # The example is a place in Reims (Marne): read without error, left out of Bretagne.
    assert read.rows_read == 1 and read.outside_region == 1 and read.actors.empty
    assert not any(p.severity == ERROR for p in read.problems)
    assert reconcile(hub, read.actors).report["seulement_hub"] == len(hub)
    # The same place moved to Brest is a national place the hub lacks, every field kept.
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0].update(commune="Brest", code_postal="29200", code_insee="29019", latitude="48.3904", longitude="-4.4861")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    moved = read_national_export(buffer.getvalue().encode("utf-8"), territories, path.name)
    result = reconcile(hub, moved.actors)
    assert result.report["seulement_national"] == 1 and result.report["rapproches"] == 0
    place = result.national_only.iloc[0]
    assert place["id"] == "structure-1" and place["nom"] == "Anonymal"
    assert place["horaires"] == "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"
    reread = list(csv.DictReader(io.StringIO(national_only_file(result).decode("utf-8"))))
    assert reread[0]["pivot"] == "43493312300029" and reread[0]["services"] == rows[0]["services"]
