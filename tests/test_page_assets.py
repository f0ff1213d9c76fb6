"""What each page loads (issue 13), asserted on the built site without timing anything:
no quiz files without a quiz, no math stylesheet or font without math, small
stylesheets inline, KaTeX's fonts cut down without losing a character the math
uses, off-screen sections wrapped only where the spacing stays the same, and a
precompressed twin (.gz, .br) of every text file with the same bytes inside.
The speed itself is measured by `python -m tools.measure.lighthouse` (not a test)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from fontTools.ttLib import TTFont

from site_html import LANGS, ROOT, nav_pages, page_file
from tools.measure import page_weight
from tools.sitebuild import page_assets, precompress

PAGES = [src for _, src in nav_pages()]


def built(site_dir: Path) -> list[tuple[str, str, str]]:
    """(lang, src, html) of every page in the navigation, in every language."""
    return [(lang, src, page_file(site_dir, lang, src).read_text(encoding="utf-8"))
            for lang in LANGS for src in PAGES]


def loads(html: str, asset: str) -> bool:
    """The page links, sources or inlines the site file ``asset``."""
    return bool(re.search(rf'(?:href|src)="[^"]*{re.escape(asset)}"|data-inlined="{re.escape(asset)}"', html))


# --------------------------------------------------------------------------- the built site
def test_only_pages_with_a_quiz_load_the_quiz(site_dir: Path) -> None:
    with_quiz = 0
    for lang, src, html in built(site_dir):
        quiz = 'class="quiz"' in html
        with_quiz += quiz
        assert loads(html, page_assets.QUIZ_JS) == quiz, f"{lang}/{src}: quiz.js {'missing' if quiz else 'loaded'}"
        if not quiz and "quiz-progress" not in html:  # (the home page shows the quizzes' progress)
            assert not loads(html, page_assets.QUIZ_CSS), f"{lang}/{src}: quiz.css without a quiz"
    assert with_quiz >= 2 * len(LANGS), "the quiz pages are not quizzes any more"


def test_quiz_script_comes_right_after_the_last_quiz(site_dir: Path) -> None:
    """Inline, so the quiz is built while the page is parsed: nothing moves when it appears."""
    for lang, src, html in built(site_dir):
        if 'class="quiz"' not in html:
            continue
        quizzes = list(page_assets.QUIZ_END.finditer(html))
        assert quizzes and html[quizzes[-1].end():].startswith(f'<script data-inlined="{page_assets.QUIZ_JS}">'), \
            f"{lang}/{src}: quiz.js is not inline right after the quiz"


def test_only_pages_with_math_load_math_css_and_fonts(site_dir: Path) -> None:
    with_math = 0
    for lang, src, html in built(site_dir):
        math = 'class="katex' in html
        with_math += math
        assert loads(html, page_assets.KATEX_CSS) == math, f"{lang}/{src}: KaTeX CSS {'missing' if math else 'loaded'}"
        fonts = [r.url for r in page_weight.measure(site_dir, page_file(site_dir, lang, src).relative_to(site_dir)
                                                    .as_posix()).resources if "/katex/" in r.url]
        assert bool(fonts) == math, f"{lang}/{src}: KaTeX fonts {fonts} on a page {'with' if math else 'without'} math"
    assert with_math >= 3 * len(LANGS)


def test_small_stylesheets_are_inline_and_urls_still_resolve(site_dir: Path) -> None:
    html = page_file(site_dir, "bn", "lesson.md").read_text(encoding="utf-8")
    for asset in ("assets/css/site.css", "assets/vendor/fonts/fonts.css", page_assets.KATEX_CSS):
        assert f'data-inlined="{asset}"' in html and f'href="../../{asset}"' not in html, asset
    css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL))
    page = page_file(site_dir, "bn", "lesson.md")
    for url in set(re.findall(r"url\(([^)'\"]+)\)", css)):
        if not url.startswith("data:"):
            assert (page.parent / url).resolve().is_file(), f"bn/lesson: inlined CSS names {url}, not in the site"


def test_katex_fonts_keep_every_character_of_the_math(site_dir: Path) -> None:
    pages = {path: path.read_text(encoding="utf-8") for path in page_assets.built_pages(site_dir)}
    _, chars = page_assets.math_classes_and_text(pages)
    assert len(chars) > 40
    originals = ROOT / "node_modules" / "katex" / "dist" / "fonts"
    fonts = sorted((site_dir / "assets" / "vendor" / "katex" / "fonts").glob("*.woff2"))
    assert fonts
    smaller = 0
    for font in fonts:
        subset = set(TTFont(font).getBestCmap())
        original = set(TTFont(originals / font.name).getBestCmap())
        lost = {c for c in chars if ord(c) in original and ord(c) not in subset}
        assert not lost, f"{font.name} lost {sorted(lost)}"
        smaller += font.stat().st_size < (originals / font.name).stat().st_size
    assert smaller >= 3, "KaTeX's fonts are not cut down"


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_renders_its_offscreen_sections_lazily(site_dir: Path, lang: str) -> None:
    html = page_file(site_dir, lang, "lesson.md").read_text(encoding="utf-8")
    runs = re.findall(r'<div class="cv-auto cv-run[^"]*" style="[^"]*">(<[a-z0-9]+)', html)
    assert len(runs) >= 5, f"{lang}/lesson: {len(runs)} sections wrapped"
    assert set(runs) <= {"<p", "<div"}, "a wrapped run starts with something other than a paragraph or formula"
    assert not re.search(r'<div class="cv-auto[^>]*>\s*<h[1-6]', html), "a heading is inside a wrapper"


def test_every_text_file_has_precompressed_twins_with_the_same_bytes(site_dir: Path) -> None:
    files = precompress.text_assets(site_dir)
    assert len(files) > 50
    kinds = {p.suffix for p in files}
    assert {".html", ".css", ".js", ".json", ".svg"} <= kinds
    for path in files:
        data = path.read_bytes()
        for twin, unpack in ((".gz", gzip.decompress), (".br", brotli.decompress)):
            packed = path.with_name(path.name + twin)
            if not packed.is_file():
                # a twin is left out only where compressing does not make the file smaller
                assert len(data) < 1000, f"{path.relative_to(site_dir)} has no {twin} twin"
                continue
            assert unpack(packed.read_bytes()) == data, f"{packed.relative_to(site_dir)} is stale"
    assert not list((site_dir / "downloads").rglob("*.br")), "downloads are files to save, not compressed twins"


# --------------------------------------------------------------------------- the transformations
ARTICLE = '<article class="md-content__inner md-typeset">{}</article>'


def test_wrapping_keeps_headings_and_code_outside_and_starts_at_paragraphs() -> None:
    long_text = "word " * 600
    body = (f"<h1>T</h1><p>{long_text}</p>"
            + "".join(f'<h2 id="s{i}">S</h2><div class="admonition"><p>x</p></div>'
                      + "".join(f"<p>{'<span>a</span>' * 30} {long_text}</p>" for _ in range(2))
                      + '<div class="highlight"><pre><span></span><code>x = 1</code></pre></div>'
                      + "<p>after code</p><ul><li>end</li></ul>" for i in range(3)))
    html = "<html><body>" + ARTICLE.format(body) + "</body></html>"
    page_assets.CV_MIN_ELEMENTS, saved = 10, page_assets.CV_MIN_ELEMENTS
    try:
        out = page_assets.wrap_offscreen(html)
    finally:
        page_assets.CV_MIN_ELEMENTS = saved
    wrappers = re.findall(r'<div class="cv-auto cv-run[^"]*" style="([^"]*)">(.*?)</div>(?!</div>)', out, re.DOTALL)
    assert len(wrappers) == 3
    for style, inner in wrappers:
        assert "--cv-t:" in style
        assert inner.startswith("<p>") and inner.endswith("</p>")
        assert "<h2" not in inner and "highlight" not in inner and "admonition" not in inner
    # the text is all still there, in the same order
    assert re.sub(r'<div class="cv-auto[^>]*>|</div>', "", out) == re.sub(r"</div>", "", html)


def test_small_pages_are_left_alone() -> None:
    html = "<html><body>" + ARTICLE.format("<h1>T</h1><p>short</p><h2>S</h2><p>text</p>") + "</body></html>"
    assert page_assets.wrap_offscreen(html) == html


def test_katex_css_pruning_keeps_rules_for_used_classes() -> None:
    css = ("@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2)}"
           "@font-face{font-family:KaTeX_Fraktur;src:url(fonts/KaTeX_Fraktur-Regular.woff2)}"
           ".katex{font:normal 1.21em KaTeX_Main}.katex .mathfrak{font-family:KaTeX_Fraktur}"
           ".katex .accent .accent-body:not(.accent-full){width:0}")
    out = page_assets.prune_katex_css(css, {"katex", "accent", "accent-body"})
    assert "KaTeX_Main-Regular" in out and ".accent-body:not(.accent-full)" in out
    assert "mathfrak" not in out and "Fraktur" not in out


def test_inlined_css_urls_are_rebased_for_the_page() -> None:
    css = "a{background:url(fonts/x.woff2)} b{background:url(data:image/png;base64,AA)}"
    out = page_assets.rebase_css(css, "assets/vendor/katex/katex.min.css", "bn/lesson/index.html")
    assert "url(../../assets/vendor/katex/fonts/x.woff2)" in out and "url(data:image/png;base64,AA)" in out


def test_code_blocks_are_focusable_before_material_sets_them_up() -> None:
    html = '<pre><span></span><code>x</code></pre><pre><code tabindex="-1">y</code></pre>'
    assert page_assets.focusable_code(html) == \
        '<pre><span></span><code tabindex="0">x</code></pre><pre><code tabindex="-1">y</code></pre>'


def test_precompress_writes_identical_twins(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("body{color:red}\n" * 200)
    (tmp_path / "b.woff2").write_bytes(b"\0" * 4000)
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "n.ipynb").write_text("{}" * 2000)
    precompress.precompress_site(tmp_path, tmp_path.parent / "cache")
    assert gzip.decompress((tmp_path / "a.css.gz").read_bytes()) == (tmp_path / "a.css").read_bytes()
    assert brotli.decompress((tmp_path / "a.css.br").read_bytes()) == (tmp_path / "a.css").read_bytes()
    assert not (tmp_path / "b.woff2.gz").exists() and not (tmp_path / "downloads" / "n.ipynb.gz").exists()
