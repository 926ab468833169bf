"""Source coverage: which sentences of each source the story cites, and which it leaves out.

A source's main text is split into sentences; page furniture that the source's
`exclude` entries name is left out. A sentence counts as cited when any cited
quote overlaps it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from generator.errors import ContentError, ErrorList, Location
from generator.model.story import Source, Story
from generator.plan.catalog import Catalog
from generator.plan.excerpts import Fact
from generator.validate.exclusions import excluded_spans

# A sentence ends at . ! or ? (perhaps followed by a closing quote or bracket),
# before white space and a capital letter or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


@dataclass
class Sentence:
    """One sentence of a source's main text."""

    start: int
    end: int
    text: str
    line: int
    cited_by: list[Fact] = field(default_factory=list)


@dataclass
class SourceCoverage:
    """How much of one source the story cites."""

    source: Source
    path: str
    sentences: list[Sentence]

    @property
    def cited(self) -> list[Sentence]:
        return [s for s in self.sentences if s.cited_by]

    @property
    def uncited(self) -> list[Sentence]:
        return [s for s in self.sentences if not s.cited_by]

    @property
    def percent(self) -> float:
        return 100.0 * len(self.cited) / len(self.sentences) if self.sentences else 100.0


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text; a sentence never crosses a paragraph."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        start = paragraph.start()
        for boundary in _SENTENCE_END.finditer(paragraph.group()):
            end = paragraph.start() + boundary.start() + len(boundary.group().rstrip())
            spans.append((start, end))
            start = paragraph.start() + boundary.end()
        spans.append((start, paragraph.end()))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def is_excluded(text: str, start: int, end: int, excluded: list[tuple[int, int]]) -> bool:
    """True when every visible character of text[start:end] lies in an excluded span."""
    return all(text[i].isspace() or any(a <= i < b for a, b in excluded) for i in range(start, end))


def source_coverage(
    story: Story, catalog: Catalog, seeds_shown: str, errors: ErrorList
) -> list[SourceCoverage]:
    """The coverage of every source; bad exclusions are recorded as errors."""
    report = []
    for source in story.sources:
        text = story.source_texts[source.id]
        excluded = excluded_spans(source, text, errors)
        line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        sentences = [
            Sentence(
                start,
                end,
                " ".join(text[start:end].split()),
                bisect.bisect_right(line_starts, start),
            )
            for start, end in split_sentences(text)
            if not is_excluded(text, start, end, excluded)
        ]
        # Both lists are in text order: walk them together.
        excerpts = catalog.excerpts_of(source)
        first = 0
        for sentence in sentences:
            while first < len(excerpts) and excerpts[first].end <= sentence.start:
                first += 1
            for excerpt in excerpts[first:]:
                if excerpt.start >= sentence.end:
                    break
                for fact in excerpt.used_by:
                    if fact not in sentence.cited_by:
                        sentence.cited_by.append(fact)
        report.append(SourceCoverage(source, f"{seeds_shown}/{source.file}", sentences))
    return report


def uncited_warnings(report: list[SourceCoverage]) -> list[ContentError]:
    """One warning per main-text sentence that no fact cites."""
    return [
        ContentError(
            Location(coverage.path, sentence.line, 1),
            f'sentence not cited by any fact: "{sentence.text}"',
            "cite it from an event, actor, role or offer, or exclude it as page furniture",
        )
        for coverage in report
        for sentence in coverage.uncited
    ]
