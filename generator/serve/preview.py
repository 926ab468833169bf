"""`explainer serve`: preview the site from memory, rebuilding it on every change.

The site is rendered exactly as `explainer build` renders it (render_site), kept in
memory and served over HTTP; nothing is written to disk, not even the build cache.
The content, seeds and templates folders are watched with watchfiles, and every
change (an edit, a new file, a deleted one) triggers a rebuild.

Live reload exists only here: every HTML response gets a small script before
</head>, and its Content-Security-Policy is widened to let that script run and
listen to /__explainer/events. The server sends an event after each rebuild,
whether it succeeded or failed. The page then asks /__explainer/patch what
changed in it since the build it shows: when the changes lie in elements with an
id (an event, an actor, a quoted passage: live_patch.page_patches), it swaps
those elements in place, which is much faster than parsing a long page again;
otherwise it reloads itself.

While the latest rebuild has failed:

- every HTML address (a page, or a missing path that would get 404.html) answers
  500 with an error page listing each error as `path:line:column: message` and its
  hint, exactly as `explainer check` prints them;
- every other file (stylesheet, icon, data downloads) is still served, 200, from
  the last good build;
- the last good build stays browsable under /__explainer/last-good/ (the error
  page links to the same page there).

The next successful rebuild serves the site again, and the open pages reload.
"""

from __future__ import annotations

import argparse
import errno
import json
import mimetypes
import re
import secrets
import signal
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import AF_INET6
from socketserver import TCPServer
from typing import TextIO
from urllib.parse import parse_qs, quote, unquote, urlsplit

from generator.build import render_project
from generator.cli import EXIT_OK, EXIT_USAGE, max_file_bytes, seeds_dir
from generator.errors import ContentError, ContentErrors, Location
from generator.load.files import MAX_FILE_BYTES
from generator.load.templates import find_templates
from generator.memo.memo import Memo
from generator.memo.store import MemoStore
from generator.serve.live_patch import page_patches

PREFIX = "/__explainer"
RELOAD_JS = f"{PREFIX}/reload.js"
EVENTS = f"{PREFIX}/events"
PATCH = f"{PREFIX}/patch"
LAST_GOOD = f"{PREFIX}/last-good"
RELOAD_TAG = f'<script src="{RELOAD_JS}"></script>'
KEEPALIVE_SECONDS = 15.0  # an idle event stream writes this often, to notice closed tabs
WATCH_STEP_MS = 20  # rebuild once the files have been quiet this long (an editor saves at once)
WATCH_TIMEOUT_MS = 200  # how often the watcher comes back to say it is alive

RELOAD_SCRIPT = b"""\
// explainer serve: after each rebuild, swap in the elements of this page that
// changed, or reload it when that is not possible.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="explainer-build"]');
  var built = meta ? meta.getAttribute("content") : "";
  var events = new EventSource("/__explainer/events?since=" + encodeURIComponent(built));
  var updates = Promise.resolve();
  function reload() {
    events.close();
    window.location.reload();
  }
  function update() {
    var ask = "/__explainer/patch?since=" + encodeURIComponent(built) +
      "&path=" + encodeURIComponent(window.location.pathname);
    return fetch(ask, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.patches) { reload(); return; }
        // [element, its new HTML, whether the reader sees it] for each patch.
        var swaps = answer.patches.map(function (patch) {
          return [document.querySelector(patch[0]), patch[1], patch[0].indexOf("script") !== 0];
        });
        if (swaps.some(function (swap) { return swap[0] === null; })) { reload(); return; }
        function apply(seen) {
          swaps.forEach(function (swap) { if (swap[2] === seen) { swap[0].outerHTML = swap[1]; } });
        }
        // What the reader sees first; the structured data (large, unseen) after the
        // next frame has been drawn.
        apply(true);
        return new Promise(function (done) {
          window.requestAnimationFrame(function () {
            window.setTimeout(function () {
              apply(false);
              built = answer.build;
              done();
            }, 0);
          });
        });
      })
      .catch(reload);
  }
  events.onmessage = function () {
    updates = updates.then(update);  // one at a time, in order
  };
})();
"""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
}
HTML = CONTENT_TYPES[".html"]
JSON = "application/json; charset=utf-8"
PLAIN = CONTENT_TYPES[".txt"]

