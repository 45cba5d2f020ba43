"""The sections of the Financements page: envelopes, breakdowns, consumption against time,
the priority envelope and its eligibility check, funds raised, flows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.evaluation.period import period_progress
from analytics.funding import money as fu
from analytics.territory.scope import select, sub_territory_names, territory_names
from analytics.territory.selection import Selection
from components.follow_up.funding_charts import amount_bars, consumption_chart, money_bars, sankey_chart
from components.follow_up.funding_labels import (
    ELIGIBILITY_LABELS,
    FUNDRAISING_LABELS,
    NATURE_LABELS,
    action_short_labels,
    convention_envelopes,
    envelope_labels,
    hub_funding_definition,
    zone_labels,
)
from components.follow_up.funding_tables import fundraising_tables, money_tables, show_table
from components.follow_up.funding_text import projection_sentence
from components.format_fr import fr_date, fr_euros, fr_euros_whole, fr_int, fr_month, fr_number, fr_percent, fr_ratio
from loaders.actions import tab_name
from loaders.bundle import DataBundle

BREAKDOWN_TABS = "fin_repartition"  # the keys of the tabs drawn only when open
FUNDRAISING_TABS = "fin_levees"
MONTHLY_TABLE, PRIORITY_TABLE, FLOWS_TABLE = "fin_tableau_mois", "fin_tableau_mouvements", "fin_tableau_flux"

CONVENTION = "convention"
ALL_LINES = "toutes"


def _envelope_keys(bundle: DataBundle) -> list[str]:
    return [e.key for e in bundle.config.envelopes]


def budget_check_message(bundle: DataBundle) -> None:
    """States that the lines of the agreement's envelopes add up to its amount, to the cent."""
    config = bundle.config
    check = fu.envelope_check(bundle.budget_lines, [(e.key, e.amount_cents) for e in config.envelopes])
    total_lines = int(check["lignes_centimes"].sum())
    parts = " + ".join(fr_euros(v, force_cents=True) for v in check["convention_centimes"])
    if (check["ecart_centimes"] == 0).all():
        st.success(
            "Les lignes de budget des enveloppes de la convention totalisent exactement "
            f"**{fr_euros(total_lines, force_cents=True)}** "
            f"({parts}) : c'est, au centime près, le montant de la "
            f"convention{' (financeur principal : ' + config.main_funder + ')' if config.main_funder else ''}.",
            icon=":material/check_circle:",
        )
    else:
        labels = envelope_labels(config)
        gaps = "; ".join(
            f"{labels.get(r.enveloppe, r.enveloppe)} : lignes {fr_euros(r.lignes_centimes, force_cents=True)} pour "
            f"{fr_euros(r.convention_centimes, force_cents=True)} prévus (écart "
            f"{fr_euros(r.ecart_centimes, force_cents=True)})"
            for r in check.itertuples()
            if r.ecart_centimes
        )
        st.warning(
            f"Les lignes de budget ne correspondent pas aux enveloppes de la convention : {gaps}.",
            icon=":material/warning:",
        )


def envelopes_section(bundle: DataBundle, as_of: dt.date) -> None:
    config = bundle.config
    labels = envelope_labels(config)
    st.header("Les enveloppes", anchor="enveloppes")
    keys = _envelope_keys(bundle)
    money = fu.consumption_by(bundle.budget_lines, bundle.movements, ["enveloppe"], as_of)
    money = money.set_index("enveloppe")
    cols = st.columns(len(keys) + 1)
    for col, key in zip(cols, [*keys, "cofinancement"]):
        row = (
            money.loc[key]
            if key in money.index
            else pd.Series({"prevu_centimes": 0, "engage_centimes": 0, "depense_centimes": 0})
        )
        planned = int(row["prevu_centimes"])
        with col.container(border=True):
            st.markdown(f"**{labels.get(key, key)}**")
            st.metric("Prévu", fr_euros_whole(planned))
            for column, word in (("engage_centimes", "Engagé"), ("depense_centimes", "Dépensé")):
                value = int(row[column])
                st.metric(word, fr_euros_whole(value))
                st.progress(
                    min(value / planned, 1.0) if planned else 0.0,
                    text=f"{fr_percent(value / planned if planned else None)} du prévu",
                )
    budget_check_message(bundle)
    st.caption(
        f"Montants au {fr_date(as_of)}. Engagé : devis signés, conventions, provisions ; dépensé : factures payées et "
        "versements. "
        "Les enveloppes ne sont pas réparties par territoire : le filtre de territoire ne s'applique pas à cette "
        "section."
    )


