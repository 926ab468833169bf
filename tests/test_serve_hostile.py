"""The preview server left running: redirects stay on the site, disconnects are quiet,
idle connections time out, connections are bounded, Ctrl-C is prompt."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest

from generator.serve.preview import Preview
from generator.serve.server import PreviewHandler
from tests.conftest import REPO, Project
from tests.test_serve import CLI_AS_IN_A_TERMINAL, fetch, wait_for


def get(preview: Preview, path: str) -> http.client.HTTPResponse:
    """GET a raw path (not normalised by a URL library); the answer read."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=5)
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def idle(port: int) -> socket.socket:
    """A connection that sends nothing."""
    return socket.create_connection(("127.0.0.1", port), timeout=5)


def closed_by_server(client: socket.socket) -> bool:
    """Whether the server has closed the connection (waiting a twentieth of a second)."""
    client.settimeout(0.05)
    try:
        return client.recv(1, socket.MSG_PEEK) == b""
    except TimeoutError:  # nothing to read, still open
        return False
    except ConnectionError:
        return True


@contextmanager
def idle_connections(port: int, count: int) -> Iterator[list[socket.socket]]:
    with ExitStack() as stack:
        yield [stack.enter_context(idle(port)) for _ in range(count)]


def test_no_redirect_leaves_the_site(preview: Preview) -> None:
    for path in ("/%2f%2fsources", "//sources", "/%2F%2F%2Fsources", "/%5c%5csources"):
        answer = get(preview, path)
        if answer.status == 301:
            assert answer.headers["Location"] == "/sources/", path
        else:
            assert answer.status == 404, path
    assert get(preview, "/%2f%2fsources").status == 301
    for path in ("/timeline", "/__explainer/last-good", "/__explainer/last-good//timeline"):
        location = get(preview, path).headers["Location"]
        assert location.startswith("/") and location[1] not in "/\\", (path, location)


def test_a_client_that_goes_away_is_quiet(
    preview: Preview, capfd: pytest.CaptureFixture[str]
) -> None:
    for path in (b"/", b"/data/explainer.json", b"/__explainer/events"):
        client = idle(preview.server.server_port)
        client.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        # Closed with a reset, not a goodbye: the server's next read or write fails.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    time.sleep(0.5)
    assert fetch(preview.url).status == 200
    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Error" not in err, err


def test_idle_connections_time_out(preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    assert PreviewHandler.timeout is not None and PreviewHandler.timeout <= 10
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)  # as the preview has it, but sooner
    started = time.monotonic()
    with idle(preview.server.server_port) as client:
        assert client.recv(1) == b""  # closed by the server
    assert time.monotonic() - started < 4


def test_a_request_that_trickles_in_times_out(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A header line every 0.2 s kept each read within its time limit: the connection
    (and its slot) was held for as long as the client went on."""
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)  # as the preview has it, but sooner
    started = time.monotonic()
    with idle(preview.server.server_port) as client:
        client.sendall(b"GET / HTTP/1.1\r\n")
        while not closed_by_server(client) and time.monotonic() - started < 4:
            time.sleep(0.2)
            try:
                client.sendall(b"X-Slow: 1\r\n")
            except OSError:  # refused: the server closed the connection
                break
    assert time.monotonic() - started < 2
    assert fetch(preview.url).status == 200  # an ordinary request is answered as before


def test_connections_are_bounded_and_the_rest_told_to_retry(preview: Preview) -> None:
    preview.server.slots = threading.BoundedSemaphore(4)
    port = preview.server.server_port
    before = threading.active_count()
    with idle_connections(port, 4):
        wait_for(lambda: threading.active_count() == before + 4, "a thread per connection")
        with idle_connections(port, 20) as refused:
            for client in refused:
                assert client.recv(100).startswith(b"HTTP/1.1 503 "), "told to retry"
        assert threading.active_count() == before + 4
    wait_for(lambda: fetch(preview.url).status == 200, "a free slot once they close")


def test_ctrl_c_stops_at_once_with_clients_connected(project: Project) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", CLI_AS_IN_A_TERMINAL]
        + ["serve", "--content", str(project.content), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=project.root,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)},
    ) as process:
        assert process.stdout is not None
        try:
            line = ""
            while not line.startswith("serving "):
                line = process.stdout.readline()
                assert line, "the preview did not start"
            port = int(line.split()[1].rstrip("/").rpartition(":")[2])
            with idle_connections(port, 10), idle(port) as stream:
                stream.sendall(b"GET /__explainer/events HTTP/1.1\r\nHost: x\r\n\r\n")
                assert stream.recv(100).startswith(b"HTTP/1.0 200")
                time.sleep(0.2)
                started = time.monotonic()
                process.send_signal(signal.SIGINT)
                assert process.wait(timeout=10) == 0
                assert time.monotonic() - started < 1.0
        finally:
            if process.poll() is None:
                process.kill()
        _, err = process.communicate()
    assert "Traceback" not in err, err
