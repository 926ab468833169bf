"""How templates escape what they write: markupsafe's text, without a Markup for each value.

With autoescaping on, Jinja's generated code passes every `{{ value }}` through
markupsafe.escape, which makes a Markup of each (a Python-level constructor): a
tenth of the time of a long page, whose tens of thousands of values are only
ever joined into the page. The environment here generates code that calls
escape_output instead: the same five characters replaced (by markupsafe's own C
function where it has one), the same HTML taken from a value that has its own (a
Markup, a macro's output), given back as a str. tests/test_units.py checks it,
and the replacement written here, against markupsafe.escape.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator


class Spliced:
    """HTML already made and encoded to UTF-8 (a long list's pieces: pieces.py), which
    the page's bytes take as they are (render.render_template_utf8)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __html__(self) -> str:
        """As text, for a template that does more with it than write it out."""
        return self.data.decode("utf-8")


def escape_output(value: Any) -> Any:
    """The text markupsafe.escape(value) makes, as a str; Spliced HTML as it is."""
    if type(value) is str:
        return escape_text(value)
    if type(value) is Spliced:
        return value
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return escape_text(str(value))


def replace_special(text: str) -> str:
    """A str with & > < ' " written as markupsafe writes them."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


try:  # markupsafe's own replacement, in C: one call rather than five (a third of the time)
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # a markupsafe without it, or built without its C extension
    escape_text = replace_special


class EscapingCodeGenerator(CodeGenerator):
    """Jinja's code generator, writing what is autoescaped through escape_output.

    Only where autoescaping is known when the template is compiled; anything else
    (autoescaping switched at run time, or off) is written as Jinja writes it.
    """

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")  # closed by _output_child_post
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class EscapingEnvironment(jinja2.Environment):
    """A Jinja environment whose templates escape their output with escape_output."""

    code_generator_class = EscapingCodeGenerator
    escape_output = staticmethod(escape_output)
