"""Sentences about money that several pages and documents write the same way."""

from __future__ import annotations

from analytics.funding import money as fu
from components.format_fr import fr_date, fr_euros_whole, fr_int, fr_month, fr_percent


def projection_sentence(projection: fu.Projection) -> str:
    unspent_share = projection.unspent_end_cents / projection.planned_cents if projection.planned_cents else None
    if projection.finished:
        return (
            f"Période terminée : {fr_euros_whole(projection.spent_cents)} dépensés sur "
            f"{fr_euros_whole(projection.planned_cents)} ; "
            f"**{fr_euros_whole(projection.unspent_end_cents)} n'ont pas été dépensés**."
        )
    pace = (
        f"au rythme des {fr_int(projection.window_days)} derniers jours "
        f"({fr_euros_whole(projection.monthly_pace_cents)} par mois)"
    )
    if projection.runs_out_on is not None and projection.runs_out_on <= projection.as_of:
        return f"L'enveloppe est déjà entièrement dépensée (depuis le {fr_date(projection.runs_out_on)})."
    if projection.runs_out_on is not None:
        return (
            f"{pace[0].upper() + pace[1:]}, **l'argent serait épuisé en {fr_month(projection.runs_out_on)}** "
            f"(vers le {fr_date(projection.runs_out_on)}), avant la fin de la période le {fr_date(projection.end)}."
        )
    return (
        f"{pace[0].upper() + pace[1:]}, {fr_euros_whole(projection.projected_end_cents)} seraient dépensés le "
        f"{fr_date(projection.end)} : "
        f"**il resterait {fr_euros_whole(projection.unspent_end_cents)} non dépensés** "
        f"({fr_percent(unspent_share)} du prévu)."
    )
