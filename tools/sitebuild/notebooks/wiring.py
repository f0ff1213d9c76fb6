"""The MkDocs side of the notebooks: files, pages, cache folders per language, pruning.

Called from ``tools/sitebuild/hooks.py``:

* :func:`start_build` (pre_build) - mkdocs-jupyter gets one HTML cache folder
  per language; the outermost build starts counting which cache entries are used;
* :func:`unwrap_notebook_files` (files, before the i18n plugin) - undoes
  mkdocs-jupyter's file wrappers, which the i18n plugin cannot sort;
* :func:`notebook_files` (files, after the i18n plugin) - executes what is not
  cached, points every notebook page at its language's filled notebook and
  offers its download copy (:mod:`.download`: an install cell first, no link
  that breaks outside the site) as ``downloads/NAME.ipynb`` of the language;
* :func:`prune_cache` (post_build, outermost) - deletes cached pages and plots
  that no language used.

Everything kept between builds lives in ``ctx.state``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from tools.sitebuild.context import SiteContext
from tools.sitebuild.notebooks.download import downloadable_notebook
from tools.sitebuild.notebooks.execution import figure_languages
from tools.sitebuild.notebooks.sources import NotebookSources

LANG_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2}(?:_[A-Z]{2})?)\.ipynb$")
#: Folders of .cache/notebooks/ whose unused entries are pruned after a site build.
PRUNED = ("pages", "site-images")


@dataclass
class _State:
    """What the notebook steps keep across the builds of one ``mkdocs`` run."""

    sources: NotebookSources | None = None
    #: Entries of .cache/notebooks/{pages,site-images} used by the current site build (all languages).
    used: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in PRUNED})
    #: mkdocs-jupyter's configured cache folder, before start_build made it per language.
    jupyter_cache: tuple[object, str] | None = None


def _state(ctx: SiteContext) -> _State:
    state = ctx.state.get("notebooks")
    if not isinstance(state, _State):
        state = ctx.state["notebooks"] = _State()
    return state


def cache_used(ctx: SiteContext) -> dict[str, set[str]]:
    """The names of cached pages and plots this site build used; render.py adds to them."""
    return _state(ctx).used


def notebook_sources(ctx: SiteContext) -> NotebookSources:
    """The site's notebooks; a new set (and an empty memory) when the languages or labels changed."""
    state = _state(ctx)
    figure_langs = figure_languages(ctx.root)
    current = state.sources
    if current is None or current.figure_langs != figure_langs or current.docs_dir != ctx.docs_dir:
        current = state.sources = NotebookSources(
            ctx.root, ctx.docs_dir, ctx.default_language, figure_langs, ctx.cache_dir("notebooks"))
    return current


def processed_notebook(ctx: SiteContext, name: str, lang: str) -> Path:
    """The notebook readers of ``lang`` download (used by downloads.py for the lab archives)."""
    return notebook_sources(ctx).processed_notebook(name, lang)


# --------------------------------------------------------------------------- #
# files
# --------------------------------------------------------------------------- #
class DownloadFile(File):
    """A file offered for download. Never a page, even where ``.ipynb`` pages are enabled."""

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return True


def download_file(ctx: SiteContext, src_uri: str, dest_uri: str, path: Path,
                  generated_by: str = "tools/sitebuild/notebooks/wiring.py") -> DownloadFile:
    config = ctx.config
    file = DownloadFile(src_uri, None, config.site_dir, config.use_directory_urls, dest_uri=dest_uri)
    file.abs_src_path = str(path)
    file.generated_by = generated_by
    return file


def english_name(src_uri: str, languages: list[str]) -> tuple[str, str | None]:
    """framework.ru.ipynb -> ("framework.ipynb", "ru"); framework.ipynb -> ("framework.ipynb", None)."""
    match = LANG_SUFFIX.match(src_uri)
    if match and match.group("lang") in languages:
        return f"{match.group('stem')}.ipynb", match.group("lang")
    return src_uri, None


def _is_notebook_page(file: File) -> bool:
    return file.src_uri.endswith(".ipynb") and file.is_documentation_page() and not isinstance(file, DownloadFile)


# --------------------------------------------------------------------------- #
# build steps
# --------------------------------------------------------------------------- #
def start_build(ctx: SiteContext) -> None:
    """Reset the cache bookkeeping (outermost build); give mkdocs-jupyter a cache folder per language.

    mkdocs-jupyter evicts, after each build, every cached page that build did
    not use; the i18n plugin runs one build per language, so with one shared
    folder each language evicted the others and every rebuild converted every
    notebook again (~1 s per page).
    """
    state = _state(ctx)
    if not ctx.nested:
        for names in state.used.values():
            names.clear()
    plugin: Any = ctx.config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config.get("cache"):
        return
    if state.jupyter_cache is None or state.jupyter_cache[0] is not plugin:  # `mkdocs serve` loads new plugins
        state.jupyter_cache = (plugin, str(plugin.config["cache_dir"]))
    plugin.config["cache_dir"] = str(Path(state.jupyter_cache[1]) / ctx.current_language)


def unwrap_notebook_files(files: Files, ctx: SiteContext) -> Files:
    """Undo mkdocs-jupyter's ``NotebookFile`` wrappers before the i18n plugin sorts the files.

    The wrapper computes ``abs_src_path`` from ``src_dir``, which is None for the
    translations that i18n_files.py adds as generated files, so the i18n plugin
    would see no source and drop them ("Unhandled file case"). The i18n plugin
    rebuilds every file as a plain ``File`` anyway, so nothing of the wrapper is lost.
    """
    return Files([getattr(file, "file", file) if type(file).__name__ == "NotebookFile" else file for file in files])


def notebook_files(files: Files, ctx: SiteContext) -> Files:
    """Point each notebook page at its processed notebook; offer its download copy under downloads/."""
    sources = notebook_sources(ctx)
    prefix = ctx.url_prefix(ctx.current_language)
    pages = [file for file in files if _is_notebook_page(file)]
    sources.execute_all(english_name(file.src_uri, sources.languages)[0] for file in pages)
    for file in pages:
        name, file_lang = english_name(file.src_uri, sources.languages)
        target = sources.processed_notebook(name, file_lang or sources.default_lang)
        file.abs_src_path = str(target)
        file.notebook_name = name  # type: ignore[attr-defined]  # read by render.py
        download = downloadable_notebook(ctx, name, file_lang or sources.default_lang)
        files.append(download_file(ctx, f"downloads/{name}", f"{prefix}downloads/{name}", download))
    return files


def prune_cache(ctx: SiteContext) -> None:
    """Forget cached pages and plots that no language used in this build (outermost build only)."""
    if ctx.nested:
        return
    for kind, names in _state(ctx).used.items():
        folder = ctx.cache_dir("notebooks") / kind
        if names and folder.is_dir():
            for path in folder.iterdir():
                if path.name not in names and not path.name.startswith("."):
                    path.unlink(missing_ok=True)
