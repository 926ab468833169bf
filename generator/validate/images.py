"""The pictures of the article's text, as written: `![alt](media/tram.jpg "Credit: ...")`.

Each must name a file in the story's media folder (model/media.py) of a kind every
browser shows, describe the picture for readers who cannot see it (its alt text),
credit it (its title), and stand in a paragraph of its own, which the page shows as a
figure. Every mistake is an error where the picture is written; the files themselves
are read, and checked, by the load stage (load/images.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.errors import ErrorList, Location
from generator.model.media import IMAGE_KINDS, MEDIA_FOLDER
from generator.model.story import Article
from generator.validate.markdown_prose import EXAMPLE_PICTURE, prose


@dataclass(frozen=True)
class Picture:
    """A picture as the article writes it."""

    path: str  # its file, as written
    alt: str  # what it shows, for readers who cannot see it
    credit: str  # its title: who made it
    where: Location


# A picture's start, `![alt]` (brackets nested once, as in `![a [b] c]`), and what
# follows: `(file "title")`, or a reference `[label]`. Python-Markdown takes any text
# between the parentheses as the file, less a quoted title at its end.
_START = re.compile(r"(?<!\\)!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]")
_INSIDE = re.compile(r"\(((?:[^()\n]|\([^()\n]*\))*)\)")
_TARGET = re.compile(r"\s*(?:<([^>\n]*)>|(.*?))(?:\s+(?:\"(.*)\"|'(.*)'))?\s*", re.DOTALL)
_DEFINITION = re.compile(r"^(?:[ ]{0,3}>[ ]?)*+[ ]{0,3}\[([^\]\n]+)\]:", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NAME = re.compile(r"[A-Za-z0-9._-]+")  # a file or folder name that needs no escaping
MEDIA = f"content/{MEDIA_FOLDER}/"


def article_pictures(article: Article, errors: ErrorList) -> list[Picture]:
    """Each picture of the article's text whose file is to be read; every mistake in
    writing one is an error at its place."""
    text = prose(article.body)  # a picture in code is shown as code
    labels = {match.group(1).strip().lower() for match in _DEFINITION.finditer(text)}
    pictures = []
    for start in _START.finditer(text):
        where = article.place(start.start())
        inside = _INSIDE.match(text, start.end())
        if inside is None:
            if text.startswith("[", start.end()) or start.group(1).strip().lower() in labels:
                errors.add(
                    where,
                    "a picture's file is named in a reference, not where the picture is",
                    f"write it in place: {EXAMPLE_PICTURE}",
                )
            continue  # else `![text]` is plain text
        target = _TARGET.fullmatch(inside.group(1))
        assert target is not None  # it matches any text
        path = target.group(1) if target.group(1) is not None else target.group(2)
        credit = target.group(3) if target.group(3) is not None else target.group(4) or ""
        picture = Picture(path.strip(), start.group(1), credit, where)
        if not stands_alone(text, start.start(), inside.end()):
            errors.add(
                where,
                f"picture '{picture.path}' is not in a paragraph of its own",
                "put it on a line of its own, with a blank line before and after it",
            )
        problem = address_problem(picture.path)
        for message, hint in ([problem] if problem else []) + words_problems(picture):
            errors.add(where, message, hint)
        if problem is None:
            pictures.append(picture)
    return pictures


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end], on one line, is a paragraph by itself: the whole line,
    with blank lines (or the start or end of the text) around it."""
    lines = text.split("\n")
    number = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    if start != line_start or lines[number][end - line_start :].strip():
        return False
    before = lines[number - 1] if number > 0 else ""
    after = lines[number + 1] if number + 1 < len(lines) else ""
    return not before.strip() and not after.strip()


def address_problem(path: str) -> tuple[str, str] | None:
    """What is wrong with where a picture's file is said to be, if anything: it must be
    a file of the story's media folder, named without escapes, of a kind accepted."""
    name = PurePosixPath(path).name
    if not _NAME.fullmatch(name) or "." not in name:
        name = "photo.jpg"  # for the hint: not a file's name (a data: address, say)
    move = f"save it in {MEDIA} and write '{MEDIA_FOLDER}/{name}'"
    relative = "/".join(part for part in path.split("/") if part)
    if not relative.startswith(f"{MEDIA_FOLDER}/"):
        relative = f"{MEDIA_FOLDER}/{name}"
    if not path:
        return "a picture with no file", f"name its file: {EXAMPLE_PICTURE}"
    if path.startswith("//") or _SCHEME.match(path):
        if path.lower().startswith(("http:", "https:", "//")):
            return (
                f"picture '{path}' is on another site: pages show pictures from the site "
                "itself only (their Content-Security-Policy allows no other)",
                f"{move}, with the right to publish it",
            )
        return f"picture '{path}' is not a file of the story", move
    if path.startswith("/"):
        return (
            f"picture '{path}' is an absolute path",
            f"write its path from the article, '{relative}', with its file in {MEDIA}",
        )
    parts = path.split("/")
    if ".." in parts:
        return f"picture '{path}' is outside the story's media folder", move
    if parts[0] != MEDIA_FOLDER or len(parts) < 2:
        return f"picture '{path}' is not in the media folder", move
    if any(part == "." or not _NAME.fullmatch(part) for part in parts):
        return (
            f"picture '{path}' has a name that an address would need to escape",
            "name the file (and its folders) with letters, digits, '-', '_' and '.' only",
        )
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == ".svg":
        return (
            f"picture '{path}' is an SVG file: SVG may hold scripts, which would run "
            "when a reader opens the file by itself",
            "export it as PNG",
        )
    if suffix not in IMAGE_KINDS:
        return (
            f"picture '{path}' is not of a kind every browser shows",
            "save it as JPEG (.jpg), PNG, GIF or WebP",
        )
    return None


def words_problems(picture: Picture) -> list[tuple[str, str]]:
    """What a picture lacks in words: its description (alt text) and its credit."""
    credit = picture.credit.strip() or "Credit: Photographer / Agency"
    example = f'![what it shows]({picture.path or "media/photo.jpg"} "{credit}")'
    problems = []
    if not picture.alt.strip():
        problems.append(
            (
                f"picture '{picture.path}' has no description (alt text)",
                "describe the picture for readers who cannot see it, between the "
                f"brackets: {example}",
            )
        )
    if not picture.credit.strip():
        problems.append(
            (
                f"picture '{picture.path}' has no credit",
                "give who made it as its title, in quotes after the file: "
                f"![{picture.alt.strip() or 'what it shows'}]({picture.path} "
                '"Credit: Photographer / Agency")',
            )
        )
    return problems
