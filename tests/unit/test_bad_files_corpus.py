"""A corpus of bad files, built here: each gives its French message and changes nothing.

Every file goes through the import as the page runs it (`prepare_import`); then the test tries
to confirm it without accepting rejected rows, as a hurried person would: a refused file or a
file whose rows in error would be set aside cannot land, and a file with warnings only is
abandoned. In every case the store's current versions and content are exactly as before.
"""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import pytest

from ingestion.dataset_import import (
    MODE_REPLACE,
    ImportContext,
    ImportRequest,
    confirm_import,
    prepare_import,
    refuse_or_abandon,
)
from ingestion.store import StoreError, open_store
from ingestion.store_bundle import load_bundle_from_store

ACTOR_HEADER = "id,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services"
RENNES = (
    "hub-9001,Espace numérique de Rennes,Rennes,35000,35238,1 place de la Mairie,48.1113,-1.6800,2024-03-01,Aide aux "
    "démarches administratives"
)
BREST = (
    "hub-9002,Médiathèque de Brest,Brest,29200,29019,2 rue de Siam,48.3904,-4.4861,2024-03-02,Accès internet et "
    "matériel informatique"
)
GOOD_ACTORS = "\n".join([ACTOR_HEADER, RENNES, BREST]) + "\n"

REFUSED = "refusé"  # cannot be confirmed at all
REJECTED_ROWS = "lignes écartées"  # rows in error: cannot be confirmed without accepting to set them aside
WARNING_ONLY = "avertissement"  # can be confirmed; abandoned here


def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def _actors_frame() -> pd.DataFrame:
    return pd.read_csv(io.StringIO(GOOD_ACTORS), dtype=str)


