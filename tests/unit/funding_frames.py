"""Small hand-made frames shared by the funding and evaluation unit tests."""

from __future__ import annotations

import pandas as pd


def communes() -> pd.DataFrame:
    """Six communes in three EPCI and two départements, with their priority-zone flags."""
    return pd.DataFrame(
        {
            "code_insee": ["29019", "29075", "29024", "29046", "35115", "35051"],
            "nom": ["Brest", "Guipavas", "Carhaix-Plouguer", "Le Moustoir", "Fougères", "Cesson-Sévigné"],
            "code_epci": ["242900314", "242900314", "242900744", "242900744", "243500000", "243500139"],
            "nom_epci": [
                "Brest Métropole",
                "Brest Métropole",
                "Poher Communauté",
                "Poher Communauté",
                "Fougères Agglomération",
                "Rennes Métropole",
            ],
            "code_departement": ["29", "29", "29", "29", "35", "35"],
            "nom_departement": ["Finistère"] * 4 + ["Ille-et-Vilaine"] * 2,
            "population": [140_000, 15_000, 7_000, 700, 20_000, 18_000],
            "qpv": [True, False, False, False, False, False],
            "acv": [False, False, False, False, True, False],
            "centre_bretagne": [False, False, True, True, False, False],
        }
    )


def budget_lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id_ligne": ["L1", "L2", "L3", "T1", "C1"],
            "action": ["A1", "A1", "A2", "A3", "A1"],
            "categorie": ["Personnel", "Événements", "Prestations", "Soutien aux expérimentations", "Personnel"],
            "enveloppe": ["socle", "socle", "socle", "territoires_prioritaires", "cofinancement"],
            "financeur": ["Banque des Territoires"] * 4 + ["Région Bretagne"],
            "libelle": ["Équipe", "Rencontres", "Base", "Expérimentations", "Animation"],
            "montant_prevu_centimes": pd.array([100_000, 50_000, 30_001, 20_000, 40_000], dtype="Int64"),
        }
    )


def movements(rows: list[tuple]) -> pd.DataFrame:
    """rows: (id, date, line, nature, cents, code, level, zone)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "id_mouvement",
            "date",
            "id_ligne",
            "nature",
            "montant_centimes",
            "code_territoire",
            "niveau_territoire",
            "zone_prioritaire",
        ],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["montant_centimes"] = frame["montant_centimes"].astype("Int64")
    for col in ("code_territoire", "niveau_territoire", "zone_prioritaire"):
        frame[col] = frame[col].astype("string")
    frame["beneficiaire"] = pd.array(["Structure"] * len(frame), dtype="string")
    frame["libelle"] = pd.array(["Mouvement"] * len(frame), dtype="string")
    return frame


def demo_movements() -> pd.DataFrame:
    return movements(
        [
            ("M1", "2022-05-01", "L1", "engagement", 60_000, None, None, None),
            ("M2", "2022-06-15", "L1", "depense", 30_000, None, None, None),
            ("M3", "2022-07-01", "L2", "depense", 10_001, "29019", "commune", None),
            ("M4", "2022-08-01", "T1", "engagement", 15_000, "29019", "commune", "qpv"),
            ("M5", "2022-09-01", "T1", "depense", 5_000, "29075", "commune", "qpv"),
            ("M6", "2022-09-10", "C1", "depense", 8_000, "35115", "commune", None),
            ("M7", "2022-09-10", "L9", "depense", 999, None, None, None),  # line unknown: ignored
        ]
    )
