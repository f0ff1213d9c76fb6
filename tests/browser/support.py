"""Shared constants and helpers of the browser tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.sitebuild import languages

ROOT = Path(__file__).resolve().parents[2]
LANGS = tuple(languages.codes(ROOT))
PAGES = ("index", "lesson", "quiz-pre", "framework", "mnist-lab", "quiz-post", "running-locally")
NOTEBOOKS = ("framework", "mnist-lab")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Letters of each language's script, for "is this text really Bengali?" checks (a class body: f"[{SCRIPT[lang]}]").
SCRIPT = {lang.code: lang.letter_class[1:-1] for lang in languages.all_languages(ROOT)}
# The web font each language's pages draw with (the others use the system font).
NOTO = {lang.code: lang.font.family for lang in languages.all_languages(ROOT) if lang.font}


def page_path(lang: str, page: str) -> str:
    """Site-relative URL path of a page: '/', '/lesson/', '/bn/lesson/'."""
    prefix = "/" if lang == "en" else f"/{lang}/"
    return prefix if page == "index" else f"{prefix}{page}/"


@dataclass
class Watch:
    """What the browser saw during one test: refused off-host requests, failed
    requests to the site, console errors and uncaught exceptions."""

    off_host: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("page", self._on_page)

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.off_host.append(url)
            route.abort("blockedbyclient")

    def _on_page(self, page) -> None:
        page.on("console", lambda msg: self._console(page, msg))
        page.on("pageerror", lambda exc: self.console_errors.append(f"{page.url}: {exc}"))
        page.on("response", lambda r: self._response(r))
        page.on("requestfailed", lambda r: self._request_failed(r))

    def _console(self, page, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(f"{page.url}: {msg.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request) -> None:
        # Off-host requests are reported as such; a load cut short by
        # navigating away (ERR_ABORTED) is not a fault of the site.
        if urlsplit(request.url).hostname == "127.0.0.1" and "ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.failure} {request.url}")

    def assert_clean(self) -> None:
        assert not self.off_host, f"requests left 127.0.0.1: {self.off_host}"
        assert not self.failed, f"requests failed: {self.failed}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


# Lazy images below the fold stay empty in a full-page screenshot: load them all first.
LOAD_IMAGES_JS = """async () => {
  const pending = [...document.images].filter(img => img.loading === 'lazy' || !img.complete);
  pending.forEach(img => { img.loading = 'eager'; });
  await Promise.race([
    Promise.all(pending.map(img => img.decode().catch(() => null))),
    new Promise(done => setTimeout(done, 5000)),
  ]);
}"""


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot: whole pages as JPEG (long pages, several times faster
    to encode), single screens as PNG (sharp enough to judge glyph shapes)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if full_page:
        page.evaluate(LOAD_IMAGES_JS)
        path = SCREENSHOTS / f"{name}.jpg"
        page.screenshot(path=str(path), full_page=True, type="jpeg", quality=85, animations="disabled")
    else:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), animations="disabled")
    return path


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical"), within: str | None = None) -> list[str]:
    """Run axe-core (vendored from npm) in the page, or only on the elements matching
    `within`; describe each serious or critical violation."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci`")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (within) => await axe.run(within ? {include: [[within]]} : document, {resultTypes: ['violations']})",
        within,
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            nodes = "; ".join(f"{n['target']} {n['html'][:160]}" for n in violation["nodes"][:5])
            found.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
                f"{violation['help']} -> {nodes}"
            )
    return found


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really used to draw the text of the first element matching selector
    (CDP CSS.getPlatformFontsForNode): [{familyName, isCustomFont, glyphCount, ...}]."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no element matches {selector}"
        return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()


def visible_text(page, selector: str = "article") -> str:
    return page.locator(selector).first.inner_text()


def script_chars(text: str, lang: str) -> int:
    return len(re.findall(f"[{SCRIPT[lang]}]", text))


PROSE_JS = """(root) => {
  const skip = 'pre, code, script, style, .katex, .jp-OutputArea, .jp-CodeCell .jp-InputArea, .highlight, .md-select';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(skip)) parts.push(node.textContent);
  }
  return parts.join(' ');
}"""


def prose(page, selector: str = "article") -> str:
    """The article's text outside code, math and notebook outputs."""
    return page.locator(selector).first.evaluate(PROSE_JS)


def native_share(text: str, lang: str) -> float:
    """Share of the letters in text that belong to lang's script."""
    letters = [c for c in text if c.isalpha()]
    return script_chars("".join(letters), lang) / max(1, len(letters))


# Marks the first few elements of each kind whose text is mostly in the
# page's script and returns their selectors.
PROBE_JS = """([scope, kinds, pattern]) => {
  const script = new RegExp(pattern, 'gu');
  const picked = [];
  for (const kind of kinds) {
    const candidates = [...document.querySelectorAll(scope + ' ' + kind)].filter(el =>
      !el.closest('pre, code, .katex, .md-select') &&
      (el.textContent.match(script) || []).length >= 12);
    if (candidates.length) {
      const el = candidates[0];
      el.dataset.fontProbe = String(picked.length);
      picked.push({selector: `[data-font-probe="${picked.length}"]`, kind, text: el.textContent});
    }
  }
  return picked;
}"""


def assert_script_drawn_with_noto(page, lang: str, kinds: list[str], scope: str = "article") -> None:
    """The first element of each kind (h1, p, ...) whose text is in lang's script is
    drawn with the bundled Noto font: no glyph of the script comes from a system font."""
    page.evaluate("document.fonts.ready.then(() => true)")
    probes = page.evaluate(PROBE_JS, [scope, kinds, f"[{SCRIPT[lang]}]"])
    found = {p["kind"] for p in probes}
    assert found == set(kinds), f"{lang}: no {sorted(set(kinds) - found)} with {lang} text in {scope}"
    for probe in probes:
        fonts = platform_fonts(page, probe["selector"])
        ours = [f for f in fonts if f["familyName"] == NOTO[lang] and f["isCustomFont"]]
        assert ours, f"{lang} {probe['kind']}: drawn with {fonts}, not the bundled {NOTO[lang]}"
        # Other fonts may draw only the Latin letters, digits, spaces and
        # punctuation mixed into the text, never a letter of the script
        others = sum(f["glyphCount"] for f in fonts if f not in ours)
        # (spaces included: the script's unicode-range leaves them to the Latin font)
        foreign = len(re.findall(f"[^{SCRIPT[lang]}\u200c\u200d]", probe["text"]))
        assert others <= foreign, (
            f"{lang} {probe['kind']}: {others} glyphs from fallback fonts {fonts} "
            f"but only {foreign} characters outside the script in {probe['text'][:80]!r}"
        )
