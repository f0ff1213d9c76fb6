"""Notebook pages: execute each notebook once, fill every language, render light pages.

The notebooks in git have no outputs. For every notebook ``docs/NAME.ipynb``:

1. **Execute once** (:mod:`.execution`). The English notebook runs in one
   Jupyter kernel; a cell tagged ``figure`` is run again right after, once per
   translated language, with that language's plot labels
   (``ownframework.plots.use_labels``), so figures are translated without
   training anything twice. Outputs are cached in ``.cache/notebooks/executed/``.
2. **Fill each language** (:mod:`.sources`). ``translations/<lang>/NAME.ipynb``
   has translated Markdown cells and byte-identical code cells; it gets the
   English outputs and its own figures, snippet includes are expanded
   (:mod:`.snippets`), and the result ``.cache/notebooks/<lang>/NAME.ipynb`` is
   both what mkdocs-jupyter renders and what readers download.
3. **Wire into MkDocs** (:mod:`.wiring`): notebook pages point at the filled
   notebooks, ``downloads/NAME.ipynb`` is offered per language, mkdocs-jupyter
   gets one cache folder per language, unused cache entries are pruned.
4. **Light pages** (:mod:`.render`, :mod:`.images`): mkdocs-jupyter's HTML is
   cut down to the notebook markup, styled like Markdown pages, with plots as
   files, math for the KaTeX step, a table of contents and a download button.

``tools/sitebuild/hooks.py`` calls :mod:`.wiring` and :mod:`.render`;
``tools/sitebuild/downloads.py`` uses :func:`.wiring.processed_notebook`.
"""
