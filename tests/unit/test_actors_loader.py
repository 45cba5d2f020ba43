"""The actors loader (standard "lieux de médiation numérique" v1) on real and messy files.

Territories are the real ones of Bretagne (data/reference/, `territories` fixture of
tests/conftest.py, loaded once per session).
"""

from __future__ import annotations

import csv
import io
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from loaders import lieux_standard as std
from loaders.actors import DERIVED_COLUMNS, MAX_DETAILED_LINES, empty_actors_frame, load_actors
from loaders.problems import ERROR, INFO, WARNING
from loaders.schemas import ACTEURS

EXAMPLE = "lieux_mediation_numerique_exemple_officiel_fictif.csv"
FILE = "acteurs.csv"
QUIMPER = {"latitude": "47.996", "longitude": "-4.102"}
RENNES = {"latitude": "48.1113", "longitude": "-1.6800"}
PARIS = {"latitude": "48.8566", "longitude": "2.3522"}


def actor(**values: str) -> dict[str, str]:
    """One valid actor in Quimper; keyword arguments override its cells."""
    base = {
        "id": "lieu-1",
        "pivot": "21290232400010",
        "nom": "Espace numérique de Kerfeunteun",
        "commune": "Quimper",
        "code_postal": "29000",
        "code_insee": "29232",
        "adresse": "2 rue de la Gare",
        "typologie": "EPN",
        "date_maj": "2024-03-01",
        "services": "Aide aux démarches administratives|Accès internet et matériel informatique",
        **QUIMPER,
    }
    base.update(values)
    return base


