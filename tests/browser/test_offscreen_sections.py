"""Off-screen sections (issue 13): the build wraps long runs of the lesson and the
notebooks in <div class="cv-auto"> (content-visibility: auto) so a phone styles and
lays out only what is near the viewport. Once rendered, every formula, paragraph,
heading and cell must sit exactly where it sat without the wrappers (their margins
are handled in site.css), on a desktop and on a phone; the math stays in the
page for screen readers (KaTeX's MathML) and for find-in-page."""

from __future__ import annotations

import pytest

# Scroll through the page (every section gets rendered once), then show every
# section as a reader near it sees it: rendered, with the containment that
# content-visibility: auto keeps.
RENDER_ALL_JS = """async () => {
  await document.fonts.ready;
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  scrollTo(0, 0);
  const style = document.createElement('style');
  style.textContent = '.cv-auto{content-visibility:visible!important;contain:layout style paint!important}';
  document.head.append(style);
  await document.fonts.ready;
  return document.querySelectorAll('.cv-auto').length;
}"""

BOXES_JS = """() => [...document.querySelectorAll(
    'article .katex, article .katex-html > .base, article p, article h2, article h3, article li, .jp-Cell, .md-footer')]
  .map(e => { const r = e.getBoundingClientRect();
              return [e.tagName, Math.round((r.left + scrollX) * 64), Math.round((r.top + scrollY) * 64),
                      Math.round(r.width * 64), Math.round(r.height * 64)]; })"""

# The page as it was before the build wrapped anything.
UNWRAP_JS = """() => {
  for (const wrapper of document.querySelectorAll('div.cv-run')) wrapper.replaceWith(...wrapper.childNodes);
  for (const cell of document.querySelectorAll('.cv-auto')) {
    cell.classList.remove('cv-auto');
    cell.removeAttribute('style');
  }
  return document.querySelectorAll('.cv-auto').length;
}"""


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 740)], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang,page", [("en", "lesson"), ("bn", "lesson"), ("te", "lesson"), ("ru", "framework")])
def test_wrapped_sections_lay_out_exactly_as_without_wrappers(open_page, lang: str, page: str,
                                                              width: int, height: int) -> None:
    tab = open_page(lang, page, width=width, height=height)
    wrapped = tab.evaluate(RENDER_ALL_JS)
    assert wrapped >= 5, f"{lang}/{page}: {wrapped} off-screen sections"
    assert tab.locator("article .cv-auto .katex-mathml math").count() > 10, "the math's MathML is in the wrappers"
    with_wrappers = tab.evaluate(BOXES_JS)
    assert tab.evaluate(UNWRAP_JS) == 0
    without = tab.evaluate(BOXES_JS)
    assert len(with_wrappers) == len(without) > 100
    moved = [(a, b) for a, b in zip(with_wrappers, without, strict=True) if a != b]
    assert not moved, f"{lang}/{page} at {width}px: {len(moved)} boxes moved, first {moved[:3]} (x, y, w, h in 1/64 px)"


def test_offscreen_sections_are_skipped_until_near(open_page) -> None:
    """The point of it all: at load, sections far below are not rendered (no layout boxes
    for their contents), and they are once the reader scrolls to them."""
    tab = open_page("en", "lesson", width=412, height=823)
    last = tab.locator("article .cv-run").last
    skipped = last.evaluate("e => e.checkVisibility({contentVisibilityAuto: true})")
    first_child_skipped = last.evaluate(
        "e => !e.firstElementChild.checkVisibility({contentVisibilityAuto: true})")
    assert skipped and first_child_skipped, "the last section is rendered at load"
    last.scroll_into_view_if_needed()
    tab.wait_for_timeout(200)
    assert last.evaluate("e => e.firstElementChild.checkVisibility({contentVisibilityAuto: true})")
