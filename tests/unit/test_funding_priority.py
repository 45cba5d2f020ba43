"""The envelope reserved for priority areas: by zone type, by territory, eligibility check."""

import datetime as dt

import pandas as pd

from analytics.funding import money as fu
from analytics.territory.scope import departement_of, sub_territory_names, territory_names, within_selection
from analytics.territory.selection import resolve_selection
from tests.unit.funding_frames import budget_lines, communes, demo_movements, movements


def checked(rows):
    return fu.eligibility(movements(rows), communes()).set_index("id_mouvement")


def test_communes_in_a_priority_zone_are_eligible_others_are_anomalies():
    out = checked(
        [
            ("Q", "2022-05-01", "T1", "depense", 100, "29019", "commune", "qpv"),  # Brest: QPV
            ("C", "2022-05-01", "T1", "depense", 100, "29024", "commune", "centre_bretagne"),
            ("A", "2022-05-01", "T1", "depense", 100, "35115", "commune", "acv"),
            ("X", "2022-05-01", "T1", "depense", 100, "29075", "commune", "qpv"),  # Guipavas: none
        ]
    )
    assert out["statut_eligibilite"].to_dict() == {
        "Q": fu.ELIGIBLE,
        "C": fu.ELIGIBLE,
        "A": fu.ELIGIBLE,
        "X": fu.OUTSIDE,
    }
    assert out.loc["X", "zones_du_territoire"] == ""
    assert "hors des zones prioritaires" in out.loc["X", "motif"]
    assert out.loc["Q", "motif"] == ""


def test_a_commune_eligible_for_another_zone_than_declared_is_eligible_and_said_so():
    out = checked([("A", "2022-05-01", "T1", "depense", 100, "35115", "commune", "qpv")])
    assert out.loc["A", "statut_eligibilite"] == fu.ELIGIBLE
    assert "Action Cœur de Ville" in out.loc["A", "motif"] and "QPV" in out.loc["A", "motif"]


def test_epci_departement_and_missing_territory_are_judged():
    out = checked(
        [
            (
                "E_ALL",
                "2022-05-01",
                "T1",
                "depense",
                100,
                "242900744",
                "epci",
                "centre_bretagne",
            ),  # all centre Bretagne
            ("E_SOME", "2022-05-01", "T1", "depense", 100, "242900314", "epci", "qpv"),  # Brest yes, Guipavas no
            ("E_NONE", "2022-05-01", "T1", "depense", 100, "243500139", "epci", None),  # Cesson-Sévigné only
            ("DEP", "2022-05-01", "T1", "depense", 100, "29", "departement", None),
            ("NONE", "2022-05-01", "T1", "depense", 100, None, None, None),
            ("BAD", "2022-05-01", "T1", "depense", 100, "2A9", None, "qpv"),  # unreadable code, kept by the loader
        ]
    )
    assert out["statut_eligibilite"].to_dict() == {
        "E_ALL": fu.ELIGIBLE,
        "E_SOME": fu.TO_CHECK,
        "E_NONE": fu.OUTSIDE,
        "DEP": fu.TO_CHECK,
        "NONE": fu.TO_CHECK,
        "BAD": fu.TO_CHECK,
    }
    assert out.loc["BAD", "motif"] == "territoire inconnu du référentiel"
    assert "1 commune(s) sur 2" in out.loc["E_SOME", "motif"]
    assert "3 commune(s) sur 4" in out.loc["DEP", "motif"]
    assert "non renseigné" in out.loc["NONE", "motif"]


