"""Every internal link, anchor and asset of the built site resolves, in every language."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_html import DEFAULT_LANG, LANGS, html_files, resolve, scan_html

SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")


def _language_of(site_dir: Path, page: Path) -> str:
    first = page.relative_to(site_dir).parts[0]
    return first if first in LANGS else DEFAULT_LANG


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[str, list[Path]]:
    by_lang: dict[str, list[Path]] = {lang: [] for lang in LANGS}
    for path in html_files(site_dir):
        if path.name == "404.html" and path.parent == site_dir:
            continue  # Material's 404 page uses root-absolute links for any depth
        by_lang[_language_of(site_dir, path)].append(path)
    return by_lang


@pytest.mark.parametrize("lang", LANGS)
def test_internal_links_and_anchors_resolve(site_dir: Path, pages, lang: str) -> None:
    assert pages[lang], f"no {lang} pages"
    broken = []
    for page in pages[lang]:
        scan = scan_html(page)
        for href in scan.links:
            if href.startswith(SKIP_SCHEMES) or urlsplit(href).scheme in ("http", "https"):
                continue
            target, fragment = resolve(site_dir, page, href)
            where = f"{page.relative_to(site_dir)} -> {href}"
            if target is None or not target.is_file():
                broken.append(f"{where}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in scan_html(target).ids:
                broken.append(f"{where}: no element with id {fragment!r}")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:50])


@pytest.mark.parametrize("lang", LANGS)
def test_assets_exist(site_dir: Path, pages, lang: str) -> None:
    missing = []
    for page in pages[lang]:
        for kind, url in scan_html(page).assets:
            if url.startswith(SKIP_SCHEMES) or url.startswith("#") or urlsplit(url).scheme:
                continue
            target, _ = resolve(site_dir, page, url)
            if target is None or not target.is_file():
                missing.append(f"{page.relative_to(site_dir)}: <{kind}> {url}")
    assert not missing, "\n".join(missing[:50])


def test_every_language_links_within_itself(site_dir: Path, pages) -> None:
    """A page's content links stay in the page's language (the switcher and the
    outdated notice's link to the English original say so with hreflang)."""
    leaks = []
    for lang in LANGS:
        for page in pages[lang]:
            text = page.read_text(encoding="utf-8")
            article = text.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
            for tag, href in re.findall(r'(<a [^>]*href="([^"#][^"]*)"[^>]*>)', article):
                if "hreflang=" in tag:
                    continue
                if urlsplit(href).scheme or href.startswith(SKIP_SCHEMES):
                    continue
                target, _ = resolve(site_dir, page, href)
                if target is None or target.suffix != ".html":
                    continue
                target_lang = _language_of(site_dir, target) if target.is_relative_to(site_dir) else "?"
                if target_lang != lang:
                    leaks.append(f"{page.relative_to(site_dir)} -> {href} ({target_lang})")
    assert not leaks, "links into another language:\n" + "\n".join(leaks[:40])
