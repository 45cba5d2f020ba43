"""Financements: envelopes, time, priority envelope, funds raised, as of a date and a territory."""

import datetime as dt

import pandas as pd

from components.format_fr import fr_euros, fr_euros_whole, fr_int, fr_percent
from tests.pages.conftest import metric, open_app
from views.financements.sections import (
    BREAKDOWN_TABS,
    FLOWS_TABLE,
    FUNDRAISING_TABS,
    MONTHLY_TABLE,
    PRIORITY_TABLE,
)

PAGE = "views/financements/page.py"
PRIORITY_FLAGS = ("qpv", "acv", "centre_bretagne")


def metrics(at, label):
    return [m.value for m in at.metric if m.label == label]


def spent_by_envelope(bundle, day):
    moves = bundle.movements[
        (bundle.movements["date"] <= pd.Timestamp(day)) & (bundle.movements["nature"] == "depense")
    ]
    moves = moves.merge(bundle.budget_lines[["id_ligne", "enveloppe"]], on="id_ligne")
    return moves.groupby("enveloppe")["montant_centimes"].sum()


def outside_priority_zones(bundle, day, departement=None):
    communes = bundle.territories.communes.set_index("code_insee")
    moves = bundle.movements.merge(bundle.budget_lines[["id_ligne", "enveloppe"]], on="id_ligne")
    moves = moves[(moves["enveloppe"] == "territoires_prioritaires") & (moves["date"] <= pd.Timestamp(day))]
    if departement:
        moves = moves[moves["code_territoire"].str[:2] == departement]
    flags = communes.loc[moves["code_territoire"], list(PRIORITY_FLAGS)].any(axis=1).to_numpy()
    return int((~flags).sum())


def obtained(bundle, day, departement=None):
    f = bundle.fundraising
    f = f[(f["statut"] == "obtenue") & (f["date_decision"] <= pd.Timestamp(day))]
    if departement:
        f = f[f["code_territoire"].str[:2] == departement]
    return int(f["montant_obtenu_centimes"].sum())


def test_default_date_is_the_last_date_of_the_data(bundle):
    at = open_app(page=PAGE)
    assert at.date_input(key="financements-as-of").value == dt.date(2023, 9, 30)
    assert any("dernière date couverte par les données chargées" in c.value for c in at.caption)
    assert any("il resterait" in m.value for m in at.markdown)  # one month left: a projection


def test_envelopes_at_the_end_of_the_period(bundle):
    at = open_app(page=PAGE, query={"au": "2023-10-26"})
    assert at.date_input(key="financements-as-of").value == dt.date(2023, 10, 26)
    spent = spent_by_envelope(bundle, dt.date(2023, 10, 26))
    assert metrics(at, "Prévu") == ["212\u00a0500\u00a0€", "50\u00a0000\u00a0€", "60\u00a0000\u00a0€"]
    assert metrics(at, "Dépensé")[:3] == [
        fr_euros_whole(spent["socle"]),
        fr_euros_whole(spent["territoires_prioritaires"]),
        fr_euros_whole(spent["cofinancement"]),
    ]
    # The budget lines of the agreement add up exactly, and the page says so.
    assert any("totalisent exactement **262\u00a0500,00\u00a0€**" in s.value for s in at.success)
    assert metric(at, "Mouvements hors zone") == "2"
    assert (
        metric(at, "Fonds obtenus") == fr_euros_whole(obtained(bundle, dt.date(2023, 10, 26))) == "340\u00a0100\u00a0€"
    )
    assert metric(at, "Effet de levier") == "×\u00a01,30"
    assert any("n'ont pas été dépensés" in m.value for m in at.markdown)  # the period is over


def test_moving_the_as_of_date_changes_the_figures(bundle):
    at = open_app(page=PAGE)
    day = dt.date(2023, 6, 30)
    at.date_input(key="financements-as-of").set_value(day).run()
    assert not at.exception
    spent = spent_by_envelope(bundle, day)
    assert metrics(at, "Dépensé")[:2] == [
        fr_euros_whole(spent["socle"]),
        fr_euros_whole(spent["territoires_prioritaires"]),
    ]
    total = int(spent["socle"] + spent["territoires_prioritaires"])
    assert metrics(at, "Dépensé")[3] == fr_percent(total / 26_250_000)
    assert (
        metric(at, "Mouvements hors zone") == fr_int(outside_priority_zones(bundle, day)) == "1"
    )  # Guerlesquin, 31/05/2023
    assert metric(at, "Fonds obtenus") == fr_euros_whole(obtained(bundle, day))
    # During the period, the projection is stated: money left unspent or the month it runs out.
    assert any("au rythme des 91 derniers jours" in m.value.lower() for m in at.markdown)


def test_tables_download_and_the_scope_switch(bundle):
    at = open_app(page=PAGE)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Télécharger (CSV)") == labels.count("Télécharger (XLSX)") >= 3
    # The other breakdowns are drawn when their tab is opened, each with its table and downloads.
    others = (("Par catégorie", "Catégorie"), ("Par financeur", "Financeur"), ("Par enveloppe", "Enveloppe"))
    for label, first_column in others:
        at.session_state[BREAKDOWN_TABS] = label
        at.run()
        assert not at.exception
        assert at.dataframe[0].value.columns[0] == first_column, label
        assert [b.label for b in at.get("download_button")].count("Télécharger (CSV)") >= 3
    at.session_state[FUNDRAISING_TABS] = "Dossiers"
    at.run()
    files = next(d.value for d in at.dataframe if "Dossier" in d.value.columns)
    assert len(files) == len(bundle.fundraising)
    at.session_state[BREAKDOWN_TABS] = "Par action"
    # The month-by-month, movements and flows tables are drawn when their expander is opened.
    before = len(at.dataframe)
    for key in (MONTHLY_TABLE, PRIORITY_TABLE, FLOWS_TABLE):
        at.session_state[key] = True
    at.run()
    assert len(at.dataframe) == before + 3
    assert any("Droite du temps" in d.value.columns for d in at.dataframe)
    at.radio(key="fin-scope").set_value("toutes").run()
    assert not at.exception
    action_table = at.dataframe[0].value
    assert action_table.iloc[-1]["Prévu"] == fr_euros(
        int(bundle.budget_lines["montant_prevu_centimes"].sum()), force_cents=True
    )


def test_the_territory_filter_applies_to_the_territorial_sections(bundle):
    at = open_app(page=PAGE, query={"dep": "29"})
    assert (
        metric(at, "Mouvements hors zone") == fr_int(outside_priority_zones(bundle, dt.date(2023, 10, 26), "29")) == "1"
    )
    assert metric(at, "Fonds obtenus") == fr_euros_whole(obtained(bundle, dt.date(2023, 10, 26), "29"))
    assert not metrics(at, "Effet de levier")  # computed for the whole hub only
    assert metrics(at, "Prévu")[0] == "212\u00a0500\u00a0€"  # envelopes stay the hub's


def test_the_as_of_date_is_read_from_the_url(bundle):
    at = open_app(page=PAGE, query={"au": "2022-12-31"})
    assert at.date_input(key="financements-as-of").value == dt.date(2022, 12, 31)
    spent = spent_by_envelope(bundle, dt.date(2022, 12, 31))
    assert metrics(at, "Dépensé")[0] == fr_euros_whole(spent["socle"])
