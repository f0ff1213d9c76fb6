"""Search in the reader's language, in a real browser (issue 10).

Input: Material reads the query on keyup only. These tests deliver the query
the ways a learner does, through Chromium's own input paths (CDP), and expect
the same results every time:

- typed key by key: one keyDown/keyUp pair per code point, as a keyboard layout
  for the script sends them (combining vowel signs and ZWNJ are keys of their own);
- pasted: the browser's paste command (an input event, no keyup of the text);
- through an input method: Input.imeSetComposition for every intermediate
  state, then Input.insertText to commit (composition events, no keyup);
- typed key by key right after opening search, while the language's index is
  still on its way (the test holds the response until the typing is done).

Matching (tools/sitebuild/search_index.py, docs/assets/javascripts/lunr/min/
lunr.site.min.js, docs/assets/js/search/): every word of a query counts and is
highlighted, Russian inflected forms, ZWJ/ZWNJ, Bengali and Telugu spelling
variants, glossary synonyms, typos, and snippets without TeX.

The search field is reset with fill("") between queries of one page.
"""

from __future__ import annotations

import re
import time
import unicodedata

import pytest

from .support import Watch, page_path, screenshot

# One multi-word query per language: its results must not depend on how it arrives.
QUERIES = {
    "en": "gradient descent",
    "ru": "функция потерь",
    "bn": "লস ফাংশন",
    "te": "నష్ట ఫంక్షన్",
}
# What each word of QUERIES[lang] is highlighted as, folded (lower case, no joiners): a mark must begin with it.
HIGHLIGHTED = {
    "en": ["gradient", "descent"],
    "ru": ["функц", "потер"],
    "bn": ["লস", "ফাংশন"],
    "te": ["నష్ట", "ఫంక్షన్"],
}
# Terms of the lesson, as the glossary of each language renders them; several
# per language, single words and phrases, inflected forms included.
TERMS = {
    "en": ["backpropagation", "gradient descent", "overfitting", "chain rule", "softmax"],
    "ru": ["градиентный спуск", "обратное распространение", "переобучение", "функции потерь", "цепное правило"],
    "bn": ["গ্রেডিয়েন্ট ডিসেন্ট", "ব্যাকপ্রোপাগেশন", "ওভারফিটিং", "লস ফাংশন", "চেইন রুল"],
    "te": ["గ్రేడియంట్ డిసెంట్", "బ్యాక్‌ప్రొపగేషన్", "ఓవర్‌ఫిట్టింగ్", "నష్ట ఫంక్షన్", "చైన్ రూల్"],
}
CASES = [(lang, term) for lang, terms in TERMS.items() for term in terms]

RESULTS_JS = """() => [...document.querySelectorAll('.md-search-result__list > li')].map(li => ({
  links: [...li.querySelectorAll('a.md-search-result__link')].map(a => new URL(a.href).pathname + new URL(a.href).hash
                                                                       + '?h=' + new URL(a.href).searchParams.get('h')),
  marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
}))"""
ARTICLES_JS = """() => [...document.querySelectorAll('.md-search-result__article')].map(a => ({
  href: new URL(a.closest('a').href).pathname + new URL(a.closest('a').href).hash,
  score: parseFloat(a.dataset.mdScore),
  teaser: a.innerText.trim() !== a.querySelector('h1, h2').innerText.trim(),
  marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
  text: a.innerText,
}))"""


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("\u200c", "").replace("\u200d", "")


# --------------------------------------------------------------------------- input paths
def type_keys(cdp, text: str) -> None:
    """Key by key: one keyDown (which inserts the code point) and one keyUp per code point."""
    for char in text:
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": char, "text": char, "unmodifiedText": char})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": char})


