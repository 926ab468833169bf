"""What the preview serves: a Build (the last good files, and the latest rebuild's
errors), and the SiteState that holds the current one, shared by the watcher that
replaces it and the request threads that read it or wait for it to change.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from generator.errors import ContentError

# --- What is being served --------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One state of the preview: the last good files, and the latest build's errors."""

    build_id: str  # changes with every rebuild; pages carry it to know they are stale
    files: Mapping[str, bytes]  # the last build that succeeded (empty if none has)
    errors: tuple[ContentError, ...] = ()  # why the latest build failed; empty if it did not

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class SiteState:
    """The current Build (and the one before it, for patches), shared by the watcher
    and the request threads.

    Every rebuild replaces the Build under a condition and bumps the build counter;
    event streams wait on the condition for the build id to change.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._token = secrets.token_hex(4)  # a new server makes every open page stale
        self._count = 0
        self._build = Build(self._next_id(), {})
        self._previous: Build | None = None
        self._stopped = False

    def _next_id(self) -> str:
        self._count += 1
        return f"{self._token}-{self._count}"

    @property
    def current(self) -> Build:
        with self._changed:
            return self._build

    @property
    def current_and_previous(self) -> tuple[Build, Build | None]:
        """The build served now, and the one it replaced."""
        with self._changed:
            return self._build, self._previous

    @property
    def stopped(self) -> bool:
        with self._changed:
            return self._stopped

    def succeeded(self, files: Mapping[str, bytes]) -> None:
        """A rebuild worked: serve its files."""
        with self._changed:
            self._previous, self._build = self._build, Build(self._next_id(), files)
            self._changed.notify_all()

    def failed(self, errors: tuple[ContentError, ...]) -> None:
        """A rebuild failed: show its errors, keep the last good files."""
        with self._changed:
            self._previous = self._build
            self._build = Build(self._next_id(), self._build.files, errors)
            self._changed.notify_all()

    def wait_for_build(self, seen: str, timeout: float) -> str | None:
        """Wait until the build is no longer `seen`: its id, or None on timeout or stop."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._stopped or self._build.build_id != seen, timeout=timeout
            )
            if self._stopped or self._build.build_id == seen:
                return None
            return self._build.build_id

    def stop(self) -> None:
        """End every event stream."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
