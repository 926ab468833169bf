"""Digests that name what a kept result was made from.

A result is kept under a digest of all its inputs: the bytes it was read from,
or the very objects it was computed from, pickled. Pickling writes out every
field of every object reached, so a value the result could see cannot change
without changing the digest; nothing is listed by hand. Two values that are
equal may pickle apart (an object shared in one and copied in the other): that
costs a result made again, never a wrong one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml

GENERATOR = Path(__file__).resolve().parent.parent


DIGEST_BYTES = 20


def digest(*parts: str | bytes | memoryview) -> str:
    """A digest of some strings or bytes, each told apart from the next (by its length)."""
    hashed = hashlib.blake2b(digest_size=DIGEST_BYTES)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


class ObjectDigests:
    """Digests of objects: a pickle of each, in which the objects whose digest is known
    already (the items read, whose digest names their text) stand as that digest
    rather than pickled again."""

    def __init__(self) -> None:
        self.known: dict[int, str] = {}
        self.held: list[Any] = []  # the objects named in `known`, kept alive
        self.stream = io.BytesIO()
        self.pickler = NamingPickler(self.stream, self.known)

    def name(self, value: Any, key: str) -> None:
        """Let `key`, a digest of all a value was made from, stand for it."""
        self.known[id(value)] = key
        self.held.append(value)

    def of(self, value: Any) -> str:
        """A digest of a value and everything it holds."""
        key = self.known.get(id(value))
        if key is not None:
            return key
        if type(value) is str:
            return digest(value)
        stream = self.stream
        stream.seek(0)
        stream.truncate()
        self.pickler.dump(value)
        with stream.getbuffer() as pickled:
            return hashlib.blake2b(pickled, digest_size=DIGEST_BYTES).hexdigest()


class NamingPickler(pickle.Pickler):
    """A pickler that writes an object whose digest is known as that digest, and keeps
    no memo: equal values give equal bytes however their parts are shared."""

    def __init__(self, stream: io.BytesIO, known: dict[int, str]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.fast = True
        self.known = known

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects of classes only, not for strings, numbers, tuples, lists
        # and dicts: one Python call per model object, not per value.
        key = self.known.get(id(obj))
        if key is None:
            return NotImplemented
        return named, (key,)


def named(key: str) -> str:
    """What an object named by its digest stands as in a pickle (never unpickled)."""
    return key


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """A digest of the generator's source and the versions of the libraries it uses:
    any change to the code gives other keys."""
    parts: list[str | bytes] = []
    for path in sorted(GENERATOR.rglob("*.py")):
        parts += [path.relative_to(GENERATOR).as_posix(), path.read_bytes()]
    parts += [jinja2.__version__, markupsafe_version(), yaml.__version__, markdown_version()]
    parts.append(library_file("PIL", "_version.py"))  # Pillow draws the share images
    # Whether PyYAML parses with libyaml: positions in its errors may differ without it.
    parts.append("libyaml" if getattr(yaml, "__with_libyaml__", False) else "pure")
    parts.append(sys.version)  # pickles, and the keys made of them, may differ between Pythons
    return digest(*parts)[:16]


def markupsafe_version() -> bytes:
    """MarkupSafe's own source (it escapes everything the templates write), standing for
    its version: read rather than asked of the package metadata, which is slow to load."""
    return Path(markupsafe.__file__ or "").read_bytes()


def markdown_version() -> str:
    """Python-Markdown's version file, read without importing the library (slow to import)."""
    return library_file("markdown", "__meta__.py")


def library_file(package: str, name: str) -> str:
    """A file of a library's package (its version's), read without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return "none"
    try:
        return (Path(spec.origin).parent / name).read_text(encoding="utf-8")
    except OSError:
        return spec.origin
