"""Read each content file's YAML into model objects; a list file item by item.

Each item of a list file is read on its own and kept (memo table `items`) under
a digest of its file, its type, the line it starts on and its text: all that
its model object and its errors are made from. Editing one event of ten thousand
reads that event again, and only it.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import yaml

from generator.errors import ContentError, ContentErrors, ErrorList
from generator.load.content import ContentFile
from generator.load.list_files import ListFile
from generator.load.yaml_nodes import parse_yaml
from generator.memo.digests import digest
from generator.memo.memo import MISSING, Memo
from generator.memo.parallel import Share, Work, run_shares
from generator.validate.convert import read_document, read_node
from generator.validate.converter import INVALID, Converter
from generator.validate.facts import Facts, facts_of

# An item's reading: (the item and its facts, or None with errors; the errors), or
# NOT_YAML when its text does not parse alone (the whole file is then read at once,
# so that its errors are exactly those of the file).
ItemRead = tuple[tuple[Any, Facts] | None, tuple[ContentError, ...]]
NOT_YAML = "not YAML"


def read_content_file(
    content: ContentFile, hint: Any, memo: Memo, errors: ErrorList, unread: set[str]
) -> tuple[Any, list[Facts] | None]:
    """One YAML content file as the given type, or INVALID (errors recorded); with the
    facts of its items when it is a list read item by item (else None). A list's items
    that have errors are left out (errors recorded, their ids added to `unread`), so
    that the rest can still be checked against each other and their sources."""
    errors.extend(content.errors)
    if content.text is None:
        return INVALID, None
    if typing.get_origin(hint) is tuple and content.items is not None:
        items = read_items(content.shown, content.items, typing.get_args(hint)[0], memo, errors)
        if items is not None:
            pairs, failed = items
            unread.update(item_id(content.items.item_text(index)) for index in failed)
            return tuple(item for item, _facts in pairs), [facts for _item, facts in pairs]
    try:
        document = parse_yaml(content.text, content.shown)
    except ContentErrors as failure:
        errors.extend(failure.errors)
        return INVALID, None
    return read_document(document, hint, errors), None


def read_items(
    shown: str, listed: ListFile, item_hint: Any, memo: Memo, errors: ErrorList
) -> tuple[tuple[Any, ...], list[int]] | None:
    """A list file's (item, facts) pairs, each item read on its own or kept, and the
    indexes of the items that have errors (recorded); None when one is not YAML on
    its own."""
    inputs = [
        (shown, item_hint.__name__, line, listed.item_text(index))
        for index, line in enumerate(listed.first_lines)
    ]
    keys = [
        digest(shown, name, str(line), text) if memo.active else ""
        for shown, name, line, text in inputs
    ]
    reads: list[Any] = [memo.get("items", key) for key in keys]
    missing = [index for index, read in enumerate(reads) if read is MISSING]
    made = run_shares(read_item_run, item_hint, [inputs[i] for i in missing], Work.ITEMS)
    for index, read in zip(missing, made, strict=True):
        reads[index] = read
        memo.put("items", keys[index], read)
    if NOT_YAML in reads:
        return None
    pairs, failed = [], []
    for index, (pair, item_errors) in enumerate(reads):
        errors.extend(item_errors)
        if pair is not None:
            pairs.append(pair)
            memo.name(pair[0], keys[index])
        else:
            failed.append(index)
    return tuple(pairs), failed


ID_LINE = re.compile(r"""^\s*-?\s*id:\s*["']?([^"'\s#]+)""", re.MULTILINE)


def item_id(text: str) -> str:
    """The id an item's text gives, as written (for an item that could not be read)."""
    match = ID_LINE.search(text)
    return match.group(1) if match else ""


def read_item_run(item_hint: Any, run: Share) -> list[ItemRead | str]:
    """Read a run of items, each given as (file shown, type name, first line, text)."""
    return [read_item(item_hint, shown, line, text) for shown, _name, line, text in run]


def read_item(item_hint: Any, shown: str, first_line: int, text: str) -> ItemRead | str:
    """One list item, read from its text alone (a list of one item)."""
    item_errors = ErrorList()
    try:
        document = parse_yaml(text, shown, first_line - 1)
    except ContentErrors:
        return NOT_YAML
    assert isinstance(document.root, yaml.SequenceNode) and len(document.root.value) == 1
    converter = Converter(document, item_errors)
    item = read_node(converter, document.root.value[0], item_hint)
    if item_errors.items:
        return None, tuple(item_errors.items)
    return (item, facts_of(item)), ()