def paste(page, cdp, text: str) -> None:
    """The browser's paste command with the text on the clipboard: paste and input events, no keyup of the text."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "modifiers": 2, "key": "v", "code": "KeyV",
                                        "windowsVirtualKeyCode": 86, "commands": ["paste"]})


def compose(cdp, text: str) -> None:
    """An input method: the composition grows code point by code point, then is committed."""
    for end in range(1, len(text) + 1):
        cdp.send("Input.imeSetComposition", {"text": text[:end], "selectionStart": end, "selectionEnd": end})
    cdp.send("Input.insertText", {"text": text})


# --------------------------------------------------------------------------- pages and results
class SearchPage:
    """One language's home page with the search open."""

    def __init__(self, browser, site_url: str, lang: str, watch: Watch, hold_index: bool = False,
                 viewport: tuple[int, int] = (1280, 900)) -> None:
        self.width = viewport[0]
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           has_touch=viewport[0] < 600, is_mobile=viewport[0] < 600)
        self.context.set_default_timeout(10_000)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
        watch.attach(self.context)
        self.page = self.context.new_page()
        self.held: list = []
        if hold_index:
            self.page.route("**/search/search_index.json", lambda route: self.held.append(route))
        self.page.goto(site_url + page_path(lang, "index"))
        self.cdp = self.context.new_cdp_session(self.page)
        self.field = self.page.locator("input.md-search__input")
        self.meta = self.page.locator(".md-search-result__meta").text_content()  # "Initializing search"

    def open(self) -> None:
        if self.width >= 960:
            self.field.click()
        else:  # phones and tablets (Material: below 60em): the field hides behind the header's search button
            self.page.locator('label.md-header__button[for="__search"]').tap()
            self.field.wait_for(state="visible")

    def wait_for_index(self) -> None:
        """Until Material's worker has built the index (the meta line changes from 'Initializing search')."""
        self.page.wait_for_function(
            "initial => document.querySelector('.md-search-result__meta').textContent !== initial", arg=self.meta)

    def clear(self) -> None:
        self.field.fill("")
        self.page.wait_for_function("() => !document.querySelector('.md-search-result__list li')")

    def results(self, expect_some: bool = True) -> list[dict]:
        """The rendered results once they stop changing (links with their ?h=, and the marks)."""
        deadline = time.monotonic() + 10
        last, stable_since = None, time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(150)
            now = self.page.evaluate(RESULTS_JS)
            if now != last:
                last, stable_since = now, time.monotonic()
            elif (now or not expect_some) and time.monotonic() - stable_since > 0.6:
                return now
        return last or []

    def articles(self) -> list[dict]:
        self.results()
        return self.page.evaluate(ARTICLES_JS)

    def search(self, query: str) -> list[dict]:
        self.clear()
        self.field.focus()
        compose(self.cdp, query)
        return self.results()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def shared_page(browser, site_url: str):
    """One search page per language with its index loaded, shared by the tests that only search."""
    pages: dict[str, SearchPage] = {}
    watch = Watch()

    def get(lang: str) -> SearchPage:
        if lang not in pages:
            pages[lang] = SearchPage(browser, site_url, lang, watch)
            pages[lang].open()
            pages[lang].wait_for_index()
        return pages[lang]

    yield get
    for page in pages.values():
        page.close()
    watch.assert_clean()


@pytest.fixture
def search_page(browser, site_url: str, watch: Watch):
    pages: list[SearchPage] = []

    def make(lang: str, hold_index: bool = False, viewport: tuple[int, int] = (1280, 900)) -> SearchPage:
        page = SearchPage(browser, site_url, lang, watch, hold_index, viewport)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()
    watch.assert_clean()


def paths(results: list[dict]) -> list[str]:
    return [link.split("?")[0] for item in results for link in item["links"]]


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("lang", list(QUERIES))
def test_results_do_not_depend_on_how_the_query_arrives(search_page, lang: str) -> None:
    query = QUERIES[lang]

    early = search_page(lang, hold_index=True)
    early.open()
    type_keys(early.cdp, query)  # typed at once, before the index is there
    early.page.wait_for_function("() => true")
    deadline = time.monotonic() + 10
    while not early.held and time.monotonic() < deadline:
        early.page.wait_for_timeout(50)
    assert len(early.held) == 1, "the index request did not go out when search was opened"
    assert not early.page.evaluate(RESULTS_JS), "results before the index arrived?"
    early.held[0].continue_()
    by_early_typing = early.results()

    page = search_page(lang)
    page.open()
    page.wait_for_index()
    type_keys(page.cdp, query)
    by_keys = page.results()
    page.clear()
    page.field.focus()
    paste(page.page, page.cdp, query)
    by_paste = page.results()
    page.clear()
    page.field.focus()
    compose(page.cdp, query)
    by_ime = page.results()
    assert page.field.input_value() == query
    page.page.wait_for_timeout(100)
    screenshot(page.page, f"search-{lang}-desktop", full_page=False)

    lesson = page_path(lang, "lesson")
    assert any(p.startswith(lesson) for p in paths(by_keys)), f"{lang}: {query!r} typed key by key: {paths(by_keys)}"
    assert by_paste == by_keys, f"{lang}: pasted {query!r} gives other results than typed"
    assert by_ime == by_keys, f"{lang}: {query!r} from an input method gives other results than typed"
    assert by_early_typing == by_keys, f"{lang}: {query!r} typed before the index arrived gives other results"


