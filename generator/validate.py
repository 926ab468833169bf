"""Build a Story from a content folder, or report every problem in it at once."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from generator.cache import ItemStore, shard_pickles
from generator.chunks import item_places
from generator.convert import (
    INVALID,
    Converter,
    read_document,
    shift_locations,
)
from generator.errors import ContentError, ContentErrors, ErrorList, Location, did_you_mean
from generator.facts import (
    INTERNAL_LINK,
    PAGE_NAMES,
    PAGES,
    Entry,
    Facts,
    facts_of,
    link_kind,
    markdown_fields,
    pairs,
    walk,
)
from generator.limits import MAX_FILE_BYTES
from generator.load import (
    deep_layout,
    display_path,
    load_markdown_file,
    parse_yaml,
    read_text,
    structural_problems,
    structure_vouched_for,
)
from generator.markdown_render import markdown_html
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
from generator.parallel import batches, fork_map
from generator.quote_worker import QuoteWorker
from generator.quotes import QuoteJob, Spans, find_quotes
from generator.timings import stage

YAML_FILES: dict[str, Any] = {
    "site.yaml": Site,
    "sources.yaml": tuple[Source, ...],
    "actors.yaml": tuple[Actor, ...],
    "events.yaml": tuple[Event, ...],
    "offers.yaml": Offers,
}
ARTICLE_FILE = "article.md"


def load_story(
    content_dir: Path,
    seeds_dir: Path,
    cache: ItemStore | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    workers: int = 1,
    found_quotes: dict[str, tuple[int, int] | None] | None = None,
    markdown: dict[str, str] | None = None,
    items_read: Callable[[Story], None] | None = None,
    cut_ahead: Callable[[], dict[str, ListFile]] | None = None,
) -> Story:
    """Read, validate and cross-check a story; raise ContentErrors listing every problem.

    `cache` maps each list item's text to what it was read as (and its Facts),
    and `found_quotes` where quotes stand in source texts, across builds; large
    files and many quotes are worked through in `workers` processes. Given
    `markdown` (each text's HTML), the Markdown the story shows is rendered into
    it beside the quote search, in the same processes. `items_read`, if given, is
    called with the story once its items are read, before the checks: with its
    items and their keys, not yet its source texts, Markdown or quote spans, nor
    checked against each other. `cut_ahead`, if given, returns the list files as
    cut_list_files cut them (in another process).

    In a cold build of large list files, with a core to spare, the source texts are
    read first, and a QuoteWorker indexes them while the rest is read; the quotes
    are then handed to it (wants_quote_worker, texts_for_worker).
    """
    errors = ErrorList()
    parsed: dict[str, Any] = {}
    reader = ContentReader(
        errors, cache if cache is not None else ItemStore(), max_file_bytes, workers
    )
    early: SourceTexts | None = None
    worker: QuoteWorker | None = None
    try:
        with stage("read content"):
            if wants_quote_worker(content_dir, workers, found_quotes):
                early = texts_for_worker(content_dir, seeds_dir, max_file_bytes)
                worker = QuoteWorker.start(early.texts) if early is not None else None
            # Every list file cut first: then each is read as soon as the one before is
            # (in parallel, when large), with no pause to cut it that would idle a core.
            cut = (
                cut_ahead()
                if cut_ahead is not None
                else cut_list_files(content_dir, max_file_bytes)
            )
            for name, hint in YAML_FILES.items():
                parsed[name] = reader.read(content_dir / name, hint, cut.get(name))
            article = read_article(content_dir / ARTICLE_FILE, errors)
        if cache is not None:
            cache.keep_only(reader.used)
        errors.raise_if_any()
        assert article is not None  # an article that failed to load is an error raised above

        offers_file: Offers = parsed["offers.yaml"]
        story = Story(
            site=parsed["site.yaml"],
            sources=parsed["sources.yaml"],
            actors=parsed["actors.yaml"],
            # By date; the key is the date's fields, as PartialDate orders them, so that
            # the sort compares tuples in C rather than calling PartialDate.__lt__.
            events=tuple(
                sorted(parsed["events.yaml"], key=lambda e: (e.date.year, e.date.month, e.date.day))
            ),
            dimensions=offers_file.dimensions,
            offers=offers_file.offers,
            article=article,
            source_texts={},
            item_keys=reader.keys,
        )
        if items_read is not None:
            items_read(story)
        with stage("checks, quotes and Markdown"):
            facts = story_facts(story, reader.facts)
            if early is not None and early.sources == story.sources:  # read for the worker
                texts = early.texts
                errors.extend(early.errors)
            else:
                texts = read_source_texts(story.sources, seeds_dir, errors)
            shown = {
                str(story.article.body),
                *map(str, chain.from_iterable(f.texts for f in facts)),
            }
            found_quotes = found_quotes if found_quotes is not None else {}
            search = quote_search(facts, texts, found_quotes)
            unrendered = sorted(shown - markdown.keys()) if markdown is not None else []
            spans_found, rendered, cross_errors = find_and_render(
                search, unrendered, workers, partial(cross_check, story, facts), len(facts), worker
            )
            spans = settle_quotes(story, search, spans_found, found_quotes, errors)
            if markdown is not None:
                markdown.update(zip(unrendered, rendered, strict=True))
            errors.extend(cross_errors)  # after the others, as they are reported
    finally:
        if worker is not None:
            worker.stop()  # its answer taken, or a failed build no longer wants it
    errors.raise_if_any()
    return dataclasses.replace(
        story,
        source_texts=texts,
        markdown_texts=frozenset(shown),
        quote_spans=spans,
    )


def wants_quote_worker(
    content_dir: Path, workers: int, found_quotes: dict[str, Any] | None
) -> bool:
    """Whether to start a QuoteWorker before the content is read: with a core to
    spare, for a story of large list files and no quotes found before (a cold
    build), which will look for many quotes."""
    if workers <= 1 or found_quotes:
        return False
    sizes = 0
    for name in list_file_names():
        try:
            sizes += (content_dir / name).stat().st_size
        except OSError:
            pass  # reported when the file is read
    return sizes >= QUOTE_WORKER_BYTES


QUOTE_WORKER_BYTES = 512 * 1024  # of list files: about 600 events or 800 actors


@dataclass(frozen=True)
class SourceTexts:
    """The seed texts of the sources a sources.yaml lists, as read_source_texts read
    them, with the errors it found."""

    sources: tuple[Source, ...]
    texts: dict[str, str]
    errors: list[ContentError]


def texts_for_worker(content_dir: Path, seeds_dir: Path, max_file_bytes: int) -> SourceTexts | None:
    """The sources' texts, read before anything else for the quote worker to index
    while the rest is read. sources.yaml is read on its own for them, its errors
    left for when it is read with the rest (they are then reported in order);
    None if it has errors."""
    sources = ContentReader(ErrorList(), ItemStore(), max_file_bytes).read(
        content_dir / "sources.yaml", YAML_FILES["sources.yaml"]
    )
    if sources is INVALID:
        return None
    errors = ErrorList()
    return SourceTexts(sources, read_source_texts(sources, seeds_dir, errors), errors.items)


def story_facts(story: Story, read: dict[str, Facts]) -> list[Facts]:
    """The facts of every part of a story: those of the list items read one by one
    (`read`, as the reader found them, one per item text), and those of the rest
    (the site, the offers file, the article's front matter, the items of a list
    file read whole), found by walking them now."""
    facts = list(read.values())
    for part in story_parts(story):
        if type(part) is not tuple:
            facts.append(facts_of(part))
        elif part and id(part[0]) not in story.item_keys:  # a file's items: all or none
            facts += map(facts_of, part)
    return facts


class ContentReader:
    """Reads content files; list files item by item, reusing items read before."""

    def __init__(
        self, errors: ErrorList, cache: ItemStore, max_file_bytes: int, workers: int = 1
    ) -> None:
        self.errors = errors
        self.cache = cache
        self.max_file_bytes = max_file_bytes
        self.workers = workers
        self.used: set[str] = set()
        self.keys: dict[int, str] = {}  # id() of each list item read -> its cache key
        self.facts: dict[str, Facts] = {}  # each list item's, by its cache key

    def read(self, path: Path, hint: Any, cut: ListFile | None = None) -> Any:
        """One YAML content file as the given type; INVALID (errors recorded) if it is not.

        `cut`: a list file as cut_list_files found it, read and cut into its items.
        """
        if not path.exists():
            self.errors.add(
                Location(display_path(path)),
                "missing content file",
                f"create {path.name}: every story needs {', '.join(YAML_FILES)} and {ARTICLE_FILE}",
            )
            return INVALID
        shown = display_path(path)
        text = None
        if cut is None:
            text = self.text_of(path)
            if text is None:
                return INVALID
            if typing.get_origin(hint) is tuple:
                cut = cut_list(text, shown, typing.get_args(hint)[0])
        if cut is not None:
            items = self.read_items(shown, cut, typing.get_args(hint)[0])
            if items is not None:
                return items
        text = text if text is not None else self.text_of(path)
        if text is None:
            return INVALID
        try:
            document = parse_yaml(text, shown)
        except ContentErrors as failure:
            self.errors.extend(failure.errors)
            return INVALID
        return read_document(document, hint, self.errors)

    def text_of(self, path: Path) -> str | None:
        """A content file's text; None when it cannot be read (errors recorded)."""
        try:
            return read_text(path, self.max_file_bytes)
        except ContentErrors as failure:
            self.errors.extend(failure.errors)
            return None

    def read_items(self, shown: str, cut: ListFile, item_hint: Any) -> Any:
        """A list file's items, each read on its own or taken from the cache.

        None when an item is not even YAML: the whole file is then read at once, so
        that its errors are exactly those of the file (an item can only be cut out
        of a file that parses). Many items not in the cache are read in parallel.
        """
        keys, first_lines, shallow = cut.keys, cut.first_lines, cut.shallow
        entries = [self.cache.get(key, item_hint, Facts) for key in keys]
        missing = [index for index, entry in enumerate(entries) if entry is None]
        workers = self.workers if len(missing) >= PARALLEL_ITEMS else 1
        # fork_map reads the first batch in this process, which keeps its items as
        # they are (the cache pickles them when it is saved); the others' come back
        # pickled, shard by shard, as the cache keeps them.
        jobs: list[ItemJob] = [
            (
                shown,
                item_hint,
                [(keys[index], first_lines[index], cut.item_text(index)) for index in batch],
                number == 0,
                shallow,
            )
            for number, batch in enumerate(reading_shares(missing, workers))
            if batch
        ]
        failed = False
        for job, batch_read in zip(jobs, fork_map(read_item_batch, jobs, workers), strict=True):
            if batch_read is None:
                return None
            read, item_errors, pickles = batch_read
            if job[3]:  # read in this process
                self.cache.add_read(read)
            else:
                for data in pickles.values():
                    read.update(pickle.loads(data))
                self.cache.add_read(read, pickles)
            self.errors.extend(item_errors)
            failed = failed or bool(item_errors)
        if failed:
            return INVALID
        for index in missing:
            entries[index] = self.cache.get(keys[index], item_hint, Facts)
        items = []
        for line, key, entry in zip(first_lines, keys, entries, strict=True):
            assert entry is not None
            first_line, item, facts = entry
            if key in self.used:  # the same text again: this one needs its own location
                first_line, item = self.cache.copy_of(key)
            if first_line != line:  # the item moved within its file
                shift_locations(item, line - first_line)
                if key not in self.used:
                    self.cache.put(key, line, item, facts)
            self.used.add(key)
            self.facts[key] = facts
            self.keys[id(item)] = key
            items.append(item)
        return tuple(items)


class ListFile(NamedTuple):
    """A list file cut into its items (chunks.item_places): its text, where each item
    starts and ends in it, the line it starts on and its cache key, and whether the
    file's layout is shallow (load.deep_layout, looked at once for the whole file
    rather than item by item; each item's brackets are still counted:
    load.parse_yaml).

    Items are kept as places in the text rather than texts of their own: cut by
    another process (cut_list_files), one text crosses between the processes
    faster than ten thousand, and only the items not in the cache are wanted.
    """

    text: str
    starts: list[int]
    ends: list[int]
    first_lines: list[int]
    keys: list[str]
    shallow: bool

    def item_text(self, index: int) -> str:
        """The text of the item at `index`."""
        return self.text[self.starts[index] : self.ends[index]]


def cut_list(text: str, shown: str, item_hint: Any) -> ListFile | None:
    """A list file's text cut into its items; None if it is not a block list."""
    places = item_places(text)
    if places is None:
        return None
    starts, ends, first_lines = places
    keys = item_keys(shown, item_hint, map(text.__getitem__, map(slice, starts, ends)))
    return ListFile(text, starts, ends, first_lines, keys, not deep_layout(text))


def list_file_names() -> list[str]:
    """The content files that hold a list of items, each of which can be read alone."""
    return [name for name, hint in YAML_FILES.items() if typing.get_origin(hint) is tuple]


def cut_list_files(content_dir: Path, max_file_bytes: int) -> dict[str, ListFile]:
    """Each list file of a content folder read and cut into its items, by file name.

    Done by a process of its own while the building process loads the cache
    (build.start_cutting): it needs neither; else by the reader, first. A file
    that cannot be read, or is not a block list, is left out: the reader then
    reads it itself, and reports its problems.
    """
    cut: dict[str, ListFile] = {}
    for name in list_file_names():
        hint = YAML_FILES[name]
        path = content_dir / name
        try:
            text = read_text(path, max_file_bytes)
        except ContentErrors:
            continue
        listed = cut_list(text, display_path(path), typing.get_args(hint)[0])
        if listed is not None:
            cut[name] = listed
    return cut


PARALLEL_ITEMS = 1000  # below this many items to read, starting processes costs more than it saves
PICKLING_COST = 0.17  # pickling an item to send it back, against reading it (parse and convert)


def reading_shares(missing: list[int], workers: int) -> list[Sequence[int]]:
    """The items to read in each of `workers` processes, this one's first: the
    others also pickle what they read (PICKLING_COST more each), so this one takes
    more, for all to finish together."""
    if workers <= 1:
        return [missing]
    head = round(len(missing) * (1 + PICKLING_COST) / (workers + PICKLING_COST))
    return [missing[:head], *batches(missing[head:], workers - 1)]


# (the file as shown, the item type, each item's (key, first line, text), whether
# to keep the items as objects: read in the building process, whether the file is
# known not to nest deeply)
ItemJob = tuple[str, Any, list[tuple[str, int, str]], bool, bool]
# (key -> (first line, item, its facts) for each item read, the errors of the
# others, the items read pickled shard by shard)
BatchRead = tuple[dict[str, tuple[int, Any, Facts]], list[ContentError], dict[int, bytes]]


def read_item_batch(job: ItemJob) -> BatchRead | None:
    """Read a run of list items of one file; None when one of them is not YAML.

    Runs in a worker process for large files: the items read go back to the
    building process only pickled (by cache.shard_pickles, as the cache keeps them),
    not as objects. The building process keeps the items it read itself (`keep`),
    unpickled.
    """
    shown, item_hint, items, keep, shallow = job
    read: dict[str, tuple[int, Any, Facts]] = {}
    errors: list[ContentError] = []
    for key, first_line, text in items:
        item_errors = ErrorList()
        vouched = structure_vouched_for(text)
        try:
            document = parse_yaml(
                text, shown, first_line - 1, shallow=shallow, check_structure=not vouched
            )
        except ContentErrors:
            return None
        assert isinstance(document.root, yaml.SequenceNode) and len(document.root.value) == 1
        converter = Converter(document, item_errors)
        item = converter.read(document.root.value[0], item_hint, {})
        if (
            vouched
            and (item_errors.items or converter.repeated_keys)
            and structural_problems(document, document.root)
        ):
            return None  # as parse_yaml would have: the file is read whole
        if item_errors.items:
            errors.extend(item_errors.items)
        else:
            read[key] = (first_line, item, facts_of(item))
    if keep:
        return read, errors, {}
    return {}, errors, shard_pickles(read)


def item_keys(shown: str, hint: Any, texts: Iterable[str]) -> list[str]:
    """The cache key of each of a file's list items: a digest of its file, its type
    and its text (the first two digested once and copied for each item)."""
    start = hashlib.sha256(f"{shown}\0{getattr(hint, '__name__', hint)}\0".encode())
    keys = []
    for text in texts:
        digest = start.copy()
        digest.update(text.encode("utf-8", "surrogatepass"))
        keys.append(digest.hexdigest())
    return keys


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


def cross_check(story: Story, facts: list[Facts]) -> list[ContentError]:
    """What no item shows on its own: unique ids, references and links that resolve,
    periods in order, inferred dates explained.

    Checked on the story's facts first: when they show no problem, there is none.
    Otherwise the whole story is walked to report each problem where it is written.
    """
    dates = ErrorList()
    check_source_dates(story, dates)
    kinds = kinds_of_items(story)
    ids = {kind: {item.id for item in items} for kind, items in kinds.items()}
    unique = all(len(ids[kind]) == len(items) for kind, items in kinds.items())
    if unique and not dates.items and facts_agree(story.article, facts, ids):
        return []
    return full_cross_check(story, walk(story_parts(story)))


def facts_agree(article: Article, facts: list[Facts], ids: dict[str, set[str]]) -> bool:
    """Whether every id the facts (and the article's links) name exists and no
    period is odd: what check_references, check_internal_links and check_periods
    would find no fault with."""
    if any(part.odd_periods for part in facts):
        return False
    named = set(pairs(chain.from_iterable(part.names for part in facts)))
    for match in INTERNAL_LINK.finditer(article.body):
        named.add((link_kind(match.group(1)), match.group(2)))
    known = {**ids, PAGES: set(PAGE_NAMES)}
    return all(name in known[kind] for kind, name in named)


def full_cross_check(story: Story, entries: list[Entry]) -> list[ContentError]:
    """cross_check's problems, each at its place, from every entry of the story."""
    errors = ErrorList()
    ids = check_unique_ids(story, errors)
    check_references(entries, ids, errors)
    check_periods(entries, errors)
    check_source_dates(story, errors)
    check_internal_links(story.article, entries, ids, errors)
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
    }


