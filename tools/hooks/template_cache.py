"""MkDocs hook: keep compiled theme templates between builds.

MkDocs makes a fresh Jinja environment for every build, and mkdocs-static-i18n
builds the site four times (once per language), so Material's templates would
be compiled four times per build and again on every `mkdocs serve` rebuild.
A bytecode cache in .cache/jinja/ compiles each template once; Jinja checks
the template's source checksum, so edited templates are recompiled.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    cache = Path(config.config_file_path).resolve().parent / ".cache" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env
