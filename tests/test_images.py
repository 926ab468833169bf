"""Pictures in the article: `![alt](media/file.png "Credit: ...")` is a figure whose
file is copied into the site under a name carrying a digest of its bytes; every
mistake in one is an error at its place in article.md, in `build` and in `check`.
A picture anywhere else is an error at its field (tests/test_dropped_links.py)."""

from __future__ import annotations

import os
import struct

import pytest

from generator.load.image_size import image_size
from generator.render.site import hashed_name
from tests.conftest import Project, Run
from tests.pictures import CREDIT, PICTURE, add_picture, png


def written_at(project: Project, written: str) -> str:
    """`article.md:LINE:COLUMN` of a piece of text in the article."""
    line = project.line_of("article.md", written)
    text = (project.content / "article.md").read_text(encoding="utf-8").split("\n")[line - 1]
    return f"article.md:{line}:{text.index(written) + 1}"


def test_a_picture_is_a_figure_with_its_file_named_by_its_bytes(project: Project, run: Run) -> None:
    data = png(40, 30)
    add_picture(project.content, data)
    result = run(*project.args("build"))
    assert result.code == 0, result.err
    name = hashed_name("media/tram.png", data)
    assert (project.site / name).read_bytes() == data
    assert sorted(p.name for p in (project.site / "media").iterdir()) == [name[len("media/") :]]
    page = (project.site / "index.html").read_text(encoding="utf-8")
    assert (
        f'<figure><img alt="A red tram at the depot" height="30" loading="lazy" src="{name}" '
        f'width="40"><figcaption>{CREDIT}</figcaption></figure>'
    ) in page
    # Every link and picture of the site resolves (check reads src too).
    assert run(*project.args("check")).code == 0


def test_a_picture_shown_twice_is_one_file(project: Project, run: Run) -> None:
    data = png(4, 3)
    add_picture(project.content, data, f"{PICTURE}\n\n{PICTURE}")
    assert run(*project.args("build")).code == 0
    assert len(list((project.site / "media").iterdir())) == 1
    page = (project.site / "index.html").read_text(encoding="utf-8")
    assert page.count(f'src="{hashed_name("media/tram.png", data)}"') == 2


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ('![](media/tram.png "c")', "picture 'media/tram.png' has no description (alt text)",
         "describe the picture for readers who cannot see it"),
        ("![A tram](media/tram.png)", "picture 'media/tram.png' has no credit",
         'give who made it as its title, in quotes after the file: ![A tram](media/tram.png '
         '"Credit: Photographer / Agency")'),
        ('![A tram](media/tarm.png "c")', "picture 'media/tarm.png' not found in",
         "did you mean 'media/tram.png'?"),
        ('![A tram](../seeds/gazette.txt "c")',
         "picture '../seeds/gazette.txt' is outside the story's media folder",
         "save it in content/media/ and write 'media/gazette.txt'"),
        ('![A tram](media/../../seeds/x.png "c")',
         "picture 'media/../../seeds/x.png' is outside the story's media folder",
         "save it in content/media/"),
        ('![A tram](/srv/www/tram.png "c")', "picture '/srv/www/tram.png' is an absolute path",
         "write its path from the article, 'media/tram.png'"),
        ('![A tram](https://example.org/tram.png "c")',
         "picture 'https://example.org/tram.png' is on another site: pages show pictures "
         "from the site itself only", "save it in content/media/ and write 'media/tram.png'"),
        ('![A tram](data:image/png;base64,AAAA "c")',
         "picture 'data:image/png;base64,AAAA' is not a file of the story",
         "save it in content/media/ and write 'media/photo.jpg'"),
        ('![A tram](tram.png "c")', "picture 'tram.png' is not in the media folder",
         "save it in content/media/ and write 'media/tram.png'"),
        ('![A tram](media/tram.tiff "c")',
         "picture 'media/tram.tiff' is not of a kind every browser shows",
         "save it as JPEG (.jpg), PNG, GIF or WebP"),
        ('![A tram](media/tram.svg "c")',
         "picture 'media/tram.svg' is an SVG file: SVG may hold scripts",
         "export it as PNG"),
        ('![A tram](<media/my tram.png> "c")',
         "picture 'media/my tram.png' has a name that an address would need to escape",
         "letters, digits, '-', '_' and '.' only"),
        ("![A tram][tram]", "a picture's file is named in a reference",
         'write it in place: ![what it shows](media/photo.jpg "Credit: '),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_badly_written_picture_is_an_error_at_its_place(
    project: Project, run: Run, command: str, written: str, message: str, hint: str
) -> None:
    add_picture(project.content, png(4, 3), written)
    result = run(*project.args(command))
    assert result.code == 1 and not project.site.exists()
    assert f"{written_at(project, written)}: {message}" in result.err
    assert hint in result.err
    assert "site/" not in result.err


