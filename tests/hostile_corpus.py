"""A corpus of hostile files for every dataset, built here (the large ones when a test asks).

Each file is what a person, a broken export or an attacker could send to the import on the page
Données: broken encodings, binary content, control characters, deep or huge JSON, dates and
numbers out of any range, files past the limits of loaders/limits.py, XLSX zip bombs, actors
files that would make the duplicate search explode. Each comes with the outcome expected and the
French text the person must read. tests/unit/test_hostile_corpus.py runs them all through the
import; tests/browser/test_hostile_uploads.py uploads a sample in Chromium.

    python -m tests.hostile_corpus out/    # writes every file of the corpus to a folder
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from loaders.limits import (
    MAX_CANDIDATE_PAIRS,
    MAX_CELL_CHARS,
    MAX_JSON_DEPTH,
    MAX_PLACES_PER_COMMUNE,
    MAX_XLSX_PARTS,
    MAX_XLSX_UNCOMPRESSED,
    XLSX_TRAILING_ROWS,
    fr_count,
)
from loaders.schemas import SPECS

REFUSED = "refusé"  # cannot be confirmed at all
REJECTED_ROWS = "lignes écartées"  # rows in error: cannot be confirmed without accepting to set them aside
WARNING_ONLY = "avertissement"  # can be confirmed (warnings or information only); abandoned by the tests
ACCEPTED = "accepté"  # read in full, no row set aside (a spelling the hub reads); abandoned by the tests

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Hostile:
    id: str
    dataset: str
    name: str
    content: bytes | Callable[[], bytes]
    outcome: str
    expected: str  # French text found in a problem or in the refusal
    source_format: str | None = None

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


# --- building blocks -------------------------------------------------------------------------


def example_rows(dataset: str) -> list[dict[str, str]]:
    """The dataset's template rows (valid against the hub of hub.toml and its demo data)."""
    return [dict(r) for r in SPECS[dataset].examples]


def columns_of(dataset: str) -> list[str]:
    return SPECS[dataset].columns


def table(dataset: str, rows: list[dict[str, str]], sep: str = ",", columns: list[str] | None = None) -> str:
    columns = columns or columns_of(dataset)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=sep, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def with_values(dataset: str, **changes: str) -> list[dict[str, str]]:
    """The example rows, the first one changed; the others stay valid (a copy of the example,
    under another id, when the template has one row)."""
    rows = example_rows(dataset)
    if len(rows) == 1:
        key = SPECS[dataset].id_columns[0]
        rows.append(dict(rows[0], **{key: rows[0][key] + "-2"}))
    rows[0].update(changes)
    return rows


def mutated(dataset: str, **changes: str) -> bytes:
    return table(dataset, with_values(dataset, **changes)).encode()


def json_rows(dataset: str, rows: list[dict]) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode()


@cache
def demo_actors() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data/demo/acteurs.csv", dtype=str, keep_default_na=False)


def actors_csv(rows: pd.DataFrame) -> bytes:
    return rows.to_csv(index=False, lineterminator="\n").encode()


def many_actors(n: int, **constant: str) -> bytes:
    """`n` distinct places built from the demo's (unique ids and names), with `constant` columns."""
    demo = demo_actors()
    rows = demo.iloc[[i % len(demo) for i in range(n)]].reset_index(drop=True)
    rows["id"] = [f"hostile-{i:06d}" for i in range(n)]
    rows["nom"] = [f"{name} {i}" for i, name in enumerate(rows["nom"])]
    rows["pivot"] = ""
    for column, value in constant.items():
        rows[column] = value
    return actors_csv(rows)


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(r: int, values: list[str]) -> str:
    return f'<row r="{r}">' + "".join(_cell(f"{_column(i)}{r}", v) for i, v in enumerate(values)) + "</row>"


