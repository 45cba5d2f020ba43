"""The map page's choices: indicator, level, marker colours and the places' filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.actor_filters import ActorFilter, source_names, undescribed_counts
from analytics.coverage.described_fields import in_region
from analytics.coverage.map_indicators import IndicatorChoice
from components.format_fr import fr_int
from loaders import lieux_standard as std
from views.carte.data import LEVEL_NAMES, MapChoice

MOBILITY_LABELS = {"tous": "Fixes et itinérants", "fixes": "Lieux fixes", "itinerants": "Itinérants"}
MEMBERSHIP_LABELS = {"tous": "Tous les lieux", "membres": "Membres du réseau", "non_membres": "Pas encore membres"}
# What a place that does not describe the field is, for each criterion (in the help texts).
UNKNOWN_WHAT = {
    "services": "ne décrivent pas leurs services (les listes nationales ne donnent que ceux de leur dispositif)",
    "programmes": "n'indiquent aucun dispositif national",
    "publics": "n'indiquent aucun public spécifique (tout public ou non renseigné)",
    "frais": "ne renseignent pas leurs frais à charge",
    "mobility": "ne disent pas s'ils sont fixes ou itinérants",
}


HOURS_HELP = (
    "D'après les horaires publiés (syntaxe OpenStreetMap du standard), lus pour la semaine en cours, jours fériés "
    "non déduits. Un lieu dont les horaires sont absents ou illisibles n'est pas affiché : non renseigné ne veut pas "
    "dire fermé."
)


def filter_help(name: str, counts: dict[str, int] | None, total: int | None) -> str:
    """The help of a filter: unknown is not "no", and how many places of the region it concerns."""
    text = (
        "Seuls les lieux qui déclarent l'une des valeurs choisies sont affichés ; un lieu qui ne renseigne pas ce "
        "champ "
        "peut la proposer sans le dire : non renseigné ne veut pas dire non."
    )
    if counts is not None and total:
        if counts[name]:
            text += f" {fr_int(counts[name])} lieu(x) sur {fr_int(total)} de la région {UNKNOWN_WHAT[name]}."
        else:
            text += f" Les {fr_int(total)} lieux de la région renseignent ce champ."
    return text


def map_controls(choices: list[IndicatorChoice], default_level: str, actors: pd.DataFrame | None = None) -> MapChoice:
    """`actors` (the bundle's) gives the filters' help the number of places that leave each field unknown."""
    region = in_region(actors) if actors is not None else None
    counts = undescribed_counts(region) if region is not None else None
    total = len(region) if region is not None else None
    by_id = {c.id: c for c in choices}
    c1, c2, c3 = st.columns([3, 1.4, 1.6])
    indicator = c1.selectbox(
        "Indicateur des territoires", list(by_id), format_func=lambda i: by_id[i].label, key="carte_indicateur"
    )
    levels = list(LEVEL_NAMES)
    level = c2.selectbox(
        "Maille",
        levels,
        index=levels.index(default_level),
        format_func=lambda v: LEVEL_NAMES[v][:1].upper() + LEVEL_NAMES[v][1:],
        key="carte_maille",
    )
    colour_by = c3.radio(
        "Couleur des lieux",
        ["family", "membership"],
        format_func=lambda v: {"family": "Famille de structure", "membership": "Membre du réseau"}[v],
        horizontal=True,
        key="carte_couleur",
    )
    search = st.text_input(
        "Rechercher un lieu",
        key="carte_recherche",
        placeholder="Nom du lieu, commune ou code postal",
        max_chars=100,
        help="Affiche les lieux dont le nom, la commune ou le code postal contiennent chacun des mots tapés.",
    )
    with st.expander("Filtrer les lieux", icon=":material/filter_alt:"):
        f1, f2 = st.columns(2)
        services = f1.multiselect(
            "Services (au moins un)",
            std.SERVICES,
            key="carte_services",
            placeholder="Tous les services",
            help=filter_help("services", counts, total),
        )
        programmes = f2.multiselect(
            "Dispositifs nationaux (au moins un)",
            std.PROGRAMMES,
            key="carte_programmes",
            placeholder="Tous les dispositifs",
            help=filter_help("programmes", counts, total),
        )
        publics = f1.multiselect(
            "Publics spécifiquement accueillis",
            std.PUBLICS,
            key="carte_publics",
            placeholder="Tous les publics",
            help=filter_help("publics", counts, total),
        )
        frais = f2.multiselect(
            "Frais à charge",
            std.FRAIS,
            key="carte_frais",
            placeholder="Gratuit ou payant",
            help=filter_help("frais", counts, total),
        )
        mobility = f1.radio(
            "Mobilité",
            list(MOBILITY_LABELS),
            format_func=MOBILITY_LABELS.get,
            horizontal=True,
            key="carte_mobilite",
            help=filter_help("mobility", counts, total),
        )
        membership = f2.radio(
            "Réseau du hub",
            list(MEMBERSHIP_LABELS),
            format_func=MEMBERSHIP_LABELS.get,
            horizontal=True,
            key="carte_membres",
        )
        sources = f1.multiselect(
            "Sources des données (au moins une)",
            source_names(actors) if actors is not None else [],
            key="carte_sources",
            placeholder="Toutes les sources",
            help="Seuls les lieux décrits par au moins une des sources choisies sont affichés.",
        )
        st.markdown("**Horaires d'ouverture**")
        h1, h2, h3 = st.columns(3)
        open_now = h1.checkbox("Ouvert maintenant", key="carte_ouvert_maintenant", help=HOURS_HELP)
        saturday = h2.checkbox("Ouvert le samedi", key="carte_ouvert_samedi", help=HOURS_HELP)
        evening = h3.checkbox("Ouvert après 18 h", key="carte_ouvert_soir", help=HOURS_HELP)
        show_actors = st.toggle("Afficher les lieux sur la carte", value=True, key="carte_lieux")
    flt = ActorFilter(
        tuple(services),
        tuple(programmes),
        tuple(publics),
        tuple(frais),
        mobility,
        membership,
        open_now=open_now,
        saturday=saturday,
        evening=evening,
        sources=tuple(sources),
        search=search.strip(),
    )
    return MapChoice(by_id[indicator], level, colour_by, flt, show_actors)
