"""The whole site builds strictly, and every page exists, rendered, in all four languages."""

from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path

import pytest

from site_html import LANGS, ROOT, i18n_languages, nav_pages, page_file, scan_html
from tools.sitebuild import languages

PAGES = nav_pages()
NOTEBOOKS = [src for _, src in PAGES if src.endswith(".ipynb")]


def test_build_is_strict_and_clean(built_site) -> None:
    if not built_site.log:
        pytest.skip("TEST_SITE_DIR: the site was built elsewhere")
    problems = [line for line in built_site.log.splitlines() if re.match(r"\s*(WARNING|ERROR)\b", line)]
    assert not problems, "the build printed:\n" + "\n".join(problems)
    assert "strict" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title,src", PAGES, ids=[src for _, src in PAGES])
def test_every_page_exists_in_every_language(site_dir: Path, lang: str, title: str, src: str) -> None:
    path = page_file(site_dir, lang, src)
    assert path.is_file(), f"{src} has no {lang} page at {path.relative_to(site_dir)}"
    assert scan_html(path).lang == lang


@pytest.mark.parametrize("lang", LANGS)
def test_site_name_and_navigation_are_in_the_language(site_dir: Path, lang: str) -> None:
    config = next(c for c in i18n_languages() if c["locale"] == lang)
    text = page_file(site_dir, lang, "index.md").read_text(encoding="utf-8")
    site_name = config.get("site_name")
    if site_name:
        assert f"<title>{html.escape(site_name)}</title>" in text or html.escape(site_name) in text
    for english, translated in (config.get("nav_translations") or {}).items():
        assert html.escape(translated) in text, f"{lang}: nav entry {english!r} is not shown as {translated!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", NOTEBOOKS)
def test_notebook_pages_are_rendered_html_with_images(site_dir: Path, lang: str, src: str) -> None:
    path = page_file(site_dir, lang, src)
    text = path.read_text(encoding="utf-8")
    assert '"cell_type"' not in text and '"nbformat"' not in text, f"{path}: the notebook came out as JSON"
    assert "jp-Cell" in text and "jp-OutputArea" in text, f"{path}: no rendered notebook cells"
    images = [url for kind, url in scan_html(path).assets if kind == "img.src"]
    assert images, f"{path}: a notebook page without a single plot"
    for url in images:
        assert not url.startswith("data:"), f"{path}: plot inlined as a data URI"
        assert (path.parent / url).resolve().is_file(), f"{path}: plot {url} is missing"


MATH_LEFT = re.compile(r'class="arithmatex">\s*\\[\[(]|\$\$')


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("title,src", PAGES, ids=[src for _, src in PAGES])
def test_math_is_typeset_at_build_time(site_dir: Path, lang: str, title: str, src: str) -> None:
    text = page_file(site_dir, lang, src).read_text(encoding="utf-8")
    if 'class="arithmatex"' not in text:  # (site.css, inlined in every page, names the class)
        return
    assert 'class="katex' in text
    left = MATH_LEFT.findall(text)
    assert not left, f"{lang}/{src}: {len(left)} formulas left as TeX"
    assert "katex.min.js" not in text and "mathjax" not in text.lower()


def test_lesson_figures_are_inline_svg_with_their_alt_text(site_dir: Path) -> None:
    source = (ROOT / "docs" / "lesson.md").read_text(encoding="utf-8")
    figures = re.findall(r"!\[([^\]]*)\]\((assets/figures/[^)]+\.svg)\)", source)
    assert figures, "the lesson shows no figure"
    for lang in LANGS:
        text = page_file(site_dir, lang, "lesson.md").read_text(encoding="utf-8")
        assert not re.search(r"<img[^>]+assets/figures/[^>]+\.svg", text), f"{lang}: a figure stayed an <img>"
        svgs = re.findall(r'<svg[^>]*class="figure-svg[^"]*"[^>]*>\s*<title[^>]*>(.*?)</title>', text, re.DOTALL)
        assert len(svgs) >= len(figures), f"{lang}: {len(svgs)} inline figures, the lesson has {len(figures)}"
    english = page_file(site_dir, "en", "lesson.md").read_text(encoding="utf-8")
    title = r'class="figure-svg[^"]*"[^>]*>\s*<title[^>]*>(.*?)</title>'
    titles = [html.unescape(t) for t in re.findall(title, english, re.DOTALL)]
    for alt, _ in figures:
        assert alt in titles, f"alt text not kept as the figure's <title>: {alt[:60]}..."


def test_search_index_is_split_per_language(site_dir: Path) -> None:
    english = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["docs"], "the English search index is empty"
    assert not [d for d in english["docs"] if d["location"].split("/")[0] in LANGS[1:]]
    for lang in LANGS[1:]:
        index = json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["docs"], f"{lang}: empty search index"
        # one tokenizer for every script; "site": Material's worker loads the site's search as a lunr language
        assert index["config"]["lang"] == ["site"]
        locations = {d["location"].split("#")[0] for d in index["docs"]}
        for _, src in PAGES:
            url = page_file(site_dir, lang, src).parent.relative_to(site_dir / lang).as_posix()
            assert ("" if url == "." else url + "/") in locations, f"{lang}: {src} is not in its search index"
        config = re.search(
            r'<script id="__config" type="application/json">(.*?)</script>',
            page_file(site_dir, lang, "lesson.md").read_text(encoding="utf-8"), re.DOTALL,
        )
        assert config, f"{lang}: the lesson has no Material configuration"
        assert json.loads(config.group(1))["base"] == "../", f"{lang}: search does not use the {lang} index"


