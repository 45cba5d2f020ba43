"""Funds raised for the territory's actors: status at a date, breakdowns, leverage; flows."""

import datetime as dt

import pandas as pd

from analytics.funding import money as fu
from tests.unit.funding_frames import budget_lines, demo_movements


def files() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "id_levee": ["F1", "F2", "F3", "F4"],
            "financeur": ["CAF", "FSE", "CAF", "Région"],
            "programme": ["Fonds publics", "FSE+", "Fonds publics", "Pass numérique"],
            "porteur": ["Centre social", "Fablab", "Centre social", "EPN"],
            "statut": ["obtenue", "refusee", "demandee", "obtenue"],
            "montant_demande_centimes": pd.array([10_000, 5_000, 7_000, 3_000], dtype="Int64"),
            "montant_obtenu_centimes": pd.array([8_000, None, None, 3_000], dtype="Int64"),
            "date_depot": pd.to_datetime(["2022-03-01", "2022-04-01", "2022-07-01", "2022-08-01"]),
            "date_decision": pd.to_datetime(["2022-06-01", "2022-05-01", None, None]),
            "code_territoire": pd.array(["29019", "35115", "29019", "29024"], dtype="string"),
            "niveau_territoire": pd.array(["commune"] * 4, dtype="string"),
        }
    )
    return frame


def test_status_as_of_a_date_ignores_later_files_and_later_decisions():
    out = fu.fundraising_as_of(files(), dt.date(2022, 5, 15))
    assert out.set_index("id_levee")["statut_a_date"].to_dict() == {"F1": "demandee", "F2": "refusee"}
    assert out["obtenu_centimes"].sum() == 0


def test_status_at_the_end_and_a_decision_without_date():
    out = fu.fundraising_as_of(files(), dt.date(2022, 12, 31))
    assert out.set_index("id_levee")["statut_a_date"].to_dict() == {
        "F1": "obtenue",
        "F2": "refusee",
        "F3": "demandee",
        "F4": "obtenue",
    }
    assert out["obtenu_centimes"].tolist() == [8_000, 0, 0, 3_000]
    assert out["obtenu_centimes"].dtype == "int64"


def test_breakdowns_by_status_and_funder():
    out = fu.fundraising_as_of(files(), dt.date(2022, 12, 31))
    assert fu.fundraising_by_status(out).to_dict("records") == [
        {"statut": "demandee", "nb_dossiers": 1, "demande_centimes": 7_000, "obtenu_centimes": 0},
        {"statut": "obtenue", "nb_dossiers": 2, "demande_centimes": 13_000, "obtenu_centimes": 11_000},
        {"statut": "refusee", "nb_dossiers": 1, "demande_centimes": 5_000, "obtenu_centimes": 0},
    ]
    by_funder = fu.fundraising_by(out, "financeur").set_index("financeur")
    assert by_funder.loc["CAF"].to_dict() == {
        "nb_dossiers": 2,
        "demande_centimes": 17_000,
        "nb_obtenus": 1,
        "obtenu_centimes": 8_000,
        "nb_refuses": 0,
        "nb_en_attente": 1,
    }
    assert list(by_funder.index) == ["CAF", "Région", "FSE"]  # by amount obtained, then files
    total = fu.fundraising_by(out, None).iloc[0]
    assert (total["nb_dossiers"], total["obtenu_centimes"], total["nb_refuses"]) == (4, 11_000, 1)


def test_leverage_is_funds_obtained_per_euro_of_hub_funding():
    assert fu.leverage(11_000, 22_000) == 0.5
    assert fu.leverage(34_010_000, 26_250_000) == 34_010_000 / 26_250_000
    assert fu.leverage(5, 0) is None


def test_demo_funds_obtained_and_leverage(hub_config, territories):
    from loaders.funding import load_fundraising

    raised = fu.fundraising_as_of(
        load_fundraising(hub_config.datasets["levees_fonds"], territories).frame, hub_config.end
    )
    obtained = int(raised["obtenu_centimes"].sum())
    assert obtained == 34_010_000  # 340 100 EUR, as in data/demo/LISEZMOI.md
    assert round(fu.leverage(obtained, hub_config.total_budget_cents), 2) == 1.30


def test_flows_from_funders_to_actions_to_departements():
    moves = fu.with_lines(demo_movements(), budget_lines())
    places = pd.Series(
        [None, None, "Finistère", "Finistère", "Finistère", "Ille-et-Vilaine"], index=moves.index, dtype="string"
    )
    out = fu.funding_flows(moves, places)
    assert out.to_dict("records") == [
        {"financeur": "Banque des Territoires", "action": "A1", "territoire": "", "montant_centimes": 30_000},
        {"financeur": "Banque des Territoires", "action": "A1", "territoire": "Finistère", "montant_centimes": 10_001},
        {"financeur": "Banque des Territoires", "action": "A3", "territoire": "Finistère", "montant_centimes": 5_000},
        {"financeur": "Région Bretagne", "action": "A1", "territoire": "Ille-et-Vilaine", "montant_centimes": 8_000},
    ]
    assert int(out["montant_centimes"].sum()) == 53_001  # every expense of a known line, once
