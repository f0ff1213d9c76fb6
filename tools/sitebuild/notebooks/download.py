"""Downloaded notebooks stand on their own, outside the site.

The page of a notebook renders ``.cache/notebooks/<lang>/NAME.ipynb``
(:mod:`.sources`); readers download a copy of it,
``.cache/notebooks/downloads/<lang>/NAME.ipynb``, made by
:func:`downloadable_notebook`. The same copy is the button's
``downloads/NAME.ipynb`` and the lab archive's notebook. It differs from the
page's notebook in two ways:

* **A first Markdown cell says how to install** ``ownframework``, which is not
  on PyPI: a virtual environment, ``pip install`` of the wheel, Jupyter; and
  where the wheel is. The words are ui.yml ``notebook.setup`` in the
  notebook's language.
* **No link breaks outside the site.** A relative link in a Markdown cell
  (``[Running locally](running-locally.md)``, ``framework.ipynb#setting-up``)
  only works on the site. When the site's address is known - MkDocs'
  ``site_url`` in mkdocs.yml, e.g. ``https://example.org/nn-course/`` - it
  becomes the absolute address of that page in the notebook's language
  (``https://example.org/nn-course/ru/running-locally/``). When it is not, the
  link becomes plain text: its own words when they already name the page (its
  title in the navigation, ui.yml ``nav``), otherwise its words followed by
  the page's name (ui.yml ``notebook.site_page``). Links to other sites and to
  anchors of the notebook itself stay as they are; code is never touched.

(``mkdocs serve`` sets ``site_url`` to its own address, so served downloads
link to the served pages.)
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nbformat

from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext, write_if_changed
from tools.sitebuild.notebooks.cells import read_notebook

#: ``[text](target)`` or ``![alt](target "title")``; the text may hold `code`, not brackets.
LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]\n]*)\]\((?P<target><[^>\n]*>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\)")
#: Fenced code blocks and inline code: never rewritten.
CODE = re.compile(r"^(?P<fence>```|~~~).*?^(?P=fence)[ \t]*$|`[^`\n]+`", re.DOTALL | re.MULTILINE)
PAGE_SUFFIXES = (".md", ".ipynb")
#: The page the setup cell names when the site's address is not known.
RUNNING_LOCALLY = "running-locally.md"
#: The Windows spelling of the second command of the setup cell.
WINDOWS_ACTIVATE = r".venv\Scripts\activate"


def _fold(text: str) -> str:
    """For "does the link text name the page": case, ё/е and joiners do not count."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return re.sub(r"[\u200c\u200d\u00ad]", "", text)


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The site URL (relative to a language's root) of a page's source path: ``lesson.md`` -> ``lesson/``."""
    stem, _ = posixpath.splitext(path)
    if posixpath.basename(stem) == "index":
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def _nav_keys(nav: Any) -> dict[str, str]:
    """mkdocs.yml ``nav`` -> {page source path: its English nav title (the key of ui.yml ``nav``)}."""
    keys: dict[str, str] = {}
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    keys[value] = str(title)
                else:
                    keys.update(_nav_keys(value))
    return keys


class LinkRewriter:
    """Rewrites the relative links of one notebook's Markdown for a reader outside the site."""

    def __init__(self, *, site_url: str | None, lang_prefix: str, base_dir: str, titles: dict[str, str],
                 site_page: str, use_directory_urls: bool = True):
        self.site_url = (site_url or "").strip()
        if self.site_url and not self.site_url.endswith("/"):
            self.site_url += "/"
        self.lang_prefix = lang_prefix
        self.base_dir = base_dir
        self.titles = titles  # page source path -> its title in the notebook's language
        self.site_page = site_page
        self.use_directory_urls = use_directory_urls

    def _target(self, target: str) -> tuple[str, str] | None:
        """(site path, fragment) of a relative link; None for absolute links and in-notebook anchors."""
        target = target[1:-1] if target.startswith("<") and target.endswith(">") else target
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
            return None
        return posixpath.normpath(posixpath.join(self.base_dir, parts.path)), parts.fragment

    def absolute(self, path: str, fragment: str) -> str:
        if path.endswith(PAGE_SUFFIXES):
            url = self.site_url + self.lang_prefix + page_url(path, self.use_directory_urls)
        else:
            url = self.site_url + path  # downloads and assets: one copy for the whole site
        return url + (f"#{fragment}" if fragment else "")

    def plain(self, text: str, path: str) -> str:
        title = self.titles.get(path)
        if title is None:
            title = posixpath.splitext(posixpath.basename(path))[0]
        if not text.strip() or _fold(title) in _fold(text):
            return text or title
        return self.site_page.format(text=text, page=title)

    def _link(self, match: re.Match[str]) -> str:
        resolved = self._target(match.group("target"))
        if resolved is None:
            return match.group(0)
        path, fragment = resolved
        if self.site_url:
            title = match.group("title") or ""
            return f"{match.group('image')}[{match.group('text')}]({self.absolute(path, fragment)}{title})"
        if match.group("image"):
            return match.group("text")  # the alt text says what the picture would have shown
        return self.plain(match.group("text"), path)

    def rewrite(self, markdown: str) -> str:
        """``markdown`` with every relative link rewritten; code blocks and inline code untouched."""
        pieces, position = [], 0
        for code in CODE.finditer(markdown):
            pieces += [LINK.sub(self._link, markdown[position:code.start()]), code.group(0)]
            position = code.end()
        pieces.append(LINK.sub(self._link, markdown[position:]))
        return "".join(pieces)


def setup_markdown(words: dict[str, Any], wheel: str, notebook: str, where: str) -> str:
    """The first cell of a downloaded notebook: how to install the package and open the notebook."""
    steps = "\n".join((
        "python3 -m venv .venv",
        ". .venv/bin/activate",
        f"pip install {wheel} notebook matplotlib",
        f"jupyter notebook {notebook}",
    ))
    return (
        f"**{words['title']}**\n\n"
        f"{words['text'].format(wheel=f'`{wheel}`')}\n\n"
        f"```bash\n{steps}\n```\n\n"
        f"{words['windows'].format(command=f'`{WINDOWS_ACTIVATE}`')} {where}"
    )


def downloadable_notebook(ctx: SiteContext, name: str, lang: str) -> Path:
    """``.cache/notebooks/downloads/<lang>/NAME.ipynb``: the notebook ``lang``'s readers download."""
    from tools.sitebuild import downloads  # downloads.py imports the notebook modules
    from tools.sitebuild.notebooks.wiring import processed_notebook

    processed = processed_notebook(ctx, name, lang)
    # .cache/notebooks/<language of its text>/NAME: English where the page shows the English notebook
    text_lang = processed.parent.name if processed.parent.name in ctx.all_languages else ctx.default_language
    words = languages.ui_words(text_lang, ctx.root)
    nav = {**languages.ui_words(ctx.default_language, ctx.root).get("nav", {}), **words.get("nav", {})}
    titles = {path: str(nav.get(key, key)) for path, key in _nav_keys(ctx.config.nav).items()}
    site_url = ctx.config.site_url or None
    rewriter = LinkRewriter(
        site_url=site_url, lang_prefix=ctx.url_prefix(text_lang), base_dir=posixpath.dirname(name),
        titles=titles, site_page=str(languages.ui("notebook.site_page", text_lang, ctx.root)),
        use_directory_urls=bool(ctx.config.use_directory_urls),
    )
    wheel = downloads.build_wheel(ctx.root).name
    setup = languages.ui("notebook.setup", text_lang, ctx.root)
    if site_url:
        where = setup["wheel_url"].format(url=f"<{rewriter.absolute(f'{downloads.DOWNLOAD_DIR}/{wheel}', '')}>")
    else:
        where = setup["wheel_site"].format(page=titles.get(RUNNING_LOCALLY, RUNNING_LOCALLY))

    nb = read_notebook(processed)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = rewriter.rewrite(cell.source)
    stem = posixpath.splitext(posixpath.basename(name))[0]
    first = nbformat.v4.new_markdown_cell(setup_markdown(setup, wheel, posixpath.basename(name), where))
    first.id = f"{stem}-setup"
    nb.cells.insert(0, first)
    nbformat.validate(nb)
    target = ctx.cache_dir("notebooks", "downloads", lang) / name
    write_if_changed(target, (nbformat.writes(nb) + "\n").encode("utf-8"))
    return target
