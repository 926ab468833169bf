"""The default wording of the pages: the `words:` of the vocabulary `explainer new`
writes, which a story's own vocabulary overrides name by name."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

STARTER_VOCABULARY = Path(__file__).resolve().parent.parent / "starter/content/vocabulary.yaml"


@lru_cache(maxsize=1)
def default_words() -> dict[str, str]:
    """Each word's name and its default text."""
    data = yaml.safe_load(STARTER_VOCABULARY.read_text(encoding="utf-8"))
    return {str(name): str(text) for name, text in data["words"].items()}
