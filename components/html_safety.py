"""Escaping untrusted text (anything read from a data file) before it reaches HTML or JS.

folium's Popup, Tooltip, GeoJsonTooltip and GeoJsonPopup insert raw HTML, and some of its
templates put text inside JavaScript template literals where `${...}` is evaluated. So text is
HTML-escaped and `$` and backtick are replaced by their HTML entities as well.
"""

from __future__ import annotations

import html
import re


def escape_text(value) -> str:
    """Safe to insert as HTML text or attribute, and inert inside a JS template literal."""
    if value is None:
        return ""
    text = html.escape(str(value), quote=True)
    return text.replace("$", "&#36;").replace("`", "&#96;")


def plotly_text(value) -> str:
    """Untrusted text for a Plotly label, title, hover or annotation: Plotly draws a subset of HTML
    (<a href>, <span style>, <b>, <br>) and decodes entities, so escaping shows the text as typed
    and makes no link nor style."""
    return escape_text(value)


def plotly_texts(values) -> list[str]:
    return [plotly_text(v) for v in values]


def escape_list(values, limit: int | None = None) -> str:
    """A list of values as escaped text joined with ', ' (with '…' past `limit`)."""
    items = [escape_text(v) for v in (values or [])]
    if limit is not None and len(items) > limit:
        items = items[:limit] + ["…"]
    return ", ".join(items)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Streamlit's Markdown turns addresses found in the text into links after parsing (GFM autolink
# literals: `http://…`, `www.…`, `name@domain`), escaped or not. A word joiner (U+2060, invisible)
# inside each pattern keeps them text.
_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)


def _unlinked(text: str) -> str:
    return _AUTOLINKS.sub(_JOINER, text)


def md_escape(value) -> str:
    """Untrusted text shown through Streamlit's Markdown (st.markdown, st.error, captions, help):
    every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of
    them), so no emphasis, link, image, HTML tag or `$…$` formula can come from the data; an
    address in the text gets a word joiner so that it is not made a link; line breaks become
    spaces."""
    if value is None:
        return ""
    text = _unlinked(" ".join(str(value).split()))
    return "".join("\\" + c if c in _ASCII_PUNCTUATION else c for c in text)


def html_in_markdown(value) -> str:
    """Untrusted text inside HTML that Streamlit's st.markdown(..., unsafe_allow_html=True)
    renders (the Carte's legend and side panel): every ASCII punctuation character becomes an
    HTML entity, so neither a tag nor a Markdown link, image or formula can come from the data;
    line breaks become spaces (a blank line would end the HTML block)."""
    if value is None:
        return ""
    text = _unlinked(" ".join(str(value).split()))
    return "".join(f"&#{ord(c)};" if c in _ASCII_PUNCTUATION else c for c in text)
