from components.html_safety import escape_list, escape_text


def test_html_and_template_literals_become_inert_text():
    assert escape_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_text("${alert(1)}") == "&#36;{alert(1)}"
    assert escape_text("`x`") == "&#96;x&#96;"
    assert escape_text("\"a\" & 'b'") == "&quot;a&quot; &amp; &#x27;b&#x27;"
    assert escape_text(None) == ""


def test_lists_are_escaped_and_shortened():
    assert escape_list(["<b>", "x", "y"], limit=2) == "&lt;b&gt;, x, …"
    assert escape_list([]) == ""


def test_addresses_in_markdown_text_are_not_made_links():
    """Streamlit's Markdown links addresses found in text after parsing (GFM autolink literals),
    escaped or not: a word joiner (invisible) inside each keeps them text."""
    from components.html_safety import html_in_markdown, md_escape

    joiner = "\u2060"
    for text, kept in (
        ("http://evil.example/a", "http\\:" + joiner + "\\/\\/evil"),
        ("HTTPS://evil.example", "HTTPS\\:" + joiner + "\\/\\/"),
        ("voir www.evil.example", "www" + joiner + "\\.evil"),
        ("ecrire a moi@evil.example", "moi\\@" + joiner + "evil"),
    ):
        assert kept in md_escape(text), text
    assert "&#58;" + joiner + "&#47;&#47;" in html_in_markdown("http://evil.example")
    assert md_escape("Brest Métropole (2023)") == "Brest Métropole \\(2023\\)"  # ordinary text unchanged
