"""Unknown is not missing: places that do not describe their services, on the hand-made region of
test_coverage (threshold 10 km).

    x (km) ->   300 303     310  315 316     330 335      (Echo at x 303, 10 km north)
    communes:   A           D    B           .   C
    places:         U1           M3      D2

U1 (in Alpha) comes from the France Services list only: démarches and accès listed, services not
described. M3 (in Bravo) is on the list and in the hub's registry: described. D2 (in Charlie) is
in the registry: described. U4 (in Delta, Conseillers numériques only) has no coordinates:
counted in Delta, not in distances. X5 is outside the region.
"""

import numpy as np
import pandas as pd
import pytest

from analytics.coverage.access import SERVICE_KEYS, commune_coverage, coverage_by_level
from analytics.coverage.actor_filters import ActorFilter, filter_actors, left_out_as_unknown, undescribed_counts
from analytics.coverage.described_fields import (
    NO,
    UNKNOWN,
    YES,
    describes,
    field_knowledge,
    undescribed_count,
    value_state,
)
from analytics.coverage.gap_score import gap_scores, rank_by_gap
from analytics.territory.profile import resolve_territory, service_presence, services_knowledge, territory_actors
from components.coverage.sections import unknown_services_text
from components.coverage.tables import level_table, with_short_names
from loaders.lieux_standard import MULTI_VALUED
from tests.unit.test_coverage import ACCES, DEMARCHES, OUTILS, PARENTALITE, communes_frame, indicators_frame, lonlat
from views.carte.controls import filter_help
from views.territoire.sections import services_summary, services_table, services_text, unknown_services_sentence

FS, CN, AC, HUB = "France Services (ANCT)", "Conseillers numériques (ANCT)", "Aidants Connect (ANCT)", "Recensement hub"
E1, E2 = "200000001", "200000002"  # Alpha, Bravo, Delta, Echo (8 500 inhabitants); Charlie (2 000)


def actors_frame(sources: dict[str, list[str]] | None = None) -> pd.DataFrame:
    rows = [
        ("U1", "France services Alpha", "29001", 303, [DEMARCHES, ACCES], [FS], False),
        ("M3", "Espace numérique Bravo", "29002", 316, [DEMARCHES, PARENTALITE], [FS, HUB], False),
        ("D2", "Atelier Charlie", "22003", 330, [OUTILS], [HUB], False),
        ("U4", "Mairie de Delta", "29004", None, [OUTILS], [CN], False),
        ("X5", "Lieu hors région", "44001", 316, [], [AC], True),
    ]
    out = []
    for pid, name, code, x, services, srcs, outside in rows:
        lon, lat = lonlat(x) if x is not None else (np.nan, np.nan)
        out.append(
            {
                "id": pid,
                "nom": name,
                "commune": name.split()[-1],
                "code_insee": code,
                "latitude": lat,
                "longitude": lon,
                "typologie_famille": "Autres",
                "services": services,
                "sources": (sources or {}).get(pid, srcs),
                "dispositif_programmes_nationaux": [],
                "publics_specifiquement_adresses": [["Jeunes"], [], [], [], []][len(out)],
                "frais_a_charge": [["Gratuit"], ["Payant"], [], [], []][len(out)],
                "itinerance": [["Fixe"], ["Itinérant"], [], ["Fixe"], []][len(out)],
                "membre_reseau_depuis": pd.NaT,
                "membre_reseau": False,
                "hors_region": outside,
            }
        )
    return pd.DataFrame(out)


def all_national() -> pd.DataFrame:
    return actors_frame({"M3": [FS], "D2": [AC]})


def all_described() -> pd.DataFrame:
    return actors_frame({"U1": [FS, HUB], "U4": [HUB], "X5": [HUB]})


@pytest.fixture(scope="module")
def mixed():
    return commune_coverage(communes_frame(), actors_frame(), threshold_km=10).set_index("code_insee", drop=False)


