"""The sections of a territory's profile page (views/territoire/page.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.coverage.access import SERVICE_LABELS, zones_blanches
from analytics.coverage.actor_filters import ActorFilter, filter_actors, source_names
from analytics.memo import per_bundle
from analytics.territory.profile import (
    COMPARED_MEASURES,
    PROFILE_LEVELS,
    TerritoryRef,
    comparison,
    money_landed,
    nearest_places,
    service_presence,
    services_knowledge,
    territory_actors,
    territory_codes,
    zone_membership,
)
from analytics.territory.selection import Selection, short_epci_name
from components.coverage.charts import need_comparison_bar, territory_map
from components.coverage.data import cached_commune_coverage, region_ref, zone_labels
from components.coverage.tables import LEVEL_NAMES, column_config, export_frame
from components.downloads import download_buttons
from components.format_fr import fr_date, fr_euros, fr_int, fr_number, fr_percent
from components.freshness import chase_list, freshness_date, grade_caption, grade_metrics
from components.geo_outlines import territory_outlines
from components.html_safety import md_escape
from components.layout import empty_state
from components.links import place_url, profile_query, profile_url
from components.territory_filter import commune_choice, commune_options_of, departement_options_of, epci_options_of
from loaders.bundle import DataBundle
from loaders.code_sets import in_codes

NEED_ROWS = ("ifn_total", "ifn_absence_thd", "ifn_absence_4g", "ifn_pauvrete", "ifn_plus_65_ans", "ifn_non_diplomes")
NEED_AXIS = {
    "ifn_total": "IFN global",
    "ifn_absence_thd": "Absence THD",
    "ifn_absence_4g": "Absence 4G",
    "ifn_pauvrete": "Pauvreté",
    "ifn_plus_65_ans": "65 ans et plus",
    "ifn_non_diplomes": "Non-diplômés",
}
STATUS_LABELS = {
    "present": "Proposé dans le territoire",
    "proche": "À moins de {km} km, hors du territoire",
    "partiel": "Pour une partie de la population",
    "partiel_inconnu": "Pour une partie ; non renseigné ailleurs",
    "inconnu": "Non renseigné",
    "absent": "Aucun lieu à moins de {km} km",
}
NATURE_LABELS = {"engagement": "Engagement", "depense": "Dépense"}


def km_label(threshold_km: float) -> str:
    return fr_number(threshold_km, 1).removesuffix(",0")


# --- choosing a territory --------------------------------------------------------------------


def territory_picker(bundle: DataBundle, key: str = "fiche") -> None:
    """Level, then territory (a commune by search beyond a thousand), then a button that opens its
    profile (query parameters)."""
    c1, c2, c3 = st.columns([2, 3, 1], vertical_alignment="bottom")
    level = c1.radio("Niveau", PROFILE_LEVELS, format_func=LEVEL_NAMES.get, horizontal=True, key=f"{key}_niveau")
    if level == "commune":
        with c2:
            code = commune_choice(
                commune_options_of(bundle),
                key=f"{key}_code_commune",
                search_key=f"{key}_recherche_commune",
                label="Territoire",
                placeholder="Tapez un nom…",
            )
    else:
        options = {"epci": lambda: epci_options_of(bundle), "departement": lambda: departement_options_of(bundle)}[
            level
        ]()
        code = c2.selectbox(
            "Territoire",
            list(options),
            format_func=options.get,
            index=None,
            placeholder="Tapez un nom…",
            key=f"{key}_code_{level}",
        )
    if c3.button("Afficher la fiche", disabled=code is None, key=f"{key}_afficher", icon=":material/arrow_forward:"):
        st.query_params.update(profile_query(level, code))
        st.rerun()


def follow_sidebar_offer(selection: Selection, ref: TerritoryRef, code: str | None) -> None:
    """When the URL names a territory and the sidebar filter another one, offer to follow the
    sidebar (the URL wins by default, so that a shared link shows what it names)."""
    if not code or selection.is_region or (selection.level, selection.code) == (ref.level, ref.code):
        return
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(
        f"Le filtre latéral désigne {md_escape(selection.label)} ; cette fiche est celle de l'adresse de la page."
    )
    if right.button(f"Afficher {selection.label}", key="fiche_suivre_filtre", icon=":material/filter_alt:"):
        st.query_params.update(profile_query(selection.level, selection.code))
        st.rerun()


# --- header and key figures ------------------------------------------------------------------


def title_of(ref: TerritoryRef) -> str:
    return ref.name if ref.level == "epci" else f"{ref.name} ({ref.code})"


def subtitle_of(bundle: DataBundle, ref: TerritoryRef) -> str:
    communes = bundle.territories.communes
    if ref.level == "commune":
        row = communes[communes["code_insee"] == ref.code].iloc[0]
        epci = short_epci_name(row["nom_epci"]) if isinstance(row["nom_epci"], str) else "sans EPCI"
        return f"Commune · {epci} · {row['nom_departement']}"
    if ref.level == "epci":
        deps = sorted(set(communes.loc[in_codes(communes["code_insee"], ref.communes), "nom_departement"]))
        return f"EPCI ({ref.code}) · {fr_int(len(ref.communes))} communes · {', '.join(deps)}"
    return f"Département · {fr_int(len(ref.communes))} communes · région {bundle.config.region}"


def key_figures(table: pd.DataFrame, ref: TerritoryRef, coverage_row: pd.Series | None, threshold_km: float) -> None:
    own = table["territoire"]
    ref_col = "departement" if "departement" in table else "region"
    ref_name = "dép." if ref_col == "departement" else "région"
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Population", fr_int(own["population"]), border=True)
    c2.metric(
        "Lieux recensés",
        fr_int(own["nb_lieux"]),
        help=(
            f"{fr_number(own['lieux_pour_10000'], 1)} lieux pour 10 000 habitants ; {fr_int(own['nb_membres'])} "
            "membre(s) du réseau."
        ),
        border=True,
    )
    if ref.level == "commune" and coverage_row is not None:
        c3.metric(
            "Lieu le plus proche",
            f"{fr_number(coverage_row['distance_km'], 1)} km",
            help=f"À vol d'oiseau depuis le centre de la commune : {md_escape(coverage_row['lieu_proche_nom'])}.",
            border=True,
        )
    else:
        c3.metric(
            "Distance moyenne",
            f"{fr_number(own['distance_moy_km'], 1)} km",
            help="Distance au lieu le plus proche, moyenne des communes pondérée par leur population.",
            border=True,
        )
    delta = own["ifn_total"] - table[ref_col]["ifn_total"]
    c4.metric(
        "IFN global (0-10)",
        fr_number(own["ifn_total"], 1),
        delta=None if pd.isna(delta) else f"{fr_number(delta, 1)} vs {ref_name}",
        delta_color="inverse",
        help=(
            "Indice de fragilité numérique : 10 = le plus fragile. Sous la valeur : l'écart avec "
            f"{'le département' if ref_col == 'departement' else 'la région'} (vert : moins fragile)."
        ),
        border=True,
    )


# --- comparison ------------------------------------------------------------------------------


def measure_labels(bundle: DataBundle, threshold_km: float) -> dict[str, tuple[str, str]]:
    """measure -> (label, unit)."""
    catalogue = dict(zip(bundle.catalogue["id"], bundle.catalogue["libelle"]))
    labels = {
        "population": ("Population", "habitants"),
        "nb_lieux": ("Lieux recensés", "lieux"),
        "lieux_pour_10000": ("Lieux pour 10 000 habitants", "lieux"),
        "nb_membres": ("Membres du réseau", "lieux"),
        "distance_moy_km": ("Distance moyenne au lieu le plus proche", "km"),
        "part_pop_au_dela": (f"Population à plus de {km_label(threshold_km)} km d'un lieu", "%"),
    }
    for ind in NEED_ROWS:
        labels[ind] = (f"IFN : {catalogue.get(ind, ind)}" if ind != "ifn_total" else "IFN global", "score 0-10")
    return labels


def _fmt(measure: str, value) -> str:
    if measure in ("population", "nb_lieux", "nb_membres"):
        return fr_int(value)
    if measure == "part_pop_au_dela":
        return fr_percent(value)
    if measure == "distance_moy_km":
        return f"{fr_number(value, 1)} km"
    return fr_number(value, 1 if measure.startswith("ifn") or measure == "lieux_pour_10000" else 0)


@per_bundle(maxsize=32)
def compare(bundle: DataBundle, ref: TerritoryRef, threshold_km: float) -> tuple[pd.DataFrame, dict[str, str]]:
    """The territory beside its département and the region (kept per data version: read, never modify)."""
    coverage = cached_commune_coverage(bundle, threshold_km)
    return comparison(coverage, ref, bundle.indicators, region_ref(bundle))


def comparison_section(
    bundle: DataBundle, ref: TerritoryRef, table: pd.DataFrame, methods: dict[str, str], threshold_km: float
) -> None:
    communes = bundle.territories.communes
    dep_name = communes.loc[communes["code_departement"] == ref.departement, "nom_departement"].iloc[0]
    headers = {
        "territoire": title_of(ref),
        "departement": f"{dep_name} (département)",
        "region": f"{bundle.config.region} (région)",
    }
    labels = measure_labels(bundle, threshold_km)
    st.subheader(
        "Indicateurs comparés à la région"
        if ref.level == "departement"
        else "Indicateurs comparés au département et à la région"
    )
    shown = pd.DataFrame({"Indicateur": [labels[m][0] for m in COMPARED_MEASURES]})
    for column in table.columns:
        shown[headers[column]] = [_fmt(m, table.loc[m, column]) for m in COMPARED_MEASURES]
    st.dataframe(shown, hide_index=True, width="stretch", height=36 * len(shown) + 40, key="fiche_comparaison")
    export = pd.DataFrame(
        {"Indicateur": [labels[m][0] for m in COMPARED_MEASURES], "Unité": [labels[m][1] for m in COMPARED_MEASURES]}
    )
    for column in table.columns:
        values = table[column].copy()
        values["part_pop_au_dela"] = values["part_pop_au_dela"] * 100
        export[headers[column]] = values.round(3).to_numpy()
    download_buttons(export, f"fiche_{ref.code}_indicateurs", key="fiche-comparaison")
    st.markdown("**Besoin : l'indice de fragilité numérique et ses sous-indices**")
    if table.loc[table.index.intersection(list(NEED_AXIS))].isna().all().all():
        st.caption("Aucune valeur de l'indice de fragilité numérique pour ce territoire, son département ni la région.")
        return
    st.plotly_chart(
        need_comparison_bar(table, NEED_AXIS, {c: headers[c] for c in table.columns}),
        width="stretch",
        config={"displayModeBar": False},
    )
    notes = [f"{headers[c]} : {m}" for c, m in methods.items() if m]
    if notes:
        st.caption("Source du besoin (IFN, dernière période) — " + " ; ".join(notes) + ".")


# --- services --------------------------------------------------------------------------------


def unknown_services_sentence(known: dict[str, int]) -> str:
    """How many places do not describe their services, in the region and in the territory
    (empty when every place does)."""
    if not known["inconnus_region"]:
        return ""
    return (
        f"Services inconnus pour {fr_int(known['inconnus_region'])} lieux sur {fr_int(known['lieux_region'])} : "
        "importez une source qui les décrit (un fichier au standard national des lieux de médiation numérique, page « "
        "Données »). "
        f"Dans le territoire : {fr_int(known['inconnus'])} lieu(x) sur {fr_int(known['lieux'])}. "
        "Les listes nationales (France Services, Conseillers numériques, Aidants Connect) ne donnent que les services "
        "de leur dispositif : "
        "un service qu'elles ne citent pas est « non renseigné », pas manquant."
    )


def services_summary(rows: pd.DataFrame, km: str) -> str:
    """The sentence above the services table: what everyone has, what is missing (known from
    places that describe their services), what is unknown."""

    def names(*statuses: str) -> str:
        return ", ".join(rows.loc[rows["statut"].isin(statuses), "service"])

    within = int(rows["statut"].isin(["present", "proche"]).sum())
    summary = (
        f"**{fr_int(within)} service(s) sur {len(rows)}** accessibles à moins de {km} km pour toute la population."
    )
    if names("absent"):
        summary += " Manquants partout : " + names("absent") + "."
    if names("partiel"):
        summary += " Manquants pour une partie de la population : " + names("partiel") + "."
    if names("inconnu", "partiel_inconnu"):
        summary += (
            " Non renseignés (des lieux à moins de "
            + km
            + " km ne décrivent pas leurs services) : "
            + names("inconnu", "partiel_inconnu")
            + "."
        )
    return summary


def services_table(rows: pd.DataFrame, ref: TerritoryRef, km: str) -> tuple[pd.DataFrame, dict]:
    """The services table as shown (short labels, narrow columns: it fits a 1400 px window)
    and its column_config."""
    shown = pd.DataFrame(
        {
            "Service": rows["key"].map(SERVICE_LABELS),
            "Situation": rows["statut"].map({k: v.format(km=km) for k, v in STATUS_LABELS.items()}),
            "Lieux": rows["nb_lieux"],
        }
    )
    config = {
        "Service": st.column_config.TextColumn(
            "Service", width=210, help="Service du standard national (libellé court)"
        ),
        "Situation": st.column_config.TextColumn(
            "Situation",
            width=270,
            help=f"Accès à un lieu qui déclare ce service, à moins de {km} km du centre des communes",
        ),
        "Lieux": st.column_config.NumberColumn(
            "Lieux", format="localized", width=70, help="Lieux du territoire qui déclarent ce service"
        ),
    }
    if ref.level == "commune":
        column = "Lieu le plus proche (km)"
        shown[column] = rows["distance_km"].round(2)
        config[column] = st.column_config.NumberColumn(
            column,
            format="localized",
            width=160,
            help="Distance à vol d'oiseau au lieu le plus proche qui déclare ce service",
        )
    else:
        column = "Population sans ce service (%)"
        shown[column] = (100 * rows["part_pop_sans"]).round(1)
        config[column] = st.column_config.NumberColumn(
            column,
            format="localized",
            width=190,
            help=(
                f"Population dont la commune n'a aucun lieu déclarant ce service à moins de {km} km, alors que tous "
                f"les lieux à moins de {km} km décrivent leurs services"
            ),
        )
    if ref.level != "commune" and (rows["part_pop_inconnu"].fillna(0) > 0).any():
        column = "Non renseigné (%)"
        shown[column] = (100 * rows["part_pop_inconnu"]).round(1)
        config[column] = st.column_config.NumberColumn(
            column,
            format="localized",
            width=130,
            help=(
                f"Population pour qui l'on ne sait pas : aucun lieu déclarant ce service à moins de {km} km, mais un "
                f"lieu à moins de {km} km ne décrit pas ses services"
            ),
        )
    return shown, config


def services_section(bundle: DataBundle, coverage: pd.DataFrame, ref: TerritoryRef, threshold_km: float) -> None:
    km = km_label(threshold_km)
    rows = service_presence(coverage, ref)
    st.subheader(f"Services du standard national à moins de {km} km")
    unknown = unknown_services_sentence(services_knowledge(bundle.actors, ref))
    if unknown:
        st.warning(unknown, icon=":material/help:")
    st.markdown(services_summary(rows, km))
    shown, config = services_table(rows, ref, km)
    st.dataframe(shown, column_config=config, hide_index=True, width="content", key="fiche_services")
    if rows["statut"].isin(["inconnu", "partiel_inconnu"]).any():
        st.caption(
            f"« Non renseigné » : aucun lieu qui déclare ce service n'est à moins de {km} km, mais au moins un lieu à "
            f"moins de {km} km "
            "ne décrit pas ses services ; il le propose peut-être. Aucun service n'est dit manquant sur des données "
            "inconnues."
        )
    download_buttons(shown.assign(Service=rows["service"]), f"fiche_{ref.code}_services", key="fiche-services")


# --- actors, map, nearest places -------------------------------------------------------------


def place_filters(bundle: DataBundle, ref: TerritoryRef) -> ActorFilter:
    """The search box (name, commune, postal code) and the source filter of the places' table."""
    own = bundle.actors[in_codes(bundle.actors["code_insee"], ref.communes)]
    c1, c2 = st.columns([3, 2])
    search = c1.text_input(
        "Rechercher un lieu du territoire",
        key="fiche_recherche",
        placeholder="Nom du lieu, commune ou code postal",
        max_chars=100,
    )
    sources = c2.multiselect(
        "Sources des données",
        source_names(own),
        key="fiche_sources",
        placeholder="Toutes les sources",
        help="Seuls les lieux décrits par au moins une des sources choisies sont listés.",
    )
    return ActorFilter(sources=tuple(sources), search=search.strip())