def test_priority_movements_and_totals_by_zone():
    moves = fu.priority_movements(budget_lines(), demo_movements())
    assert list(moves["id_mouvement"]) == ["M4", "M5"]
    extra = movements(
        [
            ("M8", "2022-09-01", "T1", "depense", 1_234, "35115", "commune", "acv"),
            ("M9", "2022-09-02", "T1", "engagement", 50, None, None, None),
        ]
    )
    moves = pd.concat([moves, fu.with_lines(extra, budget_lines())], ignore_index=True)
    by_zone = fu.priority_by_zone(moves)
    assert by_zone.to_dict("records") == [
        {"zone": "qpv", "engage_centimes": 15_000, "depense_centimes": 5_000},
        {"zone": "acv", "engage_centimes": 0, "depense_centimes": 1_234},
        {"zone": "non_precisee", "engage_centimes": 50, "depense_centimes": 0},
    ]
    assert fu.priority_movements(budget_lines(), demo_movements(), dt.date(2022, 8, 15))["id_mouvement"].tolist() == [
        "M4"
    ]


def test_priority_by_departement():
    moves = fu.priority_movements(budget_lines(), demo_movements())
    deps = departement_of(moves["code_territoire"], moves["niveau_territoire"], communes())
    out = fu.committed_and_spent(moves.assign(dep=deps.astype("object")), ["dep"])
    assert out.to_dict("records") == [{"dep": "29", "engage_centimes": 15_000, "depense_centimes": 5_000}]


def test_demo_data_has_exactly_two_eligibility_anomalies(hub_config, territories):
    from loaders.bundle import load_bundle

    bundle = load_bundle(hub_config)
    out = fu.eligibility(fu.priority_movements(bundle.budget_lines, bundle.movements), bundle.territories.communes)
    anomalies = out[out["statut_eligibilite"] == fu.OUTSIDE]
    assert sorted(anomalies["id_mouvement"]) == ["MVT-0208", "MVT-0236"]  # Guerlesquin, Plérin
    assert int(anomalies["montant_centimes"].sum()) == 6_840 + 50_500
    assert (out["statut_eligibilite"] == fu.TO_CHECK).sum() == 0


def test_territories_of_any_level_inside_a_selection():
    comms = communes()
    codes = pd.Series(["29019", "242900314", "29", "35115", None, "99999", "xx"], dtype="string")
    levels = pd.Series(["commune", "epci", "departement", "commune", None, "commune", None], dtype="string")
    finistere = resolve_selection(comms, "Bretagne", "29")
    brest_epci = resolve_selection(comms, "Bretagne", "29", "242900314")
    brest = resolve_selection(comms, "Bretagne", "29", "242900314", "29019")
    region = resolve_selection(comms, "Bretagne")
    assert within_selection(codes, levels, comms, finistere).tolist() == [True, True, True, False, False, False, False]
    assert within_selection(codes, levels, comms, brest_epci).tolist() == [
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert within_selection(codes, levels, comms, brest).tolist() == [True, False, False, False, False, False, False]
    assert within_selection(codes, levels, comms, region).all()
    assert departement_of(codes, levels, comms).tolist() == ["29", "29", "29", "35", pd.NA, pd.NA, pd.NA]
    assert territory_names(codes, levels, comms).tolist() == [
        "Brest",
        "Brest Métropole",
        "Finistère",
        "Fougères",
        "Non localisé",
        "99999",
        "xx",
    ]


def test_names_one_level_below_the_selection():
    comms = communes()
    codes = pd.Series(["29019", "29075", "242900314", "29024", None], dtype="string")
    levels = pd.Series(["commune", "commune", "epci", "commune", None], dtype="string")
    region = resolve_selection(comms, "Bretagne")
    finistere = resolve_selection(comms, "Bretagne", "29")
    brest_epci = resolve_selection(comms, "Bretagne", "29", "242900314")
    names, title = sub_territory_names(codes, levels, comms, region)
    assert (names.tolist(), title) == (["Finistère"] * 4 + ["Non localisé"], "Département")
    names, title = sub_territory_names(codes, levels, comms, finistere)
    assert (names.tolist(), title) == (
        ["Brest Métropole", "Brest Métropole", "Brest Métropole", "Poher Communauté", "Non localisé"],
        "EPCI",
    )
    names, title = sub_territory_names(codes, levels, comms, brest_epci)
    assert (names.tolist(), title) == (
        ["Brest", "Guipavas", "Brest Métropole", "Carhaix-Plouguer", "Non localisé"],
        "Commune",
    )
