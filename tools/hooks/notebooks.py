"""MkDocs hook: execute the notebooks once, fill every language, render light pages.

The notebooks in git have no outputs. For every notebook ``docs/NAME.ipynb``:

1. **Execute once.** The English notebook runs in one Jupyter kernel (the
   Python that runs MkDocs, ``code/src`` first on ``PYTHONPATH``, a temporary
   working directory, ``allow_errors=False``, a time limit per cell). A cell
   tagged ``figure`` only draws; right after it ran for English, the same
   kernel runs ``ownframework.plots.use_language(lang)`` and the cell again for
   every other language, so plot labels are translated without training
   anything twice. The outputs are cached in ``.cache/notebooks/executed/``
   under a key made of the code cells, the package source (``code/src``), the
   environment that changes results (``OWNFRAMEWORK_MNIST_DIR``), the
   languages and the tool versions: a rebuild with the same inputs executes
   nothing.
2. **Fill each language.** ``translations/<lang>/NAME.ipynb`` has translated
   Markdown cells and byte-identical code cells (checked, the build fails
   naming the cell otherwise); its code cells get the English outputs, its
   figure cells the figures drawn in its language. Snippet includes in
   Markdown cells (a ```` ```python ```` fence holding one
   ``--8<-- "ownframework/file.py:region"`` line) are replaced by that region
   of ``code/src`` (pymdownx.snippets section rules, dedented). The result is
   written to ``.cache/notebooks/<lang>/NAME.ipynb``; the page's ``File``
   points there, so mkdocs-jupyter renders it (``execute: false``), and the
   same file is the notebook readers download (``downloads/NAME.ipynb`` of
   each language).
3. **Light pages.** mkdocs-jupyter's HTML carries ~600 KB of JupyterLab CSS,
   a clipboard script, MathJax and Mermaid loaders. ``on_page_content`` keeps
   only the notebook markup: code cells become Material code blocks (same
   colours, copy button, light and dark), ``$...$`` math becomes
   pymdownx.arithmatex markup for the KaTeX step, headings take their explicit
   ``<a id>`` anchors, relative links are resolved like Markdown pages, plots
   are written as files next to the site's assets (loaded lazily), a small
   stylesheet (``notebooks.css``) is inlined and a download button is added.

``downloads.py`` uses :func:`processed_notebook` for the lab archives.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib.metadata
import io
import json
import logging
import os
import posixpath
import re
import shutil
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from pymdownx.snippets import SnippetPreprocessor

log = logging.getLogger("mkdocs.hooks.notebooks")

#: Bump when the way outputs are produced changes (invalidates the execution cache).
PIPELINE_VERSION = "3"
FIGURE_TAG = "figure"
CELL_TIMEOUT_S = int(os.environ.get("OWNFRAMEWORK_NB_CELL_TIMEOUT", "600"))
#: Environment variables that change what the notebooks compute (part of the cache key).
RESULT_ENV = ("OWNFRAMEWORK_MNIST_DIR",)
#: Tool versions that change outputs (part of the cache key).
RESULT_PACKAGES = ("numpy", "matplotlib", "ipykernel", "matplotlib-inline")
CACHE_DIR = Path(".cache") / "notebooks"
IMAGE_DIR = "assets/notebook-images"  # plots, relative to site_dir (shared by all languages)
LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:_[A-Z]{2})?)\.ipynb$")
SNIPPET_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)```(?P<info>python|py)[ \t]*\n'
    r'[ \t]*--8<--[ \t]+"(?P<path>[^"\n]+?):(?P<region>[a-z][-_0-9a-z]*)"[ \t]*\n'
    r'[ \t]*```[ \t]*$',
    re.MULTILINE,
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

#: Text for the page furniture this hook adds, per language.
UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "download": "Download this notebook",
        "download_title": "The notebook with all outputs, ready to run (.ipynb)",
        "plot_alt": "Plot drawn by the code cell above",
        "permalink": "Permanent link",
    },
    "ru": {
        "download": "Скачать этот блокнот",
        "download_title": "Блокнот со всеми результатами, готовый к запуску (.ipynb)",
        "plot_alt": "График, построенный кодом из ячейки выше",
        "permalink": "Постоянная ссылка",
    },
    "bn": {
        "download": "এই নোটবুকটি ডাউনলোড করুন",
        "download_title": "সব আউটপুটসহ চালানোর জন্য তৈরি নোটবুক (.ipynb)",
        "plot_alt": "ওপরের কোড সেলটি এই লেখচিত্রটি এঁকেছে",
        "permalink": "স্থায়ী লিংক",
    },
    "te": {
        "download": "ఈ నోట్‌బుక్‌ను డౌన్‌లోడ్ చేయండి",
        "download_title": "అన్ని అవుట్‌పుట్‌లతో, నడపడానికి సిద్ధంగా ఉన్న నోట్‌బుక్ (.ipynb)",
        "plot_alt": "పై కోడ్ సెల్ గీసిన చిత్రం",
        "permalink": "శాశ్వత లింక్",
    },
}

DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5v2zM19 9h-4V3H9v6H5l7 7 7-7z"/></svg>'
)


# --------------------------------------------------------------------------- #
# configuration helpers
# --------------------------------------------------------------------------- #
def repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def site_languages(config: MkDocsConfig) -> tuple[str, list[str]]:
    """(default language, all languages) from the i18n plugin; ("en", ["en"]) without it."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return "en", ["en"]
    langs = [lang.locale for lang in plugin.config.languages]
    default = plugin.default_language or langs[0]
    return default, langs


