"""Snippet includes in notebook Markdown: the same section rules as pymdownx.snippets.

A Markdown cell may show a region of the package source with a fence that
holds one include line, exactly as Markdown pages do::

    ```python
    --8<-- "ownframework/layers.py:layer"
    ```

Notebooks are not Markdown pages, so pymdownx.snippets never sees them; the
fence is replaced here by the region of ``code/src`` (section markers inside
dropped, dedented, like ``dedent_subsections: true``).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from mkdocs.exceptions import PluginError
from pymdownx.snippets import SnippetPreprocessor

SNIPPET_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)```(?P<info>python|py)[ \t]*\n'
    r'[ \t]*--8<--[ \t]+"(?P<path>[^"\n]+?):(?P<region>[a-z][-_0-9a-z]*)"[ \t]*\n'
    r'[ \t]*```[ \t]*$',
    re.MULTILINE,
)
#: The section-marker pattern of pymdownx.snippets itself, so pages and notebooks agree.
SECTION_MARKER = SnippetPreprocessor.RE_SNIPPET_SECTION


def snippet_region(src_root: Path, rel_path: str, region: str) -> str:
    """Lines between ``--8<-- [start:region]`` and ``[end:region]`` of a package file.

    Other section markers inside are dropped and the block is dedented, as
    pymdownx.snippets does with ``dedent_subsections: true``.
    """
    path = (src_root / rel_path).resolve()
    if src_root.resolve() not in path.parents or not path.is_file():
        raise PluginError(f"notebooks: snippet file {rel_path!r} not found under {src_root}")
    lines: list[str] = []
    inside = found = False
    for line in path.read_text(encoding="utf-8").splitlines():
        match = SECTION_MARKER.match(line) if "8<-" in line else None
        if match and match.group("escape"):  # an escaped marker is shown, unescaped
            line = (
                match.group("pre") + match.group("escape").replace(";", "", 1)
                + match.group("inline_marker") + match.group("section") + match.group("post")
            )
        elif match and match.group("name") == region:
            if match.group("type") == "start":
                inside = found = True
                continue
            if inside:
                break
        elif match:
            continue  # markers of other regions
        if inside:
            lines.append(line)
    if not found:
        raise PluginError(f"notebooks: snippet region {region!r} not found in {rel_path}")
    return textwrap.dedent("\n".join(lines)).strip("\n")


def expand_snippets(markdown: str, src_root: Path) -> str:
    """``markdown`` with every snippet fence replaced by the region it names."""

    def replace(match: re.Match[str]) -> str:
        indent = match.group("indent")
        body = snippet_region(src_root, match.group("path"), match.group("region"))
        body = textwrap.indent(body, indent) if indent else body
        return f"{indent}```{match.group('info')}\n{body}\n{indent}```"

    return SNIPPET_FENCE.sub(replace, markdown)
