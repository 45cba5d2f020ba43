"""Milestone status at an as-of date, the previous committee, experiments at a date."""

import datetime as dt

import pandas as pd
import pytest

from analytics.evaluation import follow_up as ev


def milestones() -> pd.DataFrame:
    rows = [
        ("J1", "A1", "Lancement", "2022-06-01", "2022-05-30", "atteint"),
        ("J2", "A1", "Rencontre", "2022-06-01", "2022-06-11", "atteint"),
        ("J3", "A2", "Base v1", "2022-12-01", None, "en_cours"),
        ("J4", "A2", "Base v2", "2023-02-01", None, "a_venir"),
        ("J5", "A3", "Référentiel", "2022-10-01", None, "abandonne"),
        ("J6", "A3", "Guide", "2022-12-15", "2023-02-01", "atteint"),
        ("J7", "GESTION", "Comité de pilotage n°2", "2023-01-01", None, "a_venir"),
        ("J8", "GESTION", "Comité de pilotage n°1", "2022-06-20", "2022-06-28", "atteint"),
    ]
    frame = pd.DataFrame(rows, columns=["id_jalon", "action", "titre", "date_prevue", "date_reelle", "statut"])
    frame["date_prevue"] = pd.to_datetime(frame["date_prevue"])
    frame["date_reelle"] = pd.to_datetime(frame["date_reelle"])
    return frame


def statuses(as_of):
    out = ev.milestone_status(milestones(), as_of).set_index("id_jalon")
    return out["statut_a_date"].to_dict(), out["retard_jours"].to_dict()


def test_statuses_on_a_date():
    status, delay = statuses(dt.date(2023, 1, 1))
    assert status == {
        "J1": ev.REACHED_ON_TIME,
        "J2": ev.REACHED_LATE,
        "J3": ev.OVERDUE,
        "J4": ev.TO_COME,
        "J5": ev.ABANDONED,
        "J6": ev.OVERDUE,
        "J7": ev.TO_COME,  # planned on the as-of date itself: not late yet
        "J8": ev.REACHED_LATE,
    }
    assert (delay["J1"], delay["J2"], delay["J3"], delay["J6"], delay["J8"], delay["J4"]) == (0, 10, 31, 17, 8, 0)


def test_statuses_change_with_the_date():
    status, delay = statuses(dt.date(2023, 3, 1))
    assert (status["J6"], delay["J6"]) == (ev.REACHED_LATE, 48)
    assert (status["J4"], delay["J4"]) == (ev.OVERDUE, 28)
    status, _ = statuses(dt.date(2022, 9, 1))
    assert status["J5"] == ev.TO_COME  # abandoned, but its planned date has not come yet
    assert status["J3"] == ev.TO_COME
    status, _ = statuses(dt.date(2022, 6, 5))
    assert (status["J1"], status["J2"]) == (ev.REACHED_ON_TIME, ev.OVERDUE)  # J2 reached on the 11th


def test_previous_committee_is_the_last_one_held_before_the_date():
    assert ev.previous_committee(milestones(), dt.date(2023, 3, 1)) == dt.date(2022, 6, 28)
    assert ev.previous_committee(milestones(), dt.date(2022, 6, 28)) is None  # strictly before
    assert ev.previous_committee(milestones(), dt.date(2022, 6, 29)) == dt.date(2022, 6, 28)


def test_demo_milestones_at_the_end_of_the_demo_data(hub_config):
    from loaders.evaluation import load_milestones

    frame = load_milestones(hub_config.datasets["jalons"], hub_config).frame
    out = ev.milestone_status(frame, dt.date(2023, 9, 30))
    counts = ev.status_counts(out["statut_a_date"], ev.MILESTONE_STATUSES)
    assert counts == {ev.REACHED_ON_TIME: 7, ev.REACHED_LATE: 6, ev.OVERDUE: 2, ev.TO_COME: 5, ev.ABANDONED: 1}
    assert sorted(out.loc[out["statut_a_date"] == ev.OVERDUE, "id_jalon"]) == ["J12", "J15"]
    assert ev.previous_committee(frame, dt.date(2023, 9, 30)) == dt.date(2023, 6, 27)


def experiments() -> pd.DataFrame:
    rows = [
        ("E1", "2022-02-01", "2022-06-30", "terminee", "Bilan positif"),
        ("E2", "2022-03-01", None, "en_cours", None),
        ("E3", "2022-09-01", None, "proposee", None),
        ("E4", "2022-04-01", "2022-08-31", "abandonnee", "Local indisponible"),
    ]
    frame = pd.DataFrame(rows, columns=["id_experimentation", "date_debut", "date_fin", "statut", "resultats"])
    frame["date_debut"] = pd.to_datetime(frame["date_debut"])
    frame["date_fin"] = pd.to_datetime(frame["date_fin"])
    frame["resultats"] = frame["resultats"].astype("string")
    return frame


@pytest.mark.parametrize(
    "as_of, expected, supported",
    [
        (dt.date(2022, 1, 15), ["pas_commencee", "pas_commencee", "proposee", "pas_commencee"], 0),
        (dt.date(2022, 5, 1), ["en_cours", "en_cours", "proposee", "en_cours"], 3),
        (dt.date(2022, 12, 31), ["terminee", "en_cours", "proposee", "abandonnee"], 3),
    ],
)
def test_experiments_at_a_date(as_of, expected, supported):
    out = ev.experiments_at(experiments(), as_of)
    assert out["statut_a_date"].tolist() == expected
    assert int(ev.supported(out).sum()) == supported
    finished = out["statut_a_date"].isin(["terminee", "abandonnee"])
    assert out.loc[~finished, "resultats"].isna().all()
    assert out.loc[finished, "resultats"].notna().all()