def breakdown_section(bundle: DataBundle, as_of: dt.date) -> None:
    config = bundle.config
    st.header("Par action, par catégorie, par financeur", anchor="repartition")
    total_convention = sum(e.amount_cents for e in config.envelopes)
    total_all = int(bundle.budget_lines["montant_prevu_centimes"].sum())
    scope = st.radio(
        "Périmètre",
        [CONVENTION, ALL_LINES],
        format_func={
            CONVENTION: f"Convention ({convention_envelopes(config)}, {fr_euros_whole(total_convention)})",
            ALL_LINES: f"Toutes les lignes, cofinancements compris ({fr_euros_whole(total_all)})",
        }.get,
        horizontal=True,
        key="fin-scope",
    )
    envelopes = _envelope_keys(bundle) if scope == CONVENTION else None
    actions = action_short_labels(config)
    order = {a.code: i for i, a in enumerate(config.actions)}
    # Only the open tab is drawn (a chart and a table each); choosing another reruns.
    tabs = st.tabs(
        ["Par action", "Par catégorie", "Par financeur", "Par enveloppe"], key=BREAKDOWN_TABS, on_change="rerun"
    )
    specs = (
        ("action", "Action", lambda s: s.map(actions).fillna(s)),
        ("categorie", "Catégorie", None),
        ("financeur", "Financeur", None),
        ("enveloppe", "Enveloppe", lambda s: s.map(envelope_labels(config)).fillna(s)),
    )
    for tab, (key, title, rename) in zip(tabs, specs):
        if not tab.open:
            continue
        with tab:
            frame = fu.consumption_by(bundle.budget_lines, bundle.movements, [key], as_of, envelopes)
            if key == "action":
                frame = frame.sort_values("action", key=lambda s: s.map(order)).reset_index(drop=True)
            else:
                frame = frame.sort_values("prevu_centimes", ascending=False).reset_index(drop=True)
            if rename is not None:
                frame[key] = rename(frame[key])
            if key in ("action", "categorie"):
                st.plotly_chart(
                    money_bars(frame, key), width="stretch", config={"displayModeBar": False}, key=f"fin-bars-{key}"
                )
            display, export = money_tables(fu.with_total(frame, key), key, title)
            show_table(display, export, f"budget_par_{key}_{as_of.isoformat()}", key=f"fin-{key}")


PROJECTION_SCOPES = ("convention", "socle", fu.PRIORITY_ENVELOPE)


