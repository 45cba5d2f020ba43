"""The pages of the dashboard: one entry per built page (a page not built is not listed).

Page files live in views/, not pages/: when a folder named pages/ sits next to app.py,
Streamlit starts in its legacy multipage mode, and a first visit to /carte (a copied link)
would run views' file directly, without app.py's navigation and territory filter.
"""

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
    PageEntry("views/accueil.py", "Accueil", ":material/home:", ""),
    PageEntry("views/carte.py", "Carte", ":material/map:", "carte", "Territoires"),
    PageEntry("views/territoires.py", "Territoires", ":material/query_stats:", "territoires", "Territoires"),
    PageEntry("views/territoire.py", "Fiche territoire", ":material/location_city:", "territoire", "Territoires"),
    PageEntry("views/donnees.py", "Données", ":material/database:", "donnees", "Données"),
    PageEntry("views/financements.py", "Financements", ":material/euro:", "financements", "Pilotage"),
    PageEntry("views/suivi.py", "Suivi 18 mois", ":material/monitoring:", "suivi", "Pilotage"),
    PageEntry("views/synthese.py", "Synthèse", ":material/summarize:", "synthese", "Financeurs"),
)
