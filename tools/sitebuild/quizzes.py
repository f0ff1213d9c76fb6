"""Quizzes: put a language's quiz data into the quiz pages at build time.

A page asks for a quiz with an empty placeholder in its Markdown:

    <div class="quiz" data-quiz="pre"></div>

The hook fills it with the quiz of the language being built, as JSON inside a
``<script type="application/json">`` element, which ``assets/js/quiz.js`` turns
into the interactive quiz. Nothing is fetched at run time, so the quiz works
from any static host and offline.

Data files (questions, options, correct answers, explanations): English in
``docs/quizzes/{pre,post}.yml``, translations in ``translations/<lang>/quizzes/``
with the same names; the widget's words are the ``quiz`` block of ui.yml. A translation must keep
the English ids, option counts and correct answers; when it does not, or is
missing, the page gets the English quiz and the build warns (so ``--strict``
fails).

The hook runs in ``on_post_page``, after the search index has been built, so
the answers are not in the search index. Each question's ``lesson`` anchor
(English file) becomes a link from its feedback to that section of the lesson
in the page's language.
"""

from __future__ import annotations

import html
import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.quizzes")

PLACEHOLDER = re.compile(r'<div class="quiz" data-quiz="(?P<name>[a-z0-9-]+)">\s*</div>')
UI_KEYS = (
    "check", "try_again", "score", "finished", "correct", "incorrect",
    "choose_one", "choose_all", "nothing_chosen", "correct_option",
    "wrong_option", "question", "read_more", "noscript",
)


def _read_yaml(path: Path) -> Any:
    if not path.is_file():
        raise PluginError(f"quizzes: {path} does not exist")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PluginError(f"quizzes: {path} is not valid YAML: {exc}") from exc


