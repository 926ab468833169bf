"""The one door the stages use to results kept between builds.

A stage asks for a result by naming the table it belongs to and the inputs it is
made from; the memo digests the inputs into the key (digests.py), so what it
hands back is exactly what making it again would give. Without a store (`explainer
build --no-cache`, `explainer check`), every result is made: the output is the
same, only slower.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import jinja2

from generator.memo.digests import ObjectDigests
from generator.memo.store import MISSING, MemoStore

Value = TypeVar("Value")


class Memo:
    """Results kept in a MemoStore, or none (store None)."""

    def __init__(self, store: MemoStore | None = None) -> None:
        self.store = store
        self.digests = ObjectDigests()

    @property
    def active(self) -> bool:
        """Whether results are kept (else keys need not be worked out)."""
        return self.store is not None

    def key(self, inputs: Any) -> str:
        """The key of a result made from `inputs` (any picklable value; a value named
        earlier stands as its key)."""
        return self.digests.of(inputs)

    def get(self, table: str, key: str) -> Any:
        """The result kept under key, or MISSING."""
        if self.store is None:
            return MISSING
        return self.store.table(table).get(key, MISSING)

    def put(self, table: str, key: str, value: Any) -> None:
        """Keep a result under key."""
        if self.store is not None:
            self.store.table(table).put(key, value)

    def kept(self, table: str, inputs: Any, make: Callable[[], Value]) -> Value:
        """The result made from `inputs`: kept from an earlier build, else make()."""
        if self.store is None:
            return make()
        return self.store.table(table).kept_or_made(self.key(inputs), make)

    def name(self, value: Any, key: str) -> None:
        """Let `key` (the key `value` was kept under) stand for the value in the keys
        of results made from it: an item read is then digested as its text was."""
        if self.store is not None:
            self.digests.name(value, key)

    def compiled_templates(self) -> jinja2.BytecodeCache | None:
        """Where the templates' compiled code is kept, if anywhere."""
        return self.store.compiled if self.store is not None else None

    @property
    def in_memory(self) -> bool:
        """Whether results are kept in this process's memory only (the preview's)."""
        return self.store is not None and self.store.folder is None

    def keep_all(self) -> None:
        """Drop nothing kept: a failed build's use is no guide to the next one's."""
        if self.store is not None:
            self.store.keep_all()

    def put_away(self, tables: Sequence[str]) -> None:
        """Save these tables now and let go of them: this build will not ask them again."""
        if self.store is not None:
            self.store.put_away(tables)

    def save(self) -> None:
        """Keep this build's results (and only those) for the next build."""
        if self.store is not None:
            self.store.save()
        self.digests = ObjectDigests()


__all__ = ["MISSING", "Memo"]
