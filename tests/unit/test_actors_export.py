"""Writing actors back to the standard (32 columns) and reading them again."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from ingestion.actors_export import format_cell, to_standard_csv
from loaders import lieux_standard as std
from loaders.actors import load_actors

EXAMPLE = "lieux_mediation_numerique_exemple_officiel_fictif.csv"


def standard_values(frame: pd.DataFrame) -> list[dict]:
    """The 32 standard columns as comparable Python values (NA -> None)."""
    records = frame[list(std.COLUMNS)].astype(object).to_dict("records")
    return [{k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in r.items()} for r in records]


def reload(text: str, territories, name: str = "export.csv"):
    return load_actors(text.encode("utf-8"), territories, file_name=name)


@pytest.mark.realdata
def test_official_example_round_trips(shared_open_dir, territories):
    first = load_actors(shared_open_dir / EXAMPLE, territories)
    text = to_standard_csv(first.frame)
    second = reload(text, territories)

    assert second.errors == []
    assert standard_values(second.frame) == standard_values(first.frame)
    header = next(csv.reader(io.StringIO(text)))
    assert header == list(std.COLUMNS)


def test_export_format_and_round_trip_of_a_bretagne_file(territories):
    source = (
        "id,nom,commune,adresse,code_insee,latitude,longitude,date_maj,services,typologie,telephone,membre_reseau_depuis\n"
        'b1,"Espace ""Ti Numérik""",Quimper,"1 rue A, bât. B",29232,47.996,-4.102,2024-03-01,'
        "Aide aux démarches administratives|Loisirs et créations numériques,EPN|CS,+33298000000,2022-05-01\n"
        "b2,=1+1,Rennes,2 rue B,35238,48.1113,-1.68,,,,-12,\n"
    )
    first = reload(source, territories, "source.csv")
    text = to_standard_csv(first.frame)
    rows = list(csv.DictReader(io.StringIO(text)))

    assert list(rows[0]) == list(std.COLUMNS)  # the hub's columns are not part of the standard
    assert rows[0]["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    assert rows[0]["date_maj"] == "2024-03-01"
    assert rows[0]["latitude"] == "47.996" and rows[0]["longitude"] == "-4.102"
    assert rows[0]["nom"] == 'Espace "Ti Numérik"' and rows[0]["adresse"] == "1 rue A, bât. B"
    # A text a spreadsheet would evaluate gets an apostrophe; a plain number (-12) stays as it is.
    assert rows[1]["nom"] == "'=1+1" and rows[1]["telephone"] == "-12"
    assert rows[1]["date_maj"] == "" and rows[1]["services"] == ""

    second = reload(text, territories)
    expected = standard_values(first.frame)
    expected[1]["nom"] = "'=1+1"  # the only value that does not read back as it was
    assert standard_values(second.frame) == expected


def test_format_cell():
    assert format_cell(["a", "b"]) == "a|b"
    assert format_cell([]) == ""
    assert format_cell(pd.NA) == "" and format_cell(None) == "" and format_cell(float("nan")) == ""
    assert format_cell(pd.Timestamp("2024-04-02")) == "2024-04-02"
    assert format_cell(48.1173) == "48.1173"
    assert format_cell(5.0) == "5"
    assert format_cell(0.1 + 0.2) == "0.30000000000000004"  # exact, so that it re-reads the same
    assert format_cell("=HYPERLINK()") == "'=HYPERLINK()"
    assert format_cell(["@SUM(A1)", "b"]) == "'@SUM(A1)|b"  # the cell as a spreadsheet reads it
    assert format_cell(["b", "=x"]) == "b|=x"  # not at the start of the cell: inert
    assert format_cell("+33299000000") == "+33299000000" and format_cell(-4.48) == "-4.48"  # numbers stay
    assert format_cell("+33 2 99 00 00 00") == "'+33 2 99 00 00 00"  # a spreadsheet would compute this one
    assert format_cell("\t=1") == "'\t=1" and format_cell("-Lundi") == "'-Lundi"
