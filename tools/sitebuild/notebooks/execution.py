"""Running a notebook in a Jupyter kernel, once, and caching its outputs.

The English notebook runs in one kernel: the Python that runs MkDocs (the
project's venv), ``code/src`` first on ``PYTHONPATH``, a temporary working
directory, ``allow_errors=False`` and a time limit per cell. Right after a
code cell tagged ``figure`` ran, the same kernel draws it again for every
translated language::

    ownframework.plots.use_labels(labels, fonts=("Noto Sans Bengali",))
    <the figure cell>
    ...
    ownframework.plots.use_labels()          # back to English

``labels`` are the language's plot labels (``plots:`` in
``translations/<lang>/ui.yml``), ``fonts`` the family of its web font from
``translations/languages.yml``. Nothing is trained twice. A package without
``use_labels`` is noticed by a probe: the figures then stay English.

The outputs are cached in ``.cache/notebooks/executed/NAME.<key>.json``; the
key covers everything that can change them: the code cells, the package
source (``code/src``), the environment (``OWNFRAMEWORK_MNIST_DIR``), the
languages with their plot labels and fonts, Python and the tool versions. A
rebuild with the same inputs executes nothing; only the newest entry of each
notebook is kept.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import nbformat
from mkdocs.exceptions import PluginError

from tools.sitebuild import languages
from tools.sitebuild.context import write_if_changed
from tools.sitebuild.notebooks.cells import code_cells, first_line, is_figure, log

#: Bump when the way outputs are produced changes (invalidates the execution cache).
PIPELINE_VERSION = "4"
CELL_TIMEOUT_S = int(os.environ.get("OWNFRAMEWORK_NB_CELL_TIMEOUT", "600"))
#: Environment variables that change what the notebooks compute (part of the cache key).
RESULT_ENV = ("OWNFRAMEWORK_MNIST_DIR",)
#: Tool versions that change outputs (part of the cache key).
RESULT_PACKAGES = ("numpy", "matplotlib", "ipykernel", "matplotlib-inline")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

Output = dict[str, Any]


# --------------------------------------------------------------------------- #
# what is run, what comes out
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class FigureLanguage:
    """A language the figure cells are redrawn in: its plot labels and fonts."""

    code: str
    labels: Mapping[str, str]
    fonts: tuple[str, ...] = ()

    def use_labels_call(self) -> str:
        """The package call that switches the kernel's plots to this language."""
        return f"use_labels({dict(self.labels)!r}, fonts={self.fonts!r})"


def figure_languages(root: Path) -> list[FigureLanguage]:
    """Every translated language of translations/languages.yml, with its labels and font."""
    result = []
    for lang in languages.translated_languages(root):
        labels = languages.ui("plots", lang.code, root)
        if not isinstance(labels, Mapping):
            raise PluginError(f"notebooks: `plots:` in {languages.ui_path(lang.code, root)} must be a mapping")
        fonts = (lang.font.family,) if lang.font else ()
        result.append(FigureLanguage(lang.code, {str(k): str(v) for k, v in labels.items()}, fonts))
    return result


@dataclass
class Execution:
    """Outputs of one English run, per code cell (by position among code cells)."""

    outputs: list[list[Output]]
    counts: list[int | None]
    #: language -> code cell position -> outputs of the figure drawn in that language
    figures: dict[str, dict[int, list[Output]]] = field(default_factory=dict)
    language_info: dict[str, Any] = field(default_factory=dict)

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


def clean_stream(text: str) -> str:
    """What a terminal would show: progress lines rewritten with \\r keep their last state."""
    text = ANSI.sub("", text)
    if "\r" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        parts = [part for part in line.split("\r") if part]
        lines.append(parts[-1] if parts else "")
    return "\n".join(lines)


def clean_outputs(outputs: Sequence[Any]) -> list[Output]:
    """Plain dicts; consecutive stream outputs merged and cleaned."""
    cleaned: list[Output] = []
    for output in outputs:
        output = json.loads(json.dumps(output))  # NotebookNode -> plain, deep copy
        previous = cleaned[-1] if cleaned else {}
        if output.get("output_type") == previous.get("output_type") == "stream" and previous["name"] == output["name"]:
            previous["text"] += output["text"]
            continue
        cleaned.append(output)
    for output in cleaned:
        if output.get("output_type") == "stream":
            output["text"] = clean_stream(output["text"])
    return cleaned


