"""Check that quoted passages occur in their source documents."""

from __future__ import annotations

import re
from functools import lru_cache

# Typographic variants an editor cannot be expected to type exactly as the source.
_CHARACTER_FOLDS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        # The closers of bidi embeddings and isolates: dropped, as the reading of a
        # text closes what it leaves open (model/bidi.py), so that a quote ending
        # inside a source's isolate still matches the source.
        "\u202c": None,
        "\u2069": None,
    }
)
_WHITE_SPACE = re.compile(r"\s+")  # in str patterns \s includes no-break spaces
_FOLD_TABLE = {chr(code): target or "" for code, target in _CHARACTER_FOLDS.items()}
_FOLDED_MARKS = re.compile("[" + "".join(_FOLD_TABLE) + "]")


def straighten(text: str) -> str:
    """The text with its quote marks straightened: text.translate(_CHARACTER_FOLDS).

    Only the marks are looked for and replaced, where translate looks every
    character up (eight times slower on a source text of a few hundred kilobytes).
    """
    if text.isascii():  # every mark folded is outside ASCII
        return text
    return _FOLDED_MARKS.sub(_straight_mark, text)


def _straight_mark(match: re.Match[str]) -> str:
    return _FOLD_TABLE[match.group()]


def fold(text: str) -> str:
    """Text reduced for comparison: quote marks straightened, white space collapsed, no case."""
    return _WHITE_SPACE.sub(" ", straighten(text)).strip().casefold()


class SourceIndex:
    """A source text indexed by its words, so that finding a quote does not scan the text.

    A quote folded into words w0 .. wn matches where the source has a word ending
    in w0, then exactly w1 .. wn-1, then a word starting with wn: the same as the
    folded quote being part of the folded source. Quotes of fewer than four words
    are looked for by a scan.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = [match.span() for match in _WORD.finditer(text)]
        # Folding keeps white space where it is, so the folded words line up with the
        # original ones; should a character ever fold into a space, fold word by word.
        self.words = straighten(text).casefold().split()
        if len(self.words) != len(self.spans):
            self.words = [fold(text[start:end]) for start, end in self.spans]
        self.pairs: dict[tuple[str, str], list[int]] = {}
        for position, pair in enumerate(zip(self.words, self.words[1:], strict=False)):
            self.pairs.setdefault(pair, []).append(position)

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of the source text that the quote matches, or None."""
        words = fold(quote).split(" ")
        if len(words) < 4 or not words[0]:
            return locate(quote, self.text) if words[0] else None
        count = len(words)
        # Look the quote up by its rarest pair of whole words, then check the rest.
        anchor = min(
            range(1, count - 2), key=lambda i: len(self.pairs.get((words[i], words[i + 1]), ()))
        )
        for position in self.pairs.get((words[anchor], words[anchor + 1]), ()):
            first = position - anchor
            if first < 0 or first + count > len(self.words):
                continue
            if self.words[first + 1 : first + count - 1] != words[1:-1]:
                continue
            if not self.words[first].endswith(words[0]):
                continue
            if not self.words[first + count - 1].startswith(words[-1]):
                continue
            return (
                self.start_within(first, words[0]),
                self.end_within(first + count - 1, words[-1]),
            )
        return None

    def start_within(self, index: int, suffix: str) -> int:
        """Where, in the original word, the folded suffix begins."""
        start, end = self.spans[index]
        if len(self.words[index]) == end - start:  # folding kept the length: direct
            return end - len(suffix)
        for offset in range(start, end):
            if fold(self.text[offset:end]) == suffix:
                return offset
        return start

    def end_within(self, index: int, prefix: str) -> int:
        """Where, in the original word, the folded prefix ends."""
        start, end = self.spans[index]
        if len(self.words[index]) == end - start:
            return start + len(prefix)
        for offset in range(start + 1, end + 1):
            if fold(self.text[start:offset]) == prefix:
                return offset
        return end


_WORD = re.compile(r"\S+")


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """The span of the source text that a quote matches under the same folding, if any."""
    parts: list[str] = []
    for character in quote.strip():
        if character.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        folded = _FOLD_TABLE.get(character, character)
        if not folded:
            parts.append(re.escape(character) + "?")
        elif folded in "'\"":
            variants = [c for c, f in _FOLD_TABLE.items() if f == folded] + [folded]
            parts.append("[" + re.escape("".join(variants)) + "]")
        else:
            parts.append(re.escape(character))
    if not parts:
        return None
    match = re.search("".join(parts), text, flags=re.IGNORECASE)
    return match.span() if match else None


@lru_cache(maxsize=64)
def index_of(text: str) -> SourceIndex:
    """The index of a source text, built once per text."""
    return SourceIndex(text)
