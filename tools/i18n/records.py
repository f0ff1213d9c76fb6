"""Translation records: which English file a translation follows, and whether it is fresh.

The one place that knows these rules; the translation checks and the site build
(the "outdated translation" notice) both use it. Plain Python and PyYAML.

What needs translating (paths relative to ``docs/``; the translation lives at the
same path under ``translations/<lang>/``):

* pages ``*.md`` and notebooks ``*.ipynb`` (anywhere except ``assets/``), the lab
  README ``lab/README.md`` included;
* figures ``assets/figures/*.svg``;
* quiz data ``quizzes/*.yml`` and the site's words ``ui.yml``.

Every translation records the English file it follows and the SHA-256 of that
file's bytes (``sha256sum docs/<path>``):

* Markdown: front matter at the very top (``translation_of: lesson.md`` and
  ``source_sha256: 3f0c...``, 64 hex digits);
* notebook: top-level metadata
  ``"translation": {"source": "framework.ipynb", "source_sha256": "3f0c..."}``;
* SVG: a comment before ``<svg``:
  ``<!-- translation_of: assets/figures/mlp.svg source_sha256: 3f0c... -->``;
* YAML: the first line ``# translation_of: quizzes/pre.yml source_sha256: 3f0c...``,
  or top-level keys ``translation_of`` / ``source_sha256`` (as in ``ui.yml``).

A translation is *fresh* when its recorded hash equals the hash of the current
English file, *stale* when it differs, *missing* when the file does not exist and
*broken* when the record is absent, malformed or names another source.

For the build::

    from tools.i18n import records
    records.status_of("ru", "lesson.md", root)        # Status: .state "fresh", "stale", "missing"
                                                      # or "broken", .fresh, .detail, .path
    records.record_of(path)                           # Record(source, source_sha256) or None
    records.sha256_of(path)
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from tools.sitebuild.languages import ROOT, translated_languages

DOCS = "docs"
TRANSLATIONS = "translations"
STATES = ("fresh", "stale", "missing", "broken")
#: The top-level YAML / front-matter keys of a record (never text to translate).
RECORD_KEYS = ("translation_of", "source_sha256")

SHA256_RE = re.compile(r"[0-9a-f]{64}")
_COMMENT_RECORD = r"translation_of:\s*(?P<source>\S+)\s+source_sha256:\s*(?P<sha>\S+)"
SVG_RECORD_RE = re.compile(r"<!--\s*" + _COMMENT_RECORD + r"\s*-->")
YAML_RECORD_RE = re.compile(r"^#\s*" + _COMMENT_RECORD + r"\s*$", re.MULTILINE)
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


class RecordError(ValueError):
    """The translation record of a file is missing or malformed."""


@dataclass(frozen=True)
class Record:
    """What a translation says it follows."""

    source: str  # English path relative to docs/, e.g. "lesson.md"
    source_sha256: str


@dataclass(frozen=True)
class Status:
    """One translation compared with its English source."""

    lang: str
    source: str  # English path relative to docs/
    state: str  # one of STATES
    detail: str
    path: Path  # translations/<lang>/<source>

    @property
    def fresh(self) -> bool:
        return self.state == "fresh"


# --- which files ---------------------------------------------------------------
def docs_dir(root: Path = ROOT) -> Path:
    return root / DOCS


def translation_path(lang: str, rel: str, root: Path = ROOT) -> Path:
    """Where the ``lang`` translation of ``docs/<rel>`` lives."""
    return root / TRANSLATIONS / lang / rel


def is_translatable(rel: str) -> bool:
    """True for the docs/-relative paths that every language must translate."""
    path = PurePosixPath(rel)
    if any(part.startswith((".", "_")) for part in path.parts):
        return False  # .ipynb_checkpoints, __pycache__, hidden files
    if path.suffix in (".md", ".ipynb"):
        return path.parts[0] != "assets"
    if path.suffix == ".svg":
        return path.parent == PurePosixPath("assets/figures")
    if path.suffix in (".yml", ".yaml"):
        return path.parent == PurePosixPath("quizzes") or rel == "ui.yml"
    return False


def relative_files(folder: Path) -> list[str]:
    """Every file under ``folder``, as sorted POSIX paths relative to it."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def english_sources(root: Path = ROOT) -> list[str]:
    """docs/-relative paths of every English file that needs a translation."""
    return [rel for rel in relative_files(docs_dir(root)) if is_translatable(rel)]


def orphans(lang: str, root: Path = ROOT) -> list[str]:
    """Translated files whose English source no longer exists (renamed or deleted)."""
    sources = set(english_sources(root))
    return [rel for rel in relative_files(root / TRANSLATIONS / lang) if is_translatable(rel) and rel not in sources]


# --- reading a record ---------------------------------------------------------------
def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, as ``sha256sum`` prints it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter mapping or None, body, number of lines the front matter takes)."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, text, 0
    try:
        data = yaml.safe_load(match.group("body")) or {}
    except yaml.YAMLError as exc:
        raise RecordError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RecordError("front matter is not a mapping")
    return data, text[match.end():], match.group(0).count("\n")


