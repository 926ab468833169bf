"""Live reload, for `explainer serve`: the script every page it serves is given, and
the changes to a page's head that let that script run.

Live reload exists only in the preview: every HTML response gets a small script before
</head>, and its Content-Security-Policy is widened to let that script run and
listen to /__explainer/events. The server sends an event after each rebuild,
whether it succeeded or failed. The page then asks /__explainer/patch what
changed in it since the build it shows: when the changes lie in elements with an
id (an event, an actor, a quoted passage: live_patch.page_patches), it swaps
those elements in place, which is much faster than parsing a long page again;
otherwise it reloads itself.
"""

from __future__ import annotations

import re
from html import escape

PREFIX = "/__explainer"
RELOAD_JS = f"{PREFIX}/reload.js"
EVENTS = f"{PREFIX}/events"
PATCH = f"{PREFIX}/patch"
LAST_GOOD = f"{PREFIX}/last-good"
RELOAD_TAG = f'<script src="{RELOAD_JS}"></script>'

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

_CSP_META = re.compile(
    rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE
)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


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
