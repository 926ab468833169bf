"""Check that quoted passages occur in their source documents."""

from __future__ import annotations

import re

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
    }
)
_WHITE_SPACE = re.compile(r"\s+")  # in str patterns \s includes no-break spaces


def fold(text: str) -> str:
    """Text reduced for comparison: quote marks straightened, white space collapsed, no case."""
    return _WHITE_SPACE.sub(" ", text.translate(_CHARACTER_FOLDS)).strip().casefold()


def quote_occurs(quote: str, folded_source: str) -> bool:
    """True when the quote, folded, is part of the folded source text."""
    folded = fold(quote)
    return bool(folded) and folded in folded_source


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """The span of the source text that a quote matches under the same folding, if any."""
    parts: list[str] = []
    for character in quote.strip():
        if character.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        folded = character.translate(_CHARACTER_FOLDS)
        if folded in "'\"":
            variants = [c for c, f in _FOLD_TABLE.items() if f == folded] + [folded]
            parts.append("[" + re.escape("".join(variants)) + "]")
        else:
            parts.append(re.escape(character))
    if not parts:
        return None
    match = re.search("".join(parts), text, flags=re.IGNORECASE)
    return match.span() if match else None


_FOLD_TABLE = {chr(code): target for code, target in _CHARACTER_FOLDS.items()}
