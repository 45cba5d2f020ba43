"""The hub's own files: cross-references checked, money kept, problems in French."""

from loaders.evaluation import load_events, load_experiments, load_kpi_measures, load_kpis, load_milestones
from loaders.funding import load_budget_lines, load_fundraising, load_movements
from loaders.problems import ERROR, INFO, WARNING

LINES = (
    "id_ligne,action,categorie,enveloppe,financeur,libelle,montant_prevu\n"
    'L1,A1,Personnel,socle,Banque des Territoires,Coordination,"100 000,50"\n'
    "L2,A9,Personnel,socle,Banque des Territoires,Inconnue,10\n"
    "L3,A2,Prestations,tresor,Banque des Territoires,Enveloppe inconnue,10\n"
    "L4,A3,Soutien aux expérimentations,territoires_prioritaires,Banque des Territoires,Appui,5000\n"
).encode()


def texts(result, severity=None):
    return [str(p) for p in result.problems if severity is None or p.severity == severity]


def test_budget_lines_check_actions_and_envelopes(hub_config):
    result = load_budget_lines(LINES, hub_config, "lignes.csv")
    assert result.frame["id_ligne"].tolist() == ["L1", "L4"]
    assert result.frame["montant_prevu_centimes"].tolist() == [10_000_050, 500_000]
    errors = texts(result, ERROR)
    assert (
        "lignes.csv, ligne 3, colonne « action » : action inconnue (voir [[actions]] dans hub.toml) (valeur : « A9 »)"
        in errors
    )
    assert any("ligne 4, colonne « enveloppe » : enveloppe inconnue" in e for e in errors)


def test_movements_keep_money_with_unknown_territories_and_flag_overspending(territories):
    raw = (
        "id_mouvement,date,id_ligne,nature,montant,code_territoire,zone_prioritaire,beneficiaire,libelle\n"
        "M1,2022-05-01,L1,engagement,1000,29019,,FCSB,\n"
        "M2,2022-06-01,L1,depense,1500.5,22309,,FCSB,\n"
        "M3,2022-06-01,L9,depense,10,,,X,\n"
        "M4,2022-07-01,L4,depense,10,99999,qpv,X,\n"
    ).encode()
    result = load_movements(raw, {"L1", "L4"}, territories, "mouvements.csv")
    frame = result.frame.set_index("id_mouvement")
    assert list(frame.index) == ["M1", "M2", "M4"]
    assert frame.loc["M2", "code_territoire"] == "22147"  # a former commune lands on the current one
    assert frame.loc["M4", "montant_centimes"] == 1000  # kept despite the unknown commune
    assert "mouvements.csv, ligne 4, colonne « id_ligne » : ligne de budget inconnue (valeur : « L9 »)" in texts(
        result, ERROR
    )
    assert (
        "mouvements.csv, ligne 5, colonne « code_territoire » : commune inconnue dans le référentiel de la région "
        "(valeur : « 99999 »)" in texts(result, WARNING)
    )
    assert any("ligne L1 : dépenses supérieures aux engagements" in t for t in texts(result, WARNING))
    assert any("rattaché à 22147" in t for t in texts(result, INFO))


def test_fundraising_obtained_without_amount_is_flagged(territories):
    raw = (
        "id_levee,financeur,programme,porteur,statut,montant_demande,montant_obtenu,date_depot,date_decision,code_territoire\n"
        "F1,Région,Pass numérique,Asso A,obtenue,10000,,2022-05-01,2022-09-01,29019\n"
        "F2,État,France Relance,Asso B,perdue,5000,,2022-05-01,,\n"
    ).encode()
    result = load_fundraising(raw, territories, "levees.csv")
    assert result.frame["id_levee"].tolist() == ["F1"]
    assert (
        "levees.csv, ligne 2, colonne « montant_obtenu » : dossier obtenu sans montant obtenu : compté pour 0 €"
        in texts(result, WARNING)
    )
    assert any("ligne 3, colonne « statut » : valeur hors de la liste autorisée" in t for t in texts(result, ERROR))


def test_evaluation_files_check_their_references(hub_config, territories):
    milestones = load_milestones(
        b"id_jalon,action,titre,date_prevue,date_reelle,statut\nJ1,A1,Lancement,2022-04-26,26/04/2022,atteint\nJ2,A7,X,2022-05-01,,a_venir\n",
        hub_config,
        "jalons.csv",
    )
    assert milestones.frame["id_jalon"].tolist() == ["J1"]
    assert str(milestones.frame["date_reelle"].iloc[0].date()) == "2022-04-26"
    kpis = load_kpis(
        b"id_kpi,action,libelle,unite,valeur_initiale,cible_m18\nK1,A2,Lieux,lieux,100,800\n", hub_config, "kpis.csv"
    )
    measures = load_kpi_measures(
        b"id_kpi,date,valeur\nK1,2022-06-01,150\nK2,2022-06-01,3\n", set(kpis.frame["id_kpi"]), "mesures.csv"
    )
    assert measures.frame["id_kpi"].tolist() == ["K1"]
    assert (
        "mesures.csv, ligne 3, colonne « id_kpi » : indicateur de suivi inconnu (absent de kpis) (valeur : « K2 »)"
        in texts(measures, ERROR)
    )
    events = load_events(
        b"id_evenement,date,type,titre,code_insee,participants,acteurs_presents,action\nE1,2022-06-01,atelier,Atelier,29019,12,hub-0001|fantome,A1\n",
        hub_config,
        territories,
        {"hub-0001"},
        "evenements.csv",
    )
    assert events.frame["participants"].tolist() == [12]
    assert any("1 acteur(s) présent(s) inconnu(s)" in t for t in texts(events, WARNING))
    experiments = load_experiments(
        b"id_experimentation,titre,porteur,code_territoire,theme,date_debut,statut,financement_hub\n"
        b'X1,Bus,Asso,242200715,Mobilite,2022-09-01,en_cours,"12 000"\n',
        territories,
        "experimentations.csv",
    )
    assert experiments.frame["financement_hub_centimes"].tolist() == [1_200_000]
    assert experiments.frame["niveau_territoire"].tolist() == ["epci"]
