"""Broken and hostile versions of the tram story, for the property tests in test_fuzz.py.

A variant is the valid tram fixture with a few mutations applied: fields removed,
renamed or given values of the wrong type, ids and references changed, dates
garbled, YAML syntax broken, files truncated, emptied, deleted or re-encoded, and
hostile Unicode put in. `Workspace` builds such a variant in-process, at a fixed
path that is reset to the valid story (with its built site and warm build cache)
before every example, and `Outcome` holds what the CLI returned and printed.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import functools
import io
import os
import re
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import event, note
from hypothesis import strategies as st

from generator.cli import main

try:  # libyaml is several times faster, and the harness parses and dumps every example
    from yaml import CSafeDumper as Dumper
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as Loader  # type: ignore[assignment]
from generator.load.files import MAX_FILE_BYTES

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tram"
YAML_FILES = ("site.yaml", "sources.yaml", "actors.yaml", "events.yaml", "offers.yaml")
ARTICLE = "article.md"
CONTENT_FILES = (*YAML_FILES, ARTICLE)
PAGES = (
    "index.html",
    "timeline/index.html",
    "actors/index.html",
    "offers/index.html",
    "sources/index.html",
    "404.html",
)
SLOW_BUILD_SECONDS = 10.0
# One reported problem: `path:line:column: message`.
ERROR_LINE = re.compile(r"^\S.*:\d+:\d+: .+")


def read_fixture() -> dict[str, bytes]:
    """The tram story's files, by path relative to the project: content/..., seeds/..."""
    return {
        path.relative_to(FIXTURE).as_posix(): path.read_bytes()
        for path in sorted(FIXTURE.rglob("*"))
        if path.is_file()
    }


ORIGINAL = read_fixture()
SEED_FILES = tuple(name for name in ORIGINAL if name.startswith("seeds/"))


class Special(enum.Enum):
    """A content path that is not a file with bytes."""

    DELETED = "deleted"
    FOLDER = "a folder"


FileState = bytes | Special


@dataclass
class Variant:
    """The story's files after some mutations, and what was done, for reports."""

    files: dict[str, FileState] = field(default_factory=lambda: dict(ORIGINAL))
    steps: list[str] = field(default_factory=list)

    def seed_texts(self) -> dict[str, str]:
        """The seed files as they are now, as text."""
        return {
            name: data.decode("utf-8", "replace")
            for name, data in self.files.items()
            if name.startswith("seeds/") and isinstance(data, bytes)
        }

    def __repr__(self) -> str:
        return f"Variant(changed={self.changed()!r}, steps={self.steps!r})"

    def changed(self) -> dict[str, FileState]:
        """The files that differ from the fixture."""
        return {name: data for name, data in self.files.items() if ORIGINAL.get(name) != data}

    def describe(self) -> str:
        """The mutations and a diff of each changed file, to reproduce a failure by hand."""
        parts = ["mutations:", *(f"  - {step}" for step in self.steps)]
        for name, data in self.changed().items():
            if isinstance(data, Special):
                parts.append(f"{name}: {data.value}")
                continue
            before = ORIGINAL.get(name, b"").decode("utf-8", "backslashreplace")
            after = data.decode("utf-8", "backslashreplace")
            if len(after) > 4000:
                parts.append(f"{name}: {len(data)} bytes, starting {data[:300]!r}")
                continue
            diff = difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
            parts.append("".join(diff).rstrip("\n") or f"{name}: only line endings changed")
            parts.append(f"{name} (bytes): {data[:2000]!r}")
        return "\n".join(parts)


# --- Values ------------------------------------------------------------------------

