"""First-view weight of the built pages, as a static host would serve them.

    python -m tools.measure.page_weight [SITE_DIR]            # table of every page (default: site/)
    python -m tools.measure.page_weight site --page bn/lesson/ --detail
    python -m tools.measure.page_weight site --json           # machine-readable

Counted for a page (everything a browser fetches before the reader scrolls):

* the HTML, stylesheets (``<link rel=stylesheet>``, ``@import``), scripts
  (``<script src>``), the favicon, images that are not ``loading="lazy"``;
* what Material's JavaScript fetches at load: its search worker, and the
  search index of the page's language (``search/search_index.json`` under the
  ``base`` of the page's ``__config``) unless the page defers it until search
  is opened (``<script data-search-index="on-demand">``, tools/theme/main.html);
* web fonts the page needs. A browser downloads an ``@font-face`` only when
  some text is drawn with it; this tool counts a face when (1) a CSS rule that
  names its family (in ``font-family``, ``font`` or a custom property such as
  ``--md-text-font``) matches an element of the page, (2) its weight/style is
  the one such a rule asks for (regular when it asks for none, bold for the
  page's bold elements) and (3) its ``unicode-range`` covers a character of
  the page's text. This errs on the side of counting too much: a rule that
  matches anywhere counts, and all text counts for the range.

Text files (HTML, CSS, JS, JSON, SVG) are counted gzip-compressed (level 6,
as nginx/Apache/GitHub Pages serve them); fonts and raster images as they are.
1 KB = 1000 bytes. Budgets (issue 3): a Markdown page 350 KB, a notebook page
450 KB; exit status 1 when a page is over.
"""

from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import soupsieve
import tinycss2
from bs4 import BeautifulSoup

BUDGET_KB = {"page": 350, "notebook": 450}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


@dataclass
class Resource:
    url: str  # site-relative path
    kind: str  # html, css, js, json, font, image
    bytes: int  # as transferred


@dataclass
class Weight:
    page: str
    kind: str  # "page" or "notebook"
    resources: list[Resource] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.bytes for r in self.resources)

    def by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.resources:
            out[r.kind] = out.get(r.kind, 0) + r.bytes
        return out

    @property
    def budget(self) -> int:
        return BUDGET_KB[self.kind] * 1000


