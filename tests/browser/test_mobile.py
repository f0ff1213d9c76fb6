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
