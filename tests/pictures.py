"""Pictures for the tests, made here: a real PNG of any size, and the article of the
small tram story showing one."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CREDIT = "Credit: Ana Ruiz / Lakeside Gazette"
PICTURE = f'![A red tram at the depot](media/tram.png "{CREDIT}")'


def png(width: int, height: int, shade: int = 0) -> bytes:
    """A PNG of one colour (its red by `shade`), which any browser decodes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\x00" + bytes([200 - shade % 200, 40, 40]) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def add_picture(content: Path, data: bytes, markdown: str = PICTURE) -> None:
    """Save a picture as content/media/tram.png and show it in the tram story's article,
    in a paragraph of its own under its first heading."""
    (content / "media").mkdir(exist_ok=True)
    (content / "media" / "tram.png").write_bytes(data)
    article = content / "article.md"
    text = article.read_text(encoding="utf-8")
    assert "## The choice\n" in text
    article.write_text(
        text.replace("## The choice\n", f"## The choice\n\n{markdown}\n", 1), "utf-8"
    )
