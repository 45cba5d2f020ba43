"""The page registry and the layout Streamlit relies on."""

from pathlib import Path

from components.page_registry import PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_every_registered_page_exists_and_paths_are_unique():
    assert PAGES[0].url_path == ""  # the home page is served at /
    assert len({p.url_path for p in PAGES}) == len(PAGES)
    for entry in PAGES:
        assert (ROOT / entry.file).is_file(), entry.file
        assert entry.file.startswith("views/")


def test_no_pages_folder_next_to_app():
    # A pages/ folder switches Streamlit to its legacy multipage mode on a fresh server:
    # a first visit to /carte would then bypass app.py (navigation, sidebar filter).
    assert not (ROOT / "pages").exists()
