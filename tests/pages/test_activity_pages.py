"""People accompanied on the pages (demo data, marked fictitious): the Synthèse and its figure,
the Fiche territoire, the Territoires table, the Carte's indicator, the import choices on Données.
Expected values are read from data/demo/activite.csv itself."""

from __future__ import annotations

import pandas as pd
import pytest

from components.format_fr import fr_int, fr_number
from loaders.activity_measures import SOURCE_CRA
from tests.conftest import ROOT
from tests.pages.conftest import metric, open_app
from views.donnees import tabs
from views.donnees.tabs import DATA_TABS

DEMO = ROOT / "data" / "demo" / "activite.csv"


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    frame = pd.read_csv(DEMO, dtype=str, keep_default_na=False)
    frame["valeur"] = frame["valeur"].astype(float)
    return frame


def cra_totals(demo: pd.DataFrame) -> pd.Series:
    part = demo[(demo["source"] == SOURCE_CRA) & (demo["ventilation"] == "total")]
    return part.set_index("code")["valeur"]


def texts(at) -> str:
    """What the page writes, its Markdown escapes removed."""
    return "\n".join(e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning)).replace("\\", "")


def test_synthese_shows_people_accompanied_with_source_and_fictitious_mark(demo):
    at = open_app(page="views/synthese/page.py")
    total = cra_totals(demo).sum()
    assert metric(at, "Personnes accompagnées") == fr_int(total)
    shown = texts(at)
    assert (
        "pour 1 000 hab. ; accompagnements (conseillers numériques, cumul au 30/09/2023, fictif) ; + 1 source non "
        "additionnée, voir plus bas"
    ) in shown
    assert "Personnes accompagnées" in [s.value for s in at.subheader]
    zones = next(d.value for d in at.dataframe if "Type de zone" in d.value.columns)
    assert list(zones.columns) == [
        "Type de zone",
        "Dépensé par le hub",
        "Activité dans ses communes",
        "Rapport",
        "Source et période",
    ]
    assert zones["Rapport"].str.contains("du hub par accompagnement recensé").any()
    assert (zones["Source et période"].str.contains("cumul au 30/09/2023 — données fictives de démonstration")).all()
    experiments = next(d.value for d in at.dataframe if "Personnes déclarées" in d.value.columns)
    brest = experiments[experiments["Territoire"] == "Brest"].iloc[0]
    assert brest["Personnes déclarées"] == "180" and brest["Rapport"] == "27,78\u00a0€ par personne"
    # Only the experiments that declare people are listed; the others are counted in one sentence.
    assert list(experiments["Personnes déclarées"]) == ["412", "180"]
    assert "11 autres expérimentations ne déclarent aucune personne accompagnée" in shown
    # The banner names the fictitious activity.
    assert "Données fictives de démonstration : lieux et acteurs, activité (personnes accompagnées)" in shown


def test_synthese_of_a_departement_counts_its_own_communes(demo):
    at = open_app(page="views/synthese/page.py", query={"dep": "29"})
    totals = cra_totals(demo)
    assert metric(at, "Personnes accompagnées") == fr_int(totals[totals.index.str.startswith("29")].sum())


def test_fiche_territoire_shows_the_communes_people_and_breakdowns(demo):
    at = open_app(page="views/territoire/page.py", query={"code": "29019"})
    assert "Personnes accompagnées" in [s.value for s in at.subheader]
    brest = cra_totals(demo)["29019"]
    labels = {m.label: m.value for m in at.metric}
    label = next(k for k in labels if k.startswith("Accompagnements"))
    assert labels[label] == fr_int(brest) and "fictif" in label
    ages = next(d.value for d in at.dataframe if "Tranche d'âge" in d.value.columns)
    expected = demo[(demo["code"] == "29019") & (demo["ventilation"] == "tranche_age")]
    assert ages["Valeur"].sum() == expected["valeur"].sum() == brest
    assert "Les sources ne s'additionnent pas" in texts(at)