def check_references(entries: list[Entry], ids: dict[str, set[str]], errors: ErrorList) -> None:
    """Every id a field names must exist, with the closest id suggested when not."""
    for owner, f, value in entries:
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
    for match in INTERNAL_LINK.finditer(article.body):
        line = article.body.count("\n", 0, match.start()) + article.body_first_line
        column = match.start() - (article.body.rfind("\n", 0, match.start()) + 1) + 1
        check_link(match, Location(article.shown_path, line, column), ids, errors)
    for owner, f, text in markdown_fields(entries):
        for match in INTERNAL_LINK.finditer(text):
            check_link(match, owner.where.at(f.name), ids, errors)


def check_link(
    match: re.Match[str], where: Location, ids: dict[str, set[str]], errors: ErrorList
) -> None:
    """Check one internal link's target."""
    scheme, target = match.group(1), match.group(2)
    known = set(PAGE_NAMES) if scheme == "page" else ids[link_kind(scheme)]
    if target not in known:
        errors.add(where, f"link to unknown {scheme} '{target}'", did_you_mean(target, known))


def read_source_texts(
    sources: Sequence[Source], seeds_dir: Path, errors: ErrorList
) -> dict[str, str]:
    """Read each source's seed file, which must lie inside the seeds folder."""
    texts: dict[str, str] = {}
    root = seeds_dir.resolve()
    for source in sources:
        where = source.where.at("file")
        try:
            path = (seeds_dir / source.file).resolve()
            outside = not path.is_relative_to(root) or Path(source.file).is_absolute()
            found = not outside and path.is_file()
        except (OSError, ValueError) as error:  # a name too long, a NUL byte, a loop
            errors.add(where, f"source file '{source.file}' cannot be opened: {error}")
            continue
        if outside:
            errors.add(
                where,
                f"source file '{source.file}' is outside the seeds folder",
                "name a file inside seeds/, e.g. 'article.txt'",
            )
            continue
        if not found:
            present = [p.name for p in root.glob("*") if p.is_file()] if root.is_dir() else []
            errors.add(
                where,
                f"source file '{source.file}' not found in {display_path(seeds_dir)}",
                did_you_mean(source.file, present),
            )
            continue
        try:
            texts[source.id] = read_text(path)
        except ContentErrors as failure:
            errors.extend(failure.errors)
    return texts


