"""Parity: a translation has the same structure as its English file.

Compared in order, kind by kind (PARITY_KINDS): headings with their anchors,
formulas, code blocks and code cells (byte for byte), images, link targets,
admonition / tab / block types, snippet includes, HTML tags, attribute lists,
front-matter keys, notebook cells, SVG elements, YAML keys, values and
``{placeholders}``. Inline code is compared as a multiset (order free: sentences
are reordered in translation).
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path
from typing import Any

from tools.i18n.document import Doc
from tools.i18n.formats import read_doc
from tools.i18n.problems import Loc, Problem, short, shown
from tools.i18n.records import docs_dir, translation_path
from tools.sitebuild.languages import ROOT

PARITY_KINDS = {
    "front_matter": "front matter key", "cell": "notebook cell", "notebook": "notebook format",
    "heading": "heading", "math": "formula", "code": "code block", "code_cell": "code cell",
    "image": "image", "link": "link target", "admonition": "admonition/tab/block type",
    "snippet": "snippet include", "template": "template placeholder", "html": "HTML tag", "attr": "attribute list",
    "svg": "SVG element", "yaml": "YAML value",
}


def _describe(value: Any) -> str:
    return short(str(value).replace("\n", "⏎"), 90)


def compare_items(english: Doc, translated: Doc) -> list[Problem]:
    """Every difference in structure between two Docs, located in the translation."""
    problems: list[Problem] = []
    fallback = Loc(shown(translated.path), 1)
    for kind, label in PARITY_KINDS.items():
        en = english.items.get(kind, [])
        tr = translated.items.get(kind, [])
        a, b = [item.value for item in en], [item.value for item in tr]
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            near = tr[j1].loc if j1 < len(tr) else (tr[-1].loc if tr else fallback)
            if op == "replace" and i2 - i1 == j2 - j1:
                for en_item, tr_item in zip(en[i1:i2], tr[j1:j2], strict=True):
                    problems.append(Problem(tr_item.loc, "parity", f"{label} differs: English "
                                            f"{_describe(en_item.value)} ({en_item.loc}), "
                                            f"here {_describe(tr_item.value)}"))
                continue
            for en_item in en[i1:i2]:
                problems.append(Problem(near, "parity",
                                        f"{label} missing here: {_describe(en_item.value)} ({en_item.loc})"))
            for tr_item in tr[j1:j2]:
                problems.append(Problem(tr_item.loc, "parity",
                                        f"extra {label}, not in English: {_describe(tr_item.value)}"))
    en_code: Counter[str] = Counter(item.value for item in english.items.get("inline_code", []))
    tr_code: Counter[str] = Counter(item.value for item in translated.items.get("inline_code", []))
    for value in sorted(en_code - tr_code):
        first = next(i for i in english.items["inline_code"] if i.value == value)
        problems.append(Problem(fallback, "parity", f"inline code `{short(value, 60)}` appears {en_code[value]}× "
                                f"in English ({first.loc}), {tr_code[value]}× here"))
    for value in sorted(tr_code - en_code):
        first = next(i for i in translated.items["inline_code"] if i.value == value)
        problems.append(Problem(first.loc, "parity", f"inline code `{short(value, 60)}` appears {tr_code[value]}× "
                                f"here, {en_code[value]}× in English"))
    return problems



def check(lang: str, rel: str, root: Path = ROOT) -> list[Problem]:
    """Parity of ``translations/<lang>/<rel>`` with ``docs/<rel>``."""
    path = translation_path(lang, rel, root)
    if not path.is_file():
        return [Problem(Loc(shown(path)), "parity", "translation missing")]
    english, translated = read_doc(docs_dir(root) / rel), read_doc(path)
    return list(translated.problems) + compare_items(english, translated)
