"""The quizzes as a learner uses them, in every language: questions from that
language's data file, options in a new random order on every attempt, feedback
with the explanation after each answer, a score, a retry, all usable with the
keyboard alone, and finished quizzes remembered on the home page."""

from __future__ import annotations

import re

import pytest
import yaml

from tools.sitebuild import languages

from .support import (
    LANGS,
    NOTO,
    ROOT,
    assert_script_drawn_with_noto,
    axe_violations,
    page_path,
    screenshot,
)


def quiz_data(lang: str, name: str) -> dict:
    folder = ROOT / "docs" / "quizzes" if lang == "en" else ROOT / "translations" / lang / "quizzes"
    return yaml.safe_load((folder / f"{name}.yml").read_text(encoding="utf-8"))


def fill(template: str, lang: str, **values: int) -> str:
    """The template with the values in Latin digits, as every text of the site writes numbers."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), template)


def words(lang: str) -> dict:
    """The quiz widget's words in this language (the quiz block of ui.yml)."""
    return languages.ui("quiz", lang, ROOT)


def shown_order(fieldset, question: dict) -> list[int]:
    """Indexes (in the data file) of the options, in the order the page shows them."""
    texts = [o["text"].strip() for o in question["options"]]
    shown = [t.strip() for t in fieldset.locator(".quiz__option-text").all_inner_texts()]
    assert sorted(shown) == sorted(texts), "the page shows the data file's options"
    return [texts.index(t) for t in shown]


def option(fieldset, question: dict, k: int):
    """The label of option k of the data file, wherever the shuffle put it."""
    return fieldset.locator(".quiz__option").nth(shown_order(fieldset, question).index(k))


def answer(fieldset, question: dict, chosen: list[int]) -> None:
    """Tick the options with these indexes (in the data file) by clicking their labels, as a reader would."""
    for k in chosen:
        option(fieldset, question, k).click()


def right_options(question: dict) -> list[int]:
    return [k for k, option in enumerate(question["options"]) if option.get("correct")]


def wrong_choice(question: dict) -> list[int]:
    right = right_options(question)
    if question["choose"] == "one":
        return [next(k for k in range(len(question["options"])) if k not in right)]
    return right[:1] if len(right) > 1 else [*right, next(k for k in range(len(question["options"])) if k not in right)]