def actors_section(bundle: DataBundle, coverage: pd.DataFrame, ref: TerritoryRef, threshold_km: float) -> None:
    everyone = territory_actors(bundle.actors, ref)
    st.subheader(f"Lieux et acteurs du territoire ({fr_int(len(everyone))})")
    flt = place_filters(bundle, ref)
    listed = filter_actors(bundle.actors.loc[bundle.actors["id"].isin(set(everyone["id"]))], flt)
    actors = everyone[everyone["id"].isin(set(listed["id"]))] if flt.active else everyone
    if flt.active:
        st.caption(f"{fr_int(len(actors))} lieu(x) sur {fr_int(len(everyone))} répondent à la recherche.")
    nearby = None
    if ref.level == "commune":
        row = coverage[coverage["code_insee"] == ref.code].iloc[0]
        nearby = nearest_places(bundle.actors, row["centre_lon"], row["centre_lat"], k=5, exclude_communes=ref.communes)
    left, right = st.columns([3, 2])
    with left:
        if everyone.empty:
            st.info("Aucun lieu de médiation numérique recensé dans ce territoire.")
        elif actors.empty:
            st.info("Aucun lieu du territoire ne répond à la recherche.")
        else:
            shown = pd.DataFrame(
                {
                    "Nom": actors["nom"],
                    "Fiche": [place_url(i) for i in actors["id"]],
                    "Commune": actors["commune"],
                    "Famille de structure": actors["typologie_famille"],
                    "Services": [services_text(v, d) for v, d in zip(actors["services"], actors["services_decrits"])],
                    "Programmes nationaux": actors["dispositif_programmes_nationaux"].map(
                        lambda v: ", ".join(v) if isinstance(v, (list, tuple)) else ""
                    ),
                    "Membre du réseau": actors["membre_reseau"].map({True: "Oui", False: "Non"}),
                }
            )
            st.dataframe(
                shown,
                column_config={"Fiche": st.column_config.LinkColumn("Fiche", display_text="Voir le lieu", width=100)},
                hide_index=True,
                width="stretch",
                height=min(36 * len(shown) + 40, 420),
                key="fiche_acteurs",
            )
            download_buttons(shown.drop(columns=["Fiche"]), f"fiche_{ref.code}_acteurs", key="fiche-acteurs")
    with right:
        precision = 2e-3 if ref.level == "departement" else 5e-4
        outline = territory_outlines(bundle, "commune", ref.communes, precision)
        context = None
        if ref.level == "commune":
            context = territory_outlines(bundle, "commune", neighbours(bundle, ref, nearby), precision)
        st.plotly_chart(
            territory_map(outline, actors, nearby, context), width="stretch", config={"displayModeBar": False}
        )
    if ref.level == "commune":
        _nearest_outside(nearby, actors.empty)
    else:
        _far_communes(coverage, ref, threshold_km)