# Every field name the model knows, so a renamed or added key is often a real one.
FIELD_NAMES = sorted(
    {
        *("id", "name", "kind", "description", "short_name", "aliases", "part_of", "roles"),
        *("notes", "title", "period", "citations", "organisation", "start", "end"),
        *("as_of", "source", "quote", "speaker", "speaker_name", "relayed_by", "as_written"),
        *("note", "evidence", "date", "basis", "editorial", "published", "text", "author"),
        *("status", "summary", "approximate", "by_date", "date_resolution", "wording"),
        *("actors", "offers", "label", "question", "claims", "disputes", "sides", "who"),
        *("about", "statement", "events", "corrections"),
        *("system", "seller", "buyer", "maker", "terms", "publisher", "url", "file"),
        *("published", "date_basis", "date_reasoning", "relays", "exclude", "reason"),
        *("lines", "text", "language", "pages", "base_url", "home_label", "timeline"),
        *("sources", "not_found", "intro", "dimensions", "what_to_know", "standfirst"),
    }
)
IDS = sorted(
    {
        *("lakeside", "nordbahn", "ferrocarril-sur", "ana-ruiz", "council-vote"),
        *("nordbahn-chosen", "first-trams", "price", "delivery", "nordbahn-bid"),
        *("sur-bid", "gazette", "courier", "officials-later-delivery"),
        *("sur-delivery-by-march", "sur-delivery"),
    }
)
# The fields that state a fact, the keys a `basis` may have (and one it may not).
BASIS_KEYS = ["status", "maker", "title", "description", "standfirst", "summary"]
BAD_IDS = [
    "",
    " ",
    "Nordbahn",
    "nord bahn",
    "nordbahn-",
    "-nordbahn",
    "nord--bahn",
    "nordbähn",
    "ｎｏｒｄｂａｈｎ",
    "nordbahn\n",
    "../gazette",
    "x" * 300,
    "0",
    "true",
]
DATE_KEYS = {"date", "published", "start", "end", "as_of"}
BAD_DATES = [
    "2024-13-01",
    "24-3",
    "",
    "2024-02-30",
    "2023-02-29",
    "tomorrow",
    "2024-00",
    "2024-01-00",
    "2024-1-1",
    "2024/03/12",
    "12.03.2024",
    "2024-03-12T10:00:00",
    "2024-03-12 10:00",
    "0000",
    "0000-01-01",
    "9999-12-31",
    "10000",
    "-2024",
    "+2024",
    " 2024-03 ",
    "2024\n",
    "２０２４-０３",
    "٢٠٢٤-٠٣-١٢",
    "March 2024",
    "1e3",
]
GOOD_DATES = ["2024", "2024-02", "2024-02-29", "1999-12-31", "2024-03-12"]
HOSTILE_TEXTS = [
    "\u202eevil\u202c",  # right-to-left override
    "مجلس المدينة",
    "עירייה",
    "🚋👩🏽‍🔬🏳️‍🌈",
    "e\u0301\u0301\u0301\u0301\u0301",  # stacked combining marks
    "\u0300starts with a combining mark",
    "nul\x00byte",
    "bell\x07 escape\x1b[31m red",
    "line\u2028separator\u2029paragraph\x85next",
    "\ufeffbom inside",
    "lone \ud800 surrogate",
    "\uffff\U0010ffff noncharacters",
    "zero\u200bwidth\u200djoiner",
    "<script>alert(1)</script>",
    "</title><h1>x</h1>",
    "{{ 7 * 7 }} {% raw %} {# #}",
    "[link](javascript:alert(1))",
    "[x](event:no-such-event)",
    "[x](page:)",
    "[x](actor:)",
    "[x](#nowhere)",  # an anchor no page has: the build must fail as the check does
    "&amp; &#0; &lt;",
    "'\"\\`",
    "%s %(x)s {0} {x}",
    "   ",
    "\t",
    "\n\n",
    "-",
    "---",
    "...",
    "~",
    "null",
    "no",
    "0x1F",
    "1e400",
    ".nan",
    "*",
    "#",
]


