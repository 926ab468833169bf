"""The templates a story is rendered with, read whole before rendering: their sources
(which the render stage compiles, and digests to key what it keeps) and the files
they ship (stylesheet, icon).

A story's own templates folder overrides the built-in theme file by file: each of
its files stands in for the theme's of the same name, and the theme gives the rest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location
from generator.load.font_characters import font_characters

# The built-in theme: the repository's templates/, which the package holds as
# generator/theme (a link in a checkout, the files themselves once installed).
BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent / "theme"
STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"
# The font the share images are drawn in (render/share_image.py): DejaVu Sans Bold,
# for its wide coverage (Latin with Turkish, Greek, Cyrillic); a story's own
# templates/assets/share-font.ttf replaces it, e.g. with one for its script.
SHARE_FONT = "assets/share-font.ttf"
ASSETS = "assets"  # files the site ships as they are, not templates


@dataclass(frozen=True)
class Templates:
    """A templates folder as read: each template's source by name, and its assets."""

    folder: Path
    sources: dict[str, str]
    stylesheet: bytes
    favicon: bytes
    share_font: bytes = b""
    # The folder each template came from, where it is not `folder` (the theme's).
    origins: dict[str, Path] = field(default_factory=dict)

    def filename(self, name: str) -> str:
        """Where a template was read from, for error messages."""
        return str(self.origins.get(name, self.folder) / name)


def find_templates(content_dir: Path, templates_dir: Path | None) -> Path:
    """The templates to use: as given, else the project's own, else the generator's."""
    if templates_dir is not None:
        return templates_dir
    beside = content_dir.parent / "templates"
    return beside if beside.is_dir() else BUNDLED_TEMPLATES


def load_templates(folder: Path, theme: Path = BUNDLED_TEMPLATES) -> Templates:
    """A templates folder read whole (subfolders reached through links too), over the
    theme: each of its files in place of the theme's of the same name."""
    own = template_sources(folder)
    if os.path.realpath(folder) == os.path.realpath(theme):
        stylesheet, favicon, font = (folder / name for name in (STYLESHEET, FAVICON, SHARE_FONT))
        return Templates(folder, own, read_file(stylesheet), read_file(favicon), read_font(font))
    sources = template_sources(theme)
    origins = {name: theme for name in sources if name not in own}
    sources.update(own)
    stylesheet, favicon, font = (
        folder / name if (folder / name).is_file() else theme / name
        for name in (STYLESHEET, FAVICON, SHARE_FONT)
    )
    return Templates(
        folder, sources, read_file(stylesheet), read_file(favicon), read_font(font), origins
    )


def template_sources(folder: Path) -> dict[str, str]:
    """Every template under a folder (every text file but the assets), by its name as
    templates name it (`partials/event.html`). A file that is not UTF-8 text is no
    template: left out (a template naming it is then an error)."""
    sources: dict[str, str] = {}
    for here, folders, files in os.walk(folder, followlinks=True):
        if links_back_up(folder, Path(here)):
            folders.clear()
            continue
        folders.sort()
        for file in sorted(files):
            path = Path(here) / file
            name = path.relative_to(folder).as_posix()
            if name.startswith(ASSETS + "/"):
                continue
            try:
                sources[name] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            except OSError as error:
                raise ContentErrors(
                    [ContentError(Location(str(path)), f"template cannot be read: {error}")]
                ) from None
    return sources


def links_back_up(folder: Path, here: Path) -> bool:
    """Whether a folder inside `folder` is one of the folders it is inside (reached
    through a link): walking it would go round for ever."""
    parts = here.relative_to(folder).parts
    real = os.path.realpath(here)
    return any(os.path.realpath(folder.joinpath(*parts[:n])) == real for n in range(len(parts)))


def read_font(path: Path) -> bytes:
    """The share images' font, or an error naming it."""
    data = read_file(path)
    if font_characters(data) is None:
        message = "not a TrueType or OpenType font with a Unicode character map"
        raise ContentErrors([ContentError(Location(str(path)), message)])
    return data


def read_file(path: Path) -> bytes:
    """A file the templates ship, or an error naming it."""
    try:
        return path.read_bytes()
    except OSError:
        raise ContentErrors([ContentError(Location(str(path)), "asset not found")]) from None
