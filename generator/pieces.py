"""Pieces of pages kept from one build to the next, so an edit re-renders only what it changed.

A long page is mostly a list: an entry per event on the timeline, per actor, per
quoted passage. A page template hands such a list to a partial template:

    {{ pieces("partials/event.html", views.events(events)) }}

and gets each entry's HTML, rendered now or kept from an earlier build. A view
is one list item and everything else its entry shows (the names of the actors
it links to, the anchors of its quotes...), gathered from the catalog by
views.py. The partial is rendered with the view alone, plus `root` and the
environment's filters and functions: it cannot see the story or the catalog
(StrictUndefined makes that an error), so what it shows depends on nothing but
the view. That is what makes
keeping its HTML safe. The HTML is reused when the item's text (its cache key,
from the reader) and the rest of the view are the same as when it was rendered,
and the templates are unchanged.

Each page keeps its pieces in a file of its own in the build cache
(cache.PieceCache), so pages rendered in parallel worker processes load and save
their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import jinja2
from jinja2.runtime import new_context

from generator.cache import PieceCache
from generator.escaping import Spliced
from generator.links import links_from

Shape = Callable[[Any, tuple[Any, ...]], dict[str, Any]]


class LazyViews:
    """The views of a list's entries, each gathered when asked for (view_of), the keys
    of the entries, and a digest of all that any of them looks up besides the items
    that its key names (`context`): while that is the same as when the entries were
    kept, an entry whose key is the same is the same (see pieces). Iterating gives
    every view.

    An entry's key is its item's cache key, and, when it shows other items too
    (an actor's entry lists its events), theirs; None for one not to keep. The
    view of items[i] has the key keys[i] (View.key, or its item's cache key).
    """

    def __init__(
        self,
        items: Sequence[Any],
        view_of: Callable[[Any], View],
        context: str,
        keys: Sequence[str | None],
    ) -> None:
        self.items = items
        self.view_of = view_of
        self.context = context
        self.keys = keys

    def __iter__(self) -> Iterator[View]:
        return map(self.view_of, self.items)


class View(NamedTuple):
    """One entry of a list on a page, as views.py gathers it.

    `depends` holds everything the entry shows besides the item, as plain values
    and whole items (a name, an anchor, a Source). `shape` is a module-level
    function that makes the partial's variables from the item and `depends` alone,
    so the entry's HTML is a function of the item's text, `depends` and the
    templates, and is kept while those are the same.

    An entry made from derived values only (a passage of a source) has no item:
    all it shows is in `depends`, and `key` names it uniquely on its page. An
    entry that shows other items besides its own may have a key that names them
    too (LazyViews); else its key is its item's.
    """

    item: Any
    depends: tuple[Any, ...]
    shape: Shape
    key: str | None = None


def piece_cache(environment: jinja2.Environment) -> PieceCache | None:
    """The stores of pieces an environment renders with (none without a build cache)."""
    cache = environment.globals.get("piece_cache")
    return cache if isinstance(cache, PieceCache) else None


@jinja2.pass_context
def pieces(context: jinja2.runtime.Context, partial: str, views: Iterable[View]) -> Spliced:
    """`{{ pieces(partial, views) }}`: each view rendered by the partial, one after
    another; HTML kept from an earlier build where it can be.

    The pieces are kept as UTF-8, and the page takes them as they are (Spliced): a
    long list's kept HTML is neither decoded when it is loaded nor encoded again
    when the page is written.
    """
    template = context.environment.get_template(partial)
    root = context["root"]
    cache = piece_cache(context.environment)
    store = cache.store(context["page"].name, partial, root) if cache is not None else None
    item_key = context["story"].item_keys.get

    # What template.render(variables) does, less its cost per call: it merges the
    # template's globals (a ChainMap, slow to copy) into every context it makes,
    # and the context lists their names (to give a template it imports with context
    # the same globals; a partial imports without). Here they are copied once, and
    # each entry's context is made from that copy.
    variables = {**template.globals, "root": root, "link": links_from(root)}
    render_func, environment = template.root_render_func, template.environment
    name, blocks = template.name, template.blocks

    def render(item: Any, depends: tuple[Any, ...], shape: Shape) -> bytes:
        variables_now = {**variables, **shape(item, depends)}
        context = new_context(environment, name, blocks, variables_now, shared=True)
        return "".join(render_func(context)).encode("utf-8")

    def entry(item: Any, depends: tuple[Any, ...], shape: Shape, key: str | None) -> bytes:
        if key is None:
            key = item_key(id(item))  # None for an item not read from a list file
        if store is None or key is None:
            return render(item, depends, shape)
        made = functools.partial(render, item, depends, shape)
        return store.kept_or_made(key, depends, made)

    if store is not None and isinstance(views, LazyViews) and store.same_context(views.context):
        # What the entries look up is as it was: an entry whose item is the same is
        # kept as it is, without gathering its view.
        kept = store.kept_as_are(views.keys)
        html = [
            text if text is not None else entry(*views.view_of(views.items[index]))
            for index, text in enumerate(kept)
        ]
        return Spliced(b"".join(html))
    return Spliced(b"".join([entry(*view) for view in views]))
