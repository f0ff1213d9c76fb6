"""What a check reports: a Problem at a Loc (file, line, note), shown as ``path:line: check: reason``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools.sitebuild.languages import ROOT


@dataclass(frozen=True)
class Loc:
    """A place in a file: the path as shown to the reader, a 1-based line, a note (``cell 5``)."""

    path: str
    line: int | None = None
    note: str = ""

    def __str__(self) -> str:
        text = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Problem:
    """One finding of one check."""

    loc: Loc
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.check}: {self.message}"


def shown(path: Path) -> str:
    """``path`` relative to the repository (as the reader types it), or as given outside it."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def short(text: str, limit: int = 70) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