def test_a_picture_in_a_sentence_is_an_error(project: Project, run: Run) -> None:
    add_picture(project.content, png(4, 3), "")
    inline = '![A tram](media/tram.png "c")'
    project.edit("article.md", "for €210m.", f"for €210m {inline}.")
    result = run(*project.args("build"))
    assert result.code == 1
    where = written_at(project, inline)
    assert f"{where}: picture 'media/tram.png' is not in a paragraph of its own" in result.err
    assert "put it on a line of its own, with a blank line before and after it" in result.err


def test_a_file_not_of_the_kind_its_name_says_is_an_error(project: Project, run: Run) -> None:
    add_picture(project.content, b"<html>not a picture</html>")
    result = run(*project.args("build"))
    assert result.code == 1
    assert (
        f"{written_at(project, PICTURE)}: picture 'media/tram.png' is not a PNG file" in result.err
    )


def test_a_link_out_of_the_media_folder_is_an_error(project: Project, run: Run) -> None:
    add_picture(project.content, b"")
    picture = project.content / "media" / "tram.png"
    picture.unlink()
    os.symlink(project.seeds / "gazette.txt", picture)
    result = run(*project.args("build"))
    assert result.code == 1
    assert f"{written_at(project, PICTURE)}: picture 'media/tram.png' leads outside" in result.err


def test_a_picture_over_the_size_limit_is_an_error_at_its_place(project: Project, run: Run) -> None:
    add_picture(project.content, png(4, 3) + bytes(30_000))
    result = run(*project.args("build", "--max-file-mb", "0.02"))
    assert result.code == 1
    assert f"{written_at(project, PICTURE)}: picture 'media/tram.png': file is" in result.err
    assert "--max-file-mb" in result.err


# --- Sizes read from the files' headers ---------------------------------------------


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    """The start of a JPEG: an Exif block with an orientation (big-endian), then the
    frame header; enough to read its size from."""
    segments = b""
    if orientation is not None:
        tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
        tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + b"\x00" * 4
        exif = b"Exif\x00\x00" + tiff
        segments += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x22\x00" * 3
    segments += b"\xff\xc0" + struct.pack(">H", len(frame) + 2) + frame
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + segments


def webp(chunk: bytes, body: bytes) -> bytes:
    data = b"WEBP" + chunk + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", len(data)) + data


@pytest.mark.parametrize(
    ("data", "kind", "size"),
    [
        (png(40, 30), "PNG", (40, 30)),
        (b"GIF89a" + struct.pack("<HH", 320, 200) + b"\x00" * 8, "GIF", (320, 200)),
        (jpeg(640, 480), "JPEG", (640, 480)),
        (jpeg(640, 480, orientation=1), "JPEG", (640, 480)),
        (jpeg(640, 480, orientation=6), "JPEG", (480, 640)),  # turned a quarter
        (webp(b"VP8 ", b"\x00" * 3 + b"\x9d\x01\x2a" + struct.pack("<HH", 300, 150)), "WebP",
         (300, 150)),
        (webp(b"VP8L", b"\x2f" + (299 | 149 << 14).to_bytes(4, "little")), "WebP", (300, 150)),
        (webp(b"VP8X", b"\x00" * 4 + (299).to_bytes(3, "little") + (149).to_bytes(3, "little")),
         "WebP", (300, 150)),
        (png(40, 30), "JPEG", None),  # not the kind its name says
        (png(40, 30)[:20], "PNG", None),  # cut short
        (jpeg(640, 0), "JPEG", None),  # no height
        (b"", "GIF", None),
    ],
)  # fmt: skip
def test_a_pictures_size_is_read_from_its_header(
    data: bytes, kind: str, size: tuple[int, int] | None
) -> None:
    assert image_size(data, kind) == size
