"""Invisible characters: none in a translation, except ZWJ/ZWNJ in languages that spell with them.

ZWJ/ZWNJ (U+200D/U+200C) are part of Bengali and Telugu spelling (``joiners``
in translations/languages.yml). Zero width space, word joiner, BOM, soft
hyphen, bidi controls and other format or control characters are allowed nowhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from tools.i18n.problems import Loc, Problem
from tools.i18n.words import JOINERS
from tools.sitebuild.languages import Language

FORBIDDEN_INVISIBLE = {
    "\u00ad": "soft hyphen", "\u200b": "zero width space", "\u2060": "word joiner",
    "\ufeff": "zero width no-break space / BOM", "\u180e": "Mongolian vowel separator",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u061c": "Arabic letter mark",
    **{chr(c): "bidi control" for c in range(0x202A, 0x202F)},
    **{chr(c): "bidi isolate" for c in range(0x2066, 0x206A)},
    **{chr(c): "invisible operator" for c in range(0x2061, 0x2065)},
}


def check(language: Language, lines: Iterable[tuple[str, Loc]]) -> list[Problem]:
    """Every invisible character in ``lines`` (a Doc's raw_lines) that ``language`` does not use."""
    problems = []
    for line, loc in lines:
        for column, char in enumerate(line, start=1):
            if char in JOINERS:
                if not language.joiners:
                    problems.append(Problem(loc, "invisible", f"U+{ord(char):04X} (zero width joiner/non-joiner) "
                                            f"at column {column}: {language.english} does not spell with it"))
            elif char in FORBIDDEN_INVISIBLE:
                problems.append(Problem(loc, "invisible", f"invisible U+{ord(char):04X} "
                                        f"({FORBIDDEN_INVISIBLE[char]}) at column {column}"))
            elif unicodedata.category(char) in ("Cf", "Co", "Cs") or (
                    unicodedata.category(char) == "Cc" and char not in "\t\r"):
                problems.append(Problem(loc, "invisible",
                                        f"control/format character U+{ord(char):04X} at column {column}"))
    return problems
