"""Languages: translations from translations/<lang>/ reach the site, the switcher
stays on the same page, and fallback/outdated pages carry their notices.

The notice tests build a small variant of the site (site_html.make_mini_site:
the real mkdocs.yml, hooks and theme, a few pages of their own) with a fresh,
a stale and a missing translation, so they do not depend on how far the real
translations have come.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from site_html import (
    LANGS,
    ROOT,
    TRANSLATED_LANGS,
    build_site,
    make_mini_site,
    nav_pages,
    page_file,
    page_url,
    resolve,
    scan_html,
)
from tools.sitebuild import languages

NOTICES = {lang: languages.ui("notices", lang, ROOT) for lang in TRANSLATED_LANGS}
PERMALINK = {lang: languages.ui("permalink", lang, ROOT) for lang in TRANSLATED_LANGS}
SCRIPT = {lang: languages.language(lang, ROOT).letter_class for lang in TRANSLATED_LANGS}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("lang", TRANSLATED_LANGS)
def test_notice_texts_exist_in_each_language_and_script(lang: str) -> None:
    texts = NOTICES[lang]
    kinds = {
        "not_translated": ("title", "text"),
        "outdated": ("title", "text", "link"),
        "outdated_english": ("title", "text", "link"),
    }
    for kind, keys in kinds.items():
        for key in keys:
            value = texts[kind][key]
            assert re.search(SCRIPT[lang], value), f"{lang}/ui.yml notices.{kind}.{key} is not in {lang}'s script"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title,src", nav_pages(), ids=[s for _, s in nav_pages()])
def test_language_switcher_goes_to_the_same_page(site_dir: Path, lang: str, title: str, src: str) -> None:
    page = page_file(site_dir, lang, src)
    text = page.read_text(encoding="utf-8")
    switcher = {
        hreflang: href
        for href, hreflang in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link"', text)
    }
    assert set(switcher) == set(LANGS), f"{lang}/{src}: switcher offers {sorted(switcher)}"
    for other, href in switcher.items():
        target, _ = resolve(site_dir, page, html.unescape(href))
        assert target == page_file(site_dir, other, src).resolve(), f"{lang}/{src}: {other} link {href} leads elsewhere"


# --------------------------------------------------------------------------- a small site
ENGLISH_LESSON = """
# Lesson {#lesson}

Gradient descent updates $\\theta \\leftarrow \\theta - \\eta \\nabla \\mathcal{L}$.

![A loss curve with three steps down its slope.](assets/figures/curve.svg)

## Next {#next}

