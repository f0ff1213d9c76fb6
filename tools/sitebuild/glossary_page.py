"""The glossary page: the lesson's terms in every language, in one table, filled in at build time.

A page asks for the table with an empty placeholder in its Markdown
(docs/glossary.md and its translations)::

    <div class="glossary-table"></div>

and :func:`fill_table` (``on_page_content``, so the search index sees the
terms) puts in one row per term of ``docs/glossary.yml``: the English term, the
term in every other language of translations/languages.yml (``term`` of the
entry with the same ``en`` in ``translations/<lang>/glossary.yml``), the
definition in the page's language (``definition`` of that entry; English
definition from docs/glossary.yml, shown as English where a language has none
yet) and a link to the section of the lesson that introduces the term, named
by that section's heading in the page's language. Rows are sorted by the
English term and have ids (``#term-gradient-descent``) to link to.

The column headers are the languages' names in themselves; the other words are
the ``glossary`` block of ui.yml. The small stylesheet below goes with the
table: a table from 60em up, one card per term on narrower screens (each value
labelled), Material's colours (light and dark), and every language's cells in
its own web font, so Bengali and Telugu draw with the bundled Noto fonts on
every page.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from functools import cache
from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.i18n.definitions import EnglishTerm, english_terms
from tools.i18n.glossary import GLOSSARY_FILE, GlossaryEntry, load_glossary
from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.glossary_page")

PLACEHOLDER = re.compile(r'<div class="glossary-table">\s*</div>')
UI_KEYS = ("caption", "definition", "lesson")
LESSON = "lesson.md"
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*\{#(?P<anchor>[A-Za-z0-9_-]+)[^}]*\}\s*$", re.MULTILINE)
MISSING = "—"

STYLE = """
.glossary-table{margin:1em 0}
.glossary-table table{border-collapse:collapse;width:100%;font-size:.75rem;line-height:1.5}
.glossary-table caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.glossary-table th,.glossary-table td{padding:.45em .6em;text-align:left;vertical-align:top;
  border-bottom:1px solid var(--md-typeset-table-color)}
.glossary-table thead th{position:sticky;top:2.4rem;z-index:1;background:var(--md-default-bg-color);
  box-shadow:inset 0 -2px 0 var(--md-default-fg-color--lighter);font-weight:700}
.glossary-table tbody th{font-weight:700}
.glossary-table .glossary__own{background:var(--md-accent-fg-color--transparent);font-weight:700}
.glossary-table thead th.glossary__own{background:linear-gradient(var(--md-accent-fg-color--transparent),
  var(--md-accent-fg-color--transparent)),var(--md-default-bg-color)}
