"""The lesson page as a reader sees it: formulas typeset by KaTeX at build
time (no raw TeX left), and Bengali and Telugu drawn with the bundled Noto
fonts, not with whatever the reader's system happens to have."""

from __future__ import annotations

import re

import pytest

from .support import (
    LANGS,
    NOTO,
    assert_script_drawn_with_noto,
    platform_fonts,
    screenshot,
)

RAW_TEX = re.compile(r"\$\$|\\frac|\\mathcal|\\sum|\\partial|\\begin\{|\\\(|\\\[")

# Marks a letter of a display formula (an element with its own text node).
MARK_MATH_LEAF_JS = """() => {
  const leaf = [...document.querySelectorAll('article .katex-display .katex-html .mathnormal')]
    .find(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  if (leaf) leaf.dataset.fontProbe = 'math';
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_math_is_typeset(open_page, lang: str) -> None:
    page = open_page(lang, "lesson")
    text = page.locator("article").first.inner_text()
    leftovers = sorted(set(RAW_TEX.findall(text)))
    assert not leftovers, f"{lang}: raw TeX visible in the lesson: {leftovers}"
    assert page.locator("article .katex").count() >= 20
    assert page.locator("article .katex-display").count() >= 5
    assert page.locator("article .katex-error").count() == 0
    # The formulas are drawn with KaTeX's own (self-hosted) fonts.
    page.evaluate(MARK_MATH_LEAF_JS)
    fonts = platform_fonts(page, "[data-font-probe=math]")
    katex = [f for f in fonts if f["familyName"].startswith("KaTeX_")]
    assert katex and all(f["isCustomFont"] for f in katex), f"{lang}: formula fonts {fonts}"


@pytest.mark.parametrize("lang", sorted(NOTO))
def test_lesson_text_is_drawn_with_the_bundled_noto_font(open_page, lang: str) -> None:
    page = open_page(lang, "lesson")
    assert_script_drawn_with_noto(page, lang, ["h1", "h2", "h3", "p"])
    page.locator("article h1").first.scroll_into_view_if_needed()
    screenshot(page, f"{lang}-lesson-top", full_page=False)
