"""Math: typeset math with KaTeX at build time; pages ship no math JavaScript.

pymdownx.arithmatex (generic mode) leaves ``<span class="arithmatex">\\(...\\)</span>``
and ``<div class="arithmatex">\\[...\\]</div>`` in the HTML; notebook pages get the
same elements from tools/sitebuild/notebooks/render.py. This module replaces their
content with KaTeX's HTML + MathML (styled by the self-hosted katex.min.css).

Speed: formulas are cached in ``.cache/katex/<katex version>.json`` keyed by a
hash of the formula and its mode. Formulas missing from the cache are collected
over the whole build (all four languages) and typeset by ONE ``node
tools/sitebuild/katex_render.cjs`` process at the end; the pages that held them are then
rewritten on disk. With a warm cache no process is started.

A formula KaTeX cannot parse is a build warning (so ``--strict`` fails) naming
the page and the formula.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from tools.sitebuild.context import SiteContext, write_if_changed

log = logging.getLogger("mkdocs.sitebuild.katex_math")

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.DOTALL
)
DELIMITERS = {"\\(": ("\\)", False), "\\[": ("\\]", True)}


class Typesetter:
    """Formula cache + the list of pages waiting for formulas not typeset yet."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.script = Path(__file__).with_name("katex_render.cjs")
        package = root / "node_modules" / "katex" / "package.json"
        if not package.is_file():
            raise PluginError("katex_math: node_modules/katex is missing; run `npm ci`")
        version = json.loads(package.read_text(encoding="utf-8"))["version"]
        self.cache_path = root / ".cache" / "katex" / f"{version}.json"
        try:
            self.cache: dict[str, str] = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.cache = {}
        self.missing: dict[str, tuple[str, bool, str]] = {}  # key -> (tex, display, page)
        self.pending_files: dict[str, str] = {}  # written HTML file -> page source
        self.errors: dict[str, str] = {}

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return hashlib.sha256(f"{int(display)}\0{tex}".encode()).hexdigest()[:32]

    def substitute(self, output: str, where: str) -> tuple[str, bool]:
        """Replace every math element whose formula is known; report whether any is missing."""
        missing = False

        def replace(match: re.Match[str]) -> str:
            nonlocal missing
            raw = html.unescape(match["tex"]).strip()
            opening = raw[:2]
            if opening not in DELIMITERS or not raw.endswith(DELIMITERS[opening][0]):
                return match.group(0)  # already typeset, or not ours
            display = DELIMITERS[opening][1]
            tex = raw[2:-2].strip()
            key = self.key(tex, display)
            rendered = self.cache.get(key)
            if rendered is None:
                missing = True
                self.missing.setdefault(key, (tex, display, where))
                return match.group(0)
            return f'<{match["tag"]} class="arithmatex">{rendered}</{match["tag"]}>'

        return MATH.sub(replace, output), missing

    def typeset_missing(self) -> None:
        if not self.missing:
            return
        keys = list(self.missing)
        request = [{"tex": self.missing[k][0], "display": self.missing[k][1]} for k in keys]
        try:
            result = subprocess.run(
                ["node", str(self.script)],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                cwd=self.root,
                check=True,
            )
        except FileNotFoundError as exc:
            raise PluginError("katex_math: `node` is not installed (Node.js 20 or newer)") from exc
        except subprocess.CalledProcessError as exc:
            raise PluginError(f"katex_math: node {self.script} failed:\n{exc.stderr}") from exc
        for key, answer in zip(keys, json.loads(result.stdout), strict=True):
            tex, _, where = self.missing[key]
            if "html" in answer:
                self.cache[key] = answer["html"]
            else:
                log.warning("katex_math: %s: cannot typeset $%s$: %s", where, tex, answer["error"])
        self.missing.clear()
        write_if_changed(self.cache_path, json.dumps(self.cache, sort_keys=True).encode("utf-8"))

    def rewrite_pending(self) -> None:
        for path, where in self.pending_files.items():
            text = Path(path).read_text(encoding="utf-8")
            text, _ = self.substitute(text, where)
            Path(path).write_text(text, encoding="utf-8")
        self.pending_files.clear()


_typesetter: Typesetter | None = None


def start(ctx: SiteContext) -> None:
    """A fresh typesetter for each ``mkdocs`` build; the nested language builds share it."""
    global _typesetter
    if _typesetter is None or not ctx.nested:
        _typesetter = Typesetter(ctx.root)


def typeset_page(output: str, page: Page, ctx: SiteContext) -> str:
    """The page with every cached formula typeset; the others wait for ``finish``."""
    assert _typesetter is not None, "katex_math.start() runs in on_config"
    output, missing = _typesetter.substitute(output, page.file.src_uri)
    if missing:
        _typesetter.pending_files[page.file.abs_dest_path] = page.file.src_uri
    return output


def finish(ctx: SiteContext) -> None:
    """Typeset the formulas no cache had (one node process) and rewrite their pages."""
    assert _typesetter is not None, "katex_math.start() runs in on_config"
    _typesetter.typeset_missing()
    _typesetter.rewrite_pending()


def forget() -> None:
    """After a failed build, start again from the cache on disk."""
    global _typesetter
    _typesetter = None