def flags(cov: pd.DataFrame, column: str) -> dict[str, bool]:
    return {code: bool(v) for code, v in cov[column].items()}


# --- one definition -------------------------------------------------------------------------


def test_a_place_describes_a_field_when_its_list_is_filled_and_a_source_describes_it():
    actors = actors_frame()
    # U1 and U4: services only implied by a national list; M3: the list and the registry; X5: empty.
    assert describes(actors, "services").tolist() == [False, True, True, False, False]
    # Other fields: an empty list is not described, whatever the source.
    assert describes(actors, "publics_specifiquement_adresses").tolist() == [True, False, False, False, False]
    assert describes(actors, "frais_a_charge").tolist() == [True, True, False, False, False]
    # Without a `sources` column, a filled list is a description; a missing value is not.
    bare = pd.DataFrame({"services": [[OUTILS], [], None, np.nan]})
    assert describes(bare, "services").tolist() == [True, False, False, False]
    # A field absent from the frame is described by nobody.
    assert describes(bare, "modalites_acces").tolist() == [False] * 4
    with pytest.raises(ValueError):
        describes(actors, "nom")


def test_value_state_and_counts():
    actors = actors_frame()
    assert value_state(actors, "services", DEMARCHES).tolist() == [YES, YES, NO, UNKNOWN, UNKNOWN]
    assert value_state(actors, "services", OUTILS).tolist() == [UNKNOWN, NO, YES, YES, UNKNOWN]
    assert undescribed_count(actors, "services") == 3
    assert undescribed_count(all_described(), "services") == 1  # X5: an empty list is never a description
    assert undescribed_count(all_national(), "services") == 5
    knowledge = field_knowledge(actors).set_index("champ")
    assert list(knowledge.index) == list(MULTI_VALUED)
    assert knowledge.loc["services"].tolist() == ["services", 5, 2, 3]
    assert knowledge.loc["frais_a_charge", "non_renseignes"] == 3
    assert knowledge.loc["modalites_acces", "renseignes"] == 0  # column absent from the frame


# --- coverage per commune ---------------------------------------------------------------------


def test_commune_coverage_mixed(mixed):
    assert mixed["nb_lieux_services_inconnus"].to_dict() == {"29001": 1, "29002": 0, "22003": 0, "29004": 1, "29005": 0}
    # Nearest undescribed located place: U1 (U4 has no coordinates).
    assert mixed["dist_services_inconnus_km"].tolist() == pytest.approx([3.0, 12.0, 32.0, 7.0, 10.0])
    # Démarches: U1 and M3 offer it; only Charlie (19 km) is without, and nothing there is unknown.
    assert flags(mixed, "sans_demarches") == {
        "29001": False,
        "29002": False,
        "22003": True,
        "29004": False,
        "29005": False,
    }
    assert not mixed["inconnu_demarches"].any()
    # Outils: only D2 (x 330). Bravo (15 km) is missing it: U1 is 12 km away. Alpha, Delta and
    # Echo (exactly 10 km from U1) have an undescribed place within 10 km: unknown, not missing.
    assert flags(mixed, "sans_outils_quotidien") == {
        "29001": False,
        "29002": True,
        "22003": False,
        "29004": False,
        "29005": False,
    }
    assert flags(mixed, "inconnu_outils_quotidien") == {
        "29001": True,
        "29002": False,
        "22003": False,
        "29004": True,
        "29005": True,
    }
    assert mixed.loc["29002", "dist_outils_quotidien_km"] == pytest.approx(15.0)
    # Accès: only U1 offers it (listed by a national list: offered). Delta has it at 7 km.
    assert flags(mixed, "sans_acces_materiel") == {
        "29001": False,
        "29002": True,
        "22003": True,
        "29004": False,
        "29005": False,
    }
    # Loisirs: nobody offers it.
    assert flags(mixed, "sans_loisirs") == {
        "29001": False,
        "29002": True,
        "22003": True,
        "29004": False,
        "29005": False,
    }
    assert flags(mixed, "inconnu_loisirs") == {
        "29001": True,
        "29002": False,
        "22003": False,
        "29004": True,
        "29005": True,
    }
    for key in SERVICE_KEYS.values():
        assert not (mixed[f"sans_{key}"] & mixed[f"inconnu_{key}"]).any()


