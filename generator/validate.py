"""Build a Story from a content folder, or report every problem in it at once."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.convert import INVALID, read_document
from generator.errors import ContentErrors, ErrorList, Location, did_you_mean
from generator.load import (
    display_path,
    load_markdown_file,
    load_yaml_file,
    read_text,
)
from generator.model import (
    Actor,
    Article,
    ArticleMeta,
    Event,
    Markdown,
    Offers,
    Period,
    Site,
    Source,
    Story,
)
from generator.quotes import index_of

YAML_FILES: dict[str, Any] = {
    "site.yaml": Site,
    "sources.yaml": tuple[Source, ...],
    "actors.yaml": tuple[Actor, ...],
    "events.yaml": tuple[Event, ...],
    "offers.yaml": Offers,
}
ARTICLE_FILE = "article.md"

# Links an editor writes in Markdown to point into the site: [text](event:some-id).
LINK_KINDS = {"event": "events", "actor": "actors", "offer": "offers", "source": "sources"}
PAGE_NAMES = ("index", "timeline", "actors", "offers", "sources")
INTERNAL_LINK = re.compile(r"\]\((event|actor|offer|source|page):([^)\s]*)\)")


def load_story(content_dir: Path, seeds_dir: Path) -> Story:
    """Read, validate and cross-check a story; raise ContentErrors listing every problem."""
    errors = ErrorList()
    parsed: dict[str, Any] = {}
    for name, hint in YAML_FILES.items():
        parsed[name] = read_content_file(content_dir / name, hint, errors)
    article = read_article(content_dir / ARTICLE_FILE, errors)
    errors.raise_if_any()

    offers_file: Offers = parsed["offers.yaml"]
    story = Story(
        site=parsed["site.yaml"],
        sources=parsed["sources.yaml"],
        actors=parsed["actors.yaml"],
        events=tuple(sorted(parsed["events.yaml"], key=lambda e: e.date)),
        dimensions=offers_file.dimensions,
        offers=offers_file.offers,
        article=typing_cast_article(article),
        source_texts={},
    )
    ids = check_unique_ids(story, errors)
    check_references(story, ids, errors)
    check_periods(story, errors)
    check_source_dates(story, errors)
    check_internal_links(story, ids, errors)
    texts = read_source_texts(story, seeds_dir, errors)
    check_quotes(story, texts, errors)
    errors.raise_if_any()
    return dataclasses.replace(story, source_texts=texts)


def typing_cast_article(article: Any) -> Article:
    """The article, known to be valid once errors were raised."""
    assert isinstance(article, Article)
    return article


def read_content_file(path: Path, hint: Any, errors: ErrorList) -> Any:
    """Load one YAML content file as the given type, recording its problems."""
    if not path.exists():
        errors.add(
            Location(display_path(path)),
            "missing content file",
            f"create {path.name}: every story needs {', '.join(YAML_FILES)} and {ARTICLE_FILE}",
        )
        return INVALID
    try:
        document = load_yaml_file(path)
    except ContentErrors as failure:
        errors.extend(failure.errors)
        return INVALID
    return read_document(document, hint, errors)


def read_article(path: Path, errors: ErrorList) -> Article | None:
    """Load the narrative: front matter as ArticleMeta, body as Markdown."""
    if not path.exists():
        errors.add(
            Location(display_path(path)),
            "missing content file",
            f"create {ARTICLE_FILE} with front matter and the explainer's text",
        )
        return None
    try:
        document = load_markdown_file(path)
    except ContentErrors as failure:
        errors.extend(failure.errors)
        return None
    meta = read_document(document.front_matter, ArticleMeta, errors)
    if not document.body.strip():
        errors.add(
            Location(document.shown_path, document.body_first_line, 1),
            "the article has no text after its front matter",
        )
        return None
    if meta is INVALID:
        return None
    return Article(meta, Markdown(document.body), document.shown_path, document.body_first_line)


def walk(value: Any) -> Iterator[tuple[Any, dataclasses.Field[Any], Any]]:
    """Every (object, field, value) below a model object, depth first, in order."""
    if isinstance(value, tuple):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            child = getattr(value, f.name)
            yield value, f, child
            yield from walk(child)


def story_parts(story: Story) -> tuple[Any, ...]:
    """The parts of a story an editor wrote, for walking."""
    return (
        story.site,
        story.sources,
        story.actors,
        story.events,
        story.dimensions,
        story.offers,
        story.article.meta,
    )


def check_unique_ids(story: Story, errors: ErrorList) -> dict[str, set[str]]:
    """Each kind's ids must be unique; returns the ids known for each kind."""
    kinds: dict[str, tuple[Any, ...]] = {
        "sources": story.sources,
        "actors": story.actors,
        "events": story.events,
        "offers": story.offers,
        "dimensions": story.dimensions,
    }
    known: dict[str, set[str]] = {}
    for kind, items in kinds.items():
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


