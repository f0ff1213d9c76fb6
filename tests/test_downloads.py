"""Downloads of the site (tools/sitebuild/downloads.py): the package wheel and the lab archives.

The wheel must be a valid, complete wheel of code/; every language has a lab
archive with its notebook, the wheel, pinned requirements, a README in that
language (from docs/lab/README.md and translations/<lang>/lab/README.md, without
their translation record) and a smoke test; one archive is installed into a brand-new virtual
environment (no index: the wheel from the archive, NumPy as a wheel from pip's
cache or PyPI) and its smoke test must pass there.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from site_html import LANGS, ROOT

from tools.sitebuild import downloads

LAB_FILES = {"README.md", "requirements.txt", "smoke_test.py", "mnist-lab.ipynb"}
PINNED = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat")
SCRIPT = {"en": "A-Za-z", "ru": "\u0400-\u04ff", "bn": "\u0980-\u09ff", "te": "\u0c00-\u0c7f"}


def project_version() -> str:
    return tomllib.loads((ROOT / "code" / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def repo_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def prefix(lang: str) -> str:
    """Folder of a language in the site: '' for English, 'ru/' for Russian."""
    return "" if lang == "en" else f"{lang}/"


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Path:
    """The site built once per session by tests/conftest.py."""
    return site_dir


@pytest.fixture(scope="module")
def wheel(site: Path) -> Path:
    path = site / "downloads" / f"ownframework-{project_version()}-py3-none-any.whl"
    listing = sorted(p.name for p in (site / "downloads").iterdir())
    assert path.is_file(), f"missing {path.relative_to(site)}; downloads: {listing}"
    return path


def test_wheel_is_complete_and_consistent(wheel: Path):
    source = ROOT / "code" / "src"
    expected = {
        p.relative_to(source).as_posix(): p.read_bytes()
        for p in source.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    }
    with zipfile.ZipFile(wheel) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        dist_info = f"ownframework-{project_version()}.dist-info"
        metadata = archive.read(f"{dist_info}/METADATA").decode()
        assert "Name: ownframework" in metadata and f"Version: {project_version()}" in metadata
        packaged = {name: archive.read(name) for name in names if not name.startswith(dist_info)}
        assert packaged == expected, "the wheel must hold exactly the package source of code/src"
        record = list(csv.reader(io.StringIO(archive.read(f"{dist_info}/RECORD").decode())))
        for name, digest, size in record:
            if name.endswith("RECORD"):
                continue
            data = archive.read(name)
            algorithm, _, value = digest.partition("=")
            actual = base64.urlsafe_b64encode(hashlib.new(algorithm, data).digest()).rstrip(b"=").decode()
            assert (actual, int(size)) == (value, len(data)), f"RECORD does not match {name}"


@pytest.mark.parametrize("lang", LANGS)
def test_lab_archive_has_everything_in_its_language(site: Path, wheel: Path, lang: str):
    path = site / "downloads" / f"mnist-lab-{lang}.zip"
    assert path.is_file(), f"missing downloads/mnist-lab-{lang}.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        files = {name.removeprefix("mnist-lab/"): archive.read(name) for name in archive.namelist()}
    assert set(files) == LAB_FILES | {wheel.name}
    assert files[wheel.name] == wheel.read_bytes()

    notebook = files["mnist-lab.ipynb"]
    assert notebook == (site / prefix(lang) / "downloads" / "mnist-lab.ipynb").read_bytes(), (
        "the archive must hold the same processed notebook as the page's download button"
    )
    nb = nbformat.reads(notebook.decode("utf-8"), as_version=4)
    nbformat.validate(nb)
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")

    readme = files["README.md"].decode("utf-8")
    assert "{{" not in readme, "unfilled placeholder in README"
    assert readme.startswith("# ") and "source_sha256" not in readme, "the README starts with its title, no record"
    for needle in ("OWNFRAMEWORK_MNIST_DIR", "venv", "requirements.txt", "smoke_test.py", "mnist-lab.ipynb",
                   "ownframework mnist", "jupyter execute", wheel.name):
        assert needle in readme, f"README.md ({lang}) does not mention {needle}"
    prose = re.sub(r"```.*?```|`[^`]*`", "", readme, flags=re.DOTALL)
    letters = len(re.findall(f"[{SCRIPT[lang]}]", prose))
    assert letters > 0.5 * len(re.findall(r"\w", prose)), f"README.md is not written in {lang}"

    lines = [line for line in files["requirements.txt"].decode().splitlines() if line and not line.startswith("#")]
    assert lines[0] == f"./{wheel.name}"
    pins = repo_pins()
    assert lines[1:] == [f"{name}=={pins[name]}" for name in PINNED]
    compile(files["smoke_test.py"], "smoke_test.py", "exec")


def test_running_locally_links_resolve_in_every_language(site: Path):
    for lang in LANGS:
        page = site / prefix(lang) / "running-locally" / "index.html"
        if not page.is_file():
            pytest.skip("running-locally.md does not exist yet")
        links = re.findall(r'href="([^"#]*downloads/[^"#]+)"', page.read_text(encoding="utf-8"))
        assert any(link.endswith(".zip") for link in links), f"{lang}: no lab archive linked"
        for link in links:
            assert (page.parent / link).resolve().is_file(), f"{lang}: {link} does not exist"


def test_archives_are_reproducible():
    entries = {"mnist-lab/b.txt": b"two", "mnist-lab/a.txt": b"one"}
    first = downloads.zip_bytes(entries)
    assert first == downloads.zip_bytes(dict(reversed(entries.items())))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["mnist-lab/a.txt", "mnist-lab/b.txt"]
        assert {info.date_time for info in archive.infolist()} == {downloads.ZIP_DATE}


@pytest.mark.parametrize("lang", LANGS)
def test_lab_readme_comes_from_docs_or_translations(lang: str):
    wheel = Path("ownframework-9.8.7-py3-none-any.whl")
    readme = downloads.lab_readme(ROOT, lang, wheel)
    source = ROOT / ("docs" if lang == "en" else f"translations/{lang}") / "lab" / "README.md"
    assert downloads.lab_readme_path(ROOT, lang) == source
    body = source.read_text(encoding="utf-8")
    if lang != "en":
        assert body.startswith("---\ntranslation_of: lab/README.md\nsource_sha256: "), f"{source}: no record"
    assert readme.startswith("# ") and "translation_of" not in readme and "source_sha256" not in readme
    assert "{{" not in readme and f"`{wheel.name}`" in readme and "9.8.7" in readme


def test_lab_readme_falls_back_to_english():
    assert downloads.lab_readme_path(ROOT, "xx") == ROOT / "docs" / "lab" / "README.md"


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300, check=False,
                            **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_lab_archive_installs_in_a_fresh_venv_and_passes_its_smoke_test(site: Path, wheel: Path, tmp_path: Path):
    with zipfile.ZipFile(site / "downloads" / "mnist-lab-en.zip") as archive:
        archive.extractall(tmp_path)
    lab = tmp_path / "mnist-lab"

    # NumPy as a wheel for this Python: from pip's cache when it has it, else from PyPI.
    wheelhouse = tmp_path / "wheelhouse"
    numpy = f"numpy=={repo_pins()['numpy']}"
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--dest", str(wheelhouse), numpy], cwd=tmp_path)

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheelhouse),
         f"./{wheel.name}", numpy], cwd=lab)

    result = run([str(python), "smoke_test.py"], cwd=lab)
    assert result.stdout.strip().endswith("OK"), result.stdout
    assert f"ownframework {project_version()}" in result.stdout
    where = run([str(python), "-c", "import ownframework; print(ownframework.__file__)"], cwd=tmp_path)
    assert str(venv) in where.stdout, "ownframework must come from the fresh venv, not the project"
