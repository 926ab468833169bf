"""Validate a story: its content read into the model, then checked against itself and
its sources. Every problem is collected, then reported at once."""

from __future__ import annotations

import dataclasses
from itertools import chain
from typing import Any

from generator.errors import ContentError, ErrorList, Location
from generator.load.content import Content
from generator.memo.memo import Memo
from generator.model.bidi import close_bidi
from generator.model.fields import Markdown
from generator.model.media import Image
from generator.model.offers import Offers
from generator.model.site import Site
from generator.model.story import Actor, Article, ArticleMeta, Event, Source, Story
from generator.model.vocabulary import Vocabulary
from generator.validate.converter import INVALID
from generator.validate.crosscheck import cross_check
from generator.validate.editorial import check_editorial
from generator.validate.exclusions import check_exclusions
from generator.validate.facts import Facts, facts_of
from generator.validate.items import read_file
from generator.validate.ownership import check_ownership
from generator.validate.quote_check import locate_quotes
from generator.validate.reading import read_content_file
from generator.validate.scalars import CONTROL_CHARACTERS
from generator.validate.vocabulary import whole_vocabulary

# What each content file holds, in the order its problems are reported.
MODEL_OF_FILE: dict[str, Any] = {
    "site.yaml": Site,
    "vocabulary.yaml": Vocabulary,
    "sources.yaml": tuple[Source, ...],
    "actors.yaml": tuple[Actor, ...],
    "events.yaml": tuple[Event, ...],
    "offers.yaml": Offers,
}


@dataclasses.dataclass(frozen=True)
class ReadStory:
    """A story read into the model, not yet checked against its sources, with the facts
    of its every part (facts.py)."""

    story: Story
    facts: list[Facts]
    # The errors of items that could not be read, reported with the checks of the
    # rest; and those items' ids, by kind, which references may name without error.
    read_errors: list[ContentError] = dataclasses.field(default_factory=list)
    unread: set[tuple[str, str]] = dataclasses.field(default_factory=set)


def read_story(content: Content, memo: Memo) -> ReadStory:
    """The content as model objects. A list item with errors is left out, its errors
    kept for check_story to report with everything else; ContentErrors at once when
    a whole file or the article cannot be read."""
    errors = ErrorList()
    parsed: dict[str, Any] = {}
    item_facts: list[Facts] = []
    read_one_by_one: set[str] = set()
    unread: set[tuple[str, str]] = set()
    for name, hint in MODEL_OF_FILE.items():
        # A list file's items are of the kind its name says: events.yaml, events.
        kind = name.removesuffix(".yaml")
        file = content.files[name]
        parsed[name], facts = read_content_file(file, hint, kind, memo, errors, unread)
        if facts is not None:
            item_facts += facts
            read_one_by_one.add(name)
    article = read_article(content, errors, unread)
    if article is None or any(value is INVALID for value in parsed.values()):
        errors.raise_if_any()
    assert article is not None  # an article that failed to load is an error raised above
    offers_file: Offers = parsed["offers.yaml"]
    sources = credited_sources(parsed["sources.yaml"], parsed["site.yaml"], errors)
    vocabulary = whole_vocabulary(parsed["vocabulary.yaml"], content.default_words, errors)
    story = Story(
        site=parsed["site.yaml"],
        vocabulary=vocabulary,
        sources=sources,
        actors=parsed["actors.yaml"],
        # By date, as PartialDate orders them: by the tuple of its fields, compared in C.
        events=tuple(
            sorted(parsed["events.yaml"], key=lambda e: (e.date.year, e.date.month, e.date.day))
        ),
        dimensions=offers_file.dimensions,
        offers=offers_file.offers,
        article=article,
        disputes=offers_file.disputes,
        source_texts={},
    )
    facts = item_facts + facts_of_parts(story, read_one_by_one)
    return ReadStory(story, facts, errors.items, unread)


def credited_sources(
    sources: tuple[Source, ...], site: Site, errors: ErrorList
) -> tuple[Source, ...]:
    """The sources, each with the publisher it is credited to: the newsroom's own notes
    with none named are the site's publisher's; any other kind must name one."""
    credited = []
    for source in sources:
        if source.publisher is None:
            if source.kind != "notes":
                errors.add(
                    source.where,
                    f"source '{source.id}' ({source.kind}) names no publisher",
                    "add 'publisher:'; only the newsroom's own notes (kind: notes) may "
                    "leave it out",
                )
            source = dataclasses.replace(source, publisher=site.publisher.name)
        credited.append(source)
    return tuple(credited)


def facts_of_parts(story: Story, read_one_by_one: set[str]) -> list[Facts]:
    """The facts of the parts of a story whose items were not read one by one (and so
    came with no facts): found by walking them, in the story's order."""
    parts = (
        ("site.yaml", story.site),
        ("vocabulary.yaml", story.vocabulary),
        ("sources.yaml", story.sources),
        ("actors.yaml", story.actors),
        ("events.yaml", story.events),
        ("offers.yaml", story.dimensions),
        ("offers.yaml", story.offers),
        ("offers.yaml", story.disputes),
        ("article.md", story.article.meta),
    )
    facts = []
    for name, part in parts:
        if type(part) is not tuple:
            facts.append(facts_of(part))
        elif name not in read_one_by_one:
            facts += map(facts_of, part)
    return facts


def read_article(
    content: Content, errors: ErrorList, unread: set[tuple[str, str]]
) -> Article | None:
    """The narrative: front matter as ArticleMeta (its lists item by item), body as
    Markdown."""
    errors.extend(content.article_errors)
    document = content.article
    if document is None:
        return None
    meta = read_file(document.front_matter, ArticleMeta, "article", errors, unread)
    if not document.body.strip():
        errors.add(
            Location(document.shown_path, document.body_first_line, 1),
            "the article has no text after its front matter",
        )
        return None
    control = CONTROL_CHARACTERS.search(document.body)
    if control:  # as in any other text (validate/scalars.py)
        before = document.body[: control.start()]
        errors.add(
            Location(
                document.shown_path,
                document.body_first_line + before.count("\n"),
                len(before) - before.rfind("\n"),
            ),
            "the article's text has control characters",
            "remove them: only tabs and line breaks",
        )
        return None
    if meta is INVALID:
        return None
    body = Markdown(close_bidi(document.body))
    return Article(meta, body, document.shown_path, document.body_first_line)


def check_story(
    read: ReadStory,
    texts: dict[str, str],
    text_errors: list[ContentError],
    memo: Memo,
    images: dict[str, Image],
) -> Story:
    """The story checked against its sources' texts and itself: every quote found in
    its source, every reference resolved; ContentErrors listing every problem if not.
    `texts`: the sources' texts; `images`: the article's pictures, as read."""
    story, facts = read.story, read.facts
    errors = ErrorList()
    errors.extend(read.read_errors)
    errors.extend(text_errors)
    spans = locate_quotes(story, facts, texts, memo, errors)
    check_exclusions(story, texts, errors)
    errors.extend(cross_check(story, facts, read.unread))
    errors.extend(check_ownership(story))
    errors.extend(check_editorial(story))
    errors.raise_if_any()
    shown = {str(story.article.body), *map(str, chain.from_iterable(f.texts for f in facts))}
    return dataclasses.replace(
        story,
        source_texts=texts,
        markdown_texts=frozenset(shown),
        quote_spans=spans,
        images=images,
    )
