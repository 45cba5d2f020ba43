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
