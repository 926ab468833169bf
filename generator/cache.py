"""The build cache: a folder beside the content, safe to delete at any time.

Everything in it is keyed by what it was made from and by the generator's
version, so a stale entry is never found, only ignored; an entry that cannot be
read back is treated as missing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator import __version__

CACHE_FOLDER = ".explainer-cache"


def cache_root(content_dir: Path) -> Path:
    """Where a project's cache lives: `.explainer-cache` beside its content folder."""
    return content_dir.resolve().parent / CACHE_FOLDER


def fingerprint(*parts: str) -> str:
    """A short, stable digest of some strings, with the generator's version mixed in."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def namespace(root: Path, name: str, *settings: str) -> Path | None:
    """A folder of the cache for one kind of entry and its settings; None if unwritable."""
    folder = root / f"{name}-{fingerprint(*settings)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only without the cache
    return folder
