"""What an id may be: one rule for every id the content gives or names.

An id is lowercase ASCII letters and digits in parts joined by single hyphens, and
it is used as it is as an HTML id and a link's anchor (`timeline/#council-vote`).
The layout gives its own parts of the pages ids too, and makes more from the story's
ids (`year-2024`, `nordbahn-name`, `gazette-q3`): an event called `main` or a source
called `gazette-q3` would give a page two elements with one id, and a link to either
would land on the wrong one. Those names are reserved here rather than the layout's
anchors moved out of their way, so that the links readers already keep still work.
"""

from __future__ import annotations

import re

# The ids the theme gives parts of its pages (the skip link's target, the home
# page's sections, the comparison's): tests/test_unique_ids.py finds every id the
# theme writes and checks that these names, prefixes and suffixes cover it.
LAYOUT_NAMES = (
    "corrections",
    "corrections-title",
    "disputes",
    "explore",
    "main",
    "scorecard-title",
    "side-by-side",
    "the-offers",
    "what-to-know",
    "year-overview",
    "year-overview-grid",
)
# What the layout puts before an id: a year of the timeline, a kind of actor, a
# dimension, a claim and a dispute of the comparison.
LAYOUT_PREFIXES = ("claim", "dimension", "dispute", "kind", "year")
# What it puts after one: an actor's name, a source's title, a source's passages.
LAYOUT_SUFFIXES = ("name", "title", "q[0-9]+")

_SHAPE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_NAMES = "|".join(LAYOUT_NAMES)
_PREFIXES = "|".join(LAYOUT_PREFIXES)
_SUFFIXES = "|".join(LAYOUT_SUFFIXES)
# One pattern for the build and the JSON Schemas (an ECMAScript regular expression
# there). `$(?!\n)`: in Python, `$` also matches before a final line break, so
# `"council-vote\n"` would pass; the lookahead refuses it in every engine.
IDENT_PATTERN = rf"^(?!(?:{_NAMES})$)(?!(?:{_PREFIXES})-)(?!.*-(?:{_SUFFIXES})$){_SHAPE}$(?!\n)"
_IDENT = re.compile(IDENT_PATTERN)
_WELL_FORMED = re.compile(_SHAPE)
_PREFIXED = re.compile(rf"({_PREFIXES})-(.+)")
_SUFFIXED = re.compile(rf"(.+)-({_SUFFIXES})")


def is_ident(text: str) -> bool:
    """Whether a text is an acceptable id: well formed and not reserved."""
    return _IDENT.fullmatch(text) is not None


def is_well_formed(text: str) -> bool:
    """Whether a text has an id's shape: ASCII lowercase letters and digits, single hyphens."""
    return _WELL_FORMED.fullmatch(text) is not None


def reserved(ident: str) -> tuple[str, str]:
    """Why a well-formed id is reserved for the layout, and one that is not (an example)."""
    prefixed, suffixed = _PREFIXED.fullmatch(ident), _SUFFIXED.fullmatch(ident)
    if ident in LAYOUT_NAMES:
        why = f"the layout gives '{ident}' to a part of its pages"
        instead = f"{ident}-1"
    elif prefixed:
        why = f"the layout makes ids starting '{prefixed[1]}-' for its own parts"
        instead = f"{prefixed[2]}-{prefixed[1]}"
    else:
        assert suffixed, f"{ident!r} is not reserved"
        why = f"the layout makes ids ending '-{suffixed[2]}' from the story's ids"
        instead = f"{suffixed[1]}{suffixed[2]}"
    while not is_ident(instead):  # e.g. "year-kind-x": both parts reserved
        instead = f"x{instead}"
    return why, instead


def reserved_error(ident: str) -> tuple[str, str]:
    """What is wrong with giving or naming a reserved id, and what to do instead."""
    why, instead = reserved(ident)
    return f"the id '{ident}' is reserved: {why}", f"choose another id, e.g. '{instead}'"
