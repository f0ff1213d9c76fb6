"""Downloads of the site (tools/sitebuild/downloads.py): the package wheel and the lab archives.

The wheel must be a valid, complete wheel of code/; every language has a lab
archive with its notebook, the wheel, pinned requirements, a README in that
language (from docs/lab/README.md and translations/<lang>/lab/README.md, without
their translation record) and a smoke test; one archive is installed into a brand-new virtual
environment (no index: the wheel from the archive, NumPy as a wheel from pip's
cache or PyPI) and its smoke test must pass there. Downloaded notebooks stand
alone: an install note first, no link that only works on the site
(tools/sitebuild/notebooks/download.py).
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

from site_html import LANGS, ROOT, mkdocs_config
from tools.sitebuild import downloads, languages
from tools.sitebuild.notebooks.download import LinkRewriter, page_url

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


# --------------------------------------------------------------------------- downloaded notebooks stand alone
NOTEBOOKS = ("framework.ipynb", "mnist-lab.ipynb")
MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]+)")


def markdown_without_code(source: str) -> str:
    return re.sub(r"^```.*?^```|`[^`\n]+`", " ", source, flags=re.DOTALL | re.MULTILINE)


@pytest.mark.parametrize("name", NOTEBOOKS)
@pytest.mark.parametrize("lang", LANGS)
def test_downloaded_notebook_says_how_to_install_the_package(site: Path, wheel: Path, lang: str, name: str):
    """The first cell: ownframework is not on PyPI, so: a venv, pip install of the wheel, Jupyter; in the
    notebook's language (ui.yml notebook.setup), naming where the wheel is."""
    nb = nbformat.read(site / prefix(lang) / "downloads" / name, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.id == f"{Path(name).stem}-setup"
    for needle in ("python3 -m venv .venv", f"pip install {wheel.name}", f"jupyter notebook {name}",
                   r".venv\Scripts\activate", "ownframework"):
        assert needle in first.source, f"{lang}/{name}: the install note lacks {needle!r}"
    words = languages.ui("notebook.setup", lang, ROOT)
    assert words["title"] in first.source
    prose = markdown_without_code(first.source)
    letters = len(re.findall(f"[{SCRIPT[lang]}]", prose))
    assert letters > 0.5 * len(re.findall(r"\w", prose)), f"{lang}/{name}: the install note is not in {lang}"


@pytest.mark.parametrize("name", NOTEBOOKS)
@pytest.mark.parametrize("lang", LANGS)
def test_downloaded_notebook_has_no_link_that_breaks_outside_the_site(site: Path, lang: str, name: str):
    """Relative links (running-locally.md, framework.ipynb) only work on the site: a download has none."""
    nb = nbformat.read(site / prefix(lang) / "downloads" / name, as_version=4)
    site_page = bool(mkdocs_config().get("site_url"))
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        prose = markdown_without_code(cell.source)
        for target in MARKDOWN_LINK.findall(prose):
            assert target.startswith(("http://", "https://", "#")), f"{lang}/{name}: link to {target!r}"
        assert ".md)" not in prose and ".ipynb)" not in prose
    if not site_page:  # no address of the site: the links became text naming their page
        nav = languages.ui("nav", lang, ROOT)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        linked = {"framework.ipynb": "MNIST lab", "mnist-lab.ipynb": "Build your own framework"}[name]
        assert nav[linked] in text or nav[linked].lower() in text.lower(), f"{lang}/{name}: no {nav[linked]!r}"


def rewriter(site_url: str | None) -> LinkRewriter:
    titles = {"framework.ipynb": "Build your own framework", "running-locally.md": "Running locally",
              "lesson.md": "Lesson"}
    return LinkRewriter(site_url=site_url, lang_prefix="ru/", base_dir="", titles=titles,
                        site_page="{text} (the page “{page}” of the course site)")


LINKS = """From the previous page, [Build your own framework](framework.ipynb); see [the lesson](lesson.md#sgd),
[CS231n](https://cs231n.github.io/), [below](#setup) and ![a plot](assets/plot.png).

```bash
cat [kept](framework.ipynb)
```

Inline `[kept](lesson.md)` too."""


def test_links_become_addresses_of_the_published_site():
    text = rewriter("https://example.org/nn-course").rewrite(LINKS)
    assert "[Build your own framework](https://example.org/nn-course/ru/framework/)" in text
    assert "[the lesson](https://example.org/nn-course/ru/lesson/#sgd)" in text
    assert "![a plot](https://example.org/nn-course/assets/plot.png)" in text
    assert "[CS231n](https://cs231n.github.io/)" in text and "[below](#setup)" in text
    assert "cat [kept](framework.ipynb)" in text and "`[kept](lesson.md)`" in text


def test_without_an_address_links_become_text_that_names_the_page():
    text = rewriter(None).rewrite(LINKS)
    assert "From the previous page, Build your own framework; see the lesson," in text, "text naming its page stays"
    assert "[CS231n](https://cs231n.github.io/)" in text and "[below](#setup)" in text
    assert "and a plot." in text
    other = rewriter("").rewrite("Install it ([as shown here](running-locally.md#install-the-package)).")
    assert other == "Install it (as shown here (the page “Running locally” of the course site))."


def test_page_urls_follow_mkdocs():
    assert page_url("lesson.md") == "lesson/" and page_url("index.md") == ""
    assert page_url("mnist-lab.ipynb") == "mnist-lab/" and page_url("lesson.md", False) == "lesson.html"
