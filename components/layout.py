"""Page furniture: the fictitious-data banner, page headers, the sources footer.

Each page names the datasets it shows (components/page_registry.py): the banner says which of
them are fictitious demo data (and disappears when none is), the footer names each one's source
and vintage (loaders/provenance.py).
"""

from __future__ import annotations

import streamlit as st

from components.data_access import unreadable_store_banner
from components.format_fr import fr_date
from components.html_safety import md_escape
from components.links import DATA, page_file
from components.page_registry import page_datasets
from loaders.bundle import DataBundle
from loaders.provenance import source_line


def _datasets(page: str | None):
    return None if page is None else page_datasets(page)


def demo_banner(bundle: DataBundle, page: str | None = None) -> None:
    text = bundle.fictitious_notice(_datasets(page))
    if text:
        st.warning(md_escape(text), icon=":material/science:")


def missing_files_banner(bundle: DataBundle, page: str | None = None) -> None:
    """Files of the configuration that do not exist, for datasets of the page that are empty."""
    missing = bundle.missing_files(_datasets(page))
    if not missing:
        return
    base = bundle.config.path.parent
    names = []
    for label, path in missing:
        shown = path.relative_to(base) if path.is_relative_to(base) else path
        names.append(f"« {label} » ({shown})")
    said = (
        "Fichier de données introuvable : {} : ce jeu de données est vide."
        if len(names) == 1
        else "Fichiers de données introuvables : {} : ces jeux de données sont vides."
    )
    st.warning(
        md_escape(
            said.format(", ".join(names))
            + " Que faire : régénérez les données de démonstration (make demo) si ce sont elles, corrigez les "
            "chemins de [donnees.fichiers] dans hub.toml puis redémarrez, ou importez ces fichiers sur la page Données."
        ),
        icon=":material/draft:",
    )


def page_header(bundle: DataBundle, title: str, subtitle: str | None = None, page: str | None = None) -> None:
    st.title(title)
    if subtitle:
        st.caption(md_escape(subtitle))
    unreadable_store_banner()
    demo_banner(bundle, page)
    missing_files_banner(bundle, page)


def empty_state(bundle: DataBundle, datasets: tuple[str, ...] | list[str], what: str, link: bool = True) -> bool:
    """When none of `datasets` holds a row: says so (`what`, e.g. « Aucun lieu chargé »), names the
    files to import and links to the page Données (`link`). Returns True when they are empty."""
    text = bundle.empty_notice(datasets, what)
    if text is None:
        return False
    with st.container():
        st.info(md_escape(text), icon=":material/upload_file:")
        if link:
            st.page_link(page_file(DATA), label="Ouvrir la page Données", icon=":material/database:")
    return True


def source_lines(bundle: DataBundle, page: str | None = None) -> list[str]:
    return [line for p in bundle.provenances(_datasets(page)) if (line := source_line(p, fr_date))]


def sources_footer(bundle: DataBundle, page: str | None = None, extra: list[str] | None = None) -> None:
    """The sources of the values the page draws, one line each (plain text: names come from files)."""
    lines = [bundle.territories.attribution, *source_lines(bundle, page), *(extra or [])]
    st.caption("Sources : " + " · ".join(md_escape(x) for x in lines if x))
