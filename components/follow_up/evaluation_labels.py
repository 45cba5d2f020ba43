"""French labels, colours and value formats of the evaluation (KPI and milestone statuses)."""

from __future__ import annotations

import math

from analytics.evaluation import follow_up as ev
from components.format_fr import fr_euros, fr_number, fr_percent
from loaders.actions import short_name

KPI_STATUS_LABELS = {
    ev.ON_TRACK: "En bonne voie",
    ev.AT_RISK: "À surveiller",
    ev.LATE: "En retard",
    ev.NOT_MEASURED: "Non mesuré",
}
KPI_STATUS_COLORS = {ev.ON_TRACK: "#2e7d32", ev.AT_RISK: "#e67e00", ev.LATE: "#c62828", ev.NOT_MEASURED: "#8a8a8a"}
KPI_STATUS_ICONS = {ev.ON_TRACK: "🟢", ev.AT_RISK: "🟠", ev.LATE: "🔴", ev.NOT_MEASURED: "⚪"}

STATUS_RULE = (
    "Règle de statut : un indicateur est « en bonne voie » si sa progression depuis la valeur initiale atteint "
    f"au moins {fr_percent(ev.ON_TRACK_MIN, 0)} de la progression attendue à la date de situation (cible interpolée "
    "en ligne droite "
    f"entre la valeur initiale et les cibles à 6, 12 et 18 mois), « à surveiller » de {fr_percent(ev.AT_RISK_MIN, 0)} "
    "à moins de "
    f"{fr_percent(ev.ON_TRACK_MIN, 0)}, « en retard » sous {fr_percent(ev.AT_RISK_MIN, 0)}."
)

MILESTONE_LABELS = {
    ev.REACHED_ON_TIME: "Atteint à temps",
    ev.REACHED_LATE: "Atteint en retard",
    ev.OVERDUE: "En retard",
    ev.TO_COME: "À venir",
    ev.ABANDONED: "Abandonné",
}
MILESTONE_COLORS = {
    ev.REACHED_ON_TIME: "#2e7d32",
    ev.REACHED_LATE: "#7cb342",
    ev.OVERDUE: "#c62828",
    ev.TO_COME: "#1f5f8b",
    ev.ABANDONED: "#8a8a8a",
}

EXPERIMENT_LABELS = {
    "proposee": "Proposée",
    ev.EXPERIMENT_NOT_STARTED: "Pas encore commencée",
    "en_cours": "En cours",
    "terminee": "Terminée",
    "abandonnee": "Abandonnée",
}

EVENT_TYPE_LABELS = {
    "rencontre_reseau": "Rencontre du réseau",
    "atelier": "Atelier",
    "formation": "Formation",
    "webinaire": "Webinaire",
    "groupe_travail": "Groupe de travail",
}


action_display = short_name  # 'A1' stays 'A1'; the management line reads 'Pilotage' (loaders/actions.py)


def fr_kpi_value(value, unit: str) -> str:
    """A KPI value in its unit: '62,6 %', '340 100 €', '298'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "%":
        return f"{fr_number(value, 1)}\u00a0%"
    if unit in ("€", "EUR", "euros"):
        return fr_euros(round(float(value)) * 100)  # amounts of follow-up: to the euro
    decimals = 0 if float(value).is_integer() else 1
    return fr_number(value, decimals)


def fr_kpi_delta(value, unit: str) -> str:
    """A signed change: '+12', '−3,4 %', '+25 000 €' ('0' when nothing changed)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value == 0:
        return "0"
    sign = "+" if value > 0 else "−"
    text = fr_kpi_value(abs(value), "pts" if unit == "%" else unit)
    return f"{sign}{text}" + ("\u00a0pt" if unit == "%" else "")
