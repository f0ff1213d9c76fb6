"""Translations: present, fresh, parallel to English, in the right language and terms.

Two kinds of tests:

* the real content: for every translated language (translations/languages.yml)
  and every English file that needs a translation (tools/i18n/records.py:
  pages, notebooks, figures, quizzes, ui.yml, the lab README), freshness,
  structural parity, characters, script and language, glossary use, and per
  language the spelling rate and that no file goes unchecked. A missing
  translation fails its freshness test and every other test of that file, with
  the file named; none is skipped. ``python -m tools.i18n check`` prints the
  same problems with a summary;
* the checker itself, on small files in a temporary directory, so that a check
  that stops catching what it should fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.i18n import authoring, cli, records, report, run
from tools.i18n.accepted import Resources, load_resources
from tools.i18n.checks import coverage, freshness, glossary, invisible, language, mojibake, parity, spelling
from tools.i18n.formats import read_doc
from tools.i18n.glossary import load_glossary
from tools.i18n.problems import Loc, Problem
from tools.sitebuild.languages import ROOT, Language, translated_languages
from tools.sitebuild.languages import language as language_row

SOURCES = records.english_sources()
LANGS = [lang.code for lang in translated_languages()]
PAIRS = [(lang, rel) for lang in LANGS for rel in SOURCES]
PAIR_IDS = [f"{lang}-{rel}" for lang, rel in PAIRS]


def fail_on(problems: list[Problem]) -> None:
    if problems:
        pytest.fail("\n".join(str(p) for p in problems), pytrace=False)


def lang_of(code: str, root: Path = ROOT) -> Language:
    return language_row(code, root)


@pytest.fixture(scope="session")
def resources() -> dict[str, Resources]:
    language.detector()  # load lingua's models once for the whole session
    return {lang: load_resources(lang_of(lang)) for lang in LANGS}


def text_problems(lang: str, rel: str, resources: Resources, root: Path = ROOT) -> list[Problem]:
    """Characters, script and language of one translation (a problem when it is missing)."""
    path = records.translation_path(lang, rel, root)
    if not path.is_file():
        return [Problem(Loc(str(path)), "language", "translation missing")]
    return run.check_text(read_doc(path), resources, root=root)


def glossary_problems(lang: str, rel: str, resources: Resources, root: Path = ROOT) -> list[Problem]:
    path = records.translation_path(lang, rel, root)
    if not path.is_file():
        return [Problem(Loc(str(path)), "glossary", "translation missing")]
    english = read_doc(records.docs_dir(root) / rel)
    return glossary.check(resources.language, english, read_doc(path), resources.glossary)


# --- the real content --------------------------------------------------------------
def test_english_sources_are_found():
    # An empty list would make every parametrized test below vanish silently.
    for rel in ("index.md", "lesson.md", "framework.ipynb", "mnist-lab.ipynb", "ui.yml", "lab/README.md"):
        assert rel in SOURCES, f"docs/{rel} is not among the translatable sources {SOURCES}"
    assert any(rel.startswith("assets/figures/") for rel in SOURCES)
    assert any(rel.startswith("quizzes/") for rel in SOURCES)
    assert LANGS, "translations/languages.yml lists no translated language"


@pytest.mark.parametrize("rel", SOURCES)
def test_english_source_has_no_invisible_characters_or_mojibake(rel):
    # Translations start as copies of these files; a stray U+200B would travel on.
    doc = read_doc(records.docs_dir() / rel)
    english = lang_of("en")
    fail_on(invisible.check(english, doc.raw_lines) + mojibake.check(english, doc.units))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_translation_is_fresh(lang, rel):
    fail_on(freshness.check(lang, rel))


@pytest.mark.parametrize("lang", LANGS)
def test_no_translation_without_english_source(lang):
    orphans = records.orphans(lang)
    assert not orphans, f"translations/{lang}/ has files whose English source is gone: {orphans}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_file_of_a_language_is_checked(lang):
    fail_on(coverage.check(lang))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_same_structure_as_english(lang, rel):
    fail_on(parity.check(lang, rel))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_language_and_script(lang, rel, resources):
    fail_on(text_problems(lang, rel, resources[lang]))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_glossary_terms_are_used(lang, rel, resources):
    fail_on(glossary_problems(lang, rel, resources[lang]))


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_and_wordlist_are_well_formed(lang, resources):
    fail_on(resources[lang].problems)
    assert len(resources[lang].glossary) >= 40, "the glossary should cover the course's core terms"


@pytest.mark.parametrize("lang", LANGS)
def test_spelling(lang, resources):
    paths = [records.translation_path(lang, rel) for rel in SOURCES]
    found = spelling.report([read_doc(path) for path in paths if path.is_file()], resources[lang].accepted)
    problems = found.problems()
    missing = [rel for rel, path in zip(SOURCES, paths, strict=True) if not path.is_file()]
    if missing:
        problems.append(Problem(Loc(f"translations/{lang}"), "spelling",
                                f"not checked, translation missing: {', '.join(missing)}"))
    fail_on(problems)


def test_every_translated_language_has_a_dictionary_and_limit():
    # A row may leave them out (spelling is then not checked), but ours should not.
    for lang in translated_languages():
        assert lang.hunspell and lang.max_unknown_words, f"{lang.code}: no hunspell dictionary or limit"


# --- the checker on small examples --------------------------------------------------
ENGLISH_PAGE = """\
# Learning {#learning}

The loss function measures how wrong the model is. Gradient descent changes
every weight against its gradient, scaled by the learning rate $\\eta$.

