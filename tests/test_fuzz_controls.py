"""Property tests: control and bidi characters in every field of every content file.

Each example is the tram story with one to three values (any string value of any
YAML file, of the article's front matter, or a place in the article's Markdown) given
characters a terminal or a page acts on rather than shows: C0 and C1 controls, DEL,
escape sequences that retitle the window or clear the screen, and the bidi controls
that reorder what follows. Written as YAML escapes in a double-quoted value, or as
the raw characters in the file.

The property, for `build` and `check` alike: exit 0, or exit 1 with `path:line:col:`
errors, the two agreeing; nothing printed holds such a character, only its visible
escape; a built page holds no C0 control but tab and line breaks, and leaves no bidi
embedding, override or isolate open (a text's own closes with it, model/bidi.py);
a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.model.bidi import close_bidi, left_open
from tests.fuzz_support import (
    ARTICLE,
    ORIGINAL,
    Loader,
    Variant,
    Workspace,
    assert_check_agrees,
    built_variant,
)
from tests.test_fuzz import budget

ESCAPES = ["\x1b]0;pwned\x07\x1b[2J", "\x1b[1;32mok: 0 errors\x1b[8m", "\x1b[31m", "\x9b2J"]
BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]]
CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
HOSTILE = st.one_of(
    # Bidi characters alone, which a text may hold, so that most such examples build.
    st.lists(st.sampled_from(BIDI), min_size=1, max_size=4).map("".join),
    st.lists(st.sampled_from([*ESCAPES, *BIDI, *CONTROLS]), min_size=1, max_size=4).map("".join),
)
# What may never reach the terminal raw: every control but the line break, every bidi one.
RAW_IN_OUTPUT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + "".join(BIDI) + "]")
EVERY_YAML_FILE = sorted(n for n in ORIGINAL if n.startswith("content/") and n.endswith(".yaml"))
RAW_IN_PAGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def yaml_escaped(text: str) -> str:
    """A YAML double-quoted scalar of the text, every character outside printable
    ASCII written as an escape (a raw C1 control is no character YAML accepts)."""
    body = json.dumps(text)[1:-1]  # escapes quotes, backslashes and C0 controls
    return '"' + re.sub(r"[^\x20-\x7e]", lambda m: f"\\u{ord(m.group()):04x}", body) + '"'


def string_values(text: str) -> Iterator[yaml.ScalarNode]:
    """Every string value (not key) of a YAML document, as nodes with their positions."""
    stack = [yaml.compose(text, Loader=Loader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [value for _key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            yield node


def front_matter_span(text: str) -> tuple[int, int]:
    """Where the article's front matter lies: between its two `---` lines."""
    start = text.index("\n") + 1
    return start, text.index("\n---\n", start) + 1


@st.composite
def hostile_edits(draw: st.DrawFn) -> Variant:
    """The tram story with hostile characters in one to three values or places."""
    variant = Variant()
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([*EVERY_YAML_FILE, f"content/{ARTICLE}", f"content/{ARTICLE}"]))
        data = variant.files[name]
        assert isinstance(data, bytes)
        text, hostile = data.decode("utf-8"), draw(HOSTILE)
        start, end = (0, len(text))
        if name.endswith(ARTICLE):
            start, end = front_matter_span(text)
            if draw(st.booleans()):  # the Markdown body, raw
                at = draw(st.integers(end + 4, len(text)))
                variant.files[name] = (text[:at] + hostile + text[at:]).encode()
                variant.steps.append(f"{name}: {hostile!r} into the body at {at}")
                continue
        try:
            nodes = list(string_values(text[start:end]))
        except yaml.YAMLError:
            nodes = []  # an earlier raw edit broke the file: put this one anywhere
        if not nodes:
            at = draw(st.integers(start, end))
            variant.files[name] = (text[:at] + hostile + text[at:]).encode()
            variant.steps.append(f"{name}: {hostile!r} at {at}")
            continue
        node = draw(st.sampled_from(nodes))
        value, cut = node.value, draw(st.integers(0, len(node.value)))
        first, last = start + node.start_mark.index, start + node.end_mark.index
        if draw(st.booleans()) and node.style is None and "\n" not in text[first:last]:
            at = first + cut  # raw, in the value as written
            variant.files[name] = (text[:at] + hostile + text[at:]).encode()
            variant.steps.append(f"{name}: {hostile!r} raw into {value!r} at {cut}")
        else:
            quoted = yaml_escaped(value[:cut] + hostile + value[cut:])
            variant.files[name] = (text[:first] + quoted + text[last:]).encode()
            variant.steps.append(f"{name}: {value!r} -> {quoted}")
    return variant


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    space = Workspace()
    yield space
    space.close()