Back [home](index.md#home).
"""
ENGLISH_INDEX = """
# Home {#home}

Read the [lesson](lesson.md#next).
"""
FIGURE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60">\n'
    '<defs><marker id="arrow"><path d="M0 0L4 2L0 4z"/></marker></defs>\n'
    '<line x1="10" y1="30" x2="150" y2="30" marker-end="url(#arrow)"/>\n'
    '<text x="10" y="20">{label}</text>\n</svg>\n'
)


def _front(source: str, digest: str) -> str:
    return f"---\ntranslation_of: {source}\nsource_sha256: {digest}\n---\n\n"


@pytest.fixture(scope="module")
def mini():
    """ru: fresh translations; bn: a stale lesson; te: nothing translated."""
    where = Path(tempfile.mkdtemp(prefix="ownframework-mini-"))
    yield _mini(where)
    shutil.rmtree(where, ignore_errors=True)


def _mini(where: Path):
    lesson = ENGLISH_LESSON.lstrip("\n")
    figure = FIGURE.format(label="loss")
    root = make_mini_site(
        where / "repo",
        docs={"index.md": ENGLISH_INDEX, "lesson.md": lesson, "assets/figures/curve.svg": figure},
        translations={
            "ru/lesson.md": _front("lesson.md", sha256(lesson))
            + "# Урок {#lesson}\n\nГрадиентный спуск: $\\theta \\leftarrow \\theta - \\eta \\nabla \\mathcal{L}$.\n\n"
            "![Кривая потерь и три шага вниз.](assets/figures/curve.svg)\n\n## Дальше {#next}\n\n"
            "Назад, на [главную](index.md#home).\n",
            "ru/assets/figures/curve.svg": FIGURE.format(label="потери"),
            "bn/lesson.md": _front("lesson.md", sha256("an older English lesson"))
            + "# পাঠ {#lesson}\n\nগ্রেডিয়েন্ট ডিসেন্ট $\\theta$ বদলায়।\n\n## এরপর {#next}\n\n[মূল পাতা](index.md#home)।\n",
        },
        nav=[{"Home": "index.md"}, {"Lesson": "lesson.md"}],
    )
    build = build_site(root, root / "site").check()
    return build


def _notice(text: str) -> str | None:
    match = re.search(r'data-translation="([a-z_]+)"', text)
    return match and match.group(1)


def test_translation_files_replace_the_english_page(mini) -> None:
    text = (mini.site / "ru" / "lesson" / "index.html").read_text(encoding="utf-8")
    assert "Градиентный спуск" in text and "Gradient descent updates" not in text
    assert _notice(text) is None, "a fresh translation shows a notice"


def test_translated_figure_is_used_and_inlined(mini) -> None:
    ru = (mini.site / "ru" / "lesson" / "index.html").read_text(encoding="utf-8")
    en = (mini.site / "lesson" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<svg[^>]*figure-svg[^>]*>\s*<title[^>]*>Кривая потерь и три шага вниз.</title>", ru)
    assert ">потери</text>" in ru and ">loss</text>" in en
    # ids are prefixed with the figure name, references follow
    assert 'id="curve-arrow"' in en and 'url(#curve-arrow)' in en and 'id="arrow"' not in en
    # a language without its own copy gets the English figure
    te = (mini.site / "te" / "lesson" / "index.html").read_text(encoding="utf-8")
    assert ">loss</text>" in te


def test_stale_translation_shows_outdated_notice_with_link_to_english(mini) -> None:
    page = mini.site / "bn" / "lesson" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "গ্রেডিয়েন্ট ডিসেন্ট" in text, "the stale translation itself is still shown"
    assert _notice(text) == "outdated"
    notice = NOTICES["bn"]["outdated"]
    assert html.escape(notice["title"]) in text and html.escape(notice["text"]) in text
    link = re.search(r'<a href="([^"]+)" hreflang="en">' + re.escape(html.escape(notice["link"])), text)
    assert link, "the outdated notice does not link the English original"
    target, _ = resolve(mini.site, page, link.group(1))
    assert target == (mini.site / "lesson" / "index.html").resolve()


def test_missing_translation_falls_back_to_english_with_notice(mini) -> None:
    text = (mini.site / "te" / "lesson" / "index.html").read_text(encoding="utf-8")
    assert "Gradient descent updates" in text
    assert _notice(text) == "not_translated"
    notice = NOTICES["te"]["not_translated"]
    assert html.escape(notice["title"]) in text and html.escape(notice["text"]) in text
    assert '<div lang="en">' in text, "the English fallback content is not marked lang=en"
    assert scan_html(mini.site / "te" / "lesson" / "index.html").lang == "te"


def test_english_and_fresh_pages_have_no_notice(mini) -> None:
    for path in ("lesson/index.html", "index.html", "ru/lesson/index.html"):
        assert _notice((mini.site / path).read_text(encoding="utf-8")) is None, path
    # index.md is not translated into ru: it falls back, with the notice in Russian
    text = (mini.site / "ru" / "index.html").read_text(encoding="utf-8")
    assert _notice(text) == "not_translated" and html.escape(NOTICES["ru"]["not_translated"]["title"]) in text


def test_editing_english_makes_the_translation_outdated(mini, tmp_path) -> None:
    """The hash is of the English file's bytes: one changed character is enough."""
    lesson = mini.root / "docs" / "lesson.md"
    original = lesson.read_text(encoding="utf-8")
    try:
        lesson.write_text(original.replace("three steps", "four steps"), encoding="utf-8")
        build = build_site(mini.root, tmp_path / "site").check()
        assert _notice((build.site / "ru" / "lesson" / "index.html").read_text(encoding="utf-8")) == "outdated"
    finally:
        lesson.write_text(original, encoding="utf-8")


def test_mini_site_search_finds_each_language(mini) -> None:
    for lang, word in (("ru", "Градиентный"), ("bn", "গ্রেডিয়েন্ট")):
        index = json.loads((mini.site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert any(word in doc["text"] or word in doc["title"] for doc in index["docs"]), f"{lang}: {word}"


def test_real_translations_are_used(site_dir: Path) -> None:
    """Every translated page in translations/<lang>/ is what that language's page shows."""
    for lang in TRANSLATED_LANGS:
        for _, src in nav_pages():
            translated = ROOT / "translations" / lang / src
            page = page_file(site_dir, lang, src)
            text = page.read_text(encoding="utf-8")
            if translated.is_file():
                assert _notice(text) in (None, "outdated", "outdated_english"), f"{lang}/{src}: translation not used"
            else:
                assert _notice(text) == "not_translated", f"{lang}/{src}: fallback without notice"
            assert page_url(src) in page.relative_to(site_dir).as_posix() or src == "index.md"


# --------------------------------------------------------------------------- notebooks
def _notebook(markdown: list[str], code: list[str], translation: dict | None = None) -> str:
    cells: list[dict[str, object]] = [
        {"cell_type": "markdown", "id": f"md{i}", "metadata": {}, "source": text} for i, text in enumerate(markdown)
    ]
    cells += [
        {"cell_type": "code", "id": f"code{i}", "metadata": {}, "source": text, "outputs": [], "execution_count": None}
        for i, text in enumerate(code)
    ]
    metadata: dict[str, object] = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python"}}
    if translation:
        metadata["translation"] = translation
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def test_notebook_pages_in_every_language_with_notices():
    """.ipynb pages are HTML pages in every language (mkdocs-static-i18n issue #198),
    and a stale translated notebook whose code changed shows the English notebook
    with the notice saying so (tools/sitebuild/notebooks + notices.py)."""
    english = _notebook(["# Sums <a id=\"sums\"></a>\n\nWe add $a + b$."], ["print(40 + 2)"])
    digest = sha256(english)
    where = Path(tempfile.mkdtemp(prefix="ownframework-mini-nb-"))
    try:
        root = make_mini_site(
            where / "repo",
            docs={"index.md": "# Home {#home}\n\nSee [the notebook](sums.ipynb#sums).\n", "sums.ipynb": english},
            translations={
                "bn/sums.ipynb": _notebook(["# যোগফল <a id=\"sums\"></a>\n\nআমরা $a + b$ যোগ করি।"],
                                           ["print(40 + 2)"], {"source": "sums.ipynb", "source_sha256": digest}),
                "ru/sums.ipynb": _notebook(["# Суммы <a id=\"sums\"></a>\n\nСкладываем $a + b$."],
                                           ["print(40 + 1)"], {"source": "sums.ipynb", "source_sha256": "0" * 64}),
            },
            nav=[{"Home": "index.md"}, {"Sums": "sums.ipynb"}],
        )
        build = build_site(root, root / "site").check()
        pages = {lang: (build.site / ("" if lang == "en" else lang) / "sums" / "index.html").read_text(encoding="utf-8")
                 for lang in LANGS}
        for lang, text in pages.items():
            assert '"cell_type"' not in text and "jp-Cell" in text, f"{lang}: the notebook is not an HTML page"
            assert "42" in text, f"{lang}: the executed output is missing"
            assert 'class="katex' in text, f"{lang}: math in a Markdown cell was not typeset"
            assert 'id="sums"' in text
        assert "যোগফল" in pages["bn"] and _notice(pages["bn"]) is None
        assert _notice(pages["ru"]) == "outdated_english" and "Суммы" not in pages["ru"] and "Sums" in pages["ru"]
        assert html.escape(NOTICES["ru"]["outdated_english"]["text"]) in pages["ru"]
        assert _notice(pages["te"]) == "not_translated"
    finally:
        shutil.rmtree(where, ignore_errors=True)


@pytest.mark.parametrize("lang", TRANSLATED_LANGS)
def test_site_chrome_speaks_the_page_language(site_dir: Path, lang: str) -> None:
    """Heading permalinks carry a title in the page's language (toc sets one title for all
    languages; tools/sitebuild/notices.py translates it), and Material's Bengali words are spelled right."""
    page = page_file(site_dir, lang, "lesson.md").read_text(encoding="utf-8")
    assert 'title="Permanent link"' not in page
    assert f'class="headerlink" href="#gradient-descent" title="{PERMALINK[lang]}"' in page
    if lang == "bn":
        assert "ভাষা নির্বাচন করুন" in page and "করুণ" not in page
