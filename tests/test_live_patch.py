"""What changed in a page, as elements to swap (generator/live_patch.py).

The promise: applying the patches to the old page gives the new page exactly,
and anything that cannot be patched that way asks for a reload.
"""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.serve.live_patch import STRUCTURED_DATA_SELECTOR, common_prefix, page_patches

PAGE = """<!doctype html>
<html lang="en">
<head>
<title>Timeline</title>
<script type="application/ld+json">{"name": "Timeline", "items": ["First", "Second"]}</script>
</head>
<body>
<main id="main">
<ol class="timeline">
  <li id="first" class="event"><h3>First</h3>
    <ul class="citations"><li><q>one</q></li><li><q>two</q></li></ul>
  </li>
  <li id="second" class="event"><h3>Second</h3>
    <ul class="citations"><li><q>three</q></li></ul>
  </li>
  <li id="third" class="event"><h3>Third</h3><img src="x.png" alt=""></li>
</ol>
</main>
</body>
</html>
"""


def apply(old: str, patches: list[tuple[str, str]]) -> str:
    """Swap each patched element of the old page, as the browser does."""
    for selector, html in patches:
        if selector == STRUCTURED_DATA_SELECTOR:
            start = old.index('<script type="application/ld+json">')
            end = old.index("</script>", start) + len("</script>")
        else:
            element_id = re.fullmatch(r'\[id="([^"]+)"\]', selector)
            assert element_id, selector
            start = old.rindex("<", 0, old.index(f' id="{element_id[1]}"'))
            tag = re.match(r"<([a-z0-9]+)", old[start:])
            assert tag
            depth, end = 0, start
            for found in re.finditer(rf"<(/?){tag[1]}[\s>]", old[start:]):
                depth += -1 if found[1] else 1
                if depth == 0:
                    end = old.index(">", start + found.start()) + 1
                    break
        old = old[:start] + html + old[end:]
    return old


def patch(old: str, new: str, limit: int = 1 << 20) -> list[tuple[str, str]] | None:
    return page_patches(old.encode(), new.encode(), limit)


def test_the_same_page_needs_no_patch() -> None:
    assert patch(PAGE, PAGE) == []


def test_a_change_inside_an_element_swaps_that_element() -> None:
    new = PAGE.replace("<h3>Second</h3>", "<h3>Second, edited</h3>")
    patches = patch(PAGE, new)
    assert patches is not None and [selector for selector, _ in patches] == ['[id="second"]']
    assert patches[0][1].startswith('<li id="second"') and patches[0][1].endswith("</li>")
    assert apply(PAGE, patches) == new


def test_an_element_holding_elements_of_its_kind_is_swapped_whole() -> None:
    new = PAGE.replace("<q>two</q>", "<q>two, and more</q>")
    patches = patch(PAGE, new)
    assert patches is not None and [s for s, _ in patches] == ['[id="first"]']
    assert apply(PAGE, patches) == new


def test_changes_in_several_places_swap_each() -> None:
    new = (
        PAGE.replace('"Second"]', '"Second, edited"]')
        .replace("<h3>Second</h3>", "<h3>Second, edited</h3>")
        .replace("<h3>Third</h3>", "<h3>3rd</h3>")
    )
    patches = patch(PAGE, new)
    assert patches is not None
    assert [s for s, _ in patches] == [STRUCTURED_DATA_SELECTOR, '[id="second"]', '[id="third"]']
    assert apply(PAGE, patches) == new


def test_a_new_entry_swaps_what_holds_it_or_reloads() -> None:
    new = PAGE.replace("</ol>", '  <li id="fourth" class="event"><h3>Fourth</h3></li>\n</ol>')
    patches = patch(PAGE, new)
    assert patches is not None and [s for s, _ in patches] == ['[id="main"]']
    assert apply(PAGE, patches) == new
    assert patch(PAGE, new, limit=100) is None  # too much to parse: reload


def test_a_change_outside_any_element_with_an_id_reloads() -> None:
    assert patch(PAGE, PAGE.replace("<title>Timeline", "<title>Events")) is None
    assert patch(PAGE, PAGE.replace('<html lang="en">', '<html lang="tr">')) is None


def test_an_id_written_twice_reloads() -> None:
    doubled = PAGE.replace('<li id="third"', '<li id="second"')
    assert patch(doubled, doubled.replace("<h3>Third</h3>", "<h3>3rd</h3>")) is None


def test_common_prefix_finds_the_first_difference() -> None:
    generator = random.Random(5)
    for size in (0, 1, 7, 1 << 16, (1 << 16) + 3, 200_000):
        old = generator.randbytes(size)
        for at in {0, size // 3, size - 1} if size else {0}:
            new = bytearray(old)
            if size:
                new[at] ^= 0xFF
            assert common_prefix(memoryview(old), memoryview(bytes(new))) == (at if size else 0)
        assert common_prefix(memoryview(old), memoryview(old + b"x")) == size


WORDS = st.text(alphabet="abc <>&", min_size=0, max_size=12).map(
    lambda text: text.replace("<", "&lt;").replace(">", "&gt;")
)


@settings(max_examples=300, deadline=None)
@given(
    titles=st.lists(WORDS, min_size=3, max_size=3),
    quotes=st.lists(WORDS, min_size=3, max_size=3),
    data=st.lists(WORDS, min_size=2, max_size=2),
)
def test_patches_rebuild_the_new_page_exactly(
    titles: list[str], quotes: list[str], data: list[str]
) -> None:
    new = (
        PAGE.replace("<h3>First</h3>", f"<h3>{titles[0]}</h3>")
        .replace("<h3>Second</h3>", f"<h3>{titles[1]}</h3>")
        .replace("<h3>Third</h3>", f"<h3>{titles[2]}</h3>")
        .replace("<q>one</q>", f"<q>{quotes[0]}</q>")
        .replace("<q>two</q>", f"<q>{quotes[1]}</q>")
        .replace("<q>three</q>", f"<q>{quotes[2]}</q>")
        .replace('["First", "Second"]', f'["{data[0]}", "{data[1]}"]')
    )
    patches = patch(PAGE, new)
    assert patches is not None
    assert apply(PAGE, patches) == new
    assert len(patches) <= 4
