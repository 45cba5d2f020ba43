"""The sections of the Suivi 18 mois page: summary, KPIs per action, the actions' own figures,
milestones."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import evaluation as ev
from analytics import funding as fu
from analytics.period import period_progress
from analytics.territory_scope import territory_names, within_selection
from analytics.territory_selection import Selection, in_selection, short_epci_name
from components.evaluation_charts import events_chart, kpi_chart, lines_chart, milestones_chart
from components.evaluation_dates import Dates
from components.downloads import download_buttons
from components.evaluation_labels import (
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
from components.format_fr import fr_date, fr_euros, fr_int, fr_number, fr_percent
from components.funding_tables import show_table
from loaders.bundle import DataBundle

CHART_CONFIG = {"displayModeBar": False}
KPI_STATUS_CELL = {KPI_STATUS_LABELS[k]: v for k, v in KPI_STATUS_COLORS.items()}
MILESTONE_CELL = {MILESTONE_LABELS[k]: v for k, v in MILESTONE_COLORS.items()}


def status_styler(display: pd.DataFrame, columns: list[str], colours: dict[str, str]):
    """Status cells tinted with the colour of the charts."""

    def paint(value):
        colour = colours.get(value)
        if not colour:
            return ""
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return f"background-color: rgba({r}, {g}, {b}, 0.14); color: {colour}; font-weight: 600"

    return display.style.map(paint, subset=columns)


def _delta_int(now: int, before: int | None) -> str | None:
    if before is None:
        return None
    diff = now - before
    return f"{'+' if diff >= 0 else '−'}{fr_int(abs(diff))}"


def _arrow(delta: str | None) -> str:
    """No arrow when nothing changed."""
    return "off" if delta in ("+0", "+0,0 pts") else "auto"


def _delta_points(now: float, before: float | None) -> str | None:
    if before is None or pd.isna(now) or pd.isna(before):
        return None
    diff = 100 * (now - before)
    return f"{'+' if diff >= 0 else '−'}{fr_number(abs(diff), 1)} pts"


def summary_section(bundle: DataBundle, kpis: pd.DataFrame, kpis_before: pd.DataFrame | None, milestones: pd.DataFrame, milestones_before: pd.DataFrame | None, dates: Dates) -> None:
    config = bundle.config
    envelopes = [e.key for e in config.envelopes]
    money = fu.envelope_consumption(bundle.budget_lines, bundle.movements, envelopes, dates.as_of)
    spent = int(money["depense_centimes"].sum()) / config.total_budget_cents
    progress = period_progress(config.start, config.months, dates.as_of)
    before_label = f"par rapport au {fr_date(dates.compare)}" if dates.compare else ""
    cols = [*st.columns(3), *st.columns(3)]

    def count(frame, column, status):
        return int((frame[column] == status).sum()) if frame is not None else None

    for col, status in zip(cols[:3], (ev.ON_TRACK, ev.AT_RISK, ev.LATE)):
        now = count(kpis, "statut", status)
        delta = _delta_int(now, count(kpis_before, "statut", status))
        col.metric(
            f"Indicateurs {KPI_STATUS_LABELS[status].lower()}",
            f"{fr_int(now)} / {fr_int(len(kpis))}",
            delta=delta,
            delta_color="off",
            delta_arrow=_arrow(delta),
            help=f"Nombre d'indicateurs de suivi « {KPI_STATUS_LABELS[status].lower()} » au {fr_date(dates.as_of)} {before_label}.",
            border=True,
        )
    overdue = count(milestones, "statut_a_date", ev.OVERDUE)
    delta = _delta_int(overdue, count(milestones_before, "statut_a_date", ev.OVERDUE))
    cols[3].metric(
        "Jalons en retard",
        fr_int(overdue),
        delta=delta,
        delta_color="inverse",
        delta_arrow=_arrow(delta),
        help=f"Jalons prévus avant le {fr_date(dates.as_of)} et non atteints à cette date (hors jalons abandonnés).",
        border=True,
    )
    spent_before = None
    if dates.compare:
        before = fu.envelope_consumption(bundle.budget_lines, bundle.movements, envelopes, dates.compare)
        spent_before = int(before["depense_centimes"].sum()) / config.total_budget_cents
    cols[4].metric("Budget dépensé", fr_percent(spent), delta=_delta_points(spent, spent_before), delta_color="off", help=f"Dépenses des enveloppes de la convention ({fr_euros(config.total_budget_cents)}).", border=True)
    cols[5].metric("Temps écoulé", fr_percent(progress.time_share), help=f"{progress.months_elapsed} mois sur {config.months}.", border=True)


def kpi_table(kpis: pd.DataFrame, kpis_before: pd.DataFrame | None, dates: Dates) -> tuple[pd.DataFrame, pd.DataFrame]:
    before = kpis_before.set_index("id_kpi") if kpis_before is not None else None
    rows, export = [], []
    for k in kpis.itertuples():
        unit = k.unite
        row = {
            "Indicateur": k.libelle,
            "Valeur": fr_kpi_value(k.valeur, unit),
            "Mesurée le": fr_date(k.date_mesure),
            f"Attendu au {fr_date(dates.as_of)}": fr_kpi_value(k.cible_a_date, unit),
            "Progression / attendu": fr_percent(k.ratio, 0) if pd.notna(k.ratio) else "–",
            "Statut": KPI_STATUS_LABELS[k.statut],
        }
        tail = {
            "Valeur initiale": fr_kpi_value(k.valeur_initiale, unit),
            "Cible 6 mois": fr_kpi_value(k.cible_m6, unit),
            "Cible 12 mois": fr_kpi_value(k.cible_m12, unit),
            "Cible 18 mois": fr_kpi_value(k.cible_m18, unit),
        }
        exp = {
            "indicateur": k.id_kpi, "libelle": k.libelle, "unite": unit, "valeur_initiale": k.valeur_initiale,
            "cible_m6": k.cible_m6, "cible_m12": k.cible_m12, "cible_m18": k.cible_m18, "attendu_a_date": round(k.cible_a_date, 2),
            "valeur": k.valeur, "date_mesure": k.date_mesure.date() if pd.notna(k.date_mesure) else None,
            "progression_sur_attendu": k.ratio, "statut": KPI_STATUS_LABELS[k.statut],
        }
        if before is not None:
            b = before.loc[k.id_kpi]
            row[f"Au {fr_date(dates.compare)}"] = fr_kpi_value(b["valeur"], unit)
            row["Évolution"] = fr_kpi_delta(k.valeur - b["valeur"], unit) if pd.notna(k.valeur) and pd.notna(b["valeur"]) else "–"
            row[f"Statut au {fr_date(dates.compare)}"] = KPI_STATUS_LABELS[b["statut"]]
            exp |= {"valeur_comparaison": b["valeur"], "statut_comparaison": KPI_STATUS_LABELS[b["statut"]]}
        rows.append(row | tail)
        export.append(exp)
    return pd.DataFrame(rows), pd.DataFrame(export)


def kpi_section(bundle: DataBundle, action: str, kpis: pd.DataFrame, kpis_before: pd.DataFrame | None, dates: Dates) -> None:
    config = bundle.config
    part = kpis[kpis["action"] == action]
    if part.empty:
        st.info("Aucun indicateur de suivi pour cette action.")
        return
    before = kpis_before[kpis_before["action"] == action] if kpis_before is not None else None
    display, export = kpi_table(part, before, dates)
    status_columns = [c for c in display.columns if c.startswith("Statut")]
    st.dataframe(status_styler(display, status_columns, KPI_STATUS_CELL), hide_index=True, width="stretch")
    download_buttons(export, f"indicateurs_{action}_{dates.as_of.isoformat()}", key=f"suivi-kpi-{action}")
    st.caption(
        "Graphiques : tirets gris, trajectoire cible (valeur initiale, cibles à 6, 12 et 18 mois) ; trait de couleur, valeurs mesurées "
        "(couleur du statut) ; losange, valeur attendue à la date de situation ; pointillés clairs, date de comparaison."
    )
    cols = st.columns(2)
    for i, (_, kpi) in enumerate(part.iterrows()):
        with cols[i % 2]:
            st.plotly_chart(
                kpi_chart(kpi, bundle.kpi_measures, config.start, config.months, dates.as_of, dates.compare),
                width="stretch", config=CHART_CONFIG, key=f"suivi-kpi-chart-{kpi['id_kpi']}",
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


def network_section(bundle: DataBundle, selection: Selection, dates: Dates) -> None:
    config = bundle.config
    communes = bundle.territories.communes
    st.subheader("Le réseau")
    actors = bundle.actors[in_selection(bundle.actors["code_insee"], selection)]
    events = bundle.events[in_selection(bundle.events["code_insee"], selection)]
    series = ev.network_series(actors, events, ev.series_dates(config.start, config.months, dates.as_of))
    now = series.iloc[-1]
    before = ev.network_series(actors, events, [dates.compare]).iloc[0] if dates.compare else None
    cols = st.columns(4)
    for col, (column, label, help_text) in zip(
        cols,
        (
            ("evenements", "Événements organisés", "Événements du réseau tenus dans le territoire depuis le début de la période."),
            ("participants", "Participants", "Somme des participants à ces événements."),
            ("acteurs_touches", "Acteurs touchés", "Acteurs distincts du territoire présents à au moins un événement du territoire."),
            ("membres", "Membres du réseau", "Acteurs du territoire entrés dans le réseau à cette date."),
        ),
    ):
        col.metric(label, fr_int(now[column]), delta=_delta_int(int(now[column]), int(before[column]) if before is not None else None), delta_color="off", help=help_text, border=True)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            lines_chart(series, {"membres": "Membres du réseau", "acteurs_touches": "Acteurs touchés par les événements"}, dates.as_of, "acteurs"),
            width="stretch", config=CHART_CONFIG, key="suivi-network",
        )
    with right:
        st.plotly_chart(events_chart(ev.events_by_month(events, dates.as_of)), width="stretch", config=CHART_CONFIG, key="suivi-events")
    actor_key, title = _territory_key(selection, actors["code_insee"], communes)
    event_key, _ = _territory_key(selection, events["code_insee"], communes)
    table = ev.network_by_territory(actors, events, actor_key, event_key, dates.as_of)
    display = table.rename(
        columns={"code": title, "evenements": "Événements", "participants": "Participants", "acteurs_touches": "Acteurs touchés", "membres": "Membres du réseau", "acteurs": "Acteurs recensés"}
    )
    display["Part de membres"] = [fr_percent(m / a if a else None) for m, a in zip(table["membres"], table["acteurs"])]
    st.markdown(f"**Par {title.lower()}** au {fr_date(dates.as_of)}")
    show_table(display, display.assign(**{"Part de membres": [m / a if a else None for m, a in zip(table["membres"], table["acteurs"])]}), f"reseau_par_territoire_{dates.as_of.isoformat()}", key="suivi-network-table")
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
        show_table(events_display, events_display.assign(Date=held["date"].dt.date.to_numpy()), f"evenements_{dates.as_of.isoformat()}", key="suivi-events-table")


def database_section(bundle: DataBundle, selection: Selection, dates: Dates) -> None:
    config = bundle.config
    st.subheader("La base de données régionale")
    actors = bundle.actors[in_selection(bundle.actors["code_insee"], selection)]
    series = ev.database_series(actors, ev.series_dates(config.start, config.months, dates.as_of))
    now = series.iloc[-1]
    before = ev.database_series(actors, [dates.compare]).iloc[0] if dates.compare else None
    cols = st.columns(4)
    cols[0].metric("Lieux cartographiés", fr_int(now["lieux"]), delta=_delta_int(int(now["lieux"]), int(before["lieux"]) if before is not None else None), delta_color="off", help="Fiches de la base dont la dernière mise à jour est antérieure ou égale à la date.", border=True)
    cols[1].metric("Fiches complètes", fr_percent(now["part_completes"]), delta=_delta_points(now["part_completes"], before["part_completes"] if before is not None else None), delta_color="off", help="Téléphone, courriel et horaires renseignés.", border=True)
    cols[2].metric("Fiches à jour", fr_percent(now["part_a_jour"]), delta=_delta_points(now["part_a_jour"], before["part_a_jour"] if before is not None else None), delta_color="off", help=f"Mises à jour dans les {ev.FRESH_DAYS} jours précédant la date.", border=True)
    cols[3].metric("Sources intégrées", fr_int(now["sources"]), delta=_delta_int(int(now["sources"]), int(before["sources"]) if before is not None else None), delta_color="off", help="Sources distinctes citées par les fiches (colonne sources).", border=True)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(lines_chart(series, {"lieux": "Lieux cartographiés"}, dates.as_of, "lieux"), width="stretch", config=CHART_CONFIG, key="suivi-db-count")
    with right:
        st.plotly_chart(
            lines_chart(series, {"part_completes": "Complètes", "part_a_jour": "À jour (moins d'un an)", "part_completes_a_jour": "Complètes et à jour"}, dates.as_of, "part des fiches", percent=True),
            width="stretch", config=CHART_CONFIG, key="suivi-db-shares",
        )
    st.caption(
        "Une fiche est complète quand son téléphone, son courriel et ses horaires sont renseignés (champs du standard national), "
        f"à jour quand sa date de mise à jour a moins de {ev.FRESH_DAYS} jours. La base ne garde que la dernière mise à jour de chaque fiche : "
        "une fiche mise à jour récemment n'est comptée qu'à partir de cette date."
    )
    sources = ev.sources_table(actors, dates.as_of)
    display = pd.DataFrame(
        {"Source": sources["source"].astype("object"), "Fiches": sources["lieux"], "Première mise à jour": [fr_date(d) for d in sources["premiere_mise_a_jour"]]}
    )
    st.markdown(f"**Sources intégrées** au {fr_date(dates.as_of)}")
    show_table(display, display.assign(**{"Première mise à jour": sources["premiere_mise_a_jour"].dt.date.to_numpy()}), f"sources_base_{dates.as_of.isoformat()}", key="suivi-sources")


def experiments_frame(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    communes = bundle.territories.communes
    frame = ev.experiments_at(bundle.experiments, as_of)
    frame = frame[within_selection(frame["code_territoire"], frame["niveau_territoire"], communes, selection)]
    return frame.assign(territoire=territory_names(frame["code_territoire"], frame["niveau_territoire"], communes)).reset_index(drop=True)


def experiments_section(bundle: DataBundle, selection: Selection, dates: Dates) -> None:
    st.subheader("Les expérimentations soutenues")
    frame = experiments_frame(bundle, selection, dates.as_of)
    supported = frame[ev.supported(frame)]
    before = None
    if dates.compare:
        earlier = experiments_frame(bundle, selection, dates.compare)
        before = earlier[ev.supported(earlier)]
    cols = st.columns(4)
    cols[0].metric("Expérimentations soutenues", fr_int(len(supported)), delta=_delta_int(len(supported), len(before) if before is not None else None), delta_color="off", help="Commencées à la date (en cours, terminées ou abandonnées).", border=True)
    finished = int((supported["statut_a_date"] == "terminee").sum())
    cols[1].metric("Terminées", fr_int(finished), delta=_delta_int(finished, int((before["statut_a_date"] == "terminee").sum()) if before is not None else None), delta_color="off", border=True)
    cols[2].metric("Financement du hub", fr_euros(int(supported["financement_hub_centimes"].fillna(0).sum())), border=True)
    cols[3].metric("Cofinancements", fr_euros(int(supported["cofinancement_centimes"].fillna(0).sum())), help="Apportés par d'autres financeurs aux expérimentations soutenues.", border=True)
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
        **{"Financement du hub": frame["financement_hub_centimes"].fillna(0).to_numpy() / 100, "Cofinancement": frame["cofinancement_centimes"].fillna(0).to_numpy() / 100},
        Début=frame["date_debut"].dt.date.to_numpy(),
        Fin=frame["date_fin"].where(frame["date_fin"] <= pd.Timestamp(dates.as_of)).dt.date.to_numpy(),
    )
    show_table(display, export, f"experimentations_{dates.as_of.isoformat()}", key="suivi-experiments")
    st.caption("Statut à la date choisie ; les résultats ne sont affichés qu'une fois l'expérimentation terminée ou arrêtée.")


def milestones_section(bundle: DataBundle, milestones: pd.DataFrame, milestones_before: pd.DataFrame | None, dates: Dates) -> None:
    config = bundle.config
    st.header("Jalons", anchor="jalons")
    counts = ev.status_counts(milestones["statut_a_date"], ev.MILESTONE_STATUSES)
    st.markdown(" · ".join(f"**{fr_int(n)}** {MILESTONE_LABELS[s].lower()}" for s, n in counts.items()))
    overdue_rows = milestones[milestones["statut_a_date"] == ev.OVERDUE].sort_values("date_prevue")
    if not overdue_rows.empty:
        items = "\n".join(
            f"- {r.id_jalon} ({action_display(r.action)}) · {r.titre} : prévu le {fr_date(r.date_prevue)}, {fr_int(r.retard_jours)} jours de retard"
            for r in overdue_rows.itertuples()
        )
        st.error(f"**Jalons en retard au {fr_date(dates.as_of)}**\n\n{items}", icon=":material/schedule:")
    st.plotly_chart(milestones_chart(milestones, dates.as_of, config.start, config.end), width="stretch", config=CHART_CONFIG, key="suivi-milestones")
    st.caption(
        "Losange creux : date prévue ; point plein : date réelle ; trait : retard (jusqu'à la date de situation pour un jalon non atteint). "
        "La date d'abandon n'étant pas connue, un jalon abandonné l'est compté à partir de sa date prévue."
    )
    before = milestones_before.set_index("id_jalon")["statut_a_date"] if milestones_before is not None else None
    frame = milestones.sort_values(["date_prevue", "id_jalon"])
    display = pd.DataFrame(
        {
            "Jalon": frame["id_jalon"].astype("object"),
            "Action": frame["action"].map(action_display).astype("object"),
            "Titre": frame["titre"].astype("object"),
            "Prévu le": [fr_date(d) for d in frame["date_prevue"]],
            "Réalisé le": [fr_date(d) if pd.notna(d) and d <= pd.Timestamp(dates.as_of) else "–" for d in frame["date_reelle"]],
            "Statut": frame["statut_a_date"].map(MILESTONE_LABELS).astype("object"),
            "Retard (jours)": [fr_int(v) if v else "" for v in frame["retard_jours"]],
        }
    )
    if before is not None:
        display[f"Statut au {fr_date(dates.compare)}"] = frame["id_jalon"].map(before).map(MILESTONE_LABELS).astype("object").to_numpy()
    status_columns = [c for c in display.columns if c.startswith("Statut")]
    st.dataframe(status_styler(display, status_columns, MILESTONE_CELL), hide_index=True, width="stretch", height=38 + 35 * len(display))
    export = display.assign(
        **{
            "Prévu le": frame["date_prevue"].dt.date.to_numpy(),
            "Réalisé le": frame["date_reelle"].where(frame["date_reelle"] <= pd.Timestamp(dates.as_of)).dt.date.to_numpy(),
            "Retard (jours)": frame["retard_jours"].where(frame["retard_jours"] > 0).to_numpy(),
        }
    )
    download_buttons(export, f"jalons_{dates.as_of.isoformat()}", key="suivi-milestones-table")
