"""The build cache: what a build may reuse from earlier builds.

On disk it is a folder beside the content, `.explainer-cache`, safe to delete at
any time. Every entry is keyed by what it was made from and by a fingerprint of
the generator's own code and libraries, so a stale entry is never found, only
ignored. A file that cannot be read back whole (truncated, corrupt, written by
another version) is treated as missing and rewritten.
A cache without a folder lives in memory only: the preview server keeps one for
its lifetime, `explainer check` uses one for a single run and writes nothing.
"""

from __future__ import annotations

import copyreg
import hashlib
import importlib.util
import io
import os
import pickle
import re
import shutil
import tempfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from pathlib import Path
from typing import Any, AnyStr, BinaryIO, cast

import jinja2

ITEMS_FILE = "parsed.pickle"  # the list items read (ItemStore)
STORE_NAMES = ("markdown", "quotes", "json")  # BuildCache's stores besides the items
_MAGIC = b"explainer-cache-2\n"
# Each file's payload is checked with a CRC-32, written as 4 bytes after the magic.
# It finds a file cut short or overwritten in part (all but one in four billion
# random damages), which is what a cache on the editor's own disk meets; a
# cryptographic digest would take three times as long over the tens of megabytes
# a large story's build reads back.
CHECK_BYTES = 4


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A digest of the generator's source and the versions of the libraries it renders with.

    Any change to the code (not only a version bump) gives new cache keys.
    """
    import yaml

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for version in (jinja2.__version__, yaml.__version__, markdown_version()):
        digest.update(version.encode() + b"\0")
    return digest.hexdigest()[:16]


def markdown_version() -> str:
    """Python-Markdown's version file, read without importing the library (it is slow
    to import, and most builds never need it)."""
    spec = importlib.util.find_spec("markdown")
    if spec is None or spec.origin is None:
        return "none"
    try:
        return (Path(spec.origin).parent / "__meta__.py").read_text(encoding="utf-8")
    except OSError:
        return spec.origin


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for a process that renders many times."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class BuildCache:
    """What builds reuse: compiled templates, rendered Markdown, the list items read,
    and where each quote stands in its source."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / generator_fingerprint() if folder is not None else None
        if folder is not None:
            forget_other_versions(folder, generator_fingerprint())
        self.templates: jinja2.BytecodeCache = MemoryBytecodeCache()
        if self.folder is not None and make_folder(self.folder / "templates"):
            self.templates = jinja2.FileSystemBytecodeCache(str(self.folder / "templates"))
        self.shards: dict[str, Shards] = {}
        self.markdown: dict[str, str] = self.load("markdown")
        self.parsed = ItemStore(self.folder / ITEMS_FILE if self.folder is not None else None)
        self.quotes: dict[str, tuple[int, int] | None] = self.load("quotes")
        self.json_lines: dict[str, bytes] = self.load("json")  # export.story_json's
        self.saved_keys = {
            "markdown": set(self.markdown),
            "quotes": set(self.quotes),
            "json": set(self.json_lines),
        }
        pieces_folder = self.folder / "pieces" if self.folder is not None else None
        if pieces_folder is not None and not make_folder(pieces_folder):
            pieces_folder = None
        self.pieces = PieceCache(pieces_folder)
        # Stores saved by another process (build.start_export: the JSON lines); the
        # item store has a flag of its own.
        self.saved_elsewhere: set[str] = set()
        self.offered: Callable[[], None] | None = None  # see offered_beside

    @staticmethod
    def has_items(folder: Path) -> bool:
        """Whether a cache folder holds list items read by this version's earlier builds."""
        return (folder / generator_fingerprint() / ITEMS_FILE).is_file()

    def load(self, name: str) -> dict[str, Any]:
        """A store saved by earlier builds (empty when there is none to trust)."""
        if self.folder is None:
            return {}
        self.shards[name] = Shards(self.folder / f"{name}.pickle")
        return self.shards[name].load()

    def save(self, name: str, value: dict[str, Any], changed: AbstractSet[str]) -> None:
        """Store a store whose `changed` keys were added, dropped or given another
        value since it was loaded; a cache that cannot be written is skipped."""
        if self.folder is not None:
            self.shards.setdefault(name, Shards(self.folder / f"{name}.pickle")).save(
                value, changed
            )

    def put_away_parsed(self) -> None:
        """Once the story is whole: let go of the pickles of the items read (tens of
        megabytes for a large story, which the rest of the build does not need) when
        another process saves them (build.start_export); else they are saved with
        the rest of the cache (finish, or save_beside in a page worker)."""
        if self.folder is not None and self.parsed.saved_elsewhere:
            self.parsed = ItemStore()

    def save_beside(self, markdown_texts: AbstractSet[str]) -> None:
        """Save the Markdown, the quotes and the items read (but what another process
        saves): in a process that renders pages beside this one once it has sent them
        back, or in this one once the site is written, whichever comes to it first
        (build.render_pages: this process then calls offered_beside)."""
        self.save_stores(markdown_texts, ("markdown", "quotes"))
        self.parsed.save()

    def offered_beside(self, save: Callable[[], None]) -> None:
        """Leave the Markdown, the quotes and the items read to `save` (save_beside, if
        this process comes to it before a page worker does), called by
        save_what_was_offered once the site is written, rather than to finish.

        The items' pickles are kept: letting go of them after the fork would write to
        the pages it shares with the worker, copying them (0.05 s at 10,000 events)."""
        self.offered = save

    def save_what_was_offered(self) -> None:
        """Run what offered_beside was given, if anything."""
        offered, self.offered = self.offered, None
        if offered is not None:
            offered()

    def finish(self, markdown_texts: AbstractSet[str]) -> None:
        """Save what changed: the stores (save_stores) and the items read, but what
        another process saves, or what was offered to a page worker (offered_beside)."""
        if self.offered is not None:
            self.save_stores(markdown_texts, ("json",))
            return
        self.save_stores(markdown_texts)
        self.parsed.save()

    def leave_json_and_items_to_another_process(self) -> None:
        """Save neither the JSON lines nor the items read here: a process forked from
        this one does, with save_json_and_items (build.start_export)."""
        self.saved_elsewhere.add("json")
        self.parsed.saved_elsewhere = True

    def save_json_and_items(self) -> None:
        """Save the JSON lines and the items read, in the process that does it for
        another (see leave_json_and_items_to_another_process)."""
        self.save_store("json", self.json_lines)
        self.parsed.save()

    def save_stores(
        self, markdown_texts: AbstractSet[str], names: Sequence[str] = STORE_NAMES
    ) -> None:
        """Keep only the Markdown the story of this build uses, and save those of the
        stores named (Markdown, quotes, JSON lines) that changed, but those another
        process saves.

        The quotes were trimmed to the story's own when they were checked, the JSON
        lines to the story's items when the export was made.
        """
        for text in set(self.markdown) - markdown_texts:
            del self.markdown[text]
        stores: dict[str, dict[str, Any]] = {
            "markdown": self.markdown,
            "quotes": self.quotes,
            "json": self.json_lines,
        }
        for name in names:
            if name not in self.saved_elsewhere:
                self.save_store(name, stores[name])

    def save_store(self, name: str, store: dict[str, Any]) -> None:
        """Save one of the stores of Markdown, quotes and JSON lines, if it changed."""
        # A key's value never changes (it names what the value is made from): what
        # changed is the keys added and dropped.
        changed = store.keys() ^ self.saved_keys[name]
        if changed:
            self.save(name, store, changed)
            self.saved_keys[name] = set(store)


