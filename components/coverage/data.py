"""Cached coverage frames for the pages (Territoires, Fiche territoire, Carte).

The computation lives in analytics/coverage/access.py and analytics/coverage/gap_score.py; this module only
keeps its results per version of the data, threshold and date (analytics.memo.per_bundle: bounded,
nothing pickled or hashed but the arguments, frames handed back as copies).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.coverage.access import DEFAULT_ZONE_LABELS, commune_coverage, coverage_by_level
from analytics.coverage.gap_score import gap_scores, rank_by_gap
from analytics.coverage.opening_hours import opening_by_territory
from analytics.impact import activity as act
from analytics.memo import per_bundle
from analytics.territory.gap_context import TERRITORY_COLUMNS, among_region
from loaders.bundle import DataBundle
from loaders.code_sets import in_codes
from loaders.zones import CENTRE


def default_as_of(bundle: DataBundle) -> dt.date:
    """Network membership is counted as of today, or the end of the hub's period if earlier
    (the same date as the home page)."""
    return min(dt.date.today(), bundle.config.end)


def zone_labels(bundle: DataBundle) -> dict[str, str]:
    return {**DEFAULT_ZONE_LABELS, CENTRE: bundle.config.centre_label}


def region_ref(bundle: DataBundle) -> tuple[str, str]:
    return (bundle.config.region_code or "region", bundle.config.region)


@per_bundle(maxsize=8)
def activity_by_level(bundle: DataBundle, level: str, as_of: dt.date) -> tuple[pd.DataFrame, list]:
    """The people accompanied of every territory of `level` (analytics.impact.activity.wide_by_level)
    and their series, kept per data version; the frame is shared: read it, never modify it."""
    return act.wide_by_level(
        bundle.activity, bundle.territories.communes, level, as_of, zone_labels(bundle), region_ref(bundle)[0]
    )


@per_bundle(maxsize=8)
def _commune_coverage(bundle: DataBundle, threshold_km: float, as_of: dt.date) -> pd.DataFrame:
    return commune_coverage(bundle.territories.communes, bundle.actors, threshold_km, as_of)


def cached_commune_coverage(
    bundle: DataBundle, threshold_km: float | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """`analytics.coverage.access.commune_coverage` for the bundle, every commune of the region
    (distances always measured against every place of the region, whatever the filter)."""
    threshold = float(bundle.config.distance_threshold_km if threshold_km is None else threshold_km)
    return _commune_coverage(bundle, threshold, as_of or default_as_of(bundle))


@per_bundle(maxsize=32)
def _scored_level(
    bundle: DataBundle, level: str, threshold_km: float, as_of: dt.date, communes: frozenset[str] | None
) -> pd.DataFrame:
    cov = cached_commune_coverage(bundle, threshold_km, as_of)
    if communes is not None:
        cov = cov[in_codes(cov["code_insee"], communes)]
    table = coverage_by_level(cov, level, bundle.indicators, zone_labels(bundle), region_ref(bundle))
    return rank_by_gap(gap_scores(table))


def scored_level(
    bundle: DataBundle,
    level: str,
    threshold_km: float | None = None,
    communes: frozenset[str] | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """coverage_by_level + gap_scores for `level`, restricted to `communes` (None = all),
    largest gap first. Percentiles are computed among the rows returned."""
    threshold = float(bundle.config.distance_threshold_km if threshold_km is None else threshold_km)
    return _scored_level(bundle, level, threshold, as_of or default_as_of(bundle), communes)


def scored_in_region(
    bundle: DataBundle,
    level: str,
    threshold_km: float | None = None,
    communes: frozenset[str] | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """The territories of `level` that touch `communes` (None = all), each with its own figures
    and its gap score computed against every territory of `level` in the region; `rang` among
    the rows returned (analytics.territory.gap_context.among_region).

    Priority zones are no territories of their own: their rows are the zones' communes inside
    the selection, compared with each other (scored_level)."""
    if level not in TERRITORY_COLUMNS:
        return scored_level(bundle, level, threshold_km, communes, as_of)
    region = scored_level(bundle, level, threshold_km, None, as_of)
    if communes is None:
        return among_region(region, level, region, None)
    return among_region(region, level, cached_commune_coverage(bundle, threshold_km, as_of), communes)


OPENING_LEVELS = {"commune": "code_insee", "epci": "code_epci", "departement": "code_departement"}


@per_bundle(maxsize=8)
def opening_table(bundle: DataBundle, level: str, day: dt.date) -> pd.DataFrame:
    """analytics.coverage.opening_hours.opening_by_territory for every territory of `level`, on `day`."""
    return opening_by_territory(bundle.actors, bundle.territories.communes, OPENING_LEVELS[level], day)
