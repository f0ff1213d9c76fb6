"""The draw-a-digit box at the end of the MNIST lab page, in every language.

Called from ``tools/sitebuild/hooks.py``:

* :func:`add_files` (files, after the i18n plugin; outermost build only, and
  only when the site has the lab page) - the exported network (``digit_model``)
  as ``assets/digits/model.json`` and ``assets/digits/weights.bin``; the i18n
  plugin builds the other languages into the same site folder, so one copy
  serves them all;
* :func:`add_box` (post_page) - on the lab page, a placeholder ``<section>``
  right after the article (the notebook), with the words of ui.yml ``digits:``
  in the page's language; the stylesheet in the head and the script at the end
  of the body (``docs/assets/css/draw-digit.css``, ``docs/assets/js/draw-digit.js``).
  The box is site furniture, not part of the notebook: it stays outside the
  article, whose headings and scripts mirror the notebook's. The script builds
  the box and fetches the network only when the reader starts to draw.
"""

from __future__ import annotations

import html
import json

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.sitebuild import digit_model
from tools.sitebuild.context import SiteContext
from tools.sitebuild.notebooks.wiring import english_name

LAB_PAGE = "mnist-lab.ipynb"
SITE_FOLDER = "assets/digits"
SCRIPT = "assets/js/draw-digit.js"
STYLESHEET = "assets/css/draw-digit.css"
log = get_plugin_logger(__name__)


def add_files(files: Files, ctx: SiteContext) -> Files:
    """The exported network as site files (trained on the first build, then cached)."""
    if ctx.nested:
        return files  # the default-language build added them to the same site folder
    if not any(english_name(file.src_uri, ctx.all_languages)[0] == LAB_PAGE for file in files):
        return files  # no lab page (a test's small site): no box, no network to train
    folder = digit_model.exported_files(digit_model.CACHE, log)
    for name in (digit_model.MODEL_JSON, digit_model.WEIGHTS_BIN):
        files.append(File.generated(ctx.config, f"{SITE_FOLDER}/{name}", abs_src_path=str(folder / name)))
    return files


def add_box(output: str, page: Page, ctx: SiteContext) -> str:
    """The lab page with the box after its article, the stylesheet and the script; other pages unchanged."""
    if english_name(page.file.src_uri, ctx.all_languages)[0] != LAB_PAGE or "</article>" not in output:
        return output

    def url(path: str) -> str:
        return html.escape(get_relative_url(path, page.url))

    words = json.dumps(ctx.ui("digits"), ensure_ascii=False, separators=(",", ":"))
    box = (
        f'<div class="md-content__inner md-typeset draw-digit__outer">'
        f'<section class="draw-digit" id="draw-a-digit" aria-labelledby="draw-a-digit-title"'
        f' data-model="{url(f"{SITE_FOLDER}/{digit_model.MODEL_JSON}")}" data-words="{html.escape(words)}">'
        f'<h2 id="draw-a-digit-title">{html.escape(ctx.ui("digits.title"))}</h2>'
        f'<p>{html.escape(ctx.ui("digits.intro"))}</p>'
        f'<noscript><p>{html.escape(ctx.ui("digits.noscript"))}</p></noscript>'
        f"</section></div>"
    )
    head, _, rest = output.rpartition("</article>")
    output = f"{head}</article>{box}{rest}"
    output = output.replace("</head>", f'<link rel="stylesheet" href="{url(STYLESHEET)}"></head>', 1)
    head, _, rest = output.rpartition("</body>")
    return f'{head}<script defer src="{url(SCRIPT)}"></script></body>{rest}'
