"""Merging the actors that several sources describe (exact cases, then the real lists)."""

from __future__ import annotations

import pandas as pd
import pytest

from ingestion.actor_merge import ACTOR, REGISTRY, SCOPE, SUSPECT_COLUMNS, consolidate, merge_actors
from ingestion.name_matching import address_key, name_key, name_similarity
from loaders.actors import empty_actors_frame
from loaders.sources import (
    AIDANTS_CONNECT,
    CONSEILLERS_NUMERIQUES,
    FRANCE_SERVICES,
    FRANCE_SERVICES_DETAILED,
    national_list,
    read_aidants_connect,
    read_conseillers_numeriques,
    read_france_services,
)
from tests.unit.actor_frames import actors, place

NOTHING = actors()
SIRET_PLAINTEL = "21220171900011"


def fs(**values) -> dict:
    return place(
        **{
            "source": FRANCE_SERVICES,
            "sources": [FRANCE_SERVICES],
            "date_maj": "2024-08-01",
            "typologie": ["RFS"],
            "dispositif_programmes_nationaux": ["France Services"],
        }
        | values
    )


def ac(**values) -> dict:
    return place(
        **{
            "source": AIDANTS_CONNECT,
            "sources": [AIDANTS_CONNECT],
            "date_maj": "2024-02-12",
            "dispositif_programmes_nationaux": ["Aidants Connect"],
        }
        | values
    )


def cnfs(**values) -> dict:
    return place(
        **{
            "source": CONSEILLERS_NUMERIQUES,
            "sources": [CONSEILLERS_NUMERIQUES],
            "date_maj": "2023-04-05",
            "dispositif_programmes_nationaux": ["Conseillers numériques"],
        }
        | values
    )