def time_section(bundle: DataBundle, as_of: dt.date) -> None:
    config = bundle.config
    labels = envelope_labels(config)
    st.header("Consommation dans le temps", anchor="temps")
    scope = st.radio(
        "Enveloppe",
        PROJECTION_SCOPES,
        format_func={
            "convention": f"Convention ({convention_envelopes(config)})",
            "socle": labels.get("socle", "Socle"),
            fu.PRIORITY_ENVELOPE: labels.get(fu.PRIORITY_ENVELOPE),
        }.get,
        horizontal=True,
        key="fin-time-scope",
    )
    envelopes = _envelope_keys(bundle) if scope == "convention" else [scope]
    series = fu.monthly_consumption(
        bundle.budget_lines, bundle.movements, config.start, config.months, as_of, envelopes
    )
    projection = fu.envelope_projection(
        bundle.budget_lines, bundle.movements, envelopes, config.start, config.end, as_of
    )
    progress = period_progress(config.start, config.months, as_of)
    current = series[series["date"] == pd.Timestamp(projection.as_of)].iloc[0]
    planned = projection.planned_cents
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Temps écoulé",
        fr_percent(progress.time_share),
        help=f"{progress.months_elapsed} mois sur {config.months} au {fr_date(as_of)}.",
        border=True,
    )
    c2.metric(
        "Engagé",
        fr_percent(int(current["engage_cumule_centimes"]) / planned if planned else None),
        help=fr_euros_whole(int(current["engage_cumule_centimes"])),
        border=True,
    )
    c3.metric(
        "Dépensé",
        fr_percent(projection.spent_cents / planned if planned else None),
        delta=f"{fr_number(100 * (projection.spent_cents / planned - progress.time_share), 1)} pts / temps"
        if planned
        else None,
        delta_color="off",
        help=fr_euros_whole(projection.spent_cents),
        border=True,
    )
    end_label = "Non dépensé à la fin" if projection.runs_out_on is None else "Épuisement prévu"
    end_value = (
        fr_euros_whole(projection.unspent_end_cents)
        if projection.runs_out_on is None
        else fr_month(projection.runs_out_on)
    )
    c4.metric(
        end_label,
        end_value,
        help="Projection au rythme des dépenses des trois derniers mois."
        if not projection.finished
        else "Période terminée.",
        border=True,
    )
    st.markdown(projection_sentence(projection))
    st.plotly_chart(
        consumption_chart(series, projection), width="stretch", config={"displayModeBar": False}, key="fin-time-chart"
    )
    st.caption(
        "La droite du temps écoulé est le budget prévu multiplié par la part de la période écoulée : une courbe de "
        "dépenses "
        "sous cette droite signale un retard de consommation. La projection prolonge le rythme des 91 derniers jours "
        "jusqu'à la fin de la période."
    )
    export = series.assign(
        prevu_euros=series["prevu_centimes"] / 100,
        ligne_temps_euros=series["ligne_temps_centimes"] / 100,
        engage_cumule_euros=series["engage_cumule_centimes"].astype("Float64") / 100,
        depense_cumule_euros=series["depense_cumule_centimes"].astype("Float64") / 100,
    )[["date", "mois", "prevu_euros", "ligne_temps_euros", "engage_cumule_euros", "depense_cumule_euros"]]
    with st.expander("Tableau mois par mois", key=MONTHLY_TABLE, on_change="rerun") as shown:
        if not shown.open:  # drawn when opened (each table of the page sends its rows)
            return
        display = pd.DataFrame(
            {
                "Date": [fr_date(d) for d in series["date"]],
                "Mois": series["mois"],
                "Droite du temps": [fr_euros(v, force_cents=True) for v in series["ligne_temps_centimes"]],
                "Engagé (cumul)": [
                    fr_euros(v, force_cents=True) if pd.notna(v) else "–" for v in series["engage_cumule_centimes"]
                ],
                "Dépensé (cumul)": [
                    fr_euros(v, force_cents=True) if pd.notna(v) else "–" for v in series["depense_cumule_centimes"]
                ],
            }
        )
        show_table(display, export, f"consommation_mensuelle_{scope}_{as_of.isoformat()}", key="fin-monthly")


def _selection_note(selection: Selection) -> None:
    if not selection.is_region:
        st.caption(f"Territoire : {selection.label}. Seuls les mouvements localisés dans ce territoire sont comptés.")


