"""Translations: present, fresh, parallel to English, in the right language and terms.

Two kinds of tests:

* the real content: for every language and every translatable English file
  (tools/translations.py), freshness, structural parity, language and script,
  glossary use, and per language the spelling rate. A missing translation fails
  its freshness test and every other test of that file, with the file named; none
  is skipped. ``python tools/translation_check.py <lang>`` prints the same
  problems with a summary;
* the checker itself, on small files in a temporary directory, so that a check
  that stops catching what it should fails here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import translation_check as tc  # noqa: E402

import translations as tr  # noqa: E402

SOURCES = tr.english_sources()
PAIRS = [(lang, rel) for lang in tr.LANGUAGES for rel in SOURCES]
PAIR_IDS = [f"{lang}-{rel}" for lang, rel in PAIRS]


def fail_on(problems: list[tc.Problem]) -> None:
    if problems:
        pytest.fail("\n".join(str(p) for p in problems), pytrace=False)


@pytest.fixture(scope="session")
def resources() -> dict[str, tc.LanguageResources]:
    tc.detector()  # load lingua's models once for the whole session
    return {lang: tc.load_resources(lang) for lang in tr.LANGUAGES}


# --- the real content --------------------------------------------------------------
def test_english_sources_are_found():
    # An empty list would make every parametrized test below vanish silently.
    for rel in ("index.md", "lesson.md", "framework.ipynb", "mnist-lab.ipynb"):
        assert rel in SOURCES, f"docs/{rel} is not among the translatable sources {SOURCES}"
    assert any(rel.startswith("assets/figures/") for rel in SOURCES)


@pytest.mark.parametrize("rel", SOURCES)
def test_english_source_has_no_invisible_characters_or_mojibake(rel):
    # Translations start as copies of these files; a stray U+200B would travel on.
    doc = tc.read_doc(tr.DOCS_DIR / rel)
    problems = tc.invisible_problems("en", doc.raw_lines)
    problems += [tc.Problem(u.loc, "script", m) for u in doc.units if (m := tc.mojibake_in(u.text, "en"))]
    fail_on(problems)


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_translation_is_fresh(lang, rel):
    fail_on(tc.check_freshness(lang, rel))


@pytest.mark.parametrize("lang", tr.LANGUAGES)
def test_no_translation_without_english_source(lang):
    orphans = tr.orphan_translations(lang)
    assert not orphans, f"translations/{lang}/ has files whose English source is gone: {orphans}"


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_same_structure_as_english(lang, rel):
    fail_on(tc.check_parity(lang, rel))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_language_and_script(lang, rel, resources):
    fail_on(tc.check_language(lang, rel, resources[lang]))


@pytest.mark.parametrize("lang,rel", PAIRS, ids=PAIR_IDS)
def test_glossary_terms_are_used(lang, rel, resources):
    fail_on(tc.check_glossary(lang, rel, resources[lang]))


@pytest.mark.parametrize("lang", tr.LANGUAGES)
def test_glossary_and_wordlist_are_well_formed(lang, resources):
    fail_on(resources[lang].problems)
    assert len(resources[lang].glossary) >= 40, "the glossary should cover the course's core terms"


@pytest.mark.parametrize("lang", tr.LANGUAGES)
def test_spelling(lang, resources):
    docs = [tc.read_doc(tr.translation_path(lang, rel)) for rel in SOURCES
            if tr.translation_path(lang, rel).is_file()]
    missing = [rel for rel in SOURCES if not tr.translation_path(lang, rel).is_file()]
    report = tc.spelling_report(lang, docs, resources[lang].accepted)
    problems = report.problems()
    if missing:
        problems.append(tc.Problem(tc.Loc(f"translations/{lang}"), "spelling",
                                   f"not checked, translation missing: {', '.join(missing)}"))
    fail_on(problems)


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
    """A docs/ + translations/ pair in a temporary directory."""

    def __init__(self, root: Path):
        self.docs = root / "docs"
        self.translations = root / "translations"
        for lang, text in GLOSSARIES.items():
            (self.translations / lang).mkdir(parents=True)
            (self.translations / lang / "glossary.yml").write_text(text, encoding="utf-8")
            (self.translations / lang / "wordlist.txt").write_text("", encoding="utf-8")

    def english(self, rel: str, text: str) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def translate(self, lang: str, rel: str, text: str, sha: str | None = None) -> Path:
        """Write a translation recording the English file's current hash (or ``sha``)."""
        record = tr.TranslationRecord(rel, sha or tr.sha256_of(self.docs / rel))
        path = self.translations / lang / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tr.with_record(text, path.suffix, record), encoding="utf-8")
        return path

    def resources(self, lang: str, wordlist: str = "") -> tc.LanguageResources:
        (self.translations / lang / "wordlist.txt").write_text(wordlist, encoding="utf-8")
        return tc.load_resources(lang, self.translations)

    def check(self, check: str, lang: str, rel: str, resources: tc.LanguageResources | None = None):
        dirs = {"docs_dir": self.docs, "translations_dir": self.translations}
        if check == "freshness":
            return tc.check_freshness(lang, rel, **dirs)
        if check == "parity":
            return tc.check_parity(lang, rel, **dirs)
        resources = resources or self.resources(lang)
        if check == "language":
            return tc.check_language(lang, rel, resources, translations_dir=self.translations)
        if check == "glossary":
            return tc.check_glossary(lang, rel, resources, **dirs)
        raise ValueError(check)


