"""What the format readers produce: a Doc of structure items (compared across languages)
and prose units (checked for language, script, terms and spelling)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.i18n.problems import Loc, Problem


@dataclass(frozen=True)
class Item:
    """A structural element that must be identical in every language (a formula, a link target)."""

    value: Any
    loc: Loc


@dataclass
class Unit:
    """A piece of prose: a paragraph, heading, alt text, figure label, quiz or UI string."""

    text: str  # markup removed, whitespace collapsed
    loc: Loc
    section: int  # index into Doc.sections
    kind: str = "paragraph"


@dataclass
class Doc:
    """One file as the checks see it."""

    path: Path
    kind: str  # md, ipynb, svg, yml
    items: dict[str, list[Item]] = field(default_factory=dict)  # kind of item -> items in file order
    units: list[Unit] = field(default_factory=list)
    sections: list[Loc] = field(default_factory=list)  # section 0 = before the first heading
    section_names: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while reading (parity)
    raw_lines: list[tuple[str, Loc]] = field(default_factory=list)  # every line, for character checks

    def add(self, kind: str, value: Any, loc: Loc) -> None:
        self.items.setdefault(kind, []).append(Item(value, loc))

    def unit(self, text: str, loc: Loc, kind: str = "paragraph") -> None:
        text = " ".join(text.split())
        if text:
            self.units.append(Unit(text, loc, len(self.sections) - 1, kind))

    def new_section(self, loc: Loc, name: str) -> None:
        self.sections.append(loc)
        self.section_names.append(name)

    def section_texts(self) -> list[str]:
        """The prose of each section, joined."""
        texts = [""] * max(1, len(self.sections))
        for unit in self.units:
            texts[unit.section] += " " + unit.text
        return texts
