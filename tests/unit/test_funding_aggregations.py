"""Funding aggregations in integer cents: by action, category, funder, envelope; budget check."""

import datetime as dt

import pandas as pd

from analytics.funding import money as fu
from tests.unit.funding_frames import budget_lines, demo_movements

AUG_31 = dt.date(2022, 8, 31)


def as_dict(frame: pd.DataFrame, key: str) -> dict:
    return {r[key]: (r["prevu_centimes"], r["engage_centimes"], r["depense_centimes"]) for _, r in frame.iterrows()}


def test_by_action_all_lines_as_of_a_date():
    out = fu.consumption_by(budget_lines(), demo_movements(), ["action"], AUG_31)
    assert as_dict(out, "action") == {
        "A1": (190_000, 60_000, 40_001),  # L1 + L2 + C1 planned; M2 + M3 spent (M6 comes later)
        "A2": (30_001, 0, 0),
        "A3": (20_000, 15_000, 0),
    }
    assert all(out[c].dtype == "int64" for c in fu.MONEY_COLUMNS)


def test_by_action_restricted_to_the_agreement_envelopes():
    out = fu.consumption_by(budget_lines(), demo_movements(), ["action"], None, ["socle", "territoires_prioritaires"])
    assert as_dict(out, "action") == {
        "A1": (150_000, 60_000, 40_001),
        "A2": (30_001, 0, 0),
        "A3": (20_000, 15_000, 5_000),
    }


def test_by_category_funder_and_envelope():
    lines, moves = budget_lines(), demo_movements()
    by_cat = as_dict(fu.consumption_by(lines, moves, ["categorie"]), "categorie")
    assert by_cat["Personnel"] == (140_000, 60_000, 38_000)
    assert by_cat["Événements"] == (50_000, 0, 10_001)
    by_funder = as_dict(fu.consumption_by(lines, moves, ["financeur"]), "financeur")
    assert by_funder == {"Banque des Territoires": (200_001, 75_000, 45_001), "Région Bretagne": (40_000, 0, 8_000)}
    by_env = as_dict(fu.consumption_by(lines, moves, ["enveloppe"]), "enveloppe")
    assert by_env["territoires_prioritaires"] == (20_000, 15_000, 5_000)
    assert by_env["cofinancement"] == (40_000, 0, 8_000)


def test_total_row_is_exact_in_cents():
    out = fu.with_total(fu.consumption_by(budget_lines(), demo_movements(), ["action"]), "action")
    total = out.iloc[-1]
    assert total["action"] == "Total"
    assert (total["prevu_centimes"], total["engage_centimes"], total["depense_centimes"]) == (240_001, 75_000, 53_001)
    rates = fu.with_rates(out)
    assert rates.loc[rates["action"] == "A3", "taux_depense"].iloc[0] == 5_000 / 20_000


def test_a_line_without_planned_amount_has_no_rate():
    frame = pd.DataFrame({"action": ["A9"], "prevu_centimes": [0], "engage_centimes": [10], "depense_centimes": [5]})
    assert fu.with_rates(frame)["taux_depense"].isna().all()


def test_envelope_check_reports_the_gap_to_the_agreement():
    check = fu.envelope_check(budget_lines(), [("socle", 180_000), ("territoires_prioritaires", 20_000)])
    assert check.to_dict("records") == [
        {"enveloppe": "socle", "convention_centimes": 180_000, "lignes_centimes": 180_001, "ecart_centimes": 1},
        {
            "enveloppe": "territoires_prioritaires",
            "convention_centimes": 20_000,
            "lignes_centimes": 20_000,
            "ecart_centimes": 0,
        },
    ]


def test_demo_budget_lines_sum_exactly_to_the_agreement(hub_config):
    from loaders.funding import load_budget_lines

    lines = load_budget_lines(hub_config.datasets["lignes_budget"], hub_config).frame
    check = fu.envelope_check(lines, [(e.key, e.amount_cents) for e in hub_config.envelopes])
    assert int(check["lignes_centimes"].sum()) == 26_250_000  # 262 500,00 EUR
    assert list(check["ecart_centimes"]) == [0, 0]
    assert list(check["convention_centimes"]) == [21_250_000, 5_000_000]


def test_existing_envelope_consumption_is_unchanged():
    out = fu.envelope_consumption(budget_lines(), demo_movements(), ["socle", "territoires_prioritaires"], AUG_31)
    assert out.to_dict("records") == [
        {"enveloppe": "socle", "prevu_centimes": 180_001, "engage_centimes": 60_000, "depense_centimes": 40_001},
        {
            "enveloppe": "territoires_prioritaires",
            "prevu_centimes": 20_000,
            "engage_centimes": 15_000,
            "depense_centimes": 0,
        },
    ]
