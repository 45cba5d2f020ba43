"""Fiche territoire: opened by URL (?code=, ?niveau=&code=), by the picker, and with bad codes."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.coverage.access import commune_coverage
from analytics.territory.profile import nearest_places
from components.format_fr import fr_euros, fr_int, fr_number
from ingestion.actor_merge import NATIONAL_SCOPES
from ingestion.dataset_import import MODE_MERGE, MODE_REPLACE, ImportContext, ImportRequest, import_now
from ingestion.store import open_store
from ingestion.store_bundle import load_bundle_from_store
from tests.pages.conftest import metric, open_app

NATIONAL_LISTS = (
    "france_services_bretagne_2024-08-01.csv",
    "conseillers_numeriques_structures_bretagne_2023-04-05.csv",
    "aidants_connect_structures_bretagne_2024-02-12.csv",
)

PAGE = "views/territoire/page.py"


@pytest.fixture(scope="module")
def coverage(bundle):
    as_of = min(dt.date.today(), bundle.config.end)
    return commune_coverage(bundle.territories.communes, bundle.actors, 10, as_of).set_index("code_insee")


def frame_with(at, column: str):
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"aucun tableau avec la colonne « {column} »")


def test_commune_profile_by_url(bundle, coverage):
    at = open_app(page=PAGE, query={"code": "29019"})
    assert at.title[0].value == "Brest (29019)"
    brest = coverage.loc["29019"]
    assert metric(at, "Population") == fr_int(brest["population"])
    assert metric(at, "Lieux recensés") == fr_int((bundle.actors["code_insee"] == "29019").sum())
    assert metric(at, "Lieu le plus proche") == f"{fr_number(brest['distance_km'], 1)} km"
    # Compared with its département and the region.
    table = frame_with(at, "Indicateur")
    assert list(table.columns) == ["Indicateur", "Brest (29019)", "Finistère (département)", "Bretagne (région)"]
    population = table.set_index("Indicateur").loc["Population"]
    finistere = bundle.territories.communes.query("code_departement == '29'")["population"].sum()
    assert population["Finistère (département)"] == fr_int(finistere)
    assert population["Bretagne (région)"] == fr_int(bundle.territories.communes["population"].sum())
    # Its actors, one row each, with their membership.
    actors = frame_with(at, "Membre du réseau")
    mine = bundle.actors[bundle.actors["code_insee"] == "29019"]
    assert sorted(actors["Nom"]) == sorted(mine["nom"])
    assert (actors["Membre du réseau"] == "Oui").sum() == int(mine["membre_reseau"].sum())
    # The hub's money that landed there.
    moves = bundle.movements[bundle.movements["code_territoire"] == "29019"]
    assert metric(at, "Engagé") == fr_euros(moves.loc[moves["nature"] == "engagement", "montant_centimes"].sum())
    assert metric(at, "Dépensé") == fr_euros(moves.loc[moves["nature"] == "depense", "montant_centimes"].sum())
    # Priority zones: Brest has QPV.
    assert any("Communes avec un QPV : **oui** (7 QPV)" in m.value for m in at.markdown)
    keys = {b.key for b in at.download_button}
    assert {"fiche-comparaison-csv", "fiche-comparaison-xlsx", "fiche-acteurs-csv", "fiche-services-xlsx"} <= keys


def test_services_of_a_commune(coverage):
    at = open_app(page=PAGE, query={"niveau": "commune", "code": "22158"})  # Guerlédan
    services = frame_with(at, "Situation").set_index("Service")
    row = coverage.loc["22158"]
    assert services.loc["Démarches administratives", "Lieu le plus proche (km)"] == round(row["dist_demarches_km"], 2)
    expected = "Aucun lieu à moins de 10 km" if row["sans_demarches"] else "À moins de 10 km, hors du territoire"
    assert services.loc["Démarches administratives", "Situation"] == expected
    # Every place of the demo describes its services: nothing is unknown, nothing says so.
    assert not row["inconnu_demarches"]
    assert "Non renseigné" not in set(services["Situation"])
    assert not any("Services inconnus" in w.value for w in at.warning)


def test_a_commune_without_place_lists_the_five_nearest(bundle, coverage):
    row = coverage.loc["22158"]
    assert row["nb_lieux"] == 0
    at = open_app(page=PAGE, query={"code": "22158"})
    assert any("Aucun lieu dans la commune : les 5 lieux les plus proches" in m.value for m in at.markdown)
    near = frame_with(at, "Distance depuis le centre de la commune (km)")
    assert len(near) == 5
    assert near["Distance depuis le centre de la commune (km)"].iloc[0] == round(row["distance_km"], 2)
    want = nearest_places(bundle.actors, row["centre_lon"], row["centre_lat"], k=5, exclude_communes={"22158"})
    assert list(near["Nom"]) == list(want["nom"])


def test_epci_and_departement_profiles(bundle):
    communes = bundle.territories.communes
    at = open_app(page=PAGE, query={"niveau": "epci", "code": "242900314"})
    assert at.title[0].value == "Brest Métropole"
    assert metric(at, "Population") == fr_int(communes.loc[communes["code_epci"] == "242900314", "population"].sum())
    assert metric(at, "Lieux recensés") == fr_int((bundle.actors["code_epci"] == "242900314").sum())
    at = open_app(page=PAGE, query={"code": "35"})
    assert at.title[0].value == "Ille-et-Vilaine (35)"
    table = frame_with(at, "Indicateur")
    assert list(table.columns) == ["Indicateur", "Ille-et-Vilaine (35)", "Bretagne (région)"]


@pytest.mark.parametrize(
    "query",
    [{"code": "99999"}, {"code": "<script>alert(1)</script>"}, {"niveau": "epci", "code": "29019"}, {"code": "75"}],
)
def test_unknown_code_gives_a_message_and_a_picker(query):
    at = open_app(page=PAGE, query=query)
    assert not at.exception
    assert at.error and "ne désigne aucune commune, aucun EPCI ni aucun département" in at.error[0].value
    assert at.radio(key="fiche_niveau").options == ["Commune", "EPCI", "Département"]
    assert at.title[0].value == "Fiche territoire"


def test_missing_code_offers_the_picker_and_the_picker_opens_a_profile(bundle):
    at = open_app(page=PAGE)
    assert any("Choisissez une commune, un EPCI ou un département" in i.value for i in at.info)
    at.radio(key="fiche_niveau").set_value("departement").run()
    at.selectbox(key="fiche_code_departement").set_value("56").run()
    at.button(key="fiche_afficher").click().run()
    assert not at.exception
    assert at.title[0].value == "Morbihan (56)"
    assert at.query_params.get("code") == "56"


def test_the_picker_finds_a_commune_by_search_among_more_than_a_thousand(bundle):
    """1,202 communes: the picker asks for a few letters rather than sending every name."""
    assert len(bundle.territories.communes) > 1000
    at = open_app(page=PAGE)
    picker = at.selectbox(key="fiche_code_commune")
    assert picker.options == []
    at.text_input(key="fiche_recherche_commune").input("quimper").run()
    picker = at.selectbox(key="fiche_code_commune")
    assert "Quimper (29232)" in picker.options and len(picker.options) < 10
    picker.set_value("29232").run()
    at.button(key="fiche_afficher").click().run()
    assert not at.exception
    assert at.title[0].value == "Quimper (29232)"
    assert at.query_params.get("code") == "29232"


def test_without_code_the_sidebar_selection_is_shown():
    at = open_app(page=PAGE, query={"dep": "22"})
    assert at.title[0].value == "Côtes-d'Armor (22)"


def test_the_url_wins_over_the_sidebar_and_the_sidebar_can_be_followed():
    at = open_app(page=PAGE, query={"code": "29019", "dep": "22"})
    assert at.title[0].value == "Brest (29019)"
    at.button(key="fiche_suivre_filtre").click().run()
    assert not at.exception
    assert at.title[0].value == "Côtes-d'Armor (22)"


def test_threshold_from_the_url(coverage):
    at = open_app(page=PAGE, query={"code": "29019", "seuil": "5"})
    assert any("Seuil de distance : 5 km" in c.value for c in at.caption)
    assert any(s.value == "Services du standard national à moins de 5 km" for s in at.subheader)
    at = open_app(page=PAGE, query={"code": "29019", "seuil": "abc"})
    assert any(s.value == "Services du standard national à moins de 10 km" for s in at.subheader)


@pytest.fixture(scope="module")
def national_registry(hub_config, shared_open_dir, tmp_path_factory):
    """A store whose registry is the three national lists (the first replaces the demo's
    places, the others are merged): its bundle and its address."""
    url = f"sqlite:///{tmp_path_factory.mktemp('national') / 'hub.sqlite'}"
    store = open_store(hub_config, url=url)
    for i, name in enumerate(NATIONAL_LISTS):
        context = ImportContext.from_store(load_bundle_from_store(hub_config, store), store)
        request = ImportRequest(
            "acteurs", (shared_open_dir / name).read_bytes(), name, mode=MODE_MERGE if i else MODE_REPLACE
        )
        import_now(store, request, context, "Test", accept_rejected=True)
    bundle = load_bundle_from_store(hub_config, store)
    store.dispose()
    return bundle, url


@pytest.fixture
def national_store(national_registry, monkeypatch):
    """The national registry, read by the app through HUB_STORE_URL for one test only (the
    tests after it read the demo's store again)."""
    bundle, url = national_registry
    monkeypatch.setenv("HUB_STORE_URL", url)
    return bundle


@pytest.mark.realdata
def test_national_lists_leave_services_unknown_not_missing(national_store):
    actors = national_store.actors
    region = actors[~actors["hors_region"].fillna(False).astype(bool)]
    # Every place comes from the national lists only, which do not describe services.
    assert region["sources"].map(lambda s: len(s) > 0 and set(s) <= NATIONAL_SCOPES).all()
    n = len(region)
    in_rennes = int((region["code_insee"] == "35238").sum())
    assert n > 400 and in_rennes > 0

    at = open_app(page=PAGE, query={"code": "35238"})
    assert at.title[0].value == "Rennes (35238)"
    texts = [m.value for m in at.markdown] + [w.value for w in at.warning] + [c.value for c in at.caption]
    assert not any("Manquants partout" in t for t in texts)
    assert not any("Manquants pour une partie" in t for t in texts)
    warning = [w.value for w in at.warning if "Services inconnus" in w.value]
    assert warning and warning[0].startswith(
        f"Services inconnus pour {fr_int(n)} lieux sur {fr_int(n)} : importez une source qui les décrit"
    )
    assert f"Dans le territoire : {fr_int(in_rennes)} lieu(x) sur {fr_int(in_rennes)}." in warning[0]
    services = frame_with(at, "Situation").set_index("Service")
    # What the lists imply is offered (Rennes has France services); what they do not list is unknown.
    assert services.loc["Démarches administratives", "Situation"] == "Proposé dans le territoire"
    for label in (
        "Insertion professionnelle",
        "Parentalité et éducation",
        "Loisirs et création",
        "Matériel à prix solidaire",
    ):
        assert services.loc[label, "Situation"] == "Non renseigné", label
    assert "Aucun lieu à moins de 10 km" not in set(services["Situation"])
    actors_table = frame_with(at, "Membre du réseau")
    assert actors_table["Services"].str.endswith("(liste partielle, autres services non renseignés)").all()

    at = open_app(page=PAGE, query={"code": "243500139"})  # Rennes Métropole
    services = frame_with(at, "Situation").set_index("Service")
    assert (services["Population sans ce service (%)"] == 0).all()
    assert services.loc["Loisirs et création", "Non renseigné (%)"] == 100.0


def test_freshness_search_and_source_filter_of_a_commune(bundle):
    from analytics.quality.freshness import GRADE_LABELS, GRADES, grade_counts, to_chase

    demo_date = dt.date(2023, 9, 30)  # every place is fictitious: graded at the demo's date
    mine = bundle.actors[bundle.actors["code_insee"] == "35238"]
    at = open_app(page=PAGE, query={"code": "35238"})
    counts = grade_counts(mine, demo_date).iloc[0]
    for grade in GRADES:
        assert metric(at, GRADE_LABELS[grade]) == fr_int(counts[grade])
    chase = frame_with(at, "Ancienneté (mois)")
    assert chase["Identifiant"].tolist() == to_chase(mine, demo_date)["id"].tolist()
    assert chase["Fiche"].iloc[0] == f"/lieu?id={chase['Identifiant'].iloc[0]}"
    # The search box and the source filter narrow the places' table.
    name = mine.sort_values("nom")["nom"].iloc[0]
    at.text_input(key="fiche_recherche").input(name).run()
    assert not at.exception, [e.value for e in at.exception]
    assert frame_with(at, "Membre du réseau")["Nom"].tolist() == [name]
    at.text_input(key="fiche_recherche").input("").run()
    cited = mine["sources"].explode().value_counts()
    source = cited.index[-1]  # the least cited source of the commune
    at.multiselect(key="fiche_sources").select(source).run()
    listed = frame_with(at, "Membre du réseau")
    expected = mine[mine["sources"].map(lambda s: source in s)]
    assert sorted(listed["Nom"]) == sorted(expected["nom"]) and 0 < len(listed) < len(mine)
