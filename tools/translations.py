"""Which English files need a translation, and what each translation says it follows.

Shared by ``tools/translation_check.py`` (the translators' checker and the tests),
``tools/translation_status.py`` and the MkDocs hooks (outdated notice). Plain
Python + PyYAML, no MkDocs imports.

Translatable sources (paths relative to ``docs/``) and their translations at the
same relative path under ``translations/<lang>/``:

* pages ``*.md`` and notebooks ``*.ipynb`` (anywhere except ``assets/``),
* figures ``assets/figures/*.svg``,
* quiz data ``quizzes/*.yml``.

Every translation records the English file it follows and the SHA-256 of that
file's bytes (``sha256sum docs/<path>``):

* Markdown: front matter at the very top::

      ---
      translation_of: lesson.md
      source_sha256: 3f0c...(64 hex digits)
      ---

* Notebook: top-level metadata
  ``"translation": {"source": "framework.ipynb", "source_sha256": "3f0c..."}``;
* SVG: the first line after the XML prolog (before ``<svg``)::

      <!-- translation_of: assets/figures/mlp.svg source_sha256: 3f0c... -->

* YAML: the first line of the file, a comment in the same words as the SVG one::

      # translation_of: quizzes/pre.yml source_sha256: 3f0c...

  (top-level keys ``translation_of`` / ``source_sha256`` in a mapping are also
  understood, the comment is preferred: it cannot collide with the data.)

A translation is *fresh* when its recorded hash equals the hash of the current
English file, *stale* when it differs, *missing* when the file does not exist and
*broken* when the record is absent, malformed or names another source.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
TRANSLATIONS_DIR = REPO_ROOT / "translations"
LANGUAGES = ("ru", "bn", "te")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "bn": "Bengali", "te": "Telugu"}

SHA256_RE = re.compile(r"[0-9a-f]{64}")
_COMMENT_RECORD = r"translation_of:\s*(?P<source>\S+)\s+source_sha256:\s*(?P<sha>\S+)"
SVG_RECORD_RE = re.compile(r"<!--\s*" + _COMMENT_RECORD + r"\s*-->")
YAML_RECORD_RE = re.compile(r"^#\s*" + _COMMENT_RECORD + r"\s*$", re.MULTILINE)
FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(?P<body>.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


class TranslationRecordError(ValueError):
    """The translation record of a file is missing or malformed."""


@dataclass(frozen=True)
class TranslationRecord:
    source: str  # English path relative to docs/, e.g. "lesson.md"
    source_sha256: str


@dataclass(frozen=True)
class TranslationState:
    lang: str
    source: str  # English path relative to docs/
    state: str  # "fresh", "stale", "missing" or "broken"
    detail: str = ""

    @property
    def path(self) -> Path:
        return translation_path(self.lang, self.source)


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
        return path.parent == PurePosixPath("quizzes")
    return False


def _relative_files(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def english_sources(docs_dir: Path = DOCS_DIR) -> list[str]:
    """docs/-relative paths of every English file that needs a translation."""
    return [rel for rel in _relative_files(docs_dir) if is_translatable(rel)]


def translation_path(lang: str, rel: str, translations_dir: Path = TRANSLATIONS_DIR) -> Path:
    return translations_dir / lang / rel


def orphan_translations(
    lang: str, docs_dir: Path = DOCS_DIR, translations_dir: Path = TRANSLATIONS_DIR
) -> list[str]:
    """Translated pages/figures/quizzes whose English source no longer exists."""
    sources = set(english_sources(docs_dir))
    return [
        rel
        for rel in _relative_files(translations_dir / lang)
        if is_translatable(rel) and rel not in sources
    ]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """(front matter mapping or None, body, number of lines the front matter takes)."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, text, 0
    try:
        data = yaml.safe_load(match.group("body")) or {}
    except yaml.YAMLError as exc:
        raise TranslationRecordError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise TranslationRecordError("front matter is not a mapping")
    return data, text[match.end():], match.group(0).count("\n")