def priority_section(bundle: DataBundle, selection: Selection, as_of: dt.date) -> None:
    config = bundle.config
    communes = bundle.territories.communes
    label = envelope_labels(config).get(fu.PRIORITY_ENVELOPE)
    st.header(f"Enveloppe {label.lower()}", anchor="territoires-prioritaires")
    moves = fu.priority_movements(bundle.budget_lines, bundle.movements, as_of)
    moves = select(moves, selection, communes).reset_index(drop=True)
    _selection_note(selection)
    if moves.empty:
        st.info("Aucun mouvement de cette enveloppe à cette date dans ce territoire.")
        return
    checked = fu.eligibility(moves, communes, bundle.config.zone_short_labels)
    checked["territoire"] = territory_names(checked["code_territoire"], checked["niveau_territoire"], communes)
    spent = checked[checked["nature"] == "depense"]
    anomalies = checked[checked["statut_eligibilite"] == fu.OUTSIDE]
    to_check = checked[checked["statut_eligibilite"] == fu.TO_CHECK]
    planned = int(
        bundle.budget_lines.loc[
            bundle.budget_lines["enveloppe"] == fu.PRIORITY_ENVELOPE, "montant_prevu_centimes"
        ].sum()
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Engagé (zones prioritaires)",
        fr_euros_whole(int(checked.loc[checked["nature"] == "engagement", "montant_centimes"].sum())),
        border=True,
    )
    c2.metric(
        "Dépensé (zones prioritaires)",
        fr_euros_whole(int(spent["montant_centimes"].sum())),
        help=f"Sur {fr_euros_whole(planned)} prévus pour tout le hub.",
        border=True,
    )
    c3.metric(
        "Mouvements hors zone",
        fr_int(len(anomalies)),
        help=(
            "Engagements ou dépenses de l'enveloppe localisés dans une commune hors des zones prioritaires "
            f"({bundle.config.zones_phrase})."
        ),
        border=True,
    )
    c4.metric(
        "Mouvements à vérifier",
        fr_int(len(to_check)),
        help="Territoire absent, département entier ou EPCI en partie seulement prioritaire.",
        border=True,
    )

    left, right = st.columns(2)
    with left:
        st.subheader("Par type de zone")
        by_zone = fu.priority_by_zone(checked)
        names_of = zone_labels(bundle.config)
        zone_names = [names_of.get(z, z) for z in by_zone["zone"]]
        st.plotly_chart(
            amount_bars(zone_names, list(by_zone["engage_centimes"]), list(by_zone["depense_centimes"])),
            width="stretch",
            config={"displayModeBar": False},
            key="fin-zone",
        )
        st.caption("Type de zone déclaré sur chaque mouvement.")
    with right:
        names, title = sub_territory_names(
            checked["code_territoire"], checked["niveau_territoire"], communes, selection
        )
        st.subheader(f"Par {title if title == 'EPCI' else title.lower()}")
        by_place = fu.committed_and_spent(checked.assign(territoire=names.astype("object")), ["territoire"])
        by_place = by_place.sort_values("depense_centimes", ascending=False).head(15)
        st.plotly_chart(
            amount_bars(
                list(by_place["territoire"]), list(by_place["engage_centimes"]), list(by_place["depense_centimes"])
            ),
            width="stretch",
            config={"displayModeBar": False},
            key="fin-dep",
        )
        if len(by_place) == 15:
            st.caption("Les 15 territoires où le plus a été dépensé.")

    st.subheader("Contrôle d'éligibilité")
    if anomalies.empty and to_check.empty:
        st.success(
            f"Chaque euro de l'enveloppe a porté sur une commune éligible ({bundle.config.zones_phrase}).",
            icon=":material/verified:",
        )
    if not anomalies.empty:
        st.error(
            f"**{fr_int(len(anomalies))} mouvement(s) hors zone éligible** pour "
            f"{fr_euros(int(anomalies['montant_centimes'].sum()), force_cents=True)} : "
            f"la commune n'est dans aucune zone prioritaire ({bundle.config.zones_phrase}).",
            icon=":material/error:",
        )
    if not to_check.empty:
        st.warning(
            f"{fr_int(len(to_check))} mouvement(s) à vérifier pour "
            f"{fr_euros(int(to_check['montant_centimes'].sum()), force_cents=True)} : "
            "leur territoire ne permet pas de dire si l'argent a porté sur une zone éligible.",
            icon=":material/help:",
        )
    st.caption(
        f"Règle : une commune est éligible si elle est dans une zone prioritaire du hub ({bundle.config.zones_phrase} "
        ": "
        "commune comptant un QPV, commune d'un EPCI de la zone centrale déclarée, ville Action Cœur de Ville) ; "
        "un EPCI est éligible si toutes ses communes le sont, hors zone si aucune ne l'est, à vérifier sinon ; "
        "un département ou un territoire absent est toujours à vérifier (la commune bénéficiaire doit être précisée)."
    )
    flagged = checked[checked["statut_eligibilite"] != fu.ELIGIBLE]
    if not flagged.empty:
        _movement_table(
            flagged, "fin-anomalies", f"anomalies_eligibilite_{as_of.isoformat()}", zone_labels(bundle.config)
        )
    with st.expander(
        f"Tous les mouvements de l'enveloppe ({fr_int(len(checked))})", key=PRIORITY_TABLE, on_change="rerun"
    ) as shown:
        if not shown.open:
            return
        _movement_table(
            checked,
            "fin-priority-all",
            f"mouvements_territoires_prioritaires_{as_of.isoformat()}",
            zone_labels(bundle.config),
        )


