"""The templates a story is rendered with, and the files they ship (stylesheet, icon)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, ContentErrors, Location

BUNDLED_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
STYLESHEET = "assets/style.css"
FAVICON = "assets/favicon.svg"


@dataclass(frozen=True)
class Templates:
    """A templates folder and the assets it ships."""

    folder: Path
    stylesheet: bytes
    favicon: bytes


def find_templates(content_dir: Path, templates_dir: Path | None) -> Path:
    """The templates to use: as given, else the project's own, else the generator's."""
    if templates_dir is not None:
        return templates_dir
    beside = content_dir.parent / "templates"
    return beside if beside.is_dir() else BUNDLED_TEMPLATES


def load_templates(folder: Path) -> Templates:
    """A templates folder with its assets read."""
    return Templates(folder, read_asset(folder, STYLESHEET), read_asset(folder, FAVICON))


def read_asset(templates: Path, name: str) -> bytes:
    """A file the templates ship, or an error naming it."""
    path = templates / name
    try:
        return path.read_bytes()
    except OSError:
        raise ContentErrors([ContentError(Location(str(path)), "asset not found")]) from None