def test_commune_coverage_when_no_place_describes_its_services():
    cov = commune_coverage(communes_frame(), all_national(), threshold_km=10).set_index("code_insee")
    assert cov["dist_services_inconnus_km"].tolist() == pytest.approx([3.0, 1.0, 5.0, 6.0, 10.0])
    for key in SERVICE_KEYS.values():
        assert not cov[f"sans_{key}"].any(), key  # nothing is ever called missing
    assert cov["inconnu_loisirs"].all()
    assert flags(cov, "inconnu_demarches") == {
        "29001": False,
        "29002": False,
        "22003": True,
        "29004": False,
        "29005": False,
    }
    assert cov["nb_lieux_services_inconnus"].tolist() == [1, 1, 1, 1, 0]


def test_commune_coverage_when_every_place_describes_its_services():
    cov = commune_coverage(communes_frame(), all_described(), threshold_km=10).set_index("code_insee")
    assert cov["dist_services_inconnus_km"].isna().all()
    assert (cov["nb_lieux_services_inconnus"] == 0).all()
    for key in SERVICE_KEYS.values():
        assert not cov[f"inconnu_{key}"].any(), key
        # Missing exactly where no place offering it is within the threshold.
        assert cov[f"sans_{key}"].tolist() == (~(cov[f"dist_{key}_km"].round(6) <= 10)).tolist(), key
    assert flags(cov, "sans_outils_quotidien") == {
        "29001": True,
        "29002": True,
        "22003": False,
        "29004": True,
        "29005": True,
    }


def test_coverage_by_level_shares(mixed):
    epci = coverage_by_level(mixed, "epci").set_index("code")
    e1 = epci.loc[E1]
    assert e1["nb_lieux_services_inconnus"] == 2
    assert e1["part_pop_sans_outils_quotidien"] == pytest.approx(3000 / 8500)
    assert e1["part_pop_inconnu_outils_quotidien"] == pytest.approx(5500 / 8500)
    assert e1["part_pop_sans_acces_materiel"] == pytest.approx(3000 / 8500)
    assert e1["part_pop_inconnu_acces_materiel"] == 0.0
    assert e1["part_pop_inconnu_parentalite"] == pytest.approx(1500 / 8500)  # Alpha and Echo, 16 km from M3
    assert epci.loc[E2, "part_pop_sans_loisirs"] == 1.0
    assert epci.loc[E2, "part_pop_inconnu_loisirs"] == 0.0


# --- the territory profile --------------------------------------------------------------------


def presence(cov, code):
    return service_presence(cov, resolve_territory(communes_frame(), code)).set_index("key")


