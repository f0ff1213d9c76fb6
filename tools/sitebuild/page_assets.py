"""What each page loads, and how much of it a browser renders at once (issue 13).

Runs once per site, after every language is built and every formula typeset
(``finish`` from hooks.py's on_post_build), over the built HTML files. Each
change is a small edit of the HTML text (nothing is re-serialised):

* **Only what the page uses.** mkdocs.yml lists the quiz's stylesheet and script
  and KaTeX's stylesheet for every page; a page without a quiz loads neither quiz
  file, a page without math does not load KaTeX's stylesheet (``NEEDS``).
* **Small stylesheets inline.** Each render-blocking stylesheet costs a request
  before the first paint (on a phone on a slow network, about 0.3 s each); the
  small ones (``INLINE``: the palette, fonts.css, site.css, quiz.css and KaTeX's
  stylesheet, pruned to the rules the site's math uses) become ``<style>``
  elements in the same place, their ``url()``\\s rewritten for the page. Material's
  main stylesheet stays a file, cached from page to page.
* **Off-screen sections rendered when needed.** The lesson's ~185 formulas are
  over 10,000 elements; styling and laying them all out took seconds of a phone's
  main thread. The long runs of content between headings (past the first screen)
  are wrapped in ``<div class="cv-auto">``, which site.css gives
  ``content-visibility: auto``: the browser styles, lays out and paints them as
  they come near the viewport. The text stays in the page (find in page, screen
  readers, selection and printing see it all); headings stay outside the
  wrappers, so the table of contents and anchors need no layout of them. A
  wrapper starts and ends at a paragraph or a display formula, whose margins
  site.css moves onto the wrapper, so the spacing is the same as before.
  Notebook pages get the same for runs of cells between headings.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tools.sitebuild.context import SiteContext, write_if_changed

log = logging.getLogger("mkdocs.sitebuild.page_assets")

QUIZ_CSS = "assets/css/quiz.css"
QUIZ_JS = "assets/js/quiz.js"
KATEX_CSS = "assets/vendor/katex/katex.min.css"
#: site path of a stylesheet or script -> what a page must contain to need it
NEEDS = {
    QUIZ_CSS: ('class="quiz"', "quiz-progress"),
    QUIZ_JS: ('class="quiz"',),
    KATEX_CSS: ('class="katex', 'class="arithmatex"'),
}
#: stylesheets small enough to inline (site paths; Material's palette matched by pattern)
INLINE = (QUIZ_CSS, KATEX_CSS, "assets/vendor/fonts/fonts.css", "assets/css/site.css")
INLINE_PATTERN = re.compile(r"assets/stylesheets/palette\.[0-9a-f]+\.min\.css")

#: pages whose article has fewer elements are left as they are (quizzes, home, ...)
CV_MIN_ELEMENTS = 1500
#: characters of text from the top of the article that are never wrapped (a desktop screen and more)
CV_FIRST_SCREEN_CHARS = 2500
#: a wrapper holds at least this many elements (smaller runs are not worth it)
CV_MIN_CHUNK_ELEMENTS = 60
CV_CLASS = "cv-auto"

LINK = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)"\s*/?>')
SCRIPT = re.compile(r'<script src="(?P<src>[^"]+)"></script>')
CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<url>[^'\")]+)(?P=q)\)")
HEADING = re.compile(r"h[1-6]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}


# --------------------------------------------------------------------------- the page's files
def site_path(page: str, href: str) -> str | None:
    """Site path of a relative ``href`` in the page at site path ``page``; None for other hosts."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.IGNORECASE):
        return None
    href = href.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return None if joined.startswith("..") else joined


def needed(asset: str, html: str) -> bool:
    markers = NEEDS.get(asset)
    return markers is None or any(marker in html for marker in markers)


def inlinable(asset: str) -> bool:
    return asset in INLINE or bool(INLINE_PATTERN.fullmatch(asset))


