"""The table of languages (translations/languages.yml) and the words a reader sees (ui.yml).

Everything that differs between languages is read from here: the build, the
translation checks, the page-weight tool and the tests. English words live in
``docs/ui.yml``; each translation in ``translations/<code>/ui.yml`` with the
same keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TABLE = Path("translations") / "languages.yml"
TRANSLATIONS = Path("translations")
UI_FILE = "ui.yml"
#: Keys of a translated ui.yml that record its English source, not words.
RECORD_KEYS = ("translation_of", "source_sha256")


@dataclass(frozen=True)
class Font:
    """A self-hosted web font (an @fontsource npm package)."""

    package: str
    family: str
    subset: str


@dataclass(frozen=True)
class Language:
    """One row of translations/languages.yml."""

    code: str
    name: str
    english: str
    script: str
    letters: tuple[int, int]
    font: Font | None
    hunspell: str | None
    lingua: str
    max_unknown_words: float | None
    joiners: bool
    debian: tuple[str, ...] = ()

    @property
    def letter_class(self) -> str:
        """A regular-expression class of the script's letters, e.g. ``[\\u0980-\\u09ff]``."""
        first, last = self.letters
        return f"[\\u{first:04x}-\\u{last:04x}]"


class LanguageTableError(ValueError):
    """translations/languages.yml or a ui.yml is missing something or malformed."""


@cache
def _table(root: Path) -> tuple[Language, ...]:
    path = root / TABLE
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))["languages"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise LanguageTableError(f"{path}: cannot read the table of languages ({exc})") from exc
    languages = []
    for row in rows:
        try:
            font = Font(**row["font"]) if row["font"] else None
            languages.append(Language(
                code=row["code"], name=row["name"], english=row["english"], script=row["script"],
                letters=(int(row["letters"][0]), int(row["letters"][1])), font=font,
                hunspell=row["hunspell"], lingua=row["lingua"],
                max_unknown_words=row["max_unknown_words"], joiners=bool(row["joiners"]),
                debian=tuple(row.get("debian") or ()),
            ))
        except (KeyError, TypeError, IndexError, ValueError) as exc:
            raise LanguageTableError(f"{path}: row {row!r} is incomplete ({exc})") from exc
    codes = [lang.code for lang in languages]
    if len(set(codes)) != len(codes) or not codes:
        raise LanguageTableError(f"{path}: language codes must be unique and at least one: {codes}")
    return tuple(languages)


def all_languages(root: Path = ROOT) -> tuple[Language, ...]:
    """Every language of the site, the default (English) first."""
    return _table(root.resolve())


def default_language(root: Path = ROOT) -> Language:
    return all_languages(root)[0]


def translated_languages(root: Path = ROOT) -> tuple[Language, ...]:
    """The languages other than the default: the ones with a folder in translations/."""
    return all_languages(root)[1:]


def language(code: str, root: Path = ROOT) -> Language:
    for lang in all_languages(root):
        if lang.code == code:
            return lang
    known = ", ".join(lang.code for lang in all_languages(root))
    raise LanguageTableError(f"unknown language {code!r}; {TABLE} has {known}")


def codes(root: Path = ROOT) -> list[str]:
    return [lang.code for lang in all_languages(root)]


def ui_path(code: str, root: Path = ROOT) -> Path:
    """docs/ui.yml for the default language, translations/<code>/ui.yml for the others."""
    if code == default_language(root).code:
        return root / "docs" / UI_FILE
    return root / TRANSLATIONS / code / UI_FILE


def _read_ui(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LanguageTableError(f"{path}: cannot read the site's words ({exc})") from exc
    if not isinstance(data, dict):
        raise LanguageTableError(f"{path}: expected a mapping of words, found {type(data).__name__}")
    return {key: value for key, value in data.items() if key not in RECORD_KEYS}


@cache
def _ui_cached(path: Path, mtime_ns: int) -> dict[str, Any]:
    return _read_ui(path)


def ui_words(code: str, root: Path = ROOT) -> dict[str, Any]:
    """The words of ``code``'s ui.yml, re-read when the file changes (``mkdocs serve``)."""
    path = ui_path(code, root.resolve())
    if not path.is_file():
        return {}
    return _ui_cached(path, path.stat().st_mtime_ns)


def ui(key: str, code: str, root: Path = ROOT) -> Any:
    """The word (or block of words) at dotted ``key`` in ``code``, falling back to English.

    ``ui("notices.outdated.title", "ru")``; a key missing in English too is an error.
    """
    for lang in (code, default_language(root).code):
        value: Any = ui_words(lang, root)
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            if isinstance(value, dict) and lang != default_language(root).code:
                english = ui(key, default_language(root).code, root)
                if isinstance(english, dict):
                    return {**english, **value}
            return value
    raise LanguageTableError(f"no word {key!r} in {ui_path(default_language(root).code, root)}")
