"""Render pages through Jinja: autoescaped, strict about missing values.

Content reaches templates only as data. No content string is ever compiled as
a template, so `{{ }}` typed by an editor is shown, not run.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup

from generator.cache import BuildCache
from generator.dates import PartialDate
from generator.errors import ContentError, ContentErrors, Location
from generator.escaping import EscapingEnvironment, Spliced
from generator.links import slug
from generator.markdown_render import render_inline, render_markdown
from generator.pieces import pieces
from generator.precompile import templates_digest
from generator.urls import url_problem, url_problem_characters


@jinja2.pass_context
def markdown_filter(context: jinja2.runtime.Context, text: str) -> Markup:
    """`{{ text | markdown }}`: block Markdown, links relative to the current page."""
    return render_markdown(text, context["root"], markdown_cache(context))


@jinja2.pass_context
def inline_filter(context: jinja2.runtime.Context, text: str) -> Markup:
    """`{{ text | inline }}`: one paragraph of Markdown without its <p>."""
    return render_inline(text, context["root"], markdown_cache(context))


def markdown_cache(context: jinja2.runtime.Context) -> dict[str, str] | None:
    """The rendered-Markdown cache of the build this template is part of."""
    cache = context.environment.globals.get("markdown_cache")
    return cache if isinstance(cache, dict) else None


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


def make_environment(templates_dir: Path, cache: BuildCache | None = None) -> jinja2.Environment:
    """The Jinja environment for a templates folder, reusing what the cache holds."""
    environment = EscapingEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=cache.templates if cache is not None else None,
        **ENVIRONMENT_OPTIONS,
    )
    environment.filters["markdown"] = markdown_filter
    environment.filters["inline"] = inline_filter
    environment.filters["address"] = address_filter
    environment.filters["anchor"] = slug  # the one way an id becomes a fragment
    environment.filters["iso"] = PartialDate.iso  # `{{ date | iso }}`: 2019-03-01
    environment.filters["human"] = PartialDate.human  # `{{ date | human }}`: 1 March 2019
    environment.globals["pieces"] = pieces
    if cache is not None:
        cache.pieces.templates_digest = templates_digest(templates_dir)
        environment.globals["piece_cache"] = cache.pieces
    return environment


def render_template_utf8(
    environment: jinja2.Environment, name: str, context: dict[str, Any]
) -> bytes:
    """Render one template straight to UTF-8, a part at a time: a long page is never
    held as one string as well as its bytes. HTML already encoded (Spliced) is
    written as it is."""
    with template_errors(name):
        html = io.BytesIO()
        for part in environment.get_template(name).generate(context):
            # The generated code gives str, or Spliced (escaping.escape_output).
            html.write(part.encode("utf-8") if type(part) is str else cast(Spliced, part).data)
        return html.getvalue()  # the buffer itself, not a copy of it


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