def _check_quiz(data: Any, path: Path) -> list[dict[str, Any]]:
    """Return the questions of a quiz file, or raise PluginError saying what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise PluginError(f"quizzes: {path} needs a top-level 'questions' list")
    questions = data["questions"]
    seen: set[str] = set()
    for number, question in enumerate(questions, start=1):
        where = f"{path}, question {number}"
        if not isinstance(question, dict):
            raise PluginError(f"quizzes: {where} is not a mapping")
        qid = question.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", qid):
            raise PluginError(f"quizzes: {where}: id must be kebab-case ASCII, got {qid!r}")
        if qid in seen:
            raise PluginError(f"quizzes: {where}: duplicate id {qid!r}")
        seen.add(qid)
        if "lesson" in question and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(question["lesson"])):
            raise PluginError(f"quizzes: {where} ({qid}): 'lesson' must be an anchor of the lesson page")
        if question.get("choose") not in ("one", "all"):
            raise PluginError(f"quizzes: {where} ({qid}): 'choose' must be 'one' or 'all'")
        for key in ("text", "explanation"):
            if not isinstance(question.get(key), str) or not question[key].strip():
                raise PluginError(f"quizzes: {where} ({qid}): '{key}' must be a non-empty string")
        options = question.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise PluginError(f"quizzes: {where} ({qid}): needs at least two options")
        for option in options:
            if not isinstance(option, dict) or not isinstance(option.get("text"), str):
                raise PluginError(f"quizzes: {where} ({qid}): every option needs a 'text'")
            if option.get("correct", False) not in (True, False):
                raise PluginError(f"quizzes: {where} ({qid}): 'correct' must be true or false")
        right = sum(bool(option.get("correct")) for option in options)
        if right == 0 or (question["choose"] == "one" and right != 1):
            raise PluginError(
                f"quizzes: {where} ({qid}): 'choose: {question['choose']}' "
                f"with {right} correct options"
            )
    return list(questions)


def answer_key(questions: list[dict[str, Any]]) -> list[tuple[str, str, tuple[bool, ...]]]:
    """What every translation must keep: ids, kind, and which options are correct."""
    return [
        (q["id"], q["choose"], tuple(bool(o.get("correct")) for o in q["options"]))
        for q in questions
    ]


def quiz_for(name: str, lang: str, root: Path, lesson_url: str = "../lesson/") -> dict[str, Any]:
    """The quiz `name` as the page in `lang` gets it; `lesson_url` is the lesson
    page relative to that page (feedback links to the section a question is about)."""
    english_path = root / "docs" / "quizzes" / f"{name}.yml"
    if not english_path.is_file():
        raise PluginError(f"quizzes: a page asks for quiz '{name}' but {english_path} does not exist")
    questions = english = _check_quiz(_read_yaml(english_path), english_path)
    ui = languages.ui("quiz", lang, root)  # the widget's words, English where a translation lacks one
    missing = [key for key in UI_KEYS if not ui.get(key)]
    if missing:
        raise PluginError(f"quizzes: the quiz block of {languages.ui_path(lang, root)} lacks {', '.join(missing)}")

    if lang != languages.default_language(root).code:
        translated_dir = root / languages.TRANSLATIONS / lang / "quizzes"
        path = translated_dir / f"{name}.yml"
        if path.is_file():
            translated = _check_quiz(_read_yaml(path), path)
            if answer_key(translated) == answer_key(questions):
                questions = translated
            else:
                log.warning(
                    "quizzes: %s does not match %s (ids, kinds or correct answers differ); "
                    "the page shows the English quiz", path, english_path,
                )
        else:
            log.info("quizzes: no %s yet; the page shows the English quiz", path)

    return {
        "quiz": name,
        "ui": {key: ui[key] for key in UI_KEYS},
        "questions": [
            {
                "id": q["id"],
                "choose": q["choose"],
                "text": q["text"].strip(),
                "options": [
                    {"text": o["text"].strip(), "correct": bool(o.get("correct"))}
                    for o in q["options"]
                ],
                "explanation": q["explanation"].strip(),
                # the anchors are the same in every language; English holds them
                **({"more": f"{lesson_url}#{e['lesson']}"} if e.get("lesson") else {}),
            }
            for q, e in zip(questions, english, strict=False)
        ],
    }


def render_quizzes(output: str, page: Page, ctx: SiteContext) -> str:
    """Fill each quiz placeholder of the page with its questions, as JSON for quiz.js."""
    if 'class="quiz"' not in output:
        return output
    lang = ctx.current_language
    # The lesson sits next to the quiz page in every language.
    lesson = "lesson/" if ctx.config.use_directory_urls else "lesson.html"
    lesson_url = get_relative_url(posixpath.join(posixpath.dirname(page.url.rstrip("/")), lesson), page.url)

    def fill(match: re.Match[str]) -> str:
        quiz = quiz_for(match["name"], lang, ctx.root, lesson_url)
        # "</" must not appear inside a <script> element.
        payload = json.dumps(quiz, ensure_ascii=False).replace("</", "<\\/")
        noscript = html.escape(quiz["ui"]["noscript"])
        return (
            f'<div class="quiz" data-quiz="{match["name"]}">'
            f'<script type="application/json" class="quiz-data">{payload}</script>'
            f'<noscript><p>{noscript}</p></noscript>'
            f"</div>"
        )

    return PLACEHOLDER.sub(fill, output)


QUIZ_PAGE = re.compile(r'<div class="quiz" data-quiz="(?P<name>[a-z0-9-]+)">')
ARTICLE_END = "</article>"

# Decorates each link to a finished quiz with "Done · best 5 of 7" (Latin digits, as quiz.js writes them).
PROGRESS_SCRIPT = """(function () {
  var data = JSON.parse(document.getElementById("quiz-progress-data").textContent);
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { numberingSystem: "latn" });
  Object.keys(data.quizzes).forEach(function (name) {
    var result = null;
    try { result = JSON.parse(localStorage.getItem("quiz:" + data.lang + ":" + name)); } catch (error) { return; }
    if (!result) return;
    var text = data.done.replace("{score}", numbers.format(result.best))
                        .replace("{total}", numbers.format(result.total));
    document.querySelectorAll('article a[href="' + data.quizzes[name] + '"]').forEach(function (link) {
      var badge = document.createElement("span");
      badge.className = "quiz-progress";
      badge.dataset.quiz = name;
      badge.textContent = text;
      link.after(" ", badge);
    });
  });
})();"""


def _quiz_pages(ctx: SiteContext) -> dict[str, str]:
    """Quiz name -> English source page that holds it (quiz-pre.md -> "pre")."""
    pages: dict[str, str] = ctx.state.setdefault("quiz_pages", {})
    if not pages:
        for path in sorted(ctx.docs_dir.glob("*.md")):
            match = QUIZ_PAGE.search(path.read_text(encoding="utf-8"))
            if match:
                pages[match["name"]] = path.name
    return pages


def add_progress(output: str, page: Page, ctx: SiteContext) -> str:
    """On the home page: mark the quizzes this browser has finished, with the best score."""
    english_source = getattr(page.file, "norm_src_uri", page.file.src_uri)  # index.bn.md -> index.md
    if english_source != "index.md" or ARTICLE_END not in output:
        return output
    ext = "/" if ctx.config.use_directory_urls else ".html"
    prefix = ctx.url_prefix(ctx.current_language)  # the quiz pages of this language
    quizzes = {name: get_relative_url(prefix + source.removesuffix(".md") + ext, page.url)
               for name, source in _quiz_pages(ctx).items()}
    data = {"lang": ctx.current_language, "done": ctx.ui("quiz.progress"), "quizzes": quizzes}
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    script = (f'<script type="application/json" id="quiz-progress-data">{payload}</script>'
              f"<script>{PROGRESS_SCRIPT}</script>")
    at = output.rindex(ARTICLE_END)
    return output[:at] + script + output[at:]