$$
w \\leftarrow w - \\eta \\, \\nabla_w \\mathcal{L}
$$

```python
w = w - lr * grad
```

!!! note "Remember"
    Read [the lesson](lesson.md#gradient-descent) and look at
    ![A loss curve](assets/figures/curve.svg).

## Softmax {#softmax}

The softmax turns scores into probabilities; `Softmax` implements it.
"""

RUSSIAN_PAGE = """\
# Обучение {#learning}

Функция потерь показывает, насколько ошибается модель. Градиентный спуск
сдвигает каждый вес против его градиента, умноженного на скорость обучения $\\eta$.

$$
w \\leftarrow w - \\eta \\, \\nabla_w \\mathcal{L}
$$

```python
w = w - lr * grad
```

!!! note "Запомните"
    Прочитайте [урок](lesson.md#gradient-descent) и посмотрите на
    ![Кривая функции потерь](assets/figures/curve.svg).

## Softmax {#softmax}

Функция softmax превращает оценки классов в вероятности; её реализует `Softmax`.
"""

BENGALI_PAGE = """\
# প্রশিক্ষণ {#learning}

লস ফাংশন দেখায় মডেল কতটা ভুল করছে। গ্রেডিয়েন্ট ডিসেন্ট প্রতিটি ওজনকে তার
গ্রেডিয়েন্টের উল্টো দিকে সরায়, লার্নিং রেট $\\eta$ দিয়ে গুণ করে।

$$
w \\leftarrow w - \\eta \\, \\nabla_w \\mathcal{L}
$$

```python
w = w - lr * grad
```

!!! note "মনে রাখুন"
    [পাঠটি](lesson.md#gradient-descent) পড়ুন এবং
    ![লস ফাংশনের বক্ররেখা](assets/figures/curve.svg) দেখুন।

## সফটম্যাক্স {#softmax}

সফটম্যাক্স স্কোরগুলোকে সম্ভাবনায় বদলে দেয়; `Softmax` এটি করে।
"""

GLOSSARIES = {
    "ru": """\
- en: loss function
  term: функция потерь
  forms: [функции потерь, функцию потерь]
  note: test
- en: gradient descent
  term: градиентный спуск
  forms: [градиентного спуска]
  note: test
- en: gradient
  term: градиент
  forms: [градиент*]
  note: test
- en: learning rate
  term: скорость обучения
  forms: [скорости обучения, скоростью обучения]
  note: test
- en: weight
  term: вес
  forms: [веса, весов]
  note: test
- en: softmax
  term: softmax
  note: test
""",
    "bn": """\
- en: loss function
  term: লস ফাংশন
  note: test
- en: gradient descent
  term: গ্রেডিয়েন্ট ডিসেন্ট
  note: test
- en: gradient
  term: গ্রেডিয়েন্ট
  note: test
- en: learning rate
  term: লার্নিং রেট
  note: test
- en: weight
  term: ওজন
  note: test
- en: softmax
  term: সফটম্যাক্স
  note: test
""",
}


class Tree:
    """A docs/ + translations/ pair in a temporary directory, with the real table of languages."""

    def __init__(self, root: Path, extra_languages: str = ""):
        self.root = root
        self.docs = root / "docs"
        self.translations = root / "translations"
        self.translations.mkdir(parents=True)
        table = (ROOT / "translations" / "languages.yml").read_text(encoding="utf-8")
        (self.translations / "languages.yml").write_text(table + extra_languages, encoding="utf-8")
        for lang, text in GLOSSARIES.items():
            (self.translations / lang).mkdir(parents=True)
            (self.translations / lang / "glossary.yml").write_text(text, encoding="utf-8")
            (self.translations / lang / "wordlist.txt").write_text("", encoding="utf-8")

    def language(self, code: str) -> Language:
        return lang_of(code, self.root)

    def english(self, rel: str, text: str) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def translate(self, lang: str, rel: str, text: str, sha: str | None = None) -> Path:
        """Write a translation recording the English file's current hash (or ``sha``)."""
        record = records.Record(rel, sha or records.sha256_of(self.docs / rel))
        path = self.translations / lang / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(records.with_record(text, path.suffix, record), encoding="utf-8")
        return path

    def resources(self, lang: str, wordlist: str = "") -> Resources:
        (self.translations / lang / "wordlist.txt").write_text(wordlist, encoding="utf-8")
        return load_resources(self.language(lang), self.root)

    def check(self, check: str, lang: str, rel: str, resources: Resources | None = None) -> list[Problem]:
        if check == "freshness":
            return freshness.check(lang, rel, self.root)
        if check == "parity":
            return parity.check(lang, rel, self.root)
        resources = resources or self.resources(lang)
        if check == "text":  # invisible, mojibake, script, language
            return text_problems(lang, rel, resources, self.root)
        if check == "glossary":
            return glossary_problems(lang, rel, resources, self.root)
        raise ValueError(check)


@pytest.fixture
def tree(tmp_path) -> Tree:
    tree = Tree(tmp_path)
    tree.english("page.md", ENGLISH_PAGE)
    return tree


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("lang,text", [("ru", RUSSIAN_PAGE), ("bn", BENGALI_PAGE)])
def test_a_good_translation_passes_every_check(tree, lang, text):
    tree.translate(lang, "page.md", text)
    for check in ("freshness", "parity", "text", "glossary"):
        assert tree.check(check, lang, "page.md") == [], check


def test_stale_hash_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    tree.english("page.md", ENGLISH_PAGE + "\nOne more sentence.\n")
    problems = tree.check("freshness", "ru", "page.md")
    assert len(problems) == 1 and "stale" in problems[0].message
    assert "python -m tools.i18n diff ru page.md" in problems[0].message


def test_missing_and_broken_records_are_caught(tree):
    assert "missing" in messages(tree.check("freshness", "ru", "page.md"))
    (tree.translations / "ru" / "page.md").write_text(RUSSIAN_PAGE, encoding="utf-8")  # no front matter
    assert "broken" in messages(tree.check("freshness", "ru", "page.md"))
    tree.english("other.md", "# Other {#other}\n")
    record = records.Record("other.md", records.sha256_of(tree.docs / "other.md"))
    text = records.with_record(RUSSIAN_PAGE, ".md", record)
    (tree.translations / "ru" / "page.md").write_text(text, encoding="utf-8")
    assert "expected 'page.md'" in messages(tree.check("freshness", "ru", "page.md"))


def test_records_api_for_the_build(tree):
    # tools/sitebuild/notices.py asks records.status_of() whether a page is outdated.
    assert records.status_of("ru", "page.md", tree.root).state == "missing"
    path = tree.translate("ru", "page.md", RUSSIAN_PAGE)
    status = records.status_of("ru", "page.md", tree.root)
    assert status.fresh and status.path == path
    assert records.record_of(path) == records.Record("page.md", records.sha256_of(tree.docs / "page.md"))
    tree.english("page.md", ENGLISH_PAGE + "\nMore.\n")
    assert records.status_of("ru", "page.md", tree.root).state == "stale"
    path.write_text(RUSSIAN_PAGE, encoding="utf-8")
    assert records.record_of(path) is None
    assert records.status_of("ru", "page.md", tree.root).state == "broken"
    assert [s.lang for s in records.status(tree.root)] == LANGS  # one per language, one English file
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    (tree.docs / "page.md").unlink()
    assert records.status_of("ru", "page.md", tree.root).state == "broken"  # no English source


@pytest.mark.parametrize("rel,text", [
    ("page.md", "# Title {#t}\n"),
    ("page.md", "---\ntitle: Old\ntranslation_of: x.md\nsource_sha256: " + "0" * 64 + "\n---\n# T {#t}\n"),
    ("book.ipynb", json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})),
    ("assets/figures/f.svg", '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'),
    ("quizzes/q.yml", "# a comment\nquiz: q\n"),
    ("quizzes/q.yml", "# a comment\ntranslation_of: quizzes/q.yml\nsource_sha256: " + "0" * 64 + "\nquiz: q\n"),
    ("ui.yml", "# words\ntranslation_of: ui.yml\nsource_sha256: " + "0" * 64 + "\nsite:\n  name: N\n"),
])
def test_records_are_written_and_read_back(tmp_path, rel, text):
    suffix = Path(rel).suffix
    first = records.with_record(text, suffix, records.Record(rel, "a" * 64))
    second = records.with_record(first, suffix, records.Record(rel, "b" * 64))  # re-stamping
    path = tmp_path / Path(rel).name
    path.write_text(second, encoding="utf-8")
    assert records.read_record(path) == records.Record(rel, "b" * 64)
    assert second.count("source_sha256") == 1 and "a" * 64 not in second


@pytest.mark.parametrize("old,new,what", [
    ("$\\eta$.", "$\\eta_t$.", "formula"),
    ("\\nabla_w \\mathcal{L}\n$$", "\\nabla \\mathcal{L}\n$$", "formula"),
    ("w = w - lr * grad", "w = w - lr*grad", "code block"),
    ("## Softmax {#softmax}", "## Softmax {#soft-max}", "heading"),
    ("## Softmax {#softmax}", "### Softmax {#softmax}", "heading"),
    ("(lesson.md#gradient-descent)", "(lesson.md)", "link target"),
    ("(assets/figures/curve.svg)", "(assets/figures/curve.png)", "image"),
    ('!!! note "Запомните"', '!!! tip "Запомните"', "admonition"),
    ("её реализует `Softmax`", "её реализует `softmax`", "inline code"),
])
def test_structural_changes_are_caught(tree, old, new, what):
    assert old in RUSSIAN_PAGE
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace(old, new, 1))
    problems = tree.check("parity", "ru", "page.md")
    assert problems and what in messages(problems), messages(problems)
    assert all(p.loc.path.endswith("translations/ru/page.md") for p in problems)


