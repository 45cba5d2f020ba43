"""The address of every view: URL parameter names, page files, links to a territory's profile.

One place for what a copied link carries: the territory filter (`?dep=29&epci=…&commune=…`),
the as-of date (`?au=2023-06-27`), and a profile's territory and distance threshold
(`/territoire?niveau=epci&code=242900314&seuil=15`), a place's page (`/lieu?id=hub-0042`).
"""

from __future__ import annotations

from urllib.parse import urlencode

from analytics.territory.selection import Selection
from components.format_fr import fr_number
from components.page_registry import PAGES

# URL parameters
DEPARTEMENT = "dep"
EPCI = "epci"
COMMUNE = "commune"
FILTER_KEYS = (DEPARTEMENT, EPCI, COMMUNE)
AS_OF = "au"
CODE = "code"
LEVEL = "niveau"
THRESHOLD = "seuil"

PROFILE = "territoire"
DATA = "donnees"
PLACE = "lieu"
PLACE_ID = "id"


def page_file(url_path: str) -> str:
    """The page file of a view, as st.page_link and st.switch_page take it."""
    return next(p.file for p in PAGES if p.url_path == url_path)


def selection_query(selection: Selection) -> dict[str, str]:
    """The URL parameters that reopen this territory filter."""
    values = {DEPARTEMENT: selection.departement, EPCI: selection.epci, COMMUNE: selection.commune}
    return {key: value for key, value in values.items() if value}


def _threshold_text(threshold_km: float) -> str:
    return fr_number(threshold_km, 1).replace(",", ".").removesuffix(".0")


def profile_query(level: str | None, code: str, threshold_km: float | None = None) -> dict[str, str]:
    """The parameters of a territory's profile (level optional: the code's shape tells it)."""
    params = {LEVEL: level} if level else {}
    params[CODE] = code
    if threshold_km is not None:
        params[THRESHOLD] = _threshold_text(threshold_km)
    return params


def profile_url(level: str | None, code: str, threshold_km: float | None = None) -> str:
    """Relative link to a territory's profile page (for tables' link columns)."""
    return f"/{PROFILE}?" + urlencode(profile_query(level, code, threshold_km))


def place_query(place_id: str) -> dict[str, str]:
    """The parameters of a place's page."""
    return {PLACE_ID: str(place_id)}


def place_url(place_id: str) -> str:
    """Relative link to a place's page (same origin; the id is percent-encoded)."""
    return f"/{PLACE}?" + urlencode(place_query(place_id))
