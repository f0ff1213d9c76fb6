"""Executable pages: the notebook pipeline (tools/sitebuild/notebooks/) and what it builds.

Two parts:

* the pipeline on a tiny notebook in a temporary repository (real kernel, real
  package stub): one execution serves every language, figure cells are redrawn
  per language with its plot labels and font, the cache avoids re-execution
  (and notices edited labels), translations with different code and failing
  cells stop the build with a clear message, snippets expand like
  pymdownx.snippets;
* the built site: every notebook page in every language is rendered HTML with
  its plots, no raw JSON and no errors, headings keep their anchors, code is
  identical across languages, snippet regions equal the package source, the
  download button gives a valid notebook with outputs.
"""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from mkdocs.exceptions import PluginError
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from site_html import LANGS, ROOT
from tools.sitebuild.notebooks import execution, snippets, sources
from tools.sitebuild.notebooks.execution import FigureLanguage

LOGGER = "mkdocs.sitebuild.notebooks"
NOTEBOOKS = ("framework.ipynb", "mnist-lab.ipynb")


def prefix(lang: str) -> str:
    """Folder of a language in the site: '' for English, 'ru/' for Russian."""
    return "" if lang == "en" else f"{lang}/"


# --------------------------------------------------------------------------- #
# the pipeline on a tiny repository
# --------------------------------------------------------------------------- #
PLOTS_WITH_LANGUAGES = '''
_labels = {}
_fonts = ()

def use_labels(labels=None, *, fonts=()):
    global _labels, _fonts
    _labels, _fonts = dict(labels or {}), tuple(fonts)
    return "labels in use"

def current():
    """The language of the labels in use, and the fonts asked for: "en", "ru+Noto Sans"."""
    return _labels.get("language", "en") + "".join("+" + font for font in _fonts)
'''
RUSSIAN = FigureLanguage("ru", {"language": "ru", "loss": "Потери"}, ("Noto Sans",))

PLOTS_WITHOUT_LANGUAGES = '''
def current():
    return "en"
'''

MODULE = '''
import math


# --8<-- [start:area]
def area(radius):
    """Area of a circle."""
    # --8<-- [start:inner]
    return math.pi * radius**2
    # --8<-- [end:inner]
# --8<-- [end:area]
'''


def code_cells(figure_source: str = "print('figure in', plots.current())") -> list:
    return [
        new_code_cell("from ownframework import plots\nvalue = 6 * 7\nprint(value)"),
        new_code_cell(figure_source, metadata={"tags": ["figure"]}),
        new_code_cell("value + 1"),
    ]


def write_notebook(path: Path, markdown: list[str], cells: list, translation_of: Path | None = None) -> None:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    if translation_of is not None:
        sha = hashlib.sha256(translation_of.read_bytes()).hexdigest()
        nb.metadata["translation"] = {"source": translation_of.name, "source_sha256": sha}
    nb.cells = [new_markdown_cell(markdown[0]), cells[0], new_markdown_cell(markdown[1]), *cells[1:]]
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    package = tmp_path / "code" / "src" / "ownframework"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "plots.py").write_text(PLOTS_WITH_LANGUAGES)
    (package / "geometry.py").write_text(MODULE)
    write_notebook(
        tmp_path / "docs" / "t.ipynb",
        ['# Title <a id="title"></a>\n\n```python\n--8<-- "ownframework/geometry.py:area"\n```', "Some $x^2$."],
        code_cells(),
    )
    write_notebook(
        tmp_path / "translations" / "ru" / "t.ipynb",
        ['# Заголовок <a id="title"></a>\n\n```python\n--8<-- "ownframework/geometry.py:area"\n```', "Немного $x^2$."],
        code_cells(),
        translation_of=tmp_path / "docs" / "t.ipynb",
    )
    return tmp_path


def pipeline(repo: Path, russian: FigureLanguage = RUSSIAN) -> sources.NotebookSources:
    return sources.NotebookSources(repo, repo / "docs", "en", [russian])


@pytest.fixture
def count_runs(monkeypatch):
    runs = []
    real = execution.run_notebook

    def counting(*args, **kwargs):
        runs.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(execution, "run_notebook", counting)
    return runs


def stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_one_execution_serves_every_language(repo, count_runs):
    pipe = pipeline(repo)
    en = nbformat.read(pipe.processed_notebook("t.ipynb", "en"), as_version=4)
    ru = nbformat.read(pipe.processed_notebook("t.ipynb", "ru"), as_version=4)
    assert count_runs == ["t.ipynb"], "the notebook must run once for all languages"

    en_code = [c for c in en.cells if c.cell_type == "code"]
    ru_code = [c for c in ru.cells if c.cell_type == "code"]
    assert stdout(en_code[0]) == stdout(ru_code[0]) == "42\n"
    assert stdout(en_code[1]) == "figure in en\n"
    assert stdout(ru_code[1]) == "figure in ru+Noto Sans\n", "figure cells are redrawn with the language's labels, font"
    assert en_code[2].outputs[0]["data"]["text/plain"] == "43", "the redraw must not disturb the kernel state"
    assert [c.execution_count for c in en_code] == [c.execution_count for c in ru_code] == [1, 2, 3]
    assert ru.cells[0].source.startswith("# Заголовок"), "Markdown comes from the translation"
    for nb in (en, ru):
        nbformat.validate(nb)


def test_figures_return_to_english_after_the_redraw(repo):
    cells = code_cells()
    cells[2] = new_code_cell("print('after', plots.current())")
    write_notebook(repo / "docs" / "t.ipynb", ["# T", "x"], cells)
    en = nbformat.read(pipeline(repo).processed_notebook("t.ipynb", "en"), as_version=4)
    assert stdout([c for c in en.cells if c.cell_type == "code"][2]) == "after en\n", (
        "after the figures of the other languages, use_labels() must bring back the English labels"
    )


def test_published_notebooks_do_not_name_the_generator(repo):
    english = repo / "docs" / "t.ipynb"
    nb = nbformat.read(english, as_version=4)
    nb.metadata["generated_from"] = "tools/sources/notebooks/t.py"
    nb.metadata["generator"] = "python -m tools.sources.sync_notebooks"
    nbformat.write(nb, english)
    en = nbformat.read(pipeline(repo).processed_notebook("t.ipynb", "en"), as_version=4)
    assert "generated_from" not in en.metadata and "generator" not in en.metadata


def test_notebooks_executed_side_by_side_are_not_executed_again(repo, count_runs):
    write_notebook(repo / "docs" / "u.ipynb", ["# U", "y"], code_cells())
    pipe = pipeline(repo)
    pipe.execute_all(["t.ipynb", "u.ipynb", "t.ipynb"])
    assert sorted(count_runs) == ["t.ipynb", "u.ipynb"]
    for name in ("t.ipynb", "u.ipynb"):
        pipe.processed_notebook(name, "ru")
    assert sorted(count_runs) == ["t.ipynb", "u.ipynb"], "the pages use the outputs of the side-by-side runs"


def test_snippet_includes_are_expanded(repo):
    ru = nbformat.read(pipeline(repo).processed_notebook("t.ipynb", "ru"), as_version=4)
    expected = (
        "```python\n"
        'def area(radius):\n    """Area of a circle."""\n    return math.pi * radius**2\n'
        "```"
    )
    assert expected in ru.cells[0].source
    assert "--8<--" not in ru.cells[0].source


def test_cache_avoids_execution_until_an_input_changes(repo, count_runs, monkeypatch):
    pipeline(repo).processed_notebook("t.ipynb", "en")
    assert len(count_runs) == 1
    fresh = pipeline(repo)  # a new MkDocs process: only the disk cache is left
    fresh.processed_notebook("t.ipynb", "ru")
    assert len(count_runs) == 1, "unchanged inputs must not execute the notebook again"

    (repo / "code" / "src" / "ownframework" / "geometry.py").write_text(MODULE + "\nTAU = 2 * math.pi\n")
    pipeline(repo).processed_notebook("t.ipynb", "en")
    assert len(count_runs) == 2, "a change in the package source must execute again"

    english = nbformat.read(repo / "docs" / "t.ipynb", as_version=4)
    before = pipeline(repo).executor.execution_key(english)
    relabelled = FigureLanguage("ru", {**RUSSIAN.labels, "loss": "Функция потерь"}, RUSSIAN.fonts)
    assert pipeline(repo, relabelled).executor.execution_key(english) != before, (
        "an edited plot label must redraw the figures"
    )
    refonted = FigureLanguage("ru", RUSSIAN.labels, ())
    assert pipeline(repo, refonted).executor.execution_key(english) != before, "the font is an input of the figures"
    monkeypatch.setenv("OWNFRAMEWORK_MNIST_DIR", str(repo / "elsewhere"))
    assert pipeline(repo).executor.execution_key(english) != before, "the MNIST directory is an input of the outputs"


