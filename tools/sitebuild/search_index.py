"""Search: one search index per language, loaded only by that language's pages.

With mkdocs-static-i18n, Material's search plugin writes one index with the
pages of all four languages to ``search/search_index.json``, and every page
downloads it at load time. After the last language is built, this hook splits
it: ``search/search_index.json`` keeps the English pages and
``<lang>/search/search_index.json`` holds that language's pages (locations made
relative to ``<lang>/``). Pages of a language point Material's ``base`` at
their language root, so its search finds the reader's language only and the
first view downloads a quarter of the index.

Tokenizing: ``plugins.search`` in mkdocs.yml uses one configuration for all
languages (no trimmer/stemmer, a separator that also splits at the Bengali
danda), which keeps Bengali and Telugu words, combining marks included, in one
piece.

Each language's index is then made ready for the site's search (issue 10):

- ``config.lang`` is ``["site"]``: Material's worker loads
  ``assets/javascripts/lunr/min/lunr.site.min.js`` (docs/) as if it were a
  lunr language pack. It folds every word of the index and the query alike
  (ZWJ/ZWNJ, Bengali/Telugu spelling variants, Russian stems), matches
  glossary synonyms and typos, and makes every word of a query count.
- ``config.fields.synonyms.groups``: the glossary's groups of equivalent
  spellings (search/synonyms.py); the worker takes them out before lunr
  sees the fields.
- the text and titles carry readable math instead of TeX (search/math_text.py):
  result snippets show ``∂ℒ/∂W₂``, not ``\\frac{\\partial \\mathcal{L}}...``.
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from tools.sitebuild.context import SiteContext
from tools.sitebuild.search.math_text import readable_html
from tools.sitebuild.search.synonyms import synonym_groups

log = logging.getLogger("mkdocs.sitebuild.search_index")

# The end of a table cell, row or caption right before more markup or text.
CELL_END = re.compile(r"(</(?:td|th|tr|caption|thead|tbody)>)(?=\S)", re.IGNORECASE)
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
INDEX = "search/search_index.json"


def _as_script_json(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def separate_cells(html: str) -> str:
    """A newline after each table cell that touches what follows.

    Material's search plugin keeps the text of table cells but not the cell
    boundaries: ``<td>loss</td><td>activation function</td>`` would enter the
    index as "lossactivation function", one word that neither query finds (the
    glossary page is one big table). Whitespace between cells changes nothing
    on the page."""
    return CELL_END.sub("\\1\n", html)


def point_search_at_language(output: str, page: Page, ctx: SiteContext) -> str:
    """Point Material's search of a translated page at its language's index (``base``)."""
    lang = ctx.current_language
    if lang == ctx.default_language:
        return output
    match = CONFIG_SCRIPT.search(output)
    if match is None:
        return output
    data = json.loads(match.group(2))
    data["base"] = get_relative_url(f"{lang}/", page.url).rstrip("/") + "/"
    return output[: match.start(2)] + _as_script_json(data) + output[match.end(2) :]


def split_index(ctx: SiteContext) -> None:
    """Split the index of all languages into one per language (after the last language's build)."""
    path = os.path.join(ctx.site_dir, INDEX)
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as handle:
        index = json.load(handle)
    others = ctx.translated_languages
    per_language: dict[str, list[dict[str, Any]]] = {lang: [] for lang in others}
    default_docs: list[dict[str, Any]] = []
    for doc in index["docs"]:
        prefix = doc["location"].split("/", 1)[0]
        if prefix in per_language:
            per_language[prefix].append({**doc, "location": doc["location"][len(prefix) + 1 :]})
        else:
            default_docs.append(doc)
    for lang, docs in [(ctx.default_language, default_docs), *per_language.items()]:
        target = path if lang == ctx.default_language else os.path.join(ctx.site_dir, lang, INDEX)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(site_search_index(index, docs, lang, ctx), handle, ensure_ascii=False, separators=(",", ":"))
        log.debug("search_index: %s: %d entries", target, len(docs))


def site_search_index(index: dict[str, Any], docs: list[dict[str, Any]], lang: str, ctx: SiteContext) -> dict[str, Any]:
    """One language's index for the site's search (see the module's docstring)."""
    config = index["config"]
    synonyms = {"boost": 0, "groups": synonym_groups(ctx.root, lang)}
    return {
        **index,
        "config": {**config, "lang": ["site"], "fields": {**config["fields"], "synonyms": synonyms}},
        "docs": [{**doc, "title": readable_html(doc["title"]), "text": readable_html(doc["text"])} for doc in docs],
    }

