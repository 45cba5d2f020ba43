"""Action 1 (network) and Action 2 (database) figures over time, from hand-made frames."""

import datetime as dt

import pandas as pd

from analytics.evaluation import follow_up as ev


def actors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a1", "a2", "a3", "a4"],
            "code_insee": ["29019", "29019", "35238", "35238"],
            "membre_reseau_depuis": pd.to_datetime(["2022-02-01", "2022-06-01", None, None]),
            "date_maj": pd.to_datetime(["2021-06-01", "2022-03-01", "2022-08-01", None]),
            "telephone": pd.array(
                ["+33 2 61 91 00 00", None, "+33 2 61 91 00 01", "+33 2 61 91 00 02"], dtype="string"
            ),
            "courriels": [["contact@a1.example"], [], ["contact@a3.example"], ["x@a4.example"]],
            "horaires": pd.array(["Mo-Fr 09:00-12:00", "Mo 09:00-12:00", "Tu 09:00-12:00", ""], dtype="string"),
            "sources": [
                ["Cartographie nationale"],
                ["Cartographie nationale", "Recensement hub"],
                ["Aidants Connect"],
                ["Recensement hub"],
            ],
        }
    )


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_evenement": ["e1", "e2", "e3"],
            "date": pd.to_datetime(["2022-03-01", "2022-07-01", "2022-07-20"]),
            "type": ["atelier", "rencontre_reseau", "atelier"],
            "code_insee": ["29019", "35238", "29019"],
            "participants": pd.array([10, 5, None], dtype="Int64"),
            "acteurs_presents": [["a1", "a3"], ["a1", "a2", "zz"], []],
        }
    )


DATES = [dt.date(2022, 1, 1), dt.date(2022, 3, 1), dt.date(2022, 12, 31)]


def test_network_series():
    out = ev.network_series(actors(), events(), DATES)
    assert out[["evenements", "participants", "acteurs_touches", "membres"]].values.tolist() == [
        [0, 0, 0, 0],
        [1, 10, 2, 1],
        [3, 15, 3, 2],
    ]


def test_network_series_of_a_territory():
    acts = actors()[actors()["code_insee"] == "29019"]
    evs = events()[events()["code_insee"] == "29019"]
    out = ev.network_series(acts, evs, [dt.date(2022, 12, 31)])
    # a1 was present in Brest; a2 only at the Rennes event: not reached by Brest's events.
    assert out.iloc[0][["evenements", "participants", "acteurs_touches", "membres"]].tolist() == [2, 10, 1, 2]


def test_network_by_territory():
    acts, evs = actors(), events()
    deps = {"29019": "29", "35238": "35"}
    out = ev.network_by_territory(
        acts, evs, acts["code_insee"].map(deps), evs["code_insee"].map(deps), dt.date(2022, 7, 1)
    )
    assert out.to_dict("records") == [
        {"code": "29", "evenements": 1, "participants": 10, "acteurs_touches": 2, "membres": 2, "acteurs": 2},
        {"code": "35", "evenements": 1, "participants": 5, "acteurs_touches": 1, "membres": 0, "acteurs": 2},
    ]


def test_events_by_month():
    out = ev.events_by_month(events(), dt.date(2022, 7, 31))
    assert out.to_dict("records") == [
        {"mois": pd.Timestamp("2022-03-01"), "type": "atelier", "evenements": 1, "participants": 10},
        {"mois": pd.Timestamp("2022-07-01"), "type": "atelier", "evenements": 1, "participants": 0},
        {"mois": pd.Timestamp("2022-07-01"), "type": "rencontre_reseau", "evenements": 1, "participants": 5},
    ]


def test_complete_records():
    assert ev.record_complete(actors()).tolist() == [True, False, True, False]


def test_database_series():
    out = ev.database_series(actors(), [dt.date(2022, 1, 1), dt.date(2022, 6, 30), dt.date(2022, 9, 1)])
    assert out["lieux"].tolist() == [1, 2, 3]
    assert out["part_completes"].tolist() == [1.0, 0.5, 2 / 3]
    # On 2022-06-30 the record updated on 2021-06-01 is more than 365 days old.
    assert out["part_a_jour"].tolist() == [1.0, 0.5, 2 / 3]
    assert out["part_completes_a_jour"].tolist() == [1.0, 0.0, 1 / 3]
    assert out["sources"].tolist() == [1, 2, 3]


def test_sources_table():
    out = ev.sources_table(actors(), dt.date(2022, 12, 31))
    assert out.to_dict("records") == [
        {"source": "Cartographie nationale", "lieux": 2, "premiere_mise_a_jour": pd.Timestamp("2021-06-01")},
        {"source": "Recensement hub", "lieux": 1, "premiere_mise_a_jour": pd.Timestamp("2022-03-01")},
        {"source": "Aidants Connect", "lieux": 1, "premiere_mise_a_jour": pd.Timestamp("2022-08-01")},
    ]


def test_sources_table_of_an_empty_registry_keeps_its_types():
    from loaders.actors import empty_actors_frame

    out = ev.sources_table(empty_actors_frame(), dt.date(2022, 12, 31))
    assert out.empty and list(out.columns) == ["source", "lieux", "premiere_mise_a_jour"]
    # The page formats the dates of this column (.dt): an empty table must still hold dates.
    assert out["premiere_mise_a_jour"].dt.date.tolist() == []


def test_series_dates_end_on_the_as_of_date():
    start = dt.date(2022, 4, 26)
    assert ev.series_dates(start, 18, dt.date(2022, 7, 1)) == [
        start,
        dt.date(2022, 5, 26),
        dt.date(2022, 6, 26),
        dt.date(2022, 7, 1),
    ]
    assert ev.series_dates(start, 2, dt.date(2030, 1, 1)) == [start, dt.date(2022, 5, 26), dt.date(2022, 6, 26)]


def test_demo_network_matches_the_kpi_measures(hub_config):
    """The follow-up indicators computed from the data are the network and database figures, on
    any date (here the data's last date and a mid-period committee date)."""
    from loaders.bundle import load_bundle

    bundle = load_bundle(hub_config)
    for day, members in ((dt.date(2023, 9, 30), 298), (dt.date(2023, 6, 27), 263)):
        now = ev.network_series(bundle.actors, bundle.events, [day]).iloc[0]
        reported = ev.kpi_progress_at(bundle, day).set_index("id_kpi")["valeur"]
        assert now["membres"] == reported["A1-K1"] == members
        assert now["evenements"] == reported["A1-K2"]
        assert now["participants"] == reported["A1-K3"]
        assert now["acteurs_touches"] == reported["A1-K4"]
        db = ev.database_series(bundle.actors, [day]).iloc[0]
        assert db["lieux"] == reported["A2-K1"]
        assert round(100 * db["part_completes"], 1) == reported["A2-K2"]
        assert db["sources"] == reported["A2-K3"]
    assert ev.kpi_progress_at(bundle, dt.date(2023, 6, 27)).set_index("id_kpi").at["A2-K1", "valeur"] == 600
