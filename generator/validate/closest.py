"""For a quote that is not in its source: the closest passage of the source, and
how the quote differs from it, so that an editor can see the slip at once."""

from __future__ import annotations

import difflib

from generator.validate.quotes import straighten

MAX_DIFFERENCES = 3
PUNCTUATION = ".,;:!?\"'()[]"


def closest_passage(quote: str, text: str) -> tuple[str, list[str]] | None:
    """The passage of `text` most like `quote` (as many words, give or take), and what
    differs, word by word: ["'Hilmi' where the quote has 'Fikri'", ...]; None when
    nothing in the text is close."""
    wanted = straighten(quote).split()
    words = text.split()
    plain = [token(w) for w in words]
    key = [token(w) for w in wanted]
    if not wanted or not words:
        return None
    best, best_ratio = (0, 0), 0.0
    for size in {max(1, len(wanted) - 1), len(wanted), len(wanted) + 1}:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        for start in range(max(1, len(words) - size + 1)):
            matcher.set_seq1(plain[start : start + size])
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = (start, start + size), ratio
    if best_ratio < 0.5:
        return None
    passage = words[best[0] : best[1]]
    return " ".join(passage), differences(passage, wanted)


def token(word: str) -> str:
    """A word as compared: lower case, straight quotes, no punctuation around it."""
    return straighten(word).lower().strip(PUNCTUATION)


def differences(passage: list[str], quote: list[str]) -> list[str]:
    """How a quote differs from a passage, word by word, the first few."""
    found = []
    matcher = difflib.SequenceMatcher(
        None, [token(w) for w in passage], [token(w) for w in quote], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        source, quoted = " ".join(passage[a1:a2]), " ".join(quote[b1:b2])
        if op == "replace":
            found.append(f"the source has '{source}' where the quote has '{quoted}'")
        elif op == "delete":
            found.append(f"the quote leaves out '{source}'")
        elif op == "insert":
            found.append(f"the quote adds '{quoted}'")
    return found[:MAX_DIFFERENCES]
