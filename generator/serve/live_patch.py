"""What changed in a page between two builds, as elements to replace.

A browser takes about a second to parse a 2 MB timeline again, far longer than
the rebuild that changed one event in it. So the preview tells an open page
which elements changed, and the page swaps them in place:

    page_patches(old_html, new_html) -> [(CSS selector, the element's new HTML), ...]

The two pages are compared as bytes. Each run of changed bytes is widened to the
smallest element with an id around it (the same element, at the same place, in
both pages), or to the page's structured data (its one JSON-LD script, which
names every event); the text between such elements must be identical. When a
change is in neither, or the new elements would be too large to be worth it,
there is no patch (None) and the page reloads.
"""

from __future__ import annotations

import re

# Beyond this much HTML to parse, swapping elements saves little over a reload.
MAX_PATCH_BYTES = 256 * 1024
_BLOCK = 1 << 16
_ID_ATTRIBUTE = re.compile(rb"""\sid=["']?([^"'\s>]+)""")
_STRUCTURED_DATA = b'<script type="application/ld+json">'
STRUCTURED_DATA_SELECTOR = 'script[type="application/ld+json"]'
_TAG_NAME = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)")
# Elements that have no end tag cannot be found again by counting end tags.
_VOID = {b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link",
         b"meta", b"source", b"track", b"wbr"}  # fmt: skip


def common_prefix(old: memoryview, new: memoryview) -> int:
    """How many leading bytes two buffers share (compared a block at a time, in C)."""
    size = min(len(old), len(new))
    start = 0
    while start < size:
        end = min(size, start + _BLOCK)
        if old[start:end] != new[start:end]:
            while end - start > 1:  # the first difference is in [start, end)
                middle = (start + end) // 2
                if old[start:middle] == new[start:middle]:
                    start = middle
                else:
                    end = middle
            return start
        start = end
    return size


def element_end(html: bytes, start: int, name: bytes) -> int | None:
    """Where the element whose start tag begins at `start` ends (after its end tag)."""
    depth = 0
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"(?=[\s/>])", re.IGNORECASE)
    for tag in tags.finditer(html, start):
        depth += -1 if tag[1] else 1
        if depth == 0:
            close = html.find(b">", tag.end())
            return None if close < 0 else close + 1
    return None


def enclosing_element(
    old: bytes, new: bytes, at: int, shift: int, floor: int
) -> tuple[str, int, int, int] | None:
    """The smallest element with an id that starts at or after `floor` and holds the
    difference at `at` (in new; `at - shift` in old) in both pages: (id, start,
    end in old, end in new); the structured data has a selector for an id."""
    script = new.rfind(_STRUCTURED_DATA, floor, at)
    if script >= 0:
        close_new = new.find(b"</script>", script)
        close_old = old.find(b"</script>", script - shift)
        if close_new >= at and close_old >= at - shift:
            ends = len(b"</script>")
            return STRUCTURED_DATA_SELECTOR, script, close_old + ends, close_new + ends
    search_end = at
    while True:
        found = new.rfind(b" id=", floor, search_end)
        if found < 0:
            return None
        start = new.rfind(b"<", floor, found)
        search_end = found
        if start < 0:
            return None
        name = _TAG_NAME.match(new, start)
        attribute = _ID_ATTRIBUTE.match(new, found)
        if name is None or attribute is None or new.find(b">", start, found) >= 0:
            continue  # not an attribute of this start tag
        tag = name[1].lower()
        if tag in _VOID:
            continue
        end_new = element_end(new, start, tag)
        end_old = element_end(old, start - shift, tag)
        if end_new is None or end_old is None or end_new <= at or end_old <= at - shift:
            continue  # ends before the difference: look further out
        return attribute[1].decode("utf-8"), start, end_old, end_new


def page_patches(
    old: bytes, new: bytes, limit: int = MAX_PATCH_BYTES
) -> list[tuple[str, str]] | None:
    """The elements (selector, new outer HTML) that turn the old page into the new one,
    in page order; [] when they are the same; None when a reload is needed instead."""
    old_view, new_view = memoryview(old), memoryview(new)
    patches: list[tuple[str, str]] = []
    size = 0
    done_old = done_new = 0  # both pages are known equal, or patched, up to here
    while True:
        same = common_prefix(old_view[done_old:], new_view[done_new:])
        if done_old + same == len(old) and done_new + same == len(new):
            return patches
        at = done_new + same
        shift = done_new - done_old
        found = enclosing_element(old, new, at, shift, done_new)
        if found is None:
            return None
        element_id, start, end_old, end_new = found
        if element_id != STRUCTURED_DATA_SELECTOR:
            if new.count(b'id="' + element_id.encode() + b'"') != 1:
                return None  # the page could not tell which element to replace
            element_id = f'[id="{element_id}"]'
            size += end_new - start  # (a script's text is not parsed as HTML: cheap to swap)
            if size > limit:
                return None
        patches.append((element_id, new[start:end_new].decode("utf-8")))
        done_old, done_new = end_old, end_new