def hand_made_xlsx(rows: Callable[[], object], extra_parts: int = 0) -> bytes:
    """A minimal workbook whose sheet is written as a stream of XML (`rows` yields strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            batch = []
            for piece in rows():
                batch.append(piece)
                if len(batch) >= 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + _SHEET_TAIL).encode())
        for i in range(extra_parts):
            z.writestr(f"xl/media/part{i}.xml", "<x/>")
    return buffer.getvalue()


def _milestone_sheet(data_rows: int, gap_to: int | None = None) -> Callable[[], object]:
    header = ["id_jalon", "action", "titre", "date_prevue"]

    def rows():
        yield _row(1, header)
        for r in range(2, data_rows + 2):
            yield _row(r, [f"J{r}", "A1", "Jalon", "2022-05-01"])
        if gap_to:
            yield _row(gap_to, ["J-LOIN", "A1", "Jalon lointain", "2022-06-01"])

    return rows


def xlsx_bomb_rows() -> bytes:
    """About 250 KB that expand to a million rows of actors (a zip bomb)."""
    header = ["id", "nom", "commune", "adresse"]

    def rows():
        yield _row(1, header)
        for r in range(2, 1_000_002):
            yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'

    return hand_made_xlsx(rows)


def xlsx_expanding_part() -> bytes:
    """A workbook one of whose parts declares more than the decompressed limit (zeros)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            zeros = b" " * (1 << 20)
            for _ in range(MAX_XLSX_UNCOMPRESSED // len(zeros) + 8):
                sheet.write(zeros)
            sheet.write(_SHEET_TAIL.encode())
    return buffer.getvalue()


def xlsx_wide_row() -> bytes:
    def rows():
        yield _row(1, ["id_kpi", "action"])
        yield '<row r="2">' + "".join(f'<c r="{_column(i)}2"><v>1</v></c>' for i in range(5_000)) + "</row>"

    return hand_made_xlsx(rows)


def xlsx_many_parts() -> bytes:
    return hand_made_xlsx(_milestone_sheet(2), extra_parts=MAX_XLSX_PARTS)


def random_binary(seed: int, size: int = 20_000) -> bytes:
    """Random bytes without any NUL (so no early NUL gives it away)."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))


def deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def utf16_odd() -> bytes:
    text = table("jalons", example_rows("jalons"))
    return b"\xff\xfe" + text.encode("utf-16-le") + b"J"


def utf16_lone_surrogate() -> bytes:
    rows = example_rows("jalons")
    encoded = table("jalons", rows).encode("utf-16-le")
    # A lone high surrogate (D800) in the middle of the first title.
    title = rows[0]["titre"].encode("utf-16-le")
    return b"\xff\xfe" + encoded.replace(title, title[:4] + b"\x00\xd8" + title[4:], 1)


def mixed_encodings() -> bytes:
    rows = example_rows("lignes_budget")
    first = table("lignes_budget", rows[:1]).encode("utf-8")
    second = table("lignes_budget", rows[1:]).split("\n", 1)[1]
    return first + second.encode("cp1252")


def bom_with_bad_bytes() -> bytes:
    text = table("levees_fonds", example_rows("levees_fonds")).encode("utf-8")
    return b"\xef\xbb\xbf" + text.replace("Centre".encode(), b"Centre\xff\xfe", 1)


def huge_cell(dataset: str, column: str) -> bytes:
    return mutated(dataset, **{column: "x" * (MAX_CELL_CHARS + 10)})


def unclosed_quote(rows: int) -> bytes:
    """A quote opened in the 2nd place's name and never closed: the rest of the file is one cell."""
    lines = ["id,nom,commune,adresse", "hub-1,Lieu un,Rennes,1 rue A", 'hub-2,"Lieu sans fin,Rennes,2 rue B']
    lines += [f"hub-{i},Lieu {i},Rennes,{i} rue C" for i in range(3, rows)]
    return ("\n".join(lines) + "\n").encode()


def too_wide_csv() -> bytes:
    columns = columns_of("jalons") + [f"colonne_{i}" for i in range(SPECS["jalons"].max_columns)]
    return table("jalons", example_rows("jalons"), columns=columns).encode()


def rows_past_limit(dataset: str) -> bytes:
    spec = SPECS[dataset]
    rows = example_rows(dataset)
    ids = spec.id_columns[0]
    out = []
    for i in range(spec.max_rows + 1):
        row = dict(rows[i % len(rows)])
        row[ids] = f"X{i}"
        out.append(row)
    return table(dataset, out).encode()


def same_point_actors() -> bytes:
    """Places all at the same point, enough for their pairs to pass the limit."""
    n = int((2 * MAX_CANDIDATE_PAIRS) ** 0.5) + 100
    return many_actors(n, latitude="48.1113", longitude="-1.6800", code_insee="", commune="Quelque part")


def same_pivot_actors() -> bytes:
    n = int((2 * MAX_CANDIDATE_PAIRS) ** 0.5) + 100
    return many_actors(n, pivot="13002526500013")


def one_commune_actors() -> bytes:
    demo = demo_actors()
    n = MAX_PLACES_PER_COMMUNE + 100
    rows = demo.iloc[[i % len(demo) for i in range(n)]].reset_index(drop=True)
    rows["id"] = [f"rennes-{i:06d}" for i in range(n)]
    rows["nom"] = [f"Lieu {i}" for i in range(n)]
    rows["pivot"] = ""
    rng = random.Random(3)
    rows["code_insee"], rows["commune"] = "35238", "Rennes"
    rows["latitude"] = [f"{48.08 + rng.random() * 0.06:.6f}" for _ in range(n)]
    rows["longitude"] = [f"{-1.72 + rng.random() * 0.1:.6f}" for _ in range(n)]
    return actors_csv(rows)


def actors_past_limit() -> bytes:
    return many_actors(SPECS["acteurs"].max_rows + 1)


def catalogue_objects_past_limit() -> bytes:
    row = example_rows("catalogue_indicateurs")[0]
    return json_rows("catalogue_indicateurs", [dict(row, id=f"ind_{i}") for i in range(1_001)])


def json_many_keys() -> bytes:
    row = example_rows("experimentations")[0]
    return json_rows(
        "experimentations",
        [
            dict(row, id_experimentation=f"E{i}", **{f"champ_{i}": "x"})
            for i in range(SPECS["experimentations"].max_columns)
        ],
    )


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random_binary(5, 4000)


ACTOR_ROW = example_rows("acteurs")[0]


def _limit_rows(dataset: str, rows: int) -> str:
    return f"il a {fr_count(rows)} lignes de données ; au plus {fr_count(SPECS[dataset].max_rows)}"


# (id, dataset, file name, content, outcome, expected French text[, format])
HOSTILE: list[Hostile] = [
    # --- encodings and binary content --------------------------------------------------------
    Hostile("utf16_nombre_impair_octets", "jalons", "jalons.csv", utf16_odd, WARNING_ONLY, "nombre impair d'octets"),
    Hostile(
        "utf16_demi_caractere_isole",
        "jalons",
        "jalons.csv",
        utf16_lone_surrogate,
        WARNING_ONLY,
        "encodage UTF-16 invalide (demi-caractère isolé)",
    ),
    Hostile(
        "utf16_sans_bom",
        "kpis",
        "kpis.csv",
        table("kpis", example_rows("kpis")).encode("utf-16-le"),
        WARNING_ONLY,
        "encodage UTF-16 détecté et converti",
    ),
    Hostile(
        "utf16_gros_boutiste",
        "evenements",
        "evenements.csv",
        b"\xfe\xff" + table("evenements", example_rows("evenements")).encode("utf-16-be"),
        WARNING_ONLY,
        "encodage UTF-16 détecté et converti",
    ),
    Hostile("encodage_mixte", "lignes_budget", "budget.csv", mixed_encodings, WARNING_ONLY, "encodage mixte"),
    Hostile(
        "bom_et_octets_invalides",
        "levees_fonds",
        "levees.csv",
        bom_with_bad_bytes,
        WARNING_ONLY,
        "octets qui ne sont pas de l'UTF-8",
    ),
    Hostile("binaire_sans_nul", "acteurs", "acteurs.csv", random_binary(1), REFUSED, "fichier binaire"),
    Hostile("binaire_sans_nul_json", "kpis", "kpis.json", random_binary(2), REFUSED, "fichier binaire"),
    Hostile(
        "gzip_renomme_csv",
        "mouvements",
        "mouvements.csv",
        gzip.compress(table("mouvements", example_rows("mouvements")).encode(), mtime=0),
        REFUSED,
        "fichier binaire",
    ),
    Hostile("image_renommee_csv", "experimentations", "experimentations.csv", png(), REFUSED, "fichier binaire"),
    Hostile(
        "nul_dans_les_cellules",
        "acteurs",
        "acteurs.csv",
        table("acteurs", [dict(ACTOR_ROW, nom="Médiathèque\x00 de Plouguerneau")]).encode(),
        WARNING_ONLY,
        "caractère(s) invisible(s) retiré(s) (NUL)",
    ),
    Hostile(
        "caracteres_de_controle",
        "jalons",
        "jalons.csv",
        mutated("jalons", titre="Lancement\x1b[31m officiel\x07"),
        WARNING_ONLY,
        "ÉCHAP",
    ),
    Hostile(
        "controle_dans_un_montant",
        "lignes_budget",
        "budget.csv",
        mutated("lignes_budget", montant_prevu="378\x0000.00"),
        WARNING_ONLY,
        "caractère(s) invisible(s) retiré(s) (NUL)",
    ),
    Hostile(
        "fins_de_ligne_mac",
        "kpis",
        "kpis.csv",
        table("kpis", example_rows("kpis")).replace("\n", "\r").encode(),
        ACCEPTED,
        "",
    ),
    # --- JSON -----------------------------------------------------------------------------------
    Hostile(
        "json_imbrique_profond",
        "kpis",
        "kpis.json",
        deep_json(100_000),
        REFUSED,
        f"JSON trop imbriqué : plus de {MAX_JSON_DEPTH} niveaux",
    ),
    Hostile(
        "json_imbrique_dans_un_objet",
        "evenements",
        "evenements.json",
        b'[{"id_evenement": ' + deep_json(5_000) + b"}]",
        REFUSED,
        "JSON trop imbriqué",
    ),
    Hostile(
        "json_entier_enorme",
        "kpis",
        "kpis.json",
        json_rows("kpis", example_rows("kpis")).replace(b'"61"', b"9" * 5_000, 1),
        REJECTED_ROWS,
        "nombre hors limites",
    ),
    Hostile(
        "json_nan_infinity",
        "mesures_kpi",
        "mesures.json",
        b'[{"id_kpi": "A1-K5", "date": "2022-07-31", "valeur": NaN},'
        b' {"id_kpi": "A1-K5", "date": "2022-08-31", "valeur": -Infinity},'
        b' {"id_kpi": "A1-K5", "date": "2022-09-30", "valeur": 3}]',
        REJECTED_ROWS,
        "nombre attendu (NaN et infini refusés)",
    ),
    Hostile(
        "json_demi_caractere_echappe",
        "jalons",
        "jalons.json",
        json_rows("jalons", example_rows("jalons")).replace(b"Lancement", b"Lancement \\ud800", 1),
        WARNING_ONLY,
        "demi-caractère UTF-16 isolé",
    ),
    Hostile(
        "json_trop_de_cles", "experimentations", "experimentations.json", json_many_keys, REFUSED, "fichier trop large"
    ),
    Hostile(
        "json_trop_d_objets",
        "catalogue_indicateurs",
        "catalogue.json",
        catalogue_objects_past_limit,
        REFUSED,
        _limit_rows("catalogue_indicateurs", 1_001),
    ),
    Hostile(
        "json_pas_une_liste_d_objets",
        "levees_fonds",
        "levees.json",
        b'["a", "b"]',
        REFUSED,
        "le JSON doit être une liste d'objets",
    ),
    Hostile(
        "json_tronque",
        "lignes_budget",
        "budget.json",
        json_rows("lignes_budget", example_rows("lignes_budget"))[:-40],
        REFUSED,
        "JSON invalide",
    ),
    Hostile(
        "json_nombre_en_exposant_geant",
        "experimentations",
        "experimentations.json",
        json_rows("experimentations", with_values("experimentations")).replace(b'"5000.00"', b"1e999", 1),
        REJECTED_ROWS,
        "montant illisible",
    ),
    # --- dates ----------------------------------------------------------------------------------
    Hostile(
        "dates_de_formats_melanges",
        "mouvements",
        "mouvements.csv",
        table(
            "mouvements",
            [dict(r, date=d) for r, d in zip(example_rows("mouvements"), ["2022-05-12", "01/06/2022", "30 juin 2022"])],
        ).encode(),
        REJECTED_ROWS,
        "date illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)",
    ),
    Hostile(
        "annee_1",
        "jalons",
        "jalons.csv",
        mutated("jalons", date_prevue="0001-01-01"),
        REJECTED_ROWS,
        "année hors limites : 1",
    ),
    Hostile(
        "annee_9999",
        "evenements",
        "evenements.csv",
        mutated("evenements", date="9999-12-31"),
        REJECTED_ROWS,
        "année hors limites : 9999",
    ),
    Hostile(
        "date_reelle_en_l_an_9999",
        "jalons",
        "jalons.csv",
        mutated("jalons", date_reelle="31/12/9999"),
        REJECTED_ROWS,
        "année hors limites : 9999",
    ),
    Hostile(
        "date_impossible",
        "levees_fonds",
        "levees.csv",
        mutated("levees_fonds", date_depot="2022-02-30"),
        REJECTED_ROWS,
        "date impossible",
    ),
    Hostile(
        "date_en_lettres",
        "experimentations",
        "experimentations.csv",
        mutated("experimentations", date_debut="lundi prochain"),
        REJECTED_ROWS,
        "date illisible",
    ),
    Hostile(
        "date_de_mise_a_jour_an_9999",
        "acteurs",
        "acteurs.csv",
        table("acteurs", [dict(ACTOR_ROW, date_maj="9999-01-01")]).encode(),
        WARNING_ONLY,
        "année hors limites : 9999 (attendu une année de 1900 à 2100) : valeur ignorée, ligne conservée",
    ),
    Hostile(
        "mesure_datee_an_1",
        "mesures_kpi",
        "mesures.csv",
        mutated("mesures_kpi", date="0001-07-31"),
        REJECTED_ROWS,
        "année hors limites : 1",
    ),
    # --- numbers and amounts --------------------------------------------------------------------
    Hostile(
        "montant_en_exposant",
        "lignes_budget",
        "budget.csv",
        mutated("lignes_budget", montant_prevu="1e400"),
        REJECTED_ROWS,
        "montant illisible",
    ),
    Hostile(
        "montant_enorme",
        "lignes_budget",
        "budget.csv",
        mutated("lignes_budget", montant_prevu="9" * 30),
        REJECTED_ROWS,
        "montant hors limites (au plus 1\u00a0000\u00a0000\u00a0000\u00a0000 €)",
    ),
    Hostile(
        "montant_nan",
        "lignes_budget",
        "budget.csv",
        mutated("lignes_budget", montant_prevu="NaN"),
        REJECTED_ROWS,
        "montant illisible",
    ),
    Hostile(
        "montant_milliers_sans_guillemets",
        "lignes_budget",
        "budget.csv",
        table("lignes_budget", example_rows("lignes_budget")).replace("37800.00", "37 800,00").encode(),
        REFUSED,
        "CSV mal formé (ligne 2 : 8 valeurs au lieu de 7",
    ),
    Hostile(
        "montant_negatif",
        "lignes_budget",
        "budget.csv",
        mutated("lignes_budget", montant_prevu="-500"),
        REJECTED_ROWS,
        "valeur inférieure au minimum 0",
    ),
    Hostile(
        "mouvement_montant_infini",
        "mouvements",
        "mouvements.csv",
        mutated("mouvements", montant="inf"),
        REJECTED_ROWS,
        "montant illisible",
    ),
    Hostile(
        "mouvement_champs_malformes",
        "mouvements",
        "mouvements.csv",
        mutated("mouvements", nature="dépense", zone_prioritaire="quartier", code_territoire="3523"),
        REJECTED_ROWS,
        "valeur hors de la liste autorisée : engagement, depense",
    ),
    Hostile(
        "mouvement_montant_milliers_point",
        "mouvements",
        "mouvements.csv",
        mutated("mouvements", montant="12.600,00"),
        ACCEPTED,
        "",
    ),
    Hostile(
        "kpi_infini_et_nan",
        "kpis",
        "kpis.csv",
        mutated("kpis", valeur_initiale="inf", cible_m18="nan"),
        REJECTED_ROWS,
        "nombre attendu (NaN et infini refusés)",
    ),
    Hostile(
        "kpi_separateurs_de_milliers",
        "kpis",
        "kpis.csv",
        mutated("kpis", cible_m18="1.234,5", cible_m12="1,200.5"),
        ACCEPTED,
        "",
    ),
    Hostile(
        "mesure_trop_grande",
        "mesures_kpi",
        "mesures.csv",
        mutated("mesures_kpi", valeur="1e308"),
        REJECTED_ROWS,
        "nombre hors limites",
    ),
    Hostile(
        "indicateur_valeur_infinie",
        "indicateurs",
        "indicateurs.csv",
        mutated("indicateurs", valeur="Infinity"),
        REJECTED_ROWS,
        "nombre attendu (NaN et infini refusés)",
    ),
    Hostile(
        "indicateur_periode_en_lettres",
        "indicateurs",
        "indicateurs.csv",
        mutated("indicateurs", periode="deux mille vingt-trois"),
        REJECTED_ROWS,
        "format invalide",
    ),
    Hostile(
        "ifn_valeurs_infinies",
        "indicateurs",
        "ifn.csv",
        b"name,division,code,no_thd_coverage_rate,no_4g_coverage_rate,poverty_rate,older_65_rate,nscol15p_rate,total\n"
        b"Brest,commune,29019,inf,1,2,3,4,5\nRennes,commune,35238,1,NaN,2,3,4,5\n",
        REFUSED,
        "valeur hors de l'échelle 0-10",
        "ifn_commune",
    ),
    Hostile(
        "catalogue_bornes_infinies",
        "catalogue_indicateurs",
        "catalogue.csv",
        mutated("catalogue_indicateurs", min="-inf", max="1e999"),
        REJECTED_ROWS,
        "nombre attendu (NaN et infini refusés)",
    ),
    Hostile(
        "participants_enormes",
        "evenements",
        "evenements.csv",
        mutated("evenements", participants="1e30"),
        REJECTED_ROWS,
        "nombre hors limites",
    ),
    Hostile(
        "participants_decimaux",
        "evenements",
        "evenements.csv",
        mutated("evenements", participants="12,5"),
        REJECTED_ROWS,
        "nombre entier attendu",
    ),
    Hostile(
        "activite_valeur_infinie",
        "activite",
        "activite.csv",
        mutated("activite", valeur="inf"),
        REJECTED_ROWS,
        "nombre attendu (NaN et infini refusés)",
    ),
    Hostile(
        "activite_valeur_enorme",
        "activite",
        "activite.csv",
        mutated("activite", valeur="1e30"),
        REJECTED_ROWS,
        "nombre hors limites",
    ),
    Hostile(
        "financement_hors_limites",
        "experimentations",
        "experimentations.csv",
        mutated("experimentations", financement_hub="123456789012345678"),
        REJECTED_ROWS,
        "montant hors limites",
    ),
    Hostile(
        "levee_montant_en_lettres",
        "levees_fonds",
        "levees.csv",
        mutated("levees_fonds", montant_demande="vingt mille"),
        REJECTED_ROWS,
        "montant illisible",
    ),
    Hostile(
        "acteur_latitude_infinie",
        "acteurs",
        "acteurs.csv",
        table("acteurs", [dict(ACTOR_ROW, latitude="inf")]).encode(),
        WARNING_ONLY,
        "nombre attendu (NaN et infini refusés) : valeur ignorée, ligne conservée",
    ),
    Hostile(
        "acteur_etp_nan",
        "acteurs",
        "acteurs.csv",
        table("acteurs", [dict(ACTOR_ROW, etp_mediateurs="NaN")]).encode(),
        WARNING_ONLY,
        "nombre attendu (NaN et infini refusés)",
    ),
    # --- limits ---------------------------------------------------------------------------------
    Hostile(
        "acteurs_trop_de_lignes",
        "acteurs",
        "acteurs.csv",
        actors_past_limit,
        REFUSED,
        _limit_rows("acteurs", 50_001) + " pour « Acteurs (lieux de médiation numérique) »",
    ),
    Hostile(
        "budget_trop_de_lignes",
        "lignes_budget",
        "budget.csv",
        lambda: rows_past_limit("lignes_budget"),
        REFUSED,
        _limit_rows("lignes_budget", 5_001),
    ),
    Hostile(
        "jalons_trop_de_colonnes",
        "jalons",
        "jalons.csv",
        too_wide_csv,
        REFUSED,
        f"fichier trop large : il a {fr_count(len(columns_of('jalons')) + 200)} colonnes ; au plus 200",
    ),
    Hostile(
        "cellule_trop_longue",
        "kpis",
        "kpis.csv",
        lambda: huge_cell("kpis", "libelle"),
        REFUSED,
        f"cellule trop longue ligne 2, colonne « libelle » : {fr_count(MAX_CELL_CHARS + 10)} caractères",
    ),
    Hostile(
        "en_tete_trop_long",
        "jalons",
        "jalons.csv",
        lambda: table("jalons", example_rows("jalons"), columns=columns_of("jalons") + ["y" * 40_000]).encode(),
        REFUSED,
        "en-tête : cellule trop longue",
    ),
    Hostile(
        "guillemet_jamais_ferme",
        "acteurs",
        "acteurs.csv",
        unclosed_quote(100),
        REFUSED,
        "CSV mal formé (un guillemet ouvert ligne 3 n'est jamais fermé)",
    ),
    Hostile(
        "guillemet_jamais_ferme_fichier_long",
        "acteurs",
        "acteurs.csv",
        lambda: unclosed_quote(10_000),
        REFUSED,
        f"plus de {fr_count(MAX_CELL_CHARS)} caractères",
    ),
    # --- XLSX -----------------------------------------------------------------------------------
    Hostile(
        "xlsx_bombe_un_million_de_lignes",
        "acteurs",
        "acteurs.xlsx",
        xlsx_bomb_rows,
        REFUSED,
        _limit_rows("acteurs", 1_000_000),
    ),
    Hostile(
        "xlsx_partie_geante",
        "kpis",
        "kpis.xlsx",
        xlsx_expanding_part,
        REFUSED,
        "classeur Excel trop volumineux une fois décompressé",
    ),
    Hostile("xlsx_ligne_tres_large", "kpis", "kpis.xlsx", xlsx_wide_row, REFUSED, "classeur trop large"),
    Hostile(
        "xlsx_trop_de_fichiers_internes",
        "jalons",
        "jalons.xlsx",
        xlsx_many_parts,
        REFUSED,
        f"fichiers internes ; au plus {fr_count(MAX_XLSX_PARTS)}",
    ),
    Hostile(
        "xlsx_ligne_au_million",
        "jalons",
        "jalons.xlsx",
        lambda: hand_made_xlsx(_milestone_sheet(2, 1_000_000)),
        WARNING_ONLY,
        f"la feuille continue au-delà de la ligne {fr_count(SPECS['jalons'].max_rows + 1 + XLSX_TRAILING_ROWS)}",
    ),
    Hostile(
        "xlsx_classeur_normal_renomme",
        "jalons",
        "jalons.csv",
        lambda: xlsx(pd.DataFrame(example_rows("jalons"))),
        WARNING_ONLY,
        "lu comme classeur",
    ),
    Hostile(
        "xlsx_archive_tronquee",
        "mouvements",
        "mouvements.xlsx",
        lambda: xlsx(pd.DataFrame(example_rows("mouvements")))[:1500],
        REFUSED,
        "classeur Excel illisible",
    ),
    # --- the duplicate search of the actors -----------------------------------------------------
    Hostile(
        "acteurs_tous_au_meme_point",
        "acteurs",
        "acteurs.csv",
        same_point_actors,
        REFUSED,
        "trop de lieux à comparer pour trouver les doublons",
    ),
    Hostile(
        "acteurs_tous_le_meme_siret",
        "acteurs",
        "acteurs.csv",
        same_pivot_actors,
        REFUSED,
        "paires (même SIRET ou même identifiant)",
    ),
    Hostile(
        "acteurs_tous_dans_une_commune",
        "acteurs",
        "acteurs.csv",
        one_commune_actors,
        REFUSED,
        f"lieux dans la commune 35238 ; au plus {fr_count(MAX_PLACES_PER_COMMUNE)}",
    ),
]

# Uploaded through the page in Chromium (tests/browser/test_hostile_uploads.py): one of each kind.
BROWSER_SAMPLE = (
    "utf16_nombre_impair_octets",
    "binaire_sans_nul",
    "nul_dans_les_cellules",
    "json_imbrique_profond",
    "json_entier_enorme",
    "annee_9999",
    "montant_enorme",
    "mouvement_champs_malformes",
    "xlsx_bombe_un_million_de_lignes",
    "acteurs_trop_de_lignes",
)


def by_id(case_id: str) -> Hostile:
    return next(h for h in HOSTILE if h.id == case_id)


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in HOSTILE:
        path = folder / f"{case.id}{Path(case.name).suffix}"
        path.write_bytes(case.data())
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")):
        print(p)
