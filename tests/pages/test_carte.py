"""Carte: the map page with the folium component replaced by a stub (AppTest cannot run it)."""

import datetime as dt
import html
import re

import pytest

import views.carte.view as map_view
from analytics.coverage.actor_filters import ActorFilter, filter_actors
from analytics.coverage.map_indicators import PLACES_PER_10000
from analytics.coverage.supply import places_by_commune, places_by_level
from components.format_fr import fr_int
from loaders import lieux_standard as std
from tests.pages.conftest import open_app

PAGE = "views/carte/page.py"


@pytest.fixture
def captured(monkeypatch):
    """Replace st_folium: remember the maps built and simulate a click when asked."""
    state = {"maps": [], "click": None}

    def fake_render(m, key, height):
        state["maps"].append(m)
        return {"last_object_clicked_tooltip": state["click"]}

    monkeypatch.setattr(map_view, "render", fake_render)
    return state


def table_rows(at, title_start):
    for exp in at.expander:
        if exp.label.startswith(title_start):
            return exp.dataframe[0].value
    raise AssertionError(f"tableau « {title_start} » absent")


def listed_places(at) -> int:
    """How many places the list holds: its rows, or the count its pages give (« 1 à 200 sur 744 »)."""
    listing = next(e for e in at.expander if e.label.startswith("Lieux affichés"))
    pages = [s for s in listing.selectbox if s.key == "carte-lieux-page"]
    if pages:
        assert len(listing.dataframe[0].value) == 200
        return int(pages[0].options[0].rsplit("sur ", 1)[1].replace("\u202f", "").replace("\xa0", "").replace(" ", ""))
    return len(listing.dataframe[0].value)


def type_names(m) -> set[str]:
    return {type(child).__name__ for child in m._children.values()}


def test_map_page_shows_epci_then_communes(captured, bundle):
    at = open_app(PAGE)
    values = table_rows(at, "Valeurs de la carte")
    assert len(values) == len(bundle.territories.epci)
    in_region = int((~bundle.actors["hors_region"]).sum())
    assert any(
        c.value.startswith(f"{fr_int(in_region)} lieux affichés sur {fr_int(in_region)} dans le territoire.")
        for c in at.caption
    )
    html = captured["maps"][-1].get_root().render()
    assert "/app/static/vendor/leaflet/dist/leaflet.js" in html
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "code.jquery" not in html

    at.selectbox(key="carte_maille").select("commune").run()
    assert not at.exception
    assert len(table_rows(at, "Valeurs de la carte")) == len(bundle.territories.communes)


def test_filters_restrict_the_places(captured, bundle):
    at = open_app(PAGE)
    service = std.SERVICES[8]
    at.multiselect(key="carte_services").select(service).run()
    expected = filter_actors(bundle.actors[~bundle.actors["hors_region"]], ActorFilter(services=(service,)))
    assert 0 < len(expected) < len(bundle.actors)
    assert listed_places(at) == len(expected)


def test_a_clicked_territory_fills_the_side_panel(captured, bundle):
    captured["click"] = "CC du Kreiz-Breizh (242200715)\nIndice : 7,8"
    at = open_app(PAGE)
    assert not at.exception
    assert any("242200715" in m.value for m in at.markdown)
    population = bundle.territories.communes.query("code_epci == '242200715'")["population"].sum()
    assert any(fr_int(population) in m.value for m in at.markdown)


def test_departement_filter_limits_the_map(captured, bundle):
    at = open_app(PAGE, query={"dep": "56"})
    values = table_rows(at, "Valeurs de la carte")
    communes = bundle.territories.communes
    assert len(values) == len(communes.query("code_departement == '56'"))  # commune level by default


def test_side_panel_is_readable_in_its_column(captured, bundle):
    captured["click"] = "CA Quimper Bretagne Occidentale (200068120)\nIndice : 5,5"
    at = open_app(PAGE, query={"dep": "29"})
    at.selectbox(key="carte_maille").select("epci").run()
    assert not at.exception
    texts = [html.unescape(m.value) for m in at.markdown]  # the panel writes its text as HTML entities
    assert any("EPCI · 200068120" in t for t in texts)
    assert not any("Epci" in t for t in texts)
    # The value is written in wrapping text (st.metric cuts it with "…" in a narrow column).
    assert not [m for m in at.metric if m.label.startswith("Indice")]
    assert any("Indice de fragilité numérique (score global)" in t and "score 0-10" in t for t in texts)
    # The name is written once in full; the link under it is short.
    link = [e for e in at.get("page_link")]
    assert [e.proto.label for e in link] == ["Ouvrir sa fiche"]
    # The EPCI's own population (all its communes), not that of a filtered part.
    population = bundle.territories.communes.query("code_epci == '200068120'")["population"].sum()
    assert any(f"Population : {fr_int(population)} hab." in t for t in texts)


