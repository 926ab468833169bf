"""A Markdown text's prose: its code masked, for the checks of what the prose says
(links, pictures) to pass over what is shown as code, as meant."""

from __future__ import annotations

import re

from generator.model.media import MEDIA_FOLDER

Problem = tuple[int, str, str]  # offset in the text, what is wrong, what to write instead

# A code span (a run of backticks, to the next run of as many), and an indented code
# block: lines indented by four spaces or a tab after a blank line (a list item's
# second paragraph is indented so too: masking it may leave a mistake unreported,
# never report one that is not there).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_CODE_BLOCK = re.compile(r"(?:^|\n)\n((?:(?: {4}|\t)[^\n]*(?:\n|$)|[ \t]*\n)+)")


def prose(text: str) -> str:
    """The text with its code replaced by spaces (line breaks kept): same offsets."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _CODE_BLOCK.sub(blank, text))


EXAMPLE_PICTURE = f'![what it shows]({MEDIA_FOLDER}/photo.jpg "Credit: Photographer / Agency")'
