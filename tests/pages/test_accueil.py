"""Accueil: the hub's figures for the loaded data and the chosen territory."""

import pandas as pd

from components.format_fr import fr_int, fr_percent
from tests.pages.conftest import metric, open_app


def test_home_shows_the_figures_of_the_loaded_data(bundle):
    at = open_app()
    # The home page says its date: the last date the demo data cover.
    assert any(
        "Situation au 30/09/2023 (dernière date couverte par les données chargées)" in m.value.replace("\\", "")
        for m in at.markdown
    )
    day = pd.Timestamp(2023, 9, 30)
    actors = bundle.actors[~bundle.actors["hors_region"]]
    known = actors[actors["date_maj"] <= day]
    members = actors["membre_reseau_depuis"].notna() & (actors["membre_reseau_depuis"] <= day)
    communes = bundle.territories.communes
    assert metric(at, "Lieux cartographiés") == fr_int(len(known)) == "744"
    assert metric(at, "Membres du réseau") == fr_int(members.sum()) == "298"
    assert metric(at, "Communes avec un lieu") == f"{fr_int(known['code_insee'].nunique())} / {fr_int(len(communes))}"
    assert metric(at, "Population") == fr_int(3_318_904)
    assert metric(at, "Mois écoulés") == "17 / 18"  # 30/09/2023: month 17 of the period
    spent = bundle.movements[bundle.movements["date"] <= day].merge(
        bundle.budget_lines[["id_ligne", "enveloppe"]], on="id_ligne"
    )
    spent = spent[(spent["nature"] == "depense") & spent["enveloppe"].isin(["socle", "territoires_prioritaires"])]
    assert metric(at, "Budget dépensé") == fr_percent(spent["montant_centimes"].sum() / 26_250_000)
    assert any("262\u00a0500\u00a0€" in m.value for m in at.markdown)


def test_home_follows_the_date_of_the_address(bundle):
    at = open_app(query={"au": "2023-01-31"})
    day = pd.Timestamp(2023, 1, 31)
    members = bundle.actors["membre_reseau_depuis"].notna() & (bundle.actors["membre_reseau_depuis"] <= day)
    assert metric(at, "Membres du réseau") == fr_int(members.sum())
    assert metric(at, "Mois écoulés") == "9 / 18"
    at = open_app(query={"au": "2031-01-01"})
    assert any("hors de la période" in w.value for w in at.warning)
    assert metric(at, "Membres du réseau") == "298"  # the default date, said


def test_demo_data_is_labelled_fictitious():
    at = open_app()
    assert any("Données fictives de démonstration" in w.value for w in at.warning)


def test_territory_filter_is_read_from_the_url(bundle):
    # (AppTest loses the sidebar after a widget interaction when st.navigation is used, so the
    # cascade of choices is exercised in tests/browser/test_territory_filter.py; here the URL
    # drives the filter.)
    at = open_app(query={"dep": "29"})
    assert at.selectbox(key="dep").value == "29"
    actors = bundle.actors[bundle.actors["code_departement"] == "29"]
    assert metric(at, "Lieux cartographiés") == fr_int(len(actors))
    pop = bundle.territories.communes.query("code_departement == '29'")["population"].sum()
    assert metric(at, "Population") == fr_int(pop)
    assert all("Rennes" not in o for o in at.selectbox(key="epci").options)

    at = open_app(query={"dep": "29", "epci": "242900314"})  # Brest Métropole
    brest = bundle.actors[bundle.actors["code_epci"] == "242900314"]
    assert metric(at, "Lieux cartographiés") == fr_int(len(brest))
    assert at.selectbox(key="epci").value == "242900314"


def test_an_epci_outside_the_chosen_departement_is_dropped(bundle):
    at = open_app(query={"dep": "29", "epci": "243500139", "commune": "35238"})  # Rennes in Finistère?
    assert at.selectbox(key="epci").value is None
    assert at.selectbox(key="commune").value is None
    pop = bundle.territories.communes.query("code_departement == '29'")["population"].sum()
    assert metric(at, "Population") == fr_int(pop)


def test_unknown_codes_in_the_url_fall_back_to_the_region():
    at = open_app(query={"dep": "75", "epci": "<script>"})
    assert metric(at, "Population") == fr_int(3_318_904)
    assert not at.exception


def test_data_problems_are_listed():
    at = open_app()
    titles = [e.label for e in at.expander]
    assert any(t.startswith("Contrôle des données chargées : 0 erreur(s)") for t in titles)


def test_a_region_of_more_than_a_thousand_communes_chooses_its_commune_by_search(bundle):
    at = open_app()  # the whole region: 1,202 communes, too many for a list
    assert len(bundle.territories.communes) > 1000
    assert at.selectbox(key="commune").options == []
    at.text_input(key="commune_search").input("saint brieuc").run()
    found = at.selectbox(key="commune").options
    assert found[0] == "Saint-Brieuc (22278)"  # the name itself first, then names starting with it
    assert all(o.startswith("Saint-Brieuc") for o in found) and len(found) == 3
    at.selectbox(key="commune").select("22278").run()
    pop = bundle.territories.communes.query("code_insee == '22278'")["population"].sum()
    assert metric(at, "Population") == fr_int(pop)
    at.text_input(key="commune_search").input("xyzzy").run()
    assert any("Aucune commune ne correspond à « xyzzy »" in c.value for c in at.caption)
    assert at.selectbox(key="commune").value == "22278"  # the choice stays until another is made

    # Within a département the list is short enough to be a list, and a commune named by the URL shows.
    at = open_app(query={"commune": "35238"})
    assert at.selectbox(key="commune").value == "35238"
    at = open_app(query={"dep": "35"})
    assert "Rennes (35238)" in at.selectbox(key="commune").options
    assert len(at.text_input) == 0 or all(t.key != "commune_search" for t in at.text_input)