@functools.cache
def hostile_texts() -> st.SearchStrategy[str]:
    """Hostile text: the list above, very long strings, or any text at all."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXTS),
        st.integers(1000, 50_000).map(lambda n: "long " * (n // 5)),
        st.text(min_size=1, max_size=40),
    )


SEED_NAMES = [name.removeprefix("seeds/") for name in SEED_FILES]


@st.composite
def seed_quotes(draw: st.DrawFn, seeds: dict[str, str]) -> str:
    """A passage of a seed text as it is now: whole words, part words, one or many."""
    texts = [text for text in seeds.values() if text.strip()] or ["nothing"]
    text = draw(st.sampled_from(texts))
    start = draw(st.integers(0, max(0, len(text) - 1)))
    length = draw(st.one_of(st.integers(1, 12), st.integers(12, 120)))
    return text[start : start + length] or text


STRUCTURED_FIELDS = {
    *("exclude", "date_resolution", "corrections", "aliases", "relays", "period"),
    *("actors", "offers", "events", "relayed_by", "notes", "sides", "disputes"),
    *("citations", "basis", "what_to_know", "claims"),
}


def plausible_values(key: Any, seeds: dict[str, str]) -> st.SearchStrategy[Any]:
    """Values a field of this name could well have: mostly valid, often odd."""
    if key == "quote":
        return seed_quotes(seeds)
    if key == "exclude":
        return st.lists(
            st.fixed_dictionaries(
                {"reason": plausible_texts()},
                optional={
                    "lines": st.sampled_from(["1", "2-3", "5-99"]),
                    "text": seed_quotes(seeds),
                },
            ),
            max_size=3,
        )
    if key == "citations":
        return st.lists(citations(seeds), max_size=3)
    if key == "notes":
        # `as_written` often words of a seed, so that the note is shown beside quotes.
        written = st.one_of(seed_quotes(seeds), plausible_texts())
        note = {"note": plausible_texts(), "evidence": plausible_texts()}
        return st.lists(st.fixed_dictionaries(note, optional={"as_written": written}), max_size=2)
    if key == "basis":
        return st.dictionaries(st.sampled_from(BASIS_KEYS), bases(seeds), max_size=3)
    if key == "what_to_know":
        point = st.fixed_dictionaries(
            {"text": plausible_texts()},
            optional={
                "citations": st.lists(citations(seeds), max_size=2),
                "editorial": plausible_texts(),
            },
        )
        return st.lists(st.one_of(plausible_texts(), point), max_size=4)
    if key == "claims":
        # A cell's claims are records; a dispute side's are claim ids.
        claim = st.fixed_dictionaries(
            {"statement": plausible_texts(), "citations": st.lists(citations(seeds), max_size=2)},
            optional={"id": st.sampled_from(IDS)},
        )
        return st.one_of(st.lists(claim, max_size=3), st.lists(st.sampled_from(IDS), max_size=3))
    return fixed_plausible_values().get(key, plausible_texts())


@st.composite
def citations(draw: st.DrawFn, seeds: dict[str, str]) -> dict[str, Any]:
    """A citation of a seed's words, mostly credited to the source whose seed it is
    (the tram story's source ids are its seeds' names), in any voice: an actor, a
    speaker in words (now and then both, which is an error), relayed or not."""
    name = draw(st.sampled_from(sorted(seeds))) if seeds else "seeds/gazette.txt"
    own = name.removeprefix("seeds/").removesuffix(".txt")
    citation = {
        "source": draw(st.one_of(st.just(own), st.just(own), st.sampled_from(IDS))),
        "quote": draw(seed_quotes({name: seeds.get(name, "")})),
    }
    # Who said it: nobody (the publication), an actor, a speaker in words, now and then both.
    who = draw(st.sampled_from(["", "speaker", "speaker", "speaker_name", "speaker_name", "both"]))
    if who in ("speaker", "both"):
        actors = ["lakeside", "nordbahn", "ferrocarril-sur", "ana-ruiz"]
        citation["speaker"] = draw(st.one_of(st.sampled_from(actors), st.sampled_from(IDS)))
    if who in ("speaker_name", "both"):
        citation["speaker_name"] = draw(plausible_texts())
    if draw(st.booleans()):
        citation["relayed_by"] = draw(st.lists(plausible_texts(), max_size=3))
    return citation


def bases(seeds: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    """What a fact rests on: quotes, an editorial note, both or (an error) neither."""
    return st.fixed_dictionaries(
        {},
        optional={
            "citations": st.lists(citations(seeds), max_size=2),
            "editorial": plausible_texts(),
        },
    )


@functools.cache
def plausible_texts() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["Ordinary text.", "Ünïcödé — ‘quoted’"]), hostile_texts())


@functools.cache
def fixed_plausible_values() -> dict[Any, st.SearchStrategy[Any]]:
    """Plausible values for the fields whose values do not depend on the seeds."""
    texts = plausible_texts()
    dates = st.sampled_from(GOOD_DATES + ["0000", "0001-01-01", "9999-12-31", "1900-02"])
    ids = st.lists(st.sampled_from(IDS), max_size=2)
    sides = st.lists(
        st.fixed_dictionaries({"who": texts}, optional={"claims": ids, "events": ids}),
        max_size=3,
    )
    choices: dict[Any, st.SearchStrategy[Any]] = {
        "kind": st.sampled_from(["state", "alliance", "organisation", "company", "person"]),
        "status": st.sampled_from(
            ["happened", "announced", "proposed", "expected", "reported", "negotiating"]
            + ["agreed", "signed", "delivered", "cancelled", "rejected", "not made"]
        ),
        "date_basis": st.sampled_from(["stated", "inferred"]),
        "approximate": st.booleans(),
        "by_date": st.booleans(),
        "file": st.sampled_from(
            SEED_NAMES + ["../content/site.yaml", "/etc/passwd", ".", "./gazette.txt", "seeds"]
        ),
        "url": st.sampled_from(
            ["https://example.org/a?b=1&c=<2>", "javascript:alert(1)", 'https://x/"><b>', ""]
        ),
        "base_url": st.sampled_from(
            ["https://example.org/story", "http://a/", 'https://ex.org/a b/?q=<>&"', "ftp://x/"]
        ),
        "language": st.sampled_from(["en", "ar", "he", "zh-Hant", "de-CH-1996", '"><x', "e n"]),
        "lines": st.sampled_from(["1", "1-3", "3-1", "0", "2-99", "x", "1-", "-1", "9" * 30]),
        "date_resolution": st.fixed_dictionaries({"wording": texts, "note": texts}),
        "corrections": st.lists(st.fixed_dictionaries({"date": dates, "text": texts}), max_size=2),
        "aliases": st.lists(texts, max_size=3),
        "relays": st.lists(texts, max_size=3),
        "relayed_by": st.lists(texts, max_size=3),
        "sides": sides,
        "disputes": st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(IDS), "about": texts, "sides": sides}),
            max_size=2,
        ),
        "events": st.lists(st.sampled_from(IDS), max_size=3),
        "period": st.fixed_dictionaries(
            {}, optional={"start": dates, "end": dates, "as_of": dates}
        ),
        "actors": st.lists(st.sampled_from(IDS), max_size=3),
        "offers": st.lists(st.sampled_from(IDS), max_size=3),
    }
    for key in DATE_KEYS:
        choices[key] = dates
    for key in ("id", "source", "seller", "buyer", "maker", "part_of", "organisation", "speaker"):
        choices[key] = st.sampled_from(IDS)
    return choices


@functools.cache
def scalars() -> st.SearchStrategy[Any]:
    """Any YAML scalar: null, booleans, numbers, text, ids, dates, hostile text."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.text(max_size=30),
        st.sampled_from(IDS + BAD_IDS + BAD_DATES + GOOD_DATES + FIELD_NAMES),
        hostile_texts(),
    )