def _movement_table(frame: pd.DataFrame, key: str, stem: str, zone_names: dict[str, str]) -> None:
    display = pd.DataFrame(
        {
            "Mouvement": frame["id_mouvement"].astype("object"),
            "Date": [fr_date(d) for d in frame["date"]],
            "Montant": [fr_euros(v, force_cents=True) for v in frame["montant_centimes"]],
            "Territoire": frame["territoire"].astype("object"),
            "Éligibilité": frame["statut_eligibilite"].map(ELIGIBILITY_LABELS).astype("object"),
            "Motif": frame["motif"].astype("object"),
            "Zone déclarée": frame["zone_prioritaire"]
            .astype("object")
            .map(lambda z: zone_names.get(z, "–") if isinstance(z, str) else "–"),
            "Zones du territoire": frame["zones_du_territoire"].astype("object").replace("", "aucune"),
            "Nature": frame["nature"].map(NATURE_LABELS).astype("object"),
            "Bénéficiaire": frame["beneficiaire"].astype("object"),
            "Libellé": frame["libelle"].astype("object"),
        }
    )
    export = display.assign(
        Montant=frame["montant_centimes"].to_numpy() / 100, Date=frame["date"].dt.date.to_numpy()
    ).rename(columns={"Montant": "Montant (euros)"})
    show_table(display, export, stem, key=key)


def fundraising_section(bundle: DataBundle, selection: Selection, as_of: dt.date) -> None:
    config = bundle.config
    communes = bundle.territories.communes
    st.header("Fonds levés pour les acteurs du territoire", anchor="levee-de-fonds")
    raised = fu.fundraising_as_of(bundle.fundraising, as_of)
    raised = select(raised, selection, communes).reset_index(drop=True)
    _selection_note(selection)
    if raised.empty:
        st.info("Aucun dossier de levée de fonds déposé à cette date dans ce territoire.")
        return
    obtained = int(raised["obtenu_centimes"].sum())
    decided = raised["statut_a_date"].isin(["obtenue", "refusee"])
    n_obtained = int((raised["statut_a_date"] == "obtenue").sum())
    pending = raised[raised["statut_a_date"] == "demandee"]
    hub = config.total_budget_cents
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Fonds obtenus", fr_euros_whole(obtained), help=f"{fr_int(n_obtained)} dossier(s) obtenu(s).", border=True
    )
    c2.metric(
        "Taux de succès",
        fr_percent(n_obtained / int(decided.sum()) if decided.any() else None),
        help=f"{fr_int(n_obtained)} dossier(s) obtenu(s) sur {fr_int(int(decided.sum()))} décidé(s).",
        border=True,
    )
    c3.metric(
        "En attente de décision",
        fr_euros_whole(int(pending["montant_demande_centimes"].fillna(0).sum())),
        help=f"{fr_int(len(pending))} dossier(s) : montant demandé.",
        border=True,
    )
    if selection.is_region:
        ratio = fu.leverage(obtained, hub)
        c4.metric(
            "Effet de levier",
            fr_ratio(ratio),
            help=(
                f"Fonds obtenus ({fr_euros_whole(obtained)}) divisés par le financement du hub ({fr_euros_whole(hub)})."
            ),
            border=True,
        )
        st.caption(
            "Effet de levier : euros obtenus par les acteurs du territoire pour un euro de financement du hub. "
            f"{hub_funding_definition(bundle.config)} "
            f"Ici {fr_euros_whole(obtained)} ÷ {fr_euros_whole(hub)}."
        )
    else:
        c4.metric("Dossiers déposés", fr_int(len(raised)), border=True)
        st.caption("L'effet de levier se calcule pour l'ensemble du hub (choisir toute la région).")

    territory, territory_title = sub_territory_names(
        raised["code_territoire"], raised["niveau_territoire"], communes, selection
    )
    frame = raised.assign(
        statut_libelle=raised["statut_a_date"].map(FUNDRAISING_LABELS).astype("object"),
        territoire=territory.astype("object"),
    )
    tabs = st.tabs(
        [
            "Par statut",
            "Par financeur",
            "Par programme",
            f"Par {territory_title if territory_title == 'EPCI' else territory_title.lower()}",
            "Dossiers",
        ],
        key=FUNDRAISING_TABS,
        on_change="rerun",
    )
    for tab, (key, title) in zip(
        tabs,
        (
            ("statut_libelle", "Statut"),
            ("financeur", "Financeur"),
            ("programme", "Programme"),
            ("territoire", territory_title),
        ),
    ):
        if not tab.open:
            continue
        with tab:
            table = fu.fundraising_by(frame, key)
            display, export = fundraising_tables(table, key, title)
            show_table(display, export, f"levees_fonds_par_{key}_{as_of.isoformat()}", key=f"fin-lf-{key}")
    with tabs[-1]:
        if tabs[-1].open:
            _files_table(frame, communes, as_of)
    st.caption(
        "Statut à la date choisie : un dossier déposé plus tard n'est pas compté ; une décision prise plus tard n'est "
        "pas encore connue (dossier en attente)."
    )


