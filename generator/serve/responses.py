"""The preview's answers, as pure functions of a Build and a path: the site's files
(pages with live reload added), the error page while the latest rebuild has failed,
the last good build under /__explainer/last-good/, the reload script, and what
/__explainer/patch says changed in a page.

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

import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from generator.serve.builds import Build
from generator.serve.live_patch import page_patches
from generator.serve.live_reload import (
    LAST_GOOD,
    RELOAD_JS,
    RELOAD_SCRIPT,
    reload_head,
    with_live_reload,
)

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


def redirect(path: str) -> Response:
    """A 301 to a path of this site. One leading slash: a browser takes `//host/` (or
    `/\\host/`) to another site, and `/%2f%2fx` is unquoted to `//x`."""
    return Response(301, PLAIN, b"", location=quote("/" + path.lstrip("/\\")))


def serve_from(build: Build, path: str, prefix: str = "") -> Response:
    """A path of the site, from the last good files (prefix: where the files are mounted)."""
    name = site_file(build.files, path)
    if name is None and not path.endswith("/") and site_file(build.files, path + "/"):
        return redirect(prefix + path + "/")
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
            return redirect(LAST_GOOD + "/")
        return serve_from(build, inner, prefix=LAST_GOOD)
    return serve_from(build, path)
