"""Run every check for one language and collect the numbers the summary prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tools.i18n import definitions, records
from tools.i18n.accepted import Resources, load_resources
from tools.i18n.checks import coverage, freshness, glossary, invisible, mojibake, parity, script, spelling
from tools.i18n.checks.language import LanguageStats
from tools.i18n.checks.language import check as check_language_of
from tools.i18n.document import Doc
from tools.i18n.formats import read_doc
from tools.i18n.glossary import GlossaryEntry
from tools.i18n.problems import Problem
from tools.sitebuild.languages import ROOT, Language
from tools.sitebuild.languages import language as language_row


class UsageError(ValueError):
    """The command asked for something that does not exist (a language, a file)."""


@dataclass
class LanguageResult:
    """Everything the checks found for one language, and the numbers of the summary."""

    language: Language
    files: list[str]  # docs/-relative English sources checked
    problems: list[Problem]
    states: Counter[str]  # fresh/stale/missing/broken -> count
    stats: LanguageStats
    spelling: spelling.SpellingReport
    glossary: list[GlossaryEntry]
    glossary_misses: int


def check_text(doc: Doc, resources: Resources, stats: LanguageStats | None = None,
               root: Path = ROOT) -> list[Problem]:
    """The character and prose checks of one translated file: invisible, mojibake, script, language."""
    row = resources.language
    problems = invisible.check(row, doc.raw_lines) + mojibake.check(row, doc.units)
    units = mojibake.readable(row, doc.units)  # text with mojibake is garbage: one message is enough
    problems += script.check(units, resources.accepted)
    problems += check_language_of(units, resources.accepted, stats, root)
    return problems


def check_file(lang: str, rel: str, resources: Resources, stats: LanguageStats | None = None,
               root: Path = ROOT) -> tuple[list[Problem], Doc | None]:
    """Every per-file check of ``translations/<lang>/<rel>``; its Doc when it exists."""
    problems = freshness.check(lang, rel, root)
    path = records.translation_path(lang, rel, root)
    if not path.is_file():
        return problems, None
    doc = read_doc(path)
    problems += parity.check(lang, rel, root)
    problems += check_text(doc, resources, stats, root)
    english = read_doc(records.docs_dir(root) / rel)
    problems += glossary.check(resources.language, english, doc, resources.glossary)
    return problems, doc


def check_definitions(resources: Resources, stats: LanguageStats | None = None,
                      root: Path = ROOT) -> tuple[list[Problem], Doc]:
    """The definitions of the glossary page in one language (tools/i18n/definitions.py), checked like prose."""
    terms, _ = definitions.english_terms(root)  # problems of the English file: tests/test_glossary_page.py
    doc, problems = definitions.translated_doc(resources.language.code, terms, resources.glossary, root)
    if doc.sections:
        problems += check_text(doc, resources, stats, root)
        problems += glossary.check(resources.language, definitions.english_doc(terms, root), doc, resources.glossary)
    return problems, doc


def check_language(lang: str, files: list[str] | None = None, root: Path = ROOT) -> LanguageResult:
    """Every check for one language: all its files, or the given docs/-relative ones."""
    try:
        row = language_row(lang, root)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    sources = records.english_sources(root)
    selected = files or sources
    unknown = [f for f in selected if f not in sources]
    if unknown:
        raise UsageError(f"not an English source file: {', '.join(unknown)} (paths relative to docs/)")
    resources = load_resources(row, root)
    problems: list[Problem] = list(resources.problems)
    stats, states = LanguageStats(), Counter[str]()
    docs: list[Doc] = []
    glossary_misses = 0
    for rel in selected:
        states[records.status_of(lang, rel, root).state] += 1
        found, doc = check_file(lang, rel, resources, stats, root)
        problems += found
        glossary_misses += sum(1 for p in found if p.check == "glossary")
        if doc is not None:
            docs.append(doc)
    if files is None:
        problems += freshness.orphans(lang, root) + coverage.check(lang, root)
        found, doc = check_definitions(resources, stats, root)  # the glossary page's definitions
        problems += found
        glossary_misses += sum(1 for p in found if p.check == "glossary")
        docs.append(doc)
    report = spelling.report(docs, resources.accepted)
    problems += report.problems(root)
    return LanguageResult(row, selected, problems, states, stats, report, resources.glossary, glossary_misses)
