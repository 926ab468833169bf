"""Errors an editor can act on: where the problem is, what it is, how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Characters a terminal acts on rather than shows: C0 controls, DEL, C1 controls,
# the bidi embeddings, overrides and isolates, which reorder what follows, and the
# bidi marks, which move the punctuation beside them.
# Content is untrusted: an id or a quote holding `ESC ] 0 ; ... BEL` would retitle
# the window, clear the screen or print a fake verdict. Each is shown as an escape.
_INVISIBLE = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,  # the Arabic letter mark and the left-to-right and right-to-left marks
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {
    code: _NAMED.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in _INVISIBLE
}


def visible(text: object) -> str:
    """Text for the terminal, every control and bidi character shown as an escape (`\\x1b`)."""
    return str(text).translate(_VISIBLE)


def reason(error: Exception) -> str:
    """Why the system refused a file, in words: an OSError's own words, without its
    number and the path, which the message names itself ("Too many levels of
    symbolic links", not "[Errno 40] Too many levels of symbolic links: 'a'")."""
    return getattr(error, "strerror", None) or str(error)


@dataclass(frozen=True, order=True)
class Location:
    """A position in a content file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1
    # For a mapping: where each of its keys' values starts, so an error about one
    # field can point at that field rather than at the start of the mapping.
    # Kept as name, line, column, name, line, column, ... in one flat tuple: a story
    # has hundreds of thousands, and a warm build loads them all from the cache.
    fields: tuple[str | int, ...] = field(default=(), compare=False, repr=False)

    def at(self, name: str) -> Location:
        """The location of one field of the mapping, or of the mapping itself."""
        fields = self.fields
        for index in range(0, len(fields), 3):
            if fields[index] == name:
                line, column = fields[index + 1], fields[index + 2]
                assert isinstance(line, int) and isinstance(column, int)
                return Location(self.path, line, column)
        return self

    def shifted(self, lines: int) -> Location:
        """The same place, in a text that starts `lines` lines further down."""
        fields = list(self.fields)
        for index in range(1, len(fields), 3):
            line = fields[index]
            assert isinstance(line, int)
            fields[index] = line + lines
        return Location(self.path, self.line + lines, self.column, tuple(fields))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class ContentError:
    """One problem in the content, reported as `path:line:column: message (hint)`."""

    where: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """The problem as printed: what comes from the content with its controls shown."""
        text = f"{visible(self.where)}: {visible(self.message)}"
        if self.hint:
            text += f"\n    hint: {visible(self.hint)}"
        return text


class ContentErrors(Exception):
    """Raised once, after every problem in the content has been collected."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors = sorted(errors, key=lambda e: (e.where, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[ContentErrors], tuple[list[ContentError]]]:
        """Pickled as its errors, so that a worker process can raise it in the build's."""
        return (ContentErrors, (self.errors,))


class ErrorList:
    """Collects errors during a stage, so all of them can be reported together."""

    def __init__(self) -> None:
        self.items: list[ContentError] = []

    def add(self, where: Location, message: str, hint: str = "") -> None:
        """Record one problem."""
        self.items.append(ContentError(where, message, hint))

    def extend(self, errors: Iterable[ContentError]) -> None:
        """Record problems found elsewhere."""
        self.items.extend(errors)

    def raise_if_any(self) -> None:
        """End the stage: raise every collected problem at once, if there are any."""
        if self.items:
            raise ContentErrors(self.items)


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """A hint naming the closest known name, or an empty string if none is close."""
    import difflib  # only needed when something is wrong

    matches = difflib.get_close_matches(wrong, sorted(set(known)), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""
