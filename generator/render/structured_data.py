"""What search engines and link previews read: JSON-LD, the sitemap, robots.txt.

Structured data is built from the same model as the visible page, so the two
cannot disagree. Addresses are absolute only when the site's base URL is known.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Any

from markupsafe import Markup

from generator.memo.memo import Memo
from generator.model.offers import Offer
from generator.model.story import Actor, Event, Story
from generator.plan.catalog import Catalog
from generator.plan.links import page_dir
from generator.plan.pages import Page
from generator.plan.parts import Placement
from generator.render.downloads import to_json
from generator.render.markdown import plain_text
from generator.render.structured_parts import (
    event_depends,
    quotation,
    role_title,
    source_work,
    updated,
)
from generator.render.structured_split import address, linked_items
from generator.render.typography import typeset

SCHEMA = "https://schema.org"


def absolute(story: Story, page: str, anchor: str = "") -> dict[str, str]:
    """{'url': ...} for a page (and anchor) when the base URL is known, else nothing."""
    if not story.site.base_url:
        return {}
    return {"url": story.site.base_url + page_dir(page) + (f"#{anchor}" if anchor else "")}


def actor_thing(
    story: Story, actor: Actor, types: tuple[Any, ...], markdown: dict[str, str]
) -> dict[str, Any]:
    """An actor as a Person, a Country, an Organization...: the type its kind declares;
    `types` is that type, and the name and type of the actor it is part of (see
    actor_depends)."""
    own_type, parent_name, parent_type, job_titles = types
    thing: dict[str, Any] = {
        "@type": own_type,
        "name": actor.name,
        "description": plain_text(actor.description, markdown),
        **absolute(story, "actors", actor.id),
    }
    if actor.aliases:
        thing["alternateName"] = list(actor.aliases)
    if own_type == "Person" and actor.roles:
        thing["jobTitle"] = list(job_titles)
    if actor.part_of:
        key = "affiliation" if own_type == "Person" else "memberOf"
        thing[key] = {"@type": parent_type, "name": parent_name}
    return thing


def page_items(
    page: Page, story: Story, catalog: Catalog, markdown: dict[str, str], memo: Memo
) -> list[bytes]:
    """The things a collection page lists, in the order it shows them, each as JSON
    safe inside a <script> element, in UTF-8 (script_json).

    An event's or an actor's JSON is kept (memo table `json-ld`) under a digest of
    what it is made from: the item, what the actor's shows of the actor it is
    part of, and the site's address.
    """
    listed = page.kind.lists
    base_url = story.site.base_url
    table = json_ld_table(page.table)
    if listed == "events":
        return [
            memo.kept(
                table,
                ("event", base_url, event, credited),
                partial(event_json, story, event, credited, markdown),
            )
            for _year, events in catalog.years()
            for event in events
            for credited in (event_depends(catalog, event),)
        ]
    if listed == "actors":
        return [
            memo.kept(
                table,
                ("actor", base_url, actor, types),
                partial(actor_json, story, actor, types, markdown),
            )
            for _kind, _heading, actors in catalog.actors_by_kind()
            for actor in actors
            for types in (actor_depends(catalog, actor),)
        ]
    if listed == "offers":
        return [script_json(offer_thing(story, catalog, offer, markdown)) for offer in story.offers]
    if listed == "sources":
        return [script_json(source_work(source, catalog)) for source in story.sources]
    return []


def json_ld_table(page: str) -> str:
    """The memo table of the items of a page's structured data."""
    return f"json-ld-{page}"


def event_json(
    story: Story, event: Event, credited: tuple[Any, ...], markdown: dict[str, str]
) -> bytes:
    """An event's JSON-LD, as script_json."""
    return script_json(event_thing(story, event, credited, markdown))


def actor_json(
    story: Story, actor: Actor, types: tuple[Any, ...], markdown: dict[str, str]
) -> bytes:
    """An actor's JSON-LD, as script_json."""
    return script_json(actor_thing(story, actor, types, markdown))


def event_thing(
    story: Story, event: Event, credited: tuple[Any, ...], markdown: dict[str, str]
) -> dict[str, Any]:
    """An event as a schema.org Event, with its quotations. A date known only as
    "by" or "about" a day is not given as the start date: it is given in words."""
    date_note, status_note, *quoted = credited
    thing: dict[str, Any] = {"@type": "Event", "name": typeset(event.title)}
    notes = []
    if date_note:
        notes.append(date_note)
    else:
        thing["startDate"] = event.date.iso()
    if status_note:  # not settled: not known to have happened
        notes.append(status_note)
    if notes:
        thing["disambiguatingDescription"] = "; ".join(notes)
    thing["description"] = plain_text(event.summary, markdown)
    thing.update(absolute(story, "timeline", event.id))
    thing["subjectOf"] = [
        quotation(c, said) for c, said in zip(event.citations, quoted, strict=True)
    ]
    return thing


