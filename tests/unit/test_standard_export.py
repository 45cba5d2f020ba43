"""The consolidated registry published in the national standard, and the check of such a file."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from ingestion.actor_merge import merge_actors
from ingestion.standard_export import PLACEHOLDER_PIVOT, publishable_export, validate_standard_export
from loaders import lieux_standard as std
from loaders.actors import load_actors
from loaders.problems import ERROR, WARNING
from loaders.sources import read_aidants_connect, read_conseillers_numeriques, read_france_services
from tests.unit.actor_frames import actors, place

GOOD = place(
    id="hub-1",
    pivot="21290232400010",
    nom="Espace numérique",
    commune="Quimper",
    code_postal="29000",
    code_insee="29232",
    adresse="1 rue A",
    latitude=47.996,
    longitude=-4.102,
    typologie=["EPN"],
    telephone="+33298000000",
    services=["Aide aux démarches administratives", "Loisirs et créations numériques"],
    date_maj="2024-03-01",
    mention_qpv=True,
    modalites_acces=["Se présenter"],
)


def standard_values(frame: pd.DataFrame) -> list[dict]:
    records = frame[list(std.COLUMNS)].astype(object).to_dict("records")
    return [{k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in r.items()} for r in records]


def header_and_rows(text: str) -> tuple[list[str], list[dict]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def test_publishable_export_leaves_out_what_the_standard_refuses(territories):
    registry = actors(
        GOOD,
        place(id="hub-2", nom="Sans adresse", adresse=None, code_postal="29000", date_maj="2024-03-01"),
        place(
            id="hub-3",
            nom="Vocabulaire libre",
            adresse="3 rue C",
            code_postal="29000",
            date_maj="2024-03-01",
            services=["Aide aux démarches administratives", "Cours de cuisine"],
            telephone="02 98 00 00 00",
            presentation_resume="p" * 300,
            pivot=None,
        ),
        place(
            id="hub-4",
            nom="Services inconnus seulement",
            adresse="4 rue D",
            code_postal="2900",
            date_maj=None,
            services=["Cours de cuisine"],
        ),
    )
    export = publishable_export(registry)
    assert export.rows == 2
    assert export.excluded.to_dict("records") == [
        {"id": "hub-2", "nom": "Sans adresse", "raison": "adresse absent"},
        {
            "id": "hub-4",
            "nom": "Services inconnus seulement",
            "raison": "date_maj absent, services absent, code_postal invalide",
        },
    ]
    assert export.adjusted[["id", "colonne"]].values.tolist() == [
        ["hub-3", "services"],
        ["hub-4", "services"],
        ["hub-3", "telephone"],
        ["hub-3", "presentation_resume"],
    ]
    header, rows = header_and_rows(export.text)
    assert header == list(std.COLUMNS)
    assert [r["id"] for r in rows] == ["hub-1", "hub-3"]
    assert (
        rows[0]["autres_formations_labels"] == "QPV"
        and rows[0]["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    )
    assert (
        rows[1]["pivot"] == PLACEHOLDER_PIVOT
        and rows[1]["telephone"] == ""
        and rows[1]["services"] == "Aide aux démarches administratives"
    )
    assert len(rows[1]["presentation_resume"]) == 280 and rows[1]["presentation_resume"].endswith("…")
    assert export.data.decode("utf-8") == export.text
    assert validate_standard_export(export.data, territories) == []

    back = load_actors(export.data, territories, file_name="export.csv")
    assert back.errors == [] and len(back.frame) == 2
    first = back.frame.iloc[0]
    assert first["mention_qpv"] and first["autres_formations_labels"] == []  # the flag comes back
    assert pd.isna(back.frame.iloc[1]["pivot"])  # the placeholder means "unknown"


def test_validation_reports_each_kind_of_defect(territories):
    good = publishable_export(actors(GOOD)).text
    assert validate_standard_export(good, territories) == []
    header, rows = header_and_rows(good)

    def text_with(**changes) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerow(rows[0] | changes)
        return out.getvalue()

    def messages(text) -> list[tuple]:
        return [(p.line, p.column, p.message) for p in validate_standard_export(text, territories)]

    assert (2, "services", "valeur(s) hors de la liste du standard") in messages(text_with(services="Cours de cuisine"))
    assert (2, "adresse", "champ obligatoire du standard vide") in messages(text_with(adresse=""))
    assert (2, "code_postal", "code postal : 5 chiffres attendus") in messages(text_with(code_postal="2900"))
    assert (2, "date_maj", "date : format AAAA-MM-JJ attendu") in messages(text_with(date_maj="01/03/2024"))
    assert (
        2,
        "telephone",
        "téléphone : format international attendu (+33 suivi de 9 chiffres, sans espace)",
    ) in messages(text_with(telephone="02 98 00 00 00"))
    assert (2, "latitude", "coordonnée : nombre attendu") in messages(text_with(latitude="nord"))
    assert (2, "typologie", "valeur(s) hors de la liste du standard") in messages(text_with(typologie="BIBLIO"))
    assert (2, "pivot", "champ obligatoire du standard vide") in messages(text_with(pivot=""))
    # An empty name is also refused by the re-read with load_actors, which sets the row aside.
    assert messages(text_with(nom="")) == [
        (2, "nom", "champ obligatoire du standard vide"),
        (None, None, "1 ligne(s) écartée(s) à la relecture par le chargeur du standard"),
    ]

    swapped = good.replace("id,pivot,nom", "pivot,id,nom", 1)
    [problem] = validate_standard_export(swapped, territories)
    assert problem.severity == ERROR and problem.message.endswith("(colonnes dans le désordre)")
    [problem] = validate_standard_export("id,nom\nx,y\n", territories)
    assert "colonnes absentes : pivot, commune" in problem.message
    assert validate_standard_export(good + good.split("\n", 1)[1], territories)[0].message == "identifiant en double"
    [bom] = validate_standard_export(b"\xef\xbb\xbf" + good.encode(), territories)
    assert bom.severity == WARNING
    assert (
        validate_standard_export(good.encode("cp1252"), territories)[0].message
        == "le fichier n'est pas encodé en UTF-8"
    )
    assert validate_standard_export(good + "a,b\n", territories)[0].message == "ligne de 2 cellules au lieu de 32"


@pytest.mark.realdata
def test_merged_real_registry_exports_round_trips_and_validates(shared_open_dir, territories):
    result = merge_actors(actors(), actors())
    for reader, name in (
        (read_france_services, "france_services_bretagne_2024-08-01.csv"),
        (read_france_services, "france_services_bretagne_portrea.csv"),
        (read_conseillers_numeriques, "conseillers_numeriques_structures_bretagne_2023-04-05.csv"),
        (read_aidants_connect, "aidants_connect_structures_bretagne_2024-02-12.csv"),
    ):
        result = merge_actors(result.records, reader(shared_open_dir / name, territories).frame)
    export = publishable_export(result.actors)
    # The 6 France services sites only in the short list have no address yet.
    assert sorted(export.excluded["id"]) == ["fs-3102", "fs-3155", "fs-3156", "fs-3162", "fs-3163", "fs-3186"]
    assert export.rows == len(result.actors) - 6 == 489
    assert export.adjusted.empty
    assert validate_standard_export(export.data, territories) == []

    back = load_actors(export.data, territories, file_name="export.csv")
    assert back.errors == [] and len(back.rejected) == 0
    published = result.actors[~result.actors["id"].isin(export.excluded["id"])].reset_index(drop=True)
    assert standard_values(back.frame) == standard_values(published)
    assert back.frame["mention_qpv"].tolist() == published["mention_qpv"].tolist()
    assert back.frame["mention_zrr"].tolist() == published["mention_zrr"].tolist()


def test_publishable_export_of_an_empty_registry_is_the_header_alone():
    from loaders.actors import empty_actors_frame

    export = publishable_export(empty_actors_frame())
    assert export.rows == 0 and export.excluded.empty and export.adjusted.empty
    header, rows = header_and_rows(export.text)
    assert header == list(std.COLUMNS) and rows == []
