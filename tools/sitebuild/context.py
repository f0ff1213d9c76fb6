"""What every build step needs, worked out once: ``SiteContext``.

mkdocs-static-i18n builds the site once per language, the default language
last-but-outermost: its ``on_post_build`` runs the other languages' builds
*nested* inside the default one. Steps that must run once per site (split the
search index, typeset the collected formulas, prune caches) ask
``ctx.nested`` and wait for the outermost build.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from tools.sitebuild import languages

CACHE = ".cache"


@dataclass
class SiteContext:
    """The repository, its languages and the build in progress."""

    root: Path
    config: MkDocsConfig
    #: Per-site state that steps keep across the builds of one ``mkdocs`` run.
    state: dict[str, Any] = field(default_factory=dict)

    # --- languages --------------------------------------------------------- #
    @property
    def default_language(self) -> str:
        return languages.default_language(self.root).code

    @property
    def all_languages(self) -> list[str]:
        return languages.codes(self.root)

    @property
    def translated_languages(self) -> list[str]:
        return [lang.code for lang in languages.translated_languages(self.root)]

    @property
    def current_language(self) -> str:
        """The language being built now (the i18n plugin builds one after the other)."""
        plugin = self.config.plugins.get("i18n")
        return getattr(plugin, "current_language", None) or self.default_language

    @property
    def nested(self) -> bool:
        """True inside the i18n plugin's builds of the non-default languages."""
        return bool(getattr(self.config.plugins.get("i18n"), "building", False))

    def url_prefix(self, lang: str) -> str:
        """"" for the default language, "ru/" for Russian: where its pages live in the site."""
        return "" if lang == self.default_language else f"{lang}/"

    def ui(self, key: str, lang: str | None = None) -> Any:
        """A reader-visible word from ui.yml (``ctx.ui("notebook.download")``), in ``lang`` or the current language."""
        return languages.ui(key, lang or self.current_language, self.root)

    # --- files ------------------------------------------------------------- #
    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    def cache_dir(self, *parts: str) -> Path:
        """``.cache/<parts>`` in the repository (git-ignored), created on demand."""
        path = self.root.joinpath(CACHE, *parts)
        path.mkdir(parents=True, exist_ok=True)
        return path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly that. True if written.

    Unchanged files keep their modification time, so ``mkdocs serve`` and
    browsers' caches see no change.
    """
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files; these are published
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


_contexts: dict[Path, SiteContext] = {}


def site_context(config: MkDocsConfig) -> SiteContext:
    """The context of the site ``config`` belongs to; kept across rebuilds of ``mkdocs serve``."""
    if not config.config_file_path:
        raise PluginError("sitebuild: mkdocs.yml has no path; build with `mkdocs build -f mkdocs.yml`")
    root = Path(config.config_file_path).resolve().parent
    ctx = _contexts.get(root)
    if ctx is None:
        ctx = _contexts[root] = SiteContext(root, config)
    ctx.config = config
    return ctx
