"""The activity dataset: the hub's own file, the postal-code rule, and every figure drawn from it
(one period per source, territories, zones, money beside activity, experiments), on small frames
with exact expected values."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.impact import activity as act
from components.activity import compact_headline, headline, undeclared_sentence, zone_rows
from ingestion.dataset_import import ImportContext, ImportPreview, _compose_activity
from loaders.activity import load_activity, typed_activity
from loaders.activity_measures import SOURCE_AIDANTS_CONNECT, SOURCE_CRA, period_end, period_label, period_start
from loaders.postal_codes import PostalTable, normalise_postal_code, spread
from loaders.problems import ERROR
from loaders.templates import template_csv

HEADER = "niveau,code,periode,mesure,ventilation,categorie,valeur,source\n"
FR = lambda d: d.strftime("%d/%m/%Y")  # noqa: E731


def rows(*items) -> pd.DataFrame:
    """Activity rows: (niveau, code, periode, mesure, ventilation, categorie, valeur, source[, fictif])."""
    keys = ("niveau", "code", "periode", "mesure", "ventilation", "categorie", "valeur", "source", "fictif")
    return typed_activity([dict(zip(keys, item)) for item in items])


# --- postal codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, code, repaired",
    [
        ("29200", "29200", False),
        (" 5031", "05031", True),
        ("9110", "09110", True),
        ("29200.0", "29200", False),
        ("null", None, False),
        ("undef", None, False),
        ("24 54", None, False),
        ("", None, False),
        ("123", None, False),
    ],
)
def test_postal_codes_are_read_as_published(text, code, repaired):
    found = normalise_postal_code(text)
    assert (found.code, found.repaired) == (code, repaired)


def test_a_code_is_spread_by_population_equally_when_nobody_lives_there_and_its_outside_share_is_kept_apart():
    table = PostalTable(
        pd.DataFrame(
            {
                "code_postal": ["11111", "11111", "22222", "22222", "33333"],
                "code_insee": ["A", "B", "C", "D", "A"],
                "nom": ["a", "b", "c", "d", "a"],
                "code_departement": ["29", "29", "29", "29", "29"],
                "population": [300, 100, 0, 0, 50],
                "dans_region": [True, False, True, True, True],
            }
        ),
        ("29",),
    )
    values = pd.DataFrame({"code_postal": ["11111", "22222", "33333"], "total": [8.0, 3.0, 2.0]})
    communes, outside = spread(values, table, ["total"])
    assert communes.set_index("code_insee")["total"].to_dict() == {"A": 6.0 + 2.0, "C": 1.5, "D": 1.5}
    assert communes.set_index("code_insee").loc["A", "codes_postaux"] == ["11111", "33333"]
    assert outside.set_index("code_postal")["total"].to_dict() == {"11111": 2.0}
    assert table.in_region_prefix("29410") and not table.in_region_prefix("02920")
    corse = PostalTable(table.rows, ("2A", "2B"))
    assert corse.in_region_prefix("20000") and not corse.in_region_prefix("29000")


# --- the hub's own file ---------------------------------------------------------------------


def test_the_template_loads_without_a_problem(territories):
    result = load_activity(template_csv("activite"), territories, "modele_activite.csv", region_code="53")
    assert result.problems == [] and len(result.frame) == 2
    assert set(result.frame["ventilation"]) == {"total", "tranche_age"}


def test_the_hub_file_is_checked_row_by_row(territories):
    text = HEADER + (
        "commune,22007,2023,accompagnements,,,10,Hub\n"  # Binic, a former commune of Binic-Étables-sur-Mer
        "commune,22055,2023,accompagnements,total,total,5,Hub\n"
        "commune,99999,2023,accompagnements,total,total,4,Hub\n"  # unknown commune
        "epci,242900314,2023,accompagnements,total,total,7,Hub\n"
        "epci,242900314,2023,accompagnements,total,total,8,Hub\n"  # the same value twice
        "departement,29,2023,accompagnements,tranche_age,,3,Hub\n"  # a breakdown without its category
        "region,11,2023,accompagnements,total,total,3,Hub\n"  # another region's code
        "commune,29019,2023-13-45,accompagnements,total,total,3,Hub\n"  # not a period
        "commune,29019,2023,personnes,total,total,3,Hub\n"  # not a measure
    )
    result = load_activity(text.encode(), territories, "activite.csv", region_code="53")
    frame = result.frame.set_index(["niveau", "code"])
    assert frame.loc[("commune", "22055"), "valeur"] == 15  # the former code landed and was added
    assert frame.loc[("epci", "242900314"), "valeur"] == 7
    assert len(result.frame) == 2
    errors = sorted((p.line, p.column) for p in result.problems if p.severity == ERROR and p.line)
    assert errors == [(4, "code"), (6, "code"), (7, "categorie"), (8, "code"), (9, "periode"), (10, "mesure")]
    assert len(result.rejected) == 6
    assert any("ancien" in p.message or "fusionnées" in p.message for p in result.problems)


# --- one period per source ------------------------------------------------------------------


def test_each_source_is_read_at_its_latest_period_before_the_date_never_added():
    frame = rows(
        ("commune", "29019", "2023-03-31", "accompagnements", "total", "total", 100, SOURCE_CRA),
        ("commune", "29019", "2023-09-30", "accompagnements", "total", "total", 160, SOURCE_CRA),
        ("commune", "29019", "2024-02-12", "usagers_uniques", "total", "total", 9, SOURCE_AIDANTS_CONNECT),
    )
    found = {s.source: s for s in act.series_at(frame, dt.date(2023, 6, 30))}
    assert found[SOURCE_CRA].period == "2023-03-31" and not found[SOURCE_CRA].after_as_of
    assert found[SOURCE_AIDANTS_CONNECT].after_as_of  # its only period ends later: said
    early = act.series_at(frame, dt.date(2022, 1, 1))[0]
    assert early.period == "2023-03-31" and early.after_as_of
    latest = act.series_at(frame)[0]
    assert latest.period == "2023-09-30"
    communes = pd.DataFrame(
        {
            "code_insee": ["29019"],
            "nom": ["Brest"],
            "code_epci": ["242900314"],
            "nom_epci": ["Brest Métropole"],
            "code_departement": ["29"],
            "nom_departement": ["Finistère"],
            "population": [140_000],
            "qpv": [True],
            "acv": [False],
            "centre_bretagne": [False],
        }
    )
    value, population, _ = act.territory_value(frame, communes, latest, "region", None)
    assert (value, population) == (160, 140_000)  # not 100 + 160
    assert [f.series.measure for f in act.people_figures(frame, communes, "region", None)] == [
        "accompagnements",
        "usagers_uniques",
    ]


@pytest.mark.parametrize(
    "period, start, end, label",
    [
        ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "année 2023"),
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28), "mois 02/2023"),
        ("2023-07-17", None, dt.date(2023, 7, 17), "cumul au 17/07/2023"),
        ("2024-01-01/2024-06-30", dt.date(2024, 1, 1), dt.date(2024, 6, 30), "du 01/01/2024 au 30/06/2024"),
    ],
)
def test_periods(period, start, end, label):
    assert (period_start(period), period_end(period), period_label(period, FR)) == (start, end, label)


# --- territories ----------------------------------------------------------------------------


@pytest.fixture()
def four_communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code_insee": ["A", "B", "C", "D"],
            "nom": ["Ana", "Bel", "Cor", "Dol"],
            "code_epci": ["E1", "E1", "E2", "E2"],
            "nom_epci": ["Un", "Un", "Deux", "Deux"],
            "code_departement": ["29", "29", "29", "22"],
            "nom_departement": ["Finistère", "Finistère", "Finistère", "Côtes-d'Armor"],
            "population": [1000, 3000, 500, 500],
            "qpv": [True, False, False, False],
            "acv": [True, True, False, False],
            "centre_bretagne": [False, False, True, False],
        }
    )


def test_a_source_of_communes_only_counts_zero_where_it_recorded_nothing(four_communes):
    frame = rows(
        ("commune", "A", "2023", "accompagnements", "total", "total", 40, "Fichier"),
        ("commune", "C", "2023", "accompagnements", "total", "total", 5, "Fichier"),
    )
    series = act.series_at(frame)[0]
    assert act.covers_every_commune(frame, series)
    epci = act.measure_by_level(frame, four_communes, series, "epci").set_index("code")
    assert epci.loc["E1", "valeur"] == 40 and epci.loc["E1", "pour_1000"] == 10.0
    assert epci.loc["E2", "valeur"] == 5 and epci.loc["E2", "methode"] == act.SUMMED
    zones = act.measure_by_level(frame, four_communes, series, "zone").set_index("code")
    assert zones["valeur"].to_dict() == {"acv": 40, "centre_bretagne": 5, "hors_zone": 0, "qpv": 40}
    assert zones.loc["acv", "population"] == 4000 and zones.loc["acv", "pour_1000"] == 10.0


def test_a_published_value_wins_and_a_partial_source_is_unknown_where_communes_are_missing(four_communes):
    frame = rows(
        ("departement", "29", "2023", "beneficiaires", "total", "total", 900, "La Coop"),
        ("departement", "22", "2023", "beneficiaires", "total", "total", 100, "La Coop"),
        ("commune", "A", "2023", "beneficiaires", "total", "total", 70, "La Coop"),
        ("epci", "E2", "2023", "beneficiaires", "total", "total", 30, "La Coop"),
    )
    series = act.series_at(frame)[0]
    assert not act.covers_every_commune(frame, series)
    epci = act.measure_by_level(frame, four_communes, series, "epci").set_index("code")
    assert pd.isna(epci.loc["E1", "valeur"]) and epci.loc["E1", "methode"] == act.UNKNOWN  # B was not asked
    assert epci.loc["E2", "valeur"] == 30 and epci.loc["E2", "methode"] == act.PUBLISHED
    zones = act.measure_by_level(frame, four_communes, series, "zone").set_index("code")
    assert zones.loc["qpv", "valeur"] == 70 and pd.isna(zones.loc["acv", "valeur"])
    region = act.measure_by_level(frame, four_communes, series, "region")
    assert region["valeur"].iloc[0] == 1000 and region["methode"].iloc[0] == "somme des départements"
    assert act.territory_value(frame, four_communes, series, "commune", "B")[0] is None


@pytest.mark.parametrize("published", [False, True])
def test_one_territory_s_value_is_its_row_of_the_whole_table(four_communes, published):
    """territory_value reads only the territory's communes: the same value, population and method
    as its row in measure_by_level over every commune."""
    items = [
        ("commune", "A", "2023", "accompagnements", "total", "total", 40, "F"),
        ("commune", "B", "2023", "accompagnements", "total", "total", 7, "F"),
        ("commune", "C", "2023", "accompagnements", "total", "total", 5, "F"),
    ]
    if published:
        items += [("epci", "E2", "2023", "accompagnements", "total", "total", 30, "F")]
    frame = rows(*items)
    series = act.series_at(frame)[0]
    for level, codes in (("commune", "ABCD"), ("epci", ["E1", "E2"]), ("departement", ["29", "22"])):
        table = act.measure_by_level(frame, four_communes, series, level).set_index("code")
        for code in codes:
            value, population, method = act.territory_value(frame, four_communes, series, level, code)
            row = table.loc[code]
            assert (value is None) == pd.isna(row["valeur"]), (level, code)
            assert value is None or value == row["valeur"], (level, code)
            assert population == row["population"] and method == row["methode"], (level, code)


def test_breakdowns_and_their_shares(four_communes):
    frame = rows(
        ("commune", "A", "2023", "accompagnements", "total", "total", 10, "F"),
        ("commune", "A", "2023", "accompagnements", "tranche_age", "plus_60_ans", 6, "F"),
        ("commune", "A", "2023", "accompagnements", "tranche_age", "18_35_ans", 4, "F"),
        ("commune", "B", "2023", "accompagnements", "total", "total", 10, "F"),
        ("commune", "B", "2023", "accompagnements", "tranche_age", "plus_60_ans", 2, "F"),
        ("commune", "B", "2023", "accompagnements", "tranche_age", "18_35_ans", 8, "F"),
    )
    series = act.series_at(frame)[0]
    assert act.breakdowns_of(frame, series) == ["tranche_age"]
    table = act.breakdown(frame, four_communes, series, "tranche_age", "epci", "E1").set_index("categorie")
    assert table["valeur"].to_dict() == {"plus_60_ans": 8, "18_35_ans": 12}
    assert table.loc["plus_60_ans", "libelle"] == "Plus de 60 ans" and table.loc["18_35_ans", "part"] == 0.6


# --- money beside activity ------------------------------------------------------------------


def spent(*moves) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "zone_prioritaire": [m[0] for m in moves],
            "date": pd.to_datetime([m[1] for m in moves]),
            "montant_centimes": [m[2] for m in moves],
        }
    )


def test_the_hub_money_meets_the_activity_of_a_zone_or_says_why_not(four_communes):
    frame = rows(
        ("commune", "A", "2023-06-30", "accompagnements", "total", "total", 400, SOURCE_CRA),
        ("commune", "C", "2023-06-30", "accompagnements", "total", "total", 0, SOURCE_CRA),
    )
    moves = spent(("qpv", "2023-01-10", 100_000), ("centre_bretagne", "2023-02-01", 50_000), ("acv", "2023-08-01", 9))
    found = {
        m.zone: m
        for m in act.zone_meetings(
            frame, four_communes, moves, ("qpv", "centre_bretagne", "acv"), dt.date(2023, 9, 30), FR
        )
    }
    assert found["qpv"].ratio_cents == 250 and found["qpv"].reason is None  # 1 000 € / 400 accompaniments
    assert found["centre_bretagne"].ratio_cents is None
    assert found["centre_bretagne"].reason == "aucune activité recensée dans la zone par cette source"
    assert found["acv"].reason == (
        "l'activité recensée s'arrête le 30/06/2023, avant la première dépense du hub dans la zone (01/08/2023)"
    )
    lines = zone_rows(list(found.values()), {"qpv": "Communes avec un QPV"})
    assert lines[0][:3] == ["Communes avec un QPV", "1\u00a0000\u00a0€", "400 accompagnements"]
    assert lines[0][3] == "2,50\u00a0€ du hub par accompagnement recensé"
    assert lines[0][4] == "Conseillers numériques : comptes rendus d'activité (ANCT), cumul au 30/06/2023"
    assert lines[1][3].startswith("pas de rapport : aucune activité")
    none = act.zone_meetings(frame, four_communes, spent(), ("qpv",), dt.date(2023, 9, 30), FR)
    assert none[0].reason == "aucune dépense du hub déclarée pour ce type de zone"


def test_experiments_beside_the_people_they_declare():
    supported = pd.DataFrame(
        {
            "id_experimentation": ["E1", "E2", "E3"],
            "titre": ["Permanences", "Bus", "Formation"],
            "code_territoire": ["29019", "22266", "22136"],
            "territoire": ["Brest", "Rostrenen", "Loudéac"],
            "statut_a_date": ["terminee", "en_cours", "terminee"],
            "financement_hub_centimes": pd.array([500_000, 650_000, 400_000], dtype="Int64"),
            "beneficiaires": pd.array([180, pd.NA, 0], dtype="Int64"),
        }
    )
    found = act.experiments_people(supported)
    assert found[0].ratio_cents == pytest.approx(500_000 / 180) and found[0].reason is None
    assert found[1].ratio_cents is None and found[1].reason == "aucune personne déclarée"
    assert found[2].reason == "zéro personne déclarée"
    older = act.experiments_people(supported.drop(columns=["beneficiaires"]))  # a version stored before the column
    assert all(x.beneficiaries is None and x.ratio_cents is None for x in older)


# --- the funders' figure --------------------------------------------------------------------


def test_the_headline_names_every_source_and_marks_fictitious_values(four_communes):
    frame = rows(
        ("commune", "A", "2023-09-30", "accompagnements", "total", "total", 1200, SOURCE_CRA, True),
        ("commune", "A", "2023-09-30", "usagers_uniques", "total", "total", 30, SOURCE_AIDANTS_CONNECT, True),
    )
    figures = act.people_figures(frame, four_communes, "region", None)
    value, detail = headline(figures)
    assert value == "1\u00a0200"
    assert detail.startswith(
        "240,0 pour 1 000 habitants. 1\u00a0200 accompagnements (conseillers numériques, cumul au 30/09/2023, fictif)"
    )
    assert "30 usagers uniques (Aidants Connect, cumul au 30/09/2023, fictif)" in detail
    assert detail.endswith("sources non additionnées")
    assert headline([]) == (
        "non renseigné",
        "aucune donnée d'activité pour ce territoire : importez-en sur la page Données",
    )


def test_the_documents_grid_gives_the_first_source_and_points_to_the_others(four_communes):
    frame = rows(
        ("commune", "A", "2023-09-30", "accompagnements", "total", "total", 1200, SOURCE_CRA, True),
        ("commune", "A", "2023-09-30", "usagers_uniques", "total", "total", 30, SOURCE_AIDANTS_CONNECT, True),
    )
    figures = act.people_figures(frame, four_communes, "region", None)
    assert compact_headline(figures, "voir le rapport") == (
        "1\u00a0200",
        "240,0 pour 1 000 hab. ; accompagnements (conseillers numériques, cumul au 30/09/2023, fictif) ; "
        "+ 1 source non additionnée, voir le rapport",
    )
    assert compact_headline(figures[:1], "voir le rapport")[1].endswith("fictif)")
    assert compact_headline([], "voir le rapport") == headline([])


def test_experiments_without_people_are_counted_in_one_sentence():
    assert undeclared_sentence(11, True) == (
        "11 autres expérimentations ne déclarent aucune personne accompagnée : aucun coût par personne n'est "
        "calculé pour elles."
    )
    assert undeclared_sentence(1, True).startswith("Une autre expérimentation ne déclare aucune")
    assert undeclared_sentence(1, True).endswith("pour elle.")
    assert undeclared_sentence(3, False).startswith("Les 3 expérimentations ne déclarent")


# --- an import replaces its own source and period -------------------------------------------


def test_an_import_replaces_the_values_of_its_source_and_period_and_removes_the_demo(bundle_for_compose):
    bundle, current = bundle_for_compose
    loaded = rows(("commune", "29019", "2023-07-17", "accompagnements", "total", "total", 3945, SOURCE_CRA, False))
    context = ImportContext.from_bundle(bundle)
    context.frames["activite"] = current
    preview = ImportPreview("activite", "cra.csv", loaded=loaded)
    _compose_activity(preview, context)
    kept = preview.frame.set_index(["source", "periode"])["valeur"]
    assert kept.to_dict() == {(SOURCE_CRA, "2023-07-17"): 3945, ("Hub", "2022"): 12}
    messages = [p.message for p in preview.problems]
    assert messages[0].startswith("1 valeur(s) actuelle(s) de la même source et de la même période")
    assert messages[1].startswith("1 valeur(s) fictive(s) de démonstration retirée(s)")
    # A fictitious file (a test) only replaces its own values: the other fictitious ones stay.
    fictitious = ImportPreview("activite", "essai.csv", loaded=loaded.assign(fictif=True), fictitious=True)
    _compose_activity(fictitious, context)
    assert len(fictitious.frame) == 3


@pytest.fixture()
def bundle_for_compose():
    from loaders.bundle import load_bundle
    from loaders.config import load_config

    current = rows(
        ("commune", "29019", "2023-07-17", "accompagnements", "total", "total", 1, SOURCE_CRA, False),
        ("commune", "29019", "2022", "accompagnements", "total", "total", 12, "Hub", False),
        ("commune", "29019", "2023-09-30", "usagers_uniques", "total", "total", 5, SOURCE_AIDANTS_CONNECT, True),
    )
    return load_bundle(load_config()), current
