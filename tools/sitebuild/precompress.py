"""Precompressed twins of every text file of the built site: ``x.css`` -> ``x.css.gz``, ``x.css.br``.

Any static host can then send compressed files without compressing on the fly:
nginx (``gzip_static on``, and ``brotli_static on`` with Debian's
libnginx-mod-http-brotli-static), Apache (mod_rewrite rules or ``MultiViews``),
Caddy (``file_server { precompressed br gzip }``), most CDNs. Hosts that ignore them
serve the plain files as before. gzip at level 9 (``mtime`` 0, so a rebuild writes
the same bytes) and Brotli at quality 11 (text mode); a twin is written only when it is
smaller than the file.

Runs last in the outermost on_post_build, after every other step has written its
files. Compressing is slow at these levels (Pyodide's files are megabytes), so the
twins are cached by content in ``.cache/precompress/`` and a rebuild with unchanged
files only copies them.

What counts as text: ``TEXT_SUFFIXES`` (HTML, CSS, JavaScript, JSON, SVG, XML, plain
text, source maps, notebooks, Python sources) plus WebAssembly (binary, but it
shrinks to a third). Fonts (woff2 is compressed already), images, archives, wheels
and ``.gz`` data files are left as they are, and so is ``downloads/`` (files the
reader saves, not files a page loads).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.precompress")

TEXT_SUFFIXES = frozenset({
    ".html", ".htm", ".css", ".js", ".mjs", ".cjs", ".json", ".map", ".svg", ".xml", ".txt",
    ".md", ".ipynb", ".py", ".csv", ".tsv", ".webmanifest", ".wasm",
})
TWINS = (".gz", ".br")
#: cache entries not used for this long are removed
CACHE_DAYS = 14


def is_text_asset(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def compress_gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def compress_brotli(data: bytes, suffix: str) -> bytes:
    import brotli

    mode = brotli.MODE_GENERIC if suffix == ".wasm" else brotli.MODE_TEXT
    # quality 11 is slow on megabytes: Pyodide's largest files get 9 (a few % larger)
    quality = 11 if len(data) <= 2_000_000 else 9
    packed: bytes = brotli.compress(data, mode=mode, quality=quality)
    return packed


SKIP_FOLDERS = ("downloads",)


def _compress(data: bytes, kind: str, suffix: str) -> bytes:
    return compress_gzip(data) if kind == ".gz" else compress_brotli(data, suffix)


def text_assets(site: Path) -> list[Path]:
    """The site's text files that get twins (see the module docstring)."""
    out = []
    for path in sorted(site.rglob("*")):
        parts = path.relative_to(site).parts
        if any(part in SKIP_FOLDERS for part in parts[:-1]):
            continue
        if path.is_file() and is_text_asset(path):
            out.append(path)
    return out


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get_or_make(self, data: bytes, kind: str, make: Callable[[], bytes]) -> bytes:
        if self.folder is None:
            return make()
        key = hashlib.sha256(data).hexdigest()
        path = self.folder / key[:2] / f"{key}{kind}"
        try:
            cached = path.read_bytes()
            os.utime(path)  # recently used: kept by prune()
            return cached
        except OSError:
            pass
        out = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(out)
        os.replace(temporary, path)  # concurrent builds never read half a file
        return out

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        old = time.time() - CACHE_DAYS * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < old:
                    path.unlink()
            except OSError:
                pass


def precompress_site(site: Path, cache_dir: Path | None = None) -> dict[str, int]:
    """Write the twins of every text file of ``site``; remove stale twins. Returns counts and sizes."""
    cache = Cache(cache_dir)
    counts = {"files": 0, "bytes": 0, "gz": 0, "br": 0}
    for path in text_assets(site):
        data = path.read_bytes()
        counts["files"] += 1
        counts["bytes"] += len(data)
        suffix = path.suffix.lower()
        for kind in TWINS:
            twin = path.with_name(path.name + kind)
            packed = cache.get_or_make(data, kind, functools.partial(_compress, data, kind, suffix))
            if len(packed) < len(data):
                if not twin.is_file() or twin.read_bytes() != packed:
                    twin.write_bytes(packed)
                counts[kind[1:]] += len(packed)
            elif twin.is_file():
                twin.unlink()
    cache.prune()
    return counts


def finish(ctx: SiteContext) -> None:
    """Twins for the whole site: the last step of the outermost build."""
    started = time.monotonic()
    counts = precompress_site(ctx.site_dir, ctx.cache_dir("precompress"))
    log.info("precompress: %d text files, %.1f MB -> gzip %.1f MB, brotli %.1f MB (%.1f s)",
             counts["files"], counts["bytes"] / 1e6, counts["gz"] / 1e6, counts["br"] / 1e6,
             time.monotonic() - started)