class ItemStore:
    """List items read by earlier builds: key -> (first line, item, its facts.Facts).

    Its entries are cut into SHARDS shards by key, and each shard is kept as
    pickles of dicts of its entries (`parts`): the process that reads items
    pickles them that way, shard by shard, to send them back or to store them,
    and those pickles go into the cache as they are. A pickle of many items
    loads in half the time the same items take pickled one by one (their file
    and field names are shared), and a warm build loads them all. A shard whose
    entries changed is pickled again as one part when the store is saved.

    On disk it is one file, or one per shard once it holds ENTRIES_PER_SHARD
    entries. A store without a folder (the preview server's) keeps no pickles.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.items: dict[str, tuple[int, Any, Any]] = {}
        self.parts: dict[int, list[bytes]] = {}  # shard -> pickles of some of its entries
        self.unsaved: set[int] = set()  # shards to pickle again from `items`
        self.grown: set[int] = set()  # shards with parts not yet on disk
        self.pending: dict[str, tuple[int, Any, Any]] = {}  # items read, to pickle when saved
        self.saved_elsewhere = False  # by another process: saving here does nothing
        self.files = 1
        self.index = ShardIndex(SHARDS)
        if path is not None:
            self.load()

    def __len__(self) -> int:
        return len(self.items)

    @property
    def keeps_pickles(self) -> bool:
        """Whether items read are to be stored pickled (the store is on disk)."""
        return self.path is not None

    def get(
        self, key: str, item_type: type, facts_type: type = tuple
    ) -> tuple[int, Any, Any] | None:
        """(first line, item, facts) stored under the key, or None (also for a damaged
        entry, or one whose item or facts are not of the types given)."""
        entry = self.items.get(key)
        if not isinstance(entry, tuple) or len(entry) != 3 or not isinstance(entry[0], int):
            return None
        return (
            entry if isinstance(entry[1], item_type) and isinstance(entry[2], facts_type) else None
        )

    def copy_of(self, key: str) -> tuple[int, Any]:
        """A new copy of a stored item, with the first line it was stored at."""
        first_line, item, _facts = pickle.loads(pickle.dumps(self.items[key]))
        return first_line, item

    def put(self, key: str, first_line: int, item: Any, facts: Any) -> None:
        """Store an item read at first_line, with its facts."""
        self.items[key] = (first_line, item, facts)
        self.unsaved.add(shard_of(key, SHARDS))

    def add_read(
        self, entries: dict[str, tuple[int, Any, Any]], pickles: dict[int, bytes] | None = None
    ) -> None:
        """Store items read, with the pickles of them made by shard_pickles, if given;
        else they are pickled so when the store is saved (by whichever process saves
        it: the one that read them need not)."""
        self.items.update(entries)
        if not self.keeps_pickles:
            return
        if pickles is None:
            self.pending.update(entries)
            return
        self.add_parts(pickles)

    def add_parts(self, pickles: dict[int, bytes]) -> None:
        """Keep pickles of some of a shard's entries, as parts of the shard."""
        for shard, data in pickles.items():
            parts = self.parts.setdefault(shard, [])
            parts.append(data)
            self.grown.add(shard)
            if len(parts) > MAX_PARTS:  # many small additions: one part again
                self.unsaved.add(shard)

    def keep_only(self, keys: set[str]) -> None:
        """Forget the items not among `keys` (no longer in the story)."""
        for key in self.items.keys() - keys:
            del self.items[key]
            self.pending.pop(key, None)
            self.unsaved.add(shard_of(key, SHARDS))

    def load(self) -> None:
        """Read the store's files; a file or part that cannot be read is missing."""
        assert self.path is not None
        first = read_entry(self.path)
        if not isinstance(first, dict) or not isinstance(first.get("files"), int):
            return
        self.files = first["files"]
        contents = [first] + [read_entry(numbered_path(self.path, n)) for n in range(1, self.files)]
        for content in contents:
            parts = content.get("parts") if isinstance(content, dict) else None
            if not isinstance(parts, dict):
                continue
            for shard, datas in parts.items():
                if not isinstance(shard, int) or not 0 <= shard < SHARDS:
                    continue
                for data in datas if isinstance(datas, list) else ():
                    try:
                        entries = pickle.loads(data)
                    except Exception:  # a damaged part is simply missing
                        continue
                    if isinstance(entries, dict):
                        self.items.update(entries)
                        self.parts.setdefault(shard, []).append(data)
                        self.index.note(shard, entries)

    def save(self) -> None:
        """Write the files holding a shard changed since the store was loaded or saved
        (all of them when their number changes); a cache that cannot be written is
        skipped."""
        if self.path is None or self.saved_elsewhere:
            return
        if self.pending:  # an unsaved shard is pickled whole below: its pending need not be
            self.add_parts(
                shard_pickles(
                    {
                        k: v
                        for k, v in self.pending.items()
                        if shard_of(k, SHARDS) not in self.unsaved
                    }
                )
            )
            self.pending = {}
        files = file_count(len(self.items))
        if files == self.files and not self.unsaved and not self.grown:
            return
        for shard, entries in self.index.split(self.items, self.unsaved).items():
            self.parts[shard] = (
                [pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)] if entries else []
            )
        changed = self.unsaved | self.grown
        dirty = range(files) if files != self.files else {shard % files for shard in changed}
        for number in dirty:
            content: dict[str, Any] = {
                "parts": {s: p for s, p in self.parts.items() if s % files == number and p}
            }
            if number == 0:
                content["files"] = files
            write_entry(numbered_path(self.path, number), content)
        self.files, self.unsaved, self.grown = files, set(), set()


