"""Property test: every form of link, to targets that exist and to ones that do not.

Each example puts one to four links into the tram story, in the article's Markdown
and in Markdown fields of its YAML files (an event's summary, an actor's
description), each in one of the forms Markdown reads as a link (inline, with a
title, in angle brackets, with spaces inside, reference-style, collapsed and
shortcut references) or in angle brackets alone, which Python-Markdown makes a link
of only for an http(s) address: `<actor:x>` is shown as text.

The property: the build fails exactly when some link names an item the story does
not have, or a site link is written as `<actor:x>`; each error is located in a
content file, in the file holding the link; and `check` reaches the same verdict
with the same errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_support import (
    ORIGINAL,
    Variant,
    Workspace,
    assert_check_agrees,
    built_variant,
)
from tests.test_fuzz import budget

# {t}: the target; {r}: a label of the link's own for the reference forms.
INLINE_FORMS = {
    "inline": "[a]({t})",
    "titled": '[a]({t} "A title")',
    "single-quoted title": "[a]({t} 'A title')",
    "angle brackets": "[a](<{t}>)",
    "angle brackets, titled": '[a](<{t}> "A title")',
    "spaces inside": "[a](  {t} )",
    "title in parentheses": "[a]({t} (A title))",  # Markdown reads it into the target
}
REFERENCE_FORMS = {
    "reference": ("[a][{r}]", "[{r}]: {t}"),
    "reference, titled": ("[a][{r}]", '[{r}]: <{t}> "A title"'),
    "collapsed": ("[{r}][]", "[{r}]: {t}"),
    "shortcut": ("[{r}]", "[{r}]: {t}"),
    "label in capitals": ("[a][{R}]", "[{r}]: {t}"),
}
AUTOLINK = "<{t}>"
FORMS = [*INLINE_FORMS, *REFERENCE_FORMS, "autolink"]
FOUND = ["actor:nordbahn", "event:council-vote", "offer:sur-bid", "source:gazette"]
MISSING = ["actor:nobody", "event:nothing-here", "offer:no-bid", "source:nowhere"]
EXTERNAL = ["https://example.org/a?b=1", "mailto:desk@example.org", "page:offers"]
TARGETS = [*FOUND, *MISSING, *EXTERNAL]
SITE_SCHEMES = ("actor:", "event:", "offer:", "source:", "page:")
# Where a link goes: the file, and the text in it the link's paragraph follows.
PLACES = {
    "content/article.md": "## The choice\n",
    "content/events.yaml": "summary: Councillors will vote on the final budget.",
    "content/actors.yaml": "description: The rival bidder.",
}


def written(form: str, target: str, label: str) -> tuple[str, str]:
    """The link in the form, and its definition (or '') for the reference forms."""
    if form == "autolink":
        return AUTOLINK.format(t=target), ""
    if form in INLINE_FORMS:
        return INLINE_FORMS[form].format(t=target), ""
    use, definition = REFERENCE_FORMS[form]
    return use.format(r=label, R=label.upper()), definition.format(r=label, t=target)


@st.composite
def links(draw: st.DrawFn) -> tuple[Variant, list[tuple[str, str, str]]]:
    """The story with one to four links put in; and each one's (file, form, target)."""
    variant = Variant()
    placed = []
    texts = {name: ORIGINAL[name].decode("utf-8") for name in PLACES}
    anchors = dict(PLACES)  # where the next link in each file goes: after the last
    for number in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(PLACES)))
        form, target = draw(st.sampled_from(FORMS)), draw(st.sampled_from(TARGETS))
        link, definition = written(form, target, f"ref{number}")
        paragraph = f"See {link}." + (f"\n\n{definition}" if definition else "")
        anchor = anchors[name]
        if name.endswith(".md"):
            texts[name] = texts[name].replace(anchor, f"{anchor}\n{paragraph}\n\n", 1)
        else:  # the YAML value, as a double-quoted string with the paragraph added
            key, value = anchor.split(": ", 1)
            value = json.loads(value) if value.startswith('"') else value
            anchors[name] = f"{key}: " + json.dumps(f"{value}\n\n{paragraph}")
            texts[name] = texts[name].replace(anchor, anchors[name], 1)
        placed.append((name, form, target))
        variant.steps.append(f"{name}: {form} link to {target}")
    for name, text in texts.items():
        variant.files[name] = text.encode("utf-8")
    return variant, placed


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    space.close()


def faulty(name: str, form: str, target: str) -> bool:
    """Whether a link should fail the build: a missing item, a site link in angle
    brackets alone, which the page would show as text, or with a title in
    parentheses, which Markdown reads as part of the id."""
    site = target.startswith(SITE_SCHEMES)
    return target in MISSING or (form in ("autolink", "title in parentheses") and site)


@budget(150)
@given(case=links())
def test_link_forms_fail_exactly_when_a_target_is_missing(
    workspace: Workspace, case: tuple[Variant, list[tuple[str, str, str]]]
) -> None:
    variant, placed = case
    built = built_variant(workspace, variant)
    should_fail = {name for name, form, target in placed if faulty(name, form, target)}
    assert built.code == (1 if should_fail else 0), built.err
    for line in built.located():  # each error in a file holding a faulty link
        assert line.split(":", 1)[0].endswith(tuple(should_fail)), line
    assert_check_agrees(workspace, built)
