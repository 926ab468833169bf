"""Pieces of pages kept from one build to the next, so an edit re-renders only what it changed.

A long page is mostly a list: an entry per event on the timeline, per actor, per
quoted passage. A page template hands such a list to a partial template:

    {{ pieces("partials/event.html", views.events(events)) }}

and gets each entry's HTML, rendered now or kept from an earlier build. A view
is one list item and everything else its entry shows (the names of the actors
it links to, the anchors of its quotes...), gathered from the catalog (views.py). The partial
is rendered with the view alone, plus `root` and the environment's filters and
functions: it cannot see the story or the catalog (StrictUndefined makes that an
error), so what it shows depends on nothing but the view. That is what makes
keeping its HTML safe. The HTML is reused when the item's text (its cache key,
from the reader) and the rest of the view are the same as when it was rendered,
and the templates are unchanged.

Each page keeps its pieces in a file of its own in the build cache
(cache.PieceCache), so pages rendered in parallel worker processes load and save
their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup

from generator.cache import PieceCache


class View(NamedTuple):
    """One entry of a list on a page, as the catalog gathered it.

    `depends` holds everything the entry shows besides the item, as plain values
    and whole items (a name, an anchor, a Source). `shape` is a module-level
    function that makes the partial's variables from the item and `depends` alone,
    so the entry's HTML is a function of the item's text, `depends` and the
    templates, and is kept while those are the same.

    An entry made from derived values only (a passage of a source) has no item:
    all it shows is in `depends`, and `key` names it uniquely on its page.
    """

    item: Any
    depends: tuple[Any, ...]
    shape: Callable[[Any, tuple[Any, ...]], dict[str, Any]]
    key: str | None = None


def templates_digest(folder: Path) -> str:
    """A digest of every file under a templates folder: other templates, other pieces."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@jinja2.pass_context
def pieces(context: jinja2.runtime.Context, partial: str, views: Iterable[View]) -> Markup:
    """`{{ pieces(partial, views) }}`: each view rendered by the partial, one after
    another; HTML kept from an earlier build where it can be."""
    environment = context.environment
    template = environment.get_template(partial)
    root = context["root"]
    cache = environment.globals.get("piece_cache")
    if not isinstance(cache, PieceCache):  # no build cache: render them all
        return Markup(
            "".join(
                template.render({"root": root, **shape(item, depends)})
                for item, depends, shape, _key in views
            )
        )
    store = cache.store(context["page"].name, partial, root)
    item_key = context["story"].item_keys.get
    html: list[str] = []
    for item, depends, shape, key in views:
        if key is None:
            key = item_key(id(item))  # None for an item not read from a list file
        if key is not None:
            kept = store.get(key, depends)
            if kept is not None:
                html.append(kept)
                continue
        rendered = template.render({"root": root, **shape(item, depends)})
        if key is not None:
            store.put(key, depends, rendered)
        html.append(rendered)
    return Markup("".join(html))
