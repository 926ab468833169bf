"""Where a link written in Markdown may point: the site's own links made relative, a
few safe schemes kept, anything else dropped."""

from __future__ import annotations

from generator.plan.kinds import lookups
from generator.plan.links import href, kind_href

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def policy_href(written: str) -> str | None:
    """Where a link written in Markdown may point, or None when it must not be a link.

    Site links (`event:id`, `page:timeline`) become relative, with ROOT_MARK for
    the page's root; http(s), mailto and in-page links stay; anything else
    (javascript:, data:, vbscript:, relative paths that leave the site) is dropped.
    """
    target = written.strip()
    scheme, _, rest = target.partition(":")
    if scheme in lookups().page_of_scheme and rest:
        return kind_href(ROOT_MARK, scheme, rest)
    if scheme == "page" and rest in lookups().paths:
        return href(ROOT_MARK, rest)
    if target.lower().startswith(SAFE_SCHEMES) or target.startswith("#"):
        return target
    return None


# Site links are rendered with this mark where the page's path back to the site
# root belongs; the mark is replaced per page. So the HTML of a text does not
# depend on the page it appears on, and can be cached and rendered in parallel.
ROOT_MARK = "\x00root\x00"
