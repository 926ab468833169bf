"""The entries of a long list, each rendered by a partial from its view alone, and kept.

A long page is mostly a list: an entry per event on the timeline, per actor, per
quoted passage. A page template hands such a list to a partial:

    {{ entries("partials/event.html", views.events(events)) }}

Each view (plan/views.py) is everything its entry's partial is rendered with,
besides `root`, `link` (made from root) and the environment's filters: the
partial cannot see the story or the catalog (StrictUndefined makes that an
error). So an entry's HTML is a function of its view, the page's root and the
templates, and it is kept (memo table `entries`) under a digest of exactly
those: an entry whose view changed in any way is rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import jinja2
from markupsafe import Markup

from generator.memo.memo import Memo
from generator.plan.links import links_from
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
        template = context.environment.get_template(name)
        root = context["root"]
        link = links_from(root)

        def render(view: View) -> str:
            return template.render(view.variables(), root=root, link=link)

        html = [
            memo.kept(
                "entries",
                (templates_key, name, root, view.shape, view.item, view.depends),
                partial(render, view),
            )
            for view in views
        ]
        return Markup("".join(html))

    return entries
