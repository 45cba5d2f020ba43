"""The sections of the Suivi 18 mois page: summary, KPIs per action, the actions' own figures,
milestones."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.evaluation import follow_up as ev
from analytics.evaluation.committee import CommitteeSummary
from analytics.impact import figures as fig
from analytics.territory.selection import Selection, short_epci_name
from components.downloads import download_buttons
from components.evaluation_dates import Dates
from components.follow_up.evaluation_labels import (
    EVENT_TYPE_LABELS,
    EXPERIMENT_LABELS,
    KPI_STATUS_COLORS,
    KPI_STATUS_LABELS,
    MILESTONE_COLORS,
    MILESTONE_LABELS,
    action_display,
    fr_kpi_delta,
    fr_kpi_value,
)
from components.follow_up.funding_tables import show_table
from components.follow_up.styles import status_styler
from components.format_fr import fr_date, fr_euros, fr_int, fr_number, fr_percent
from components.html_safety import md_escape
from components.layout import empty_state
from loaders.bundle import DataBundle
from views.suivi import data
from views.suivi.charts import events_chart, kpi_chart, lines_chart, milestones_chart

ACTION_TABS = "suivi_action"  # the key of the actions' tabs (only the open one is drawn)
CHART_CONFIG = {"displayModeBar": False}
KPI_STATUS_CELL = {KPI_STATUS_LABELS[k]: v for k, v in KPI_STATUS_COLORS.items()}
MILESTONE_CELL = {MILESTONE_LABELS[k]: v for k, v in MILESTONE_COLORS.items()}


def _delta_int(now: int, before: int | None) -> str | None:
    if before is None:
        return None
    diff = now - before
    return f"{'+' if diff >= 0 else '-'}{fr_int(abs(diff))}"


def _arrow(delta: str | None) -> str:
    """No arrow when nothing changed."""
    return "off" if delta in ("+0", "+0,0 pts") else "auto"


def _delta_points(now: float, before: float | None) -> str | None:
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    diff = 100 * (now - before)
    return f"{'+' if diff >= 0 else '-'}{fr_number(abs(diff), 1)} pts"


def summary_section(bundle: DataBundle, summary: CommitteeSummary) -> None:
    config = bundle.config
    figures, before = summary.figures, summary.figures_before
    before_label = f"par rapport au {fr_date(summary.compare)}" if summary.compare else ""
    cols = [*st.columns(3), *st.columns(3)]
    for col, status in zip(cols[:3], (ev.ON_TRACK, ev.AT_RISK, ev.LATE)):
        now = summary.kpi_count(status)
        delta = _delta_int(now, summary.kpi_count(status, before=True))
        col.metric(
            f"Indicateurs {KPI_STATUS_LABELS[status].lower()}",
            f"{fr_int(now)} / {fr_int(len(summary.kpis))}",
            delta=delta,
            delta_color="off",
            delta_arrow=_arrow(delta),
            help=(
                f"Nombre d'indicateurs de suivi « {KPI_STATUS_LABELS[status].lower()} » au {fr_date(summary.as_of)} "
                f"{before_label}."
            ),
            border=True,
        )
    overdue = summary.overdue()
    delta = _delta_int(overdue, summary.overdue(before=True))
    cols[3].metric(
        "Jalons en retard",
        fr_int(overdue),
        delta=delta,
        delta_color="inverse",
        delta_arrow=_arrow(delta),
        help=f"Jalons prévus avant le {fr_date(summary.as_of)} et non atteints à cette date (hors jalons abandonnés).",
        border=True,
    )
    spent_before = before.money.spent_share if before is not None else None
    cols[4].metric(
        "Budget dépensé",
        fr_percent(figures.money.spent_share),
        delta=_delta_points(figures.money.spent_share, spent_before),
        delta_color="off",
        help=(
            f"{fr_euros(figures.money.spent_cents)} dépensés sur les enveloppes de la convention "
            f"({fr_euros(config.total_budget_cents)})."
        ),
        border=True,
    )
    cols[5].metric(
        "Temps écoulé",
        fr_percent(summary.progress.time_share),
        help=f"{summary.progress.months_elapsed} mois sur {config.months}.",
        border=True,
    )


def kpi_table(
    kpis: pd.DataFrame, kpis_before: pd.DataFrame | None, dates: Dates, months: int = 18
) -> tuple[pd.DataFrame, pd.DataFrame]:
    before = kpis_before.set_index("id_kpi") if kpis_before is not None else None
    rows, export = [], []
    for k in kpis.itertuples():
        unit = k.unite
        row = {
            "Indicateur": k.libelle,
            "Valeur": fr_kpi_value(k.valeur, unit),
            "Mesurée le": (
                f"calculée au {fr_date(k.date_mesure)}" if getattr(k, "calcule", False) else fr_date(k.date_mesure)
            )
            if pd.notna(k.date_mesure)
            else "–",
            f"Attendu au {fr_date(dates.as_of)}": fr_kpi_value(k.cible_a_date, unit),
            "Progression / attendu": fr_percent(k.ratio, 0) if pd.notna(k.ratio) else "–",
            "Statut": KPI_STATUS_LABELS[k.statut],
        }
        tail = {
            "Valeur initiale": fr_kpi_value(k.valeur_initiale, unit),
            "Cible 6 mois": fr_kpi_value(k.cible_m6, unit),
            "Cible 12 mois": fr_kpi_value(k.cible_m12, unit),
            f"Cible {months} mois": fr_kpi_value(k.cible_m18, unit),
        }
        exp = {
            "indicateur": k.id_kpi,
            "libelle": k.libelle,
            "unite": unit,
            "valeur_initiale": k.valeur_initiale,
            "cible_m6": k.cible_m6,
            "cible_m12": k.cible_m12,
            "cible_m18": k.cible_m18,
            "attendu_a_date": round(k.cible_a_date, 2),
            "valeur": k.valeur,
            "date_mesure": k.date_mesure.date() if pd.notna(k.date_mesure) else None,
            "progression_sur_attendu": k.ratio,
            "statut": KPI_STATUS_LABELS[k.statut],
        }
        if before is not None:
            b = before.loc[k.id_kpi]
            row[f"Au {fr_date(dates.compare)}"] = fr_kpi_value(b["valeur"], unit)
            row["Évolution"] = (
                fr_kpi_delta(k.valeur - b["valeur"], unit) if pd.notna(k.valeur) and pd.notna(b["valeur"]) else "–"
            )
            row[f"Statut au {fr_date(dates.compare)}"] = KPI_STATUS_LABELS[b["statut"]]
            exp |= {"valeur_comparaison": b["valeur"], "statut_comparaison": KPI_STATUS_LABELS[b["statut"]]}
        rows.append(row | tail)
        export.append(exp)
    return pd.DataFrame(rows), pd.DataFrame(export)


def kpi_section(bundle: DataBundle, action: str, summary: CommitteeSummary, dates: Dates) -> None:
    config = bundle.config
    kpis, kpis_before = summary.kpis, summary.kpis_before
    part = kpis[kpis["action"] == action]
    if part.empty:
        st.info("Aucun indicateur de suivi pour cette action.")
        return
    before = kpis_before[kpis_before["action"] == action] if kpis_before is not None else None
    display, export = kpi_table(part, before, dates, config.months)
    status_columns = [c for c in display.columns if c.startswith("Statut")]
    st.dataframe(status_styler(display, status_columns, KPI_STATUS_CELL), hide_index=True, width="stretch")
    download_buttons(export, f"indicateurs_{action}_{dates.as_of.isoformat()}", key=f"suivi-kpi-{action}")
    st.caption(
        f"Graphiques : tirets gris, trajectoire cible (valeur initiale, cibles à 6, 12 et {config.months} mois) ; "
        "trait de couleur, valeurs mesurées "
        "(couleur du statut) ; losange, valeur attendue à la date de situation ; pointillés clairs, date de "
        "comparaison. "
        "Un indicateur « calculé » est compté à partir des données à chaque date, avec la même définition que les "
        "chiffres des pages."
    )
    cols = st.columns(2)
    for i, (_, kpi) in enumerate(part.iterrows()):
        with cols[i % 2]:
            st.plotly_chart(
                kpi_chart(kpi, summary.measures, config.start, config.months, dates.as_of, dates.compare),
                width="stretch",
                config=CHART_CONFIG,
                key=f"suivi-kpi-chart-{kpi['id_kpi']}",
            )


def _territory_key(selection: Selection, codes: pd.Series, communes: pd.DataFrame) -> tuple[pd.Series, str]:
    """Group commune codes by the level below the selection: départements of the region, EPCI of a
    département, communes of an EPCI or of a commune."""
    if selection.level == "region":
        names = dict(zip(communes["code_insee"], communes["nom_departement"]))
        return codes.map(names), "Département"
    if selection.level == "departement":
        names = dict(zip(communes["code_insee"], communes["nom_epci"].map(short_epci_name)))
        return codes.map(names), "EPCI"
    names = dict(zip(communes["code_insee"], communes["nom"]))
    return codes.map(names), "Commune"


def _figure_metric(col, label: str, now, before, help_text: str, percent: bool = False) -> None:
    """A metric of analytics.impact.figures (None: unknown, shown as such, never as zero)."""
    if now is None:
        col.metric(label, "non renseigné", help=help_text, border=True)
        return
    if percent:
        col.metric(
            label, fr_percent(now), delta=_delta_points(now, before), delta_color="off", help=help_text, border=True
        )
        return
    delta = _delta_int(int(now), int(before) if before is not None else None)
    col.metric(
        label, fr_int(now), delta=delta, delta_color="off", delta_arrow=_arrow(delta), help=help_text, border=True
    )


def reached_help(reached) -> str:
    text = "Acteurs distincts du territoire présents à au moins un événement du réseau à cette date."
    if reached.count is None:
        return (
            f"Non renseigné : les événements citent {fr_int(reached.cited)} acteur(s) présent(s), dont aucun ne "
            "figure dans la base des lieux "
            "(importée depuis) ; importez des événements qui citent les identifiants de la base."
        )
    if reached.unknown:
        text += (
            f" {fr_int(reached.unknown)} acteur(s) cité(s) par les événements ne figurent pas dans la base et ne sont "
            "pas comptés."
        )
    return text


def network_section(bundle: DataBundle, summary: CommitteeSummary, dates: Dates) -> None:
    communes = bundle.territories.communes
    selection = summary.selection
    st.subheader("Le réseau")
    if empty_state(bundle, ("evenements", "acteurs"), "Aucun événement du réseau ni aucun lieu chargé"):
        return
    actors = fig.actors_in(bundle, selection)
    events = fig.events_in(bundle, selection)
    series = data.network_series(bundle, selection, dates.as_of)
    now, before = summary.figures, summary.figures_before
    cols = st.columns(4)
    _figure_metric(
        cols[0],
        "Événements organisés",
        now.events,
        before.events if before else None,
        "Événements du réseau tenus dans le territoire depuis le début de la période.",
    )
    _figure_metric(
        cols[1],
        "Participants",
        now.participants,
        before.participants if before else None,
        "Somme des participants à ces événements.",
    )
    _figure_metric(
        cols[2],
        "Acteurs touchés",
        now.actors_reached,
        before.actors_reached if before else None,
        reached_help(now.reached),
    )
    _figure_metric(
        cols[3],
        "Membres du réseau",
        now.members,
        before.members if before else None,
        "Acteurs du territoire entrés dans le réseau à cette date.",
    )
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            lines_chart(
                series,
                {"membres": "Membres du réseau", "acteurs_touches": "Acteurs touchés par les événements"},
                dates.as_of,
                "acteurs",
            ),
            width="stretch",
            config=CHART_CONFIG,
            key="suivi-network",
        )
    with right:
        st.plotly_chart(
            events_chart(ev.events_by_month(events, dates.as_of)),
            width="stretch",
            config=CHART_CONFIG,
            key="suivi-events",
        )
    actor_key, title = _territory_key(selection, actors["code_insee"], communes)
    event_key, _ = _territory_key(selection, events["code_insee"], communes)
    table = ev.network_by_territory(actors, events, actor_key, event_key, dates.as_of)
    display = table.rename(
        columns={
            "code": title,
            "evenements": "Événements",
            "participants": "Participants",
            "acteurs_touches": "Acteurs touchés",
            "membres": "Membres du réseau",
            "acteurs": "Acteurs recensés",
        }
    )
    display["Part de membres"] = [fr_percent(m / a if a else None) for m, a in zip(table["membres"], table["acteurs"])]
    st.markdown(f"**Par {title.lower()}** au {fr_date(dates.as_of)}")
    show_table(
        display,
        display.assign(
            **{"Part de membres": [m / a if a else None for m, a in zip(table["membres"], table["acteurs"])]}
        ),
        f"reseau_par_territoire_{dates.as_of.isoformat()}",
        key="suivi-network-table",
    )
    held = events[events["date"] <= pd.Timestamp(dates.as_of)].sort_values("date")
    with st.expander(f"Les événements ({fr_int(len(held))})"):
        names = dict(zip(communes["code_insee"], communes["nom"]))
        events_display = pd.DataFrame(
            {
                "Date": [fr_date(d) for d in held["date"]],
                "Type": held["type"].map(EVENT_TYPE_LABELS).astype("object"),
                "Titre": held["titre"].astype("object"),
                "Commune": held["code_insee"].map(names).astype("object"),
                "Participants": held["participants"].astype("object"),
                "Acteurs présents": held["acteurs_presents"].map(len),
                "Action": held["action"].astype("object"),
            }
        )
        show_table(
            events_display,
            events_display.assign(Date=held["date"].dt.date.to_numpy()),
            f"evenements_{dates.as_of.isoformat()}",
            key="suivi-events-table",
        )


def database_section(bundle: DataBundle, summary: CommitteeSummary, dates: Dates) -> None:
    st.subheader("La base de données régionale")
    if empty_state(bundle, ("acteurs",), "Aucun lieu chargé"):
        return
    series = data.database_series(bundle, summary.selection, dates.as_of)
    now, before = summary.figures, summary.figures_before
    cols = st.columns(4)
    later = now.places_today - now.places
    places_help = f"Fiches de la base dont la dernière mise à jour est antérieure ou égale au {fr_date(dates.as_of)}."
    if later:
        places_help += (
            f" La base compte aujourd'hui {fr_int(now.places_today)} lieux dans ce territoire : {fr_int(later)} "
            "fiche(s) mises à jour après cette date ou sans date ne sont pas comptées."
        )
    _figure_metric(cols[0], "Lieux cartographiés", now.places, before.places if before else None, places_help)
    _figure_metric(
        cols[1],
        "Fiches complètes",
        now.complete_share,
        before.complete_share if before else None,
        "Téléphone, courriel et horaires renseignés.",
        percent=True,
    )
    _figure_metric(
        cols[2],
        "Fiches à jour",
        now.fresh_share,
        before.fresh_share if before else None,
        f"Mises à jour dans les {ev.FRESH_DAYS} jours précédant la date.",
        percent=True,
    )
    _figure_metric(
        cols[3],
        "Sources intégrées",
        now.sources,
        before.sources if before else None,
        "Sources distinctes citées par les fiches (colonne sources).",
    )
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            lines_chart(series, {"lieux": "Lieux cartographiés"}, dates.as_of, "lieux"),
            width="stretch",
            config=CHART_CONFIG,
            key="suivi-db-count",
        )
    with right:
        st.plotly_chart(
            lines_chart(
                series,
                {
                    "part_completes": "Complètes",
                    "part_a_jour": "À jour (moins d'un an)",
                    "part_completes_a_jour": "Complètes et à jour",
                },
                dates.as_of,
                "part des fiches",
                percent=True,
            ),
            width="stretch",
            config=CHART_CONFIG,
            key="suivi-db-shares",
        )
    st.caption(
        "Une fiche est complète quand son téléphone, son courriel et ses horaires sont renseignés (champs du standard "
        "national), "
        f"à jour quand sa date de mise à jour a moins de {ev.FRESH_DAYS} jours. La base ne garde que la dernière mise "
        "à jour de chaque fiche : "
        "une fiche mise à jour récemment n'est comptée qu'à partir de cette date."
    )
    sources = ev.sources_table(fig.actors_in(bundle, summary.selection), dates.as_of)
    display = pd.DataFrame(
        {
            "Source": sources["source"].astype("object"),
            "Fiches": sources["lieux"],
            "Première mise à jour": [fr_date(d) for d in sources["premiere_mise_a_jour"]],
        }
    )
    st.markdown(f"**Sources intégrées** au {fr_date(dates.as_of)}")
    show_table(
        display,
        display.assign(**{"Première mise à jour": sources["premiere_mise_a_jour"].dt.date.to_numpy()}),
        f"sources_base_{dates.as_of.isoformat()}",
        key="suivi-sources",
    )


def experiments_section(bundle: DataBundle, summary: CommitteeSummary, dates: Dates) -> None:
    selection = summary.selection
    st.subheader("Les expérimentations soutenues")
    if empty_state(bundle, ("experimentations",), "Aucune expérimentation chargée"):
        return
    frame = data.experiments_frame(bundle, selection, dates.as_of)
    supported = frame[ev.supported(frame)]
    before = None
    if dates.compare:
        earlier = data.experiments_frame(bundle, selection, dates.compare)
        before = earlier[ev.supported(earlier)]
    cols = st.columns(4)
    cols[0].metric(
        "Expérimentations soutenues",
        fr_int(len(supported)),
        delta=_delta_int(len(supported), len(before) if before is not None else None),
        delta_color="off",
        help="Commencées à la date (en cours, terminées ou abandonnées).",
        border=True,
    )
    finished = int((supported["statut_a_date"] == "terminee").sum())
    cols[1].metric(
        "Terminées",
        fr_int(finished),
        delta=_delta_int(finished, int((before["statut_a_date"] == "terminee").sum()) if before is not None else None),
        delta_color="off",
        border=True,
    )
    cols[2].metric(
        "Financement du hub", fr_euros(int(supported["financement_hub_centimes"].fillna(0).sum())), border=True
    )
    cols[3].metric(
        "Cofinancements",
        fr_euros(int(supported["cofinancement_centimes"].fillna(0).sum())),
        help="Apportés par d'autres financeurs aux expérimentations soutenues.",
        border=True,
    )
    display = pd.DataFrame(
        {
            "Expérimentation": frame["titre"].astype("object"),
            "Porteur": frame["porteur"].astype("object"),
            "Territoire": frame["territoire"].astype("object"),
            "Thème": frame["theme"].astype("object"),
            "Statut": frame["statut_a_date"].map(EXPERIMENT_LABELS).astype("object"),
            "Début": [fr_date(d) for d in frame["date_debut"]],
            "Fin": [fr_date(d) if pd.notna(d) and d <= pd.Timestamp(dates.as_of) else "–" for d in frame["date_fin"]],
            "Financement du hub": [fr_euros(v) for v in frame["financement_hub_centimes"].fillna(0)],
            "Cofinancement": [fr_euros(v) for v in frame["cofinancement_centimes"].fillna(0)],
            "Résultats": frame["resultats"].astype("object").fillna(""),
        }
    )
    export = display.assign(
        **{
            "Financement du hub": frame["financement_hub_centimes"].fillna(0).to_numpy() / 100,
            "Cofinancement": frame["cofinancement_centimes"].fillna(0).to_numpy() / 100,
        },
        Début=frame["date_debut"].dt.date.to_numpy(),
        Fin=frame["date_fin"].where(frame["date_fin"] <= pd.Timestamp(dates.as_of)).dt.date.to_numpy(),
    )
    show_table(display, export, f"experimentations_{dates.as_of.isoformat()}", key="suivi-experiments")
    st.caption(
        "Statut à la date choisie ; les résultats ne sont affichés qu'une fois l'expérimentation terminée ou arrêtée."
    )


def milestones_section(bundle: DataBundle, summary: CommitteeSummary, dates: Dates) -> None:
    milestones, milestones_before = summary.milestones, summary.milestones_before
    config = bundle.config
    st.header("Jalons", anchor="jalons")
    if empty_state(bundle, ("jalons",), "Aucun jalon chargé"):
        return
    counts = ev.status_counts(milestones["statut_a_date"], ev.MILESTONE_STATUSES)
    st.markdown(" · ".join(f"**{fr_int(n)}** {MILESTONE_LABELS[s].lower()}" for s, n in counts.items()))
    overdue_rows = milestones[milestones["statut_a_date"] == ev.OVERDUE].sort_values("date_prevue")
    if not overdue_rows.empty:
        items = "\n".join(
            f"- {md_escape(r.id_jalon)} ({md_escape(action_display(r.action))}) · {md_escape(r.titre)} : prévu le "
            f"{fr_date(r.date_prevue)}, {fr_int(r.retard_jours)} jours de retard"
            for r in overdue_rows.itertuples()
        )
        st.error(f"**Jalons en retard au {fr_date(dates.as_of)}**\n\n{items}", icon=":material/schedule:")
    st.plotly_chart(
        milestones_chart(milestones, dates.as_of, config.start, config.end),
        width="stretch",
        config=CHART_CONFIG,
        key="suivi-milestones",
    )
    st.caption(
        "Losange creux : date prévue ; point plein : date réelle ; trait : retard (jusqu'à la date de situation pour "
        "un jalon non atteint). "
        "La date d'abandon n'étant pas connue, un jalon abandonné est compté comme tel à partir de sa date prévue."
    )
    before = milestones_before.set_index("id_jalon")["statut_a_date"] if milestones_before is not None else None
    frame = milestones.sort_values(["date_prevue", "id_jalon"])
    display = pd.DataFrame(
        {
            "Jalon": frame["id_jalon"].astype("object"),
            "Action": frame["action"].map(action_display).astype("object"),
            "Titre": frame["titre"].astype("object"),
            "Prévu le": [fr_date(d) for d in frame["date_prevue"]],
            "Réalisé le": [
                fr_date(d) if pd.notna(d) and d <= pd.Timestamp(dates.as_of) else "–" for d in frame["date_reelle"]
            ],
            "Statut": frame["statut_a_date"].map(MILESTONE_LABELS).astype("object"),
            "Retard (jours)": [fr_int(v) if v else "" for v in frame["retard_jours"]],
        }
    )
    if before is not None:
        display[f"Statut au {fr_date(dates.compare)}"] = (
            frame["id_jalon"].map(before).map(MILESTONE_LABELS).astype("object").to_numpy()
        )
    status_columns = [c for c in display.columns if c.startswith("Statut")]
    st.dataframe(
        status_styler(display, status_columns, MILESTONE_CELL),
        hide_index=True,
        width="stretch",
        height=38 + 35 * len(display),
    )
    export = display.assign(
        **{
            "Prévu le": frame["date_prevue"].dt.date.to_numpy(),
            "Réalisé le": frame["date_reelle"]
            .where(frame["date_reelle"] <= pd.Timestamp(dates.as_of))
            .dt.date.to_numpy(),
            "Retard (jours)": frame["retard_jours"].where(frame["retard_jours"] > 0).to_numpy(),
        }
    )
    download_buttons(export, f"jalons_{dates.as_of.isoformat()}", key="suivi-milestones-table")