@pytest.fixture
def tree(tmp_path) -> Tree:
    tree = Tree(tmp_path)
    tree.english("page.md", ENGLISH_PAGE)
    return tree


def messages(problems: list[tc.Problem]) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("lang,text", [("ru", RUSSIAN_PAGE), ("bn", BENGALI_PAGE)])
def test_a_good_translation_passes_every_check(tree, lang, text):
    tree.translate(lang, "page.md", text)
    for check in ("freshness", "parity", "language", "glossary"):
        assert tree.check(check, lang, "page.md") == [], check


def test_stale_hash_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    tree.english("page.md", ENGLISH_PAGE + "\nOne more sentence.\n")
    problems = tree.check("freshness", "ru", "page.md")
    assert len(problems) == 1 and "stale" in problems[0].message and "--diff page.md" in problems[0].message


def test_missing_and_broken_records_are_caught(tree):
    assert "missing" in messages(tree.check("freshness", "ru", "page.md"))
    (tree.translations / "ru" / "page.md").write_text(RUSSIAN_PAGE, encoding="utf-8")  # no front matter
    assert "broken" in messages(tree.check("freshness", "ru", "page.md"))
    tree.english("other.md", "# Other {#other}\n")
    tree.translate("ru", "page.md", RUSSIAN_PAGE, sha=tr.sha256_of(tree.docs / "other.md"))
    record = tr.TranslationRecord("other.md", tr.sha256_of(tree.docs / "other.md"))
    (tree.translations / "ru" / "page.md").write_text(tr.with_record(RUSSIAN_PAGE, ".md", record), encoding="utf-8")
    assert "expected 'page.md'" in messages(tree.check("freshness", "ru", "page.md"))


@pytest.mark.parametrize("rel,text", [
    ("page.md", "# Title {#t}\n"),
    ("page.md", "---\ntitle: Old\ntranslation_of: x.md\nsource_sha256: " + "0" * 64 + "\n---\n# T {#t}\n"),
    ("book.ipynb", json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})),
    ("assets/figures/f.svg", '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'),
    ("quizzes/q.yml", "# a comment\nquiz: q\n"),
    ("quizzes/q.yml", "# a comment\ntranslation_of: quizzes/q.yml\nsource_sha256: " + "0" * 64 + "\nquiz: q\n"),
])
def test_records_are_written_and_read_back(tmp_path, rel, text):
    suffix = Path(rel).suffix
    first = tr.with_record(text, suffix, tr.TranslationRecord(rel, "a" * 64))
    second = tr.with_record(first, suffix, tr.TranslationRecord(rel, "b" * 64))  # re-stamping
    path = tmp_path / Path(rel).name
    path.write_text(second, encoding="utf-8")
    assert tr.read_translation_record(path) == tr.TranslationRecord(rel, "b" * 64)
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
    assert tc.mojibake_in("Начало. " + broken + " Конец.", lang), broken
    assert tc.mojibake_in("x \ufffd y", lang)


@pytest.mark.parametrize("lang,text", [
    ("ru", "Ёжик — «колючий» зверёк № 1; от −∞ до +∞, ∂L/∂w, «Я»…  СССР. Щёлкните «ДА»."),
    ("bn", "লস ফাংশন মডেলের ভুল মাপে। সবচেয়ে ছোট মান — ০.০১; ∑ ও ∂ চিহ্ন।"),
    ("te", "నష్ట ఫంక్షన్ మోడల్ తప్పును కొలుస్తుంది. నెట్‌వర్క్‌లో “లేయర్లు” ఉంటాయి."),
    ("ru", "Café, naïve, façade, Ångström, Größe — é ü ß"),
])
def test_correct_text_is_not_mistaken_for_mojibake(lang, text):
    assert tc.mojibake_in(text, lang) is None


