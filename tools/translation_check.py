"""Check translations: fresh, same structure as English, right language, right terms.

TRANSLATOR'S GUIDE (the longer version with examples: translations/README.md)
=============================================================================

    python tools/translation_check.py ru                   # every file of Russian
    python tools/translation_check.py bn --file lesson.md  # one file (repeatable)
    python tools/translation_check.py all                  # ru, bn and te
    python tools/translation_check.py te --init lesson.md  # start a translation: copy the
                                                           # English file, record its hash
    python tools/translation_check.py te --stamp lesson.md # after updating a translation:
                                                           # record the current English hash
    python tools/translation_check.py ru --diff lesson.md  # what changed in English since
                                                           # the translation's recorded hash (git)

It prints every problem as ``path:line: check: reason`` and then summary numbers
(language detector, spelling unknown-word rate, glossary use). Exit status 1 when
anything is wrong. ``pytest tests/test_translations.py`` runs the same checks.

Where a translation lives: ``translations/<lang>/<same path as in docs/>``; pages
(*.md), notebooks (*.ipynb), figures (assets/figures/*.svg) and quiz data
(quizzes/*.yml). The record of the English source (path + SHA-256) is described
in ``tools/translations.py``; ``--init`` and ``--stamp`` write it for you. Stamp
only after you have brought the translation in line with the current English.

Checks
------
freshness   the translation exists and its recorded ``source_sha256`` equals the
            SHA-256 of the current English file.
parity      against the English file, in order: headings (level + explicit anchor
            ``{#id}`` / ``<a id="...">``), formulas (``$...$``, ``$$...$$``,
            ``\\(...\\)``, ``\\begin{..}``: contents byte-identical), fenced code
            blocks and notebook code cells (byte-identical, cell tags too),
            inline code (the same set of `spans`, order free), images and link
            targets (Wikipedia language sub-domains may differ), admonition /
            tab / block types, snippet includes (``--8<--``), HTML tags with their
            non-translatable attributes, attribute lists ``{...}``, front matter
            keys. Notebooks: same cells (type, id) and no outputs. SVG: the same
            elements with the same attributes in the same order; only the content
            of <text>/<tspan>/<title>/<desc> (and the attributes font-family,
            textLength, lengthAdjust, lang, xml:lang, aria-label) may differ.
            YAML: the same keys and list lengths, the same non-text values and
            ids, the same ``{placeholders}`` in every string.
language    every prose paragraph (code, formulas, link targets, HTML, accepted
            words removed) with at least MIN_LETTERS (20) letters is identified
            by lingua as the file's language (shorter ones are too short to tell;
            their script is still checked).
script      prose words are in the language's script (Cyrillic / Bengali /
            Telugu). A Latin-script word is allowed only if it is a single
            letter or an accepted word (wordlist or glossary term); words that
            mix scripts (a Latin "c" inside a Russian word) and letters of other
            scripts are reported. No mojibake (UTF-8 read as cp1252, Mac Roman,
            cp1251 or cp866, U+FFFD). Invisible characters: ZWJ/ZWNJ are part of
            Bengali and Telugu spelling and allowed there; U+200B, U+2060,
            U+FEFF, soft hyphen, bidi controls and other format characters are
            not allowed anywhere.
            Text in another language on purpose (the title of an English book)
            is marked ``*Deep Learning*{lang=en}`` or ``<span lang="en">..</span>``
            and skipped by the language, script and spelling checks.
glossary    per section (the text under one heading, paired with the English
            section by position; anchors are pinned by the parity check): when
            the English section uses a glossary term (plurals included), the
            translated section must use the chosen term or one of its forms.
            Why sections and not paragraphs: translators merge and split
            sentences, list items and paragraphs for good reasons, which makes
            paragraph pairing brittle; sections are fixed by the anchors, and
            still small enough to point at the spot. Quiz files and figures are
            one section each.
spelling    hunspell (ru_RU, bn_BD, te_IN) over the prose words in the
            language's script, after removing accepted words. The unknown-word
            rate of a language (all its files together) must stay within
            MAX_UNKNOWN_RATE: ru 2 %, bn 8 %, te 20 %. The Bengali and Telugu
            dictionaries are plain word lists without inflection: a word also
            counts as known when removing common endings (SUFFIX_RULES) leaves
            a listed word, and their limits are higher (measurements next to
            MAX_UNKNOWN_RATE).

Accepted words
--------------
``translations/<lang>/wordlist.txt``: one word per line, ``#`` starts a comment,
``word*`` accepts any ending, a hyphenated entry (``one-hot``) is accepted as a
whole. Put here proper names and identifiers that appear in prose (NumPy, MNIST,
PyTorch, Xavier, ReLU, ...), language endonyms (Русский in a Bengali page) and
correct words that the dictionary lacks. Matching ignores case. In Bengali and
Telugu a listed word also accepts its inflected forms (the word followed by up
to SUFFIX_MAX_LEN characters), because case endings are written together with
the word (NumPyতে, నెట్‌వర్క్‌లో).

Glossary format (``translations/<lang>/glossary.yml``)
------------------------------------------------------
A YAML list; one entry per English term::

    - en: minibatch                # English term, lower case; plurals are matched too
      en_forms: [mini-batch]       # optional: other English spellings of the same term
      term: мини-батч              # the chosen rendering, as it appears in running text
      forms: [мини-батч*]          # other accepted forms (inflections, stems with *)
      note: not «мини-пакет»       # why this rendering (required)
      check: false                 # optional: document only, do not enforce

Matching ignores case, treats ё as е and ignores ZWJ/ZWNJ and soft hyphens. In
Russian a form matches whole words (end it with ``*`` to accept any ending:
``градиент*``). In Bengali and Telugu every form matches at the start of a word
with any ending (``গ্রেডিয়েন্টের`` matches ``গ্রেডিয়েন্ট``), so list stems
where sandhi changes the end of a word. Every word of ``term`` and ``forms`` is
also an accepted word for the script and spelling checks. Keep the glossary to
real terms; names and identifiers belong in the wordlist.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.parsers.expat
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import (
    DOCS_DIR,
    LANGUAGE_NAMES,
    LANGUAGES,
    REPO_ROOT,
    TRANSLATIONS_DIR,
    TranslationRecord,
    english_sources,
    orphan_translations,
    read_translation_record,
    sha256_of,
    split_front_matter,
    translation_path,
    translation_state,
    with_record,
)

# --- thresholds ---------------------------------------------------------------
# A paragraph needs this many letters (after removing code, formulas and accepted
# words) before the detector's verdict counts. Measured on the seeds and our quiz
# translations (about 500 paragraphs): with 10-14 letters lingua took short
# Russian headings for Bulgarian ("Оценка модели"), from 15 letters on it was
# right every time; 20 leaves a margin. Shorter paragraphs are still checked for
# script: an English phrase in them is caught as Latin-script words.
MIN_LETTERS = 20

# Highest accepted share of unknown words per language (hunspell, all files of the
# language together, after removing glossary and wordlist words). Measured with
# this checker (prose extraction, Bengali/Telugu ending rules) on:
#                               ru      bn      te
#   seeds, glossary only       1.9 %  12.0 %  18.8 %   (machine translations in
#   seeds, glossary + wordlist 0.8 %   5.8 %  15.2 %    ../shared/seeds)
#   our quiz translations      0.2 %   4.4 %  14.1 %   (glossary + starter wordlist)
# Russian has a full dictionary with inflection: almost every unknown word is a
# loanword or a misspelling. bn_BD and te_IN are plain word lists (no inflection,
# few loanwords, Telugu verbs only as roots), so even good text leaves 4-15 %
# unknown; their limits sit a few points above good text and far below a page
# with systematic misspellings. Unknown words are printed: add correct ones to
# the wordlist, fix the rest.
MAX_UNKNOWN_RATE = {"ru": 0.02, "bn": 0.08, "te": 0.20}

HUNSPELL_DICTIONARIES = {"ru": "ru_RU", "bn": "bn_BD", "te": "te_IN"}
SCRIPTS = {"ru": "CYRILLIC", "bn": "BENGALI", "te": "TELUGU"}
SUFFIX_MAX_LEN = 8  # bn/te: letters an accepted stem may be followed by

# Languages the detector chooses among: ours, their neighbours (same script or
# easily confused) and a few common others, so that a wrong language is named.
DETECTOR_LANGUAGES = (
    "ENGLISH", "RUSSIAN", "BENGALI", "TELUGU", "UKRAINIAN", "BELARUSIAN",
    "BULGARIAN", "HINDI", "MARATHI", "TAMIL", "GERMAN", "FRENCH", "SPANISH",
)

# Characters that never belong in a translation. ZWJ/ZWNJ (U+200D/U+200C) are
# allowed in Bengali and Telugu only.
JOINERS = {"\u200c", "\u200d"}
FORBIDDEN_INVISIBLE = {
    "\u00ad": "soft hyphen", "\u200b": "zero width space", "\u2060": "word joiner",
    "\ufeff": "zero width no-break space / BOM", "\u180e": "Mongolian vowel separator",
    "\u200e": "left-to-right mark", "\u200f": "right-to-left mark", "\u061c": "Arabic letter mark",
    **{chr(c): "bidi control" for c in range(0x202A, 0x202F)},
    **{chr(c): "bidi isolate" for c in range(0x2066, 0x206A)},
    **{chr(c): "invisible operator" for c in range(0x2061, 0x2065)},
}

# Front-matter keys whose values are text to translate; all others must match.
TRANSLATABLE_FRONT_MATTER = {"title", "description", "summary", "subtitle"}
RECORD_FRONT_MATTER = {"translation_of", "source_sha256"}
# YAML keys whose string values are identifiers, not text: they must match English.
YAML_IDENTITY_KEYS = {"id", "quiz", "choose", "src", "href", "image", "link", "anchor", "lesson"}
# SVG attributes a translation may change; everything else must match.
SVG_FREE_ATTRIBUTES = {"font-family", "textLength", "lengthAdjust", "lang", "xml:lang", "aria-label"}
SVG_TEXT_ELEMENTS = {"text", "tspan", "title", "desc", "textPath"}
# HTML attributes that hold text to translate; other attributes must match English.
HTML_TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label"}
HTML_FREE_TAGS = {"br", "wbr"}

CHECKS = ("freshness", "parity", "language", "script", "glossary", "spelling")


# --- problems and locations -------------------------------------------------------
@dataclass(frozen=True)
class Loc:
    path: str  # shown relative to the repository
    line: int | None = None
    note: str = ""  # e.g. "cell 5"

    def __str__(self) -> str:
        text = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Problem:
    loc: Loc
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.check}: {self.message}"


def shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- document model -----------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """A structural element that must be identical in every language."""

    value: Any
    loc: Loc


@dataclass
class Unit:
    """A piece of prose: a paragraph, heading, alt text, figure label, quiz string."""

    text: str  # markup removed, whitespace collapsed
    loc: Loc
    section: int
    kind: str = "paragraph"


@dataclass
class Doc:
    path: Path
    kind: str  # md, ipynb, svg, yml
    items: dict[str, list[Item]] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    sections: list[Loc] = field(default_factory=list)  # section 0 = before the first heading
    section_names: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while reading
    raw_lines: list[tuple[str, Loc]] = field(default_factory=list)  # for character checks

    def add(self, kind: str, value: Any, loc: Loc) -> None:
        self.items.setdefault(kind, []).append(Item(value, loc))

    def unit(self, text: str, loc: Loc, kind: str = "paragraph") -> None:
        text = " ".join(text.split())
        if text:
            self.units.append(Unit(text, loc, len(self.sections) - 1, kind))

    def new_section(self, loc: Loc, name: str) -> None:
        self.sections.append(loc)
        self.section_names.append(name)


# --- Markdown -------------------------------------------------------------------
FENCE_RE = re.compile(r"^(?P<prefix>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
HEADING_RE = re.compile(r"^[ \t]{0,3}(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
ATTR_LIST_RE = re.compile(r"\{:?[ \t]*(?P<body>[#.][^}\n]*|[\w-]+=[^}\n]*)\}")
HTML_ANCHOR_RE = re.compile(r"<a\s+(?:id|name)\s*=\s*[\"']([^\"']+)[\"'][^>]*>\s*(?:</a>)?")
ADMONITION_RE = re.compile(
    r"^[ \t]*(?:(?P<marker>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<rest>.*)"
    r"|(?P<tab>===\+?)[ \t]+(?P<tabtitle>\".*\")\s*$"
    r"|///[ \t]*(?P<block>[\w-]+)(?P<blockrest>.*))$"
)
SNIPPET_RE = re.compile(r"^[ \t]*;?-{1,}8<-{1,}[ \t]*(?P<target>.*)$")
REF_DEF_RE = re.compile(r"^[ \t]{0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]*<?(?P<target>\S+?)>?(?:[ \t]+.*)?$")
HR_RE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
DISPLAY_MATH_OPEN_RE = re.compile(r"^(?P<prefix>[ \t>]*)(?P<open>\$\$|\\\[|\\begin\{(?P<env>[\w*]+)\})")

# Text marked as another language: *Deep Learning*{lang=en} or <span lang="en">...</span>.
# It is left out of the language, script and spelling checks (and of parity: the
# English page does not need the mark).
FOREIGN_SPAN_RE = re.compile(
    r"(?P<mark>\*{1,2}|_{1,2})(?P<text>(?:(?!(?P=mark)).)+?)(?P=mark)\{:?[ \t]*lang=[\"']?[\w-]+[\"']?[ \t]*\}"
    r"|<(?P<tag>span|cite|q|i|em)\s+lang=[\"'][\w-]+[\"']\s*>(?P<inner>.*?)</(?P=tag)>",
    re.S,
)
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(?P<code>.+?)(?<!`)\1(?!`)", re.S)
INLINE_MATH_RE = re.compile(
    r"\$\$(?P<a>.+?)\$\$"
    r"|\\\((?P<b>.+?)\\\)"
    r"|(?<![\\$])\$(?![\s$])(?P<c>(?:\\.|[^\\$])+?)(?<![\s\\])\$",
    re.S,
)
IMAGE_RE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\(\s*<?(?P<target>[^\s)>]*)>?"
    r"(?:\s+(?P<title>\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
LINK_RE = re.compile(
    r"\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*<?(?P<target>[^\s)>]*)>?"
    r"(?:\s+(?P<title>\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
REF_LINK_RE = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)+)\]\[(?P<ref>[^\]]*)\]")
AUTOLINK_RE = re.compile(r"<(?P<target>(?:https?|mailto|ftp):[^>\s]+)>")
BARE_URL_RE = re.compile(r"(?<![(<\"'=])\bhttps?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
HTML_TAG_RE = re.compile(r"<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)/?>")
HTML_ATTR_RE = re.compile(r"(?P<name>[\w:-]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+)))?")
HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]]+\]")
LIST_MARKER_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?", re.M)
QUOTE_MARKER_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M)
EMPHASIS_RE = re.compile(r"(?<![^\W_])[*_]{1,3}|[*_]{1,3}(?![^\W_])|~~|==|\^\^")
ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|$<>~=^])")


def _blank(match: re.Match[str]) -> str:
    """Replacement keeping line count (so later matches still know their line)."""
    return " " + "\n" * match.group(0).count("\n")


def _html_attrs(text: str) -> dict[str, str]:
    attrs = {}
    for m in HTML_ATTR_RE.finditer(text):
        value = m.group("dq") if m.group("dq") is not None else m.group("sq")
        if value is None:
            value = m.group("bare") or ""
        attrs[m.group("name").lower()] = html.unescape(value)
    return attrs


def normalise_target(target: str) -> str:
    """Link targets compare equal across languages after this."""
    target = html.unescape(target.strip())
    return re.sub(r"^(https?://)[a-z]{2,3}(?:-[a-z]+)?\.(m\.)?wikipedia\.org", r"\1wikipedia.org", target)


class MarkdownReader:
    """Reads Markdown (a page, or notebook cells one after another) into a Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        if not doc.sections:
            doc.new_section(Loc(shown(doc.path), 1), "(top of the file)")

    def read(self, lines: list[str], loc_of: Callable[[int], Loc]) -> None:
        doc = self.doc
        paragraph: list[tuple[int, str]] = []

        def flush() -> None:
            if paragraph:
                self._inline(paragraph, loc_of)
                paragraph.clear()

        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            # HTML comments outside code: translator notes, never compared.
            if "<!--" in line:
                joined = line
                while "-->" not in joined[joined.find("<!--"):] and i + 1 < n:
                    i += 1
                    joined += "\n" + lines[i]
                joined = HTML_COMMENT_RE.sub(" ", joined)
                if "<!--" in joined:  # never closed
                    joined = joined[: joined.find("<!--")]
                if not joined.strip():
                    flush()
                    i += 1
                    continue
                line = joined.replace("\n", " ")
            fence = FENCE_RE.match(line)
            if fence:
                flush()
                i = self._fence(lines, i, fence, loc_of)
                continue
            math = DISPLAY_MATH_OPEN_RE.match(line)
            if math:
                flush()
                i = self._display_math(lines, i, math, loc_of)
                continue
            heading = HEADING_RE.match(line)
            if heading:
                flush()
                self._heading(heading, loc_of(i))
                i += 1
                continue
            admonition = ADMONITION_RE.match(line)
            if admonition and line.strip() != "///":
                flush()
                kind = admonition.group("type") or admonition.group("block") or "tab"
                doc.add("admonition", kind, loc_of(i))
                title = admonition.group("rest") or admonition.group("tabtitle") or ""
                if admonition.group("block"):
                    title = (admonition.group("blockrest") or "").lstrip(" |")
                title = title.strip().strip('"')
                if title:
                    doc.unit(title, loc_of(i), "title")
                i += 1
                continue
            if line.strip() == "///":
                flush()
                i += 1
                continue
            snippet = SNIPPET_RE.match(line)
            if snippet:
                flush()
                doc.add("snippet", snippet.group("target").strip(), loc_of(i))
                i += 1
                continue
            ref = REF_DEF_RE.match(line)
            if ref:
                flush()
                doc.add("link", normalise_target(ref.group("target")), loc_of(i))
                i += 1
                continue
            if not line.strip() or HR_RE.match(line):
                flush()
                i += 1
                continue
            paragraph.append((i, line))
            i += 1
        flush()

    def _fence(self, lines: list[str], start: int, fence: re.Match[str], loc_of) -> int:
        prefix, marker = fence.group("prefix"), fence.group("fence")
        info = fence.group("info").strip()
        body: list[str] = []
        i = start + 1
        closing = re.compile(r"^[ \t>]*" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
        while i < len(lines) and not closing.match(lines[i]):
            body.append(self._unprefix(lines[i], prefix))
            i += 1
        if i >= len(lines):
            self.doc.problems.append(Problem(loc_of(start), "parity", "code fence is never closed"))
        language = info.split()[0].lstrip(".{") if info else ""
        code = "\n".join(body)
        self.doc.add("code", f"```{language}\n{code}\n```", loc_of(start))
        return i + 1

    @staticmethod
    def _unprefix(line: str, prefix: str) -> str:
        """Remove the fence's indentation / quote prefix from a content line."""
        k = 0
        while k < len(prefix) and k < len(line) and line[k] in " \t>" :
            k += 1
        return line[k:]

    def _display_math(self, lines: list[str], start: int, math: re.Match[str], loc_of) -> int:
        prefix, opener, env = math.group("prefix"), math.group("open"), math.group("env")
        closer = f"\\end{{{env}}}" if env else {"$$": "$$", "\\[": "\\]"}[opener]
        text, search_from = lines[start][len(prefix):], len(opener)
        body: list[str] = []
        i, rest = start, ""
        while True:
            end = text.find(closer, search_from)
            if end != -1:
                body.append(text[: end + len(closer)] if env else text[:end])
                rest = text[end + len(closer):]
                break
            body.append(text)
            i += 1
            if i >= len(lines):
                self.doc.problems.append(Problem(loc_of(start), "parity", f"display math {opener} is never closed"))
                break
            text, search_from = self._unprefix(lines[i], prefix), 0
        content = "\n".join(body)
        content = (content if env else content[len(opener):]).strip()
        self.doc.add("math", content, loc_of(start))
        if rest.strip():
            self._inline([(i, rest)], loc_of)
        return i + 1

    def _heading(self, heading: re.Match[str], loc: Loc) -> None:
        text = heading.group("text")
        level = "#" * len(heading.group("hashes"))
        value = f"{level} (no anchor)"
        attr = ATTR_LIST_RE.search(text)
        if attr and text.rstrip().endswith("}"):
            value = f"{level} {attr.group(0)}"
            text = text[: attr.start()]
        html_anchor = HTML_ANCHOR_RE.search(text)
        if html_anchor and value.endswith("(no anchor)"):
            value = f'{level} <a id="{html_anchor.group(1)}">'
        self.doc.add("heading", value, loc)
        self.doc.new_section(loc, f"{level} {short(HTML_TAG_RE.sub('', text), 50)}")
        self._inline([(None, text)], lambda _: loc, kind="heading")

    def _inline(self, paragraph: Sequence[tuple[int | None, str]], loc_of, kind: str = "paragraph") -> None:
        """Record inline structure of a paragraph and turn it into a prose unit."""
        doc = self.doc
        first = paragraph[0][0]
        text = "\n".join(line for _, line in paragraph)

        def loc_at(pos: int) -> Loc:
            return loc_of(first + text.count("\n", 0, pos)) if first is not None else loc_of(0)

        found: list[tuple[int, str, Any]] = []  # (position, kind, value) in document order

        def take(regex: re.Pattern[str], handler: Callable[[re.Match[str]], str]) -> None:
            nonlocal text
            text = regex.sub(handler, text)

        def code_span(m: re.Match[str]) -> str:
            found.append((m.start(), "inline_code", m.group("code").strip()))
            return _blank(m)

        def inline_math(m: re.Match[str]) -> str:
            found.append((m.start(), "math", next(g for g in m.groups() if g is not None).strip()))
            return _blank(m)

        def image(m: re.Match[str]) -> str:
            found.append((m.start(), "image", normalise_target(m.group("target"))))
            alt = ESCAPE_RE.sub(r"\1", m.group("alt"))
            if alt.strip():
                doc.unit(self._clean(alt), loc_at(m.start()), "alt")
            return _blank(m)

        def link(m: re.Match[str]) -> str:
            found.append((m.start(), "link", normalise_target(m.group("target"))))
            return " " + m.group("text") + " "

        def ref_link(m: re.Match[str]) -> str:
            return " " + m.group("text") + " "

        def autolink(m: re.Match[str]) -> str:
            found.append((m.start(), "link", normalise_target(m.group("target"))))
            return " "

        def html_tag(m: re.Match[str]) -> str:
            tag, attrs = m.group("tag").lower(), _html_attrs(m.group("attrs"))
            for name in HTML_TEXT_ATTRIBUTES & attrs.keys():
                if attrs[name].strip():
                    doc.unit(attrs[name], loc_at(m.start()), "alt")
            if tag == "img" and "src" in attrs:
                found.append((m.start(), "image", normalise_target(attrs["src"])))
            elif tag == "a" and "href" in attrs and not m.group("close"):
                found.append((m.start(), "link", normalise_target(attrs["href"])))
            if tag not in HTML_FREE_TAGS:
                kept = " ".join(f'{k}="{v}"' for k, v in sorted(attrs.items()) if k not in HTML_TEXT_ATTRIBUTES)
                found.append((m.start(), "html", f"<{m.group('close')}{tag}{' ' + kept if kept else ''}>"))
            return _blank(m)

        def attr_list(m: re.Match[str]) -> str:
            found.append((m.start(), "attr", m.group(0)))
            return _blank(m)

        def bare_url(m: re.Match[str]) -> str:
            found.append((m.start(), "link", normalise_target(m.group(0))))
            return " "

        take(CODE_SPAN_RE, code_span)
        take(INLINE_MATH_RE, inline_math)
        take(FOREIGN_SPAN_RE, _blank)
        take(HTML_COMMENT_RE, _blank)
        take(IMAGE_RE, image)
        take(LINK_RE, link)
        take(REF_LINK_RE, ref_link)
        take(AUTOLINK_RE, autolink)
        take(HTML_TAG_RE, html_tag)
        if kind != "heading":
            take(ATTR_LIST_RE, attr_list)
        take(BARE_URL_RE, bare_url)
        for pos, item_kind, value in sorted(found, key=lambda f: f[0]):
            doc.add(item_kind, value, loc_at(pos))
        doc.unit(self._clean(text), loc_at(0), kind)

    @staticmethod
    def _clean(text: str) -> str:
        text = FOOTNOTE_REF_RE.sub(" ", text)
        text = TABLE_RULE_RE.sub(" ", text)
        text = LIST_MARKER_RE.sub(" ", text)
        text = QUOTE_MARKER_RE.sub(" ", text)
        text = text.replace("|", " ")
        text = ESCAPE_RE.sub(r"\1", text)
        text = EMPHASIS_RE.sub("", text)
        return html.unescape(text)


def read_markdown(path: Path) -> Doc:
    doc = Doc(path, "md")
    text = path.read_text(encoding="utf-8")
    label = shown(path)
    try:
        front, body, offset = split_front_matter(text)
    except ValueError as exc:
        doc.problems.append(Problem(Loc(label, 1), "parity", str(exc)))
        front, body, offset = None, text, 0
    for key, value in sorted((front or {}).items()):
        if key in RECORD_FRONT_MATTER:
            continue
        if key in TRANSLATABLE_FRONT_MATTER:
            doc.add("front_matter", key, Loc(label, 1))
            doc.unit(str(value), Loc(label, 1), "title")
        else:
            doc.add("front_matter", f"{key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}", Loc(label, 1))
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(text.split("\n"))]
    MarkdownReader(doc).read(body.split("\n"), lambda k: Loc(label, offset + k + 1))
    return doc


