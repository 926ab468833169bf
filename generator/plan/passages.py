"""The passages of its sources that a story quotes, and whose words each quote gives:
the part of the catalog the sources page and every credit line ask."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from generator.model.bidi import close_bidi
from generator.model.citations import Citation
from generator.model.dates import DateStyle
from generator.model.offers import Dimension, Offer
from generator.model.sourcing import point_citations, summary_citations
from generator.model.story import Actor, ArticleMeta, Event, Source, Story
from generator.plan.credits import Credits, fill
from generator.plan.excerpts import Excerpt, Fact, merge_spans
from generator.plan.links import slug


def cell_anchor(offer: Offer, dimension_id: str) -> str:
    """The anchor of one cell of the comparison table."""
    return slug(f"{offer.id}--{dimension_id}")


class CitedPassages:
    """What the catalog knows of quotes: the passages they fall in, the facts that
    cite each passage, and whose words each quote gives."""

    story: Story
    actors: dict[str, Actor]
    sources: dict[str, Source]
    dimensions: dict[str, Dimension]
    item_facts: dict[int, list[tuple[Citation, Fact]]]

    @cached_property
    def actor_names(self) -> dict[str, str]:
        """Each actor's name, by id: how a speaker is credited."""
        return {actor.id: actor.name for actor in self.story.actors}

    @cached_property
    def date_style(self) -> DateStyle:
        """How the story's pages write dates in words."""
        return DateStyle.from_words(self.story.vocabulary.words)

    @cached_property
    def credits(self) -> Credits:
        """The credit lines of the story's quotes, in its words."""
        return Credits(self.actor_names, self.story.vocabulary.words, self.date_style)

    @cached_property
    def notes_by_source(self) -> dict[str, list[tuple[str, str]]]:
        """Each source's notes that name its words in error: (the words, the note), by
        source id."""
        return {
            source.id: [(n.as_written, n.note) for n in source.notes if n.as_written]
            for source in self.story.sources
        }

    def cited_facts(self) -> list[tuple[Citation, Fact]]:
        """Every citation in the story with the fact it supports, in page order."""
        items: list[Event | Actor | Offer | ArticleMeta] = [self.story.article.meta]
        items += [*self.story.events, *self.story.actors, *self.story.offers]
        return [pair for item in items for pair in self.facts_citing(item)]

    def facts_citing(
        self, item: Event | Actor | Offer | ArticleMeta
    ) -> list[tuple[Citation, Fact]]:
        """An item's citations, each with the fact it supports (cited_facts' pairs of
        one item, in the same order); made once per item, as every passage it cites
        asks for them."""
        pairs = self.item_facts.get(id(item))
        if pairs is None:
            pairs = self.item_facts[id(item)] = self.make_facts_citing(item)
        return pairs

    def make_facts_citing(
        self, item: Event | Actor | Offer | ArticleMeta
    ) -> list[tuple[Citation, Fact]]:
        if isinstance(item, ArticleMeta):
            words = self.story.vocabulary.words
            points = Fact(words["what_to_know"], "index", "what-to-know")
            summary = Fact(words["headline_and_descriptions"], "index", "")
            pairs = [(c, points) for c in point_citations(self.story)]
            return pairs + [(c, summary) for c in summary_citations(self.story)]
        if isinstance(item, Event):
            when = self.date_style.words(item.date, item.date_qualifier)
            fact = Fact(f"{when}: {item.title}", "timeline", item.id)
            return [(c, fact) for c in item.citations]
        if isinstance(item, Actor):
            pairs = []
            for role in item.roles:
                fact = Fact(f"{item.name}, {role.title}", "actors", item.id)
                pairs += [(c, fact) for c in role.citations]
            return pairs
        label = self.offer_label(item)
        pairs = [(c, Fact(label, "offers", item.id)) for c in item.citations]
        for basis in item.basis.values():
            pairs += [(c, Fact(label, "offers", item.id)) for c in basis.citations]
        for dimension_id, cell in item.terms.items():
            fact = Fact(
                self.cell_label(item, dimension_id), "offers", cell_anchor(item, dimension_id)
            )
            pairs += [(c, fact) for claim in cell.claims for c in claim.citations]
        return pairs

    @cached_property
    def passage_spans(self) -> dict[str, list[tuple[int, int]]]:
        """Each source's quoted passages, in order, by source id: where its quotes stand
        (every quote of the story is cited), those that overlap or touch joined, so
        each sentence of a source is listed once however many facts cite it."""
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for (source_id, _quote), span in self.story.quote_spans.items():
            spans[source_id].append(span)
        return {source.id: merge_spans(spans.get(source.id, ())) for source in self.story.sources}

    @cached_property
    def passage_starts(self) -> dict[str, list[int]]:
        """Where each source's passages start, by source id (for bisecting)."""
        return {
            source_id: [start for start, _end in spans]
            for source_id, spans in self.passage_spans.items()
        }

    @cached_property
    def anchor_prefixes(self) -> dict[str, str]:
        """The start of the anchors of each source's passages: its slug (made once)."""
        return {source.id: slug(f"{source.id}-q") for source in self.story.sources}

    def passage_number(self, citation: Citation) -> int:
        """The number (from 1) of the passage of its source that holds a citation's
        quote: the last one starting at or before it."""
        start, _end = self.story.quote_spans[citation.source, citation.quote]
        return bisect.bisect_right(self.passage_starts[citation.source], start)

    def listed(self, citation: Citation) -> tuple[str, Source, str, tuple[str, ...]]:
        """Where a citation's passage is listed on the sources page, its source, whose
        words it gives (credits.voice) and the source's notes on words it quotes."""
        number = self.passage_number(citation)
        return (
            f"{self.anchor_prefixes[citation.source]}{number}",
            self.sources[citation.source],
            self.credits.voice(citation),
            self.notes_on(citation.source, citation.quote),
        )

    def notes_on(self, source_id: str, text: str) -> tuple[str, ...]:
        """The notes of a source on words that a text of it (a quote, a passage) holds:
        a fact shows those of its quote, and a passage those of its words."""
        return tuple(note for words, note in self.notes_by_source[source_id] if words in text)

    @cached_property
    def passage_numbers(self) -> dict[tuple[str, str], int]:
        """passage_number of every quote, by (source id, quote): for walking all the
        citations at once."""
        starts, right = self.passage_starts, bisect.bisect_right
        return {
            quoted: right(starts[quoted[0]], start)
            for quoted, (start, _end) in self.story.quote_spans.items()
        }

    @cached_property
    def citers(self) -> dict[str, list[list[Event | Actor | Offer | ArticleMeta]]]:
        """The items that cite each passage, by source id and passage (numbered from
        1, so at number - 1): each item once, in page order (as cited_facts gives
        their citations). What a passage shows comes from them alone (excerpt)."""
        story, numbers = self.story, self.passage_numbers
        found: dict[str, list[list[Event | Actor | Offer | ArticleMeta]]] = {
            source.id: [[] for _span in self.passage_spans[source.id]] for source in story.sources
        }

        def note(item: Event | Actor | Offer | ArticleMeta, citations: Iterable[Citation]) -> None:
            for citation in citations:
                citing = found[citation.source][numbers[citation.source, citation.quote] - 1]
                # An item's citations come one after another: once is the last one.
                if not citing or citing[-1] is not item:
                    citing.append(item)

        for event in story.events:
            note(event, event.citations)
        for actor in story.actors:
            for role in actor.roles:
                note(actor, role.citations)
        note(story.article.meta, [*point_citations(story), *summary_citations(story)])
        for offer in story.offers:
            note(offer, offer.citations)
            for basis in offer.basis.values():
                note(offer, basis.citations)
            for cell in offer.terms.values():
                for claim in cell.claims:
                    note(offer, claim.citations)
        return found

    def passage_count(self, source: Source) -> int:
        """How many passages of a source the site quotes."""
        return len(self.passage_spans[source.id])

    def excerpt(self, source: Source, number: int) -> Excerpt:
        """A source's passage `number` (from 1), with who the citations quoting it
        attribute it to and the facts they support, in the order of those citations
        (as cited_facts gives them)."""
        start, end = self.passage_spans[source.id][number - 1]
        text = self.story.source_texts.get(source.id, "")
        # A passage may end inside a bidi isolate or override of its source: closed.
        passage = close_bidi(text[start:end])
        excerpt = Excerpt(source, start, end, passage, f"{self.anchor_prefixes[source.id]}{number}")
        numbers = self.passage_numbers
        for item in self.citers[source.id][number - 1]:
            for citation, fact in self.facts_citing(item):
                if citation.source != source.id or numbers[source.id, citation.quote] != number:
                    continue
                said = self.credits.whose_words(citation, source.publisher or "")
                if said not in excerpt.attributions:
                    excerpt.attributions.append(said)
                if fact not in excerpt.used_by:
                    excerpt.used_by.append(fact)
        return excerpt

    @cached_property
    def passages(self) -> dict[str, list[Excerpt]]:
        """Each source's passages (excerpt), by source id."""
        return {
            source.id: [
                self.excerpt(source, number) for number in range(1, self.passage_count(source) + 1)
            ]
            for source in self.story.sources
        }

    def excerpts_of(self, source: Source) -> list[Excerpt]:
        """A source's quoted passages, in the order they appear in it."""
        return self.passages[source.id]

    def offer_label(self, offer: Offer) -> str:
        """An offer as a reader names it: 'Russia: S-400'."""
        seller = self.actors[offer.seller]
        return f"{seller.short_name or seller.name}: {offer.system}"

    def cell_label(self, offer: Offer, dimension_id: str) -> str:
        """A cell of the comparison as a reader names it, in the story's words:
        'Russia: S-400 – Price'."""
        question = self.dimensions[dimension_id].label
        word = self.story.vocabulary.words["cell_label"]
        return fill(word, offer=self.offer_label(offer), question=question)