@pytest.mark.parametrize("lang", list(QUERIES))
def test_every_word_of_the_query_counts_and_is_highlighted(search_page, lang: str) -> None:
    page = search_page(lang)
    page.open()
    page.wait_for_index()
    page.search(QUERIES[lang])
    # (Material shows a page's own entry without its text when one of its sections matches better.)
    scored = [a for a in page.articles() if a["score"] > 0 and a["teaser"]]
    assert scored, f"{lang}: {QUERIES[lang]!r} found nothing"
    for article in scored:
        marks = [fold(m) for m in article["marks"]]
        missing = [w for w in HIGHLIGHTED[lang] if not any(m.startswith(w) for m in marks)]
        assert not missing, f"{lang}: {article['href']} does not highlight {missing} (marks: {article['marks']})"
    # Every result link carries every word to highlight on the page it leads to.
    for item in page.results():
        for link in item["links"]:
            words = [fold(w) for w in link.split("?h=", 1)[1].split()]
            assert all(any(w.startswith(h) for w in words) for h in HIGHLIGHTED[lang]), link
    # ... and the page highlights them (Material's own highlighter waits for the index the page has not loaded).
    page.page.locator(".md-search-result__list a.md-search-result__link").first.click()
    page.page.wait_for_function("() => document.querySelectorAll('article mark[data-md-highlight]').length > 1")
    marks = [fold(m) for m in page.page.locator("article mark[data-md-highlight]").all_text_contents()]
    for word in HIGHLIGHTED[lang]:
        assert any(m.startswith(word) for m in marks), f"{lang}: the page does not highlight {word!r}: {set(marks)}"
    assert "h=" not in page.page.url


@pytest.mark.parametrize("lang", list(QUERIES))
def test_search_on_a_phone(search_page, lang: str) -> None:
    """375 px: the search button opens the field; an input method's query finds and highlights both words."""
    page = search_page(lang, viewport=(375, 740))
    page.open()
    page.wait_for_index()
    page.field.focus()
    compose(page.cdp, QUERIES[lang])
    results = page.results()
    assert any(p.startswith(page_path(lang, "lesson")) for p in paths(results)), paths(results)
    marks = [fold(m) for item in results[:1] for m in item["marks"]]
    assert all(any(m.startswith(w) for m in marks) for w in HIGHLIGHTED[lang]), marks
    screenshot(page.page, f"search-{lang}-phone", full_page=False)


def test_russian_query_finds_inflected_forms(shared_page) -> None:
    """«функция потерь» finds the section titled «Функции потерь для регрессии», both words highlighted."""
    page = shared_page("ru")
    page.search("функция потерь")
    section = next((a for a in page.articles() if a["href"] == "/ru/lesson/#regression-losses"), None)
    assert section, "«функция потерь» does not find «Функции потерь для регрессии»"
    assert {"функции", "потерь"} <= {fold(m) for m in section["marks"]}, section["marks"]
    # ... and the other way round; е for ё
    assert "/ru/lesson/#data-model-and-loss" in paths(page.search("функции потерь"))
    with_yo = paths(page.search("перекрёстная энтропия"))
    assert "/ru/framework/#cross-entropy" in with_yo
    assert paths(page.search("перекрестная энтропия")) == with_yo


@pytest.mark.parametrize(("lang", "joined", "plain"), [
    ("te", "నెట్\u200cవర్క్", "నెట్వర్క్"),               # ZWNJ: the explicit virama or the conjunct
    ("te", "బ్యాక్\u200cప్రొపగేషన్", "బ్యాక్ప్రొపగేషన్"),
    ("bn", "র\u200d্যান্ডম", "র্যান্ডম"),                  # ZWJ: র‍্য (ra + ya-phala) or reph
    ("bn", "নেট\u200cওয়ার্ক", "নেটওয়ার্ক"),
])
def test_zwj_and_zwnj_do_not_matter(shared_page, lang: str, joined: str, plain: str) -> None:
    page = shared_page(lang)
    with_joiner = paths(page.search(joined))
    assert with_joiner, f"{lang}: {joined!r} found nothing"
    assert paths(page.search(plain)) == with_joiner, f"{lang}: {plain!r} (no joiner) finds other pages than {joined!r}"


