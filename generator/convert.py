"""Turn YAML nodes into model objects, driven by the model's type hints.

One generic walker reads every content file: for each dataclass it checks the
keys against the fields, and for each field it reads the node as the field's
type says. Every problem is recorded with its position; nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import cache
from typing import Any, Literal

import yaml

from generator.dates import PartialDate
from generator.errors import ErrorList, Location, did_you_mean
from generator.load import YamlDocument
from generator.model import Ident, Markdown, Url
from generator.urls import url_problem

IDENT_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


OPTIONAL, RECORD, LIST, MAPPING, SCALAR = "optional", "record", "list", "mapping", "scalar"


@cache
def shape_of(hint: Any) -> tuple[str, Any]:
    """What reading a type involves, worked out once per type: (shape, inner type).

    OPTIONAL (inner: the type when given), RECORD (the dataclass), LIST (the item
    type), MAPPING (the value type) or SCALAR (the type itself).
    """
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return (OPTIONAL, inner)
    if dataclasses.is_dataclass(hint) and hint is not PartialDate:
        return (RECORD, hint)
    if origin is tuple:
        return (LIST, typing.get_args(hint)[0])
    if origin is dict:
        return (MAPPING, typing.get_args(hint)[1])
    return (SCALAR, hint)


@cache
def record_plan(
    cls: type,
) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any], list[str]]:
    """A dataclass's editable fields by name, its type hints, and its required fields."""
    fields = {f.name: f for f in editable_fields(cls)}
    required = [name for name, f in fields.items() if is_required(f)]
    return fields, type_hints(cls), required


