"""Snippet regions of the package: each one is shown somewhere, and every one a page shows exists.

Package files mark regions with ``# --8<-- [start:name]`` ... ``# --8<-- [end:name]``.
Pages and notebooks include them with a line ``--8<-- "ownframework/file.py:name"``
(pymdownx.snippets, base path code/src); notebook sources written as Python
(jupytext) have the same line as a comment, ``# --8<-- "..."``. A region that no page
includes is clutter in the code learners read; an include of a missing region
breaks the build. Regions start and end between whole functions or classes, so a
page never shows half a function or a stray line of module code.

Only files are read, no site build. Pages are searched for wherever they are under
docs/, translations/ and tools/ (.md, .ipynb, .py), so moving them breaks nothing.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "code" / "src"  # the base path of the includes
PAGE_FOLDERS = ("docs", "translations", "tools")
PAGE_SUFFIXES = (".md", ".ipynb", ".py")

MARKER = re.compile(r"^\s*#\s*--8<--\s*\[\s*(start|end)\s*:\s*([a-z][-_0-9a-z]*)\s*\]\s*$")
_SPEC = r'--8<--[ \t]+"(?P<path>[^"\n]+?):(?P<region>[a-z][-_0-9a-z]*)"[ \t]*$'
INCLUDE_IN_MARKDOWN = re.compile(r"^[ \t]*" + _SPEC, re.MULTILINE)
INCLUDE_IN_PYTHON = re.compile(r"^[ \t]*#[ \t]*" + _SPEC, re.MULTILINE)  # a Markdown cell of a jupytext source


@dataclass(frozen=True)
class Region:
    """Lines start..end (1-based, the marker lines themselves) of a package file."""

    spec: str  # as pages write it: "ownframework/layers.py:linear"
    path: Path
    start: int
    end: int


@dataclass(frozen=True)
class Include:
    spec: str
    where: str  # "docs/lesson.md", for messages


def package_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def markers(path: Path) -> list[tuple[int, str, str]]:
    """(line number, "start" or "end", region name) of every marker in a package file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(number, m[1], m[2]) for number, line in enumerate(lines, start=1) if (m := MARKER.match(line))]


def regions() -> dict[str, Region]:
    """Every well-formed region of the package (test_markers_pair_up reports the others)."""
    found = {}
    for path in package_files():
        rel = path.relative_to(SRC).as_posix()
        marks = markers(path)
        for number, kind, name in marks:
            ends = [n for n, k, other in marks if k == "end" and other == name]
            if kind == "start" and len(ends) == 1 and ends[0] > number:
                found[f"{rel}:{name}"] = Region(f"{rel}:{name}", path, number, ends[0])
    return found


def page_files() -> list[Path]:
    files = []
    for folder in PAGE_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            hidden = any(part.startswith(".") or part in ("__pycache__", "node_modules") for part in path.parts)
            if path.suffix in PAGE_SUFFIXES and path.is_file() and not hidden:
                files.append(path)
    return sorted(files)


def includes(path: Path) -> list[Include]:
    """The region includes of one page, notebook or notebook source."""
    where = path.relative_to(ROOT).as_posix()
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return [Include(f"{m['path']}:{m['region']}", where) for m in INCLUDE_IN_PYTHON.finditer(text)]
    if path.suffix == ".ipynb":
        cells = json.loads(text).get("cells", [])
        sources = ("".join(cell.get("source", "")) for cell in cells if cell.get("cell_type") == "markdown")
        text = "\n".join(sources)
    return [Include(f"{m['path']}:{m['region']}", where) for m in INCLUDE_IN_MARKDOWN.finditer(text)]


def all_includes() -> list[Include]:
    return [include for path in page_files() for include in includes(path)]


def test_the_pages_include_package_regions() -> None:
    found = all_includes()
    assert any(include.where.startswith("docs/") for include in found), "no page in docs/ includes a region"
    assert regions(), "the package has no snippet regions"


def test_markers_pair_up() -> None:
    problems = []
    for path in package_files():
        rel = path.relative_to(SRC).as_posix()
        marks = markers(path)
        for name in sorted({name for _, _, name in marks}):
            starts = [n for n, kind, other in marks if kind == "start" and other == name]
            ends = [n for n, kind, other in marks if kind == "end" and other == name]
            if len(starts) != 1 or len(ends) != 1:
                problems.append(f"{rel}:{name}: {len(starts)} start and {len(ends)} end markers")
            elif ends[0] < starts[0]:
                problems.append(f"{rel}:{name}: the end marker (line {ends[0]}) comes before the start")
    spans = sorted((r.path, r.start, r.end, r.spec) for r in regions().values())
    for (path, _, end, spec), (next_path, next_start, _, next_spec) in itertools.pairwise(spans):
        if path == next_path and next_start < end:
            problems.append(f"{next_spec} starts inside {spec}: regions must not overlap")
    assert not problems, "\n".join(problems)


def test_every_region_is_included_by_a_page_or_notebook() -> None:
    used = {include.spec for include in all_includes()}
    unused = sorted(spec for spec in regions() if spec not in used)
    assert not unused, (
        "regions that no page or notebook includes (remove their markers, or show them on a page):\n  "
        + "\n  ".join(unused)
    )


def test_every_included_region_exists() -> None:
    known = regions()
    missing = sorted({f"{include.where}: {include.spec}" for include in all_includes() if include.spec not in known})
    assert not missing, "pages include regions that the package does not have:\n  " + "\n  ".join(missing)


def test_regions_hold_whole_functions_and_classes() -> None:
    problems = []
    for region in regions().values():
        lines = region.path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                for marker_line in (region.start, region.end):
                    if first <= marker_line <= (node.end_lineno or first):
                        problems.append(f"{region.spec}: the marker on line {marker_line} is inside {node.name}()")
        body = [line for line in lines[region.start : region.end - 1] if not MARKER.match(line)]
        for statement in ast.parse(textwrap.dedent("\n".join(body))).body:
            if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                line = region.start + statement.lineno
                problems.append(f"{region.spec}: line {line} is not part of a function or class")
    assert not problems, "\n".join(problems)
