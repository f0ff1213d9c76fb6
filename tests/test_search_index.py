"""The search's building blocks without a site build (issue 10): readable math
for result snippets, the glossary's groups of spellings, and the word folding
that the search worker and the page share (docs/assets/js/search/normalise.js,
run in Node.js with Material's lunr.ru stemmer, as the browser runs it).

The search itself, in a browser: tests/browser/test_search.py; the built
indexes: tests/test_build.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import material
import pytest

from site_html import ROOT
from tools.i18n.glossary import load_glossary
from tools.sitebuild.search.math_text import readable_html, readable_math
from tools.sitebuild.search.synonyms import synonym_groups

NORMALISE = ROOT / "docs" / "assets" / "js" / "search" / "normalise.js"
LUNR = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"


# --------------------------------------------------------------------------- math
@pytest.mark.parametrize(("tex", "text"), [
    (r"\frac{\partial \mathcal{L}}{\partial W_2}", "∂ℒ/∂W₂"),
    (r"x^{(i)} \in \mathbb{R}^d", "x⁽ⁱ⁾ ∈ ℝᵈ"),
    (r"\mathcal{L} = \frac{1}{N} \sum_{i=1}^{N} \ell\big(f(x^{(i)}), y^{(i)}\big)", "ℒ = 1/N ∑ᵢ₌₁ᴺ ℓ(f(x⁽ⁱ⁾), y⁽ⁱ⁾)"),
    (r"\hat{y} = f(x)", "ŷ = f(x)"),
    (r"\mathcal{L}_{\text{abs}}", "ℒ_abs"),
    (r"\frac{1}{N}\operatorname{sign}(f(x_n) - y_n)", "1/N sign(f(xₙ) - yₙ)"),
    (r"\arg\max_k p_k", "arg maxₖ pₖ"),
    (r"\lvert 1 - \eta\lambda \rvert < 1", "|1 - ηλ| < 1"),
    (r"\theta = \langle W, b \rangle", "θ = ⟨W, b⟩"),
    (r"W^{\top} \delta", "Wᵀ δ"),
    (r"\sigma(z)_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}", "σ(z)ₖ = (e^zₖ)/(∑ⱼ₌₁ᴷ e^zⱼ)"),
    (r"\begin{cases} 0, & \hat{y} = y, \\ 1, & \hat{y} \neq y. \end{cases}", "0, ŷ = y; 1, ŷ ≠ y."),
    (r"a \unknown b", "a unknown b"),
])
def test_tex_becomes_readable_text(tex: str, text: str) -> None:
    assert readable_math(tex) == text


def test_index_text_keeps_its_html_and_code() -> None:
    html = (r"<p>Loss \(\mathcal{L} &lt; 1\) and</p> \[ \frac{a}{b} \] "
            r"<pre><code>re.compile(r'\(x\)')</code></pre> <p><code>\(y\)</code></p>")
    assert readable_html(html) == ("<p>Loss ℒ &lt; 1 and</p>  a/b  "
                                   r"<pre><code>re.compile(r'\(x\)')</code></pre> <p><code>\(y\)</code></p>")


# --------------------------------------------------------------------------- glossary groups
def _glossary(root: Path, lang: str, text: str) -> None:
    path = root / "translations" / lang / "glossary.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_glossary_accepts_search_variants_and_checks_their_type(tmp_path: Path) -> None:
    _glossary(tmp_path, "bn", """\
        - en: training
          term: প্রশিক্ষণ
          search_variants: [ট্রেনিং, ট্রেইনিং]
          note: n
        - en: epoch
          term: ইপক
          search_variants: এপক
          note: n
        """)
    entries, problems = load_glossary(tmp_path / "translations" / "bn" / "glossary.yml")
    assert entries[0].search_variants == ("ট্রেনিং", "ট্রেইনিং")
    assert [p.message for p in problems] == ["'search_variants' must be a list of non-empty strings"]


def test_groups_lead_every_spelling_to_the_term(tmp_path: Path) -> None:
    _glossary(tmp_path, "ru", """\
        - en: overfitting
          term: переобучение
          forms: [переобучени*]
          search_variants: [оверфиттинг]
          avoid: [оверфит*, '*фит']
          note: n
        - en: layer
          term: слой
          note: n
        """)
    _glossary(tmp_path, "bn", """\
        - en: loss function
          term: লস ফাংশন
          search_variants: [ক্ষতি ফাংশন]
          note: n
        """)
    assert synonym_groups(tmp_path, "ru") == [
        {"terms": ["переобучение", "переобучени*"], "variants": ["оверфиттинг", "оверфит*", "overfitting"]},
        {"terms": ["слой"], "variants": ["layer"]},
    ]
    # Bengali endings attach to the word: every word matches with any ending.
    assert synonym_groups(tmp_path, "bn") == [
        {"terms": ["লস* ফাংশন*"], "variants": ["ক্ষতি* ফাংশন*", "loss* function*"]},
    ]
    assert synonym_groups(tmp_path, "en") == []


def test_the_glossaries_have_search_variants() -> None:
    """What the browser tests search for: each Indic glossary offers transliterations of its native words."""
    for lang, spelling in (("bn", "ট্রেনিং*"), ("te", "లాస్*"), ("ru", "функция ошибки")):
        variants = [v for group in synonym_groups(ROOT, lang) for v in group["variants"]]
        assert spelling in variants, f"{lang}: {spelling} is not a search variant of any term"


# --------------------------------------------------------------------------- folding (Node.js)
FOLD_JS = """
const fs = require("fs"), vm = require("vm");
const [normalise, support, ru] = process.argv.slice(1, 4);
const context = {self: {}, console};
context.self.lunr = {Pipeline: {registerFunction() {}}, generateStopWordFilter: () => (t => t)};
context.lunr = context.self.lunr;
context.this = context.self;
vm.createContext(context);
for (const file of [support, ru]) {
  vm.runInContext(`(function () { ${fs.readFileSync(file, "utf8")} }).call(self)`, context);
}
vm.runInContext(fs.readFileSync(normalise, "utf8"), context);
const N = context.self.siteSearchNormalise;
N.setRussianStemmer(context.lunr.ru.stemmer);
const words = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map(w => N.word(w))));
"""

# Spellings a learner may type, and what the site writes: each pair folds to one form.
SAME = [
    ("функция", "функции"), ("функциями", "функцию"), ("потерь", "потери"), ("Перекрёстная", "перекрестная"),
    ("নেট\u200cওয়ার্ক", "নেটওয়ার্ক"), ("র\u200d্যান্ডম", "র্যান্ডম"),           # ZWNJ, ZWJ
    ("ট্রেইনিং", "ট্রেনিং"),                                                  # েই / ে
    ("ডিসেনট", "ডিসেন্ট"),                                                    # hasanta
    ("ব্যাকপ্রপাগেশন", "ব্যাকপ্রোপাগেশন"),                                       # ো, the inherent o
    ("গ্রেডিএন্ট", "গ্রেডিয়েন্ট"), ("এক্টিভেশন", "অ্যাক্টিভেশন"), ("৫", "5"),
    ("నెట్\u200cవర్క్", "నెట్వర్క్"),                                              # ZWNJ
    ("ఫంక్షను", "ఫంక్షన్"), ("గ్రేడియంట", "గ్రేడియంట్"),                            # final ు, no virama
    ("బ్యాక్ప్రోపగేషన్", "బ్యాక్‌ప్రొపగేషన్"),                                      # ో / ొ
]
DIFFERENT = [("функция", "потерь"), ("লস", "ফাংশন"), ("నష్టం", "ఫంక్షన్"), ("softmax", "sigmoid")]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (the site build needs it too)")
def test_search_and_page_fold_variants_alike() -> None:
    words = [w for pair in SAME + DIFFERENT for w in pair]
    result = subprocess.run(
        ["node", "-e", FOLD_JS, str(NORMALISE),
         str(LUNR / "lunr.stemmer.support.min.js"), str(LUNR / "lunr.ru.min.js")],
        input=json.dumps(words), capture_output=True, text=True, check=True, timeout=60,
    )
    folded = dict(zip(words, json.loads(result.stdout), strict=True))
    assert folded["функции"] == "функц", "the Russian stemmer is not used"
    for a, b in SAME:
        assert folded[a] == folded[b], f"{a!r} -> {folded[a]!r} but {b!r} -> {folded[b]!r}"
    for a, b in DIFFERENT:
        assert folded[a] != folded[b]
    assert all("\u200c" not in f and "\u200d" not in f for f in folded.values())
