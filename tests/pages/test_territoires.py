"""Territoires: the table per level equals the analytics computed from the loaded bundle."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.access import commune_coverage, coverage_by_level, zones_blanches
from analytics.coverage.gap_score import gap_scores, rank_by_gap
from analytics.territory.selection import short_epci_name
from components.format_fr import fr_int, fr_number, fr_percent
from tests.pages.conftest import metric, open_app

PAGE = "views/territoires/page.py"


def expected(bundle, level: str, threshold: float = 10.0, communes=None) -> pd.DataFrame:
    as_of = min(dt.date.today(), bundle.config.end)
    cov = commune_coverage(bundle.territories.communes, bundle.actors, threshold, as_of)
    if communes is not None:
        cov = cov[cov["code_insee"].isin(communes)]
    labels = {"centre_bretagne": bundle.config.centre_label}
    table = coverage_by_level(cov, level, bundle.indicators, labels, (bundle.config.region_code, bundle.config.region))
    return rank_by_gap(gap_scores(table))


def shown_table(at) -> pd.DataFrame:
    for frame in at.dataframe:
        if "Écart besoin/offre" in frame.value.columns:
            return frame.value
    raise AssertionError("tableau des territoires absent")


def shown_blank(at) -> pd.DataFrame:
    for frame in at.dataframe:
        if (
            "Distance au lieu le plus proche (km)" in frame.value.columns
            and "Lieu le plus proche" in frame.value.columns
        ):
            return frame.value
    raise AssertionError("tableau des zones blanches absent")


@pytest.fixture(scope="module")
def page():
    return open_app(page=PAGE)


def test_epci_table_equals_the_analytics(page, bundle):
    table = shown_table(page)
    want = expected(bundle, "epci")
    assert list(table["Code"]) == list(want["code"])
    assert list(table["Population"]) == list(want["population"])
    assert list(table["Lieux"]) == list(want["nb_lieux"])
    assert list(table["Membres du réseau"]) == list(want["nb_membres"])
    assert list(table["Distance moyenne au lieu le plus proche (km)"]) == list(want["distance_moy_km"].round(2))
    assert list(table["Population à plus de 10 km d'un lieu (%)"]) == list((100 * want["part_pop_au_dela"]).round(1))
    assert list(table["Sans « Démarches administratives » à 10 km (%)"]) == list(
        (100 * want["part_pop_sans_demarches"]).round(1)
    )
    assert list(table["IFN global"]) == list(want["ifn_total"].round(2))
    assert list(table["Écart besoin/offre"]) == list(want["score_ecart"].round(1))
    assert table["Rang"].iloc[0] == 1
    # Each row leads to its profile.
    assert table["Fiche"].iloc[0] == f"/territoire?niveau=epci&code={want['code'].iloc[0]}"
    assert page.subheader[0].value == "Les 20 EPCI où le besoin dépasse le plus l'offre"
    assert any(m.value.startswith("**Formule.** Écart = centile du besoin") for m in page.markdown)


def test_metrics_for_the_whole_region(page, bundle):
    region = expected(bundle, "region").iloc[0]
    assert metric(page, "Population à plus de 10 km") == fr_percent(region["part_pop_au_dela"])
    assert (
        metric(page, "Zones blanches")
        == f"{fr_int(region['nb_communes_au_dela'])} / {fr_int(len(bundle.territories.communes))}"
    )
    assert metric(page, "Distance moyenne") == f"{fr_number(region['distance_moy_km'], 1)} km"
    assert metric(page, "EPCI sous-dotés") == f"{fr_int(expected(bundle, 'epci')['sous_dote'].sum())} / 61"


def test_tables_download_as_csv_and_xlsx(page):
    keys = {b.key for b in page.download_button}
    assert {"territoires-tableau-csv", "territoires-tableau-xlsx"} <= keys
    if any(k.startswith("territoires-zones-blanches") for k in keys):
        assert {"territoires-zones-blanches-csv", "territoires-zones-blanches-xlsx"} <= keys


def test_zones_blanches_are_listed_with_their_population(page, bundle):
    as_of = min(dt.date.today(), bundle.config.end)
    blank = zones_blanches(commune_coverage(bundle.territories.communes, bundle.actors, 10, as_of))
    assert not blank.empty, "les données de démonstration comptent des zones blanches"
    shown = shown_blank(page)
    assert list(shown["Code"]) == list(blank["code_insee"])
    assert list(shown["Population"]) == list(blank["population"])
    assert any(f"{fr_int(blank['population'].sum())} habitants" in m.value for m in page.markdown)


def test_switching_level(bundle):
    at = open_app(page=PAGE)
    at.radio(key="territoires_niveau").set_value("departement").run()
    assert not at.exception
    table = shown_table(at)
    want = expected(bundle, "departement")
    assert sorted(table["Code"]) == ["22", "29", "35", "56"]
    assert list(table["Code"]) == list(want["code"])
    assert list(table["Population"]) == list(want["population"])
    assert table["Fiche"].iloc[0] == f"/territoire?niveau=departement&code={want['code'].iloc[0]}"

    at.radio(key="territoires_niveau").set_value("zone").run()
    table = shown_table(at)
    want = expected(bundle, "zone").set_index("nom")
    assert set(table["Territoire"]) == {
        "Communes avec un QPV",
        "Action Cœur de Ville",
        bundle.config.centre_label,
        "Hors zones prioritaires",
    }
    assert "Fiche" not in table.columns  # a priority zone has no profile page
    for row in table.itertuples(index=False):
        assert row.Population == want.loc[row.Territoire, "population"]

    at.radio(key="territoires_niveau").set_value("commune").run()
    table = shown_table(at)
    assert len(table) == len(bundle.territories.communes)
    assert table["Fiche"].str.startswith("/territoire?niveau=commune&code=").all()


def test_changing_the_threshold(bundle):
    at = open_app(page=PAGE)
    at.select_slider(key="territoires_seuil").set_value(5.0).run()
    assert not at.exception
    region = expected(bundle, "region", threshold=5.0).iloc[0]
    assert metric(at, "Population à plus de 5 km") == fr_percent(region["part_pop_au_dela"])
    assert metric(at, "Zones blanches").startswith(fr_int(region["nb_communes_au_dela"]) + " / ")
    table = shown_table(at)
    assert "Population à plus de 5 km d'un lieu (%)" in table.columns
    assert table["Fiche"].iloc[0].endswith("&seuil=5")


def in_region(bundle, level: str, communes, threshold: float = 10.0) -> pd.DataFrame:
    """The territories of `level` holding one of `communes`, scored against the whole region,
    ranked among themselves."""
    region = expected(bundle, level, threshold)
    column = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}[level]
    ref = bundle.territories.communes
    codes = set(ref.loc[ref["code_insee"].isin(communes), column])
    part = region[region["code"].isin(codes)].reset_index(drop=True)
    part["rang"] = part["score_ecart"].rank(ascending=False, method="min").astype("Int64")
    return part


def bar_chart(at) -> dict:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if spec["data"] and spec["data"][0].get("type") == "bar" and spec["data"][0].get("orientation") == "h":
            return spec["data"][0]
    raise AssertionError("graphique des écarts absent")


def bar_values(trace) -> list[float]:
    x = trace["x"]
    if isinstance(x, dict):
        x = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]))
    return [float(v) for v in x]


def test_sidebar_filter_restricts_the_rows_not_the_comparison(bundle):
    at = open_app(page=PAGE, query={"dep": "29"})
    communes = bundle.territories.communes
    finistere = frozenset(communes.loc[communes["code_departement"] == "29", "code_insee"])
    want = in_region(bundle, "epci", finistere)
    table = shown_table(at)
    assert list(table["Code"]) == list(want["code"])
    assert list(table["Population"]) == list(want["population"])
    assert list(table["Écart besoin/offre"]) == list(want["score_ecart"].round(1))
    assert list(table["Rang"]) == list(want["rang"])
    # Poher communauté straddles the Côtes-d'Armor and the Finistère: its row is all of it.
    poher = table.set_index("Code").loc["242900744"]
    assert poher["Population"] == communes.loc[communes["code_epci"] == "242900744", "population"].sum()
    assert metric(at, "Zones blanches").endswith(f" / {fr_int(len(finistere))}")
    assert metric(at, "EPCI sous-dotés") == f"{fr_int(want['sous_dote'].sum())} / {fr_int(len(want))}"
    assert any(
        m.value.startswith("**Comparaison.** Centiles et médianes calculés parmi les 61 EPCI de la région Bretagne")
        for m in at.markdown
    )


def test_a_commune_filter_keeps_the_epci_row_with_the_epci_figures(bundle):
    quimper, ergue = "200068120", "29051"
    at = open_app(page=PAGE, query={"dep": "29", "epci": quimper, "commune": ergue})
    communes = bundle.territories.communes
    table = shown_table(at)
    assert list(table["Code"]) == [quimper]
    row = table.iloc[0]
    own = communes.loc[communes["code_epci"] == quimper, "population"].sum()
    assert row["Population"] == own and own != communes.loc[communes["code_insee"] == ergue, "population"].iloc[0]
    assert row["Communes"] == (communes["code_epci"] == quimper).sum()
    region = expected(bundle, "epci").set_index("code").loc[quimper]
    assert row["Écart besoin/offre"] == round(region["score_ecart"], 1)
    assert row["Besoin (centile)"] == round(region["centile_besoin"], 1)
    # The chart ranks the communes of the commune's EPCI against the region's communes.
    members = frozenset(communes.loc[communes["code_epci"] == quimper, "code_insee"])
    ranked = in_region(bundle, "commune", members)
    assert (ranked["score_ecart"] > 0).any()
    assert at.subheader[0].value == f"Les {len(ranked)} communes où le besoin dépasse le plus l'offre"
    assert any(
        i.value.replace("\\", "").startswith(
            "Une seule commune choisie, Ergué-Gabéric (29051) : le graphique la classe parmi les 14 communes de son "
            "EPCI"
        )
        for i in at.info
    )
    top = ranked.dropna(subset=["score_ecart"]).nlargest(20, "score_ecart")
    assert sorted(round(v, 6) for v in bar_values(bar_chart(at))) == sorted(top["score_ecart"].round(6).tolist())


def test_one_epci_chosen_ranks_its_communes_against_the_region(bundle):
    brest = "242900314"
    at = open_app(page=PAGE, query={"dep": "29", "epci": brest})
    communes = bundle.territories.communes
    members = frozenset(communes.loc[communes["code_epci"] == brest, "code_insee"])
    ranked = in_region(bundle, "commune", members)
    assert len(ranked) == 8
    # Not one bar at 0: eight communes, each with its gap against the region's communes.
    # In the demo data no commune of Brest Métropole has more need than supply: the title says so.
    assert (ranked["score_ecart"] <= 0).all()
    assert at.subheader[0].value == "Écart entre le besoin et l'offre : les 8 communes"
    shown = bar_values(bar_chart(at))
    assert sorted(round(v, 6) for v in shown) == sorted(ranked["score_ecart"].round(6).tolist())
    assert any(v != 0 for v in shown)
    assert any(
        "Un seul EPCI dans la sélection, Brest Métropole : le graphique classe ses 8 communes" in i.value
        for i in at.info
    )
    assert any(
        f"parmi les {fr_int(len(communes))} communes de la région Bretagne, quel que soit le filtre" in m.value
        for m in at.markdown
    )
    # The table keeps the EPCI's row, placed against the region's EPCI.
    table = shown_table(at)
    region = expected(bundle, "epci").set_index("code").loc[brest]
    assert list(table["Code"]) == [brest]
    assert table["Écart besoin/offre"].iloc[0] == round(region["score_ecart"], 1)

    at.radio(key="territoires_niveau").set_value("commune").run()
    assert not at.exception
    table = shown_table(at)
    assert list(table["Code"]) == list(ranked["code"])
    assert list(table["Besoin (centile)"]) == list(ranked["centile_besoin"].round(1))
    assert list(table["Rang"]) == list(ranked["rang"])


def test_opening_a_profile_from_the_table(bundle):
    at = open_app(page=PAGE)
    first = shown_table(at)["Code"].iloc[0]
    at.selectbox(key="territoires_fiche").set_value(first).run()
    at.button(key="territoires_ouvrir").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("code") == first
    assert at.query_params.get("niveau") == "epci"
    name = bundle.territories.communes.loc[bundle.territories.communes["code_epci"] == first, "nom_epci"].iloc[0]
    assert at.title[0].value == short_epci_name(name)
    assert any(s.value.startswith("Indicateurs comparés") for s in at.subheader)


def test_opening_hours_per_epci(page, bundle):
    from analytics.coverage.opening_hours import opening_by_territory

    table = shown_table(page).set_index("Code")
    hours = opening_by_territory(bundle.actors, bundle.territories.communes, "code_epci", dt.date.today())
    hours = hours.set_index("code")
    for code in list(table.index[:5]):
        assert table.loc[code, "Heures d'ouverture hebdomadaires pour 10 000 hab."] == pytest.approx(
            round(hours.loc[code, "heures_pour_10000"], 1)
        )
        assert table.loc[code, "Lieux ouverts en soirée ou le week-end (%)"] == pytest.approx(
            round(100 * hours.loc[code, "part_soir_weekend"], 1)
        )
    assert table["Heures d'ouverture hebdomadaires pour 10 000 hab."].notna().sum() > 40
