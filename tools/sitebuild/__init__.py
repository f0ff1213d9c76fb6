"""The lesson site's build machinery, as MkDocs hooks.

``hooks.py`` is the one file that mkdocs.yml names: it lists every MkDocs event
the site uses, in the order they run, and hands each to a small module here.
``languages.py`` reads the table of languages and the reader-visible words;
``context.py`` holds what every step needs (repository root, languages, the
language being built, the cache folder).
"""
