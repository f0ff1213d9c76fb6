"""The quiz data: well-formed, and the same quiz in every language.

English lives in docs/quizzes/{pre,post}.yml (the widget's words in docs/ui.yml), translations in
translations/<lang>/quizzes/. A translation changes only words: ids, kinds,
number and order of options and the correct answers stay the English ones,
and it records the SHA-256 of the English file it follows.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from tools.sitebuild import languages, quizzes
from tools.sitebuild.context import SiteContext

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
LANGS = tuple(lang.code for lang in languages.translated_languages(ROOT))
QUIZZES = ("pre", "post")
# Letters a translated text must contain (besides formulas, names and code).
SCRIPT = {lang: languages.language(lang, ROOT).letter_class for lang in LANGS}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def load(path: Path) -> dict:
    assert path.is_file(), f"missing quiz data file {path.relative_to(ROOT)}"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def english(name: str) -> dict:
    return load(DOCS / "quizzes" / f"{name}.yml")


def translated(lang: str, name: str) -> dict:
    return load(ROOT / "translations" / lang / "quizzes" / f"{name}.yml")


def sentences(text: str) -> int:
    """Number of sentence ends (., !, ?, Bengali danda) in a text."""
    return len(re.findall(r"[.!?\u0964](?=\s|$)", text.strip()))


def answer_key(quiz: dict) -> list[tuple]:
    return [
        (q["id"], q["choose"], q.get("lesson"), tuple(bool(o.get("correct", False)) for o in q["options"]))
        for q in quiz["questions"]
    ]


@pytest.mark.parametrize("name", QUIZZES)
def test_english_quiz_is_well_formed(name: str) -> None:
    questions = english(name)["questions"]
    assert len(questions) >= 6
    kinds = {q["choose"] for q in questions}
    assert kinds == {"one", "all"}, "each quiz mixes single and multiple choice"
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids), f"duplicate ids in {name}.yml"
    for q in questions:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q["id"]), q["id"]
        assert len(q["options"]) >= 3, q["id"]
        right = [o for o in q["options"] if o.get("correct")]
        assert all(o.get("correct", False) in (True, False) for o in q["options"]), q["id"]
        if q["choose"] == "one":
            assert len(right) == 1, f"{q['id']}: single choice needs exactly one correct option"
        else:
            assert 1 <= len(right) < len(q["options"]), q["id"]
        texts = [o["text"] for o in q["options"]]
        assert len(set(texts)) == len(texts), f"{q['id']}: two options read the same"
        assert sentences(q["explanation"]) == 1, f"{q['id']}: the explanation is one sentence"


@pytest.mark.parametrize("name", QUIZZES)
def test_every_question_links_to_an_existing_lesson_section(name: str) -> None:
    lesson = (DOCS / "lesson.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r"^#+ .*\{#([a-z0-9-]+)\}\s*$", lesson, flags=re.MULTILINE))
    for q in english(name)["questions"]:
        assert q.get("lesson") in anchors, f"{name}.yml {q['id']}: lesson section {q.get('lesson')!r} not in lesson.md"


def test_quiz_ids_are_unique_across_quizzes() -> None:
    # ids become HTML anchors (quiz-pre-<id>); keep them distinct site-wide too.
    ids = [q["id"] for name in QUIZZES for q in english(name)["questions"]]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", QUIZZES)
@pytest.mark.parametrize("lang", LANGS)
def test_translation_has_the_same_questions_and_answers(lang: str, name: str) -> None:
    source = english(name)
    target = translated(lang, name)
    assert target["quiz"] == source["quiz"] == name
    assert answer_key(target) == answer_key(source)


@pytest.mark.parametrize("name", QUIZZES)
@pytest.mark.parametrize("lang", LANGS)
def test_translation_follows_the_current_english_file(lang: str, name: str) -> None:
    source = DOCS / "quizzes" / f"{name}.yml"
    target = translated(lang, name)
    assert target.get("translation_of") == f"quizzes/{name}.yml"
    assert target.get("source_sha256") == hashlib.sha256(source.read_bytes()).hexdigest(), (
        f"translations/{lang}/quizzes/{name}.yml is stale: update it to the current "
        f"docs/quizzes/{name}.yml and record the new source_sha256"
    )


def _is_formula(text: str) -> bool:
    """Formulas such as 'w ← w − η·∂L/∂w' or '−log p' stay the same in every language."""
    return not re.search(r"[A-Za-z]{4,}", text)


@pytest.mark.parametrize("name", QUIZZES)
@pytest.mark.parametrize("lang", LANGS)
def test_translation_is_written_in_its_language(lang: str, name: str) -> None:
    native = re.compile(SCRIPT[lang])
    for source_q, q in zip(english(name)["questions"], translated(lang, name)["questions"], strict=False):
        assert native.search(q["text"]), f"{lang} {q['id']}: question not translated"
        assert native.search(q["explanation"]), f"{lang} {q['id']}: explanation not translated"
        assert sentences(q["explanation"]) == 1, f"{lang} {q['id']}: the explanation is one sentence"
        for source_o, o in zip(source_q["options"], q["options"], strict=False):
            if o["text"] == source_o["text"]:
                assert _is_formula(o["text"]), f"{lang} {q['id']}: option {o['text']!r} not translated"
            else:
                assert native.search(o["text"]), f"{lang} {q['id']}: option {o['text']!r} not translated"


@pytest.mark.parametrize("lang", LANGS)
def test_widget_words_are_translated(lang: str) -> None:
    source = languages.ui_words("en", ROOT)["quiz"]
    target = languages.ui_words(lang, ROOT)["quiz"]
    native = re.compile(SCRIPT[lang])
    for key, text in source.items():
        assert isinstance(target.get(key), str) and target[key].strip(), f"{lang}: ui.{key} missing"
        assert native.search(target[key]), f"{lang}: ui.{key} not translated"
        assert set(PLACEHOLDER.findall(target[key])) == set(PLACEHOLDER.findall(text)), (
            f"{lang}: ui.{key} must keep the placeholders of {text!r}"
        )


@pytest.mark.parametrize("name", QUIZZES)
@pytest.mark.parametrize("lang", ("en", *LANGS))
def test_quiz_page_asks_for_its_quiz(lang: str, name: str) -> None:
    path = DOCS / f"quiz-{name}.md" if lang == "en" else ROOT / "translations" / lang / f"quiz-{name}.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(f'<div class="quiz" data-quiz="{name}"></div>') == 1
    if lang != "en":
        front = yaml.safe_load(text.split("---\n")[1])
        source = DOCS / f"quiz-{name}.md"
        assert front["translation_of"] == f"quiz-{name}.md"
        assert front["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


# The build hook: a translation that changes the answers must not reach a page.

def _project(tmp_path: Path, lang: str, quiz: dict) -> SiteContext:
    """A repository with the English quiz, its words, and a translated quiz in ``lang``."""
    (tmp_path / "docs" / "quizzes").mkdir(parents=True)
    (tmp_path / "docs" / "quizzes" / "pre.yml").write_bytes((DOCS / "quizzes" / "pre.yml").read_bytes())
    for code in ("en", lang):
        ui = languages.ui_path(code, ROOT).relative_to(ROOT)
        (tmp_path / ui).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / ui).write_bytes((ROOT / ui).read_bytes())
    (tmp_path / languages.TABLE).write_bytes((ROOT / languages.TABLE).read_bytes())
    (tmp_path / "translations" / lang / "quizzes").mkdir(parents=True)
    (tmp_path / "translations" / lang / "quizzes" / "pre.yml").write_text(
        yaml.safe_dump(quiz, allow_unicode=True), encoding="utf-8"
    )
    config = SimpleNamespace(
        docs_dir=str(tmp_path / "docs"), use_directory_urls=True,
        plugins={"i18n": SimpleNamespace(current_language=lang)},
    )
    return SiteContext(tmp_path, config)  # type: ignore[arg-type]


class _Page:
    url = "ru/quiz-pre/"


class _hook:  # noqa: N801 - reads like the hook it calls
    @staticmethod
    def on_post_page(output: str, page: _Page, ctx: SiteContext) -> str:
        return quizzes.render_quizzes(output, page, ctx)  # type: ignore[arg-type]


def test_hook_embeds_the_translated_quiz(tmp_path: Path) -> None:
    config = _project(tmp_path, "ru", translated("ru", "pre"))
    page = _hook.on_post_page('<p>x</p><div class="quiz" data-quiz="pre"></div>', _Page(), config)
    assert '<script type="application/json" class="quiz-data">' in page
    assert translated("ru", "pre")["questions"][0]["text"] in page
    assert "</script><noscript>" in page
    assert '"more": "../lesson/#data-model-and-loss"' in page  # first question's lesson section


def test_hook_refuses_a_translation_with_other_answers(tmp_path: Path, caplog) -> None:
    quiz = translated("ru", "pre")
    first = quiz["questions"][0]["options"]
    first[0]["correct"], first[1]["correct"] = False, True
    config = _project(tmp_path, "ru", quiz)
    with caplog.at_level(logging.WARNING):
        page = _hook.on_post_page('<div class="quiz" data-quiz="pre"></div>', _Page(), config)
    assert "does not match" in caplog.text
    assert english("pre")["questions"][0]["text"] in page  # English, with the right answers
    assert quiz["questions"][0]["text"] not in page


def test_hook_names_a_broken_english_file(tmp_path: Path) -> None:
    config = _project(tmp_path, "ru", translated("ru", "pre"))
    broken = english("pre")
    broken["questions"][0]["choose"] = "several"
    (tmp_path / "docs" / "quizzes" / "pre.yml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(PluginError, match=r"pre\.yml, question 1 \(loss-purpose\)"):
        _hook.on_post_page('<div class="quiz" data-quiz="pre"></div>', _Page(), config)
    with pytest.raises(PluginError, match="quiz 'nope'"):
        _hook.on_post_page('<div class="quiz" data-quiz="nope"></div>', _Page(), config)