@dataclass(frozen=True)
class QuoteSearch:
    """Each (source id, quote) cited from a source that could be read, with the key
    its place is kept under, and the quotes to look for (a job for find_quotes per
    source)."""

    wanted: dict[tuple[str, str], str]
    jobs: list[QuoteJob]

    def count(self) -> int:
        """How many quotes are to be looked for."""
        return sum(len(quotes) for _source, _text, quotes in self.jobs)


def quote_search(
    facts: list[Facts], texts: dict[str, str], found: dict[str, tuple[int, int] | None]
) -> QuoteSearch:
    """What checking the quotes involves: `found` remembers, across builds, where a
    quote stands in a source text (keyed by the text's digest and the quote), so
    only new quotes are looked for."""
    digests = {source_id: text_digest(text) for source_id, text in texts.items()}
    cited = dict.fromkeys(pairs(chain.from_iterable(part.quotes for part in facts)))
    # An unknown or unreadable source is reported already.
    wanted = {pair: f"{digests[pair[0]]}\0{pair[1]}" for pair in cited if pair[0] in digests}
    missing: dict[str, list[str]] = {}
    for (source_id, quote), key in wanted.items():
        if key not in found:
            missing.setdefault(source_id, []).append(quote)
    jobs: list[QuoteJob] = [
        (source_id, texts[source_id], quotes) for source_id, quotes in missing.items()
    ]
    return QuoteSearch(wanted, jobs)


