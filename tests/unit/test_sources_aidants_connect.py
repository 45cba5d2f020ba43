"""The Aidants Connect structures (ANCT): float SIRETs, inactive structures, messy addresses."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.actors import empty_actors_frame
from loaders.problems import INFO, WARNING
from loaders.sources import AIDANTS_CONNECT, read_aidants_connect

FILE = "aidants_connect_structures_bretagne_2024-02-12.csv"


@pytest.fixture(scope="module")
def aidants(shared_open_dir, territories):
    return read_aidants_connect(shared_open_dir / FILE, territories)


@pytest.mark.realdata
def test_counts_and_inactive_structures_set_aside(aidants):
    expected = empty_actors_frame()
    assert list(aidants.frame.columns) == list(expected.columns)
    assert aidants.frame.dtypes.to_dict() == expected.dtypes.to_dict()
    assert aidants.meta["lignes_lues"] == 279
    assert aidants.meta["lignes_chargees"] == 274
    assert aidants.meta["lignes_ecartees"] == 5 and aidants.meta["structures_inactives"] == 5
    assert list(aidants.rejected["_ligne"]) == [174, 178, 180, 229, 239]
    assert list(aidants.rejected["Name"]) == [
        "Servagroupe",
        "CDAS MORLAIX",
        "CDAS LANDIVISIAU",
        "CDAS des Champs Manceaux",
        "Maison des Services Publics Landerneau",
    ]
    [warning] = [p for p in aidants.problems if p.column == "Is Active"]
    assert warning.severity == WARNING and "(lignes 174, 178, 180, 229, 239)" in warning.message
    assert aidants.errors == []
    assert (aidants.frame["source"] == AIDANTS_CONNECT).all()
    assert (aidants.frame["date_maj"] == pd.Timestamp("2024-02-12")).all()
    assert int(aidants.frame["dispositif_programmes_nationaux"].map(lambda p: "France Services" in p).sum()) == 42
    assert aidants.frame["coordonnees_approximatives"].all()


@pytest.mark.realdata
def test_float_siret_repaired(aidants):
    row = aidants.frame.set_index("id").loc["ac-28"]
    assert row["pivot"] == "20006746000010"  # "20006746000010.0" in the file
    assert aidants.frame["pivot"].str.fullmatch(r"\d{14}").all()
    [note] = [p for p in aidants.problems if p.column == "Siret"]
    assert note.severity == INFO
    assert note.message == "274 SIRET écrit(s) comme un nombre décimal (« 20006746000010.0 ») : « .0 » retiré"
    assert row["nom"] == "FRANCE SERVICES LOUDEAC"
    assert row["adresse"] == "15 RUE DE MONCONTOUR" and row["code_postal"] == "22600"
    assert row["commune"] == "Loudéac" and row["code_insee"] == "22136"  # "Loudeac" in the file
    assert row["typologie"] == ["RFS"]
    assert row["dispositif_programmes_nationaux"] == ["Aidants Connect", "France Services"]
    assert row["services"] == ["Aide aux démarches administratives"]
    assert row["presentation_resume"] == "Structure habilitée Aidants Connect : 3 aidants habilités"


@pytest.mark.realdata
def test_address_on_several_lines_and_commune_from_the_reference(aidants):
    plourin = aidants.frame.set_index("id").loc["ac-740"]
    assert plourin["adresse"] == "Mairie, Place An Ty Kear"  # "Mairie, Place An Ty Kear\n\n29830 Plourin"
    assert plourin["pivot"] == "21290208400012"
    tabs = aidants.frame.set_index("id").loc["ac-2279"]
    assert tabs["adresse"] == "2 avenue de Tizé"  # "2  avenue de Tizé\t35235\tTHORIGNE-FOUILLARD"
    [note] = [p for p in aidants.problems if p.column == "City"]
    assert note.message.startswith(
        "nom de commune pris dans le référentiel d'après le code INSEE ; la colonne City nommait une autre commune "
        "pour 18 structure(s)"
    )


def test_small_file_with_header_arrows_and_a_13_digit_siret(territories):
    text = (
        "Name,ID,UUID,Is Active,City Insee Code,Address,Zip Code,Siret,France Services Label,City,Nombre d'aidants,"
        "Question 110 → Nombre D'usagers Uniques\n"
        'Médiathèque de Quimper,7,u-7,true,29232,"Rue A, 29000 Quimper, '
        'France",29000,2629023240001.0,false,Quimper,1,\n'
        "Mairie de Brest,8,u-8,false,29019,Place B,29200,21290019500018.0,false,Brest,2,\n"
    )
    result = read_aidants_connect(text.encode(), territories, file_name="ac.csv")
    [row] = result.frame.to_dict("records")
    assert row["id"] == "ac-7" and row["pivot"] == "02629023240001"
    assert row["adresse"] == "Rue A" and row["typologie"] == ["BIB"]
    assert row["presentation_resume"] == "Structure habilitée Aidants Connect : 1 aidant habilité"
    assert list(result.rejected["Name"]) == ["Mairie de Brest"]