def test_markdown_changes_do_not_execute(repo, count_runs):
    pipeline(repo).processed_notebook("t.ipynb", "ru")
    translation = repo / "translations" / "ru" / "t.ipynb"
    nb = nbformat.read(translation, as_version=4)
    nb.cells[2].source = "Другой текст."
    nbformat.write(nb, translation)
    ru = nbformat.read(pipeline(repo).processed_notebook("t.ipynb", "ru"), as_version=4)
    assert ru.cells[2].source == "Другой текст."
    assert len(count_runs) == 1


def test_up_to_date_translation_with_different_code_fails_naming_the_cell(repo):
    write_notebook(
        repo / "translations" / "ru" / "t.ipynb",
        ["# Заголовок", "Текст"],
        code_cells(figure_source="print('рисунок', plots.current())"),
        translation_of=repo / "docs" / "t.ipynb",
    )
    with pytest.raises(PluginError, match=r"code cell 2 .*print\('figure in'"):
        pipeline(repo).processed_notebook("t.ipynb", "ru")


def test_outdated_translation_with_old_code_falls_back_to_english(repo, caplog):
    translation = repo / "translations" / "ru" / "t.ipynb"
    english = repo / "docs" / "t.ipynb"
    write_notebook(english, ["# Title", "New text"], code_cells(figure_source="print('new', plots.current())"))
    with caplog.at_level("INFO", logger=LOGGER):
        path = pipeline(repo).processed_notebook("t.ipynb", "ru")
    ru = nbformat.read(path, as_version=4)
    assert ru.cells[0].source == "# Title", "the English notebook stands in for the outdated translation"
    assert stdout([c for c in ru.cells if c.cell_type == "code"][1]) == "new en\n"
    assert "outdated" in caplog.text and str(translation) in caplog.text


def test_failing_cell_stops_the_build_with_its_source_and_error(repo):
    cells = code_cells()
    cells[2] = new_code_cell("ratio = value / 0")
    write_notebook(repo / "docs" / "t.ipynb", ["# T", "x"], cells)
    with pytest.raises(PluginError) as error:
        pipeline(repo).processed_notebook("t.ipynb", "en")
    message = str(error.value)
    assert "code cell 3" in message
    assert "ratio = value / 0" in message
    assert "ZeroDivisionError" in message


def test_without_use_labels_figures_stay_english(repo, caplog):
    (repo / "code" / "src" / "ownframework" / "plots.py").write_text(PLOTS_WITHOUT_LANGUAGES)
    with caplog.at_level("INFO", logger=LOGGER):
        ru = nbformat.read(pipeline(repo).processed_notebook("t.ipynb", "ru"), as_version=4)
    assert stdout([c for c in ru.cells if c.cell_type == "code"][1]) == "figure in en\n"
    assert "use_labels is not available" in caplog.text


def test_snippet_region_follows_pymdownx_rules(tmp_path):
    (tmp_path / "ownframework").mkdir()
    (tmp_path / "ownframework" / "geometry.py").write_text(MODULE)
    assert snippets.snippet_region(tmp_path, "ownframework/geometry.py", "inner") == "return math.pi * radius**2"
    with pytest.raises(PluginError, match="'missing' not found"):
        snippets.snippet_region(tmp_path, "ownframework/geometry.py", "missing")
    with pytest.raises(PluginError, match="not found"):
        snippets.snippet_region(tmp_path, "ownframework/nothing.py", "area")
    with pytest.raises(PluginError, match="not found"):
        snippets.snippet_region(tmp_path, "../geometry.py", "area")


def test_progress_lines_keep_their_last_state():
    assert execution.clean_stream("epoch 1/3\repoch 2/3\repoch 3/3\ndone\n") == "epoch 3/3\ndone\n"
    assert execution.clean_stream("\x1b[31mred\x1b[0m\n") == "red\n"


# --------------------------------------------------------------------------- #
# the built site
# --------------------------------------------------------------------------- #
PAGES = [(lang, name) for lang in LANGS for name in NOTEBOOKS]


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Path:
    """The site built once per session by tests/conftest.py."""
    return site_dir


