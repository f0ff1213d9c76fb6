"""Languages into the build: the i18n plugin's languages, translated files, nav titles.

Languages: mkdocs.yml names only the default language for mkdocs-static-i18n;
``configure_languages`` gives the plugin every row of translations/languages.yml,
with each language's site name, description and navigation titles from its
ui.yml, before the plugin reads them.

Files: English sources live in ``docs/``; a translation lives in
``translations/<lang>/`` under the same relative path. mkdocs-static-i18n
(``docs_structure: suffix``) expects every language inside ``docs_dir`` as
``name.<lang>.ext``, so each translation joins the files collection under its
suffix name, before the plugin sorts the files per language::

    translations/ru/lesson.md                 -> lesson.ru.md
    translations/bn/framework.ipynb           -> framework.bn.ipynb
    translations/te/assets/figures/mlp.svg    -> assets/figures/mlp.te.svg

The files keep pointing at their real place on disk (``abs_src_path``), so error
messages, mkdocs-jupyter and ``mkdocs serve`` see the real translation files.

Two details of mkdocs-static-i18n 1.3.1 need help (read ``reconfigure.py`` and
``suffix.py`` of the plugin):

* ``reconfigure_files`` only treats files whose ``abs_src_path`` is inside
  ``docs_dir`` as documentation; anything else is passed through untouched;
* ``suffix.create_i18n_file`` rebuilds every file as ``File(src_path, docs_dir)``,
  which would point the translation at a non-existent ``docs/lesson.ru.md``.

Both are wrapped below so that files carrying a ``translation_src`` attribute
keep their source. ``tests/test_i18n.py`` fails if a newer plugin changes this.

Notebooks: MkDocs only knows Markdown as a page type, and the i18n plugin
rebuilds the files after mkdocs-jupyter wrapped them, so without help every
``.ipynb`` becomes a static download in the built site while ``--strict``
still passes (mkdocs-static-i18n issue #198). Registering ``.ipynb`` as a page
extension makes notebooks pages in every language.

Data that pages embed (``ui.yml``, ``quizzes/*.yml``, ``glossary.yml``) and the lab README
(``lab/``, packed into the lab download) are sources, not published files.
Top-level files of ``translations/<lang>/`` that are not pages (ui.yml,
glossary.yml, wordlist.txt) are language data, not site content.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

import mkdocs.utils
import mkdocs_static_i18n.reconfigure as i18n_reconfigure
import mkdocs_static_i18n.suffix as i18n_suffix
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.config import I18nPluginLanguage

from tools.sitebuild import languages
from tools.sitebuild.context import SiteContext

log = logging.getLogger("mkdocs.sitebuild.i18n_files")

PAGE_SUFFIXES = (".md", ".ipynb")
#: Sources that pages embed or downloads pack; never published as files.
NOT_PUBLISHED = re.compile(r"^(ui(\.[a-z]{2,3})?\.yml|glossary\.yml|quizzes/[^/]+\.ya?ml|lab/.*)$")

# --- notebooks are pages ------------------------------------------------------
if ".ipynb" not in mkdocs.utils.markdown_extensions:
    mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")  # type: ignore[assignment]


# --- teach mkdocs-static-i18n about files outside docs_dir ---------------------
class _TranslationRoots:
    """Folders whose files the i18n plugin must treat as documentation (set per build)."""

    folders: tuple[str, ...] = ()


def _wrap_plugin_internals() -> None:
    if getattr(i18n_suffix.create_i18n_file, "keeps_translation_src", False):
        return  # already wrapped: the module is imported once per process, but be safe

    original_create = i18n_suffix.create_i18n_file
    original_is_relative_to = i18n_reconfigure.is_relative_to

    def create_i18n_file(file: File, *args: Any, **kwargs: Any) -> File:
        new = original_create(file, *args, **kwargs)
        source = getattr(file, "translation_src", None)
        if source:
            new.abs_src_path = source
            new.translation_src = source
            new.generated_by = getattr(file, "generated_by", None)
        return new  # type: ignore[no-any-return]

    def is_relative_to(src_path: Any, dest_path: Any) -> bool:
        if src_path is None:  # File.generated(content=...): no file on disk, not a page
            return False
        return bool(original_is_relative_to(src_path, dest_path)) or any(
            original_is_relative_to(src_path, root) for root in _TranslationRoots.folders
        )

    create_i18n_file.keeps_translation_src = True  # type: ignore[attr-defined]
    i18n_suffix.create_i18n_file = create_i18n_file
    i18n_reconfigure.is_relative_to = is_relative_to


_wrap_plugin_internals()


# --- config: the plugin's languages from the table -----------------------------
def _plugin_language(ctx: SiteContext, lang: languages.Language, default: bool) -> I18nPluginLanguage:
    words = languages.ui_words(lang.code, ctx.root)
    english_nav = languages.ui_words(ctx.default_language, ctx.root).get("nav", {})
    entry: dict[str, Any] = {"locale": lang.code, "name": lang.name, "build": True, "default": default}
    if not default:
        site = words.get("site", {})
        entry["site_name"] = site.get("name")
        entry["site_description"] = site.get("description")
        # nav titles are keyed by the English title, as mkdocs.yml's nav spells it
        entry["nav_translations"] = {english_nav.get(key, key): title for key, title in words.get("nav", {}).items()}
    config = I18nPluginLanguage()
    config.load_dict({k: v for k, v in entry.items() if v is not None})
    failed, _warnings = config.validate()
    if failed:
        raise PluginError(f"i18n_files: language {lang.code}: {failed}")
    return config


def configure_languages(ctx: SiteContext) -> None:
    """Give mkdocs-static-i18n every language of translations/languages.yml (once per ``mkdocs`` run)."""
    plugin = ctx.config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("i18n_files: the i18n plugin (mkdocs-static-i18n) is not configured")
    if ctx.nested:
        return  # the plugin's own nested builds: already configured
    table = languages.all_languages(ctx.root)
    configured = [lang.locale for lang in plugin.config.languages]
    if configured != [table[0].code]:
        raise PluginError(
            f"i18n_files: mkdocs.yml lists {configured} for the i18n plugin; list only the default "
            f"language '{table[0].code}' there, the others come from {languages.TABLE}"
        )
    plugin.config.languages = [_plugin_language(ctx, lang, index == 0) for index, lang in enumerate(table)]
    english = languages.ui_words(ctx.default_language, ctx.root).get("site", {})
    ctx.config.site_name = english.get("name", ctx.config.site_name)
    ctx.config.site_description = english.get("description", ctx.config.site_description)


# --- files -----------------------------------------------------------------------
def suffixed(rel_path: str, lang: str) -> str:
    """lesson.md -> lesson.ru.md; assets/figures/x.svg -> assets/figures/x.ru.svg."""
    path = PurePosixPath(rel_path)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


def translation_files(ctx: SiteContext) -> list[tuple[str, str, Path]]:
    """(lang, English-relative path, absolute path) of every translated site file."""
    found = []
    for lang in ctx.translated_languages:
        lang_dir = ctx.root / languages.TRANSLATIONS / lang
        if not lang_dir.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(lang_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                rel = path.relative_to(lang_dir).as_posix()
                if "/" not in rel and not rel.endswith(PAGE_SUFFIXES):
                    continue  # ui.yml, glossary.yml, wordlist.txt: language data
                found.append((lang, rel, path))
    return found


def add_translations(files: Files, ctx: SiteContext) -> Files:
    """Add translations/<lang>/ files under their suffix names; drop unpublished sources."""
    _TranslationRoots.folders = (str(ctx.root / languages.TRANSLATIONS),)
    for lang, rel, path in translation_files(ctx):
        src_uri = suffixed(rel, lang)
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"i18n_files: both docs/{src_uri} and {path} exist; keep translations "
                f"only in {languages.TRANSLATIONS}/{lang}/"
            )
        if not (ctx.docs_dir / rel).exists():
            log.warning("i18n_files: %s has no English source docs/%s (renamed or deleted?)", path, rel)
            continue
        file = File.generated(ctx.config, src_uri, abs_src_path=str(path))
        file.translation_src = str(path)  # type: ignore[attr-defined]
        files.append(file)
    for file in list(files):
        if NOT_PUBLISHED.match(file.src_uri):
            files.remove(file)
    return files


# --- navigation titles ---------------------------------------------------------------
def remember_nav_titles(nav: Navigation) -> Navigation:
    """Keep each page's navigation title (already translated by nav_translations)."""
    for page in nav.pages:
        page.nav_title = page.title  # type: ignore[attr-defined]
    return nav


def restore_nav_title(page: Page) -> None:
    """A notebook page is titled by its first heading; every page keeps its nav title instead."""
    nav_title = getattr(page, "nav_title", None)
    if nav_title:
        page.title = nav_title
