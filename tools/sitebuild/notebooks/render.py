"""Light notebook pages: mkdocs-jupyter's HTML cut down to the notebook and styled like the site.

mkdocs-jupyter's HTML carries ~600 KB of JupyterLab CSS, a clipboard script,
MathJax and Mermaid loaders. :func:`render_page` keeps only the notebook
markup and makes it read like a Markdown page:

* code cells become Material code blocks (same colours, copy button, light
  and dark);
* headings take their explicit ``<a id>`` anchors and Material's ¶ permalink,
  and make the page's table of contents and title;
* ``$...$`` math becomes pymdownx.arithmatex markup for the KaTeX step;
* relative links are resolved like Markdown pages';
* plots are files next to the site's assets (:mod:`.images`), each described
  in the page's language by the ``notebook_plots`` block of ui.yml (cell id ->
  what that cell's plot shows), the generic ``notebook.plot_alt`` otherwise;
* a download button goes under the title, and a small stylesheet
  (``notebooks.css`` beside this file) is inlined;
* each run of cells tagged ``worked-solution`` in the notebook source (a worked
  solution, from its heading to its last cell) is folded into a collapsed
  ``<details class="nb-solution-block">`` (:mod:`.solutions`).

The words (button, its title, plot descriptions, ¶ title) come from ui.yml
(``notebook.*``, ``notebook_plots`` and ``permalink``). A rendered page is cached in
``.cache/notebooks/pages/``: the same notebook HTML gives the same page.
"""

from __future__ import annotations

import hashlib
import html as html_text
import json
import logging
import posixpath
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from tools.sitebuild.context import SiteContext, write_if_changed
from tools.sitebuild.languages import ui_words
from tools.sitebuild.notebooks import images, solutions
from tools.sitebuild.notebooks.cells import log
from tools.sitebuild.notebooks.wiring import cache_used

#: Bump when the rendering changes in a way the cache key does not see.
RENDER_VERSION = "1"
CSS_PATH = Path(__file__).with_name("notebooks.css")
#: Sources whose change must re-render every cached page.
RENDER_CODE = (Path(__file__), Path(images.__file__), Path(solutions.__file__))
MATH_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
MATH_INLINE = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\$])\$(?!\$)", re.DOTALL)
MATH = re.compile(f"{MATH_DISPLAY.pattern}|{MATH_INLINE.pattern}", re.DOTALL)
STRIP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<link\b[^>]*>", re.DOTALL | re.IGNORECASE)
#: Notebook furniture nobody needs on a site page (mkdocs-jupyter's clipboard widget, prompts, tag bar).
REMOVE_CLASSES = {"zeroclipboard-container", "clipboard-copy-txt", "celltoolbar", "jp-Collapser",
                  "jp-InputPrompt", "jp-OutputPrompt", "anchor-link"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: The top-level block of ui.yml with one alt text per figure-drawing code cell.
PLOTS_BLOCK = "notebook_plots"
NBCONVERT_ALT = "No description has been provided for this image"
DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z"/></svg>'
)


@dataclass
class RenderedPage:
    html: str
    toc: list[dict[str, Any]]
    title: str | None
    images: list[str]


@dataclass(frozen=True)
class Words:
    """The reader-visible words a notebook page gets, in its language."""

    download: str
    download_title: str
    plot_alt: str  # a plot whose cell has no description of its own
    permalink: str
    plot_alts: dict[str, str]  # code cell id -> what its plot shows
    solution: tuple[str, str] = ("", "")  # the summary of a folded worked solution: to show, to hide

    @classmethod
    def of(cls, ctx: SiteContext) -> Words:
        return cls(ctx.ui("notebook.download"), ctx.ui("notebook.download_title"),
                   ctx.ui("notebook.plot_alt"), ctx.ui("permalink"), plot_alts(ctx.current_language, ctx.root),
                   (ctx.ui("notebook.solution_show"), ctx.ui("notebook.solution_hide")))


def plot_alts(lang: str, root: Path) -> dict[str, str]:
    """The ``notebook_plots`` block of ``lang``'s ui.yml: code cell id -> the alt text of its plot.

    Only the page's own language: a plot whose cell is not listed gets the
    generic ``notebook.plot_alt`` of that language rather than another
    language's description.
    """
    block = ui_words(lang, root).get(PLOTS_BLOCK) or {}
    return {str(k): str(v).strip() for k, v in block.items() if isinstance(v, str) and v.strip()}