def csv_bytes(rows: list[dict], sep: str = ",", encoding: str = "utf-8", columns=None) -> bytes:
    columns = list(columns or std.COLUMNS + std.HUB_COLUMNS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=sep, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def load(rows: list[dict], territories, **kwargs):
    return load_actors(csv_bytes(rows, **kwargs), territories, file_name=FILE)


def found(result, severity: str, line: int | None, message: str, column: str | None = None):
    """The problems of `severity` at `line` whose message starts with `message`."""
    return [
        p
        for p in result.problems
        if p.severity == severity
        and p.line == line
        and p.message.startswith(message)
        and (column is None or p.column == column)
    ]


def only_row(result) -> pd.Series:
    assert len(result.frame) == 1, [str(p) for p in result.problems]
    return result.frame.iloc[0]


# --- the official example -------------------------------------------------------------------


@pytest.mark.realdata
def test_official_example_loads_with_v1_vocabulary_and_is_outside_the_region(shared_open_dir, territories):
    result = load_actors(shared_open_dir / EXAMPLE, territories)

    row = only_row(result)
    assert result.errors == []
    assert row["id"] == "structure-1"
    assert row["pivot"] == "43493312300029"
    assert row["services"] == [
        "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique",
        "Loisirs et créations numériques",
    ]
    assert row["typologie"] == ["TIERS_LIEUX", "ASSO"]
    assert row["typologie_famille"] == "Espaces numériques et tiers-lieux"
    assert row["dispositif_programmes_nationaux"] == ["Aidants Connect", "Conseillers numériques", "La Croix Rouge"]
    assert row["frais_a_charge"] == ["Gratuit sous condition", "Payant"]
    assert row["modalites_accompagnement"] == [
        "Dans un atelier collectif",
        "À distance",
        "En autonomie",
        "Accompagnement individuel",
    ]
    assert row["date_maj"] == pd.Timestamp("2024-04-02")
    # Every value is in the standard's vocabulary: no "hors de la liste" warning.
    assert not [p for p in result.problems if "hors de la liste" in p.message]
    # Reims code, coordinates near Aix-en-Provence: outside Bretagne, kept and flagged.
    assert bool(row["hors_region"]) is True
    assert row["code_insee"] == "51454"
    assert pd.isna(row["code_departement"]) and pd.isna(row["code_epci"]) and pd.isna(row["nom_epci"])
    outside = found(result, WARNING, 2, "coordonnées hors de la région", "latitude, longitude")
    assert len(outside) == 1 and outside[0].value == "43.52609, 5.41423"
    assert outside[0].file == EXAMPLE
    assert result.meta["hors_region"] == 1 and result.meta["lignes_chargees"] == 1


# --- schema ---------------------------------------------------------------------------------


def test_services_and_date_maj_are_no_longer_required_by_the_spec():
    assert ACTEURS.field("services").required is False
    assert ACTEURS.field("date_maj").required is False
    assert {"id", "nom", "commune", "adresse"} <= set(ACTEURS.required_columns)


def test_empty_actors_frame_has_every_column_typed():
    frame = empty_actors_frame()
    assert frame.empty
    assert list(frame.columns[-len(DERIVED_COLUMNS) :]) == list(DERIVED_COLUMNS)
    assert set(std.COLUMNS + std.HUB_COLUMNS) <= set(frame.columns)
    assert frame["hors_region"].dtype == bool
    assert frame["code_epci"].dtype == pd.StringDtype()


# --- messy real-world files -----------------------------------------------------------------


def test_excel_export_cp1252_semicolons_and_comma_decimals(territories):
    rows = [actor(nom="Médiathèque Œuvre d'Élan", latitude="47,996", longitude="-4,102")]
    result = load(rows, territories, sep=";", encoding="cp1252")

    row = only_row(result)
    assert row["nom"] == "Médiathèque Œuvre d'Élan"
    assert row["latitude"] == pytest.approx(47.996) and row["longitude"] == pytest.approx(-4.102)
    assert row["code_insee"] == "29232" and bool(row["hors_region"]) is False
    assert found(result, WARNING, None, "le fichier n'est pas en UTF-8 : lu comme Windows-1252")
    assert found(result, INFO, None, "séparateur « point-virgule » détecté")
    assert result.meta["encodage"] == "cp1252" and result.meta["separateur"] == ";"


def test_utf8_bom_does_not_hide_the_first_column(territories):
    result = load_actors(b"\xef\xbb\xbf" + csv_bytes([actor(nom="Café numérique")]), territories, file_name=FILE)

    row = only_row(result)
    assert row["id"] == "lieu-1" and row["nom"] == "Café numérique"
    assert result.errors == []
    assert result.meta["encodage"] == "utf-8-sig"


def test_postal_code_that_lost_its_leading_zero_is_padded_and_reported(territories):
    rows = [actor(code_postal="1000"), actor(id="lieu-2", code_postal="290")]
    result = load(rows, territories)

    assert result.frame["code_postal"].tolist() == ["01000", "290"]
    padded = found(
        result, INFO, 2, "code postal sur 4 chiffres : zéro initial ajouté (« 1000 » → « 01000 »)", "code_postal"
    )
    assert len(padded) == 1
    invalid = found(result, WARNING, 3, "code postal invalide (5 chiffres attendus)", "code_postal")
    assert len(invalid) == 1 and invalid[0].value == "290"


def test_placeholder_pivot_becomes_missing(territories):
    rows = [actor(pivot="00000000000000"), actor(id="lieu-2", pivot="0")]
    result = load(rows, territories)

    assert result.frame["pivot"].isna().all()
    assert found(result, INFO, None, "2 pivot(s) factice(s) (que des zéros) considéré(s) comme absent(s)", "pivot")
    detail = found(result, INFO, 2, "pivot factice (que des zéros) : considéré comme absent", "pivot")
    assert len(detail) == 1 and detail[0].value == "00000000000000"
    assert not found(result, WARNING, 2, "pivot invalide")


def test_float_pivot_is_repaired(territories):
    result = load([actor(pivot="20006746000010.0")], territories)

    assert only_row(result)["pivot"] == "20006746000010"
    fixed = found(result, INFO, 2, "pivot corrigé : « 20006746000010.0 » → « 20006746000010 »", "pivot")
    assert len(fixed) == 1
    assert not found(result, WARNING, 2, "pivot")


def test_pivot_must_be_a_siret_or_an_rna(territories):
    rows = [
        actor(id="siret", pivot="21290232400010"),
        actor(id="rna", pivot="W291001234"),
        actor(id="court", pivot="2129023240001"),
        actor(id="siren", pivot="212902324"),
    ]
    result = load(rows, territories)

    assert len(result.frame) == 4  # warnings only: every row kept
    pivot_problems = sorted((p for p in result.problems if p.column == "pivot"), key=lambda p: p.line)
    assert [(p.line, p.severity) for p in pivot_problems] == [(4, WARNING), (5, WARNING)]
    assert (
        pivot_problems[0].message == "pivot invalide : attendu un SIRET (14 chiffres) ou un RNA (W suivi de 9 chiffres)"
    )
    assert pivot_problems[0].value == "2129023240001"
    assert pivot_problems[1].message.startswith("pivot à 9 chiffres (un SIREN ?)")


def test_pivot_in_scientific_notation_is_reported(territories):
    result = load([actor(pivot="2.00067E+13")], territories)

    assert only_row(result)["pivot"] == "2.00067E+13"
    warning = found(
        result, WARNING, 2, "pivot en notation scientifique (format Excel) : des chiffres sont perdus", "pivot"
    )
    assert len(warning) == 1


def test_qpv_and_zrr_are_moved_out_of_the_labels(territories):
    rows = [
        actor(id="a", autres_formations_labels="QPV|Label local"),
        actor(id="b", autres_formations_labels="zrr"),
        actor(id="c", autres_formations_labels="QPV|ZRR"),
        actor(id="d", autres_formations_labels="Label local"),
    ]
    result = load(rows, territories)

    frame = result.frame.set_index("id")
    assert frame["autres_formations_labels"].tolist() == [["Label local"], [], [], ["Label local"]]
    assert frame["mention_qpv"].tolist() == [True, False, True, False]
    assert frame["mention_zrr"].tolist() == [False, True, True, False]
    mentions = [p for p in result.problems if p.column == "autres_formations_labels"]
    assert len(mentions) == 1 and mentions[0].severity == INFO and mentions[0].line is None
    assert mentions[0].message.startswith(
        "mentions QPV / ZRR trouvées dans « autres_formations_labels » (2 QPV, 2 ZRR)"
    )


# --- coordinates ----------------------------------------------------------------------------


def test_swapped_coordinates_are_put_back(territories):
    result = load([actor(latitude="-4.102", longitude="47.996")], territories)

    row = only_row(result)
    assert row["latitude"] == pytest.approx(47.996) and row["longitude"] == pytest.approx(-4.102)
    swapped = found(result, WARNING, 2, "latitude et longitude inversées : remises dans l'ordre", "latitude, longitude")
    assert len(swapped) == 1 and swapped[0].value == "-4.102, 47.996"
    assert bool(row["hors_region"]) is False and row["code_insee"] == "29232"


def test_coordinates_outside_the_region_are_flagged(territories):
    result = load([actor(commune="Paris", code_postal="75001", code_insee="75056", **PARIS)], territories)

    row = only_row(result)
    assert bool(row["hors_region"]) is True
    assert row["code_insee"] == "75056"
    assert pd.isna(row["code_departement"]) and pd.isna(row["code_epci"])
    outside = found(result, WARNING, 2, "coordonnées hors de la région", "latitude, longitude")
    assert len(outside) == 1 and outside[0].value == "48.8566, 2.3522"


def test_outside_coordinates_with_a_commune_of_the_region_count_in_the_commune(territories):
    result = load([actor(**PARIS)], territories)  # code_insee 29232 (Quimper)

    row = only_row(result)
    assert bool(row["hors_region"]) is False
    assert row["code_insee"] == "29232" and row["code_departement"] == "29"
    doubt = found(
        result, WARNING, 2, "coordonnées hors de la région alors que la commune 29232 (Quimper) est dans la région"
    )
    assert len(doubt) == 1


def _offshore(territories, code: str, metres: float) -> dict[str, str]:
    """A point `metres` west of the westernmost point of a commune (in the sea for Ouessant)."""
    shape = territories.communes.set_index("code_insee").to_crs("EPSG:2154").geometry[code]
    minx, _, _, _ = shape.bounds
    y = next(c[1] for c in shape.exterior.coords if c[0] == minx) if shape.geom_type == "Polygon" else shape.centroid.y
    point = gpd.GeoSeries([Point(minx - metres, y)], crs="EPSG:2154").to_crs("EPSG:4326").iloc[0]
    return {"latitude": f"{point.y:.6f}", "longitude": f"{point.x:.6f}"}


def test_coastal_tolerance_keeps_a_place_just_off_the_coast(territories):
    near = _offshore(territories, "29155", 500)  # Ouessant, 500 m at sea
    far = _offshore(territories, "29155", 5000)
    rows = [actor(id="quai", code_insee="", **near), actor(id="large", code_insee="", **far)]
    result = load(rows, territories)

    frame = result.frame.set_index("id")
    assert frame.loc["quai", "code_insee"] == "29155" and not frame.loc["quai", "hors_region"]
    assert pd.isna(frame.loc["large", "code_insee"]) and frame.loc["large", "hors_region"]
    assert found(result, WARNING, 3, "coordonnées hors de la région")
    assert not found(result, WARNING, 2, "coordonnées hors de la région")


def test_zero_and_missing_coordinates_keep_the_row(territories):
    rows = [
        actor(id="zero", latitude="0", longitude="0"),
        actor(id="vide", latitude="", longitude=""),
        actor(id="moitie", latitude="47.996", longitude=""),
    ]
    result = load(rows, territories)

    assert len(result.frame) == 3
    assert result.frame[["latitude", "longitude"]].isna().all().all()
    assert found(result, WARNING, 2, "coordonnées nulles (0, 0) : traitées comme absentes")
    assert found(result, WARNING, 3, "coordonnées absentes : le lieu ne peut pas être placé sur la carte")
    assert found(result, WARNING, 4, "latitude ou longitude manquante : coordonnées ignorées")
    # The commune still comes from the code.
    assert result.frame["code_insee"].tolist() == ["29232"] * 3
    assert not result.frame["hors_region"].any()


# --- commune codes --------------------------------------------------------------------------


def test_missing_code_insee_is_filled_from_coordinates(territories):
    result = load([actor(code_insee="")], territories)

    row = only_row(result)
    assert row["code_insee"] == "29232"
    assert row["code_departement"] == "29"
    assert row["code_epci"] == "200068120"
    assert row["nom_epci"] == "Communauté d'agglomération Quimper Bretagne Occidentale"
    assert found(result, INFO, None, "1 code(s) INSEE manquant(s) déduit(s) des coordonnées", "code_insee")
    assert len(found(result, INFO, 2, "code INSEE déduit des coordonnées : 29232 (Quimper)", "code_insee")) == 1


def test_information_details_are_capped_but_counted(territories):
    rows = [actor(id=f"lieu-{i}", code_insee="") for i in range(MAX_DETAILED_LINES + 10)]
    result = load(rows, territories)

    assert (result.frame["code_insee"] == "29232").all()
    summary = found(
        result, INFO, None, f"{MAX_DETAILED_LINES + 10} code(s) INSEE manquant(s) déduit(s) des coordonnées"
    )
    assert len(summary) == 1 and f"détail des {MAX_DETAILED_LINES} premières lignes" in summary[0].message
    details = [p for p in result.problems if p.message.startswith("code INSEE déduit des coordonnées")]
    assert [p.line for p in details] == list(range(2, 2 + MAX_DETAILED_LINES))


def test_former_commune_code_is_mapped_to_the_current_commune(territories):
    rows = [actor(commune="Saint-Launeuc", code_postal="22230", code_insee="22309", latitude="", longitude="")]
    result = load(rows, territories)

    row = only_row(result)
    assert row["code_insee"] == "22147"
    assert row["code_departement"] == "22"
    mapped = found(
        result,
        INFO,
        2,
        "ancien code 22309 (Saint-Launeuc) rattaché à la commune actuelle 22147 (Merdrignac)",
        "code_insee",
    )
    assert len(mapped) == 1
    assert bool(row["hors_region"]) is False


def test_unknown_code_of_another_region_without_coordinates_is_flagged(territories):
    result = load([actor(code_insee="51454", latitude="", longitude="")], territories)

    row = only_row(result)
    assert bool(row["hors_region"]) is True and row["code_insee"] == "51454"
    flagged = found(result, WARNING, 2, "commune hors de la région", "code_insee")
    assert len(flagged) == 1 and flagged[0].value == "51454"


def test_unknown_code_is_replaced_by_the_commune_of_the_coordinates(territories):
    result = load([actor(code_insee="29999")], territories)

    assert only_row(result)["code_insee"] == "29232"
    replaced = found(
        result, WARNING, 2, "code INSEE inconnu dans le référentiel de la région : remplacé par 29232 (Quimper)"
    )
    assert len(replaced) == 1 and replaced[0].value == "29999"


def test_code_insee_far_from_the_coordinates_is_reported(territories):
    result = load([actor(code_insee="35238")], territories)  # Rennes code, Quimper point

    row = only_row(result)
    assert row["code_insee"] == "35238"  # the declared code is kept
    far = found(
        result,
        WARNING,
        2,
        "code INSEE incohérent avec les coordonnées : le point est dans 29232 (Quimper), à ",
        "code_insee",
    )
    assert len(far) == 1 and far[0].message.endswith("km de la commune déclarée 35238 (Rennes)")


def test_code_insee_of_the_neighbouring_commune_is_accepted(territories):
    """A point near a commune border within 2 km of the declared commune is not a contradiction."""
    quimper = territories.communes.set_index("code_insee").to_crs("EPSG:2154").geometry["29232"]
    neighbours = territories.communes.to_crs("EPSG:2154")
    touching = neighbours[neighbours.geometry.touches(quimper)]
    neighbour = touching.iloc[0]
    inside = neighbour.geometry.intersection(quimper.buffer(500)).representative_point()
    assert 0 < inside.distance(quimper) <= 500  # in the neighbour, close to Quimper
    point = gpd.GeoSeries([inside], crs="EPSG:2154").to_crs("EPSG:4326").iloc[0]
    result = load([actor(latitude=f"{point.y:.6f}", longitude=f"{point.x:.6f}")], territories)

    assert only_row(result)["code_insee"] == "29232"
    assert not [p for p in result.problems if "incohérent" in p.message]


def test_unknown_code_of_the_region_without_coordinates_is_kept_and_reported(territories):
    result = load([actor(code_insee="29999", latitude="", longitude="")], territories)

    row = only_row(result)
    assert row["code_insee"] == "29999" and bool(row["hors_region"]) is False
    assert pd.isna(row["code_departement"])
    unknown = found(
        result, WARNING, 2, "code INSEE inconnu dans le référentiel des communes de la région", "code_insee"
    )
    assert len(unknown) == 1 and unknown[0].value == "29999"


def test_no_code_and_no_coordinates(territories):
    result = load([actor(code_insee="", latitude="", longitude="")], territories)

    row = only_row(result)
    assert pd.isna(row["code_insee"]) and bool(row["hors_region"]) is False
    assert found(result, WARNING, 2, "lieu non rattaché à une commune : ni code INSEE ni coordonnées", "code_insee")


# --- required fields, duplicates, hostile text ----------------------------------------------


def test_missing_required_column_nom_gives_one_error_and_an_empty_frame(territories):
    columns = [c for c in std.COLUMNS if c != "nom"]
    result = load([actor()], territories, columns=columns)

    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.column == "nom" and error.line is None
    assert error.message.startswith("colonne(s) obligatoire(s) absente(s) : nom.")
    assert result.frame.empty
    assert list(result.frame.columns) == list(empty_actors_frame().columns)


def test_empty_services_and_date_maj_warn_but_keep_the_row(territories):
    result = load([actor(services="", date_maj="")], territories)

    row = only_row(result)
    assert row["services"] == [] and pd.isna(row["date_maj"])
    assert found(result, WARNING, 2, "aucun service renseigné (obligatoire dans le standard)", "services")
    assert found(result, WARNING, 2, "date de mise à jour absente (obligatoire dans le standard)", "date_maj")
    assert result.errors == []


def test_empty_nom_is_an_error_that_sets_the_row_aside(territories):
    result = load([actor(), actor(id="lieu-2", nom="")], territories)

    assert result.frame["id"].tolist() == ["lieu-1"]
    assert result.rejected["id"].tolist() == ["lieu-2"]
    assert found(result, ERROR, 3, "valeur obligatoire manquante", "nom")


def test_duplicated_id_keeps_the_first_row(territories):
    rows = [actor(nom="Premier"), actor(nom="Doublon")]
    result = load(rows, territories)

    assert only_row(result)["nom"] == "Premier"
    assert result.rejected["nom"].tolist() == ["Doublon"]
    duplicate = found(result, ERROR, 3, "identifiant en double (déjà présent ligne 2)", "id")
    assert len(duplicate) == 1 and duplicate[0].value == "lieu-1"


def test_html_and_formulas_in_names_are_kept_and_reported(territories):
    names = {
        "html": "<img src=x onerror=alert(1)>",
        "formule": '=HYPERLINK("http://x","clic")',
        "gabarit": "${alert(1)}",
        "sain": "Espace Jeunes - Maison pour tous",
    }
    result = load([actor(id=key, nom=name) for key, name in names.items()], territories)

    assert result.frame.set_index("id")["nom"].to_dict() == names  # never altered
    flagged = {(p.line, p.message.split(" : ")[0]) for p in result.problems if p.column == "nom"}
    assert flagged == {
        (2, "le nom contient du HTML / une formule (balise HTML)"),
        (3, "le nom contient du HTML / une formule (formule de tableur)"),
        (4, "le nom contient du HTML / une formule (expression ${…} ou accent grave)"),
    }
    assert all(p.severity == WARNING for p in result.problems if p.column == "nom")


# --- other file kinds -----------------------------------------------------------------------


def test_empty_file_returns_an_empty_typed_frame_and_an_error(territories):
    result = load_actors(b"", territories, file_name=FILE)

    assert [(p.severity, p.message, p.file) for p in result.problems] == [(ERROR, "le fichier est vide", FILE)]
    assert result.frame.empty and list(result.frame.columns) == list(empty_actors_frame().columns)


def test_header_only_file_warns_that_it_holds_no_place(territories):
    result = load([], territories)

    assert result.frame.empty and result.errors == []
    assert found(result, WARNING, None, "le fichier ne contient aucun lieu (en-tête seul)")


def test_binary_file_is_refused_without_traceback(territories):
    result = load_actors(b"\x00\x01\x02binary" * 10, territories, file_name="photo.csv")

    assert len(result.errors) == 1 and "fichier binaire" in result.errors[0].message
    assert result.frame.empty


def test_missing_path_is_an_error(territories, tmp_path):
    result = load_actors(tmp_path / "absent.csv", territories)

    assert len(result.errors) == 1 and result.errors[0].message.startswith("fichier introuvable")
    assert result.errors[0].file == "absent.csv"


def test_xlsx_renamed_csv_is_read_as_a_workbook(territories):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    columns = list(std.COLUMNS)
    sheet.append(columns)
    values = actor(code_postal="1000", pivot="")
    sheet.append([values.get(c, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)

    result = load_actors(buffer.getvalue(), territories, file_name="acteurs.csv")

    row = only_row(result)
    assert row["nom"] == "Espace numérique de Kerfeunteun" and row["code_insee"] == "29232"
    assert row["code_postal"] == "01000"
    assert found(result, WARNING, None, "ce fichier est un classeur Excel (XLSX) et non un CSV")
    assert result.meta["format"] == "xlsx"


def test_json_list_of_objects(territories):
    record = actor(typologie="", services="")
    record["typologie"] = ["CS", "EPN"]
    record["services"] = ["Aide aux démarches administratives", "Loisirs et créations numériques"]
    record["latitude"], record["longitude"] = 47.996, -4.102
    payload = json.dumps([record, {**record, "id": "lieu-2", "nom": "Deuxième"}]).encode("utf-8")

    result = load_actors(payload, territories, file_name="acteurs.json")

    assert result.frame["id"].tolist() == ["lieu-1", "lieu-2"]
    first = result.frame.iloc[0]
    assert first["services"] == ["Aide aux démarches administratives", "Loisirs et créations numériques"]
    assert first["typologie_famille"] == "Centres sociaux et EVS"
    assert first["latitude"] == pytest.approx(47.996)
    assert result.errors == [] and result.meta["format"] == "json"


# --- derived columns ------------------------------------------------------------------------


def test_derived_columns_and_types(territories):
    rows = [
        actor(
            membre_reseau_depuis="2022-09-01", etp_mediateurs="1,5", sources="Recensement hub|Cartographie nationale"
        ),
        actor(id="lieu-2", typologie="ZZZ", code_insee="", latitude="", longitude=""),
    ]
    result = load(rows, territories)

    frame = result.frame
    assert list(frame.columns[-len(DERIVED_COLUMNS) :]) == list(DERIVED_COLUMNS)
    assert frame["membre_reseau"].tolist() == [True, False]
    assert frame["etp_mediateurs"].dtype == np.float64 and frame["etp_mediateurs"].iloc[0] == 1.5
    assert frame["sources"].iloc[0] == ["Recensement hub", "Cartographie nationale"]
    assert frame["typologie_famille"].tolist() == ["Espaces numériques et tiers-lieux", "Autres"]
    assert frame["coordonnees_approximatives"].tolist() == [False, False]
    assert frame["code_departement"].dtype == pd.StringDtype()
    assert pd.isna(frame["code_departement"].iloc[1])
    for column in ("membre_reseau", "hors_region", "mention_qpv", "mention_zrr", "coordonnees_approximatives"):
        assert frame[column].dtype == bool, column
    for column in std.MULTI_VALUED:
        assert all(isinstance(v, list) for v in frame[column]), column


# --- scale ----------------------------------------------------------------------------------


def test_ten_thousand_actors_load_in_a_few_seconds(territories):
    import time

    rng = np.random.default_rng(7)
    centres = territories.communes[["code_insee", "centre_lat", "centre_lon"]].sample(
        10_000, replace=True, random_state=7
    )
    rows = [
        actor(id=f"lieu-{i}", code_insee=code if i % 3 else "", latitude=f"{lat:.6f}", longitude=f"{lon:.6f}")
        for i, (code, lat, lon) in enumerate(centres.itertuples(index=False))
    ]
    rows[0].update(code_insee="51454", latitude=str(rng.uniform(40, 45)), longitude="5.0")  # one outside
    payload = csv_bytes(rows)

    start = time.perf_counter()
    result = load_actors(payload, territories, file_name=FILE)
    elapsed = time.perf_counter() - start

    assert len(result.frame) == 10_000
    assert result.frame["code_insee"].notna().all()
    assert int(result.frame["hors_region"].sum()) == 1
    assert elapsed < 10, f"{elapsed:.1f} s"
