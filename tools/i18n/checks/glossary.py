"""Glossary use: where English uses a glossary term, the translation uses the chosen rendering.

Per section: the text under one heading, paired with the English section by
position (the parity check pins the anchors). Translators merge and split
sentences, list items and paragraphs for good reasons, which makes pairing
paragraphs brittle; sections are fixed by the anchors and still small enough to
point at the spot. Quiz files, ui.yml and figures are one section each.

Matching: English terms ignore case and match plurals (layer/layers,
probability/probabilities); a term inside a longer term does not count.
Renderings ignore case, treat ё as е and ignore ZWJ/ZWNJ and soft hyphens. A
form matches whole words (end it with ``*`` for any ending); in languages whose
endings attach to the word (tools/i18n/morphology.py) every form matches at the
start of a word with any ending.

Rejected spellings (``avoid`` in the glossary, see tools/i18n/glossary.py) are
looked for on every line of the translated file, code and markup included, and
each occurrence is reported with its line, whatever the English says.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from tools.i18n.document import Doc
from tools.i18n.glossary import GlossaryEntry, avoid_pattern, fold_as_written
from tools.i18n.morphology import endings_attach
from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.words import WORD_CHAR_CLASS, fold
from tools.sitebuild.languages import Language


@functools.lru_cache(maxsize=1024)
def _english_pattern(term: str) -> re.Pattern[str]:
    words = re.split(r"[\s-]+", term.strip())
    last = re.escape(words[-1])
    # plurals: layer -> layers, batch -> batches, probability -> probabilities
    last = rf"(?:{last}|{re.escape(words[-1][:-1])}ies)" if words[-1].endswith("y") else rf"{last}(?:s|es)?"
    body = r"[\s-]+".join([*(re.escape(w) for w in words[:-1]), last])
    return re.compile(rf"(?<![\w-]){body}(?![\w])", re.I)


@functools.lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str, any_ending: bool) -> re.Pattern[str]:
    """A glossary rendering as a regex over fold()ed text (see the module's docstring)."""
    ending = rf"(?:{WORD_CHAR_CLASS})*"
    words = []
    for word in fold(rendering).split():
        if word.endswith("*") or any_ending:
            words.append(re.escape(word.rstrip("*")) + ending)
        else:
            words.append(re.escape(word) + rf"(?!{WORD_CHAR_CLASS})")
    return re.compile(rf"(?<!{WORD_CHAR_CLASS})" + r"[\s\-]+".join(words))


def english_term_counts(text: str, glossary: list[GlossaryEntry]) -> Counter[str]:
    """How often each glossary term occurs in English text; a term inside a longer term does not count."""
    counts: Counter[str] = Counter()
    text = text.lower()
    spellings = sorted(((s, e) for e in glossary if e.check for s in (e.en, *e.en_forms)),
                       key=lambda pair: -len(pair[0]))
    for spelling, entry in spellings:
        pattern = _english_pattern(spelling)
        found = len(pattern.findall(text))
        if found:
            counts[entry.en] += found
            text = pattern.sub(lambda m: "\0" * len(m.group(0)), text)
    return counts


def uses_term(text: str, entry: GlossaryEntry, language: Language) -> bool:
    """True when ``text`` uses the term's rendering or one of its forms."""
    folded = fold(text)
    return any(_rendering_pattern(r, endings_attach(language.code)).search(folded) for r in entry.renderings)


# Sections where a shorter word than the glossary's may stand, per file name:
# plot labels must fit beside an axis (the lesson says so where it introduces
# the term, e.g. Russian «точность» for «доля правильных ответов»).
EXEMPT_SECTIONS = {"ui.yml": {"plots"}}


def _pairs(english: Doc, translated: Doc) -> list[tuple[str, str, Loc, str]]:
    """(English text, translated text, where, section name) of the sections to compare."""
    en_sections, tr_sections = english.section_texts(), translated.section_texts()
    if english.kind == "yml" and translated.kind == "yml":  # sections are top-level keys: pair by key
        exempt = EXEMPT_SECTIONS.get(translated.path.name, set())
        by_name = dict(zip(translated.section_names, zip(tr_sections, translated.sections, strict=True), strict=True))
        return [(en_text, by_name[name][0], by_name[name][1], name)
                for name, en_text in zip(english.section_names, en_sections, strict=True)
                if name in by_name and name not in exempt]
    if len(en_sections) != len(tr_sections):
        # Headings differ (parity reports it); compare whole files instead.
        return [(" ".join(en_sections), " ".join(tr_sections), Loc(shown(translated.path), 1), "(whole file)")]
    return list(zip(en_sections, tr_sections, translated.sections, english.section_names, strict=True))


def rejected_spellings(language: Language, translated: Doc, glossary: list[GlossaryEntry]) -> list[Problem]:
    """Every occurrence in ``translated`` of a spelling that a glossary entry avoids, line by line."""
    patterns = [(entry, spelling, avoid_pattern(spelling, endings_attach(language.code)))
                for entry in glossary for spelling in entry.avoid]
    if not patterns:
        return []
    problems = []
    for line, loc in translated.raw_lines:
        folded = fold_as_written(line)
        reported: set[int] = set()  # one problem per word, however many spellings it matches
        for entry, spelling, pattern in patterns:
            for match in pattern.finditer(folded):
                if match.start() in reported:
                    continue
                reported.add(match.start())
                problems.append(Problem(loc, "glossary", f"rejected spelling {match.group(0)!r}: "
                                        f"the glossary avoids {spelling!r} (entry '{entry.en}', "
                                        f"{entry.term}; see its note)"))
    return problems


def check(language: Language, english: Doc, translated: Doc, glossary: list[GlossaryEntry]) -> list[Problem]:
    """Sections of ``translated`` missing the rendering of a term that the English section uses,
    and every rejected spelling in it."""
    by_en = {entry.en: entry for entry in glossary}
    problems = []
    for en_text, tr_text, where, name in _pairs(english, translated):
        for en_term, count in sorted(english_term_counts(en_text, glossary).items()):
            entry = by_en[en_term]
            if not uses_term(tr_text, entry, language):
                options = ", ".join(entry.renderings[:4]) + (", …" if len(entry.renderings) > 4 else "")
                problems.append(Problem(where, "glossary", f"section {name!r}: English uses "
                                        f"'{en_term}' ({count}×), the translation none of: {options}"))
    return problems + rejected_spellings(language, translated, glossary)