def test_a_changed_formula_is_reported_at_its_line(tree):
    path = tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("$\\eta$.", "$\\eta_t$.", 1))
    (problem,) = tree.check("parity", "ru", "page.md")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert "\\eta_t" in lines[problem.loc.line - 1]  # the line number counts the front matter
    assert "\\eta_t" in problem.message and "docs/page.md:4)" in problem.message


def notebook(cells: list[tuple[str, str]], **metadata) -> str:
    nb = {
        "cells": [
            {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": source.splitlines(keepends=True),
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for i, (kind, source) in enumerate(cells)
        ],
        "metadata": metadata, "nbformat": 4, "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


NOTEBOOK_EN = [
    ("markdown", '# Build it <a id="build-it"></a>\n\nWe compute $z = xW + b$ with the linear layer.'),
    ("code", "z = layer.forward(x)\nprint(z.shape)"),
]
NOTEBOOK_RU = [
    ("markdown", '# Собираем <a id="build-it"></a>\n\nЛинейный слой вычисляет $z = xW + b$ для всего батча.'),
    ("code", "z = layer.forward(x)\nprint(z.shape)"),
]


def test_notebook_parity(tree):
    tree.english("book.ipynb", notebook(NOTEBOOK_EN))
    tree.translate("ru", "book.ipynb", notebook(NOTEBOOK_RU))
    assert tree.check("parity", "ru", "book.ipynb") == []
    changed = [NOTEBOOK_RU[0], ("code", "z = layer.forward(x)\nprint(z)")]
    tree.translate("ru", "book.ipynb", notebook(changed))
    problems = tree.check("parity", "ru", "book.ipynb")
    assert "code cell differs" in messages(problems)
    assert problems[0].loc.note == "cell 2" and problems[0].loc.line is not None
    renamed = [(NOTEBOOK_RU[0][0], NOTEBOOK_RU[0][1].replace("build-it", "build")), NOTEBOOK_RU[1]]
    tree.translate("ru", "book.ipynb", notebook(renamed))
    assert "heading differs" in messages(tree.check("parity", "ru", "book.ipynb"))
    nb = json.loads(notebook(NOTEBOOK_RU))
    nb["cells"][1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["(4, 2)\n"]}]
    tree.translate("ru", "book.ipynb", json.dumps(nb))
    assert "outputs" in messages(tree.check("parity", "ru", "book.ipynb"))


def test_notebook_markdown_cell_tags_must_match(tree):
    """A Markdown cell's tags say how the page shows it (``worked-solution`` folds it): they are not translated."""
    english = json.loads(notebook(NOTEBOOK_EN))
    english["cells"][0]["metadata"] = {"tags": ["worked-solution"]}
    tree.english("book.ipynb", json.dumps(english, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    tree.translate("ru", "book.ipynb", notebook(NOTEBOOK_RU))
    problems = tree.check("parity", "ru", "book.ipynb")
    assert problems and "worked-solution" in messages(problems)
    russian = json.loads(notebook(NOTEBOOK_RU))
    russian["cells"][0]["metadata"] = {"tags": ["worked-solution"]}
    tree.translate("ru", "book.ipynb", json.dumps(russian, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    assert tree.check("parity", "ru", "book.ipynb") == []


SVG_EN = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" font-family="Noto Sans">
  <title>Loss curve</title>
  <path id="curve" d="M0,0 L100,100"/>
  <text x="10" y="20">learning rate too small</text>
</svg>
"""


def test_svg_parity(tree):
    tree.english("assets/figures/f.svg", SVG_EN)
    translated = SVG_EN.replace("Loss curve", "Кривая потерь").replace(
        "learning rate too small", "скорость обучения слишком мала").replace(
        'font-family="Noto Sans"', 'font-family="Noto Sans, sans-serif"')
    tree.translate("ru", "assets/figures/f.svg", translated)
    assert tree.check("parity", "ru", "assets/figures/f.svg") == []
    tree.translate("ru", "assets/figures/f.svg", translated.replace('x="10"', 'x="12"'))
    problems = tree.check("parity", "ru", "assets/figures/f.svg")
    assert "SVG element differs" in messages(problems) and problems[0].loc.line == 6  # 5 + record line


QUIZ_EN = """quiz: pre
questions:
  - id: loss
    choose: one
    text: What does a loss function measure? {name}
    options:
      - text: How wrong the model is
        correct: true
      - text: How long training takes
"""


def test_yaml_parity(tree):
    tree.english("quizzes/pre.yml", QUIZ_EN)
    ru = (QUIZ_EN.replace("What does a loss function measure? {name}", "Что измеряет функция потерь? {name}")
          .replace("How wrong the model is", "Насколько ошибается модель")
          .replace("How long training takes", "Сколько длится обучение"))
    tree.translate("ru", "quizzes/pre.yml", ru)
    assert tree.check("parity", "ru", "quizzes/pre.yml") == []
    for old, new in (("correct: true", "correct: false"), ("id: loss", "id: losses"), (" {name}", "")):
        tree.translate("ru", "quizzes/pre.yml", ru.replace(old, new))
        assert tree.check("parity", "ru", "quizzes/pre.yml"), f"{old!r} -> {new!r} not caught"


def mangle(text: str, codec: str) -> str:
    """UTF-8 text decoded as ``codec``, bytes it leaves undefined kept as C1 controls (as Windows does)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize("lang,text,codec", [
    ("ru", "Функция потерь измеряет ошибку", "cp1252"),
    ("ru", "Функция потерь измеряет ошибку", "mac_roman"),
    ("ru", "Функция потерь измеряет ошибку", "cp1251"),
    ("bn", "লস ফাংশন মডেলের ভুল মাপে", "mac_roman"),
    ("bn", "লস ফাংশন মডেলের ভুল মাপে", "cp866"),
    ("te", "నష్ట ఫంక్షన్ మోడల్ తప్పును కొలుస్తుంది", "cp1252"),
    ("ru", "Café — это «кафе»", "cp1252"),
])
def test_mojibake_is_caught(lang, text, codec):
    broken = mangle(text, codec)
    assert mojibake.mojibake_in("Начало. " + broken + " Конец.", lang_of(lang)), broken
    assert mojibake.mojibake_in("x \ufffd y", lang_of(lang))


@pytest.mark.parametrize("lang,text", [
    ("ru", "Ёжик — «колючий» зверёк № 1; от −∞ до +∞, ∂L/∂w, «Я»…  СССР. Щёлкните «ДА»."),
    ("bn", "লস ফাংশন মডেলের ভুল মাপে। সবচেয়ে ছোট মান — ০.০১; ∑ ও ∂ চিহ্ন।"),
    ("te", "నష్ట ఫంక్షన్ మోడల్ తప్పును కొలుస్తుంది. నెట్‌వర్క్‌లో “లేయర్లు” ఉంటాయి."),
    ("ru", "Café, naïve, façade, Ångström, Größe — é ü ß"),
])
def test_correct_text_is_not_mistaken_for_mojibake(lang, text):
    assert mojibake.mojibake_in(text, lang_of(lang)) is None


def test_mojibake_in_a_page_is_reported(tree):
    original = "Функция потерь показывает"
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace(original, mangle(original, "cp1252")))
    problems = tree.check("text", "ru", "page.md")
    assert {p.loc.line for p in problems} == {8}, messages(problems)
    assert "mojibake 'Ð¤ÑƒÐ½ÐºÑ†Ð¸Ñ" in messages(problems) and "meant 'Функция'" in messages(problems)


@pytest.mark.parametrize("lang,char,allowed", [
    ("ru", "\u200b", False), ("bn", "\u200b", False), ("te", "\u2060", False), ("ru", "\u00ad", False),
    ("bn", "\ufeff", False), ("te", "\u202e", False), ("ru", "\u200c", False), ("ru", "\u200d", False),
    ("bn", "\u200c", True), ("te", "\u200c", True), ("bn", "\u200d", True),
])
def test_invisible_characters(lang, char, allowed):
    problems = invisible.check(lang_of(lang), [("abc", Loc("f", 1)), (f"ab{char}c", Loc("f", 2))])
    if allowed:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].loc.line == 2 and "column 3" in problems[0].message


def test_stray_zero_width_space_in_a_page_is_reported(tree):
    tree.translate("bn", "page.md", BENGALI_PAGE.replace("লস ফাংশন দেখায়", "লস\u200b ফাংশন দেখায়"))
    assert "U+200B" in messages(tree.check("text", "bn", "page.md"))


def test_english_paragraph_in_a_bengali_page_is_caught(tree):
    english = "The loss function measures how wrong the model is, and we want it small."
    tree.translate("bn", "page.md", BENGALI_PAGE.replace("সফটম্যাক্স স্কোরগুলোকে সম্ভাবনায় বদলে দেয়;", english))
    problems = tree.check("text", "bn", "page.md")
    text = messages(problems)
    assert "reads as English, not Bengali" in text and "Latin-script words" in text
    assert {p.loc.line for p in problems} == {21 + 4}


def test_english_paragraph_in_a_russian_page_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace(
        "Функция softmax превращает оценки классов в вероятности; её реализует",
        "Softmax turns the scores of the classes into probabilities, which is done by"))
    assert "reads as English, not Russian" in messages(tree.check("text", "ru", "page.md"))


def test_latin_look_alike_letter_in_a_russian_word_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("сдвигает", "cдвигает"))  # Latin c
    assert "mixes scripts" in messages(tree.check("text", "ru", "page.md"))


def test_names_need_the_wordlist_and_may_take_endings(tree):
    text = (BENGALI_PAGE.replace("লস ফাংশন দেখায়", "NumPy-তে লস ফাংশন দেখায়")
            .replace("প্রতিটি ওজনকে", "PyTorchএর মতো প্রতিটি ওজনকে"))
    tree.translate("bn", "page.md", text)
    assert "NumPy, PyTorch" in messages(tree.check("text", "bn", "page.md"))
    resources = tree.resources("bn", "# names\nNumPy\npytorch\n")
    assert tree.check("text", "bn", "page.md", resources) == []


def test_text_marked_as_another_language_is_exempt(tree):
    title = "*Neural Networks and Deep Learning*"
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("Прочитайте", f"Прочитайте книгу {title} и"))
    assert "Latin-script words" in messages(tree.check("text", "ru", "page.md"))
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("Прочитайте", f"Прочитайте книгу {title}{{lang=en}} и"))
    assert tree.check("text", "ru", "page.md") == []
    assert tree.check("parity", "ru", "page.md") == []


