"""Accepted words: what a language accepts outside its dictionary and outside its script.

``translations/<lang>/wordlist.txt``: one word per line, ``#`` starts a comment,
``word*`` accepts any ending, a hyphenated entry (``one-hot``) is accepted as a
whole. Proper names and identifiers that appear in prose (NumPy, MNIST, ReLU),
language endonyms and correct words the dictionary lacks. Matching ignores case.
Every word of a glossary term and its forms is accepted too.

``load_resources(language)`` reads both files once: the glossary entries, the
accepted words, and what is wrong with the two files.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from tools.i18n.glossary import GLOSSARY_FILE, GlossaryEntry, load_glossary
from tools.i18n.morphology import SUFFIX_MAX_LEN, endings_attach
from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.words import WORD_CHAR_CLASS, WORD_RE, fold, word_scripts
from tools.sitebuild.languages import ROOT, Language

WORDLIST_FILE = "wordlist.txt"


def load_wordlist(path: Path) -> tuple[list[str], list[Problem]]:
    """The entries of a wordlist file and what is wrong with it."""
    label = shown(path)
    if not path.is_file():
        return [], [Problem(Loc(label), "spelling", "wordlist file missing (it may be empty)")]
    words, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if len(word.split()) > 1:
            problems.append(Problem(Loc(label, number), "spelling", f"one word per line, got {word!r}"))
            continue
        words.append(word)
    return words, problems


@dataclass
class Accepted:
    """Words a language accepts outside the dictionary and outside its script."""

    language: Language
    words: set[str]  # fold()ed single words
    prefixes: tuple[str, ...] = ()  # wordlist entries ending in *
    phrases: tuple[str, ...] = ()  # hyphenated entries such as one-hot, removed before tokenising

    def _listed(self, folded: str) -> bool:
        return folded in self.words or folded.startswith(self.prefixes or ("\0",))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        folded = fold(word)
        if self._listed(folded):
            return True
        if endings_attach(self.language.code) and self.language.script in word_scripts(word):
            # A stem followed by case endings written together with it.
            for cut in range(len(folded) - 1, max(len(folded) - SUFFIX_MAX_LEN, 3) - 1, -1):
                if self._listed(folded[:cut]):
                    return True
        return False

    @functools.cached_property
    def _phrase_re(self) -> re.Pattern[str] | None:
        if not self.phrases:
            return None
        body = "|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
        return re.compile(rf"(?<!{WORD_CHAR_CLASS})(?:{body})(?!{WORD_CHAR_CLASS})", re.I)

    def without_phrases(self, text: str) -> str:
        """``text`` with the accepted multi-word entries blanked out."""
        return self._phrase_re.sub(" ", text) if self._phrase_re else text


@dataclass
class Resources:
    """A language's checker inputs: glossary, accepted words, and their problems."""

    language: Language
    glossary: list[GlossaryEntry]
    accepted: Accepted
    problems: list[Problem]


def load_resources(language: Language, root: Path = ROOT) -> Resources:
    """Read ``translations/<lang>/glossary.yml`` and ``wordlist.txt``."""
    folder = root / "translations" / language.code
    glossary, problems = load_glossary(folder / GLOSSARY_FILE)
    wordlist, wordlist_problems = load_wordlist(folder / WORDLIST_FILE)
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: list[str] = []
    for word in wordlist:
        if word.endswith("*"):
            prefixes.append(fold(word[:-1]))
        elif len(WORD_RE.findall(word)) > 1:
            phrases.append(word)
        else:
            words.add(fold(word))
    for entry in glossary:
        for rendering in entry.renderings:
            tokens = WORD_RE.findall(rendering)
            if len(tokens) > 1 and any(word_scripts(t) != {language.script} for t in tokens):
                phrases.append(rendering.rstrip("*"))  # e.g. a Latin multi-word term
                continue
            for part in rendering.split():
                part_tokens = WORD_RE.findall(part)
                if part.endswith("*") and part_tokens:
                    words.update(fold(t) for t in part_tokens[:-1])
                    prefixes.append(fold(part_tokens[-1]))
                else:
                    words.update(fold(t) for t in part_tokens)
    accepted = Accepted(language, words, tuple(prefixes), tuple(phrases))
    return Resources(language, glossary, accepted, problems + wordlist_problems)
