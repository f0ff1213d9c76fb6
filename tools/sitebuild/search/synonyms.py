"""Groups of equivalent spellings for the search, from a language's glossary.

Each glossary entry (translations/<lang>/glossary.yml, see tools/i18n/glossary.py)
becomes one group::

    {"terms": [the chosen term, its accepted forms],
     "variants": [its search_variants, avoided spellings, the English term and forms]}

The search worker (docs/assets/javascripts/lunr/min/lunr.site.min.js) folds
every spelling like any other word. A query that spells a member of a group,
word for word, also matches the group's terms as a phrase: on the Bengali site
ট্রেইনিং and "training" find প্রশিক্ষণ, ক্ষতি ফাংশন finds লস ফাংশন. Only
towards the terms, which the pages use (the glossary check sees to it): the
other way, লস would find the English "loss" in code listings.

Stems and endings: a word with a trailing ``*`` (``переобучени*``) stands for
any word that begins with it, in the query as in the glossary; in Bengali and
Telugu, where endings attach to the word (গ্রেডিয়েন্টের), every word does
(tools/i18n/morphology.py), so the build adds the ``*``. The pages' words
always match a group word as a prefix. A spelling with a leading ``*`` (letters
anywhere inside a word) says nothing a learner would type and is left out.
"""

from __future__ import annotations

from pathlib import Path

from tools.i18n.glossary import GLOSSARY_FILE, load_glossary
from tools.i18n.morphology import endings_attach


def synonym_groups(root: Path, lang: str) -> list[dict[str, list[str]]]:
    """The groups of a language (none when it has no glossary: English)."""
    path = root / "translations" / lang / GLOSSARY_FILE
    if not path.is_file():
        return []
    entries, _problems = load_glossary(path)  # the glossary check reports problems; search uses what is valid
    any_ending = endings_attach(lang)
    groups = []
    for entry in entries:
        seen: set[str] = set()

        def spellings(*candidates: str, seen: set[str] = seen) -> list[str]:
            out = []
            for spelling in candidates:
                if spelling.startswith("*"):
                    continue
                words = spelling.split()
                if any_ending:
                    words = [w if w.endswith("*") else w + "*" for w in words]
                spelling = " ".join(words)
                if spelling and spelling.casefold() not in seen:
                    seen.add(spelling.casefold())
                    out.append(spelling)
            return out

        terms = spellings(entry.term, *entry.forms)
        variants = spellings(*entry.search_variants, *entry.avoid, entry.en, *entry.en_forms)
        if variants:
            groups.append({"terms": terms, "variants": variants})
    return groups
