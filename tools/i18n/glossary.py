"""The glossary of a language (``translations/<lang>/glossary.yml``): one chosen rendering per English term.

A YAML list; one entry per English term::

    - en: minibatch                # English term, lower case; plurals are matched too
      en_forms: [mini-batch]       # optional: other English spellings of the same term
      term: мини-батч              # the chosen rendering, as it appears in running text
      forms: [мини-батч*]          # other accepted forms (inflections, stems with *)
      note: not «мини-пакет»       # why this rendering (required)
      check: false                 # optional: document only, do not enforce
      avoid: [мини-пакет*]         # optional: rejected spellings of this word
      search_variants: [минибатч]  # optional: other spellings and synonyms a learner may search for
      definition: Небольшое случайное подмножество ...  # optional: one sentence for the glossary page

``avoid`` lists spellings the language has decided against (Telugu «ఋణ» for
«రుణ», «మళ్ళీ» for «మళ్లీ»): any occurrence of one, in any translated file of
the language, is a problem, whatever the English says, and also when ``check``
is false (an entry may exist only to record a spelling decision). A spelling
matches like a form (whole words, ``*`` at the end for any ending; at the start
of a word with any ending in Bengali and Telugu), and a ``*`` at the start lets
it begin inside a word (``*ళ్ళ``: the letters anywhere). Unlike terms and forms,
rejected spellings are compared as written: only case and soft hyphens are
ignored, ZWJ/ZWNJ and ё are significant. An avoided spelling that would reject
the entry's own term or forms is an error of the glossary.

``search_variants`` lists what a learner may type into the site's search for
this term besides the term, its forms and the English: other transliterations
(Bengali ট্রেইনিং for ট্রেনিং), the native word where the site uses the
transliteration or the reverse, common synonyms. Only the search reads them
(tools/sitebuild/search/synonyms.py: each entry becomes one group of
equivalent spellings, together with its term, forms, avoided spellings and
English); the checks neither require nor accept them in the text.

``definition`` is the term's one-sentence definition in the language, shown on
the glossary page (docs/glossary.md, built by tools/sitebuild/glossary_page.py)
for the entries that docs/glossary.yml lists; the checks read it like a page's
prose (tools/i18n/definitions.py).

How terms are matched: tools/i18n/checks/glossary.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.words import WORD_CHAR_CLASS

GLOSSARY_FILE = "glossary.yml"
GLOSSARY_KEYS = {"en", "term", "forms", "note", "en_forms", "check", "avoid", "search_variants", "definition"}


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
    avoid: tuple[str, ...] = ()  # rejected spellings (see the module's docstring)
    search_variants: tuple[str, ...] = ()  # what learners may search for instead (see the module's docstring)
    definition: str = ""  # one sentence for the glossary page (see the module's docstring)

    @property
    def renderings(self) -> tuple[str, ...]:
        """The chosen term and its other accepted forms."""
        return (self.term, *self.forms)


def fold_as_written(text: str) -> str:
    """Case-fold and drop soft hyphens, keeping joiners and ё: the form rejected spellings are compared in."""
    return unicodedata.normalize("NFC", text).casefold().replace("\u00ad", "")


def avoid_pattern(spelling: str, any_ending: bool) -> re.Pattern[str]:
    """A rejected spelling as a regex over fold_as_written() text (see the module's docstring)."""
    ending = rf"(?:{WORD_CHAR_CLASS})*"
    words = fold_as_written(spelling).split()
    parts = []
    for k, word in enumerate(words):
        inside = k == 0 and word.startswith("*")
        core = re.escape(word.strip("*"))
        start = ending if inside else ""
        end = ending if word.endswith("*") or any_ending else rf"(?!{WORD_CHAR_CLASS})"
        parts.append(start + core + end)
    return re.compile(rf"(?<!{WORD_CHAR_CLASS})" + r"[\s\-]+".join(parts))


def _avoid_problems(term: str, forms: list[str], avoid: list[str], loc: Loc) -> list[Problem]:
    """An avoided spelling that would reject the entry's own term or forms (matched the loosest way)."""
    problems = []
    for spelling in avoid:
        pattern = avoid_pattern(spelling, any_ending=True)
        clashes = [r for r in (term, *forms) if pattern.search(fold_as_written(r.rstrip("*")))]
        if clashes:
            kind = "term" if clashes[0] == term else "form"
            problems.append(Problem(loc, "glossary", f"avoided spelling {spelling!r} would reject the "
                                    f"entry's own {kind} {clashes[0]!r}"))
    return problems


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
        for key in ("forms", "en_forms", "avoid", "search_variants"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(loc, "glossary", f"'{key}' must be a list of non-empty strings"))
        if "definition" in entry and (not isinstance(entry["definition"], str) or not entry["definition"].strip()):
            problems.append(Problem(loc, "glossary", "'definition' must be a non-empty string"))
        if not isinstance(entry.get("check", True), bool):
            problems.append(Problem(loc, "glossary", "'check' must be true or false"))
        if problems and problems[-1].loc == loc:
            continue
        problems += _avoid_problems(entry["term"], entry.get("forms", []), entry.get("avoid", []), loc)
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
            avoid=tuple(a.strip() for a in entry.get("avoid", [])),
            search_variants=tuple(v.strip() for v in entry.get("search_variants", [])),
            definition=" ".join(entry.get("definition", "").split()),
        ))
    return entries, problems