# --------------------------------------------------------------------------- #
# the kernel
# --------------------------------------------------------------------------- #
def _kernel_manager(ipc_dir: str) -> Any:
    """Kernel spec 'python3' = this very interpreter (the venv), whatever else is installed."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return self.kernel_spec_class(resource_dir=RESOURCES, **get_kernel_dict())

    # IPC sockets: local only, no "kernel over TCP without encryption" warning.
    return KernelManager(
        kernel_name="python3", kernel_spec_manager=ThisPython(),
        transport="ipc", ip=os.path.join(ipc_dir, "kernel"),
    )


def _cell_failure(name: str, number: int, cell: nbformat.NotebookNode, exc: BaseException) -> PluginError:
    """A build error that shows the failing cell's source and the essence of its error."""
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


#: Asks the kernel whether the package can draw figures in another language.
_PROBE = (
    "try:\n"
    "    import ownframework.plots as _nb_plots\n"
    "    print(callable(getattr(_nb_plots, 'use_labels', None)))\n"
    "    del _nb_plots\n"
    "except Exception as _nb_error:\n"
    "    print('False', repr(_nb_error))\n"
    "    del _nb_error\n"
)


def _plots_call(call: str) -> str:
    """Kernel code calling ``ownframework.plots.<call>``, leaving no names and no output behind."""
    return f"import ownframework.plots as _nb_plots\n_nb_plots.{call}\ndel _nb_plots\n"


