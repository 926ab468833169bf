"""`explainer serve`: preview the site from memory, rebuilding it on every change.

The site is rendered exactly as `explainer build` renders it (render_site), kept in
memory and served over HTTP; nothing is written to disk, not even the build cache.
The content, seeds and templates folders are watched with watchfiles, and every
change (an edit, a new file, a deleted one) triggers a rebuild.

This module builds, watches and serves; the pieces it runs are beside it: builds
(what is being served), responses (the answer to each address, and the error page
while a rebuild has failed), server (HTTP) and live_reload (how open pages follow
the rebuilds).
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.build import render_project
from generator.cli import EXIT_OK, EXIT_USAGE, max_file_bytes, seeds_dir
from generator.errors import ContentError, ContentErrors, Location, reason, visible
from generator.load.files import MAX_FILE_BYTES
from generator.load.templates import find_templates
from generator.memo.memo import Memo
from generator.memo.store import MemoStore
from generator.serve.builds import SiteState
from generator.serve.server import PreviewServer

WATCH_STEP_MS = 20  # rebuild once the files have been quiet this long (an editor saves at once)
WATCH_TIMEOUT_MS = 200  # how often the watcher comes back to say it is alive


# --- The preview: build, watch, serve -----------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """The folders a site is built from, all of them watched."""

    content: Path
    seeds: Path
    templates: Path
    max_file_bytes: int = MAX_FILE_BYTES

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Inputs:
        content: Path = args.content
        return cls(
            content,
            seeds_dir(args),
            find_templates(content, args.templates),
            max_file_bytes(args),
        )

    def watched(self) -> list[Path]:
        """The folders to watch (those that exist)."""
        return [path for path in (self.content, self.seeds, self.templates) if path.is_dir()]


def unexpected_error(error: Exception) -> ContentError:
    """A failure that is not a content error (a template's syntax, say), as one error."""
    where = getattr(error, "filename", None) or "explainer"
    line = getattr(error, "lineno", None)
    return ContentError(
        Location(str(where), line if isinstance(line, int) and line > 0 else 1),
        f"{type(error).__name__}: {error}",
        "the traceback is in the terminal",
    )


def print_traceback(error: BaseException, stream: TextIO) -> None:
    """An error's traceback for the terminal: its lines may quote content (a
    template's line, a value), so each is printed with its controls made visible."""
    for chunk in traceback.format_exception(error):
        for line in chunk.rstrip("\n").split("\n"):
            print(visible(line), file=stream)


def display_host(host: str) -> str:
    """The host part of the preview's address, as a browser is given it."""
    if host in ("", "0.0.0.0", "::"):
        return "localhost"
    return f"[{host}]" if ":" in host else host


def render_kept(inputs: Inputs, url: str | None, memo: Memo) -> dict[str, bytes]:
    """The site rendered with what `memo` keeps in memory from the rebuilds before, for
    those after it."""
    try:
        files, _ = render_project(
            inputs.content, inputs.seeds, inputs.templates, url, memo, inputs.max_file_bytes
        )
    except BaseException:
        # A failed rebuild asked for little (an error stops it early): keep what it
        # made and what it found, for the rebuild that follows the fix.
        memo.keep_all()
        raise
    memo.save()  # what this rebuild used is what the next one finds
    return files


class Preview:
    """The site served from memory on host:port and rebuilt whenever its inputs change."""

    def __init__(
        self,
        inputs: Inputs,
        host: str = "127.0.0.1",
        port: int = 8000,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.inputs = inputs
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.state = SiteState()
        self.server = PreviewServer((host, port), self.state)  # OSError if the port is taken
        self.url = f"http://{display_host(host)}:{self.server.server_port}/"
        self._stop_watching = threading.Event()
        self._watching = threading.Event()
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self.memo = Memo(MemoStore(None))

    def render(self) -> dict[str, bytes]:
        """Render the whole site in memory, with links and canonical URLs on this server.

        The cache lives in memory for the preview's lifetime: the preview writes
        nothing, not even .explainer-cache, and rebuilds only what changed.
        """
        return render_kept(self.inputs, self.url, self.memo)

    def rebuild(self, verb: str = "rebuilt") -> bool:
        """Build once and publish the result; print the time or the errors."""
        started = time.perf_counter()
        try:
            files = self.render()
        except ContentErrors as failure:
            errors = tuple(failure.errors)
        except Exception as error:  # a broken template must not stop the preview
            print_traceback(error, self.err)
            errors = (unexpected_error(error),)
        else:
            self.state.succeeded(files)
            print(f"{verb} in {time.perf_counter() - started:.2f} s", file=self.out, flush=True)
            return True
        self.state.failed(errors)
        for problem in errors:
            print(problem, file=self.err)
        count = len(errors)
        print(
            f"{count} error{'s' if count != 1 else ''}: the preview shows "
            f"{'them' if count != 1 else 'it'} until the files are fixed",
            file=self.err,
            flush=True,
        )
        return False

    def watch(self) -> None:
        """Rebuild after every batch of changes, until stop()."""
        import watchfiles  # only the preview needs it

        try:
            for changes in watchfiles.watch(
                *self.inputs.watched(),
                stop_event=self._stop_watching,
                step=WATCH_STEP_MS,
                rust_timeout=WATCH_TIMEOUT_MS,
                yield_on_timeout=True,  # the first yield says the folders are being watched
                raise_interrupt=False,
            ):
                self._watching.set()
                if changes:
                    self.rebuild()
        except Exception as error:  # report it; the server keeps serving
            print(
                f"explainer: stopped watching for changes: {visible(error)}",
                file=self.err,
                flush=True,
            )
        finally:
            self._watching.set()

    def start(self) -> None:
        """Build, then watch and serve in background threads."""
        self.rebuild(verb="built")
        for name, target in (("watch", self.watch), ("serve", self._serve)):
            thread = threading.Thread(target=target, name=f"explainer-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        # A change made before the watcher is in place would go unnoticed.
        self._watching.wait(timeout=10)

    def _serve(self) -> None:
        self.server.serve_forever(poll_interval=0.1)

    def wait(self) -> None:
        """Block until stop() (or Ctrl-C, which raises KeyboardInterrupt here)."""
        while not self._stopped.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop serving and watching; end the event streams. Safe to call at any point."""
        self._stopped.set()
        self._stop_watching.set()
        self.state.stop()
        if any(thread.name == "explainer-serve" for thread in self._threads):
            self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def bind_failure(host: str, port: int, error: OSError) -> str:
    """Why the preview could not listen, in words."""
    if error.errno == errno.EADDRINUSE:
        return (
            f"explainer: port {port} on {host} is already in use\n"
            "stop the program using it, or choose another port with --port"
        )
    return f"explainer: cannot listen on {host}:{port}: {reason(error)}"


def run(args: argparse.Namespace) -> int:
    """`explainer serve`: serve the site from memory, rebuilding on every change."""
    try:
        preview = Preview(Inputs.from_args(args), args.host, args.port)
    except OSError as error:
        print(bind_failure(args.host, args.port, error), file=sys.stderr)
        return EXIT_USAGE
    try:
        preview.start()
        print(f"serving {preview.url} (Ctrl-C to stop)", flush=True)
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C while shutting down would only interrupt the clean-up.
        in_main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
        try:
            preview.stop()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
    print("stopped", flush=True)
    return EXIT_OK
