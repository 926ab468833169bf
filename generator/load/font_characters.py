"""The characters a TrueType or OpenType font draws, read from its character map.

The share images (render/share_image.py) draw a page's title only when the font has
every one of its characters: one it lacks would be drawn as an empty box. Pillow
draws with a font but does not say which characters it maps, so the map (the `cmap`
table) is read here by hand, as load/image_size.py reads a picture's size. Reading
it is also the check that a story's own font file is a font.
"""

from __future__ import annotations

import struct

# Where the map for Unicode is, most complete first: (platform, encoding, format).
UNICODE_MAPS = ((3, 10, 12), (0, 4, 12), (0, 6, 12), (3, 1, 4), (0, 3, 4), (0, 1, 4))


def font_characters(data: bytes) -> frozenset[int] | None:
    """The code points a font maps to a glyph; None when the bytes are not a font
    with a Unicode map (TrueType, OpenType, or the first font of a collection)."""
    try:
        if data[:4] == b"ttcf":
            (first,) = struct.unpack_from(">I", data, 12)
            data = data[first:]
        cmap = table_offset(data, b"cmap")
        if cmap is None:
            return None
        return unicode_map(data, cmap)
    except (struct.error, IndexError, ValueError):  # a file cut short or inconsistent
        return None


def table_offset(data: bytes, tag: bytes) -> int | None:
    """Where a table starts, from the font's table directory."""
    (count,) = struct.unpack_from(">H", data, 4)
    for number in range(count):
        name, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        if name == tag:
            return int(offset)
    return None


def unicode_map(data: bytes, cmap: int) -> frozenset[int] | None:
    """The code points of the font's most complete Unicode map."""
    (count,) = struct.unpack_from(">2xH", data, cmap)
    subtables: dict[tuple[int, int, int], int] = {}
    for number in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * number)
        (form,) = struct.unpack_from(">H", data, cmap + offset)
        subtables[(platform, encoding, form)] = cmap + offset
    for key in UNICODE_MAPS:
        if key in subtables:
            read = segmented_coverage if key[2] == 12 else segment_mapping
            return read(data, subtables[key])
    return None


def segmented_coverage(data: bytes, start: int) -> frozenset[int]:
    """Format 12: groups of consecutive code points, each mapped to consecutive glyphs."""
    (groups,) = struct.unpack_from(">I", data, start + 12)
    mapped: set[int] = set()
    for number in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * number)
        if last - first > 0x10FFFF:
            raise ValueError("a group beyond Unicode")
        mapped.update(range(first if glyph else first + 1, last + 1))
    return frozenset(mapped)


def segment_mapping(data: bytes, start: int) -> frozenset[int]:
    """Format 4: segments of the Basic Multilingual Plane, each mapped by a delta or
    through an array of glyph ids (where glyph 0 is the missing glyph)."""
    (doubled,) = struct.unpack_from(">H", data, start + 6)
    count = doubled // 2
    ends = struct.unpack_from(f">{count}H", data, start + 14)
    starts = struct.unpack_from(f">{count}H", data, start + 16 + doubled)
    deltas = struct.unpack_from(f">{count}h", data, start + 16 + 2 * doubled)
    range_offsets_at = start + 16 + 3 * doubled
    range_offsets = struct.unpack_from(f">{count}H", data, range_offsets_at)
    mapped: set[int] = set()
    for number in range(count):
        first, last, delta = starts[number], ends[number], deltas[number]
        range_offset = range_offsets[number]
        for code in range(first, min(last, 0xFFFE) + 1):
            if range_offset:
                at = range_offsets_at + 2 * number + range_offset + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            else:
                glyph = (code + delta) & 0xFFFF
            if glyph:
                mapped.add(code)
    return frozenset(mapped)
