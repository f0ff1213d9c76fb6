"""Coverage: every file under ``translations/<lang>/`` is read by some check.

A translation is a file that records an English source (tools/i18n/records.py
lists which files need one); glossary.yml and wordlist.txt are the checker's
inputs. Anything else there would reach readers unchecked, or not at all.
Hidden files and folders (``.ipynb_checkpoints``) are ignored.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from tools.i18n.accepted import WORDLIST_FILE
from tools.i18n.glossary import GLOSSARY_FILE
from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.records import TRANSLATIONS, is_translatable, relative_files
from tools.sitebuild.languages import ROOT

CHECKER_INPUTS = (GLOSSARY_FILE, WORDLIST_FILE)


def unchecked_files(lang: str, root: Path = ROOT) -> list[str]:
    """Files of translations/<lang>/ that are neither translations nor checker inputs."""
    return [rel for rel in relative_files(root / TRANSLATIONS / lang)
            if rel not in CHECKER_INPUTS and not is_translatable(rel)
            and not any(part.startswith((".", "_")) for part in PurePosixPath(rel).parts)]


def check(lang: str, root: Path = ROOT) -> list[Problem]:
    return [Problem(Loc(shown(root / TRANSLATIONS / lang / rel)), "coverage",
                    "no check reads this file: translations follow an English file of docs/ "
                    "(pages, notebooks, assets/figures/*.svg, quizzes/*.yml, ui.yml; see translations/README.md)")
            for rel in unchecked_files(lang, root)]
