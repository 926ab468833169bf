"""Markdown files with a YAML front matter block (the article)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location
from generator.load.files import display_path, read_text
from generator.load.yaml_nodes import YamlDocument, parse_yaml


@dataclass(frozen=True)
class MarkdownDocument:
    """A Markdown file split into its YAML front matter and its body."""

    shown_path: str
    front_matter: YamlDocument
    body: str
    body_first_line: int


def load_markdown_file(path: Path) -> MarkdownDocument:
    """Read a Markdown file with a `---` fenced YAML front matter block."""
    text = read_text(path)
    shown = display_path(path)
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentErrors(
            [
                ContentError(
                    Location(shown),
                    "missing front matter",
                    "start the file with a line '---', the YAML fields, and another '---'",
                )
            ]
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ContentErrors(
            [
                ContentError(
                    Location(shown),
                    "front matter is not closed",
                    "end the front matter with a line '---'",
                )
            ]
        ) from None
    front = parse_yaml("\n".join(lines[1:end]), shown, line_offset=1)
    body = "\n".join(lines[end + 1 :])
    return MarkdownDocument(shown, front, body, body_first_line=end + 2)
