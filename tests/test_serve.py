"""`explainer serve`: the site from memory, rebuilt on every change, with live reload."""

from __future__ import annotations

import http.client
import io
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import TypeVar

import pytest

from generator.build import render_project
from generator.errors import ContentError, Location
from generator.load.templates import find_templates
from generator.memo.memo import Memo
from generator.render.site import hashed_name
from generator.serve.builds import Build
from generator.serve.live_reload import RELOAD_TAG, allow_live_reload, with_live_reload
from generator.serve.preview import Inputs, Preview
from generator.serve.responses import content_type, respond
from tests.conftest import FIXTURES, REPO, Project, Run
from tests.pictures import add_picture, png

T = TypeVar("T")
POLL_SECONDS = 5.0  # the longest any test waits for a rebuild to show
LIVE_RELOAD_CSP = "script-src 'self'; connect-src 'self'"

# Never through a proxy: the preview is on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Page:
    status: int
    headers: Message
    text: str


def fetch(url: str) -> Page:
    """GET a URL; error statuses are answers too."""
    try:
        with OPENER.open(url, timeout=5) as response:
            return Page(response.status, response.headers, response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        with error:
            return Page(error.code, error.headers, error.read().decode("utf-8"))


def wait_for(check: Callable[[], T | None], what: str, timeout: float = POLL_SECONDS) -> T:
    """Poll until check() gives a truthy value; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def output(preview: Preview) -> str:
    out, err = preview.out, preview.err
    assert isinstance(out, io.StringIO) and isinstance(err, io.StringIO)
    return out.getvalue() + err.getvalue()


# --- Serving -------------------------------------------------------------------------


def test_pages_are_served_with_live_reload(preview: Preview) -> None:
    for path in ("", "timeline/"):
        page = fetch(preview.url + path)
        assert page.status == 200, path
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        head, _, body = page.text.partition("</head>")
        assert RELOAD_TAG in head, path
        assert '<meta name="explainer-build"' in head
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', head)
        assert policy is not None
        directives = {d.split()[0]: d.split()[1:] for d in policy[1].split("; ")}
        assert directives["script-src"] == directives["connect-src"] == ["'self'"]
        assert directives["default-src"] == ["'none'"]  # the page's own policy is kept
        assert RELOAD_TAG not in body
    assert "Council chooses Nordbahn" in fetch(preview.url + "timeline/").text
    assert "built in" in output(preview)


def test_paths_content_types_and_404(preview: Preview) -> None:
    index = fetch(preview.url)
    stylesheet = index.text.split('<link rel="stylesheet" href="')[1].split('"')[0]
    css = fetch(preview.url + stylesheet)
    assert css.status == 200
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert fetch(preview.url + "data/explainer.json").headers["Content-Type"] == (
        "application/json"
    )
    assert fetch(preview.url + "timeline/index.html").status == 200
    script = fetch(preview.url + "__explainer/reload.js")
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in script.text and "/__explainer/events" in script.text

    missing = fetch(preview.url + "no/such/page")
    assert missing.status == 404
    assert "Page not found" in missing.text and RELOAD_TAG in missing.text

    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=5)
    try:
        connection.request("GET", "/timeline")
        moved = connection.getresponse()
        moved.read()
        assert moved.status == 301 and moved.headers["Location"] == "/timeline/"
    finally:
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=5)
    try:
        connection.request("HEAD", "/")
        head = connection.getresponse()
        assert head.status == 200 and head.read() == b""
        assert int(head.headers["Content-Length"]) == len(index.text.encode())
    finally:
        connection.close()


def test_a_picture_is_served_and_a_new_file_picked_up(project: Project, preview: Preview) -> None:
    """A picture's file is served as it was read, with its type; new bytes, a new name."""
    data = png(8, 6)
    add_picture(project.content, data)
    name = hashed_name("media/tram.png", data)
    wait_for(lambda: f'src="{name}"' in fetch(preview.url).text, "the picture")
    with OPENER.open(preview.url + name, timeout=5) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read() == data
    newer = png(8, 6, shade=1)
    (project.content / "media" / "tram.png").write_bytes(newer)
    newer_name = hashed_name("media/tram.png", newer)
    wait_for(lambda: f'src="{newer_name}"' in fetch(preview.url).text, "the new picture")


def test_published_files_have_no_live_reload(project: Project) -> None:
    files, _ = render_project(project.content, project.seeds, None, None, Memo())
    committed = {str(p): p.read_bytes() for p in (REPO / "site").rglob("*.html")}
    for name, data in {**files, **committed}.items():
        assert b"__explainer" not in data, name
        # (connect-src 'self' is the published policy's own: crawlers read robots.txt.)
        assert b"script-src" not in data, name


# --- Rebuilding ------------------------------------------------------------------------


def test_edits_breakage_and_new_and_deleted_files_are_picked_up(
    project: Project, preview: Preview
) -> None:
    before = files_under(FIXTURES / "tram")
    timeline = preview.url + "timeline/"
    stylesheet = fetch(preview.url).text.split('<link rel="stylesheet" href="')[1].split('"')[0]

    project.edit("events.yaml", "title: First trams due", "title: First trams now due in June")
    wait_for(lambda: "First trams now due in June" in fetch(timeline).text, "the new title")
    assert "rebuilt in" in output(preview)

    # Broken: every HTML address shows the errors, where they are and how to fix them.
    project.edit("events.yaml", "status: happened", "status: <done>")
    line = project.line_of("events.yaml", "status: <done>")
    broken = wait_for(lambda: (p := fetch(timeline)).status == 500 and p, "the error page")
    assert f"events.yaml:{line}:11: status: &#x27;&lt;done&gt;&#x27; is not an event" in broken.text
    assert "&lt;done&gt;" in broken.text and "<done>" not in broken.text
    assert RELOAD_TAG in broken.text and LIVE_RELOAD_CSP in broken.text
    assert f"events.yaml:{line}:11:" in output(preview)
    assert fetch(preview.url + "no/such/page").status == 500
    # ... the last good build is still there, and so are the files pages use.
    assert 'href="/__explainer/last-good/timeline/"' in broken.text
    last_good = fetch(preview.url + "__explainer/last-good/timeline/")
    assert last_good.status == 200 and "First trams now due in June" in last_good.text
    assert RELOAD_TAG in last_good.text
    assert fetch(preview.url + stylesheet).status == 200

    project.edit("events.yaml", "status: <done>", "status: happened")
    wait_for(lambda: fetch(timeline).status == 200, "the fixed site")

    # A new event.
    with (project.content / "events.yaml").open("a", encoding="utf-8") as events:
        events.write(
            "- id: rival-price\n"
            '  date: "2024-03"\n'
            "  status: reported\n"
            "  title: Rival names its price\n"
            "  summary: Ferrocarril Sur said its bid would have cost €190m.\n"
            "  actors: [ferrocarril-sur]\n"
            "  citations:\n"
            "    - source: courier\n"
            "      quote: its tram bid would have cost €190m\n"
            "      speaker: ferrocarril-sur\n"
        )
    wait_for(lambda: 'id="rival-price"' in fetch(timeline).text, "the new event")

    # An actor no one refers to (once the quote names her in words), removed.
    actors = preview.url + "actors/"
    assert 'id="ana-ruiz"' in fetch(actors).text
    project.edit("events.yaml", "speaker: ana-ruiz", "speaker_name: Ana Ruiz")
    text = (project.content / "actors.yaml").read_text(encoding="utf-8")
    project.write("actors.yaml", text[: text.index("- id: ana-ruiz")])
    wait_for(lambda: 'id="ana-ruiz"' not in (p := fetch(actors)).text and p.status == 200, "")

    # A deleted file is an error; putting it back is a new file, and the site returns.
    article = (project.content / "article.md").read_text(encoding="utf-8")
    (project.content / "article.md").unlink()
    missing = wait_for(lambda: (p := fetch(preview.url)).status == 500 and p, "the error page")
    assert "article.md" in missing.text
    project.write("article.md", article)
    wait_for(lambda: fetch(preview.url).status == 200, "the restored site")

    # Nothing was ever written into the project: no site/, no cache, no new files.
    assert files_under(project.root) == before


def test_first_build_may_fail(project: Project) -> None:
    project.edit("events.yaml", "status: happened", "status: done")
    inputs = Inputs(project.content, project.seeds, find_templates(project.content, None))
    running = Preview(inputs, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO())
    running.start()
    try:
        page = fetch(running.url)
        assert page.status == 500
        assert "No build has succeeded" in page.text
        assert RELOAD_TAG in page.text
        project.edit("events.yaml", "status: done", "status: happened")
        wait_for(lambda: fetch(running.url).status == 200, "the fixed site")
    finally:
        running.stop()


def test_an_unexpected_failure_is_shown_not_fatal(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = Inputs(project.content, project.seeds, find_templates(project.content, None))
    running = Preview(inputs, "127.0.0.1", 0, out=io.StringIO(), err=io.StringIO())
    try:
        assert running.rebuild()

        def broken() -> dict[str, bytes]:
            raise RuntimeError("a bug <here>\x1b]0;pwned\x07")

        monkeypatch.setattr(running, "render", broken)
        assert not running.rebuild()
        page = respond(running.state.current, "/")
        assert page.status == 500
        assert b"RuntimeError: a bug &lt;here&gt;" in page.body
        assert "Traceback" in output(running)  # a bug in the generator: shown in full
        assert "\x1b" not in output(running) and "\\x1b]0;pwned\\x07" in output(running)
        assert respond(running.state.current, "/__explainer/last-good/").status == 200
    finally:
        running.stop()


# --- Live reload events ---------------------------------------------------------------


def test_event_stream_tells_of_each_rebuild_and_ends_on_stop(
    project: Project, preview: Preview
) -> None:
    shown = preview.state.current.build_id
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=5)
    try:
        connection.request("GET", f"/__explainer/events?since={shown}")
        stream = connection.getresponse()
        assert stream.status == 200
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"retry: 1000\n" and stream.readline() == b"\n"
        project.edit("events.yaml", "title: First trams due", "title: Trams due")
        event = stream.readline()  # waits for the rebuild (the socket times out at 5 s)
        assert event.startswith(b"data: ") and event.strip() != f"data: {shown}".encode()
        assert stream.readline() == b"\n"
        preview.stop()
        assert stream.read() == b""  # the stream ended with the server
    finally:
        connection.close()


def test_a_page_from_an_older_build_is_told_at_once(preview: Preview) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", preview.server.server_port, timeout=5)
    try:
        connection.request("GET", "/__explainer/events?since=older-build")
        stream = connection.getresponse()
        stream.readline(), stream.readline()
        current = preview.state.current.build_id
        assert stream.readline() == f"data: {current}\n".encode()
    finally:
        connection.close()


def patch_of(preview: Preview, since: str, path: str) -> dict[str, object]:
    answer = fetch(f"{preview.url}__explainer/patch?since={since}&path={path}")
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("application/json")
    found: dict[str, object] = json.loads(answer.text)
    return found


def test_a_page_is_told_which_elements_changed(project: Project, preview: Preview) -> None:
    shown = preview.state.current.build_id
    assert patch_of(preview, shown, "/timeline/") == {"build": shown, "patches": []}
    project.edit("events.yaml", "title: First trams due", "title: First trams late")
    wait_for(lambda: preview.state.current.build_id != shown or None, "the rebuild")
    current = preview.state.current.build_id
    answer = patch_of(preview, shown, "/timeline/")
    assert answer["build"] == current
    patches = answer["patches"]
    assert isinstance(patches, list)
    selectors = [selector for selector, _html in patches]
    assert selectors == ['script[type="application/ld+json"]', '[id="first-trams"]']
    assert "<h3>First trams late</h3>" in patches[1][1]
    assert patches[1][1] in fetch(preview.url + "timeline/").text  # the element as served
    # A page showing an older build, an error page or no page at all reloads.
    assert patch_of(preview, "older-build", "/timeline/") == {"build": current}
    assert patch_of(preview, shown, "/no/such/page/") == {"build": current}
    project.edit("events.yaml", "status: happened", "status: done")
    wait_for(lambda: preview.state.current.failed or None, "the failed build")
    failed = preview.state.current.build_id
    assert patch_of(preview, current, "/timeline/") == {"build": failed}
    project.edit("events.yaml", "status: done", "status: happened")
    wait_for(lambda: not preview.state.current.failed or None, "the fixed build")
    assert "patches" not in patch_of(preview, failed, "/timeline/")


# --- The command ---------------------------------------------------------------------


# `python -m generator`, with Ctrl-C handled as in a terminal even when this test
# runs where SIGINT is ignored (a background job inherits SIG_IGN, and so would the
# server started from it).
CLI_AS_IN_A_TERMINAL = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_ctrl_c_stops_cleanly(project: Project, tmp_path: Path) -> None:
    errors = tmp_path / "stderr.txt"
    lines: queue.Queue[str] = queue.Queue()
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-c", CLI_AS_IN_A_TERMINAL]
            + ["serve", "--content", str(project.content), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=project.root,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)},
        ) as process,
    ):
        stdout = process.stdout
        assert stdout is not None
        reader = threading.Thread(target=lambda: [lines.put(line) for line in stdout])
        reader.start()
        try:
            deadline = time.monotonic() + 20
            line = ""
            while not line.startswith("serving "):
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert fetch(line.split()[1]).status == 200
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
            reader.join(timeout=5)
    assert "Traceback" not in errors.read_text()
    printed = [lines.get() for _ in range(lines.qsize())]
    assert printed[-1] == "stopped\n"
    assert files_under(project.root) == files_under(FIXTURES / "tram")


