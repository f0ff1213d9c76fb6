"""One course name (issue 10, item 17): the site title, the home page's heading, the lesson's heading and
the downloads say the same name in each language; texts write Latin digits in every language.

The name is the product's, from README.md's title: "Introduction to neural networks: the multi-layer
perceptron". ui.yml ``site.name`` of each language holds it; the home page's and the lesson's h1 and the
lab README's title use it as written there.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from site_html import LANGS, ROOT, html_files, mkdocs_config, page_file
from tools.sitebuild import languages

NATIVE_DIGITS = re.compile("[\u0966-\u096f\u09e6-\u09ef\u0c66-\u0c6f]")  # Devanagari, Bengali, Telugu


def course_name(lang: str) -> str:
    return str(languages.ui("site.name", lang, ROOT))


def h1(path: Path) -> str:
    match = re.search(r"^# (.+?)(?: \{#[\w-]+\})?$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path}: no h1"
    return match.group(1)


def search(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.DOTALL)
    assert match is not None, f"no {pattern}"
    return match.group(1)


def folder(lang: str) -> Path:
    return ROOT / ("docs" if lang == "en" else f"translations/{lang}")


def test_the_name_is_the_product_name():
    product = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
    assert course_name("en") == product
    assert mkdocs_config()["site_name"] == product


@pytest.mark.parametrize("lang", LANGS)
def test_title_headings_and_lab_readme_use_one_name(lang: str):
    name = course_name(lang)
    assert h1(folder(lang) / "index.md") == name, f"{lang}: the home page's heading"
    assert h1(folder(lang) / "lesson.md") == name, f"{lang}: the lesson's heading"
    readme = h1(folder(lang) / "lab" / "README.md")
    assert readme.startswith(f"{name} — "), f"{lang}: the lab README's title {readme!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_built_pages_and_archive_carry_the_name(site_dir: Path, lang: str):
    name = course_name(lang)
    home = page_file(site_dir, lang, "index.md").read_text(encoding="utf-8")
    page_title = html.unescape(search(r"<title>([^<]*)</title>", home))
    assert page_title == name or page_title.endswith(f" - {name}"), page_title
    title = search(r'<h1 id="home">(.*?)</h1>', home)
    assert html.unescape(re.sub(r"<[^>]+>|&para;|¶", "", title)).strip() == name
    lesson = page_file(site_dir, lang, "lesson.md").read_text(encoding="utf-8")
    assert html.unescape(search(r"<title>([^<]*)</title>", lesson)).endswith(f" - {name}")
    with zipfile.ZipFile(site_dir / "downloads" / f"mnist-lab-{lang}.zip") as archive:
        readme = archive.read("mnist-lab/README.md").decode("utf-8")
    assert readme.splitlines()[0].startswith(f"# {name} — ")


@pytest.mark.parametrize("lang", LANGS[1:])
def test_translations_write_latin_digits(lang: str):
    """Numbers in the texts, quiz scores and plot labels are Latin in every language (as the site's JavaScript
    formats them: numberingSystem "latn"); a native digit would mix the two."""
    stray = []
    for path in sorted((ROOT / "translations" / lang).rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yml", ".ipynb", ".svg", ".txt"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if NATIVE_DIGITS.search(line):
                    stray.append(f"{path.relative_to(ROOT)}:{number}")
    assert not stray, f"native digits in {stray}"


@pytest.mark.parametrize("lang", LANGS[1:])
def test_built_pages_write_latin_digits(site_dir: Path, lang: str):
    stray = []
    for path in html_files(site_dir / lang):
        text = re.sub(r"<(script|style)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        if NATIVE_DIGITS.search(text):
            stray.append(str(path.relative_to(site_dir)))
    assert not stray, f"native digits in {stray}"
