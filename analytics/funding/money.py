"""Money: planned, committed and spent per envelope, summed in integer cents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from analytics.territory.scope import with_levels
from loaders.zones import SHORT_LABELS, ZONE_CODES


def movements_until(movements: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    if as_of is None or movements.empty:
        return movements
    return movements[movements["date"] <= pd.Timestamp(as_of)]


def envelope_consumption(
    budget_lines: pd.DataFrame, movements: pd.DataFrame, envelope_keys: list[str], as_of: dt.date | None = None
) -> pd.DataFrame:
    """One row per envelope key (in the given order): planned, committed, spent (cents, int)."""
    moves = movements_until(movements, as_of).merge(budget_lines[["id_ligne", "enveloppe"]], on="id_ligne", how="left")
    rows = []
    for key in envelope_keys:
        lines = budget_lines[budget_lines["enveloppe"] == key]
        m = moves[moves["enveloppe"] == key]
        rows.append(
            {
                "enveloppe": key,
                "prevu_centimes": int(lines["montant_prevu_centimes"].sum()),
                "engage_centimes": int(m.loc[m["nature"] == "engagement", "montant_centimes"].sum()),
                "depense_centimes": int(m.loc[m["nature"] == "depense", "montant_centimes"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=["enveloppe", "prevu_centimes", "engage_centimes", "depense_centimes"])


# --------------------------------------------------------------------------------------------
# Aggregations by action, category, funder, envelope
# --------------------------------------------------------------------------------------------

MONEY_COLUMNS = ["prevu_centimes", "engage_centimes", "depense_centimes"]
LINE_ATTRIBUTES = ["action", "categorie", "enveloppe", "financeur"]


def with_lines(movements: pd.DataFrame, budget_lines: pd.DataFrame) -> pd.DataFrame:
    """Movements with the attributes of their budget line (action, category, envelope, funder).
    Movements of lines absent from `budget_lines` are dropped (inner join)."""
    lines = budget_lines[["id_ligne", *LINE_ATTRIBUTES]]
    moves = with_levels(movements, "code_territoire")
    return moves.drop(columns=[c for c in LINE_ATTRIBUTES if c in moves.columns]).merge(
        lines, on="id_ligne", how="inner"
    )


def _cents(series: pd.Series) -> pd.Series:
    return series.fillna(0).astype("int64")


def consumption_by(
    budget_lines: pd.DataFrame,
    movements: pd.DataFrame,
    keys: list[str],
    as_of: dt.date | None = None,
    envelopes: list[str] | None = None,
) -> pd.DataFrame:
    """Planned, committed and spent (integer cents) per group of budget-line attributes `keys`
    (e.g. ["action"], ["enveloppe", "categorie"]), restricted to `envelopes` if given."""
    lines = budget_lines if envelopes is None else budget_lines[budget_lines["enveloppe"].isin(envelopes)]
    moves = with_lines(movements_until(movements, as_of), lines)
    planned = lines.groupby(keys)["montant_prevu_centimes"].sum().rename("prevu_centimes")
    committed = moves[moves["nature"] == "engagement"].groupby(keys)["montant_centimes"].sum().rename("engage_centimes")
    spent = moves[moves["nature"] == "depense"].groupby(keys)["montant_centimes"].sum().rename("depense_centimes")
    out = pd.concat([planned, committed, spent], axis=1)
    for col in MONEY_COLUMNS:
        out[col] = _cents(out[col])
    return out.reset_index()[[*keys, *MONEY_COLUMNS]]


def with_total(frame: pd.DataFrame, label_column: str, label: str = "Total") -> pd.DataFrame:
    """The frame with a last row summing the money columns (exact, in cents)."""
    total = {c: int(frame[c].sum()) for c in frame.columns if c.endswith("_centimes")}
    row = {c: pd.NA for c in frame.columns} | total | {label_column: label}
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True).astype({c: "int64" for c in total})


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds taux_engagement and taux_depense (shares of planned; NaN when nothing is planned)."""
    out = frame.copy()
    planned = out["prevu_centimes"].where(out["prevu_centimes"] > 0).astype("float64")
    out["taux_engagement"] = out["engage_centimes"] / planned
    out["taux_depense"] = out["depense_centimes"] / planned
    return out