def uses_translation(lang: str, name: str) -> bool:
    """A translation stands on its page unless it is missing, or outdated with other code cells."""
    path = ROOT / "translations" / lang / name
    if lang == "en" or not path.is_file():
        return False
    translation, english = nbformat.read(path, as_version=4), nbformat.read(ROOT / "docs" / name, as_version=4)
    code = [[c.source for c in nb.cells if c.cell_type == "code"] for nb in (translation, english)]
    return code[0] == code[1]


def page_file(site: Path, lang: str, name: str) -> Path:
    return site / prefix(lang) / Path(name).stem / "index.html"


def article(html: str) -> str:
    match = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    assert match, "no <article> in the page"
    return match.group(0)


def downloaded(site: Path, lang: str, name: str) -> nbformat.NotebookNode:
    """The downloaded notebook without its first cell, the install note (tests/test_downloads.py checks it)."""
    path = site / prefix(lang) / "downloads" / name
    assert path.is_file(), f"missing download {path.relative_to(site)}"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].id == f"{Path(name).stem}-setup", "a downloaded notebook starts with its install note"
    del nb.cells[0]
    return nb


def image_outputs(cell) -> list[bytes]:
    outputs = cell.get("outputs", [])
    return [base64.b64decode(o["data"]["image/png"]) for o in outputs if "image/png" in o.get("data", {})]


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_notebook_page_is_rendered_html_with_plots(site, lang, name):
    page = page_file(site, lang, name)
    assert page.is_file(), f"no page {page.relative_to(site)}"
    html = page.read_text(encoding="utf-8")
    body = article(html)
    assert 'class="jupyter-wrapper"' in body
    assert '"cell_type"' not in html and '"nbformat"' not in html, "raw notebook JSON in the page"
    assert "<script" not in body, "notebook scripts (MathJax, Mermaid, clipboard) must be gone"
    assert "data:image" not in body, "plots must be files, not data URIs"
    assert "Traceback" not in body and "jp-OutputArea-error" not in body

    nb = downloaded(site, lang, name)
    plots = sum(len(image_outputs(c)) for c in nb.cells if c.cell_type == "code")
    images = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"[^>]*>', body)
    plot_images = [src for src in images if "notebook-images/" in src]
    assert len(plot_images) == plots, f"{plots} plots in the notebook, {len(plot_images)} on the page"
    for src in plot_images:
        target = (page.parent / src).resolve()
        assert target.is_file() and target.stat().st_size > 0, f"{src} does not exist"


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_no_error_outputs(site, lang, name):
    nb = downloaded(site, lang, name)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_headings_keep_their_explicit_anchors(site, lang, name):
    english = nbformat.read(ROOT / "docs" / name, as_version=4)
    anchors = [
        anchor
        for cell in english.cells if cell.cell_type == "markdown"
        for line in cell.source.splitlines() if re.match(r"#{1,6} ", line)
        for anchor in re.findall(r'<a id="([^"]+)"></a>', line)
    ]
    html = article(page_file(site, lang, name).read_text(encoding="utf-8"))
    ids = re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', html)
    assert anchors and ids == anchors


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_code_and_outputs_are_identical_across_languages(site, name):
    notebooks = {lang: downloaded(site, lang, name) for lang in LANGS}
    english = [c for c in notebooks["en"].cells if c.cell_type == "code"]
    assert english and all(c.outputs for c in english if "figure" in c.metadata.get("tags", []))
    for lang, nb in notebooks.items():
        cells = [c for c in nb.cells if c.cell_type == "code"]
        assert [c.source for c in cells] == [c.source for c in english], f"{lang}: code differs"
        for cell, en_cell in zip(cells, english, strict=True):
            if "figure" not in cell.metadata.get("tags", []):
                assert cell.outputs == en_cell.outputs, f"{lang}: outputs of {cell.source[:40]!r} differ"


@pytest.mark.parametrize(("lang", "name"), [(lang, name) for lang in LANGS[1:] for name in NOTEBOOKS])
def test_figures_are_drawn_in_the_page_language(site, lang, name):
    if not uses_translation(lang, name):
        pytest.skip(f"translations/{lang}/{name} is missing or outdated with other code: the page shows English")
    english = [c for c in downloaded(site, "en", name).cells if "figure" in c.get("metadata", {}).get("tags", [])]
    local = [c for c in downloaded(site, lang, name).cells if "figure" in c.get("metadata", {}).get("tags", [])]
    assert english
    for en_cell, cell in zip(english, local, strict=True):
        assert image_outputs(cell), f"{lang}: figure cell {cell.source[:40]!r} has no image"
        assert image_outputs(cell) != image_outputs(en_cell), f"{lang}: {cell.source[:40]!r} kept the English plot"