def test_legend_is_beside_the_map_and_has_no_degenerate_class(captured):
    at = open_app(PAGE, query={"dep": "29", "epci": "242900314"})
    legend = next(m.value for m in at.markdown if m.value.startswith("<div") and "<b>Territoires</b>" in m.value)
    labels = re.findall(r"</i>([^<]+)</span>", legend)
    assert labels[-1] == "pas de donnée" or "pas de donnée" not in labels
    classes = [label for label in labels if label != "pas de donnée"]
    assert 1 <= len(classes) <= 4  # 8 communes: at most one class per two
    for label in classes:
        parts = label.split(" – ")
        assert len(parts) == 1 or parts[0] != parts[1], label
    html = captured["maps"][-1].get_root().render()
    assert "hub-legend'" not in html and "<b>Territoires</b>" not in html  # nothing drawn over the map


def test_a_territory_cut_by_the_filter_keeps_its_own_value(captured, bundle):
    # Poher communauté has communes in the Côtes-d'Armor and in the Finistère.
    poher = "242900744"
    communes = bundle.territories.communes
    assert communes.loc[communes["code_epci"] == poher, "code_departement"].nunique() == 2
    at = open_app(PAGE, query={"dep": "29"})
    at.selectbox(key="carte_indicateur").select(PLACES_PER_10000).run()
    at.selectbox(key="carte_maille").select("epci").run()
    assert not at.exception
    values = table_rows(at, "Valeurs de la carte").set_index("Code")
    as_of = min(dt.date.today(), bundle.config.end)
    own = places_by_level(places_by_commune(bundle.actors, communes, as_of), "epci").set_index("code")
    label = next(c for c in values.columns if c.startswith("Lieux de médiation"))
    assert values.loc[poher, label] == pytest.approx(own.loc[poher, "lieux_pour_10000"])


def test_too_many_territories_or_places_are_drawn_coarser_and_said(captured, bundle, monkeypatch):
    """A région of thousands of communes (or all of France) draws its EPCI or départements and
    says why; beyond the marker limit the places are listed, not drawn. Limits lowered here so that
    the demo shows both."""
    import views.carte.data as map_data

    monkeypatch.setattr(map_data, "MESH_LIMITS", {"commune": 500, "epci": 40})
    monkeypatch.setattr(map_data, "MARKER_LIMIT", 300)
    at = open_app(PAGE)
    n_epci = bundle.territories.epci["code_epci"].nunique()
    notices = [i.value for i in at.info]
    assert any(
        f"La carte dessine les départements : le territoire compte {n_epci} EPCI, trop pour les dessiner une à une "
        "(au plus 40)." in n
        for n in notices
    ), notices
    assert len(table_rows(at, "Valeurs de la carte")) == 4  # the départements
    in_region = int((~bundle.actors["hors_region"]).sum())
    too_many = f"{fr_int(in_region)} lieux correspondent : trop pour les dessiner un à un"
    assert any(n.startswith(too_many) for n in notices)
    none_drawn = f"Aucun lieu affiché sur {fr_int(in_region)} dans le territoire."
    assert any(c.value.startswith(none_drawn) for c in at.caption)
    assert listed_places(at) == in_region  # too many to draw, listed 200 at a time
    assert "ActorMarkers" not in type_names(captured["maps"][-1])

    # Within a département: its EPCI and communes can be drawn, its places too.
    at.selectbox(key="dep").select("22").run()
    at.selectbox(key="carte_maille").select("commune").run()
    communes_22 = int((bundle.territories.communes["code_departement"] == "22").sum())
    assert communes_22 <= 500
    assert len(table_rows(at, "Valeurs de la carte")) == communes_22
    assert not any("La carte dessine" in i.value for i in at.info)
    places_22 = int(((bundle.actors["code_departement"] == "22") & ~bundle.actors["hors_region"]).sum())
    assert places_22 <= 300
    assert any(c.value.startswith(f"{fr_int(places_22)} lieux affichés") for c in at.caption)
    assert "ActorMarkers" in type_names(captured["maps"][-1])
