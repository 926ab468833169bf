"""The stylesheet as the site serves it: without its comments.

The theme's stylesheet explains itself to the next person who edits it, at length
(a fifth of its bytes); a reader's browser has no use for that, and every page's
first load carries it.
"""

from __future__ import annotations

import re

# A comment, or what may hold `/*` without opening one: a quoted string, or a url()
# written without quotes. Those are kept as they are.
_COMMENT_OR_KEPT = re.compile(
    r"""("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|url\([^)"']*\))|/\*.*?\*/""",
    re.DOTALL,
)


def served_stylesheet(css: bytes) -> bytes:
    """The stylesheet without its comments (as it is, if it is not UTF-8 text)."""
    try:
        text = css.decode("utf-8")
    except UnicodeDecodeError:
        return css
    served = _COMMENT_OR_KEPT.sub(lambda match: match.group(1) or "", text)
    # The lines the comments stood on, left empty, go too.
    return re.sub(r"\n[ \t]*(?=\n)", "", served).lstrip("\n").encode("utf-8")