def test_glossary_term_missing_from_a_section_is_caught(tree):
    path = tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("скорость обучения", "темп"))
    (problem,) = tree.check("glossary", "ru", "page.md")
    assert "'learning rate'" in problem.message and "# Learning" in problem.message
    assert path.read_text(encoding="utf-8").split("\n")[problem.loc.line - 1] == "# Обучение {#learning}"


def test_glossary_matching_rules(tree):
    entries = tree.resources("ru").glossary
    text = "Gradient descent follows the gradients; learning rates and weights."
    counts = glossary.english_term_counts(text, entries)
    assert counts == {"gradient descent": 1, "gradient": 1, "learning rate": 1, "weight": 1}
    by_en = {e.en: e for e in entries}
    russian, bengali_row = tree.language("ru"), tree.language("bn")
    assert glossary.uses_term("Уменьшаем функцию потерь.", by_en["loss function"], russian)
    assert not glossary.uses_term("Уменьшаем функции ошибки.", by_en["loss function"], russian)
    assert glossary.uses_term("по градиентам", by_en["gradient"], russian)  # градиент* = any ending
    assert not glossary.uses_term("весовой", by_en["weight"], russian)  # whole words in Russian
    bengali = {e.en: e for e in tree.resources("bn").glossary}
    assert glossary.uses_term("গ্রেডিয়েন্টের দিক", bengali["gradient"], bengali_row)  # endings attach in Bengali
    assert glossary.uses_term("লার্নিং\u200c রেট", bengali["learning rate"], bengali_row)  # joiners ignored


