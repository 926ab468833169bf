"""A picture's size in pixels, read from its file's first bytes.

The page gives every picture its width and height, so that the text does not jump
as pictures arrive. Each accepted kind (model/media.py) states its size in a few
bytes near its start: read here by hand rather than with an imaging library, a
dependency for two numbers. Reading them is also the check that a file is the
kind of picture its name says.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

Size = tuple[int, int]


def image_size(data: bytes, kind: str) -> Size | None:
    """(width, height) of a picture of a kind (IMAGE_KINDS' names) as a browser shows
    it; None when the bytes are not a picture of that kind."""
    try:
        size = READERS[kind](data)
    except (struct.error, IndexError):  # a file cut short
        return None
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return size


def png_size(data: bytes) -> Size | None:
    """A PNG's size: its first chunk, the header, starts with it."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def gif_size(data: bytes) -> Size | None:
    """A GIF's size: its logical screen's, right after the signature."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return width, height


def webp_size(data: bytes) -> Size | None:
    """A WebP's size, from its first chunk: lossy (VP8), lossless (VP8L) or extended."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


# Start-of-frame markers, which carry the size (C4, C8 and CC are other segments).
_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})  # markers without a length


def jpeg_size(data: bytes) -> Size | None:
    """A JPEG's size, from its frame header, turned as its Exif orientation says."""
    if data[:3] != b"\xff\xd8\xff":
        return None
    turned = False
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF or marker in _STANDALONE:  # a fill byte, or no segment
            at += 1 if marker == 0xFF else 2
            continue
        if marker in (0xD9, 0xDA):  # the image's end, or its data, before any frame
            return None
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        segment = data[at + 4 : at + 2 + length]
        if marker == 0xE1 and segment.startswith(b"Exif\x00\x00"):
            turned = exif_turned(segment[6:])
        elif marker in _FRAMES:
            height, width = struct.unpack(">HH", segment[1:5])
            return (height, width) if turned else (width, height)
        at += 2 + length
    return None


def exif_turned(tiff: bytes) -> bool:
    """Whether an Exif block's orientation (5 to 8) turns the picture a quarter, which
    browsers apply: shown, its width and height are swapped. A damaged block turns
    nothing."""
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return False
    try:
        (first,) = struct.unpack(order + "I", tiff[4:8])
        (count,) = struct.unpack(order + "H", tiff[first : first + 2])
        for number in range(count):
            entry = first + 2 + 12 * number
            tag, kind = struct.unpack(order + "HH", tiff[entry : entry + 4])
            if tag == 0x0112 and kind == 3:  # the orientation, a short
                (orientation,) = struct.unpack(order + "H", tiff[entry + 8 : entry + 10])
                return orientation in (5, 6, 7, 8)
    except struct.error:
        return False
    return False


READERS: dict[str, Callable[[bytes], Size | None]] = {
    "JPEG": jpeg_size,
    "PNG": png_size,
    "GIF": gif_size,
    "WebP": webp_size,
}
