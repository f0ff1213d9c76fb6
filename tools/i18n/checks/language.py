"""Language: every prose paragraph long enough to tell reads as the file's language (lingua).

Code, formulas, link targets, HTML and accepted foreign words are removed
first. A paragraph needs MIN_LETTERS letters before the detector's verdict
counts; shorter ones are still checked for script.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.i18n.accepted import Accepted
from tools.i18n.document import Unit
from tools.i18n.problems import Problem, short
from tools.i18n.words import WORD_RE, letters, word_scripts
from tools.sitebuild.languages import ROOT, all_languages

# Measured on machine-translated seeds and our quiz translations (about 500
# paragraphs): with 10-14 letters lingua took short Russian headings for
# Bulgarian ("Оценка модели"); from 15 letters on it was right every time; 20
# leaves a margin. An English phrase in a shorter paragraph is still caught by
# the script check as Latin-script words.
MIN_LETTERS = 20

# Besides the site's languages (the lingua column of translations/languages.yml),
# the detector chooses among their neighbours (same script or easily confused)
# and a few common others, so that a wrong language is named.
NEIGHBOURS = ("UKRAINIAN", "BELARUSIAN", "BULGARIAN", "HINDI", "MARATHI", "TAMIL", "GERMAN", "FRENCH", "SPANISH")


@dataclass
class LanguageStats:
    """How many paragraphs the detector judged, and as what."""

    checked: int = 0
    skipped_short: int = 0
    detected: Counter[str] = field(default_factory=Counter)


def detector_languages(root: Path = ROOT) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*(lang.lingua for lang in all_languages(root)), *NEIGHBOURS]))


def detector(root: Path = ROOT) -> Any:
    """lingua's detector over detector_languages(), models preloaded (about 1 s, once)."""
    return _detector(detector_languages(root))


@functools.lru_cache(maxsize=4)
def _detector(names: tuple[str, ...]) -> Any:
    from lingua import Language as LinguaLanguage
    from lingua import LanguageDetectorBuilder

    known = [getattr(LinguaLanguage, name) for name in names if known_to_lingua(name)]
    return LanguageDetectorBuilder.from_languages(*known).with_preloaded_language_models().build()


def known_to_lingua(name: str) -> bool:
    from lingua import Language as LinguaLanguage

    return hasattr(LinguaLanguage, name)


def prose_for_detection(text: str, accepted: Accepted) -> str:
    """Unit text without accepted foreign words and symbols: what lingua should judge.

    Words of the language's own script stay (glossary terms included); accepted
    Latin names and terms, single letters and Greek symbols go. Latin words that
    are not accepted stay, so an English paragraph is still seen as English.
    """
    native = accepted.language.script

    def keep(match: re.Match[str]) -> str:
        word = match.group(0)
        scripts = word_scripts(word)
        if scripts == {native}:
            return word
        if scripts == {"GREEK"} or (scripts == {"LATIN"} and len(word) == 1) or word in accepted:
            return " "
        return word

    return WORD_RE.sub(keep, accepted.without_phrases(text))


def check(units: list[Unit], accepted: Accepted, stats: LanguageStats | None = None,
          root: Path = ROOT) -> list[Problem]:
    """Paragraphs that lingua takes for another language than ``accepted.language``."""
    language = accepted.language
    stats = stats if stats is not None else LanguageStats()
    if not known_to_lingua(language.lingua):
        return [Problem(unit.loc, "language", f"lingua does not know {language.lingua!r} "
                        "(translations/languages.yml): cannot tell the language") for unit in units[:1]]
    found_by = detector(root)
    problems = []
    for unit in units:
        text = prose_for_detection(unit.text, accepted)
        if letters(text) < MIN_LETTERS:
            stats.skipped_short += 1
            continue
        stats.checked += 1
        found = found_by.detect_language_of(text)
        name = found.name if found else "UNKNOWN"
        stats.detected[name] += 1
        if name != language.lingua:
            problems.append(Problem(unit.loc, "language", f"{unit.kind} reads as {name.title()}, "
                                    f"not {language.english}: «{short(unit.text, 60)}»"))
    return problems