def offer_thing(
    story: Story, catalog: Catalog, offer: Offer, markdown: dict[str, str]
) -> dict[str, Any]:
    """An offer as a schema.org Offer."""
    seller = catalog.actors[offer.seller]
    return {
        "@type": "Offer",
        "name": catalog.offer_label(offer),
        "description": plain_text(offer.summary, markdown),
        "offeredBy": {
            "@type": catalog.terms.structured_types[seller.kind],
            "name": seller.name,
        },
        "itemOffered": {"@type": "Product", "name": offer.system},
        **absolute(story, "offers", offer.id),
    }


def actor_depends(catalog: Catalog, actor: Actor) -> tuple[Any, ...]:
    """What an actor's JSON-LD shows besides the actor: the type its kind declares,
    the name and type of the actor it is part of ('' and '' for none), and its
    roles' titles in the story's words."""
    types = catalog.terms.structured_types
    titles = tuple(role_title(role, catalog) for role in actor.roles)
    if not actor.part_of:
        return (types[actor.kind], "", "", titles)
    parent = catalog.actors[actor.part_of]
    return (types[actor.kind], parent.name, types[parent.kind], titles)


def json_ld(
    page: Page,
    story: Story,
    catalog: Catalog,
    markdown: dict[str, str],
    memo: Memo,
    placement: Placement | None = None,
) -> Markup:
    """The page's JSON-LD, safe to place inside a <script> element.

    A collection page's items are made safe and encoded one by one (page_items), and
    written into the page's data as they are; a split page's only named and linked
    (render/structured_split.py)."""
    common = {
        "@context": SCHEMA,
        "inLanguage": story.site.language,
        "description": page.description,
        **address(story, page.folder),
    }
    schema_type = page.kind.schema_type
    if schema_type == "NewsArticle":
        publisher = {"@type": "Organization", "name": story.site.publisher.name}
        meta = story.article.meta
        article = {
            "@type": schema_type,
            "headline": typeset(meta.title),  # as the page's heading shows it
            **common,
            "datePublished": meta.published.iso(),
            **updated(story),
            # From the first event to the date the facts are current to.
            "temporalCoverage": f"{story.events[0].date.iso() if story.events else '..'}"
            f"/{meta.as_of.iso()}",
            "publisher": publisher,
            "author": publisher,
            "citation": [source_work(source, catalog) for source in story.sources],
        }
        return Markup(script_json(article).decode("utf-8"))
    if schema_type != "CollectionPage":
        data = {"@type": schema_type, "name": page.title, **common}
        return Markup(script_json(data).decode("utf-8"))
    if placement is not None and page.name in placement.parts:
        linked = linked_items(page, story, catalog, placement)
        items = [script_json(item) for item in linked]
    else:
        items = page_items(page, story, catalog, markdown, memo)
    return collection_json_ld(page, story, catalog, common, items)


def collection_json_ld(
    page: Page, story: Story, catalog: Catalog, common: dict[str, Any], items: list[bytes]
) -> Markup:
    """A collection page's JSON-LD, its items (encoded already) in its item list."""
    data = {
        "@type": page.kind.schema_type,
        "name": page.title,
        **common,
        "isPartOf": {"@type": "WebSite", "name": story.site.title},
        "citation": [source_work(source, catalog) for source in story.sources],
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [],  # the last value: the items are written in below
        },
    }
    listed = b", ".join(
        b'{"@type": "ListItem", "position": %d, "item": %b}' % (n, item)
        for n, item in enumerate(items, start=1)
    )
    # The items come encoded: written in as json.dumps would have written them.
    head, empty, tail = script_json(data).rpartition(b"[]")
    assert empty and tail == b"}}", "the item list must be the data's last value"
    return Markup((head + b"[" + listed + b"]" + tail).decode("utf-8"))


def script_json(value: Any) -> bytes:
    """A value as JSON that is safe inside a <script> element, in UTF-8: '<' never
    appears raw, so no text from content can close the element (nor '>' and '&')."""
    text = to_json(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def sitemap(story: Story, pages: list[Page]) -> bytes | None:
    """sitemap.xml, which needs absolute addresses: only when the base URL is known."""
    if not story.site.base_url:
        return None
    entries = "".join(
        f"  <url><loc>{escape(address, quote=False)}</loc></url>\n"
        for address in (
            story.site.base_url + page.folder for page in pages if not page.kind.anywhere
        )
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    ).encode()


def robots(story: Story) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if story.site.base_url:
        lines.append(f"Sitemap: {story.site.base_url}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
