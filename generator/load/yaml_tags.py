"""YAML tags written out in content (`!!binary aGVsbG8=`): refused where written.

The validator reads every value by its field, so a tag would be dropped without a
word and the value published as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from generator.errors import ContentError, Location

# The tags YAML's safe resolver gives values as they are written. Any other was
# written out (`!!binary aGVsbG8=`, `!!python/object:os.system a`): the validator
# reads every value by its field, so the tag would be dropped without a word and
# the value published as plain text.
_UNTAGGED = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value")
) | {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


def tag_problems(where: Callable[[yaml.Node], Location], root: yaml.Node) -> list[ContentError]:
    """Each node with a tag of its own, located by `where` (called once aliases are
    ruled out: a tree)."""
    problems = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _UNTAGGED:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            problems.append(
                ContentError(
                    where(node),
                    f"the YAML tag '{tag}' is not read: the value would be taken as plain text",
                    "take the tag away and write the value as the field wants it",
                )
            )
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return problems
