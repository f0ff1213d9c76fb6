"""Each notebook plot is announced by what it shows, in the page's language (issue 10, item 15):
a screen reader names the plot, and the link that opens it full size, with the text of its
cell in the notebook_plots block of ui.yml, never with the generic notebook.plot_alt."""

from __future__ import annotations

import pytest

from tools.sitebuild import languages

from .support import ROOT, SCRIPT, script_chars


@pytest.mark.parametrize(("lang", "notebook"), [("en", "framework"), ("bn", "mnist-lab"), ("te", "framework"),
                                                ("ru", "mnist-lab")])
def test_plots_are_named_by_what_they_show(open_page, lang: str, notebook: str) -> None:
    page = open_page(lang, notebook)
    page.evaluate("document.querySelectorAll('article details').forEach(d => { d.open = true; })")  # folded solutions
    texts = {cell: " ".join(text.split()) for cell, text in languages.ui_words(lang, ROOT)["notebook_plots"].items()
             if cell.startswith(f"{notebook}-")}
    generic = " ".join(languages.ui("notebook.plot_alt", lang, ROOT).split())
    assert page.get_by_role("img", name=generic, exact=True).count() == 0, "a plot has only the generic text"
    for cell, text in texts.items():
        plot = page.locator(f"#cell-{cell} .jp-OutputArea img")
        assert plot.count() == 1, f"cell {cell} shows one plot"
        link = page.get_by_role("link", name=text, exact=True)
        assert link.count() == 1, f"the full-size link of cell {cell} is named by its text"
        if lang != "en":
            assert script_chars(text, lang) > 0.5 * len(text.replace(" ", "")), f"{cell}: not in {SCRIPT[lang]}"
