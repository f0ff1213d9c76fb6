"""SVG reader: figures keep every element and attribute; only their words change.

Prose units: the content of <text>/<tspan>/<title>/<desc>/<textPath> and
``aria-label``. A translation may change the attributes in SVG_FREE_ATTRIBUTES
(fonts, text fitting, language); everything else must match English.
"""

from __future__ import annotations

import json
import xml.parsers.expat
from pathlib import Path

from tools.i18n.document import Doc
from tools.i18n.problems import Loc, Problem, shown

SVG_FREE_ATTRIBUTES = {"font-family", "textLength", "lengthAdjust", "lang", "xml:lang", "aria-label"}
SVG_TEXT_ELEMENTS = {"text", "tspan", "title", "desc", "textPath"}


def read_svg(path: Path) -> Doc:
    """A figure: one section; elements as items, their text as units."""
    doc = Doc(path, "svg")
    label = shown(path)
    doc.new_section(Loc(label, 1), "(figure)")
    raw = path.read_text(encoding="utf-8")
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(raw.split("\n"))]
    parser = xml.parsers.expat.ParserCreate()
    stack: list[tuple[str, list[str], Loc]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        loc = Loc(label, parser.CurrentLineNumber)
        kept = {k: v for k, v in attrs.items() if k not in SVG_FREE_ATTRIBUTES}
        doc.add("svg", f"<{name} {json.dumps(kept, sort_keys=True, ensure_ascii=False)}>", loc)
        if attrs.get("aria-label", "").strip():
            doc.unit(attrs["aria-label"], loc, "label")
        stack.append((name, [], loc))

    def data(text: str) -> None:
        if stack:
            stack[-1][1].append(text)

    def end(name: str) -> None:
        tag, parts, loc = stack.pop()
        text = "".join(parts)
        local = tag.rsplit(":", 1)[-1]
        if local in SVG_TEXT_ELEMENTS:
            if text.strip():
                doc.unit(text, loc, "label")
        elif text.strip():
            doc.add("svg", f"<{tag}> content {text.strip()!r}", loc)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = data
    parser.EndElementHandler = end
    try:
        parser.Parse(raw.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError as exc:
        doc.problems.append(Problem(Loc(label, exc.lineno), "parity", f"not well-formed XML: {exc}"))
    return doc

