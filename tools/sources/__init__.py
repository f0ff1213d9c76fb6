"""Authored sources of generated files, and their generators.

* ``notebooks/*.py`` - the English notebooks as jupytext "percent" scripts;
  ``python -m tools.sources.sync_notebooks`` writes ``docs/*.ipynb`` from them;
* ``make_figures.py`` - draws ``docs/assets/figures/*.svg``
  (``python -m tools.sources.make_figures``).

Every generated file names its source (notebook metadata ``generated_from``,
a comment in each SVG), and tests/test_sources.py fails when one drifts from
what its source produces.
"""
