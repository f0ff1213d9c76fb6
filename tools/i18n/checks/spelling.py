"""Spelling: the share of prose words that hunspell does not know stays within the language's limit.

Words of the language's script, after removing accepted words (wordlist,
glossary), are looked up with the dictionary of the ``hunspell`` column of
translations/languages.yml; the unknown share of all files of a language
together must stay at or below ``max_unknown_words``.

How the limits were measured, with this checker (prose extraction, Bengali and
Telugu ending rules) on::

                                  ru      bn      te
    seeds, glossary only        1.9 %  12.0 %  18.8 %   (machine translations in
    seeds, glossary + wordlist  0.8 %   5.8 %  15.2 %    ../shared/seeds)
    our quiz translations       0.2 %   4.4 %  14.1 %   (glossary + starter wordlist)

Russian has a full dictionary with inflection: almost every unknown word is a
loanword or a misspelling. bn_BD and te_IN are plain word lists (no inflection,
few loanwords, Telugu verbs only as roots), so even good text leaves 4-15 %
unknown; their limits sit a few points above good text and far below a page with
systematic misspellings. Unknown words are printed: add correct ones to the
wordlist, fix the rest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tools.i18n.accepted import Accepted
from tools.i18n.document import Doc
from tools.i18n.morphology import spelling_variants, stems
from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.words import JOINERS, WORD_RE, word_scripts
from tools.sitebuild.languages import ROOT, Language, all_languages

DICTIONARY_DIRS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")


def hunspell_dictionary(language: Language) -> str:
    """Path (without extension) of a copy of the system dictionary that reads words whole.

    hunspell splits Bengali and Telugu words at vowel signs and viramas (they are
    not "letters" to it); WORDCHARS in a copy of the .aff file (the marks of the
    script's ``letters`` block, and ZWJ/ZWNJ where the language uses them) keeps
    the words whole.
    """
    name = language.hunspell
    for base in DICTIONARY_DIRS:
        aff, dic = Path(base, f"{name}.aff"), Path(base, f"{name}.dic")
        if aff.is_file() and dic.is_file():
            break
    else:
        raise FileNotFoundError(f"hunspell dictionary {name} not found: apt-get install hunspell-{language.code}")
    first, last = language.letters
    marks = "".join(chr(c) for c in range(first, last + 1) if unicodedata.category(chr(c)).startswith("M"))
    if language.joiners:
        marks += JOINERS
    if not marks:
        return str(aff.with_suffix(""))
    key = hashlib.sha256(f"{aff.stat().st_mtime_ns} {marks}".encode()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"i18n-check-hunspell-{key}"
    target.mkdir(exist_ok=True)
    out_aff, out_dic = target / f"{name}.aff", target / f"{name}.dic"
    if not out_aff.exists():
        tmp = out_aff.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(aff.read_text(encoding="utf-8") + f"\nWORDCHARS {marks}\n", encoding="utf-8")
        tmp.replace(out_aff)
    if not out_dic.exists():
        tmp = out_dic.with_suffix(f".tmp{os.getpid()}")
        shutil.copyfile(dic, tmp)
        tmp.replace(out_dic)
    return str(out_aff.with_suffix(""))


def _hunspell_unknown(queries: set[str], language: Language) -> set[str]:
    if not queries:
        return set()
    if shutil.which("hunspell") is None:
        packages = " ".join(f"hunspell-{lang.code}" for lang in all_languages() if lang.hunspell)
        raise FileNotFoundError(f"hunspell is not installed: apt-get install hunspell {packages}")
    result = subprocess.run(
        ["hunspell", "-d", hunspell_dictionary(language), "-l", "-i", "utf-8"],
        input="\n".join(sorted(queries)) + "\n", capture_output=True, text=True, encoding="utf-8", check=False,
        env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"hunspell failed: {result.stderr.strip()}")
    return set(result.stdout.split("\n"))


def unknown_words(words: Iterable[str], language: Language) -> set[str]:
    """Words hunspell does not know, in any spelling variant or after removing endings."""
    variants = {w: {s for v in spelling_variants(w, language.code) for s in stems(v, language.code)}
                for w in set(words)}
    bad = _hunspell_unknown({v for vs in variants.values() for v in vs}, language)
    return {w for w, vs in variants.items() if vs <= bad}


def native_words(doc: Doc, language: Language) -> list[tuple[str, Loc]]:
    """Words of the language's script in the prose of a file."""
    return [(word, unit.loc) for unit in doc.units for word in WORD_RE.findall(unit.text)
            if word_scripts(word) == {language.script}]


def words_to_spell(doc: Doc, accepted: Accepted) -> list[tuple[str, Loc]]:
    """Words of the language's script in the prose of a file, minus accepted words."""
    native = {accepted.language.script}
    return [(word, unit.loc) for unit in doc.units for word in WORD_RE.findall(accepted.without_phrases(unit.text))
            if word_scripts(word) == native and word not in accepted]


@dataclass
class SpellingReport:
    """Spelling of all files of one language."""

    language: Language
    total: int  # words of the language's script
    unknown: Counter[str]  # unknown word -> occurrences
    where: dict[str, Loc]  # first place of each unknown word
    per_file: dict[str, tuple[int, int]]  # file -> (words, unknown occurrences)
    dictionary: bool = True  # False: the language has no hunspell dictionary, nothing checked

    @property
    def rate(self) -> float:
        return sum(self.unknown.values()) / self.total if self.total else 0.0

    @property
    def limit(self) -> float | None:
        return self.language.max_unknown_words

    def problems(self, root: Path = ROOT) -> list[Problem]:
        if self.limit is None or self.rate <= self.limit:
            return []
        loc = Loc(shown(root / "translations" / self.language.code))
        listing = ", ".join(f"{w} ({n}×, {self.where[w]})" for w, n in self.unknown.most_common(40))
        return [Problem(loc, "spelling", f"{self.rate:.1%} of {self.total} words unknown to hunspell, limit "
                        f"{self.limit:.0%}. Fix misspellings; add correct terms/names to wordlist.txt. "
                        f"Unknown: {listing}")]


def report(docs: list[Doc], accepted: Accepted) -> SpellingReport:
    """Spell every prose word of ``docs`` (the translated files of one language)."""
    language = accepted.language
    per_doc = [(doc, words_to_spell(doc, accepted)) for doc in docs]
    dictionary = language.hunspell is not None
    bad = unknown_words((w for _, words in per_doc for w, _ in words), language) if dictionary else set()
    unknown: Counter[str] = Counter()
    where: dict[str, Loc] = {}
    per_file = {}
    total = 0
    for doc, words in per_doc:
        native_total = len(native_words(doc, language))
        total += native_total
        misses = 0
        for word, loc in words:
            if word in bad:
                unknown[word] += 1
                where.setdefault(word, loc)
                misses += 1
        per_file[shown(doc.path)] = (native_total, misses)
    return SpellingReport(language, total, unknown, where, per_file, dictionary)
