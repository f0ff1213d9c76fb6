"""The glossary of a language (``translations/<lang>/glossary.yml``): one chosen rendering per English term.

A YAML list; one entry per English term::

    - en: minibatch                # English term, lower case; plurals are matched too
      en_forms: [mini-batch]       # optional: other English spellings of the same term
      term: мини-батч              # the chosen rendering, as it appears in running text
      forms: [мини-батч*]          # other accepted forms (inflections, stems with *)
      note: not «мини-пакет»       # why this rendering (required)
      check: false                 # optional: document only, do not enforce

How terms are matched: tools/i18n/checks/glossary.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tools.i18n.problems import Loc, Problem, shown

GLOSSARY_FILE = "glossary.yml"
GLOSSARY_KEYS = {"en", "term", "forms", "note", "en_forms", "check"}


@dataclass(frozen=True)
class GlossaryEntry:
    """One term of the glossary."""

    en: str
    term: str
    forms: tuple[str, ...]
    note: str
    en_forms: tuple[str, ...] = ()
    check: bool = True
    line: int = 0

    @property
    def renderings(self) -> tuple[str, ...]:
        """The chosen term and its other accepted forms."""
        return (self.term, *self.forms)


GLOSSARY_KEYS = {"en", "term", "forms", "note", "en_forms", "check"}


def load_glossary(path: Path) -> tuple[list[GlossaryEntry], list[Problem]]:
    """The entries of a glossary file and what is wrong with it."""
    label = shown(path)
    if not path.is_file():
        return [], [Problem(Loc(label), "glossary", "glossary file missing")]
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [], [Problem(Loc(label), "glossary", f"not valid YAML: {exc}")]
    if not isinstance(data, list) or root is None:
        return [], [Problem(Loc(label, 1), "glossary",
                            "must be a YAML list of entries (see translations/README.md)")]
    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for node, entry in zip(root.value, data, strict=True):
        line = node.start_mark.line + 1
        loc = Loc(label, line)
        if not isinstance(entry, dict):
            problems.append(Problem(loc, "glossary", "entry is not a mapping"))
            continue
        unknown = set(entry) - GLOSSARY_KEYS
        if unknown:
            problems.append(Problem(loc, "glossary",
                                    f"unknown keys {sorted(unknown)}; allowed: {sorted(GLOSSARY_KEYS)}"))
        for key in ("en", "term", "note"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(Problem(loc, "glossary", f"'{key}' must be a non-empty string"))
        for key in ("forms", "en_forms"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(loc, "glossary", f"'{key}' must be a list of non-empty strings"))
        if not isinstance(entry.get("check", True), bool):
            problems.append(Problem(loc, "glossary", "'check' must be true or false"))
        if problems and problems[-1].loc == loc:
            continue
        en = entry["en"].strip().lower()
        if en in seen:
            problems.append(Problem(loc, "glossary", f"duplicate English term {en!r} (first at line {seen[en]})"))
            continue
        seen[en] = line
        entries.append(GlossaryEntry(
            en=en, term=entry["term"].strip(), forms=tuple(f.strip() for f in entry.get("forms", [])),
            note=entry["note"].strip(), en_forms=tuple(f.strip().lower() for f in entry.get("en_forms", [])),
            check=entry.get("check", True), line=line,
        ))
    return entries, problems