# --- notebooks --------------------------------------------------------------------
def _cell_source_lines(raw: str) -> list[int | None]:
    """Line (1-based) of each cell's ``"source": [`` in the .ipynb file, if knowable.

    Works for notebooks written by Jupyter/nbformat (sorted keys, one JSON string
    per source line); anything else falls back to "cell N" locations.
    """
    starts: list[int | None] = []
    for k, line in enumerate(raw.split("\n")):
        if line.startswith(' "metadata"'):
            break  # top-level metadata follows the cells (sorted keys)
        stripped = line.strip()
        if stripped.startswith('"source": ['):
            starts.append(k + 1)
        elif stripped.startswith('"source": "'):
            starts.append(None)
    return starts


def read_notebook(path: Path) -> Doc:
    doc = Doc(path, "ipynb")
    label = shown(path)
    raw = path.read_text(encoding="utf-8")
    try:
        nb = json.loads(raw)
        cells = nb["cells"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        doc.problems.append(Problem(Loc(label), "parity", f"not a readable notebook: {exc}"))
        return doc
    starts = _cell_source_lines(raw)
    reader = MarkdownReader(doc)
    doc.add("notebook", f"nbformat {nb.get('nbformat')}.{nb.get('nbformat_minor')}", Loc(label, 1))
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        first = starts[number - 1] if len(starts) == len(cells) else None

        def loc_of(k: int, number: int = number, first: int | None = first) -> Loc:
            if first is None:
                return Loc(label, None, f"cell {number}, line {k + 1}")
            return Loc(label, first + 1 + k, f"cell {number}")

        cell_type = cell.get("cell_type")
        doc.add("cell", f"{cell_type} cell id={cell.get('id', '')!r}", loc_of(0))
        doc.raw_lines.extend((line, loc_of(k)) for k, line in enumerate(source.split("\n")))
        if cell_type == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            doc.add("code_cell", f"tags={tags}\n{source}", loc_of(0))
            if cell.get("outputs") or cell.get("execution_count") is not None:
                doc.problems.append(Problem(loc_of(0), "parity", "code cell has outputs or an execution count; "
                                            "notebooks are stored without outputs"))
        elif cell_type == "markdown":
            reader.read(source.split("\n"), loc_of)
            for name in cell.get("attachments", {}) or {}:
                doc.add("image", f"attachment:{name}", loc_of(0))
    return doc


# --- SVG ------------------------------------------------------------------------------
def read_svg(path: Path) -> Doc:
    doc = Doc(path, "svg")
    label = shown(path)
    doc.new_section(Loc(label, 1), "(figure)")
    raw = path.read_text(encoding="utf-8")
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(raw.split("\n"))]
    parser = xml.parsers.expat.ParserCreate()
    stack: list[tuple[str, list[str], Loc]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        loc = Loc(label, parser.CurrentLineNumber)
        kept = {k: v for k, v in attrs.items() if k not in SVG_FREE_ATTRIBUTES}
        doc.add("svg", f"<{name} {json.dumps(kept, sort_keys=True, ensure_ascii=False)}>", loc)
        if attrs.get("aria-label", "").strip():
            doc.unit(attrs["aria-label"], loc, "label")
        stack.append((name, [], loc))

    def data(text: str) -> None:
        if stack:
            stack[-1][1].append(text)

    def end(name: str) -> None:
        tag, parts, loc = stack.pop()
        text = "".join(parts)
        local = tag.rsplit(":", 1)[-1]
        if local in SVG_TEXT_ELEMENTS:
            if text.strip():
                doc.unit(text, loc, "label")
        elif text.strip():
            doc.add("svg", f"<{tag}> content {text.strip()!r}", loc)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = data
    parser.EndElementHandler = end
    try:
        parser.Parse(raw.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError as exc:
        doc.problems.append(Problem(Loc(label, exc.lineno), "parity", f"not well-formed XML: {exc}"))
    return doc


# --- YAML -------------------------------------------------------------------------------
PLACEHOLDER_RE = re.compile(r"\{[A-Za-z_]\w*\}")


def read_yaml(path: Path) -> Doc:
    doc = Doc(path, "yml")
    label = shown(path)
    doc.new_section(Loc(label, 1), "(file)")
    raw = path.read_text(encoding="utf-8")
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(raw.split("\n"))]
    try:
        root = yaml.compose(raw)
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(Loc(label), "parity", f"not valid YAML: {exc}"))
        return doc

    def walk(node: yaml.Node | None, where: str, key: str) -> None:
        if node is None:
            return
        loc = Loc(label, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            pairs = [(k, v) for k, v in node.value if where or k.value not in RECORD_FRONT_MATTER]
            doc.add("yaml", f"{where}: mapping of {sorted(k.value for k, _ in pairs)}", loc)
            for k, v in pairs:
                walk(v, f"{where}.{k.value}" if where else k.value, k.value)
        elif isinstance(node, yaml.SequenceNode):
            doc.add("yaml", f"{where}: list of {len(node.value)}", loc)
            for index, v in enumerate(node.value):
                walk(v, f"{where}[{index}]", key)
        else:
            value = node.value if node.tag == "tag:yaml.org,2002:str" else yaml.safe_load(node.value)
            if isinstance(value, str) and key not in YAML_IDENTITY_KEYS:
                holders = sorted(PLACEHOLDER_RE.findall(value))
                doc.add("yaml", f"{where}: text{' with ' + ' '.join(holders) if holders else ''}", loc)
                for code in CODE_SPAN_RE.finditer(value):
                    doc.add("inline_code", code.group("code").strip(), loc)
                for math in INLINE_MATH_RE.finditer(CODE_SPAN_RE.sub(" ", value)):
                    doc.add("math", next(g for g in math.groups() if g is not None).strip(), loc)
                prose = PLACEHOLDER_RE.sub(" ", INLINE_MATH_RE.sub(" ", CODE_SPAN_RE.sub(" ", value)))
                doc.unit(MarkdownReader._clean(prose), loc, "text")
            else:
                doc.add("yaml", f"{where} = {value!r}", loc)

    walk(root, "", "")
    return doc


READERS: dict[str, Callable[[Path], Doc]] = {
    ".md": read_markdown, ".ipynb": read_notebook, ".svg": read_svg, ".yml": read_yaml, ".yaml": read_yaml,
}


@functools.lru_cache(maxsize=256)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Doc:
    return READERS[path.suffix](path)


def read_doc(path: Path) -> Doc:
    stat = path.stat()
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)