def current_language(config: MkDocsConfig) -> str:
    plugin = config.plugins.get("i18n")
    return (plugin and plugin.current_language) or site_languages(config)[0]


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly that. True if written.

    Also used by downloads.py."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; these are published
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _read_notebook(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except Exception as exc:  # malformed JSON, wrong nbformat, ...
        raise PluginError(f"notebooks: cannot read {path}: {exc}") from exc


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _is_figure(cell: nbformat.NotebookNode) -> bool:
    return FIGURE_TAG in cell.get("metadata", {}).get("tags", [])


def _first_line(source: str) -> str:
    line = source.strip().splitlines()[0] if source.strip() else "(empty cell)"
    return line if len(line) <= 70 else line[:67] + "..."


# --------------------------------------------------------------------------- #
# snippets: the same section rules as pymdownx.snippets
# --------------------------------------------------------------------------- #
#: The section-marker pattern of pymdownx.snippets itself, so pages and notebooks agree.
SECTION_MARKER = SnippetPreprocessor.RE_SNIPPET_SECTION


def snippet_region(src_root: Path, rel_path: str, region: str) -> str:
    """Lines between ``--8<-- [start:region]`` and ``[end:region]`` of a package file.

    Other section markers inside are dropped and the block is dedented, as
    pymdownx.snippets does with ``dedent_subsections: true``.
    """
    path = (src_root / rel_path).resolve()
    if src_root.resolve() not in path.parents or not path.is_file():
        raise PluginError(f"notebooks: snippet file {rel_path!r} not found under {src_root}")
    lines: list[str] = []
    inside = found = False
    for line in path.read_text(encoding="utf-8").splitlines():
        match = SECTION_MARKER.match(line) if "8<-" in line else None
        if match and match.group("escape"):
            line = (
                match.group("pre") + match.group("escape").replace(";", "", 1)
                + match.group("inline_marker") + match.group("section") + match.group("post")
            )
        elif match and match.group("name") == region:
            if match.group("type") == "start":
                inside = found = True
                continue
            if inside:
                break
        elif match:
            continue
        if inside:
            lines.append(line)
    if not found:
        raise PluginError(f"notebooks: snippet region {region!r} not found in {rel_path}")
    return textwrap.dedent("\n".join(lines)).strip("\n")


def expand_snippets(markdown: str, src_root: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        indent = match.group("indent")
        body = snippet_region(src_root, match.group("path"), match.group("region"))
        body = textwrap.indent(body, indent) if indent else body
        return f"{indent}```{match.group('info')}\n{body}\n{indent}```"

    return SNIPPET_FENCE.sub(replace, markdown)


# --------------------------------------------------------------------------- #
# execution
# --------------------------------------------------------------------------- #
@dataclass
class Execution:
    """Outputs of one English run, per code cell (by position among code cells)."""

    outputs: list[list[dict]]
    counts: list[int | None]
    figures: dict[str, dict[int, list[dict]]] = field(default_factory=dict)
    language_info: dict = field(default_factory=dict)

    def to_json(self) -> str:
        figures = {lang: {str(k): v for k, v in cells.items()} for lang, cells in self.figures.items()}
        return json.dumps(
            {"outputs": self.outputs, "counts": self.counts, "figures": figures,
             "language_info": self.language_info},
            ensure_ascii=False, sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Execution:
        data = json.loads(text)
        figures = {lang: {int(k): v for k, v in cells.items()} for lang, cells in data["figures"].items()}
        return cls(data["outputs"], data["counts"], figures, data.get("language_info", {}))


def _clean_stream(text: str) -> str:
    """What a terminal would show: progress lines rewritten with \\r keep their last state."""
    text = ANSI.sub("", text)
    if "\r" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        parts = [part for part in line.split("\r") if part]
        lines.append(parts[-1] if parts else "")
    return "\n".join(lines)


def _clean_outputs(outputs: list) -> list[dict]:
    """Plain dicts; consecutive stream outputs merged and cleaned."""
    cleaned: list[dict] = []
    for output in outputs:
        output = json.loads(json.dumps(output))  # NotebookNode -> plain, deep copy
        previous = cleaned[-1] if cleaned else {}
        if output.get("output_type") == previous.get("output_type") == "stream" and previous["name"] == output["name"]:
            previous["text"] += output["text"]
            continue
        cleaned.append(output)
    for output in cleaned:
        if output.get("output_type") == "stream":
            output["text"] = _clean_stream(output["text"])
    return cleaned


class _VenvKernelSpecs:
    """Kernel spec 'python3' = this very interpreter (the venv), whatever else is installed."""

    @staticmethod
    def manager(ipc_dir: str):
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_client.manager import KernelManager

        class Specs(KernelSpecManager):
            def get_kernel_spec(self, kernel_name: str):
                from ipykernel.kernelspec import RESOURCES, get_kernel_dict

                return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())

        # IPC sockets: local only, no "kernel over TCP without encryption" warning.
        return KernelManager(
            kernel_name="python3", kernel_spec_manager=Specs(),
            transport="ipc", ip=os.path.join(ipc_dir, "kernel"),
        )


def _cell_failure(name: str, number: int, cell, exc: BaseException) -> PluginError:
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, CellTimeoutError):
        reason = f"did not finish within {CELL_TIMEOUT_S} s (OWNFRAMEWORK_NB_CELL_TIMEOUT)"
    elif isinstance(exc, DeadKernelError):
        reason = "killed the kernel (out of memory?)"
    else:
        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        if error is not None:
            trace = ANSI.sub("", "\n".join(error.get("traceback", [])))
            tail = "\n".join(trace.strip().splitlines()[-12:])
            reason = f"raised {error.get('ename')}: {error.get('evalue')}\n{tail}"
        else:
            reason = ANSI.sub("", str(exc)).strip()[-2000:]
    return PluginError(
        f"notebooks: {name}: code cell {number} failed while building the site.\n"
        f"--- cell source ---\n{cell.source}\n--- error ---\n{reason}"
    )


def run_notebook(name: str, nb: nbformat.NotebookNode, env: dict[str, str], figure_langs: list[str],
                 default_lang: str) -> Execution:
    """Execute ``nb`` (outputs ignored) in one kernel; redraw figure cells per language."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, CellExecutionError, DeadKernelError
    from nbformat.v4 import new_code_cell

    nb = copy.deepcopy(nb)
    cells = _code_cells(nb)
    for cell in cells:
        cell.outputs = []
        cell.execution_count = None
    figures: dict[str, dict[int, list[dict]]] = {lang: {} for lang in figure_langs}
    can_translate: bool | None = None
    timings: list[tuple[float, int, str]] = []
    redraw_seconds = 0.0

    with tempfile.TemporaryDirectory(prefix="nb-run-") as workdir:
        client = NotebookClient(
            nb, km=_VenvKernelSpecs.manager(workdir), timeout=CELL_TIMEOUT_S, allow_errors=False,
            record_timing=False, resources={"metadata": {"path": workdir}},
            shutdown_kernel="immediate",  # nothing to save in the kernel afterwards; saves ~1 s
        )

        def helper(source: str, what: str) -> str:
            """Run bookkeeping code (no history); return its stdout, log its stderr."""
            cell = new_code_cell(source)
            try:
                client.execute_cell(cell, 0, store_history=False)
            except (CellExecutionError, CellControlSignal, DeadKernelError) as exc:
                raise _cell_failure(name, 0, cell, exc) from exc
            out = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
            err = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
            if err.strip():
                log.warning("notebooks: %s: %s printed: %s", name, what, ANSI.sub("", err).strip())
            return out

        with client.setup_kernel(env=env, cleanup_kc=True):  # we made the manager: shut the kernel down
            for number, cell in enumerate(cells, start=1):
                index = nb.cells.index(cell)
                started = time.monotonic()
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellControlSignal, DeadKernelError) as exc:
                    raise _cell_failure(name, number, cell, exc) from exc
                timings.append((time.monotonic() - started, number, cell.source))
                if not (_is_figure(cell) and figure_langs):
                    continue
                if can_translate is None:
                    probe = helper(
                        "try:\n"
                        "    import ownframework.plots as _nb_plots\n"
                        "    print(callable(getattr(_nb_plots, 'use_language', None)))\n"
                        "    del _nb_plots\n"
                        "except Exception as _nb_error:\n"
                        "    print('False', repr(_nb_error))\n"
                        "    del _nb_error\n",
                        "the use_language probe",
                    )
                    can_translate = probe.strip().startswith("True")
                    if not can_translate:
                        log.info(
                            "notebooks: %s: ownframework.plots.use_language is not available (%s); "
                            "figures keep their English labels in every language", name, probe.strip(),
                        )
                if not can_translate:
                    continue
                redraw_started = time.monotonic()
                for lang in figure_langs:
                    helper(f"__import__('ownframework.plots').plots.use_language({lang!r})",
                           f"use_language({lang!r})")
                    redraw = new_code_cell(cell.source, metadata=copy.deepcopy(cell.metadata))
                    try:
                        client.execute_cell(redraw, index, store_history=False)
                    except (CellExecutionError, CellControlSignal, DeadKernelError) as exc:
                        raise _cell_failure(f"{name} [{lang} figure]", number, redraw, exc) from exc
                    figures[lang][number - 1] = _clean_outputs(redraw.outputs)
                helper(f"__import__('ownframework.plots').plots.use_language({default_lang!r})",
                       f"use_language({default_lang!r})")
                redraw_seconds += time.monotonic() - redraw_started
        language_info = dict(nb.metadata.get("language_info", {}))
    slowest = sorted(timings, reverse=True)[:3]
    log.info("notebooks: %s: code cells %.1f s, figures redrawn for %s %.1f s; slowest cells: %s", name,
             sum(t[0] for t in timings), ", ".join(figure_langs) or "-", redraw_seconds, "; ".join(
                 f"{number} ({seconds:.1f} s, {_first_line(source)!r})" for seconds, number, source in slowest))

    return Execution(
        outputs=[_clean_outputs(cell.outputs) for cell in cells],
        counts=[cell.execution_count for cell in cells],
        figures={lang: cells_ for lang, cells_ in figures.items() if cells_},
        language_info=json.loads(json.dumps(language_info)),
    )


# --------------------------------------------------------------------------- #
# the pipeline (one per repository, kept across builds of one MkDocs process)
# --------------------------------------------------------------------------- #
class Pipeline:
    def __init__(self, root: Path, docs_dir: Path, default_lang: str, languages: list[str]):
        self.root = root
        self.docs_dir = docs_dir
        self.default_lang = default_lang
        self.languages = languages
        self.src_root = root / "code" / "src"
        self.cache = root / CACHE_DIR
        self._executions: dict[str, tuple[str, Execution]] = {}
        self._processed: dict[tuple[str, str], tuple[str, Path]] = {}

    # -- inputs ------------------------------------------------------------
    def english_path(self, name: str) -> Path:
        return self.docs_dir / name

    def translation_path(self, name: str, lang: str) -> Path | None:
        if lang == self.default_lang:
            return None
        path = self.root / "translations" / lang / name
        return path if path.is_file() else None

    def package_files(self) -> list[Path]:
        if not self.src_root.is_dir():
            return []
        return sorted(
            p for p in self.src_root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith((".pyc", ".pyo"))
        )

    def kernel_env(self) -> dict[str, str]:
        env = dict(os.environ)
        paths = [str(self.src_root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
        env["PYTHONPATH"] = os.pathsep.join(paths)
        env.setdefault("PYTHONHASHSEED", "0")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        return env

    def execution_key(self, nb: nbformat.NotebookNode) -> str:
        digest = hashlib.sha256()

        def feed(label: str, data: bytes | str) -> None:
            data = data.encode() if isinstance(data, str) else data
            digest.update(f"{label}:{len(data)}:".encode() + data)

        feed("pipeline", PIPELINE_VERSION)
        feed("python", sys.version)
        for package in RESULT_PACKAGES:
            try:
                feed(package, importlib.metadata.version(package))
            except importlib.metadata.PackageNotFoundError:
                feed(package, "-")
        feed("languages", ",".join(self.languages))
        for cell in _code_cells(nb):
            feed("cell", ("F" if _is_figure(cell) else "C") + cell.source)
        for path in self.package_files():
            feed("file:" + path.relative_to(self.src_root).as_posix(), path.read_bytes())
        for var in RESULT_ENV:
            feed("env:" + var, os.environ.get(var, "<unset>"))
        return digest.hexdigest()

    # -- step 1: execute once ----------------------------------------------
    def execute_all(self, names: list[str]) -> None:
        """Execute every notebook that has no cached outputs, side by side (one kernel each).

        The MNIST lab is the long one; running the others next to it on the
        second core keeps a cold build close to the time of the lab alone.
        """
        todo = []
        for name in dict.fromkeys(names):
            if not self.english_path(name).is_file():
                continue
            en = _read_notebook(self.english_path(name))
            key = self.execution_key(en)
            memo = self._executions.get(name)
            if not (memo and memo[0] == key) and not self._cached_path(name, key).is_file():
                todo.append((name, en))
        if len(todo) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            futures = [pool.submit(self.execution, name, en) for name, en in todo]
        errors = [f.exception() for f in futures if f.exception() is not None]
        if errors:
            raise errors[0]

    def _cached_path(self, name: str, key: str) -> Path:
        return self.cache / "executed" / f"{PurePosixPath(name).stem}.{key[:20]}.json"

    def execution(self, name: str, en: nbformat.NotebookNode | None = None) -> tuple[str, Execution]:
        """(cache key, outputs) of the English notebook, executing it only if nothing is cached."""
        en = en if en is not None else _read_notebook(self.english_path(name))
        key = self.execution_key(en)
        memo = self._executions.get(name)
        if memo and memo[0] == key:
            return memo
        stem = PurePosixPath(name).stem
        cached = self._cached_path(name, key)
        if cached.is_file():
            result = Execution.from_json(cached.read_text(encoding="utf-8"))
            log.info("notebooks: %s: outputs from cache (%s)", name, cached.name)
        else:
            others = [lang for lang in self.languages if lang != self.default_lang]
            log.info("notebooks: executing %s (figures also in %s)...", name, ", ".join(others) or "-")
            start = time.monotonic()
            result = run_notebook(name, en, self.kernel_env(), others, self.default_lang)
            log.info("notebooks: executed %s in %.1f s", name, time.monotonic() - start)
            write_if_changed(cached, result.to_json().encode("utf-8"))
            for old in cached.parent.glob(f"{stem}.*.json"):
                if old != cached:
                    old.unlink(missing_ok=True)
        self._executions[name] = (key, result)
        return key, result

    # -- step 2: one notebook per language ---------------------------------
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
        en = _read_notebook(english)
        key, result = self.execution(name, en)
        # The key covers the package source (and so the snippet regions) and the code cells.
        token = hashlib.sha256(key.encode() + source.read_bytes() + english.read_bytes()).hexdigest()
        memo = self._processed.get((name, source_lang))
        if memo and memo[0] == token and memo[1].is_file():
            return memo[1]

        nb = en if source == english else _read_notebook(source)
        en_cells, cells = _code_cells(en), _code_cells(nb)
        if len(result.outputs) != len(en_cells):  # cannot happen unless the cache file was edited
            raise PluginError(f"notebooks: outputs for {name} do not match its code cells; delete {self.cache}")
        problem = _code_mismatch(source, en_cells, cells)
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
            outputs = lang_figures.get(number, result.outputs[number]) if _is_figure(cell) else result.outputs[number]
            cell.outputs = [nbformat.from_dict(output) for output in copy.deepcopy(outputs)]
            cell.execution_count = result.counts[number]
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = expand_snippets(cell.source, self.src_root)
        if result.language_info:
            nb.metadata["language_info"] = copy.deepcopy(result.language_info)
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as exc:
            raise PluginError(f"notebooks: the processed {source_lang} {name} is not valid: {exc}") from exc
        target = self.cache / source_lang / name
        write_if_changed(target, (nbformat.writes(nb) + "\n").encode("utf-8"))
        self._processed[(name, source_lang)] = (token, target)
        return target


def _code_mismatch(source: Path, en_cells: list, cells: list) -> str | None:
    """Why the code cells of ``source`` are not those of the English notebook (None if they are)."""
    if len(cells) != len(en_cells):
        return (f"notebooks: {source} has {len(cells)} code cells, the English notebook has {len(en_cells)}; "
                f"code cells must be identical in every language")
    for number, (cell, en_cell) in enumerate(zip(cells, en_cells), start=1):
        if cell.source != en_cell.source:
            return (f"notebooks: {source}: code cell {number} ({_first_line(en_cell.source)!r}) differs from the "
                    f"English notebook; code cells must be byte-identical in every language")
    return None


_pipelines: dict[Path, Pipeline] = {}


def pipeline(config: MkDocsConfig) -> Pipeline:
    root = repo_root(config)
    default, langs = site_languages(config)
    current = _pipelines.get(root)
    if current is None or current.languages != langs or current.docs_dir != Path(config.docs_dir):
        current = _pipelines[root] = Pipeline(root, Path(config.docs_dir), default, langs)
    return current


def processed_notebook(config: MkDocsConfig, name: str, lang: str) -> Path:
    """Public entry point (used by downloads.py): the notebook readers of ``lang`` download."""
    return pipeline(config).processed_notebook(name, lang)


# --------------------------------------------------------------------------- #
# MkDocs events
# --------------------------------------------------------------------------- #
class DownloadFile(File):
    """A file offered for download. Never a page, even where ``.ipynb`` pages are enabled."""

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return True


def download_file(config: MkDocsConfig, src_uri: str, dest_uri: str, path: Path) -> DownloadFile:
    file = DownloadFile(src_uri, None, config.site_dir, config.use_directory_urls, dest_uri=dest_uri)
    file.abs_src_path = str(path)
    file.generated_by = "tools/hooks/notebooks.py"
    return file


def english_name(src_uri: str, languages: list[str]) -> tuple[str, str | None]:
    """framework.ru.ipynb -> ("framework.ipynb", "ru"); framework.ipynb -> ("framework.ipynb", None)."""
    match = LANG_SUFFIX.match(src_uri)
    if match and match.group("lang") in languages:
        return f"{match.group('stem')}.ipynb", match.group("lang")
    return src_uri, None


def _language_prefix(config: MkDocsConfig, lang: str) -> str:
    default, _ = site_languages(config)
    return "" if lang == default else f"{lang}/"


_jupyter_cache_root: dict[int, str] = {}
#: Entries of .cache/notebooks/{pages,site-images} used by the current site build (all languages).
_cache_used: dict[str, set[str]] = {"pages": set(), "site-images": set()}


def nested_build(config: MkDocsConfig) -> bool:
    """True inside the i18n plugin's builds of the other languages."""
    plugin = config.plugins.get("i18n")
    return bool(plugin and getattr(plugin, "building", False))


@event_priority(-300)  # after the i18n plugin (-100) has built every language
def on_post_build(config: MkDocsConfig) -> None:
    """Forget cached pages and plots that no language used in this build."""
    if nested_build(config):
        return
    for kind, names in _cache_used.items():
        folder = repo_root(config) / CACHE_DIR / kind
        if names and folder.is_dir():
            for path in folder.iterdir():
                if path.name not in names and not path.name.startswith("."):
                    path.unlink(missing_ok=True)


def on_pre_build(config: MkDocsConfig) -> None:
    """Give mkdocs-jupyter's HTML cache one folder per language.

    mkdocs-jupyter evicts, after each build, every cached page that build did
    not use; the i18n plugin runs one build per language, so with one shared
    folder each language evicted the others and every rebuild converted every
    notebook again (~1 s per page).
    """
    if not nested_build(config):
        for names in _cache_used.values():
            names.clear()
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config.get("cache"):
        return
    root = _jupyter_cache_root.setdefault(id(plugin), str(plugin.config["cache_dir"]))
    plugin.config["cache_dir"] = str(Path(root) / current_language(config))


@event_priority(-50)  # after mkdocs-jupyter (0), before the i18n plugin (-100)
def _unwrap_notebook_files(files: Files, config: MkDocsConfig) -> Files:
    """Undo mkdocs-jupyter's ``NotebookFile`` wrappers before the i18n plugin sorts the files.

    The wrapper computes ``abs_src_path`` from ``src_dir``, which is None for the
    translations that i18n_sources.py adds as generated files, so the i18n plugin
    would see no source and drop them ("Unhandled file case"). The i18n plugin
    rebuilds every file as a plain ``File`` anyway, so nothing of the wrapper is lost.
    """
    unwrapped = [getattr(file, "file", file) if type(file).__name__ == "NotebookFile" else file for file in files]
    return Files(unwrapped)


@event_priority(-500)  # after i18n_sources (100), mkdocs-jupyter (0) and the i18n plugin (-100)
def _notebook_files(files: Files, config: MkDocsConfig) -> Files:
    """Point each notebook page at its processed notebook; offer it under downloads/."""
    pipe = pipeline(config)
    lang = current_language(config)
    prefix = _language_prefix(config, lang)
    pages = [f for f in files if f.src_uri.endswith(".ipynb") and f.is_documentation_page()
             and not isinstance(f, DownloadFile)]
    pipe.execute_all([english_name(f.src_uri, pipe.languages)[0] for f in pages])
    for file in list(files):
        if not file.src_uri.endswith(".ipynb") or isinstance(file, DownloadFile):
            continue
        if not file.is_documentation_page():
            continue
        name, file_lang = english_name(file.src_uri, pipe.languages)
        target = pipe.processed_notebook(name, file_lang or pipe.default_lang)
        file.abs_src_path = str(target)
        file.notebook_name = name
        file.notebook_lang = file_lang or pipe.default_lang
        files.append(download_file(config, f"downloads/{name}", f"{prefix}downloads/{name}", target))
    return files


on_files = CombinedEvent(_unwrap_notebook_files, _notebook_files)


# --------------------------------------------------------------------------- #
# page post-processing
# --------------------------------------------------------------------------- #
_CSS_PATH = Path(__file__).with_name("notebooks.css")
DATA_IMAGE = re.compile(r'<img\b([^>]*?)\bsrc="data:image/(?P<kind>png|jpeg|gif);base64,(?P<data>[^"]+)"([^>]*)>')
MATH_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
MATH_INLINE = re.compile(r"(?<![\\$])\$(?![\s$])(.+?)(?<![\s\\$])\$(?!\$)", re.DOTALL)


def _stylesheet() -> str:
    css = _CSS_PATH.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return re.sub(r"\s*\n\s*", "", css).strip()


def _image_size(kind: str, data: bytes) -> tuple[int, int] | None:
    if kind == "png" and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def _lighter_png(data: bytes) -> bytes:
    """The plot as a 256-colour PNG (about a third of the bytes, the same picture).

    Matplotlib writes 32-bit PNGs, but a plot has few colours: an adaptive
    palette without dithering keeps lines, text and colour maps as they look.
    The downloadable notebook keeps the original image.
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


def _publish_image(config: MkDocsConfig, name: str) -> None:
    """Copy a prepared plot from .cache/notebooks/site-images/ into the site (once per build)."""
    target = Path(config.site_dir) / IMAGE_DIR / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo_root(config) / CACHE_DIR / "site-images" / name, target)


def _save_asset(config: MkDocsConfig, page: Page, data: bytes, suffix: str, used: list[str]) -> str:
    """Publish a plot under site_dir/assets/notebook-images/ (content-addressed); URL relative to page."""
    name = f"{hashlib.sha256(data).hexdigest()[:20]}.{suffix}"
    prepared = repo_root(config) / CACHE_DIR / "site-images" / name
    if not prepared.is_file():
        write_if_changed(prepared, _lighter_png(data) if suffix == "png" else data)
    _publish_image(config, name)
    used.append(name)
    return get_relative_url(f"{IMAGE_DIR}/{name}", page.url)


def _externalise_images(html: str, config: MkDocsConfig, page: Page, alt: str, used: list[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group("data"))
        kind = match.group("kind")
        url = _save_asset(config, page, data, "jpg" if kind == "jpeg" else kind, used)
        attrs = (match.group(1) + match.group(4)).strip().rstrip("/").strip()
        attrs = re.sub(r'\balt="[^"]*"', "", attrs)
        attrs = re.sub(r'\bclass=""', "", attrs).strip()
        size = _image_size(kind, data)
        dims = ""
        if size and "width=" not in attrs:
            dims = f' width="{size[0]}" height="{size[1]}"'
        extra = f" {attrs}" if attrs else ""
        return f'<img src="{url}" alt="{alt}"{dims} loading="lazy" decoding="async"{extra}>'

    return DATA_IMAGE.sub(replace, html)


def _math_to_arithmatex(soup, text_node) -> None:
    """Turn $...$ / $$...$$ in one text node into pymdownx.arithmatex (generic) markup."""
    from bs4 import NavigableString

    text = str(text_node)
    pieces: list[Any] = []
    position = 0
    pattern = re.compile(f"{MATH_DISPLAY.pattern}|{MATH_INLINE.pattern}", re.DOTALL)
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append(NavigableString(text[position:match.start()]))
        if match.group(1) is not None:
            tex = match.group(1).strip()
            parent = text_node.parent
            alone = parent.name == "p" and len(parent.contents) == 1 and text.strip() == match.group(0)
            element = soup.new_tag("div" if alone else "span", attrs={"class": "arithmatex"})
            element.string = f"\\[{tex}\\]"
        else:
            element = soup.new_tag("span", attrs={"class": "arithmatex"})
            element.string = f"\\({match.group(2)}\\)"
        pieces.append(element)
        position = match.end()
    if not pieces:
        return
    if position < len(text):
        pieces.append(NavigableString(text[position:]))
    parent = text_node.parent
    if (len(pieces) == 1 and getattr(pieces[0], "name", None) == "div" and parent.name == "p"):
        parent.replace_with(pieces[0])
        return
    for piece in pieces:
        text_node.insert_before(piece)
    text_node.extract()


def _resolve_link(url: str, page: Page, files: Files, base_dir: str) -> str | None:
    """A relative link written in a notebook, resolved like MkDocs resolves Markdown links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(base_dir, unquote(parts.path)))
    file = files.get_file_from_path(target)
    if file is None:
        log.warning("notebooks: %s links to %r, which is not a file of the site", page.file.src_uri, url)
        return None
    new = file.url_relative_to(page.file)
    return new + (f"#{parts.fragment}" if parts.fragment else "")


