"""The notebook runner's Python side, inside the reader's browser (Pyodide in a Web Worker).

worker.js imports this module once per interpreter and calls :func:`run_cell`
for each cell. All cells of a page share ``NAMESPACE``, like a notebook
kernel. Output goes back to the page while the cell runs, through
``js.runnerEmit(kind, text)`` (kind: stdout, stderr, result, image, error).
Like Jupyter's inline backend, a cell's last expression is shown (a figure as
a PNG) and figures left open are drawn, then closed.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import sys
import traceback
from typing import Any

import js  # Pyodide's bridge to the worker's JavaScript
from pyodide.code import CodeRunner

# Figures are drawn to PNG in the worker: no canvas, no window.
os.environ["MPLBACKEND"] = "agg"

NAMESPACE: dict[str, Any] = {"__name__": "__main__"}
CELL_FILE = "<cell {number}>"
#: IPython magics and shell escapes (``%matplotlib inline``): plain Python has no use for them.
MAGIC = re.compile(r"^([ \t]*)[%!].*$", re.MULTILINE)


class Stream(io.TextIOBase):
    """sys.stdout / sys.stderr while a cell runs: every write goes to the page at once."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            js.runnerEmit(self.kind, text)
        return len(text)


def without_magics(code: str) -> str:
    return MAGIC.sub(lambda m: f"{m.group(1)}pass  # IPython magic, not needed here", code)


def format_error(error: BaseException) -> str:
    """The traceback from the first frame of a cell on (the runner's own frames are noise)."""
    tb = error.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


def is_figure(value: object) -> bool:
    return type(value).__module__.startswith("matplotlib.") and hasattr(value, "savefig")


def emit_figure(figure: Any) -> None:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", facecolor="white")
    js.runnerEmit("image", base64.b64encode(buffer.getvalue()).decode("ascii"))


def flush_figures() -> None:
    """Draw the figures a cell left open, then close them (Jupyter's inline backend does the same)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    for number in pyplot.get_fignums():
        emit_figure(pyplot.figure(number))
    pyplot.close("all")


def run_cell(code: str, number: int) -> bool:
    """Run one cell in the page's namespace; False if it raised (the traceback went to the page)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Stream("stdout"), Stream("stderr")
    try:
        try:
            runner = CodeRunner(without_magics(code), filename=CELL_FILE.format(number=number),
                                return_mode="last_expr", quiet_trailing_semicolon=True).compile()
            result = runner.run(NAMESPACE)
            if result is not None:
                if is_figure(result):
                    emit_figure(result)
                else:
                    js.runnerEmit("result", repr(result))
            flush_figures()
        except BaseException as error:  # SystemExit and KeyboardInterrupt too: the interpreter goes on
            js.runnerEmit("error", format_error(error))
            return False
        return True
    finally:
        sys.stdout, sys.stderr = saved


def check_exercise(name: str) -> str:
    """Run the checks of exercise ``name`` on the reader's code in NAMESPACE; JSON for the page."""
    import runner_checks  # served beside this file, loaded on the first Check

    return json.dumps(runner_checks.run(name, NAMESPACE))


def use_mnist_subset(directory: str, checksums: dict[str, str]) -> None:
    """Point ``load_mnist()`` at the subset the site serves (written into ``directory`` by worker.js).

    The subset's files are not the original ones, so they carry their own
    SHA-256 (written by the build); ``load_mnist`` still checks every byte.
    """
    from ownframework.data import mnist

    os.environ[mnist.ENV_VAR] = directory
    mnist.SHA256.update(checksums)  # the default argument of load_mnist is this very dict
