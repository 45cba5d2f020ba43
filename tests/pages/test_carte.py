"""Carte: the map page with the folium component replaced by a stub (AppTest cannot run it)."""

import pytest

import components.map_view as map_view
from analytics.actor_filters import ActorFilter, filter_actors
from components.format_fr import fr_int
from loaders import lieux_standard as std
from tests.pages.conftest import open_app

PAGE = "views/carte.py"


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


def test_map_page_shows_epci_then_communes(captured, bundle):
    at = open_app(PAGE)
    values = table_rows(at, "Valeurs de la carte")
    assert len(values) == len(bundle.territories.epci)
    in_region = int((~bundle.actors["hors_region"]).sum())
    assert any(f"{fr_int(in_region)} lieu(x) affiché(s)" in c.value for c in at.caption)
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
    assert len(table_rows(at, "Lieux affichés")) == len(expected)


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
