"""The story's wording made whole: the words it sets checked against the default
wording, the rest taken from it, and the comparison's nouns put in.

A word the story names that the pages do not use is a typo that would otherwise
change nothing, silently; a placeholder a word cannot be filled with would show
as written, braces and all. Both are errors, at the story's `words:`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from generator.errors import ErrorList, did_you_mean
from generator.model.dates import month_names
from generator.model.vocabulary import NOUN_PLACEHOLDERS, Vocabulary

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def whole_vocabulary(
    vocabulary: Vocabulary, defaults: Mapping[str, str], errors: ErrorList
) -> Vocabulary:
    """The vocabulary with every word the pages use: the story's own, else the
    default, with {column}, {columns}, {Column} and {Columns} filled in."""
    where = vocabulary.where.at("words")
    for name, text in vocabulary.words.items():
        default = defaults.get(name)
        if default is None:
            errors.add(
                where,
                f"words: unknown word '{name}'",
                did_you_mean(name, defaults)
                or "the names are those of the default "
                "wording: see vocabulary.yaml as `explainer new` writes it",
            )
            continue
        allowed = set(NOUN_PLACEHOLDERS) | set(PLACEHOLDER.findall(default))
        for found in PLACEHOLDER.findall(text):
            if found not in allowed:
                errors.add(
                    where,
                    f"words: '{name}' has {found}, which nothing fills in",
                    f"it may hold {', '.join(sorted(allowed))}",
                )
    months = month_names(vocabulary.words.get("months", defaults["months"]))
    if len(months) != 12 or not all(months):
        errors.add(
            where,
            f"words: 'months' names {len(months)} months",
            "give the twelve month names in order, separated by commas",
        )
    nouns = vocabulary.noun_forms()
    words = {}
    for name, default in defaults.items():
        text = vocabulary.words.get(name, default)
        words[name] = PLACEHOLDER.sub(lambda m: nouns.get(m.group(0), m.group(0)), text)
    return dataclasses.replace(vocabulary, words=words)
