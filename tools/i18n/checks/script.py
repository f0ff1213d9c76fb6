"""Script: the words of a translation's prose are in the language's script.

A word in another script is allowed when it is an accepted word (wordlist or
glossary), a single Latin letter or a single Greek letter (symbols). Words that
mix scripts (a Latin "c" inside a Russian word) are reported. In languages
whose endings attach to the word, a Latin name may carry an ending in the
language's script (``NumPyতে``): the name must then be accepted.
Text marked as another language is not prose (tools/i18n/formats/markdown.py).
"""

from __future__ import annotations

from tools.i18n.accepted import Accepted
from tools.i18n.document import Unit
from tools.i18n.morphology import endings_attach
from tools.i18n.problems import Problem
from tools.i18n.words import WORD_RE, fold, script_runs, word_scripts

MAX_LISTED = 12  # Latin words named per paragraph


def check(units: list[Unit], accepted: Accepted) -> list[Problem]:
    """Words outside the language's script that are not accepted, per prose unit."""
    language = accepted.language
    native = language.script
    problems = []
    for unit in units:
        stray: list[str] = []
        for token in WORD_RE.findall(accepted.without_phrases(unit.text)):
            scripts = word_scripts(token)
            if not scripts or scripts == {native} or token in accepted:
                continue
            if endings_attach(language.code) and scripts == {native, "LATIN"}:
                parts = [run for run in script_runs(token) if word_scripts(run) == {"LATIN"}]
            elif len(scripts) > 1:
                problems.append(Problem(unit.loc, "script", f"word {token!r} mixes scripts "
                                        f"({', '.join(sorted(scripts)).lower()}): a look-alike letter?"))
                continue
            else:
                parts = [token]
            for word in parts:
                scripts = word_scripts(word)
                if word in accepted or (scripts == {"GREEK"} and len(word) == 1):
                    continue
                if scripts == {"LATIN"}:
                    if len(fold(word)) > 1:
                        stray.append(word)
                else:
                    problems.append(Problem(unit.loc, "script", f"word {word!r} is in "
                                            f"{'/'.join(sorted(scripts)).lower()} script; add it to the "
                                            f"wordlist if it is a name"))
        if stray:
            words = list(dict.fromkeys(stray))
            more = f" … ({len(words) - MAX_LISTED} more)" if len(words) > MAX_LISTED else ""
            problems.append(Problem(unit.loc, "script", "Latin-script words not in the glossary or wordlist: "
                                    + ", ".join(words[:MAX_LISTED]) + more))
    return problems
