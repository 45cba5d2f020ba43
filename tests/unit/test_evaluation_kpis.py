"""KPI targets interpolated at a date and the status rule, at its boundaries."""

import datetime as dt

import pandas as pd
import pytest

from analytics.evaluation import follow_up as ev

START = dt.date(2022, 1, 1)
M6, M12, END = dt.date(2022, 7, 1), dt.date(2023, 1, 1), dt.date(2023, 7, 1)


def kpi(baseline=0.0, m6=60.0, m12=120.0, m18=180.0, sens="plus_est_mieux", kid="K1", action="A1"):
    return {
        "id_kpi": kid,
        "action": action,
        "libelle": kid,
        "unite": "acteurs",
        "valeur_initiale": baseline,
        "cible_m6": m6,
        "cible_m12": m12,
        "cible_m18": m18,
        "sens": sens,
    }


def test_target_points_and_interpolation():
    k = kpi()
    assert ev.target_points(k, START, 18) == [(START, 0.0), (M6, 60.0), (M12, 120.0), (END, 180.0)]
    assert ev.target_at(k, START, 18, dt.date(2021, 6, 1)) == 0.0
    assert ev.target_at(k, START, 18, M6) == 60.0
    assert ev.target_at(k, START, 18, M12) == 120.0
    assert ev.target_at(k, START, 18, dt.date(2024, 1, 1)) == 180.0
    # 2022-04-01 is day 90 of the 181 days to month 6.
    assert ev.target_at(k, START, 18, dt.date(2022, 4, 1)) == pytest.approx(60 * 90 / 181)


def test_missing_intermediate_target_is_skipped():
    k = kpi(m6=None, m12=float("nan"))
    assert ev.target_points(k, START, 18) == [(START, 0.0), (END, 180.0)]
    assert ev.target_at(k, START, 18, M12) == pytest.approx(180 * 365 / 546)


@pytest.mark.parametrize(
    "value, status",
    [
        (90.0, ev.ON_TRACK),  # exactly 90 % of the expected progress
        (89.9, ev.AT_RISK),
        (70.0, ev.AT_RISK),  # exactly 70 %
        (69.9, ev.LATE),
        (150.0, ev.ON_TRACK),
        (-5.0, ev.LATE),
    ],
)
def test_status_boundaries(value, status):
    k = kpi(m6=100.0)
    ratio = ev.progress_ratio(0.0, ev.target_at(k, START, 18, M6), value)
    assert ev.kpi_status(ratio) == status


def test_boundary_is_exact_despite_float_arithmetic():
    # 35.8 + 0.9 x 14.2 = 48.58, but (48.58 - 35.8) / (50 - 35.8) is 0.8999999999999999 in floats.
    assert (48.58 - 35.8) / (50.0 - 35.8) < 0.9
    assert (0.31 - 0.1) / (0.4 - 0.1) < 0.7
    assert ev.progress_ratio(35.8, 50.0, 48.58) == 0.9
    assert ev.kpi_status(ev.progress_ratio(35.8, 50.0, 48.58)) == ev.ON_TRACK
    assert ev.kpi_status(ev.progress_ratio(35.8, 50.0, 45.74)) == ev.AT_RISK  # exactly 70 %
    assert ev.kpi_status(ev.progress_ratio(0.1, 0.4, 0.31)) == ev.AT_RISK  # exactly 70 %


def test_lower_is_better_kpi():
    assert ev.progress_ratio(10.0, 4.0, 4.6) == 0.9
    assert ev.kpi_status(ev.progress_ratio(10.0, 4.0, 4.6)) == ev.ON_TRACK
    assert ev.kpi_status(ev.progress_ratio(10.0, 4.0, 6.0)) == ev.LATE  # 66,7 %


def test_no_progress_expected_yet_and_no_measure():
    assert ev.progress_ratio(5.0, 5.0, 7.0) is None
    assert ev.kpi_status(None, True, 5.0, 7.0) == ev.ON_TRACK
    assert ev.kpi_status(None, True, 5.0, 4.0) == ev.LATE
    assert ev.kpi_status(None, True, 5.0, 4.0, better_higher=False) == ev.ON_TRACK
    assert ev.kpi_status(None, measured=False) == ev.NOT_MEASURED


def measures(rows):
    return pd.DataFrame(
        {
            "id_kpi": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows]),
            "valeur": [float(r[2]) for r in rows],
        }
    )


def test_kpi_progress_uses_the_last_measure_on_or_before_the_date():
    kpis = pd.DataFrame(
        [kpi(kid="K1"), kpi(kid="K2", baseline=10.0, m6=4.0, m12=2.0, m18=1.0, sens="plus_est_pire"), kpi(kid="K3")]
    )
    m = measures(
        [("K1", "2022-06-01", 40), ("K1", "2022-07-01", 54), ("K1", "2022-08-01", 500), ("K2", "2022-07-01", 6.0)]
    )
    out = ev.kpi_progress(kpis, m, START, 18, M6).set_index("id_kpi")
    assert out.loc["K1", "valeur"] == 54.0 and out.loc["K1", "date_mesure"] == pd.Timestamp("2022-07-01")
    assert out.loc["K1", "cible_a_date"] == 60.0
    assert (out.loc["K1", "ratio"], out.loc["K1", "statut"]) == (0.9, ev.ON_TRACK)
    assert (round(out.loc["K2", "ratio"], 4), out.loc["K2", "statut"]) == (0.6667, ev.LATE)
    assert out.loc["K3", "statut"] == ev.NOT_MEASURED and pd.isna(out.loc["K3", "valeur"])
    assert ev.status_counts(out["statut"], ev.KPI_STATUSES) == {
        ev.ON_TRACK: 1,
        ev.AT_RISK: 0,
        ev.LATE: 1,
        ev.NOT_MEASURED: 1,
    }


def test_demo_kpis_are_on_track_at_risk_and_late(hub_config):
    from loaders.bundle import load_bundle

    bundle = load_bundle(hub_config)
    out = ev.kpi_progress_at(bundle, dt.date(2023, 9, 30))
    statuses = out.set_index("id_kpi")["statut"].to_dict()
    assert [k for k, s in statuses.items() if s == ev.LATE] == ["A2-K2", "A3-K3"]
    assert [k for k, s in statuses.items() if s == ev.AT_RISK] == ["A1-K4", "A1-K5", "A3-K2"]
    assert sum(s == ev.ON_TRACK for s in statuses.values()) == 6
    assert out.set_index("id_kpi")["calcule"].to_dict() == {k: k != "A1-K5" for k in statuses}
