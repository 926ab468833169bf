"""The parts of a source that are not its main text (`exclude:` in sources.yaml: page
furniture, a caption), found in the source's text. Checked by every build, not only
by `explainer check`, which leaves them out of its coverage report: a range that
is not one, or that lies outside the file, is an error wherever it is written."""

from __future__ import annotations

import re

from generator.errors import ErrorList
from generator.model.story import Source, Story
from generator.validate.quotes import index_of


def check_exclusions(story: Story, texts: dict[str, str], errors: ErrorList) -> None:
    """Every exclusion of every source whose text was read must name a part of it."""
    for source in story.sources:
        text = texts.get(source.id)
        if text is not None and source.exclude:
            excluded_spans(source, text, errors)


def excluded_spans(source: Source, text: str, errors: ErrorList) -> list[tuple[int, int]]:
    """The parts of the text that the source's `exclude` entries name."""
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    spans = []
    for exclusion in source.exclude:
        if (exclusion.lines is None) == (exclusion.text is None):
            errors.add(exclusion.where, "an exclusion needs either 'lines' or 'text', not both")
            continue
        if exclusion.text is not None:
            found = index_of(text).find(exclusion.text)
            if found is None:
                errors.add(
                    exclusion.where.at("text"),
                    "excluded text not found in the source",
                    "copy the passage from the source word for word",
                )
            else:
                spans.append(found)
            continue
        match = re.fullmatch(r"(\d{1,9})(?:-(\d{1,9}))?", exclusion.lines or "", re.ASCII)
        if not match:
            shown = exclusion.lines if len(exclusion.lines or "") < 40 else "(a very long value)"
            errors.add(
                exclusion.where.at("lines"),
                f"lines: '{shown}' is not a line range",
                "write a line number or a range such as '13-27'",
            )
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first > last:
            errors.add(
                exclusion.where.at("lines"),
                f"lines {exclusion.lines} end before they start",
                f"write the first line first: '{last}-{first}'",
            )
            continue
        if not 1 <= first <= last <= len(line_starts):
            errors.add(
                exclusion.where.at("lines"),
                f"lines {exclusion.lines} are outside the file ({len(line_starts)} lines)",
                "lines count from 1, as an editor shows them",
            )
            continue
        end = line_starts[last] - 1 if last < len(line_starts) else len(text)
        spans.append((line_starts[first - 1], end))
    return spans
