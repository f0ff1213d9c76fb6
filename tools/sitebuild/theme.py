"""The theme's Jinja environment: compiled templates kept, Material's words in our spelling.

Template cache: MkDocs makes a fresh Jinja environment for every build, and
mkdocs-static-i18n builds the site once per language, so Material's templates
would be compiled four times per build and again on every ``mkdocs serve``
rebuild. A bytecode cache in .cache/jinja/ compiles each template once; Jinja
checks the template's source checksum, so edited templates are recompiled.

Material's words: Material ships its interface words per language
(``partials/languages/<lang>.html``), and some are wrong (Telugu's copy button
said "imitate this"; Bengali spelled করুন as করুণ). The ``theme`` block of a
language's ui.yml replaces those keys; ``tools/theme/partials/language.html``
asks ``theme_words`` first, then Material's table. The light/dark toggle's
names come from the ``palette`` block (``tools/theme/partials/palette.html``).
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemBytecodeCache

from tools.sitebuild.context import SiteContext


def prepare(env: Environment, ctx: SiteContext) -> Environment:
    env.bytecode_cache = FileSystemBytecodeCache(str(ctx.cache_dir("jinja")))
    words = ctx.ui("theme") or {}
    env.globals["theme_words"] = {str(key): str(value) for key, value in words.items()}
    env.globals["palette_words"] = {str(key): str(value) for key, value in (ctx.ui("palette") or {}).items()}
    return env