# --- parity --------------------------------------------------------------------------
PARITY_KINDS = {
    "front_matter": "front matter key", "cell": "notebook cell", "notebook": "notebook format",
    "heading": "heading", "math": "formula", "code": "code block", "code_cell": "code cell",
    "image": "image", "link": "link target", "admonition": "admonition/tab/block type",
    "snippet": "snippet include", "html": "HTML tag", "attr": "attribute list",
    "svg": "SVG element", "yaml": "YAML value",
}


def _describe(value: Any) -> str:
    return short(str(value).replace("\n", "⏎"), 90)


def compare_items(english: Doc, translated: Doc) -> list[Problem]:
    problems: list[Problem] = []
    fallback = Loc(shown(translated.path), 1)
    for kind, label in PARITY_KINDS.items():
        en = english.items.get(kind, [])
        tr = translated.items.get(kind, [])
        a, b = [item.value for item in en], [item.value for item in tr]
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            near = tr[j1].loc if j1 < len(tr) else (tr[-1].loc if tr else fallback)
            if op == "replace" and i2 - i1 == j2 - j1:
                for en_item, tr_item in zip(en[i1:i2], tr[j1:j2], strict=True):
                    problems.append(Problem(tr_item.loc, "parity", f"{label} differs: English "
                                            f"{_describe(en_item.value)} ({en_item.loc}), "
                                            f"here {_describe(tr_item.value)}"))
                continue
            for en_item in en[i1:i2]:
                problems.append(Problem(near, "parity",
                                        f"{label} missing here: {_describe(en_item.value)} ({en_item.loc})"))
            for tr_item in tr[j1:j2]:
                problems.append(Problem(tr_item.loc, "parity",
                                        f"extra {label}, not in English: {_describe(tr_item.value)}"))
    en_code = Counter(item.value for item in english.items.get("inline_code", []))
    tr_code = Counter(item.value for item in translated.items.get("inline_code", []))
    for value in sorted(en_code - tr_code):
        first = next(i for i in english.items["inline_code"] if i.value == value)
        problems.append(Problem(fallback, "parity", f"inline code `{short(value, 60)}` appears {en_code[value]}× "
                                f"in English ({first.loc}), {tr_code[value]}× here"))
    for value in sorted(tr_code - en_code):
        first = next(i for i in translated.items["inline_code"] if i.value == value)
        problems.append(Problem(first.loc, "parity", f"inline code `{short(value, 60)}` appears {tr_code[value]}× "
                                f"here, {en_code[value]}× in English"))
    return problems


