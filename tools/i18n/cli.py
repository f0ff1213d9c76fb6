"""``python -m tools.i18n``: the translators' command line (guide: translations/README.md).

    python -m tools.i18n check                    # every language, every file; exit 1 on any problem
    python -m tools.i18n check bn --file lesson.md
    python -m tools.i18n status [LANG ...] [--check] [--quiet]
    python -m tools.i18n init te lesson.md        # start: copy the English file, record its hash
    python -m tools.i18n diff ru lesson.md        # what changed in English since the recorded hash
    python -m tools.i18n stamp ru lesson.md       # after updating: record the current English hash
    python -m tools.i18n glossary ru [WORD]       # the chosen terms
    python -m tools.i18n spelling te              # words hunspell does not know, and where
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tools.i18n import authoring, records, report
from tools.i18n.accepted import load_resources
from tools.i18n.checks import coverage, spelling
from tools.i18n.formats import read_doc
from tools.i18n.run import UsageError, check_language
from tools.sitebuild.languages import ROOT, language, translated_languages


def _languages(requested: list[str]) -> list[str]:
    """The codes asked for; none or ``all`` means every translated language."""
    codes = [lang.code for lang in translated_languages(ROOT)]
    if not requested or "all" in requested:
        return codes
    unknown = [code for code in requested if code not in codes]
    if unknown:
        raise UsageError(f"unknown language {', '.join(unknown)}; translations/languages.yml has "
                         f"{', '.join(codes)} (or: all)")
    return requested


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    for lang in _languages(args.lang):
        result = check_language(lang, args.file)
        report.print_result(result)
        status = max(status, 1 if result.problems else 0)
    return status


def cmd_status(args: argparse.Namespace) -> int:
    bad = 0
    for lang in _languages(args.lang):
        states = records.status(ROOT, [lang])
        extra = [("ORPHAN", rel, f"no English source docs/{rel}") for rel in records.orphans(lang)]
        extra += [("UNCHECKED", rel, "no check reads it") for rel in coverage.unchecked_files(lang)]
        report.print_status(lang, states, extra, args.quiet)
        bad += len(extra) + sum(1 for state in states if not state.fresh)
    return 1 if args.check and bad else 0


def cmd_init(args: argparse.Namespace) -> int:
    print(authoring.init_translation(_languages([args.lang])[0], args.path))
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    print(authoring.stamp_translation(_languages([args.lang])[0], args.path))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    print(authoring.english_diff(_languages([args.lang])[0], args.path))
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    resources = load_resources(language(_languages([args.lang])[0]))
    word = (args.word or "").casefold()
    entries = [e for e in resources.glossary
               if word in " ".join((e.en, *e.en_forms, *e.renderings)).casefold()]
    report.print_glossary(entries)
    for problem in resources.problems:
        print(problem)
    return 1 if resources.problems else 0


def cmd_spelling(args: argparse.Namespace) -> int:
    lang = _languages([args.lang])[0]
    resources = load_resources(language(lang))
    rels = args.file or records.english_sources()
    paths = [records.translation_path(lang, rel) for rel in rels]
    result = spelling.report([read_doc(path) for path in paths if path.is_file()], resources.accepted)
    report.print_spelling(result, sys.stdout)
    for word, count in result.unknown.most_common():
        print(f"  {word} ({count}×): first at {result.where[word]}")
    problems = result.problems()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    examples = (__doc__ or "").split("\n\n")[1]
    main = argparse.ArgumentParser(
        prog="python -m tools.i18n", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check the translations and keep their records (guide: translations/README.md).",
        epilog=f"examples:\n{examples}\n")
    sub = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable[[argparse.Namespace], int], text: str) -> argparse.ArgumentParser:
        one = sub.add_parser(name, help=text, description=text)
        one.set_defaults(run=run)
        return one

    check = command("check", cmd_check, "run every check; print problems as path:line: check: reason, "
                    "then numbers per language (exit 1 on any problem)")
    check.add_argument("lang", nargs="*", help="language codes (default: all)")
    check.add_argument("--file", action="append", metavar="PATH", help="docs/-relative file to check (repeatable)")
    status = command("status", cmd_status, "list fresh, stale, missing and broken translations")
    status.add_argument("lang", nargs="*", help="language codes (default: all)")
    status.add_argument("--check", action="store_true", help="exit 1 unless every translation is fresh")
    status.add_argument("--quiet", action="store_true", help="print only what is not fresh")
    for name, run, text in (
        ("init", cmd_init, "start a translation: copy the English file with the record of its hash"),
        ("stamp", cmd_stamp, "record the current English hash (refused while the structure differs)"),
        ("diff", cmd_diff, "show what changed in English since the hash the translation records (git)"),
    ):
        one = command(name, run, text)
        one.add_argument("lang", help="language code")
        one.add_argument("path", help="docs/-relative path of the English file, e.g. lesson.md")
    glossary = command("glossary", cmd_glossary, "list a language's glossary (the chosen renderings)")
    glossary.add_argument("lang", help="language code")
    glossary.add_argument("word", nargs="?", help="only entries containing this word (English or translated)")
    spell = command("spelling", cmd_spelling, "spelling report: every word hunspell does not know, and where")
    spell.add_argument("lang", help="language code")
    spell.add_argument("--file", action="append", metavar="PATH", help="docs/-relative file (repeatable)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    return code
