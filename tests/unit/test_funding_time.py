"""Consumption against time: month by month, the straight line of time, the projection."""

import datetime as dt

import pandas as pd
import pytest

from analytics.funding import money as fu
from tests.unit.funding_frames import movements

START = dt.date(2022, 1, 10)  # 3 months: to 2022-04-10, 90 days
END = dt.date(2022, 4, 10)


def lines(planned: int = 90_000) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_ligne": ["S1", "C1"],
            "action": ["A1", "A1"],
            "categorie": ["Personnel", "Personnel"],
            "enveloppe": ["socle", "cofinancement"],
            "financeur": ["BdT", "Région"],
            "libelle": ["x", "y"],
            "montant_prevu_centimes": pd.array([planned, 1_000_000], dtype="Int64"),
        }
    )


MOVES = movements(
    [
        ("M1", "2022-01-10", "S1", "engagement", 5_000, None, None, None),
        ("M2", "2022-02-10", "S1", "depense", 2_000, None, None, None),
        ("M3", "2022-02-15", "S1", "depense", 3_000, None, None, None),
        ("M4", "2022-03-01", "S1", "depense", 4_000, None, None, None),
        ("M5", "2022-02-01", "C1", "depense", 777_777, None, None, None),  # another envelope
    ]
)


def test_monthly_series_with_the_as_of_date_between_two_anniversaries():
    out = fu.monthly_consumption(lines(), MOVES, START, 3, dt.date(2022, 2, 20), ["socle"])
    assert [d.date() for d in out["date"]] == [
        START,
        dt.date(2022, 2, 10),
        dt.date(2022, 2, 20),
        dt.date(2022, 3, 10),
        END,
    ]
    assert list(out["mois"]) == [0, 1, 1, 2, 3]
    assert list(out["prevu_centimes"]) == [90_000] * 5
    # 31, 41, 59 and 90 days elapsed out of 90: 1 000 cents a day.
    assert list(out["ligne_temps_centimes"]) == [0, 31_000, 41_000, 59_000, 90_000]
    assert list(out["engage_cumule_centimes"])[:3] == [5_000, 5_000, 5_000]
    assert list(out["depense_cumule_centimes"])[:3] == [0, 2_000, 5_000]
    assert out["depense_cumule_centimes"].iloc[3:].isna().all()  # after the as-of date: unknown


def test_straight_line_is_floored_to_the_cent():
    out = fu.monthly_consumption(lines(planned=100), MOVES, START, 3, END, ["socle"])
    assert list(out["ligne_temps_centimes"]) == [0, 34, 65, 100]  # 100*31//90, 100*59//90
    assert list(out["depense_cumule_centimes"]) == [0, 2_000, 9_000, 9_000]


def spent(rows):
    return pd.DataFrame({"date": pd.to_datetime([d for d, _ in rows]), "montant_centimes": [c for _, c in rows]})


def test_projection_leaves_money_unspent_at_this_pace():
    # 6 000 spent in the 30 days to 2022-02-08; 61 days remain: 6 000 + 6 000 x 61 / 30 = 18 200.
    p = fu.project_spending(90_000, spent([("2022-01-20", 6_000)]), START, END, dt.date(2022, 2, 8), window_days=30)
    assert (p.window_days, p.window_spent_cents, p.spent_cents) == (30, 6_000, 6_000)
    assert p.projected_end_cents == 18_200
    assert p.runs_out_on is None
    assert p.unspent_end_cents == 71_800
    assert p.monthly_pace_cents == 6_088  # 6 000 x 30,4375 / 30 = 6 087,5, rounded half up
    assert not p.finished


def test_projection_finds_the_day_money_runs_out():
    # 45 000 in 30 days: the 45 000 left last 30 more days -> 2022-03-10.
    p = fu.project_spending(
        90_000, spent([("2022-01-15", 40_000), ("2022-02-08", 5_000)]), START, END, dt.date(2022, 2, 8), window_days=30
    )
    assert p.runs_out_on == dt.date(2022, 3, 10)
    assert p.unspent_end_cents == 0
    assert p.projected_end_cents == 45_000 + 91_500


def test_projection_uses_only_the_window():
    # The old expense is outside the 10-day window: the pace is 1 000 per 10 days.
    p = fu.project_spending(
        90_000, spent([("2022-01-11", 30_000), ("2022-02-05", 1_000)]), START, END, dt.date(2022, 2, 8), window_days=10
    )
    assert (p.window_days, p.window_spent_cents) == (10, 1_000)
    assert p.projected_end_cents == 31_000 + 6_100  # 1 000 x 61 / 10


def test_projection_rounds_half_up():
    # 1 cent over a 2-day window, 1 day left: 0,5 cent -> 1.
    p = fu.project_spending(100, spent([("2022-04-09", 1)]), START, END, dt.date(2022, 4, 9), window_days=2)
    assert p.projected_end_cents == 2


def test_projection_at_the_start_and_after_the_end():
    p = fu.project_spending(90_000, spent([]), START, END, dt.date(2021, 12, 1))
    assert (p.as_of, p.window_days, p.projected_end_cents, p.unspent_end_cents, p.runs_out_on) == (
        START,
        0,
        0,
        90_000,
        None,
    )
    p = fu.project_spending(90_000, spent([("2022-03-01", 50_000)]), START, END, dt.date(2023, 1, 1))
    assert p.finished and p.as_of == END
    assert (p.projected_end_cents, p.unspent_end_cents) == (50_000, 40_000)


def test_projection_when_the_money_is_already_spent():
    p = fu.project_spending(
        90_000, spent([("2022-02-01", 60_000), ("2022-03-01", 40_000)]), START, END, dt.date(2022, 3, 5), window_days=30
    )
    assert p.runs_out_on == dt.date(2022, 3, 1)
    assert p.unspent_end_cents == 0


def test_envelope_projection_reads_the_expenses_of_the_envelopes():
    p = fu.envelope_projection(lines(), MOVES, ["socle"], START, END, dt.date(2022, 3, 10), window_days=28)
    # Window 2022-02-11 .. 2022-03-10: 3 000 + 4 000 = 7 000; 31 days remain.
    assert (p.planned_cents, p.spent_cents, p.window_spent_cents) == (90_000, 9_000, 7_000)
    assert p.projected_end_cents == 9_000 + 7_750  # 7 000 x 31 / 28 = 7 750


@pytest.mark.parametrize("as_of", [dt.date(2023, 9, 30), dt.date(2023, 10, 26)])
def test_demo_series_ends_on_the_spent_total(hub_config, as_of):
    from loaders.bundle import load_bundle

    bundle = load_bundle(hub_config)
    keys = [e.key for e in hub_config.envelopes]
    series = fu.monthly_consumption(
        bundle.budget_lines, bundle.movements, hub_config.start, hub_config.months, as_of, keys
    )
    money = fu.envelope_consumption(bundle.budget_lines, bundle.movements, keys, as_of)
    last = series.dropna(subset=["depense_cumule_centimes"]).iloc[-1]
    assert int(last["depense_cumule_centimes"]) == int(money["depense_centimes"].sum())
    assert int(series["ligne_temps_centimes"].iloc[-1]) == 26_250_000
