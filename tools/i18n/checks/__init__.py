"""One module per check; each returns a list of Problems named after the check.

=============  ==================================================================
freshness      the translation exists and records the current English hash
parity         the same structure as English (tools/i18n/formats/ say what)
language       prose paragraphs read as the file's language (lingua)
script         prose words are in the language's script, or accepted words
mojibake       no UTF-8 decoded with the wrong codec, no U+FFFD
invisible      no invisible or control characters (ZWJ/ZWNJ where the language uses them)
glossary       a section whose English uses a glossary term uses the chosen rendering
spelling       the share of words hunspell does not know stays within the language's limit
coverage       every file under translations/<lang>/ is read by some check
=============  ==================================================================

``tools/i18n/run.py`` runs them all for a language.
"""

from __future__ import annotations

CHECKS = ("freshness", "parity", "language", "script", "mojibake", "invisible", "glossary", "spelling", "coverage")
