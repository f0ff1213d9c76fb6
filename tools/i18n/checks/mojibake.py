"""Mojibake: UTF-8 text decoded with the wrong codec (cp1252, Mac Roman, cp1251, cp866), or U+FFFD.

Which mis-decodings to look for depends on the script: cp1251 and cp866 turn
UTF-8 into Cyrillic, so in Cyrillic text they could only be told apart by
meaning; there runs of three or more decoded characters are required for
cp1251 (real Russian text practically never forms them), and cp866 is left
out (plain lowercase Russian words can form valid UTF-8 under cp866).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from tools.i18n.document import Unit
from tools.i18n.problems import Problem, short
from tools.sitebuild.languages import Language

UTF8_SEQUENCE = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
# codec -> fewest decoded characters that count, by the script of the text.
CODECS_BY_SCRIPT: dict[str, dict[str, int]] = {
    "LATIN": {"cp1252": 1, "mac_roman": 1},
    "CYRILLIC": {"cp1252": 1, "mac_roman": 1, "cp1251": 3},
}
CODECS_OTHER_SCRIPTS = {"cp1252": 1, "mac_roman": 1, "cp1251": 2, "cp866": 2}


def codecs_for(language: Language) -> dict[str, int]:
    return CODECS_BY_SCRIPT.get(language.script, CODECS_OTHER_SCRIPTS)


def mojibake_in(text: str, language: Language) -> str | None:
    """A short description of mojibake in ``text``, or None."""
    return _mojibake_in(text, tuple(codecs_for(language).items()))


@functools.lru_cache(maxsize=8192)
def _mojibake_in(text: str, codecs: tuple[tuple[str, int], ...]) -> str | None:
    if "\ufffd" in text:
        return "mojibake: U+FFFD replacement character (the text was decoded with errors)"
    for codec, min_chars in codecs:
        run: list[int] = []  # the bytes the characters stand for in ``codec``
        start = 0
        for index, char in enumerate(text + "\0"):
            byte = _byte_in(char, codec) if ord(char) > 0x7F else None
            if byte is not None:
                if not run:
                    start = index
                run.append(byte)
                continue
            if len(run) >= 2:
                for match in UTF8_SEQUENCE.finditer(bytes(run)):
                    decoded = match.group(0).decode("utf-8", errors="replace")
                    if len(decoded) >= min_chars and "\ufffd" not in decoded and not _innocent(decoded):
                        seen = text[start + match.start(): start + match.end()]
                        return f"mojibake {short(seen, 20)!r}: UTF-8 read as {codec} (meant {short(decoded, 20)!r})"
            run = []
    return None


@functools.lru_cache(maxsize=4096)
def _byte_in(char: str, codec: str) -> int | None:
    """The single byte ``char`` decodes from in ``codec`` (C1 controls stand for themselves,
    as Windows decodes the bytes cp1252 leaves undefined), or None."""
    try:
        data = char.encode(codec)
    except UnicodeEncodeError:
        return ord(char) if 0x80 <= ord(char) <= 0x9F else None
    return data[0] if len(data) == 1 else None


def _innocent(decoded: str) -> bool:
    """Decoded characters that real mojibake would not produce (rare scripts, controls)."""
    return all(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cn") or 0x0700 <= ord(c) < 0x0900 for c in decoded)


def check(language: Language, units: list[Unit]) -> list[Problem]:
    """One problem per prose unit with mojibake."""
    return [Problem(unit.loc, "mojibake", found) for unit in units if (found := mojibake_in(unit.text, language))]


def readable(language: Language, units: list[Unit]) -> list[Unit]:
    """The units without mojibake: the ones worth checking for script and language."""
    return [unit for unit in units if mojibake_in(unit.text, language) is None]