def is_required(f: dataclasses.Field[Any]) -> bool:
    """True when the field has no default."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def describe(hint: Any) -> str:
    """A type as an editor would name it, for error messages."""
    origin = typing.get_origin(hint)
    if hint is PartialDate:
        return "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if hint is bool:
        return "true or false"
    if hint in (str, Markdown, Ident):
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

    def __init__(self, document: YamlDocument, errors: ErrorList) -> None:
        self.document = document
        self.errors = errors

    def read(self, node: yaml.Node, hint: Any, meta: typing.Mapping[str, Any]) -> Any:
        """Read a node as the given type; INVALID (with an error recorded) when it is not."""
        shape, inner = shape_of(hint)
        if shape is OPTIONAL:
            if self.is_null(node):
                return None
            hint = inner
            shape, inner = shape_of(hint)
        if self.is_null(node):
            return self.wrong(node, hint, "is empty")
        if shape is RECORD:
            return self.read_record(node, inner)
        if shape is LIST:
            return self.read_list(node, inner, meta)
        if shape is MAPPING:
            return self.read_mapping(node, inner, meta)
        if not isinstance(node, yaml.ScalarNode):
            return self.wrong(node, hint)
        return self.read_scalar(node, hint)

    def read_scalar(self, node: yaml.ScalarNode, hint: Any) -> Any:
        """Read a scalar node as text, an id, a choice, a boolean or a date."""
        text = node.value
        if hint in (str, Markdown):
            if not text.strip():
                return self.wrong(node, hint, "is empty")
            if _CONTROL.search(text):
                return self.wrong(
                    node, hint, "has control characters", "remove them: only tabs and line breaks"
                )
            return hint(text)
        if hint is Ident:
            if not IDENT_PATTERN.match(text):
                return self.wrong(
                    node,
                    hint,
                    "is not a valid id",
                    "use lowercase letters, digits and single hyphens, e.g. 'fikri-isik'",
                )
            return Ident(text)
        if hint is Url:
            problem = url_problem(text)
            if problem:
                return self.wrong(
                    node, hint, problem, "write the full address, e.g. https://example.org/"
                )
            return Url(text)
        if hint is bool:
            if node.tag != "tag:yaml.org,2002:bool":
                return self.wrong(node, hint)
            return text.lower() in ("true", "yes", "on")
        if hint is PartialDate:
            try:
                return PartialDate.parse(text)
            except ValueError as error:
                self.errors.add(self.document.where(node), f"invalid date: {error}")
                return INVALID
        if typing.get_origin(hint) is Literal:
            choices = [str(a) for a in typing.get_args(hint)]
            if text not in choices:
                return self.wrong(node, hint, fix=did_you_mean(text, choices))
            return text
        raise TypeError(f"the model uses a type the converter does not know: {hint!r}")

    def read_list(self, node: yaml.Node, item: Any, meta: typing.Mapping[str, Any]) -> Any:
        """Read a sequence node into a tuple."""
        if not isinstance(node, yaml.SequenceNode):
            return self.wrong(node, tuple[item, ...])
        values = [self.read(child, item, meta) for child in node.value]
        if len(values) < meta.get("min_items", 0):
            self.errors.add(
                self.document.where(node), f"needs at least {meta['min_items']} item(s)"
            )
            return INVALID
        if any(v is INVALID for v in values):
            return INVALID
        return tuple(values)

    def read_mapping(self, node: yaml.Node, value_hint: Any, meta: typing.Mapping[str, Any]) -> Any:
        """Read a mapping node whose keys are ids into a dict."""
        if not isinstance(node, yaml.MappingNode):
            return self.wrong(node, dict[str, value_hint])
        result: dict[Ident, Any] = {}
        failed = False
        for key_node, value_node in node.value:
            key = self.read(key_node, Ident, {})
            value = self.read(value_node, value_hint, {})
            if key is INVALID or value is INVALID:
                failed = True
            else:
                result[key] = value
        return INVALID if failed else result

    def read_record(self, node: yaml.Node, cls: type) -> Any:
        """Read a mapping node into a dataclass, checking for unknown and missing keys."""
        if not isinstance(node, yaml.MappingNode):
            return self.wrong(node, cls)
        fields, hints, required = record_plan(cls)
        values: dict[str, Any] = {}
        spots: list[tuple[str, int, int]] = []
        failed = False
        line_offset = self.document.line_offset + 1
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
            field = fields.get(name)
            if field is None:
                self.errors.add(
                    self.document.where(key_node),
                    f"unknown field '{name}' in {cls.__name__.lower()}",
                    did_you_mean(name, fields) or "known fields: " + ", ".join(fields),
                )
                failed = True
                continue
            # The field's own name, not the key's text: one string for every item, which
            # pickles once per pickle of many items rather than once per item.
            name = field.name
            mark = value_node.start_mark
            spots.append((name, mark.line + line_offset, mark.column + 1))
            value = self.read(value_node, hints[name], field.metadata)
            if value is INVALID:
                failed = True
            else:
                values[name] = value
        for name in required:
            if name not in values and not self.was_given(node, name):
                self.errors.add(
                    self.document.where(node),
                    f"missing field '{name}' in {cls.__name__.lower()}",
                    f"add '{name}:' ({fields[name].metadata.get('doc', describe(hints[name]))})",
                )
                failed = True
        if failed:
            return INVALID
        mark = node.start_mark
        where = Location(
            self.document.shown_path, mark.line + line_offset, mark.column + 1, tuple(spots)
        )
        return cls(**values, where=where)

    def was_given(self, node: yaml.MappingNode, name: str) -> bool:
        """True when a key is present (its value may have failed and been reported)."""
        return any(getattr(k, "value", None) == name for k, _ in node.value)

    def is_null(self, node: yaml.Node) -> bool:
        """True for an empty value, `~` or `null`."""
        return node.tag == NULL_TAG  # only scalars have this tag

    def wrong(self, node: yaml.Node, hint: Any, problem: str = "", fix: str = "") -> Invalid:
        """Record that a node is not what its field needs."""
        problem = problem or f"is {node_kind(node)}"
        self.errors.add(
            self.document.where(node), f"expected {describe(hint)}, but the value {problem}", fix
        )
        return INVALID


def read_document(document: YamlDocument, hint: Any, errors: ErrorList) -> Any:
    """Read a whole YAML document as the given type; INVALID when it has errors."""
    converter = Converter(document, errors)
    if document.root is None:
        errors.add(
            Location(document.shown_path, 1 + document.line_offset, 1),
            "the file is empty",
            f"it should hold {describe(hint)}",
        )
        return INVALID
    return converter.read(document.root, hint, {"min_items": 1})


def shift_locations(value: Any, lines: int) -> None:
    """Move every location inside a freshly read model object down by `lines` lines.

    Used when a cached item has moved in its file; the objects are the cache's own
    copies, so they are updated in place.
    """
    if isinstance(value, tuple):
        for item in value:
            shift_locations(item, lines)
    elif isinstance(value, dict):
        for item in value.values():
            shift_locations(item, lines)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            child = getattr(value, f.name)
            if isinstance(child, Location):
                object.__setattr__(value, f.name, child.shifted(lines))
            elif f.metadata.get("internal") is None:
                shift_locations(child, lines)
