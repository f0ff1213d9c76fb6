"""The definitions of the glossary page, as the checks see them.

The glossary page (docs/glossary.md, filled by tools/sitebuild/glossary_page.py)
shows the terms that ``docs/glossary.yml`` lists, each with one sentence of
definition: English in docs/glossary.yml, each translation as ``definition:``
of the same entry (same ``en``) in ``translations/<lang>/glossary.yml``.

For the checks a translation's definitions are one more YAML document, one
section per term (named by its English term), paired with the English ones:
language, script, spelling and glossary use are checked as in the pages. A
term of docs/glossary.yml without an entry or without a definition in a
language is a ``glossary`` problem of that language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.i18n.document import Doc
from tools.i18n.glossary import GLOSSARY_FILE, GlossaryEntry
from tools.i18n.problems import Loc, Problem, shown
from tools.sitebuild.languages import ROOT, TRANSLATIONS

#: The English side of the glossary page, relative to the repository.
ENGLISH_FILE = Path("docs") / GLOSSARY_FILE
ENGLISH_KEYS = {"en", "term", "lesson", "definition"}


@dataclass(frozen=True)
class EnglishTerm:
    """One row of the glossary page, as docs/glossary.yml gives it."""

    en: str  # the key shared with every language's glossary.yml
    term: str  # how the English term is shown
    lesson: str  # anchor of the lesson's section that introduces it
    definition: str
    line: int


def english_terms(root: Path = ROOT) -> tuple[list[EnglishTerm], list[Problem]]:
    """The entries of docs/glossary.yml, and what is wrong with the file."""
    path = root / ENGLISH_FILE
    label = shown(path)
    if not path.exists():
        return [], []  # a site without a glossary page
    try:
        text = path.read_text(encoding="utf-8")
        nodes = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        return [], [Problem(Loc(label), "glossary", f"cannot read the glossary page's terms: {exc}")]
    if not isinstance(data, list) or nodes is None:
        return [], [Problem(Loc(label, 1), "glossary", "must be a YAML list of terms")]
    terms, problems, seen = [], [], set()
    for node, entry in zip(nodes.value, data, strict=True):
        line = node.start_mark.line + 1
        loc = Loc(label, line)
        if not isinstance(entry, dict) or set(entry) - ENGLISH_KEYS:
            problems.append(Problem(loc, "glossary", f"an entry is a mapping of {sorted(ENGLISH_KEYS)}"))
            continue
        values = {key: " ".join(str(entry.get(key) or "").split()) for key in ENGLISH_KEYS}
        missing = [key for key in ("en", "lesson", "definition") if not values[key]]
        if missing:
            problems.append(Problem(loc, "glossary", f"entry lacks {', '.join(missing)}"))
            continue
        en = values["en"].lower()
        if en in seen:
            problems.append(Problem(loc, "glossary", f"duplicate term {en!r}"))
            continue
        seen.add(en)
        terms.append(EnglishTerm(en, values["term"] or values["en"], values["lesson"], values["definition"], line))
    return terms, problems


def english_doc(terms: list[EnglishTerm], root: Path = ROOT) -> Doc:
    """The English definitions: one section per term."""
    doc = Doc(root / ENGLISH_FILE, "yml")
    label = shown(doc.path)
    for term in terms:
        doc.new_section(Loc(label, term.line), term.en)
        doc.unit(term.definition, Loc(label, term.line), "text")
    return doc


def _definition_lines(path: Path) -> dict[int, int]:
    """Line of each entry's mapping -> line of its ``definition`` value, in a glossary file."""
    try:
        nodes = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    found = {}
    for node in getattr(nodes, "value", []):
        for key, value in getattr(node, "value", []):
            if getattr(key, "value", None) == "definition":
                found[node.start_mark.line + 1] = value.start_mark.line + 1
    return found


def translated_doc(lang: str, terms: list[EnglishTerm], glossary: list[GlossaryEntry],
                   root: Path = ROOT) -> tuple[Doc, list[Problem]]:
    """A language's definitions as a Doc (sections named like the English ones), and the missing ones."""
    path = root / TRANSLATIONS / lang / GLOSSARY_FILE
    doc = Doc(path, "yml")
    label = shown(path)
    lines = path.read_text(encoding="utf-8").split("\n") if path.is_file() else []
    at = _definition_lines(path)
    by_en = {entry.en: entry for entry in glossary}
    problems = []
    for term in terms:
        entry = by_en.get(term.en)
        if entry is None or not entry.definition:
            what = "no entry" if entry is None else f"entry (line {entry.line}) without a definition"
            problems.append(Problem(Loc(label, entry.line if entry else 1), "glossary",
                                    f"the glossary page lists '{term.en}' ({shown(root / ENGLISH_FILE)}:"
                                    f"{term.line}), but this glossary has {what}"))
            continue
        line = at.get(entry.line, entry.line)
        doc.new_section(Loc(label, line), term.en)
        doc.unit(entry.definition, Loc(label, line), "text")
        # the definition's own lines, for the character checks (the rest of the file holds avoided spellings)
        end = line
        while end < len(lines) and lines[end].startswith("    "):
            end += 1
        doc.raw_lines += [(lines[k - 1], Loc(label, k)) for k in range(line, end + 1) if k <= len(lines)]
    return doc, problems
