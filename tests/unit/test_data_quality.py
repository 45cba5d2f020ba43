"""Data quality: completeness, freshness, scores per place and per source, what to fix first."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics.quality import data_quality as dq
from loaders.problems import ERROR, INFO, WARNING, Problem
from loaders.schemas import JALONS
from tests.unit.actor_frames import actors, place

AS_OF = dt.date(2024, 9, 1)
SUMMARY_200 = "x" * 200

COMPLETE = place(
    id="a",
    nom="Complet",
    adresse="1 rue A",
    code_postal="29000",
    latitude=48.0,
    longitude=-4.1,
    services=["Aide aux démarches administratives"],
    telephone="+33298000000",
    courriels=["contact@a.example"],
    modalites_acces=["Téléphoner", "Contacter par mail"],
    date_maj="2024-06-01",
    frais_a_charge=["Gratuit"],
    presentation_resume=SUMMARY_200,
    horaires="Mo-Fr 09:00-12:00",
    pivot="21290232400010",
)
POOR = place(
    id="b",
    nom="Pauvre",
    adresse="2 rue B",
    code_postal=None,
    latitude=48.0,
    longitude=-4.1,
    coordonnees_approximatives=True,
    services=[],
    date_maj="2023-03-01",
    presentation_resume="y" * 125,
)
NO_PUBLIC = place(
    id="c",
    nom="Sans public",
    adresse=None,
    modalites_acces=["Ce lieu n'accueille pas de public", "Téléphoner"],
    telephone="02 98 00 00 00",
    date_maj=None,
    pivot="W123456789",
)


def test_filled_and_field_completeness():
    frame = actors(COMPLETE, POOR, NO_PUBLIC)
    assert dq.filled(frame["services"]).tolist() == [True, False, True]
    assert dq.filled(frame["code_postal"]).tolist() == [True, False, False]
    assert dq.filled(pd.Series(["a", " ", None], dtype=object)).tolist() == [True, False, False]
    table = dq.field_completeness(frame, ["adresse", "services", "latitude", "horaires"]).set_index("champ")
    assert table["renseignes"].to_dict() == {"adresse": 2, "services": 2, "latitude": 2, "horaires": 1}
    assert table.loc["horaires", "taux"] == pytest.approx(1 / 3) and (table["total"] == 3).all()
    assert np.isnan(dq.field_completeness(actors(), ["adresse"]).loc[0, "taux"])


def test_completeness_by_source():
    frame = actors(COMPLETE | {"source": "Hub"}, POOR | {"source": "Hub"}, NO_PUBLIC | {"source": "Autre"})
    table = dq.completeness_by_source(frame, ["adresse", "horaires"]).set_index(["source", "champ"])
    assert table.loc[("Hub", "adresse"), "taux"] == 1.0 and table.loc[("Hub", "horaires"), "taux"] == 0.5
    assert table.loc[("Autre", "adresse"), "renseignes"] == 0


def test_staleness_counts_calendar_months_strictly():
    frame = actors(
        *(
            place(id=str(k), date_maj=d)
            for k, d in enumerate(["2024-08-01", "2023-09-01", "2023-08-31", "2023-03-01", "2023-02-28", None])
        )
    )
    assert dq.staleness(frame, AS_OF) == {"total": 6, "sans_date": 1, "plus_de_12_mois": 3, "plus_de_18_mois": 1}


def test_criteria_and_scores_of_each_place():
    frame = actors(COMPLETE, POOR, NO_PUBLIC)
    criteria = dq.criteria_scores(frame, AS_OF)
    assert list(criteria.columns) == list(dq.CRITERIA)
    assert criteria.iloc[0].tolist() == [1.0] * 12
    poor = criteria.iloc[1]
    assert poor["adresse_bien_definie"] == 0.5 and poor["localisation_precise"] == 0.5
    assert np.isnan(poor["telephone_bien_defini"]) and np.isnan(poor["courriel_bien_defini"])  # not applicable
    # 550 days old: 1 - (550 - 184) / (731 - 184), data·inclusion's linear rule between 6 and 24 months.
    assert poor["date_maj_recente"] == pytest.approx(1 - 366 / 547)
    assert poor["description_bien_definie"] == 0.5  # 125 characters: halfway between 50 and 200
    no_public = criteria.iloc[2]
    assert np.isnan(no_public["adresse_bien_definie"])  # receives no public: no address needed
    assert no_public["telephone_bien_defini"] == 0.0  # "02 98 …" is not the standard's +33 form
    assert no_public["au_moins_un_moyen_de_contact"] == 1.0 and no_public["pivot_valide"] == 1.0
    assert no_public["date_maj_recente"] == 0.0  # no date
    scores = dq.actor_scores(frame, AS_OF)
    assert scores["score"].tolist() == [1.0, 0.18, 0.4]
    assert list(scores.columns[:4]) == ["id", "nom", "sources", "score"]


def test_score_per_source():
    frame = actors(COMPLETE | {"source": "Hub"}, POOR | {"source": "Hub"}, NO_PUBLIC | {"source": "Autre"})
    suspected = pd.DataFrame({"source_a": ["Hub", "Hub"], "source_b": ["Autre", "Hub"]})
    problems = {
        "Hub": [Problem("f", "x", severity=WARNING), Problem("f", "y", severity=INFO)],
        "Autre": [Problem("g", "z")],
    }
    table = dq.source_quality(frame, AS_OF, suspected, problems).set_index("source")
    assert table.loc["Hub"].to_dict() == {
        "fiches": 2,
        "score": 0.59,
        "completude": table.loc["Hub", "completude"],
        "sans_date": 0,
        "plus_de_12_mois": 1,
        "plus_de_18_mois": 0,
        "sans_service": 1,
        "doublons_suspects": 2,
        "valeurs_invalides": 1,
    }  # 2023-03-01 is 18 months before 2024-09-01 exactly: not more
    assert table.loc["Autre", "score"] == 0.4 and table.loc["Autre", "sans_date"] == 1
    assert table.loc["Autre", "doublons_suspects"] == 1 and table.loc["Autre", "valeurs_invalides"] == 1
    assert 0 < table.loc["Hub", "completude"] < 1


def test_fix_first_blocking_first_then_by_gain():
    frame = actors(COMPLETE, POOR, NO_PUBLIC)
    suspected = pd.DataFrame({"id_a": ["a"], "id_b": ["b"]})
    problems = [
        Problem("f.csv", "invalide", 3, "telephone", WARNING),
        Problem("f.csv", "invalide", 4, "telephone", WARNING),
        Problem("f.csv", "info", severity=INFO),
    ]
    table = dq.fix_first(frame, AS_OF, suspected, problems)
    assert table[["critere", "nombre", "bloque_publication", "gain_score"]].values.tolist() == [
        ["au_moins_un_service", 1, True, 3.33],
        ["adresse_bien_definie", 1, True, 1.67],
        ["date_maj", 1, True, 0.0],
        ["frais_bien_definis", 2, False, 6.67],
        ["horaires_renseignes", 2, False, 6.67],
        ["date_maj_recente", 2, False, 5.56],
        ["localisation_precise", 2, False, 5.0],
        ["description_bien_definie", 2, False, 5.0],
        ["au_moins_un_moyen_de_contact", 1, False, 3.33],
        ["telephone_bien_defini", 1, False, 3.33],
        ["au_moins_une_modalite_acces", 1, False, 3.33],
        ["pivot_valide", 1, False, 3.33],
        ["valeurs_invalides", 2, False, 0.0],
        ["doublons_suspects", 1, False, 0.0],
    ]
    first = table.iloc[0]
    assert (
        first["action"] == "Renseigner les services proposés"
        and first["exemples"] == ["b"]
        and first["part"] == round(1 / 3, 4)
    )
    assert table.set_index("critere").loc["doublons_suspects", "exemples"] == ["a / b"]


def test_invalid_values_grouped_by_file_and_column():
    problems = [
        Problem("a.csv", "m1", 2, "x"),
        Problem("a.csv", "m2", 3, "x"),
        Problem("a.csv", "w", 3, "y", WARNING),
        Problem("a.csv", "i", severity=INFO),
    ]
    table = dq.invalid_values(problems)
    assert table[["fichier", "colonne", "gravite", "nombre"]].values.tolist() == [
        ["a.csv", "x", ERROR, 2],
        ["a.csv", "y", WARNING, 1],
    ]
    assert table.loc[0, "exemple"] == "a.csv, ligne 2, colonne « x » : m1"
    assert dq.invalid_values([]).empty


def test_actors_without_service_and_dataset_scores():
    frame = actors(COMPLETE, POOR, NO_PUBLIC)
    assert dq.actors_without_service(frame)["id"].tolist() == ["b"]
    assert dq.dataset_quality_score("acteurs", frame, AS_OF) == round((1.0 + 0.18 + 0.4) / 3, 2)
    assert dq.dataset_quality_score("acteurs", actors(), AS_OF) is None
    milestones = pd.DataFrame(
        {
            "id_jalon": ["j1", "j2"],
            "action": ["A1", "A1"],
            "titre": ["t", "u"],
            "date_prevue": pd.to_datetime(["2022-06-01", "2022-07-01"]),
            "date_reelle": pd.to_datetime(["2022-06-02", None]),
            "statut": ["atteint", None],
        }
    )
    # 6 fields declared, 10 of 12 cells filled.
    assert [f.target for f in JALONS.fields] == ["id_jalon", "action", "titre", "date_prevue", "date_reelle", "statut"]
    assert dq.dataset_quality_score("jalons", milestones, AS_OF) == round(10 / 12, 2)


def test_actors_summary():
    frame = actors(COMPLETE, POOR, NO_PUBLIC)
    summary = dq.actors_summary(
        frame,
        AS_OF,
        pd.DataFrame({"id_a": ["a"], "id_b": ["b"]}),
        [Problem("f", "x", 2, "nom"), Problem("f", "y", severity=INFO)],
    )
    assert summary == {
        "lieux": 3,
        "score": 0.53,
        "sans_service": 1,
        "sans_date": 1,
        "plus_de_12_mois": 1,
        "plus_de_18_mois": 0,
        "sans_adresse": 1,
        "coordonnees_approximatives": 1,
        "sans_coordonnees": 1,
        "doublons_suspects": 1,
        "valeurs_invalides": 1,
    }
    assert dq.actors_summary(actors(), AS_OF)["score"] is None