def cell_id(element: Tag) -> str | None:
    """The notebook cell id of the code cell around ``element`` (ids are ``cell-<id>`` once stripped)."""
    cell = element.find_parent(id=lambda value: isinstance(value, str) and value.startswith("cell-"))
    return str(cell["id"]).removeprefix("cell-") if cell is not None else None


def stylesheet() -> str:
    """notebooks.css without comments and line breaks."""
    css = CSS_PATH.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return re.sub(r"\s*\n\s*", "", css).strip()


# --------------------------------------------------------------------------- #
# the pieces
# --------------------------------------------------------------------------- #
def math_to_arithmatex(soup: BeautifulSoup, text_node: NavigableString) -> None:
    """Turn $...$ / $$...$$ in one text node into pymdownx.arithmatex (generic) markup."""
    text = str(text_node)
    parent = text_node.parent
    assert parent is not None  # a text node found inside a cell
    pieces: list[Any] = []
    position = 0
    for match in MATH.finditer(text):
        if match.start() > position:
            pieces.append(NavigableString(text[position:match.start()]))
        if match.group(1) is not None:
            tex = match.group(1).strip()
            alone = parent.name == "p" and len(parent.contents) == 1 and text.strip() == match.group(0)
            element = soup.new_tag("div" if alone else "span", attrs={"class": "arithmatex"})
            element.string = f"\\[{tex}\\]"
        else:
            element = soup.new_tag("span", attrs={"class": "arithmatex"})
            element.string = f"\\({match.group(2)}\\)"
        pieces.append(element)
        position = match.end()
    if not pieces:
        return
    if position < len(text):
        pieces.append(NavigableString(text[position:]))
    if len(pieces) == 1 and getattr(pieces[0], "name", None) == "div" and parent.name == "p":
        parent.replace_with(pieces[0])  # display math alone in a paragraph: the div replaces the <p>
        return
    for piece in pieces:
        text_node.insert_before(piece)
    text_node.extract()


def resolve_link(url: str, page: Page, files: Files, base_dir: str) -> str | None:
    """A relative link written in a notebook, resolved like MkDocs resolves Markdown links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(base_dir, unquote(parts.path)))
    file = files.get_file_from_path(target)
    if file is None:
        log.warning("notebooks: %s links to %r, which is not a file of the site", page.file.src_uri, url)
        return None
    new = file.url_relative_to(page.file)
    return new + (f"#{parts.fragment}" if parts.fragment else "")


def toc_tokens(headings: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    """(level, id, name) of the headings as the nested tokens ``mkdocs.structure.toc.get_toc`` reads."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, name in headings:
        token: dict[str, Any] = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def _strip_furniture(soup: BeautifulSoup, page: Page) -> tuple[Tag, list[Tag], list[Tag]]:
    """Drop mkdocs-jupyter's widgets, prompts and tag bars; (wrapper, Markdown cells, code blocks)."""
    wrapper = None
    markdown_cells: list[Tag] = []
    code_blocks: list[Tag] = []
    furniture: list[Tag] = []
    for element in soup.find_all(True):
        classes: list[str] = element.get_attribute_list("class") or []
        if element.name == "clipboard-copy" or REMOVE_CLASSES.intersection(classes):
            furniture.append(element)
            continue
        for attribute in ("data-jp-theme-light", "data-jp-theme-name"):
            element.attrs.pop(attribute, None)
        cell_id = element.get("id")
        if isinstance(cell_id, str) and cell_id.startswith("cell-id="):
            # nbconvert writes id="cell-id=x"; "=" breaks the CSS selector Material's copy button builds from it
            element["id"] = "cell-" + cell_id.removeprefix("cell-id=")
        if "tabindex" in element.attrs and "jp-OutputArea-output" not in classes:
            del element["tabindex"]  # only scrollable outputs need keyboard focus
        if "jupyter-wrapper" in classes and wrapper is None:
            wrapper = element
        elif "jp-RenderedMarkdown" in classes:
            markdown_cells.append(element)
        elif element.name == "div" and ("highlight-ipynb" in classes or "highlight" in classes):
            code_blocks.append(element)
    if wrapper is None:
        raise PluginError(f"notebooks: {page.file.src_uri}: mkdocs-jupyter produced no notebook markup")
    removed: set[int] = set()
    for element in furniture:  # outermost first (document order); skip what went with a parent
        if not any(id(parent) in removed for parent in element.parents):
            removed.add(id(element))
            element.decompose()
    return wrapper, markdown_cells, code_blocks