def check_parity(lang: str, rel: str, docs_dir: Path = DOCS_DIR,
                 translations_dir: Path = TRANSLATIONS_DIR) -> list[Problem]:
    path = translation_path(lang, rel, translations_dir)
    if not path.is_file():
        return [Problem(Loc(shown(path)), "parity", "translation missing")]
    english, translated = read_doc(docs_dir / rel), read_doc(path)
    return list(translated.problems) + compare_items(english, translated)


# --- freshness -----------------------------------------------------------------------
def check_freshness(lang: str, rel: str, docs_dir: Path = DOCS_DIR,
                    translations_dir: Path = TRANSLATIONS_DIR) -> list[Problem]:
    state = translation_state(lang, rel, docs_dir, translations_dir)
    if state.state == "fresh":
        return []
    loc = Loc(shown(translation_path(lang, rel, translations_dir)), None if state.state == "missing" else 1)
    hint = {
        "missing": f"start it with: python tools/translation_check.py {lang} --init {rel}",
        "stale": f"English changed; see: python tools/translation_check.py {lang} --diff {rel}, "
                 f"update the translation, then --stamp {rel}",
        "broken": f"fix the record (python tools/translation_check.py {lang} --stamp {rel} writes it)",
    }[state.state]
    return [Problem(loc, "freshness", f"{state.state}: {state.detail}; {hint}")]


