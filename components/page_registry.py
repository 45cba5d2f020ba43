"""The pages of the dashboard: one entry per built page (a page not built is not listed).

Page files live in views/, not pages/: when a folder named pages/ sits next to app.py,
Streamlit starts in its legacy multipage mode, and a first visit to /carte (a copied link)
would run views' file directly, without app.py's navigation and territory filter.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.access import ADMIN, COMMITTEE, FUNDER, STAFF

EVERYONE = (ADMIN, STAFF, COMMITTEE, FUNDER)
TEAM_AND_COMMITTEE = (ADMIN, STAFF, COMMITTEE)


@dataclass(frozen=True)
class PageEntry:
    file: str
    title: str
    icon: str
    url_path: str  # "" for the home page, served at "/"
    section: str = "Tableau de bord"
    # The datasets whose values the page shows: its banner and footer name their provenance.
    datasets: tuple[str, ...] = ()
    # The roles that reach the page (loaders/access.py): a funder reaches the Synthèse and the
    # aggregated views of the territories, never a place's contact data nor an author's name.
    roles: tuple[str, ...] = TEAM_AND_COMMITTEE

    def title_for(self, months: int) -> str:
        """The title in the navigation: '{mois}' is the length of the hub's period (hub.toml)."""
        return self.title.format(mois=months)


ACTORS = ("acteurs",)
INDICATORS = ("indicateurs", "catalogue_indicateurs")
FUNDING = ("lignes_budget", "mouvements", "levees_fonds")
FOLLOW_UP = ("jalons", "kpis", "mesures_kpi", "evenements", "experimentations")
ACTIVITY = ("activite",)


PAGES: tuple[PageEntry, ...] = (
    PageEntry(
        "views/accueil/page.py",
        "Accueil",
        ":material/home:",
        "",
        datasets=ACTORS + ("lignes_budget", "mouvements"),
        roles=EVERYONE,
    ),
    PageEntry("views/carte/page.py", "Carte", ":material/map:", "carte", "Territoires", ACTORS + INDICATORS + ACTIVITY),
    PageEntry(
        "views/territoires/page.py",
        "Territoires",
        ":material/query_stats:",
        "territoires",
        "Territoires",
        ACTORS + INDICATORS + ACTIVITY,
        roles=EVERYONE,
    ),
    PageEntry(
        "views/territoire/page.py",
        "Fiche territoire",
        ":material/location_city:",
        "territoire",
        "Territoires",
        ACTORS + INDICATORS + ("lignes_budget", "mouvements") + ACTIVITY,
    ),
    PageEntry("views/lieu/page.py", "Fiche lieu", ":material/storefront:", "lieu", "Territoires", ACTORS),
    PageEntry(
        "views/donnees/page.py",
        "Données",
        ":material/database:",
        "donnees",
        "Données",
        ACTORS + INDICATORS + ACTIVITY + FUNDING + FOLLOW_UP,
    ),
    PageEntry("views/financements/page.py", "Financements", ":material/euro:", "financements", "Pilotage", FUNDING),
    PageEntry(
        "views/suivi/page.py",
        "Suivi {mois} mois",
        ":material/monitoring:",
        "suivi",
        "Pilotage",
        ACTORS + FUNDING + FOLLOW_UP,
    ),
    PageEntry(
        "views/synthese/page.py",
        "Synthèse",
        ":material/summarize:",
        "synthese",
        "Financeurs",
        ACTORS + ACTIVITY + FUNDING + FOLLOW_UP,
        roles=EVERYONE,
    ),
    PageEntry(
        "views/journal/page.py",
        "Journal des accès",
        ":material/badge:",
        "journal",
        "Données",
        (),
        roles=(ADMIN,),
    ),
)


def page_datasets(url_path: str) -> tuple[str, ...]:
    for entry in PAGES:
        if entry.url_path == url_path:
            return entry.datasets
    raise KeyError(url_path)


def pages_for(role: str | None) -> tuple[PageEntry, ...]:
    return tuple(p for p in PAGES if role in p.roles)