TELUGU_GLOSSARY = """\
- en: gradient
  term: గ్రేడియంట్
  note: test
- en: negative
  term: రుణాత్మకం
  forms: [రుణ]
  avoid: [ఋణ]
  check: false
  note: one spelling, రుణ
- en: again
  term: మళ్లీ
  avoid: [మళ్ళీ, '*ళ్ళ']
  check: false
  note: ళ్ల, never ళ్ళ
"""
ENGLISH_NOTES = "# Notes {#notes}\n\nThe gradient is negative.\n\nTry again, and go on.\n"
TELUGU_NOTES = "# గమనికలు {#notes}\n\nగ్రేడియంట్ ఋణాత్మకం.\n\nమళ్ళీ ప్రయత్నించండి, ముందుకు వెళ్ళండి.\n"


def test_rejected_spelling_is_reported_with_file_and_line(tree):
    (tree.translations / "te").mkdir()
    (tree.translations / "te" / "glossary.yml").write_text(TELUGU_GLOSSARY, encoding="utf-8")
    tree.english("notes.md", ENGLISH_NOTES)
    path = tree.translate("te", "notes.md", TELUGU_NOTES)
    problems = tree.check("glossary", "te", "notes.md")
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(p.loc.path.endswith("translations/te/notes.md") for p in problems), messages(problems)
    found = {(lines[p.loc.line - 1], p.message.split("'")[1]) for p in problems}
    assert found == {  # check: false does not switch the spelling rule off; one problem per word
        ("గ్రేడియంట్ ఋణాత్మకం.", "ఋణాత్మకం"),
        ("మళ్ళీ ప్రయత్నించండి, ముందుకు వెళ్ళండి.", "మళ్ళీ"),
        ("మళ్ళీ ప్రయత్నించండి, ముందుకు వెళ్ళండి.", "వెళ్ళండి"),
    } and len(problems) == 3, messages(problems)
    assert "avoids 'ఋణ' (entry 'negative', రుణాత్మకం" in messages(problems)
    fixed = TELUGU_NOTES.replace("ఋణ", "రుణ").replace("ళ్ళ", "ళ్ల")
    tree.translate("te", "notes.md", fixed)
    assert tree.check("glossary", "te", "notes.md") == []


