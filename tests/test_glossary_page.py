"""The glossary page (issue 10, item 7): the lesson's terms in every language, generated from the glossaries.

docs/glossary.yml lists the terms (English term, lesson anchor, English
definition); each translations/<lang>/glossary.yml gives the term in that
language and its ``definition``. The page (docs/glossary.md and translations)
holds a placeholder that tools/sitebuild/glossary_page.py fills with the table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_html import LANGS, ROOT, TRANSLATED_LANGS, nav_pages, page_file, resolve
from tools.i18n.definitions import english_terms
from tools.i18n.glossary import GLOSSARY_FILE, load_glossary
from tools.sitebuild import languages

PAGE = "glossary.md"
ANCHOR = re.compile(r"\{#([a-z0-9-]+)\}")


def glossary(lang: str) -> dict:
    entries, problems = load_glossary(ROOT / "translations" / lang / GLOSSARY_FILE)
    assert not problems, [str(p) for p in problems]
    return {entry.en: entry for entry in entries}


def test_terms_are_listed_once_with_an_anchor_of_the_lesson() -> None:
    terms, problems = english_terms(ROOT)
    assert not problems, [str(p) for p in problems]
    assert 25 <= len(terms) <= 60, f"{len(terms)} terms: the glossary is about the lesson's main terms"
    lesson_anchors = set(ANCHOR.findall((ROOT / "docs" / "lesson.md").read_text(encoding="utf-8")))
    wrong = [(t.en, t.lesson) for t in terms if t.lesson not in lesson_anchors]
    assert not wrong, f"docs/glossary.yml points to anchors docs/lesson.md does not have: {wrong}"
    for t in terms:
        assert t.definition.endswith("."), f"{t.en}: a definition is one sentence"
        assert len(t.definition.split()) <= 35, f"{t.en}: a definition is one short sentence"


@pytest.mark.parametrize("lang", TRANSLATED_LANGS)
def test_every_term_has_a_rendering_and_a_definition_in_every_language(lang: str) -> None:
    entries = glossary(lang)
    terms, _ = english_terms(ROOT)
    missing = [t.en for t in terms if t.en not in entries]
    assert not missing, f"translations/{lang}/glossary.yml has no entry for {missing}"
    undefined = [t.en for t in terms if not entries[t.en].definition]
    assert not undefined, f"translations/{lang}/glossary.yml: no definition for {undefined}"
    script = languages.language(lang, ROOT).letter_class
    for t in terms:
        assert re.search(script, entries[t.en].definition), f"{lang}: the definition of {t.en} is not in {lang}"


def test_the_page_is_in_the_navigation_in_every_language() -> None:
    assert PAGE in [src for _, src in nav_pages()], "mkdocs.yml nav lists glossary.md"
    title = next(title for title, src in nav_pages() if src == PAGE)
    for lang in LANGS:
        nav = languages.ui_words(lang, ROOT).get("nav", {})
        assert nav.get(title), f"{languages.ui_path(lang, ROOT)}: nav has no title for {title!r}"
        words = languages.ui("glossary", lang, ROOT)
        assert all(words.get(key) for key in ("caption", "definition", "lesson")), f"{lang}: glossary words"


def _table(site_dir: Path, lang: str) -> BeautifulSoup:
    path = page_file(site_dir, lang, PAGE)
    assert path.is_file(), f"no built glossary page for {lang}"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one(".glossary-table table")
    assert table is not None, f"{lang}: the placeholder was not filled"
    return soup


@pytest.mark.parametrize("lang", LANGS)
def test_built_table_has_every_term_in_four_languages(site_dir: Path, lang: str) -> None:
    soup = _table(site_dir, lang)
    assert soup.html is not None and soup.html.get("lang") == lang
    terms, _ = english_terms(ROOT)
    glossaries = {code: glossary(code) for code in TRANSLATED_LANGS}
    words = languages.ui("glossary", lang, ROOT)
    header = [th.get_text(strip=True) for th in soup.select(".glossary-table thead th")]
    names = [language.name for language in languages.all_languages(ROOT)]
    assert header == [*names, words["definition"], words["lesson"]], header
    rows = soup.select(".glossary-table tbody tr")
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows), "rows sorted by the English term"
    assert len(rows) == len(terms)
    by_id = {row["id"]: row for row in rows}
    for term in terms:
        row = by_id[f"term-{re.sub(r'[^a-z0-9]+', '-', term.en).strip('-')}"]
        cells = row.find_all(["th", "td"], recursive=False)
        assert cells[0].name == "th" and cells[0].get("scope") == "row" and cells[0].get_text() == term.term
        for cell, code in zip(cells[1:len(names)], TRANSLATED_LANGS, strict=True):
            assert cell.get("lang") == code and cell.get_text() == glossaries[code][term.en].term, (lang, term.en)
        definition = term.definition if lang == "en" else glossaries[lang][term.en].definition
        assert cells[-2].get_text() == definition and not cells[-2].get("lang"), (lang, term.en)
        link = cells[-1].find("a")
        assert link is not None and str(link["href"]).endswith(f"#{term.lesson}")
        own = cells[[language.code for language in languages.all_languages(ROOT)].index(lang)]
        assert "glossary__own" in own.get_attribute_list("class"), f"{lang}: the page's own language is marked"


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_links_land_on_the_section_in_the_same_language(site_dir: Path, lang: str) -> None:
    document = page_file(site_dir, lang, PAGE)
    soup = _table(site_dir, lang)
    lesson = page_file(site_dir, lang, "lesson.md")
    lesson_soup = BeautifulSoup(lesson.read_text(encoding="utf-8"), "html.parser")
    for link in soup.select(".glossary-table td.glossary__lesson a"):
        target, fragment = resolve(site_dir, document, link["href"])
        assert target == lesson, f"{lang}: {link['href']} leaves the {lang} lesson"
        heading = lesson_soup.find(id=fragment)
        assert heading is not None, f"{lang}: the lesson has no #{fragment}"
        assert link.get_text(strip=True) == heading.get_text(strip=True).rstrip("¶").strip(), (
            f"{lang}: the link to #{fragment} is not named by the section's heading"
        )


def test_glossary_data_is_not_published(site_dir: Path) -> None:
    assert not list(site_dir.rglob("glossary.yml")), "glossary.yml is a source of the page, not a site file"