# --------------------------------------------------------------------------- sizes
@cache
def transfer_size(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in COMPRESSED:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def resolve(site: Path, base: str, url: str) -> str | None:
    """Site-relative path of a same-site URL seen in document ``base`` (site-relative)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined.startswith(".."):
        return None
    if (site / joined).is_dir():
        joined = posixpath.join(joined, "index.html")
    return joined


# --------------------------------------------------------------------------- CSS
@dataclass
class FontFace:
    family: str
    weight: int
    style: str
    ranges: list[tuple[int, int]]
    src: str  # site-relative path of the first woff2/woff source


@dataclass
class Sheet:
    rules: list[tuple[str, str]]  # (selector, declarations text)
    faces: list[FontFace]
    imports: list[str]


def _declarations(block: Any) -> list[tuple[str, str]]:
    out = []
    for item in tinycss2.parse_declaration_list(block, skip_whitespace=True, skip_comments=True):
        if item.type == "declaration":
            out.append((item.lower_name, tinycss2.serialize(item.value).strip()))
    return out


def _ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    for part in text.split(","):
        part = part.strip().upper().removeprefix("U+")
        if not part:
            continue
        if "-" in part:
            low, high = part.split("-", 1)
        elif "?" in part:
            low, high = part.replace("?", "0"), part.replace("?", "F")
        else:
            low = high = part
        ranges.append((int(low, 16), int(high, 16)))
    return ranges or [(0, 0x10FFFF)]


def _weight(text: str) -> int:
    text = text.strip().lower()
    return {"normal": 400, "bold": 700}.get(text, int(text) if text.isdigit() else 400)


@cache
def parse_sheet(site: Path, rel: str) -> Sheet:
    css = (site / rel).read_text(encoding="utf-8", errors="replace")
    return parse_css(site, rel, css)


def parse_css(site: Path, rel: str, css: str) -> Sheet:
    rules: list[tuple[str, str]] = []
    faces: list[FontFace] = []
    imports: list[str] = []

    def walk(nodes: Any) -> None:
        for node in nodes:
            if node.type == "qualified-rule":
                selector = tinycss2.serialize(node.prelude).strip()
                rules.append((selector, tinycss2.serialize(node.content)))
            elif node.type == "at-rule" and node.lower_at_keyword == "font-face" and node.content:
                decl = dict(_declarations(node.content))
                urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", decl.get("src", ""))
                if not urls:
                    continue
                target = resolve(site, rel, urls[0])
                faces.append(FontFace(
                    family=decl.get("font-family", "").strip("'\" "),
                    weight=_weight(decl.get("font-weight", "400").split()[0]),
                    style=decl.get("font-style", "normal").strip().lower(),
                    ranges=_ranges(decl.get("unicode-range", "")),
                    src=target or urls[0],
                ))
            elif node.type == "at-rule" and node.lower_at_keyword == "import":
                found = re.findall(r"url\(\s*['\"]?([^'\")]+)|['\"]([^'\"]+)['\"]", tinycss2.serialize(node.prelude))
                for a, b in found:
                    target = resolve(site, rel, a or b)
                    if target:
                        imports.append(target)
            elif node.type == "at-rule" and node.content is not None:  # @media, @supports: count all
                walk(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))

    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True))
    return Sheet(rules, faces, imports)


# pseudo-elements and state-dependent pseudo-classes: dropped before matching
# (":hover" text uses the same fonts); structural ones such as :not() stay.
PSEUDO = re.compile(
    r"::[a-zA-Z-]+(\([^)]*\))?|:(?:hover|focus(?:-visible|-within)?|active|visited|link|any-link|target"
    r"|checked|disabled|enabled|indeterminate|placeholder-shown|default|valid|invalid|required|optional"
    r"|read-only|read-write|fullscreen|before|after|first-line|first-letter|-(?:webkit|moz|ms)-[\w-]+)"
    r"(\([^)]*\))?"
)
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
UA_BOLD = ("strong", "b", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt")
UA_ITALIC = ("em", "i", "cite", "dfn", "var")


def _matches(soup: BeautifulSoup, selector: str, classes: set[str]) -> list[Any]:
    """Elements matched by a selector, ignoring pseudo-classes/elements; the root on error."""
    found = []
    for part in PSEUDO.sub("", selector).split(","):
        part = part.strip() or "*"
        if not set(CLASS.findall(part)) <= classes:
            continue  # names a class the page does not have
        try:
            found.extend(soupsieve.select(part, soup))
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
            # a selector soupsieve does not know: assume it matches the page
            found.append(soup)
    return found


def _rule_effects(body: str, families: set[str]) -> tuple[str | None, str | None, str | None]:
    """(family, weight, style) that a rule's declarations set, None where it sets nothing."""
    decl = dict(_declarations(body))
    family = weight = style = None
    for name, value in decl.items():
        if name in ("font-family", "font") or name.startswith("--"):
            named = sorted((f for f in families if f in value), key=len, reverse=True)
            if named:  # the longest name: "Noto Sans Bengali Name" is not "Noto Sans Bengali"
                family = named[0]
        if name == "font":
            words = value.lower().split()
            weight = "bold" if any(w in ("bold", "bolder") or re.fullmatch(r"[6-9]00", w) for w in words) else "normal"
            style = "italic" if "italic" in words else "normal"
    if "font-weight" in decl:
        value = decl["font-weight"].strip().lower()
        weight = "bold" if value in ("bold", "bolder") or re.fullmatch(r"[6-9]00", value) else "normal"
    if "font-style" in decl:
        style = "italic" if decl["font-style"].strip().lower() in ("italic", "oblique") else "normal"
    return family, weight, style


def needed_faces(soup: BeautifulSoup, sheets: list[Sheet]) -> list[FontFace]:
    """The @font-face rules a browser downloads to draw this page (see the module docstring)."""
    faces = [face for sheet in sheets for face in sheet.faces]
    families = {face.family for face in faces}
    if not families:
        return []
    classes = {c for el in soup.find_all(class_=True) for c in _attr_list(el, "class")}
    family_of: dict[int, str] = {}
    weight_of: dict[int, str] = {id(el): "bold" for el in soup.find_all(UA_BOLD)}
    style_of: dict[int, str] = {id(el): "italic" for el in soup.find_all(UA_ITALIC)}
    for sheet in sheets:
        for selector, body in sheet.rules:
            if "font" not in body:
                continue
            family, weight, style = _rule_effects(body, families)
            if family is None and weight is None and style is None:
                continue
            for element in _matches(soup, selector, classes):
                key = id(element)
                if family:
                    family_of[key] = family
                if weight and weight_of.get(key) != "bold":  # two rules disagree: count bold
                    weight_of[key] = weight
                if style and style_of.get(key) != "italic":
                    style_of[key] = style
    used: dict[tuple[str, str, str], set[int]] = {}
    for text in soup.find_all(string=True):
        if text.parent is None or text.parent.name in ("script", "style", "title", "head"):
            continue
        family = weight = style = None
        for node in [text.parent, *text.parent.parents]:
            key = id(node)
            family = family or family_of.get(key)
            weight = weight or weight_of.get(key)
            style = style or style_of.get(key)
            if family and weight and style:
                break
        if family:
            used.setdefault((family, weight or "normal", style or "normal"), set()).update(map(ord, text))
    out = []
    for face in faces:
        bold = "bold" if face.weight >= 600 else "normal"
        chars = used.get((face.family, bold, face.style), set())
        if any(low <= c <= high for c in chars for low, high in face.ranges):
            out.append(face)
    return out


# --------------------------------------------------------------------------- page
def _attr(element: Any, name: str) -> str:
    """An attribute's value as one string ("" when absent)."""
    value = element.get(name)
    return " ".join(value) if isinstance(value, list) else str(value or "")


def _attr_list(element: Any, name: str) -> list[str]:
    """A multi-valued attribute (class, rel) as a list of words."""
    value = element.get(name)
    return [str(v) for v in value] if isinstance(value, list) else str(value or "").split()


def page_kind(soup: BeautifulSoup) -> str:
    return "notebook" if soup.select_one(".jupyter-wrapper, .jp-Notebook") else "page"


def measure(site: Path, rel: str) -> Weight:
    """The first-view weight of one built page (``rel``: 'bn/lesson/index.html' or 'bn/lesson/')."""
    site = site.resolve()
    if rel.endswith("/") or rel == "":
        rel = posixpath.join(rel, "index.html")
    html_path = site / rel
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    weight = Weight(rel, page_kind(soup))
    seen: set[str] = set()

    def add(target: str | None, kind: str) -> None:
        if target is None or target in seen:
            return
        if not (site / target).is_file():
            raise FileNotFoundError(f"{rel} needs {target}, which is not in the site")
        seen.add(target)
        weight.resources.append(Resource(target, kind, transfer_size(site / target)))

    add(rel, "html")
    sheets = []
    inline = "\n".join(style.get_text() for style in soup.find_all("style"))
    if inline:
        sheets.append(parse_css(site, rel, inline))
    queue = []
    for link in soup.find_all("link", href=True):
        rels = [r.lower() for r in _attr_list(link, "rel")]
        target = resolve(site, rel, _attr(link, "href"))
        if "stylesheet" in rels:
            queue.append(target)
        elif "icon" in rels or "preload" in rels or "modulepreload" in rels:
            add(target, "image" if "icon" in rels else "other")
    while queue:
        target = queue.pop(0)
        if target is None or target in seen:
            continue
        add(target, "css")
        sheet = parse_sheet(site, target)
        sheets.append(sheet)
        queue.extend(sheet.imports)
    for script in soup.find_all("script", src=True):
        add(resolve(site, rel, _attr(script, "src")), "js")
    for img in soup.find_all("img", src=True):
        if img.get("loading") != "lazy" and not _attr(img, "src").startswith("data:"):
            add(resolve(site, rel, _attr(img, "src")), "image")
    config = soup.find("script", id="__config")
    if config is not None and soup.find("form", attrs={"name": "search"}) is not None:
        data = json.loads(config.get_text())
        add(resolve(site, rel, data["search"]), "js")
        if soup.find("script", attrs={"data-search-index": "on-demand"}) is None:
            base = data.get("base", ".").rstrip("/") + "/"
            add(resolve(site, rel, base + "search/search_index.json"), "json")
    for face in needed_faces(soup, sheets):
        add(face.src, "font")
    return weight


def all_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "downloads/")) or "/downloads/" in rel:
            continue
        pages.append(rel)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="built site (default: site/)")
    parser.add_argument("--page", action="append", help="only this page, e.g. bn/lesson/ (repeatable)")
    parser.add_argument("--detail", action="store_true", help="list every resource")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site (run `mkdocs build` first)")
    weights = [measure(args.site, page) for page in (args.page or all_pages(args.site))]
    over = [w for w in weights if w.total > w.budget]
    if args.json:
        print(json.dumps([
            {"page": w.page, "kind": w.kind, "total": w.total, "budget": w.budget, **w.by_kind(),
             "resources": [r.__dict__ for r in w.resources] if args.detail else None}
            for w in weights
        ], indent=1))
        return 1 if over else 0
    kinds = ("html", "css", "js", "json", "font", "image")
    print(f"{'page':34} {'kind':8} " + " ".join(f"{k:>6}" for k in kinds) + f" {'total':>7} {'budget':>6}")
    for w in weights:
        sizes = w.by_kind()
        flag = "" if w.total <= w.budget else "  OVER"
        print(f"{w.page.removesuffix('index.html') or '/':34} {w.kind:8} "
              + " ".join(f"{sizes.get(k, 0) / 1000:6.1f}" for k in kinds)
              + f" {w.total / 1000:7.1f} {w.budget // 1000:6d}{flag}")
        if args.detail:
            for r in sorted(w.resources, key=lambda r: -r.bytes):
                print(f"    {r.bytes / 1000:7.1f} KB  {r.kind:5} {r.url}")
    print("sizes in KB (1000 bytes); text gzip -6, fonts and raster images as they are")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
