"""Turn YAML nodes into model objects, driven by the model's type hints.

Every content file is read the same way: for each dataclass its keys are checked
against the fields, and each field's node is read as the field's type says. The
reader of each type is worked out once from the type hints (reader_for), then
called at every node of that type. Every problem is recorded with its position;
nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

import yaml

from generator.errors import ErrorList, Location, did_you_mean
from generator.load.yaml_nodes import YamlDocument
from generator.model.dates import PartialDate
from generator.model.story import Ident, Markdown, Url
from generator.model.urls import url_problem

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


def shape_of(hint: Any) -> tuple[str, Any]:
    """What reading a type involves (asked once per type, by reader_for): (shape, inner type).

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
        # A mapping read with fewer keys than entries: a key repeated, which the
        # composer let through (load.structure_vouched_for).
        self.repeated_keys = False

    def read(self, node: yaml.Node, hint: Any, meta: typing.Mapping[str, Any]) -> Any:
        """Read a node as the given type; INVALID (with an error recorded) when it is not."""
        return reader_for(hint, meta.get("min_items", 0))(self, node)

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


@cache
def reader_for(hint: Any, min_items: int = 0) -> Reader:
    """The reader of a type (a list's at least `min_items` long), worked out once.

    A null node is None for an optional type, and "is empty" for any other.
    """
    shape, inner = shape_of(hint)
    if shape is OPTIONAL:
        read_given = reader_for(inner, min_items)

        def read_optional(converter: Converter, node: yaml.Node) -> Any:
            return None if node.tag == NULL_TAG else read_given(converter, node)

        return read_optional
    if shape is RECORD:
        return record_reader(inner)
    if shape is LIST:
        return list_reader(hint, inner, min_items)
    if shape is MAPPING:
        return mapping_reader(hint, inner)
    return scalar_reader(hint)


def list_reader(hint: Any, item: Any, min_items: int) -> Reader:
    """Read a sequence node into a tuple of at least `min_items` items."""
    read_item = reader_for(item, min_items)

    def read_list(converter: Converter, node: yaml.Node) -> Any:
        if node.tag == NULL_TAG:
            return converter.wrong(node, hint, "is empty")
        if not isinstance(node, yaml.SequenceNode):
            return converter.wrong(node, hint)
        values = [read_item(converter, child) for child in node.value]
        if len(values) < min_items:
            converter.errors.add(
                converter.document.where(node), f"needs at least {min_items} item(s)"
            )
            return INVALID
        if any(v is INVALID for v in values):
            return INVALID
        return tuple(values)

    return read_list


def mapping_reader(hint: Any, value_hint: Any) -> Reader:
    """Read a mapping node whose keys are ids into a dict."""
    read_key, read_value = reader_for(Ident), reader_for(value_hint)

    def read_mapping(converter: Converter, node: yaml.Node) -> Any:
        if node.tag == NULL_TAG:
            return converter.wrong(node, hint, "is empty")
        if not isinstance(node, yaml.MappingNode):
            return converter.wrong(node, dict[str, value_hint])
        result: dict[Ident, Any] = {}
        failed = False
        for key_node, value_node in node.value:
            key = read_key(converter, key_node)
            value = read_value(converter, value_node)
            if key is INVALID or value is INVALID:
                failed = True
            else:
                result[key] = value
        if failed:
            return INVALID
        if len(result) < len(node.value):
            converter.repeated_keys = True
        return result

    return read_mapping


def record_reader(cls: type) -> Reader:
    """Read a mapping node into a dataclass, checking for unknown and missing keys."""
    fields = {f.name: f for f in editable_fields(cls)}
    hints = type_hints(cls)
    required = [name for name, f in fields.items() if is_required(f)]
    all_required = frozenset(required)
    # By key: the field's own name (not the key's text: one string for every item,
    # which pickles once per pickle of many items rather than once per item) and its
    # reader.
    plan = {
        name: (f.name, reader_for(hints[name], f.metadata.get("min_items", 0)))
        for name, f in fields.items()
    }
    scalar = yaml.ScalarNode

    def read_record(converter: Converter, node: yaml.Node) -> Any:
        if node.tag == NULL_TAG:
            return converter.wrong(node, cls, "is empty")
        if not isinstance(node, yaml.MappingNode):
            return converter.wrong(node, cls)
        document = converter.document
        values: dict[str, Any] = {}
        spots: list[str | int] = []  # (name, line, column) of each field, one after another
        failed = False
        line_offset = document.line_offset + 1
        for key_node, value_node in node.value:
            name = key_node.value if type(key_node) is scalar else ""
            known = plan.get(name)
            if known is None:
                converter.errors.add(
                    document.where(key_node),
                    f"unknown field '{name}' in {cls.__name__.lower()}",
                    did_you_mean(name, fields) or "known fields: " + ", ".join(fields),
                )
                failed = True
                continue
            name, read = known
            mark = value_node.start_mark
            spots += (name, mark.line + line_offset, mark.column + 1)
            value = read(converter, value_node)
            if value is INVALID:
                failed = True
            else:
                values[name] = value
        if not values.keys() >= all_required:
            for name in required:
                if name not in values and not was_given(node, name):
                    about = fields[name].metadata.get("doc", describe(hints[name]))
                    converter.errors.add(
                        document.where(node),
                        f"missing field '{name}' in {cls.__name__.lower()}",
                        f"add '{name}:' ({about})",
                    )
                    failed = True
        if failed:
            return INVALID
        if len(values) < len(node.value):
            converter.repeated_keys = True
        mark = node.start_mark
        where = Location(
            document.shown_path, mark.line + line_offset, mark.column + 1, tuple(spots)
        )
        return make(values, where)

    make = instance_maker(cls)
    return read_record


