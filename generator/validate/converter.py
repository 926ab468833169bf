"""What reading YAML nodes into the model rests on: the converter that records each
problem at its node, the mark of a value that could not be read, and the model's
fields as an editor writes them."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

import yaml

from generator.errors import ErrorList
from generator.load.yaml_nodes import YamlDocument
from generator.model.dates import PartialDate
from generator.model.fields import Ident, Markdown, Url

NULL_TAG = "tag:yaml.org,2002:null"


class Invalid:
    """Marks a value that could not be read; its error is already recorded."""


INVALID = Invalid()


@cache
def type_hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a dataclass (worked out once per class)."""
    return typing.get_type_hints(cls)


@cache
def editable_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    """The fields an editor writes: all but the internal ones (worked out once per class)."""
    return tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


def is_required(f: dataclasses.Field[Any]) -> bool:
    """True when the field has no default."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def describe(hint: Any) -> str:
    """A type as an editor would name it, for error messages."""
    origin = typing.get_origin(hint)
    if hint is PartialDate:
        return "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if hint is bool:
        return "true or false"
    if hint is Ident:
        return "an id"
    if hint in (str, Markdown):
        return "text"
    if hint is Url:
        return "an http(s) address"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(hint))
    if origin is tuple:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(hint):  # PartialDate is handled above
        return "a mapping of keys to values"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(hint) if a is not type(None))
    return str(hint)


def node_kind(node: yaml.Node) -> str:
    """What a node is, in words."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "'" + " ".join(str(node.value).split()) + "'"


class Converter:
    """Reads the nodes of one YAML document into model objects."""

    def __init__(
        self, document: YamlDocument, errors: ErrorList, unread: set[tuple[str, str]] | None = None
    ) -> None:
        self.document = document
        self.errors = errors
        # (kind, id) of the items left out for their errors (items.py): references to
        # them are not reported as unknown as well.
        self.unread: set[tuple[str, str]] = set() if unread is None else unread

    def wrong(self, node: yaml.Node, hint: Any, problem: str = "", fix: str = "") -> Invalid:
        """Record that a node is not what its field needs."""
        problem = problem or f"is {node_kind(node)}"
        self.errors.add(
            self.document.where(node), f"expected {describe(hint)}, but the value {problem}", fix
        )
        return INVALID


# How to read a node as one type: (the converter, the node) -> the value, or INVALID
# with the error recorded. Made once per type by reader_for, so that reading a
# node costs one call, not a dispatch on its type's shape at every node.
Reader = Callable[[Converter, yaml.Node], Any]
