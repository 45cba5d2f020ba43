"""Template files for the hub's own formats (docs/formats.md), downloadable from « Données ».

Each template has the dataset's columns in the declared order and one or two example rows
that pass the loaders against the hub's configuration (actions, envelopes, real communes).
A movement references the template's budget line, a measure the template's KPI.

The rows below are written for the Breton hub of hub.toml; another hub gets them with its own
names, actions, priority zones, dates and communes (`TemplateHub.of(bundle)`), so that nothing
of Bretagne lands in its files and every example still loads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from loaders import lieux_standard as std
from loaders.provenance import FAMILY_ACTIVITY, FAMILY_ACTORS, FAMILY_FOLLOW_UP, FAMILY_FUNDING, FAMILY_INDICATORS
from loaders.schemas import SPECS

# What the example rows take from the Breton hub, replaced by another hub's own.
_FUNDER = "Banque des Territoires"
_CARRIER = "Fédération des Centres Sociaux de Bretagne"
_SHORT_NAME = "Hub breton"
_ACTIONS = ("A1", "A2", "A3", "GESTION")
_START = dt.date(2022, 4, 26)
# Communes (and an EPCI) of the examples, by role: the two largest towns, two smaller ones.
_COMMUNES = ("35238", "29019", "56007", "29195")
_EPCI = "242900314"
_DATE_COLUMNS = ("date", "date_prevue", "date_reelle", "date_depot", "date_decision", "date_debut", "date_fin")
_QPV_WORDS = {"libelle": "Soutien aux expérimentations en QPV", "theme": "Médiation numérique en QPV"}


@dataclass(frozen=True)
class TemplateHub:
    """The names and places of a hub that its templates' example rows use."""

    funder: str
    carrier: str
    short_name: str
    actions: tuple[str, ...]
    start: dt.date
    zones: tuple[str, ...]
    # (code_insee, nom, latitude, longitude) of four communes of the region, largest first.
    communes: tuple[tuple[str, str, float, float], ...]
    epci: str
    # The indicator of the values' example: the IFN when the hub's catalogue has it, else the
    # catalogue template's own indicator (a new hub imports that catalogue first).
    indicator: str = "ifn_total"

    @classmethod
    def of(cls, bundle) -> "TemplateHub":
        config = bundle.config
        communes = bundle.territories.communes.sort_values(["population", "code_insee"], ascending=[False, True])
        picked = communes.head(len(_COMMUNES))
        rows = tuple(
            (str(r.code_insee), str(r.nom), float(r.centre_lat), float(r.centre_lon)) for r in picked.itertuples()
        )
        rows += (rows[-1],) * (len(_COMMUNES) - len(rows))  # a region of fewer communes repeats one
        epci = picked["code_epci"].dropna()
        return cls(
            funder=config.main_funder or "Financeur principal",
            carrier=config.carrier or config.name,
            short_name=config.short_name,
            actions=tuple(a.code for a in config.actions),
            start=config.start,
            zones=config.active_zones,
            communes=rows,
            epci=str(epci.iloc[1] if len(epci) > 1 else epci.iloc[0]) if len(epci) else "",
            indicator="ifn_total"
            if "ifn_total" in set(bundle.catalogue["id"].dropna())
            else SPECS["catalogue_indicateurs"].examples[0]["id"],
        )


def _for_hub(key: str, row: dict[str, str], hub: TemplateHub) -> dict[str, str]:
    """An example row of the Breton hub rewritten for `hub`."""
    out = dict(row)
    codes = {old: new[0] for old, new in zip(_COMMUNES, hub.communes)}
    actions = {
        old: hub.actions[min(i, len(hub.actions) - 1)] for i, old in enumerate(_ACTIONS) if old not in hub.actions
    }
    shift = hub.start - _START
    for column, value in row.items():
        if value in (_FUNDER,):
            out[column] = hub.funder
        elif value == _CARRIER:
            out[column] = hub.carrier
        elif value == _SHORT_NAME:
            out[column] = hub.short_name
        elif column in ("code_insee", "code_territoire", "code") and value in codes:
            out[column] = codes[value]
        elif column == "code" and value == _EPCI:
            out[column] = hub.epci
        elif column == "action" and value in actions:
            out[column] = actions[value]
        elif column in _DATE_COLUMNS and value:
            out[column] = (dt.date.fromisoformat(value) + shift).isoformat()
        elif column == "zone_prioritaire" and value and value not in hub.zones:
            out[column] = hub.zones[0] if hub.zones else ""
        elif column in _QPV_WORDS and value == _QPV_WORDS[column] and "qpv" not in hub.zones:
            out[column] = value.replace(" en QPV", "")
    if key == "acteurs":
        code, name, lat, lon = hub.communes[-1]
        out.update(
            nom="Médiathèque municipale",
            commune=name,
            code_insee=code,
            code_postal="",
            latitude=f"{lat:.4f}",
            longitude=f"{lon:.4f}",
        )
    if key == "levees_fonds":
        out["porteur"] = "Centre socioculturel"
    if key == "indicateurs":
        out["indicateur"] = hub.indicator
    return out


# The hub's own formats offered as templates, family by family (funding, follow-up, indicators,
# places, activity), each family in the order of the declarations.
TEMPLATE_FAMILIES = (FAMILY_FUNDING, FAMILY_FOLLOW_UP, FAMILY_INDICATORS, FAMILY_ACTORS, FAMILY_ACTIVITY)
TEMPLATE_KEYS: tuple[str, ...] = tuple(
    key for family in TEMPLATE_FAMILIES for key, spec in SPECS.items() if spec.family == family and spec.examples
)


def template_columns(key: str) -> list[str]:
    if key == "acteurs":
        return list(std.COLUMNS) + list(std.HUB_COLUMNS)
    return SPECS[key].columns


def template_frame(key: str, hub: TemplateHub | None = None) -> pd.DataFrame:
    """The template of `key`: the Breton hub's examples, or `hub`'s own (see TemplateHub)."""
    columns = template_columns(key)
    rows = SPECS[key].examples if hub is None else [_for_hub(key, row, hub) for row in SPECS[key].examples]
    return pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows], columns=columns)


@lru_cache(maxsize=64)
def template_csv(key: str, hub: TemplateHub | None = None) -> bytes:
    """UTF-8 with BOM (opens with its accents in Excel), `,`-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(template_columns(key))
    for row in template_frame(key, hub).itertuples(index=False):
        writer.writerow(list(row))
    return buffer.getvalue().encode("utf-8-sig")


@lru_cache(maxsize=64)
def template_xlsx(key: str, hub: TemplateHub | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame(key, hub).to_excel(writer, index=False, sheet_name=key[:31])
    return buffer.getvalue()