def decisions(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id_a", "id_b", "decision"])


def corrections(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["id_acteur", "champ", "valeur", "date"])


def by_id(result) -> pd.DataFrame:
    return result.actors.set_index("id")


# --- names ----------------------------------------------------------------------------------


def test_name_keys_forget_designations_case_accents_and_the_commune():
    assert name_key("France services de Bourbriac", "Bourbriac") == "fs"
    assert name_key("FRANCE-SERVICES BOURBRIAC", "Bourbriac") == "fs"
    assert name_key("Espace France Services du Pays de Landivisiau", "Landivisiau") == "fs pays"
    assert name_key("Mairie de Saint-Grégoire", "Saint-Grégoire") == "mairie"
    assert name_key("COMMUNE DE ST GREGOIRE", "Saint-Grégoire") == "mairie"
    assert name_key("CENTRE COMMUNAL D'ACTION SOCIALE", "Carnac") == "ccas"
    assert name_key("CCAS CARNAC", "Carnac") == "ccas"
    assert name_key("Médiathèque Brin de culture", "Plaintel") == "bib brin culture"
    assert name_key("Bourbriac", "Bourbriac") == "bourbriac"  # a name that is only its commune keeps it
    assert address_key("2 R. de la Mairie") == "2 rue mairie"


def test_name_similarity_keeps_kinds_and_buses_apart():
    assert name_similarity("fs", "fs") == 100
    assert name_similarity("ccas", "cdas") == 50  # different kinds of places: capped
    assert name_similarity("bus fs pimms mediation", "fs pimms mediation") == 50  # a bus is not the fixed site
    assert (
        name_similarity("cc haut leon communaute", "fs haut leon communaute") == 50
    )  # an EPCI and its France services
    assert name_similarity("fs", "fs kreiz breizh") < 50
    assert name_similarity("", "fs") == 0


# --- the rules ------------------------------------------------------------------------------


def test_same_siret_and_a_similar_name_is_one_actor_with_both_sources():
    hub = place(
        id="hub-1",
        nom="Médiathèque de Plouzané",
        pivot="21290212000017",
        commune="Plouzané",
        code_insee="29212",
        date_maj="2023-01-01",
        telephone="+33298000001",
    )
    other = ac(id="ac-1", nom="MEDIATHEQUE PLOUZANE", pivot="21290212000017", commune="Plouzané", code_insee="29212")
    result = merge_actors(actors(hub), actors(other))
    assert list(result.actors["id"]) == ["hub-1"]
    actor = by_id(result).loc["hub-1"]
    assert actor["sources"] == ["Recensement hub", AIDANTS_CONNECT]
    assert actor["dispositif_programmes_nationaux"] == ["Aidants Connect"]
    assert actor["telephone"] == "+33298000001"  # only the hub's record has one: kept
    assert actor["nom"] == "MEDIATHEQUE PLOUZANE"  # the most recent record names it
    assert list(result.links["regle"]) == ["pivot"]
    assert (
        result.report["rapprochements"]["pivot"] == 1
        and result.report["ajoutes"] == 0
        and result.report["modifies"] == 1
    )
    assert result.suspected.empty
    assert list(result.actors.columns) == list(empty_actors_frame().columns)
    assert result.actors.dtypes.to_dict() == empty_actors_frame().dtypes.to_dict()


def test_same_commune_and_a_similar_name_despite_accents_case_and_designations():
    first = actors(
        fs(id="fs-1", nom="France services de Bourbriac", commune="Bourbriac", code_insee="22013"),
        fs(id="fs-2", nom="Mairie de Saint-Grégoire", commune="Saint-Grégoire", code_insee="35278"),
    )
    second = actors(
        ac(id="ac-1", nom="FRANCE SERVICES BOURBRIAC", commune="Bourbriac", code_insee="22013"),
        ac(id="ac-2", nom="COMMUNE DE ST GREGOIRE", commune="Saint-Grégoire", code_insee="35278"),
    )
    result = merge_actors(first, second)
    assert list(result.actors["id"]) == ["fs-1", "fs-2"]
    assert set(result.links["regle"]) == {"commune_nom"}
    assert by_id(result).loc["fs-1", "sources"] == [FRANCE_SERVICES, AIDANTS_CONNECT]


def test_within_50_m_and_a_similar_name_exact_coordinates_only():
    north = 30 / 111_195  # 30 m in degrees of latitude
    a = place(
        id="hub-1",
        nom="Espace numérique du Port",
        code_insee=None,
        commune="Le Conquet",
        latitude=48.36,
        longitude=-4.77,
    )
    b = ac(
        id="ac-1",
        nom="ESPACE NUMERIQUE PORT",
        code_insee=None,
        commune="Conquet",
        latitude=48.36 + north,
        longitude=-4.77,
    )
    far = ac(
        id="ac-2",
        nom="Espace numérique du Port",
        code_insee=None,
        commune="Conquet",
        latitude=48.36 + 3 * north,
        longitude=-4.77,
    )
    result = merge_actors(actors(a), actors(b, far))
    assert sorted(result.actors["id"]) == ["ac-2", "hub-1"]
    [link] = result.links.to_dict("records")
    assert link["regle"] == "distance" and link["distance_m"] == pytest.approx(30.0, abs=0.2)
    # Coordinates placed at a commune's centre say nothing about the place: no merge.
    approximate = ac(
        id="ac-1",
        nom="ESPACE NUMERIQUE PORT",
        code_insee=None,
        commune="Conquet",
        latitude=48.36 + north,
        longitude=-4.77,
        coordonnees_approximatives=True,
    )
    assert len(merge_actors(actors(a), actors(approximate)).actors) == 2


def test_two_different_places_with_the_same_siret_stay_apart():
    town_hall = place(
        id="hub-1", nom="Mairie de Plaintel", pivot=SIRET_PLAINTEL, commune="Plaintel", code_insee="22171"
    )
    library = ac(
        id="ac-1", nom="Médiathèque Brin de culture", pivot=SIRET_PLAINTEL, commune="Plaintel", code_insee="22171"
    )
    result = merge_actors(actors(town_hall), actors(library))
    assert sorted(result.actors["id"]) == ["ac-1", "hub-1"]
    assert result.links.empty and result.suspected.empty


def test_suspected_pair_is_listed_then_confirmed_or_rejected():
    site = fs(id="fs-170", nom="France services Pimms Médiation Quimper Cornouaille")
    pimms = ac(id="ac-256", nom="PIMMS DE QUIMPER CORNOUAILLE")
    result = merge_actors(actors(site), actors(pimms))
    assert len(result.actors) == 2
    [suspect] = result.suspected.to_dict("records")
    assert list(result.suspected.columns) == list(SUSPECT_COLUMNS)
    assert (suspect["id_a"], suspect["id_b"]) == ("ac-256", "fs-170")
    assert suspect["raison"] == "même commune et noms assez proches"
    assert suspect["score"] == 72.3 and pd.isna(suspect["distance_m"])
    assert (suspect["source_a"], suspect["source_b"]) == (AIDANTS_CONNECT, FRANCE_SERVICES)

    confirmed = consolidate(result.records, decisions(("ac-256", "fs-170", "meme_lieu")))
    assert list(confirmed.actors["id"]) == ["fs-170"]
    assert list(confirmed.links["regle"]) == ["decision"] and confirmed.suspected.empty
    assert by_id(confirmed).loc["fs-170", "sources"] == [FRANCE_SERVICES, AIDANTS_CONNECT]

    rejected = consolidate(result.records, decisions(("ac-256", "fs-170", "distincts")))
    assert len(rejected.actors) == 2 and rejected.suspected.empty
    # ...and it does not come back with the next import of either source.
    again = merge_actors(rejected.records, actors(pimms), decisions(("ac-256", "fs-170", "distincts")))
    assert len(again.actors) == 2 and again.suspected.empty


def test_a_rejection_also_splits_a_certain_merge():
    first = actors(fs(id="fs-1", nom="France services de Bourbriac", commune="Bourbriac", code_insee="22013"))
    second = actors(ac(id="ac-1", nom="FRANCE SERVICES BOURBRIAC", commune="Bourbriac", code_insee="22013"))
    result = merge_actors(first, second, decisions(("ac-1", "fs-1", "distincts")))
    assert sorted(result.actors["id"]) == ["ac-1", "fs-1"] and result.suspected.empty


def test_staff_correction_survives_the_next_import_of_the_same_source():
    listed = actors(
        fs(id="fs-1", nom="France services de Callac", commune="Callac", code_insee="22025", telephone="+33296000000")
    )
    first = merge_actors(NOTHING, listed)
    fixes = corrections(
        ("fs-1", "telephone", "+33296111111", "2024-09-01"),
        (
            "fs-1",
            "services",
            "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien",
            "2024-09-01",
        ),
        ("fs-1", "membre_reseau_depuis", "15/09/2024", "2024-09-15"),
    )
    corrected = consolidate(first.records, corrections=fixes)
    again = merge_actors(corrected.records, listed, corrections=fixes)  # the same list imported again
    actor = by_id(again).loc["fs-1"]
    assert actor["telephone"] == "+33296111111"
    assert actor["services"] == ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"]
    assert actor["membre_reseau_depuis"] == pd.Timestamp("2024-09-15") and actor["membre_reseau"]
    assert again.report["corrections_appliquees"] == 3 and again.report["modifies"] == 0
    # A newer list still says otherwise: the correction stays, and it is pointed out.
    newer = actors(
        fs(
            id="fs-1",
            nom="France services de Callac",
            commune="Callac",
            code_insee="22025",
            telephone="+33296000000",
            date_maj="2025-01-01",
        )
    )
    later = merge_actors(again.records, newer, corrections=fixes)
    assert by_id(later).loc["fs-1", "telephone"] == "+33296111111"
    assert any("correction(s) maintenue(s)" in p.message for p in later.problems)


def test_correction_by_record_id_after_the_actor_merged_and_bad_corrections_ignored():
    result = merge_actors(
        actors(fs(id="fs-1", nom="France services de Callac", commune="Callac", code_insee="22025")),
        actors(ac(id="ac-9", nom="FRANCE SERVICES CALLAC", commune="Callac", code_insee="22025")),
        corrections=corrections(
            ("ac-9", "horaires", "Mo-Fr 09:00-12:00", None),
            ("ac-9", "sources", "x", None),
            ("inconnu", "nom", "x", None),
            ("fs-1", "frais_a_charge", "Gratuit|Cher", None),
        ),
    )
    assert by_id(result).loc["fs-1", "horaires"] == "Mo-Fr 09:00-12:00"
    assert result.report["corrections_appliquees"] == 1 and result.report["corrections_ignorees"] == 3


def test_most_recent_value_wins_and_an_empty_value_erases_nothing():
    old = place(
        id="hub-1",
        nom="France services de Caulnes",
        commune="Caulnes",
        code_insee="22032",
        date_maj="2023-01-01",
        telephone="+33296000001",
        courriels=["accueil@caulnes.example"],
        horaires="Mo-Fr 09:00-12:00",
    )
    new = fs(
        id="fs-2032", nom="France services Caulnes", commune="Caulnes", code_insee="22032", telephone="+33296000002"
    )
    actor = by_id(merge_actors(actors(old), actors(new))).loc["hub-1"]
    assert actor["telephone"] == "+33296000002" and actor["nom"] == "France services Caulnes"
    assert actor["courriels"] == ["accueil@caulnes.example"] and actor["horaires"] == "Mo-Fr 09:00-12:00"
    assert actor["date_maj"] == pd.Timestamp("2024-08-01")
    # The same records with the dates the other way round.
    old["date_maj"], new["date_maj"] = "2025-01-01", "2024-08-01"
    actor = by_id(merge_actors(actors(old), actors(new))).loc["hub-1"]
    assert actor["telephone"] == "+33296000001" and actor["nom"] == "France services de Caulnes"


def test_exact_coordinates_beat_approximate_ones_and_flags_and_lists_are_united():
    site = fs(
        id="fs-1",
        nom="France services de Callac",
        commune="Callac",
        code_insee="22025",
        latitude=48.404695,
        longitude=-3.428861,
        services=["Aide aux démarches administratives"],
    )
    employer = cnfs(
        id="cnfs-1",
        nom="France services Callac",
        commune="Callac",
        code_insee="22025",
        latitude=48.40,
        longitude=-3.43,
        coordonnees_approximatives=True,
        mention_zrr=True,
        date_maj="2025-01-01",
        services=["Maîtrise des outils numériques du quotidien"],
        etp_mediateurs=2.0,
    )
    actor = by_id(merge_actors(actors(site), actors(employer))).loc["fs-1"]
    assert (actor["latitude"], actor["longitude"], actor["coordonnees_approximatives"]) == (48.404695, -3.428861, False)
    assert actor["mention_zrr"] and actor["etp_mediateurs"] == 2.0
    assert actor["services"] == ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"]
    assert actor["dispositif_programmes_nationaux"] == ["France Services", "Conseillers numériques"]


def test_reimport_replaces_the_earlier_contribution_of_the_source():
    site = actors(fs(id="fs-1", nom="France services de Callac", commune="Callac", code_insee="22025"))
    both = actors(
        ac(id="ac-1", nom="FRANCE SERVICES CALLAC", commune="Callac", code_insee="22025"),
        ac(id="ac-2", nom="CCAS de Rennes", commune="Rennes", code_insee="35238"),
    )
    first = merge_actors(merge_actors(NOTHING, site).records, both)
    assert sorted(first.actors["id"]) == ["ac-2", "fs-1"]
    assert by_id(first).loc["fs-1", "sources"] == [FRANCE_SERVICES, AIDANTS_CONNECT]
    # The Aidants Connect list no longer has either place.
    second = merge_actors(
        first.records, actors(ac(id="ac-3", nom="Mairie de Brest", commune="Brest", code_insee="29019"))
    )
    assert sorted(second.actors["id"]) == ["ac-3", "fs-1"]
    assert by_id(second).loc["fs-1", "sources"] == [FRANCE_SERVICES]
    assert second.report["fiches_remplacees"] == 2
    assert (
        second.report["ajoutes"],
        second.report["retires"],
        second.report["modifies"],
        second.report["inchanges"],
    ) == (1, 1, 1, 0)
    assert set(second.records[SCOPE]) == {FRANCE_SERVICES, AIDANTS_CONNECT}


def test_two_entries_of_one_list_are_suspected_not_merged():
    result = merge_actors(
        NOTHING,
        actors(
            ac(id="ac-3628", nom="Mairie de Saint-Grégoire", commune="Saint-Grégoire", code_insee="35278"),
            ac(id="ac-4226", nom="Mairie de St-Grégoire", commune="Saint-Grégoire", code_insee="35278"),
        ),
    )
    assert len(result.actors) == 2
    [suspect] = result.suspected.to_dict("records")
    assert suspect["raison"] == "deux entrées de la même liste très proches" and suspect["score"] == 100
    merged = consolidate(result.records, decisions(("ac-3628", "ac-4226", "meme_lieu")))
    assert list(merged.actors["id"]) == ["ac-3628"]


def test_different_addresses_turn_a_certain_pair_into_a_suspect():
    site = fs(
        id="fs-328", nom="France services Groix", commune="Groix", code_insee="56069", adresse="13 Rue de l'Église"
    )
    other = ac(
        id="ac-363", nom="Espace Frances Services GROIX", commune="Groix", code_insee="56069", adresse="PL de la Mairie"
    )
    result = merge_actors(actors(site), actors(other))
    assert len(result.actors) == 2
    assert list(result.suspected["raison"]) == ["noms proches, mais adresses différentes"]


def test_labelled_structure_and_the_only_france_services_of_its_commune_are_suspected():
    site = fs(id="fs-2625", nom="France services de Languidic", commune="Languidic", code_insee="56101")
    employer = cnfs(
        id="cnfs-21560101400016",
        nom="COMMUNE DE LANGUIDIC",
        commune="Languidic",
        code_insee="56101",
        typologie=["MUNI"],
        dispositif_programmes_nationaux=["Conseillers numériques", "France Services"],
    )
    result = merge_actors(actors(site), actors(employer))
    assert list(result.suspected["raison"]) == [
        "structure dite France services par une liste, et seule France services de sa commune"
    ]


def test_ids_stay_and_the_result_does_not_depend_on_the_import_order():
    one = actors(fs(id="fs-1", nom="France services de Callac", commune="Callac", code_insee="22025"))
    two = actors(ac(id="ac-1", nom="FRANCE SERVICES CALLAC", commune="Callac", code_insee="22025"))
    three = actors(
        place(
            id="hub-1", nom="Point France services Callac", commune="Callac", code_insee="22025", date_maj="2022-01-01"
        )
    )
    forward = merge_actors(merge_actors(NOTHING, two).records, one)
    assert list(forward.actors["id"]) == ["ac-1"]  # the actor keeps the id it had before the list arrived
    backward = merge_actors(merge_actors(NOTHING, one).records, two)
    assert list(backward.actors["id"]) == ["fs-1"]
    fresh_a, fresh_b = (
        consolidate(pd.concat([forward.records, three])),
        consolidate(pd.concat([three, backward.records])),
    )
    columns = [c for c in fresh_a.actors.columns if c != "id"]
    pd.testing.assert_frame_equal(fresh_a.actors[columns], fresh_b.actors[columns])


def test_places_without_coordinates_take_their_commune_centre_when_communes_are_given(territories):
    lonely = place(id="hub-1", nom="Point numérique", commune="Languidic", code_insee="56101", code_epci=None)
    result = merge_actors(NOTHING, actors(lonely), communes=territories.communes)
    actor = by_id(result).loc["hub-1"]
    centre = territories.communes.set_index("code_insee").loc["56101"]
    assert (actor["latitude"], actor["longitude"]) == (centre["centre_lat"], centre["centre_lon"])
    assert actor["coordonnees_approximatives"] and actor["code_epci"] == "200042174"
    assert result.records.loc[0, SCOPE] == REGISTRY and result.records.loc[0, ACTOR] == "hub-1"


# --- the real lists -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_registry(shared_open_dir, territories):
    """The four real files imported one after the other."""
    files = [
        (read_france_services, "france_services_bretagne_2024-08-01.csv"),
        (read_france_services, "france_services_bretagne_portrea.csv"),
        (read_conseillers_numeriques, "conseillers_numeriques_structures_bretagne_2023-04-05.csv"),
        (read_aidants_connect, "aidants_connect_structures_bretagne_2024-02-12.csv"),
    ]
    result = merge_actors(NOTHING, NOTHING)
    for reader, name in files:
        result = merge_actors(result.records, reader(shared_open_dir / name, territories).frame)
    return result


def lists_of(actor_sources) -> set[str]:
    return {national_list(s) for s in actor_sources}


def members(result, actor_id: str) -> list[tuple[str, str]]:
    rows = result.records[result.records[ACTOR] == actor_id]
    return sorted(zip(rows[SCOPE], rows["nom"]))


@pytest.mark.realdata
def test_real_lists_make_one_actor_per_place_with_its_sources(real_registry):
    result = real_registry
    assert result.report["fiches"] == 130 + 124 + 152 + 274
    lists = result.actors["sources"].map(lambda s: len(lists_of(s))).value_counts().to_dict()
    assert lists == {1: 436, 2: 57, 3: 2}
    assert len(result.actors) == 495
    assert result.report["acteurs_par_nombre_de_sources"] == {1: 337, 2: 133, 3: 23, 4: 2}
    assert result.report["rapprochements"] == {
        "decision": 0,
        "identifiant": 124,
        "pivot": 35,
        "commune_nom": 25,
        "commune_adresse": 1,
        "distance": 0,
    }
    assert len(result.suspected) == 57
    # Checked by hand (names, commune, address of every record of the 59 actors in several lists);
    # a few of them, asserted here:
    three = result.actors[result.actors["sources"].map(lambda s: len(lists_of(s)) == 3)]
    assert sorted(three["id"]) == ["fs-2217", "fs-324"]
    assert members(result, "fs-2217") == [
        (AIDANTS_CONNECT, "Espace France Services de Questembert Communauté"),
        (CONSEILLERS_NUMERIQUES, "QUESTEMBERT COMMUNAUTE"),
        (FRANCE_SERVICES, "France services de Questembert communauté"),
        (FRANCE_SERVICES_DETAILED, "France services de Questembert communauté"),
    ]  # all at 8 avenue de la Gare, Questembert
    assert members(result, "fs-2367") == [
        (AIDANTS_CONNECT, "France Services Bourbriac"),
        (FRANCE_SERVICES, "France services de Bourbriac"),
        (FRANCE_SERVICES_DETAILED, "France services de Bourbriac"),
    ]  # 11 place du Centre, Bourbriac
    assert members(result, "cnfs-21290232400012") == [
        (AIDANTS_CONNECT, "Ville de Quimper"),
        (CONSEILLERS_NUMERIQUES, "COMMUNE DE QUIMPER"),
    ]
    assert members(result, "cnfs-50190376900021") == [(AIDANTS_CONNECT, "DEFIS"), (CONSEILLERS_NUMERIQUES, "DEFIS")]
    # Same SIRET, different places: the Plaintel town hall and its library stay two actors.
    plaintel = result.records[result.records["pivot"] == SIRET_PLAINTEL]
    assert plaintel[ACTOR].nunique() == 2
    # The two formats of the France Services list are one list: the 124 common sites merged by id.
    assert result.actors["id"].is_unique
    saint_brieuc = by_id(result).loc["fs-133", "sources"]
    assert saint_brieuc == [FRANCE_SERVICES, FRANCE_SERVICES_DETAILED] and lists_of(saint_brieuc) == {"France Services"}


@pytest.mark.realdata
def test_real_registry_suspects_and_decisions(real_registry):
    suspected = real_registry.suspected.set_index(["id_a", "id_b"])
    assert suspected.loc[("ac-3628", "ac-4226"), "raison"] == "deux entrées de la même liste très proches"
    assert suspected.loc[("ac-256", "fs-170"), "raison"] == "même commune et noms assez proches"
    resolved = consolidate(
        real_registry.records, decisions(("ac-256", "fs-170", "meme_lieu"), ("ac-3628", "ac-4226", "distincts"))
    )
    assert len(resolved.actors) == len(real_registry.actors) - 1
    assert len(resolved.suspected) == len(real_registry.suspected) - 2


def test_records_given_back_by_a_store_as_text_are_read_again():
    first = merge_actors(
        NOTHING,
        actors(
            fs(
                id="fs-1",
                nom="France services de Callac",
                commune="Callac",
                code_insee="22025",
                services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
                mention_zrr=True,
                latitude=48.4,
                longitude=-3.4,
            )
        ),
    )
    # As a text-only store would give them back: lists joined with "|", dates and flags as text, None for missing.
    stored = pd.DataFrame(
        {
            column: [
                "|".join(v)
                if isinstance(v, list)
                else (None if v is None or v is pd.NA or (not isinstance(v, str) and pd.isna(v)) else str(v))
                for v in first.records[column].astype(object)
            ]
            for column in first.records.columns
        }
    )
    assert stored.loc[0, "services"] == "Aide aux démarches administratives|Accès internet et matériel informatique"
    again = consolidate(stored)
    pd.testing.assert_frame_equal(again.actors, first.actors)
