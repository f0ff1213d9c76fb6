"""The executable pages: rendered notebooks with their plots, and a download
button that returns a valid notebook in the page's language."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from .support import LANGS, NOTEBOOKS, ROOT, SCRIPT, native_share

# Scrolls to every output image, as a reader would (they load lazily), waits
# until it has loaded or failed, and reports what was drawn.
IMAGES_JS = """async () => {
  document.querySelectorAll('article details').forEach(fold => { fold.open = true; });  // worked solutions
  const images = [...document.querySelectorAll('article .jp-OutputArea-output img, article .jp-RenderedImage img')];
  for (const img of images) {
    img.scrollIntoView();
    if (!img.complete) {
      await Promise.race([
        new Promise(done => { img.addEventListener('load', done, {once: true});
                              img.addEventListener('error', done, {once: true}); }),
        new Promise(done => setTimeout(done, 5000)),
      ]);
    }
  }
  return images.map(img => ({src: img.getAttribute('src'), alt: img.alt,
                             ok: img.complete && img.naturalWidth > 50 && img.naturalHeight > 50}));
}"""


@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("lang", LANGS)
def test_notebook_shows_plots_and_downloads(open_page, lang: str, notebook: str) -> None:
    page = open_page(lang, notebook)
    assert page.locator("article .jp-Cell").count() > 5, "the notebook is rendered as cells"
    assert page.locator("article .jp-CodeCell .jp-OutputArea-output").count() > 0, "code cells have outputs"
    images = page.evaluate(IMAGES_JS)
    assert images, f"{lang}/{notebook}: no plots"
    broken = [i["src"] for i in images if not i["ok"]]
    assert not broken, f"{lang}/{notebook}: plots not drawn: {broken}"

    button = page.locator("article a.nb-download__button[download]")
    assert button.count() == 1
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename == f"{notebook}.ipynb"
    nb = nbformat.reads(Path(download.path()).read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    markdown = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert len(code) > 5
    assert not any("--8<--" in source for source in [*code, markdown]), "snippets are expanded"
    if lang != "en":
        prose = re.sub(r"\$[^$]*\$|`[^`]*`|\(http[^)]*\)", " ", markdown)
        assert native_share(prose, lang) > 0.6, f"{lang}/{notebook}: the notebook's text is not in {lang}"
    assert re.search(f"[{SCRIPT[lang]}]", markdown)


@pytest.mark.parametrize("lang", ("en", "te"))
def test_copy_button_of_a_code_cell_copies_its_code(open_page, lang: str) -> None:
    """Material's copy button works on notebook cells too (nbconvert's ids held a "=",
    which made its selector invalid, so clicking threw and copied nothing)."""
    page = open_page(lang, "framework", permissions=["clipboard-read", "clipboard-write"])
    cell = page.locator("article .jp-CodeCell .highlight").nth(1)
    cell.scroll_into_view_if_needed()
    cell.hover()
    button = cell.locator("button.md-code__button[data-clipboard-target]")
    assert button.count() == 1, "the code cell has Material's copy button"
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    code = cell.locator("code").inner_text()
    assert copied.strip() and copied.strip() == code.strip()


@pytest.mark.parametrize(("lang", "notebook"), [("ru", "framework"), ("te", "mnist-lab")])
def test_download_box_offers_the_lab_the_wheel_and_how_to_run_them(open_page, lang: str, notebook: str) -> None:
    from tools.sitebuild import languages

    box = languages.ui("notebook.box", lang, ROOT)
    page = open_page(lang, notebook)
    more = page.locator("article details.nb-download__more")
    more.locator("summary").click()
    assert more.locator("summary").inner_text() == box["title"]
    links = {a.inner_text(): a.get_attribute("href") for a in more.locator("a[download]").all()}
    assert set(links) == {box["lab"], box["wheel"]}
    assert links[box["lab"]].endswith(f"downloads/mnist-lab-{lang}.zip")
    wheel = links[box["wheel"]].rsplit("/", 1)[-1]
    assert wheel.startswith("ownframework-") and wheel.endswith(".whl")
    for href in links.values():
        response = page.request.get(page.url + href if not href.startswith("http") else href)
        assert response.ok and len(response.body()) > 1000, href
    steps = more.locator("pre").inner_text()
    assert f"pip install {wheel}" in steps and f"jupyter notebook {notebook}.ipynb" in steps