def test_rejected_spellings_match_as_written(tree):
    english = tree.language("te")
    entry = {e.en: e for e in load_glossary_text(tree, TELUGU_GLOSSARY)}["again"]
    assert glossary.rejected_spellings(english, doc_of(tree, "ఫైళ్ళు, ఫైళ్లు"), [entry])  # '*ళ్ళ': inside a word
    assert not glossary.rejected_spellings(english, doc_of(tree, "ఫైళ్లు మళ్లీ"), [entry])
    russian = tree.language("ru")
    (ещё,) = load_glossary_text(tree, "- en: still\n  term: ещё\n  avoid: [еще]\n  check: false\n  note: ё\n")
    assert glossary.rejected_spellings(russian, doc_of(tree, "Ещё раз, еще раз."), [ещё])[0].loc.line == 1
    assert len(glossary.rejected_spellings(russian, doc_of(tree, "Ещё раз, еще раз."), [ещё])) == 1  # ё counts
    assert not glossary.rejected_spellings(russian, doc_of(tree, "Нещечко."), [ещё])  # whole words in Russian


def load_glossary_text(tree: Tree, text: str) -> list:
    path = tree.root / "glossary-test.yml"
    path.write_text(text, encoding="utf-8")
    entries, problems = load_glossary(path)
    assert problems == []
    return entries


def doc_of(tree: Tree, line: str):
    path = tree.root / "line.md"
    path.write_text(line + "\n", encoding="utf-8")
    return read_doc(path)


@pytest.mark.parametrize("text,expected", [
    ("- en: a\n  term: b\n  note: c\n- en: A\n  term: d\n  note: e\n", "duplicate English term"),
    ("- en: a\n  term: b\n", "'note' must be a non-empty string"),
    ("- en: a\n  term: b\n  note: c\n  colour: red\n", "unknown keys"),
    ("en: a\n", "must be a YAML list"),
    ("- en: a\n  term: b\n  note: c\n  avoid: ఋణ\n", "'avoid' must be a list of non-empty strings"),
    ("- en: a\n  term: రుణం\n  forms: [ఋణం]\n  note: c\n  avoid: [ఋణ]\n", "would reject the entry's own form"),
])
def test_glossary_file_errors_are_reported(tmp_path, text, expected):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_glossary(path)
    assert expected in messages(problems)


def test_hunspell_sees_bengali_and_telugu_words_whole():
    # hunspell's own tokeniser splits these at vowel signs; the checker must not.
    assert spelling.unknown_words(["প্রশিক্ষণ", "সময়", "নিয়ম"], lang_of("bn")) == set()
    assert spelling.unknown_words(["పద్ధతి", "ఉపయోగించు"], lang_of("te")) == set()


def test_spelling_finds_misspellings_and_accepts_endings():
    assert spelling.unknown_words(["обучение", "сети", "абучение", "сетти"], lang_of("ru")) == {"абучение", "сетти"}
    # প্রশিক্ষণের = প্রশিক্ষণ + ের; পাঠে = পাঠ + ে; a misspelled stem stays unknown.
    assert spelling.unknown_words(["প্রশিক্ষণের", "পাঠে", "প্রশিক্ষনের"], lang_of("bn")) == {"প্রশিক্ষনের"}
    # పాఠంలో = పాఠం + లో; ఉపయోగించి from the root ఉపయోగించు.
    assert spelling.unknown_words(["పాఠంలో", "ఉపయోగించి", "పాఠమ్లొ"], lang_of("te")) == {"పాఠమ్లొ"}