def assert_shown_not_acted_on(printed: str) -> None:
    raw = RAW_IN_OUTPUT.search(printed)
    assert raw is None, f"printed raw {raw.group()!r}: {printed[:2000]}"


def assert_pages_hold_no_controls(workspace: Workspace) -> None:
    for page in sorted(workspace.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        raw = RAW_IN_PAGE.search(html)
        assert raw is None, (
            f"{page.name}: raw {raw.group()!r} in {html[raw.start() - 80 :][:160]!r}"
        )
        assert left_open(html) == [], f"{page.name}: a bidi control left open"


@budget(200)
@given(variant=hostile_edits())
def test_control_and_bidi_characters_in_every_field(workspace: Workspace, variant: Variant) -> None:
    built = built_variant(workspace, variant)
    assert_shown_not_acted_on(built.out + built.err)
    if built.code == 0:
        assert_pages_hold_no_controls(workspace)
    checked = assert_check_agrees(workspace, built)
    assert_shown_not_acted_on(checked.out + checked.err)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_control_in_the_article_text_is_an_error_where_it_is(
    workspace: Workspace, command: str
) -> None:
    """Text fields refused controls, the article's Markdown passed them to the page."""
    variant = Variant()
    article = variant.files["content/article.md"]
    assert isinstance(article, bytes)
    variant.files["content/article.md"] = article.replace(b" for ", b" for \x1b]0;pwned\x07")
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build() if command == "build" else workspace.check()
    assert result.code == 1
    assert result.located()[0].endswith(
        "article.md:24:64: the article's text has control characters"
    )
    assert "\\x1b]0;pwned\\x07" not in result.err  # nor shown raw: not quoted at all
    assert_shown_not_acted_on(result.err)


def test_a_bidi_override_in_a_name_ends_with_the_name(workspace: Workspace) -> None:
    """`Ferrocarril <RLO>Sur: Tram line – Delivery`: the override turned what the page
    wrote after the name around too."""
    variant = Variant()
    actors = variant.files["content/actors.yaml"]
    assert isinstance(actors, bytes)
    renamed = b'name: "Ferrocarril \\u202eSur"'
    variant.files["content/actors.yaml"] = actors.replace(b"name: Ferrocarril Sur", renamed)
    workspace.reset()
    workspace.apply(variant)
    assert workspace.build().code == 0
    offers = (workspace.site / "offers" / "index.html").read_text(encoding="utf-8")
    assert "Ferrocarril \u202eSur\u202c: Tram line – Delivery" in offers
    assert_pages_hold_no_controls(workspace)


def test_what_a_text_leaves_open_is_closed_innermost_first() -> None:
    rlo, pdf, rli, pdi, lre = "\u202e", "\u202c", "\u2067", "\u2069", "\u202a"
    assert close_bidi(f"a{rlo}b") == f"a{rlo}b{pdf}"
    assert close_bidi(f"{rli}a{rlo}b{pdi}c") == f"{rli}a{rlo}b{pdi}c"  # the PDI closes both
    assert close_bidi(f"{pdf}a{pdi}") == f"{pdf}a{pdi}"  # closers of nothing do nothing
    assert close_bidi(f"{rli}{lre}x{pdf}{rlo}") == f"{rli}{lre}x{pdf}{rlo}{pdf}{pdi}"
    assert close_bidi(f"{rli}x{pdf}") == f"{rli}x{pdf}{pdi}"  # a PDF never closes an isolate
    assert close_bidi("Erdoğan – «ok»") == "Erdoğan – «ok»"


def test_a_quote_ending_inside_a_sources_override_still_matches(workspace: Workspace) -> None:
    """The quote's override is closed as it is read (it leaves it open), the source's
    is not: the closer is no part of the comparison, and the passage the page shows
    has its override closed too."""
    variant = Variant()
    seed, actors = variant.files["seeds/gazette.txt"], variant.files["content/actors.yaml"]
    assert isinstance(seed, bytes) and isinstance(actors, bytes)
    rlo = "\u202e".encode()
    variant.files["seeds/gazette.txt"] = seed.replace(b"Ruiz said.", b"Ruiz said " + rlo + b"so.")
    variant.files["content/actors.yaml"] = actors.replace(
        b"quote: Mayor Ana Ruiz said", b'quote: "Mayor Ana Ruiz said \\u202eso"'
    )
    workspace.reset()
    workspace.apply(variant)
    result = workspace.build()
    assert result.code == 0, result.err
    assert_pages_hold_no_controls(workspace)