def _big_file() -> bytes:
    line = (RENNES + "\n").encode()
    return (ACTOR_HEADER + "\n").encode() + line * (51 * 1024 * 1024 // len(line) + 1)


# (id, dataset, file name, content, format, expected outcome, expected French text)
CASES = [
    (
        "encodage_windows_1252",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.encode("cp1252"),
        None,
        WARNING_ONLY,
        "le fichier n'est pas en UTF-8 : lu comme Windows-1252",
    ),
    (
        "separateur_barre_verticale",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.replace(",", "|").encode(),
        None,
        REFUSED,
        "une seule colonne lue : le séparateur n'est ni « , » ni « ; » ni une tabulation ?",
    ),
    (
        "colonne_obligatoire_absente",
        "acteurs",
        "acteurs.csv",
        "id,nom,commune,code_insee\nhub-1,Lieu,Rennes,35238\n".encode(),
        None,
        REFUSED,
        "colonne(s) obligatoire(s) absente(s) : adresse",
    ),
    (
        "identifiants_en_double",
        "acteurs",
        "acteurs.csv",
        (GOOD_ACTORS + RENNES.replace("Espace", "Autre espace") + "\n").encode(),
        None,
        REJECTED_ROWS,
        "identifiant en double (déjà présent ligne 2)",
    ),
    ("fichier_vide", "acteurs", "acteurs.csv", b"", None, REFUSED, "le fichier est vide"),
    ("fichier_blanc", "jalons", "jalons.csv", b"  \n\n \r\n", None, REFUSED, "le fichier est vide"),
    (
        "classeur_renomme_csv",
        "acteurs",
        "acteurs.csv",
        _xlsx(_actors_frame()),
        None,
        WARNING_ONLY,
        "ce fichier est un classeur Excel (XLSX) et non un CSV : lu comme classeur",
    ),
    (
        "coordonnees_inversees",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.replace("48.1113,-1.6800", "-1.6800,48.1113").encode(),
        None,
        WARNING_ONLY,
        "latitude et longitude inversées : remises dans l'ordre",
    ),
    (
        "coordonnees_hors_region",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.replace(
            "35238,1 place de la Mairie,48.1113,-1.6800", ",1 place de la Mairie,48.8566,2.3522"
        ).encode(),
        None,
        WARNING_ONLY,
        "coordonnées hors de la région : lieu conservé, signalé hors région",
    ),
    (
        "date_en_toutes_lettres",
        "mouvements",
        "mouvements.csv",
        "id_mouvement,date,id_ligne,nature,montant\nM1,15 mars "
        "2023,A1-01,depense,100.00\nM2,2023-03-16,A1-01,engagement,100.00\n".encode(),
        None,
        REJECTED_ROWS,
        "date illisible (attendu AAAA-MM-JJ ou JJ/MM/AAAA)",
    ),
    (
        "dates_jj_mm_aaaa",
        "jalons",
        "jalons.csv",
        "id_jalon,action,titre,date_prevue\nJ1,A1,Lancement,26/04/2022\nJ2,A2,Base,15/12/2022\n".encode(),
        None,
        WARNING_ONLY,
        "2 date(s) au format JJ/MM/AAAA converties",
    ),
    (
        "date_impossible",
        "jalons",
        "jalons.csv",
        "id_jalon,action,titre,date_prevue\nJ1,A1,Lancement,2022-02-30\nJ2,A1,Suite,2022-03-01\n".encode(),
        None,
        REJECTED_ROWS,
        "date impossible",
    ),
    (
        "html_dans_le_nom",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.replace("Espace numérique de Rennes", "<script>alert(1)</script>").encode(),
        None,
        WARNING_ONLY,
        "le nom contient du HTML / une formule (balise HTML)",
    ),
    (
        "formule_dans_le_nom",
        "acteurs",
        "acteurs.csv",
        GOOD_ACTORS.replace("Médiathèque de Brest", '=HYPERLINK("http://x")').encode(),
        None,
        WARNING_ONLY,
        "le nom contient du HTML / une formule (formule de tableur)",
    ),
    (
        "fichier_trop_gros",
        "acteurs",
        "acteurs.csv",
        _big_file,
        None,
        REFUSED,
        "fichier trop volumineux (51 Mo ; maximum 50 Mo)",
    ),
    (
        "fichier_binaire",
        "acteurs",
        "acteurs.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        None,
        REFUSED,
        "fichier binaire : ce n'est ni un CSV, ni un XLSX, ni un JSON",
    ),
    (
        "json_pas_une_liste",
        "kpis",
        "kpis.json",
        json.dumps({"id_kpi": "K1", "cible": 3}).encode(),
        None,
        REFUSED,
        "le JSON doit être une liste d'objets (une ligne par objet)",
    ),
    ("json_invalide", "kpis", "kpis.json", b'[{"id_kpi": "K1",}]', None, REFUSED, "JSON invalide (ligne 1"),
    (
        "en_tete_seul",
        "acteurs",
        "acteurs.csv",
        (ACTOR_HEADER + "\n").encode(),
        None,
        REFUSED,
        "le fichier ne contient aucune ligne de données (en-tête seul)",
    ),
    (
        "extension_refusee",
        "acteurs",
        "acteurs.pdf",
        b"%PDF-1.4 ...",
        None,
        REFUSED,
        "type de fichier refusé (« .pdf ») : seuls les fichiers CSV, XLSX et JSON sont acceptés",
    ),
    (
        "ancien_format_xls",
        "lignes_budget",
        "budget.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        None,
        REFUSED,
        "ancien format Excel (.xls) non pris en charge",
    ),
    (
        "classeur_corrompu",
        "lignes_budget",
        "budget.xlsx",
        b"PK\x03\x04" + b"pas vraiment un classeur" * 20,
        None,
        REFUSED,
        "classeur Excel illisible",
    ),
    (
        "action_inconnue",
        "lignes_budget",
        "budget.csv",
        "id_ligne,action,categorie,enveloppe,financeur,libelle,montant_prevu\nL1,A9,Personnel,socle,BdT,Poste,100.00\nL2,A1,Personnel,socle,BdT,Poste,200.00\n".encode(),
        None,
        REJECTED_ROWS,
        "action inconnue (voir [[actions]] dans hub.toml)",
    ),
    (
        "ligne_de_budget_inconnue",
        "mouvements",
        "mouvements.csv",
        "id_mouvement,date,id_ligne,nature,montant\nM1,2023-01-05,NEXISTEPAS,depense,10.00\nM2,2023-01-06,A1-01,engagement,10.00\n".encode(),
        None,
        REJECTED_ROWS,
        "ligne de budget inconnue",
    ),
    (
        "montant_illisible",
        "levees_fonds",
        "levees.csv",
        'id_levee,financeur,programme,porteur,statut,montant_demande,date_depot\nF1,CAF,AAP,Asso,demandee,"12,5,0",2023-01-01\nF2,CAF,AAP,Asso,demandee,100,2023-01-01\n'.encode(),
        None,
        REJECTED_ROWS,
        "montant illisible (attendu 12500.00 ou 12 500,00)",
    ),
    (
        "kpi_inconnu",
        "mesures_kpi",
        "mesures.csv",
        "id_kpi,date,valeur\nKPI-FANTOME,2023-01-31,3\nA1-K1,2023-01-31,4\n".encode(),
        None,
        REJECTED_ROWS,
        "indicateur de suivi inconnu (absent de kpis)",
    ),
    (
        "indicateur_hors_catalogue",
        "indicateurs",
        "indicateurs.csv",
        "niveau,code,indicateur,periode,valeur\ncommune,29019,indice_inconnu,2023,3.5\ncommune,29019,ifn_total,2023,3.5\n".encode(),
        None,
        REJECTED_ROWS,
        "indicateur absent du catalogue",
    ),
    (
        "statut_hors_liste",
        "jalons",
        "jalons.csv",
        "id_jalon,action,titre,date_prevue,statut\nJ1,A1,Lancement,2022-04-26,fini\nJ2,A1,Suite,2022-05-26,atteint\n".encode(),
        None,
        REJECTED_ROWS,
        "valeur hors de la liste autorisée : a_venir, en_cours, atteint, abandonne",
    ),
    (
        "aucune_ligne_valide",
        "acteurs",
        "acteurs.csv",
        "\n".join(
            [ACTOR_HEADER, RENNES.replace("Espace numérique de Rennes", ""), BREST.replace("Médiathèque de Brest", "")]
        ).encode(),
        None,
        REFUSED,
        "aucune ligne valide sur 2 : rien à importer",
    ),
    (
        "csv_mal_forme",
        "kpis",
        "kpis.csv",
        b'id_kpi,action,libelle\n"K1,A1,Guillemet jamais ferme\nK2,A1,x\n',
        None,
        REFUSED,
        "CSV mal formé",
    ),
    (
        "ifn_mauvais_format",
        "indicateurs",
        "ifn.csv",
        "niveau,code,indicateur,periode,valeur\ncommune,29019,ifn_total,2023,3.5\n".encode(),
        "ifn_commune",
        REFUSED,
        "colonne(s) de l'IFN absente(s)",
    ),
    (
        "commune_hors_region",
        "evenements",
        "evenements.csv",
        "id_evenement,date,type,titre,code_insee\nEV1,2023-02-01,atelier,Atelier,75056\nEV2,2023-02-02,atelier,Atelier,35238\n".encode(),
        None,
        WARNING_ONLY,
        "commune inconnue dans le référentiel de la région",
    ),
]


@pytest.fixture(scope="module")
def seeded(hub_config, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "seed.sqlite"
    store = open_store(hub_config, url=f"sqlite:///{path}")
    bundle = load_bundle_from_store(hub_config, store)
    store.dispose()
    return path, bundle


@pytest.fixture
def store_and_context(seeded, tmp_path, hub_config):
    path, bundle = seeded
    copy = tmp_path / "hub.sqlite"
    shutil.copy(path, copy)
    store = open_store(hub_config, url=f"sqlite:///{copy}")
    yield store, ImportContext.from_store(bundle, store)
    store.dispose()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_file_gives_its_message_and_changes_nothing(case, store_and_context):
    _, dataset, name, content, source_format, outcome, expected = case
    content = content() if callable(content) else content
    store, context = store_and_context
    before = store.signature()
    content_before = store.current_frame(dataset)
    bases = {k: v.id for k, v in store.current_versions().items()}

    preview = prepare_import(
        ImportRequest(dataset, content, name, source_format=source_format, mode=MODE_REPLACE), context
    )
    texts = [p.message for p in preview.problems] + [preview.refusal or ""]
    assert any(expected in t for t in texts), texts

    if outcome == REFUSED:
        assert preview.refused, texts
        refuse_or_abandon(store, preview)
    elif outcome == REJECTED_ROWS:
        assert not preview.refused and preview.needs_acceptance and preview.rows_rejected >= 1, (preview.refusal, texts)
    else:
        assert not preview.refused and not preview.needs_acceptance, texts
    if outcome != WARNING_ONLY:
        with pytest.raises(StoreError):
            confirm_import(store, preview, "Alice", bases)
    else:
        refuse_or_abandon(store, preview, "Alice", abandoned=True)

    assert store.signature() == before
    pd.testing.assert_frame_equal(store.current_frame(dataset), content_before)
    if outcome != REJECTED_ROWS:
        assert store.import_log(limit=1)["outcome"].iloc[0] == ("refusé" if outcome == REFUSED else "abandonné")