.glossary-table .glossary__definition{min-width:16em}
.glossary-table .glossary__lesson{min-width:8em}
.glossary-table tbody tr:target{outline:2px solid var(--md-accent-fg-color);outline-offset:-2px}
@media screen and (max-width:59.9375em){
  .glossary-table table,.glossary-table tbody,.glossary-table tr,.glossary-table th,.glossary-table td{display:block}
  .glossary-table table{font-size:.8rem}
  .glossary-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .glossary-table tbody tr{margin:0 0 .8em;border:1px solid var(--md-typeset-table-color);border-radius:.2rem;
    padding:.3em 0}
  .glossary-table tbody th,.glossary-table td{border:0;padding:.2em .7em}
  .glossary-table tbody th{font-size:.95rem}
  .glossary-table td{display:grid;grid-template-columns:6.5em minmax(0,1fr);column-gap:.6em}
  .glossary-table td::before{content:attr(data-label);content:attr(data-label) / "";
    color:var(--md-default-fg-color--light);font-weight:400}
  .glossary-table .glossary__own{background:none}
  .glossary-table td.glossary__definition{display:block;min-width:0;padding-top:.4em}
  .glossary-table td.glossary__definition::before{content:none}
}
"""


def _font_rules() -> str:
    """Each language's cells in its web font (the page's own font applies only to its own language)."""
    return "".join(
        f'.glossary-table [lang="{lang.code}"]{{font-family:"{lang.font.family}",var(--md-text-font-family)}}'
        for lang in languages.all_languages() if lang.font
    )


def stylesheet() -> str:
    return re.sub(r"\s*\n\s*", "", STYLE).strip() + _font_rules()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@cache
def _lesson_headings(path: Path, mtime: int) -> dict[str, str]:
    """Anchor -> heading text of a lesson page (Markdown), markup removed."""
    text = path.read_text(encoding="utf-8")
    headings = {}
    for match in HEADING.finditer(text):
        title = re.sub(r"[*_`]", "", match["title"]).strip()
        headings[match["anchor"]] = title
    return headings


def lesson_headings(lang: str, root: Path) -> dict[str, str]:
    """Anchor -> heading of the lesson in ``lang`` (English headings where it has no translation)."""
    english_path = root / "docs" / LESSON
    english = _lesson_headings(english_path, english_path.stat().st_mtime_ns)
    path = root / languages.TRANSLATIONS / lang / LESSON
    if lang == languages.default_language(root).code or not path.is_file():
        return english
    return {**english, **_lesson_headings(path, path.stat().st_mtime_ns)}


def glossaries(root: Path) -> dict[str, dict[str, GlossaryEntry]]:
    """Language -> English term -> its glossary entry, for every translated language."""
    found = {}
    for lang in languages.translated_languages(root):
        entries, _problems = load_glossary(root / languages.TRANSLATIONS / lang.code / GLOSSARY_FILE)
        found[lang.code] = {entry.en: entry for entry in entries}  # the glossary check reports problems
    return found


def table_html(lang: str, root: Path, lesson_url: str, words: dict[str, str]) -> str:
    """The glossary table as the page in ``lang`` shows it; ``lesson_url``: the lesson relative to the page."""
    terms, problems = english_terms(root)
    for problem in problems:
        log.warning("glossary_page: %s", problem)
    headings = lesson_headings(lang, root)
    english_anchors = lesson_headings(languages.default_language(root).code, root)
    by_lang = glossaries(root)
    table = languages.all_languages(root)
    default = table[0].code
    esc = html.escape

    own = ' class="glossary__own"'
    head = "".join(f'<th scope="col" lang="{t.code}"{own if t.code == lang else ""}>{esc(t.name)}</th>'
                   for t in table)
    head += f'<th scope="col">{esc(words["definition"])}</th><th scope="col">{esc(words["lesson"])}</th>'
    rows = []
    for term in sorted(terms, key=lambda t: t.en):
        if term.lesson not in english_anchors:
            log.warning("glossary_page: docs/glossary.yml: '%s' points to #%s, which docs/lesson.md does not have",
                        term.en, term.lesson)
        cells = [_term_cell(term, t.code, t.name, default, lang, by_lang) for t in table]
        definition, definition_lang = term.definition, default
        entry = by_lang.get(lang, {}).get(term.en)
        if lang != default:
            if entry is not None and entry.definition:
                definition, definition_lang = entry.definition, lang
            else:
                log.info("glossary_page: %s has no definition of '%s' yet; the page shows the English one",
                         lang, term.en)
        attr = f' lang="{definition_lang}"' if definition_lang != lang else ""
        cells.append(f'<td class="glossary__definition" data-label="{esc(words["definition"])}"{attr}>'
                     f"{esc(definition)}</td>")
        title = headings.get(term.lesson, english_anchors.get(term.lesson, term.lesson))
        cells.append(f'<td class="glossary__lesson" data-label="{esc(words["lesson"])}">'
                     f'<a href="{esc(lesson_url)}#{esc(term.lesson)}">{esc(title)}</a></td>')
        rows.append(f'<tr id="term-{_slug(term.en)}">{"".join(cells)}</tr>')
    return (f'<div class="glossary-table"><style>{stylesheet()}</style><table class="glossary">'
            f"<caption>{esc(words['caption'])}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _term_cell(term: EnglishTerm, code: str, name: str, default: str, page_lang: str,
               by_lang: dict[str, dict[str, GlossaryEntry]]) -> str:
    own = ' class="glossary__own"' if code == page_lang else ""
    label = f' data-label="{html.escape(name)}"'
    if code == default:
        return f'<th scope="row" lang="{code}"{own}{label}>{html.escape(term.term)}</th>'
    entry = by_lang.get(code, {}).get(term.en)
    if entry is None:
        log.warning("glossary_page: translations/%s/glossary.yml has no entry '%s' (docs/glossary.yml lists it)",
                    code, term.en)
        return f"<td{own}{label}>{MISSING}</td>"
    return f'<td lang="{code}"{own}{label}>{html.escape(entry.term)}</td>'


def fill_table(html_text: str, page: Page, ctx: SiteContext) -> str:
    """The page with its glossary placeholder filled in (other pages unchanged)."""
    if 'class="glossary-table"' not in html_text:
        return html_text
    words = ctx.ui("glossary")
    missing = [key for key in UI_KEYS if not words.get(key)]
    if missing:
        log.warning("glossary_page: the glossary block of ui.yml lacks %s", ", ".join(missing))
        words = {**{key: key for key in UI_KEYS}, **words}
    # The lesson sits next to the glossary page in every language.
    lesson = "lesson/" if ctx.config.use_directory_urls else "lesson.html"
    lesson_url = get_relative_url(posixpath.join(posixpath.dirname(page.url.rstrip("/")), lesson), page.url)
    table = table_html(ctx.current_language, ctx.root, lesson_url, words)
    return PLACEHOLDER.sub(lambda _match: table, html_text, count=1)
