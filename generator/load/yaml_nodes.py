"""YAML text composed into nodes that keep their positions, for precise error messages.

YAML is composed into nodes, not constructed into Python values: the validator
decides what each scalar means from the field it fills, so `no` stays the text
"no" in a text field and dates are parsed by our own rules, not YAML's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from generator.errors import ContentError, ContentErrors, Location
from generator.load.yaml_syntax import plain_words, unacceptable_character, unclosed_quote
from generator.load.yaml_tags import tag_problems

try:  # the C parser is several times faster; fall back where libyaml is absent
    from yaml import CSafeLoader as SafeLoader
    from yaml._yaml import CParser as Composing
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

    Composing = SafeLoader  # type: ignore[misc]


# Measured gain: a cold build of 10,000 events takes 1.10x as long with PyYAML's own
# resolver (bench/without_device.py yaml_resolve).
class YamlLoader(Composing):
    """The safe loader's parser and composer, resolving each scalar's tag faster, with
    the same result. Nodes are never constructed into values here (convert.py reads
    them), so the C parser is used without the safe loader's constructor and
    resolver, whose set-up was a twentieth of composing a small list item.

    The parser asks for the tag of every node, keys included; a story repeats the
    same keys and plain values thousands of times, and quoted text is always a
    string. The safe loader has no path-dependent resolvers, so a plain scalar's
    tag depends on its text alone, a list or mapping has the default tag, and
    there is no path to follow down and up the document.
    """

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return plain_scalar_tag(value) if implicit[0] else STRING_TAG
        return SEQUENCE_TAG if kind is yaml.SequenceNode else MAPPING_TAG

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


def compose(text: str) -> yaml.Node | None:
    """The node of a YAML text's one document (None for an empty text), as yaml.compose
    composes it with the safe loader."""
    loader = YamlLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


STRING_TAG = "tag:yaml.org,2002:str"
SEQUENCE_TAG = "tag:yaml.org,2002:seq"
MAPPING_TAG = "tag:yaml.org,2002:map"


@lru_cache(maxsize=4096)
def plain_scalar_tag(value: str) -> str:
    """The tag YAML's safe resolver gives an unquoted scalar."""
    return SafeLoader.resolve(_RESOLVER, yaml.ScalarNode, value, (True, False))  # type: ignore[no-any-return,no-untyped-call]


_RESOLVER = yaml.resolver.Resolver()


def node_location(shown_path: str, node: yaml.Node, line_offset: int = 0) -> Location:
    """Where a node starts, counting lines and columns from 1."""
    mark = node.start_mark
    return Location(shown_path, mark.line + 1 + line_offset, mark.column + 1)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its root node and how to name positions in it."""

    shown_path: str
    root: yaml.Node | None
    line_offset: int = 0

    def where(self, node: yaml.Node) -> Location:
        """The location of a node of this document."""
        return node_location(self.shown_path, node, self.line_offset)


def parse_yaml(
    text: str,
    shown_path: str,
    line_offset: int = 0,
    shallow: bool = False,
) -> YamlDocument:
    """Compose YAML text into nodes; syntax errors, aliases and duplicate keys are errors.

    `shallow` says the text is part of a text whose layout deep_layout found shallow
    (an item of a list file), so that its layout cannot be deep either: only its
    brackets are counted (a large file has more than MAX_DEPTH of them, its items
    seldom).
    """
    try:
        if many_brackets(text) if shallow else may_be_deep(text):
            check_depth(text, shown_path, line_offset)
        root = compose(text)
    except yaml.MarkedYAMLError as error:
        raise ContentErrors([syntax_error(text, shown_path, line_offset, error)]) from None
    except yaml.reader.ReaderError as error:
        raise ContentErrors([refused_character(text, shown_path, line_offset, error)]) from None
    except yaml.YAMLError as error:
        raise ContentErrors(
            [ContentError(Location(shown_path, 1 + line_offset, 1), f"YAML error: {error}")]
        ) from None
    document = YamlDocument(shown_path, root, line_offset)
    if root is not None:
        problems = structural_problems(document, root)
        if not problems and "!" in text:  # else no node has a tag written out
            problems = tag_problems(document.where, root)
        if problems:
            raise ContentErrors(problems)
    return document


def refused_character(
    text: str, shown_path: str, line_offset: int, error: yaml.reader.ReaderError
) -> ContentError:
    """A character YAML refuses (a control character), at its place: the parser names
    only an offset, and that not in characters."""
    line, column, shown = unacceptable_character(text, error.character)
    return ContentError(
        Location(shown_path, line + 1 + line_offset, column + 1),
        f"YAML does not allow the character {shown} ({error.reason})",
        "remove it: of the control characters, YAML allows only tabs and line breaks",
    )


def syntax_error(
    text: str, shown_path: str, line_offset: int, error: yaml.MarkedYAMLError
) -> ContentError:
    """A YAML syntax error in plain words, where the mistake began when that can be
    told (a quote never closed), else where the parser gave up."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    problem = " ".join(str(p) for p in (error.context, error.problem) if p)
    opened = unclosed_quote(text, line) if error.problem_mark else None
    if opened is not None and opened[0] < line:
        start, at, quote = opened
        return ContentError(
            Location(shown_path, start + 1 + line_offset, at + 1),
            f"YAML syntax error: the quoted value opened here with {quote} is never closed "
            f"(the parser stopped at line {line + 1 + line_offset}: {problem})",
            f"end the value with {quote} on this line, or take the opening {quote} away",
        )
    where = Location(shown_path, line + 1 + line_offset, column + 1)
    words = plain_words(problem)
    if words is None:
        hint = "YAML indents with spaces, not tabs" if "\t" in text else ""
        return ContentError(where, f"YAML syntax error: {problem}", hint)
    return ContentError(where, f"YAML syntax error: {words[0]} ({problem})", words[1])


