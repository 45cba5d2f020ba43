"""Recognising an actors file's format from its header; helpers shared by the readers."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders import lieux_standard as std
from loaders.problems import ERROR
from loaders.sources import ACTOR_SOURCES, detect_actor_source, read_actor_file
from loaders.sources.common import e164_phone, guess_typology, street_address, vintage_from_name
from loaders.tabular_reading import read_table

FILES = {
    "france_services_bretagne_2024-08-01.csv": "france_services",
    "france_services_bretagne_portrea.csv": "france_services_detaille",
    "conseillers_numeriques_structures_bretagne_2023-04-05.csv": "conseillers_numeriques",
    "aidants_connect_structures_bretagne_2024-02-12.csv": "aidants_connect",
    "lieux_mediation_numerique_exemple_officiel_fictif.csv": "standard",
    "ifn_communes_bretagne_2023.csv": None,
    "qpv_bretagne_2024_compiled.csv": None,
}


@pytest.mark.realdata
@pytest.mark.parametrize("name, kind", FILES.items())
def test_real_files_are_recognised(shared_open_dir, name, kind):
    columns = read_table(shared_open_dir / name).frame.columns
    assert detect_actor_source(columns) == kind
    if kind:
        assert ACTOR_SOURCES[kind].matches(columns)


def test_header_variants_are_recognised():
    assert detect_actor_source(["\ufeffid", "Nom", "COMMUNE", "adresse"]) == "standard"
    assert detect_actor_source(list(std.COLUMNS)) == "standard"
    assert (
        detect_actor_source(
            ["RAISON SOCIALE", "Siret", "Code commune INSEE", "Nombre de conseillers validés par le COSELEC"]
        )
        == "conseillers_numeriques"
    )
    assert (
        detect_actor_source(
            ["Name", "Siret", "City Insee Code", "Nombre d'aidants", "Question 110 → Nombre D'usagers Uniques"]
        )
        == "aidants_connect"
    )
    assert detect_actor_source(["id_fs", "lib_fs", "insee_com", "format_fs"]) == "france_services"
    assert detect_actor_source(["nom", "commune"]) is None
    assert detect_actor_source([]) is None


@pytest.mark.realdata
def test_read_actor_file_dispatches_to_the_right_reader(shared_open_dir, territories):
    result = read_actor_file(shared_open_dir / "aidants_connect_structures_bretagne_2024-02-12.csv", territories)
    assert result.meta["format_source"] == "aidants_connect" and len(result.frame) == 274
    standard = ACTOR_SOURCES["standard"].read(
        shared_open_dir / "lieux_mediation_numerique_exemple_officiel_fictif.csv", territories
    )
    assert standard.meta["format_source"] == "standard" and list(standard.frame["id"]) == ["structure-1"]


def test_unknown_format_is_one_french_error(territories):
    result = read_actor_file(b"a,b\n1,2\n", territories, file_name="inconnu.csv")
    assert result.frame.empty
    [error] = result.errors
    assert error.severity == ERROR
    assert error.message.startswith("format de fichier d'acteurs non reconnu (colonnes trouvées : a, b)")
    assert "Structures Aidants Connect (ANCT)" in error.message


def test_vintage_from_file_name():
    assert vintage_from_name("france_services_bretagne_2024-08-01.csv") == dt.date(2024, 8, 1)
    assert vintage_from_name("/tmp/20230405-3925-cnfs.csv") == dt.date(2023, 4, 5)
    assert vintage_from_name("liste-fs.csv") is None
    assert vintage_from_name("liste_2024-13-45.csv") is None


def test_street_address_drops_the_postal_code_and_town():
    assert street_address("15 RUE DE MONCONTOUR 22600 LOUDEAC") == "15 RUE DE MONCONTOUR"
    assert street_address("9 PLACE DU CHAMP DE FOIRE, 35500, VITRE") == "9 PLACE DU CHAMP DE FOIRE"
    assert street_address("3 rue de la Libération – 35140 Saint-Aubin-du-Cormier") == "3 rue de la Libération"
    assert street_address("Place de l'Europe, 35235 Thorigné-Fouillard, France") == "Place de l'Europe"
    assert street_address("Mairie, Place An Ty Kear\n\n29830 Plourin") == "Mairie, Place An Ty Kear"
    assert street_address("29830 Plourin") == "29830 Plourin"  # nothing before: kept
    assert street_address("47 Rue du Docteur Rahuel") == "47 Rue du Docteur Rahuel"


def test_phone_in_the_standard_format():
    assert e164_phone("02 96 60 47 87") == "+33296604787"
    assert e164_phone("02.96.60.47.87") == "+33296604787"
    assert e164_phone("+33296604787") == "+33296604787"
    assert e164_phone("296604787") is None and e164_phone("") is None


def test_typology_from_the_name():
    assert guess_typology("COMMUNE DE LANGUIDIC") == "MUNI"
    assert guess_typology("Mairie de Saint-Grégoire") == "MUNI"
    assert guess_typology("CENTRE COMMUNAL D ACTION SOCIALE") == "CCAS"
    assert guess_typology("CTRE COM ACTION SOCIALE DE PLOUMILLIAU") == "CCAS"
    assert guess_typology("Espace Frances Services GROIX") == "RFS"
    assert guess_typology("Réseau des médiathèques de Brest") == "BIB"
    assert guess_typology("CA LANNION-TREGOR COMMUNAUTE") == "EPCI"
    assert guess_typology("CC LEFF ARMOR COMMUNAUTE") == "CC"
    assert guess_typology("Cybercommune de Fréhel") == "EPN"
    assert guess_typology("DEFIS") is None
