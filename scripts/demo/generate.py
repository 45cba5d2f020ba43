"""Writes every demo file, the folder's README (LISEZMOI.md) and its provenance manifest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from loaders import lieux_standard as std
from loaders.config import HubConfig, load_config
from loaders.provenance import DEMO_SOURCE, MANIFEST
from loaders.schemas import SPECS
from scripts.demo.activity import make_activity
from scripts.demo.actors import fill_actor_rows, make_actors, spoil_some_hours
from scripts.demo.common import ANOMALY_COMMUNES, AS_OF, CONFIG_PATH, DEFAULT_OUT, SEED, iso, money, write_csv
from scripts.demo.evaluation import make_kpis, make_milestones
from scripts.demo.experiments import BENEFICIARIES, make_experiments, make_fundraising
from scripts.demo.funding import make_budget, make_movements
from scripts.demo.indicators import make_indicators
from scripts.demo.network import make_events_and_membership
from scripts.demo.reference import load_reference

ACTOR_COLUMNS = list(std.COLUMNS) + list(std.HUB_COLUMNS)


def generate(out_dir: Path | str = DEFAULT_OUT, config_path: Path | str = CONFIG_PATH) -> dict:
    """Write every demo file into out_dir; returns a summary of the key figures."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = load_config(config_path)
    rng = np.random.default_rng(SEED)
    ref = load_reference(config)

    catalogue, indicators, _ = make_indicators(ref, rng)
    actors = make_actors(ref, rng)
    fill_actor_rows(ref, actors, rng)
    spoil_some_hours(actors, SEED)
    events = make_events_and_membership(ref, actors, rng)
    experiments = make_experiments(ref, actors, rng)
    fundraising = make_fundraising(ref, actors, rng)
    budget = make_budget(config)
    moves = make_movements(ref, budget, events, experiments, rng)
    milestones = make_milestones()
    kpis, measures = make_kpis(ref, actors, events, experiments, fundraising)
    activity = make_activity(ref, actors)

    write_csv(out / "acteurs.csv", ACTOR_COLUMNS, [a.row for a in actors])
    write_csv(out / "catalogue_indicateurs.csv", SPECS["catalogue_indicateurs"].columns, catalogue)
    write_csv(out / "indicateurs.csv", SPECS["indicateurs"].columns, [r | {"fictif": "oui"} for r in indicators])
    write_csv(
        out / "lignes_budget.csv",
        SPECS["lignes_budget"].columns,
        budget,
    )
    write_csv(
        out / "mouvements.csv",
        SPECS["mouvements"].columns,
        [
            {
                "id_mouvement": f"MVT-{k:04d}",
                "date": iso(m.date),
                "id_ligne": m.line,
                "nature": m.nature,
                "montant": money(m.cents),
                "code_territoire": m.code,
                "zone_prioritaire": m.zone,
                "beneficiaire": m.beneficiary,
                "libelle": m.label,
            }
            for k, m in enumerate(moves, start=1)
        ],
    )
    write_csv(
        out / "levees_fonds.csv",
        SPECS["levees_fonds"].columns,
        fundraising,
    )
    write_csv(out / "jalons.csv", SPECS["jalons"].columns, milestones)
    write_csv(out / "kpis.csv", SPECS["kpis"].columns, kpis)
    write_csv(out / "mesures_kpi.csv", SPECS["mesures_kpi"].columns, measures)
    write_csv(
        out / "evenements.csv",
        SPECS["evenements"].columns,
        [
            {
                "id_evenement": e.id,
                "date": iso(e.date),
                "type": e.typ,
                "titre": e.title,
                "code_insee": ref.code[e.commune],
                "participants": e.participants,
                "acteurs_presents": "|".join(sorted(a.id for a in e.present)),
                "action": e.action,
            }
            for e in events
        ],
    )
    write_csv(
        out / "experimentations.csv",
        SPECS["experimentations"].columns,
        [
            {
                "id_experimentation": x.key,
                "titre": x.title,
                "porteur": x.porteur.nom,
                "code_territoire": x.territory,
                "theme": x.theme,
                "date_debut": iso(x.start),
                "date_fin": iso(x.end),
                "statut": x.status,
                "financement_hub": money(x.hub_cents),
                "cofinancement": money(x.cofunding_cents),
                "resultats": x.result,
                "beneficiaires": BENEFICIARIES.get(x.key, ""),
            }
            for x in experiments
        ],
    )
    write_csv(out / "activite.csv", SPECS["activite"].columns, activity)

    accompaniments = sum(
        int(r["valeur"]) for r in activity if r["mesure"] == "accompagnements" and r["ventilation"] == "total"
    )
    spent = {
        env: sum(
            m.cents
            for m in moves
            if m.nature == "depense" and m.line in {b["id_ligne"] for b in budget if b["enveloppe"] == env}
        )
        for env in ("socle", "territoires_prioritaires", "cofinancement")
    }
    summary = {
        "acteurs": len(actors),
        "france_services": sum(a.typ == "RFS" for a in actors),
        "communes_avec_acteur": len({a.commune for a in actors}),
        "membres_debut": sum(1 for a in actors if a.member_since and a.member_since <= config.start),
        "membres_fin": sum(1 for a in actors if a.member_since),
        "evenements": len(events),
        "experimentations": len(experiments),
        "levees": len(fundraising),
        "levees_obtenues_euros": sum(r["_obtained"] for r in fundraising) // 100,
        "mouvements": len(moves),
        "depense_socle_centimes": spent["socle"],
        "depense_territoires_prioritaires_centimes": spent["territoires_prioritaires"],
        "depense_cofinancement_centimes": spent["cofinancement"],
        "anomalies_eligibilite": sum(1 for m in moves if m.line.startswith("TP") and m.code in ANOMALY_COMMUNES),
        "jalons": len(milestones),
        "jalons_en_retard": sum(
            1 for j in milestones if j["date_prevue"] <= iso(AS_OF) and j["statut"] not in ("atteint", "abandonne")
        ),
        "jalons_abandonnes": sum(1 for j in milestones if j["statut"] == "abandonne"),
        "activite_communes": len({r["code"] for r in activity if r["source"] != "Aidants Connect (ANCT)"}),
        "activite_accompagnements": f"{accompaniments:,}".replace(",", " "),
        "activite_aidants_communes": len({r["code"] for r in activity if r["mesure"] == "aidants"}),
    }
    (out / "LISEZMOI.md").write_bytes(readme(summary, config).encode("utf-8"))
    (out / MANIFEST).write_bytes(manifest(out).encode("utf-8"))
    return summary


