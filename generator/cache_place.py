"""Where a project's build cache lives.

A module of its own, importing nothing of the generator, so that the command line
can look in the cache (precompile.compiled_before) before Jinja is imported.
"""

from __future__ import annotations

from pathlib import Path

CACHE_FOLDER = ".explainer-cache"


def cache_root(content_dir: Path) -> Path:
    """Where a project's cache lives: `.explainer-cache` beside its content folder."""
    return content_dir.resolve().parent / CACHE_FOLDER
