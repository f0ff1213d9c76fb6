"""The runner on each notebook page (``on_post_page``), in every language.

A notebook page gets, and no other page does:

* ``<style>`` in its head: ``browser/runner.css``, minified;
* ``<script type="application/json" id="nb-runner">``: where the runner's files
  are (relative to the page), the download sizes for the progress line, the MNIST
  subset's manifest on the lab page, and the words of ui.yml ``runner:`` in the
  page's language;
* ``<script type="module" src=".../assets/runner/runner.js">`` (small; it loads
  the editor and Python only when the reader asks for them);
* each exercise's solution cell (a code cell tagged ``solution-NAME`` in the
  notebook source, executed by the build like every cell) folded into a
  ``<details>`` "Show solution" that works without JavaScript too.

The code cells themselves are read from the page (their code blocks), so the
notebook rendering (tools/sitebuild/notebooks/) needs nothing for the runner.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.sitebuild.context import SiteContext
from tools.sitebuild.notebooks.wiring import english_name
from tools.sitebuild.pyodide_assets import SITE_FOLDER as PYODIDE_FOLDER
from tools.sitebuild.runner.assets import SITE_FOLDER, state

CSS = Path(__file__).with_name("browser") / "runner.css"
#: Notebook pages whose code loads MNIST: they get the subset.
MNIST_PAGES = ("mnist-lab.ipynb",)
SOLUTION_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell[^"]*\bcelltag_solution-[\w-]+[^"]*">')
DIV = re.compile(r"<div\b|</div\s*>")


def stylesheet() -> str:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.sub(r"\s*\n\s*", "", css).strip()


def fold_solutions(output: str, summary: str) -> str:
    """Wrap every solution cell (the whole cell div) in ``<details>``; other markup stays byte for byte."""
    pieces, position = [], 0
    for match in SOLUTION_CELL.finditer(output):
        if match.start() < position:
            continue  # inside a cell already folded
        depth, end = 0, None
        for tag in DIV.finditer(output, match.start()):
            depth += 1 if tag.group().startswith("<div") else -1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            break
        pieces += [output[position:match.start()],
                   f'<details class="nb-solution"><summary>{html.escape(summary)}</summary>',
                   output[match.start():end], "</details>"]
        position = end
    return "".join(pieces) + output[position:]


def settings(page: Page, ctx: SiteContext, notebook: str) -> dict[str, object]:
    files = state(ctx)

    def url(path: str) -> str:
        relative = get_relative_url(path, page.url)
        return relative + "/" if path.endswith("/") and not relative.endswith("/") else relative

    words = dict(ctx.ui("runner"))
    words["plot_alt"] = ctx.ui("notebook.plot_alt")
    sizes = {k: v for k, v in files.sizes.items() if k != "mnist" or notebook in MNIST_PAGES}
    mnist = None
    if notebook in MNIST_PAGES:
        mnist = {"url": url(f"{SITE_FOLDER}/mnist/"), **files.mnist}
    return {
        "page": posixpath.splitext(notebook)[0],
        "assets": url(f"{SITE_FOLDER}/"),
        "pyodide": url(f"{PYODIDE_FOLDER}/"),
        "wheel": url(files.wheel),
        "sizes": sizes,
        "mnist": mnist,
        "words": words,
    }


def add_runner(output: str, page: Page, ctx: SiteContext) -> str:
    """Notebook pages get the runner (see the module docstring); other pages are returned unchanged."""
    if not page.file.src_uri.endswith(".ipynb") or "</body>" not in output:
        return output
    notebook, _ = english_name(page.file.src_uri, ctx.all_languages)
    output = fold_solutions(output, ctx.ui("runner.solution"))
    data = json.dumps(settings(page, ctx, notebook), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/")  # never ends the script element early
    script = get_relative_url(f"{SITE_FOLDER}/runner.js", page.url)
    output = output.replace("</head>", f"<style>{stylesheet()}</style></head>", 1)
    tail = (f'<script type="application/json" id="nb-runner">{data}</script>'
            f'<script type="module" src="{script}"></script>')
    head, _, rest = output.rpartition("</body>")
    return f"{head}{tail}</body>{rest}"