def manifest(out: Path) -> str:
    """data/demo/provenance.json: every file of the folder declared fictitious (loaders/provenance.py)."""
    files = sorted(p.name for p in out.glob("*.csv"))
    body = {
        "description": "Données fictives de démonstration, générées par scripts/generate_demo.py (make demo).",
        "source": DEMO_SOURCE,
        "millesime": AS_OF.isoformat(),
        "fictif": True,
        "fichiers": {name: {"fictif": True} for name in files},
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def readme(s: dict, config: HubConfig) -> str:
    def eur(cents: int) -> str:
        return f"{cents // 100:,}".replace(",", " ") + " €"

    socle = config.envelope("socle").amount_cents
    return f"""# Données de démonstration (fictives)

Toutes les données de ce dossier sont **fictives**. Elles sont produites par
`scripts/generate_demo.py` (graine aléatoire {SEED}, `make demo`) à partir du seul référentiel réel
des communes de Bretagne (`data/reference/` : noms, codes, population, contours, EPCI). Aucun lieu,
montant, événement ou contact n'est réel : les courriels et sites utilisent le domaine réservé
`.example`, les téléphones la plage +33 2 61 91 xx xx réservée à la fiction, et aucun nom de
personne n'apparaît. Ne modifiez pas ces fichiers à la main : modifiez le script et relancez-le
(un test vérifie que les fichiers sont identiques à une nouvelle génération).

Les données représentent l'état du hub au {AS_OF.strftime("%d/%m/%Y")} (fin du 17e mois de la période
de {config.months} mois commencée le {config.start.strftime("%d/%m/%Y")}).

| fichier | contenu |
|---|---|
| `acteurs.csv` | {s["acteurs"]} lieux et acteurs de l'inclusion numérique au format du standard national v1 (32 colonnes) suivi des colonnes du hub (`membre_reseau_depuis`, `etp_mediateurs`, `sources`) ; dont {s["france_services"]} France services ; {s["membres_debut"]} membres du réseau au lancement, {s["membres_fin"]} au {AS_OF.strftime("%d/%m/%Y")} |
| `catalogue_indicateurs.csv` | les 6 indicateurs fictifs inspirés de l'indice de fragilité numérique (IFN) |
| `indicateurs.csv` | leurs valeurs 2023 par commune, par EPCI et par département (moyennes pondérées par la population) |
| `lignes_budget.csv` | lignes de budget : socle ({eur(socle)}), territoires prioritaires ({eur(config.envelope("territoires_prioritaires").amount_cents)}) et cofinancements |
| `mouvements.csv` | {s["mouvements"]} engagements et dépenses, mois par mois ; dépenses du socle : {eur(s["depense_socle_centimes"])} ({100 * s["depense_socle_centimes"] / socle:.0f} %) ; {s["anomalies_eligibilite"]} dépenses de l'enveloppe territoires prioritaires volontairement hors zone éligible |
| `levees_fonds.csv` | {s["levees"]} demandes de financement des acteurs du territoire ({eur(s["levees_obtenues_euros"] * 100)} obtenus) |
| `jalons.csv` | {s["jalons"]} jalons des trois actions et du pilotage, dont {s["jalons_en_retard"]} en retard au {AS_OF.strftime("%d/%m/%Y")} et {s["jalons_abandonnes"]} abandonné |
| `kpis.csv`, `mesures_kpi.csv` | les 11 indicateurs de suivi des actions et leurs cibles à 6, 12 et 18 mois : 10 sont calculés par le tableau de bord à partir des données (colonne `calcul`), le dernier (satisfaction des participants) est mesuré par enquête (`mesures_kpi.csv`) |
| `provenance.json` | le manifeste qui déclare fictif chaque fichier de ce dossier : l'interface le signale jeu de données par jeu de données |
| `evenements.csv` | {s["evenements"]} événements du réseau et les acteurs présents |
| `experimentations.csv` | {s["experimentations"]} expérimentations soutenues par le hub (colonne `beneficiaires` : personnes accompagnées qu'elles déclarent, pour deux d'entre elles) |
| `activite.csv` | personnes accompagnées (cumul au {AS_OF.strftime("%d/%m/%Y")}), comme les fichiers nationaux les donneraient : {s["activite_accompagnements"]} accompagnements dans {s["activite_communes"]} communes ayant un lieu « Conseillers numériques » (tranches d'âge, statuts), aidants habilités dans {s["activite_aidants_communes"]} communes ayant un lieu « Aidants Connect » (usagers uniques et démarches par thème pour un tiers d'entre elles) |
"""  # noqa: E501 - the README's table lines are long by nature


def main(out_dir: Path | str = DEFAULT_OUT) -> dict:
    summary = generate(out_dir)
    for key, value in summary.items():
        print(f"{key}: {value}")
    return summary
