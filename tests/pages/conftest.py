"""Page tests with Streamlit's AppTest: start from app.py, then switch page."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders.bundle import load_bundle
from loaders.config import load_config
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
TIMEOUT = 60


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session")
def bundle():
    return load_bundle(load_config(ROOT / "hub.toml"))


def open_app(page: str | None = None, query: dict | None = None, tab: tuple[str, str] | None = None) -> AppTest:
    """The app on `page`; `tab`: (key, label) of the tabs drawn only when open, the one to open."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(page)
        if tab:
            at.session_state[tab[0]] = tab[1]
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"indicateur « {label} » absent : {[m.label for m in at.metric]}")


def across_tabs(at: AppTest, key: str, labels: list[str]) -> tuple[dict[str, str], list]:
    """A page whose tabs draw only the open one (st.tabs(key=…, on_change="rerun")), opened tab by
    tab as a person would: the metrics (label -> value) and the tables of every tab."""
    metrics: dict[str, str] = {}
    tables = []
    for label in labels:
        at.session_state[key] = label
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        metrics |= {m.label: m.value for m in at.metric}
        tables += [d.value for d in at.dataframe]
    return metrics, tables


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open another tab of a page whose tabs are drawn only when open, as a click would."""
    at.session_state[key] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