@cache
def instance_maker(cls: type) -> Callable[[dict[str, Any], Location], Any]:
    """A function making an instance of a frozen model dataclass from the values of
    its fields given (the others take their defaults) and its location: what
    cls(**values, where=where) makes, two and a half times faster (a frozen
    dataclass sets each field through object.__setattr__; a list of ten thousand
    events has tens of thousands of records).

    The instance's __dict__ is made whole, its keys in the order of the fields, as
    __init__ would leave it. A class with a __post_init__ is made by calling it.
    """
    if hasattr(cls, "__post_init__"):
        return lambda values, where: cls(**values, where=where)
    fields = dataclasses.fields(cls)
    # Every field, in order, with its default (a required one is always given).
    template = {f.name: None if f.default is dataclasses.MISSING else f.default for f in fields}
    factories = [
        (f.name, f.default_factory) for f in fields if f.default_factory is not dataclasses.MISSING
    ]
    new, set_attribute = object.__new__, object.__setattr__

    def make(values: dict[str, Any], where: Location) -> Any:
        state = template.copy()
        for name, factory in factories:
            if name not in values:
                state[name] = factory()
        state.update(values)
        state["where"] = where
        instance: Any = new(cls)
        set_attribute(instance, "__dict__", state)
        return instance

    return make


def was_given(node: yaml.MappingNode, name: str) -> bool:
    """True when a key is present (its value may have failed and been reported)."""
    return any(getattr(k, "value", None) == name for k, _ in node.value)


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
    if hint in (str, Markdown):

        def read_text(converter: Converter, node: yaml.Node) -> Any:
            text = node.value
            if not text.strip():
                return converter.wrong(node, hint, "is empty")
            if _CONTROL.search(text):
                return converter.wrong(
                    node, hint, "has control characters", "remove them: only tabs and line breaks"
                )
            return text  # a Markdown text is a str (model.py's NewTypes are str at run time)

        return read_text
    if hint is Ident:

        def read_ident(converter: Converter, node: yaml.Node) -> Any:
            if not IDENT_PATTERN.match(node.value):
                return converter.wrong(
                    node,
                    hint,
                    "is not a valid id",
                    "use lowercase letters, digits and single hyphens, e.g. 'fikri-isik'",
                )
            return node.value  # an Ident is a str

        return read_ident
    if hint is Url:

        def read_url(converter: Converter, node: yaml.Node) -> Any:
            problem = url_problem(node.value)
            if problem:
                return converter.wrong(
                    node, hint, problem, "write the full address, e.g. https://example.org/"
                )
            return node.value  # a Url is a str

        return read_url
    if hint is bool:

        def read_bool(converter: Converter, node: yaml.Node) -> Any:
            if node.tag != "tag:yaml.org,2002:bool":
                return converter.wrong(node, hint)
            return node.value.lower() in ("true", "yes", "on")

        return read_bool
    if hint is PartialDate:

        def read_date(converter: Converter, node: yaml.Node) -> Any:
            try:
                return PartialDate.parse(node.value)
            except ValueError as error:
                converter.errors.add(converter.document.where(node), f"invalid date: {error}")
                return INVALID

        return read_date
    if typing.get_origin(hint) is Literal:
        choices = [str(a) for a in typing.get_args(hint)]

        def read_choice(converter: Converter, node: yaml.Node) -> Any:
            text = node.value
            if text not in choices:
                return converter.wrong(node, hint, fix=did_you_mean(text, choices))
            return text

        return read_choice
    raise TypeError(f"the model uses a type the converter does not know: {hint!r}")


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
