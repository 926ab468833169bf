"""Read a content file's lists item by item: an item with errors is left out, the rest
are kept and checked.

One bad item must not hide the errors of the others until a second run: an event
with an invalid date must not stop the check of the other events' quotes, nor an
offer with an unknown field that of the other offers' sellers. So each item of a
file's lists is read on its own. One with errors is left out and its errors kept;
the ids it and its own items carry (an offer's claims) are noted as unread, so that
a reference to one is not reported as unknown as well.

A file's lists are the file itself when it is a list (sources.yaml, events.yaml:
reading.py cuts its text into items, to keep each in the memo), or, when it is a
mapping (offers.yaml, site.yaml, the article's front matter), every field of its
model's record that is a list of records: offers.yaml's dimensions, offers and
disputes, site.yaml's corrections, the article's "what to know". The record's other
fields are read whole: a record cannot be made without one of them, and a file
whose record cannot be made is unread.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

import yaml

from generator.errors import ContentError, ErrorList, Location
from generator.load.yaml_nodes import YamlDocument
from generator.validate.convert import (
    LIST,
    RECORD,
    read_node,
    reader_for,
    record_reader,
    shape_of,
)
from generator.validate.converter import (
    INVALID,
    Converter,
    Reader,
    describe,
    editable_fields,
    type_hints,
)

# (kind, id) of items, e.g. ("offers", "sur-bid").
Ids = tuple[tuple[str, str], ...]
# An item read on its own: the item, or None when it has errors; its errors; and then
# the ids it and its own items carry, which references may name without error.
ItemRead = tuple[Any, tuple[ContentError, ...], Ids]


def read_item(document: YamlDocument, node: yaml.Node, hint: Any, kind: str) -> ItemRead:
    """One item of a list of `kind` (as references name it: 'offers'), read on its own."""
    errors = ErrorList()
    item = read_node(Converter(document, errors), node, hint)
    if errors.items:
        return None, tuple(errors.items), tuple(ids_within(node, kind))
    return item, (), ()


def ids_within(node: yaml.Node, kind: str | None) -> Iterator[tuple[str, str]]:
    """The (kind, id) of an item, as written, and of the items of the lists within it,
    each of the kind its list's key names (an offer's `claims:`). Read from the nodes,
    not the model: an item with errors may be anything."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else ""
        if name == "id" and kind and isinstance(value, yaml.ScalarNode):
            # Even an ill-formed or reserved id: a reference that names it as written
            # is not reported again (crosscheck.suggestible keeps it from being
            # offered as the closest to a misspelt one).
            yield kind, value.value
        elif isinstance(value, yaml.SequenceNode):
            for child in value.value:
                yield from ids_within(child, name)
        else:
            yield from ids_within(value, None)


def items_reader(kind: str, hint: Any, min_items: int) -> Reader:
    """The reader of a list of records of `kind`, item by item: the items that have no
    errors (the others' errors recorded, their ids noted as unread)."""
    read_whole = reader_for(hint, min_items)
    item_hint = typing.get_args(hint)[0]

    def read_items(converter: Converter, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.SequenceNode) or len(node.value) < min_items:
            return read_whole(converter, node)  # the list itself is wrong: reported so
        kept = []
        for child in node.value:
            item, errors, unread = read_item(converter.document, child, item_hint, kind)
            converter.errors.extend(errors)
            converter.unread.update(unread)
            if item is not None:
                kept.append(item)
        return tuple(kept)

    return read_items


def is_list_of_records(hint: Any) -> bool:
    """Whether a type is a list of records (`tuple[Offer, ...]`)."""
    shape, inner = shape_of(hint)
    return shape is LIST and shape_of(inner)[0] is RECORD


@cache
def file_reader(hint: Any, kind: str) -> Reader:
    """The reader of a whole file of the given type: a list of records item by item; a
    record with each of its lists of records item by item (a field's name is the kind
    of its items); anything else whole. Driven by the model, so that a new file of
    lists needs nothing here."""
    if is_list_of_records(hint):
        return items_reader(kind, hint, min_items=1)
    if shape_of(hint)[0] is not RECORD:
        return reader_for(hint, 1)
    hints = type_hints(hint)
    lists = {
        f.name: items_reader(f.name, hints[f.name], f.metadata.get("min_items", 0))
        for f in editable_fields(hint)
        if is_list_of_records(hints[f.name])
    }
    return record_reader(hint, lists)


def read_file(
    document: YamlDocument, hint: Any, kind: str, errors: ErrorList, unread: set[tuple[str, str]]
) -> Any:
    """A whole YAML document as the given type, its lists read item by item (kind: what
    the items of a list file are); INVALID when it cannot be made."""
    if document.root is None:
        errors.add(
            Location(document.shown_path, 1 + document.line_offset, 1),
            "the file is empty",
            f"it should hold {describe(hint)}",
        )
        return INVALID
    converter = Converter(document, errors, unread)
    return file_reader(hint, kind)(converter, document.root)