@pytest.mark.parametrize("name", ("pre", "post"))
@pytest.mark.parametrize("lang", LANGS)
def test_quiz_gives_feedback_score_and_retry(open_page, site_url: str, lang: str, name: str) -> None:
    data = quiz_data(lang, name)
    ui = words(lang)
    questions = data["questions"]
    total = len(questions)

    page = open_page(lang, f"quiz-{name}")
    quiz = page.locator(f'.quiz[data-quiz="{name}"][data-ready="true"]')
    fieldsets = quiz.locator("fieldset.quiz__question")
    assert fieldsets.count() == total
    score = quiz.locator(".quiz__score")
    retry = quiz.get_by_role("button", name=ui["try_again"])
    assert score.inner_text() == fill(ui["score"], lang, score=0, total=total)
    assert not retry.is_visible()

    # Every question shows this language's text, options in order, the right kind of input.
    for fieldset, question in zip(fieldsets.all(), questions, strict=False):
        assert " ".join(question["text"].split()) in fieldset.locator("legend").inner_text()
        shown_order(fieldset, question)  # every option of the data file, in some order
        kind = "radio" if question["choose"] == "one" else "checkbox"
        assert fieldset.get_by_role(kind).count() == len(question["options"])
        assert fieldset.locator(".quiz__hint").inner_text() == (
            ui["choose_one"] if question["choose"] == "one" else ui["choose_all"]
        )
        feedback_id = fieldset.locator(".quiz__feedback").get_attribute("id")
        assert fieldset.locator(f"#{feedback_id}").get_attribute("role") == "status"  # announced

    def check(i: int) -> None:
        fieldsets.nth(i).get_by_role("button", name=ui["check"]).click()

    def feedback(i: int) -> str:  # white space folded as in the explanations (non-breaking spaces too)
        return " ".join(fieldsets.nth(i).locator(".quiz__feedback").inner_text().split())

    explanation = [" ".join(q["explanation"].split()) for q in questions]

    def said(verdict: str, i: int) -> str:
        """Feedback: the verdict, the explanation, a link to the lesson section."""
        return f"{ui[verdict]} {explanation[i]} {ui['read_more']}"

    # Checking with nothing chosen asks for an answer and counts nothing.
    check(0)
    assert feedback(0) == ui["nothing_chosen"]
    assert score.inner_text() == fill(ui["score"], lang, score=0, total=total)

    # A right answer.
    answer(fieldsets.nth(0), questions[0], right_options(questions[0]))
    check(0)
    assert feedback(0) == said("correct", 0)
    assert fieldsets.nth(0).locator("input:enabled").count() == 0, "a checked answer is locked"
    assert score.inner_text() == fill(ui["score"], lang, score=1, total=total)
    assert retry.is_visible()

    # A wrong answer: feedback says so, marks the right options and the wrong pick.
    wrong = wrong_choice(questions[1])
    answer(fieldsets.nth(1), questions[1], wrong)
    check(1)
    assert feedback(1) == said("incorrect", 1)
    for k in right_options(questions[1]):
        assert ui["correct_option"] in option(fieldsets.nth(1), questions[1], k).inner_text()
    for k in set(wrong) - set(right_options(questions[1])):
        assert ui["wrong_option"] in option(fieldsets.nth(1), questions[1], k).inner_text()
    assert score.inner_text() == fill(ui["score"], lang, score=1, total=total)

    # The keyboard alone: Tab from the last Check button, past the feedback's
    # lesson link, into the next question; Space/arrows to choose, Tab to
    # Check, Enter. The focus stays visible.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz__more')")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('fieldset').id")
    assert focused.endswith(questions[2]["id"])
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none", "keyboard focus must be visible"
    order = shown_order(fieldsets.nth(2), questions[2])
    if questions[2]["choose"] == "one":
        page.keyboard.press("Space")
        for _ in range(order.index(right_options(questions[2])[0])):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    else:
        for k in order:
            if k in right_options(questions[2]):
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('quiz__check')")
    page.keyboard.press("Enter")
    assert feedback(2) == said("correct", 2)

    # The rest right: the summary gives the final score.
    for i in range(3, total):
        answer(fieldsets.nth(i), questions[i], right_options(questions[i]))
        check(i)
        assert feedback(i) == said("correct", i)
    assert score.inner_text() == fill(ui["score"], lang, score=total - 1, total=total)
    assert quiz.locator(".quiz__done").inner_text() == fill(ui["finished"], lang, score=total - 1, total=total)

    # Right/wrong colours and marks are accessible too.
    violations = axe_violations(page, within=f'.quiz[data-quiz="{name}"]')
    assert not violations, "\n".join(violations)
    if lang in NOTO:
        assert_script_drawn_with_noto(
            page, lang, [".quiz__text", ".quiz__option-text", ".quiz__feedback"], scope=".quiz"
        )
    screenshot(page, f"{lang}-quiz-{name}-answered")

    # Try again: everything is cleared and the focus goes to the first question.
    retry.click()
    assert quiz.locator("input:checked").count() == 0
    assert quiz.locator("input:disabled").count() == 0
    assert all(not t.strip() for t in quiz.locator(".quiz__feedback, .quiz__mark").all_inner_texts())
    assert score.inner_text() == fill(ui["score"], lang, score=0, total=total)
    assert not retry.is_visible()
    assert page.evaluate("document.activeElement.name") == f"quiz-{name}-{questions[0]['id']}"
    assert page.evaluate("document.activeElement === document.activeElement.closest('fieldset')"
                         ".querySelector('input')"), "the focus is on the first option as now shown"
    answer(fieldsets.nth(0), questions[0], right_options(questions[0]))
    check(0)
    assert score.inner_text() == fill(ui["score"], lang, score=1, total=total)

    # The feedback links to the lesson section the question is about, in this language.
    section = quiz_data("en", name)["questions"][0]["lesson"]
    more = fieldsets.nth(0).locator("a.quiz__more")
    assert more.inner_text() == ui["read_more"]
    more.click()
    page.wait_for_url(f"{site_url}{page_path(lang, 'lesson')}#{section}", wait_until="domcontentloaded")
    assert page.locator(f"article [id='{section}']").count() == 1


