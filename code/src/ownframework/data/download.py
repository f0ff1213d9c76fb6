"""Downloading a known data set's ``.gz`` files once, checked before they are kept."""

from __future__ import annotations

import gzip
import hashlib
import urllib.request
import zlib
from collections.abc import Mapping
from pathlib import Path

from ownframework.data.datasets import KnownDataset
from ownframework.data.idx import MnistFileError
from ownframework.errors import OwnFrameworkError
from ownframework.files import write_atomically

__all__ = ["DatasetNotFoundError", "decompress", "download_file", "fetch_url"]


class DatasetNotFoundError(OwnFrameworkError, FileNotFoundError):
    """A data set's files are not where we looked and could not be downloaded."""


def fetch_url(url: str, timeout: float = 60.0) -> bytes:
    """Download ``url`` and return its bytes."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data: bytes = response.read()
        return data


def decompress(raw: bytes, name: str) -> bytes:
    """The gunzipped bytes of a ``.gz`` file; MnistFileError naming ``name`` when it is not valid gzip."""
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as err:
        raise MnistFileError(f"{name}: not a valid gzip file (truncated or corrupted): {err}") from None


def download_file(directory: Path, file_name: str, known: KnownDataset, checksums: Mapping[str, str],
                  how_to_point: str) -> None:
    """Fetch ``file_name.gz`` into ``directory`` from the first mirror that serves the right bytes.

    DatasetNotFoundError listing every failed mirror (and ``how_to_point``) when none does.
    """
    directory.mkdir(parents=True, exist_ok=True)
    failures = []
    for mirror in known.mirrors:
        url = f"{mirror}{file_name}.gz"
        try:
            raw = fetch_url(url)
        except OSError as err:  # URLError, HTTPError and timeouts are OSErrors
            failures.append(f"{url}: {err}")
            continue
        try:
            digest = hashlib.sha256(decompress(raw, url)).hexdigest()
        except MnistFileError as err:
            failures.append(str(err))
            continue
        if digest != checksums[file_name]:
            failures.append(f"{url}: wrong checksum {digest}")
            continue
        write_atomically(directory / f"{file_name}.gz", raw)
        return
    raise DatasetNotFoundError(
        f"could not download {known.title}'s {file_name}.gz into {directory}:\n  "
        + "\n  ".join(failures) + f"\n{how_to_point}"
    )