def test_spelling_rate_over_the_limit_fails(tree):
    misspelled = RUSSIAN_PAGE.replace("показывает, насколько ошибается", "пакозывает, насколко ашибается")
    tree.translate("ru", "page.md", misspelled)
    accepted = tree.resources("ru").accepted
    found = spelling.report([read_doc(tree.translations / "ru" / "page.md")], accepted)
    assert set(found.unknown) == {"пакозывает", "насколко", "ашибается"}
    assert found.rate > tree.language("ru").max_unknown_words and "пакозывает" in messages(found.problems())
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    found = spelling.report([read_doc(tree.translations / "ru" / "page.md")], accepted)
    assert found.unknown == {} and found.problems() == []


def test_init_and_stamp(tree):
    authoring.init_translation("ru", "page.md", tree.root)
    assert tree.check("freshness", "ru", "page.md") == []
    assert tree.check("parity", "ru", "page.md") == []
    tree.english("page.md", ENGLISH_PAGE.replace("$\\eta$.", "$\\eta_0$."))
    assert "stale" in messages(tree.check("freshness", "ru", "page.md"))
    with pytest.raises(run.UsageError, match="not stamped"):  # the formula changed: fix it first
        authoring.stamp_translation("ru", "page.md", tree.root)
    path = tree.translations / "ru" / "page.md"
    path.write_text(path.read_text(encoding="utf-8").replace("$\\eta$.", "$\\eta_0$."), encoding="utf-8")
    authoring.stamp_translation("ru", "page.md", tree.root)
    assert tree.check("freshness", "ru", "page.md") == []


def test_init_of_a_notebook_drops_the_generator_metadata(tree):
    tree.english("book.ipynb", notebook(NOTEBOOK_EN, generated_from="tools/sources/notebooks/book.py",
                                        generator="python -m tools.sources.sync_notebooks"))
    authoring.init_translation("ru", "book.ipynb", tree.root)
    metadata = json.loads((tree.translations / "ru" / "book.ipynb").read_text(encoding="utf-8"))["metadata"]
    assert set(metadata) == {"translation"} and metadata["translation"]["source"] == "book.ipynb"
    assert tree.check("freshness", "ru", "book.ipynb") == [] and tree.check("parity", "ru", "book.ipynb") == []
    with pytest.raises(run.UsageError, match="exists already"):
        authoring.init_translation("ru", "book.ipynb", tree.root)


def test_cli_summary(tree, capsys):
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    result = run.check_language("ru", None, tree.root)
    report.print_result(result)
    out = capsys.readouterr().out
    assert result.problems == []
    assert "1 fresh" in out and "problems: none" in out and "paragraphs judged" in out
    assert "spelling:" in out and "glossary: 6 terms" in out


# --- the site's words (ui.yml), the lab README, unchecked files -------------------------
UI_EN = """\
site:
  name: Neural networks
nav:
  Home: Home
notices:
  outdated:
    title: This translation is out of date
    text: The loss function changed.
    link: Open the English original
quiz:
  score: 'Score: {score} of {total}'
theme: {}
plots:
  loss: Loss function
  caption: '{pred} ({prob:.0%})'
"""

UI_RU = """\
site:
  name: Нейронные сети
nav:
  Home: Главная
notices:
  outdated:
    title: Перевод устарел
    text: Функция потерь изменилась.
    link: Открыть английский оригинал
quiz:
  score: 'Результат: {score} из {total}'
theme:
  select.language: Выберите язык
plots:
  loss: Потери
  caption: '{pred} ({prob:.0%})'
"""


@pytest.fixture
def ui_tree(tree) -> Tree:
    tree.english("ui.yml", UI_EN)
    tree.translate("ru", "ui.yml", UI_RU)
    return tree


def test_ui_words_pass_every_check(ui_tree):
    # theme: keys the translation chooses; notices.*.link is text; plot labels may shorten terms.
    assert "ui.yml" in records.english_sources(ui_tree.root)
    for check in ("freshness", "parity", "text", "glossary"):
        assert ui_tree.check(check, "ru", "ui.yml") == [], check


@pytest.mark.parametrize("old,new,what", [
    ("    link: Открыть английский оригинал\n", "", "mapping of"),  # a missing key
    ("  Home: Главная", "  Start: Главная", "mapping of"),  # a renamed key
    ("{score} из {total}", "{score} из {всего}", "text with {score} {total}"),  # a translated placeholder
    ("{score} из {total}", "{score} из", "text with {score} {total}"),  # a dropped placeholder
    ("({prob:.0%})", "({prob})", "text with {pred} {prob:.0%}"),  # a changed format
])
def test_ui_words_keep_keys_and_placeholders(ui_tree, old, new, what):
    assert old in UI_RU
    ui_tree.translate("ru", "ui.yml", UI_RU.replace(old, new))
    problems = ui_tree.check("parity", "ru", "ui.yml")
    assert problems and what in messages(problems), messages(problems)


def test_ui_words_follow_the_english_hash(ui_tree):
    ui_tree.english("ui.yml", UI_EN.replace("Neural networks", "Neural nets"))
    assert "stale" in messages(ui_tree.check("freshness", "ru", "ui.yml"))
    path = ui_tree.translations / "ru" / "ui.yml"
    assert "source_sha256" in path.read_text(encoding="utf-8")
    authoring.stamp_translation("ru", "ui.yml", ui_tree.root)
    assert ui_tree.check("freshness", "ru", "ui.yml") == []