def services_text(services, described: bool) -> str:
    """A place's services as listed; "non renseignés" when it does not describe them (the
    services a national list implies are kept, marked as partial)."""
    listed = ", ".join(services) if isinstance(services, (list, tuple)) else ""
    if described:
        return listed
    return f"{listed} (liste partielle, autres services non renseignés)" if listed else "Non renseignés"


def neighbours(bundle: DataBundle, ref: TerritoryRef, points: pd.DataFrame | None) -> list[str]:
    """Codes of the communes around a territory: those meeting the box that holds the territory
    and `points` (its nearest places), widened by a tenth."""
    communes = bundle.territories.communes
    own = communes[in_codes(communes["code_insee"], ref.communes)]
    lon0, lat0, lon1, lat1 = own.total_bounds
    if points is not None and len(points):
        lon0, lon1 = min(lon0, points["longitude"].min()), max(lon1, points["longitude"].max())
        lat0, lat1 = min(lat0, points["latitude"].min()), max(lat1, points["latitude"].max())
    dx, dy = (lon1 - lon0) / 10, (lat1 - lat0) / 10
    around = communes.cx[lon0 - dx : lon1 + dx, lat0 - dy : lat1 + dy]
    return sorted(set(around["code_insee"]) - set(ref.communes))


def _nearest_outside(nearby: pd.DataFrame, no_place: bool) -> None:
    title = (
        "Aucun lieu dans la commune : les 5 lieux les plus proches"
        if no_place
        else "Les 5 lieux les plus proches hors de la commune"
    )
    st.markdown(f"**{title}**")
    shown = pd.DataFrame(
        {
            "Nom": nearby["nom"],
            "Commune": nearby["commune"],
            "Code commune": nearby["code_insee"],
            "Distance depuis le centre de la commune (km)": nearby["distance_km"].round(2),
        }
    )
    st.dataframe(shown, column_config=column_config(shown), hide_index=True, width="stretch", key="fiche_proches")
    download_buttons(shown, "lieux_les_plus_proches", key="fiche-proches")


