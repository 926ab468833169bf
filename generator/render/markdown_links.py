"""Where a link written in Markdown may point: the site's own links made relative, a
few safe schemes kept, anything else dropped. And where a picture's file is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from generator.plan.kinds import lookups
from generator.plan.links import href, kept_as_written, kind_href, page_dir, site_link


def policy_href(written: str) -> str | None:
    """Where a link written in Markdown may point, or None when it must not be a link.

    Site links (`event:id`, `page:timeline`) become relative, with ROOT_MARK for
    the page's root; http(s), mailto and in-page links stay; anything else
    (javascript:, data:, vbscript:, relative paths that leave the site) is dropped,
    which the checks report first (validate/dropped_links.py).
    """
    target = written.strip()
    linked = site_link(target)
    if linked is None:
        return target if kept_as_written(target) else None
    scheme, rest = linked
    if scheme != "page":
        return kind_href(ROOT_MARK, scheme, rest)
    return href(ROOT_MARK, rest) if rest in lookups().paths else None


# Site links are rendered with this mark where the page's path back to the site
# root belongs; the mark is replaced per page. So the HTML of a text does not
# depend on the page it appears on, and can be cached and rendered in parallel.
ROOT_MARK = "\x00root\x00"

# A site link as policy_href writes it: the mark, a page's folder, an anchor.
_MARKED_LINK = re.compile(re.escape(ROOT_MARK) + r'([a-z0-9_/-]*)#([^"]+)"')


def relocated(html: str, holder: Mapping[tuple[str, str], str]) -> str:
    """A text's HTML with each link into an item of a split page sent to the part that
    holds it (plan/parts.py). Done per page, not where the text is rendered: so a
    text's HTML, kept between builds, does not depend on where its items are."""
    names = {page_dir(name): name for name in lookups().paths}

    def moved(link: re.Match[str]) -> str:
        folder = holder.get((names.get(link[1], ""), link[2]))
        return link[0] if folder is None else f'{ROOT_MARK}{folder}#{link[2]}"'

    return _MARKED_LINK.sub(moved, html)


class Figure(NamedTuple):
    """A picture of the article as the page shows it: where its file is in the site
    (a name carrying a digest of its bytes: render/site.py), and its size."""

    name: str
    width: int
    height: int


NO_FIGURES: Mapping[str, Figure] = MappingProxyType({})  # a story without pictures
