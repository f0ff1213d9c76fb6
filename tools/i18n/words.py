"""Words and scripts: how prose is cut into words and which script a word is written in.

A word is a run of letters, combining marks (the vowel signs and viramas of
Indic scripts are marks) and ZWJ/ZWNJ. Scripts are Unicode's names, the same as
the ``script`` column of translations/languages.yml (LATIN, CYRILLIC, BENGALI).
"""

from __future__ import annotations

import re
import sys
import unicodedata

JOINERS = "\u200c\u200d"  # ZWNJ, ZWJ


def _marks() -> str:
    """Every combining mark of the Basic Multilingual Plane, escaped for a character class."""
    return "".join(re.escape(chr(c)) for c in range(0x0300, min(sys.maxunicode, 0xFFFF) + 1)
                   if unicodedata.category(chr(c)).startswith("M"))


WORD_CHAR_CLASS = rf"[^\W\d_]|[{_marks()}{JOINERS}]"
WORD_RE = re.compile(rf"(?:{WORD_CHAR_CLASS})+")


def fold(word: str) -> str:
    """Case-fold, ё→е, drop joiners and soft hyphens: the form words are compared in."""
    word = unicodedata.normalize("NFC", word).casefold().replace("ё", "е")
    return word.replace("\u200c", "").replace("\u200d", "").replace("\u00ad", "")


def is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def script_of(char: str) -> str:
    """The script of a letter: the first word of its Unicode name (LATIN, CYRILLIC, TELUGU)."""
    if ord(char) < 0x0250:
        return "LATIN"  # includes ª º µ ß and the other Latin-1 letters
    try:
        return unicodedata.name(char).split()[0]
    except ValueError:
        return "UNKNOWN"


def word_scripts(word: str) -> set[str]:
    """The scripts of a word's letters (marks and joiners have none)."""
    return {script_of(c) for c in word if is_letter(c)}


def script_runs(word: str) -> list[str]:
    """Split a word where its script changes (marks and joiners stay with their letter)."""
    runs: list[str] = []
    current = ""
    for char in word:
        if is_letter(char) and runs and current != script_of(char):
            runs.append("")
        if not runs:
            runs.append("")
        if is_letter(char):
            current = script_of(char)
        runs[-1] += char
    return runs


def letters(text: str) -> int:
    """How many letters ``text`` has."""
    return sum(1 for c in text if is_letter(c))