@functools.cache
def keys() -> st.SearchStrategy[Any]:
    """Mapping keys: mostly the model's field names, some odd ones."""
    return st.one_of(
        st.sampled_from(FIELD_NAMES),
        st.text(max_size=12),
        st.none(),
        st.booleans(),
        st.integers(min_value=-5, max_value=5),
    )


@functools.cache
def yaml_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Nested YAML data of any shape."""
    return st.recursive(
        scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(keys(), children, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def dump(draw: st.DrawFn, data: Any) -> bytes:
    """Data as YAML, in a drawn style: block or flow, ASCII or not, wrapped or not."""
    style = {
        "allow_unicode": draw(st.booleans()),
        "sort_keys": False,
        "default_flow_style": draw(st.sampled_from([False, None, True])),
        "width": draw(st.sampled_from([80, 12, 10**6])),
    }
    try:
        text = yaml.dump(data, Dumper=Dumper, **style)
    except UnicodeEncodeError:  # libyaml cannot write a lone surrogate; PyYAML escapes it
        text = yaml.dump(data, Dumper=yaml.SafeDumper, **style)
    return text.encode("utf-8")


# --- Structural mutations: edit the data, dump it again --------------------------

Path_ = tuple[Any, ...]


def node_paths(value: Any, prefix: Path_ = ()) -> list[Path_]:
    """The path of every node in nested data, the root first."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += node_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += node_paths(child, (*prefix, index))
    return found


def get_at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def set_at(data: Any, path: Path_, value: Any) -> Any:
    """Data with the node at path replaced; the root is returned when path is empty."""
    if not path:
        return value
    get_at(data, path[:-1])[path[-1]] = value
    return data


def rename_key(mapping: dict[Any, Any], old: Any, new: Any) -> None:
    """Rename a key in place, keeping the order of the keys."""
    items = [(new if key == old else key, value) for key, value in mapping.items()]
    mapping.clear()
    mapping.update(items)


