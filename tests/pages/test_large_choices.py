"""What a large hub gets instead of megabytes of options and rows: a search for a place among
thousands, long tables a page at a time (components/search_choice.py, components/paged_table.py)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _places_choice():
    import streamlit as st

    from components.search_choice import PLACES, search_choice

    options = {f"lieu-{i:05d}": f"Espace {i} — Commune {i % 97} (lieu-{i:05d})" for i in range(3000)}
    options["lieu-quimperle"] = "Médiathèque de Quimperlé — Quimperlé (lieu-quimperle)"
    chosen = search_choice(options, "acteur", "acteur-recherche", "Acteur", "Choisir un acteur", PLACES)
    st.write(f"choisi : {chosen}")


def test_a_place_among_thousands_is_found_by_search_not_listed():
    at = AppTest.from_function(_places_choice).run()
    assert at.selectbox(key="acteur").options == []
    assert at.text_input(key="acteur-recherche").label == "Rechercher un lieu"
    at.text_input(key="acteur-recherche").input("quimperle").run()
    box = at.selectbox(key="acteur")
    assert box.options == ["Médiathèque de Quimperlé — Quimperlé (lieu-quimperle)"]
    box.set_value("lieu-quimperle").run()
    assert at.markdown[-1].value == "choisi : lieu-quimperle"
    at.text_input(key="acteur-recherche").input("zzz").run()
    assert any("Aucun lieu ne correspond à « zzz »" in c.value for c in at.caption)


def _long_table():
    import pandas as pd
    import streamlit as st

    from components.paged_table import page_of

    frame = pd.DataFrame({"n": range(1, 451)})
    st.dataframe(page_of(frame, "longue"))
    short = pd.DataFrame({"n": range(1, 11)})
    st.dataframe(page_of(short, "courte"))


def test_a_long_table_is_shown_a_page_at_a_time_and_a_short_one_whole():
    at = AppTest.from_function(_long_table).run()
    pages = at.selectbox(key="longue-page")
    assert pages.options == ["1 à 200 sur 450", "201 à 400 sur 450", "401 à 450 sur 450"]
    assert at.dataframe[0].value["n"].tolist() == list(range(1, 201))
    assert len(at.dataframe[1].value) == 10 and not any(s.key == "courte-page" for s in at.selectbox)
    pages.set_value(400).run()
    assert at.dataframe[0].value["n"].tolist() == list(range(401, 451))