def _far_communes(coverage: pd.DataFrame, ref: TerritoryRef, threshold_km: float) -> None:
    km = km_label(threshold_km)
    blank = zones_blanches(coverage[in_codes(coverage["code_insee"], ref.communes)])
    st.markdown(f"**Communes sans lieu à moins de {km} km ({fr_int(len(blank))})**")
    if blank.empty:
        st.caption(f"Chaque commune du territoire a un lieu à moins de {km} km de son centre.")
        return
    shown = pd.DataFrame(
        {
            "Commune": blank["nom"],
            "Fiche": [profile_url("commune", c) for c in blank["code_insee"]],
            "Population": blank["population"],
            "Distance au lieu le plus proche (km)": blank["distance_km"].round(2),
            "Lieu le plus proche": blank["lieu_proche_nom"],
        }
    )
    st.dataframe(
        shown, column_config=column_config(shown), hide_index=True, width="stretch", key="fiche_zones_blanches"
    )
    download_buttons(export_frame(shown), f"fiche_{ref.code}_zones_blanches", key="fiche-zones-blanches")


# --- freshness ------------------------------------------------------------------------------


def freshness_section(bundle: DataBundle, ref: TerritoryRef) -> None:
    """The territory's places by freshness grade, and those to chase (downloadable)."""
    actors = bundle.actors[in_codes(bundle.actors["code_insee"], ref.communes)]
    st.subheader("Fraîcheur des fiches du territoire")
    if actors.empty:
        st.caption("Aucun lieu dans ce territoire.")
        return
    as_of, reason = freshness_date(bundle)
    st.caption(grade_caption(as_of, reason))
    grade_metrics(actors, as_of, key="fiche-fraicheur")
    with st.expander("Lieux à relancer, les plus anciens d'abord", icon=":material/contact_phone:"):
        chase_list(actors, as_of, key="fiche-relancer", file_stem=f"fiche_{ref.code}_lieux_a_relancer")