def read_translation_record(path: Path) -> TranslationRecord:
    """Read the record of a translated file; raise TranslationRecordError if it has none."""
    text = path.read_text(encoding="utf-8")
    suffix = path.suffix
    if suffix == ".md":
        data, _, _ = split_front_matter(text)
        if data is None:
            raise TranslationRecordError("no front matter with translation_of/source_sha256")
        source, sha = data.get("translation_of"), data.get("source_sha256")
    elif suffix == ".ipynb":
        try:
            meta = json.loads(text).get("metadata", {}).get("translation")
        except (json.JSONDecodeError, AttributeError) as exc:
            raise TranslationRecordError(f"not a notebook: {exc}") from exc
        if not isinstance(meta, dict):
            raise TranslationRecordError('no metadata "translation": {"source", "source_sha256"}')
        source, sha = meta.get("source"), meta.get("source_sha256")
    elif suffix == ".svg":
        match = SVG_RECORD_RE.search(text)
        if not match or match.start() > text.find("<svg"):
            raise TranslationRecordError(
                "no '<!-- translation_of: ... source_sha256: ... -->' before <svg>"
            )
        source, sha = match.group("source"), match.group("sha")
    elif suffix in (".yml", ".yaml"):
        match = YAML_RECORD_RE.search(text)
        if match:
            source, sha = match.group("source"), match.group("sha")
        else:
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError as exc:
                raise TranslationRecordError(f"not valid YAML: {exc}") from exc
            if not isinstance(data, dict) or "source_sha256" not in data:
                raise TranslationRecordError(
                    "no first line '# translation_of: ... source_sha256: ...'"
                )
            source, sha = data.get("translation_of"), data.get("source_sha256")
    else:
        raise TranslationRecordError(f"unknown kind of file: {path.name}")
    if not isinstance(source, str) or not source:
        raise TranslationRecordError("the record does not name its English source")
    if not isinstance(sha, str) or not SHA256_RE.fullmatch(sha):
        raise TranslationRecordError(f"source_sha256 must be 64 lowercase hex digits, got {sha!r}")
    return TranslationRecord(source, sha)


def translation_state(
    lang: str, rel: str, docs_dir: Path = DOCS_DIR, translations_dir: Path = TRANSLATIONS_DIR
) -> TranslationState:
    """Compare one translation's record with the current English file."""
    path = translation_path(lang, rel, translations_dir)
    if not path.is_file():
        return TranslationState(lang, rel, "missing", f"no file translations/{lang}/{rel}")
    try:
        record = read_translation_record(path)
    except (TranslationRecordError, UnicodeDecodeError) as exc:
        return TranslationState(lang, rel, "broken", str(exc))
    if record.source != rel:
        return TranslationState(
            lang, rel, "broken", f"records translation_of {record.source!r}, expected {rel!r}"
        )
    current = sha256_of(docs_dir / rel)
    if record.source_sha256 != current:
        return TranslationState(
            lang, rel, "stale",
            f"follows English {record.source_sha256[:12]}…, English is now {current[:12]}…",
        )
    return TranslationState(lang, rel, "fresh")


def translation_states(
    lang: str, docs_dir: Path = DOCS_DIR, translations_dir: Path = TRANSLATIONS_DIR
) -> list[TranslationState]:
    return [translation_state(lang, rel, docs_dir, translations_dir) for rel in english_sources(docs_dir)]


# --- writing the record (used by `translation_check.py --stamp/--init`) ------
def with_record(text: str, suffix: str, record: TranslationRecord) -> str:
    """Return ``text`` (a translated file) with its translation record set to ``record``."""
    if suffix == ".md":
        lines = [f"translation_of: {record.source}", f"source_sha256: {record.source_sha256}"]
        match = FRONT_MATTER_RE.match(text)
        if not match:
            return "---\n" + "\n".join(lines) + "\n---\n\n" + text
        body = [
            line for line in match.group("body").splitlines()
            if not re.match(r"(translation_of|source_sha256)\s*:", line)
        ]
        return "---\n" + "\n".join(lines + body) + "\n---\n" + text[match.end():]
    if suffix == ".ipynb":
        nb = json.loads(text)
        nb.setdefault("metadata", {})["translation"] = {
            "source": record.source, "source_sha256": record.source_sha256,
        }
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
