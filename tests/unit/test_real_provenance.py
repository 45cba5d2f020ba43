"""The real national lists and IFN imported into a fresh store (seeded with the demo): every value
says where it comes from, real and fictitious are never mixed unmarked, and the IFN of the EPCI
and départements is the real one (computed from the real communes), not the demo's."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.coverage.indicator_levels import AGGREGATED, indicator_by_level
from analytics.impact import figures as fig
from components.page_registry import page_datasets
from ingestion.dataset_import import (
    AIDANTS_CONNECT_ACTIVITY,
    CRA_POSTAL,
    IFN_COMMUNE,
    IFN_EPCI,
    MODE_MERGE,
    MODE_REPLACE,
    ImportContext,
    ImportRequest,
    import_now,
)
from ingestion.store import open_store
from ingestion.store_bundle import load_bundle_from_store
from loaders.provenance import source_line

pytestmark = pytest.mark.realdata

LISTS = (
    ("france_services_bretagne_2024-08-01.csv", MODE_REPLACE),
    ("conseillers_numeriques_structures_bretagne_2023-04-05.csv", MODE_MERGE),
    ("aidants_connect_structures_bretagne_2024-02-12.csv", MODE_MERGE),
)
CENTRE_MORBIHAN = "200096683"
CRA_FILE = "cra_conseillers_numeriques_par_code_postal_2023-07-17.csv"
AC_FILE = "aidants_connect_structures_bretagne_2024-02-12.csv"


def fmt(day) -> str:
    return day.strftime("%d/%m/%Y")


def _import(store, config, dataset, path, **kw):
    context = ImportContext.from_store(load_bundle_from_store(config, store), store)
    return import_now(
        store, ImportRequest(dataset, path.read_bytes(), path.name, **kw), context, "Test", accept_rejected=True
    )


@pytest.fixture(scope="module")
def real_store(hub_config, shared_open_dir, tmp_path_factory):
    store = open_store(hub_config, url=f"sqlite:///{tmp_path_factory.mktemp('real') / 'hub.sqlite'}")
    demo = load_bundle_from_store(hub_config, store)
    for name, mode in LISTS:
        _import(store, hub_config, "acteurs", shared_open_dir / name, mode=mode)
    preview, _ = _import(
        store, hub_config, "indicateurs", shared_open_dir / "ifn_communes_bretagne_2023.csv", source_format=IFN_COMMUNE
    )
    # The real activity: the Conseillers numériques' reports and the Aidants Connect structures.
    _import(store, hub_config, "activite", shared_open_dir / CRA_FILE, source_format=CRA_POSTAL)
    _import(store, hub_config, "activite", shared_open_dir / AC_FILE, source_format=AIDANTS_CONNECT_ACTIVITY)
    yield store, demo, preview
    store.dispose()


def test_the_demo_is_marked_fictitious_dataset_by_dataset(real_store):
    _, demo, _ = real_store
    assert all(p.fictitious and not p.partly_fictitious for p in demo.provenances() if p.loaded)
    assert demo.fictitious_notice(page_datasets("carte")).startswith(
        "Données fictives de démonstration : lieux et acteurs, indicateurs territoriaux, activité (personnes "
        "accompagnées)."
    )


def test_real_places_and_ifn_are_named_by_their_sources(real_store, hub_config):
    store, _, preview = real_store
    bundle = load_bundle_from_store(hub_config, store)
    actors, indicators = bundle.provenance["acteurs"], bundle.provenance["indicateurs"]
    assert actors.rows == len(bundle.actors) and actors.fictitious_rows == 0
    assert indicators.fictitious_rows == 0 and not bundle.indicators["fictif"].astype(bool).any()
    # The map and the territories show real values only (the real activity replaced the demo's): no banner there.
    for page in ("carte", "territoires"):
        assert bundle.fictitious_notice(page_datasets(page)) is None
    # Where the demo's funding and follow-up remain, the banner names them, and only them.
    assert bundle.fictitious_notice(page_datasets("suivi")).startswith(
        "Données fictives de démonstration : financements, suivi des actions."
    )
    line = source_line(actors, fmt)
    for name in ("Aidants Connect (ANCT)", "Conseillers numériques (ANCT)", "France Services (ANCT)"):
        assert name in line
    assert "fictive" not in line and "Recensement hub" not in line
    assert source_line(indicators, fmt).startswith(
        "Indicateurs territoriaux : Indice de fragilité numérique, La MedNum / ANSA, 2023"
    )
    messages = [p.message for p in preview.problems]
    assert any("retirée(s)" in m and "EPCI" in m and "départements" in m for m in messages)


def test_epci_and_departement_ifn_come_from_the_real_communes(real_store, hub_config):
    store, demo, _ = real_store
    bundle = load_bundle_from_store(hub_config, store)
    communes = bundle.territories.communes
    epci = indicator_by_level(bundle.indicators, "ifn_total", "epci", communes).set_index("code")
    assert epci.loc[CENTRE_MORBIHAN, "methode"] == AGGREGATED
    assert epci.loc[CENTRE_MORBIHAN, "valeur"] == pytest.approx(6.2, abs=0.15)
    before = indicator_by_level(demo.indicators, "ifn_total", "epci", communes).set_index("code")
    assert before.loc[CENTRE_MORBIHAN, "valeur"] != pytest.approx(epci.loc[CENTRE_MORBIHAN, "valeur"], abs=0.3)
    deps = indicator_by_level(bundle.indicators, "ifn_total", "departement", communes)
    assert set(deps["methode"]) == {AGGREGATED} and deps["valeur"].between(0, 10).all()


def test_an_epci_import_of_the_same_source_is_kept_by_a_later_commune_import(
    real_store, hub_config, shared_open_dir, tmp_path
):
    store, _, _ = real_store
    _import(store, hub_config, "indicateurs", shared_open_dir / "ifn_epci_france_2023.csv", source_format=IFN_EPCI)
    preview, _ = _import(
        store, hub_config, "indicateurs", shared_open_dir / "ifn_communes_bretagne_2023.csv", source_format=IFN_COMMUNE
    )
    bundle = load_bundle_from_store(hub_config, store)
    epci = indicator_by_level(bundle.indicators, "ifn_total", "epci", bundle.territories.communes).set_index("code")
    published = epci[epci["methode"] != AGGREGATED]
    assert len(published) >= 55  # the EPCI of the published file stay published values
    assert not any("retirée(s)" in p.message for p in preview.problems)


def test_actors_reached_is_unknown_when_events_cite_places_absent_from_the_base(real_store, hub_config):
    store, _, _ = real_store
    bundle = load_bundle_from_store(hub_config, store)
    reached = fig.actors_reached(bundle.actors, bundle.events, dt.date(2023, 9, 30))
    assert reached.count is None and reached.cited > 0 and reached.unknown == reached.cited


def test_a_file_imported_as_fictitious_is_marked_row_by_row(hub_config, tmp_path):
    """Fictitious places merged into a real base: the places they describe are marked, the
    others are not, and the banner counts them."""
    from tests.unit.test_store_import import NEW_ACTORS

    store = open_store(hub_config, url=f"sqlite:///{tmp_path / 'hub.sqlite'}")
    context = ImportContext.from_store(load_bundle_from_store(hub_config, store), store)
    real = (
        "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services\nreel-1,Médiathèque de "
        "Pontivy,Pontivy,56300,56178,1 quai Presbytère,48.068,-2.963,2024-01-10,Aide aux démarches administratives\n"
    )
    import_now(store, ImportRequest("acteurs", real.encode(), "reel.csv", mode=MODE_REPLACE), context, "Test")
    context = ImportContext.from_store(load_bundle_from_store(hub_config, store), store)
    _, landed = import_now(
        store,
        ImportRequest(
            "acteurs", NEW_ACTORS.encode(), "essai.csv", mode=MODE_MERGE, source_name="Essai", fictitious=True
        ),
        context,
        "Test",
    )
    bundle = load_bundle_from_store(hub_config, store)
    marks = bundle.actors.set_index("id")["fictif"]
    assert marks.to_dict() == {"hub-9001": True, "hub-9002": True, "reel-1": False}
    assert landed[0].fictitious is True
    assert "lieux et acteurs (2 lieux sur 3)" in bundle.fictitious_notice(["acteurs"])
    store.dispose()


def test_real_activity_replaces_the_demo_and_names_both_sources(real_store, hub_config):
    store, _, _ = real_store
    bundle = load_bundle_from_store(hub_config, store)
    activity = bundle.provenance["activite"]
    assert activity.rows == len(bundle.activity) and activity.fictitious_rows == 0
    assert set(bundle.activity["source"]) == {
        "Conseillers numériques : comptes rendus d'activité (ANCT)",
        "Aidants Connect (ANCT)",
    }
    line = source_line(activity, fmt)
    assert "Conseillers numériques : comptes rendus d'activité (ANCT) au 17/07/2023" in line
    assert "Aidants Connect (ANCT) au 12/02/2024" in line
    assert "fictive" not in line