# --- priority zones --------------------------------------------------------------------------


def zones_section(bundle: DataBundle, coverage: pd.DataFrame, ref: TerritoryRef) -> None:
    labels = zone_labels(bundle)
    zones = zone_membership(coverage, ref)
    zones = zones[zones["zone"].isin(bundle.config.active_zones)].reset_index(drop=True)
    st.subheader("Zones prioritaires")
    if zones.empty:
        st.caption("Le hub ne déclare aucune zone prioritaire (section [zones_prioritaires] de sa configuration).")
        return
    if ref.level == "commune":
        lines = []
        for row in zones.itertuples(index=False):
            inside = row.nb_communes > 0
            extra = f" ({fr_int(row.nb_qpv)} QPV)" if row.zone == "qpv" and inside and row.nb_qpv else ""
            lines.append(f"- {labels[row.zone]} : **{'oui' if inside else 'non'}**{extra}")
        st.markdown("\n".join(lines))
        return
    names = [
        f"{labels[z]} ({fr_int(n)} QPV)" if z == "qpv" and pd.notna(n) and n else labels[z]
        for z, n in zip(zones["zone"], zones["nb_qpv"])
    ]
    shown = pd.DataFrame(
        {
            "Zone": names,
            "Communes concernées": zones["nb_communes"],
            "Population de ces communes": zones["population"],
        }
    )
    st.dataframe(shown, column_config=column_config(shown), hide_index=True, width="stretch", key="fiche_zones")