def mutate_data(
    draw: st.DrawFn, data: Any, seeds: dict[str, str], plausible: bool = False
) -> tuple[Any, str]:
    """One model-level change to parsed YAML data; returns the data and what was done.

    With `plausible`, only changes that give a field a value it could well have.
    """
    paths = node_paths(data)
    inner = [p for p in paths if p]
    strings = [p for p in paths if isinstance(get_at(data, p), str)]
    lists = [p for p in paths if isinstance(get_at(data, p), list)]
    mappings = [p for p in paths if isinstance(get_at(data, p), dict)]
    keyed = [p for p in inner if isinstance(get_at(data, p[:-1]), dict)]
    dates = [p for p in keyed if p[-1] in DATE_KEYS] or strings
    # Fields whose value can be replaced by a plausible one: scalars and known records.
    settable = [
        p
        for p in keyed
        if p[-1] in STRUCTURED_FIELDS or not isinstance(get_at(data, p), list | dict)
    ]
    ops: list[str] = ["retype"]
    if settable:
        ops += ["plausible"] * 5  # mostly valid changes, so that builds get as far as rendering
    if mappings:
        ops += ["plausible field"]
    if inner:
        ops += ["remove", "swap"]
    if keyed:
        ops += ["rename"]
    if strings:
        ops += ["reference", "date", "text", "text"]
    if lists:
        ops += ["duplicate item", "drop item"]
    if mappings:
        ops += ["add field"]
    if plausible:
        ops = [op for op in ops if op.startswith("plausible")] or ["plausible"]
        if not settable:
            return data, "no field to change"
    op = draw(st.sampled_from(ops))
    if op == "plausible":
        path = draw(st.sampled_from(settable))
        value = draw(plausible_values(path[-1], seeds))
        return set_at(data, path, value), f"set {list(path)} to {value!r:.80}"
    if op == "plausible field":
        path = draw(st.sampled_from(mappings))
        key = draw(st.sampled_from(FIELD_NAMES))
        value = draw(plausible_values(key, seeds))
        get_at(data, path)[key] = value
        return data, f"set {list(path)}[{key!r}] to {value!r:.80}"
    if op == "retype":
        path = draw(st.sampled_from(paths))
        value = draw(yaml_values(6))
        return set_at(data, path, value), f"{op} {list(path)} to {value!r:.80}"
    if op == "remove":
        path = draw(st.sampled_from(inner))
        del get_at(data, path[:-1])[path[-1]]
        return data, f"{op} {list(path)}"
    if op == "swap":
        first, second = draw(st.sampled_from(inner)), draw(st.sampled_from(inner))
        if first[: len(second)] == second or second[: len(first)] == first:
            return data, "swap (skipped: one contains the other)"
        a, b = get_at(data, first), get_at(data, second)
        set_at(data, first, b)
        set_at(data, second, a)
        return data, f"swap {list(first)} and {list(second)}"
    if op == "rename":
        path = draw(st.sampled_from(keyed))
        new = draw(keys())
        parent = get_at(data, path[:-1])
        if new in parent:
            return data, f"rename {list(path)} (skipped: {new!r} exists)"
        rename_key(parent, path[-1], new)
        return data, f"rename {list(path)} to {new!r}"
    if op in ("reference", "date", "text"):
        candidates = {"reference": strings, "date": dates, "text": strings}[op]
        path = draw(st.sampled_from(candidates))
        values = {
            "reference": st.sampled_from(IDS + BAD_IDS),
            "date": st.sampled_from(BAD_DATES + GOOD_DATES),
            "text": hostile_texts(),
        }[op]
        value = draw(values)
        if op == "text" and draw(st.booleans()):
            original = get_at(data, path)
            at = draw(st.integers(0, len(original)))
            value = original[:at] + value + original[at:]
        return set_at(data, path, value), f"set {list(path)} to {value!r:.80}"
    if op == "duplicate item":
        path = draw(st.sampled_from(lists))
        items = get_at(data, path)
        if not items:
            items.append(draw(yaml_values(4)))
            return data, f"add an item to the empty list {list(path)}"
        index = draw(st.integers(0, len(items) - 1))
        copy = copy_data(items[index])
        items.insert(draw(st.integers(0, len(items))), copy)
        return data, f"duplicate item {index} of {list(path)}"
    if op == "drop item":
        path = draw(st.sampled_from(lists))
        items = get_at(data, path)
        if items and draw(st.booleans()):
            index = draw(st.integers(0, len(items) - 1))
            del items[index]
            return data, f"drop item {index} of {list(path)}"
        items.clear()
        return data, f"empty the list {list(path)}"
    assert op == "add field"
    path = draw(st.sampled_from(mappings))
    key, value = draw(keys()), draw(yaml_values(4))
    get_at(data, path)[key] = value
    return data, f"add {key!r} = {value!r:.60} to {list(path)}"


def split_front_matter(text: str) -> tuple[str, str] | None:
    """article.md as (front matter, body), or None when it has no closed front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])
    return None


BODY_INSERTS = [
    "[x](event:missing-event)",
    "[x](actor:)",
    "[x](page:nowhere)",
    "[x](source:gazette)",
    "[x](offer:sur-bid",
    "[x](javascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "<script>alert(1)</script>",
    "<!-- unclosed comment",
    "```\nunclosed fence",
    "\n---\n",
    "\n# Heading\n",
    "![image](https://example.org/x.png)",
    "[^1]\n\n[^1]: note",
    "*" * 500,
    "[" * 2000,
    "> " * 200,
]


def load_without_aliases(text: str) -> Any:
    """YAML text as data; YAMLError when it shares a value through an alias.

    Walking shared values path by path would expand a billion laughs in memory.
    """
    data = yaml.load(text, Loader=Loader)
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                raise yaml.YAMLError("aliases are not expanded here")
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return data


def copy_data(value: Any) -> Any:
    """A deep copy of YAML data."""
    if isinstance(value, dict):
        return {key: copy_data(child) for key, child in value.items()}
    if isinstance(value, list):
        return [copy_data(child) for child in value]
    return value


def mutate_structure(
    draw: st.DrawFn, name: str, data: bytes, seeds: dict[str, str], plausible: bool = False
) -> tuple[bytes, str] | None:
    """A model-level change to a content file, or None when the file does not parse."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    body: str | None = None
    if name.endswith(ARTICLE):
        split = split_front_matter(text)
        if split is None:
            return None
        text, body = split
        if draw(st.integers(0, 3)) == 0:
            insert = draw(st.one_of(st.sampled_from(BODY_INSERTS), hostile_texts()))
            at = draw(st.integers(0, len(body)))
            body = body[:at] + insert + body[at:]
            return f"---\n{text}\n---\n{body}".encode("utf-8", "surrogatepass"), (
                f"{name}: insert {insert!r:.60} into the body"
            )
    try:
        parsed = load_without_aliases(text)
    except (yaml.YAMLError, RecursionError):
        return None
    changed, step = mutate_data(draw, parsed, seeds, plausible)
    dumped = dump(draw, changed)
    if body is not None:
        dumped = b"---\n" + dumped + b"---\n" + body.encode("utf-8", "surrogatepass")
    return dumped, f"{name}: {step}"


