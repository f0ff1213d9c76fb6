"""Every page in every language: it loads from 127.0.0.1 alone, without console
errors or failed requests, is written in its language, passes axe-core without
serious or critical violations, needs no horizontal scrolling on a phone, and
leaves screenshots (desktop and phone) in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from .support import LANGS, PAGES, axe_violations, native_share, prose, screenshot

PHONE = {"width": 375, "height": 740}

# Width of the page, and text that reaches beyond the screen's edges (measured
# on the text itself, so a cut-off line is caught even where the page hides
# its horizontal overflow). Code blocks, tables, display formulas and notebook
# outputs scroll inside their own boxes and are left out.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const range = document.createRange();
  const text = [...document.querySelectorAll(
      'article p, article li, article h1, article h2, article h3, article legend, article label')]
    .filter(el => !el.closest('pre, table, .katex-display, .jp-OutputArea, .highlight, .md-typeset__scrollwrap'))
    .filter(el => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // the MathML copy of a formula is visually hidden
        if (!node.textContent.trim() || node.parentElement.closest('.katex-mathml')) continue;
        // a code block or display formula inside a list item (a step, an answer) scrolls in its own box
        const ownBox = 'pre, table, .katex-display, .jp-OutputArea, .highlight, .md-typeset__scrollwrap';
        if (node.parentElement.closest(ownBox)) continue;
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
          if (r.width > 0 && (r.right > width + 1 || r.left < -1)) return true;
        }
      }
      return false;
    })
    .slice(0, 5).map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 60));
  return {page: document.documentElement.scrollWidth, text};
}"""


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_loads_offline_reads_well_and_is_accessible(open_page, lang: str, page_name: str) -> None:
    page = open_page(lang, page_name)
    where = f"{lang}/{page_name}"
    problems = []
    screenshot(page, f"{lang}-{page_name}")
    if page.locator("html").get_attribute("lang") != lang:
        problems.append(f"{where}: <html lang> is {page.locator('html').get_attribute('lang')!r}")

    # Prose (not code, not math) is in the page's language: a page that fell
    # back to English is mostly Latin letters.
    share = native_share(prose(page), lang)
    if share <= 0.6:
        problems.append(f"{where}: only {share:.0%} of the prose letters are in {lang}'s script")

    problems += [f"{where}: axe-core: {v}" for v in axe_violations(page)]

    # The same page on a phone: no horizontal scrolling of the text.
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow["page"] > PHONE["width"]:
        problems.append(f"{where}: the page is {overflow['page']}px wide on a {PHONE['width']}px phone")
    problems += [f"{where}: text wider than a phone: {t}" for t in overflow["text"]]
    screenshot(page, f"{lang}-{page_name}-phone", full_page=False)

    assert not problems, "\n".join(problems)
