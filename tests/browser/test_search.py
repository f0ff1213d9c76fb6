"""Search finds the lesson for words typed in the reader's language.

Playwright's typing of non-ASCII text does not fire the keyup events that
Material's search listens to, so the tests put the text into the field
(fill / insert_text) and then dispatch keyup themselves, as a keyboard would.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .support import Watch, page_path

# Terms of the lesson, as the glossary of each language renders them; several
# per language, single words and phrases, inflected forms included.
TERMS = {
    "en": ["backpropagation", "gradient descent", "overfitting", "chain rule", "softmax"],
    "ru": ["градиентный спуск", "обратное распространение", "переобучение", "функции потерь", "цепное правило"],
    "bn": ["গ্রেডিয়েন্ট ডিসেন্ট", "ব্যাকপ্রোপাগেশন", "ওভারফিটিং", "লস ফাংশন", "চেইন রুল"],
    "te": ["గ్రేడియంట్ డిసెంట్", "బ్యాక్‌ప్రొపగేషన్", "ఓవర్‌ఫిట్టింగ్", "నష్ట ఫంక్షన్", "చైన్ రూల్"],
}
CASES = [(lang, term) for lang, terms in TERMS.items() for term in terms]


@pytest.fixture(scope="module")
def search_pages(browser, site_url):
    """One search page per language, reused by that language's queries."""
    pages, contexts, watch = {}, [], Watch()

    def get(lang: str):
        if lang not in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(10_000)
            watch.attach(context)
            contexts.append(context)
            page = context.new_page()
            page.goto(site_url + page_path(lang, "index"))
            pages[lang] = page
        return pages[lang]

    yield get
    for context in contexts:
        context.close()
    watch.assert_clean()


def search(page, text: str) -> list[str]:
    field = page.locator("input.md-search__input")
    if not field.is_visible():  # narrow screens hide the field behind a button
        page.locator('label.md-header__button[for="__search"]').click()
    field.fill("")
    field.dispatch_event("keyup")
    field.focus()
    page.keyboard.insert_text(text)
    field.dispatch_event("keyup")
    items = page.locator(".md-search-result__list a.md-search-result__link")
    try:
        items.first.wait_for(timeout=5000)
    except PlaywrightTimeout:
        return []
    return [page.evaluate("a => new URL(a.href).pathname", a.element_handle()) for a in items.all()]


@pytest.mark.parametrize(("lang", "term"), CASES)
def test_search_finds_the_lesson(search_pages, lang: str, term: str) -> None:
    page = search_pages(lang)
    found = search(page, term)
    lesson = page_path(lang, "lesson")
    assert lesson in found, f"searching {term!r} on the {lang} site found {found}"
    languages = {p.split("/")[1] if p.split("/")[1] in TERMS else "en" for p in found}
    assert languages == {lang}, f"results stay in the reader's language: {found}"
