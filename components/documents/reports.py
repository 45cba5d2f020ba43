"""The two downloadable documents: the funders' impact report (Synthèse) and the committee
snapshot (Suivi 18 mois). Pure functions of the bundle: no Streamlit, testable as text.

The funders' report holds no personal data: aggregates, experiments and territories only, never
an actor's contact, never a person's name.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd

from analytics.evaluation import follow_up as ev
from analytics.evaluation.committee import CommitteeSummary
from analytics.funding import money as fu
from analytics.impact import activity as act
from analytics.impact.people import series_breakdowns, territory_breakdown
from analytics.impact.summary import ImpactSummary
from analytics.territory.scope import select, territory_names
from analytics.territory.selection import Selection, short_epci_name
from components import activity as people
from components.documents import charts
from components.documents import html as rh
from components.documents.figures import ACTION_HEADERS, ACTION_STATUS_RULE, action_rows, as_of_line, impact_figures
from components.follow_up.evaluation_labels import (
    EXPERIMENT_LABELS,
    KPI_STATUS_COLORS,
    KPI_STATUS_LABELS,
    MILESTONE_COLORS,
    MILESTONE_LABELS,
    STATUS_RULE,
    action_display,
    fr_kpi_delta,
    fr_kpi_value,
)
from components.follow_up.funding_labels import (
    ELIGIBILITY_LABELS,
    FUNDRAISING_LABELS,
    envelope_labels,
    hub_funding_definition,
    zone_labels,
)
from components.follow_up.funding_text import projection_sentence
from components.format_fr import fr_date, fr_euros, fr_int, fr_number, fr_percent
from loaders.bundle import DataBundle
from loaders.provenance import not_loaded_notice, source_line

KPI_BADGES = {KPI_STATUS_LABELS[k]: v for k, v in KPI_STATUS_COLORS.items()}
MILESTONE_BADGES = {MILESTONE_LABELS[k]: v for k, v in MILESTONE_COLORS.items()}


# The datasets both documents draw from (the indicators' values are not shown in them).
DOCUMENT_DATASETS = (
    "acteurs",
    "lignes_budget",
    "mouvements",
    "levees_fonds",
    "jalons",
    "kpis",
    "mesures_kpi",
    "evenements",
    "experimentations",
)


# The funders' documents also draw the people accompanied.
SYNTHESIS_DATASETS = (*DOCUMENT_DATASETS, "activite")


def people_section(bundle: DataBundle, summary: ImpactSummary) -> str:
    """« Personnes accompagnées » of the report: each source's figure (never added), the
    breakdowns, the hub's money beside the activity of each priority zone, the experiments beside
    the people they declare; every ratio with its definition, and why there is none elsewhere."""
    config = bundle.config
    figures = list(summary.people)
    if not figures:
        return rh.section(
            "Personnes accompagnées",
            rh.paragraph(
                "Aucune donnée d'activité n'est chargée : le nombre de personnes accompagnées n'est pas connu. "
                "Importez les comptes rendus des conseillers numériques, la liste Aidants Connect ou les statistiques "
                "de La Coop sur la page Données.",
                "note",
            ),
        )
    rows = [
        [
            f.series.source + (" (données fictives de démonstration)" if f.series.fictitious else ""),
            f.series.label,
            people.value_text(f),
            people.per_1000_text(f),
            act.describe_period(f.series),
        ]
        for f in figures
    ]
    parts = [
        rh.table(["Source", "Mesure", "Valeur", "Pour 1 000 habitants", "Période"], rows, numeric={2, 3}),
        rh.paragraph(people.NOT_ADDED, "note"),
    ]
    level, code = act.selection_scope(summary.selection)
    for figure in figures:
        if figure.value is None:
            continue
        for name in series_breakdowns(bundle, figure.series):
            table = territory_breakdown(bundle, figure.series, name, level, code)
            if table.empty:
                continue
            parts.append(
                rh.subsection(
                    f"{figure.series.label} par {act.BREAKDOWN_NOUNS.get(name, name)} ({figure.series.short_source})",
                    rh.table(
                        ["Catégorie", "Valeur", "Part"],
                        [
                            [r.libelle, fr_int(round(r.valeur)), people.share_text(r.part)]
                            for r in table.itertuples(index=False)
                        ],
                        numeric={1, 2},
                    ),
                )
            )
    zone_names = zone_labels(config)
    parts.append(
        rh.subsection(
            "L'argent du hub et l'activité des zones prioritaires",
            rh.table(people.ZONE_HEADERS, people.zone_rows(list(summary.zone_meetings), zone_names), numeric={1}),
            rh.paragraph(people.RATIO_DEFINITION, "note"),
        )
    )
    parts.append(experiments_people_part(list(summary.experiments_people)))
    return rh.section("Personnes accompagnées", *parts)


def experiments_people_part(experiments: list[act.ExperimentPeople]) -> str:
    """The experiments that declare people, with the hub's funding per person; those that declare
    none are counted in a sentence (the report's list of experiments names them all)."""
    declared = [x for x in experiments if x.beneficiaries is not None]
    parts = []
    if declared:
        parts.append(rh.table(people.EXPERIMENT_HEADERS, people.experiment_rows(declared), numeric={3, 4}))
    silent = len(experiments) - len(declared)
    if silent:
        parts.append(rh.paragraph(people.undeclared_sentence(silent, bool(declared)), "note"))
    parts.append(rh.paragraph(people.EXPERIMENT_RATIO_DEFINITION, "note"))
    return rh.subsection("Les expérimentations et les personnes qu'elles déclarent", *parts)


def data_sources(bundle: DataBundle, keys=DOCUMENT_DATASETS) -> list[str]:
    """One line per dataset drawn (its real source and vintage, or its fictitious mark, and its
    version) and the territories' attribution."""
    lines = [line for p in bundle.provenances(keys) if (line := source_line(p, fr_date))]
    if bundle.territories.attribution:
        lines.append(bundle.territories.attribution)
    return lines


def _demo_notice(bundle: DataBundle, keys=DOCUMENT_DATASETS) -> str | None:
    """The notice at the top of a document: fictitious data, and the datasets not loaded yet."""
    notices = [bundle.fictitious_notice(keys), not_loaded_notice(bundle.provenances(keys))]
    return " ".join(n for n in notices if n) or None


def projection_text(projection: fu.Projection) -> str:
    return projection_sentence(projection).replace("**", "")


def _consumption_chart(
    bundle: DataBundle, as_of: dt.date, title: str, height: float = 3.3
) -> tuple[str, fu.Projection]:
    config = bundle.config
    envelopes = [e.key for e in config.envelopes]
    series = fu.monthly_consumption(
        bundle.budget_lines, bundle.movements, config.start, config.months, as_of, envelopes
    )
    projection = fu.envelope_projection(
        bundle.budget_lines, bundle.movements, envelopes, config.start, config.end, as_of
    )
    return charts.consumption_svg(series, projection, config.start, config.end, title, height=height), projection


def members_map_shapes(
    bundle: DataBundle, selection: Selection, members_by_epci: pd.DataFrame, actors: pd.DataFrame, as_of: dt.date
) -> tuple[gpd.GeoDataFrame, str]:
    """The shapes of the map (EPCI of the region, or communes of the chosen territory) with the
    number of network members on the as-of date."""
    territories = bundle.territories
    if selection.is_region:
        shapes = territories.epci[["code_epci", "nom_epci", "geometry"]].copy()
        counts = members_by_epci.set_index("code_epci")["membres"]
        shapes["membres"] = shapes["code_epci"].map(counts).fillna(0).astype("int64")
        shapes["nom"] = shapes["nom_epci"].map(short_epci_name)
        return shapes, "EPCI"
    communes = select(territories.communes, selection)
    shapes = communes[["code_insee", "nom", "geometry"]].copy()
    members = actors[ev.members_on(actors, as_of)].groupby("code_insee").size()
    shapes["membres"] = shapes["code_insee"].map(members).fillna(0).astype("int64")
    return shapes, "commune"


def synthesis_experiments(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    communes = bundle.territories.communes
    frame = select(ev.experiments_at(bundle.experiments, as_of), selection, communes)
    frame = frame[ev.supported(frame)]
    frame = frame.assign(territoire=territory_names(frame["code_territoire"], frame["niveau_territoire"], communes))
    return frame.sort_values("date_debut").reset_index(drop=True)


def synthesis_report(bundle: DataBundle, summary: ImpactSummary, generated: dt.date | None = None) -> str:
    """The funders' report: the Synthèse page's figures, charts, map and sources, offline."""
    config = bundle.config
    selection = summary.selection
    as_of = summary.as_of
    figures = impact_figures(summary, config)
    consumption_svg, projection = _consumption_chart(
        bundle, as_of, "Budget de la convention : dépensé et engagé (cumul) face au temps écoulé"
    )

    actions_table = rh.table(
        ACTION_HEADERS, action_rows(summary.actions), numeric={2, 3, 4, 5, 6, 7}, badges={1: KPI_BADGES}, wide=True
    )
    kpis = ev.kpi_progress_at(bundle, as_of)
    kpi_rows = [
        [
            k.action,
            k.libelle,
            fr_kpi_value(k.valeur_initiale, k.unite),
            fr_kpi_value(k.valeur, k.unite),
            fr_kpi_value(k.cible_a_date, k.unite),
            fr_kpi_value(k.cible_m18, k.unite),
            KPI_STATUS_LABELS[k.statut],
        ]
        for k in kpis.itertuples()
    ]
    kpi_table = rh.table(
        [
            "Action",
            "Indicateur",
            "Valeur initiale",
            "Valeur",
            f"Attendu au {fr_date(as_of)}",
            f"Cible à {config.months} mois",
            "Statut",
        ],
        kpi_rows,
        numeric={2, 3, 4, 5},
        badges={6: KPI_BADGES},
    )

    priority = fu.priority_movements(bundle.budget_lines, bundle.movements, as_of)
    priority = select(priority, selection, bundle.territories.communes)
    checked = fu.eligibility(priority, bundle.territories.communes, config.zone_short_labels)
    by_zone = fu.priority_by_zone(checked)
    zone_names = zone_labels(config)
    zone_table = rh.table(
        ["Type de zone", "Engagé", "Dépensé"],
        [
            [zone_names.get(r.zone, r.zone), fr_euros(r.engage_centimes), fr_euros(r.depense_centimes)]
            for r in by_zone.itertuples()
        ],
        numeric={1, 2},
    )
    anomalies = checked[checked["statut_eligibilite"] == fu.OUTSIDE]
    to_check = checked[checked["statut_eligibilite"] == fu.TO_CHECK]
    if anomalies.empty and to_check.empty:
        eligibility_text = rh.paragraph(
            "Contrôle d'éligibilité : chaque euro de l'enveloppe a porté sur une commune éligible.", "ok"
        )
    else:
        eligibility_text = rh.paragraph(
            f"Contrôle d'éligibilité : {fr_int(len(anomalies))} mouvement(s) hors zone éligible "
            f"({fr_euros(int(anomalies['montant_centimes'].sum()), force_cents=True)}) "
            f"et {fr_int(len(to_check))} à vérifier, signalés au comité de pilotage.",
            "alert" if len(anomalies) else None,
        )

    experiments = synthesis_experiments(bundle, selection, as_of)
    experiment_rows = [
        [
            r.titre,
            r.territoire,
            r.theme,
            EXPERIMENT_LABELS.get(r.statut_a_date, r.statut_a_date),
            fr_euros(r.financement_hub_centimes or 0),
            fr_euros(r.cofinancement_centimes or 0),
        ]
        for r in experiments.itertuples()
    ]
    experiments_table = rh.table(
        ["Expérimentation", "Territoire", "Thème", "Statut", "Hub", "Cofinancement"], experiment_rows, numeric={4, 5}
    )

    raised = fu.fundraising_as_of(bundle.fundraising, as_of)
    raised = select(raised, selection, bundle.territories.communes)
    status_rows = [
        [FUNDRAISING_LABELS[r.statut], fr_int(r.nb_dossiers), fr_euros(r.demande_centimes), fr_euros(r.obtenu_centimes)]
        for r in fu.fundraising_by_status(raised).itertuples()
    ]
    funds_table = rh.table(["Statut", "Dossiers", "Montant demandé", "Montant obtenu"], status_rows, numeric={1, 2, 3})
    by_funder = fu.fundraising_by(raised, "financeur")
    by_funder = by_funder[by_funder["obtenu_centimes"] > 0]
    funder_svg = (
        charts.bars_svg(
            list(by_funder["financeur"]),
            [v / 100 for v in by_funder["obtenu_centimes"]],
            "Fonds obtenus par financeur",
            [fr_euros(v) for v in by_funder["obtenu_centimes"]],
        )
        if not by_funder.empty
        else ""
    )
    leverage_text = (
        rh.paragraph(
            f"Effet de levier : {fr_number(summary.leverage, 2)} € obtenus pour 1 € de financement du hub. "
            f"{hub_funding_definition(config)}",
            "note",
        )
        if summary.leverage is not None
        else rh.paragraph("L'effet de levier se calcule pour l'ensemble du hub.", "note")
    )

    actors = select(bundle.actors, selection)
    shapes, level = members_map_shapes(bundle, selection, summary.members_by_epci, actors, as_of)
    map_svg = charts.choropleth_svg(
        shapes, "membres", f"Membres du réseau par {level} au {fr_date(as_of)}", "membres du réseau"
    )

    generated = generated or dt.date.today()
    body = [
        rh.paragraph("La synthèse d'une page est un document séparé ; ce rapport en détaille chaque chiffre.", "note"),
        rh.section("L'essentiel", rh.figures_grid(figures)),
        rh.section(
            "Le budget face au temps",
            rh.chart(
                consumption_svg, "Droite du temps écoulé : budget prévu multiplié par la part de la période écoulée."
            ),
            rh.paragraph(projection_text(projection)),
        ),
        rh.section(
            "Où en sont les actions",
            actions_table,
            rh.paragraph(ACTION_STATUS_RULE + " " + STATUS_RULE, "note"),
            kpi_table,
        ),
        people_section(bundle, summary),
        rh.section(
            f"Zones prioritaires ({config.zones_phrase})",
            zone_table,
            eligibility_text,
        ),
        rh.section(f"Expérimentations soutenues ({fr_int(len(experiments))})", experiments_table),
        rh.section(
            "Fonds levés pour les acteurs du territoire",
            funds_table,
            rh.chart(funder_svg) if funder_svg else "",
            leverage_text,
        ),
        rh.section(
            "Le réseau sur le territoire",
            rh.chart(map_svg, "Fond : limites administratives simplifiées (IGN).", narrow=True),
        ),
    ]
    subtitle = [
        config.carrier,
        as_of_line(summary, config),
        f"Territoire : {selection.label}",
        f"Document établi le {fr_date(generated)} à partir des données chargées dans le tableau de bord.",
    ]
    return rh.document(
        f"{config.name} : rapport pour les financeurs",
        subtitle,
        body,
        data_sources(bundle, SYNTHESIS_DATASETS),
        _demo_notice(bundle, SYNTHESIS_DATASETS),
    )


def synthesis_summary(bundle: DataBundle, summary: ImpactSummary, generated: dt.date | None = None) -> str:
    """The funders' summary on ONE A4 page: the key figures, money against time, the actions'
    status, and the sources (the longer report is `synthesis_report`)."""
    config = bundle.config
    consumption_svg, projection = _consumption_chart(
        bundle, summary.as_of, "Budget de la convention : dépensé et engagé (cumul) face au temps écoulé", height=2.4
    )
    rows = action_rows(summary.actions, short=True)
    actions_table = rh.table(
        [
            "Action",
            "Statut",
            "Indicateurs (bonne voie / à surveiller / retard)",
            "Jalons (atteints / en retard / à venir)",
        ],
        [[r[0], r[1], f"{r[2]} / {r[3]} / {r[4]}", f"{r[5]} / {r[6]} / {r[7]}"] for r in rows],
        numeric={2, 3},
        badges={1: KPI_BADGES},
    )
    generated = generated or dt.date.today()
    subtitle = [
        f"{config.carrier} · {as_of_line(summary, config)}",
        f"Territoire : {summary.selection.label} · établi le {fr_date(generated)} à partir des données chargées",
    ]
    figures = impact_figures(summary, config, "voir le rapport")
    body = [
        rh.figures_grid(figures),
        rh.section(
            "Le budget face au temps", rh.chart(consumption_svg), rh.paragraph(projection_text(projection), "note")
        ),
        rh.section("Où en sont les actions", actions_table, rh.paragraph(ACTION_STATUS_RULE, "note")),
    ]
    return rh.document(
        f"{config.short_name} : synthèse pour les financeurs",
        subtitle,
        body,
        data_sources(bundle, SYNTHESIS_DATASETS),
        _demo_notice(bundle, SYNTHESIS_DATASETS),
        one_page=True,
    )


# --------------------------------------------------------------------------------------------
# The committee snapshot
# --------------------------------------------------------------------------------------------


def committee_snapshot(bundle: DataBundle, summary: CommitteeSummary, generated: dt.date | None = None) -> str:
    """The Suivi 18 mois page at the chosen date, compared with an earlier date: a one-page summary
    (what stands, what slipped), then KPIs, milestones, money, the three actions, the sources.
    Built from the same `CommitteeSummary` as the page."""
    config = bundle.config
    communes = bundle.territories.communes
    envelopes = [e.key for e in config.envelopes]
    as_of, compare = summary.as_of, summary.compare
    kpis, milestones = summary.kpis, summary.milestones
    before = summary.kpis_before.set_index("id_kpi") if summary.kpis_before is not None else None
    milestones_before = (
        summary.milestones_before.set_index("id_jalon")["statut_a_date"]
        if summary.milestones_before is not None
        else None
    )
    progress = summary.progress
    now, then = summary.figures, summary.figures_before
    compare_label = fr_date(compare) if compare else None

    def earlier(value: str | None) -> str:
        return f"au {compare_label} : {value}" if compare and value is not None else ""

    figures = [
        rh.KeyFigure(
            f"Indicateurs {KPI_STATUS_LABELS[s].lower()}",
            f"{fr_int(summary.kpi_count(s))} / {fr_int(len(kpis))}",
            earlier(fr_int(summary.kpi_count(s, True)) if compare else None),
        )
        for s in (ev.ON_TRACK, ev.AT_RISK, ev.LATE)
    ]
    figures.append(
        rh.KeyFigure(
            "Jalons en retard", fr_int(summary.overdue()), earlier(fr_int(summary.overdue(True)) if compare else None)
        )
    )
    figures.append(
        rh.KeyFigure(
            "Budget dépensé",
            fr_percent(now.money.spent_share),
            f"{fr_euros(now.money.spent_cents)} sur {fr_euros(config.total_budget_cents)}",
        )
    )
    figures.append(
        rh.KeyFigure(
            "Temps écoulé", fr_percent(progress.time_share), f"{progress.months_elapsed} mois sur {config.months}"
        )
    )

    def figure(label, value, old, percent=False):
        fmt = fr_percent if percent else fr_int
        shown = "non renseigné" if value is None else fmt(value)
        return rh.KeyFigure(label, shown, earlier(fmt(old) if then is not None and old is not None else None))

    network_figures = [
        figure("Événements organisés", now.events, then.events if then else None),
        figure("Participants", now.participants, then.participants if then else None),
        figure("Acteurs touchés", now.actors_reached, then.actors_reached if then else None),
        figure("Membres du réseau", now.members, then.members if then else None),
    ]
    db_figures = [
        figure("Lieux cartographiés", now.places, then.places if then else None),
        figure("Fiches complètes", now.complete_share, then.complete_share if then else None, percent=True),
        figure("Fiches à jour", now.fresh_share, then.fresh_share if then else None, percent=True),
        figure("Sources intégrées", now.sources, then.sources if then else None),
    ]

    # What slipped: overdue milestones and late indicators, on the first page.
    overdue = milestones[milestones["statut_a_date"] == ev.OVERDUE].sort_values("date_prevue")
    slipped = [
        f"Jalon {r.id_jalon} ({action_display(r.action)}) · {r.titre} : prévu le {fr_date(r.date_prevue)}, "
        f"{fr_int(r.retard_jours)} jours de retard"
        for r in overdue.itertuples()
    ]
    slipped += [
        f"Indicateur {k.id_kpi} · {k.libelle} : {fr_kpi_value(k.valeur, k.unite)} pour "
        f"{fr_kpi_value(k.cible_a_date, k.unite)} attendus ({KPI_STATUS_LABELS[k.statut].lower()})"
        for k in kpis[kpis["statut"] == ev.LATE].itertuples()
    ]
    priority = fu.priority_movements(bundle.budget_lines, bundle.movements, as_of)
    checked = fu.eligibility(priority, communes, config.zone_short_labels)
    priority_label = envelope_labels(config).get(fu.PRIORITY_ENVELOPE, "des zones prioritaires").lower()
    flagged = checked[checked["statut_eligibilite"] != fu.ELIGIBLE]
    if not flagged.empty:
        slipped.append(
            f"Enveloppe {priority_label} : {fr_int(len(flagged))} mouvement(s) à examiner "
            f"({fr_euros(int(flagged['montant_centimes'].sum()), force_cents=True)}), détaillés en page Budget"
        )
    if slipped:
        slipped_part = rh.bullet_list(slipped)
    elif milestones.empty and kpis.empty:
        slipped_part = rh.paragraph(
            "Aucun jalon ni indicateur de suivi n'est chargé : rien ne peut être dit de ce qui a glissé.", "note"
        )
    else:
        slipped_part = rh.paragraph(
            "Rien n'a glissé à cette date : aucun jalon en retard, aucun indicateur en retard.", "ok"
        )

    kpi_headers = [
        "Action",
        "Indicateur",
        "Initiale",
        f"Cible {config.months} m",
        "Attendu",
        "Valeur",
        "Progression",
        "Statut",
    ]
    if compare:
        kpi_headers += [f"Au {compare_label}", "Évolution", "Statut avant"]
    kpi_rows = []
    for k in kpis.itertuples():
        row = [
            k.action,
            k.libelle + (" (calculé)" if k.calcule else ""),
            fr_kpi_value(k.valeur_initiale, k.unite),
            fr_kpi_value(k.cible_m18, k.unite),
            fr_kpi_value(k.cible_a_date, k.unite),
            fr_kpi_value(k.valeur, k.unite),
            fr_percent(k.ratio, 0) if pd.notna(k.ratio) else "–",
            KPI_STATUS_LABELS[k.statut],
        ]
        if before is not None:
            b = before.loc[k.id_kpi]
            delta = (
                fr_kpi_delta(k.valeur - b["valeur"], k.unite) if pd.notna(k.valeur) and pd.notna(b["valeur"]) else "–"
            )
            row += [fr_kpi_value(b["valeur"], k.unite), delta, KPI_STATUS_LABELS[b["statut"]]]
        kpi_rows.append(row)
    badges = {7: KPI_BADGES} | ({10: KPI_BADGES} if compare else {})
    kpi_table = rh.table(
        kpi_headers, kpi_rows, numeric={2, 3, 4, 5, 6} | ({8, 9} if compare else set()), badges=badges, wide=True
    )

    ms = milestones.sort_values(["date_prevue", "id_jalon"])
    ms_headers = ["Jalon", "Action", "Titre", "Prévu le", "Réalisé le", "Statut", "Retard (jours)"] + (
        [f"Statut au {compare_label}"] if compare else []
    )
    ms_rows = []
    for r in ms.itertuples():
        row = [
            r.id_jalon,
            action_display(r.action),
            r.titre,
            fr_date(r.date_prevue),
            fr_date(r.date_reelle) if pd.notna(r.date_reelle) and r.date_reelle <= pd.Timestamp(as_of) else "–",
            MILESTONE_LABELS[r.statut_a_date],
            fr_int(r.retard_jours) if r.retard_jours else "",
        ]
        if milestones_before is not None:
            row.append(MILESTONE_LABELS[milestones_before.loc[r.id_jalon]])
        ms_rows.append(row)
    ms_table = rh.table(
        ms_headers,
        ms_rows,
        numeric={6},
        badges={5: MILESTONE_BADGES} | ({7: MILESTONE_BADGES} if compare else {}),
        wide=True,
    )

    consumption_svg, projection = _consumption_chart(
        bundle, as_of, "Convention : dépensé et engagé (cumul) face au temps écoulé", height=2.6
    )
    labels = envelope_labels(config)
    by_envelope = fu.consumption_by(bundle.budget_lines, bundle.movements, ["enveloppe"], as_of)
    money_rows = [
        [
            labels.get(r.enveloppe, r.enveloppe),
            fr_euros(r.prevu_centimes),
            fr_euros(r.engage_centimes),
            fr_percent(r.engage_centimes / r.prevu_centimes if r.prevu_centimes else None),
            fr_euros(r.depense_centimes),
            fr_percent(r.depense_centimes / r.prevu_centimes if r.prevu_centimes else None),
        ]
        for r in by_envelope.itertuples()
    ]
    money_table = rh.table(["Enveloppe", "Prévu", "Engagé", "%", "Dépensé", "%"], money_rows, numeric={1, 2, 3, 4, 5})
    by_action = fu.consumption_by(bundle.budget_lines, bundle.movements, ["action"], as_of, envelopes)
    order = {a.code: i for i, a in enumerate(config.actions)}
    by_action = by_action.sort_values("action", key=lambda s: s.map(order))
    action_money_rows = [
        [
            config.action(r.action).label,
            fr_euros(r.prevu_centimes),
            fr_euros(r.engage_centimes),
            fr_euros(r.depense_centimes),
            fr_percent(r.depense_centimes / r.prevu_centimes if r.prevu_centimes else None),
        ]
        for r in by_action.itertuples()
    ]
    action_money_table = rh.table(
        ["Action (convention)", "Prévu", "Engagé", "Dépensé", "% dépensé"], action_money_rows, numeric={1, 2, 3, 4}
    )
    flagged_names = territory_names(flagged["code_territoire"], flagged["niveau_territoire"], communes)
    flagged_table = (
        rh.table(
            ["Mouvement", "Date", "Montant", "Territoire", "Éligibilité", "Motif"],
            [
                [
                    r.id_mouvement,
                    fr_date(r.date),
                    fr_euros(r.montant_centimes, force_cents=True),
                    n,
                    ELIGIBILITY_LABELS[r.statut_eligibilite],
                    r.motif,
                ]
                for r, n in zip(flagged.itertuples(), flagged_names)
            ],
            numeric={2},
        )
        if not flagged.empty
        else (
            rh.paragraph(f"Chaque euro de l'enveloppe {priority_label} a porté sur une commune éligible.", "ok")
            if not priority.empty
            else rh.paragraph(f"Aucun mouvement de l'enveloppe {priority_label} à cette date.", "note")
        )
    )

    exps = ev.experiments_at(bundle.experiments, as_of)
    exps = select(exps, summary.selection, communes)
    exp_names = territory_names(exps["code_territoire"], exps["niveau_territoire"], communes)
    exp_table = rh.table(
        ["Expérimentation", "Porteur", "Territoire", "Thème", "Statut", "Hub", "Cofinancement", "Résultats"],
        [
            [
                r.titre,
                r.porteur,
                n,
                r.theme,
                EXPERIMENT_LABELS.get(r.statut_a_date, r.statut_a_date),
                fr_euros(r.financement_hub_centimes or 0),
                fr_euros(r.cofinancement_centimes or 0),
                "" if pd.isna(r.resultats) else r.resultats,
            ]
            for r, n in zip(exps.itertuples(), exp_names)
        ],
        numeric={5, 6},
        wide=True,
    )

    generated = generated or dt.date.today()
    subtitle = [
        config.carrier,
        f"Situation au {fr_date(as_of)}"
        + (f", comparée au {compare_label}" if compare else "")
        + (
            f" · mois {progress.months_elapsed} sur {config.months} (période du {fr_date(config.start)} au "
            f"{fr_date(config.end)})"
        ),
        f"Territoire : {summary.selection.label} (indicateurs, jalons et budget : hub entier)",
        f"Document établi le {fr_date(generated)} à partir des données chargées dans le tableau de bord.",
    ]
    body = [
        rh.section(
            "En bref",
            rh.figures_grid(figures, columns=6),
            rh.subsection("Ce qui a glissé", slipped_part),
            rh.subsection("Réseau et base de données", rh.figures_grid(network_figures + db_figures, columns=8)),
            rh.paragraph(STATUS_RULE, "note"),
        ),
        rh.section(
            "Indicateurs de suivi",
            rh.chart(
                charts.kpi_progress_svg(kpis, f"Progression rapportée à l'attendu au {fr_date(as_of)}"),
                "Pointillés : seuils de 70 % et 90 % ; trait plein : 100 % de l'attendu.",
                narrow=True,
            ),
            kpi_table,
            page_break=True,
        ),
        rh.section(
            "Jalons",
            rh.side_by_side(
                rh.chart(
                    charts.milestones_svg(
                        milestones,
                        as_of,
                        config.start,
                        config.end,
                        f"Prévu (losange) et réalisé (point) au {fr_date(as_of)}",
                    )
                ),
                ms_table,
                36,
            ),
            page_break=True,
        ),
        rh.section(
            "Budget",
            rh.side_by_side(
                rh.chart(consumption_svg) + rh.paragraph(projection_text(projection), "note"),
                money_table + action_money_table,
                36,
            ),
            rh.subsection(f"Contrôle d'éligibilité de l'enveloppe {priority_label}", flagged_table),
            page_break=True,
        ),
        rh.section("Action 3 · Expérimentations", exp_table, page_break=True),
    ]
    return rh.document(
        f"{config.short_name} : instantané pour le comité de pilotage",
        subtitle,
        body,
        data_sources(bundle),
        _demo_notice(bundle),
        landscape=True,
    )
