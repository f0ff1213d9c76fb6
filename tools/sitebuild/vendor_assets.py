"""Self-hosted KaTeX stylesheet and Noto fonts, taken from node_modules.

Nothing is fetched when the site is viewed. At build time this hook adds, from the
npm packages pinned in package.json (``npm ci`` installs them):

    assets/vendor/katex/katex.min.css     KaTeX's stylesheet, woff2 sources only
    assets/vendor/katex/fonts/*.woff2     the fonts that stylesheet names
    assets/vendor/katex/LICENSE.txt       MIT
    assets/vendor/fonts/fonts.css         @font-face rules + per-language font choice
    assets/vendor/fonts/noto-sans-bengali/*.woff2, OFL.txt
    assets/vendor/fonts/noto-sans-telugu/*.woff2, OFL.txt

The files are generated into the build; nothing is copied into docs/.

The language switcher shows "বাংলা" and "తెలుగు" on every page. Pages in other
languages do not load the full Noto fonts, so those two names get a tiny
subset of each font (their letters only, about 2 KB, made with fontTools from
the package's .woff and cached in .cache/fonts/).

Fonts: Latin and Cyrillic text uses the reader's system font (theme.font is
false). Bengali and Telugu pages get Noto Sans Bengali/Telugu (regular, script
subset only, with the unicode-range of @fontsource), chosen by the
page's ``lang`` attribute so a Telugu page never downloads the Bengali font
(both cover ZWJ/ZWNJ and the danda).
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext

VENDOR = "assets/vendor"
# Regular only: bold Bengali/Telugu text is synthesised by the browser. The bold
# files (48 KB / 37 KB) would push the Bengali lesson past its 350 KB budget, and
# synthetic bold keeps every conjunct (see the screenshots in the site tests).
FONT_WEIGHTS = (400,)
KATEX_FALLBACK_SOURCES = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')


def node_modules(root: Path) -> Path:
    path = root / "node_modules"
    if not (path / "katex" / "dist" / "katex.min.css").is_file():
        raise PluginError(
            f"vendor_assets: {path} lacks the npm packages of package.json; "
            "run `npm ci` (`bash tools/dev.sh serve` does it for you)"
        )
    return path


def katex_files(modules: Path) -> dict[str, bytes | Path]:
    """Destination path -> content or source file, for KaTeX's CSS, fonts and licence."""
    dist = modules / "katex" / "dist"
    css = (dist / "katex.min.css").read_text(encoding="utf-8")
    css = KATEX_FALLBACK_SOURCES.sub("", css)
    out: dict[str, bytes | Path] = {f"{VENDOR}/katex/katex.min.css": css.encode()}
    for name in sorted(set(re.findall(r"url\(fonts/([^)]+\.woff2)\)", css))):
        source = dist / "fonts" / name
        if not source.is_file():
            raise PluginError(f"vendor_assets: {source} is missing (katex.min.css names it)")
        out[f"{VENDOR}/katex/fonts/{name}"] = source
    out[f"{VENDOR}/katex/LICENSE.txt"] = modules / "katex" / "LICENSE"
    return out


def _unicode_range(package_dir: Path, family_slug: str, subset: str, weight: int) -> str:
    css = (package_dir / f"{weight}.css").read_text(encoding="utf-8")
    block = re.search(
        rf"/\* {family_slug}-{subset}-{weight}-normal \*/\s*@font-face\s*{{(.*?)}}", css, re.DOTALL
    )
    match = block and re.search(r"unicode-range:\s*([^;]+);", block.group(1))
    if not match:
        raise PluginError(f"vendor_assets: no {subset} unicode-range in {package_dir}/{weight}.css")
    return match.group(1).strip()