# --- money -----------------------------------------------------------------------------------


def money_section(bundle: DataBundle, ref: TerritoryRef) -> None:
    st.subheader("Financements du hub arrivés sur ce territoire")
    if empty_state(bundle, ("mouvements",), "Aucun engagement ni aucune dépense chargé"):
        return
    totals, detail = money_landed(
        bundle.movements, bundle.budget_lines, territory_codes(bundle.territories.communes, ref)
    )
    if detail.empty:
        st.info(
            "Aucun engagement ni aucune dépense du hub n'est rattaché à ce territoire (colonne « code_territoire » "
            "des mouvements)."
        )
        return
    c1, c2 = st.columns(2)
    c1.metric("Engagé", fr_euros(totals["engagement"]), border=True)
    c2.metric("Dépensé", fr_euros(totals["depense"]), border=True)
    scope = {
        "commune": "les mouvements rattachés à la commune",
        "epci": "les mouvements rattachés à l'EPCI ou à l'une de ses communes",
        "departement": (
            "les mouvements rattachés au département, à l'une de ses communes ou à un EPCI entièrement inclus"
        ),
    }[ref.level]
    st.caption(f"Sont comptés {scope}. Le suivi détaillé des financements est sur les pages dédiées.")
    shown = pd.DataFrame(
        {
            "Date": detail["date"].map(fr_date),
            "Nature": detail["nature"].map(NATURE_LABELS).fillna(detail["nature"]),
            "Montant": detail["montant_centimes"].map(fr_euros),
            "Catégorie": detail["categorie"],
            "Action": detail["action"],
            "Bénéficiaire": detail["beneficiaire"],
            "Libellé": detail["libelle"],
            "Territoire (code)": detail["code_territoire"],
        }
    )
    st.dataframe(
        shown, hide_index=True, width="stretch", height=min(36 * len(shown) + 40, 360), key="fiche_financements"
    )
    export = shown.assign(Date=detail["date"].dt.date.to_numpy(), Montant=detail["montant_centimes"].to_numpy() / 100)
    download_buttons(export, f"fiche_{ref.code}_financements", key="fiche-financements")