def package_region(path: str, region: str) -> str:
    """Independent reading of a `--8<--` section: marker lines dropped, dedented."""
    lines = (ROOT / "code" / "src" / path).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if f"--8<-- [start:{region}]" in line)
    end = next(i for i, line in enumerate(lines) if f"--8<-- [end:{region}]" in line)
    body = [line for line in lines[start + 1 : end] if not re.search(r"--8<-- \[(start|end):", line)]
    return textwrap.dedent("\n".join(body)).strip("\n")


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_snippet_includes_equal_the_package_source(site, lang, name):
    english = nbformat.read(ROOT / "docs" / name, as_version=4)
    nb = downloaded(site, lang, name)
    includes = 0
    for index, cell in enumerate(english.cells):
        for path, region in re.findall(r'--8<-- "([^":]+):([a-z][-_0-9a-z]*)"', cell.source):
            includes += 1
            assert f"```python\n{package_region(path, region)}\n```" in nb.cells[index].source, (
                f"{lang}: cell {index} does not show {path}:{region}"
            )
        assert "--8<--" not in nb.cells[index].source
    page = article(page_file(site, lang, name).read_text(encoding="utf-8"))
    assert includes == 0 or 'class="highlight"' in page


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_download_button_gives_this_language_notebook(site, lang, name):
    page = page_file(site, lang, name)
    button = r'<a class="md-button nb-download__button"[^>]*\bhref="([^"]+)"'
    match = re.search(button, page.read_text(encoding="utf-8"))
    assert match, "no download button"
    target = Path(posixpath.normpath(posixpath.join(str(page.parent), match.group(1))))
    assert target == site / prefix(lang) / "downloads" / name
    nb = downloaded(site, lang, name)  # the same file, without its install note
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "downloaded notebook has no outputs"
    source = ROOT / "translations" / lang / name if uses_translation(lang, name) else ROOT / "docs" / name
    shown = nbformat.read(source, as_version=4)
    # links to other pages are rewritten for a reader outside the site (tests/test_downloads.py), the rest is equal
    assert len(nb.cells) == len(shown.cells)
    assert nb.cells[0].source.splitlines()[0] == shown.cells[0].source.splitlines()[0], (
        f"the download must be the notebook the {lang} page shows ({source})")
    assert [c.source for c in nb.cells if c.cell_type == "code"] == [
        c.source for c in shown.cells if c.cell_type == "code"]
    if source.parent.name == lang:
        assert nb.metadata["translation"]["source"] == name


@pytest.mark.parametrize(("lang", "name"), PAGES)
def test_notebook_math_is_typeset(site, lang, name):
    english = nbformat.read(ROOT / "docs" / name, as_version=4)
    if not any("$" in c.source for c in english.cells if c.cell_type == "markdown"):
        pytest.skip("no math in this notebook")
    body = article(page_file(site, lang, name).read_text(encoding="utf-8"))
    assert 'class="katex' in body
    text = re.sub(r"<(code|pre)\b.*?</\1>", "", body, flags=re.DOTALL)
    assert "\\(" not in text and "$$" not in text, "math left untypeset"


def test_a_rebuild_would_not_execute(site):
    """After a build, .cache holds the outputs for the current code and package: a rebuild executes nothing."""
    for name in NOTEBOOKS:
        english = nbformat.read(ROOT / "docs" / name, as_version=4)
        notebooks = sources.NotebookSources(ROOT, ROOT / "docs", "en", execution.figure_languages(ROOT))
        assert notebooks.languages == list(LANGS)
        key = notebooks.executor.execution_key(english)
        cached = ROOT / ".cache" / "notebooks" / "executed" / f"{Path(name).stem}.{key[:20]}.json"
        assert cached.is_file(), f"{name}: no execution cache for the current inputs"
        data = json.loads(cached.read_text(encoding="utf-8"))
        assert len(data["outputs"]) == sum(c.cell_type == "code" for c in english.cells)