def test_search_tokens_keep_bengali_and_telugu_words_whole(site_dir: Path) -> None:
    """Material splits the index text with the configured separator: it must not
    cut words at vowel signs, viramas or ZWNJ (a token would then start with a
    combining mark), and it must split at the Bengali danda."""
    import unicodedata

    for lang in [lang.code for lang in languages.all_languages(ROOT) if lang.joiners]:  # Indic scripts
        index = json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        separator = re.compile(index["config"]["separator"])
        text = " ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in index["docs"])
        tokens = {t for t in separator.split(text) if t}
        native = [t for t in tokens if re.search(languages.language(lang, ROOT).letter_class, t)]
        assert len(native) > 20, f"{lang}: the search index holds almost no {lang} words"
        broken = [t for t in native if unicodedata.category(t[0]) in ("Mn", "Mc") or t[0] in "\u200c\u200d"]
        assert not broken, f"{lang}: words cut inside: {broken[:10]}"
        assert not [t for t in tokens if "\u0964" in t], f"{lang}: tokens glued across a danda"


TEX = re.compile(r"\\(?:frac|partial|mathcal|mathbb|sum|text|big|left|right|hat|[()\[\]])")


def test_search_index_text_has_readable_math_not_tex(site_dir: Path) -> None:
    """Result snippets come from the index's text: formulas as readable text (∂ℒ/∂W₂), no TeX."""
    for lang in LANGS:
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        index = json.loads((site_dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        prose = [re.sub(r"<pre>.*?</pre>|<code>.*?</code>", " ", d["title"] + " " + d["text"], flags=re.DOTALL)
                 for d in index["docs"]]
        tex = sorted({m.group(0) for text in prose for m in TEX.finditer(text)})
        assert not tex, f"{lang}: TeX left in the search index: {tex}"
        assert any("∂ℒ/∂" in text for text in prose), f"{lang}: no readable derivative in the index"


def test_search_index_carries_the_glossary_and_the_worker_its_scripts(site_dir: Path) -> None:
    """The site's search: the glossary's groups of spellings per language, and the lunr
    'language' Material's worker loads (with what it imports, relative to the worker)."""
    for lang in LANGS[1:]:
        index = json.loads((site_dir / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
        groups = index["config"]["fields"]["synonyms"]["groups"]
        assert len(groups) > 20 and all(g["terms"] and g["variants"] for g in groups), f"{lang}: {groups[:3]}"
    lunr = site_dir / "assets" / "javascripts" / "lunr" / "min"
    plugin = (lunr / "lunr.site.min.js").read_text(encoding="utf-8")
    workers = site_dir / "assets" / "javascripts" / "workers"
    for imported in re.findall(r'"(\.\./[^"]+\.js)"', plugin.split("importScripts(", 1)[1].split(")", 1)[0]):
        assert (workers / imported).resolve().is_file(), f"lunr.site.min.js imports {imported}: missing"


LEARNING_ORDER = ["index.md", "quiz-pre.md", "lesson.md", "framework.ipynb", "mnist-lab.ipynb", "quiz-post.md",
                  "running-locally.md"]


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_and_next_links_follow_the_learning_order(site_dir: Path, lang: str) -> None:
    """The home page says: pre-lecture quiz, lesson, the two notebooks, post-lecture quiz."""
    sources = [src for _, src in nav_pages()]
    assert [s for s in sources if s in LEARNING_ORDER] == LEARNING_ORDER
    for here, there in itertools.pairwise(LEARNING_ORDER):
        page = page_file(site_dir, lang, here)
        text = page.read_text(encoding="utf-8")
        link = re.search(r'<link rel="next" href="([^"]+)"', text)
        assert link, f"{lang}/{here}: no next page"
        target = (page.parent / link.group(1)).resolve()
        assert target in (page_file(site_dir, lang, there).resolve(), page_file(site_dir, lang, there).resolve().parent)


@pytest.mark.parametrize("lang", LANGS)
def test_third_party_page_names_everything_the_site_redistributes(site_dir: Path, lang: str) -> None:
    """Every Python wheel served for the in-browser runner, the fonts and KaTeX are listed with a licence."""
    text = page_file(site_dir, lang, "third-party.md").read_text(encoding="utf-8").lower()
    wheels = sorted((site_dir / "assets" / "pyodide").glob("*.whl"))
    assert wheels, "the site serves no Pyodide wheels"
    for wheel in wheels:
        name, version = wheel.name.split("-")[:2]
        name = name.replace("_", "-").lower()
        assert name in text and version in text, f"{lang}: the third-party page lacks {name} {version}"
    named = ("pyodide", "katex", "noto sans bengali", "noto sans telugu", "codemirror", "mpl-2.0", "open font license")
    for name in named:
        assert name in text or name.upper() in text.upper(), f"{lang}: the third-party page does not name {name}"
