"""Cross-site scripting: every payload through every field of the content model.

Each payload of tests/xss_payloads.py is written into every text, Markdown and URL
field of the tram story (a copy of tests/fixtures/tram, edited with yaml.safe_load
and written back with yaml.safe_dump, so the quoting is YAML's own), the site is
built with the CLI in-process, and every page is read back with html.parser:

- no <script> but the templates' own JSON-LD, which must be JSON with no raw '<';
- no element or attribute the templates and the Markdown converter do not make,
  no `on*` attribute, no `<iframe>`, `<svg>`, `<base>`, `<form>`, ... at all;
- no URL attribute whose scheme is javascript:, vbscript: or data:, as a browser
  reads it (entities decoded, white space and control characters dropped);
- no comment, declaration or processing instruction the content put there;
- text is shown as typed: `{{ 7*7 }}` stays `{{ 7*7 }}`, never 49;
- data/explainer.json is JSON that gives the text back exactly; data/offers.csv is
  CSV with a full row everywhere, its free-text cells (claim, speaker, relays, quote)
  as typed.

A payload may instead be refused by validation (exit 1, `path:line:col: message`);
that is counted, not failed. The payload goes into all free-text fields at once;
when a build is refused or unsafe the fields are split in halves and rebuilt, so
each refusal and each hole is pinned on the field that causes it.
"""

from __future__ import annotations

import ast
import copy
import csv
import io
import json
import re
import shutil
import time
import xml.etree.ElementTree as etree
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.render.typography import typeset
from tests.conftest import REPO, Project, Run
from tests.xss_payloads import PAYLOADS

# --- The story, as plain data ------------------------------------------------------

YAML_FILES = ("site", "vocabulary", "sources", "actors", "events", "offers")
SEED = "gazette.txt"  # the seed the injected quotes are cited from


