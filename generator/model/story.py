"""The content model: what a story is made of, as frozen dataclasses.

These classes are the single description of the content files. The validator
builds them from YAML by reading their fields and type hints, so a field added
here is at once accepted, checked and documented. Field metadata:

- `doc`: what the field means, shown in errors and schemas;
- `ref`: the kind of thing whose id the field names ("actors", "events", ...);
- `key_ref`: for a mapping, the kind of thing its keys name;
- `internal`: filled in by the validator, never written by an editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.errors import Location
from generator.model.citations import Basis, Citation, Point, SourceNote
from generator.model.dates import PartialDate
from generator.model.fields import OWN, Ident, Markdown, Url, doc, here, optional
from generator.model.media import Image
from generator.model.offers import Dimension, Dispute, Offer
from generator.model.site import Site
from generator.model.vocabulary import Vocabulary

DateBasis = Literal["stated", "inferred"]
SourceKind = Literal[
    "article", "wire report", "official statement", "document", "interview", "notes"
]


@dataclass(frozen=True)
class Period:
    """When a role was held, as far as the sources tell."""

    start: PartialDate | None = optional("when the role began, if known")
    end: PartialDate | None = optional("when the role ended, if known")
    as_of: PartialDate | None = optional(
        "a date on which a source shows the role held, when start and end are unknown"
    )
    where: Location = here()


@dataclass(frozen=True)
class Role:
    """A position an actor held."""

    title: str = doc("the position, e.g. 'Defence Minister'")
    period: Period = doc("when it was held")
    citations: tuple[Citation, ...] = doc("the quotes that name the role", min_items=1)
    organisation: Ident | None = optional("id of the actor the role belongs to", ref="actors")
    where: Location = here()


@dataclass(frozen=True)
class Actor:
    """A person, or a body of people (a state, a ministry, a company, a club...), in the story."""

    id: Ident = doc("unique id, used in links: lowercase, digits and hyphens")
    name: str = doc("the name in its proper spelling, e.g. 'Recep Tayyip Erdoğan'")
    kind: str = doc(
        "what sort of actor it is: one of the actor kinds of vocabulary.yaml", ref="actor_kinds"
    )
    description: Markdown = doc("one or two sentences on who they are in this story (Markdown)")
    short_name: str | None = optional("a short form for tight spaces, e.g. 'CPMIEC'")
    aliases: tuple[str, ...] = optional("other names, as the sources spell them", ())
    part_of: Ident | None = optional(
        "id of the state or organisation the actor belongs to", ref="actors"
    )
    roles: tuple[Role, ...] = optional("positions held, each cited", ())
    where: Location = here()


@dataclass(frozen=True)
class DateResolution:
    """How an event's date was worked out: from relative wording in a source ('last
    month'), or, where the source gives no date, from what it places the event
    before or after. The one place a page explains an event's date."""

    note: str = doc("how the date was worked out")
    wording: str | None = optional(
        "the source's words, e.g. 'last month'; left out when the source gives none"
    )
    where: Location = here()


@dataclass(frozen=True)
class Event:
    """Something that happened, or was announced, proposed, expected or reported."""

    id: Ident = doc("unique id, used in links")
    date: PartialDate = doc("YYYY, YYYY-MM or YYYY-MM-DD: only as precise as the source")
    status: str = doc(
        "whether it happened or was only announced, expected...: one of the event statuses "
        "of vocabulary.yaml",
        ref="event_statuses",
    )
    title: str = doc("a short headline")
    summary: Markdown = doc("what happened, in a sentence or two (Markdown)")
    citations: tuple[Citation, ...] = doc("the quotes that report it", min_items=1)
    approximate: bool = optional("true when the date is only roughly known", False)
    by_date: bool = optional(
        "true when the source shows only that it had happened by the date, not when", False
    )
    date_resolution: DateResolution | None = optional(
        "how relative wording in the source was resolved to the date"
    )
    actors: tuple[Ident, ...] = optional("ids of the actors involved", (), ref="actors")
    offers: tuple[Ident, ...] = optional("ids of the offers it concerns", (), ref="offers")
    where: Location = here()

    @property
    def date_qualifier(self) -> str:
        """What the date is qualified by, as shown before it: 'by', 'about' or ''."""
        return "by" if self.by_date else "about" if self.approximate else ""


