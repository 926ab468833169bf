"""Read the pictures the article shows from the media folder of the content folder.

Where the article names each picture was checked before (validate/images.py); here
its file must be found, inside the media folder once links are followed, within
the size limit, and be the kind of picture its name says. A problem is an error
where the article names the picture, not at the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from generator.errors import ContentErrors, ErrorList, Location, did_you_mean, reason
from generator.load.files import display_path, read_bytes, resolve
from generator.load.image_size import image_size
from generator.model.media import IMAGE_KINDS, MEDIA_FOLDER, Image


class Unreadable(Exception):
    """A picture's file that cannot be shown: what is wrong, and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def load_images(
    wanted: Sequence[tuple[str, Location]], content_dir: Path, max_bytes: int, errors: ErrorList
) -> dict[str, Image]:
    """Each picture named (its path as written, and where), read; one that cannot be
    is an error at every place that names it."""
    images: dict[str, Image] = {}
    failed: dict[str, Unreadable] = {}
    for path, where in wanted:
        if path not in images and path not in failed:
            try:
                images[path] = load_image(path, content_dir, max_bytes)
            except Unreadable as problem:
                failed[path] = problem
        if path in failed:
            errors.add(where, failed[path].message, failed[path].hint)
    return images


def load_image(written: str, content_dir: Path, max_bytes: int) -> Image:
    """One picture's file (its path from the content folder), read, with its size."""
    folder = content_dir / MEDIA_FOLDER
    try:
        media = resolve(folder)
        path = resolve(content_dir / written)
        inside = path.is_relative_to(media)
        found = inside and path.is_file()
    except (OSError, ValueError) as error:  # a name too long, a loop of links
        raise Unreadable(f"picture '{written}' cannot be opened: {reason(error)}") from None
    if not inside:
        raise Unreadable(
            f"picture '{written}' leads outside {display_path(folder)} (through a link)",
            "copy the file itself into the media folder",
        )
    if not found:
        raise Unreadable(
            f"picture '{written}' not found in {display_path(folder)}",
            did_you_mean(written, media_files(content_dir))
            or f"put the file in {display_path(folder)}, or correct its name",
        )
    try:
        data = read_bytes(path, max_bytes)
    except ContentErrors as failure:
        problem = failure.errors[0]
        raise Unreadable(f"picture '{written}': {problem.message}", problem.hint) from None
    kind = IMAGE_KINDS[PurePosixPath(written).suffix.lower()]
    size = image_size(data, kind)
    if size is None:
        raise Unreadable(
            f"picture '{written}' is not a {kind} file, as its name says",
            f"save it again as {kind}, or give it the suffix of its kind",
        )
    return Image(written, data, *size)


def media_files(content_dir: Path) -> list[str]:
    """Every file of the media folder, as the article would name it ('media/tram.jpg')."""
    folder = content_dir / MEDIA_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(content_dir).as_posix() for path in folder.rglob("*") if path.is_file()
    )
