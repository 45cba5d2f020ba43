"""Suivi 18 mois: KPI status, milestones, the three actions, as of a date, compared with another."""

import datetime as dt

import pandas as pd

from analytics.evaluation import follow_up as ev
from components.format_fr import fr_int
from loaders.actions import tab_name
from tests.pages.conftest import metric, open_app
from views.suivi.sections import ACTION_TABS

PAGE = "views/suivi/page.py"


def metric_element(at, label):
    return next(m for m in at.metric if m.label == label)


def events_until(bundle, day, departement=None):
    e = bundle.events[bundle.events["date"] <= pd.Timestamp(day)]
    if departement:
        e = e[e["code_insee"].str[:2] == departement]
    return e


def members_on(bundle, day, departement=None):
    a = bundle.actors
    if departement:
        a = a[a["code_departement"] == departement]
    return int((a["membre_reseau_depuis"] <= pd.Timestamp(day)).sum())


def overdue(bundle, day):
    m = bundle.milestones
    day = pd.Timestamp(day)
    reached = m["date_reelle"].notna() & (m["date_reelle"] <= day)
    return sorted(m.loc[~reached & (m["statut"] != "abandonne") & (m["date_prevue"] < day), "id_jalon"])


def test_default_date_and_previous_committee(bundle):
    at = open_app(page=PAGE)
    assert at.date_input(key="suivi-as-of").value == dt.date(2023, 9, 30)  # the data's last date
    assert at.date_input(key="suivi-compare").value == dt.date(2023, 6, 27)  # comité de pilotage n°3
    kpis = ev.kpi_progress_at(bundle, dt.date(2023, 9, 30))
    n = len(kpis)
    assert metric(at, "Indicateurs en bonne voie") == f"{(kpis['statut'] == ev.ON_TRACK).sum()} / {n}"
    assert metric(at, "Indicateurs en retard") == f"{(kpis['statut'] == ev.LATE).sum()} / {n}"
    assert metric(at, "Jalons en retard") == fr_int(len(overdue(bundle, dt.date(2023, 9, 30)))) == "2"
    assert any("Règle de statut" in c.value and "90" in c.value and "70" in c.value for c in at.caption)
    assert [b.label for b in at.get("download_button") if "comité" in b.label] == [
        "Télécharger l'instantané pour le comité (HTML imprimable)"
    ]


def test_committee_meeting_date_and_comparison(bundle):
    at = open_app(page=PAGE)
    day = dt.date(2023, 9, 30)
    at.date_input(key="suivi-as-of").set_value(day).run()
    assert not at.exception
    compare = at.date_input(key="suivi-compare").value
    assert compare == dt.date(2023, 6, 27)
    assert overdue(bundle, day) == ["J12", "J15"]
    assert metric(at, "Jalons en retard") == "2"
    late = [e.value for e in at.error if "Jalons en retard" in e.value]
    assert len(late) == 1 and "J12" in late[0] and "J15" in late[0]
    events = metric_element(at, "Événements organisés")
    assert events.value == fr_int(len(events_until(bundle, day)))
    assert events.delta == f"+{len(events_until(bundle, day)) - len(events_until(bundle, compare))}"
    assert metric(at, "Membres du réseau") == fr_int(members_on(bundle, day)) == "298"

    at.date_input(key="suivi-compare").set_value(dt.date(2022, 12, 13)).run()
    assert (
        metric_element(at, "Membres du réseau").delta
        == f"+{members_on(bundle, day) - members_on(bundle, dt.date(2022, 12, 13))}"
    )


def test_an_earlier_meeting_shows_an_earlier_state(bundle):
    at = open_app(page=PAGE)
    day = dt.date(2022, 12, 13)
    at.date_input(key="suivi-as-of").set_value(day).run()
    assert not at.exception
    assert at.date_input(key="suivi-compare").value == dt.date(2022, 6, 28)  # the committee before
    assert metric(at, "Jalons en retard") == fr_int(len(overdue(bundle, day)))
    assert metric(at, "Événements organisés") == fr_int(len(events_until(bundle, day)))
    at.session_state[ACTION_TABS] = tab_name("A3")  # the experiments' tab, as a click would
    at.run()
    assert at.date_input(key="suivi-as-of").value == day
    experiments = bundle.experiments
    started = experiments[(experiments["date_debut"] <= pd.Timestamp(day)) & (experiments["statut"] != "proposee")]
    assert metric(at, "Expérimentations soutenues") == fr_int(len(started))
    table = next(d.value for d in at.dataframe if "Expérimentation" in d.value.columns)
    assert len(table) == len(experiments)
    finished_later = table["Statut"].isin(["En cours"]) & table["Résultats"].eq("")
    assert finished_later.sum() >= 1


def test_territory_filter_applies_to_the_actions(bundle):
    at = open_app(page=PAGE, query={"dep": "29"})
    day = dt.date(2023, 10, 26)
    assert metric(at, "Événements organisés") == fr_int(len(events_until(bundle, day, "29")))
    assert metric(at, "Membres du réseau") == fr_int(members_on(bundle, day, "29"))
    network = next(d.value for d in at.dataframe if "Membres du réseau" in d.value.columns)
    assert network.columns[0] == "EPCI"


def test_only_the_open_action_is_drawn_and_another_opens_on_click(bundle):
    """The network's figures (first tab) are drawn; the base's wait for their tab, then replace them."""
    at = open_app(page=PAGE)
    labels = [m.label for m in at.metric]
    assert "Membres du réseau" in labels and "Lieux cartographiés" not in labels
    at.session_state[ACTION_TABS] = tab_name("A2")
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert "Lieux cartographiés" in labels and "Participants" not in labels
    known = int((bundle.actors["date_maj"] <= pd.Timestamp("2023-09-30")).sum())
    assert metric(at, "Lieux cartographiés") == fr_int(known)