def run_notebook(name: str, nb: nbformat.NotebookNode, env: dict[str, str],
                 figure_langs: Sequence[FigureLanguage]) -> Execution:
    """Execute ``nb`` (outputs ignored) in one kernel; redraw figure cells per language."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellControlSignal, CellExecutionError, DeadKernelError
    from nbformat.v4 import new_code_cell

    failures = (CellExecutionError, CellControlSignal, DeadKernelError)
    nb = copy.deepcopy(nb)
    cells = code_cells(nb)
    for cell in cells:
        cell.outputs = []
        cell.execution_count = None
    figures: dict[str, dict[int, list[Output]]] = {lang.code: {} for lang in figure_langs}
    can_translate: bool | None = None
    timings: list[tuple[float, int, str]] = []
    redraw_seconds = 0.0

    with tempfile.TemporaryDirectory(prefix="nb-run-") as workdir:
        client = NotebookClient(
            nb, km=_kernel_manager(workdir), timeout=CELL_TIMEOUT_S, allow_errors=False,
            record_timing=False, resources={"metadata": {"path": workdir}},
            shutdown_kernel="immediate",  # nothing to save in the kernel afterwards; saves ~1 s
        )

        def helper(source: str, what: str) -> str:
            """Run bookkeeping code (no history); return its stdout, log its stderr."""
            cell = new_code_cell(source)
            try:
                client.execute_cell(cell, 0, store_history=False)
            except failures as exc:
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
                except failures as exc:
                    raise _cell_failure(name, number, cell, exc) from exc
                timings.append((time.monotonic() - started, number, cell.source))
                if not (is_figure(cell) and figure_langs):
                    continue
                if can_translate is None:
                    probe = helper(_PROBE, "the use_labels probe").strip()
                    can_translate = probe.startswith("True")
                    if not can_translate:
                        log.info("notebooks: %s: ownframework.plots.use_labels is not available (%s); "
                                 "figures keep their English labels in every language", name, probe)
                if not can_translate:
                    continue
                redraw_started = time.monotonic()
                for lang in figure_langs:
                    helper(_plots_call(lang.use_labels_call()), f"use_labels for {lang.code}")
                    redraw = new_code_cell(cell.source, metadata=copy.deepcopy(cell.metadata))
                    try:
                        client.execute_cell(redraw, index, store_history=False)
                    except failures as exc:
                        raise _cell_failure(f"{name} [{lang.code} figure]", number, redraw, exc) from exc
                    figures[lang.code][number - 1] = clean_outputs(redraw.outputs)
                helper(_plots_call("use_labels()"), "use_labels() (back to English)")
                redraw_seconds += time.monotonic() - redraw_started
        language_info = dict(nb.metadata.get("language_info", {}))
    slowest = sorted(timings, reverse=True)[:3]
    log.info("notebooks: %s: code cells %.1f s, figures redrawn for %s %.1f s; slowest cells: %s", name,
             sum(t[0] for t in timings), ", ".join(lang.code for lang in figure_langs) or "-", redraw_seconds,
             "; ".join(f"{number} ({seconds:.1f} s, {first_line(source)!r})" for seconds, number, source in slowest))

    return Execution(
        outputs=[clean_outputs(cell.outputs) for cell in cells],
        counts=[cell.execution_count for cell in cells],
        figures={lang: cells_ for lang, cells_ in figures.items() if cells_},
        language_info=json.loads(json.dumps(language_info)),
    )


# --------------------------------------------------------------------------- #
# the execution cache
# --------------------------------------------------------------------------- #
class Executor:
    """Outputs of the English notebooks: from memory, from ``cache_dir``, or by running them.

    One per site, kept across the builds of one MkDocs process (``mkdocs serve``).
    """

    def __init__(self, src_root: Path, cache_dir: Path, figure_langs: Sequence[FigureLanguage]):
        self.src_root = src_root
        self.cache_dir = cache_dir
        self.figure_langs = list(figure_langs)
        self._memo: dict[str, tuple[str, Execution]] = {}

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
        """A hash of every input that can change the outputs of ``nb``."""
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
        for lang in self.figure_langs:  # editing a translated plot label redraws
            feed("figures:" + lang.code, json.dumps([lang.labels, lang.fonts], sort_keys=True, ensure_ascii=False))
        for cell in code_cells(nb):
            feed("cell", ("F" if is_figure(cell) else "C") + cell.source)
        for path in self.package_files():
            feed("file:" + path.relative_to(self.src_root).as_posix(), path.read_bytes())
        for var in RESULT_ENV:
            feed("env:" + var, os.environ.get(var, "<unset>"))
        return digest.hexdigest()

    def cached_path(self, name: str, key: str) -> Path:
        return self.cache_dir / f"{PurePosixPath(name).stem}.{key[:20]}.json"

    def _known(self, name: str, key: str) -> bool:
        memo = self._memo.get(name)
        return bool(memo and memo[0] == key) or self.cached_path(name, key).is_file()

    def execute_all(self, notebooks: Mapping[str, nbformat.NotebookNode]) -> None:
        """Execute every notebook that has no cached outputs, side by side (one kernel each).

        The MNIST lab is the long one; running the others next to it on the
        second core keeps a cold build close to the time of the lab alone.
        """
        todo = {name: nb for name, nb in notebooks.items() if not self._known(name, self.execution_key(nb))}
        if len(todo) < 2:
            return  # none, or one: execution() runs it when it is asked for
        with ThreadPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            futures = [pool.submit(self.execution, name, nb) for name, nb in todo.items()]
        errors = [f.exception() for f in futures if f.exception() is not None]
        if errors:
            raise errors[0]  # type: ignore[misc]  # not None: filtered above

    def execution(self, name: str, nb: nbformat.NotebookNode) -> tuple[str, Execution]:
        """(cache key, outputs) of the English notebook ``nb``, executing it only if nothing is cached."""
        key = self.execution_key(nb)
        memo = self._memo.get(name)
        if memo and memo[0] == key:
            return memo
        cached = self.cached_path(name, key)
        if cached.is_file():
            result = Execution.from_json(cached.read_text(encoding="utf-8"))
            log.info("notebooks: %s: outputs from cache (%s)", name, cached.name)
        else:
            codes = ", ".join(lang.code for lang in self.figure_langs) or "-"
            log.info("notebooks: executing %s (figures also in %s)...", name, codes)
            start = time.monotonic()
            result = run_notebook(name, nb, self.kernel_env(), self.figure_langs)
            log.info("notebooks: executed %s in %.1f s", name, time.monotonic() - start)
            write_if_changed(cached, result.to_json().encode("utf-8"))
            for old in cached.parent.glob(f"{PurePosixPath(name).stem}.*.json"):
                if old != cached:  # outputs of older inputs: never asked for again
                    old.unlink(missing_ok=True)
        self._memo[name] = (key, result)
        return key, result