_CSP_META = re.compile(
    rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE
)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


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


# --- Responses, as pure functions of a Build and a path ---------------------------


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str = ""


def content_type(name: str) -> str:
    """The Content-Type of a site file, by its extension."""
    suffix = name[name.rfind(".") :].lower() if "." in name.rpartition("/")[2] else ""
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def allow_live_reload(policy: str) -> str:
    """A Content-Security-Policy that also lets the page run /__explainer/reload.js."""
    directives: list[str] = []
    widened: set[str] = set()
    for directive in (part.strip() for part in policy.split(";")):
        if not directive:
            continue
        name, *sources = directive.split()
        if name.lower() in ("script-src", "connect-src"):
            widened.add(name.lower())
            sources = [s for s in sources if s != "'none'"]
            if "'self'" not in sources:
                sources.append("'self'")
            directive = " ".join([name, *sources])
        directives.append(directive)
    directives += [
        f"{name} 'self'" for name in ("script-src", "connect-src") if name not in widened
    ]
    return "; ".join(directives)


def reload_head(build_id: str) -> bytes:
    """What live reload adds to a page's head: the build it shows, and the script."""
    return f'<meta name="explainer-build" content="{escape(build_id)}">\n{RELOAD_TAG}\n'.encode()


def with_live_reload(html: bytes, build_id: str) -> bytes:
    """A built page as the preview serves it: reload script injected, CSP widened for it."""

    def widen(match: re.Match[bytes]) -> bytes:
        policy = allow_live_reload(match[2].decode("utf-8"))
        return match[1] + policy.replace("&", "&amp;").replace('"', "&quot;").encode() + match[3]

    html = _CSP_META.sub(widen, html, count=1)
    head_end = _HEAD_END.search(html)
    at = head_end.start() if head_end else len(html)
    return html[:at] + reload_head(build_id) + html[at:]