def test_service_presence_mixed(mixed):
    alpha = presence(mixed, "29001")
    assert alpha["statut"].to_dict() == {
        "demarches": "present",
        "outils_quotidien": "inconnu",
        "insertion": "inconnu",
        "securite": "inconnu",
        "parentalite": "inconnu",
        "loisirs": "inconnu",
        "culture_numerique": "inconnu",
        "acces_materiel": "present",
        "materiel_solidaire": "inconnu",
    }
    bravo = presence(mixed, "29002")
    assert bravo.loc["outils_quotidien", "statut"] == "absent"  # nothing unknown within 10 km
    assert bravo.loc["parentalite", "statut"] == "present"
    delta = presence(mixed, "29004")
    assert delta.loc["demarches", "statut"] == "proche"  # M3, 6 km away
    assert delta.loc["outils_quotidien", "statut"] == "inconnu"  # U4 is in Delta, but not located; U1 at 7 km

    e1 = presence(mixed, E1)
    assert e1.loc["demarches", ["statut", "nb_lieux"]].tolist() == ["present", 2]
    assert e1.loc["acces_materiel", "statut"] == "partiel"  # Bravo is missing it, known
    assert e1.loc["parentalite", "statut"] == "partiel_inconnu"
    assert e1.loc["parentalite", ["part_pop_sans", "part_pop_inconnu", "part_pop_avec"]].tolist() == pytest.approx(
        [0, 1500 / 8500, 7000 / 8500]
    )
    # Nobody has Outils within 10 km: Bravo is missing it, the others do not know. Not "absent".
    assert e1.loc["outils_quotidien", "statut"] == "inconnu"
    assert e1.loc["outils_quotidien", ["part_pop_sans", "part_pop_inconnu", "part_pop_avec"]].tolist() == pytest.approx(
        [3000 / 8500, 5500 / 8500, 0]
    )
    charlie = presence(mixed, E2)
    assert charlie.loc["loisirs", "statut"] == "absent" and charlie.loc["outils_quotidien", "statut"] == "present"


def test_service_presence_all_and_none_described():
    national = commune_coverage(communes_frame(), all_national(), threshold_km=10)
    region = service_presence(national, resolve_territory(communes_frame(), E1)).set_index("key")
    assert "absent" not in set(region["statut"]) and "partiel" not in set(region["statut"])
    assert region.loc["loisirs", ["statut", "part_pop_inconnu"]].tolist() == ["inconnu", 1.0]
    assert region.loc["demarches", "statut"] == "present"
    described = commune_coverage(communes_frame(), all_described(), threshold_km=10)
    rows = service_presence(described, resolve_territory(communes_frame(), E1)).set_index("key")
    assert not set(rows["statut"]) & {"inconnu", "partiel_inconnu"}
    assert (rows["part_pop_inconnu"] == 0).all()
    assert rows.loc["loisirs", "statut"] == "absent" and rows.loc["outils_quotidien", "statut"] == "absent"


def test_services_knowledge_counts_the_region_and_the_territory():
    e1 = resolve_territory(communes_frame(), E1)
    assert services_knowledge(actors_frame(), e1) == {
        "lieux": 3,
        "inconnus": 2,
        "lieux_region": 4,
        "inconnus_region": 2,
    }
    assert services_knowledge(all_national(), e1) == {
        "lieux": 3,
        "inconnus": 3,
        "lieux_region": 4,
        "inconnus_region": 4,
    }
    assert services_knowledge(all_described(), e1)["inconnus_region"] == 0
    acts = territory_actors(actors_frame(), e1).set_index("id")
    assert acts["services_decrits"].to_dict() == {"U1": False, "M3": True, "U4": False}


# --- what the pages say -----------------------------------------------------------------------


def test_profile_texts(mixed):
    e1 = resolve_territory(communes_frame(), E1)
    sentence = unknown_services_sentence(services_knowledge(all_national(), e1))
    assert sentence.startswith("Services inconnus pour 4 lieux sur 4 : importez une source qui les décrit")
    assert "Dans le territoire : 3 lieu(x) sur 3." in sentence
    assert unknown_services_sentence(services_knowledge(all_described(), e1)) == ""

    rows = service_presence(mixed, e1)
    summary = services_summary(rows, "10")
    assert "Manquants partout" not in summary  # nothing is known missing everywhere in the EPCI
    assert "Manquants pour une partie de la population : Accès internet et matériel informatique." in summary
    assert (
        "Non renseignés (des lieux à moins de 10 km ne décrivent pas leurs services) : Maîtrise des outils" in summary
    )
    bravo = services_summary(service_presence(mixed, resolve_territory(communes_frame(), "29002")), "10")
    assert "Manquants partout : Maîtrise des outils numériques du quotidien" in bravo and "Non renseignés" not in bravo

    shown, config = services_table(rows, e1, "10")
    assert list(shown.columns) == [
        "Service",
        "Situation",
        "Lieux",
        "Population sans ce service (%)",
        "Non renseigné (%)",
    ]
    table = shown.set_index("Service")
    # U4 (Delta) lists it but has no coordinates: it counts in the territory, not in distances.
    assert table.loc["Outils du quotidien"].tolist() == [
        "Non renseigné",
        1,
        round(100 * 3000 / 8500, 1),
        round(100 * 5500 / 8500, 1),
    ]
    assert table.loc["Parentalité et éducation", "Situation"] == "Pour une partie ; non renseigné ailleurs"
    assert set(config) == set(shown.columns)
    described, _ = services_table(
        service_presence(commune_coverage(communes_frame(), all_described(), 10), e1), e1, "10"
    )
    assert "Non renseigné (%)" not in described.columns
    assert "non renseigné" not in " ".join(described["Situation"]).lower()

    assert services_text([DEMARCHES], True) == DEMARCHES
    assert services_text([DEMARCHES], False) == f"{DEMARCHES} (liste partielle, autres services non renseignés)"
    assert services_text([], False) == "Non renseignés"


