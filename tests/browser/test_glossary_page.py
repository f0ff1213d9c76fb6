"""The glossary page in a browser (issue 10, item 7): a table on a desktop, one card per
term on a 375 px phone, readable in the light and the dark scheme, every script drawn
with its font, and each row's link leading to the lesson's section in the same language.
(The table's contents are checked against the glossaries in tests/test_glossary_page.py.)"""

from __future__ import annotations

import pytest

from tools.sitebuild import languages

from .support import NOTO, ROOT, axe_violations, page_path, platform_fonts, screenshot

PAGE = "glossary"
PHONE = {"width": 375, "height": 740, "is_mobile": True, "has_touch": True}

LAYOUT_JS = """() => {
  const table = document.querySelector('.glossary-table table');
  const rows = [...table.querySelectorAll('tbody tr')];
  const cell = rows[0].querySelector('td');
  return {
    display: getComputedStyle(table).display,
    rows: rows.length,
    rowDisplay: getComputedStyle(rows[0]).display,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    tableOverflow: table.scrollWidth - table.clientWidth,
    widest: Math.max(...rows.map(row => row.getBoundingClientRect().right)),
    label: getComputedStyle(cell, '::before').content,
    headVisible: table.querySelector('thead').getBoundingClientRect().height > 2,
    text: parseFloat(getComputedStyle(cell).fontSize),
  };
}"""


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("lang", ("en", "bn", "te"))
def test_desktop_table_fits_and_is_readable(open_page, lang: str, scheme: str) -> None:
    page = open_page(lang, PAGE, color_scheme=scheme)
    layout = page.evaluate(LAYOUT_JS)
    assert layout["display"] == "table" and layout["headVisible"], layout
    assert layout["overflow"] <= 0 and layout["tableOverflow"] <= 0, f"{lang}: the table is wider than the page"
    assert layout["text"] >= 14, f"{lang}: table text at {layout['text']} px"
    violations = axe_violations(page, within=".glossary-table")
    assert not violations, "\n".join(violations)
    screenshot(page, f"{lang}-glossary-desktop-{scheme}", full_page=False)


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("lang", ("en", "bn", "te"))
def test_phone_shows_one_card_per_term(open_page, lang: str, scheme: str) -> None:
    page = open_page(lang, PAGE, color_scheme=scheme, **PHONE)
    layout = page.evaluate(LAYOUT_JS)
    assert layout["rowDisplay"] != "table-row" and not layout["headVisible"], f"{lang}: still a table: {layout}"
    assert layout["overflow"] <= 0, f"{lang}: the page scrolls sideways at 375 px by {layout['overflow']} px"
    assert layout["widest"] <= PHONE["width"], f"{lang}: a card is wider than the screen ({layout['widest']} px)"
    assert languages.language("ru", ROOT).name in layout["label"], f"each value is labelled: {layout['label']}"
    assert layout["text"] >= 14, f"{lang}: card text at {layout['text']} px"
    violations = axe_violations(page, within=".glossary-table")
    assert not violations, "\n".join(violations)
    screenshot(page, f"{lang}-glossary-phone-{scheme}", full_page=False)


@pytest.mark.parametrize("lang", ("en", "ru"))
def test_every_script_is_drawn_with_its_font(open_page, lang: str) -> None:
    """Bengali and Telugu cells use the bundled Noto fonts on every page, not only on bn/te pages."""
    page = open_page(lang, PAGE)
    page.evaluate("document.fonts.ready.then(() => true)")
    for code, family in NOTO.items():
        fonts = platform_fonts(page, f'.glossary-table tbody tr:first-child td[lang="{code}"]')
        assert any(f["familyName"] == family and f["isCustomFont"] for f in fonts), (
            f"{lang} page, {code} cell drawn with {fonts}, not {family}"
        )


@pytest.mark.parametrize("lang", ("bn", "te"))
def test_a_row_leads_to_the_lesson_section_and_can_be_linked(open_page, site_url: str, lang: str) -> None:
    page = open_page(lang, PAGE)
    nav = page.locator("nav.md-nav--primary a.md-nav__link--active").first
    assert nav.inner_text().strip() == languages.ui("nav", lang, ROOT)["Glossary"], "the nav names the page"
    row = page.locator("#term-epoch")
    assert row.locator(f'td[lang="{lang}"]').inner_text().strip(), "the term in the page's language"
    row.locator("td.glossary__lesson a").click()
    page.wait_for_url(site_url + page_path(lang, "lesson") + "#sgd", wait_until="domcontentloaded")
    page.goto(site_url + page_path(lang, PAGE) + "#term-learning-rate")
    top = page.locator("#term-learning-rate").evaluate("row => row.getBoundingClientRect().top")
    assert 0 <= top < 400, f"a link to a term shows its row (top at {top} px)"
