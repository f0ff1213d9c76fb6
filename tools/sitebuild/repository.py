"""Where the course's source is: ``extra.repository`` of mkdocs.yml, shown where pages ask for it.

The repository's address is a setting, not words of the pages: the same
pages are published from forks and from copies with no public repository.
In mkdocs.yml::

    extra:
      repository: https://github.com/example/nn-course   # or leave it out

(Not MkDocs' ``repo_url``: with it, Material puts a repository widget in the
header that asks GitHub's API for stars and forks, and the site requests
nothing from other hosts.)

A page writes both versions of the passage that needs the address, each in
a block of its own, and ``{{repository}}`` where the address goes::

    <div class="repository-known" markdown>
    The source is a git repository: [{{repository}}]({{repository}}).
    </div>

    <div class="repository-unknown" markdown>
    The source is a git repository; ask whoever published the course for its address.
    </div>

:func:`fill_repository` (``on_page_markdown``, before Markdown is converted)
keeps the block that fits the setting and drops the other, and puts the
address in. Translations keep the blocks and the placeholder as they are.
"""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = "{{repository}}"
#: One block of either kind; its content may not hold another <div>.
BLOCK = re.compile(
    r'^<div class="repository-(?P<kind>known|unknown)" markdown>[ \t]*\n'
    r"(?P<body>(?:(?!^</?div\b).*\n)*?)</div>[ \t]*$\n?",
    re.MULTILINE,
)


def repository_url(extra: Any) -> str | None:
    """The address from ``extra.repository`` (None when it is missing or empty)."""
    value = extra.get("repository") if hasattr(extra, "get") else None
    return str(value).strip() or None if value else None


def fill_repository(markdown: str, url: str | None) -> str:
    """Keep the ``repository-known`` blocks with the address filled in, or only the ``repository-unknown`` ones."""
    if "repository-" not in markdown and PLACEHOLDER not in markdown:
        return markdown

    def block(match: re.Match[str]) -> str:
        keep = (match.group("kind") == "known") == (url is not None)
        return match.group(0) if keep else ""

    markdown = BLOCK.sub(block, markdown)
    return markdown.replace(PLACEHOLDER, url) if url else markdown