def test_mojibake_in_a_page_is_reported(tree):
    original = "Функция потерь показывает"
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace(original, mangle(original, "cp1252")))
    problems = tree.check("language", "ru", "page.md")
    assert {p.loc.line for p in problems} == {8}, messages(problems)
    assert "mojibake 'Ð¤ÑƒÐ½ÐºÑ†Ð¸Ñ" in messages(problems) and "meant 'Функция'" in messages(problems)


@pytest.mark.parametrize("lang,char,allowed", [
    ("ru", "\u200b", False), ("bn", "\u200b", False), ("te", "\u2060", False), ("ru", "\u00ad", False),
    ("bn", "\ufeff", False), ("te", "\u202e", False), ("ru", "\u200c", False), ("ru", "\u200d", False),
    ("bn", "\u200c", True), ("te", "\u200c", True), ("bn", "\u200d", True),
])
def test_invisible_characters(lang, char, allowed):
    problems = tc.invisible_problems(lang, [("abc", tc.Loc("f", 1)), (f"ab{char}c", tc.Loc("f", 2))])
    if allowed:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].loc.line == 2 and "column 3" in problems[0].message


def test_stray_zero_width_space_in_a_page_is_reported(tree):
    tree.translate("bn", "page.md", BENGALI_PAGE.replace("লস ফাংশন দেখায়", "লস\u200b ফাংশন দেখায়"))
    assert "U+200B" in messages(tree.check("language", "bn", "page.md"))


def test_english_paragraph_in_a_bengali_page_is_caught(tree):
    english = "The loss function measures how wrong the model is, and we want it small."
    tree.translate("bn", "page.md", BENGALI_PAGE.replace("সফটম্যাক্স স্কোরগুলোকে সম্ভাবনায় বদলে দেয়;", english))
    problems = tree.check("language", "bn", "page.md")
    text = messages(problems)
    assert "reads as English, not Bengali" in text and "Latin-script words" in text
    assert {p.loc.line for p in problems} == {21 + 4}


def test_english_paragraph_in_a_russian_page_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace(
        "Функция softmax превращает оценки классов в вероятности; её реализует",
        "Softmax turns the scores of the classes into probabilities, which is done by"))
    assert "reads as English, not Russian" in messages(tree.check("language", "ru", "page.md"))


def test_latin_look_alike_letter_in_a_russian_word_is_caught(tree):
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("сдвигает", "cдвигает"))  # Latin c
    assert "mixes scripts" in messages(tree.check("language", "ru", "page.md"))


def test_names_need_the_wordlist_and_may_take_endings(tree):
    text = (BENGALI_PAGE.replace("লস ফাংশন দেখায়", "NumPy-তে লস ফাংশন দেখায়")
            .replace("প্রতিটি ওজনকে", "PyTorchএর মতো প্রতিটি ওজনকে"))
    tree.translate("bn", "page.md", text)
    assert "NumPy, PyTorch" in messages(tree.check("language", "bn", "page.md"))
    resources = tree.resources("bn", "# names\nNumPy\npytorch\n")
    assert tree.check("language", "bn", "page.md", resources) == []


def test_text_marked_as_another_language_is_exempt(tree):
    title = "*Neural Networks and Deep Learning*"
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("Прочитайте", f"Прочитайте книгу {title} и"))
    assert "Latin-script words" in messages(tree.check("language", "ru", "page.md"))
    tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("Прочитайте", f"Прочитайте книгу {title}{{lang=en}} и"))
    assert tree.check("language", "ru", "page.md") == []
    assert tree.check("parity", "ru", "page.md") == []


def test_glossary_term_missing_from_a_section_is_caught(tree):
    path = tree.translate("ru", "page.md", RUSSIAN_PAGE.replace("скорость обучения", "темп"))
    (problem,) = tree.check("glossary", "ru", "page.md")
    assert "'learning rate'" in problem.message and "# Learning" in problem.message
    assert path.read_text(encoding="utf-8").split("\n")[problem.loc.line - 1] == "# Обучение {#learning}"


