"""Turn YAML nodes into model objects, driven by the model's type hints.

Every content file is read the same way: for each dataclass its keys are checked
against the fields, and each field's node is read as the field's type says. The
reader of each type is worked out once from the type hints (reader_for), then
called at every node of that type. Every problem is recorded with its position;
nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import yaml

from generator.errors import Location, did_you_mean
from generator.model.dates import PartialDate
from generator.model.fields import Ident
from generator.validate.converter import (
    INVALID,
    NULL_TAG,
    Converter,
    Reader,
    describe,
    editable_fields,
    is_required,
    type_hints,
)
from generator.validate.scalars import scalar_reader

OPTIONAL, RECORD, LIST, MAPPING, SCALAR = "optional", "record", "list", "mapping", "scalar"

# Fields an earlier version of the content model had, by class and name: what to
# write instead, for stories written before the change.
RETIRED_FIELDS = {
    ("Citation", "attributed_to"): (
        "'attributed_to' is split in three: 'speaker' (an actor's id) or 'speaker_name' "
        "(free text) for who said it, 'relayed_by' for the outlets that passed it on; "
        "leave all out for the publication's own words"
    ),
    ("Cell", "disputed"): (
        "disputes are listed once, in 'disputes:' at the top of offers.yaml, naming the "
        "claims on each side by their 'id'"
    ),
    ("Actor", "corrections"): (
        "a source's error is a note on the source: move it to 'notes:' of the source in "
        "sources.yaml"
    ),
    ("Event", "corrections"): (
        "a source's error is a note on the source: move it to 'notes:' of the source in "
        "sources.yaml"
    ),
}


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
        return (MAPPING, typing.get_args(hint))
    return (SCALAR, hint)


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
        key_hint, value_hint = inner
        return mapping_reader(hint, key_hint, value_hint)
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


def mapping_reader(hint: Any, key_hint: Any, value_hint: Any) -> Reader:
    """Read a mapping node into a dict: its keys ids or text, as the hint says."""
    read_key, read_value = reader_for(key_hint), reader_for(value_hint)

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
        return result

    return read_mapping


def record_reader(cls: type, readers: Mapping[str, Reader] | None = None) -> Reader:
    """Read a mapping node into a dataclass, checking for unknown and missing keys;
    `readers`: the readers of some fields, in place of their types'."""
    fields = {f.name: f for f in editable_fields(cls)}
    hints = type_hints(cls)
    all_required = frozenset(name for name, f in fields.items() if is_required(f))
    given = readers or {}
    # By key: the field's own name (not the key's text: one string for every item,
    # which pickles once per pickle of many items rather than once per item) and its
    # reader, the one given or its type's.
    plan = {n: (f.name, given.get(n) or field_reader(f, hints[n])) for n, f in fields.items()}
    scalar = yaml.ScalarNode
    # A record with a short form (Point's `text`) may be written as that field alone.
    short_form: str | None = getattr(cls, "SHORT_FORM", None)

    def read_record(converter: Converter, node: yaml.Node) -> Any:
        if node.tag == NULL_TAG:
            return converter.wrong(node, cls, "is empty")
        if short_form is not None and type(node) is scalar:
            return read_short_form(converter, node, cls, short_form, plan[short_form][1])
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
                report_unknown(converter, key_node, cls, fields)
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
            failed = report_missing(converter, node, cls, values) or failed
        if failed:
            return INVALID
        mark = node.start_mark
        where = Location(
            document.shown_path, mark.line + line_offset, mark.column + 1, tuple(spots)
        )
        return cls(**values, where=where)

    return read_record


def field_reader(f: dataclasses.Field[Any], hint: Any) -> Reader:
    """The reader of one field: its type's, and for a list of ids (an event's actors)
    one that also refuses an id listed twice, which a page would show twice."""
    read = reader_for(hint, f.metadata.get("min_items", 0))
    if not (f.metadata.get("ref") and typing.get_origin(hint) is tuple):
        return read

    def read_ids(converter: Converter, node: yaml.Node) -> Any:
        value = read(converter, node)
        if value is not INVALID:
            twice = sorted({i for i in value if value.count(i) > 1})
            if twice:
                converter.errors.add(
                    converter.document.where(node),
                    f"{f.name}: '{twice[0]}' is listed twice",
                    "list each id once",
                )
                return INVALID
        return value

    return read_ids


def report_unknown(
    converter: Converter, key_node: yaml.Node, cls: type, fields: Iterable[str]
) -> None:
    """Record a key that names no field of `cls`, with what to write instead."""
    name = key_node.value if type(key_node) is yaml.ScalarNode else ""
    converter.errors.add(
        converter.document.where(key_node),
        f"unknown field '{name}' in {cls.__name__.lower()}",
        RETIRED_FIELDS.get((cls.__name__, name))
        or did_you_mean(name, fields)
        or "known fields: " + ", ".join(fields),
    )


def read_short_form(
    converter: Converter, node: yaml.Node, cls: type, name: str, read: Reader
) -> Any:
    """A record written as its one field `name` (a scalar): the record with that field."""
    value = read(converter, node)
    if value is INVALID:
        return INVALID
    mark = node.start_mark
    line = mark.line + converter.document.line_offset + 1
    return cls(
        **{name: value}, where=Location(converter.document.shown_path, line, mark.column + 1)
    )


def report_missing(
    converter: Converter, node: yaml.MappingNode, cls: type, values: dict[str, Any]
) -> bool:
    """Record each required field of `cls` that a mapping left out; whether there was one."""
    missing = False
    hints = type_hints(cls)
    for f in editable_fields(cls):
        if is_required(f) and f.name not in values and not was_given(node, f.name):
            about = f.metadata.get("doc", describe(hints[f.name]))
            converter.errors.add(
                converter.document.where(node),
                f"missing field '{f.name}' in {cls.__name__.lower()}",
                f"add '{f.name}:' ({about})",
            )
            missing = True
    return missing


def was_given(node: yaml.MappingNode, name: str) -> bool:
    """True when a key is present (its value may have failed and been reported)."""
    return any(getattr(k, "value", None) == name for k, _ in node.value)


def read_node(converter: Converter, node: yaml.Node, hint: Any, min_items: int = 0) -> Any:
    """Read a node as the given type; INVALID (with an error recorded) when it is not."""
    return reader_for(hint, min_items)(converter, node)