# --- Textual mutations: bytes, lines, encodings, files -----------------------------

YAML_BREAKERS = [
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    ":",
    ": ",
    " :",
    "\t",
    "- ",
    "? ",
    "&a ",
    "*a",
    "*undefined ",
    "!!binary ",
    "!!python/object/apply:os.system ",
    "!custom ",
    "!!int ",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2024:\n",
    "---\n",
    "...\n",
    "|",
    ">",
    "#",
    "@",
    "`",
    ",",
    "<<: *a\n",
    "\x00",
    "\x1b",
    "\u2028",
    "\ufeff",
    "\x7f",
    "\r",
]
BAD_BYTES = [
    b"\xff",
    b"\xfe",
    b"\x80",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc0\xaf",  # an overlong encoding
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\xef\xbb",  # half a byte-order mark
]
INDENTS = ["", " ", "   ", "\t", "  \t", " " * 40]
KEY_VALUE = re.compile(rb"^(\s*(?:- )?[\w-]+: )(\S.*)$")
BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
).encode()


def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate_text(draw: st.DrawFn, name: str, data: FileState, seed: bool) -> tuple[FileState, str]:
    """A byte-level change to a file: syntax, encoding, truncation, or the file itself."""
    if isinstance(data, Special):
        data = b""
    file_ops = ["truncate", "empty", "blank", "delete", "folder", "bom", "bom inside", "crlf"]
    file_ops += ["cr", "bad bytes", "random bytes", "hostile", "long line"]
    line_ops = ["token", "token", "indent", "duplicate line", "drop line", "swap lines"]
    line_ops += ["anchor and alias", "billion laughs", "huge", "nesting"]
    op = draw(st.sampled_from(file_ops if seed else file_ops + line_ops))
    at = draw(st.integers(0, len(data)))
    lines = lines_of(data)
    line = draw(st.integers(0, len(lines) - 1))
    if op == "truncate":
        return data[:at], f"{name}: truncate at byte {at}"
    if op == "empty":
        return b"", f"{name}: empty"
    if op == "blank":
        blank = draw(st.sampled_from([b"\n", b"   \n\n", b"# only a comment\n", b"---\n", b"..."]))
        return blank, f"{name}: replace with {blank!r}"
    if op == "delete":
        return Special.DELETED, f"{name}: delete"
    if op == "folder":
        return Special.FOLDER, f"{name}: replace with a folder"
    if op == "bom":
        return b"\xef\xbb\xbf" + data, f"{name}: byte-order mark"
    if op == "bom inside":
        return data[:at] + b"\xef\xbb\xbf" + data[at:], f"{name}: byte-order mark at byte {at}"
    if op == "crlf":
        return data.replace(b"\n", b"\r\n"), f"{name}: CRLF line ends"
    if op == "cr":
        return data.replace(b"\n", b"\r"), f"{name}: CR line ends"
    if op == "bad bytes":
        bad = draw(st.sampled_from(BAD_BYTES))
        return data[:at] + bad + data[at:], f"{name}: insert {bad!r} at byte {at}"
    if op == "random bytes":
        noise = draw(st.binary(min_size=1, max_size=8))
        return data[:at] + noise + data[at:], f"{name}: insert {noise!r} at byte {at}"
    if op == "hostile":
        text = draw(hostile_texts())
        encoded = text.encode("utf-8", "surrogatepass")
        return data[:at] + encoded + data[at:], f"{name}: insert {text!r:.60} at byte {at}"
    if op == "long line":
        size = draw(st.sampled_from([1000, 100_000]))
        return data[:at] + b"y" * size + data[at:], f"{name}: insert {size} bytes at byte {at}"
    if op == "token":
        token = draw(st.sampled_from(YAML_BREAKERS)).encode()
        column = draw(st.integers(0, len(lines[line])))
        lines[line] = lines[line][:column] + token + lines[line][column:]
        return b"\n".join(lines), f"{name}: insert {token!r} at line {line + 1}:{column + 1}"
    if op == "indent":
        indent = draw(st.sampled_from(INDENTS)).encode()
        lines[line] = indent + lines[line].lstrip(b" \t")
        return b"\n".join(lines), f"{name}: indent line {line + 1} with {indent!r}"
    if op == "duplicate line":
        lines.insert(line, lines[line])
        return b"\n".join(lines), f"{name}: duplicate line {line + 1}"
    if op == "drop line":
        del lines[line]
        return b"\n".join(lines), f"{name}: drop line {line + 1}"
    if op == "swap lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[line], lines[other] = lines[other], lines[line]
        return b"\n".join(lines), f"{name}: swap lines {line + 1} and {other + 1}"
    if op == "anchor and alias":
        pairs = [i for i, text in enumerate(lines) if KEY_VALUE.match(text)]
        if not pairs:
            return data, f"{name}: anchor and alias (skipped: no key: value line)"
        first, second = draw(st.sampled_from(pairs)), draw(st.sampled_from(pairs))
        lines[first] = KEY_VALUE.sub(rb"\1&anchor \2", lines[first])
        if second != first:
            lines[second] = KEY_VALUE.sub(rb"\1*anchor", lines[second])
        return b"\n".join(lines), f"{name}: anchor at line {first + 1}, alias at {second + 1}"
    if op == "nesting":
        # Deep, but well short of the depth that crashes libyaml (see test_fuzz.py).
        depth = draw(st.sampled_from([3, 50, 400, 3000]))
        shape = draw(st.sampled_from(["list", "mapping", "key"]))
        nested = {
            "list": "[" * depth + "]" * depth,
            "mapping": "{a: " * depth + "1" + "}" * depth,
            "key": "? " + "[" * depth + "]" * depth + "\n: x",
        }[shape].encode()
        lines[line] = nested if shape == "key" else lines[line] + b" " + nested
        return b"\n".join(lines), f"{name}: {shape} nested {depth} deep at line {line + 1}"
    if op == "billion laughs":
        return BILLION_LAUGHS, f"{name}: billion laughs"
    assert op == "huge"
    padding = b"#" * (MAX_FILE_BYTES + 1 - len(data)) + b"\n"
    return data + padding, f"{name}: pad past the {MAX_FILE_BYTES}-byte limit"


