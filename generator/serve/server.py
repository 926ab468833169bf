"""The preview's HTTP server: one thread per request, each answered from the
SiteState in memory (the site, the reload script, /__explainer/patch), and the
event stream that tells every open page of each rebuild.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import AF_INET6
from socketserver import TCPServer
from urllib.parse import parse_qs, unquote, urlsplit

from generator.serve.builds import SiteState
from generator.serve.live_reload import EVENTS, PATCH
from generator.serve.responses import patch_answer, respond

KEEPALIVE_SECONDS = 15.0  # an idle event stream writes this often, to notice closed tabs


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
