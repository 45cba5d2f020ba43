"""Données: the freshness tab and the reconciliation with the national map, as a person uses them."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.coverage.opening_hours import unreadable_hours
from analytics.quality.freshness import GRADE_LABELS, GRADES, grade_counts, to_chase
from components import access as ui_access
from components.format_fr import fr_int
from ingestion.national_reconciliation import NATIONAL_SOURCE
from ingestion.store import open_store
from loaders.config import load_config
from tests.conftest import ROOT
from tests.pages.conftest import open_app
from tests.unit.test_national_reconciliation import ADDED, OUTSIDE, REMOVED, national_file
from views.donnees import tabs
from views.donnees.tabs import DATA_TABS

PAGE = "views/donnees/page.py"
DEMO_DATE = dt.date(2023, 9, 30)


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    monkeypatch.setenv("HUB_STORE_URL", url)
    s = open_store(load_config(ROOT / "hub.toml"), url=url)
    yield s
    s.dispose()


def frame_with(at, column):
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"aucun tableau avec la colonne « {column} »")


def metric(at, label):
    return [m.value for m in at.metric if m.label == label]


def test_freshness_tab(bundle, store):
    at = open_app(PAGE, tab=(DATA_TABS, tabs.FRESHNESS))
    counts = grade_counts(bundle.actors, DEMO_DATE).iloc[0]
    for grade in GRADES:
        assert fr_int(counts[grade]) in metric(at, GRADE_LABELS[grade])
    sources = frame_with(at, "Fiches")
    assert sources["Fiches"].sum() == len(bundle.actors)  # the demo's records: one per place
    chase = frame_with(at, "Ancienneté (mois)")
    expected = to_chase(bundle.actors, DEMO_DATE)["id"].tolist()
    assert len(expected) > 200  # the oldest first, 200 a page
    assert chase["Identifiant"].tolist() == expected[:200]
    pages = at.selectbox(key="donnees-relancer-page")
    assert pages.options[-1].endswith(f"sur {fr_int(len(expected))}")
    shown, grades = [], []
    for option in pages.options:
        at.selectbox(key="donnees-relancer-page").select(option).run()
        page = frame_with(at, "Ancienneté (mois)")
        shown += page["Identifiant"].tolist()
        grades += page["Fraîcheur"].tolist()
    assert shown == expected
    assert list(dict.fromkeys(grades)) == ["À actualiser", "À vérifier", "À surveiller"]
    bad = frame_with(at, "Horaires")
    assert sorted(bad["Identifiant"]) == sorted(unreadable_hours(bundle.actors)["id"])
    assert len(bad) == 17


def test_reconciliation_then_candidates_imported(bundle, store):
    at = open_app(PAGE, tab=(DATA_TABS, tabs.NATIONAL))
    uploader = next(u for u in at.file_uploader if "Export national" in u.label)
    uploader.set_value(("lieux-mediation-numerique.csv", national_file(bundle.actors), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert metric(at, "Lieux nationaux dans la région") == [fr_int(len(bundle.actors) - REMOVED + ADDED)]
    assert metric(at, "Rapprochés") == [fr_int(len(bundle.actors) - REMOVED)]
    assert metric(at, "Seulement dans la base du hub") == [fr_int(REMOVED)]
    assert metric(at, "Seulement dans la base nationale") == [fr_int(ADDED)]
    assert any(f"{OUTSIDE} hors de la région" in c.value for c in at.caption)
    differences = frame_with(at, "Valeur nationale")
    assert set(differences["Champ"]) == {"telephone", "horaires"}
    assert any("fichier validé" in s.value for s in at.success)

    at.button(key="national-prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    next(b for b in at.button if b.label == "Valider l'import" and "national" in str(b.form_id)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    version = store.current_version("acteurs")
    assert version.number == 2 and version.author == ui_access.DEMO_AUTHOR and version.source_name == NATIONAL_SOURCE
    assert version.rows == len(bundle.actors) + ADDED


def test_suspected_duplicates_link_to_both_places(bundle, store, hub_config):
    from ingestion.actors_export import to_standard_csv
    from ingestion.dataset_import import ImportContext, ImportRequest, import_now
    from ingestion.store_bundle import load_bundle_from_store

    twin = bundle.actors[bundle.actors["id"] == "hub-0042"].assign(
        id="autre-1", adresse="99 rue Inconnue", latitude=None, longitude=None
    )
    current = load_bundle_from_store(hub_config, store)
    import_now(
        store,
        ImportRequest(
            "acteurs", to_standard_csv(twin).encode("utf-8"), "autre.csv", source_format="standard", source_name="Autre"
        ),
        ImportContext.from_store(current, store),
        "Test",
    )
    at = open_app(PAGE, tab=(DATA_TABS, tabs.DUPLICATES))
    texts = [m.value for m in at.markdown if "voir le lieu" in m.value]
    assert any("(/lieu?id=hub-0042)" in t and "(/lieu?id=autre-1)" in t for t in texts), texts
