"""How templates escape what they write: markupsafe's text, without a Markup for each value.

With autoescaping on, Jinja's generated code passes every `{{ value }}` through
markupsafe.escape, which makes a Markup of each (a Python-level constructor): a
tenth of the time of a long page, whose tens of thousands of values are only
ever joined into the page. The environment here generates code that calls
escape_output instead: the same five characters replaced (by markupsafe's own C
function where it has one), the same HTML taken from a value that has its own (a
Markup, a macro's output), given back as a str. tests/test_units.py checks it,
and the replacement written here, against markupsafe.escape.

The generated code also calls what a template calls (`link(...)`, a catalog's
method) through call_plain rather than Jinja's Context.call, which looks each
callable over for a request to be passed the context (a tenth of the timeline's
time, whose 10,000 entries make 38,000 calls): a plain function or method that
asks for nothing is called at once, anything else as Jinja calls it.
"""

from __future__ import annotations

import types
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
    """Jinja's code generator, writing what is autoescaped through escape_output, and
    calls through call_plain.

    Only where autoescaping is known when the template is compiled; anything else
    (autoescaping switched at run time, or off) is written as Jinja writes it, and
    so are the calls of an asynchronous or sandboxed environment.
    """

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")  # closed by _output_child_post
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)

    def visit_Call(self, node: Any, frame: Any, forward_caller: bool = False) -> None:
        if self.environment.is_async or self.environment.sandboxed:
            super().visit_Call(node, frame, forward_caller)
            return
        # Jinja's own, but for the first line: it writes `context.call(`.
        self.write("environment.call_plain(context, ")
        self.visit(node.node, frame)
        extra_kwargs = {"caller": "caller"} if forward_caller else None
        loop_kwargs = {"_loop_vars": "_loop_vars"} if frame.loop_frame else {}
        block_kwargs = {"_block_vars": "_block_vars"} if frame.block_frame else {}
        if extra_kwargs:
            extra_kwargs.update(loop_kwargs, **block_kwargs)
        elif loop_kwargs or block_kwargs:
            extra_kwargs = dict(loop_kwargs, **block_kwargs)
        self.signature(node, frame, extra_kwargs)
        self.write(")")


def call_plain(context: Any, function: Any, /, *args: Any, **kwargs: Any) -> Any:
    """What context.call(function, ...) gives: a plain function or method that asks
    for neither the context nor the environment (no `jinja_pass_arg`: pass_context
    and its kin set it) is called at once, without the variables of the loop or
    block the call is in, which only such a request would take."""
    if type(function) in _PLAIN and not hasattr(function, "jinja_pass_arg"):
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return function(*args, **kwargs)
        except StopIteration:
            return context.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )
    return context.call(function, *args, **kwargs)


_PLAIN = (types.FunctionType, types.MethodType)


class EscapingEnvironment(jinja2.Environment):
    """A Jinja environment whose templates escape their output with escape_output,
    and call through call_plain."""

    code_generator_class = EscapingCodeGenerator
    escape_output = staticmethod(escape_output)
    call_plain = staticmethod(call_plain)
