"""The parts of structured data that say where a statement comes from: the source
articles, the quotations and who spoke them, the dates as far as they are known, and
the site's own corrections."""

from __future__ import annotations

from typing import Any

from generator.model.citations import Citation
from generator.model.story import Event, Role, Source, Story
from generator.plan.catalog import Catalog
from generator.plan.credits import fill
from generator.render.markdown import plain_text


def source_work(source: Source, catalog: Catalog) -> dict[str, Any]:
    """A source as a schema.org NewsArticle. An inferred date is not given as the
    date published, which the source does not state: it is described in the story's
    words."""
    work: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.date_basis == "inferred":
        when = catalog.date_style.words(source.published, source.date_qualifier)
        inferred = catalog.story.vocabulary.words["date_inferred_plain"]
        work["disambiguatingDescription"] = fill(inferred, date=when)
    else:
        work["datePublished"] = source.published.iso()
    if source.url is not None:  # a source with no address gives none
        work["url"] = source.url
    return work


def quotation(citation: Citation, credited: tuple[str, str]) -> dict[str, Any]:
    """A citation as a schema.org Quotation: its words, who spoke them (when the
    source names a speaker), the publication that printed them, and the whole
    credit line. `credited` is (the speaker's name or '', the credit line)."""
    speaker, credit_line = credited
    quoted: dict[str, Any] = {"@type": "Quotation", "text": " ".join(citation.quote.split())}
    if speaker:
        quoted["spokenByCharacter"] = {"@type": "Thing", "name": speaker}
    quoted["creditText"] = credit_line
    return quoted


def quotation_depends(catalog: Catalog, citations: tuple[Citation, ...]) -> tuple[Any, ...]:
    """What an item's quotations show besides the citations: each one's speaker's
    name and credit line (credits.py), as plain text."""
    credits = catalog.credits
    return tuple(
        (credits.speaker_of(c), credits.credit(c, catalog.sources[c.source])) for c in citations
    )


def event_depends(catalog: Catalog, event: Event) -> tuple[Any, ...]:
    """What an event's JSON-LD shows besides the event, in the story's words: its date
    when it is known only "by" or "about" a day ('' when it is a start date), its
    status and the date it is as of ('' for a settled status: it happened), then its
    quotations' speakers and credit lines."""
    words, style = catalog.story.vocabulary.words, catalog.date_style
    date_note = status_note = ""
    if event.date_qualifier:
        when = style.words(event.date, event.date_qualifier)
        date_note = fill(words["date_plain"], date=when)
    if not catalog.terms.settled(event.status):
        as_of = style.words(*catalog.as_of(event.citations))
        label = catalog.terms.event_status(event.status).label
        status_note = f"{label}, {words['as_of']} {as_of}"
    return (date_note, status_note, *quotation_depends(catalog, event.citations))


def role_title(role: Role, catalog: Catalog) -> str:
    """A role's title, with the date it is known to have been held as of when that is
    all the sources tell: 'Defence Minister (as of 21 April 2017)'."""
    period = role.period
    if period.as_of is not None and period.end is None:
        as_of = catalog.story.vocabulary.words["as_of"]
        return f"{role.title} ({as_of} {catalog.date_style.write(period.as_of)})"
    return role.title


def updated(story: Story) -> dict[str, Any]:
    """The date the explainer last changed (its `updated` date or latest correction),
    and every correction, when it has any."""
    corrections = story.site.corrections
    modified = {} if story.updated is None else {"dateModified": story.updated.iso()}
    if not corrections:
        return modified
    return {
        **modified,
        "correction": [
            {
                "@type": "CorrectionComment",
                "datePublished": c.date.iso(),
                "text": plain_text(c.text, {}),
            }
            for c in corrections
        ],
    }
