"""Freshness: the translation exists and its recorded source hash is the current English one."""

from __future__ import annotations

from pathlib import Path

from tools.i18n import records
from tools.i18n.problems import Loc, Problem, shown
from tools.sitebuild.languages import ROOT

CLI = "python -m tools.i18n"


def check(lang: str, rel: str, root: Path = ROOT) -> list[Problem]:
    """A problem unless ``translations/<lang>/<rel>`` follows the current ``docs/<rel>``."""
    state = records.status_of(lang, rel, root)
    if state.fresh:
        return []
    loc = Loc(shown(state.path), None if state.state == "missing" else 1)
    hint = {
        "missing": f"start it with: {CLI} init {lang} {rel}",
        "stale": f"English changed; see: {CLI} diff {lang} {rel}, update the translation, "
                 f"then: {CLI} stamp {lang} {rel}",
        "broken": f"fix the record ({CLI} stamp {lang} {rel} writes it)",
    }[state.state]
    return [Problem(loc, "freshness", f"{state.state}: {state.detail}; {hint}")]


def orphans(lang: str, root: Path = ROOT) -> list[Problem]:
    """Translations whose English source is gone."""
    return [Problem(Loc(shown(records.translation_path(lang, rel, root))), "freshness",
                    f"no English source docs/{rel} (renamed or deleted?)")
            for rel in records.orphans(lang, root)]
