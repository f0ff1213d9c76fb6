"""YAML reader: quiz data (``quizzes/*.yml``) and the site's words (``ui.yml``).

Each top-level key starts a section (the glossary check pairs sections by key).
Structure items: every mapping's keys, every list's length, the values that are
not text (numbers, booleans, ids: YAML_IDENTITY_KEYS) and, for each text, its
``{placeholders}`` (``{score}``, ``{prob:.0%}``), inline code and formulas.
Prose units: the texts, placeholders, code and formulas removed. The record
(top-level ``translation_of`` / ``source_sha256``) is not data.

A few mappings hold keys that a translation chooses (FREE_MAPPINGS): ``theme``
in ``ui.yml`` lists the words of Material's own translation that a language
replaces, and English replaces none.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tools.i18n.document import Doc
from tools.i18n.formats.markdown import CODE_SPAN_RE, INLINE_MATH_RE, clean
from tools.i18n.problems import Loc, Problem, shown
from tools.i18n.records import RECORD_KEYS

#: A format placeholder: {name}, {name:.0%}, {name!r}.
PLACEHOLDER_RE = re.compile(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}\s]*)?\}")
# Keys whose string values are identifiers, not text: they must match English.
# Per file name; the default is the quizzes'.
YAML_IDENTITY_KEYS = {"id", "quiz", "choose", "src", "href", "image", "link", "anchor", "lesson"}
IDENTITY_KEYS_BY_FILE: dict[str, set[str]] = {"ui.yml": set()}  # notices.*.link is a link's text
#: File name -> top-level keys of mappings whose keys a translation chooses.
FREE_MAPPINGS = {"ui.yml": {"theme"}}


def read_yaml(path: Path) -> Doc:
    """A YAML file: one section; its shape and identifiers as items, its texts as units."""
    doc = Doc(path, "yml")
    label = shown(path)
    doc.new_section(Loc(label, 1), "(file)")
    raw = path.read_text(encoding="utf-8")
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(raw.split("\n"))]
    try:
        root = yaml.compose(raw)
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(Loc(label), "parity", f"not valid YAML: {exc}"))
        return doc
    free = FREE_MAPPINGS.get(path.name, set())
    identity_keys = IDENTITY_KEYS_BY_FILE.get(path.name, YAML_IDENTITY_KEYS)

    def text(value: str, where: str, loc: Loc, structure: bool) -> None:
        if structure:
            holders = sorted(PLACEHOLDER_RE.findall(value))
            doc.add("yaml", f"{where}: text{' with ' + ' '.join(holders) if holders else ''}", loc)
            for code in CODE_SPAN_RE.finditer(value):
                doc.add("inline_code", code.group("code").strip(), loc)
            for math in INLINE_MATH_RE.finditer(CODE_SPAN_RE.sub(" ", value)):
                doc.add("math", next(g for g in math.groups() if g is not None).strip(), loc)
        prose = PLACEHOLDER_RE.sub(" ", INLINE_MATH_RE.sub(" ", CODE_SPAN_RE.sub(" ", value)))
        doc.unit(clean(prose), loc, "text")

    def walk(node: yaml.Node | None, where: str, key: str, structure: bool = True) -> None:
        if node is None:
            return
        loc = Loc(label, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value if where or k.value not in RECORD_KEYS]
            if where in free:
                doc.add("yaml", f"{where}: mapping of keys the translation chooses", loc)
            elif structure:
                doc.add("yaml", f"{where}: mapping of {sorted(k.value for k, _ in pairs)}", loc)
            for k, v in pairs:
                if not where:
                    doc.new_section(Loc(label, k.start_mark.line + 1), k.value)
                walk(v, f"{where}.{k.value}" if where else k.value, k.value, structure and where not in free)
        elif isinstance(node, yaml.SequenceNode):
            if structure:
                doc.add("yaml", f"{where}: list of {len(node.value)}", loc)
            for index, v in enumerate(node.value):
                walk(v, f"{where}[{index}]", key, structure)
        else:
            value = node.value if node.tag == "tag:yaml.org,2002:str" else yaml.safe_load(node.value)
            if isinstance(value, str) and key not in identity_keys:
                text(value, where, loc, structure)
            elif structure:
                doc.add("yaml", f"{where} = {value!r}", loc)

    walk(root, "", "")
    return doc