def name_subset(source: Path, text: str, cache_dir: Path) -> bytes:
    """A .woff with only the glyphs (and shaping rules) needed to write ``text``."""
    key = hashlib.sha256(f"{source.name}\0{source.stat().st_size}\0{text}".encode()).hexdigest()[:24]
    cached = cache_dir / f"{key}.woff"
    if cached.is_file():
        return cached.read_bytes()
    from fontTools import subset  # only when the cache is cold
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def font_files(
    modules: Path, fonts: dict[str, languages.Font], names: dict[str, str] | None = None,
    cache_dir: Path | None = None,
) -> dict[str, bytes | Path]:
    """Destination path -> content or source file, for each language's web font and fonts.css.

    ``fonts``: language code -> its font (languages without one use the system font);
    ``names``: language code -> its name, subset for the language switcher on other pages.
    """
    out: dict[str, bytes | Path] = {}
    rules = [
        "/* Self-hosted fonts for Bengali and Telugu (SIL Open Font License 1.1:",
        "   see OFL.txt beside each font). Generated by tools/sitebuild/vendor_assets.py. */",
    ]
    for lang, font in fonts.items():
        package, family, subset = font.package, font.family, font.subset
        package_dir = modules / package
        slug = package.split("/")[-1]
        for weight in FONT_WEIGHTS:
            name = f"{slug}-{subset}-{weight}-normal.woff2"
            source = package_dir / "files" / name
            if not source.is_file():
                raise PluginError(f"vendor_assets: {source} is missing; run `npm ci`")
            out[f"{VENDOR}/fonts/{slug}/{name}"] = source
            rules.append(
                f'@font-face{{font-family:"{family}";font-style:normal;font-weight:{weight};'
                f'font-display:swap;src:url({slug}/{name}) format("woff2");'
                f"unicode-range:{_unicode_range(package_dir, slug, subset, weight)}}}"
            )
        out[f"{VENDOR}/fonts/{slug}/OFL.txt"] = package_dir / "LICENSE"
        rules.append(f'html[lang="{lang}"]{{--md-text-font:"{family}"}}')
        display_name = (names or {}).get(lang)
        if display_name and cache_dir is not None:
            woff = f"{slug}-{lang}-name.woff"
            out[f"{VENDOR}/fonts/{slug}/{woff}"] = name_subset(
                package_dir / "files" / f"{slug}-{subset}-400-normal.woff", display_name, cache_dir
            )
            rules.append(
                f'@font-face{{font-family:"{family} Name";font-weight:400 700;font-display:swap;'
                f'src:url({slug}/{woff}) format("woff")}}'
            )
            rules.append(
                f'html:not([lang="{lang}"]) [hreflang="{lang}"]'
                f'{{font-family:"{family} Name",var(--md-text-font-family)}}'
            )
    out[f"{VENDOR}/fonts/fonts.css"] = ("\n".join(rules) + "\n").encode()
    return out


def add_vendor_files(files: Files, ctx: SiteContext) -> Files:
    """Add KaTeX's stylesheet and fonts and the languages' web fonts to the build."""
    modules = node_modules(ctx.root)
    table = languages.all_languages(ctx.root)
    fonts = {lang.code: lang.font for lang in table if lang.font}
    names = {lang.code: lang.name for lang in table}
    generated = {**katex_files(modules), **font_files(modules, fonts, names, ctx.cache_dir("fonts"))}
    for dest, content in generated.items():
        if isinstance(content, Path):
            file = File.generated(ctx.config, dest, abs_src_path=str(content))
        else:
            file = File.generated(ctx.config, dest, content=content)
        files.append(file)
    return files


#: kept in every KaTeX subset whether the math uses them or not: FreeType's auto-hinter
#: (Chromium on Linux) measures a font's heights and stems on these letters, so
#: without them the same glyph lands on other pixels
HINTING_REFERENCE = "".join(map(chr, range(0x20, 0x7F))) + "".join(map(chr, range(0x391, 0x3CA))) + "ϑϕϖϱϵ"


def subset_katex_fonts(
    katex_dir: Path, chars: set[str], css: str, cache_dir: Path | None = None,
) -> dict[str, tuple[int, int]]:
    """KaTeX's fonts that ``css`` names, in the built site, cut down to the characters of the site's math.

    KaTeX's fonts cover every symbol TeX knows (the seven a lesson page draws weigh
    93 KB); the site's formulas use a few dozen characters. Each font keeps the
    glyphs of every character that occurs in any formula of the site (all
    languages), with their outlines, metrics, hinting and layout tables unchanged,
    and the letters a renderer measures a font by (``HINTING_REFERENCE``), so the
    math looks exactly the same. Called after the build has typeset every
    formula (tools/sitebuild/page_assets.py); cached by font and characters.
    Returns name -> (bytes before, bytes after).
    """
    text = "".join(sorted(set(chars) | set(HINTING_REFERENCE)))
    out: dict[str, tuple[int, int]] = {}
    for name in sorted(set(re.findall(r"url\((?:\.\./)*(?:[\w/.-]*/)?fonts/([^)/]+\.woff2)\)", css))):
        path = katex_dir / "fonts" / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data + b"\0" + text.encode("utf-8")).hexdigest()[:24]
        cached = cache_dir / f"katex-{key}.woff2" if cache_dir is not None else None
        if cached is not None and cached.is_file():
            subset_bytes = cached.read_bytes()
        else:
            subset_bytes = _subset_woff2(data, text)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(subset_bytes)
        if len(subset_bytes) < len(data):
            path.write_bytes(subset_bytes)
        out[name] = (len(data), path.stat().st_size)
    return out


def _subset_woff2(data: bytes, text: str) -> bytes:
    from fontTools import subset  # only when the cache is cold
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.legacy_kern = True
    options.hinting = True
    options.prune_unicode_ranges = False
    font = TTFont(io.BytesIO(data))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
