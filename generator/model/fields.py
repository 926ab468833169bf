"""The kinds of text the model holds, and how its fields are declared and documented.

Field metadata:

- `doc`: what the field means, shown in errors and schemas;
- `ref`: the kind of thing whose id the field names ("actors", "events", ...);
- `key_ref`: for a mapping, the kind of thing its keys name;
- `internal`: filled in by the validator, never written by an editor;
- `fact`: the field states a fact, so something must back it: OWN, its own entry
  in the record's `basis` (citations or an editorial note); CITED, the record's
  own citations.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, NewType

from generator.errors import Location

# Kinds of text, for the reader (convert.py) and the schema (schema.py) to tell
# apart. At run time each is a plain str: a warm build loads every item from the
# cache, and an instance of a subclass of str takes a Python call to unpickle.

Markdown = NewType("Markdown", str)
"""Text written in Markdown; rendered with raw HTML escaped."""

Ident = NewType("Ident", str)
"""An id: lowercase ASCII letters, digits and single hyphens, e.g. `fikri-isik`; not one
the layout keeps for its own anchors (idents.py)."""

Url = NewType("Url", str)

OWN, CITED = "own", "cited"  # what backs a field that states a fact (`fact` metadata)
"""An absolute http(s) address with a host, e.g. `https://example.org/story/`."""


def doc(text: str, **more: Any) -> Any:
    """A field with no default, documented."""
    return field(metadata={"doc": text, **more})


def optional(text: str, default: Any = None, **more: Any) -> Any:
    """A field an editor may leave out, documented."""
    if isinstance(default, tuple | list | dict):
        frozen = default
        return field(default_factory=lambda: type(frozen)(frozen), metadata={"doc": text, **more})
    return field(default=default, metadata={"doc": text, **more})


def here() -> Any:
    """Where the object was written; excluded from equality and from the schema."""
    return field(default=Location(""), compare=False, metadata={"internal": True})
