"""Worked solutions folded on notebook pages: ``<details class="nb-solution-block">``.

In the notebook source (``tools/sources/notebooks/*.py``), every cell of a
worked solution - its Markdown heading cell through its last cell, code and
Markdown alike - carries the tag ``worked-solution``::

    # %% [markdown] tags=["worked-solution"]
    # ## Worked solution <a id="worked-solution"></a>
    # %% tags=["figure", "worked-solution"]

Translations carry the same tags (``python -m tools.sources.sync_notebooks
--update-code`` copies them; the translation checks compare them). Each run of
consecutive tagged cells becomes one ``<details>``, closed: a learner first
tries the assignment, then opens the solution with a click or the keyboard
(Enter or Space on the summary). It needs no JavaScript. A link to a heading
inside (the table of contents, ``#loading-mnist``) opens it: browsers reveal
the target of a fragment inside a closed ``<details>``, and Material opens a
``<details>`` around the target as well.

The summary holds both words of ui.yml, ``notebook.solution_show`` and
``notebook.solution_hide``; the page's CSS (``notebooks.css``) shows the one
that fits. The in-browser runner (``tools/sitebuild/runner/``) folds single
exercise solution cells, tagged ``solution-NAME``, into ``.nb-solution``; this
fold is a different class, and the runner finds the code cells inside it, so
"run the earlier cells first" covers them.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.element import Tag

#: The tag of every cell of a worked solution (Markdown or code).
SOLUTION_TAG = "worked-solution"
CLASS = "nb-solution-block"


def _classes(element: Tag) -> list[str]:
    return list(element.get_attribute_list("class") or [])


def _tagged(cell: Tag, marker: str) -> bool:
    """nbconvert writes a code cell's tags as classes of the cell, a Markdown cell's on its rendered Markdown."""
    return marker in _classes(cell) or cell.find(class_=marker) is not None


def fold_solutions(soup: BeautifulSoup, wrapper: Tag, words: tuple[str, str]) -> int:
    """Wrap each run of consecutive tagged cells in a closed ``<details>``; the number of runs."""
    notebook = wrapper.find("div", class_="jp-Notebook")
    if not isinstance(notebook, Tag):
        return 0
    marker = f"celltag_{SOLUTION_TAG}"
    runs: list[list[Tag]] = []
    previous: Tag | None = None
    for child in notebook.find_all(True, recursive=False):
        if "jp-Cell" in _classes(child) and _tagged(child, marker):
            if runs and previous is runs[-1][-1]:
                runs[-1].append(child)
            else:
                runs.append([child])
        previous = child
    show, hide = words
    for cells in runs:
        details = soup.new_tag("details", attrs={"class": CLASS})
        summary = soup.new_tag("summary")
        for kind, text in (("show", show), ("hide", hide)):
            span = soup.new_tag("span", attrs={"class": f"{CLASS}__{kind}"})
            span.string = text
            summary.append(span)
        details.append(summary)
        cells[0].insert_before(details)
        for cell in cells:
            details.append(cell.extract())
    return len(runs)
