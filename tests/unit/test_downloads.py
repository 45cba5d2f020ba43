"""Table downloads as French Excel reads them: the CSV bytes (BOM, `;`, decimal comma, French
headers, values rounded as shown) and the XLSX cells (number formats, text never a formula)."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.evaluation import follow_up as ev
from analytics.funding import money as fu
from components.downloads import dataset_csv_bytes, to_csv_bytes, to_xlsx_bytes
from components.evaluation_dates import Dates
from components.export_columns import COLUMNS, readable, unknown_columns
from components.follow_up.funding_tables import fundraising_tables, money_tables
from loaders.bundle import load_bundle
from loaders.config import load_config
from loaders.problems import ERROR, Problem, problems_frame
from loaders.tabular_reading import read_table
from loaders.templates import template_frame
from tests.conftest import ROOT
from views.suivi.sections import kpi_table

BOM = b"\xef\xbb\xbf"
EUROS = '#,##0.00 "€"'


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    text = data[len(BOM) :].decode("utf-8")
    return [line.split(";") for line in text.split("\r\n") if line]


def read_as_french_excel(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def cells_by_header(ws) -> dict[str, list]:
    headers = [c.value for c in ws[1]]
    return {h: [row[i] for row in ws.iter_rows(min_row=2)] for i, h in enumerate(headers)}


def fr(value: float, places: int) -> str:
    """An independent French rendering for the expectations: no thousands separator."""
    return f"{value:.{places}f}".replace(".", ",")


@pytest.fixture(scope="module")
def bundle():
    return load_bundle(load_config(ROOT / "hub.toml"))


# --- toy frames: the rules one by one ---------------------------------------------------------


def test_csv_is_utf8_bom_semicolon_decimal_comma_with_french_headers():
    frame = pd.DataFrame(
        {
            "Action": ["A1", "Total"],
            "prevu_euros": [212_500.0, 1234.5],
            "taux_engagement": [0.947043429844098, 1.0],
            "dossiers": [3, 12],
        }
    )
    data = to_csv_bytes(frame)
    rows = csv_rows(data)
    assert rows[0] == ["Action", "Prévu (€)", "Engagé (%)", "Dossiers"]
    assert rows[1] == ["A1", "212500,00", "94,7", "3"]
    assert rows[2] == ["Total", "1234,50", "100,0", "12"]
    # Read the way French Excel does, the figures are numbers again.
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Prévu (€)"].tolist() == [212_500.0, 1234.5]
    assert back["Engagé (%)"].tolist() == [94.7, 100.0]


def test_dates_lists_booleans_missing_values_and_inferred_kinds():
    frame = pd.DataFrame(
        {
            "date": [pd.Timestamp("2022-04-26"), pd.NaT],
            "Première mise à jour": [dt.date(2023, 1, 5), None],
            "Le": [pd.Timestamp("2023-01-05 14:30"), pd.Timestamp("2023-01-06")],
            "services": [["Aide aux démarches", "Accès internet"], []],
            "membre_reseau": [True, False],
            "Participants": pd.array([12, None], dtype="Int64"),
            "Distance (km)": [2.5, 3.0],
            "engage_cumule_euros": pd.array([1881.0, None], dtype="Float64"),
        }
    )
    rows = csv_rows(to_csv_bytes(frame))
    assert rows[0] == [
        "Date",
        "Première mise à jour",
        "Le",
        "Services",
        "Membre du réseau",
        "Participants",
        "Distance (km)",
        "Engagé, cumul (€)",
    ]
    assert rows[1] == [
        "26/04/2022",
        "05/01/2023",
        "05/01/2023 14:30",
        "Aide aux démarches | Accès internet",
        "Oui",
        "12",
        "2,5",
        "1881,00",
    ]
    assert rows[2] == ["", "", "06/01/2023 00:00", "", "Non", "", "3", ""]


def test_formulas_are_neutralised_but_numbers_never():
    frame = pd.DataFrame(
        {
            "=SOMME(A1)": ['=HYPERLINK("http://x")', "+33 6 00", "-x", "@SUM(1)", "\tx", "\rx", "ok"],
            "depense_euros": [-12.5, 0.0, -0.001, 1.0, 2.0, 3.0, 4.0],
        }
    )
    data = to_csv_bytes(frame)
    back = read_as_french_excel(data)
    assert list(back.columns) == ["'=SOMME(A1)", "Dépensé (€)"]
    assert back["'=SOMME(A1)"].tolist() == [
        '\'=HYPERLINK("http://x")',
        "'+33 6 00",
        "'-x",
        "'@SUM(1)",
        "'\tx",
        "'\rx",
        "ok",
    ]
    assert back["Dépensé (€)"].tolist()[:3] == ["-12,50", "0,00", "0,00"]  # no apostrophe, no "-0,00"

    ws = sheet(to_xlsx_bytes(frame))
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert (
        ws["A1"].value == "'=SOMME(A1)" and ws["A2"].value == '\'=HYPERLINK("http://x")' and ws["A2"].data_type == "s"
    )
    assert ws["B2"].value == -12.5 and ws["B2"].data_type == "n"


def test_a_text_cell_starting_with_equals_is_text_even_without_the_rule(monkeypatch):
    """openpyxl writes a string starting with "=" as a formula: the writer forces text."""
    import components.downloads as downloads

    monkeypatch.setattr(downloads, "neutralise_formula", lambda v: v)
    ws = sheet(to_xlsx_bytes(pd.DataFrame({"Nom": ["=1+1"]})))
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"


def test_xlsx_number_formats_header_widths_and_frozen_row():
    frame = pd.DataFrame(
        {
            "Action": ["A1 · Diagnostic, mise en réseau et animation de l'écosystème"],
            "prevu_euros": [212_500.0],
            "taux_engagement": [0.947043429844098],
            "progression_sur_attendu": [0.99],
            "dossiers": [3],
            "date_mesure": [dt.date(2023, 9, 30)],
            "Gain de score (points)": [9.04],
            "Distance (km)": [2.25],
        }
    )
    ws = sheet(to_xlsx_bytes(frame, sheet="budget/action: 2023"))
    assert ws.title == "budget action  2023"
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    by = {c.value: ws.cell(row=2, column=c.column) for c in ws[1]}
    assert (by["Prévu (€)"].value, by["Prévu (€)"].number_format) == (212_500, EUROS)
    assert (by["Engagé (%)"].value, by["Engagé (%)"].number_format) == (0.947, "0.0%")
    assert (by["Progression / attendu (%)"].value, by["Progression / attendu (%)"].number_format) == (0.99, "0%")
    assert (by["Dossiers"].value, by["Dossiers"].number_format) == (3, "#,##0")
    assert by["Mesurée le"].value.date() == dt.date(2023, 9, 30) and by["Mesurée le"].number_format == "dd/mm/yyyy"
    assert (by["Gain de score (points)"].value, by["Gain de score (points)"].number_format) == (9.0, "#,##0.0")
    assert by["Distance (km)"].value == 2.25
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["A"] == 60  # a long label, capped
    assert 8 <= widths["B"] < 20


def test_control_characters_do_not_break_the_xlsx():
    ws = sheet(to_xlsx_bytes(pd.DataFrame({"Nom": ["Tiers\x07lieu\x00"]})))
    assert ws["A2"].value == "Tierslieu"


def test_undeclared_technical_names_get_a_readable_label_and_are_reported():
    frame = pd.DataFrame({"code_postal_x": ["29200"], "Commune": ["Brest"], "prevu_euros": [1.0]})
    assert unknown_columns(frame) == ["code_postal_x"]
    assert csv_rows(to_csv_bytes(frame))[0] == ["Code postal x", "Commune", "Prévu (€)"]
    assert readable("reste_a_depenser") == "Reste a depenser"


def test_every_declared_label_is_french_and_unique_per_kind_of_value():
    for name, column in COLUMNS.items():
        assert column.label and column.label[0].isupper(), name
        assert (column.kind.name == "percent") == column.label.endswith("(%)"), name
        assert (column.kind.name == "euros") == column.label.endswith("(€)"), name


def test_the_problems_of_the_loaders_are_declared():
    problems = problems_frame(
        [Problem("acteurs.csv", "code INSEE inconnu", line=3, column="code_insee", value="=1", severity=ERROR)]
    )
    assert unknown_columns(problems) == []
    rows = csv_rows(to_csv_bytes(problems))
    assert rows[0] == ["Gravité", "Fichier", "Ligne", "Colonne", "Problème", "Valeur"]
    assert rows[1][2] == "3" and rows[1][5] == "'=1"


# --- real exports, through the functions the pages call ---------------------------------------


def test_financements_budget_by_action(bundle):
    config = bundle.config
    as_of = config.end
    envelopes = [e.key for e in config.envelopes]
    frame = fu.consumption_by(bundle.budget_lines, bundle.movements, ["action"], as_of, envelopes)
    display, export = money_tables(fu.with_total(frame, "action"), "action", "Action")
    data = to_csv_bytes(export)
    rows = csv_rows(data)
    assert rows[0] == [
        "Action",
        "Prévu (€)",
        "Engagé (€)",
        "Engagé (%)",
        "Dépensé (€)",
        "Dépensé (%)",
        "Reste à dépenser (€)",
    ]
    total = rows[-1]
    assert total[0] == "Total" and total[1] == "262500,00"  # the agreement: 212 500 + 50 000 EUR
    moves = bundle.movements.merge(bundle.budget_lines[["id_ligne", "enveloppe"]], on="id_ligne")
    moves = moves[moves["enveloppe"].isin(envelopes) & (moves["date"] <= pd.Timestamp(as_of))]
    engaged = int(moves.loc[moves["nature"] == "engagement", "montant_centimes"].sum())
    spent = int(moves.loc[moves["nature"] == "depense", "montant_centimes"].sum())
    assert total[2] == fr(engaged / 100, 2) and total[4] == fr(spent / 100, 2)
    assert total[3] == fr(100 * engaged / 26_250_000, 1) and total[5] == fr(100 * spent / 26_250_000, 1)
    # The screen shows the same rounding (with its thousands separators and units).
    assert display.iloc[-1]["Engagé (%)"].replace("\u00a0%", "") == total[3]

    ws = sheet(to_xlsx_bytes(export))
    cells = cells_by_header(ws)
    assert cells["Prévu (€)"][-1].value == 262_500 and cells["Prévu (€)"][-1].number_format == EUROS
    assert (
        cells["Engagé (%)"][-1].value == round(engaged / 26_250_000, 3)
        and cells["Engagé (%)"][-1].number_format == "0.0%"
    )
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_financements_funds_raised_by_status(bundle):
    raised = fu.fundraising_as_of(bundle.fundraising, bundle.config.end)
    table = fu.fundraising_by(raised.assign(statut_libelle=raised["statut_a_date"]), "statut_libelle")
    _, export = fundraising_tables(table, "statut_libelle", "Statut")
    back = pd.read_csv(io.BytesIO(to_csv_bytes(export)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == [
        "Statut",
        "Dossiers",
        "Montant demandé (€)",
        "Obtenus",
        "Montant obtenu (€)",
        "Refusés",
        "En attente",
    ]
    assert back["Montant obtenu (€)"].sum() == pytest.approx(340_100)  # the page's "Fonds obtenus"
    assert back["Dossiers"].sum() == len(raised)


def test_suivi_kpi_table(bundle):
    config = bundle.config
    as_of, compare = dt.date(2023, 10, 26), dt.date(2023, 6, 27)
    kpis = ev.kpi_progress(bundle.kpis, bundle.kpi_measures, config.start, config.months, as_of)
    before = ev.kpi_progress(bundle.kpis, bundle.kpi_measures, config.start, config.months, compare)
    _, export = kpi_table(kpis, before, Dates(as_of, compare, None))
    assert unknown_columns(export) == []
    back = read_as_french_excel(to_csv_bytes(export)).set_index("Identifiant")
    assert list(back.columns[:3]) == ["Indicateur", "Unité", "Valeur initiale"]
    for k in kpis.itertuples():
        row = back.loc[k.id_kpi]
        assert row["Indicateur"] == k.libelle
        assert row["Mesurée le"] == (k.date_mesure.strftime("%d/%m/%Y") if pd.notna(k.date_mesure) else "")
        assert row["Progression / attendu (%)"] == (fr(100 * k.ratio, 0) if pd.notna(k.ratio) else "")
        assert "." not in row["Valeur"]
    cells = cells_by_header(sheet(to_xlsx_bytes(export)))
    measured = [c for c in cells["Mesurée le"] if c.value is not None]
    assert measured and all(c.number_format == "dd/mm/yyyy" for c in measured)
    assert {c.number_format for c in cells["Progression / attendu (%)"] if c.value is not None} == {"0%"}


def test_territoires_table(bundle):
    from components.coverage.data import scored_level
    from components.coverage.tables import export_frame, level_table, with_short_names

    km = bundle.config.distance_threshold_km
    scored = with_short_names(scored_level(bundle, "epci", km, None), "epci")
    table = export_frame(level_table(scored, "epci", km, km))
    assert unknown_columns(table) == []
    data = to_csv_bytes(table)
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Code": str})
    assert list(back.columns) == list(table.columns)  # already French: kept as they are
    assert back["Population"].tolist() == table["Population"].tolist()
    assert back["IFN global"].tolist() == pytest.approx(table["IFN global"].tolist(), nan_ok=True)
    first = csv_rows(data)[1]
    assert first[list(table.columns).index("Lieux pour 10 000 hab.")] == fr(
        table["Lieux pour 10 000 hab."].iloc[0], 2
    ).rstrip("0").rstrip(",")
    cells = cells_by_header(sheet(to_xlsx_bytes(table)))
    assert cells["Population"][0].number_format == "#,##0" and cells["Code"][0].data_type == "s"


# --- dataset versions keep the dataset's own format -------------------------------------------


def test_a_dataset_version_downloads_in_its_import_format():
    frame = template_frame("jalons")
    data = dataset_csv_bytes(frame)
    assert data.startswith(BOM) and data[len(BOM) :].split(b"\r\n")[0].split(b"\n")[0].decode() == ",".join(
        frame.columns
    )
    read = read_table(data, "jalons.csv")
    assert read.separator == "," and [c for c in read.frame.columns if c != "_ligne"] == list(frame.columns)