# --- Variants ----------------------------------------------------------------------


@st.composite
def variants(
    draw: st.DrawFn,
    structural: bool,
    textual: bool,
    seeds: bool = False,
    plausible: bool = False,
) -> Variant:
    """The tram story with one to three mutations of the kinds asked for."""
    variant = Variant()
    targets = [f"content/{name}" for name in CONTENT_FILES]
    if seeds:
        targets += list(SEED_FILES)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(targets))
        current = variant.files[name]
        result = None
        if structural and isinstance(current, bytes) and not name.startswith("seeds/"):
            if not textual or draw(st.booleans()):
                result = mutate_structure(draw, name, current, variant.seed_texts(), plausible)
        if result is None and not textual:
            variant.steps.append(f"{name}: no longer parses; left as it is")
            continue
        if result is None:
            result = mutate_text(draw, name, current, name.startswith("seeds/"))
        variant.files[name], step = result
        variant.steps.append(step)
    return variant


@st.composite
def random_documents(draw: st.DrawFn) -> Variant:
    """The tram story with one content file replaced by a random YAML document."""
    variant = Variant()
    name = draw(st.sampled_from(CONTENT_FILES))
    data = draw(yaml_values(30))
    text = dump(draw, data)
    if name == ARTICLE:
        body = draw(st.sampled_from([b"Some text.\n", b"", b"[x](event:nordbahn-chosen)\n"]))
        text = b"---\n" + text + b"---\n" + body
    variant.files[f"content/{name}"] = text
    variant.steps.append(f"content/{name}: replaced by a random document: {data!r:.200}")
    return variant


# --- Running the build -------------------------------------------------------------


@dataclass
class Outcome:
    """What one in-process run of the CLI returned and printed."""

    code: int
    out: str
    err: str
    seconds: float = 0.0

    def located(self) -> list[str]:
        """The `path:line:column: message` lines of stderr."""
        return [line for line in self.err.splitlines() if ERROR_LINE.match(line)]


