"""The site's one MkDocs hooks file: every event the build uses, in the order MkDocs runs them.

Each event hands its work to a small module of ``tools.sitebuild``. Priorities
place our steps among the plugins of mkdocs.yml; higher runs earlier:

    mkdocs-jupyter   0      wraps notebooks as pages, renders them to HTML
    i18n          -100      sorts files per language, builds the other languages
                            (nested builds) from its on_post_build
    search        default   collects the search index

Per language, MkDocs runs: config, pre_build, files, nav, env, then for each
page page_markdown, page_content and post_page, then post_build. mkdocs-static-i18n runs the
whole sequence again for every other language inside the default language's
post_build (``ctx.nested`` tells the two apart).
"""

from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads this file by path: make ``tools.sitebuild`` importable as a package.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from jinja2 import Environment  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.structure.files import Files  # noqa: E402
from mkdocs.structure.nav import Navigation  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

from tools.sitebuild import (  # noqa: E402
    digit_box,
    downloads,
    figures,
    glossary_page,
    i18n_files,
    katex_math,
    notices,
    page_assets,
    precompress,
    quizzes,
    repository,
    search_index,
    theme,
    vendor_assets,
)
from tools.sitebuild.context import site_context  # noqa: E402
from tools.sitebuild.notebooks import render as notebook_render  # noqa: E402
from tools.sitebuild.notebooks import wiring as notebook_wiring  # noqa: E402
from tools.sitebuild.runner import assets as runner_assets  # noqa: E402
from tools.sitebuild.runner import pages as runner_pages  # noqa: E402


# --- 1. config ------------------------------------------------------------- #
@event_priority(50)  # before the i18n plugin (-100) reads its languages
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    ctx = site_context(config)
    i18n_files.configure_languages(ctx)  # languages, site names, nav titles from translations/
    katex_math.start(ctx)
    return config


# --- 2. pre_build ------------------------------------------------------------ #
def on_pre_build(config: MkDocsConfig) -> None:
    notebook_wiring.start_build(site_context(config))


# --- 3. files ---------------------------------------------------------------- #
@event_priority(100)  # before mkdocs-jupyter (0) and the i18n plugin (-100)
def _files_before_plugins(files: Files, config: MkDocsConfig) -> Files:
    ctx = site_context(config)
    files = i18n_files.add_translations(files, ctx)  # translations/<lang>/x.md as x.<lang>.md; drops data
    return vendor_assets.add_vendor_files(files, ctx)  # KaTeX CSS, fonts from node_modules


@event_priority(-50)  # after mkdocs-jupyter (0), before the i18n plugin (-100)
def _files_before_i18n(files: Files, config: MkDocsConfig) -> Files:
    return notebook_wiring.unwrap_notebook_files(files, site_context(config))


@event_priority(-500)  # after the i18n plugin (-100) kept the current language's files
def _files_after_i18n(files: Files, config: MkDocsConfig) -> Files:
    ctx = site_context(config)
    files = notebook_wiring.notebook_files(files, ctx)  # execute, point pages at the results
    files = downloads.add_downloads(files, ctx)  # notebooks, wheel, lab archive
    files = runner_assets.add_files(files, ctx)  # Pyodide, runner scripts, MNIST subset (once)
    return digit_box.add_files(files, ctx)  # the draw-a-digit network, trained at the first build (once)


on_files = CombinedEvent(_files_before_plugins, _files_before_i18n, _files_after_i18n)


# --- 4. nav ------------------------------------------------------------------- #
@event_priority(-150)  # after the i18n plugin (-100) translated the titles
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return i18n_files.remember_nav_titles(nav)


# --- 5. env ------------------------------------------------------------------- #
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return theme.prepare(env, site_context(config))  # template cache, Material's words per language


# --- 6. page_markdown, page_content (per page) -------------------------------- #
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return repository.fill_repository(markdown, repository.repository_url(config.extra))  # extra.repository


@event_priority(-10)  # after mkdocs-jupyter (0) rendered notebook pages
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    ctx = site_context(config)
    html = notebook_render.render_page(html, page, files, ctx)  # light notebook HTML, plots as files
    html = figures.inline_figures(html, page, files, ctx)  # SVG figures inline: page fonts apply
    html = glossary_page.fill_table(html, page, ctx)  # the glossary page's table, from the glossaries
    i18n_files.restore_nav_title(page)  # notebook pages keep their nav title
    html = notices.add_notices(html, page, ctx)  # "not translated" / "outdated", ¶ titles
    return search_index.separate_cells(html)  # table cells as separate words for the search index


# --- 7. post_page (per page) -------------------------------------------------- #
@event_priority(-90)  # after the theme rendered the page, before the i18n plugin (-100)
def _post_page_content(output: str, page: Page, config: MkDocsConfig) -> str:
    ctx = site_context(config)
    output = quizzes.render_quizzes(output, page, ctx)
    output = quizzes.add_progress(output, page, ctx)  # home page: finished quizzes, best scores
    output = runner_pages.add_runner(output, page, ctx)  # notebook pages: Run buttons, solutions folded
    output = digit_box.add_box(output, page, ctx)  # the lab page: the draw-a-digit box after the notebook
    return katex_math.typeset_page(output, page, ctx)  # math as HTML + MathML


@event_priority(-100)  # same as the i18n plugin, registered after it: runs last
def _post_page_search(output: str, page: Page, config: MkDocsConfig) -> str:
    return search_index.point_search_at_language(output, page, site_context(config))


on_post_page = CombinedEvent(_post_page_content, _post_page_search)


# --- 8. post_build ------------------------------------------------------------ #
@event_priority(-150)  # after the i18n plugin (-100) built the other languages
def on_post_build(config: MkDocsConfig) -> None:
    ctx = site_context(config)
    if ctx.nested:
        return  # one language of several: the outermost build finishes the site
    search_index.split_index(ctx)  # one search index per language
    katex_math.finish(ctx)  # typeset the formulas no cache had, rewrite those pages
    notebook_wiring.prune_cache(ctx)  # forget cached pages and plots no language used
    page_assets.finish(ctx)  # per page: only its CSS/JS, small CSS inline, lazy off-screen sections; KaTeX fonts subset
    precompress.finish(ctx)  # .gz/.br twins of every text file: last, after every step wrote its files


def on_build_error(error: Exception) -> None:
    katex_math.forget()