# --- accepted words: glossary and wordlist ---------------------------------------------
@dataclass(frozen=True)
class GlossaryEntry:
    en: str
    term: str
    forms: tuple[str, ...]
    note: str
    en_forms: tuple[str, ...] = ()
    check: bool = True
    line: int = 0

    @property
    def renderings(self) -> tuple[str, ...]:
        return (self.term, *self.forms)


GLOSSARY_KEYS = {"en", "term", "forms", "note", "en_forms", "check"}


def load_glossary(path: Path) -> tuple[list[GlossaryEntry], list[Problem]]:
    label = shown(path)
    if not path.is_file():
        return [], [Problem(Loc(label), "glossary", "glossary file missing")]
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [], [Problem(Loc(label), "glossary", f"not valid YAML: {exc}")]
    if not isinstance(data, list) or root is None:
        return [], [Problem(Loc(label, 1), "glossary",
                            "must be a YAML list of entries (see tools/translation_check.py)")]
    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for node, entry in zip(root.value, data, strict=True):
        line = node.start_mark.line + 1
        loc = Loc(label, line)
        if not isinstance(entry, dict):
            problems.append(Problem(loc, "glossary", "entry is not a mapping"))
            continue
        unknown = set(entry) - GLOSSARY_KEYS
        if unknown:
            problems.append(Problem(loc, "glossary",
                                    f"unknown keys {sorted(unknown)}; allowed: {sorted(GLOSSARY_KEYS)}"))
        for key in ("en", "term", "note"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(Problem(loc, "glossary", f"'{key}' must be a non-empty string"))
        for key in ("forms", "en_forms"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problems.append(Problem(loc, "glossary", f"'{key}' must be a list of non-empty strings"))
        if not isinstance(entry.get("check", True), bool):
            problems.append(Problem(loc, "glossary", "'check' must be true or false"))
        if problems and problems[-1].loc == loc:
            continue
        en = entry["en"].strip().lower()
        if en in seen:
            problems.append(Problem(loc, "glossary", f"duplicate English term {en!r} (first at line {seen[en]})"))
            continue
        seen[en] = line
        entries.append(GlossaryEntry(
            en=en, term=entry["term"].strip(), forms=tuple(f.strip() for f in entry.get("forms", [])),
            note=entry["note"].strip(), en_forms=tuple(f.strip().lower() for f in entry.get("en_forms", [])),
            check=entry.get("check", True), line=line,
        ))
    return entries, problems


def load_wordlist(path: Path) -> tuple[list[str], list[Problem]]:
    label = shown(path)
    if not path.is_file():
        return [], [Problem(Loc(label), "spelling", "wordlist file missing (it may be empty)")]
    words, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if len(word.split()) > 1:
            problems.append(Problem(Loc(label, number), "spelling", f"one word per line, got {word!r}"))
            continue
        words.append(word)
    return words, problems


# --- words and scripts ---------------------------------------------------------------
def _marks() -> str:
    ranges = [(0x0300, 0x036F), (0x0483, 0x0489), (0x0900, 0x0DFF)]
    return "".join(re.escape(chr(c)) for lo, hi in ranges for c in range(lo, hi + 1)
                   if unicodedata.category(chr(c)).startswith("M"))


WORD_RE = re.compile(rf"(?:[^\W\d_]|[{_marks()}\u200c\u200d])+")
WORD_CHAR_CLASS = rf"[^\W\d_]|[{_marks()}\u200c\u200d]"


def fold(word: str) -> str:
    """Case-fold, ё→е, drop joiners and soft hyphens: the form words are compared in."""
    word = unicodedata.normalize("NFC", word).casefold().replace("ё", "е")
    return word.replace("\u200c", "").replace("\u200d", "").replace("\u00ad", "")


def script_of(char: str) -> str:
    if ord(char) < 0x0250:
        return "LATIN"  # includes ª º µ ß and the other Latin-1 letters
    try:
        return unicodedata.name(char).split()[0]
    except ValueError:
        return "UNKNOWN"


def word_scripts(word: str) -> set[str]:
    return {script_of(c) for c in word if unicodedata.category(c).startswith("L")}


def script_runs(word: str) -> list[str]:
    """Split a word where its script changes (marks and joiners stay with their letter)."""
    runs: list[str] = []
    current = ""
    for char in word:
        if unicodedata.category(char).startswith("L") and runs and current != script_of(char):
            runs.append("")
        if not runs:
            runs.append("")
        if unicodedata.category(char).startswith("L"):
            current = script_of(char)
        runs[-1] += char
    return runs


@dataclass
class Accepted:
    """Words a language accepts outside the dictionary and outside its script."""

    lang: str
    words: set[str]  # fold()ed single words
    prefixes: tuple[str, ...] = ()  # wordlist entries ending in *
    phrases: tuple[str, ...] = ()  # hyphenated entries such as one-hot, removed before tokenising

    def __contains__(self, word: str) -> bool:
        folded = fold(word)
        if folded in self.words or folded.startswith(self.prefixes or ("\0",)):
            return True
        if self.lang in ("bn", "te") and SCRIPTS[self.lang] in word_scripts(word):
            # A stem followed by case endings written together with it.
            for cut in range(len(folded) - 1, max(len(folded) - SUFFIX_MAX_LEN, 3) - 1, -1):
                if folded[:cut] in self.words or folded[:cut].startswith(self.prefixes or ("\0",)):
                    return True
        return False

    @functools.cached_property
    def _phrase_re(self) -> re.Pattern[str] | None:
        if not self.phrases:
            return None
        body = "|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True))
        return re.compile(rf"(?<!{WORD_CHAR_CLASS})(?:{body})(?!{WORD_CHAR_CLASS})", re.I)

    def without_phrases(self, text: str) -> str:
        return self._phrase_re.sub(" ", text) if self._phrase_re else text


@dataclass
class LanguageResources:
    lang: str
    glossary: list[GlossaryEntry]
    accepted: Accepted
    problems: list[Problem]


def load_resources(lang: str, translations_dir: Path = TRANSLATIONS_DIR) -> LanguageResources:
    glossary, problems = load_glossary(translations_dir / lang / "glossary.yml")
    wordlist, wordlist_problems = load_wordlist(translations_dir / lang / "wordlist.txt")
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: list[str] = []
    for word in wordlist:
        if word.endswith("*"):
            prefixes.append(fold(word[:-1]))
        elif len(WORD_RE.findall(word)) > 1:
            phrases.append(word)
        else:
            words.add(fold(word))
    for entry in glossary:
        for rendering in entry.renderings:
            tokens = WORD_RE.findall(rendering)
            if len(tokens) > 1 and any(word_scripts(t) != {SCRIPTS[lang]} for t in tokens):
                phrases.append(rendering.rstrip("*"))  # e.g. a Latin multi-word term
                continue
            for part in rendering.split():
                part_tokens = WORD_RE.findall(part)
                if part.endswith("*") and part_tokens:
                    words.update(fold(t) for t in part_tokens[:-1])
                    prefixes.append(fold(part_tokens[-1]))
                else:
                    words.update(fold(t) for t in part_tokens)
    accepted = Accepted(lang, words, tuple(prefixes), tuple(phrases))
    return LanguageResources(lang, glossary, accepted, problems + wordlist_problems)


# --- characters: invisible, mojibake ---------------------------------------------------
def invisible_problems(lang: str, lines: Iterable[tuple[str, Loc]]) -> list[Problem]:
    problems = []
    for line, loc in lines:
        for column, char in enumerate(line, start=1):
            if char in JOINERS:
                if lang not in ("bn", "te"):
                    problems.append(Problem(loc, "script", f"U+{ord(char):04X} (zero width joiner/non-joiner) "
                                            f"at column {column}: only Bengali and Telugu use it"))
            elif char in FORBIDDEN_INVISIBLE:
                problems.append(Problem(loc, "script", f"invisible U+{ord(char):04X} ({FORBIDDEN_INVISIBLE[char]}) "
                                        f"at column {column}"))
            elif unicodedata.category(char) in ("Cf", "Co", "Cs") or (
                    unicodedata.category(char) == "Cc" and char not in "\t\r"):
                problems.append(Problem(loc, "script",
                                        f"control/format character U+{ord(char):04X} at column {column}"))
    return problems


UTF8_SEQUENCE = re.compile(rb"(?:[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})+")
# Which mis-decodings to look for per language. cp1251/cp866 turn UTF-8 into
# Cyrillic, so in Russian text they could only be told apart by meaning; there
# runs of two or more decoded characters are required (legitimate Russian text
# practically never forms them), and cp866 is left out for Russian entirely
# (plain lowercase Russian words can form valid UTF-8 under cp866).
MOJIBAKE_CODECS = {
    "en": {"cp1252": 1, "mac_roman": 1},
    "ru": {"cp1252": 1, "mac_roman": 1, "cp1251": 3},
    "bn": {"cp1252": 1, "mac_roman": 1, "cp1251": 2, "cp866": 2},
    "te": {"cp1252": 1, "mac_roman": 1, "cp1251": 2, "cp866": 2},
}


def mojibake_in(text: str, lang: str) -> str | None:
    """Return a short description of mojibake in ``text``, or None."""
    if "\ufffd" in text:
        return "mojibake: U+FFFD replacement character (the text was decoded with errors)"
    for codec, min_chars in MOJIBAKE_CODECS.get(lang, MOJIBAKE_CODECS["bn"]).items():
        run: list[int] = []  # the bytes the characters stand for in ``codec``
        start = 0
        for index, char in enumerate(text + "\0"):
            byte = _byte_in(char, codec) if ord(char) > 0x7F else None
            if byte is not None:
                if not run:
                    start = index
                run.append(byte)
                continue
            if len(run) >= 2:
                data = bytes(run)
                for match in UTF8_SEQUENCE.finditer(data):
                    decoded = match.group(0).decode("utf-8", errors="replace")
                    if len(decoded) >= min_chars and "\ufffd" not in decoded and not _innocent(decoded):
                        seen = text[start + match.start(): start + match.end()]
                        return f"mojibake {short(seen, 20)!r}: UTF-8 read as {codec} (meant {short(decoded, 20)!r})"
            run = []
    return None


@functools.lru_cache(maxsize=4096)
def _byte_in(char: str, codec: str) -> int | None:
    """The single byte ``char`` decodes from in ``codec`` (C1 controls stand for themselves,
    as Windows decodes the bytes cp1252 leaves undefined), or None."""
    try:
        data = char.encode(codec)
    except UnicodeEncodeError:
        return ord(char) if 0x80 <= ord(char) <= 0x9F else None
    return data[0] if len(data) == 1 else None


def _innocent(decoded: str) -> bool:
    """Decoded characters that real mojibake would not produce (rare scripts, controls)."""
    return all(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cn") or 0x0700 <= ord(c) < 0x0900 for c in decoded)


# --- language detection -----------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def detector():
    """lingua detector over DETECTOR_LANGUAGES with models preloaded (about 1 s, once)."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in DETECTOR_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


LINGUA_NAMES = {"ru": "RUSSIAN", "bn": "BENGALI", "te": "TELUGU", "en": "ENGLISH"}


def prose_for_detection(text: str, accepted: Accepted) -> str:
    """Unit text without accepted foreign words and symbols: what lingua should judge.

    Words of the language's own script stay (glossary terms included); accepted
    Latin names and terms, single letters and Greek symbols go. Latin words that
    are not accepted stay, so an English paragraph is still seen as English.
    """
    native = SCRIPTS[accepted.lang]

    def keep(match: re.Match[str]) -> str:
        word = match.group(0)
        scripts = word_scripts(word)
        if scripts == {native}:
            return word
        if scripts == {"GREEK"} or (scripts == {"LATIN"} and len(word) == 1) or word in accepted:
            return " "
        return word

    return WORD_RE.sub(keep, text)


def letters(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c).startswith("L"))


@dataclass
class LanguageStats:
    checked: int = 0
    skipped_short: int = 0
    detected: Counter = field(default_factory=Counter)


def check_text(lang: str, doc: Doc, resources: LanguageResources, stats: LanguageStats | None = None,
               use_detector: bool = True) -> list[Problem]:
    """Language, script, mojibake and invisible characters of one translated file."""
    problems = invisible_problems(lang, doc.raw_lines)
    accepted = resources.accepted
    native = SCRIPTS[lang]
    stats = stats if stats is not None else LanguageStats()
    for unit in doc.units:
        moji = mojibake_in(unit.text, lang)
        if moji:
            problems.append(Problem(unit.loc, "script", moji))
            continue  # its words and language are garbage; one message is enough
        stray: list[str] = []
        for token in WORD_RE.findall(accepted.without_phrases(unit.text)):
            scripts = word_scripts(token)
            if not scripts or scripts == {native} or token in accepted:
                continue
            if lang in ("bn", "te") and scripts == {native, "LATIN"}:
                # "NumPyতে": a Latin name with a case ending written onto it.
                parts = [run for run in script_runs(token) if word_scripts(run) == {"LATIN"}]
            elif len(scripts) > 1:
                problems.append(Problem(unit.loc, "script", f"word {token!r} mixes scripts "
                                        f"({', '.join(sorted(scripts)).lower()}): a look-alike letter?"))
                continue
            else:
                parts = [token]
            for word in parts:
                scripts = word_scripts(word)
                if word in accepted or (scripts == {"GREEK"} and len(word) == 1):
                    continue
                if scripts == {"LATIN"}:
                    if len(fold(word)) > 1:
                        stray.append(word)
                else:
                    problems.append(Problem(unit.loc, "script", f"word {word!r} is in "
                                            f"{'/'.join(sorted(scripts)).lower()} script; add it to the "
                                            f"wordlist if it is a name"))
        if stray:
            words = list(dict.fromkeys(stray))
            more = f" … ({len(words) - 12} more)" if len(words) > 12 else ""
            problems.append(Problem(unit.loc, "script", "Latin-script words not in the glossary or wordlist: "
                                    + ", ".join(words[:12]) + more))
        if not use_detector:
            continue
        text = prose_for_detection(accepted.without_phrases(unit.text), accepted)
        if letters(text) < MIN_LETTERS:
            stats.skipped_short += 1
            continue
        stats.checked += 1
        found = detector().detect_language_of(text)
        name = found.name if found else "UNKNOWN"
        stats.detected[name] += 1
        if name != LINGUA_NAMES[lang]:
            problems.append(Problem(unit.loc, "language", f"{unit.kind} reads as {name.title()}, "
                                    f"not {LANGUAGE_NAMES[lang]}: «{short(unit.text, 60)}»"))
    return problems


def check_language(lang: str, rel: str, resources: LanguageResources, stats: LanguageStats | None = None,
                   translations_dir: Path = TRANSLATIONS_DIR) -> list[Problem]:
    path = translation_path(lang, rel, translations_dir)
    if not path.is_file():
        return [Problem(Loc(shown(path)), "language", "translation missing")]
    return check_text(lang, read_doc(path), resources, stats)


# --- glossary use ------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def _english_pattern(term: str) -> re.Pattern[str]:
    words = re.split(r"[\s-]+", term.strip())
    last = re.escape(words[-1])
    # plurals: layer -> layers, batch -> batches, probability -> probabilities
    last = rf"(?:{last}|{re.escape(words[-1][:-1])}ies)" if words[-1].endswith("y") else rf"{last}(?:s|es)?"
    body = r"[\s-]+".join([*(re.escape(w) for w in words[:-1]), last])
    return re.compile(rf"(?<![\w-]){body}(?![\w])", re.I)


@functools.lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str, lang: str) -> re.Pattern[str]:
    """A glossary rendering as a regex over fold()ed text (see the format notes above)."""
    any_ending = rf"(?:{WORD_CHAR_CLASS})*"
    words = []
    for word in fold(rendering).split():
        if word.endswith("*") or lang in ("bn", "te"):
            words.append(re.escape(word.rstrip("*")) + any_ending)
        else:
            words.append(re.escape(word) + rf"(?!{WORD_CHAR_CLASS})")
    return re.compile(rf"(?<!{WORD_CHAR_CLASS})" + r"[\s\-]+".join(words))


def english_term_counts(text: str, glossary: list[GlossaryEntry]) -> Counter:
    """How often each glossary term occurs; a term inside a longer term does not count."""
    counts: Counter = Counter()
    text = text.lower()
    spellings = sorted(((s, e) for e in glossary if e.check for s in (e.en, *e.en_forms)),
                       key=lambda pair: -len(pair[0]))
    for spelling, entry in spellings:
        pattern = _english_pattern(spelling)
        found = len(pattern.findall(text))
        if found:
            counts[entry.en] += found
            text = pattern.sub(lambda m: "\0" * len(m.group(0)), text)
    return counts


def uses_term(text: str, entry: GlossaryEntry, lang: str) -> bool:
    folded = fold(text)
    return any(_rendering_pattern(r, lang).search(folded) for r in entry.renderings)


def section_texts(doc: Doc) -> list[str]:
    texts = [""] * max(1, len(doc.sections))
    for unit in doc.units:
        texts[unit.section] += " " + unit.text
    return texts


def check_glossary_use(lang: str, english: Doc, translated: Doc, glossary: list[GlossaryEntry]) -> list[Problem]:
    en_sections, tr_sections = section_texts(english), section_texts(translated)
    if len(en_sections) != len(tr_sections):
        # Headings differ (parity reports it); compare whole files instead.
        en_sections, tr_sections = [" ".join(en_sections)], [" ".join(tr_sections)]
        where = [Loc(shown(translated.path), 1)]
        names = ["(whole file)"]
    else:
        where, names = translated.sections, english.section_names
    by_en = {entry.en: entry for entry in glossary}
    problems = []
    for index, (en_text, tr_text) in enumerate(zip(en_sections, tr_sections, strict=True)):
        for en_term, count in sorted(english_term_counts(en_text, glossary).items()):
            entry = by_en[en_term]
            if not uses_term(tr_text, entry, lang):
                options = ", ".join(entry.renderings[:4]) + (", …" if len(entry.renderings) > 4 else "")
                problems.append(Problem(where[index], "glossary", f"section {names[index]!r}: English uses "
                                        f"'{en_term}' ({count}×), the translation none of: {options}"))
    return problems


def check_glossary(lang: str, rel: str, resources: LanguageResources, docs_dir: Path = DOCS_DIR,
                   translations_dir: Path = TRANSLATIONS_DIR) -> list[Problem]:
    path = translation_path(lang, rel, translations_dir)
    if not path.is_file():
        return [Problem(Loc(shown(path)), "glossary", "translation missing")]
    return check_glossary_use(lang, read_doc(docs_dir / rel), read_doc(path), resources.glossary)


# --- spelling ----------------------------------------------------------------------------------
BENGALI_NUKTA = {"\u09af\u09bc": "\u09df", "\u09a1\u09bc": "\u09dc", "\u09a2\u09bc": "\u09dd"}


def hunspell_dictionary(lang: str) -> str:
    """Path (without extension) of a copy of the system dictionary that tokenises words whole.

    hunspell splits Bengali and Telugu words at vowel signs and viramas (they are not
    "letters" to it); WORDCHARS in a copy of the .aff file keeps the words whole.
    """
    name = HUNSPELL_DICTIONARIES[lang]
    for base in ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"):
        aff, dic = Path(base, name + ".aff"), Path(base, name + ".dic")
        if aff.is_file() and dic.is_file():
            break
    else:
        raise FileNotFoundError(f"hunspell dictionary {name} not found: apt-get install hunspell-{lang}")
    if lang == "ru":
        return str(aff.with_suffix(""))
    target = Path(tempfile.gettempdir()) / f"translation-check-hunspell-{Path(aff).stat().st_mtime_ns}"
    target.mkdir(exist_ok=True)
    lo, hi = {"bn": (0x0980, 0x09FF), "te": (0x0C00, 0x0C7F)}[lang]
    marks = "".join(chr(c) for c in range(lo, hi + 1) if unicodedata.category(chr(c)).startswith("M"))
    out_aff, out_dic = target / f"{name}.aff", target / f"{name}.dic"
    if not out_aff.exists():
        text = aff.read_text(encoding="utf-8") + f"\nWORDCHARS {marks}\u200c\u200d\n"
        tmp = out_aff.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out_aff)
    if not out_dic.exists():
        tmp = out_dic.with_suffix(f".tmp{os.getpid()}")
        shutil.copyfile(dic, tmp)
        tmp.replace(out_dic)
    return str(out_aff.with_suffix(""))


def spelling_variants(word: str, lang: str) -> list[str]:
    """The ways a word may be spelled in the dictionary (it is known if any is)."""
    word = unicodedata.normalize("NFC", word).replace("\u00ad", "")
    variants = [word]
    if lang == "bn":
        precomposed = word
        for decomposed, single in BENGALI_NUKTA.items():
            precomposed = precomposed.replace(decomposed, single)
        variants.append(precomposed)
    variants += [v.replace("\u200c", "").replace("\u200d", "") for v in variants]
    if lang == "ru" and word[:1].isupper():
        variants.append(word.lower())
    return list(dict.fromkeys(variants))


# The Bengali and Telugu hunspell dictionaries are plain word lists: no affix
# rules, so "প্রশিক্ষণের" (of training) or "పాఠంలో" (in the lesson) are unknown
# although "প্রশিক্ষণ" and "పాఠం" are listed. A word also counts as known when
# removing up to two common endings (case, plural, classifier, postposition;
# suffix -> replacement) leaves a listed word. A misspelled stem stays unknown.
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "ru": (),
    "bn": tuple((suffix, "") for suffix in (
        "গুলোকে", "গুলিকে", "গুলোতে", "গুলিতে", "গুলোর", "গুলির", "গুলো", "গুলি", "দেরকে", "দের",
        "টিকে", "টিতে", "টির", "টাকে", "টার", "টি", "টা", "ভাবে", "কেই", "তেই", "কে", "তে",
        "য়ে", "য়", "ের", "এর", "রা", "র", "ে", "ো", "ও", "ই",
    )),
    "te": (
        *((suffix, "") for suffix in (
            "లన్నీ", "లను", "లకు", "లలో", "లతో", "లపై", "లు", "ల", "ను", "ని", "కి", "కు", "లో",
            "తో", "పై", "గా", "నే", "దే", "\u200c",
        )),
        ("ాన్ని", "ం"), ("ానికి", "ం"), ("ాలను", "ం"), ("ాలలో", "ం"), ("ాలు", "ం"), ("ాల", "ం"),
        ("ులను", "ి"), ("ులకు", "ి"), ("ులు", "ి"), ("ుల", "ి"), ("ిని", "ి"), ("ికి", "ి"),
        # verbs: the dictionary lists roots in -ు (ఉపయోగించు, చేయు)
        *((ending, "ు") for ending in (
            "ి", "డం", "డానికి", "వచ్చు", "వచ్చును", "బడుతుంది", "బడింది", "బడిన", "బడతాయి",
            "ాలి", "ండి", "కూడదు", "లేదు", "గల", "ే", "ని",
        )),
        *((ending, "ించు") for ending in (
            "ిస్తారు", "ిస్తాము", "ిస్తాం", "ిస్తుంది", "ిస్తాయి", "ిస్తే", "ిస్తూ", "ించిన",
            "ించే", "ించాము", "ించాం", "ించారు", "ించింది", "ించాయి",
        )),
    ),
}


def stems(word: str, lang: str, depth: int = 2) -> set[str]:
    """The word and what remains after removing up to ``depth`` endings."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {
            w[: -len(suffix)] + replacement
            for w in frontier
            for suffix, replacement in SUFFIX_RULES[lang]
            if w.endswith(suffix) and len(w) - len(suffix) >= 2
        } - found
        found |= frontier
    return found


def _hunspell_unknown(queries: set[str], lang: str) -> set[str]:
    if not queries:
        return set()
    if shutil.which("hunspell") is None:
        raise FileNotFoundError(
            "hunspell is not installed: apt-get install hunspell hunspell-ru hunspell-bn hunspell-te")
    result = subprocess.run(
        ["hunspell", "-d", hunspell_dictionary(lang), "-l", "-i", "utf-8"],
        input="\n".join(sorted(queries)) + "\n", capture_output=True, text=True, encoding="utf-8", check=False,
        env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"hunspell failed: {result.stderr.strip()}")
    return set(result.stdout.split("\n"))


def unknown_words(words: Iterable[str], lang: str) -> set[str]:
    """Words hunspell does not know, in any spelling variant or after removing endings."""
    variants = {w: {s for v in spelling_variants(w, lang) for s in stems(v, lang)} for w in set(words)}
    bad = _hunspell_unknown({v for vs in variants.values() for v in vs}, lang)
    return {w for w, vs in variants.items() if vs <= bad}


def spelling_words(lang: str, doc: Doc, accepted: Accepted) -> list[tuple[str, Loc]]:
    """Words of the language's script in the prose of a file, minus accepted words."""
    native = SCRIPTS[lang]
    out = []
    for unit in doc.units:
        for word in WORD_RE.findall(accepted.without_phrases(unit.text)):
            if word_scripts(word) == {native} and word not in accepted:
                out.append((word, unit.loc))
    return out


def count_native_words(lang: str, doc: Doc) -> int:
    native = SCRIPTS[lang]
    return sum(1 for unit in doc.units for w in WORD_RE.findall(unit.text) if word_scripts(w) == {native})


@dataclass
class SpellingReport:
    lang: str
    total: int  # words of the language's script
    unknown: Counter  # unknown word -> occurrences
    where: dict[str, Loc]  # first place of each unknown word
    per_file: dict[str, tuple[int, int]]  # file -> (words, unknown occurrences)

    @property
    def rate(self) -> float:
        return sum(self.unknown.values()) / self.total if self.total else 0.0

    @property
    def limit(self) -> float:
        return MAX_UNKNOWN_RATE[self.lang]

    def problems(self) -> list[Problem]:
        if self.rate <= self.limit:
            return []
        loc = Loc(shown(TRANSLATIONS_DIR / self.lang))
        listing = ", ".join(f"{w} ({n}×, {self.where[w]})" for w, n in self.unknown.most_common(40))
        return [Problem(loc, "spelling", f"{self.rate:.1%} of {self.total} words unknown to hunspell, limit "
                        f"{self.limit:.0%}. Fix misspellings; add correct terms/names to wordlist.txt. "
                        f"Unknown: {listing}")]


def spelling_report(lang: str, docs: list[Doc], accepted: Accepted) -> SpellingReport:
    per_doc = [(doc, spelling_words(lang, doc, accepted)) for doc in docs]
    bad = unknown_words((w for _, words in per_doc for w, _ in words), lang)
    unknown: Counter = Counter()
    where: dict[str, Loc] = {}
    per_file = {}
    total = 0
    for doc, words in per_doc:
        native_total = count_native_words(lang, doc)
        total += native_total
        misses = 0
        for word, loc in words:
            if word in bad:
                unknown[word] += 1
                where.setdefault(word, loc)
                misses += 1
        per_file[shown(doc.path)] = (native_total, misses)
    return SpellingReport(lang, total, unknown, where, per_file)


# --- running everything for the CLI -----------------------------------------------------------------
def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False).stdout


def english_diff(lang: str, rel: str) -> str:
    """git diff of the English file from the version the translation follows to now."""
    path = translation_path(lang, rel)
    try:
        recorded = read_translation_record(path).source_sha256
    except (OSError, ValueError) as exc:
        return f"cannot read the record of {shown(path)}: {exc}"
    current = DOCS_DIR / rel
    if sha256_of(current) == recorded:
        return f"{shown(path)} follows the current English file; nothing changed."
    for commit in git("log", "--format=%H", "--", f"docs/{rel}").split():
        blob = subprocess.run(["git", "show", f"{commit}:docs/{rel}"], cwd=REPO_ROOT, capture_output=True, check=False)
        if blob.returncode == 0 and hashlib.sha256(blob.stdout).hexdigest() == recorded:
            return git("diff", commit, "--", f"docs/{rel}") or f"(only uncommitted changes since {commit[:10]})"
    return (f"no committed version of docs/{rel} has sha256 {recorded[:12]}…; compare by hand "
            f"(git log -p -- docs/{rel})")


def init_translation(lang: str, rel: str, docs_dir: Path = DOCS_DIR,
                     translations_dir: Path = TRANSLATIONS_DIR) -> str:
    """Copy the English file to its translation path, with the record of its hash."""
    source, target = docs_dir / rel, translation_path(lang, rel, translations_dir)
    if not source.is_file():
        raise SystemExit(f"no English source docs/{rel}")
    if target.exists():
        raise SystemExit(f"{shown(target)} exists already; use --stamp after updating it")
    target.parent.mkdir(parents=True, exist_ok=True)
    record = TranslationRecord(rel, sha256_of(source))
    target.write_text(with_record(source.read_text(encoding="utf-8"), source.suffix, record), encoding="utf-8")
    return f"wrote {shown(target)} (a copy of the English file with its record); now translate the prose"


def stamp_translation(lang: str, rel: str, docs_dir: Path = DOCS_DIR,
                      translations_dir: Path = TRANSLATIONS_DIR) -> str:
    """Record the current English hash, after checking the structure matches it."""
    source, target = docs_dir / rel, translation_path(lang, rel, translations_dir)
    if not target.is_file():
        raise SystemExit(f"{shown(target)} does not exist; start it with --init {rel}")
    parity = check_parity(lang, rel, docs_dir, translations_dir)
    if parity:
        listing = "\n".join(str(p) for p in parity)
        raise SystemExit(f"{listing}\nnot stamped: bring the structure in line with docs/{rel} first")
    record = TranslationRecord(rel, sha256_of(source))
    target.write_text(with_record(target.read_text(encoding="utf-8"), target.suffix, record), encoding="utf-8")
    return f"{shown(target)} now records English sha256 {record.source_sha256[:12]}…"


@dataclass
class LanguageResult:
    lang: str
    files: list[str]
    problems: list[Problem]
    states: Counter
    stats: LanguageStats
    spelling: SpellingReport
    glossary: list[GlossaryEntry]
    glossary_misses: int


def check_language_files(lang: str, files: list[str] | None = None, docs_dir: Path = DOCS_DIR,
                         translations_dir: Path = TRANSLATIONS_DIR) -> LanguageResult:
    """Every check for one language (all files, or the given docs/-relative ones)."""
    sources = english_sources(docs_dir)
    selected = files or sources
    unknown = [f for f in selected if f not in sources]
    if unknown:
        raise SystemExit(f"not an English source file: {', '.join(unknown)} (see docs/)")
    resources = load_resources(lang, translations_dir)
    problems: list[Problem] = list(resources.problems)
    stats, states = LanguageStats(), Counter[str]()
    present_docs, glossary_misses = [], 0
    for rel in selected:
        states[translation_state(lang, rel, docs_dir, translations_dir).state] += 1
        problems += check_freshness(lang, rel, docs_dir, translations_dir)
        path = translation_path(lang, rel, translations_dir)
        if not path.is_file():
            continue
        problems += check_parity(lang, rel, docs_dir, translations_dir)
        doc = read_doc(path)
        present_docs.append(doc)
        problems += check_text(lang, doc, resources, stats)
        glossary = check_glossary_use(lang, read_doc(docs_dir / rel), doc, resources.glossary)
        glossary_misses += len(glossary)
        problems += glossary
    if files is None:
        for rel in orphan_translations(lang, docs_dir, translations_dir):
            problems.append(Problem(Loc(shown(translation_path(lang, rel, translations_dir))), "freshness",
                                    f"no English source docs/{rel} (renamed or deleted?)"))
    report = spelling_report(lang, present_docs, resources.accepted)
    problems += report.problems()
    return LanguageResult(lang, selected, problems, states, stats, report, resources.glossary, glossary_misses)


def print_result(result: LanguageResult, out=None) -> None:
    out = out or sys.stdout
    for problem in result.problems:
        print(problem, file=out)
    by_check = Counter(p.check for p in result.problems)
    stats, report = result.stats, result.spelling
    print(f"\n== {LANGUAGE_NAMES[result.lang]} ({result.lang}) ==", file=out)
    print(f"files: {len(result.files)} English sources; "
          + ", ".join(f"{n} {s}" for s, n in sorted(result.states.items())), file=out)
    print("problems: " + (", ".join(f"{by_check[c]} {c}" for c in CHECKS if by_check[c]) or "none"), file=out)
    detected = ", ".join(f"{n} {name.title()}" for name, n in stats.detected.most_common())
    print(f"language detector: {stats.checked} paragraphs judged ({detected or 'none'}), "
          f"{stats.skipped_short} shorter than {MIN_LETTERS} letters not judged", file=out)
    print(f"spelling: {report.total} words, {sum(report.unknown.values())} unknown = {report.rate:.2%} "
          f"(limit {report.limit:.0%})", file=out)
    for file, (total, misses) in sorted(report.per_file.items()):
        print(f"  {file}: {total} words, {misses} unknown ({misses / total if total else 0:.1%})", file=out)
    if report.unknown:
        print("  unknown words: " + ", ".join(f"{w} ({n})" for w, n in report.unknown.most_common()), file=out)
    enforced = sum(1 for e in result.glossary if e.check)
    print(f"glossary: {len(result.glossary)} terms ({enforced} enforced), "
          f"{result.glossary_misses} sections where a term is missing", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check translations (see the guide at the top of this file).")
    parser.add_argument("lang", nargs="+", help="ru, bn, te or all")
    parser.add_argument("--file", action="append", metavar="PATH", help="docs/-relative file to check (repeatable)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--init", metavar="PATH", help="start a translation from the English file")
    action.add_argument("--stamp", metavar="PATH", help="record the current English hash in the translation")
    action.add_argument("--diff", metavar="PATH", help="show what changed in English since the recorded hash")
    args = parser.parse_args(argv)
    langs = list(LANGUAGES) if "all" in args.lang else args.lang
    bad = [lang for lang in langs if lang not in LANGUAGES]
    if bad:
        parser.error(f"unknown language {', '.join(bad)}; choose from {', '.join(LANGUAGES)} or all")
    for lang in langs:
        if args.init:
            print(init_translation(lang, args.init))
        elif args.stamp:
            print(stamp_translation(lang, args.stamp))
        elif args.diff:
            print(english_diff(lang, args.diff))
    if args.init or args.stamp or args.diff:
        return 0
    status = 0
    for lang in langs:
        result = check_language_files(lang, args.file)
        print_result(result)
        status = max(status, 1 if result.problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
