"""One notebook per language: the translated Markdown with the English outputs.

Where the notebooks come from:

* ``docs/NAME.ipynb`` - the English notebook, without outputs. It is generated
  from ``tools/sources/notebooks/*.py`` (``python -m tools.sources.sync_notebooks``).
* ``translations/<lang>/NAME.ipynb`` - its translation: translated Markdown
  cells, code cells byte-identical to the English ones (translators copy them
  with ``python -m tools.sources.sync_notebooks --update-code ...``) and the
  record ``metadata.translation = {"source": NAME, "source_sha256": ...}``.

For each language, :meth:`NotebookSources.processed_notebook` writes
``.cache/notebooks/<lang>/NAME.ipynb``: the language's notebook with the
English outputs in its code cells, the figures drawn in its language in its
figure cells, and snippet includes expanded. That file is what the page
renders and what readers download. Which file a page shows:

* no translation -> the English notebook (the page says "not translated");
* a translation whose code cells match -> the translation;
* an outdated translation (English changed since) whose code no longer
  matches -> the English notebook, until the translation is brought up to
  date (the page says so);
* an up-to-date translation whose code differs -> a build error naming the cell.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError

from tools.sitebuild.context import write_if_changed
from tools.sitebuild.notebooks.cells import code_cells, first_line, is_figure, log, read_notebook
from tools.sitebuild.notebooks.execution import Executor, FigureLanguage
from tools.sitebuild.notebooks.snippets import expand_snippets

TRANSLATIONS = "translations"
#: Metadata of the generated docs/*.ipynb naming their source (tools/sources/sync_notebooks.py).
ORIGIN_KEYS = ("generated_from", "generator")


class NotebookSources:
    """The notebooks of one site, filled per language (kept across builds of one MkDocs process)."""

    def __init__(self, root: Path, docs_dir: Path, default_lang: str, figure_langs: Sequence[FigureLanguage],
                 cache_dir: Path | None = None):
        self.root = root
        self.docs_dir = docs_dir
        self.default_lang = default_lang
        self.figure_langs = list(figure_langs)
        self.languages = [default_lang] + [lang.code for lang in self.figure_langs]
        self.src_root = root / "code" / "src"
        self.cache_dir = cache_dir or root / ".cache" / "notebooks"
        self.executor = Executor(self.src_root, self.cache_dir / "executed", self.figure_langs)
        #: (name, language) -> (inputs token, processed notebook)
        self._processed: dict[tuple[str, str], tuple[str, Path]] = {}

    # -- inputs ------------------------------------------------------------
    def english_path(self, name: str) -> Path:
        return self.docs_dir / name

    def translation_path(self, name: str, lang: str) -> Path | None:
        """``translations/<lang>/NAME``, or None for English and missing translations."""
        if lang == self.default_lang:
            return None
        path = self.root / TRANSLATIONS / lang / name
        return path if path.is_file() else None

    def execute_all(self, names: Iterable[str]) -> None:
        """Execute every listed notebook that has no cached outputs (side by side)."""
        paths = {name: self.english_path(name) for name in dict.fromkeys(names)}
        self.executor.execute_all({name: read_notebook(path) for name, path in paths.items() if path.is_file()})

    # -- one notebook per language -----------------------------------------
    def processed_notebook(self, name: str, lang: str) -> Path:
        """``.cache/notebooks/<lang>/NAME.ipynb``: outputs filled in, snippets expanded.

        A language without a translation gets the English notebook (the page
        falls back to English as well).
        """
        english = self.english_path(name)
        if not english.is_file():
            raise PluginError(f"notebooks: {english} does not exist")
        translation = self.translation_path(name, lang)
        source_lang = lang if translation else self.default_lang
        source = translation or english
        en = read_notebook(english)
        key, result = self.executor.execution(name, en)
        # The key covers the package source (and so the snippet regions) and the code cells.
        token = hashlib.sha256(key.encode() + source.read_bytes() + english.read_bytes()).hexdigest()
        memo = self._processed.get((name, source_lang))
        if memo and memo[0] == token and memo[1].is_file():
            return memo[1]

        nb = en if source == english else read_notebook(source)
        en_cells, cells = code_cells(en), code_cells(nb)
        if len(result.outputs) != len(en_cells):  # cannot happen unless the cache file was edited
            raise PluginError(f"notebooks: outputs for {name} do not match its code cells; delete {self.cache_dir}")
        problem = code_mismatch(source, en_cells, cells)
        if problem:
            recorded = nb.metadata.get("translation", {}).get("source_sha256")
            if translation is None or recorded == hashlib.sha256(english.read_bytes()).hexdigest():
                raise PluginError(problem)
            # An outdated translation (the English notebook changed since): its code may be
            # the old code, so its outputs cannot be filled in. Show the English notebook
            # until the translation is brought up to date (the page carries the outdated notice).
            log.info("%s; it is outdated, so the %s page shows the English notebook", problem, lang)
            target = self.processed_notebook(name, self.default_lang)
            self._processed[(name, lang)] = (token, target)
            return target
        lang_figures = result.figures.get(source_lang, {})
        for number, cell in enumerate(cells):
            outputs = lang_figures.get(number, result.outputs[number]) if is_figure(cell) else result.outputs[number]
            cell.outputs = [nbformat.from_dict(output) for output in copy.deepcopy(outputs)]
            cell.execution_count = result.counts[number]
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = expand_snippets(cell.source, self.src_root)
        if result.language_info:
            nb.metadata["language_info"] = copy.deepcopy(result.language_info)
        for key in ORIGIN_KEYS:  # how the repository makes docs/NAME.ipynb: meaningless in a download
            nb.metadata.pop(key, None)
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as exc:
            raise PluginError(f"notebooks: the processed {source_lang} {name} is not valid: {exc}") from exc
        target = self.cache_dir / source_lang / name
        write_if_changed(target, (nbformat.writes(nb) + "\n").encode("utf-8"))
        self._processed[(name, source_lang)] = (token, target)
        return target


def code_mismatch(source: Path, en_cells: list[nbformat.NotebookNode],
                  cells: list[nbformat.NotebookNode]) -> str | None:
    """Why the code cells of ``source`` are not those of the English notebook (None if they are)."""
    if len(cells) != len(en_cells):
        return (f"notebooks: {source} has {len(cells)} code cells, the English notebook has {len(en_cells)}; "
                f"code cells must be identical in every language")
    for number, (cell, en_cell) in enumerate(zip(cells, en_cells, strict=True), start=1):
        if cell.source != en_cell.source:
            return (f"notebooks: {source}: code cell {number} ({first_line(en_cell.source)!r}) differs from the "
                    f"English notebook; code cells must be byte-identical in every language")
    return None
