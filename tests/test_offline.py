"""Nothing the site loads comes from another host: every HTML, CSS and SVG file
of the built site is parsed and each asset URL (scripts, stylesheets, images,
fonts, CSS url() and @import, iframes, inline scripts) must stay on the site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_html import html_files, scan_html

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)
SVG_REF = re.compile(r"""(?:xlink:href|href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
TEXT_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[/"'\s]""", re.IGNORECASE)


def is_external(url: str) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    return bool(parts.netloc) or url.startswith("//") or parts.scheme in ("http", "https", "ftp", "ws", "wss")


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> list[Path]:
    found = html_files(site_dir)
    assert len(found) >= 4, "the built site has almost no pages"
    return found


def test_html_loads_nothing_from_other_hosts(site_dir: Path, pages) -> None:
    bad = []
    for path in pages:
        scan = scan_html(path)
        for kind, url in scan.assets:
            if is_external(url):
                bad.append(f"{path.relative_to(site_dir)}: <{kind}> {url}")
        for style in scan.styles:
            bad += [f"{path.relative_to(site_dir)}: css url {u}" for u in css_urls(style) if is_external(u)]
        for script in scan.inline_scripts:
            for url in re.findall(r"""["'`]((?:https?:)?//[^"'`\s]+)""", script):
                bad.append(f"{path.relative_to(site_dir)}: inline script names {url}")
    assert not bad, "assets from other hosts:\n" + "\n".join(bad[:40])


def test_stylesheets_load_nothing_from_other_hosts(site_dir: Path) -> None:
    sheets = sorted(site_dir.rglob("*.css"))
    assert sheets
    bad = []
    for path in sheets:
        for url in css_urls(path.read_text(encoding="utf-8", errors="replace")):
            if is_external(url):
                bad.append(f"{path.relative_to(site_dir)}: {url}")
            elif not url.startswith(("data:", "#")):
                target = (path.parent / urlsplit(url).path).resolve()
                if not target.is_file():
                    bad.append(f"{path.relative_to(site_dir)}: {url} is missing from the site")
    assert not bad, "\n".join(bad[:40])


def test_svg_files_reference_nothing_outside(site_dir: Path) -> None:
    bad = []
    for path in site_dir.rglob("*.svg"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for url in SVG_REF.findall(text) + css_urls(text):
            if is_external(url):
                bad.append(f"{path.relative_to(site_dir)}: {url}")
    assert not bad, "\n".join(bad)


def test_no_web_font_service_generator_or_made_with_link(site_dir: Path, pages) -> None:
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "cdnjs", "unpkg.com",
                       'name="generator"', "squidfunk.github.io", "Made with"):
            assert needle not in text, f"{path.relative_to(site_dir)} contains {needle!r}"


def test_self_hosted_fonts_and_their_licences(site_dir: Path) -> None:
    vendor = site_dir / "assets" / "vendor"
    for family in ("noto-sans-bengali", "noto-sans-telugu"):
        fonts = list((vendor / "fonts" / family).glob("*.woff2"))
        assert fonts, f"{family}: no woff2 in the site"
        licence = (vendor / "fonts" / family / "OFL.txt").read_text(encoding="utf-8")
        assert "SIL Open Font License" in licence
    assert list((vendor / "katex" / "fonts").glob("*.woff2"))
    assert "MIT" in (vendor / "katex" / "LICENSE.txt").read_text(encoding="utf-8")
    css = (vendor / "katex" / "katex.min.css").read_text(encoding="utf-8")
    assert ".woff2" in css and ".ttf" not in css and ".woff)" not in css
