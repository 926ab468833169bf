"""Read each content file's YAML into model objects, its lists item by item (items.py);
a list file from its text cut into items.

Each item of a list file is read on its own and kept (memo table `items`) under
a digest of its file, its type and kind, the line it starts on and its text: all
that its model object, its errors and its ids are made from. Editing one event of
ten thousand reads that event again, and only it.
"""

from __future__ import annotations

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
from generator.validate.converter import INVALID
from generator.validate.facts import Facts, facts_of
from generator.validate.items import Ids, read_file, read_item

# A list file's item as read (kept in the memo): as items.ItemRead, with the facts of
# the item beside it; or NOT_YAML when its text does not parse alone (the whole file
# is then read at once, so that its errors are exactly those of the file).
ListItemRead = tuple[tuple[Any, Facts] | None, tuple[ContentError, ...], Ids]
NOT_YAML = "not YAML"


def read_content_file(
    content: ContentFile,
    hint: Any,
    kind: str,
    memo: Memo,
    errors: ErrorList,
    unread: set[tuple[str, str]],
) -> tuple[Any, list[Facts] | None]:
    """One YAML content file as the given type, or INVALID (errors recorded); with the
    facts of its items when it is a list read from its text item by item (else None).
    Its lists' items that have errors are left out (items.py), so that the rest can
    still be checked against each other and their sources: `kind`, what a list
    file's items are as references name them ('events')."""
    errors.extend(content.errors)
    if content.text is None:
        return INVALID, None
    if typing.get_origin(hint) is tuple and content.items is not None:
        item_hint = typing.get_args(hint)[0]
        pairs = read_items(content.shown, content.items, item_hint, kind, memo, errors, unread)
        if pairs is not None:
            return tuple(item for item, _facts in pairs), [facts for _item, facts in pairs]
    try:
        document = parse_yaml(content.text, content.shown)
    except ContentErrors as failure:
        errors.extend(failure.errors)
        return INVALID, None
    return read_file(document, hint, kind, errors, unread), None


def read_items(
    shown: str,
    listed: ListFile,
    item_hint: Any,
    kind: str,
    memo: Memo,
    errors: ErrorList,
    unread: set[tuple[str, str]],
) -> tuple[tuple[Any, Facts], ...] | None:
    """A list file's (item, facts) pairs, each item read on its own or kept, those with
    errors left out (errors recorded, ids added to `unread`); None when one is not YAML
    on its own."""
    inputs = [
        (shown, kind, line, listed.item_text(index))
        for index, line in enumerate(listed.first_lines)
    ]
    name = item_hint.__name__
    keys = [
        digest(shown, name, kind, str(line), text) if memo.active else ""
        for _shown, _kind, line, text in inputs
    ]
    reads: list[Any] = [memo.get("items", key) for key in keys]
    missing = [index for index, read in enumerate(reads) if read is MISSING]
    made = run_shares(read_item_run, item_hint, [inputs[i] for i in missing], Work.ITEMS)
    for index, read in zip(missing, made, strict=True):
        reads[index] = read
        memo.put("items", keys[index], read)
    if NOT_YAML in reads:
        return None
    pairs = []
    for index, (pair, item_errors, item_unread) in enumerate(reads):
        errors.extend(item_errors)
        unread.update(item_unread)
        if pair is not None:
            pairs.append(pair)
            memo.name(pair[0], keys[index])
    return tuple(pairs)


def read_item_run(item_hint: Any, run: Share) -> list[ListItemRead | str]:
    """Read a run of items, each given as (file shown, kind, first line, text)."""
    return [read_list_item(item_hint, *inputs) for inputs in run]


def read_list_item(
    item_hint: Any, shown: str, kind: str, first_line: int, text: str
) -> ListItemRead | str:
    """One list item, read from its text alone (a list of one item)."""
    try:
        document = parse_yaml(text, shown, first_line - 1)
    except ContentErrors:
        return NOT_YAML
    if not isinstance(document.root, yaml.SequenceNode) or len(document.root.value) != 1:
        # A line break YAML knows and the cut does not (NEL, U+2028) split it in two.
        return NOT_YAML
    item, item_errors, unread = read_item(document, document.root.value[0], item_hint, kind)
    if item is None:
        return None, item_errors, unread
    return (item, facts_of(item)), (), ()
