"""A phone-size screen: the navigation drawer opens and leads to the other
pages. (Every page is also checked for horizontal scrolling at phone size in
test_pages.py.)"""

from __future__ import annotations

import pytest

from .support import LANGS, page_path, screenshot

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_drawer_is_reachable_on_a_phone(open_page, site_url: str, lang: str) -> None:
    page = open_page(lang, "index", **PHONE, is_mobile=True, has_touch=True)
    menu = page.locator('label.md-header__button[for="__drawer"]').first
    assert menu.is_visible(), "the menu button shows on a phone"
    menu.click()
    drawer = page.locator("nav.md-nav--primary")
    link = drawer.locator('a.md-nav__link[href$="quiz-post/"]').first
    link.wait_for(state="visible")
    # The drawer slides in; once there, its links lie inside the screen.
    link.evaluate("""a => new Promise(done => {
      const settled = () => a.getBoundingClientRect().left >= 0 ? done() : requestAnimationFrame(settled);
      settled();
    })""")
    box = link.bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"], "the drawer fits the screen"
    screenshot(page, f"{lang}-phone-drawer", full_page=False)
    link.click()
    page.wait_for_url(site_url + page_path(lang, "quiz-post"), wait_until="domcontentloaded")
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", ("bn", "te"))
def test_callouts_are_readable_and_copy_buttons_leave_code_clear(open_page, lang: str) -> None:
    """Callouts use at least 14 px text; on a touch phone the copy button does not cover code."""
    phone = {"width": 375, "height": 740, "is_mobile": True, "has_touch": True}
    page = open_page(lang, "lesson", **phone)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article .admonition')).fontSize)")
    assert size >= 14, f"{lang}: callout text is {size} px"
    page = open_page(lang, "framework", **phone)
    overlaps = page.evaluate("""() => [...document.querySelectorAll('article .highlight')].filter(block => {
        const button = block.querySelector('.md-code__nav');
        const code = block.querySelector('pre > code');
        if (!button || !code) return false;
        const b = button.getBoundingClientRect(), c = code.getBoundingClientRect();
        const style = getComputedStyle(code);
        const textRight = c.right - parseFloat(style.paddingRight);
        const lines = Math.round(c.height / parseFloat(style.lineHeight));
        return lines <= 2 && code.scrollWidth <= code.clientWidth && textRight > b.left;
    }).length""")
    assert overlaps == 0, f"{lang}: {overlaps} short code blocks have text under the copy button"


@pytest.mark.parametrize("lang", ("en", "bn", "te"))
def test_figures_formulas_and_plots_are_readable_on_a_phone(open_page, lang: str) -> None:
    """At 375 px: figure labels at 11 px or more (the figure scrolls in its frame), wide
    formulas show that they scroll, and every plot opens full size with a tap."""
    phone = {"width": 375, "height": 740, "is_mobile": True, "has_touch": True}
    page = open_page(lang, "lesson", **phone)
    figures = page.evaluate("""() => [...document.querySelectorAll('article svg.figure-svg')].map(svg => {
        const frame = svg.parentElement;
        const heights = [...svg.querySelectorAll('text')].map(t => {
            const size = parseFloat(getComputedStyle(t).fontSize);  // user units
            return size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        });
        return {smallest: Math.min(...heights), frame: frame.className, focusable: frame.tabIndex === 0,
                scrolls: frame.scrollWidth > frame.clientWidth};
    })""")
    assert len(figures) >= 3
    for figure in figures:
        assert figure["smallest"] >= 11, f"{lang}: figure text drawn at {figure['smallest']:.1f} px"
        assert figure["frame"] == "figure-scroll" and figure["scrolls"] and figure["focusable"], figure
    wide = page.evaluate("""() => [...document.querySelectorAll('article div.arithmatex')]
        .filter(d => d.scrollWidth > d.clientWidth + 1)
        .map(d => getComputedStyle(d).backgroundImage)""")
    assert all("radial-gradient" in shadow for shadow in wide), "a wide formula does not show that it scrolls"
    page = open_page(lang, "mnist-lab", **phone)
    plots = page.evaluate("""() => [...document.querySelectorAll('article .jp-OutputArea-output img')].map(img => ({
        link: img.closest('a.nb-plot') ? img.closest('a.nb-plot').getAttribute('href') : null,
        src: img.getAttribute('src')}))""")
    assert plots and all(p["link"] == p["src"] for p in plots), "a plot cannot be opened full size"
