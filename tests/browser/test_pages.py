"""Every page in every language: it loads from 127.0.0.1 alone, without console
errors or failed requests, is written in its language, passes axe-core without
serious or critical violations, and leaves a screenshot in
test-artifacts/screenshots/ to look at."""

from __future__ import annotations

import pytest

from .support import LANGS, PAGES, axe_violations, native_share, prose, screenshot


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_loads_offline_and_is_accessible(open_page, lang: str, page_name: str) -> None:
    page = open_page(lang, page_name)
    screenshot(page, f"{lang}-{page_name}")
    assert page.locator("html").get_attribute("lang") == lang
    # Prose (not code, not math) is in the page's language: a page that fell
    # back to English would be mostly Latin letters.
    share = native_share(prose(page), lang)
    assert share > 0.6, f"{lang}/{page_name}: only {share:.0%} of the prose letters are in {lang}'s script"
    violations = axe_violations(page)
    assert not violations, f"{lang}/{page_name}: axe-core found\n" + "\n".join(violations)