@pytest.mark.parametrize("lang", ("en", "bn"))
def test_quiz_without_javascript_says_so(open_page, lang: str) -> None:
    page = open_page(lang, "quiz-pre", java_script_enabled=False)
    message = page.locator(".quiz p").first
    assert message.is_visible()
    assert message.inner_text() == words(lang)["noscript"]
    assert page.locator(".quiz fieldset").count() == 0


def test_options_come_in_a_new_order_on_every_attempt(open_page) -> None:
    """The data lists the right answer first more often than not; the page must not show that."""
    data = quiz_data("en", "post")
    page = open_page("en", "quiz-post")
    quiz = page.locator('.quiz[data-quiz="post"][data-ready="true"]')
    fieldsets = quiz.locator("fieldset.quiz__question")
    orders = set()
    first_right = []
    for _attempt in range(6):
        attempt = tuple(tuple(shown_order(f, q)) for f, q in zip(fieldsets.all(), data["questions"], strict=False))
        orders.add(attempt)
        first_right += [order[0] in right_options(q) for order, q in zip(attempt, data["questions"], strict=False)]
        answer(fieldsets.nth(0), data["questions"][0], right_options(data["questions"][0]))
        fieldsets.nth(0).get_by_role("button", name=words("en")["check"]).click()
        quiz.get_by_role("button", name=words("en")["try_again"]).click()
    assert len(orders) > 1, "the options keep one order across attempts"
    assert not all(first_right), "a right answer is always shown first"


@pytest.mark.parametrize("lang", ("ru", "te"))
def test_enter_on_an_option_chooses_it_and_checks(open_page, lang: str) -> None:
    data = quiz_data(lang, "pre")
    question = next(q for q in data["questions"] if q["choose"] == "one")
    page = open_page(lang, "quiz-pre")
    fieldset = page.locator(f'.quiz[data-ready="true"] fieldset#quiz-pre-{question["id"]}')
    option(fieldset, question, right_options(question)[0]).locator("input").focus()
    page.keyboard.press("Enter")
    feedback = fieldset.locator(".quiz__feedback").inner_text()
    assert feedback.startswith(words(lang)["correct"]), feedback
    assert page.url.endswith(page_path(lang, "quiz-pre")), "Enter must not submit the page"


@pytest.mark.parametrize("lang", ("en", "bn"))
def test_home_page_shows_finished_quizzes_with_the_best_score(open_page, site_url: str, lang: str) -> None:
    """A finished attempt is kept in this browser; the home page marks the quiz done with its best score."""
    data = quiz_data(lang, "pre")
    total = len(data["questions"])
    page = open_page(lang, "index")
    assert page.locator(".quiz-progress").count() == 0, "nothing is marked before any attempt"
    for attempt_right in (total - 1, total - 2):  # the best score counts, not the last
        page.goto(site_url + page_path(lang, "quiz-pre"))
        fieldsets = page.locator('.quiz[data-ready="true"] fieldset.quiz__question')
        for i, question in enumerate(data["questions"]):
            chosen = right_options(question) if i < attempt_right else wrong_choice(question)
            answer(fieldsets.nth(i), question, chosen)
            fieldsets.nth(i).get_by_role("button", name=words(lang)["check"]).click()
    page.goto(site_url + page_path(lang, "index"))
    badges = page.locator('.quiz-progress[data-quiz="pre"]')
    assert badges.count() >= 1, "the home page does not mark the finished quiz"
    assert badges.first.inner_text() == fill(words(lang)["progress"], lang, score=total - 1, total=total)
    assert page.locator('.quiz-progress[data-quiz="post"]').count() == 0
