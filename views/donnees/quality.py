"""The quality of the actors' registry (per source, what to fix first) and its national export.

Computed by analytics/quality/data_quality.py and ingestion/standard_export.py (helper 5b's modules);
cached per version of the registry.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics.quality.data_quality import (
    CRITERIA,
    dataset_quality_score,
    field_completeness,
    fix_first,
    formula_fields,
    source_quality,
    staleness,
)
from components.downloads import download_buttons
from components.format_fr import fr_int, fr_number, fr_percent
from ingestion.actor_registry import current_records, rebuild_registry
from ingestion.standard_export import EXPORT_NAME, publishable_export, validate_standard_export
from ingestion.store import ACTOR_RECORDS, Store
from loaders.bundle import DataBundle
from views.donnees.import_report import shown

SOURCE_LABELS = {
    "source": "Source",
    "fiches": "Fiches",
    "score": "Score moyen",
    "completude": "Complétude des 32 champs",
    "sans_date": "Sans date de mise à jour",
    "plus_de_12_mois": "Plus de 12 mois",
    "plus_de_18_mois": "Plus de 18 mois",
    "sans_service": "Sans service",
    "doublons_suspects": "Doublons suspects",
    "valeurs_invalides": "Valeurs invalides",
}
FIX_LABELS = {
    "action": "À faire",
    "nombre": "Lieux concernés",
    "part": "Part des lieux",
    "bloque_publication": "Bloque la publication",
    "gain_score": "Gain de score (points)",
    "exemples": "Exemples",
}


@st.cache_data(max_entries=4, show_spinner="Calcul de la qualité du registre…")
def _quality(signature: tuple, _store: Store, _bundle: DataBundle, _versions: dict, as_of: dt.date) -> dict:
    actors = _bundle.actors
    records_id = _versions.get(ACTOR_RECORDS)
    records = current_records(
        _store, actors, _versions.get("acteurs"), _store.version(records_id) if records_id else None
    )
    suspected = rebuild_registry(records, _store.decisions(), _store.corrections(), _bundle.territories).suspected
    problems = _bundle.status["acteurs"].problems if "acteurs" in _bundle.status else []
    return {
        "score": dataset_quality_score("acteurs", actors, as_of),
        "stale": staleness(actors, as_of),
        "sources": source_quality(records, as_of, suspected),
        "fix": fix_first(actors, as_of, suspected, problems),
        "fields": field_completeness(actors),
        "suspected": len(suspected),
        "formulas": formula_fields(actors),
    }


def quality_section(bundle: DataBundle, store: Store, versions: dict[str, int]) -> None:
    actors = bundle.actors
    if actors.empty:
        st.info("Le registre des acteurs est vide.", icon=":material/info:")
        return
    as_of = dt.date.today()
    signature = (store.url, versions.get("acteurs"), versions.get(ACTOR_RECORDS), len(store.decisions()))
    q = _quality(signature, store, bundle, versions, as_of)
    st.markdown("##### Qualité du registre des acteurs")
    st.caption(
        "Score de 0 à 100 % par lieu, moyenne de critères à la manière du score de qualité de data·inclusion "
        "(adresse, coordonnées, services, contact, modalités d'accès, fraîcheur, horaires, SIRET…)."
    )
    stale = q["stale"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Score moyen", fr_percent(q["score"], 0), border=True)
    c2.metric(
        "Mis à jour il y a 12 mois ou plus",
        fr_int(stale["plus_de_12_mois"]),
        help=f"Lieux dont la date de mise à jour a plus de 12 mois ; {fr_int(stale['sans_date'])} lieu(x) sans date.",
        border=True,
    )
    c3.metric("Mis à jour il y a 18 mois ou plus", fr_int(stale["plus_de_18_mois"]), border=True)
    c4.metric("Doublons suspects", fr_int(q["suspected"]), border=True)

    st.markdown("**Par source**")
    sources = q["sources"].rename(columns=SOURCE_LABELS)
    for column in ("Score moyen", "Complétude des 32 champs"):
        sources[column] = sources[column].map(lambda v: fr_percent(v, 0))
    st.dataframe(sources, hide_index=True, width="stretch")
    download_buttons(q["sources"].rename(columns=SOURCE_LABELS), "qualite_par_source", key="quality-sources")

    st.markdown("**À corriger en priorité**")
    fix = q["fix"]
    if fix.empty:
        st.success("Rien à corriger en priorité.", icon=":material/check_circle:")
    else:
        table = fix.drop(columns=["critere"]).rename(columns=FIX_LABELS)
        table["Part des lieux"] = table["Part des lieux"].map(lambda v: fr_percent(v, 0))
        table["Bloque la publication"] = table["Bloque la publication"].map({True: "oui", False: ""})
        table["Gain de score (points)"] = table["Gain de score (points)"].map(lambda v: fr_number(v, 1))
        st.dataframe(shown(table), hide_index=True, width="stretch")
        download_buttons(
            fix.drop(columns=["critere"]).rename(columns=FIX_LABELS), "a_corriger_en_priorite", key="quality-fix"
        )
    _formula_places(q["formulas"])
    with st.expander("Complétude de chaque champ", icon=":material/checklist:"):
        fields = q["fields"].rename(
            columns={"champ": "Champ", "renseignes": "Renseignés", "total": "Total", "taux": "Taux"}
        )
        fields["Taux"] = fields["Taux"].map(lambda v: fr_percent(v, 0))
        st.dataframe(fields, hide_index=True, width="stretch")
        st.caption("Critères du score : " + " ; ".join(CRITERIA.values()) + ".")


FORMULA_LABELS = {"id": "Identifiant", "nom": "Nom", "champ": "Champ", "valeur": "Valeur"}


def formula_warning(places: int) -> str:
    return (
        f"{fr_int(places)} lieu(x) ont des champs qui ressemblent à des formules de tableur (=, +, - ou @ en tête) : "
        "les exports les écrivent précédés d'une apostrophe pour qu'aucun tableur ne les calcule, mais ils sont à "
        "corriger à la source."
    )


def _formula_places(formulas: pd.DataFrame) -> None:
    """The places whose fields look like spreadsheet formulas, field by field."""
    if formulas.empty:
        return
    st.warning(formula_warning(formulas["id"].nunique()), icon=":material/function:")
    with st.expander(f"Champs qui ressemblent à des formules ({fr_int(len(formulas))})", icon=":material/function:"):
        table = formulas.rename(columns=FORMULA_LABELS)
        st.dataframe(shown(table), hide_index=True, width="stretch")
        download_buttons(table, "champs_formules", key="quality-formulas")


@st.cache_data(max_entries=4, show_spinner="Préparation de l'export au format national…")
def _export(signature: tuple, _bundle: DataBundle) -> tuple:
    export = publishable_export(_bundle.actors)
    problems = validate_standard_export(export.text, _bundle.territories)
    return export, problems, formula_fields(_bundle.actors)


def national_export(bundle: DataBundle, versions: dict[str, int]) -> None:
    st.markdown("##### Export au format national")
    st.caption(
        "Le registre consolidé au standard « lieux de médiation numérique » v1 (32 colonnes dans l'ordre, valeurs "
        "multiples "
        "séparées par |, UTF-8), prêt à publier sur data.gouv.fr et à alimenter la cartographie nationale."
    )
    export, problems, formulas = _export((versions.get("acteurs"),), bundle)
    errors = [p for p in problems if p.severity == "erreur"]
    if errors:
        st.error(
            f"Le fichier exporté ne passe pas la validation du standard : {fr_int(len(errors))} erreur(s).",
            icon=":material/error:",
        )
        st.dataframe(shown(pd.DataFrame([p.as_dict() for p in problems])), hide_index=True, width="stretch")
    elif len(formulas):
        st.warning(
            f"{fr_int(export.rows)} lieux exportés ; le fichier passe la validation du standard national, mais il "
            "n'est pas propre : " + formula_warning(formulas["id"].nunique()),
            icon=":material/function:",
        )
    else:
        st.success(
            f"{fr_int(export.rows)} lieux exportés ; le fichier passe la validation du standard national.",
            icon=":material/verified:",
        )
    st.download_button(
        "Télécharger le registre au format national (CSV)",
        export.data,
        EXPORT_NAME,
        "text/csv",
        key="national-export",
        icon=":material/download:",
        type="primary",
    )
    if len(export.excluded):
        with st.expander(
            f"Lieux laissés de côté ({fr_int(len(export.excluded))}) : un champ obligatoire du standard manque",
            icon=":material/block:",
        ):
            st.dataframe(
                shown(export.excluded.rename(columns={"id": "Identifiant", "nom": "Nom", "raison": "Raison"})),
                hide_index=True,
                width="stretch",
            )
    if len(export.adjusted):
        with st.expander(
            f"Valeurs non reprises ({fr_int(len(export.adjusted))}) : hors des listes du standard",
            icon=":material/rule:",
        ):
            st.dataframe(shown(export.adjusted), hide_index=True, width="stretch")
