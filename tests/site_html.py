"""Helpers for the site tests: the languages, the pages of the navigation, a fast
HTML scanner, and building a site (the real one or a small variant).

Import from a test module in tests/ as ``from site_html import ...``; the
fixtures built on these live in tests/conftest.py.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from tools.sitebuild import languages

ROOT = Path(__file__).resolve().parents[1]
#: The site's languages, from translations/languages.yml; the default first.
LANGS = tuple(languages.codes(ROOT))
DEFAULT_LANG = LANGS[0]
TRANSLATED_LANGS = LANGS[1:]
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1"}


# --------------------------------------------------------------------------- config
class _Loader(yaml.SafeLoader):
    """mkdocs.yml has a !!python tag (the slugify function); read it as plain data."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@cache
def mkdocs_config(root: Path = ROOT) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def i18n_languages(root: Path = ROOT) -> list[dict]:
    """The languages the site is built in, as the i18n plugin gets them (from the table and ui.yml)."""
    out = []
    for lang in languages.all_languages(root):
        site = languages.ui_words(lang.code, root).get("site", {})
        out.append({"locale": lang.code, "name": lang.name, "default": lang.code == DEFAULT_LANG,
                    "site_name": site.get("name"), "site_description": site.get("description")})
    return out


def nav_pages(root: Path = ROOT) -> list[tuple[str, str]]:
    """(English nav title, source path) of every page in the navigation, in order."""
    out = []

    def walk(items):
        for item in items:
            if isinstance(item, str):
                out.append((item, item))
            else:
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    else:
                        out.append((title, value))

    walk(mkdocs_config(root)["nav"])
    return out


def page_url(src: str) -> str:
    """Site-relative directory URL of a source page: 'lesson.md' -> 'lesson/', 'index.md' -> ''."""
    stem = posixpath.splitext(src)[0]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def page_file(site: Path, lang: str, src: str) -> Path:
    """The built HTML file of a source page in one language."""
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    return site / prefix / page_url(src) / "index.html"


# --------------------------------------------------------------------------- HTML
@dataclass
class Scan:
    """What one HTML file holds: element ids, and every URL it refers to."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # <a href>
    assets: list[tuple[str, str]] = field(default_factory=list)  # (tag.attr, url) of loaded resources
    lang: str | None = None
    inline_scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # <style> blocks and style="" attributes


ASSET_ATTRS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("iframe", "src"), ("embed", "src"), ("object", "data"), ("video", "src"), ("video", "poster"),
    ("audio", "src"), ("track", "src"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
    ("use", "href"), ("use", "xlink:href"), ("feimage", "href"),
}
LINK_ASSET_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                   "apple-touch-icon", "preconnect", "dns-prefetch", "mask-icon"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.scan.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.scan.ids.add(a["name"])
        if tag == "html":
            self.scan.lang = a.get("lang")
        if tag == "a" and "href" in a:
            self.scan.links.append(a["href"])
        if tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if rels & LINK_ASSET_RELS:
                self.scan.assets.append(("link.href", a["href"]))
        for attr, value in a.items():
            if (tag, attr) in ASSET_ATTRS and value:
                if attr == "srcset":
                    for candidate in value.split(","):
                        if candidate.strip():
                            self.scan.assets.append((f"{tag}.{attr}", candidate.split()[0]))
                else:
                    self.scan.assets.append((f"{tag}.{attr}", value))
        if "style" in a:
            self.scan.styles.append(a["style"])
        if tag in ("script", "style"):
            self._in, self._buffer = tag, []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._in:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == self._in:
            text = "".join(self._buffer)
            (self.scan.inline_scripts if tag == "script" else self.scan.styles).append(text)
            self._in = None


@lru_cache(maxsize=256)
def scan_html(path: Path) -> Scan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    scanner.close()
    return scanner.scan


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, document: Path, url: str) -> tuple[Path | None, str]:
    """(file in the site or None for other hosts/schemes, fragment) for a URL in ``document``."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return document, parts.fragment
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else document.parent / path
    target = Path(os.path.normpath(target))
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


# --------------------------------------------------------------------------- building
@dataclass
class Build:
    root: Path
    site: Path
    returncode: int
    log: str

    def check(self) -> Build:
        assert self.returncode == 0, f"mkdocs build --strict failed in {self.root}:\n{self.log}"
        return self


def build_site(root: Path, site: Path, *extra: str) -> Build:
    """Run ``mkdocs build --strict`` for the checkout at ``root`` into ``site``."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        check=False, cwd=root, capture_output=True, text=True, env={**os.environ, **BUILD_ENV},
    )
    return Build(root, site, result.returncode, result.stdout + result.stderr)


def make_mini_site(
    where: Path,
    docs: dict[str, str | bytes],
    translations: dict[str, str | bytes] | None = None,
    nav: list | None = None,
) -> Path:
    """A small site that shares mkdocs.yml, the hooks, theme, node_modules and code/src.

    ``docs`` and ``translations`` map relative paths ('lesson.md',
    'ru/lesson.md', 'bn/assets/figures/x.svg') to content. The site keeps the
    real mkdocs.yml through ``INHERIT``, the table of languages and every
    language's ui.yml; with no notebooks in ``docs`` it builds in seconds.
    """
    where.mkdir(parents=True, exist_ok=True)
    for name in ("tools", "code", "node_modules", ".cache/pyodide", ".cache/wheels"):  # + set-up and build caches
        (ROOT / name).mkdir(parents=True, exist_ok=True)
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in ("package.json", "package-lock.json"):  # the npm pins that the browser runner's bundle follows
        (where / name).symlink_to(ROOT / name)
    for base, files in (("docs", docs), ("translations", translations or {})):
        for rel, content in files.items():
            path = where / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n") if rel.endswith(".md") else content,
                                encoding="utf-8")
    for lang in LANGS:  # the table of languages and the site's words, unless the test wrote its own
        for path in (languages.TABLE, languages.ui_path(lang, ROOT).relative_to(ROOT)):
            if not (where / path).exists():
                (where / path).parent.mkdir(parents=True, exist_ok=True)
                (where / path).write_bytes((ROOT / path).read_bytes())
    nav = nav or [{"Home": "index.md"}] + [
        {posixpath.splitext(rel)[0].title(): rel} for rel in docs if rel.endswith(".md") and rel != "index.md"
    ]
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": "docs",
        "nav": nav,
        "extra_css": [c for c in mkdocs_config()["extra_css"] if c.startswith("assets/vendor/")],
        "extra_javascript": [],
        "watch": [],
    }
    (where / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return where
