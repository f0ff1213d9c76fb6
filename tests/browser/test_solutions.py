"""Folded solutions in the browser (issue 10, item 6).

The MNIST lab's worked solution is one closed <details class="nb-solution-block">
(tools/sitebuild/notebooks/solutions.py): the assignment stays in view, the
solution opens and closes with a click, Enter or Space, also without
JavaScript; a link to a heading inside opens it; the runner still treats the
cells inside as the page's cells ("run earlier cells first"). The lesson's
review exercises have closed answers (pymdownx.details). Screenshots of both,
closed and open, on a desktop and a 375 px phone, go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tools.sitebuild import languages

from .support import LANGS, ROOT, axe_violations, page_path, screenshot

FOLD = "article details.nb-solution-block"
ANSWERS = "#review-and-self-study ~ * li > details.note"


def is_open(locator) -> bool:
    return bool(locator.evaluate("(element) => element.open"))


@pytest.mark.parametrize("lang", LANGS)
def test_lab_solution_is_folded_and_opens_with_the_keyboard(open_page, lang: str) -> None:
    page = open_page(lang, "mnist-lab")
    fold = page.locator(FOLD)
    assert fold.count() == 1
    assert not is_open(fold), "the worked solution starts closed"
    assert page.locator("#assignment").is_visible(), "the assignment is in view"
    assert not page.locator("#loading-mnist").is_visible(), "the solution is hidden"
    summary = fold.locator(":scope > summary")
    show, hide = summary.locator(".nb-solution-block__show"), summary.locator(".nb-solution-block__hide")
    assert show.inner_text() == languages.ui("notebook.solution_show", lang, ROOT)
    assert show.is_visible() and not hide.is_visible()
    summary.scroll_into_view_if_needed()
    screenshot(page, f"solutions-lab-{lang}-closed-desktop", full_page=False)

    # the keyboard reaches the summary with Tab, and Enter and Space open and close it
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('details.nb-solution-block > summary')"):
            break
    else:
        pytest.fail(f"{lang}: Tab never reaches the summary of the worked solution")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('details.nb-solution-block').open")
    assert page.locator("#loading-mnist").is_visible()
    assert hide.is_visible() and not show.is_visible()
    assert hide.inner_text() == languages.ui("notebook.solution_hide", lang, ROOT)
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.querySelector('details.nb-solution-block').open")
    assert not page.locator("#loading-mnist").is_visible()
    assert not axe_violations(page, within="details.nb-solution-block > summary")


def test_lab_solution_opens_without_javascript(open_page) -> None:
    page = open_page("en", "mnist-lab", java_script_enabled=False)
    fold = page.locator(FOLD)
    assert not is_open(fold)
    fold.locator(":scope > summary").click()
    assert is_open(fold) and page.locator("#confusion-matrix").is_visible()
    assert page.locator(f"{FOLD} .jp-OutputArea img").first.is_visible()


def test_a_link_into_the_solution_opens_it(open_page) -> None:
    page = open_page("en", "mnist-lab")
    fold = page.locator(FOLD)
    page.locator('.md-sidebar--secondary a[href="#confusion-matrix"]').first.click()
    page.wait_for_function("() => document.querySelector('details.nb-solution-block').open")
    heading = page.locator("#confusion-matrix")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], "the heading is in view"

    other = open_page("en", "mnist-lab")
    other.goto(other.url.split("#")[0] + "#loading-mnist")
    other.wait_for_function("() => document.querySelector('details.nb-solution-block').open")
    assert other.locator("#loading-mnist").is_visible()
    assert is_open(fold)


def test_runner_runs_the_earlier_cells_inside_the_fold_first(open_page) -> None:
    """The code cells inside the fold are cells of the runner: Run on the third says it runs 1-2 first."""
    page = open_page("en", "mnist-lab")
    fold = page.locator(FOLD)
    fold.locator(":scope > summary").click()
    cells = fold.locator(":scope > .jp-CodeCell")
    assert cells.count() > 3
    assert fold.locator(".nb-run__run").count() == cells.count(), "every folded code cell has its Run button"
    third = cells.nth(2)
    status = third.locator(".nb-run__status").element_handle()
    # the first line the status shows (loading messages replace it while Python starts)
    page.evaluate("""(el) => { window.statusLines = [];
        new MutationObserver(() => window.statusLines.push(el.textContent))
          .observe(el, {childList: true, characterData: true, subtree: true}); }""", status)
    third.locator(".nb-run__run").click()
    page.wait_for_function("() => window.statusLines.length > 0")
    text = page.evaluate("() => window.statusLines[0]")
    assert re.search(r"\b1\s*[–-]\s*2\b", text), f"the status names cells 1-2: {text!r}"
    third.locator(".nb-run__run").click()  # Stop: Python is not needed for this test
    page.wait_for_function("(el) => !el.classList.contains('nb-run__run--stop')",
                           arg=third.locator(".nb-run__run").element_handle())


@pytest.mark.parametrize("lang", LANGS)
def test_lab_solution_on_a_phone(open_page, lang: str) -> None:
    page = open_page(lang, "mnist-lab", width=375, height=740, is_mobile=True, has_touch=True)
    fold = page.locator(FOLD)
    summary = fold.locator(":scope > summary")
    summary.scroll_into_view_if_needed()
    box = summary.bounding_box()
    assert box is not None and box["width"] <= 375 and box["height"] >= 24, "a tap target that fits the phone"
    screenshot(page, f"solutions-lab-{lang}-closed-phone", full_page=False)
    summary.tap()
    assert is_open(fold)
    page.locator("#loading-mnist").scroll_into_view_if_needed()
    screenshot(page, f"solutions-lab-{lang}-open-phone", full_page=False)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{lang}: the open solution makes the page {overflow}px wider than the phone"


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_answers_are_folded(open_page, lang: str) -> None:
    page = open_page(lang, "lesson")
    answers = page.locator(ANSWERS)
    assert answers.count() == 3
    for i in range(3):
        assert not is_open(answers.nth(i))
    first = answers.nth(0)
    first.locator(":scope > summary").scroll_into_view_if_needed()
    first.locator(":scope > summary").click()
    assert is_open(first) and first.locator(".katex").first.is_visible()
    screenshot(page, f"solutions-lesson-{lang}-answer-desktop", full_page=False)
    phone = open_page(lang, "lesson", width=375, height=740, is_mobile=True, has_touch=True)
    answer = phone.locator(ANSWERS).nth(2)
    answer.locator(":scope > summary").scroll_into_view_if_needed()
    answer.locator(":scope > summary").tap()
    assert is_open(answer)
    screenshot(phone, f"solutions-lesson-{lang}-answer-phone", full_page=False)
    assert page_path(lang, "lesson") in phone.url