MAX_PARTS = 8  # pickles a shard may be kept in before they are made one


class ShardIndex:
    """Which keys each shard of a store holds, as it was last loaded or saved, so that
    writing a few shards again does not work out the shard of every key (a checksum
    of each: 10,000 keys take 5 ms, and a warm build saves a dozen such stores)."""

    def __init__(self, shards: int) -> None:
        self.shards = shards
        self.members: dict[int, set[str]] = {}
        self.known: set[str] = set()  # the keys in any shard's members

    def note(self, shard: int, keys: Iterable[str]) -> None:
        """Record that a shard holds these keys."""
        self.members.setdefault(shard, set()).update(keys)
        self.known.update(keys)

    def split(self, entries: dict[str, Any], shards: AbstractSet[int]) -> dict[int, dict[str, Any]]:
        """The entries of each of `shards`, which now hold those alone.

        A key not yet known is placed by its checksum (every key, when all the shards
        are split; a shard's entries are then in the order given, else in key order).
        The keys a shard held that are no longer among the entries are dropped: a
        key's shard must be among those split when it is dropped (the store's callers
        name it as changed)."""
        split: dict[int, dict[str, Any]] = {}
        if len(shards) == self.shards:  # all of them: every key placed anew, in their order
            split = {shard: {} for shard in range(self.shards)}
            for key, value in entries.items():
                split[shard_of(key, self.shards)][key] = value
            self.members = {shard: set(part) for shard, part in split.items()}
            self.known = set(entries)
            return split
        placed: dict[int, list[str]] = {}
        for key in entries.keys() - self.known:
            placed.setdefault(shard_of(key, self.shards), []).append(key)
        for shard, new_keys in placed.items():
            self.note(shard, new_keys)
        for shard in shards:
            held = self.members.get(shard, set())
            keys = held & entries.keys()
            self.known -= held - keys
            self.members[shard] = keys
            split[shard] = {key: entries[key] for key in sorted(keys)}
        return split


