"""Code shown on the site is the package's own source.

Pages and notebook Markdown cells include package regions with
``--8<-- "ownframework/file.py:region"`` (pymdownx.snippets, base path
code/src). Every referenced region must exist once in the package, and the
code block the built page shows must be exactly that region's source, in every
language.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path

import pytest

from site_html import LANGS, ROOT, nav_pages, page_file

SRC = ROOT / "code" / "src"
INCLUDE = re.compile(r'^\s*--8<--\s+"([^"]+)"\s*$', re.MULTILINE)
MARKER = re.compile(r"^\s*#\s*--8<--\s*\[(start|end):([\w.-]+)\]\s*$")
CODE_BLOCK = re.compile(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", re.DOTALL)


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def sources() -> list[Path]:
    found = []
    for base in (ROOT / "docs", ROOT / "translations"):
        found += [p for p in base.rglob("*") if p.suffix in (".md", ".ipynb")]
    return sorted(found)


def includes(path: Path) -> list[str]:
    return INCLUDE.findall(markdown_of(path))


def region(spec: str) -> str:
    """The source of ``file.py:name`` as pymdownx.snippets shows it (markers dropped, dedented)."""
    file, _, name = spec.partition(":")
    path = SRC / file
    assert path.is_file(), f"{spec}: {path.relative_to(ROOT)} does not exist"
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if (m := MARKER.match(line)) and m.groups() == ("start", name)]
    ends = [i for i, line in enumerate(lines) if (m := MARKER.match(line)) and m.groups() == ("end", name)]
    assert len(starts) == 1 and len(ends) == 1, f"{spec}: {len(starts)} start and {len(ends)} end markers"
    assert starts[0] < ends[0], f"{spec}: end marker before start marker"
    body = [line for line in lines[starts[0] + 1 : ends[0]] if not MARKER.match(line)]
    return textwrap.dedent("\n".join(body)).strip("\n")


def shown_code(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [
        html.unescape(re.sub(r"<[^>]+>", "", block)).rstrip()
        for block in CODE_BLOCK.findall(text)
    ]


def normalise(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines())


ALL_INCLUDES = sorted({spec for path in sources() for spec in includes(path)})


def test_pages_include_package_source() -> None:
    assert ALL_INCLUDES, "no page includes a source region of the package"


@pytest.mark.parametrize("spec", ALL_INCLUDES)
def test_region_exists_once_in_the_package(spec: str) -> None:
    assert ":" in spec, f"{spec}: include a named region (file.py:name), not a whole file"
    assert region(spec).strip(), f"{spec}: the region is empty"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", [s for _, s in nav_pages()])
def test_rendered_code_is_the_package_region(site_dir: Path, lang: str, src: str) -> None:
    english = ROOT / "docs" / src
    specs = includes(english)
    if not specs:
        return
    translated = ROOT / "translations" / lang / src
    if lang != "en" and translated.is_file():
        assert sorted(includes(translated)) == sorted(specs), f"{lang}/{src} includes other regions than English"
    shown = {normalise(code) for code in shown_code(page_file(site_dir, lang, src))}
    for spec in specs:
        assert normalise(region(spec)) in shown, f"{lang}/{src}: the page does not show {spec} as in code/src"