def _material_code_blocks(soup: BeautifulSoup, code_blocks: list[Tag]) -> None:
    """The markup of pymdownx.highlight, so Material styles the code (and adds its copy button)."""
    for block in code_blocks:
        languages = [c for c in block.get_attribute_list("class") if c.startswith("language-")]
        block["class"] = " ".join(["highlight", *languages])
        pre = block.find("pre")
        if pre is not None and pre.find("code", recursive=False) is None:
            code = soup.new_tag("code")
            for child in list(pre.contents):
                if isinstance(child, Tag) and child.name == "span" and not child.get_text() and not child.attrs:
                    continue  # pygments' empty leading <span></span> stays outside, as in Markdown pages
                code.append(child.extract())
            pre.append(code)


def _anchored_headings(soup: BeautifulSoup, markdown_cells: list[Tag], page: Page,
                       permalink_title: str) -> list[tuple[int, str, str]]:
    """Explicit anchors become the heading ids, with Material's permalink; (level, id, name) of each."""
    headings: list[tuple[int, str, str]] = []
    used: set[str] = set()
    for heading in (h for cell in markdown_cells for h in cell.find_all(HEADINGS)):
        anchor = heading.find("a", id=True, href=False)
        if anchor is not None:
            heading["id"] = anchor["id"]
            anchor.decompose()
        permalink = heading.find("a", class_="headerlink")
        heading_id = str(heading.get("id") or "")
        if not heading_id or heading_id in used or (anchor is None and permalink is None):
            log.warning('notebooks: %s: heading %r has no explicit anchor (write `## Title <a id="anchor"></a>`)',
                        page.file.src_uri, heading.get_text(strip=True).rstrip("¶"))
        if not heading_id or heading_id in used:
            base, number = heading_id or "section", 1
            while f"{base}-{number}" in used:
                number += 1
            heading_id = heading["id"] = f"{base}-{number}"
        used.add(heading_id)
        if heading.contents and isinstance(heading.contents[-1], NavigableString):
            heading.contents[-1].replace_with(heading.contents[-1].rstrip())
        if permalink is None:
            permalink = soup.new_tag("a", attrs={"class": "headerlink"})
            permalink.string = "¶"
            heading.append(permalink)
        permalink["href"] = f"#{heading_id}"
        permalink["title"] = permalink_title
        name = "".join(
            part for part in heading.find_all(string=True) if not part.find_parent("a", class_="headerlink")
        ).strip()
        headings.append((int(heading.name[1]), heading_id, " ".join(name.split())))
    return headings


def _download_button(ctx: SiteContext, page: Page, name: str, words: Words) -> BeautifulSoup:
    """The notebook's download button, and a fold with the lab archive, the wheel and how to run them."""
    lang = ctx.current_language

    def link(file: str, prefix: str = ctx.url_prefix(lang)) -> str:
        return get_relative_url(f"{prefix}downloads/{file}", page.url)

    wheel = next((path.name for path in ctx.state.get("downloads", []) if path.suffix == ".whl"), None)
    lab = f"mnist-lab-{lang}.zip"
    more = ""
    if wheel is not None:
        box = ctx.ui("notebook.box")
        steps = "\n".join((
            "python3 -m venv .venv && . .venv/bin/activate",
            f"pip install {wheel} notebook matplotlib",
            f"jupyter notebook {name}",
        ))
        more = (
            f'<details class="nb-download__more"><summary>{html_text.escape(box["title"])}</summary>'
            # the archives and the wheel are made once for the whole site, at the top-level downloads/
            f'<ul><li><a href="{link(lab, "")}" download="{lab}">{html_text.escape(box["lab"])}</a></li>'
            f'<li><a href="{link(wheel, "")}" download="{wheel}">{html_text.escape(box["wheel"])}</a></li></ul>'
            f'<p>{html_text.escape(box["steps"])}</p>'
            f'<pre class="nb-download__steps"><code>{html_text.escape(steps)}</code></pre></details>'
        )
    return BeautifulSoup(
        f'<div class="nb-download"><a class="md-button nb-download__button" href="{link(name)}" download="{name}" '
        f'title="{html_text.escape(words.download_title)}">{DOWNLOAD_ICON}'
        f'<span>{html_text.escape(words.download)}</span></a>{more}</div>',
        "html.parser",
    )