def shard_entries(entries: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The entries of each of SHARDS shards that has any."""
    split: dict[int, dict[str, Any]] = {}
    for key, value in entries.items():
        split.setdefault(shard_of(key, SHARDS), {})[key] = value
    return split


def shard_pickles(entries: dict[str, Any]) -> dict[int, bytes]:
    """Entries pickled shard by shard, as an ItemStore keeps them."""
    return {
        shard: pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        for shard, part in shard_entries(entries).items()
    }


# What else an entry depended on, and its text: HTML as UTF-8 bytes (pieces.py), or
# the JSON of an item's structured data (seo.py).
Piece = tuple[tuple[Any, ...], Any]


class Shards:
    """A dict of entries on disk, cut into shards by key once it is large, so that a
    build which changed a few entries rewrites a few shards, not tens of megabytes.

    The first file (the path itself) says how many shards there are. Each shard
    carries the stamp it was written with, and one with another stamp, or one
    that cannot be read, is missing: every entry must be valid on its own (under a
    key that says what it was made from), so a missing shard only costs its
    entries being made again.
    """

    def __init__(self, path: Path, stamp: str = "", sharing: Sharing | None = None) -> None:
        self.path = path
        self.stamp = stamp
        self.count = 1
        self.context = ""  # what the entries were made with, as the caller names it
        self.sharing = sharing  # objects stored by key rather than copied (Sharing)
        self.index: ShardIndex | None = None  # known once loaded or saved

    def load(self) -> dict[str, Any]:
        """The entries stored (an empty dict when there are none to trust)."""
        first = read_entry(self.path, self.sharing)
        if not isinstance(first, dict) or first.get("stamp") != self.stamp:
            return {}
        count, entries = first.get("shards"), first.get("entries")
        if not isinstance(count, int) or count < 1 or not isinstance(entries, dict):
            return {}
        context = first.get("context", "")
        self.context = context if isinstance(context, str) else ""
        self.count = count
        self.index = ShardIndex(count)
        self.index.note(0, entries)
        for shard in range(1, count):
            more = read_entry(numbered_path(self.path, shard), self.sharing)
            if isinstance(more, dict) and more.get("stamp") == self.stamp:
                more_entries = more.get("entries")
                if isinstance(more_entries, dict):
                    entries.update(more_entries)
                    self.index.note(shard, more_entries)
        return entries

    def save(self, entries: dict[str, Any], changed: AbstractSet[str], context: str = "") -> None:
        """Store `entries` (made with `context`), rewriting the shards that hold a key in
        `changed` (one added, dropped or given another value since the last load or
        save), or all of them when their number changes; the first, which holds the
        context, when that changed."""
        count = file_count(len(entries))
        if not changed and count == self.count and context == self.context:
            return
        if count != self.count or self.index is None:
            self.index = ShardIndex(count)  # every key's shard worked out anew
            dirty = set(range(count))
        else:
            dirty = {shard_of(k, count) for k in changed}
        if context != self.context:
            dirty.add(0)
        split = self.index.split(entries, dirty)
        for shard in sorted(dirty):
            entry: dict[str, Any] = {"stamp": self.stamp, "entries": split[shard]}
            if shard == 0:
                entry["shards"] = count
                entry["context"] = context
            write_entry(numbered_path(self.path, shard), entry, self.sharing)
        self.count = count
        self.context = context


SHARDS = 16
ENTRIES_PER_SHARD = 1000  # below this many entries, a store is one file


def file_count(entries: int) -> int:
    """How many files a store of so many entries is kept in: one, or one per shard."""
    return 1 if entries < ENTRIES_PER_SHARD else SHARDS


def numbered_path(path: Path, number: int) -> Path:
    """The path of a store's file `number`: the first is the path itself."""
    return path if number == 0 else path.with_name(f"{path.stem}.{number}{path.suffix}")


def shard_of(key: str, shards: int) -> int:
    """Which shard an entry is kept in: the same for a key in every build and process."""
    return zlib.crc32(key.encode("utf-8")) % shards if shards > 1 else 0


class PieceStore:
    """The pieces of one page of one kind (rendered by one partial, or the items of
    its structured data): item key -> Piece, on disk in Shards.

    Every piece is valid on its own (kept under its item's key and checked
    against its `depends`).
    """

    def __init__(self, path: Path | None, stamp: str, sharing: Sharing | None = None) -> None:
        self.stamp = stamp  # the templates and the page's root: other ones, other text
        self.shards = Shards(path, stamp, sharing) if path is not None else None
        self.kept: dict[str, Piece] = self.shards.load() if self.shards is not None else {}
        self.now: dict[str, Piece] = {}
        self.rendered: set[str] = set()  # keys of pieces rendered (again) by this build
        self.used = False
        # A digest of what the pieces' views look up besides their items (LazyViews):
        # that of the pieces kept, and that of this build's.
        self.kept_context = self.shards.context if self.shards is not None else ""
        self.context = ""

    @property
    def on_disk(self) -> bool:
        return self.shards is not None

    def kept_or_made(
        self, key: str, depends: tuple[Any, ...], make: Callable[[], AnyStr]
    ) -> AnyStr:
        """The text kept for an item whose entry depends on the same as before, else
        make() (kept from now on)."""
        kept = self.kept.get(key)
        if kept is not None and kept[0] == depends:
            self.now[key] = kept
            return cast(AnyStr, kept[1])
        made = make()
        self.now[key] = (depends, made)
        self.rendered.add(key)
        return made

    def same_context(self, context: str) -> bool:
        """Note what this build's pieces look up besides their items (as a digest);
        whether it is what the kept pieces looked up."""
        self.context = context
        return bool(context) and context == self.kept_context

    def kept_as_are(self, keys: Sequence[str | None]) -> list[Any]:
        """The texts kept for items, taken as they are (the caller knows that all their
        entries depend on besides the items is the same): None where none is kept, or
        the key is None."""
        pieces = [self.kept.get(key) if key is not None else None for key in keys]
        self.now.update({k: piece for k, piece in zip(keys, pieces, strict=True) if piece and k})
        return [piece[1] if piece is not None else None for piece in pieces]

    def save(self) -> None:
        """Keep this build's pieces (and only those) for the next build: rewrite the
        shards holding a piece rendered or dropped by this build."""
        if self.shards is not None:
            dropped = self.kept.keys() - self.now.keys()
            self.shards.save(self.now, self.rendered | dropped, self.context)
        self.kept, self.now, self.rendered, self.used = self.now, {}, set(), False
        self.kept_context, self.context = self.context, ""


class PieceCache:
    """The stores of the pages a process renders, in a folder of the build cache.

    Without a folder (the preview server) the stores live in memory, from one
    rebuild to the next.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.templates_digest = ""  # set for each build by the environment that renders it
        self.stores: dict[tuple[str, str], PieceStore] = {}
        self.sharing: Sharing | None = None  # set for each build: share

    def share(self, objects: dict[str, Any]) -> None:
        """Store these objects of this build (by a key that names their value: an item's
        cache key) by key in the stores saved from now on, and take them for their
        keys in the stores loaded (see Sharing)."""
        self.sharing = Sharing(objects)

    def store(self, page: str, kind: str, root: str) -> PieceStore:
        """The store of one page's pieces of one kind (the partial that renders them, or
        `json-ld` for its structured data), for pages at `root`; loaded on first use."""
        found = self.stores.get((page, kind))
        stamp = f"{self.templates_digest}\0{root}"
        if found is None or found.stamp != stamp:
            path = None
            if self.folder is not None:
                path = self.folder / f"{page}--{SAFE_NAME.sub('-', kind)}.pickle"
            found = self.stores[(page, kind)] = PieceStore(path, stamp, self.sharing)
        found.used = True
        return found

    def save(self) -> None:
        """Save the stores used since the last save; what they hold now is what the next
        build finds."""
        for key, store in list(self.stores.items()):
            if store.used:
                store.save()
                if store.on_disk:
                    # On disk now, where a later build reads them back: this process
                    # need not hold tens of megabytes of HTML it may never use again.
                    del self.stores[key]


SAFE_NAME = re.compile(r"[^A-Za-z0-9_.]+")


def read_entry(path: Path, sharing: Sharing | None = None) -> Any:
    """What write_entry stored at path, or None when it is missing, truncated or corrupt
    (rebuilt, never trusted); the objects stored by key taken from `sharing`."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + CHECK_BYTES
    payload = memoryview(data)[start:]  # not a copy: entries are tens of megabytes
    if (
        data[: len(_MAGIC)] != _MAGIC
        or zlib.crc32(payload).to_bytes(CHECK_BYTES, "little") != data[len(_MAGIC) : start]
    ):
        return None
    try:
        if sharing is None:
            return pickle.loads(payload)
        stream = io.BytesIO(data)  # not a copy either, while it is only read
        stream.seek(start)
        return SharingUnpickler(stream, sharing).load()
    except Exception:  # any entry that cannot be read back is simply missing
        return None