def envelope_check(budget_lines: pd.DataFrame, envelopes: list[tuple[str, int]]) -> pd.DataFrame:
    """For each configured envelope (key, amount in cents): the sum of its budget lines and the
    gap to the amount of the agreement (0 when the lines add up exactly)."""
    rows = []
    for key, amount in envelopes:
        lines = int(budget_lines.loc[budget_lines["enveloppe"] == key, "montant_prevu_centimes"].sum())
        rows.append(
            {
                "enveloppe": key,
                "convention_centimes": int(amount),
                "lignes_centimes": lines,
                "ecart_centimes": lines - int(amount),
            }
        )
    return pd.DataFrame(rows, columns=["enveloppe", "convention_centimes", "lignes_centimes", "ecart_centimes"])


# --------------------------------------------------------------------------------------------
# Consumption against time
# --------------------------------------------------------------------------------------------


def _anniversaries(start: dt.date, months: int) -> list[dt.date]:
    from loaders.config import add_months

    return [add_months(start, i) for i in range(months + 1)]


def monthly_consumption(
    budget_lines: pd.DataFrame,
    movements: pd.DataFrame,
    start: dt.date,
    months: int,
    as_of: dt.date,
    envelopes: list[str],
) -> pd.DataFrame:
    """One row per month anniversary of the period (start, start + 1 month, ..., end), plus the
    as-of date when it falls between two: planned total, the straight line of time elapsed
    (planned x days elapsed / days of the period, floored to the cent), and the cumulative
    committed and spent up to that day included (NA after the as-of date)."""
    anniversaries = _anniversaries(start, months)
    end = anniversaries[-1]
    day = min(max(as_of, start), end)
    dates = sorted({*anniversaries, day})
    lines = budget_lines[budget_lines["enveloppe"].isin(envelopes)]
    planned = int(lines["montant_prevu_centimes"].sum())
    moves = with_lines(movements, lines)
    total_days = (end - start).days
    rows = []
    for d in dates:
        upto = moves[moves["date"] <= pd.Timestamp(d)]
        known = d <= day
        rows.append(
            {
                "date": pd.Timestamp(d),
                "mois": sum(1 for a in anniversaries[1:] if a <= d),
                "prevu_centimes": planned,
                "ligne_temps_centimes": planned * (d - start).days // total_days,
                "engage_cumule_centimes": int(upto.loc[upto["nature"] == "engagement", "montant_centimes"].sum())
                if known
                else pd.NA,
                "depense_cumule_centimes": int(upto.loc[upto["nature"] == "depense", "montant_centimes"].sum())
                if known
                else pd.NA,
            }
        )
    out = pd.DataFrame(rows)
    for col in ("engage_cumule_centimes", "depense_cumule_centimes"):
        out[col] = out[col].astype("Int64")
    return out


@dataclass(frozen=True)
class Projection:
    """Spending projected to the end of the period at the pace of the last `window_days`."""

    planned_cents: int
    spent_cents: int
    as_of: dt.date
    end: dt.date
    window_days: int  # length of the window the pace is measured on (may be shorter at the start)
    window_spent_cents: int  # spent during that window
    projected_end_cents: int  # spent at the end of the period if the pace holds
    runs_out_on: dt.date | None  # the day the planned amount is reached at this pace, if before the end
    unspent_end_cents: int  # planned - projected at the end (0 if the money runs out)

    @property
    def finished(self) -> bool:
        return self.as_of >= self.end

    @property
    def monthly_pace_cents(self) -> int:
        """Pace per average month (365.25 / 12 days), rounded half up to the cent."""
        if self.window_days <= 0:
            return 0
        denominator = 1200 * self.window_days
        return (2 * self.window_spent_cents * 36525 + denominator) // (2 * denominator)


