"""The memo store: results kept from one build to the next, each under a digest of
exactly what it was made from.

A key is a digest of a result's inputs (digests.py), so a kept result is either
right for this build or never looked up: nothing is invalidated by hand. The
store is a folder beside the content, `.explainer-cache`, safe to delete at any
time; a subfolder per fingerprint of the generator's own code, so a result made
by other code is never found. A store without a folder lives in memory (the
preview keeps one for its lifetime).

Each table is kept in SHARDS files by key, so that a build that changed a few
results rewrites a few files, not tens of megabytes (a warm build of 10,000
events saves 1/16 of each table it changed). A file that cannot be read back
whole (cut short, damaged, written by other code) is treated as missing: its
results are made again.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from generator.memo.digests import generator_fingerprint

CACHE_FOLDER = ".explainer-cache"
SHARDS = 16
MAGIC = b"explainer-memo-1\n"
CHECK_BYTES = 4  # a CRC-32 of the payload: finds a file cut short or overwritten in part

Value = TypeVar("Value")


def cache_root(content_dir: Path) -> Path:
    """Where a project's memo store lives: `.explainer-cache` beside its content folder."""
    return content_dir.resolve().parent / CACHE_FOLDER


class Table:
    """One kind of kept result (items read, Markdown, a partial's HTML...): key -> value.

    Only the results this build asked for are kept when it is saved: what the story
    no longer uses is dropped.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.kept: dict[str, Any] = {}
        self.shard_keys: list[set[str]] = [set() for _ in range(SHARDS)]
        self.used: dict[str, Any] = {}
        self.changed: set[int] = set()
        if path is not None:
            self.load()

    def get(self, key: str, default: Any = None) -> Any:
        """The value kept under key, or `default`; a key asked for is kept on saving."""
        value = self.used.get(key, self.kept.get(key, default))
        if value is not default:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep a value made by this build."""
        if key not in self.kept:
            shard = shard_of(key)
            self.changed.add(shard)
            self.shard_keys[shard].add(key)
        self.used[key] = value

    def kept_or_made(self, key: str, make: Callable[[], Value]) -> Value:
        """The value kept under key, else make() (kept from now on)."""
        value = self.get(key, MISSING)
        if value is MISSING:
            value = make()
            self.put(key, value)
        return value  # type: ignore[no-any-return]

    def load(self) -> None:
        """Read every shard file of the table; one that cannot be read is empty."""
        assert self.path is not None
        for shard in range(SHARDS):
            entries = read_file(shard_path(self.path, shard))
            if isinstance(entries, dict):
                self.kept.update(entries)
                self.shard_keys[shard] = set(entries)

    def save(self) -> None:
        """Keep this build's results only: rewrite the shards that gained or lost one."""
        used = self.used
        for key in self.kept.keys() - used.keys():
            shard = shard_of(key)
            self.changed.add(shard)
            self.shard_keys[shard].discard(key)
        for shard in sorted(self.changed):
            keys = self.shard_keys[shard] = {key for key in self.shard_keys[shard] if key in used}
            if self.path is not None:
                write_file(shard_path(self.path, shard), {key: used[key] for key in sorted(keys)})
        self.kept, self.used, self.changed = used, {}, set()


MISSING: Any = object()


class MemoStore:
    """The tables of kept results, in a folder (None: in memory only). Read only, the
    store takes what a build kept and writes nothing (`explainer check`)."""

    def __init__(self, folder: Path | None, read_only: bool = False) -> None:
        self.folder = None
        self.read_only = read_only
        if folder is not None:
            fingerprint = generator_fingerprint()
            if read_only:
                if (folder / fingerprint).is_dir():
                    self.folder = folder / fingerprint
            else:
                forget_other_versions(folder, fingerprint)
                if make_folder(folder / fingerprint):
                    self.folder = folder / fingerprint
        self.tables: dict[str, Table] = {}
        self.put_away_now: set[str] = set()  # saved already by this build (put_away)
        self.compiled = compiled_templates(None if read_only else self.folder)

    def table(self, name: str) -> Table:
        """The table of one kind of result, loaded on first use."""
        found = self.tables.get(name)
        if found is None:
            path = self.folder / name if self.folder is not None else None
            found = self.tables[name] = Table(path)
        return found

    def save(self) -> None:
        """Keep what this build used, for the next build."""
        for name, table in self.tables.items():
            if name not in self.put_away_now and not self.read_only:
                table.save()
        self.put_away_now = set()

    def keep_all(self) -> None:
        """Keep what the tables held and what this build made, dropping nothing: after a
        build that failed, and so asked for little of what the next one will want."""
        for table in self.tables.values():
            table.kept.update(table.used)
            table.used = {}
        self.put_away_now = set()

    def put_away(self, names: Sequence[str]) -> None:
        """Save these tables now, and let go of them: their use is over for this build
        (a page's, once it is rendered), and they are saved by the process that used
        them (which may be a worker: see parallel.py)."""
        for name in names:
            table = self.tables.get(name)
            if table is not None and name not in self.put_away_now:
                if not self.read_only:
                    table.save()
                if self.folder is not None:  # on disk: the next build reads it back
                    del self.tables[name]
                else:  # in memory: kept as saved, until the next build
                    self.put_away_now.add(name)


# Measured gain: a warm build of 10,000 events takes 1.08x as long compiling every
# template again (bench/without_device.py compiled_templates); the preview's rebuild
# at scale 10, 3.6x.
def compiled_templates(folder: Path | None) -> jinja2.BytecodeCache:
    """Where compiled templates are kept: Jinja's own store, keyed by a checksum of each
    template's source (its `templates` folder here), or in memory."""
    if folder is not None and make_folder(folder / "templates"):
        return jinja2.FileSystemBytecodeCache(str(folder / "templates"))
    return MemoryBytecodeCache()


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


def shard_of(key: str) -> int:
    """Which shard a key is kept in: the same in every build and process."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


def shard_path(path: Path, shard: int) -> Path:
    """The file of one shard of the table at `path`."""
    return path.with_name(f"{path.name}.{shard:02d}.pickle")


def read_file(path: Path) -> Any:
    """What write_file stored at path, or None when it is missing, cut short or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(MAGIC) + CHECK_BYTES
    payload = memoryview(data)[start:]
    check = zlib.crc32(payload).to_bytes(CHECK_BYTES, "little")
    if data[: len(MAGIC)] != MAGIC or data[len(MAGIC) : start] != check:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # any file that cannot be read back is simply missing
        return None


def write_file(path: Path, value: Any) -> None:
    """Store a value atomically, with the check read_file verifies; a store that cannot
    be written is skipped (the next build makes its results again)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    check = zlib.crc32(payload).to_bytes(CHECK_BYTES, "little")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(MAGIC + check)
            stream.write(payload)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def forget_other_versions(root: Path, keep: str) -> None:
    """Remove what other versions of the generator kept."""
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
