"""List missing and stale translations.

    python tools/translation_status.py            # table of every translatable file
    python tools/translation_status.py --lang bn  # one language
    python tools/translation_status.py --check    # exit 1 unless everything is fresh

A translation is *fresh* when the SHA-256 it records (front matter
``source_sha256``, notebook metadata ``translation.source_sha256``, the comment
of an SVG figure or a quiz file) equals the hash of the English file now;
*stale* when the English file changed since; *missing* when there is no
translation; *broken* when its record is absent or malformed. The rules and the
list of translatable files live in tools/translations.py.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from translations import LANGUAGES, orphan_translations, translation_states

MARK = {"fresh": "ok", "stale": "STALE", "missing": "MISSING", "broken": "BROKEN"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this language (repeatable)")
    parser.add_argument("--check", action="store_true", help="exit 1 unless every translation is fresh")
    parser.add_argument("--quiet", action="store_true", help="print only what is not fresh")
    args = parser.parse_args(argv)

    bad = 0
    for lang in args.lang or LANGUAGES:
        states = translation_states(lang)
        counts = Counter(state.state for state in states)
        summary = ", ".join(f"{counts[k]} {k}" for k in MARK if counts[k])
        print(f"{lang}: {summary or 'nothing to translate'}")
        for state in states:
            if state.state == "fresh" and args.quiet:
                continue
            detail = f"  ({state.detail})" if state.detail and state.state != "missing" else ""
            print(f"  {MARK[state.state]:8} {state.source}{detail}")
        for orphan in orphan_translations(lang):
            print(f"  {'ORPHAN':8} {orphan}  (no English source docs/{orphan})")
            bad += 1
        bad += sum(counts[k] for k in ("stale", "missing", "broken"))
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