@contextlib.contextmanager
def debugging() -> Iterator[None]:
    """EXPLAINER_DEBUG=1: an internal error propagates with its traceback, not as a message."""
    before = os.environ.get("EXPLAINER_DEBUG")
    os.environ["EXPLAINER_DEBUG"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["EXPLAINER_DEBUG"]
        else:
            os.environ["EXPLAINER_DEBUG"] = before


def run_cli(argv: list[str]) -> Outcome:
    """Run the CLI in-process; an exception escaping main() propagates to the test."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with debugging(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # main() must return, never exit
            raise AssertionError(f"main() raised SystemExit({stop.code!r})") from stop
        except RecursionError as error:
            # Raised at a depth that varies from run to run, which Hypothesis would call
            # flaky: report it from here, naming the generator's deepest frame.
            frames = traceback.extract_tb(error.__traceback__)
            ours = [frame for frame in frames if "/generator/" in frame.filename] or frames
            raise AssertionError(
                f"RecursionError out of main(), from {ours[-1].filename}:{ours[-1].lineno} "
                f"in {ours[-1].name}: {''.join(traceback.format_list(ours[-6:]))}"
            ) from None
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, with its bytes."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def folders(root: Path) -> set[str]:
    """Every folder under root, relative to it."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


class Workspace:
    """A scratch copy of the tram story at one fixed path, reset before every example.

    The valid story is built once into site/ (warming .explainer-cache); reset()
    puts that state back, so every example starts from a good build at the same
    path, and error messages name the same files from one example to the next.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="explainer-fuzz-"))
        self.project = self.root / "tram"
        shutil.copytree(FIXTURE, self.project)
        first = self.build()
        assert first.code == 0, first.err
        self.good_site = snapshot(self.site)
        assert self.good_site, "the valid story built nothing"
        self.pristine = snapshot(self.project)
        self.pristine_folders = folders(self.project)
        self.counts: Counter[str] = Counter()

    @property
    def content(self) -> Path:
        return self.project / "content"

    @property
    def site(self) -> Path:
        return self.project / "site"

    def reset(self) -> None:
        """Back to the valid story, its good build and its warm cache.

        Faster than copying the whole project again: only what differs from the
        state after the first build is deleted or rewritten.
        """
        for folder, subfolders, names in os.walk(self.project, topdown=False):
            here = Path(folder)
            for name in names:
                path = here / name
                relative = path.relative_to(self.project).as_posix()
                if relative not in self.pristine or path.is_symlink():
                    path.unlink()
                elif path.read_bytes() != self.pristine[relative]:
                    path.write_bytes(self.pristine[relative])
            for name in subfolders:
                path = here / name
                if path.is_symlink():
                    path.unlink()
                elif path.relative_to(self.project).as_posix() not in self.pristine_folders:
                    shutil.rmtree(path)
        for relative in sorted(self.pristine_folders):
            (self.project / relative).mkdir(exist_ok=True)
        for relative, data in self.pristine.items():
            path = self.project / relative
            if not path.is_file():
                if path.is_dir():
                    shutil.rmtree(path)
                path.write_bytes(data)

    def apply(self, variant: Variant) -> None:
        for name, data in variant.changed().items():
            path = self.project / name
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            if data is Special.FOLDER:
                path.mkdir()
            elif isinstance(data, bytes):
                path.write_bytes(data)

    def build(self, *more: str, out: Path | None = None) -> Outcome:
        out = out or self.site
        return run_cli(["build", "--content", str(self.content), "--out", str(out), "-q", *more])

    def check(self, *more: str) -> Outcome:
        return run_cli(["check", "--content", str(self.content), *more])

    def leftovers(self) -> list[str]:
        """Staging or retired folders a build left beside its output (its lock file stays)."""
        return sorted(
            p.name
            for p in self.project.iterdir()
            if p.name.startswith(".site.") and p.name != ".site.lock"
        )

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def assert_build_outcome(workspace: Workspace, result: Outcome) -> None:
    """The property: a complete site and exit 0, or located errors, exit 1, site untouched."""
    assert result.code in (0, 1), f"exit status {result.code}\n{result.err}"
    # The tram story builds in well under a second; far slower means something blew up.
    assert result.seconds < SLOW_BUILD_SECONDS, f"the build took {result.seconds:.1f} s"
    assert "Traceback" not in result.err + result.out, result.err
    assert "internal error" not in result.err, result.err
    assert not workspace.leftovers(), f"left beside the output: {workspace.leftovers()}"
    if result.code == 0:
        workspace.counts["built"] += 1
        assert result.out == "", f"-q printed: {result.out!r}"
        for page in PAGES:
            path = workspace.site / page
            assert path.is_file() and path.stat().st_size > 0, f"exit 0 but {page} is missing"
    else:
        workspace.counts["refused"] += 1
        assert result.located(), f"exit 1 without a path:line:column line:\n{result.err}"
        assert snapshot(workspace.site) == workspace.good_site, "a failed build changed the site"


def built_variant(workspace: Workspace, variant: Variant) -> Outcome:
    """The valid story with a variant applied, built, the build's outcome held to the
    property (assert_build_outcome) and noted for a failing example's report."""
    note(variant.describe())
    workspace.reset()
    workspace.apply(variant)
    built = workspace.build()
    note(f"build: exit {built.code}\n{built.err}")
    event("built" if built.code == 0 else "refused")
    assert_build_outcome(workspace, built)
    return built


def assert_check_agrees(workspace: Workspace, built: Outcome) -> Outcome:
    """`check` of the same content reaches the build's verdict, with the same located
    errors: build and check run the same validations. The check's outcome."""
    checked = workspace.check()
    note(f"check: exit {checked.code}\nstderr:\n{checked.err}")
    assert checked.code in (0, 1) and "Traceback" not in checked.err
    assert checked.code == built.code, "build and check disagree"
    if built.code == 1:  # (a check that passes lists its warnings)
        assert sorted(checked.located()) == sorted(built.located())
    return checked


def first_message(result: Outcome) -> str:
    """The kind of the first error, for statistics: its message without names and numbers."""
    if result.code == 0:
        return "built"
    located = result.located()
    if not located:
        return "unlocated"
    message = located[0].split(": ", 1)[1]
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", message)[:60]
