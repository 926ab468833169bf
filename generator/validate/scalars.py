"""Read a scalar node as the field's type says: text, an id, an address, a boolean,
a date or one of a few choices."""

from __future__ import annotations

import re
import typing
from typing import Any, Literal

import yaml

from generator.errors import did_you_mean
from generator.model.bidi import close_bidi
from generator.model.dates import PartialDate
from generator.model.fields import Ident, Markdown, Url
from generator.model.idents import is_ident, is_well_formed, reserved_error
from generator.model.urls import url_problem
from generator.validate.converter import INVALID, NULL_TAG, Converter, Reader

# C0 controls but tab and line breaks, DEL, and the C1 controls: no page shows them
# (HTML calls them parse errors), and a terminal showing one acts on it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def scalar_reader(hint: Any) -> Reader:
    """Read a scalar node as text, an id, an address, a boolean, a date or a choice."""
    read_text = scalar_text_reader(hint)

    def read_scalar(converter: Converter, node: yaml.Node) -> Any:
        if node.tag == NULL_TAG:
            return converter.wrong(node, hint, "is empty")
        if not isinstance(node, yaml.ScalarNode):
            return converter.wrong(node, hint)
        return read_text(converter, node)

    return read_scalar


def scalar_text_reader(hint: Any) -> Reader:
    """Read a scalar node (not null) as the given type."""
    if typing.get_origin(hint) is Literal:
        return choice_reader(hint)
    read = SCALAR_READERS.get(hint)
    if read is None:
        raise TypeError(f"the model uses a type the converter does not know: {hint!r}")
    return read


def read_text(converter: Converter, node: yaml.Node) -> Any:
    """Text (plain or Markdown): something besides white space, no control characters."""
    text = node.value
    if not text.strip():
        return converter.wrong(node, str, "is empty")
    if CONTROL_CHARACTERS.search(text):
        return converter.wrong(
            node, str, "has control characters", "remove them: only tabs and line breaks"
        )
    # A Markdown text is a str (model.story's NewTypes are str at run time).
    return close_bidi(text)


def read_ident(converter: Converter, node: yaml.Node) -> Any:
    """An id: lowercase letters, digits and single hyphens, and not one the layout keeps."""
    text = node.value
    if is_ident(text):
        return text  # an Ident is a str
    if not is_well_formed(text):
        return converter.wrong(
            node,
            Ident,
            f"'{text}' is not a valid id",
            "use lowercase ASCII letters, digits and single hyphens, e.g. 'fikri-isik'",
        )
    converter.errors.add(converter.document.where(node), *reserved_error(text))
    return INVALID


def read_url(converter: Converter, node: yaml.Node) -> Any:
    """An absolute http(s) address."""
    problem = url_problem(node.value)
    if problem:
        return converter.wrong(
            node, Url, problem, "write the full address, e.g. https://example.org/"
        )
    return node.value  # a Url is a str


def read_bool(converter: Converter, node: yaml.Node) -> Any:
    """true or false, as YAML writes them."""
    if node.tag != "tag:yaml.org,2002:bool":
        return converter.wrong(node, bool)
    return node.value.lower() in ("true", "yes", "on")


def read_date(converter: Converter, node: yaml.Node) -> Any:
    """A date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        return PartialDate.parse(node.value)
    except ValueError as error:
        converter.errors.add(converter.document.where(node), f"invalid date: {error}")
        return INVALID


SCALAR_READERS: dict[Any, Reader] = {
    str: read_text,
    Markdown: read_text,
    Ident: read_ident,
    Url: read_url,
    bool: read_bool,
    PartialDate: read_date,
}


def choice_reader(hint: Any) -> Reader:
    """Read one of a Literal's choices."""
    choices = [str(a) for a in typing.get_args(hint)]

    def read_choice(converter: Converter, node: yaml.Node) -> Any:
        text = node.value
        if text not in choices:
            return converter.wrong(node, hint, fix=did_you_mean(text, choices))
        return text

    return read_choice