def _files_table(frame: pd.DataFrame, communes: pd.DataFrame, as_of: dt.date) -> None:
    """Every fundraising file with its status at the date."""
    display = pd.DataFrame(
        {
            "Dossier": frame["id_levee"].astype("object"),
            "Porteur": frame["porteur"].astype("object"),
            "Financeur": frame["financeur"].astype("object"),
            "Programme": frame["programme"].astype("object"),
            "Territoire": territory_names(frame["code_territoire"], frame["niveau_territoire"], communes).astype(
                "object"
            ),
            "Statut à la date": frame["statut_libelle"],
            "Dépôt": [fr_date(d) for d in frame["date_depot"]],
            "Demandé": [fr_euros(v, force_cents=True) for v in frame["montant_demande_centimes"].fillna(0)],
            "Obtenu": [fr_euros(v, force_cents=True) for v in frame["obtenu_centimes"]],
        }
    )
    export = display.assign(
        Demandé=frame["montant_demande_centimes"].fillna(0).to_numpy() / 100,
        Obtenu=frame["obtenu_centimes"].to_numpy() / 100,
        Dépôt=frame["date_depot"].dt.date.to_numpy(),
    )
    show_table(display, export, f"levees_fonds_dossiers_{as_of.isoformat()}", key="fin-lf-files")


def flows_section(bundle: DataBundle, flows: pd.DataFrame, selection: Selection, as_of: dt.date) -> None:
    config = bundle.config
    st.header("Des financeurs aux territoires", anchor="flux")
    _selection_note(selection)
    if flows.empty:
        st.info("Aucune dépense à cette date dans ce territoire.")
        return
    actions = {a.code: (a.label if a.is_management else tab_name(a.code)) for a in config.actions}
    frame = flows.assign(
        action_libelle=flows["action"].map(actions).fillna(flows["action"]),
        located=flows["territoire"] != "",
        territoire=flows["territoire"].replace("", "Non localisé (échelle régionale)"),
    )
    located_only = st.toggle(
        "Seulement les dépenses localisées dans un territoire",
        key="fin-flows-located",
        help=(
            "Masque les dépenses sans territoire (équipe, frais de structure, actions régionales) pour mieux lire la "
            "part qui a porté sur les départements."
        ),
    )
    if located_only:
        frame = frame[frame["located"]]
        if frame.empty:
            st.info("Aucune dépense localisée à cette date.")
            return
    st.plotly_chart(
        sankey_chart(frame, "financeur", "action_libelle", "territoire"),
        width="stretch",
        config={"displayModeBar": False},
        key="fin-sankey",
    )
    legend = " ; ".join(f"{actions[a.code]} : {a.label}" for a in config.actions)
    st.caption(
        f"Dépenses réalisées au {fr_date(as_of)}, de chaque financeur vers les actions puis vers les territoires où "
        "elles ont porté. "
        f"« Non localisé » : dépenses sans territoire (équipe, frais de structure, actions régionales). {legend}."
    )
    display = pd.DataFrame(
        {
            "Financeur": frame["financeur"].astype("object"),
            "Action": frame["action_libelle"],
            "Territoire": frame["territoire"],
            "Dépensé": [fr_euros(v, force_cents=True) for v in frame["montant_centimes"]],
        }
    )
    with st.expander("Tableau des flux", key=FLOWS_TABLE, on_change="rerun") as shown:
        if not shown.open:
            return
        show_table(
            display,
            display.assign(Dépensé=frame["montant_centimes"].to_numpy() / 100),
            f"flux_financeurs_actions_territoires_{as_of.isoformat()}",
            key="fin-flows",
        )