def test_glossary_matching_rules(tree):
    glossary = tree.resources("ru").glossary
    counts = tc.english_term_counts("Gradient descent follows the gradients; learning rates and weights.", glossary)
    assert counts == {"gradient descent": 1, "gradient": 1, "learning rate": 1, "weight": 1}
    by_en = {e.en: e for e in glossary}
    assert tc.uses_term("Уменьшаем функцию потерь.", by_en["loss function"], "ru")
    assert not tc.uses_term("Уменьшаем функции ошибки.", by_en["loss function"], "ru")
    assert tc.uses_term("по градиентам", by_en["gradient"], "ru")  # градиент* = any ending
    assert not tc.uses_term("весовой", by_en["weight"], "ru")  # whole words in Russian
    bengali = {e.en: e for e in tree.resources("bn").glossary}
    assert tc.uses_term("গ্রেডিয়েন্টের দিক", bengali["gradient"], "bn")  # endings attach in Bengali
    assert tc.uses_term("লার্নিং\u200c রেট", bengali["learning rate"], "bn")  # joiners ignored


@pytest.mark.parametrize("text,expected", [
    ("- en: a\n  term: b\n  note: c\n- en: A\n  term: d\n  note: e\n", "duplicate English term"),
    ("- en: a\n  term: b\n", "'note' must be a non-empty string"),
    ("- en: a\n  term: b\n  note: c\n  colour: red\n", "unknown keys"),
    ("en: a\n", "must be a YAML list"),
])
def test_glossary_file_errors_are_reported(tmp_path, text, expected):
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    _, problems = tc.load_glossary(path)
    assert expected in messages(problems)


def test_hunspell_sees_bengali_and_telugu_words_whole():
    # hunspell's own tokeniser splits these at vowel signs; the checker must not.
    assert tc.unknown_words(["প্রশিক্ষণ", "সময়", "নিয়ম"], "bn") == set()
    assert tc.unknown_words(["పద్ధతి", "ఉపయోగించు"], "te") == set()


def test_spelling_finds_misspellings_and_accepts_endings():
    assert tc.unknown_words(["обучение", "сети", "абучение", "сетти"], "ru") == {"абучение", "сетти"}
    # প্রশিক্ষণের = প্রশিক্ষণ + ের; পাঠে = পাঠ + ে; a misspelled stem stays unknown.
    assert tc.unknown_words(["প্রশিক্ষণের", "পাঠে", "প্রশিক্ষনের"], "bn") == {"প্রশিক্ষনের"}
    # పాఠంలో = పాఠం + లో; ఉపయోగించి from the root ఉపయోగించు.
    assert tc.unknown_words(["పాఠంలో", "ఉపయోగించి", "పాఠమ్లొ"], "te") == {"పాఠమ్లొ"}


def test_spelling_rate_over_the_limit_fails(tree):
    misspelled = RUSSIAN_PAGE.replace("показывает, насколько ошибается", "пакозывает, насколко ашибается")
    tree.translate("ru", "page.md", misspelled)
    resources = tree.resources("ru")
    report = tc.spelling_report("ru", [tc.read_doc(tree.translations / "ru" / "page.md")], resources.accepted)
    assert set(report.unknown) == {"пакозывает", "насколко", "ашибается"}
    assert report.rate > tc.MAX_UNKNOWN_RATE["ru"] and "пакозывает" in messages(report.problems())
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    report = tc.spelling_report("ru", [tc.read_doc(tree.translations / "ru" / "page.md")], resources.accepted)
    assert report.unknown == {} and report.problems() == []


def test_init_and_stamp(tree):
    tc.init_translation("ru", "page.md", tree.docs, tree.translations)
    assert tree.check("freshness", "ru", "page.md") == []
    assert tree.check("parity", "ru", "page.md") == []
    tree.english("page.md", ENGLISH_PAGE.replace("$\\eta$.", "$\\eta_0$."))
    assert "stale" in messages(tree.check("freshness", "ru", "page.md"))
    with pytest.raises(SystemExit, match="not stamped"):  # the formula changed: fix it first
        tc.stamp_translation("ru", "page.md", tree.docs, tree.translations)
    path = tree.translations / "ru" / "page.md"
    path.write_text(path.read_text(encoding="utf-8").replace("$\\eta$.", "$\\eta_0$."), encoding="utf-8")
    tc.stamp_translation("ru", "page.md", tree.docs, tree.translations)
    assert tree.check("freshness", "ru", "page.md") == []


def test_cli_summary(tree, capsys):
    tree.translate("ru", "page.md", RUSSIAN_PAGE)
    result = tc.check_language_files("ru", None, tree.docs, tree.translations)
    tc.print_result(result)
    out = capsys.readouterr().out
    assert result.problems == []
    assert "1 fresh" in out and "problems: none" in out and "paragraphs judged" in out
    assert "spelling:" in out and "glossary: 6 terms" in out
