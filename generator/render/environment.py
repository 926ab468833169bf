"""Render pages through Jinja: autoescaped, strict about missing values.

Content reaches templates only as data. No content string is ever compiled as
a template, so `{{ }}` typed by an editor is shown, not run.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from generator.errors import ContentError, ContentErrors, Location
from generator.load.default_words import default_words
from generator.load.templates import Templates
from generator.memo.memo import Memo
from generator.model.dates import DateStyle, PartialDate
from generator.model.urls import url_problem, url_problem_characters
from generator.model.vocabulary import Vocabulary
from generator.plan.credits import fill
from generator.plan.links import slug
from generator.plan.terms import Terms
from generator.render.entries import Entries, entries_function
from generator.render.markdown import first_links_only, render_inline, render_markdown
from generator.render.typography import typeset


def address_filter(url: str) -> str:
    """`{{ source.url | address }}`: an address for href, or '#' if it is not a safe one.

    Addresses are checked when content is read; this is the second line of defence.
    A page shows the same few addresses many times, and links into them that differ
    only in the fragment (one per quoted passage): the part before the fragment
    decides the scheme and host, so only that part's are checked once per address.
    """
    if url_problem_characters(url) or address_problem(url.partition("#")[0]):
        return "#"
    return url


@lru_cache(maxsize=4096)
def host_filter(url: str) -> str:
    """`{{ source.url | host }}`: the site an address is on, as a link's readable label
    (a whole address as link text runs off a phone's screen): `intellinews.com`."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def address_problem(address: str) -> str:
    """url_problem of an address without a fragment, checked once per address."""
    return url_problem(address)


ENVIRONMENT_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    # An environment serves one build (the preview makes a new one for each), and a
    # build reads each template once: asking the file system again is time lost.
    "auto_reload": False,
}


def make_environment(
    templates: Templates,
    markdown: dict[str, str],
    entries: Entries | None = None,
    bytecode_cache: jinja2.BytecodeCache | None = None,
    vocabulary: Vocabulary | None = None,
    holder: Mapping[tuple[str, str], str] | None = None,
) -> jinja2.Environment:
    """The Jinja environment for a templates folder: autoescaping, strict about missing
    values, with the site's filters. `markdown` holds the HTML of the story's
    Markdown texts (rendered ahead: render/markdown.py), `entries` renders a long
    list's entries (render/entries.py; without it, nothing is kept), `vocabulary` is
    the story's words (`words` and `terms` in every template, partials included),
    `holder` where a split page's items are (plan/parts.py)."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(partial(template_source, templates)),
        bytecode_cache=bytecode_cache,
        **ENVIRONMENT_OPTIONS,
    )

    @jinja2.pass_context
    def markdown_filter(context: jinja2.runtime.Context, text: str) -> Markup:
        """`{{ text | markdown }}`: block Markdown, links relative to the current page."""
        return render_markdown(text, context["root"], markdown, holder)

    @jinja2.pass_context
    def inline_filter(context: jinja2.runtime.Context, text: str) -> Markup:
        """`{{ text | inline }}`: one paragraph of Markdown without its <p>."""
        return render_inline(text, context["root"], markdown, holder)

    environment.filters["markdown"] = markdown_filter
    environment.filters["inline"] = inline_filter
    # `{{ body | markdown | first_links }}`: each address linked at its first mention only
    environment.filters["first_links"] = first_links_only
    # `{{ event.title | typeset }}`: plain prose with curly quotes and dashes, as Markdown has
    environment.filters["typeset"] = typeset
    environment.filters["address"] = address_filter
    environment.filters["host"] = host_filter
    environment.filters["anchor"] = slug  # the one way an id becomes a fragment
    environment.filters["iso"] = PartialDate.iso  # `{{ date | iso }}`: 2019-03-01
    words = default_words() if vocabulary is None else vocabulary.words
    environment.filters["dated"] = dated_filter(words)  # `{{ date | dated("by") }}`: by 2015
    environment.filters["fill"] = fill_filter  # `{{ words.x | fill(count=3) }}`
    environment.globals["entries"] = entries or entries_function(Memo(), "")
    if vocabulary is not None:
        # The page wording is prose too: typeset as the Markdown is.
        environment.globals["words"] = {name: typeset(text) for name, text in words.items()}
        environment.globals["terms"] = Terms(vocabulary)
    return environment


def fill_filter(word: str, **values: Any) -> Markup:
    """A word of the story's wording with its {placeholders} filled in (credits.fill),
    word and values escaped: `{{ words.quoted_on_site | fill(count=3) }}` ->
    'Quoted on this site (3)'."""
    escaped = {name: str(escape(value)) for name, value in values.items()}
    return Markup(fill(str(escape(word)), **escaped))


def dated_filter(words: Mapping[str, str]) -> Callable[..., Markup]:
    """The `dated` filter of a story's words: `{{ date | dated("by") }}`, the date in
    its words, in HTML: the qualifier marked, the date in a `<time>` element:
    `<span class="approx">by</span> <time datetime="2015">2015</time>`."""
    # The story's words are escaped once, here: the date's ISO form and numbers need
    # no escaping (Markup.format would escape each date, at a sixth of the
    # timeline's time).
    style = DateStyle.from_words({name: str(escape(text)) for name, text in words.items()})
    # A story has few distinct dates, each written many times (a source's date beside
    # every quote of it): each is made once. Measured gain (bench/page_render.py
    # timeline, scale 1000): 2.3 to 2.45 s of CPU per render against 2.65, a tenth.
    made: dict[tuple[PartialDate, str], Markup] = {}

    def dated_html(value: PartialDate, qualifier: str = "") -> Markup:
        html = made.get((value, qualifier))
        if html is None:
            html = Markup(f'<time datetime="{value.iso()}">{style.write(value)}</time>')
            if qualifier:
                html = Markup(f'<span class="approx">{style.qualifier(qualifier)}</span> ') + html
            made[value, qualifier] = html
        return html

    return dated_html


def template_source(templates: Templates, name: str) -> tuple[str, str, Callable[[], bool]]:
    """A template's source as read by the load stage (Jinja's FunctionLoader asks)."""
    source = templates.sources.get(name)
    if source is None:
        raise jinja2.TemplateNotFound(name)
    return source, templates.filename(name), lambda: True


def render_template(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> bytes:
    """One page's HTML, in UTF-8; a template's own error as a content error."""
    with template_errors(name):
        html = io.BytesIO()
        # Encoded part by part: a long page is never held as one str as well as its bytes.
        for part in environment.get_template(name).generate(context):
            html.write(part.encode("utf-8"))
        return html.getvalue()


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Report a template's own error at its file and line, as a content error."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = Location(error.filename or name, error.lineno or 1, 1)
        raise ContentErrors([ContentError(where, f"template error: {error.message}")]) from None
    except jinja2.TemplateNotFound as error:
        raise ContentErrors(
            [ContentError(Location(name), f"template not found: {error.name}")]
        ) from None
    except jinja2.UndefinedError as error:
        raise ContentErrors(
            [
                ContentError(
                    Location(name),
                    f"template error: {error.message}",
                    "a template uses a value the content does not provide",
                )
            ]
        ) from None
