"""Helpers for the browser and validator tests: the real site, external tools, a server."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest

from generator.build import build_site

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
ARTIFACTS = REPO / "test-artifacts"


def in_ci() -> bool:
    """CI sets CI=true: there, a missing tool is a failure, not a reason to skip."""
    return os.environ.get("CI", "").lower() == "true"


def missing_tool(message: str) -> NoReturn:
    """Skip the test because a tool is not installed; fail instead under CI=true."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: the tools must be installed, see .ci/run)")
    pytest.skip(message)


def build_real_site(out_dir: Path) -> Path:
    """Build the real story from content/ and seeds/ into out_dir."""
    build_site(REPO / "content", REPO / "seeds", None, out_dir)
    return out_dir


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site; a missing address gets 404.html's body with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(str(self.directory)) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


class QuietServer(http.server.ThreadingHTTPServer):
    """A threaded server that does not print a traceback when the browser hangs up early."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yield the base URL, ending in '/'."""
    handler = functools.partial(SiteHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
