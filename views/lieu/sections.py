"""The sections of a place's page (views/lieu/page.py): its fields, territory, freshness,
quality, opening hours, sources and history."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import numpy as np
import pandas as pd
import streamlit as st

from analytics.coverage import opening_hours as oh
from analytics.coverage.actor_filters import search_actors
from analytics.quality.data_quality import CRITERIA, FIXES, actor_scores
from analytics.quality.freshness import GRADE_LABELS, GRADE_SPANS, age_in_months, grades
from components.downloads import download_buttons
from components.format_fr import fr_date, fr_int, fr_number, fr_percent
from components.html_safety import md_escape
from components.links import place_query, place_url, profile_url
from ingestion.actors_export import plain_cell
from ingestion.place_history import ADDED, CHANGED, REMOVED
from ingestion.store_bundle import to_local
from loaders import access
from loaders import lieux_standard as std
from loaders.bundle import DataBundle
from views.lieu.fields import field_label

SEARCH_LIMIT = 50


def _cell(value) -> str:
    return plain_cell(value).replace("|", " | ")


# --- finding a place -------------------------------------------------------------------------


def place_search(bundle: DataBundle, key: str = "lieu") -> None:
    """A search box (name, commune, postal code) and the places it finds, each opening its page."""
    actors = bundle.actors
    text = st.text_input(
        "Rechercher un lieu",
        key=f"{key}-recherche",
        placeholder="Nom du lieu, commune ou code postal",
        max_chars=100,
    )
    if not text.strip():
        st.caption(f"{fr_int(len(actors))} lieux dans la base : tapez un nom, une commune ou un code postal.")
        return
    found = actors[search_actors(actors, text)]
    if found.empty:
        st.info(f"Aucun lieu ne correspond à « {md_escape(text)} ».", icon=":material/search_off:")
        return
    found = found.sort_values(["nom", "commune"])
    shown = found.head(SEARCH_LIMIT)
    table = pd.DataFrame(
        {
            "Lieu": shown["nom"].to_numpy(),
            "Fiche": [place_url(i) for i in shown["id"]],
            "Commune": shown["commune"].to_numpy(),
            "Code postal": shown["code_postal"].to_numpy(),
        }
    )
    st.dataframe(
        table,
        column_config={"Fiche": st.column_config.LinkColumn("Fiche", display_text="Voir le lieu", width=100)},
        hide_index=True,
        width="stretch",
        key=f"{key}-resultats",
    )
    more = f" ; les {SEARCH_LIMIT} premiers par nom" if len(found) > SEARCH_LIMIT else ""
    st.caption(f"{fr_int(len(found))} lieu(x) trouvé(s){more}.")
    names = dict(zip(shown["id"], shown["nom"].astype(str) + " — " + shown["commune"].astype(str)))
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox("Ouvrir la fiche de", list(names), format_func=names.get, key=f"{key}-choix")
    if c2.button("Ouvrir la fiche", key=f"{key}-ouvrir", icon=":material/arrow_forward:", disabled=chosen is None):
        st.query_params.update(place_query(chosen))
        st.rerun()


# --- the place -------------------------------------------------------------------------------


def key_figures(place: pd.Series, as_of: dt.date, score: float, week: oh.Week, sources: int) -> None:
    grade = grades(pd.Series([place["date_maj"]]), as_of).iloc[0]
    months = age_in_months(pd.Series([place["date_maj"]]), as_of).iloc[0]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(
        "Fraîcheur",
        GRADE_LABELS[grade],
        help=(
            f"Mise à jour le {fr_date(place['date_maj'])}, il y a {fr_number(months, 1)} mois au {fr_date(as_of)}."
            if pd.notna(place["date_maj"])
            else "Aucune date de mise à jour."
        )
        + f" « {GRADE_LABELS[grade]} » : {GRADE_SPANS[grade]}.",
        border=True,
    )
    c2.metric("Score de qualité", fr_percent(score, 0), border=True)
    hours = {
        oh.VALID: f"{fr_number(week.hours, 1).removesuffix(',0')} h",
        oh.UNREADABLE: "Illisibles",
        oh.ABSENT: "Non renseignés",
    }[week.state]
    c3.metric("Horaires par semaine", hours, border=True)
    c4.metric("Sources", fr_int(sources), border=True)


def _shown_value(place: pd.Series, column: str) -> str:
    if column not in place.index:
        return ""
    value = place[column]
    if isinstance(value, (dt.date, pd.Timestamp)) and pd.notna(value):
        return fr_date(value)
    if isinstance(value, (float, np.floating)) and pd.notna(value):
        return _cell(value).replace(".", ",")  # 1,5 ETP; 48,731503
    return _cell(value)


def standard_fields(place: pd.Series) -> pd.DataFrame:
    """Every field of the standard and of the hub, in French, with its value ('' when empty)."""
    columns = list(std.COLUMNS) + list(std.HUB_COLUMNS)
    return pd.DataFrame(
        {
            "Champ": [field_label(c) for c in columns],
            "Valeur": [_shown_value(place, c) for c in columns],
            "Nom dans le standard": columns,
        }
    )


def _table_height(rows: int) -> int:
    return 35 * rows + 38  # every row without an empty one below


def fields_section(place: pd.Series) -> None:
    st.subheader("La fiche au standard national")
    table = standard_fields(place)
    filled = int((table["Valeur"] != "").sum())
    st.caption(f"{fr_int(filled)} champ(s) renseigné(s) sur {fr_int(len(table))}.")
    st.dataframe(
        table,
        column_config={
            "Champ": st.column_config.TextColumn("Champ", width="medium"),
            "Valeur": st.column_config.TextColumn("Valeur", width="large"),
            "Nom dans le standard": st.column_config.TextColumn("Nom dans le standard", width="medium"),
        },
        hide_index=True,
        width="stretch",
        height=_table_height(len(table)),
        key="lieu-champs",
    )
    download_buttons(table, f"lieu_{place['id']}", key="lieu-champs")


def territory_section(bundle: DataBundle, place: pd.Series) -> None:
    st.subheader("Le territoire desservi")
    communes = bundle.territories.communes
    code = place["code_insee"]
    row = communes[communes["code_insee"] == code]
    if row.empty:
        st.info(
            "Ce lieu n'est rattaché à aucune commune de la région"
            + (" (hors région)." if bool(place.get("hors_region")) else "."),
            icon=":material/location_off:",
        )
        return
    r = row.iloc[0]
    lines = [f"- Commune : [{md_escape(r['nom'])} ({code})]({profile_url('commune', code)})"]
    if isinstance(r["code_epci"], str) and r["code_epci"]:
        lines.append(f"- EPCI : [{md_escape(r['nom_epci'])}]({profile_url('epci', r['code_epci'])})")
    lines.append(
        f"- Département : [{md_escape(r['nom_departement'])} ({r['code_departement']})]"
        f"({profile_url('departement', r['code_departement'])})"
    )
    itinerant = "Itinérant" in (place["itinerance"] or [])
    if itinerant:
        lines.append("- Lieu itinérant : il dessert aussi d'autres communes que celle de son adresse.")
    lines.append(f"- Population de la commune : {fr_int(r['population'])} habitants")
    st.markdown("\n".join(lines))


def quality_section(place: pd.Series, criteria: pd.Series) -> None:
    st.subheader("Qualité de la fiche")
    rows = []
    for criterion, label in CRITERIA.items():
        value = criteria[criterion]
        rows.append(
            {
                "Critère": label,
                "Note": "sans objet" if pd.isna(value) else fr_percent(value, 0),
                "À faire": "" if pd.isna(value) or value >= 1 else FIXES[criterion][0],
            }
        )
    table = pd.DataFrame(rows)
    missing = table[table["À faire"] != ""]
    if missing.empty:
        st.success("Rien ne manque à cette fiche.", icon=":material/check_circle:")
    else:
        st.markdown("**Ce qui manque** : " + " ; ".join(md_escape(t) for t in missing["À faire"]) + ".")
    st.dataframe(
        table.drop(columns=["À faire"]),
        hide_index=True,
        width="stretch",
        height=_table_height(len(table)),
        key="lieu-qualite",
    )
    st.caption(
        "Score de 0 à 100 % : moyenne des critères qui s'appliquent, "
        "à la manière du score de qualité de data·inclusion."
    )


def hours_section(place: pd.Series, week: oh.Week, now: dt.datetime) -> None:
    st.subheader("Horaires d'ouverture")
    text = place["horaires"]
    if week.state == oh.ABSENT:
        st.info("Les horaires ne sont pas renseignés.", icon=":material/schedule:")
        return
    st.code(str(text), language=None, wrap_lines=True)
    if week.state == oh.UNREADABLE:
        st.warning(
            "Ces horaires ne peuvent pas être lus : ils ne suivent pas la syntaxe du standard ("
            + oh.SYNTAX_HELP
            + "). Le lieu n'apparaît pas dans les filtres d'horaires de la carte.",
            icon=":material/schedule:",
        )
        return
    open_now = oh.open_at(text, now)
    facts = [
        f"**{fr_number(week.hours, 1)} heures** d'ouverture par semaine",
        "ouvert le samedi" if week.saturday else "fermé le samedi",
        "ouvert le dimanche" if week.sunday else "fermé le dimanche",
        "ouvert après 18 h" if week.evening else "fermé après 18 h",
        f"{'ouvert' if open_now else 'fermé'} maintenant ({now:%d/%m/%Y %H:%M})",
    ]
    st.markdown(" · ".join(facts) + ".")
    st.caption(
        "Horaires lus avec la bibliothèque opening-hours (syntaxe OpenStreetMap), sur la semaine du "
        f"{fr_date(oh.week_start(now.date()).date())}, jours fériés non déduits."
    )


def sources_section(records: pd.DataFrame, place: pd.Series) -> None:
    st.subheader("Sources")
    listed = ", ".join(place["sources"]) if len(place["sources"]) else "aucune source citée"
    st.caption(f"Sources citées par la fiche : {md_escape(listed)}.")
    if records.empty:
        st.caption("Aucune fiche source enregistrée pour ce lieu.")
        return
    table = pd.DataFrame(
        {
            "Source (import)": records["source"],
            "Identifiant de la fiche": records["id"],
            "Mise à jour de la fiche": records["date_maj"].map(lambda d: fr_date(d) if pd.notna(d) else ""),
            "Structure collectant la donnée": records["source_collecte"].fillna(""),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key="lieu-sources")
    download_buttons(table, f"lieu_{place['id']}_sources", key="lieu-sources")


EVENT_LABELS = {ADDED: "Ajout au registre", CHANGED: "Modification", REMOVED: "Retrait du registre"}


def history_section(history: pd.DataFrame, place: pd.Series, authors: bool = True) -> None:
    """`authors=False` (a funder): no author, and no value of a contact field."""
    st.subheader("Historique des modifications")
    if history.empty:
        st.caption("Aucune version du registre ne contient ce lieu.")
        return
    versions = history["version"].nunique()
    changes = int((history["evenement"] == CHANGED).sum())
    st.caption(
        f"{fr_int(changes)} modification(s) de champ sur {fr_int(versions)} version(s) du registre des acteurs "
        "(le plus récent en haut)."
    )
    table = pd.DataFrame(
        {
            "Version": history["version"],
            "Le": history["date"].map(lambda d: f"{to_local(d):%d/%m/%Y %H:%M}"),
            "Par": history["auteur"],
            "Comment": history["origine"],
            "Événement": history["evenement"].map(EVENT_LABELS),
            "Champ": history["champ"].map(lambda c: field_label(c) if c else ""),
            "Avant": history["avant"],
            "Après": history["apres"],
            "Fichier ou note": [f or n for f, n in zip(history["fichier"], history["note"])],
        }
    )
    if not authors:
        hidden = history["champ"].isin(access.CONTACT_FIELDS).to_numpy()
        table.loc[hidden, ["Avant", "Après"]] = "(contact masqué)"
        table = table.drop(columns=["Par"])
    st.dataframe(table, hide_index=True, width="stretch", height=min(_table_height(len(table)), 420), key="lieu-histo")
    download_buttons(table, f"lieu_{place['id']}_historique", key="lieu-historique")


def criteria_of(actors: pd.DataFrame, place_index, as_of: dt.date) -> tuple[float, pd.Series]:
    scores = actor_scores(actors.loc[[place_index]], as_of).iloc[0]
    return float(scores["score"]), scores[list(CRITERIA)].astype(float).replace({None: np.nan})


def correction_section(place: pd.Series, writer: bool, staff: bool) -> None:
    """How to report or correct a wrong record: the hub's staff correct a field in Données
    (« Doublons et corrections », a correction that wins over the sources and survives their
    later imports) and may ask the place itself by e-mail. Others are told whom to tell."""
    st.subheader("Une information est fausse ?")
    ident = md_escape(str(place["id"]))
    if not writer:
        st.caption(
            f"Signalez-la à l'équipe du hub en citant l'identifiant du lieu (« {ident} ») : elle corrige la fiche, "
            "et l'historique ci-dessus gardera la correction."
        )
        return
    st.markdown(
        f"Corrigez le champ dans **Données › Doublons et corrections › Corriger un acteur** (acteur « {ident} ») : "
        "la correction l'emporte sur les sources, survit à leurs imports suivants et entre dans l'historique, "
        "à votre nom. Un fichier de la source corrigé s'importe, lui, dans **Importer un fichier**."
    )
    emails = [e for e in (place.get("courriels") or []) if isinstance(e, str) and "@" in e]
    if staff and emails:
        subject = quote(f"Mise à jour de votre fiche : {place['nom']}")
        body = quote(
            f"Bonjour,\n\nPouvez-vous nous confirmer ou corriger les informations de « {place['nom']} » "
            f"({place['commune']}) : adresse, horaires, services, contacts ?\n\nMerci."
        )
        st.link_button(
            "Demander une mise à jour au lieu",
            f"mailto:{quote(emails[0], safe='@.+')}?subject={subject}&body={body}",
            icon=":material/mail:",
        )
