"""Starting and updating a translation: init (copy + record), stamp (record the new hash), diff (git).

Stamp only after bringing the translation in line with the current English:
stamp refuses while the structure (parity) differs.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from tools.i18n import records
from tools.i18n.checks import parity
from tools.i18n.problems import shown
from tools.i18n.run import UsageError
from tools.sitebuild.languages import ROOT

# Notebook metadata of a generated English notebook (tools/sources/sync_notebooks.py)
# that does not hold for its translation, which is authored.
GENERATED_METADATA = ("generated_from", "generator")


def _paths(lang: str, rel: str, root: Path) -> tuple[Path, Path]:
    return records.docs_dir(root) / rel, records.translation_path(lang, rel, root)


def init_translation(lang: str, rel: str, root: Path = ROOT) -> str:
    """Copy the English file to its translation path, with the record of its hash."""
    source, target = _paths(lang, rel, root)
    if not source.is_file() or not records.is_translatable(rel):
        raise UsageError(f"no English source docs/{rel} to translate")
    if target.exists():
        raise UsageError(f"{shown(target)} exists already; use stamp after updating it")
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    if source.suffix == ".ipynb":
        notebook = json.loads(text)
        for key in GENERATED_METADATA:
            notebook.get("metadata", {}).pop(key, None)
        text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    record = records.Record(rel, records.sha256_of(source))
    target.write_text(records.with_record(text, source.suffix, record), encoding="utf-8")
    return f"wrote {shown(target)} (a copy of the English file with its record); now translate the prose"


def stamp_translation(lang: str, rel: str, root: Path = ROOT) -> str:
    """Record the current English hash in the translation, after checking its structure matches."""
    source, target = _paths(lang, rel, root)
    if not target.is_file():
        raise UsageError(f"{shown(target)} does not exist; start it with: python -m tools.i18n init {lang} {rel}")
    problems = parity.check(lang, rel, root)
    if problems:
        listing = "\n".join(str(p) for p in problems)
        raise UsageError(f"{listing}\nnot stamped: bring the structure in line with docs/{rel} first")
    record = records.Record(rel, records.sha256_of(source))
    target.write_text(records.with_record(target.read_text(encoding="utf-8"), target.suffix, record), encoding="utf-8")
    return f"{shown(target)} now records English sha256 {record.source_sha256[:12]}…"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)


def english_diff(lang: str, rel: str, root: Path = ROOT) -> str:
    """git diff of the English file from the version the translation follows to now."""
    source, target = _paths(lang, rel, root)
    try:
        recorded = records.read_record(target).source_sha256
    except (OSError, records.RecordError) as exc:
        return f"cannot read the record of {shown(target)}: {exc}"
    if records.sha256_of(source) == recorded:
        return f"{shown(target)} follows the current English file; nothing changed."
    english = f"docs/{rel}"
    for commit in _git(root, "log", "--format=%H", "--", english).stdout.decode().split():
        blob = _git(root, "show", f"{commit}:{english}")
        if blob.returncode == 0 and hashlib.sha256(blob.stdout).hexdigest() == recorded:
            diff = _git(root, "diff", commit, "--", english).stdout.decode("utf-8", errors="replace")
            return diff or f"(only uncommitted changes since {commit[:10]})"
    return (f"no committed version of {english} has sha256 {recorded[:12]}…; compare by hand "
            f"(git log -p -- {english})")
