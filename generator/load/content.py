"""Read a content folder: each YAML file's text (a block list cut into its items),
the article split into front matter and body, and the seed texts the sources name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors, ErrorList, Location, did_you_mean, reason
from generator.load.default_words import default_words
from generator.load.files import MAX_FILE_BYTES, display_path, read_text, resolve
from generator.load.front_matter import MarkdownDocument, load_markdown_file
from generator.load.list_files import ListFile, cut_list
from generator.model.bidi import has_bidi_controls
from generator.model.story import Source

YAML_FILES = (
    "site.yaml",
    "vocabulary.yaml",
    "sources.yaml",
    "actors.yaml",
    "events.yaml",
    "offers.yaml",
)
ARTICLE_FILE = "article.md"


@dataclass(frozen=True)
class ContentFile:
    """One YAML content file as read: its text and, for a block list, its items; no
    text when it could not be read (its errors say why)."""

    shown: str
    text: str | None
    items: ListFile | None
    errors: tuple[ContentError, ...]


@dataclass(frozen=True)
class Content:
    """A content folder as read: each YAML file by name, and the article."""

    files: dict[str, ContentFile]
    article: MarkdownDocument | None
    article_errors: tuple[ContentError, ...]
    default_words: dict[str, str]  # the pages' wording where the story sets none


def load_content(content_dir: Path, max_file_bytes: int = MAX_FILE_BYTES) -> Content:
    """Read every content file of a folder; what cannot be read is an error, kept with
    the file, for the validator to report in order."""
    files = {name: load_yaml_file(content_dir / name, max_file_bytes) for name in YAML_FILES}
    article, article_errors = load_article(content_dir / ARTICLE_FILE)
    return Content(files, article, article_errors, default_words())


def load_yaml_file(path: Path, max_file_bytes: int) -> ContentFile:
    """One YAML file's text, cut into items if it is a block list."""
    shown = display_path(path)
    if not path.exists():
        missing = ContentError(
            Location(shown),
            "missing content file",
            f"create {path.name}: every story needs {', '.join(YAML_FILES)} and {ARTICLE_FILE}",
        )
        return ContentFile(shown, None, None, (missing,))
    try:
        text = read_text(path, max_file_bytes)
    except ContentErrors as failure:
        return ContentFile(shown, None, None, tuple(failure.errors))
    return ContentFile(shown, text, cut_list(text), ())


def load_article(path: Path) -> tuple[MarkdownDocument | None, tuple[ContentError, ...]]:
    """The narrative, split into front matter and body, or the errors reading it."""
    if not path.exists():
        missing = ContentError(
            Location(display_path(path)),
            "missing content file",
            f"create {ARTICLE_FILE} with front matter and the explainer's text",
        )
        return None, (missing,)
    try:
        return load_markdown_file(path), ()
    except ContentErrors as failure:
        return None, tuple(failure.errors)


def load_seeds(sources: Sequence[Source], seeds_dir: Path, errors: ErrorList) -> dict[str, str]:
    """Read each source's seed file, which must lie inside the seeds folder."""
    texts: dict[str, str] = {}
    root = resolve(seeds_dir)
    for source in sources:
        where = source.where.at("file")
        if has_bidi_controls(source.file):  # they reorder how a name shows: never meant
            errors.add(
                where,
                "the source file's name has bidi control characters, which reorder how it shows",
                "rename the file without them, and name it so here",
            )
            continue
        try:
            path = resolve(seeds_dir / source.file)
            outside = not path.is_relative_to(root) or Path(source.file).is_absolute()
            found = not outside and path.is_file()
        except (OSError, ValueError) as error:  # a name too long, a NUL byte, a loop
            errors.add(
                where,
                f"source file '{source.file}' cannot be opened: {reason(error)}",
                "name a file in the seeds folder, by its path from there",
            )
            continue
        if outside:
            errors.add(
                where,
                f"source file '{source.file}' is outside the seeds folder",
                "name a file inside seeds/, e.g. 'article.txt'",
            )
            continue
        if not found:
            present = [p.name for p in root.glob("*") if p.is_file()] if root.is_dir() else []
            errors.add(
                where,
                f"source file '{source.file}' not found in {display_path(seeds_dir)}",
                did_you_mean(source.file, present),
            )
            continue
        try:
            texts[source.id] = read_text(path)
        except ContentErrors as failure:
            errors.extend(failure.errors)
    return texts
