"""Every page of the registry opens in Chromium, settles, and shows no error."""

import pytest

from components.page_registry import PAGES
from tests.browser.conftest import assert_no_error

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path or "accueil" for p in PAGES])
def test_page_renders_without_error(session, entry):
    page = session.open("/" + entry.url_path)
    session.wait_for_charts()
    assert_no_error(page)
    assert page.get_by_role("heading").first.is_visible()
    session.screenshot(entry.url_path or "accueil")
    assert session.dialogs == []
    assert session.external_requests == [], "la page appelle un hôte extérieur"