def rebase_css(css: str, css_path: str, page: str) -> str:
    """The stylesheet's relative ``url()``\\s, pointed at the same files from the page."""

    def rebase(match: re.Match[str]) -> str:
        url = match["url"].strip()
        if url.startswith(("data:", "#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(css_path), url))
        return f'url({posixpath.relpath(target, posixpath.dirname(page) or ".")})'

    return CSS_URL.sub(rebase, css)


def style_element(css: str, asset: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL).strip()  # comments: bytes for nothing
    css = css.replace("</", "<\\/")  # never ends the element early
    return f'<style data-inlined="{asset}">{css}</style>'


# --------------------------------------------------------------------------- KaTeX's stylesheet
def prune_katex_css(css: str, classes: set[str]) -> str:
    """KaTeX's stylesheet without the rules for classes the site's math never uses.

    A rule stays when every class its selector names (outside ``:not()``) occurs
    in the site's math (any of its selectors, for a selector list); an @font-face
    stays when some remaining rule names its family; other at-rules stay whole.
    """
    import tinycss2

    kept_rules: list[str] = []
    faces: list[tuple[str, str]] = []
    for node in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        text = tinycss2.serialize([node])
        if node.type == "at-rule" and node.lower_at_keyword == "font-face":
            family = re.search(r"font-family:\s*([^;}]+)", text)
            faces.append((family.group(1).strip().strip("'\"") if family else "", text))
            continue
        if node.type == "qualified-rule":
            selectors = tinycss2.serialize(node.prelude).split(",")
            # (a class inside :not() need not occur: ".accent-body:not(.accent-full)")
            used = [s for s in selectors
                    if set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r":not\([^)]*\)", "", s))) <= classes]
            if not used:
                continue
            body = tinycss2.serialize(node.content)
            text = ",".join(s.strip() for s in used) + "{" + body + "}"
        kept_rules.append(text)
    rules = "".join(kept_rules)
    used_faces = [text for family, text in faces if family and re.search(rf"\b{re.escape(family)}\b", rules)]
    return "".join(used_faces) + rules


# --------------------------------------------------------------------------- off-screen sections
@dataclass
class Child:
    """A direct child of a container: where it is in the page and what it holds."""
    tag: str
    classes: list[str]
    start: int  # offset of its start tag in the page
    text_before: int  # characters of text in the page before it
    end: int = -1  # offset just past its end tag
    elements: int = 1  # elements, itself included
    text: int = 0  # characters of text inside (MathML's copy of the math not counted)
    heading: bool = False  # is or holds a heading
    has_svg: bool = False
    display_math: int = 0
    code_lines: int = 0
    images: int = 0


@dataclass
class Container:
    """An element whose children may be wrapped or marked."""
    kind: str  # "article", "notebook" (its children are cells) or "markdown" (a cell's rendered Markdown)
    children: list[Child] = field(default_factory=list)
    end: int = -1


def _container_kind(tag: str, classes: list[str]) -> str | None:
    if tag == "article" and "md-content__inner" in classes:
        return "article"
    if "jp-Notebook" in classes:
        return "notebook"
    if "jp-RenderedMarkdown" in classes:
        return "markdown"
    return None


@dataclass
class _Frame:
    tag: str
    container: Container | None
    child: Child | None
    mathml: bool


