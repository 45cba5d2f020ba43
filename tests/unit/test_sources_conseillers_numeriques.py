"""The structures employing Conseillers numériques (ANCT), `;`-separated with French headers."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.actors import empty_actors_frame
from loaders.problems import INFO, WARNING
from loaders.sources import CONSEILLERS_NUMERIQUES, read_conseillers_numeriques

FILE = "conseillers_numeriques_structures_bretagne_2023-04-05.csv"
HEADER = (
    "Raison sociale;Commune INSEE;Département;Région;Nombre de conseillers validés par le COSELEC;"
    "Date de validation en comité de sélection;Type;SIRET;Code département;Adresse;Code commune INSEE;"
    "Code postal;Investissement financier estimatif total de l’Etat;ZRR;QPV;France services\n"
)


@pytest.fixture(scope="module")
def cnfs(shared_open_dir, territories):
    return read_conseillers_numeriques(shared_open_dir / FILE, territories)


@pytest.mark.realdata
def test_counts_shape_and_provenance(cnfs):
    expected = empty_actors_frame()
    assert list(cnfs.frame.columns) == list(expected.columns)
    assert cnfs.frame.dtypes.to_dict() == expected.dtypes.to_dict()
    assert cnfs.meta["lignes_lues"] == 152 and cnfs.meta["lignes_chargees"] == 152 and cnfs.meta["lignes_ecartees"] == 0
    assert cnfs.meta["separateur"] == ";" and cnfs.meta["millesime"] == "2023-04-05"
    assert cnfs.errors == []
    assert (cnfs.frame["source"] == CONSEILLERS_NUMERIQUES).all()
    assert (cnfs.frame["date_maj"] == pd.Timestamp("2023-04-05")).all()
    assert cnfs.frame["id"].str.fullmatch(r"cnfs-\d{14}").all()
    assert (cnfs.frame["id"] == "cnfs-" + cnfs.frame["pivot"]).all()
    # Flags and counts of the list.
    assert int(cnfs.frame["mention_qpv"].sum()) == 20 and int(cnfs.frame["mention_zrr"].sum()) == 16
    assert cnfs.frame["etp_mediateurs"].sum() == 180
    assert int(cnfs.frame["dispositif_programmes_nationaux"].map(lambda p: "France Services" in p).sum()) == 38
    assert cnfs.frame["autres_formations_labels"].map(len).sum() == 0  # QPV/ZRR moved to the flags


@pytest.mark.realdata
def test_a_structure_with_its_siret_and_its_commune_centre(cnfs, territories):
    row = cnfs.frame.set_index("id").loc["cnfs-21560101400016"]
    assert row["pivot"] == "21560101400016"
    assert row["nom"] == "COMMUNE DE LANGUIDIC" and row["commune"] == "Languidic"
    assert row["adresse"] == "2 RUE DE LA MAIRIE"  # "2 RUE DE LA MAIRIE 56440 LANGUIDIC" in the file
    assert row["code_postal"] == "56440" and row["code_insee"] == "56101" and row["code_epci"] == "200042174"
    assert row["typologie"] == ["MUNI"]
    assert row["dispositif_programmes_nationaux"] == ["Conseillers numériques", "France Services"]
    assert row["etp_mediateurs"] == 1.0
    assert (
        row["presentation_resume"]
        == "Structure employeuse de 1 conseiller numérique France Services (poste validé le 31/03/2021)"
    )
    # No coordinates in the list: the commune's population centre, flagged approximate.
    centre = territories.communes.set_index("code_insee").loc["56101"]
    assert (row["latitude"], row["longitude"]) == (centre["centre_lat"], centre["centre_lon"])
    assert row["coordonnees_approximatives"]
    [note] = [p for p in cnfs.problems if p.column == "latitude, longitude"]
    assert note.severity == INFO and note.message.startswith(
        "152 lieu(x) sans coordonnées placé(s) au centre de leur commune"
    )
    # ...and no "missing coordinates" warning for the places that were filled.
    assert not [p for p in cnfs.problems if p.message.startswith("coordonnées absentes")]


@pytest.mark.realdata
def test_typology_guessed_from_the_legal_name(cnfs):
    counts = cnfs.frame["typologie"].map(tuple).value_counts()
    assert counts[("MUNI",)] == 56 and counts[("CCAS",)] == 9 and counts[("LA_POSTE",)] == 6
    assert counts[()] == 33  # associations with no telling word keep an empty typology


def test_quirks_float_siret_accents_duplicates_and_cp1252(territories):
    rows = [
        "CENTRE COMMUNAL D'ACTION SOCIALE;Quimper;Finistère;Bretagne;2;24/03/2021;publique;2629023240001.0;29;"
        "4 RUE DU MOULIN 29000 QUIMPER;29232;29000;74858;non;oui;non renseigné",
        "CENTRE COMMUNAL D'ACTION SOCIALE;Quimper;Finistère;Bretagne;2;24/03/2021;publique;2629023240001.0;29;"
        "4 RUE DU MOULIN 29000 QUIMPER;29232;29000;74858;non;oui;non renseigné",
        "ASSOCIATION SANS SIRET;Brest;Finistère;Bretagne;1;24/03/2021;privée;;29;1 RUE X 29200 "
        "BREST;29019;29200;1;non;non;non",
    ]
    data = (HEADER + "\n".join(rows) + "\n").encode("cp1252")
    result = read_conseillers_numeriques(data, territories, file_name="cnfs.csv")
    assert list(result.frame["id"]) == ["cnfs-02629023240001"]
    row = result.frame.iloc[0]
    assert row["pivot"] == "02629023240001" and row["typologie"] == ["CCAS"] and row["mention_qpv"]
    assert row["etp_mediateurs"] == 2.0 and row["adresse"] == "4 RUE DU MOULIN"
    assert pd.isna(row["date_maj"])  # no date in the file name
    lines = {(p.line, p.column): p for p in result.problems}
    assert lines[(3, None)].message == "ligne identique à la ligne 2 : doublon écarté"
    assert lines[(4, "SIRET")].message == "valeur obligatoire manquante"  # names the file's column
    assert any(p.severity == WARNING and "n'est pas en UTF-8" in p.message for p in result.problems)
    assert any(p.message == "1 SIRET à 13 chiffres : zéro initial rétabli" for p in result.problems)
    assert result.meta["lignes_ecartees"] == 2
