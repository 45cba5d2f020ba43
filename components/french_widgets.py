"""French words for the few texts Streamlit writes in English and offers no option for.

Streamlit 1.67 has no locale setting: its file uploader says « Upload » and « 50MB per file ».
What it does offer is a page's own CSS (st.html with a <style>): the English words are hidden and
French ones drawn in their place, for the pinned Streamlit version (a test checks the words in
Chromium, so an upgrade that moves them is caught). What remains in English is listed in the
README (« Textes de Streamlit restés en anglais »).
"""

from __future__ import annotations

import streamlit as st


def _css_text(text: str) -> str:
    """A CSS string literal (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_css(max_mb: int, kinds: str) -> str:
    button = (
        "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] "
        "[data-testid='stMarkdownContainer'] p"
    )
    instructions = "[data-testid='stFileUploaderDropzoneInstructions'] span"
    hint = f"ou glisser-déposer ici · {max_mb} Mo au plus · {kinds}"
    return (
        f"{button}{{font-size:0}}{button}::after{{content:{_css_text('Choisir un fichier')};font-size:0.875rem}}"
        f"{instructions}{{font-size:0}}"
        f"{instructions}::after{{content:{_css_text(hint)};font-size:0.875rem}}"
    )


def french_uploader(max_mb: int, kinds: str) -> None:
    """Call next to the page's st.file_uploader."""
    st.html(f"<style>{uploader_css(max_mb, kinds)}</style>")  # our own words only, never data
