"""MkDocs hook: put a language's quiz data into the quiz pages at build time.

A page asks for a quiz with an empty placeholder in its Markdown:

    <div class="quiz" data-quiz="pre"></div>

The hook fills it with the quiz of the language being built, as JSON inside a
``<script type="application/json">`` element, which ``assets/js/quiz.js`` turns
into the interactive quiz. Nothing is fetched at run time, so the quiz works
from any static host and offline.

Data files (questions, options, correct answers, explanations, widget words):
English in ``docs/quizzes/{pre,post,ui}.yml``, translations in
``translations/<lang>/quizzes/`` with the same names. A translation must keep
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
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.quizzes")

PLACEHOLDER = re.compile(r'<div class="quiz" data-quiz="(?P<name>[a-z0-9-]+)">\s*</div>')
DATA_FILE = re.compile(r"(^|/)quizzes/[^/]+\.ya?ml$")
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
    return questions


def answer_key(questions: list[dict[str, Any]]) -> list[tuple[str, str, tuple[bool, ...]]]:
    """What every translation must keep: ids, kind, and which options are correct."""
    return [
        (q["id"], q["choose"], tuple(bool(o.get("correct")) for o in q["options"]))
        for q in questions
    ]


def _quiz_for(name: str, lang: str, config: MkDocsConfig, lesson_url: str = "../lesson/") -> dict[str, Any]:
    """The quiz `name` as the page in `lang` gets it; `lesson_url` is the lesson
    page relative to that page (feedback links to the section a question is about)."""
    english_dir = Path(config["docs_dir"]) / "quizzes"
    english_path = english_dir / f"{name}.yml"
    if not english_path.is_file():
        raise PluginError(f"quizzes: a page asks for quiz '{name}' but {english_path} does not exist")
    questions = english = _check_quiz(_read_yaml(english_path), english_path)
    ui = _read_yaml(english_dir / "ui.yml")
    if not isinstance(ui, dict) or any(not ui.get(key) for key in UI_KEYS):
        raise PluginError(f"quizzes: {english_dir / 'ui.yml'} must define {', '.join(UI_KEYS)}")

    if lang != "en":
        translated_dir = Path(config["config_file_path"]).parent / "translations" / lang / "quizzes"
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
        ui_path = translated_dir / "ui.yml"
        translated_ui = _read_yaml(ui_path) if ui_path.is_file() else {}
        missing = [key for key in UI_KEYS if not translated_ui.get(key)]
        if ui_path.is_file() and missing:
            log.warning("quizzes: %s lacks %s; English words are used", ui_path, ", ".join(missing))
        ui = {**ui, **{k: v for k, v in translated_ui.items() if k in UI_KEYS and v}}

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
            for q, e in zip(questions, english)
        ],
    }


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep the YAML data files out of the built site; the pages carry the data."""
    for file in list(files):
        if DATA_FILE.search(file.src_uri):
            files.remove(file)
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if 'class="quiz"' not in output:
        return output
    lang = str(config["theme"].get("language") or "en")
    # The lesson sits next to the quiz page in every language.
    lesson = "lesson/" if config["use_directory_urls"] else "lesson.html"
    lesson_url = get_relative_url(posixpath.join(posixpath.dirname(page.url.rstrip("/")), lesson), page.url)

    def fill(match: re.Match[str]) -> str:
        quiz = _quiz_for(match["name"], lang, config, lesson_url)
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