# --- people accompanied ----------------------------------------------------------------------


def activity_section(bundle: DataBundle, ref: TerritoryRef) -> None:
    """People accompanied in the territory, per source (never added), per 1,000 inhabitants beside
    its département and the region, with their breakdowns (age band, status, themes)."""
    from analytics.impact.people import territory_people
    from components.activity import breakdown_tables, comparison_table, method_caption, people_metrics
    from components.coverage.data import default_as_of

    st.subheader("Personnes accompagnées")
    if empty_state(bundle, ("activite",), "Aucune donnée d'activité chargée (personnes accompagnées)"):
        return
    communes = bundle.territories.communes
    as_of = default_as_of(bundle)
    figures = territory_people(bundle, ref.level, ref.code, as_of)
    if not figures:
        st.info("Les données d'activité chargées ne comptent aucune personne accompagnée.", icon=":material/info:")
        return
    compared = {bundle.config.region: territory_people(bundle, "region", None, as_of)}
    if ref.level != "departement":
        dep_name = communes.loc[communes["code_departement"] == ref.departement, "nom_departement"].iloc[0]
        compared = {
            dep_name: territory_people(bundle, "departement", ref.departement, as_of)
        } | compared
    people_metrics(figures, compared)
    comparison_table(figures, ref.name, compared, key=f"fiche-activite-{ref.code}-comparaison")
    breakdown_tables(bundle, figures, ref.level, ref.code, key=f"fiche-activite-{ref.code}")
    spread = bool(bundle.activity["codes_postaux"].map(lambda v: isinstance(v, list) and len(v) > 0).any())
    st.caption(md_escape(method_caption(figures, spread)))