def test_a_port_in_use_is_a_usage_error(project: Project, run: Run) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--content", str(project.content), "--port", str(port))
    assert result.code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.err
    assert "--port" in result.err


def test_build_does_not_import_watchfiles() -> None:
    code = (
        "import sys, generator.build, generator.cli; "
        "sys.exit('watchfiles' in sys.modules or 'generator.serve.preview' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, timeout=60, check=False)
    assert done.returncode == 0


# --- The pieces ------------------------------------------------------------------------


def test_live_reload_widens_the_policy_only_as_needed() -> None:
    base = "default-src 'none'; style-src 'self'"
    assert allow_live_reload(base) == f"{base}; {LIVE_RELOAD_CSP}"
    assert allow_live_reload("script-src 'none'; connect-src https://x.example") == (
        "script-src 'self'; connect-src https://x.example 'self'"
    )
    assert allow_live_reload("script-src 'self';") == "script-src 'self'; connect-src 'self'"


def test_live_reload_goes_before_the_head_ends() -> None:
    html = (
        b'<head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'"></head>'
    )
    served = with_live_reload(html, "b-1").decode()
    assert served.endswith(f"{RELOAD_TAG}\n</head>")
    assert f"content=\"default-src 'none'; {LIVE_RELOAD_CSP}\"" in served
    assert with_live_reload(b"<p>no head</p>", "b-1").decode().endswith(f"{RELOAD_TAG}\n")


def test_content_types() -> None:
    assert content_type("a/b.svg") == "image/svg+xml"
    assert content_type("data/offers.csv") == "text/csv; charset=utf-8"
    assert content_type(".nojekyll") == "application/octet-stream"
    assert content_type("robots.txt") == "text/plain; charset=utf-8"


def test_error_page_lists_errors_with_hints() -> None:
    errors = (ContentError(Location("content/x.yaml", 3, 7), "bad 'value'", "write <it> right"),)
    build = Build("t-2", {"index.html": b"<html></html>"}, errors)
    page = respond(build, "/").body.decode()
    assert "content/x.yaml:3:7: bad &#x27;value&#x27;\n    hint: write &lt;it&gt; right" in page
    # A missing path would get the (HTML) 404 page, so it gets the error page instead.
    assert respond(build, "/robots.txt").status == 500
    # Other files come from the last good build.
    assert respond(Build("t-2", {"a.css": b"x"}, errors), "/a.css").body == b"x"
