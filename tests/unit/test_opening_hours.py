"""Opening hours read by the OSM parser (opening-hours-py): real-world `horaires` values, the
map's filters (open now, on Saturday, after 18:00) and the weekly hours per territory."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics.coverage import opening_hours as oh
from analytics.coverage.actor_filters import ActorFilter, filter_actors

# A Wednesday; its week runs from Monday 2024-03-11 to Monday 2024-03-18.
DAY = dt.date(2024, 3, 13)

# (value as published, readable, weekly hours, open Saturday, open after 18:00, open on Wed 13/03 at 10:30)
REAL_WORLD = [
    # The standard's official example.
    ("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", True, 41.0, True, True, True),
    # France Services sites of Bretagne (as the hub's reader writes their published hours).
    ("Mo-Tu 08:00-12:00,13:00-16:00; We 08:00-12:00; Th-Fr 08:00-12:00,13:00-16:00", True, 32.0, False, False, True),
    ("Mo-Fr 09:00-12:00,13:00-17:00; Sa 09:00-12:00", True, 38.0, True, False, True),
    ("Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00", True, 27.0, False, False, True),
    # Written by hand in the hubs' files.
    ("Tu-Sa 14:00-19:00", True, 25.0, True, True, False),
    ("Mo-Fr 08:30-12:00, 13:30-17:00", True, 35.0, False, False, True),
    ("Tu,Th 16:00-18:30; We 10:00-12:00,14:00-18:00; Sa 10:00-12:30", True, 13.5, True, True, True),
    ("We 14:00-18:00; Sa 10:00-12:00", True, 6.0, True, False, False),
    ("Mo-Fr 09:00-12:00; PH off", True, 15.0, False, False, True),
    ("Mo-Sa 10:00-19:00; Su off", True, 54.0, True, True, True),
    ("24/7", True, 168.0, True, True, True),
    ("mo-fr 09:00-17:00", True, 40.0, False, False, True),  # lower case: accepted, with a warning
    # Unreadable: French words, "h" for ":", a missing comma, a sentence.
    ("Lundi au vendredi 9h-12h / 14h-17h", False, None, None, None, None),
    ("Mo-Fr 9h-12h", False, None, None, None, None),
    ("Mo-Fr 09:00-12:00 14:00-17:00", False, None, None, None, None),
    ("Sur rendez-vous", False, None, None, None, None),
    ("Mo-Fr 09h00-12h00; Sa 09h00-12h00", False, None, None, None, None),
    ("Du mardi au samedi de 10h à 18h", False, None, None, None, None),
    ("Mo-Fr 09:00-12:00 et 14:00-17:30", False, None, None, None, None),
]


@pytest.mark.parametrize(("value", "readable", "hours", "saturday", "evening", "open_now"), REAL_WORLD)
def test_real_world_values(value, readable, hours, saturday, evening, open_now):
    week = oh.week_of(value, DAY)
    assert week.state == (oh.VALID if readable else oh.UNREADABLE)
    assert week.hours == hours
    assert week.saturday == saturday
    assert week.evening == evening
    assert oh.open_at(value, dt.datetime(2024, 3, 13, 10, 30)) == open_now


def test_absent_hours_are_neither_open_nor_closed():
    for value in ("", None, float("nan"), "   "):
        assert oh.state_of(value) == oh.ABSENT
        assert oh.open_at(value, dt.datetime(2024, 3, 13, 10, 30)) is None


def places() -> pd.DataFrame:
    values = [v for v, *_ in REAL_WORLD] + ["", "Su 10:00-12:00"]
    return pd.DataFrame(
        {
            "id": [f"p{k}" for k in range(len(values))],
            "nom": [f"Lieu {k}" for k in range(len(values))],
            "commune": "Brest",
            "code_insee": "29019",
            "horaires": values,
        }
    )


def test_week_table_and_the_unreadable_list():
    table = oh.week_table(places(), DAY)
    assert (table["etat_horaires"] == oh.UNREADABLE).sum() == 7
    assert (table["etat_horaires"] == oh.ABSENT).sum() == 1
    assert table["ouvert_dimanche"].fillna(False).sum() == 2  # 24/7 and « Su 10:00-12:00 »
    assert table.loc[table.index[-1], "soir_ou_weekend"]
    bad = oh.unreadable_hours(places())
    assert bad["horaires"].tolist() == [v for v, readable, *_ in REAL_WORLD if not readable]


def test_map_filters_open_now_saturday_after_six():
    frame = places().assign(
        services=[[]] * len(places()),
        dispositif_programmes_nationaux=[[]] * len(places()),
        publics_specifiquement_adresses=[[]] * len(places()),
        frais_a_charge=[[]] * len(places()),
    )
    expected = {v: row for v, *row in REAL_WORLD}

    def shown(**criteria):
        return set(filter_actors(frame, ActorFilter(**criteria), now=dt.datetime(2024, 3, 13, 10, 30))["horaires"])

    readable = [v for v, row in expected.items() if row[0]]
    assert shown(open_now=True) == {v for v in readable if expected[v][4]}
    assert shown(saturday=True) == {v for v in readable if expected[v][2]}
    assert shown(evening=True) == {v for v in readable if expected[v][3]}
    assert shown(saturday=True, evening=True) == {v for v in readable if expected[v][2] and expected[v][3]}
    # Sunday 10:30: only 24/7 and the Sunday morning place are open.
    sunday = filter_actors(frame, ActorFilter(open_now=True), now=dt.datetime(2024, 3, 17, 10, 30))
    assert set(sunday["horaires"]) == {"24/7", "Su 10:00-12:00"}


def test_weekly_hours_per_territory_per_10000_inhabitants():
    communes = pd.DataFrame(
        {
            "code_insee": ["29019", "29020", "35238"],
            "code_epci": ["E1", "E1", "E2"],
            "population": [20_000, 5_000, 10_000],
        }
    )
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "code_insee": ["29019", "29020", "29019", "35238", "99999"],
            "horaires": ["Mo-Fr 09:00-12:00", "Sa 10:00-12:00", "Mo-Fr 9h-12h", "Lundi 9h", "Mo-Fr 09:00-17:00"],
        }
    )
    table = oh.opening_by_territory(actors, communes, "code_epci", DAY).set_index("code")
    e1 = table.loc["E1"]
    assert e1["lieux"] == 3 and e1["lieux_horaires_lisibles"] == 2
    assert e1["heures_hebdo"] == 17.0
    assert e1["heures_pour_10000"] == pytest.approx(17.0 * 10_000 / 25_000)
    assert e1["part_soir_weekend"] == pytest.approx(0.5)  # the Saturday one, of two readable
    e2 = table.loc["E2"]
    # One place, hours unreadable: unknown, not zero.
    assert e2["lieux"] == 1 and pd.isna(e2["heures_pour_10000"]) and pd.isna(e2["part_soir_weekend"])
    empty = oh.opening_by_territory(actors.iloc[:0], communes, "code_epci", DAY).set_index("code")
    assert empty.loc["E1", "heures_pour_10000"] == 0.0


@pytest.mark.realdata
def test_every_france_services_hours_of_bretagne_is_readable(shared_open_dir, territories):
    from loaders.sources.france_services import read_france_services

    read = read_france_services(shared_open_dir / "france_services_bretagne_portrea.csv", territories)
    values = read.frame["horaires"].dropna()
    values = values[values != ""]
    assert len(values) > 100
    states = values.map(oh.state_of)
    assert (states == oh.VALID).all(), values[states != oh.VALID].tolist()
    weeks = oh.week_table(read.frame, DAY)
    assert (weeks.loc[values.index, "heures_semaine"] > 0).all()


@pytest.mark.realdata
def test_the_standard_official_example_is_readable(shared_open_dir, territories):
    from loaders.actors import load_actors

    example = load_actors(shared_open_dir / "lieux_mediation_numerique_exemple_officiel_fictif.csv", territories)
    week = oh.week_of(example.frame["horaires"].iloc[0], DAY)
    assert week.state == oh.VALID and week.hours == 41.0 and week.saturday and week.evening