def project_spending(
    planned_cents: int,
    spent_by_day: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    window_days: int = 91,
) -> Projection:
    """`spent_by_day` has columns date, montant_centimes (expenses only). The pace is what was
    spent in the `window_days` days ending on the as-of date (included), or since the start
    when less time has elapsed; projection = spent + pace x remaining days (integer cents,
    rounded half up); the run-out day is the first day on which the cumulative reaches the
    planned amount at that pace."""
    day = min(max(as_of, start), end)
    spent_frame = spent_by_day[spent_by_day["date"] <= pd.Timestamp(day)]
    spent = int(spent_frame["montant_centimes"].sum())
    window = min(window_days, (day - start).days + 1 if day > start else 0)
    window_start = pd.Timestamp(day - dt.timedelta(days=window - 1)) if window else pd.Timestamp(day)
    window_spent = int(spent_frame.loc[spent_frame["date"] >= window_start, "montant_centimes"].sum()) if window else 0
    remaining = (end - day).days
    if window == 0 or window_spent == 0:
        projected = spent
    else:
        projected = spent + (2 * window_spent * remaining + window) // (2 * window)
    runs_out = None
    if spent >= planned_cents and planned_cents > 0:
        running = spent_frame.sort_values("date")
        reached = running[running["montant_centimes"].cumsum() >= planned_cents]
        runs_out = reached["date"].iloc[0].date() if not reached.empty else day
    elif projected >= planned_cents and window_spent > 0:
        days_needed = -(-(planned_cents - spent) * window // window_spent)  # ceiling
        runs_out = day + dt.timedelta(days=days_needed)
    return Projection(
        planned_cents=int(planned_cents),
        spent_cents=spent,
        as_of=day,
        end=end,
        window_days=window,
        window_spent_cents=window_spent,
        projected_end_cents=projected,
        runs_out_on=runs_out,
        unspent_end_cents=max(int(planned_cents) - projected, 0),
    )


def envelope_projection(
    budget_lines: pd.DataFrame,
    movements: pd.DataFrame,
    envelopes: list[str],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    window_days: int = 91,
) -> Projection:
    lines = budget_lines[budget_lines["enveloppe"].isin(envelopes)]
    moves = with_lines(movements, lines)
    spent = moves.loc[moves["nature"] == "depense", ["date", "montant_centimes"]]
    return project_spending(int(lines["montant_prevu_centimes"].sum()), spent, start, end, as_of, window_days)


# --------------------------------------------------------------------------------------------
# The envelope reserved for priority areas
# --------------------------------------------------------------------------------------------

PRIORITY_ENVELOPE = "territoires_prioritaires"
ELIGIBLE = "eligible"
TO_CHECK = "a_verifier"
OUTSIDE = "hors_zone"
ZONE_FLAGS = ZONE_CODES
# Generic names; pages pass the hub's own (HubConfig.zone_short_labels).
ZONE_NAMES = SHORT_LABELS


def _zones_of(flags: pd.Series) -> list[str]:
    return [z for z in ZONE_FLAGS if bool(flags.get(z, False))]


def eligibility(
    movements: pd.DataFrame, communes: pd.DataFrame, zone_names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Each movement with `statut_eligibilite` and `motif` (French, zones named by `zone_names`):

    - commune: eligible if it is a QPV, central-area or ACV commune, else `hors_zone`
      (an anomaly); eligible but not in the declared zone type: eligible, and said so;
    - EPCI: eligible if all its communes are priority communes; `hors_zone` if none is;
      `a_verifier` when only some are (the money may have landed outside them);
    - département: `a_verifier` (a département is never entirely a priority area: the
      beneficiary commune must be given);
    - no territory: `a_verifier` (nothing proves where the money landed).
    """
    names = {**ZONE_NAMES, **(zone_names or {})}
    flags = communes.set_index("code_insee")[list(ZONE_FLAGS)]
    statuses, reasons, zones_found = [], [], []
    for row in movements.itertuples(index=False):
        code, level, declared = row.code_territoire, row.niveau_territoire, row.zone_prioritaire
        declared = declared if isinstance(declared, str) else None
        level = level if isinstance(level, str) else None
        if code is None or pd.isna(code):
            statuses.append(TO_CHECK)
            reasons.append("territoire non renseigné : rien ne montre que la dépense a porté sur une zone éligible")
            zones_found.append("")
            continue
        if level == "commune":
            if code not in flags.index:
                statuses.append(TO_CHECK)
                reasons.append("commune inconnue du référentiel")
                zones_found.append("")
                continue
            zones = _zones_of(flags.loc[code])
            zones_found.append(", ".join(names[z] for z in zones))
            if not zones:
                statuses.append(OUTSIDE)
                reasons.append("commune hors des zones prioritaires (" + ", ".join(names[z] for z in ZONE_FLAGS) + ")")
            elif declared and declared not in zones:
                statuses.append(ELIGIBLE)
                reasons.append(
                    f"commune éligible, mais au titre de : {', '.join(names[z] for z in zones)} (zone déclarée : "
                    f"{names.get(declared, declared)})"
                )
            else:
                statuses.append(ELIGIBLE)
                reasons.append("")
            continue
        members = flags[
            flags.index.isin(
                communes.loc[
                    communes[{"epci": "code_epci", "departement": "code_departement"}.get(level, "code_insee")] == code,
                    "code_insee",
                ]
            )
        ]
        if level not in ("epci", "departement") or members.empty:
            statuses.append(TO_CHECK)
            reasons.append("territoire inconnu du référentiel")
            zones_found.append("")
            continue
        eligible = members.any(axis=1)
        zones = [z for z in ZONE_FLAGS if members[z].any()]
        zones_found.append(", ".join(names[z] for z in zones))
        if level == "epci" and eligible.all():
            statuses.append(ELIGIBLE)
            reasons.append("EPCI dont toutes les communes sont en zone prioritaire")
        elif not eligible.any():
            statuses.append(OUTSIDE)
            reasons.append(f"{'EPCI' if level == 'epci' else 'département'} sans aucune commune en zone prioritaire")
        else:
            statuses.append(TO_CHECK)
            what = "EPCI" if level == "epci" else "département"
            reasons.append(
                f"{what} dont {int(eligible.sum())} commune(s) sur {len(eligible)} sont en zone prioritaire : "
                "préciser la commune bénéficiaire"
            )
    out = movements.copy()
    out["statut_eligibilite"] = pd.array(statuses, dtype="string")
    out["zones_du_territoire"] = pd.array(zones_found, dtype="string")
    out["motif"] = pd.array(reasons, dtype="string")
    return out


def priority_movements(
    budget_lines: pd.DataFrame, movements: pd.DataFrame, as_of: dt.date | None = None
) -> pd.DataFrame:
    moves = with_lines(movements_until(movements, as_of), budget_lines)
    return moves[moves["enveloppe"] == PRIORITY_ENVELOPE].reset_index(drop=True)


def committed_and_spent(moves: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Committed and spent (cents) per group of `keys` of movements (NA keys kept as NA)."""
    if moves.empty:
        return pd.DataFrame(columns=[*keys, "engage_centimes", "depense_centimes"])
    table = moves.pivot_table(
        index=keys,
        columns="nature",
        values="montant_centimes",
        aggfunc="sum",
        fill_value=0,
        dropna=False,
        observed=True,
    )
    out = pd.DataFrame(index=table.index)
    out["engage_centimes"] = _cents(table["engagement"]) if "engagement" in table else 0
    out["depense_centimes"] = _cents(table["depense"]) if "depense" in table else 0
    out = out[(out["engage_centimes"] > 0) | (out["depense_centimes"] > 0)]
    return out.reset_index()


def priority_by_zone(priority_moves: pd.DataFrame) -> pd.DataFrame:
    """Committed and spent per declared zone type (qpv, centre_bretagne, acv, 'non_precisee')."""
    moves = priority_moves.assign(zone=priority_moves["zone_prioritaire"].astype("object").fillna("non_precisee"))
    out = committed_and_spent(moves, ["zone"])
    order = {z: i for i, z in enumerate([*ZONE_FLAGS, "non_precisee"])}
    return out.sort_values("zone", key=lambda s: s.map(order)).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Funds raised for the territory's actors (levée de fonds)
# --------------------------------------------------------------------------------------------

FUNDRAISING_STATUSES = ("demandee", "obtenue", "refusee")


def fundraising_as_of(fundraising: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    """The files as they stood on the as-of date: files filed later are left out; a decision
    taken later is not known yet (status 'demandee', nothing obtained). Adds `statut_a_date`
    and `obtenu_centimes` (0 unless obtained by then)."""
    frame = with_levels(fundraising, "code_territoire").copy()
    if as_of is not None:
        day = pd.Timestamp(as_of)
        frame = frame[frame["date_depot"] <= day].copy()
        # A decision without a date is taken as known from the filing date.
        decided = frame["date_decision"].isna() | (frame["date_decision"] <= day)
    else:
        decided = pd.Series(True, index=frame.index)
    status = (
        frame["statut"]
        .astype("object")
        .where(
            decided.fillna(True).astype(bool) | frame["statut"].eq("demandee").fillna(False).astype(bool), "demandee"
        )
    )
    frame["statut_a_date"] = pd.array(status, dtype="string")
    obtained = frame["montant_obtenu_centimes"].where(frame["statut_a_date"] == "obtenue")
    frame["obtenu_centimes"] = _cents(obtained)
    return frame.reset_index(drop=True)


def fundraising_by(frame: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """Per `key` (None: one line for everything): number of files, requested amount, files and
    amount obtained, files refused, files pending (integer cents)."""
    data = frame.assign(_all="Total") if key is None else frame
    group = "_all" if key is None else key
    status = data["statut_a_date"]
    out = (
        data.assign(
            _obt=(status == "obtenue").astype("int64"),
            _ref=(status == "refusee").astype("int64"),
            _pen=(status == "demandee").astype("int64"),
            _req=_cents(data["montant_demande_centimes"]),
        )
        .groupby(group, as_index=False, dropna=False)
        .agg(
            nb_dossiers=("_obt", "size"),
            demande_centimes=("_req", "sum"),
            nb_obtenus=("_obt", "sum"),
            obtenu_centimes=("obtenu_centimes", "sum"),
            nb_refuses=("_ref", "sum"),
            nb_en_attente=("_pen", "sum"),
        )
    )
    out = out.sort_values(["obtenu_centimes", "nb_dossiers"], ascending=False).reset_index(drop=True)
    return out.rename(columns={"_all": "ensemble"}) if key is None else out


def fundraising_by_status(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per status (demandee, obtenue, refusee): files, requested, obtained (cents)."""
    rows = []
    for status in FUNDRAISING_STATUSES:
        part = frame[frame["statut_a_date"] == status]
        rows.append(
            {
                "statut": status,
                "nb_dossiers": int(len(part)),
                "demande_centimes": int(part["montant_demande_centimes"].fillna(0).sum()),
                "obtenu_centimes": int(part["obtenu_centimes"].sum()),
            }
        )
    return pd.DataFrame(rows)


def leverage(obtained_cents: int, hub_funding_cents: int) -> float | None:
    """Euros obtained by the territory's actors per euro of hub funding (None if no funding)."""
    if not hub_funding_cents:
        return None
    return obtained_cents / hub_funding_cents


# --------------------------------------------------------------------------------------------
# Flows: funders -> actions -> territories
# --------------------------------------------------------------------------------------------


def funding_flows(moves_with_lines: pd.DataFrame, territories: pd.Series, nature: str = "depense") -> pd.DataFrame:
    """Amounts (cents) per funder, action and territory. `territories` names the territory of
    each movement (same index; NA = not located: regional work, staff, overheads -> "")."""
    moves = moves_with_lines[moves_with_lines["nature"] == nature]
    names = territories.reindex(moves.index).astype("object").fillna("")
    frame = moves.assign(territoire=names)
    out = frame.groupby(["financeur", "action", "territoire"], as_index=False)["montant_centimes"].sum()
    out["montant_centimes"] = out["montant_centimes"].astype("int64")
    return out[out["montant_centimes"] > 0].sort_values(["financeur", "action", "territoire"]).reset_index(drop=True)
