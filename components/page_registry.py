"""The pages of the dashboard: one entry per built page (a page not built is not listed)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    file: str
    title: str
    icon: str
    url_path: str  # "" for the home page, served at "/"
    section: str = "Tableau de bord"


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/accueil.py", "Accueil", ":material/home:", ""),
)