class _Scanner(HTMLParser):
    """The containers of a page (``_container_kind``) and their children, with offsets."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[_Frame] = []
        self.containers: list[Container] = []
        self.elements = 0
        self.text = 0
        self.in_mathml = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        start = self._pos()
        classes = (dict(attrs).get("class") or "").split()
        child = None
        if self.stack and self.stack[-1].container is not None:
            child = Child(tag, classes, start, self.text, heading=bool(HEADING.fullmatch(tag)))
            self.stack[-1].container.children.append(child)
        for frame in self.stack:
            if frame.child is not None:
                frame.child.elements += 1
                frame.child.heading |= bool(HEADING.fullmatch(tag))
                frame.child.has_svg |= tag == "svg"
                frame.child.display_math += "katex-display" in classes
                frame.child.images += tag == "img"
        if child is not None:
            child.has_svg = tag == "svg"
            child.display_math = int("katex-display" in classes)
            child.images = int(tag == "img")
        self.elements += 1
        if void:
            if child is not None:
                child.end = start + len(self.get_starttag_text() or "")
            return
        kind = _container_kind(tag, classes)
        container = Container(kind) if kind else None
        if container is not None:
            self.containers.append(container)
        mathml = "katex-mathml" in classes
        self.in_mathml += mathml
        self.stack.append(_Frame(tag, container, child, mathml))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):  # HTML's implied end tags
            if self.stack[index].tag == tag:
                break
        else:
            return
        at = self._pos()
        end = at + len(f"</{tag}>")
        while len(self.stack) > index:
            frame = self.stack.pop()
            self.in_mathml -= frame.mathml
            if frame.container is not None:
                frame.container.end = at
            if frame.child is not None:
                frame.child.end = end

    def handle_data(self, data: str) -> None:
        if self.in_mathml or (self.stack and self.stack[-1].tag in ("script", "style")):
            return
        chars = len(data.strip())
        self.text += chars
        inside_code = any(frame.tag in ("pre", "code") for frame in self.stack[-3:])
        for frame in self.stack:
            if frame.child is not None:
                frame.child.text += chars
                if inside_code:
                    frame.child.code_lines += data.count("\n")


def _safe_edge(child: Child) -> bool:
    """A paragraph (with no figure inside) or a display formula: no margin inside escapes it."""
    if child.tag == "p":
        return not child.has_svg
    return child.tag == "div" and "arithmatex" in child.classes


def _direct_only(child: Child) -> bool:
    """Children that Material styles as direct children of the article (full width on
    phones: ``.md-content__inner > .highlight``): never inside a wrapper."""
    return child.tag == "pre" or (child.tag == "div" and bool({"highlight", "tabbed-set"} & set(child.classes)))


def _placeholder(children: list[Child]) -> str:
    """What the placeholder height is made of, for site.css's formula (narrow and wide
    screens differ): characters of text, display formulas, lines of code, images and
    figures. The formula errs on the large side (by half, measured on the lesson and the
    notebooks), so that nothing of a section not yet rendered sticks out of its box."""
    parts = {
        "t": sum(c.text for c in children),
        "m": sum(c.display_math for c in children),
        "c": sum(c.code_lines for c in children),
        "i": sum(c.images for c in children),
        "f": sum(1 for c in children if c.has_svg),
    }
    return ";".join(f"--cv-{key}:{value}" for key, value in parts.items() if value)


def runs_to_wrap(container: Container) -> list[list[Child]]:
    """Runs of a container's children between headings, past the first screen, to wrap:
    each starts and ends at a paragraph or a display formula (``_safe_edge``)."""
    runs: list[list[Child]] = []
    current: list[Child] = []
    for child in [*container.children, None]:  # None: the end
        if child is None or child.heading or _direct_only(child):
            if current:
                runs.append(current)
            current = []
        elif child.text_before >= CV_FIRST_SCREEN_CHARS:
            current.append(child)
    out = []
    for run in runs:
        while run and not _safe_edge(run[0]):
            run = run[1:]
        while run and not _safe_edge(run[-1]):
            run = run[:-1]
        if run and sum(c.elements for c in run) >= CV_MIN_CHUNK_ELEMENTS:
            out.append(run)
    return out


def cells_to_mark(container: Container) -> list[Child]:
    """A notebook's code cells past the first screen: they get the class themselves
    (no margin inside a code cell escapes it; a wrapper around cells would break the
    runner's ``.jp-Notebook > .jp-CodeCell``)."""
    return [c for c in container.children
            if c.text_before >= CV_FIRST_SCREEN_CHARS and "jp-CodeCell" in c.classes
            and not c.heading and c.elements >= 20]


def wrap_offscreen(html: str) -> str:
    """The page with its long runs between headings in ``<div class="cv-auto cv-run">``
    (the article of a Markdown page, the rendered Markdown of a notebook's cells) and a
    notebook's code cells with the class ``cv-auto`` (see the module docstring)."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    if scanner.elements < CV_MIN_ELEMENTS:
        return html
    notebook = any(c.kind == "notebook" for c in scanner.containers)
    edits: list[tuple[int, str]] = []  # (offset, text inserted there)
    for container in scanner.containers:
        if container.end < 0 or any(c.end < 0 for c in container.children):
            log.warning("page_assets: could not follow the page's structure; left as it is")
            return html
        if container.kind == "notebook":
            for cell in cells_to_mark(container):
                tag = html[cell.start:html.index(">", cell.start)]
                match = re.search(r'\bclass="[^"]*', tag)
                if match is None or " style=" in tag:
                    continue
                edits.append((cell.start + match.end(), f" {CV_CLASS}"))
                edits.append((cell.start + len("<div"), f' style="{_placeholder([cell])}"'))
        elif container.kind == "markdown" or not notebook:
            for run in runs_to_wrap(container):
                # a run that ends with a paragraph keeps its bottom margin where a
                # following cell would have collapsed with it (site.css)
                classes = f"{CV_CLASS} cv-run" + (" cv-run--p" if run[-1].tag == "p" else "")
                edits.append((run[0].start, f'<div class="{classes}" style="{_placeholder(run)}">'))
                edits.append((run[-1].end, "</div>"))
    for offset, text in sorted(edits, key=lambda e: e[0], reverse=True):
        html = html[:offset] + text + html[offset:]
    return html


# --------------------------------------------------------------------------- one page
@dataclass
class SiteAssets:
    site: Path
    katex_css: str | None = None  # pruned
    cache: dict[str, str] = field(default_factory=dict)

    def css(self, asset: str) -> str:
        if asset == KATEX_CSS and self.katex_css is not None:
            return self.katex_css
        return self.text(asset)

    def text(self, asset: str) -> str:
        if asset not in self.cache:
            self.cache[asset] = (self.site / asset).read_text(encoding="utf-8")
        return self.cache[asset]


def process_page(html: str, page: str, assets: SiteAssets) -> str:
    """One built page (``page``: its site path, e.g. 'bn/lesson/index.html'), changed as described above."""

    def link(match: re.Match[str]) -> str:
        asset = site_path(page, match["href"])
        if asset is None:
            return match.group(0)
        if not needed(asset, html):
            return ""
        if inlinable(asset) and (assets.site / asset).is_file():
            return style_element(rebase_css(assets.css(asset), asset, page), asset)
        return match.group(0)

    def script(match: re.Match[str]) -> str:
        asset = site_path(page, match["src"])
        return "" if asset is not None and not needed(asset, html) else match.group(0)

    head_end = html.find("</head>")
    if head_end > 0:
        html = LINK.sub(link, html[:head_end]) + html[head_end:]
    html = SCRIPT.sub(script, html)
    html = inline_quiz_script(html, page, assets)
    html = focusable_code(html)
    return wrap_offscreen(html)


CODE_START = re.compile(r"(<pre\b[^>]*>(?:<span></span>)?<code)(?![^>]*\btabindex=)")


def focusable_code(html: str) -> str:
    """Every code block can take keyboard focus (to scroll it) from the start.

    Material decides per code block (scrollable: focusable; otherwise not) when it
    sets the block up; with ``content.lazy`` (mkdocs.yml) that happens only when
    the block comes into view. Until then the block is focusable, so a keyboard
    reader can always reach a wide block (axe-core: scrollable-region-focusable)."""
    return CODE_START.sub(r'\1 tabindex="0"', html)


QUIZ_END = re.compile(r'<div class="quiz" data-quiz="[^"]*">.*?</noscript></div>', re.DOTALL)


def inline_quiz_script(html: str, page: str, assets: SiteAssets) -> str:
    """quiz.js inline, right after the page's last quiz: the quizzes are built while
    the page is parsed, before its first paint, so nothing moves when they appear."""
    scripts = [m for m in SCRIPT.finditer(html) if site_path(page, m["src"]) == QUIZ_JS]
    quizzes = list(QUIZ_END.finditer(html))
    if not scripts or not quizzes or not (assets.site / QUIZ_JS).is_file():
        return html
    code = re.sub(r"^\s*/\*.*?\*/\s*", "", assets.text(QUIZ_JS), count=1, flags=re.DOTALL)  # its header comment
    code = code.replace("</", "<\\/")  # never ends the element early
    for match in reversed(scripts):
        html = html[:match.start()] + html[match.end():]
    at = list(QUIZ_END.finditer(html))[-1].end()
    return html[:at] + f'<script data-inlined="{QUIZ_JS}">{code}</script>' + html[at:]


def built_pages(site: Path) -> list[Path]:
    """The HTML pages of the built site (not the downloads or vendored files)."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "downloads/")) or "/assets/" in rel or "/downloads/" in rel:
            continue
        out.append(path)
    return out


MATH_CLASSES = re.compile(r'class="([^"]*)"')


def math_classes_and_text(pages: dict[Path, str]) -> tuple[set[str], set[str]]:
    """The classes and the characters of every typeset formula on the site."""
    classes: set[str] = {"katex", "katex-display", "katex-html", "katex-mathml"}
    chars: set[str] = set()
    for html in pages.values():
        start = 0
        while True:
            at = html.find('<span class="katex', start)
            if at < 0:
                break
            end = _katex_end(html, at)
            chunk = html[at:end]
            for group in MATH_CLASSES.findall(chunk):
                classes.update(group.split())
            text = re.sub(r"<[^>]+>", "", chunk)
            chars.update(_unescape(text))
            start = end
    return classes, chars


def _katex_end(html: str, at: int) -> int:
    """Offset just past the ``<span class="katex...">`` element that starts at ``at``."""
    depth = 0
    for match in re.compile(r"<(/?)span\b[^>]*>").finditer(html, at):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def _unescape(text: str) -> str:
    import html as html_module

    return html_module.unescape(text)


def process_site(site: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Every built page of ``site`` changed as described above; KaTeX's fonts subset. Returns counts."""
    from tools.sitebuild import vendor_assets

    paths = built_pages(site)
    pages = {path: path.read_text(encoding="utf-8") for path in paths}
    classes, chars = math_classes_and_text(pages)
    assets = SiteAssets(site)
    katex_css = site / KATEX_CSS
    if katex_css.is_file():
        assets.katex_css = prune_katex_css(katex_css.read_text(encoding="utf-8"), classes)
        vendor_assets.subset_katex_fonts(site / posixpath.dirname(KATEX_CSS), chars, assets.katex_css, cache_dir)
    counts = {"pages": 0, "wrapped": 0}
    for path, html in pages.items():
        page = path.relative_to(site).as_posix()
        new = process_page(html, page, assets)
        counts["pages"] += 1
        counts["wrapped"] += len(re.findall(rf'class="[^"]*\b{CV_CLASS}\b', new))
        if new != html:
            write_if_changed(path, new.encode("utf-8"))
    return counts


def finish(ctx: SiteContext) -> None:
    """After the whole site is built (all languages, all formulas typeset)."""
    counts = process_site(ctx.site_dir, ctx.cache_dir("fonts"))
    log.info("page_assets: %(pages)d pages, %(wrapped)d off-screen sections", counts)
