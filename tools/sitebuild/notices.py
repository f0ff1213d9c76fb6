"""Notices: "not translated yet" and "outdated translation" notices.

* A page with no translation in the language being built falls back to the
  English original (mkdocs-static-i18n ``fallback_to_default``); this hook puts
  a notice in the reader's language above it and marks the English content with
  ``lang="en"``.
* A translation records the SHA-256 of the English file it was made from:
  front matter ``source_sha256`` (and ``translation_of``) in Markdown, top-level
  notebook metadata ``translation.source_sha256`` (and ``source``). When the
  English file's bytes no longer hash to it, the page gets an "outdated" notice
  with a link to the English original. The build still succeeds; the freshness
  test (``python -m tools.i18n status``) is what fails.

Notice texts are the ``notices`` block of each language's ui.yml; so is the
title of the heading permalinks (``permalink``), which Markdown's toc extension
can only set once for all languages.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.i18n import records
from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.notices")


def shows_english(page: Page) -> bool:
    """A translated notebook whose page shows the English notebook instead.

    tools/sitebuild/notebooks does that for an outdated translation whose code
    cells no longer match the English ones: the processed notebook the page is
    rendered from then carries no translation record.
    """
    source = getattr(page.file, "translation_src", None)
    shown_path = page.file.abs_src_path
    if not page.file.src_uri.endswith(".ipynb") or not source or shown_path is None or shown_path == source:
        return False
    try:
        shown = json.loads(Path(shown_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return "translation" not in shown.get("metadata", {})


def translation_state(page: Page, ctx: SiteContext) -> str | None:
    """None (up to date or English), 'not_translated', 'outdated' or 'outdated_english'."""
    lang = ctx.current_language
    if lang == ctx.default_language:
        return None
    file_locale = getattr(page.file, "locale", None)
    if file_locale != lang:
        return "not_translated"
    english = getattr(page.file, "norm_src_uri", page.file.src_uri)  # lesson.ru.md -> lesson.md
    status = records.status_of(lang, english, ctx.root)
    if status.fresh:
        return None
    if status.state == "broken":
        log.warning("notices: %s", status.detail)
    else:
        log.info("notices: %s", status.detail)
    return "outdated_english" if shows_english(page) else "outdated"


def notice_html(kind: str, lang: str, english_url: str | None, ctx: SiteContext) -> str:
    """The notice as a Material admonition, in the reader's language."""
    text = ctx.ui(f"notices.{kind}", lang)
    style = "info" if kind == "not_translated" else "warning"
    body = html.escape(text["text"])
    if kind.startswith("outdated") and english_url:
        body += f' <a href="{html.escape(english_url)}" hreflang="en">{html.escape(text["link"])}</a>'
    return (
        f'<div class="admonition {style} translation-notice" data-translation="{kind}" '
        f'lang="{lang}" role="note">'
        f'<p class="admonition-title">{html.escape(text["title"])}</p><p>{body}</p></div>'
    )


def _english_url(page: Page, ctx: SiteContext) -> str | None:
    alternates = getattr(page.file, "alternates", {}) or {}
    english = alternates.get(ctx.default_language)
    if english is None:
        return None
    return get_relative_url(english.url, page.url)


H1_END = re.compile(r"</h1>", re.IGNORECASE)


PERMALINK_TITLE = re.compile(r'(<a class="headerlink" href="[^"]*") title="Permanent link"')


def add_notices(content: str, page: Page, ctx: SiteContext) -> str:
    """Heading permalinks titled in the page's language; a notice on untranslated or outdated pages."""
    lang = ctx.current_language
    permalink = ctx.ui("permalink", lang)
    if permalink != ctx.ui("permalink", ctx.default_language):
        content = PERMALINK_TITLE.sub(rf'\1 title="{html.escape(permalink)}"', content)
    kind = translation_state(page, ctx)
    page.translation_state = kind  # type: ignore[attr-defined]
    if kind is None:
        return content
    notice = notice_html(kind, lang, _english_url(page, ctx), ctx)
    if kind in ("not_translated", "outdated_english"):  # the content is the English original
        content = f'<div lang="{ctx.default_language}">{content}</div>'
    match = H1_END.search(content)
    if match:
        return content[: match.end()] + notice + content[match.end() :]
    return notice + content