def test_ui_words_are_in_the_language_names_need_the_wordlist(ui_tree):
    ui_tree.translate("ru", "ui.yml", UI_RU.replace("Home: Главная", "Home: Home"))
    assert "Latin-script words not in the glossary or wordlist: Home" in messages(ui_tree.check("text", "ru", "ui.yml"))
    ui_tree.translate("ru", "ui.yml", UI_RU.replace("Нейронные сети", "Нейронные сети на NumPy"))
    assert "NumPy" in messages(ui_tree.check("text", "ru", "ui.yml"))
    assert ui_tree.check("text", "ru", "ui.yml", ui_tree.resources("ru", "NumPy\n")) == []


def test_ui_words_use_the_glossary_except_in_plot_labels(ui_tree):
    ui_tree.translate("ru", "ui.yml", UI_RU.replace("Функция потерь изменилась.", "Ошибка изменилась."))
    (problem,) = ui_tree.check("glossary", "ru", "ui.yml")
    assert "section 'notices'" in problem.message and "'loss function'" in problem.message
    assert problem.loc.line == 6  # the notices key, after the two lines of the record


LAB_EN = "# The lab\n\nThe `ownframework` package, version {{version}}, is in `{{wheel}}`.\n"
LAB_RU = "# Лабораторная\n\nПакет `ownframework` версии {{version}} лежит в `{{wheel}}`.\n"


def test_lab_readme_keeps_its_template_placeholders(tree):
    tree.english("lab/README.md", LAB_EN)
    tree.translate("ru", "lab/README.md", LAB_RU)
    assert "lab/README.md" in records.english_sources(tree.root)
    assert tree.check("parity", "ru", "lab/README.md") == []
    assert tree.check("text", "ru", "lab/README.md") == []  # {{version}} is not a Latin word
    tree.translate("ru", "lab/README.md", LAB_RU.replace(" {{version}}", ""))
    assert "template placeholder missing here: {{version}}" in messages(tree.check("parity", "ru", "lab/README.md"))


def test_a_file_no_check_reads_is_reported(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    folder = tree.translations / "ru"
    (folder / "notes.txt").write_text("заметки\n", encoding="utf-8")
    (folder / "assets").mkdir()
    (folder / "assets" / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "page-checkpoint.md").write_text("x\n", encoding="utf-8")
    (folder / "old.md").write_text("# Old\n", encoding="utf-8")  # translatable, but no English source
    assert coverage.unchecked_files("ru", tree.root) == ["assets/logo.png", "notes.txt"]
    assert all(p.check == "coverage" for p in coverage.check("ru", tree.root))
    assert records.orphans("ru", tree.root) == ["old.md"]
    problems = run.check_language("ru", None, tree.root).problems
    assert {(Path(p.loc.path).name, p.check) for p in problems} == {
        ("notes.txt", "coverage"), ("logo.png", "coverage"), ("old.md", "freshness")}


HINDI_ROW = """\
  - code: hi
    name: हिन्दी
    english: Hindi
    script: DEVANAGARI
    letters: [0x0900, 0x097F]
    font: null
    hunspell: null
    lingua: HINDI
    max_unknown_words: null
    joiners: true
"""

HINDI_PAGE = """\
# सीखना {#learning}

लॉस फ़ंक्शन बताता है कि मॉडल कितनी गलती करता है। ग्रेडिएंट डिसेंट हर वज़न को उसके
ग्रेडिएंट की उल्टी दिशा में बदलता है, और यह बदलाव लर्निंग रेट $\\eta$ से गुणा होता है।

$$
w \\leftarrow w - \\eta \\, \\nabla_w \\mathcal{L}
$$

```python
w = w - lr * grad
```

!!! note "याद रखें"
    [पाठ](lesson.md#gradient-descent) पढ़िए और
    ![लॉस का वक्र](assets/figures/curve.svg) देखिए।

## सॉफ्टमैक्स {#softmax}

सॉफ्टमैक्स अंकों को संभावनाओं में बदल देता है; इसे `Softmax` लागू करता है।
"""


def test_a_language_with_only_a_table_row_is_checked(tmp_path, capsys):
    # No glossary terms, no dictionary, no ending rules: the checks fall back, they do not fail.
    tree = Tree(tmp_path, extra_languages=HINDI_ROW)
    tree.english("page.md", ENGLISH_PAGE)
    (tree.translations / "hi").mkdir()
    (tree.translations / "hi" / "glossary.yml").write_text("[]\n", encoding="utf-8")
    (tree.translations / "hi" / "wordlist.txt").write_text("", encoding="utf-8")
    tree.translate("hi", "page.md", HINDI_PAGE)
    result = run.check_language("hi", None, tree.root)
    assert result.problems == [], messages(result.problems)
    assert result.stats.detected == {"HINDI": result.stats.checked} and result.stats.checked >= 2
    assert not result.spelling.dictionary and result.spelling.total > 0
    report.print_result(result)
    assert "spelling: not checked" in capsys.readouterr().out
    english = HINDI_PAGE.replace("सॉफ्टमैक्स अंकों को संभावनाओं में बदल देता है;",
                                 "The softmax turns the scores of the classes into probabilities, and")
    tree.translate("hi", "page.md", english)
    assert "reads as English, not Hindi" in messages(run.check_language("hi", None, tree.root).problems)
    assert "HINDI" in language.detector_languages(tree.root)


def test_cli_offers_every_command(capsys):
    text = cli.parser().format_help()
    for command in ("check", "status", "init", "stamp", "diff", "glossary", "spelling"):
        assert command in text
    assert cli.main(["check", "xx"]) == 2
    assert "unknown language xx" in capsys.readouterr().err
    assert cli.main(["status", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert all(f"{lang}: " in out for lang in LANGS)
