"""Ids a story's own templates write as they are (`<nav id="masthead">`): no content
id may take one, or a page would have two elements of that id. The theme's own are
reserved for every story (generator/model/idents.py); a story's templates may add
any, so these are found in their sources.
"""

from __future__ import annotations

import re

from generator.errors import ContentError, Location
from generator.load.templates import Templates
from generator.model.story import Story
from generator.validate.crosscheck import kinds_of_items

# An id attribute with a value written out, not made by an expression (`{{ ... }}`).
_WRITTEN_ID = re.compile(r"""\bid\s*=\s*(["'])([^"'{}<>\s]+)\1""")


def written_ids(templates: Templates) -> dict[str, str]:
    """Each id the story's own templates write as it is, and the first template
    (as its file) that writes it."""
    found: dict[str, str] = {}
    for name, source in sorted(templates.sources.items()):
        if name in templates.origins or "id" not in source:
            continue  # the theme's: its ids are reserved names
        for match in _WRITTEN_ID.finditer(source):
            found.setdefault(match.group(2), templates.filename(name))
    return found


def template_id_clashes(story: Story, templates: Templates) -> list[ContentError]:
    """An error at each content id that one of the story's templates writes too."""
    written = written_ids(templates)
    if not written:
        return []
    errors = []
    for items in kinds_of_items(story).values():
        for item in items:
            ident, where = getattr(item, "id", None), getattr(item, "where", None)
            if ident in written and isinstance(where, Location):
                errors.append(
                    ContentError(
                        where.at("id"),
                        f"the id '{ident}' is one the template '{written[ident]}' writes: "
                        "a page would have two elements of that id",
                        "choose another id, or another for the template's element",
                    )
                )
    return errors
