"""Markdown reader: pages (with front matter), and the Markdown cells of notebooks.

Structure items (compared with English by the parity check): headings with their
anchors, formulas, fenced code, inline code, images, link targets, admonition /
tab / block types, snippet includes, template placeholders (``{{version}}``),
HTML tags with their non-text attributes, attribute lists, front-matter keys.
Prose units: paragraphs, headings, titles and alt texts with the markup removed.

Text marked as another language (``*Deep Learning*{lang=en}`` or
``<span lang="en">...</span>``) is left out of the prose (and of parity: the
English page does not need the mark).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tools.i18n.document import Doc
from tools.i18n.problems import Loc, Problem, short, shown
from tools.i18n.records import RECORD_KEYS, RecordError, split_front_matter

#: Gives the Loc of a line (0-based index into the lines being read).
LocOf = Callable[[int], Loc]

# Front-matter keys whose values are text to translate; all others must match.
TRANSLATABLE_FRONT_MATTER = {"title", "description", "summary", "subtitle"}
# HTML attributes that hold text to translate; other attributes must match English.
HTML_TEXT_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label"}
HTML_FREE_TAGS = {"br", "wbr"}

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
# It is left out of the language, script and spelling checks (and of parity).
FOREIGN_SPAN_RE = re.compile(
    r"(?P<mark>\*{1,2}|_{1,2})(?P<text>(?:(?!(?P=mark)).)+?)(?P=mark)\{:?[ \t]*lang=[\"']?[\w-]+[\"']?[ \t]*\}"
    r"|<(?P<tag>span|cite|q|i|em)\s+lang=[\"'][\w-]+[\"']\s*>(?P<inner>.*?)</(?P=tag)>",
    re.S,
)
# A value the site fills in when it copies the file ({{version}} in the lab README).
TEMPLATE_RE = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
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
    """Link targets compare equal across languages after this (Wikipedia's language sub-domains)."""
    target = html.unescape(target.strip())
    return re.sub(r"^(https?://)[a-z]{2,3}(?:-[a-z]+)?\.(m\.)?wikipedia\.org", r"\1wikipedia.org", target)


def clean(text: str) -> str:
    """Prose of a paragraph: list and quote markers, table rules, escapes and emphasis removed."""
    text = FOOTNOTE_REF_RE.sub(" ", text)
    text = TABLE_RULE_RE.sub(" ", text)
    text = LIST_MARKER_RE.sub(" ", text)
    text = QUOTE_MARKER_RE.sub(" ", text)
    text = text.replace("|", " ")
    text = ESCAPE_RE.sub(r"\1", text)
    text = EMPHASIS_RE.sub("", text)
    return html.unescape(text)


class MarkdownReader:
    """Reads Markdown (a page, or notebook cells one after another) into a Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        if not doc.sections:
            doc.new_section(Loc(shown(doc.path), 1), "(top of the file)")

    def read(self, lines: list[str], loc_of: LocOf) -> None:
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

    def _fence(self, lines: list[str], start: int, fence: re.Match[str], loc_of: LocOf) -> int:
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
        while k < len(prefix) and k < len(line) and line[k] in " \t>":
            k += 1
        return line[k:]

    def _display_math(self, lines: list[str], start: int, math: re.Match[str], loc_of: LocOf) -> int:
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

    def _inline(self, paragraph: Sequence[tuple[int | None, str]], loc_of: LocOf,
                kind: str = "paragraph") -> None:
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

        def template(m: re.Match[str]) -> str:
            found.append((m.start(), "template", " ".join(m.group(0).split())))
            return _blank(m)

        def image(m: re.Match[str]) -> str:
            found.append((m.start(), "image", normalise_target(m.group("target"))))
            alt = ESCAPE_RE.sub(r"\1", m.group("alt"))
            if alt.strip():
                doc.unit(clean(alt), loc_at(m.start()), "alt")
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
        take(TEMPLATE_RE, template)
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
        doc.unit(clean(text), loc_at(0), kind)


def read_markdown(path: Path) -> Doc:
    """A page: front matter (the record skipped), then the Markdown body."""
    doc = Doc(path, "md")
    text = path.read_text(encoding="utf-8")
    label = shown(path)
    try:
        front, body, offset = split_front_matter(text)
    except RecordError as exc:
        doc.problems.append(Problem(Loc(label, 1), "parity", str(exc)))
        front, body, offset = None, text, 0
    for key, value in sorted((front or {}).items()):
        if key in RECORD_KEYS:
            continue
        if key in TRANSLATABLE_FRONT_MATTER:
            doc.add("front_matter", key, Loc(label, 1))
            doc.unit(str(value), Loc(label, 1), "title")
        else:
            doc.add("front_matter", f"{key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}", Loc(label, 1))
    doc.raw_lines = [(line, Loc(label, k + 1)) for k, line in enumerate(text.split("\n"))]
    MarkdownReader(doc).read(body.split("\n"), lambda k: Loc(label, offset + k + 1))
    return doc
