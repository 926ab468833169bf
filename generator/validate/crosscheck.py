"""The checks no item can make alone: ids unique, references and links that resolve,
periods in order, inferred dates explained.

They run on the story's facts (facts.py) first: when those show no problem there
is none, and the story is walked only to report each problem where it is written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from itertools import chain
from typing import Any

from generator.errors import ContentError, ErrorList, Location, did_you_mean
from generator.model.idents import is_ident, is_well_formed, reserved_error
from generator.model.offers import Claim
from generator.model.story import Article, Period, Story
from generator.plan.kinds import lookups
from generator.validate.dropped_links import dropped
from generator.validate.facts import (
    PAGES,
    Entry,
    Facts,
    internal_links,
    link_kind,
    markdown_fields,
    pairs,
    walk,
)


def story_parts(story: Story) -> tuple[Any, ...]:
    """The parts of a story an editor wrote, for walking."""
    return (
        story.site,
        story.sources,
        story.actors,
        story.events,
        story.dimensions,
        story.offers,
        story.disputes,
        story.article.meta,
    )


def cross_check(
    story: Story, facts: list[Facts], unread: Collection[tuple[str, str]] = ()
) -> list[ContentError]:
    """What no item shows on its own: unique ids, references and links that resolve,
    periods in order, inferred dates explained. `unread`: (kind, id) of the items that
    could not be read (their errors are reported): names of them are not errors.

    Checked on the story's facts first: when they show no problem, there is none.
    Otherwise the whole story is walked to report each problem where it is written.
    Measured gain: at 10,000 events, 0.04 s of CPU on the facts against 0.35 s
    walking the story, a seventh of a warm build.
    """
    dates = ErrorList()
    check_source_dates(story, dates)
    kinds = kinds_of_items(story)
    ids = {kind: {item.id for item in items} for kind, items in kinds.items()}
    unique = all(len(ids[kind]) == len(items) for kind, items in kinds.items())
    for kind, item_id in unread:
        ids.setdefault(kind, set()).add(item_id)
    # An item left out for an ill-formed or reserved id sends the check the full way:
    # a link naming a reserved one is told so at the link (check_link).
    ill_formed = any(not is_ident(item_id) for _kind, item_id in unread)
    if has_dropped(story, facts, ids):
        return full_cross_check(story, walk(story_parts(story)), unread)
    if unique and not ill_formed and not dates.items and facts_agree(story.article, facts, ids):
        return []
    return full_cross_check(story, walk(story_parts(story)), unread)


def has_dropped(story: Story, facts: list[Facts], ids: dict[str, set[str]]) -> bool:
    """Whether any Markdown text of the story has a link or picture the page would drop,
    or shows as text what was meant as more (dropped_links.py)."""
    if next(dropped(story.article.body, ids, pictures_here=True), None):
        return True
    texts = (t for part in facts for t in part.texts)
    return any(next(dropped(text, ids), None) for text in texts)


def facts_agree(article: Article, facts: list[Facts], ids: dict[str, set[str]]) -> bool:
    """Whether every id the facts (and the article's links) name exists and no
    period is odd: what check_references, check_internal_links and check_periods
    would find no fault with."""
    if any(part.odd_periods for part in facts):
        return False
    named = set(pairs(chain.from_iterable(part.names for part in facts)))
    for match in internal_links(article.body):
        named.add((link_kind(match.group(1)), match.group(2)))
    known = {**ids, PAGES: set(lookups().names)}
    return all(name in known[kind] for kind, name in named)


def full_cross_check(
    story: Story, entries: list[Entry], unread: Collection[tuple[str, str]] = ()
) -> list[ContentError]:
    """cross_check's problems, each at its place, from every entry of the story."""
    errors = ErrorList()
    ids = check_unique_ids(story, errors)
    for kind, item_id in unread:
        ids.setdefault(kind, set()).add(item_id)
    check_references(entries, ids, errors)
    check_periods(entries, errors)
    check_source_dates(story, errors)
    check_internal_links(story.article, entries, ids, errors)
    check_dropped_links(story.article, entries, ids, errors)
    return errors.items


def check_unique_ids(story: Story, errors: ErrorList) -> dict[str, set[str]]:
    """Each kind's ids must be unique; returns the ids known for each kind."""
    known: dict[str, set[str]] = {}
    for kind, items in kinds_of_items(story).items():
        first: dict[str, Location] = {}
        for item in items:
            if item.id in first:
                errors.add(
                    item.where,
                    f"duplicate id '{item.id}' in {kind}",
                    f"the first is at {first[item.id]}; give each a different id",
                )
            else:
                first[item.id] = item.where
        known[kind] = set(first)
    return known


def kinds_of_items(story: Story) -> dict[str, tuple[Any, ...]]:
    """The items of each kind that has ids, by the name references give the kind."""
    return {
        "sources": story.sources,
        "actors": story.actors,
        "events": story.events,
        "offers": story.offers,
        "dimensions": story.dimensions,
        "claims": tuple(claims_with_ids(story)),
        "disputes": story.disputes,
        **vocabulary_terms(story),
    }


# The story's own terms, as references name their kinds, and how errors name them.
TERM_NAMES = {
    "actor_kinds": "actor kind",
    "event_statuses": "event status",
    "offer_statuses": "offer status",
}


def vocabulary_terms(story: Story) -> dict[str, tuple[Any, ...]]:
    """The kinds and statuses the story declares (vocabulary.yaml), by kind of term."""
    vocabulary = story.vocabulary
    return {
        "actor_kinds": vocabulary.actor_kinds,
        "event_statuses": vocabulary.event_statuses,
        "offer_statuses": vocabulary.offer_statuses,
    }


def claims_with_ids(story: Story) -> Iterator[Claim]:
    """The comparison's claims that have an id (those a dispute can name)."""
    for offer in story.offers:
        for cell in offer.terms.values():
            yield from (claim for claim in cell.claims if claim.id is not None)


def check_references(entries: list[Entry], ids: dict[str, set[str]], errors: ErrorList) -> None:
    """Every id a field names must exist, with the closest id suggested when not."""
    for owner, f, value in entries:
        kind = f.metadata.get("ref") or f.metadata.get("key_ref")
        if not kind or value is None:
            continue
        names = value if isinstance(value, tuple | dict) else (value,)
        for name in names:
            if name in ids[kind]:
                continue
            if kind in TERM_NAMES:
                errors.add(
                    owner.where.at(f.name),
                    f"{f.name}: '{name}' is not an {TERM_NAMES[kind]} the story declares",
                    undeclared_hint(name, suggestible(ids[kind], kind), kind),
                )
                continue
            singular = kind.removesuffix("s")
            errors.add(
                owner.where.at(f.name),
                f"{f.name}: unknown {singular} '{name}'",
                did_you_mean(name, suggestible(ids[kind], kind)),
            )


def suggestible(ids: set[str], kind: str) -> set[str]:
    """The ids of a kind that may be offered in place of a misspelt one: not those of
    items left out for an ill-formed or reserved id (every kind of item is held to the
    id rule but the statuses, which are words)."""
    if kind in ("event_statuses", "offer_statuses"):
        return ids
    return {name for name in ids if is_ident(name)}


def undeclared_hint(name: str, declared: set[str], kind: str) -> str:
    """What to do about a kind or status the story has not declared: the closest
    declared one, and every one the story has."""
    closest = did_you_mean(name, declared)
    listed = ", ".join(f"'{term}'" for term in sorted(declared))
    return (
        f"{closest + ' ' if closest else ''}vocabulary.yaml's {kind} are {listed}; "
        f"use one of them, or declare '{name}' there"
    )


def check_periods(entries: list[Entry], errors: ErrorList) -> None:
    """A role's period needs at least one date, and must not end before it starts."""
    for _owner, _f, value in entries:
        if not isinstance(value, Period):
            continue
        if value.start is None and value.end is None and value.as_of is None:
            errors.add(
                value.where,
                "a period needs 'start', 'end' or 'as_of'",
                "use 'as_of' with the date of the source when only that is known",
            )
        if value.start and value.end and value.end < value.start:
            errors.add(
                value.where, f"the period ends ({value.end}) before it starts ({value.start})"
            )


def check_source_dates(story: Story, errors: ErrorList) -> None:
    """An inferred publication date must say how it was inferred."""
    for source in story.sources:
        if source.date_basis == "inferred" and not source.date_reasoning:
            errors.add(
                source.where,
                f"source '{source.id}' has an inferred date but no reasoning",
                "add 'date_reasoning:' saying how the date was worked out",
            )


def check_internal_links(
    article: Article, entries: list[Entry], ids: dict[str, set[str]], errors: ErrorList
) -> None:
    """Links such as [text](event:id) in any Markdown must name something that exists."""
    for match in internal_links(article.body):
        check_link(match, article.place(match.start()), ids, errors)
    for owner, f, text in markdown_fields(entries):
        for match in internal_links(text):
            check_link(match, owner.where.at(f.name), ids, errors)


def check_dropped_links(
    article: Article, entries: list[Entry], ids: dict[str, set[str]], errors: ErrorList
) -> None:
    """Links and images in any Markdown that the page would drop, each at its place."""
    for offset, message, hint in dropped(article.body, ids, pictures_here=True):
        errors.add(article.place(offset), message, hint)
    for owner, f, text in markdown_fields(entries):
        for _offset, message, hint in dropped(text, ids):
            errors.add(owner.where.at(f.name), message, hint)


def check_link(
    match: re.Match[str], where: Location, ids: dict[str, set[str]], errors: ErrorList
) -> None:
    """Check one internal link's target."""
    scheme, target = match.group(1), match.group(2)
    kind = link_kind(scheme)
    known = set(lookups().names) if scheme == "page" else ids[kind]
    if scheme != "page" and is_well_formed(target) and not is_ident(target):
        # As a field naming it is told: the item may be there, under an id it may not have.
        errors.add(where, *reserved_error(target))
    elif target in known:
        return  # an item's, or one left out for its errors, which are reported at it
    else:
        hint = did_you_mean(target, known if scheme == "page" else suggestible(known, kind))
        errors.add(where, f"link to unknown {scheme} '{target}'", hint)