def error_page(build: Build, path: str) -> bytes:
    """The page every HTML address shows while the latest rebuild has failed."""
    count = len(build.errors)
    items = "\n".join(f"<li><pre>{escape(str(error))}</pre></li>" for error in build.errors)
    if build.files:
        link = LAST_GOOD + quote(path if path.startswith("/") else "/" + path)
        last_good = (
            "<p>The last good build is still served: "
            f'<a href="{escape(link)}">this page as it was</a>.</p>'
        )
    else:
        last_good = "<p>No build has succeeded since the preview started.</p>"
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed: {count} error{"s" if count != 1 else ""} · explainer serve</title>
<meta http-equiv="Content-Security-Policy" content="{policy}">
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; }}
h1 {{ color: #a00; font-size: 1.4rem; }}
li {{ margin: 0 0 1rem; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; padding: .5rem;
      background: #fff3f3; border-left: 4px solid #a00; color: #222; }}
</style>
{reload_head(build.build_id).decode()}</head>
<body>
<h1>The site did not build: {count} error{"s" if count != 1 else ""}</h1>
<p>Fix the files and save: this page reloads by itself.</p>
{last_good}
<ol class="errors">
{items}
</ol>
</body>
</html>
"""
    return page.encode("utf-8")


def site_file(files: Mapping[str, bytes], path: str) -> str | None:
    """The file a URL path names: `/x/` is `x/index.html`; None if there is none."""
    name = path.lstrip("/")
    if name == "" or name.endswith("/"):
        name += "index.html"
    return name if name in files else None


def serve_from(build: Build, path: str, prefix: str = "") -> Response:
    """A path of the site, from the last good files (prefix: where the files are mounted)."""
    name = site_file(build.files, path)
    if name is None and not path.endswith("/") and site_file(build.files, path + "/"):
        return Response(301, PLAIN, b"", location=quote(prefix + path + "/"))
    if build.failed and not prefix and (name is None or name.endswith(".html")):
        return Response(500, HTML, error_page(build, path))
    if name is None:
        not_found = build.files.get("404.html")
        if not_found is None:
            return Response(404, PLAIN, b"not found: no build has succeeded yet\n")
        return Response(404, HTML, with_live_reload(not_found, build.build_id))
    body = build.files[name]
    if name.endswith(".html"):
        body = with_live_reload(body, build.build_id)
    return Response(200, content_type(name), body)


def patch_answer(current: Build, previous: Build | None, since: str, path: str) -> Response:
    """What changed in the page at `path` since the build `since` that it shows: JSON,
    `{"build": id, "patches": [[selector, html], ...]}`, or `{"build": id}` alone
    when the page must reload (it shows an older build, an error page, or changes
    that cannot be swapped in)."""
    patches: list[tuple[str, str]] | None = None
    name = site_file(current.files, path)
    if current.failed or name is None or not name.endswith(".html"):
        patches = None
    elif since == current.build_id:
        patches = []
    elif previous is not None and since == previous.build_id and not previous.failed:
        old = previous.files.get(name)
        if old is not None:
            patches = page_patches(old, current.files[name])
    answer: dict[str, object] = {"build": current.build_id}
    if patches is not None:
        answer["patches"] = patches
    return Response(200, JSON, json.dumps(answer, ensure_ascii=False).encode("utf-8"))


def respond(build: Build, path: str) -> Response:
    """The answer to a GET of an (unquoted) URL path, other than the event stream."""
    if path == RELOAD_JS:
        return Response(200, CONTENT_TYPES[".js"], RELOAD_SCRIPT)
    if path == LAST_GOOD or path.startswith(LAST_GOOD + "/"):
        inner = path[len(LAST_GOOD) :]
        if not inner:
            return Response(301, PLAIN, b"", location=LAST_GOOD + "/")
        return serve_from(build, inner, prefix=LAST_GOOD)
    return serve_from(build, path)


# --- HTTP ----------------------------------------------------------------------------


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server over a SiteState; one thread per request."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: SiteState) -> None:
        self.state = state
        if ":" in address[0]:
            self.address_family = AF_INET6
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up in DNS, which can be slow.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers from memory: the site, the reload script, and the event stream."""

    server: PreviewServer
    server_version = "explainer-serve"

    def do_GET(self) -> None:  # the name http.server calls
        self.answer(head=False)

    def do_HEAD(self) -> None:
        self.answer(head=True)

    def answer(self, head: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query)
        since = query.get("since", [""])[0]
        if path == EVENTS and not head:
            self.stream_events(since)
            return
        if path == PATCH:
            current, previous = self.server.state.current_and_previous
            response = patch_answer(current, previous, since, query.get("path", [""])[0])
        else:
            response = respond(self.server.state.current, path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def stream_events(self, since: str) -> None:
        """Server-sent events: one `data: <build id>` after each rebuild, until stopped."""
        state = self.server.state
        # A page that says which build it shows is told at once if that is no longer current.
        seen = since or state.current.build_id
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not state.stopped:
                build_id = state.wait_for_build(seen, KEEPALIVE_SECONDS)
                if state.stopped:
                    break
                if build_id is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"data: {build_id}\n\n".encode())
                    seen = build_id
                self.wfile.flush()
        except OSError:  # the page went away
            return

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds, not requests."""


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


def display_host(host: str) -> str:
    """The host part of the preview's address, as a browser is given it."""
    if host in ("", "0.0.0.0", "::"):
        return "localhost"
    return f"[{host}]" if ":" in host else host


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
        inputs = self.inputs
        try:
            files, _ = render_project(
                inputs.content,
                inputs.seeds,
                inputs.templates,
                self.url,
                self.memo,
                inputs.max_file_bytes,
            )
        finally:
            self.memo.save()  # what this rebuild used is what the next one finds
        return files

    def rebuild(self, verb: str = "rebuilt") -> bool:
        """Build once and publish the result; print the time or the errors."""
        started = time.perf_counter()
        try:
            files = self.render()
        except ContentErrors as failure:
            errors = tuple(failure.errors)
        except Exception as error:  # a broken template must not stop the preview
            traceback.print_exc(file=self.err)
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
            print(f"explainer: stopped watching for changes: {error}", file=self.err, flush=True)
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
    reason = error.strerror or str(error)
    return f"explainer: cannot listen on {host}:{port}: {reason}"


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