def text_digest(text: str) -> str:
    """The digest of a source text, in the keys of where its quotes stand."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def settle_quotes(
    story: Story,
    search: QuoteSearch,
    results: list[Spans],
    found: dict[str, tuple[int, int] | None],
    errors: ErrorList,
) -> dict[tuple[str, str], tuple[int, int]]:
    """Record where the quotes looked for stand (`results`, one list per job), report
    each citation whose quote is not in its source, and return where every quote
    stands."""
    for (source_id, _text, quotes), spans in zip(search.jobs, results, strict=True):
        for quote, span in zip(quotes, spans, strict=True):
            found[search.wanted[(source_id, quote)]] = span
    for key in found.keys() - search.wanted.values():
        del found[key]  # quotes no longer in the story
    located: dict[tuple[str, str], tuple[int, int]] = {}
    not_found: set[tuple[str, str]] = set()
    for pair, key in search.wanted.items():
        span = found[key]
        if span is None:
            not_found.add(pair)
        else:
            located[pair] = span
    if not_found:
        report_quotes_not_found(story, not_found, errors)
    return located


def report_quotes_not_found(
    story: Story, not_found: set[tuple[str, str]], errors: ErrorList
) -> None:
    """An error at each citation whose (source, quote) is among `not_found`."""
    titles = {source.id: source.file for source in story.sources}
    for _owner, f, value in walk(story_parts(story)):
        if f.name != "citations":
            continue
        for citation in value:
            if (citation.source, citation.quote) in not_found:
                errors.add(
                    citation.where.at("quote"),
                    f"quote not found in source '{citation.source}' "
                    f'({titles[citation.source]}): "{" ".join(citation.quote.split())}"',
                    "copy the passage from the source word for word",
                )


def find_and_render(
    search: QuoteSearch,
    unrendered: list[str],
    workers: int,
    checks: Callable[[], list[ContentError]] = list,
    parts: int = 0,
    quote_worker: QuoteWorker | None = None,
) -> tuple[list[Spans], list[str], list[ContentError]]:
    """Where the searched quotes stand (a list per job of the search), the HTML of the
    unrendered Markdown texts, and the errors `checks` finds (the cross-checks of a
    story of so many `parts`): independent pieces of work, shared out together over
    `workers` processes by what each is estimated to cost, so that the processes
    finish together (one fork, not one per kind of work).

    Given a `quote_worker` (started before the items were read, to index the
    source texts meanwhile), the quotes are handed to it, and the rest is shared
    out over the other processes.
    """
    if quote_worker is not None:
        quote_worker.find(search.jobs)
        rest = QuoteSearch(search.wanted, [])
        _none, rendered, errors = find_and_render(rest, unrendered, workers - 1, checks, parts)
        return quote_worker.spans(), rendered, errors
    markdown_runs = batches(unrendered, MARKDOWN_RUNS) if unrendered else []
    markdown_costs = [MARKDOWN_COST * len(run) for run in markdown_runs]
    source_costs = [search_cost(text, quotes) for _s, text, quotes in search.jobs]
    other_costs = sum(markdown_costs) + CHECK_COST * parts
    parallel = workers if sum(source_costs) + other_costs >= PARALLEL_COST else 1
    runs = quote_runs(search.jobs, source_costs, other_costs, parallel)
    # The Markdown first, in this process's share: its HTML, the largest of the
    # results, then stays where it is wanted rather than being pickled; and its
    # runs, many and small, let the shares end where their costs are even.
    jobs: list[tuple[str, Any]] = [
        *(("markdown", run) for run in markdown_runs),
        *(("quotes", run) for _number, run in runs),
        ("call", checks),  # last: in the other process's share when there is one
    ]
    costs = [
        *markdown_costs,
        *(search_cost(run[1], run[2]) for _number, run in runs),
        CHECK_COST * parts,
    ]
    results = fork_map(run_job, jobs, parallel, costs=costs)
    rendered = [html for texts in results[: len(markdown_runs)] for html in texts]
    spans: list[Spans] = [[] for _job in search.jobs]
    for (number, _run), found in zip(runs, results[len(markdown_runs) : -1], strict=True):
        spans[number] += found
    return spans, rendered, results[-1]


def search_cost(text: str, quotes: Sequence[str]) -> float:
    """The estimated cost of looking for quotes in a source text, indexing it included."""
    return INDEX_COST * len(text) + QUOTE_COST * len(quotes)


def quote_runs(
    jobs: Sequence[QuoteJob], costs: Sequence[float], other_cost: float, processes: int
) -> list[tuple[int, QuoteJob]]:
    """The quote jobs (one per source, of the estimated `costs`) as they are shared
    out over `processes` beside other work of `other_cost`: each with the number of
    the job it is part of. A source's quotes are looked for in one process, which
    indexes its text once; they are cut into runs for several only when they are
    more than a process's share of all the work."""
    share = (sum(costs) + other_cost) / processes
    runs: list[tuple[int, QuoteJob]] = []
    for number, ((source_id, text, quotes), cost) in enumerate(zip(jobs, costs, strict=True)):
        count = math.ceil(cost / share) if processes > 1 else 1
        runs += [(number, (source_id, text, run)) for run in batches(quotes, count)]
    return runs


# Estimated costs in microseconds, measured at 10,000 events: only their proportions
# and whether they add up to PARALLEL_COST matter.
INDEX_COST = 0.15  # per character of a source text indexed
QUOTE_COST = 12  # per quote looked for
MARKDOWN_COST = 21  # per Markdown text rendered
CHECK_COST = 2  # per part of the story (an item, mostly) cross-checked
PARALLEL_COST = 100_000  # below this, forking costs more than it saves
MARKDOWN_RUNS = 16  # the Markdown texts in runs this many: a share ends between two


def run_job(job: tuple[str, Any]) -> Any:
    """One job of find_and_render (in whichever process fork_map gives it to)."""
    kind, work = job
    if kind == "quotes":
        return find_quotes(work)
    if kind == "call":
        return work()
    return [markdown_html(text) for text in work]