def test_territories_table_and_method_say_unknown():
    cov = commune_coverage(communes_frame(), actors_frame(), 10)
    scored = with_short_names(rank_by_gap(gap_scores(coverage_by_level(cov, "epci", indicators_frame()))), "epci")
    table = level_table(scored, "epci", 10, 10).set_index("Code")
    assert table.loc[E1, "Sans « Outils du quotidien » à 10 km (%)"] == round(100 * 3000 / 8500, 1)
    assert table.loc[E1, "« Outils du quotidien » non renseigné à 10 km (%)"] == round(100 * 5500 / 8500, 1)
    assert "« Accès internet et matériel » non renseigné à 10 km (%)" not in table.columns  # never unknown here
    described = commune_coverage(communes_frame(), all_described(), 10)
    plain = level_table(
        with_short_names(rank_by_gap(gap_scores(coverage_by_level(described, "epci", indicators_frame()))), "epci"),
        "epci",
        10,
        10,
    )
    assert not [c for c in plain.columns if "non renseigné" in c]
    region = actors_frame().iloc[:4]
    assert unknown_services_text(region).startswith("services inconnus pour 2 lieux sur 4")
    assert unknown_services_text(all_described().iloc[:4]) == "les 4 lieux de la région décrivent leurs services."


# --- the map's filters ------------------------------------------------------------------------


def test_filters_leave_unknown_out_and_count_it():
    actors = actors_frame().iloc[:4]  # the region's places
    flt = ActorFilter(services=(OUTILS,))
    assert filter_actors(actors, flt)["id"].tolist() == ["D2", "U4"]  # U4 lists it: offered
    assert left_out_as_unknown(actors, flt) == {"services": 1}  # U1 may offer it
    flt = ActorFilter(services=(PARENTALITE,), frais=("Payant",))
    assert filter_actors(actors, flt)["id"].tolist() == ["M3"]
    assert left_out_as_unknown(actors, flt) == {"services": 2, "frais": 2}
    assert left_out_as_unknown(actors, ActorFilter()) == {}
    # "Fixes" does not take a place whose mobility is not given for a fixed one.
    assert filter_actors(actors, ActorFilter(mobility="fixes"))["id"].tolist() == ["U1", "U4"]
    assert left_out_as_unknown(actors, ActorFilter(mobility="fixes")) == {"mobility": 1}
    counts = undescribed_counts(actors)
    assert counts == {"services": 2, "programmes": 4, "publics": 3, "frais": 2, "mobility": 1}
    text = filter_help("services", counts, len(actors))
    assert "non renseigné ne veut pas dire non" in text
    assert "2 lieu(x) sur 4 de la région ne décrivent pas leurs services" in text
    assert "lieu(x) sur" not in filter_help("services", None, None)
    assert filter_help("services", {**counts, "services": 0}, 4).endswith(
        "Les 4 lieux de la région renseignent ce champ."
    )
