"""The site's downloads: the package wheel and one MNIST lab archive per language.

Everything lands in ONE shared folder at the site root, ``/downloads/``:

    downloads/ownframework-0.1.0-py3-none-any.whl   the package (built from code/)
    downloads/mnist-lab-en.zip, -ru, -bn, -te        the lab, one archive per language

The files are registered in every language's build under the same source
paths (``downloads/...``), so a Markdown link ``downloads/mnist-lab-ru.zip``
resolves - and is checked by ``mkdocs build --strict`` - from a page in any
language: from ``/ru/running-locally/`` it becomes ``../../downloads/...``.
(The notebooks themselves are per language: ``/downloads/NAME.ipynb`` for
English and ``/<lang>/downloads/NAME.ipynb``; ``notebooks/wiring.py``
registers those.)

The wheel is built with ``pip wheel --no-deps --no-build-isolation`` and
cached in ``.cache/wheels/`` under a hash of ``code/`` (pyproject, README,
licence, ``src/``); ``SOURCE_DATE_EPOCH`` is fixed, so the same sources give
the same bytes.

A lab archive (``mnist-lab/`` inside) holds:

* ``mnist-lab.ipynb`` - the lab notebook in that language, with the outputs of
  the site build and the package source regions expanded: the same file as the
  lab page's download button (:func:`tools.sitebuild.notebooks.download.downloadable_notebook`:
  an install cell first, links that work outside the site);
* the wheel, and ``requirements.txt`` that installs it with pinned numpy,
  matplotlib and the notebook runner (pins taken from the repository's
  requirements.txt);
* ``README.md`` in that language: ``docs/lab/README.md`` (English) or
  ``translations/<lang>/lab/README.md`` (its translation, English when there
  is none), without the translation record of its front matter, with
  ``{{wheel}}`` and ``{{version}}`` filled in. ``docs/lab/`` is not published
  as pages: the README is only read from here;
* ``smoke_test.py`` (``tools/lab/smoke_test.py``): trains a small network on
  synthetic data and checks that it learns, needs no MNIST files.

Archives are written byte-for-byte reproducibly (fixed timestamps, sorted
entries) to ``.cache/downloads/`` and only rewritten when their content changes.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext, write_if_changed
from tools.sitebuild.notebooks import wiring
from tools.sitebuild.notebooks.download import downloadable_notebook

log = logging.getLogger("mkdocs.sitebuild.downloads")

DOWNLOAD_DIR = "downloads"
LAB_NOTEBOOK = "mnist-lab.ipynb"
LAB_FOLDER = "mnist-lab"
#: Pins copied from the repository's requirements.txt into each lab archive.
LAB_PINS = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat")
SOURCE_DATE_EPOCH = "1704067200"  # 2024-01-01: reproducible wheels
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
CACHE = Path(".cache")
#: The lab README: English under docs/, translations under translations/<lang>/.
LAB_README = "lab/README.md"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n+", re.DOTALL)


def _download(ctx: SiteContext, name: str, path: Path) -> File:
    """``downloads/NAME`` in the site: a file to download, never a page."""
    uri = f"{DOWNLOAD_DIR}/{name}"
    return wiring.download_file(ctx, uri, uri, path, generated_by="tools/sitebuild/downloads.py")


# --------------------------------------------------------------------------- #
# the wheel
# --------------------------------------------------------------------------- #
def _package_inputs(code: Path) -> list[Path]:
    files = [p for p in code.iterdir() if p.is_file() and p.name.lower().startswith(("pyproject", "readme", "licen"))]
    src = code / "src"
    if src.is_dir():
        files += [
            p for p in src.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".pyo"))
        ]
    return sorted(files)


def build_wheel(root: Path) -> Path:
    """The package wheel, built once per version of ``code/`` (cached)."""
    code = root / "code"
    if not (code / "pyproject.toml").is_file():
        raise PluginError(f"downloads: {code / 'pyproject.toml'} is missing; cannot build the package wheel")
    digest = hashlib.sha256(SOURCE_DATE_EPOCH.encode())
    for path in _package_inputs(code):
        rel = path.relative_to(code).as_posix().encode()
        data = path.read_bytes()
        digest.update(len(rel).to_bytes(4, "big") + rel + len(data).to_bytes(8, "big") + data)
    key = digest.hexdigest()[:20]
    cache = root / CACHE / "wheels"
    target_dir = cache / key
    wheels = sorted(target_dir.glob("*.whl")) if target_dir.is_dir() else []
    if len(wheels) == 1:
        return wheels[0]

    log.info("downloads: building the ownframework wheel...")
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PIP_DISABLE_PIP_VERSION_CHECK="1")
    with tempfile.TemporaryDirectory(prefix="wheel-") as tmp:
        # Build from a copy: pip/hatchling must not leave build files in code/.
        source = Path(tmp) / "code"
        shutil.copytree(code, source, ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache", ".ruff_cache", "runs", "build", "dist",
            "*.egg-info"))
        out = Path(tmp) / "out"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
             "--wheel-dir", str(out), str(source)],
            capture_output=True, text=True, env=env, check=False,
        )
        built = sorted(out.glob("*.whl")) if out.is_dir() else []
        if result.returncode != 0 or len(built) != 1:
            raise PluginError(
                "downloads: `pip wheel code/` failed:\n" + (result.stderr or result.stdout)[-3000:]
            )
        target_dir.mkdir(parents=True, exist_ok=True)
        wheel = target_dir / built[0].name
        shutil.move(str(built[0]), wheel)
    for old in cache.iterdir():
        if old.is_dir() and old != target_dir:
            shutil.rmtree(old, ignore_errors=True)
    return wheel


# --------------------------------------------------------------------------- #
# the lab archives
# --------------------------------------------------------------------------- #
def lab_requirements(root: Path, wheel: Path) -> str:
    """requirements.txt of a lab archive: the wheel plus exact pins from the repository."""
    pins: dict[str, str] = {}
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = f"{match.group(1)}=={match.group(2)}"
    missing = [name for name in LAB_PINS if name not in pins]
    if missing:
        raise PluginError(f"downloads: requirements.txt has no exact pin for {', '.join(missing)}")
    lines = [
        "# Everything the MNIST lab needs. Inside this folder, in a virtual environment:",
        "#     python -m pip install -r requirements.txt",
        f"./{wheel.name}",
        *(pins[name] for name in LAB_PINS),
    ]
    return "\n".join(lines) + "\n"


def lab_readme_path(root: Path, lang: str) -> Path:
    """docs/lab/README.md for English, translations/<lang>/lab/README.md for the others."""
    english = root / "docs" / LAB_README
    if lang == languages.default_language(root).code:
        return english
    path = root / languages.TRANSLATIONS / lang / LAB_README
    if not path.is_file():
        log.info("downloads: no %s, the %s lab archive gets the English README", path, lang)
        return english
    return path


def lab_readme(root: Path, lang: str, wheel: Path) -> str:
    """The README of the ``lang`` lab archive: no translation record, placeholders filled in."""
    text = FRONT_MATTER.sub("", lab_readme_path(root, lang).read_text(encoding="utf-8"), count=1)
    version = wheel.name.split("-")[1]
    return text.replace("{{wheel}}", wheel.name).replace("{{version}}", version)


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    """A reproducible zip: sorted entries, fixed dates, regular-file permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def build_lab_archive(ctx: SiteContext, lang: str, wheel: Path) -> Path:
    """``.cache/downloads/mnist-lab-<lang>.zip``, compressed again only when its content changed."""
    root = ctx.root
    notebook = downloadable_notebook(ctx, LAB_NOTEBOOK, lang)
    smoke = root / "tools" / "lab" / "smoke_test.py"
    entries = {
        f"{LAB_FOLDER}/README.md": lab_readme(root, lang, wheel).encode("utf-8"),
        f"{LAB_FOLDER}/requirements.txt": lab_requirements(root, wheel).encode("utf-8"),
        f"{LAB_FOLDER}/smoke_test.py": smoke.read_bytes(),
        f"{LAB_FOLDER}/{LAB_NOTEBOOK}": notebook.read_bytes(),
        f"{LAB_FOLDER}/{wheel.name}": wheel.read_bytes(),
    }
    target = ctx.cache_dir("downloads") / f"mnist-lab-{lang}.zip"
    digest = hashlib.sha256()
    for name in sorted(entries):
        digest.update(name.encode() + b"\0" + hashlib.sha256(entries[name]).digest())
    stamp = target.with_name(target.name + ".sha256")
    if target.is_file() and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return target  # same content as last time: no need to compress again
    write_if_changed(target, zip_bytes(entries))
    stamp.write_text(digest.hexdigest())
    return target


# --------------------------------------------------------------------------- #
# the build step
# --------------------------------------------------------------------------- #
def _build_downloads(ctx: SiteContext) -> list[Path]:
    wheel = build_wheel(ctx.root)
    if not (ctx.docs_dir / LAB_NOTEBOOK).is_file():
        log.info("downloads: no docs/%s in this site, so no lab archives", LAB_NOTEBOOK)
        return [wheel]
    return [wheel, *(build_lab_archive(ctx, lang, wheel) for lang in ctx.all_languages)]


def add_downloads(files: Files, ctx: SiteContext) -> Files:
    """Register the wheel and the lab archives, made once per site build, in this language's build.

    Runs after the notebook pages are set up (the archives hold the processed lab notebook).
    """
    # The i18n plugin builds the other languages inside the English build: they reuse its files.
    built: list[Path] | None = ctx.state.get("downloads")
    if built is None or not ctx.nested:
        built = ctx.state["downloads"] = _build_downloads(ctx)
    for path in built:
        files.append(_download(ctx, path.name, path))
    return files
