"""Pictures the article shows: where their files live and which kinds are accepted."""

from __future__ import annotations

from dataclasses import dataclass

# Pictures live in this folder of the content folder, and the article names them by
# their path from the article: `![...](media/tram.jpg "Credit: ...")`, which is also
# where any Markdown previewer (an editor's, GitHub's) looks for them.
MEDIA_FOLDER = "media"

# The kinds of picture accepted, by file suffix (lowercase): what every browser shows.
# SVG is left out on purpose: an SVG file is a document that may hold scripts, which
# run in the site's own origin when a reader opens the file by itself (the page's
# Content-Security-Policy does not cover it).
IMAGE_KINDS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WebP"}


@dataclass(frozen=True)
class Image:
    """A picture file the article shows, as read: its bytes, and its size in pixels as
    the file's header gives it (as shown: a JPEG's rotation applied)."""

    path: str  # as the article names it: 'media/tram.jpg'
    data: bytes
    width: int
    height: int
