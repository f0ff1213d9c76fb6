"""The runner's files in the site, added once (by the outermost, default-language build):

    assets/pyodide/...              Pyodide's core and wheels (tools/sitebuild/pyodide_assets.py)
    assets/runner/runner.js         browser/page.js, bundled (esbuild, minified)
    assets/runner/editor.js         browser/editor.js with CodeMirror 6, bundled (loaded on the first click)
    assets/runner/worker.js         browser/worker.js (Pyodide in a Web Worker)
    assets/runner/runner.py         the cell runner inside Pyodide
    assets/runner/runner_checks.py  the exercises' checks
    assets/runner/mnist/*.gz        the MNIST subset of the lab (mnist_subset.py)

Pages of every language point at these (``pages.py``); the i18n plugin builds
the other languages into the same site folder, so one copy serves them all.
The esbuild bundles are cached in ``.cache/runner/`` under a hash of their
sources and of package-lock.json.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tools.sitebuild import pyodide_assets
from tools.sitebuild.context import SiteContext
from tools.sitebuild.runner import mnist_subset

BROWSER = Path(__file__).with_name("browser")
SITE_FOLDER = "assets/runner"
#: esbuild entry points: site name -> source in browser/
BUNDLES = {"runner": "page.js", "editor": "editor.js"}
#: Copied as they are.
PLAIN = ("worker.js", "runner.py", "runner_checks.py")
STATE = "runner"


@dataclass
class RunnerFiles:
    """What pages.py needs to know about the files (kept in ``ctx.state``)."""

    wheel: str = ""  # site path of the ownframework wheel
    sizes: dict[str, int] = field(default_factory=dict)  # bytes per download step, for the progress line
    mnist: dict[str, object] = field(default_factory=dict)  # the subset's manifest


def state(ctx: SiteContext) -> RunnerFiles:
    return ctx.state.setdefault(STATE, RunnerFiles())  # type: ignore[no-any-return]


def bundle(ctx: SiteContext) -> Path:
    """esbuild's bundles of page.js and editor.js (cached): the folder holding runner.js and editor.js."""
    root = ctx.root
    digest = hashlib.sha256((root / "package-lock.json").read_bytes())
    for name in sorted(BUNDLES.values()):
        digest.update(name.encode() + b"\0" + (BROWSER / name).read_bytes())
    out = ctx.cache_dir("runner", "bundles") / digest.hexdigest()[:16]
    if all((out / f"{name}.js").is_file() for name in BUNDLES):
        return out
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.is_file():
        raise PluginError("runner: node_modules/.bin/esbuild is missing; run `npm ci` "
                          "(`bash tools/dev.sh serve` does it for you)")
    entries = [f"{name}={BROWSER / source}" for name, source in BUNDLES.items()]
    result = subprocess.run(
        [str(esbuild), *entries, "--bundle", "--format=esm", "--minify", "--target=es2020",
         "--legal-comments=none", f"--outdir={out}", "--log-level=warning"],
        capture_output=True, text=True, cwd=root, check=False,
    )
    if result.returncode != 0:
        raise PluginError(f"runner: esbuild failed:\n{result.stderr[-3000:]}")
    return out


def _add(files: Files, ctx: SiteContext, dest: str, content: bytes | Path) -> None:
    if isinstance(content, Path):
        files.append(File.generated(ctx.config, dest, abs_src_path=str(content)))
    else:
        files.append(File.generated(ctx.config, dest, content=content))


def add_files(files: Files, ctx: SiteContext) -> Files:
    """Add Pyodide, the runner's files and the MNIST subset (outermost build only); note the wheel."""
    found = state(ctx)
    wheels = [f for f in files if f.src_uri.startswith("downloads/ownframework-") and f.src_uri.endswith(".whl")]
    if len(wheels) != 1:
        raise PluginError(f"runner: expected one ownframework wheel among the downloads, found {len(wheels)}")
    found.wheel = wheels[0].dest_uri
    if ctx.nested:
        return files  # the default-language build added them to the same site folder
    try:
        generated: dict[str, bytes | Path] = pyodide_assets.site_files(ctx.root)
        sizes = pyodide_assets.download_sizes(ctx.root)
    except pyodide_assets.PyodideAssetError as err:
        raise PluginError(f"runner: {err}") from None
    bundles = bundle(ctx)
    for name in BUNDLES:
        generated[f"{SITE_FOLDER}/{name}.js"] = bundles / f"{name}.js"
    for name in PLAIN:
        generated[f"{SITE_FOLDER}/{name}"] = BROWSER / name
    folder, found.mnist = mnist_subset.write_subset(ctx.cache_dir("runner", "mnist"))
    for name in found.mnist["files"]:  # type: ignore[attr-defined]
        generated[f"{SITE_FOLDER}/mnist/{name}"] = folder / name
    for dest, content in generated.items():
        _add(files, ctx, dest, content)
    sizes["ownframework"] = Path(wheels[0].abs_src_path or "").stat().st_size
    sizes["mnist"] = sum(found.mnist["files"].values())  # type: ignore[attr-defined]
    found.sizes = sizes
    return files