MAX_DEPTH = 64  # far deeper than any story needs; PyYAML's composer recurses per level
# Written out rather than as `(?:[-?:] +){16}`, which the regex engine tries far more slowly.
_DEEP_INDICATORS = re.compile(r"[-?:] +" * 16)
_DEEP_INDENT = " " * 64


def may_be_deep(text: str) -> bool:
    """A cheap look for text that might nest deeply: many brackets, runs of dashes or spaces.

    It may say yes to text that is not deep (the exact check then runs), never no to
    text that is.
    """
    return many_brackets(text) or deep_layout(text)


def many_brackets(text: str) -> bool:
    """Whether the text opens more flow lists and mappings than MAX_DEPTH."""
    return text.count("[") + text.count("{") > MAX_DEPTH


def deep_layout(text: str) -> bool:
    """Whether the text has long runs of block indicators, or deep indentation.

    Whatever it finds in a part of a text it finds in the whole, so a text it says
    no to has no part it would say yes to.
    """
    return (
        text.startswith(_DEEP_INDENT)
        or "\n" + _DEEP_INDENT in text
        or _DEEP_INDICATORS.search(text) is not None
    )


def check_depth(text: str, shown_path: str, line_offset: int) -> None:
    """Refuse nesting deeper than MAX_DEPTH before composing, which would crash on it.

    Parsing into events keeps no recursion of its own, so it is safe at any depth.
    """
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line, mark.column) if mark is not None else (0, 0)
                where = Location(shown_path, line + 1 + line_offset, column + 1)
                raise ContentErrors(
                    [
                        ContentError(
                            where,
                            f"lists and mappings nested more than {MAX_DEPTH} deep",
                            "content never needs this much nesting: check the brackets",
                        )
                    ]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def structural_problems(document: YamlDocument, root: yaml.Node) -> list[ContentError]:
    """Duplicate keys and aliases: PyYAML accepts both silently, we refuse them."""
    problems: list[ContentError] = []
    seen: set[int] = set()
    stack = [root]
    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    while stack:
        node = stack.pop()
        if id(node) in seen:
            # Composed aliases share their node object. Refusing them keeps every
            # value written out where it is used, and rules out alias bombs.
            problems.append(
                ContentError(
                    document.where(node),
                    "YAML anchors and aliases are not supported in content",
                    "write the value out in full where it is used",
                )
            )
            continue
        seen.add(id(node))
        kind = type(node)
        if kind is mapping:
            pairs = node.value
            names = {key.value for key, _ in pairs if type(key) is scalar}
            if len(names) < len(pairs):
                problems += key_problems(document, pairs)
            stack += [value for _, value in pairs]
        elif kind is sequence:
            stack += node.value
    return problems


def key_problems(
    document: YamlDocument, pairs: list[tuple[yaml.Node, yaml.Node]]
) -> list[ContentError]:
    """A mapping's keys that are not text, or that repeat an earlier key."""
    problems = []
    first_seen: dict[str, yaml.Node] = {}
    for key, _ in pairs:
        if not isinstance(key, yaml.ScalarNode):
            problems.append(
                ContentError(
                    document.where(key), "a mapping key must be plain text, not a list or mapping"
                )
            )
        elif key.value in first_seen:
            earlier = document.where(first_seen[key.value])
            problems.append(
                ContentError(
                    document.where(key),
                    f"duplicate key '{key.value}' (first set at line {earlier.line})",
                    "remove one of them: YAML would silently keep only the last",
                )
            )
        else:
            first_seen[key.value] = key
    return problems
