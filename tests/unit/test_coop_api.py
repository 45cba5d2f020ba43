"""La Coop's API v1 /statistiques, read against a local server on loopback that answers as its
OpenAPI description says (tests/coop_server.py): the token, the filters, every failure in French,
and the statistics as activity rows, imported like any file."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest

from analytics.impact import activity as act
from ingestion.dataset_import import COOP_API, ImportContext, ImportRequest, prepare_import
from loaders.activity_measures import SOURCE_COOP, TOTAL
from loaders.bundle import load_bundle
from loaders.sources.coop_api import (
    TOKEN_HELP,
    CoopSettings,
    coop_settings,
    document_name,
    fetch_statistics,
    read_coop_statistics,
)
from tests.coop_server import TOKEN, coop_server

DU, AU = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
DEPS = ("22", "29", "35", "56")


@pytest.fixture(scope="module")
def server():
    with coop_server() as (url, requests):
        yield url, requests


def test_the_token_comes_from_the_secrets_or_the_environment_never_from_a_default():
    assert coop_settings({}, {}).token is None and not coop_settings({}, {}).configured
    assert coop_settings({"coop": {"jeton": "a:b", "url": "http://x/api/v1/"}}, {}).token == "a:b"
    assert coop_settings({"coop": {"jeton": "a:b", "url": "http://x/api/v1/"}}, {}).url == "http://x/api/v1"
    assert coop_settings(None, {"HUB_COOP_TOKEN": " c:d ", "HUB_COOP_URL": "http://y"}) == CoopSettings(
        "http://y", "c:d"
    )

    class Broken:
        def get(self, *_):
            raise FileNotFoundError("no secrets.toml")

    assert coop_settings(Broken(), {"HUB_COOP_TOKEN": "e:f"}).token == "e:f"


def test_without_a_token_nothing_is_asked_and_the_page_says_how_to_set_it(server):
    url, requests = server
    before = len(requests)
    fetched = fetch_statistics(CoopSettings(url, None), DU, AU, DEPS)
    assert fetched.document is None and not fetched.ok
    assert fetched.problems[0].message == TOKEN_HELP
    assert "HUB_COOP_TOKEN" in TOKEN_HELP and "[coop]" in TOKEN_HELP and "jamais" in TOKEN_HELP
    assert len(requests) == before


def test_one_query_per_territory_with_the_bearer_token_and_the_filters(server):
    url, requests = server
    requests.clear()
    fetched = fetch_statistics(CoopSettings(url, TOKEN), DU, AU, DEPS, ["29019", "35238"])
    assert fetched.ok and fetched.problems == []
    assert [(a["niveau"], a["code"]) for a in fetched.document["data"]] == [
        *(("departement", d) for d in DEPS),
        ("commune", "29019"),
        ("commune", "35238"),
    ]
    assert all(r["authorization"] == f"Bearer {TOKEN}" for r in requests)
    assert requests[0]["query"] == {
        "filter[du]": "2024-01-01",
        "filter[au]": "2024-06-30",
        "filter[departements]": "22",
    }
    assert requests[-1]["query"]["filter[communes]"] == "35238"
    assert fetched.document["du"] == "2024-01-01" and fetched.document["source"] == SOURCE_COOP


def test_a_refused_token_stops_everything_with_a_french_message(server):
    url, requests = server
    requests.clear()
    fetched = fetch_statistics(CoopSettings(url, "mauvais:jeton"), DU, AU, DEPS)
    assert fetched.document is None
    assert fetched.problems[0].message.startswith("La Coop a refusé le jeton (HTTP 401)")
    assert len(requests) == 1  # the other queries would be refused too


def test_a_failing_territory_is_said_and_the_others_are_kept(server):
    url, _ = server
    fetched = fetch_statistics(CoopSettings(url, TOKEN), DU, AU, ("22", "98", "97"))
    assert [a["code"] for a in fetched.document["data"]] == ["22"]
    messages = [p.message for p in fetched.problems]
    assert messages == [
        "La Coop n'a pas répondu pour le département 98 : erreur HTTP 500",
        "réponse illisible de La Coop pour le département 97 (JSON attendu)",
    ]


def test_an_unreachable_api_is_said_in_french():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nobody listens there
    fetched = fetch_statistics(CoopSettings(f"http://127.0.0.1:{port}/api/v1", TOKEN), DU, AU, DEPS)
    assert fetched.document is None
    assert fetched.problems[0].message.startswith("La Coop est injoignable (http://127.0.0.1:")
    assert fetch_statistics(CoopSettings("http://x", TOKEN), AU, DU, DEPS).problems[0].message == (
        "la date de fin précède la date de début"
    )


def test_the_answers_become_activity_rows_of_the_period(server, territories):
    url, _ = server
    fetched = fetch_statistics(CoopSettings(url, TOKEN), DU, AU, DEPS, ["29019"], now=dt.datetime(2024, 7, 2, 9, 0))
    known = {"departement": set(DEPS), "commune": set(territories.communes["code_insee"])}
    result = read_coop_statistics(fetched.as_bytes(), document_name(DU, AU), known)
    frame = result.frame
    assert set(frame["periode"]) == {"2024-01-01/2024-06-30"} and set(frame["millesime"]) == {"2024-07-02"}
    totals = frame[frame["ventilation"] == TOTAL].set_index(["code", "mesure"])["valeur"]
    assert totals[("22", "beneficiaires")] == 1000 and totals[("29", "beneficiaires")] == 1100
    assert totals[("29019", "beneficiaires")] == 19
    assert totals[("22", "accompagnements")] == 1000 + 2000 + 500  # individuels + collectifs + démarches
    assert totals[("22", "activites")] == 1000 + 200 + 500
    kinds = frame[(frame["code"] == "22") & (frame["mesure"] == "accompagnements") & (frame["ventilation"] != TOTAL)]
    assert dict(zip(kinds["categorie"], kinds["valeur"])) == {"individuel": 1000, "collectif": 2000, "demarche": 500}
    themes = frame[(frame["code"] == "22") & (frame["ventilation"] == "thematique")].set_index("categorie")
    assert themes.loc["diagnostic_numerique", "valeur"] == 7 and themes.loc["email", "libelle"] == "E-mail"
    ages = frame[(frame["code"] == "22") & (frame["ventilation"] == "tranche_age")].set_index("categorie")
    assert ages.loc["soixante_soixante_neuf", "libelle"] == "60 - 69 ans"
    assert ages.loc["non_communique", "valeur"] == 0
    assert any(
        "période du 01/01/2024 au 30/06/2024 (interrogée le 02/07/2024) : 5 réponse(s)" in p.message
        for p in result.problems
    )


def test_a_territory_outside_the_region_and_a_broken_answer_are_reported(territories):
    document = {
        "du": "2024-01-01",
        "au": "2024-06-30",
        "data": [
            {"niveau": "departement", "code": "75", "reponse": {}},
            {"niveau": "departement", "code": "22", "reponse": {"data": {}}},
            {
                "niveau": "departement",
                "code": "29",
                "reponse": {"data": {"attributes": {"beneficiaires": {"total": "x"}}}},
            },
        ],
    }
    known = {"departement": set(DEPS), "commune": set()}
    result = read_coop_statistics(json.dumps(document).encode(), "coop.json", known)
    messages = [(p.line, p.message) for p in result.problems]
    assert (1, "departement 75 hors de la région : ignoré") in messages
    assert (2, "réponse sans statistiques (data.attributes absent) : ignorée") in messages
    assert (3, "valeur non numérique ignorée (beneficiaires, total)") in messages
    assert result.frame.empty
    refused = read_coop_statistics(b"[1, 2]", "coop.json", known)
    assert refused.problems[0].message.startswith("ce n'est pas un document de réponses de La Coop")


def test_the_answers_import_like_a_file_and_give_region_and_zone_figures(server, hub_config):
    url, _ = server
    config = hub_config
    qpv_and_acv = sorted(set(config.qpv) | set(config.acv))
    fetched = fetch_statistics(CoopSettings(url, TOKEN), DU, AU, config.departements, qpv_and_acv)
    bundle = load_bundle(config)
    request = ImportRequest("activite", fetched.as_bytes(), document_name(DU, AU), source_format=COOP_API)
    preview = prepare_import(request, ImportContext.from_bundle(bundle))
    assert not preview.refused, preview.refusal
    assert preview.source_name == SOURCE_COOP and preview.rows_read == 4 + len(qpv_and_acv)
    assert any("fictive(s) de démonstration retirée(s)" in p.message for p in preview.problems)
    frame, communes = preview.frame, bundle.territories.communes
    beneficiaries = next(s for s in act.series_at(frame, DU) if s.measure == "beneficiaires")
    assert beneficiaries.period == "2024-01-01/2024-06-30" and beneficiaries.after_as_of
    region = act.measure_by_level(frame, communes, beneficiaries, "region")
    assert (
        region["valeur"].iloc[0] == 1000 + 1100 + 1200 + 1300 and region["methode"].iloc[0] == "somme des départements"
    )
    zones = act.measure_by_level(frame, communes, beneficiaries, "zone").set_index("code")
    expected_qpv = sum(int(code[-3:]) for code in config.qpv)
    assert zones.loc["qpv", "valeur"] == expected_qpv  # every QPV commune was asked
    # The central area's communes were not asked one by one: unknown, not zero.
    assert zones["valeur"].isna()["centre_bretagne"] and zones.loc["centre_bretagne", "methode"] == "non renseigné"
    deps = act.measure_by_level(frame, communes, beneficiaries, "departement").set_index("code")
    assert deps.loc["29", "valeur"] == 1100 and deps.loc["29", "methode"].startswith("valeur publiée")
