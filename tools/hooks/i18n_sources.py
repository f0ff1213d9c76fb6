"""MkDocs hook: feed translations/<lang>/ to mkdocs-static-i18n, make notebooks pages.

English sources live in ``docs/``; a translation lives in ``translations/<lang>/``
under the same relative path. mkdocs-static-i18n (``docs_structure: suffix``)
expects every language inside ``docs_dir`` as ``name.<lang>.ext``, so this hook
adds each translation to the files collection under its suffix name, before the
i18n plugin sorts the files per language:

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

Top-level files of ``translations/<lang>/`` that are not pages (glossary.yml,
wordlist.txt, ...) are language metadata, not site content, and are skipped.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePosixPath

import mkdocs.utils
import mkdocs_static_i18n.reconfigure as i18n_reconfigure
import mkdocs_static_i18n.suffix as i18n_suffix
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.i18n_sources")

TRANSLATIONS_DIR = "translations"
PAGE_SUFFIXES = (".md", ".ipynb")

# --- notebooks are pages ------------------------------------------------------
if ".ipynb" not in mkdocs.utils.markdown_extensions:
    mkdocs.utils.markdown_extensions = (*mkdocs.utils.markdown_extensions, ".ipynb")


# --- teach mkdocs-static-i18n about files outside docs_dir ---------------------
def _wrap_plugin_internals() -> None:
    if getattr(i18n_suffix.create_i18n_file, "keeps_translation_src", False):
        return  # already wrapped (hooks are re-imported on every `mkdocs serve` rebuild)

    original_create = i18n_suffix.create_i18n_file
    original_is_relative_to = i18n_reconfigure.is_relative_to

    def create_i18n_file(file: File, *args, **kwargs) -> File:
        new = original_create(file, *args, **kwargs)
        source = getattr(file, "translation_src", None)
        if source:
            new.abs_src_path = source
            new.translation_src = source
            new.generated_by = getattr(file, "generated_by", None)
        return new

    def is_relative_to(src_path, dest_path) -> bool:
        if src_path is None:  # File.generated(content=...): no file on disk, not a page
            return False
        return original_is_relative_to(src_path, dest_path) or any(
            original_is_relative_to(src_path, root) for root in TRANSLATION_ROOTS
        )

    create_i18n_file.keeps_translation_src = True  # type: ignore[attr-defined]
    i18n_suffix.create_i18n_file = create_i18n_file
    i18n_reconfigure.is_relative_to = is_relative_to


# Shared by every (re-)import of this hook: the wrapped functions are installed once.
TRANSLATION_ROOTS: set[str] = i18n_suffix.__dict__.setdefault("translation_roots", set())
_wrap_plugin_internals()


def repo_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def i18n_plugin(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("i18n_sources: the i18n plugin (mkdocs-static-i18n) is not configured")
    return plugin


def languages(config: MkDocsConfig) -> list[str]:
    """Translation languages (every configured language except the default)."""
    plugin = i18n_plugin(config)
    return [lang.locale for lang in plugin.config.languages if not lang.default]


def default_language(config: MkDocsConfig) -> str:
    return i18n_plugin(config).default_language or "en"


def current_language(config: MkDocsConfig) -> str:
    """The language being built right now (the i18n plugin builds one after the other)."""
    plugin = config.plugins.get("i18n")
    return (plugin and plugin.current_language) or str(config.theme.get("language") or "en")


def suffixed(rel_path: str, lang: str) -> str:
    """lesson.md -> lesson.ru.md; assets/figures/x.svg -> assets/figures/x.ru.svg."""
    path = PurePosixPath(rel_path)
    return str(path.with_name(f"{path.stem}.{lang}{path.suffix}"))


def translation_files(config: MkDocsConfig) -> list[tuple[str, str, Path]]:
    """(lang, English-relative path, absolute path) of every translated site file."""
    root = repo_root(config) / TRANSLATIONS_DIR
    found = []
    for lang in languages(config):
        lang_dir = root / lang
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
                    continue  # glossary.yml, wordlist.txt, ...: language metadata
                found.append((lang, rel, path))
    return found


@event_priority(100)  # before mkdocs-jupyter (0) and the i18n plugin (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    TRANSLATION_ROOTS.clear()
    TRANSLATION_ROOTS.add(str(repo_root(config) / TRANSLATIONS_DIR))
    docs_dir = Path(config.docs_dir)
    for lang, rel, path in translation_files(config):
        src_uri = suffixed(rel, lang)
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"i18n_sources: both docs/{src_uri} and {path} exist; keep translations "
                f"only in {TRANSLATIONS_DIR}/{lang}/"
            )
        if not (docs_dir / rel).exists():
            log.warning(
                "i18n_sources: %s has no English source docs/%s (renamed or deleted?)", path, rel
            )
            continue
        file = File.generated(config, src_uri, abs_src_path=str(path))
        file.translation_src = str(path)
        files.append(file)
    return files


# --- navigation titles ---------------------------------------------------------
@event_priority(-150)  # after the i18n plugin (-100) translated the titles (nav_translations)
def on_nav(nav, config: MkDocsConfig, files: Files):
    for page in nav.pages:
        page.nav_title = page.title
    return nav


@event_priority(-30)  # after notebooks.py (-10), which titles a notebook page by its first heading
def on_page_content(html: str, page, config: MkDocsConfig, files: Files) -> str:
    """Every page keeps its navigation title (translated by nav_translations), notebooks too."""
    nav_title = getattr(page, "nav_title", None)
    if nav_title:
        page.title = nav_title
    return html