@dataclass
class Content:
    """The content files of a story as plain data, ready to edit and write back."""

    site: dict[str, Any]
    vocabulary: dict[str, Any]
    sources: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    events: list[dict[str, Any]]
    offers: dict[str, Any]
    meta: dict[str, Any]
    body: str
    seed_extra: str = ""

    @classmethod
    def load(cls, content: Path) -> Content:
        data = {
            name: yaml.safe_load((content / f"{name}.yaml").read_text(encoding="utf-8"))
            for name in YAML_FILES
        }
        _, front, body = (content / "article.md").read_text(encoding="utf-8").split("---\n", 2)
        return cls(**data, meta=yaml.safe_load(front), body=body)

    def files(self, seed_text: str, base: Content | None = None) -> dict[str, str]:
        """The files of the story: content/*.yaml, content/article.md and the seed.

        Parts equal to those of `base` are not dumped again (see `Harness.written`).
        """
        files: dict[str, str] = {}
        for name in YAML_FILES:
            if base is None or getattr(self, name) != getattr(base, name):
                files[f"content/{name}.yaml"] = dump(getattr(self, name))
        if base is None or (self.meta, self.body) != (base.meta, base.body):
            files["content/article.md"] = f"---\n{dump(self.meta)}---\n{self.body}"
        extra = f"\n\n{self.seed_extra}\n" if self.seed_extra else ""
        files[f"seeds/{SEED}"] = seed_text + extra
        return files

    def citation_lists(self) -> Iterator[list[dict[str, Any]]]:
        """Every `citations` list in the story."""
        for event in self.events:
            yield event["citations"]
        for actor in self.actors:
            for role in actor.get("roles", []):
                yield role["citations"]
        for offer in self.offers["offers"]:
            yield offer["citations"]
            for cell in offer.get("terms", {}).values():
                for claim in cell["claims"]:
                    yield claim["citations"]
        for basis in self.bases():
            if "citations" in basis:
                yield basis["citations"]
        for point in self.points():
            if "citations" in point:
                yield point["citations"]

    def basis_records(self) -> list[dict[str, Any]]:
        """The records that may have a `basis`: the site, its pages, the front matter
        and the offers (generator/model/sourcing.py)."""
        pages = [self.site["pages"][name] for name in PAGE_NAMES]
        return [self.site, *pages, self.meta, *self.offers["offers"]]

    def bases(self, records: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Every `Basis` of the records (of all that may have one, by default)."""
        records = self.basis_records() if records is None else records
        return [basis for record in records for basis in record.get("basis", {}).values()]

    def points(self) -> list[dict[str, Any]]:
        """The "what to know" points written as mappings (not in the short form)."""
        return [point for point in self.meta["what_to_know"] if isinstance(point, dict)]


# yaml.safe_dump, with libyaml's emitter when PyYAML has it (the same output, faster).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    text = yaml.dump(data, Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    assert isinstance(text, str)
    return text


# --- Every field an editor writes text into ------------------------------------------

Setter = Callable[[Content, str], None]
PAGE_NAMES = ("timeline", "actors", "offers", "sources", "not_found")
IN_CONTEXT = "See the [timeline](page:timeline) and {} here."


@dataclass(frozen=True)
class Field:
    """One field of the model; `kind` is text, markdown, url or base_url."""

    name: str
    kind: str
    put: Setter


def each(items: Callable[[Content], list[dict[str, Any]]], key: str, wrap: Any = None) -> Setter:
    """A setter writing the value into `key` of every item."""

    def put(content: Content, value: str) -> None:
        for item in items(content):
            item[key] = wrap(value) if wrap else value

    return put


def nested(items: Callable[[Content], list[dict[str, Any]]], key: str, default: Any) -> Any:
    """A setter factory for a field of a sub-record that the fixture may not have."""

    def field_of(name: str, wrap: Any = None) -> Setter:
        def put(content: Content, value: str) -> None:
            for item in items(content):
                record = item.setdefault(key, copy.deepcopy(default))
                if isinstance(record, list):
                    record = record[0]
                record[name] = wrap(value) if wrap else value

        return put

    return field_of


def sources(c: Content) -> list[dict[str, Any]]:
    return c.sources


def actors(c: Content) -> list[dict[str, Any]]:
    return c.actors


def roles(c: Content) -> list[dict[str, Any]]:
    return [role for actor in c.actors for role in actor.get("roles", [])]


def events(c: Content) -> list[dict[str, Any]]:
    return c.events


def dimensions(c: Content) -> list[dict[str, Any]]:
    return list(c.offers["dimensions"])


def offers(c: Content) -> list[dict[str, Any]]:
    return list(c.offers["offers"])


def cells(c: Content) -> list[dict[str, Any]]:
    return [cell for offer in c.offers["offers"] for cell in offer.get("terms", {}).values()]


def claims(c: Content) -> list[dict[str, Any]]:
    return [claim for cell in cells(c) for claim in cell["claims"]]


def citations(c: Content) -> list[dict[str, Any]]:
    return [citation for items in c.citation_lists() for citation in items]


def site_page(name: str) -> Callable[[Content], list[dict[str, Any]]]:
    return lambda c: [c.site["pages"][name]]


def site(c: Content) -> list[dict[str, Any]]:
    return [c.site]


def publisher(c: Content) -> list[dict[str, Any]]:
    return [c.site["publisher"]]


def meta(c: Content) -> list[dict[str, Any]]:
    return [c.meta]


def points(c: Content) -> list[dict[str, Any]]:
    return c.points()


def site_bases(c: Content) -> list[dict[str, Any]]:
    """The bases of the site's and its pages' descriptions."""
    return c.bases([c.site, *(c.site["pages"][name] for name in PAGE_NAMES)])


def article_bases(c: Content) -> list[dict[str, Any]]:
    return c.bases([c.meta])


def offer_bases(c: Content) -> list[dict[str, Any]]:
    return c.bases(c.offers["offers"])


def disputes(c: Content) -> list[dict[str, Any]]:
    return list(c.offers.get("disputes", []))


def actor_kinds(c: Content) -> list[dict[str, Any]]:
    return list(c.vocabulary["actor_kinds"])


def statuses(c: Content) -> list[dict[str, Any]]:
    return [*c.vocabulary["event_statuses"], *c.vocabulary["offer_statuses"]]


def vocabulary(c: Content) -> list[dict[str, Any]]:
    return [c.vocabulary]


def put_term_ids(content: Content, value: str) -> None:
    """Rename every kind and status the story declares, and every use of it."""
    vocabulary = content.vocabulary
    for terms, items in (
        ("actor_kinds", content.actors),
        ("event_statuses", content.events),
        ("offer_statuses", content.offers["offers"]),
    ):
        key = "kind" if terms == "actor_kinds" else "status"
        for number, term in enumerate(vocabulary[terms]):
            old, term["id"] = term["id"], f"{value} {number}"
            for item in items:
                if item[key] == old:
                    item[key] = term["id"]


def put_words(content: Content, value: str) -> None:
    """The value as a few of the page's words: in a heading, a label, a filled word."""
    content.vocabulary["words"] = {
        "what_to_know": value,
        "note_on_source": value,
        "quoted_on_site": value + " ({count})",
        "credited_to": value,
        "their_reporting": value,
        "months": ", ".join([value] * 12),
        "date_day": value + " {day} {month} {year}",
        "date_about": value,
        "date_by": value,
    }


# How dates are written: made from the words (the months, the forms, the qualifiers).
DATE_STYLE_FIELDS = ("months", "day_form", "month_form", "about", "by")


def put_quote(content: Content, value: str) -> None:
    """A payload quote stays verifiable: it goes into the seed too, and is cited everywhere,
    in every basis too (one with only an editorial note gains the quote)."""
    content.seed_extra = value
    for basis in content.bases():
        basis.setdefault("citations", [])
    for items in content.citation_lists():
        items.append({"source": "gazette", "quote": value})


def put_speaker_name(content: Content, value: str) -> None:
    """Every citation's speaker in words: an actor's id as `speaker` goes (never both)."""
    for citation in citations(content):
        citation.pop("speaker", None)
        citation["speaker_name"] = value


def put_side_who(content: Content, value: str) -> None:
    """Every side held by the value, and one more side of each dispute, on an event,
    so that it is named on the timeline as well as in the comparison."""
    for dispute in disputes(content):
        for side in dispute["sides"]:
            side["who"] = value
        dispute["sides"].append({"who": value, "events": ["council-vote"]})


def put_exclusion_text(content: Content, value: str) -> None:
    content.seed_extra = value
    for source in content.sources:
        source["exclude"] = [{"reason": "page furniture", "text": value}]


def put_exclusion_reason(content: Content, value: str) -> None:
    for source in content.sources:
        source.setdefault("exclude", [{"text": "By the Lakeside Gazette"}])[0]["reason"] = value


def put_what_to_know(content: Content, value: str) -> None:
    """A point in the short form (a line of text) and one written as a mapping."""
    content.meta["what_to_know"] = [
        *content.meta["what_to_know"],
        value,
        {"text": IN_CONTEXT.format(value), "editorial": "Our reading of the timeline."},
    ]


def put_body(content: Content, value: str) -> None:
    content.body = f"{content.body}\n{value}\n\n{IN_CONTEXT.format(value)}\n"


# The source note is shown beside every quote with its `as_written` in it: several
# quotes of the tram story have these words, and the payload quote has the payload.
SOURCE_NOTE = {
    "note": "The council's own name is Lakeside City Council.",
    "evidence": "Its [website](https://lakeside.example/council) gives the name.",
    "as_written": "Lakeside city council",
}
DATE_RESOLUTION = {"wording": "on Tuesday", "note": "The Tuesday before publication."}
CORRECTION = {"date": "2024-03-21", "text": "An earlier version gave the wrong price."}
source_note = nested(sources, "notes", [SOURCE_NOTE])
date_resolution = nested(events, "date_resolution", DATE_RESOLUTION)
site_correction = nested(site, "corrections", [CORRECTION])

FIELDS: tuple[Field, ...] = (
    Field("site.title", "text", each(site, "title")),
    Field("site.description", "text", each(site, "description")),
    Field("site.language", "text", each(site, "language")),
    Field("site.home_label", "text", each(site, "home_label")),
    Field("site.publisher.name", "text", each(publisher, "name")),
    Field("site.corrections.text", "markdown", site_correction("text")),
    Field("site.basis.editorial", "markdown", each(site_bases, "editorial")),
    *(
        Field(f"site.pages.{page}.{key}", kind, each(site_page(page), key))
        for page in PAGE_NAMES
        for key, kind in (("title", "text"), ("description", "text"), ("intro", "markdown"))
    ),
    Field("vocabulary.ids", "text", put_term_ids),
    Field("vocabulary.actor_kinds.heading", "text", each(actor_kinds, "heading")),
    Field("vocabulary.statuses.label", "text", each(statuses, "label")),
    Field("vocabulary.statuses.legend", "text", each(statuses, "legend")),
    Field("vocabulary.column", "text", each(vocabulary, "column")),
    Field("vocabulary.columns", "text", each(vocabulary, "columns")),
    Field("vocabulary.words", "text", put_words),
    Field("sources.title", "text", each(sources, "title")),
    Field("sources.publisher", "text", each(sources, "publisher")),
    Field("sources.author", "text", each(sources, "author")),
    Field("sources.date_reasoning", "text", each(sources, "date_reasoning")),
    Field("sources.relays", "text", each(sources, "relays", lambda v: [v, "Reuters"])),
    Field("sources.exclude.reason", "text", put_exclusion_reason),
    Field("sources.exclude.text", "text", put_exclusion_text),
    Field("sources.notes.note", "markdown", source_note("note")),
    Field("sources.notes.evidence", "markdown", source_note("evidence")),
    Field("sources.notes.as_written", "text", source_note("as_written")),
    Field("actors.name", "text", each(actors, "name")),
    Field("actors.short_name", "text", each(actors, "short_name")),
    Field("actors.aliases", "text", each(actors, "aliases", lambda v: [v, "Other name"])),
    Field("actors.description", "markdown", each(actors, "description")),
    Field("actors.roles.title", "text", each(roles, "title")),
    Field("events.title", "text", each(events, "title")),
    Field("events.summary", "markdown", each(events, "summary")),
    Field("events.date_resolution.wording", "text", date_resolution("wording")),
    Field("events.date_resolution.note", "text", date_resolution("note")),
    Field("dimensions.label", "text", each(dimensions, "label")),
    Field("dimensions.question", "text", each(dimensions, "question")),
    Field("offers.system", "text", each(offers, "system")),
    Field("offers.summary", "markdown", each(offers, "summary")),
    Field("offers.basis.editorial", "markdown", each(offer_bases, "editorial")),
    Field("offers.terms.claims.statement", "markdown", each(claims, "statement")),
    Field("offers.terms.answer", "text", each(cells, "answer")),
    Field("offers.disputes.about", "markdown", each(disputes, "about")),
    Field("offers.disputes.sides.who", "text", put_side_who),
    Field("citations.quote", "text", put_quote),
    Field("citations.speaker_name", "text", put_speaker_name),
    Field("citations.relayed_by", "text", each(citations, "relayed_by", lambda v: [v, "Reuters"])),
    Field("article.title", "text", each(meta, "title")),
    Field("article.description", "text", each(meta, "description")),
    Field("article.basis.editorial", "markdown", each(article_bases, "editorial")),
    Field("article.what_to_know", "markdown", put_what_to_know),
    Field("article.what_to_know.editorial", "markdown", each(points, "editorial")),
    Field("article.standfirst", "markdown", each(meta, "standfirst")),
    Field("article.body", "markdown", put_body),
    Field("sources.url", "url", each(sources, "url")),
    Field("site.publisher.url", "url", each(publisher, "url")),
    Field("site.base_url", "base_url", each(site, "base_url")),
)
FIELD_NAMES = {f.name: f for f in FIELDS}
TEXT_FIELDS = tuple(f.name for f in FIELDS if f.kind in ("text", "markdown"))
URL_FIELDS = tuple(f.name for f in FIELDS if f.kind == "url")


@dataclass(frozen=True)
class Variant:
    """One way of injecting a payload: into which fields, and as what value."""

    name: str
    fields: tuple[str, ...]
    value: Callable[[str], str]


VARIANTS = (
    Variant("text", TEXT_FIELDS, lambda p: p),
    Variant("url", URL_FIELDS, lambda p: p),
    Variant("base_url", ("site.base_url",), lambda p: p),
    Variant("after-https", (*URL_FIELDS, "site.base_url"), lambda p: "https://x.example/" + p),
)


# --- Reading a built page back ---------------------------------------------------------

# What the templates (checked below) and the Markdown converter may put on a page.
MARKDOWN_TAGS = frozenset("p a span em strong code pre ul ol li h1 h2 h3 h4 h5 h6 hr br".split())
MARKDOWN_ATTRIBUTES = frozenset({"href", "title", "start"})
FORBIDDEN_TAGS = frozenset(
    "iframe frame frameset object embed applet base form input button textarea select "
    "isindex svg math style img image video audio source track picture portal "
    "template noscript xmp plaintext marquee animate set use foreignobject".split()
)
# The one drawing the theme writes, the timeline's overview (templates/partials/
# overview.html): an inline SVG, its year lines drawn once and used in each row. Its
# elements are fixed, so they are let through as it writes them and nowhere else.
THEME_DRAWING = {("svg", "class", "overview-drawing"), ("use", "href", "#year-overview-grid")}
URL_ATTRIBUTES = frozenset(
    "href src action formaction data srcdoc xlink:href poster background cite codebase "
    "dynsrc lowsrc longdesc ping manifest icon usemap profile srcset".split()
)
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
LINK_RELS = frozenset({"icon", "stylesheet", "canonical"})
TEMPLATE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>{]|\{[^}]*\})*)>")
TEMPLATE_ATTRIBUTE = re.compile(r"\s([a-zA-Z][a-zA-Z0-9:-]*)(?==|\s|$|>)")
# A string literal the generator's code wraps in Markup, as HTML of its own.
# An f-string counts too: its {fields} are read as a template's are.
MARKUP_LITERAL = re.compile(r"""\bMarkup\(\s*f?('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")
# Browsers trim C0 controls and spaces around a URL and drop tabs and newlines inside it;
# dropping all of them anywhere is stricter still.
DROPPED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


def template_vocabulary(templates: Path, code: Path) -> tuple[set[str], set[str]]:
    """The element and attribute names the templates write, and the generator's own
    Python code as HTML it marks safe: `Markup('<time datetime="{}">{}</time>')`."""
    tags: set[str] = set()
    attributes: set[str] = set()
    texts = [
        re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        for path in templates.rglob("*.html")
    ]
    for path in code.rglob("*.py"):
        texts += [
            ast.literal_eval(literal)
            for literal in MARKUP_LITERAL.findall(path.read_text(encoding="utf-8"))
        ]
    for text in texts:
        for match in TEMPLATE_TAG.finditer(text):
            tags.add(match.group(1).lower())
            inside = re.sub(r"\{[{%].*?[%}]\}", " ", match.group(2))
            attributes.update(a.lower() for a in TEMPLATE_ATTRIBUTE.findall(inside))
    return tags, attributes


@dataclass
class Tag:
    name: str
    attrs: list[tuple[str, str | None]]
    source: str


@dataclass
class PageReader(HTMLParser):
    """A page's start tags, scripts, text and anything else the parser met."""

    tags: list[Tag] = field(default_factory=list)
    scripts: list[tuple[Tag, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    h3: list[str] = field(default_factory=list)
    oddities: list[str] = field(default_factory=list)
    script: Tag | None = None
    script_text: list[str] = field(default_factory=list)
    in_h3: int = 0

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Tag(tag, attrs, self.get_starttag_text() or "")
        self.tags.append(element)
        if tag == "script":
            self.script, self.script_text = element, []
        if tag == "h3":
            self.in_h3 += 1
            self.h3.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.scripts.append((self.script, "".join(self.script_text)))
            self.script = None
        if tag == "h3" and self.in_h3:
            self.in_h3 -= 1

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
            return
        self.text.append(data)
        if self.in_h3:
            self.h3[-1] += data

    def handle_comment(self, data: str) -> None:
        self.oddities.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html" or any(t.name for t in self.tags):
            self.oddities.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.oddities.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.oddities.append(f"<![{data}]>")


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def dangerous_scheme(value: str) -> str | None:
    """The scheme a browser would follow, when it is one that runs or embeds code."""
    seen = DROPPED_IN_URLS.sub("", value).lower()
    return next((s for s in BAD_SCHEMES if seen.startswith(s)), None)


def normal(text: str) -> str:
    return " ".join(text.replace("\x00", "").split())


def clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Problem:
    where: str
    kind: str
    detail: str


@dataclass
class Rules:
    """What a safe page may contain, learnt from the templates and a clean build."""

    tags: frozenset[str]
    attributes: frozenset[str]
    csp: str


def page_problems(reader: PageReader, rules: Rules, where: str) -> list[Problem]:
    found: list[Problem] = []

    def problem(kind: str, detail: str) -> None:
        found.append(Problem(where, kind, clip(detail)))

    for tag in reader.tags:
        if tag.name in FORBIDDEN_TAGS and not theme_drawing(tag.name, dict(tag.attrs)):
            problem(f"<{tag.name}> element", tag.source)
        elif tag.name not in rules.tags:
            problem("unexpected element", tag.source)
        for name, value in tag.attrs:
            if name.startswith("on"):
                problem("event-handler attribute", tag.source)
            elif name not in rules.attributes:
                problem(f"unexpected attribute '{name}'", tag.source)
            if name in URL_ATTRIBUTES or name.endswith(":href") or name == "srcdoc":
                scheme = dangerous_scheme(value or "")
                if scheme or name == "srcdoc":
                    problem(f"{scheme or 'srcdoc'} URL in {name}", tag.source)
        attrs = dict(tag.attrs)
        if tag.name == "meta" and "http-equiv" in attrs:
            if (
                attrs["http-equiv"] != "Content-Security-Policy"
                or attrs.get("content") != rules.csp
            ):
                problem("meta http-equiv", tag.source)
        if tag.name == "link" and attrs.get("rel") not in LINK_RELS:
            problem("link rel", tag.source)
    if [t.attrs for t, _ in reader.scripts] != [[("type", "application/ld+json")]]:
        problem("script element", "; ".join(t.source for t, _ in reader.scripts))
    for tag, text in reader.scripts:
        if tag.attrs == [("type", "application/ld+json")]:
            if "<" in text:
                problem("raw '<' in JSON-LD", text[text.index("<") :])
            try:
                json.loads(text)
            except ValueError as error:
                problem("JSON-LD is not JSON", str(error))
    for oddity in reader.oddities:
        problem("comment or declaration from content", oddity)
    if sum(1 for t in reader.tags if t.name == "title") != 1:
        problem("title elements", str([t.source for t in reader.tags if t.name == "title"]))
    return found


# The CSV columns free text goes into as it is typed: field -> (column, the cell's text).
CSV_COLUMNS: dict[str, tuple[str, Callable[[str], str]]] = {
    "offers.terms.claims.statement": ("claim", lambda p: p),
    "citations.speaker_name": ("speaker", lambda p: p),
    "citations.relayed_by": ("relayed_by", lambda p: f"{p}; Reuters"),  # see FIELDS
    "citations.quote": ("quote", lambda p: " ".join(p.split())),
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def site_problems(
    site: Path, rules: Rules, payload: str | None, fields: tuple[str, ...]
) -> tuple[list[Problem], list[str]]:
    """Everything wrong with a built site, and observations (not failures)."""
    found: list[Problem] = []
    notes: list[str] = []
    pages = sorted(site.rglob("*.html"))
    if len(pages) != 6:
        found.append(Problem(str(site), "pages", f"{len(pages)} pages"))
    for path in pages:
        where = str(path.relative_to(site))
        reader = read_page(path)
        found += page_problems(reader, rules, where)
        text = normal("".join(reader.text))
        if payload is not None and "7*7" in payload and "49" in text:
            found.append(Problem(where, "template syntax evaluated", clip(text)))
        if payload is not None and where == "timeline/index.html" and "events.title" in fields:
            # A title is shown as typed, its quote marks and dashes typeset as prose is.
            if normal(typeset(payload)) not in [normal(h) for h in reader.h3]:
                found.append(Problem(where, "title not shown as typed", str(reader.h3)))
        if payload is not None and "{{ 7*7 }}" in payload and "site.title" in fields:
            if "{{ 7*7 }}" not in text:
                found.append(Problem(where, "'{{ 7*7 }}' not shown as typed", clip(text)))
    try:
        data = json.loads((site / "data/explainer.json").read_text(encoding="utf-8"))
    except ValueError as error:
        found.append(Problem("data/explainer.json", "not JSON", str(error)))
    else:
        if payload is not None and "events.title" in fields:
            if any(event["title"] != payload for event in data["events"]):
                found.append(Problem("data/explainer.json", "title changed", payload))
    csv_text = (site / "data/offers.csv").read_text(encoding="utf-8-sig")
    try:
        rows = list(csv.reader(io.StringIO(csv_text, newline="")))
    except csv.Error as error:
        found.append(Problem("data/offers.csv", "not CSV", str(error)))
    else:
        if not rows or any(len(row) != len(rows[0]) for row in rows):
            found.append(Problem("data/offers.csv", "ragged CSV", csv_text[:200]))
        for name, (column, written) in CSV_COLUMNS.items():
            if rows and column not in rows[0]:
                found.append(Problem("data/offers.csv", "no column", column))
                continue
            if payload is None or name not in fields:
                continue
            # A cell a spreadsheet would run as a formula is written with a leading quote.
            expected = written(payload)
            expected = "'" + expected if expected[:1] in FORMULA_STARTS else expected
            at = rows[0].index(column)
            if expected not in [row[at] for row in rows[1:] if len(row) > at]:
                found.append(Problem("data/offers.csv", f"{column} changed", payload))
        formulas = [c for row in rows[1:] for c in row if c[:1] in ("=", "+", "-", "@")]
        if formulas:
            notes.append(f"offers.csv cell starts with a formula character: {formulas[0]!r}")
    if (site / "sitemap.xml").exists():
        try:
            etree.fromstring((site / "sitemap.xml").read_bytes())
        except etree.ParseError as error:
            found.append(Problem("sitemap.xml", "not XML", str(error)))
    robots = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    if any(not re.match(r"User-agent: \*$|Allow: /$|Sitemap: ", line) for line in robots):
        notes.append(f"robots.txt gained a line from base_url: {robots[2:]!r}")
    return found, notes


# --- Building ----------------------------------------------------------------------------

ERROR_LINE = re.compile(r"^\S.*:\d+:\d+: \S")


@dataclass
class Tally:
    """What the run did and found."""

    builds: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    refused_example: dict[str, str] = field(default_factory=dict)
    covered: Counter[str] = field(default_factory=Counter)
    holes: dict[tuple[str, tuple[str, ...]], list[tuple[str, Problem]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    broken: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)


@dataclass
class Harness:
    project: Project
    run: Run
    base: Content
    seed_text: str
    rules: Rules
    tally: Tally
    base_files: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)  # what each file now holds

    def __post_init__(self) -> None:
        self.base_files = self.base.files(self.seed_text)

    def build(self, fields: tuple[str, ...], value: str) -> tuple[str, list[Problem], str]:
        """Build with the value in the fields: ('built', problems, '') or ('refused', [], err)."""
        content = copy.deepcopy(self.base)
        for name in fields:
            FIELD_NAMES[name].put(content, value)
        files = {**self.base_files, **content.files(self.seed_text, self.base)}
        for name, text in files.items():
            if self.written.get(name) != text:
                (self.project.root / name).write_text(text, encoding="utf-8")
                self.written[name] = text
        self.tally.builds += 1
        out = self.project.root / f"out-{self.tally.builds}"
        try:
            result = self.run("build", "--content", str(self.project.content), "--out", str(out))
        except Exception as error:  # a crash is a finding, not a test error
            return "broken", [], f"{type(error).__name__}: {error}"
        result.err = result.err.replace(f"{self.project.root}/", "")
        if result.code == 1:
            lines = result.err.splitlines()
            if lines and ERROR_LINE.match(lines[0]) and "Traceback" not in result.err:
                return "refused", [], result.err
            return "broken", [], f"exit 1 without a located error: {result.err[:300]}"
        if result.code != 0:
            return "broken", [], f"exit {result.code}: {result.err[:300]}"
        problems, notes = site_problems(out, self.rules, value, fields)
        self.tally.notes.update(notes)
        shutil.rmtree(out)
        return "built", problems, ""

    def explore(self, variant: str, payload: str, fields: tuple[str, ...], value: str) -> bool:
        """Build; on a refusal or a hole, split the fields to find the one to blame.

        True when something (a refusal or a hole) was found among the fields.
        """
        outcome, problems, err = self.build(fields, value)
        if outcome == "broken":
            self.tally.broken.append(f"[{variant}] {fields} {payload!r}: {err}")
            return True
        if outcome == "built" and not problems:
            self.tally.covered.update(fields)
            return False
        if len(fields) > 1:
            middle = len(fields) // 2
            left = self.explore(variant, payload, fields[:middle], value)
            right = self.explore(variant, payload, fields[middle:], value)
            if left or right:
                return True
        key = " + ".join(fields)
        if outcome == "refused":
            self.tally.refused[key] += 1
            first = err.splitlines()[0]
            self.tally.refused_example.setdefault(key, f"{payload!r}: {clip(first, 200)}")
        else:
            self.tally.holes[(variant, fields)] += [(payload, problem) for problem in problems]
        return True


@pytest.fixture
def harness(project: Project, run: Run) -> Harness:
    base = Content.load(project.content)
    seed_text = (project.seeds / SEED).read_text(encoding="utf-8")
    tags, attributes = template_vocabulary(REPO / "templates", REPO / "generator")
    assert run(*project.args("build")).code == 0
    head = read_page(project.site / "index.html")
    csp = next(
        dict(t.attrs)["content"] or ""
        for t in head.tags
        if t.name == "meta" and dict(t.attrs).get("http-equiv") == "Content-Security-Policy"
    )
    rules = Rules(frozenset(tags | MARKDOWN_TAGS), frozenset(attributes | MARKDOWN_ATTRIBUTES), csp)
    return Harness(project, run, base, seed_text, rules, Tally())


# --- The tests ---------------------------------------------------------------------------


def test_payloads_are_many_and_distinct() -> None:
    payloads = [p for _, p in PAYLOADS]
    assert len(payloads) >= 60
    assert len(set(payloads)) == len(payloads), [p for p in payloads if payloads.count(p) > 1]


def model_classes() -> list[type]:
    """Every dataclass defined in the model's modules (generator/model/*.py)."""
    import dataclasses
    import importlib
    import pkgutil

    import generator.model

    found = []
    for info in pkgutil.iter_modules(generator.model.__path__):
        module = importlib.import_module(f"generator.model.{info.name}")
        found += [
            cls
            for cls in vars(module).values()
            if isinstance(cls, type)
            and dataclasses.is_dataclass(cls)
            and cls.__module__ == module.__name__
        ]
    return found


def test_fields_cover_the_model() -> None:
    """Every text, Markdown and URL field of the model (generator/model/) has a setter here."""
    import dataclasses

    from generator.model import fields

    kinds = {str: "text", fields.Markdown: "markdown", fields.Url: "url"}
    written = {
        f"{cls.__name__}.{f.name}"
        for cls in model_classes()
        for f in dataclasses.fields(cls)
        if not f.metadata.get("internal")
        and any(k.__name__ in str(f.type) for k in kinds)
        and "Ident" not in str(f.type)
    }
    # Model field -> the name it has here; fields that take no free text are named.
    # A `basis` maps field names (checked by the validator) to a Basis, whose text is
    # its editorial note: named here by the setter of that note in the record's kind.
    covered = {
        "ActorKind.heading": "vocabulary.actor_kinds.heading",
        "Status.id": "vocabulary.ids",
        "Status.label": "vocabulary.statuses.label",
        "Status.legend": "vocabulary.statuses.legend",
        "Vocabulary.column": "vocabulary.column",
        "Vocabulary.columns": "vocabulary.columns",
        "Vocabulary.words": "vocabulary.words",
        **{f"DateStyle.{name}": "vocabulary.words" for name in DATE_STYLE_FIELDS},
        "Actor.kind": "vocabulary.ids",  # renamed with the kinds
        "Event.status": "vocabulary.ids",
        "Offer.status": "vocabulary.ids",
        "Citation.quote": "citations.quote",
        "Citation.speaker_name": "citations.speaker_name",
        "Citation.relayed_by": "citations.relayed_by",
        "Basis.editorial": "offers.basis.editorial",
        "Point.text": "article.what_to_know",
        "Point.editorial": "article.what_to_know.editorial",
        "SourceNote.note": "sources.notes.note",
        "SourceNote.evidence": "sources.notes.evidence",
        "SourceNote.as_written": "sources.notes.as_written",
        "Claim.statement": "offers.terms.claims.statement",
        "Cell.answer": "offers.terms.answer",
        "Role.title": "actors.roles.title",
        "Actor.name": "actors.name",
        "Actor.description": "actors.description",
        "Actor.short_name": "actors.short_name",
        "Actor.aliases": "actors.aliases",
        "DateResolution.wording": "events.date_resolution.wording",
        "DateResolution.note": "events.date_resolution.note",
        "Event.title": "events.title",
        "Event.summary": "events.summary",
        "Dimension.label": "dimensions.label",
        "Dimension.question": "dimensions.question",
        "Offer.system": "offers.system",
        "Offer.summary": "offers.summary",
        "Offer.basis": "offers.basis.editorial",
        "Exclusion.reason": "sources.exclude.reason",
        "Exclusion.text": "sources.exclude.text",
        "Exclusion.lines": None,  # a line range, checked by `explainer check`
        "Source.title": "sources.title",
        "Source.publisher": "sources.publisher",
        "Source.author": "sources.author",
        "Source.url": "sources.url",
        "Source.file": None,  # a file name in seeds/, never shown as markup
        "Source.date_reasoning": "sources.date_reasoning",
        "Source.relays": "sources.relays",
        "Dispute.about": "offers.disputes.about",
        "Side.who": "offers.disputes.sides.who",
        "PageText.title": "site.pages.timeline.title",
        "PageText.description": "site.pages.timeline.description",
        "PageText.intro": "site.pages.timeline.intro",
        "PageText.basis": "site.basis.editorial",  # with the site's own
        "Publisher.name": "site.publisher.name",
        "Publisher.url": "site.publisher.url",
        "Correction.text": "site.corrections.text",
        "Site.title": "site.title",
        "Site.description": "site.description",
        "Site.language": "site.language",
        "Site.base_url": "site.base_url",
        "Site.home_label": "site.home_label",
        "Site.basis": "site.basis.editorial",
        "ArticleMeta.title": "article.title",
        "ArticleMeta.description": "article.description",
        "ArticleMeta.standfirst": "article.standfirst",
        "ArticleMeta.basis": "article.basis.editorial",
        "Article.body": "article.body",
        "Article.shown_path": None,  # set by the loader
        "Story.source_texts": None,  # the seeds, read by the loader
        "Story.markdown_texts": None,  # collected by the loader
        "Story.quote_spans": None,  # found by the loader
        "Story.images": None,  # the article's pictures, read by the loader
        "Image.path": None,  # a picture's file, checked before it is read (test_images.py)
    }
    assert {"Event.summary", "Site.title", "Citation.quote"} <= written  # the model was found
    assert written <= set(covered), f"fields without a setter: {sorted(written - set(covered))}"
    assert set(covered) <= written, f"no longer in the model: {sorted(set(covered) - written)}"
    assert {name for name in covered.values() if name} <= set(FIELD_NAMES)


def theme_drawing(name: str, attrs: dict[str, str | None]) -> bool:
    """Whether an element is one of the theme's drawing's, as the theme writes it."""
    return any(name == tag and attrs.get(key) == value for tag, key, value in THEME_DRAWING)


def test_templates_use_no_dangerous_markup() -> None:
    tags, attributes = template_vocabulary(REPO / "templates", REPO / "generator")
    assert tags, "no templates found"
    drawing = {tag for tag, _key, _value in THEME_DRAWING}
    assert not tags & FORBIDDEN_TAGS - drawing, sorted(tags & FORBIDDEN_TAGS - drawing)
    # The drawing's elements are written by its own partial alone, as THEME_DRAWING says.
    for template in sorted((REPO / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        written = {tag for tag in drawing if f"<{tag} " in text or f"<{tag}>" in text}
        if template.name != "overview.html":
            assert not written, (template, written)
        for tag, key, value in THEME_DRAWING:
            assert text.count(f"<{tag} ") == text.count(f'<{tag} {key}="{value}"'), template
    assert not [a for a in attributes if a.startswith("on")]
    assert "script" in tags  # the JSON-LD, checked on every page


SEVERITY = ("script", "event-handler", "javascript:", "vbscript:", "data:", "<", "unexpected")


def severity(problem: Problem) -> int:
    return next((i for i, word in enumerate(SEVERITY) if word in problem.kind), len(SEVERITY))


def report(tally: Tally, elapsed: float) -> str:
    never = sorted(set(FIELD_NAMES) - set(tally.covered))
    lines = [
        "",
        f"XSS: {len(PAYLOADS)} payloads, {len(VARIANTS)} ways in, {len(FIELDS)} fields; "
        f"{tally.builds} builds in {elapsed:.1f} s",
        f"  (payload, field) pairs built and checked: {sum(tally.covered.values())}; "
        f"fields built at least once: {len(tally.covered)}/{len(FIELDS)}"
        + (f" (never: {', '.join(never)})" if never else ""),
        f"  refused by validation: {sum(tally.refused.values())} (payload, field) pairs",
    ]
    lines += [
        f"    {name}: {count} payloads, e.g. {tally.refused_example[name]}"
        for name, count in sorted(tally.refused.items())
    ]
    lines.append(f"  holes: {len(tally.holes)}; broken builds: {len(tally.broken)}")
    for (variant, fields), found in sorted(tally.holes.items()):
        kinds = Counter(problem.kind for _, problem in found)
        pages = sorted({problem.where for _, problem in found})
        found = sorted(found, key=lambda item: severity(item[1]))
        lines.append(
            f"    [{variant}] {' + '.join(fields)}: {len({p for p, _ in found})} payloads, "
            f"on {', '.join(pages)}"
        )
        lines.append(f"      kinds: {', '.join(f'{k} ({n})' for k, n in kinds.most_common(6))}")
        shown: set[str] = set()
        for payload, problem in found:
            if len(shown) == 3:
                break
            if payload not in shown:
                shown.add(payload)
                lines.append(f"      e.g. {payload!r}\n        -> {problem.detail}")
    lines += [f"    broken: {clip(b, 300)}" for b in tally.broken[:10]]
    notes: dict[str, list[str]] = defaultdict(list)
    for note in tally.notes:
        notes[note.partition(":")[0]].append(note.partition(":")[2].strip())
    for head, examples in sorted(notes.items()):
        lines.append(f"  note, not a failure: {head}: {len(examples)} builds, e.g. {examples[0]}")
    return "\n".join(lines)


BAD_PAGE = """<!doctype html><html><head><title>t</title>
<script type="application/ld+json">{"a": "<b>"}</script><script>alert(1)</script>
<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://e.example/">
</head><body><!-- x --><p onclick="x()">p</p><a href="jav&#x09;ascript:alert(1)">a</a>
<a href=" &#1;JaVaScRiPt:x">b</a><q cite="vbscript:x">q</q><iframe srcdoc="x"></iframe>
<svg><set attributeName="href" to="javascript:x"/></svg><span style="x">s</span>
<form action="data:text/html,x"></form><p>{{ 7*7 }} is 49</p></body></html>"""


def test_the_checks_see_what_they_must(tmp_path: Path) -> None:
    """The page checks themselves: a page with every kind of hole fails each check."""
    page = tmp_path / "bad.html"
    page.write_text(BAD_PAGE, encoding="utf-8")
    tags, attributes = template_vocabulary(REPO / "templates", REPO / "generator")
    rules = Rules(frozenset(tags | MARKDOWN_TAGS), frozenset(attributes | MARKDOWN_ATTRIBUTES), "")
    kinds = {problem.kind for problem in page_problems(read_page(page), rules, "bad.html")}
    assert kinds >= {
        "script element",
        "raw '<' in JSON-LD",
        "meta http-equiv",
        "<base> element",
        "comment or declaration from content",
        "event-handler attribute",
        "javascript: URL in href",
        "vbscript: URL in cite",
        "<iframe> element",
        "srcdoc URL in srcdoc",
        "<svg> element",
        "<set> element",
        "unexpected attribute 'style'",
        "<form> element",
        "data: URL in action",
    }, kinds


def test_every_payload_in_every_field(harness: Harness, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    baseline, notes = site_problems(harness.project.site, harness.rules, None, ())
    assert baseline == [] and notes == [], (baseline, notes)
    for _category, payload in PAYLOADS:
        for variant in VARIANTS:
            harness.explore(variant.name, payload, variant.fields, variant.value(payload))
    text = report(harness.tally, time.perf_counter() - started)
    with capsys.disabled():
        print(text)
    assert not harness.tally.holes and not harness.tally.broken, text