@dataclass(frozen=True)
class Exclusion:
    """Part of a source document that is not its main text: page furniture, a caption."""

    reason: str = doc("what it is, e.g. 'related-articles list'")
    lines: str | None = optional("a line range of the seed file, e.g. '13-27' or '9'")
    text: str | None = optional("a passage to exclude wherever it occurs")
    where: Location = here()


@dataclass(frozen=True)
class Source:
    """A source document, kept as text in seeds/."""

    id: Ident = doc("unique id, used in citations")
    title: str = doc("the headline")
    file: str = doc("the text file in seeds/, e.g. '000_5dc2859442906a5f.txt'")
    published: PartialDate = doc("publication date")
    date_basis: DateBasis = doc("'stated' when the document gives its date, else 'inferred'")
    kind: SourceKind = optional(
        "what it is: an article, a wire report, an official statement, a document, an "
        "interview, or the newsroom's own notes",
        "article",
    )
    publisher: str | None = optional(
        "who published it; the newsroom's own notes may leave it out: they are credited "
        "to the site's publisher"
    )
    author: str | None = optional("who wrote it, if known")
    url: Url | None = optional("the original address, http(s), if it has one")
    date_reasoning: str | None = optional("how an inferred date was worked out")
    relays: tuple[str, ...] = optional("outlets whose reporting the source passes on", ())
    notes: tuple[SourceNote, ...] = optional("where the source is wrong, with the evidence", ())
    exclude: tuple[Exclusion, ...] = optional(
        "parts of the document that are not its main text, left out of source coverage", ()
    )
    where: Location = here()

    @property
    def date_qualifier(self) -> str:
        """What the publication date is qualified by: 'about' when it is inferred."""
        return "about" if self.date_basis == "inferred" else ""


@dataclass(frozen=True)
class ArticleMeta:
    """The front matter of the explainer's narrative."""

    title: str = doc("the headline (give its basis)", fact=OWN)
    description: str = doc(
        "one sentence for search engines and link previews (give its basis)", fact=OWN
    )
    published: PartialDate = doc("the date the explainer was first published, YYYY-MM-DD")
    as_of: PartialDate = doc(
        "the date the story's facts are current to: usually the latest source's date"
    )
    what_to_know: tuple[Point, ...] = doc(
        "three to six short points, shown first, each with its citations or an editorial note",
        min_items=1,
    )
    standfirst: Markdown = optional(
        "a line under the headline (Markdown; give its basis)", Markdown(""), fact=OWN
    )
    basis: dict[str, Basis] = optional(
        "what the title, description and standfirst rest on, by field name", {}
    )
    updated: PartialDate | None = optional(
        "the date the explainer was last updated, YYYY-MM-DD, if it was after it was"
        " published; a later correction's date is shown instead"
    )
    as_of_approximate: bool = optional(
        "true when the as-of date is itself approximate (say, an undated source's"
        " inferred date): it is shown as 'about' that date",
        False,
    )
    where: Location = here()

    @property
    def as_of_qualifier(self) -> str:
        """What the as-of date is qualified by, as shown before it: 'about' or ''."""
        return "about" if self.as_of_approximate else ""


@dataclass(frozen=True)
class Article:
    """The narrative: front matter and a Markdown body."""

    meta: ArticleMeta
    body: Markdown
    shown_path: str
    body_first_line: int

    def place(self, offset: int) -> Location:
        """Where a place in the body (an offset in it) is in the article's file."""
        body = self.body
        line = body.count("\n", 0, offset) + self.body_first_line
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        return Location(self.shown_path, line, column)


@dataclass(frozen=True)
class Story:
    """Everything one explainer is made of, validated."""

    site: Site
    vocabulary: Vocabulary
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    dimensions: tuple[Dimension, ...]
    offers: tuple[Offer, ...]
    article: Article
    disputes: tuple[Dispute, ...]
    source_texts: dict[str, str]
    markdown_texts: frozenset[str] = frozenset()  # every Markdown text, for rendering ahead
    # Where each cited quote stands in its source text: (source id, quote) -> span.
    quote_spans: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    # The pictures the article shows, by their path as it names them, read by the loader.
    images: dict[str, Image] = field(default_factory=dict)

    @property
    def updated(self) -> PartialDate | None:
        """When the explainer last changed: its `updated` date or its latest correction's,
        whichever is later; None if neither is given."""
        dates = [c.date for c in self.site.corrections]
        if self.article.meta.updated is not None:
            dates.append(self.article.meta.updated)
        return max(dates, default=None)
