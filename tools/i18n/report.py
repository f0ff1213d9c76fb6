"""What the CLI prints: problems, then a summary per language; the status table; the glossary."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TextIO

from tools.i18n.checks import CHECKS
from tools.i18n.checks.language import MIN_LETTERS
from tools.i18n.checks.spelling import SpellingReport
from tools.i18n.glossary import GlossaryEntry
from tools.i18n.records import Status
from tools.i18n.run import LanguageResult

STATUS_MARK = {"fresh": "ok", "stale": "STALE", "missing": "MISSING", "broken": "BROKEN"}


def print_spelling(report: SpellingReport, out: TextIO) -> None:
    if not report.dictionary:
        print("spelling: not checked (no hunspell dictionary in translations/languages.yml)", file=out)
        return
    limit = "no limit" if report.limit is None else f"limit {report.limit:.0%}"
    print(f"spelling: {report.total} words, {sum(report.unknown.values())} unknown = {report.rate:.2%} "
          f"({limit})", file=out)
    for file, (total, misses) in sorted(report.per_file.items()):
        print(f"  {file}: {total} words, {misses} unknown ({misses / total if total else 0:.1%})", file=out)
    if report.unknown:
        print("  unknown words: " + ", ".join(f"{w} ({n})" for w, n in report.unknown.most_common()), file=out)


def print_result(result: LanguageResult, out: TextIO | None = None) -> None:
    """Every problem as ``path:line: check: reason``, then the language's numbers."""
    out = out or sys.stdout
    for problem in result.problems:
        print(problem, file=out)
    by_check = Counter(p.check for p in result.problems)
    stats = result.stats
    print(f"\n== {result.language.english} ({result.language.code}) ==", file=out)
    print(f"files: {len(result.files)} English sources; "
          + ", ".join(f"{n} {s}" for s, n in sorted(result.states.items())), file=out)
    print("problems: " + (", ".join(f"{by_check[c]} {c}" for c in CHECKS if by_check[c]) or "none"), file=out)
    detected = ", ".join(f"{n} {name.title()}" for name, n in stats.detected.most_common())
    print(f"language detector: {stats.checked} paragraphs judged ({detected or 'none'}), "
          f"{stats.skipped_short} shorter than {MIN_LETTERS} letters not judged", file=out)
    print_spelling(result.spelling, out)
    enforced = sum(1 for e in result.glossary if e.check)
    print(f"glossary: {len(result.glossary)} terms ({enforced} enforced), "
          f"{result.glossary_misses} sections where a term is missing", file=out)


def print_status(lang: str, states: list[Status], extra: list[tuple[str, str, str]], quiet: bool,
                 out: TextIO | None = None) -> None:
    """One language's translations: a count per state, then a line per file (``extra``: mark, path, why)."""
    out = out or sys.stdout
    counts = Counter(state.state for state in states)
    summary = ", ".join(f"{counts[k]} {k}" for k in STATUS_MARK if counts[k])
    print(f"{lang}: {summary or 'nothing to translate'}", file=out)
    for state in states:
        if state.fresh and quiet:
            continue
        detail = f"  ({state.detail})" if state.detail and state.state != "missing" else ""
        print(f"  {STATUS_MARK[state.state]:8} {state.source}{detail}", file=out)
    for mark, path, why in extra:
        print(f"  {mark:8} {path}  ({why})", file=out)


def print_glossary(entries: list[GlossaryEntry], out: TextIO | None = None) -> None:
    """The glossary as a list: English term, chosen rendering, other forms, why."""
    out = out or sys.stdout
    for entry in entries:
        english = " / ".join((entry.en, *entry.en_forms))
        forms = f" (also: {', '.join(entry.forms)})" if entry.forms else ""
        unchecked = " [not enforced]" if not entry.check else ""
        print(f"{english} → {entry.term}{forms}{unchecked}\n    {entry.note}", file=out)