def _recorded(path: Path, text: str) -> tuple[object, object]:
    """(source, sha256) as written in the file, not yet validated."""
    suffix = path.suffix
    if suffix == ".md":
        data, _, _ = split_front_matter(text)
        if data is None:
            raise RecordError("no front matter with translation_of/source_sha256")
        return data.get("translation_of"), data.get("source_sha256")
    if suffix == ".ipynb":
        try:
            meta = json.loads(text).get("metadata", {}).get("translation")
        except (json.JSONDecodeError, AttributeError) as exc:
            raise RecordError(f"not a notebook: {exc}") from exc
        if not isinstance(meta, dict):
            raise RecordError('no metadata "translation": {"source", "source_sha256"}')
        return meta.get("source"), meta.get("source_sha256")
    if suffix == ".svg":
        match = SVG_RECORD_RE.search(text)
        if not match or match.start() > text.find("<svg"):
            raise RecordError("no '<!-- translation_of: ... source_sha256: ... -->' before <svg>")
        return match.group("source"), match.group("sha")
    if suffix in (".yml", ".yaml"):
        match = YAML_RECORD_RE.search(text)
        if match:
            return match.group("source"), match.group("sha")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise RecordError(f"not valid YAML: {exc}") from exc
        if not isinstance(data, dict) or "source_sha256" not in data:
            raise RecordError("no first line '# translation_of: ... source_sha256: ...' "
                              "and no top-level keys translation_of/source_sha256")
        return data.get("translation_of"), data.get("source_sha256")
    raise RecordError(f"unknown kind of file: {path.name}")


def read_record(path: Path) -> Record:
    """The record of a translated file; RecordError when it has none or it is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8: {exc}") from exc
    source, sha = _recorded(path, text)
    if not isinstance(source, str) or not source:
        raise RecordError("the record does not name its English source")
    if not isinstance(sha, str) or not SHA256_RE.fullmatch(sha):
        raise RecordError(f"source_sha256 must be 64 lowercase hex digits, got {sha!r}")
    return Record(source, sha)


def record_of(path: Path) -> Record | None:
    """The record of a translated file, or None when it has no readable record."""
    try:
        return read_record(path)
    except (OSError, RecordError):
        return None


# --- fresh, stale, missing, broken --------------------------------------------------
def status_of(lang: str, rel: str, root: Path = ROOT) -> Status:
    """Compare the ``lang`` translation of ``docs/<rel>`` with the current English file."""
    path = translation_path(lang, rel, root)
    if not path.is_file():
        return Status(lang, rel, "missing", f"no file translations/{lang}/{rel}", path)
    try:
        record = read_record(path)
    except RecordError as exc:
        return Status(lang, rel, "broken", str(exc), path)
    if record.source != rel:
        return Status(lang, rel, "broken", f"records translation_of {record.source!r}, expected {rel!r}", path)
    english = docs_dir(root) / rel
    if not english.is_file():
        return Status(lang, rel, "broken", f"no English source docs/{rel} (renamed or deleted?)", path)
    current = sha256_of(english)
    if record.source_sha256 != current:
        return Status(lang, rel, "stale",
                      f"follows English {record.source_sha256[:12]}…, English is now {current[:12]}…", path)
    return Status(lang, rel, "fresh", "", path)


def status(root: Path = ROOT, langs: list[str] | None = None) -> list[Status]:
    """Every translation of every translated language (or of ``langs``), in table order."""
    codes = langs if langs is not None else [lang.code for lang in translated_languages(root)]
    sources = english_sources(root)
    return [status_of(lang, rel, root) for lang in codes for rel in sources]


# --- writing a record (``python -m tools.i18n init`` / ``stamp``) ------------------------
def with_record(text: str, suffix: str, record: Record) -> str:
    """``text`` (a translated file of kind ``suffix``) with its record set to ``record``."""
    if suffix == ".md":
        lines = [f"translation_of: {record.source}", f"source_sha256: {record.source_sha256}"]
        match = FRONT_MATTER_RE.match(text)
        if not match:
            return "---\n" + "\n".join(lines) + "\n---\n\n" + text
        body = [line for line in match.group("body").splitlines()
                if not re.match(r"(translation_of|source_sha256)\s*:", line)]
        return "---\n" + "\n".join(lines + body) + "\n---\n" + text[match.end():]
    if suffix == ".ipynb":
        nb = json.loads(text)
        nb.setdefault("metadata", {})["translation"] = {"source": record.source, "source_sha256": record.source_sha256}
        return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if suffix == ".svg":
        comment = f"<!-- translation_of: {record.source} source_sha256: {record.source_sha256} -->"
        if SVG_RECORD_RE.search(text):
            return SVG_RECORD_RE.sub(lambda _: comment, text, count=1)
        prolog = re.match(r"\A\s*<\?xml[^>]*\?>[ \t]*\r?\n?", text)
        cut = prolog.end() if prolog else 0
        head = text[:cut] if not prolog or text[:cut].endswith("\n") else text[:cut] + "\n"
        return head + comment + "\n" + text[cut:]
    if suffix in (".yml", ".yaml"):
        comment = f"# translation_of: {record.source} source_sha256: {record.source_sha256}"
        if YAML_RECORD_RE.search(text):
            return YAML_RECORD_RE.sub(lambda _: comment, text, count=1)
        if re.search(r"^source_sha256:", text, re.M):  # the record as top-level keys
            text = re.sub(r"^translation_of:.*$", f"translation_of: {record.source}", text, count=1, flags=re.M)
            return re.sub(r"^source_sha256:.*$", f"source_sha256: {record.source_sha256}", text, count=1, flags=re.M)
        return comment + "\n" + text
    raise ValueError(f"unknown kind of file: {suffix}")
