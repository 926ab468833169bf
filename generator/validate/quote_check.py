"""Every quote must stand, word for word, in the source it cites.

Where a quote stands in a source is kept (memo table `quotes`) under a digest of
the source's text and the quote: an unchanged quote in an unchanged source is
not looked for again.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain

from generator.errors import ErrorList
from generator.memo.digests import digest
from generator.memo.memo import MISSING, Memo
from generator.memo.parallel import Work, run_shares
from generator.model.story import Story
from generator.validate.closest import closest_passage
from generator.validate.crosscheck import story_parts
from generator.validate.facts import Facts, pairs, walk
from generator.validate.quotes import index_of

Span = tuple[int, int]
CLOSEST_SEARCHED = 20  # misquotes for which the closest passage is looked for
COPY_IT = "copy the passage from the source word for word"


def locate_quotes(
    story: Story, facts: list[Facts], texts: dict[str, str], memo: Memo, errors: ErrorList
) -> dict[tuple[str, str], Span]:
    """Where each cited quote stands in its source, (source id, quote) -> span; an
    error at each citation whose quote is not in its source."""
    cited = dict.fromkeys(pairs(chain.from_iterable(part.quotes for part in facts)))
    # A quote of an unknown or unreadable source is reported already.
    wanted = [pair for pair in cited if pair[0] in texts]
    text_keys = {source: digest(text) for source, text in texts.items()} if memo.active else {}
    keys = [digest(text_keys[s], quote) if memo.active else "" for s, quote in wanted]
    spans: list[Span | None] = [memo.get("quotes", key) for key in keys]
    # Looked for source by source, so that each process indexes few sources.
    missing = sorted(
        (index for index, span in enumerate(spans) if span is MISSING), key=lambda i: wanted[i][0]
    )
    found = run_shares(find_quotes, texts, [wanted[i] for i in missing], Work.QUOTES)
    index_of.cache_clear()  # the indexes are tens of megabytes, and no longer wanted
    for index, span in zip(missing, found, strict=True):
        spans[index] = span
        memo.put("quotes", keys[index], span)
    located = {pair: span for pair, span in zip(wanted, spans, strict=True) if span is not None}
    if len(located) < len(wanted):
        not_found = {pair for pair, span in zip(wanted, spans, strict=True) if span is None}
        report_quotes_not_found(story, not_found, texts, errors)
    return located


def closest_hint(quote: str, text: str) -> str:
    """What to tell the editor of a quote not in its source: the closest passage and
    how the quote differs from it, when one is close."""
    closest = closest_passage(quote, text)
    if closest is None:
        return COPY_IT
    passage, differences = closest
    return f'the closest passage is "{passage}": ' + "; ".join(differences)


def find_quotes(texts: dict[str, str], quotes: Sequence[tuple[str, str]]) -> list[Span | None]:
    """Where each (source id, quote) stands in its source's text, if it does."""
    return [index_of(texts[source_id]).find(quote) for source_id, quote in quotes]


def report_quotes_not_found(
    story: Story, not_found: set[tuple[str, str]], texts: dict[str, str], errors: ErrorList
) -> None:
    """An error at each citation whose (source, quote) is among `not_found`."""
    titles = {source.id: source.file for source in story.sources}
    # The closest passage is looked for word by word through the source: for the
    # first few misquotes only, so that a story full of them still fails fast.
    searched = 0
    for _owner, f, value in walk(story_parts(story)):
        if f.name != "citations":
            continue
        for citation in value:
            if (citation.source, citation.quote) not in not_found:
                continue
            hint = COPY_IT
            if searched < CLOSEST_SEARCHED:
                hint = closest_hint(citation.quote, texts[citation.source])
                searched += 1
            errors.add(
                citation.where.at("quote"),
                f"quote not found in source '{citation.source}' "
                f'({titles[citation.source]}): "{" ".join(citation.quote.split())}"',
                hint,
            )