# --------------------------------------------------------------------------- #
# the page
# --------------------------------------------------------------------------- #
def postprocess(html: str, page: Page, files: Files, ctx: SiteContext) -> RenderedPage:
    """The light page of one notebook: see the module docstring."""
    words = Words.of(ctx)
    plots: list[str] = []
    html = images.externalise_images(html, ctx, page, words.plot_alt, plots)
    # scripts (MathJax, Mermaid, clipboard), ~600 KB of JupyterLab CSS and comments go first
    soup = BeautifulSoup(STRIP.sub("", html), "html.parser")
    wrapper, markdown_cells, code_blocks = _strip_furniture(soup, page)
    _material_code_blocks(soup, code_blocks)
    headings = _anchored_headings(soup, markdown_cells, page, words.permalink)

    # math in Markdown cells -> arithmatex markup (typeset to HTML by the KaTeX step)
    for cell in markdown_cells:
        for node in list(cell.find_all(string=True)):
            if "$" in node and not node.find_parent(["code", "pre", "script", "style"]):
                math_to_arithmatex(soup, node)

    # plots: what each one shows, in the page's language (the generic text where its cell has none)
    for img in wrapper.find_all("img"):
        if img.find_parent(class_="jp-OutputArea") is not None and img.get("alt") in (
                None, "", NBCONVERT_ALT, words.plot_alt):
            specific = words.plot_alts.get(cell_id(img) or "")
            if specific is None:
                log.info("notebooks: %s: the plot of cell %s has no text in %s of ui.yml; it gets the generic one",
                         page.file.src_uri, cell_id(img), PLOTS_BLOCK)
            img["alt"] = specific or words.plot_alt

    # relative links and images of Markdown cells, resolved like Markdown pages
    base_dir = posixpath.dirname(getattr(page.file, "notebook_name", page.file.src_uri))
    for tag, attr in (("a", "href"), ("img", "src")):
        for element in (e for cell in markdown_cells for e in cell.find_all(tag, attrs={attr: True})):
            resolved = resolve_link(str(element[attr]), page, files, base_dir)
            if resolved is not None:
                element[attr] = resolved

    # worked solutions: folded until the reader opens them
    solutions.fold_solutions(soup, wrapper, words.solution)

    # the download button, right under the title
    name = getattr(page.file, "notebook_name", None)
    if name:
        button = _download_button(ctx, page, name, words)
        first_heading = wrapper.find("h1")
        if first_heading is not None:
            first_heading.insert_after(button)
        else:
            wrapper.insert(0, button)

    style = soup.new_tag("style")
    style.string = stylesheet()
    wrapper.insert(0, style)
    title = headings[0][2] if headings and headings[0][0] == 1 else None
    return RenderedPage(str(wrapper), toc_tokens(headings), title, plots)


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _cache_key(html: str, page: Page, files: Files, ctx: SiteContext) -> str:
    digest = hashlib.sha256()
    words = Words.of(ctx)
    for part in (RENDER_VERSION, *(path.read_text(encoding="utf-8") for path in RENDER_CODE), stylesheet(),
                 json.dumps(asdict(words), ensure_ascii=False), html, page.url, ctx.current_language,
                 "\n".join(sorted(f"{f.src_uri}\t{f.url}" for f in files))):  # links resolve against these
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:32]


def render_page(html: str, page: Page, files: Files, ctx: SiteContext) -> str:
    """The light notebook page (``html`` unchanged for other pages); cached per notebook HTML."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    used = cache_used(ctx)
    entry = ctx.cache_dir("notebooks", "pages") / f"{_cache_key(html, page, files, ctx)}.json"
    used["pages"].add(entry.name)
    if entry.is_file():
        rendered = RenderedPage(**json.loads(entry.read_text(encoding="utf-8")))
        for name in rendered.images:
            images.publish_image(ctx, name)
    else:
        warnings = _WarningCount()
        log.addHandler(warnings)
        try:
            rendered = postprocess(html, page, files, ctx)
        finally:
            log.removeHandler(warnings)
        if not warnings.count:  # a page that warned must warn again on the next build
            write_if_changed(entry, json.dumps(asdict(rendered), ensure_ascii=False).encode("utf-8"))
    used[images.PREPARED].update(rendered.images)
    page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # the tokens get_toc documents, as plain dicts
    if rendered.title:
        page.title = rendered.title
    return rendered.html
