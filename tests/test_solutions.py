"""Worked solutions are folded (issue 10, item 6): the MNIST lab's worked solution and the lesson's answers.

* The lab notebook's source tags every cell of its worked solution
  (``worked-solution``, tools/sitebuild/notebooks/solutions.py); the page folds
  them into one closed ``<details class="nb-solution-block">`` whose summary is
  ui.yml ``notebook.solution_show`` / ``solution_hide``, in every language.
  Translations carry the same tags.
* The lesson's review exercises each have an answer in a closed
  ``??? note`` block (pymdownx.details) whose title is written in the page.

The browser side (keyboard, no JavaScript, the runner) is tests/browser/test_solutions.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from site_html import LANGS, ROOT, page_file
from tools.sitebuild import languages

TAG = "worked-solution"
ANSWER = {"en": "Answer", "ru": "Ответ", "bn": "উত্তর", "te": "జవాబు"}


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Path:
    return site_dir


def tagged(nb: nbformat.NotebookNode) -> list[int]:
    return [i for i, cell in enumerate(nb.cells) if TAG in cell.get("metadata", {}).get("tags", [])]


def test_the_lab_source_tags_its_worked_solution_from_heading_to_last_cell():
    nb = nbformat.read(ROOT / "docs" / "mnist-lab.ipynb", as_version=4)
    cells = tagged(nb)
    assert cells == list(range(cells[0], cells[-1] + 1)), "one unbroken run of cells"
    assert nb.cells[cells[0]].source.startswith("## Worked solution"), "the run starts with its heading"
    assert '<a id="going-further">' in nb.cells[cells[-1] + 1].source, "'Going further' stays outside the fold"
    assert any(nb.cells[i].cell_type == "code" for i in cells)


@pytest.mark.parametrize("lang", LANGS[1:])
def test_translated_labs_carry_the_same_tags(lang: str):
    english = nbformat.read(ROOT / "docs" / "mnist-lab.ipynb", as_version=4)
    translation = nbformat.read(ROOT / "translations" / lang / "mnist-lab.ipynb", as_version=4)
    assert [c.get("metadata", {}).get("tags", []) for c in translation.cells] == [
        c.get("metadata", {}).get("tags", []) for c in english.cells
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_lab_page_folds_the_worked_solution(site: Path, lang: str):
    soup = BeautifulSoup(page_file(site, lang, "mnist-lab.ipynb").read_text(encoding="utf-8"), "html.parser")
    notebook = soup.select_one("article .jp-Notebook")
    assert notebook is not None
    folds = notebook.select("details.nb-solution-block")
    assert len(folds) == 1, f"{lang}: one fold, not {len(folds)}"
    fold = folds[0]
    assert fold.parent is notebook and not fold.has_attr("open"), "closed by default, a cell of the notebook"
    summary = fold.find("summary", recursive=False)
    assert isinstance(summary, Tag) and fold.find(True) is summary, "the summary comes first"
    words = (languages.ui("notebook.solution_show", lang, ROOT), languages.ui("notebook.solution_hide", lang, ROOT))
    spans = [span.get_text() for span in summary.find_all("span")]
    assert spans == list(words), f"{lang}: summary {spans}, ui.yml {words}"
    inside = [h["id"] for h in fold.select("h2[id], h3[id]")]
    outside = [h["id"] for h in notebook.select("h2[id], h3[id]") if h.find_parent("details") is None]
    assert inside[0] == "worked-solution" and "loading-mnist" in inside and "common-confusions" in inside
    assert outside == ["assignment", "going-further", "fashion-mnist"], outside
    english = nbformat.read(ROOT / "docs" / "mnist-lab.ipynb", as_version=4)
    code_in_fold = sum(1 for i in tagged(english) if english.cells[i].cell_type == "code")
    assert len(fold.select(":scope > .jp-CodeCell")) == code_in_fold, "every code cell of the solution is folded"
    assert fold.select(".jp-OutputArea img"), "plots inside the fold"
    assert not notebook.select(".nb-solution"), "the lab has no exercise solutions (the runner's fold)"


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_review_exercises_have_folded_answers(site: Path, lang: str):
    soup = BeautifulSoup(page_file(site, lang, "lesson.md").read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id="review-and-self-study")
    assert isinstance(heading, Tag)
    section = []
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        section.append(element)
    answers = [d for element in section for d in element.select("details")]
    assert len(answers) == 3, f"{lang}: {len(answers)} answers"
    for details in answers:
        assert not details.has_attr("open"), "answers are closed until the learner opens them"
        assert "note" in details.get_attribute_list("class")
        assert details.summary is not None and details.summary.get_text(strip=True) == ANSWER[lang]
        assert details.find_parent("li") is not None, "each answer sits under its exercise"
        assert details.select(".katex"), "the answer's formulas are typeset"
    source = (ROOT / ("docs" if lang == "en" else f"translations/{lang}") / "lesson.md").read_text(encoding="utf-8")
    assert len(re.findall(rf'^ +\?\?\? note "{ANSWER[lang]}"$', source, re.MULTILINE)) == 3, "titles are in the page"
