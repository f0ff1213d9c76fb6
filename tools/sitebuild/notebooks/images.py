"""Plots of notebook pages as files: ``assets/notebook-images/<hash>.png``, shared by all languages.

mkdocs-jupyter embeds every plot as a base64 data URI, which makes pages heavy
and uncacheable. Each image is instead prepared once in
``.cache/notebooks/site-images/`` (as a lighter 256-colour PNG), named by the
hash of its bytes, copied into the site and loaded lazily. The downloadable
notebook keeps the original image.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import io
import re
import shutil

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.sitebuild.context import SiteContext, write_if_changed
from tools.sitebuild.notebooks.cells import log

IMAGE_DIR = "assets/notebook-images"  # plots, relative to site_dir (shared by all languages)
PREPARED = "site-images"  # the prepared plots, in .cache/notebooks/
DATA_IMAGE = re.compile(r'<img\b([^>]*?)\bsrc="data:image/(?P<kind>png|jpeg|gif);base64,(?P<data>[^"]+)"([^>]*)>')


def image_size(kind: str, data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, read from its header; None for other images."""
    if kind == "png" and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def lighter_png(data: bytes) -> bytes:
    """The plot as a 256-colour PNG (about a third of the bytes, the same picture).

    Matplotlib writes 32-bit PNGs, but a plot has few colours: an adaptive
    palette without dithering keeps lines, text and colour maps as they look.
    """
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.load()
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
            palette = image.convert(mode).quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
            buffer = io.BytesIO()
            palette.save(buffer, "PNG", optimize=True)
        lighter = buffer.getvalue()
    except (ImportError, OSError, ValueError) as exc:  # no Pillow, or a PNG it cannot read: publish the original
        log.info("notebooks: could not shrink a plot (%s); using it as it is", exc)
        return data
    return lighter if len(lighter) < len(data) else data


def publish_image(ctx: SiteContext, name: str) -> None:
    """Copy a prepared plot from .cache/notebooks/site-images/ into the site (once per build)."""
    target = ctx.site_dir / IMAGE_DIR / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ctx.cache_dir("notebooks", PREPARED) / name, target)


def _save_image(ctx: SiteContext, page: Page, data: bytes, suffix: str, used: list[str]) -> str:
    """Prepare and publish one plot (content-addressed); its URL relative to the page."""
    name = f"{hashlib.sha256(data).hexdigest()[:20]}.{suffix}"
    prepared = ctx.cache_dir("notebooks", PREPARED) / name
    if not prepared.is_file():
        write_if_changed(prepared, lighter_png(data) if suffix == "png" else data)
    publish_image(ctx, name)
    used.append(name)
    return get_relative_url(f"{IMAGE_DIR}/{name}", page.url)


def externalise_images(html: str, ctx: SiteContext, page: Page, alt: str, used: list[str]) -> str:
    """Every data-URI image of ``html`` as a file; the names of the files are appended to ``used``."""

    def replace(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group("data"))
        kind = match.group("kind")
        url = _save_image(ctx, page, data, "jpg" if kind == "jpeg" else kind, used)
        attrs = (match.group(1) + match.group(4)).strip().rstrip("/").strip()
        attrs = re.sub(r'\balt="[^"]*"', "", attrs)
        attrs = re.sub(r'\bclass=""', "", attrs).strip()
        size = image_size(kind, data)
        dims = ""
        if size and "width=" not in attrs:
            dims = f' width="{size[0]}" height="{size[1]}"'
        extra = f" {attrs}" if attrs else ""
        image = f'<img src="{url}" alt="{html_text.escape(alt)}"{dims} loading="lazy" decoding="async"{extra}>'
        # On a phone a plot is shrunk to a third of its pixels: a tap opens it full size to zoom.
        return f'<a class="nb-plot" href="{url}">{image}</a>'

    return DATA_IMAGE.sub(replace, html)
