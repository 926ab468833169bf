"""What search engines and link previews read: JSON-LD, the sitemap, robots.txt.

Structured data is built from the same model as the visible page, so the two
cannot disagree. Addresses are absolute only when the site's base URL is known.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from generator.cache import PieceStore
from generator.catalog import Catalog
from generator.escaping import Spliced
from generator.export import to_json
from generator.links import page_dir
from generator.markdown_render import plain_text
from generator.model import Actor, Source, Story
from generator.pages import Page

SCHEMA = "https://schema.org"
ACTOR_TYPES = {"state": "Country", "person": "Person"}


def absolute(story: Story, page: str, anchor: str = "") -> dict[str, str]:
    """{'url': ...} for a page (and anchor) when the base URL is known, else nothing."""
    if not story.site.base_url:
        return {}
    return {"url": story.site.base_url + page_dir(page) + (f"#{anchor}" if anchor else "")}


def source_work(source: Source) -> dict[str, Any]:
    """A source as a schema.org NewsArticle."""
    return {
        "@type": "NewsArticle",
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "datePublished": source.published.iso(),
        "url": source.url,
    }


def actor_thing(
    story: Story, actor: Actor, parent: tuple[str, str], markdown: dict[str, str]
) -> dict[str, Any]:
    """An actor as a Person, Country or Organization; `parent` is the name and kind of
    the actor it is part of (see actor_depends)."""
    thing: dict[str, Any] = {
        "@type": ACTOR_TYPES.get(actor.kind, "Organization"),
        "name": actor.name,
        "description": plain_text(actor.description, markdown),
        **absolute(story, "actors", actor.id),
    }
    if actor.aliases:
        thing["alternateName"] = list(actor.aliases)
    if actor.kind == "person" and actor.roles:
        thing["jobTitle"] = [role.title for role in actor.roles]
    if actor.part_of:
        name, kind = parent
        key = "affiliation" if actor.kind == "person" else "memberOf"
        thing[key] = {"@type": ACTOR_TYPES.get(kind, "Organization"), "name": name}
    return thing


def page_items(
    page: Page, story: Story, catalog: Catalog, markdown: dict[str, str], kept: PieceStore | None
) -> list[bytes]:
    """The things a collection page lists, in the order it shows them, each as JSON
    safe inside a <script> element, in UTF-8 (script_json).

    An event's or an actor's JSON is kept between builds in `kept` (under its
    item's cache key; the store is the page's and the base URL's) while what it
    is made of is the same: the item and what `encoded` is given as its
    `depends`, which is all the function that makes it sees of the story.
    """
    if page.name == "timeline":
        return encoded_alone(
            kept,
            story,
            [event for _year, events in catalog.years() for event in events],
            lambda event: {
                "@type": "Event",
                "name": event.title,
                "startDate": event.date.iso(),
                "description": plain_text(event.summary, markdown),
                **absolute(story, "timeline", event.id),
            },
        )
    if page.name == "actors":
        return [
            encoded(
                kept,
                story,
                actor,
                actor_depends(catalog, actor),
                lambda actor, parent: actor_thing(story, actor, parent, markdown),
            )
            for _kind, _heading, actors in catalog.actors_by_kind()
            for actor in actors
        ]
    if page.name == "offers":
        return [
            script_json(
                {
                    "@type": "Offer",
                    "name": catalog.offer_label(offer),
                    "description": plain_text(offer.summary, markdown),
                    "offeredBy": {
                        "@type": ACTOR_TYPES.get(catalog.actors[offer.seller].kind, "Organization"),
                        "name": catalog.actors[offer.seller].name,
                    },
                    "itemOffered": {"@type": "Product", "name": offer.system},
                    **absolute(story, "offers", offer.id),
                }
            )
            for offer in story.offers
        ]
    if page.name == "sources":
        return [script_json(source_work(source)) for source in story.sources]
    return []


def actor_depends(catalog: Catalog, actor: Actor) -> tuple[str, str]:
    """What an actor's JSON-LD shows besides the actor: the name and kind of the actor
    it is part of ('' and '' for none)."""
    if not actor.part_of:
        return ("", "")
    parent = catalog.actors[actor.part_of]
    return (parent.name, parent.kind)


def encoded(
    kept: PieceStore | None,
    story: Story,
    item: Any,
    depends: Any,
    thing: Callable[[Any, Any], dict[str, Any]],
) -> bytes:
    """An item's JSON-LD as script_json, made by thing(item, depends): kept from the
    last build when the item and `depends` are the same."""
    key = story.item_keys.get(id(item)) if kept is not None else None
    if kept is None or key is None:
        return script_json(thing(item, depends))
    return kept.kept_or_made(key, depends, lambda: script_json(thing(item, depends)))


def encoded_alone(
    kept: PieceStore | None, story: Story, items: list[Any], thing: Callable[[Any], dict[str, Any]]
) -> list[bytes]:
    """Each item's JSON-LD as script_json, made by thing(item) from the item alone: kept
    from the last build when the item is the same (looked up all at once)."""
    if kept is None:
        return [script_json(thing(item)) for item in items]
    keys = story.keys_of(items)
    return [
        text if text is not None else encoded(kept, story, item, (), lambda item, _: thing(item))
        for item, text in zip(items, kept.kept_as_are(keys), strict=True)
    ]


def json_ld(
    page: Page,
    story: Story,
    catalog: Catalog,
    markdown: dict[str, str],
    kept: PieceStore | None = None,
) -> Spliced:
    """The page's JSON-LD, safe to place inside a <script> element, in UTF-8.

    A collection page's items come as they are kept, made safe and encoded (a long
    page's JSON-LD is megabytes, which are neither looked through nor encoded again
    in each build)."""
    common = {
        "@context": SCHEMA,
        "inLanguage": story.site.language,
        "description": page.description,
        **absolute(story, page.name),
    }
    listed: bytes | None = None  # a collection page's items, already JSON
    if page.name == "index":
        data: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": story.article.meta.title,
            **common,
            "publisher": {"@type": "Organization", "name": story.site.publisher.name},
            "author": {"@type": "Organization", "name": story.site.publisher.name},
            "citation": [source_work(source) for source in story.sources],
        }
    elif page.name == "not_found":
        data = {"@type": "WebPage", "name": page.title, **common}
    else:
        items = page_items(page, story, catalog, markdown, kept)
        listed = (
            b"["
            + b", ".join(
                b'{"@type": "ListItem", "position": %d, "item": %b}' % (n, item)
                for n, item in enumerate(items, start=1)
            )
            + b"]"
        )
        data = {
            "@type": "CollectionPage",
            "name": page.title,
            **common,
            "isPartOf": {"@type": "WebSite", "name": story.site.title},
            "citation": [source_work(source) for source in story.sources],
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": len(items),
                "itemListElement": [],  # the last value: `listed` is written in below
            },
        }
    text = script_json(data)
    if listed is None:
        return Spliced(text)
    # The items come encoded: written in as json.dumps would have written them.
    head, empty, tail = text.rpartition(b"[]")
    assert empty and tail == b"}}", "the item list must be the data's last value"
    return Spliced(head + listed + tail)


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
        for address in (story.site.base_url + page_dir(page.name) for page in pages)
        if not address.endswith("404.html")
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