# A variant spelling (or a glossary synonym) and what the site writes: both must find `section`,
# and the variant's results highlight the site's word there.
VARIANTS = [
    # Bengali: transliterations of "training" for the site's native প্রশিক্ষণ (glossary search_variants)
    ("bn", "ট্রেনিং", "/bn/lesson/#parameters-and-the-goal", "প্রশিক্ষণ"),
    ("bn", "ট্রেইনিং", "/bn/lesson/#parameters-and-the-goal", "প্রশিক্ষণ"),
    # Bengali: without the hasanta (ডিসেন্ট), without ো (the inherent o), ি/ী
    ("bn", "গ্রেডিয়েন্ট ডিসেনট", "/bn/lesson/#gradient-descent", "ডিসেন্ট"),
    ("bn", "ব্যাকপ্রপাগেশন", "/bn/lesson/#backpropagation", "ব্যাকপ্রোপাগেশন"),
    # Bengali: a glossary synonym of লস ফাংশন
    ("bn", "ক্ষতি ফাংশন", "/bn/lesson/#data-model-and-loss", "লস"),
    # Telugu: a vowel sign (ు) instead of the final virama, no virama at all, short for long vowels
    ("te", "గ్రేడియంటు", "/te/lesson/#gradient-descent", "గ్రేడియంట్"),
    ("te", "గ్రెడియంట డిసెంట", "/te/lesson/#gradient-descent", "డిసెంట్"),
    # Telugu: the transliteration where the site writes the native word (glossary search_variants)
    ("te", "లాస్ ఫంక్షన్", "/te/lesson/#data-model-and-loss", "నష్ట"),
    # Russian: a glossary synonym and an avoided spelling
    ("ru", "функция ошибки", "/ru/lesson/#data-model-and-loss", "функция"),
    ("ru", "оверфиттинг", "/ru/lesson/#overfitting", "переобучение"),
    # The glossary page (one table of four languages): its cells are words of their own
    ("bn", "доля правильных ответов", "/bn/glossary/", "доля"),
    ("te", "функция активации", "/te/glossary/", "функция"),
    # Typos: a letter missing, a letter wrong
    ("en", "backpropagaton", "/lesson/#backpropagation", "backpropagation"),
    ("ru", "градиентый спуск", "/ru/lesson/#gradient-descent", "градиентный"),
]


@pytest.mark.parametrize(("lang", "query", "section", "word"), VARIANTS, ids=[v[1] for v in VARIANTS])
def test_variants_synonyms_and_typos_find_the_page(shared_page, lang: str, query: str, section: str,
                                                   word: str) -> None:
    page = shared_page(lang)
    page.search(query)
    found = {a["href"]: a for a in page.articles()}
    assert section in found, f"{lang}: {query!r} does not find {section}: {sorted(found)}"
    marks = [fold(m) for a in found.values() for m in a["marks"]]
    assert any(m.startswith(fold(word)[:4]) for m in marks), f"{lang}: {query!r} highlights {set(marks)}, not {word}"


def test_fuzzy_matching_does_not_flood(shared_page) -> None:
    """A word that is found as typed brings no pages that only have a word one letter away."""
    page = shared_page("en")
    exact = set(paths(page.search("softmax")))
    assert exact
    for item in page.results():
        assert any(fold(m).startswith("softmax") for m in item["marks"]), item


SNIPPET_QUERIES = {"en": "gradient", "ru": "градиент", "bn": "গ্রেডিয়েন্ট", "te": "గ్రేడియంట్"}
TEX = re.compile(r"\\(frac|partial|mathcal|sum|theta|lambda|big|text|top|[()\[\]])")


@pytest.mark.parametrize("lang", list(SNIPPET_QUERIES))
def test_snippets_show_readable_math_not_tex(shared_page, lang: str) -> None:
    page = shared_page(lang)
    page.search(SNIPPET_QUERIES[lang])
    page.page.evaluate("() => document.querySelectorAll('.md-search-result__more').forEach(d => d.open = true)")
    texts = [a["text"] for a in page.articles()]
    assert len(texts) > 5
    tex = sorted({m.group(0) for t in texts for m in TEX.finditer(t)})
    assert not tex, f"{lang}: TeX in search snippets: {tex}"
    assert any("∂" in t or "∑" in t or "ℒ" in t for t in texts), f"{lang}: no formula in the snippets at all?"
    screenshot(page.page, f"search-{lang}-math", full_page=False)


@pytest.mark.parametrize(("lang", "term"), CASES)
def test_search_finds_the_lesson(shared_page, lang: str, term: str) -> None:
    page = shared_page(lang)
    found = paths(page.search(term))
    lesson = page_path(lang, "lesson")
    assert any(p.startswith(lesson) for p in found), f"searching {term!r} on the {lang} site found {found}"
    languages = {p.split("/")[1] if p.split("/")[1] in TERMS else "en" for p in found}
    assert languages == {lang}, f"results stay in the reader's language: {found}"