def write_entry(path: Path, value: Any, sharing: Sharing | None = None) -> None:
    """Store a value atomically, with a check that read_entry verifies; a cache that
    cannot be written is skipped. The objects `sharing` holds are stored by key.

    The value is pickled straight into the file (an entry can be tens of megabytes,
    and this runs at a build's busiest moment), and its check written last.
    """
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_MAGIC + bytes(CHECK_BYTES))
            writer = CheckingWriter(stream)
            pickler = pickle.Pickler(writer, protocol=pickle.HIGHEST_PROTOCOL)
            if sharing is not None:
                pickler.dispatch_table = sharing.dispatch_table
            pickler.dump(value)
            stream.seek(len(_MAGIC))
            stream.write(writer.check.to_bytes(CHECK_BYTES, "little"))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


class Sharing:
    """Objects of a build that the piece stores it saves hold by key rather than as
    copies, and that the stores it loads hold as they are, by their keys: the
    sources, which every citation's entry shows. Kept and new views then hold the
    same objects, which compare at once (by identity) rather than field by field;
    an object whose key is gone (its source was edited) stands for nothing equal.

    The keys must name the objects' values (an item's cache key does), so that
    taking the object of this build for that of an earlier one changes nothing.
    """

    def __init__(self, objects: dict[str, Any]) -> None:
        self.objects = objects
        self.keys = {id(value): key for key, value in objects.items()}
        # The pickler looks an object's type up here (in C) before reducing it itself.
        self.dispatch_table: dict[Any, Any] = dict(copyreg.dispatch_table)
        for value in objects.values():
            self.dispatch_table[type(value)] = self.reduce

    def reduce(self, value: Any) -> Any:
        """How to pickle an object of a shared type: by key if it is shared."""
        key = self.keys.get(id(value))
        if key is None:
            return value.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        return shared_object, (key,)

    def resolve(self, key: str) -> Any:
        """The object stored under a key: this build's, or one equal to nothing."""
        return self.objects.get(key, Gone())


