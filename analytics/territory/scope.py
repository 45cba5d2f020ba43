"""Territory codes of any level (commune, EPCI, département) in the hub's own files: their
communes, their département, their name, and whether they lie inside a sidebar selection."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.territory.selection import Selection, in_selection, short_epci_name
from loaders.object_memo import kept_with

UNLOCATED = "Non localisé"


@dataclass(frozen=True)
class _Lookups:
    """The names and départements of a reference's territories, read once per communes frame
    (35,000 communes read value by value took a fifth of a second at each call)."""

    commune_names: dict
    epci_names: dict  # short names (« CC Kreiz-Breizh »)
    dep_names: dict
    commune_dep: dict
    epci_dep: dict  # the département holding most of the EPCI's population
    commune_epci_names: dict
    deps: frozenset


_LOOKUPS: dict[int, _Lookups] = {}


def _lookups(communes: pd.DataFrame) -> _Lookups:
    """Kept while the frame lives (the bundle's reference is shared by every page)."""
    return kept_with(communes, _LOOKUPS, lambda: _read_lookups(communes))


def _read_lookups(communes: pd.DataFrame) -> _Lookups:
    codes = communes["code_insee"].tolist()
    epci = communes["code_epci"].tolist()
    deps = communes["code_departement"].tolist()
    short = communes["nom_epci"].map(short_epci_name).tolist()
    by_pop = (
        communes.dropna(subset=["code_epci"])
        .groupby(["code_epci", "code_departement"])["population"]
        .sum()
        .reset_index()
        .sort_values(["code_epci", "population"], ascending=[True, False])
        .drop_duplicates("code_epci")
    )
    return _Lookups(
        commune_names=dict(zip(codes, communes["nom"].tolist())),
        epci_names=dict(zip(epci, short)),
        dep_names=dict(zip(deps, communes["nom_departement"].tolist())),
        commune_dep=dict(zip(codes, deps)),
        epci_dep=dict(zip(by_pop["code_epci"].tolist(), by_pop["code_departement"].tolist())),
        commune_epci_names=dict(zip(codes, short)),
        deps=frozenset(deps),
    )


def _codes_and_levels(codes: pd.Series, levels: pd.Series) -> pd.DataFrame:
    """Codes and levels as plain objects, missing values as None (never pd.NA)."""

    def plain(series: pd.Series) -> pd.Series:
        values = series.astype("object")
        return values.where(values.notna(), None)

    return pd.DataFrame({"code": plain(codes), "niveau": plain(levels.reindex(codes.index))}, index=codes.index)


def with_levels(frame: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """The frame with its `niveau_territoire` column (the loaders add it; an empty dataset built
    from its declaration has none): deduced from the code's length when missing."""
    if "niveau_territoire" in frame.columns or code_column not in frame.columns:
        return frame
    from loaders.territory_codes import territory_level

    return frame.assign(niveau_territoire=pd.array([territory_level(c) for c in frame[code_column]], dtype="string"))


def territory_communes(code, level, communes: pd.DataFrame) -> frozenset[str]:
    """The communes of one territory (empty for a missing or unknown code)."""
    if code is None or level is None or pd.isna(code) or pd.isna(level):
        return frozenset()
    if level == "commune":
        return frozenset([code]) if bool((communes["code_insee"] == code).any()) else frozenset()
    if level == "epci":
        return frozenset(communes.loc[communes["code_epci"] == code, "code_insee"])
    if level == "departement":
        return frozenset(communes.loc[communes["code_departement"] == code, "code_insee"])
    return frozenset()


def within_selection(codes: pd.Series, levels: pd.Series, communes: pd.DataFrame, selection: Selection) -> pd.Series:
    """True where the territory lies entirely inside the selection (a commune in it, an EPCI or a
    département all of whose communes are in it). Missing or unknown codes are only counted for
    the whole region."""
    if selection.is_region:
        return pd.Series(True, index=codes.index, dtype=bool)
    frame = _codes_and_levels(codes, levels)
    members = {
        "commune": {c: frozenset([c]) for c in communes["code_insee"]},
        "epci": {k: frozenset(v) for k, v in communes.groupby("code_epci")["code_insee"]},
        "departement": {k: frozenset(v) for k, v in communes.groupby("code_departement")["code_insee"]},
    }
    inside = {}
    for code, level in frame.drop_duplicates().itertuples(index=False):
        known = isinstance(level, str) and isinstance(code, str)
        found = members.get(level, {}).get(code, frozenset()) if known else frozenset()
        inside[(code, level)] = bool(found) and found <= selection.communes
    return pd.Series([inside[(c, lv)] for c, lv in frame.itertuples(index=False)], index=frame.index, dtype=bool)


def departement_of(codes: pd.Series, levels: pd.Series, communes: pd.DataFrame) -> pd.Series:
    """The département code of each territory: an EPCI spanning two départements goes to the one
    where most of its population lives. Missing or unknown -> NA."""
    frame = _codes_and_levels(codes, levels)
    look = _lookups(communes)

    def one(code, level):
        if code is None or pd.isna(code):
            return pd.NA
        if level == "commune":
            return look.commune_dep.get(code, pd.NA)
        if level == "epci":
            return look.epci_dep.get(code, pd.NA)
        if level == "departement":
            return code if code in look.deps else pd.NA
        return pd.NA

    return pd.Series([one(c, lv) for c, lv in frame.itertuples(index=False)], index=frame.index, dtype="string")


def territory_names(codes: pd.Series, levels: pd.Series, communes: pd.DataFrame) -> pd.Series:
    """A readable name: 'Brest', 'CC Kreiz-Breizh', 'Finistère'; missing -> 'Non localisé'."""
    frame = _codes_and_levels(codes, levels)
    look = _lookups(communes)
    tables = {"commune": look.commune_names, "epci": look.epci_names, "departement": look.dep_names}

    def one(code, level):
        if code is None or pd.isna(code):
            return UNLOCATED
        return tables.get(level, {}).get(code, str(code))

    return pd.Series([one(c, lv) for c, lv in frame.itertuples(index=False)], index=frame.index, dtype="string")


def departement_names(communes: pd.DataFrame) -> dict[str, str]:
    return dict(_lookups(communes).dep_names)


SUB_LEVEL = {"region": "departement", "departement": "epci", "epci": "commune", "commune": "commune"}
SUB_LEVEL_TITLES = {"departement": "Département", "epci": "EPCI", "commune": "Commune"}


def sub_territory_names(
    codes: pd.Series, levels: pd.Series, communes: pd.DataFrame, selection: Selection
) -> tuple[pd.Series, str]:
    """The name of each territory one level below the selection (départements of the region,
    EPCI of a département, communes of an EPCI), and that level's French title. A territory
    coarser than that level keeps its own name (an EPCI-wide expense stays 'CC …' in a
    breakdown by commune); missing codes read 'Non localisé'."""
    level = SUB_LEVEL[selection.level]
    frame = _codes_and_levels(codes, levels)
    if level == "departement":
        deps = departement_of(codes, levels, communes)
        names = deps.map(departement_names(communes)).astype("object").fillna(UNLOCATED)
        return pd.Series(names.to_numpy(), index=frame.index, dtype="string"), SUB_LEVEL_TITLES[level]
    own = territory_names(codes, levels, communes)
    if level == "epci":
        commune_epci = _lookups(communes).commune_epci_names
        names = [
            commune_epci.get(c, o) if isinstance(lv, str) and lv == "commune" else o
            for (c, lv), o in zip(frame.itertuples(index=False), own)
        ]
        return pd.Series(names, index=frame.index, dtype="string"), SUB_LEVEL_TITLES[level]
    return own, SUB_LEVEL_TITLES[level]


def select(
    frame: pd.DataFrame, selection: Selection, communes: pd.DataFrame | None = None, column: str | None = None
) -> pd.DataFrame:
    """The rows of `frame` inside the territory filter: the one way every page, figure and
    document applies it.

    - rows located by a commune code (`code_insee`): the communes of the selection;
    - rows located by a code of any level (`code_territoire`, with `niveau_territoire` or its
      level deduced from the code): those lying entirely inside the selection (`within_selection`;
      unlocated rows count for the whole region only). `communes` is then required.
    """
    column = column or ("code_territoire" if "code_territoire" in frame.columns else "code_insee")
    if column == "code_insee":
        return frame[in_selection(frame["code_insee"], selection)]
    if communes is None:
        raise ValueError("select: the communes are needed to place codes of several levels")
    framed = with_levels(frame, column)
    return framed[within_selection(framed[column], framed["niveau_territoire"], communes, selection)]
