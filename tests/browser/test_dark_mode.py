"""Dark mode: the site follows the system's scheme, offers a toggle named in the
page's language, and figures, plots, quizzes, code and math stay readable."""

from __future__ import annotations

import pytest

from tools.sitebuild import languages

from .support import ROOT, axe_violations, screenshot

SCHEME = "document.body.getAttribute('data-md-color-scheme')"


@pytest.mark.parametrize(("lang", "page_name"), [("en", "lesson"), ("te", "lesson"), ("bn", "framework"),
                                                 ("ru", "quiz-pre")])
def test_dark_system_scheme_is_followed_and_readable(open_page, lang: str, page_name: str) -> None:
    page = open_page(lang, page_name, color_scheme="dark")
    assert page.evaluate(SCHEME) == "slate", "a dark system scheme gives the dark page"
    if page_name == "quiz-pre":  # feedback colours too
        fieldset = page.locator('.quiz[data-ready="true"] fieldset').first
        fieldset.locator(".quiz__option").first.click()
        fieldset.locator(".quiz__check").click()
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)
    figures = page.locator("article svg.figure-svg")
    for k in range(figures.count()):  # dark labels of the figures sit on a light card
        background = figures.nth(k).evaluate("e => getComputedStyle(e).backgroundColor")
        channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
        assert min(channels) > 200, f"figure {k} has no light background in the dark scheme: {background}"
    screenshot(page, f"{lang}-{page_name}-dark", full_page=False)


@pytest.mark.parametrize("lang", ("en", "bn"))
def test_toggle_switches_the_scheme_and_speaks_the_page_language(open_page, lang: str) -> None:
    words = languages.ui("palette", lang, ROOT)
    page = open_page(lang, "lesson", color_scheme="light")
    assert page.evaluate(SCHEME) == "default"
    toggle = page.locator(f'.md-header label[title="{words["to_dark"]}"]')
    assert toggle.count() == 1 and toggle.is_visible(), f"no visible toggle named {words['to_dark']!r}"
    toggle.click()
    page.wait_for_function(f"{SCHEME} === 'slate'")
    back = page.locator(f'.md-header label[title="{words["to_light"]}"]')
    assert back.is_visible()
    page.reload()
    assert page.evaluate(SCHEME) == "slate", "the reader's choice is kept"
