"""The notebook runner: the notebook pages' code runs in the reader's browser (issue 9).

Build side (MkDocs hooks call these from tools/sitebuild/hooks.py):

* :mod:`.assets` - ``on_files``: adds, once for all languages, Pyodide
  (:mod:`tools.sitebuild.pyodide_assets`), the runner's scripts (``browser/``
  bundled with esbuild), its Python helpers and the MNIST subset
  (:mod:`.mnist_subset`) under ``assets/pyodide/`` and ``assets/runner/``;
* :mod:`.pages` - ``on_post_page``: gives each notebook page its settings and
  words (ui.yml ``runner:``), the script and stylesheet, and folds the
  exercises' solution cells into "Show solution".

Browser side (``browser/``): ``page.js`` (buttons, outputs, exercises, progress
in localStorage), ``editor.js`` (CodeMirror 6, loaded on the first click),
``worker.js`` (Pyodide in a Web Worker, started on the first Run), ``runner.py``
(the cell runner inside Pyodide), ``runner_checks.py`` (the exercises' checks).
"""
