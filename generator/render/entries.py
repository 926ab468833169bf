"""The entries of a long list, each rendered by a partial from its view alone, and kept.

A long page is mostly a list: an entry per event on the timeline, per actor, per
quoted passage. A page template hands such a list to a partial:

    {{ entries("partials/event.html", views.events(events)) }}

A partial defines a macro `entry`, called with each view's variables (its
shape of its item and the values it shows besides: plan/views.py). It sees
them, the page's `root`, `link` (made from root and from where the items of
split pages are: plan/parts.py) and the environment's filters, and nothing else:
not the story, not the catalog (StrictUndefined makes that an error). So an
entry's HTML is a function of its view, the page's root, the templates and the
placement, and it is kept (memo table `entries`) under a digest of exactly those
(the templates' key covers the placement): an entry whose view changed in any way
is rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import jinja2
from markupsafe import Markup

from generator.errors import ContentError, ContentErrors, Location
from generator.memo.memo import Memo
from generator.plan.views import View

Entries = Callable[..., Markup]


def entries_function(memo: Memo, templates_key: str) -> Entries:
    """The `entries` function of the templates of one build: `templates_key` is a
    digest of every template, which the partials may include or import."""

    @jinja2.pass_context
    def entries(context: jinja2.runtime.Context, name: str, views: Iterable[View]) -> Markup:
        """`{{ entries(partial, views) }}`: each view rendered by the partial, one after
        another; kept from an earlier build where its view, root and templates are
        the same."""
        root = context["root"]
        table = entries_table(context["page"].table)
        entry = entry_macro(context, name)

        def render(view: View) -> bytes:
            return str(entry(**view.variables())).encode("utf-8")

        html = [
            memo.kept(
                table,
                (templates_key, name, root, view.shape, view.item, view.depends),
                partial(render, view),
            )
            for view in views
        ]
        # Kept as UTF-8: half the memory of a str of HTML with curly quotes in it.
        return Markup(b"".join(html).decode("utf-8"))

    return entries


def entries_table(page: str) -> str:
    """The memo table of a page's entries: saved once the page is rendered."""
    return f"entries-{page}"


def entry_macro(context: jinja2.runtime.Context, name: str) -> Callable[..., Markup]:
    """The macro `entry` of a partial, for the page a context renders: it sees the
    page's root and link, and what it is called with."""
    module = context.environment.get_template(name).make_module(
        {"root": context["root"], "link": context["link"]}
    )
    entry = getattr(module, "entry", None)
    if not callable(entry):
        raise ContentErrors(
            [
                ContentError(
                    Location(name),
                    "a list's partial must define a macro 'entry'",
                    "wrap the entry's HTML in {% macro entry(...) %} ... {% endmacro %}",
                )
            ]
        )
    return entry  # type: ignore[no-any-return]
