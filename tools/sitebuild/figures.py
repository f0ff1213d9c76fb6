"""Figures: inline our SVG figures so their labels use the page's fonts.

An SVG shown through ``<img>`` is an isolated document: it cannot use the web
fonts of the page, so Bengali and Telugu labels would fall back to whatever the
reader's system has (or tofu). For every ``<img>`` whose source is one of our
figures (``assets/figures/*.svg``, in the page's language when a translated
copy exists), this hook puts the SVG markup itself into the page:

* the image's alt text becomes the SVG's ``<title>`` and ``aria-label``, with
  ``role="img"``;
* ids inside the SVG get the figure's name as prefix (two figures on one page
  must not share ids like ``arrow``), and references to them follow;
* the XML prolog, doctype and comments are dropped; the figure scales with the
  page (``class="figure-svg"``, styled in assets/css/site.css).
"""

from __future__ import annotations

import html
import logging
import posixpath
import re

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.figures")

FIGURE_DIR = "assets/figures/"
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([:\w-]+)\s*=\s*"([^"]*)"')
PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
SVG_OPEN = re.compile(r"<svg\b([^>]*)>", re.IGNORECASE)
TITLE = re.compile(r"\s*<title\b[^>]*>.*?</title>", re.DOTALL | re.IGNORECASE)


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value) for name, value in ATTR.findall(tag)}


def inline_svg(svg: str, name: str, alt: str, extra_class: str = "") -> str:
    """The markup of an SVG file, ready to sit inside an HTML page."""
    svg = PROLOG.sub("", svg).strip()
    opening = SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("no <svg> element")
    prefix = re.sub(r"[^a-zA-Z0-9_-]", "-", name)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    opening = SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("no <svg> element")
    attributes = opening.group(1)
    # keep the drawing's own aspect ratio; size comes from CSS
    if "viewbox" not in attributes.lower():
        size = _attributes(attributes)
        if "width" in size and "height" in size:
            width, height = (re.sub(r"[^0-9.]", "", size[k]) for k in ("width", "height"))
            attributes += f' viewBox="0 0 {width} {height}"'
    attributes = re.sub(r'\s(?:width|height|role|aria-label|aria-labelledby|class)="[^"]*"', "", attributes)
    classes = " ".join(filter(None, ["figure-svg", extra_class]))
    label = html.escape(alt, quote=True)
    title_id = f"{prefix}-title"
    new_open = (
        f'<svg{attributes} class="{classes}" role="img" aria-labelledby="{title_id}" '
        f'aria-label="{label}"><title id="{title_id}">{html.escape(alt)}</title>'
    )
    rest = TITLE.sub("", svg[opening.end():], count=1)
    return svg[: opening.start()] + new_open + rest


def _figure_for(src: str, page: Page, by_url: dict[str, File]) -> File | None:
    if src.startswith(("http:", "https:", "data:", "//", "/")) or not src.endswith(".svg"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url + "x"), src))
    file = by_url.get(target)
    if file is None or FIGURE_DIR not in file.url:
        return None
    return file


def inline_figures(content: str, page: Page, files: Files, ctx: SiteContext) -> str:
    """Replace each ``<img>`` of one of our SVG figures with the figure's markup."""
    if "<img" not in content or ".svg" not in content:
        return content
    by_url = {file.url: file for file in files if file.url.endswith(".svg")}

    def replace(match: re.Match[str]) -> str:
        tag = match.group(0)
        attributes = _attributes(tag)
        file = _figure_for(attributes.get("src", ""), page, by_url)
        if file is None:
            return tag
        name = posixpath.splitext(posixpath.basename(file.url))[0]
        if not attributes.get("alt"):
            log.warning("figures: %s shows %s without alt text", page.file.src_uri, file.url)
        try:
            svg = inline_svg(file.content_string, name, attributes.get("alt", ""), attributes.get("class", ""))
            # On a phone the figure keeps a readable size and scrolls sideways in its frame.
            return f'<div class="figure-scroll" tabindex="0">{svg}</div>'

        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("figures: %s: cannot inline %s: %s", page.file.src_uri, file.abs_src_path, exc)
            return tag

    return IMG.sub(replace, content)
