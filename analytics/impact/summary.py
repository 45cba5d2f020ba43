"""The funders' summary: what the hub achieved, as of a date, for a territory selection.

One computation feeds both the Synthèse page and the downloadable report, so that the report
shows exactly the figures of the page. Only aggregates: no actor, no person is named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics.evaluation import follow_up as ev
from analytics.evaluation.period import PeriodProgress, period_progress
from analytics.funding import money as fu
from analytics.impact import activity as act
from analytics.impact import figures as fig
from analytics.impact.figures import HubFigures, hub_figures
from analytics.impact.people import territory_people
from analytics.memo import per_bundle
from analytics.territory.scope import select, sub_territory_names, territory_names
from analytics.territory.selection import Selection
from loaders.bundle import DataBundle


@dataclass(frozen=True)
class ActionStatus:
    code: str
    label: str
    kpis: dict[str, int]  # status -> number of KPIs
    milestones: dict[str, int]  # status -> number of milestones
    status: str  # the worst status of its KPIs (non_mesure if none is measured)


@dataclass(frozen=True)
class ImpactSummary:
    as_of: dt.date
    selection: Selection
    progress: PeriodProgress
    figures: HubFigures  # places, members, events, participants, actors reached, money
    communes_reached: int
    communes_total: int
    population_reached: int
    population_total: int
    epci_reached: int
    epci_total: int
    priority_spent_cents: int
    priority_planned_cents: int
    priority_communes: int
    experiments: int
    experiments_hub_cents: int
    experiments_cofunding_cents: int
    funds_obtained_cents: int
    funds_files_obtained: int
    funds_files_decided: int
    hub_funding_cents: int
    leverage: float | None
    actions: tuple[ActionStatus, ...]
    members_by_epci: pd.DataFrame  # code_epci, membres, acteurs
    consumption: pd.DataFrame  # monthly_consumption of the configured envelopes
    # People accompanied (analytics/impact/activity.py): one figure per source, never added.
    people: tuple[act.PeopleFigure, ...] = ()
    zone_meetings: tuple[act.ZoneMeeting, ...] = ()
    experiments_people: tuple[act.ExperimentPeople, ...] = ()

    @property
    def places(self) -> int:
        return self.figures.places

    @property
    def members(self) -> int:
        return self.figures.members

    @property
    def events(self) -> int:
        return self.figures.events

    @property
    def participants(self) -> int:
        return self.figures.participants

    @property
    def actors_reached(self) -> int | None:
        return self.figures.actors_reached

    @property
    def planned_cents(self) -> int:
        return self.figures.money.planned_cents

    @property
    def committed_cents(self) -> int:
        return self.figures.money.committed_cents

    @property
    def spent_cents(self) -> int:
        return self.figures.money.spent_cents


STATUS_SEVERITY = {ev.ON_TRACK: 0, ev.AT_RISK: 1, ev.LATE: 2}


@per_bundle()
def action_statuses(bundle: DataBundle, as_of: dt.date) -> tuple[ActionStatus, ...]:
    config = bundle.config
    kpis = ev.kpi_progress_at(bundle, as_of)
    milestones = ev.milestone_status(bundle.milestones, as_of)
    out = []
    for action in config.actions:
        k = kpis[kpis["action"] == action.code]
        m = milestones[milestones["action"] == action.code]
        if k.empty and m.empty:
            continue
        measured = k[k["statut"] != ev.NOT_MEASURED]["statut"]
        worst = max(measured, key=STATUS_SEVERITY.get) if not measured.empty else ev.NOT_MEASURED
        out.append(
            ActionStatus(
                code=action.code,
                label=action.label,
                kpis=ev.status_counts(k["statut"], ev.KPI_STATUSES),
                milestones=ev.status_counts(m["statut_a_date"], ev.MILESTONE_STATUSES),
                status=worst,
            )
        )
    return tuple(out)


@per_bundle()
def impact_summary(bundle: DataBundle, selection: Selection, as_of: dt.date) -> ImpactSummary:
    config = bundle.config
    communes = bundle.territories.communes
    envelopes = [e.key for e in config.envelopes]

    figures = hub_figures(bundle, selection, as_of)
    actors = fig.actors_in(bundle, selection)
    mapped = actors[fig.known_on(actors, as_of)]
    members = actors[fig.members_on(actors, as_of)]
    events = fig.events_held(fig.events_in(bundle, selection), as_of)
    supported = fig.supported_experiments(fig.experiments_in(bundle, selection), as_of)

    # Communes reached: a network member, an event or a supported experiment (commune or EPCI).
    reached = set(members["code_insee"].dropna()) | set(events["code_insee"])
    for row in supported.itertuples():
        level = row.niveau_territoire if isinstance(row.niveau_territoire, str) else None
        if level == "commune":
            reached.add(row.code_territoire)
        elif level == "epci":
            reached |= set(communes.loc[communes["code_epci"] == row.code_territoire, "code_insee"])
    comms = select(communes, selection)
    reached_rows = comms[comms["code_insee"].isin(reached)]

    moves = fu.movements_until(bundle.movements, as_of)
    priority = fu.priority_movements(bundle.budget_lines, moves)
    priority = select(priority, selection, communes)
    priority_spent = priority[priority["nature"] == "depense"]
    priority_communes = set(
        priority_spent.loc[
            priority_spent["niveau_territoire"].eq("commune").fillna(False).astype(bool), "code_territoire"
        ]
    )

    raised = fu.fundraising_as_of(bundle.fundraising, as_of)
    raised = select(raised, selection, communes)
    hub_funding = config.total_budget_cents
    obtained = figures.funds_obtained_cents

    level, code = act.selection_scope(selection)
    people = list(territory_people(bundle, level, code, as_of))
    meetings = act.zone_meetings(
        bundle.activity, comms, priority_spent, config.active_zones, as_of, lambda d: d.strftime("%d/%m/%Y")
    )
    named = supported.assign(
        territoire=territory_names(supported["code_territoire"], supported["niveau_territoire"], communes)
    )

    member_counts = members.groupby("code_epci").size()
    actor_counts = mapped.groupby("code_epci").size()
    by_epci = pd.DataFrame({"membres": member_counts, "acteurs": actor_counts}).fillna(0).astype("int64")
    by_epci.index.name = "code_epci"

    return ImpactSummary(
        as_of=as_of,
        selection=selection,
        progress=period_progress(config.start, config.months, as_of),
        figures=figures,
        communes_reached=int(len(reached_rows)),
        communes_total=int(len(comms)),
        population_reached=int(reached_rows["population"].sum()),
        population_total=int(comms["population"].sum()),
        epci_reached=int(reached_rows["code_epci"].dropna().nunique()),
        epci_total=int(comms["code_epci"].dropna().nunique()),
        priority_spent_cents=int(priority_spent["montant_centimes"].sum()),
        priority_planned_cents=int(
            bundle.budget_lines.loc[
                bundle.budget_lines["enveloppe"] == fu.PRIORITY_ENVELOPE, "montant_prevu_centimes"
            ].sum()
        ),
        priority_communes=len(priority_communes),
        experiments=int(len(supported)),
        experiments_hub_cents=int(supported["financement_hub_centimes"].fillna(0).sum()),
        experiments_cofunding_cents=int(supported["cofinancement_centimes"].fillna(0).sum()),
        funds_obtained_cents=obtained,
        funds_files_obtained=int((raised["statut_a_date"] == "obtenue").sum()),
        funds_files_decided=int(raised["statut_a_date"].isin(["obtenue", "refusee"]).sum()),
        hub_funding_cents=hub_funding,
        leverage=fu.leverage(obtained, hub_funding) if selection.is_region else None,
        actions=action_statuses(bundle, as_of),
        members_by_epci=by_epci.reset_index(),
        consumption=fu.monthly_consumption(
            bundle.budget_lines, bundle.movements, config.start, config.months, as_of, envelopes
        ),
        people=tuple(people),
        zone_meetings=tuple(meetings),
        experiments_people=tuple(act.experiments_people(named.sort_values("date_debut"))),
    )


def flows_for(bundle: DataBundle, selection: Selection, as_of: dt.date) -> pd.DataFrame:
    """Spent money per funder, action and territory one level below the selection (the Sankey):
    départements of the region, EPCI of a département, communes of an EPCI. Movements without a
    territory are kept (territory "") for the whole region only."""
    communes = bundle.territories.communes
    moves = fu.with_lines(fu.movements_until(bundle.movements, as_of), bundle.budget_lines)
    if not selection.is_region:
        moves = select(moves, selection, communes)
    names, _ = sub_territory_names(moves["code_territoire"], moves["niveau_territoire"], communes, selection)
    names = names.where(moves["code_territoire"].notna(), pd.NA)
    return fu.funding_flows(moves, names)