def test_territoires_table_has_people_per_1000_inhabitants(demo, bundle):
    at = open_app(page="views/territoires/page.py")
    table = next(d.value for d in at.dataframe if "Écart besoin/offre" in d.value.columns)
    column = "Accompagnements (conseillers numériques, fictif)"
    assert column in table.columns and f"{column} pour 1 000 hab." in table.columns
    communes = bundle.territories.communes
    brest = communes.loc[communes["code_epci"] == "242900314", "code_insee"]
    expected = cra_totals(demo).reindex(brest).fillna(0).sum()
    row = table[table["Code"] == "242900314"].iloc[0]
    assert row[column] == round(expected)
    population = communes.loc[communes["code_epci"] == "242900314", "population"].sum()
    assert row[f"{column} pour 1 000 hab."] == round(1000 * expected / population, 1)
    assert "Personnes accompagnées : chaque source est lue à sa dernière période" in texts(at)


def test_carte_offers_people_per_1000_inhabitants_as_an_indicator(demo, bundle):
    at = open_app(page="views/carte/page.py")
    choice = "pour_1000_accompagnements_cra"
    assert choice in at.selectbox(key="carte_indicateur").options or any(
        o.startswith("Accompagnements pour 1 000") for o in at.selectbox(key="carte_indicateur").options
    )
    at.selectbox(key="carte_indicateur").set_value(choice).run()
    assert not at.exception
    table = next(e.dataframe[0].value for e in at.expander if e.label.startswith("Valeurs de la carte"))
    column = f"Accompagnements pour 1 000 habitants ({SOURCE_CRA})"
    departements = bundle.territories.departements
    finistere = table[table["Code"] == "29"]
    if finistere.empty:  # the default level is the EPCI: check one of them
        communes = bundle.territories.communes
        codes = communes.loc[communes["code_epci"] == "242900314", "code_insee"]
        expected = 1000 * cra_totals(demo).reindex(codes).fillna(0).sum()
        expected /= communes.loc[communes["code_epci"] == "242900314", "population"].sum()
        assert table.set_index("Code").loc["242900314", column] == pytest.approx(expected)
    assert len(departements) == 4
    assert any("données fictives de démonstration" in c.value for c in at.caption)
    assert fr_number(1.0, 1) == "1,0"


def test_donnees_offers_the_activity_formats_and_says_when_no_coop_token_is_set(monkeypatch):
    monkeypatch.delenv("HUB_COOP_TOKEN", raising=False)
    at = open_app(page="views/donnees/page.py", tab=(DATA_TABS, tabs.IMPORT))
    at.selectbox(key="import-dataset").set_value("activite").run()
    formats = at.selectbox(key="import-format-activite")
    assert formats.options[:2] == [
        "Format du hub (format long : territoire, période, mesure, ventilation, valeur, source)",
        "Conseillers numériques : comptes rendus d'activité par code postal (fichier national de l'ANCT)",
    ]
    formats.set_value("coop_api").run()
    assert not at.exception
    assert any("Aucun jeton de La Coop" in i.value for i in at.info)


def test_fiche_compares_people_per_1000_with_its_departement_and_the_region(demo, bundle):
    at = open_app(page="views/territoire/page.py", query={"code": "29019"})
    table = next(d.value for d in at.dataframe if "Mesure" in d.value.columns and "Période" in d.value.columns)
    row = table[table["Mesure"].str.startswith("Accompagnements")].iloc[0]
    communes = bundle.territories.communes
    totals = cra_totals(demo)
    brest_pop = communes.loc[communes["code_insee"] == "29019", "population"].item()
    finistere = communes[communes["code_departement"] == "29"]
    assert row["Brest : pour 1 000 hab."] == round(1000 * totals["29019"] / brest_pop, 1)
    expected_29 = totals.reindex(finistere["code_insee"]).fillna(0).sum() / finistere["population"].sum()
    assert row["Finistère : pour 1 000 hab."] == round(1000 * expected_29, 1)
    assert row["Bretagne : pour 1 000 hab."] == round(1000 * totals.sum() / communes["population"].sum(), 1)
    assert row["Période"] == "cumul au 30/09/2023"
