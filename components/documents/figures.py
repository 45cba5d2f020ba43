"""The funders' key figures, worded once for the Synthèse page and its downloadable report."""

from __future__ import annotations

from analytics.evaluation import follow_up as ev
from analytics.impact.figures import HubFigures, Reached
from analytics.impact.summary import ActionStatus, ImpactSummary
from components.activity import compact_headline
from components.documents.html import KeyFigure
from components.follow_up.evaluation_labels import KPI_STATUS_LABELS, MILESTONE_LABELS, action_display
from components.format_fr import fr_count, fr_date, fr_euros_whole, fr_int, fr_number, fr_percent, fr_ratio
from loaders.actions import title
from loaders.config import HubConfig

whole_euros = fr_euros_whole


def _share(part: int, whole: int) -> str:
    return fr_percent(part / whole) if whole else "–"


def places_detail(figures: HubFigures) -> str:
    """'lieux … dans la base au 30/09/2023' and, when the base holds more today, how many more."""
    text = f"fiches de la base régionale mises à jour au plus tard le {fr_date(figures.as_of)}"
    later = figures.places_today - figures.places
    if later:
        text += (
            f" ; {fr_int(figures.places_today)} lieux dans la base aujourd'hui ({fr_int(later)} mis à jour depuis ou "
            "sans date)"
        )
    return text


def reached_detail(reached: Reached) -> str:
    if reached.count is None:
        return (
            f"inconnu : les événements citent {fr_count(reached.cited, 'acteur')} absent(s) de la base des lieux "
            "actuelle"
        )
    text = "acteurs distincts présents à au moins un événement"
    if reached.unknown:
        text += f" ({fr_int(reached.unknown)} autre(s) cité(s), absent(s) de la base, non comptés)"
    return text


def impact_figures(summary: ImpactSummary, config: HubConfig, elsewhere: str = "voir plus bas") -> list[KeyFigure]:
    """The Synthèse's key figures (page and documents). The people accompanied give their first
    source; the other sources are counted, never added, and pointed to (`elsewhere`)."""
    s = summary
    figures = [
        KeyFigure("Lieux cartographiés", fr_int(s.places), places_detail(s.figures)),
        KeyFigure("Membres du réseau", fr_int(s.members), f"{_share(s.members, s.places)} des lieux cartographiés"),
        KeyFigure(
            "Événements",
            fr_int(s.events),
            f"du réseau, avec {fr_count(s.participants, 'participant', none='aucun participant')} au total",
        ),
        KeyFigure(
            "Acteurs touchés",
            "non renseigné" if s.actors_reached is None else fr_int(s.actors_reached),
            reached_detail(s.figures.reached),
        ),
        KeyFigure(
            "Communes touchées",
            fr_int(s.communes_reached),
            f"sur {fr_int(s.communes_total)} ({_share(s.population_reached, s.population_total)} de la population), "
            f"dans {fr_int(s.epci_reached)} EPCI sur {fr_int(s.epci_total)}",
        ),
        KeyFigure("Personnes accompagnées", *compact_headline(list(s.people), elsewhere)),
        KeyFigure(
            "Zones prioritaires",
            whole_euros(s.priority_spent_cents),
            f"dépensés sur les {whole_euros(s.priority_planned_cents)} réservés, dans "
            f"{fr_count(s.priority_communes, 'commune', none='aucune commune')} ({config.zones_phrase})",
        ),
        KeyFigure(
            "Expérimentations",
            fr_int(s.experiments),
            f"soutenues : {whole_euros(s.experiments_hub_cents)} apportés par le hub, "
            f"{whole_euros(s.experiments_cofunding_cents)} de cofinancements",
        ),
        KeyFigure(
            "Fonds levés",
            whole_euros(s.funds_obtained_cents),
            f"par les acteurs du territoire : {fr_int(s.funds_files_obtained)} dossiers obtenus sur "
            f"{fr_int(s.funds_files_decided)} décidés",
        ),
    ]
    if s.leverage is not None:
        figures.append(
            KeyFigure(
                "Effet de levier",
                fr_ratio(s.leverage),
                f"{fr_number(s.leverage, 2)} € obtenus pour 1 € de financement du hub "
                f"({whole_euros(s.hub_funding_cents)}"
                + (f" ; financeur principal : {config.main_funder}" if config.main_funder else "")
                + ")",
            )
        )
    figures.append(
        KeyFigure(
            "Budget dépensé",
            fr_percent(s.figures.money.spent_share),
            f"{whole_euros(s.spent_cents)} sur {whole_euros(s.figures.money.convention_cents)} de la convention, pour "
            f"{fr_percent(s.progress.time_share)} du temps écoulé",
        )
    )
    return figures


def action_rows(actions: tuple[ActionStatus, ...], short: bool = False) -> list[list[str]]:
    """Action, status, KPI counts by status, milestones reached / overdue / to come."""
    rows = []
    for a in actions:
        reached = a.milestones.get(ev.REACHED_ON_TIME, 0) + a.milestones.get(ev.REACHED_LATE, 0)
        rows.append(
            [
                title(a.code, a.label) if not short else action_display(a.code),
                KPI_STATUS_LABELS[a.status] if sum(a.kpis.values()) else "Sans indicateur",
                fr_int(a.kpis.get(ev.ON_TRACK, 0)),
                fr_int(a.kpis.get(ev.AT_RISK, 0)),
                fr_int(a.kpis.get(ev.LATE, 0)),
                fr_int(reached),
                fr_int(a.milestones.get(ev.OVERDUE, 0)),
                fr_int(a.milestones.get(ev.TO_COME, 0)),
            ]
        )
    return rows


ACTION_HEADERS = [
    "Action",
    "Statut",
    "Indicateurs en bonne voie",
    "Indicateurs à surveiller",
    "Indicateurs en retard",
    "Jalons atteints",
    f"Jalons {MILESTONE_LABELS[ev.OVERDUE].lower()}",
    "Jalons à venir",
]

ACTION_STATUS_RULE = "Le statut d'une action est celui de son indicateur de suivi le moins avancé."


def as_of_line(summary: ImpactSummary, config: HubConfig) -> str:
    p = summary.progress
    return (
        f"Situation au {fr_date(summary.as_of)} · mois {p.months_elapsed} sur {config.months} de la période du "
        f"{fr_date(config.start)} au {fr_date(config.end)}"
    )