def check_references(story: Story, ids: dict[str, set[str]], errors: ErrorList) -> None:
    """Every id a field names must exist, with the closest id suggested when not."""
    for owner, f, value in walk(story_parts(story)):
        kind = f.metadata.get("ref") or f.metadata.get("key_ref")
        if not kind or value is None:
            continue
        names = value if isinstance(value, tuple | dict) else (value,)
        for name in names:
            if name not in ids[kind]:
                singular = kind.removesuffix("s")
                errors.add(
                    owner.where.at(f.name),
                    f"{f.name}: unknown {singular} '{name}'",
                    did_you_mean(name, ids[kind]),
                )


def check_periods(story: Story, errors: ErrorList) -> None:
    """A role's period needs at least one date, and must not end before it starts."""
    for _owner, _f, value in walk(story.actors):
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


def check_internal_links(story: Story, ids: dict[str, set[str]], errors: ErrorList) -> None:
    """Links such as [text](event:id) in any Markdown must name something that exists."""
    article = story.article
    for match in INTERNAL_LINK.finditer(article.body):
        line = article.body.count("\n", 0, match.start()) + article.body_first_line
        column = match.start() - (article.body.rfind("\n", 0, match.start()) + 1) + 1
        check_link(match, Location(article.shown_path, line, column), ids, errors)
    for owner, f, value in walk(story_parts(story)):
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            if isinstance(text, Markdown):
                for match in INTERNAL_LINK.finditer(text):
                    check_link(match, owner.where.at(f.name), ids, errors)


def check_link(
    match: re.Match[str], where: Location, ids: dict[str, set[str]], errors: ErrorList
) -> None:
    """Check one internal link's target."""
    scheme, target = match.group(1), match.group(2)
    known = set(PAGE_NAMES) if scheme == "page" else ids[LINK_KINDS[scheme]]
    if target not in known:
        errors.add(where, f"link to unknown {scheme} '{target}'", did_you_mean(target, known))


def read_source_texts(story: Story, seeds_dir: Path, errors: ErrorList) -> dict[str, str]:
    """Read each source's seed file, which must lie inside the seeds folder."""
    texts: dict[str, str] = {}
    root = seeds_dir.resolve()
    for source in story.sources:
        path = (seeds_dir / source.file).resolve()
        if not path.is_relative_to(root) or Path(source.file).is_absolute():
            errors.add(
                source.where,
                f"source file '{source.file}' is outside the seeds folder",
                "name a file inside seeds/, e.g. 'article.txt'",
            )
            continue
        if not path.is_file():
            present = [p.name for p in root.glob("*") if p.is_file()] if root.is_dir() else []
            errors.add(
                source.where,
                f"source file '{source.file}' not found in {display_path(seeds_dir)}",
                did_you_mean(source.file, present),
            )
            continue
        try:
            texts[source.id] = read_text(path)
        except ContentErrors as failure:
            errors.extend(failure.errors)
    return texts


def check_quotes(story: Story, texts: dict[str, str], errors: ErrorList) -> None:
    """Every cited quote must occur in its source document."""
    indexes = {source_id: index_of(text) for source_id, text in texts.items()}
    titles = {source.id: source.file for source in story.sources}
    for _owner, f, value in walk(story_parts(story)):
        if f.name != "citations":
            continue
        for citation in value:
            if citation.source not in indexes:
                continue  # an unknown or unreadable source is reported already
            if indexes[citation.source].find(citation.quote) is None:
                errors.add(
                    citation.where.at("quote"),
                    f"quote not found in source '{citation.source}' "
                    f'({titles[citation.source]}): "{citation.quote}"',
                    "copy the passage from the source word for word",
                )
