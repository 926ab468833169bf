"""Whether a text is an address a page may link to.

Used when content is read (convert.py) and when links are written (render.py);
a module of its own so that rendering need not import the readers.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Controls and bidi controls too: an address is shown as text on the sources page,
# where one would reorder what it shows.
_URL_FORBIDDEN = re.compile(
    r"[\x00-\x20\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\"'<>\\`]"
)


def url_problem(text: str) -> str:
    """Why a text is not an acceptable address, or '' when it is one."""
    problem = url_problem_characters(text)
    if problem:
        return problem
    try:
        parts = urlsplit(text)
    except ValueError:  # a host in brackets that is no IP address: `https://a[x]b/`
        return "is not an absolute http(s) address"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) address"
    return ""


def url_problem_characters(text: str) -> str:
    """Why a text cannot be part of an address (spaces, quotes...), or ''."""
    if _URL_FORBIDDEN.search(text):
        return "has spaces, control characters, quotes or angle brackets"
    return ""
