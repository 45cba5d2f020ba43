"""The France Services list (ANCT), short and detailed formats, read from the real files."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loaders.actors import empty_actors_frame
from loaders.problems import ERROR, WARNING
from loaders.sources import FRANCE_SERVICES, FRANCE_SERVICES_DETAILED, read_france_services
from loaders.sources.france_services import opening_hours

SHORT = "france_services_bretagne_2024-08-01.csv"
DETAILED = "france_services_bretagne_portrea.csv"


def same_shape_as_load_actors(frame: pd.DataFrame) -> None:
    expected = empty_actors_frame()
    assert list(frame.columns) == list(expected.columns)
    assert frame.dtypes.to_dict() == expected.dtypes.to_dict()


@pytest.fixture(scope="module")
def short(shared_open_dir, territories):
    return read_france_services(shared_open_dir / SHORT, territories)


@pytest.fixture(scope="module")
def detailed(shared_open_dir, territories):
    return read_france_services(shared_open_dir / DETAILED, territories)


@pytest.mark.realdata
def test_short_format_counts_and_shape(short):
    same_shape_as_load_actors(short.frame)
    assert short.meta["lignes_lues"] == 130
    assert short.meta["lignes_chargees"] == 130
    assert short.meta["lignes_ecartees"] == 0 and len(short.rejected) == 0
    assert short.meta["format_source"] == "france_services" and short.meta["millesime"] == "2024-08-01"
    assert short.errors == []
    assert short.frame["id"].is_unique
    assert (short.frame["source"] == FRANCE_SERVICES).all()
    assert (short.frame["sources"].map(tuple) == (FRANCE_SERVICES,)).all()
    assert (short.frame["date_maj"] == pd.Timestamp("2024-08-01")).all()
    assert short.frame["hors_region"].sum() == 0
    # 8 buses and 6 itinerant services out of 130 sites.
    assert short.frame["itinerance"].map(tuple).value_counts().to_dict() == {("Fixe",): 116, ("Itinérant",): 14}
    # This format has no address: one warning says so, the places are kept.
    [warning] = [p for p in short.problems if p.column == "adresse"]
    assert warning.severity == WARNING and warning.message.startswith("130 lieu(x) sans adresse")


@pytest.mark.realdata
def test_short_format_site_mapped_with_its_code_and_coordinates(short):
    site = short.frame.set_index("id").loc["fs-2367"]
    assert site["nom"] == "France services de Bourbriac"
    assert site["commune"] == "Bourbriac" and site["code_insee"] == "22013" and site["code_departement"] == "22"
    assert site["latitude"] == 48.473879 and site["longitude"] == -3.188028
    assert not site["coordonnees_approximatives"]
    assert site["typologie"] == ["RFS"] and site["typologie_famille"] == "France Services et services publics"
    assert site["dispositif_programmes_nationaux"] == ["France Services"]
    assert site["services"] == ["Aide aux démarches administratives", "Accès internet et matériel informatique"]
    assert site["frais_a_charge"] == ["Gratuit"]
    assert site["itinerance"] == ["Fixe"]
    assert site["presentation_resume"] == "Espace France services labellisé le 01/01/2022"
    assert pd.isna(site["adresse"])

    bus = short.frame.set_index("id").loc["fs-1745"]
    assert bus["itinerance"] == ["Itinérant"]
    assert bus["presentation_resume"] == "Espace France services labellisé le 15/01/2021 ; bus itinérant"


@pytest.mark.realdata
def test_detailed_format_address_contact_hours(detailed):
    same_shape_as_load_actors(detailed.frame)
    assert detailed.meta["lignes_lues"] == 124 and detailed.meta["lignes_chargees"] == 124
    assert detailed.meta["format_source"] == "france_services_detaille"
    assert (detailed.frame["source"] == FRANCE_SERVICES_DETAILED).all()
    site = detailed.frame.set_index("id").loc["fs-133"]
    assert site["nom"] == "France services Saint-Brieuc"
    assert site["adresse"] == "3 Rue de Genève" and site["code_postal"] == "22000" and site["code_insee"] == "22278"
    assert site["telephone"] == "+33296604787"  # "02 96 60 47 87" in the file
    assert site["courriels"] == ["msap-pad@saint-brieuc.fr"]
    assert site["horaires"] == "Mo-Tu 08:00-12:00,13:00-16:00; We 08:00-12:00; Th-Fr 08:00-12:00,13:00-16:00"
    assert (site["latitude"], site["longitude"]) == (48.51727, -2.74538)
    kreiz_breizh = detailed.frame.set_index("id").loc["fs-1745"]
    assert kreiz_breizh["itinerance"] == ["Itinérant"]
    assert kreiz_breizh["complement_adresse"] == "Cité Administrative"
    assert kreiz_breizh["presentation_detail"].startswith(
        "La France services itinérante de la CCKB parcourt les 23 communes"
    )
    assert detailed.frame.set_index("id").loc["fs-134", "structure_parente"] == "Lannion tregor France Services"
    assert detailed.frame["itinerance"].map(tuple).value_counts().to_dict() == {("Fixe",): 98, ("Itinérant",): 26}


@pytest.mark.realdata
def test_detailed_format_without_date_takes_the_latest_labelling_and_says_so(detailed, shared_open_dir, territories):
    assert detailed.meta["millesime"] == "2023-01-01"
    assert (detailed.frame["date_maj"] == pd.Timestamp("2023-01-01")).all()
    [note] = [p for p in detailed.problems if p.column == "date_maj"]
    assert note.severity == WARNING and "dernière date de labellisation du fichier (01/01/2023)" in note.message
    given = read_france_services(shared_open_dir / DETAILED, territories, vintage=dt.date(2023, 6, 30))
    assert (given.frame["date_maj"] == pd.Timestamp("2023-06-30")).all()
    assert not [p for p in given.problems if p.column == "date_maj"]


@pytest.mark.realdata
def test_both_formats_share_the_site_ids(short, detailed):
    common = set(short.frame["id"]) & set(detailed.frame["id"])
    assert len(common) == 124
    assert set(short.frame["id"]) - common == {"fs-3102", "fs-3155", "fs-3156", "fs-3162", "fs-3163", "fs-3186"}


def test_duplicated_and_empty_rows_are_reported(territories):
    text = (
        "id_fs,insee_dep,lib_fs,insee_com,lib_com,type_fs,format_fs,latitude,longitude,labellisation_fs\n"
        "1,22,France services de Callac,22025,Callac,Principal,Fixe,48.404695,-3.428861,Espace labellisé 01/07/2021\n"
        ",,,,,,,,,\n"
        "1,22,France services de Callac,22025,Callac,Principal,Fixe,48.404695,-3.428861,Espace labellisé 01/07/2021\n"
        "2,22,France services Caulnes,22032,Caulnes,Principal,Vélo,48.288483,-2.156018,\n"
        "3,22,,22032,Caulnes,Principal,Fixe,48.288483,-2.156018,\n"
    )
    result = read_france_services(text.encode(), territories, file_name="fs_2024-01-31.csv")
    assert list(result.frame["id"]) == ["fs-1", "fs-2"]
    assert result.meta["lignes_vides"] == 1 and result.meta["lignes_en_double"] == 1
    assert result.meta["lignes_ecartees"] == 2 and list(result.rejected["_ligne"]) == [4, 6]
    messages = {(p.line, p.column, p.severity): p.message for p in result.problems}
    assert messages[(None, None, "information")].startswith("1 ligne(s) vide(s) ignorée(s) (lignes 3)")
    assert messages[(4, None, WARNING)] == "ligne identique à la ligne 2 : doublon écarté"
    assert messages[(5, "format_fs", WARNING)] == "format de site inconnu : itinérance laissée vide"
    # A row without a name is an error naming the file's own column.
    assert messages[(6, "lib_fs", ERROR)] == "valeur obligatoire manquante"
    assert result.frame.set_index("id").loc["fs-2", "itinerance"] == []
    assert (result.frame["date_maj"] == pd.Timestamp("2024-01-31")).all()


def test_missing_column_gives_one_error_and_no_place(territories):
    result = read_france_services(
        b"id_fs,lib_fs,insee_com\n1,France services X,22025\n", territories, file_name="fs.csv"
    )
    assert result.frame.empty and result.errors
    assert (
        "colonne(s) absente(s) pour une liste France Services : lib_com, format_fs, latitude, longitude"
        in result.errors[0].message
    )


def test_opening_hours_are_grouped_in_the_osm_format():
    row = {
        "h_lundi": "09:00 - 12:00 / 14:00 - 17:00",
        "h_mardi": "09:00 - 12:00 / 14:00 - 17:00",
        "h_mercredi": "09:00 - 12:00",
        "h_jeudi": "",
        "h_vendredi": "09:00 - 12:00 / 14:00 - 17:00",
        "h_samedi": "sur rendez-vous",
    }
    assert opening_hours(pd.Series(row)) == "Mo-Tu 09:00-12:00,14:00-17:00; We 09:00-12:00; Fr 09:00-12:00,14:00-17:00"
    assert opening_hours(pd.Series({"h_lundi": ""})) == ""