class Gone:
    """Stands for an object shared by an earlier build that this build does not have:
    equal to nothing but itself, so what held it is made again."""


def shared_object(key: str) -> Any:
    """Names an object stored by key (Sharing) in a pickle; SharingUnpickler reads it."""
    raise pickle.UnpicklingError(f"a shared object ({key}) read without its build")


class SharingUnpickler(pickle.Unpickler):
    """Reads what was pickled with a Sharing, taking this build's objects for the keys."""

    def __init__(self, stream: BinaryIO, sharing: Sharing) -> None:
        super().__init__(stream)
        self.sharing = sharing

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == shared_object.__name__:
            return self.sharing.resolve
        return super().find_class(module, name)


class CheckingWriter:
    """A binary stream's write(), also taking the CRC-32 of what is written."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.check = 0

    def write(self, data: bytes) -> int:
        self.check = zlib.crc32(data, self.check)
        written: int = self.stream.write(data)
        return written


def forget_other_versions(root: Path, keep: str) -> None:
    """Remove cache folders made by other versions of the generator."""
    try:
        others = [p for p in root.iterdir() if p.is_dir() and p.name != keep]
    except OSError:
        return
    for other in others:
        shutil.rmtree(other, ignore_errors=True)


def make_folder(folder: Path) -> bool:
    """Create a folder; False when the file system does not allow it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return True
