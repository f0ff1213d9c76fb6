"""The language switcher in the header goes to the same page in the other
language, and back."""

from __future__ import annotations

import pytest

from .support import LANGS, page_path

# Each language switches once to the next one and back, so every language is
# both left and reached.
NEXT = {lang: LANGS[(i + 1) % len(LANGS)] for i, lang in enumerate(LANGS)}


def switch(page, site_url: str, lang: str, page_name: str) -> None:
    page.locator(".md-header .md-select button").click()  # opens the list (focus-within)
    link = page.locator(f'.md-header .md-select a[hreflang="{lang}"]')
    link.click()
    page.wait_for_url(site_url + page_path(lang, page_name), wait_until="domcontentloaded")
    assert page.locator("html").get_attribute("lang") == lang


# Every language is left once and reached once; the pages include the lesson,
# a notebook page and a quiz page, whose files come through other routes
# (notebook hook, quiz data).
CASES = [("en", "lesson"), ("ru", "framework"), ("bn", "lesson"), ("te", "quiz-post")]


@pytest.mark.parametrize(("lang", "page_name"), CASES)
def test_switcher_goes_to_the_same_page_and_back(open_page, site_url: str, lang: str, page_name: str) -> None:
    page = open_page(lang, page_name, wait_until="domcontentloaded")
    anchor = page.locator("article h1").first.get_attribute("id")
    other = NEXT[lang]
    switch(page, site_url, other, page_name)
    # The same page: its title has the same explicit anchor in every language.
    assert page.locator("article h1").first.get_attribute("id") == anchor
    switch(page, site_url, lang, page_name)
    assert page.locator("article h1").first.get_attribute("id") == anchor


@pytest.mark.parametrize(("lang", "other"), [("en", "ru"), ("bn", "te")])
def test_switcher_keeps_the_section_the_reader_is_in(open_page, site_url: str, lang: str, other: str) -> None:
    """From /lesson/#gradient-descent the switcher lands on /ru/lesson/#gradient-descent, scrolled there."""
    page = open_page(lang, "lesson", wait_until="domcontentloaded")
    page.goto(site_url + page_path(lang, "lesson") + "#gradient-descent", wait_until="domcontentloaded")
    page.locator(".md-header .md-select button").click()
    page.locator(f'.md-header .md-select a[hreflang="{other}"]').click()
    page.wait_for_url(site_url + page_path(other, "lesson") + "#gradient-descent", wait_until="domcontentloaded")
    page.wait_for_function("() => window.scrollY > 200")
    top = page.evaluate("document.getElementById('gradient-descent').getBoundingClientRect().top")
    assert -5 < top < 200, f"{other}: the section is not in view after switching (top {top})"
