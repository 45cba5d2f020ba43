"""Reading any table file and validating it against a declared dataset."""

import io
import json

import openpyxl
import pytest

from loaders.dataset_spec import DatasetSpec, Field, load_file
from loaders.problems import ERROR, INFO, WARNING
from loaders.tabular_reading import read_table

SPEC = DatasetSpec(
    "essai",
    "Essai",
    (
        Field("id", "code", required=True, unique=True),
        Field("date", "date"),
        Field("taux", "number", minimum=0, maximum=10),
        Field("montant", "money", required=True),
        Field("statut", "enum", choices=("a", "b")),
        Field("liste", "multi", choices=("x", "y")),
        Field("actif", "bool"),
        Field("nombre", "integer"),
    ),
)


def messages(result):
    return [str(p) for p in result.problems]


def test_semicolon_cp1252_comma_decimals():
    raw = "id;date;taux;montant;statut;liste;actif;nombre\nA1;2024-01-02;1,5;12 500,00;a;x|y;oui;3\n".encode("cp1252")
    raw = raw.replace(b"A1", "Aé".encode("cp1252"))
    result = load_file(raw, SPEC, "essai.csv")
    assert result.frame["id"].tolist() == ["Aé"]
    assert result.frame["taux"].tolist() == [1.5]
    assert result.frame["montant_centimes"].tolist() == [1_250_000]
    assert result.frame["liste"].tolist() == [["x", "y"]]
    assert result.frame["actif"].tolist() == [True]
    severities = {p.severity for p in result.problems}
    assert severities == {WARNING, INFO}  # the encoding warning, the separator information
    assert any("Windows-1252" in m for m in messages(result))
    assert any("point-virgule" in m for m in messages(result))


def test_bom_and_tab_separator():
    raw = "\ufeffid\tmontant\nB2\t10\n".encode("utf-8")
    result = load_file(raw, SPEC, "essai.tsv")
    assert result.frame["id"].tolist() == ["B2"]
    assert result.frame["montant_centimes"].tolist() == [1000]
    assert not result.errors


def test_every_bad_cell_is_reported_with_line_and_column_and_the_rest_loads():
    raw = (
        "id,date,taux,montant,statut,liste,actif,nombre\n"
        "A,2024-01-02,1,10,a,x,oui,1\n"
        "A,02/03/2024,-1,abc,c,x|z,peut-être,1.5\n"
        ",2024-13-01,2,5,b,y,non,2\n"
        "D,,,7,,,,\n"
    ).encode()
    result = load_file(raw, SPEC, "essai.csv")
    assert result.frame["id"].tolist() == ["A", "D"]
    text = messages(result)
    expected = [
        "essai.csv, ligne 3, colonne « montant » : montant illisible (attendu 12500.00 ou 12 500,00) (valeur : « abc "
        "»)",
        "essai.csv, ligne 3, colonne « actif » : valeur attendue : oui ou non (valeur : « peut-être »)",
        "essai.csv, ligne 3, colonne « nombre » : nombre entier attendu (valeur : « 1.5 »)",
        "essai.csv, ligne 3, colonne « id » : identifiant en double (déjà présent ligne 2) (valeur : « A »)",
        "essai.csv, ligne 3, colonne « taux » : valeur inférieure au minimum 0 (valeur : « -1.0 »)",
        "essai.csv, ligne 3, colonne « statut » : valeur hors de la liste autorisée : a, b (valeur : « c »)",
        "essai.csv, ligne 4, colonne « id » : valeur obligatoire manquante",
        "essai.csv, ligne 4, colonne « date » : date impossible (valeur : « 2024-13-01 »)",
        "essai.csv : 2 ligne(s) écartée(s) sur 4 ; les autres sont chargées",
    ]
    for line in expected:
        assert line in text
    assert len(result.rejected) == 2
    assert sorted(result.rejected["_ligne"]) == [3, 4]


def test_missing_required_column_names_it_and_loads_nothing():
    result = load_file(b"id,taux\nA,1\n", SPEC, "essai.csv")
    assert result.frame.empty
    assert len(result.errors) == 1
    assert "colonne(s) obligatoire(s) absente(s) : montant" in result.errors[0].message
    assert "Colonnes trouvées : id, taux" in result.errors[0].message


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "le fichier est vide"),
        (b"   \n\n", "le fichier est vide"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "ancien format Excel (.xls)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "fichier binaire"),
        (b'{"a": 1}', "le JSON doit être une liste d'objets"),
        (b"[{", "JSON invalide"),
    ],
)
def test_unreadable_files_give_one_french_error(raw, message):
    result = load_file(raw, SPEC, "essai.csv")
    assert result.frame.empty
    assert any(message in p.message and p.severity == ERROR for p in result.problems)


def test_spreadsheet_renamed_csv_is_read_as_a_workbook():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "montant"])
    ws.append(["X1", "12,5"])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = load_file(buffer.getvalue(), SPEC, "export.csv")
    assert result.frame["id"].tolist() == ["X1"]
    assert result.frame["montant_centimes"].tolist() == [1250]
    assert any("classeur Excel (XLSX) et non un CSV" in p.message for p in result.problems)


def test_json_list_of_objects_with_lists():
    raw = json.dumps([{"id": "J1", "montant": "3", "liste": ["x", "y"]}]).encode()
    result = load_file(raw, SPEC, "essai.json")
    assert result.frame["liste"].tolist() == [["x", "y"]]


def test_read_table_reports_a_single_column_file():
    read = read_table(b"id|montant\nA|1\n", "essai.csv")
    assert any("une seule colonne" in p.message for p in read.problems)


def test_pandera_schema_is_declared_from_the_same_fields():
    schema = SPEC.pandera_schema()
    assert set(schema.columns) == {"id", "date", "taux", "montant_centimes", "statut", "liste", "actif", "nombre"}
    assert schema.columns["id"].nullable is False
    assert schema.columns["taux"].nullable is True


def test_soft_fields_keep_the_row_and_warn():
    spec = DatasetSpec(
        "soft",
        "Soft",
        (
            Field("id", "code", required=True),
            Field("lat", "number", soft=True, maximum=90),
            Field("vu", "date", soft=True),
        ),
    )
    result = load_file(b"id,lat,vu\nA,48.1N,hier\nB,95,2024-01-01\n", spec, "s.csv")
    assert result.frame["id"].tolist() == ["A", "B"]
    assert result.frame["lat"].isna().all()
    assert not result.errors
    text = [str(p) for p in result.warnings]
    assert (
        "s.csv, ligne 2, colonne « lat » : nombre illisible : valeur ignorée, ligne conservée (valeur : « 48.1N »)"
        in text
    )
    assert (
        "s.csv, ligne 3, colonne « lat » : valeur supérieure au maximum 90 : valeur ignorée, ligne conservée (valeur "
        ": « 95.0 »)" in text
    )


def test_header_only_file_gives_an_empty_typed_frame():
    result = load_file(b"id,montant,liste\n", SPEC, "vide.csv")
    assert result.frame.empty and not result.errors