def _toc_tokens(headings: list[tuple[int, str, str]]) -> list[dict]:
    roots: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in headings:
        token = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


STRIP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<link\b[^>]*>", re.DOTALL | re.IGNORECASE)
#: Notebook furniture nobody needs on a site page (mkdocs-jupyter's clipboard widget, prompts, tag bar).
REMOVE_CLASSES = {"zeroclipboard-container", "clipboard-copy-txt", "celltoolbar", "jp-Collapser",
                  "jp-InputPrompt", "jp-OutputPrompt", "anchor-link"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class RenderedPage:
    html: str
    toc: list[dict]
    title: str | None
    images: list[str]


def postprocess(html: str, page: Page, config: MkDocsConfig, files: Files, lang: str) -> RenderedPage:
    from bs4 import BeautifulSoup, NavigableString

    text = UI_TEXT.get(lang, UI_TEXT["en"])
    images: list[str] = []
    html = _externalise_images(html, config, page, text["plot_alt"], images)
    # 1. drop everything but the notebook: scripts (MathJax, Mermaid, clipboard), ~600 KB of
    #    JupyterLab CSS, comments; then, in one walk, the clipboard widgets, prompts and tag bars
    soup = BeautifulSoup(STRIP.sub("", html), "html.parser")
    wrapper = None
    markdown_cells, code_blocks, furniture = [], [], []
    for element in soup.find_all(True):
        classes = element.get("class") or []
        if element.name == "clipboard-copy" or REMOVE_CLASSES.intersection(classes):
            furniture.append(element)
            continue
        for attribute in ("data-jp-theme-light", "data-jp-theme-name"):
            element.attrs.pop(attribute, None)
        if "tabindex" in element.attrs and "jp-OutputArea-output" not in classes:
            del element["tabindex"]  # only scrollable outputs need keyboard focus
        if "jupyter-wrapper" in classes and wrapper is None:
            wrapper = element
        elif "jp-RenderedMarkdown" in classes:
            markdown_cells.append(element)
        elif element.name == "div" and ("highlight-ipynb" in classes or "highlight" in classes):
            code_blocks.append(element)
    if wrapper is None:
        raise PluginError(f"notebooks: {page.file.src_uri}: mkdocs-jupyter produced no notebook markup")
    removed: set[int] = set()
    for element in furniture:  # outermost first (document order); skip what went with a parent
        if not any(id(parent) in removed for parent in element.parents):
            removed.add(id(element))
            element.decompose()

    # 2. code: the markup of pymdownx.highlight, so Material styles it (and adds its copy button)
    for block in code_blocks:
        block["class"] = ["highlight"] + [c for c in block.get("class", []) if c.startswith("language-")]
        pre = block.find("pre")
        if pre is not None and pre.find("code", recursive=False) is None:
            code = soup.new_tag("code")
            for child in list(pre.contents):
                if getattr(child, "name", None) == "span" and not child.get_text() and not child.attrs:
                    continue  # pygments' empty leading <span></span> stays outside, as in Markdown pages
                code.append(child.extract())
            pre.append(code)

    # 3. headings: explicit anchors become the heading ids, with Material's permalink
    headings: list[tuple[int, str, str]] = []
    used: set[str] = set()
    for heading in (h for cell in markdown_cells for h in cell.find_all(HEADINGS)):
        anchor = heading.find("a", id=True, href=False)
        if anchor is not None:
            heading["id"] = anchor["id"]
            anchor.decompose()
        permalink = heading.find("a", class_="headerlink")
        if not heading.get("id") or heading["id"] in used or (anchor is None and permalink is None):
            log.warning('notebooks: %s: heading %r has no explicit anchor (write `## Title <a id="anchor"></a>`)',
                        page.file.src_uri, heading.get_text(strip=True).rstrip("¶"))
        if not heading.get("id") or heading["id"] in used:
            base, number = heading.get("id") or "section", 1
            while f"{base}-{number}" in used:
                number += 1
            heading["id"] = f"{base}-{number}"
        used.add(heading["id"])
        if heading.contents and isinstance(heading.contents[-1], NavigableString):
            heading.contents[-1].replace_with(heading.contents[-1].rstrip())
        if permalink is None:
            permalink = soup.new_tag("a", attrs={"class": "headerlink"})
            permalink.string = "¶"
            heading.append(permalink)
        permalink["href"] = f"#{heading['id']}"
        permalink["title"] = text["permalink"]
        name = "".join(
            part for part in heading.find_all(string=True) if not part.find_parent("a", class_="headerlink")
        ).strip()
        headings.append((int(heading.name[1]), heading["id"], " ".join(name.split())))

    # 4. math in Markdown cells -> arithmatex markup (typeset to HTML by the KaTeX hook)
    for cell in markdown_cells:
        for node in list(cell.find_all(string=True)):
            if "$" in node and not node.find_parent(["code", "pre", "script", "style"]):
                _math_to_arithmatex(soup, node)

    # 5. plots: a description in the page's language (nbconvert's English default or empty alt)
    for img in wrapper.find_all("img"):
        if img.find_parent(class_="jp-OutputArea") is None:
            continue
        if not img.get("alt") or img["alt"] == "No description has been provided for this image":
            img["alt"] = text["plot_alt"]

    # 6. relative links and images of Markdown cells, resolved like Markdown pages
    base_dir = posixpath.dirname(getattr(page.file, "notebook_name", page.file.src_uri))
    for tag, attr in (("a", "href"), ("img", "src")):
        for element in (e for cell in markdown_cells for e in cell.find_all(tag, attrs={attr: True})):
            resolved = _resolve_link(element[attr], page, files, base_dir)
            if resolved is not None:
                element[attr] = resolved

    # 7. the download button, right under the title
    name = getattr(page.file, "notebook_name", None)
    if name:
        prefix = _language_prefix(config, current_language(config))
        href = get_relative_url(f"{prefix}downloads/{name}", page.url)
        button = BeautifulSoup(
            f'<p class="nb-download"><a class="md-button nb-download__button" href="{href}" download="{name}" '
            f'title="{text["download_title"]}">{DOWNLOAD_ICON}<span>{text["download"]}</span></a></p>',
            "html.parser",
        )
        first_heading = wrapper.find("h1")
        if first_heading is not None:
            first_heading.insert_after(button)
        else:
            wrapper.insert(0, button)

    style = soup.new_tag("style")
    style.string = _stylesheet()
    wrapper.insert(0, style)
    title = headings[0][2] if headings and headings[0][0] == 1 else None
    return RenderedPage(str(wrapper), _toc_tokens(headings), title, images)


@event_priority(-10)  # after mkdocs-jupyter (0), before figures.py (-20), notices (-50), KaTeX (post_page)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The light notebook page; cached, since the same notebook HTML gives the same page."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    lang = current_language(config)
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, Path(__file__).read_text(encoding="utf-8"), _stylesheet(), html, page.url, lang,
                 "\n".join(sorted(f"{f.src_uri}\t{f.url}" for f in files))):  # links resolve against these
        digest.update(part.encode() + b"\0")
    entry = repo_root(config) / CACHE_DIR / "pages" / f"{digest.hexdigest()[:32]}.json"
    _cache_used["pages"].add(entry.name)
    if entry.is_file():
        rendered = RenderedPage(**json.loads(entry.read_text(encoding="utf-8")))
        for name in rendered.images:
            _publish_image(config, name)
    else:
        warnings = _WarningCount()
        log.addHandler(warnings)
        try:
            rendered = postprocess(html, page, config, files, lang)
        finally:
            log.removeHandler(warnings)
        if not warnings.count:  # a page that warned must warn again on the next build
            write_if_changed(entry, json.dumps(rendered.__dict__, ensure_ascii=False).encode("utf-8"))
    _cache_used["site-images"].update(rendered.images)
    page.toc = get_toc(rendered.toc)
    if rendered.title:
        page.title = rendered.title
    return rendered.html


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
