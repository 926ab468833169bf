"""The preview's HTTP server: one thread per connection, each answered from the
SiteState in memory (the site, the reload script, /__explainer/patch), and the
event stream that tells every open page of each rebuild.

It is fit to leave running: an idle connection is closed after IDLE_SECONDS, and
so is one whose request has not all come by then, however slowly it trickles in;
at most MAX_CONNECTIONS are served at once (more are told to retry), and a client
that goes away in the middle of an answer is no error.
"""

from __future__ import annotations

import io
import math
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import AF_INET6, socket
from socketserver import TCPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from _socket import _RetAddress
    from socketserver import _RequestType

from generator.serve.builds import SiteState
from generator.serve.live_reload import EVENTS, PATCH
from generator.serve.responses import patch_answer, respond

KEEPALIVE_SECONDS = 15.0  # an idle event stream writes this often, to notice closed tabs
IDLE_SECONDS = 5.0  # a connection that sends nothing this long is closed (its thread freed)
# Connections served at once, each a thread: a browser opens about six per tab, and
# an event stream per open page. Enough for a writer's tabs; not 600 idle sockets.
MAX_CONNECTIONS = 64
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
)


# --- HTTP ----------------------------------------------------------------------------


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server over a SiteState; one thread per request."""

    daemon_threads = True
    # Connections the system holds until they are accepted; socketserver's 5 drops
    # the rest of a burst, and each dropped one waits a second or more to retry.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], state: SiteState) -> None:
        self.state = state
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        if ":" in address[0]:
            self.address_family = AF_INET6
        super().__init__(address, PreviewHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up in DNS, which can be slow.
        TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: _RequestType, client_address: _RetAddress) -> None:
        """Serve a connection in a thread of its own, if one of the slots is free."""
        if not self.slots.acquire(blocking=False):
            self.refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: _RequestType, client_address: _RetAddress) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def refuse(self, request: _RequestType) -> None:
        """Tell a connection beyond MAX_CONNECTIONS to retry, without a thread for it."""
        if not isinstance(request, tuple):
            try:
                request.settimeout(1.0)  # the accepting thread must not wait on a client
                request.sendall(BUSY)
            except OSError:  # the client is gone or not reading: it is refused either way
                pass
        self.shutdown_request(request)

    def handle_error(self, request: _RequestType, client_address: _RetAddress) -> None:
        """A client that goes away mid-answer is routine; anything else is a bug to show."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class RequestReader(io.RawIOBase):
    """A connection's bytes as a request is read: all of its head must come before a
    deadline. A time limit on each read alone let a client that sends a byte every
    few seconds hold a connection, and its slot, for ever (and 64 such, the server)."""

    def __init__(self, connection: socket, timeout: float) -> None:
        self.connection = connection
        self.timeout = timeout
        self.deadline = math.inf

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request came too slowly")
        self.connection.settimeout(min(left, self.timeout))
        try:
            return self.connection.recv_into(buffer)
        finally:
            self.connection.settimeout(self.timeout)  # for the answer's writes


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers from memory: the site, the reload script, and the event stream."""

    server: PreviewServer
    server_version = "explainer-serve"
    timeout = IDLE_SECONDS  # on every read and write; http.server closes the connection

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the connection's own reader, replaced by one with a deadline
        self.request_reader = RequestReader(self.connection, self.timeout or IDLE_SECONDS)
        self.rfile = io.BufferedReader(self.request_reader)

    def handle_one_request(self) -> None:
        """Read a request, whose head must all come within the timeout, and answer it."""
        self.request_reader.deadline = time.monotonic() + (self.timeout or IDLE_SECONDS)
        super().handle_one_request()

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
