"""Text from the content reaches the terminal with its control characters shown, not acted on."""

from __future__ import annotations

import pytest

from generator.errors import ContentError, Location, visible
from tests.conftest import Project, Run

# Retitles the window, clears the screen, prints a fake green verdict, hides what follows.
HOSTILE = r"\e]0;pwned\a\e[2J\e[1;32mok: 0 errors\e[8m"
SHOWN = r"\x1b]0;pwned\x07\x1b[2J\x1b[1;32mok: 0 errors\x1b[8m"


def assert_shown_not_sent(text: str) -> None:
    """No escape or bell byte reaches the terminal, and the sequence is there to read."""
    assert "\x1b" not in text and "\x07" not in text
    assert SHOWN in text


# A value the validator quotes back, and a key it names as an unknown field.
PLACES = {
    "value": ('date: "2024-05"', f'date: "{HOSTILE}"'),
    "key": ("  status: expected", f'  status: expected\n  "{HOSTILE}": 1'),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("command", ["build", "check"])
def test_hostile_text_is_printed_visibly(
    project: Project, run: Run, command: str, place: str
) -> None:
    project.edit("events.yaml", *PLACES[place])
    result = run(*project.args(command))
    assert result.code == 1
    assert_shown_not_sent(result.err + result.out)


def test_every_control_and_bidi_character_is_made_visible() -> None:
    controls = [*range(0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F)]
    hostile = "".join(chr(c) for c in [*controls, *range(0x2066, 0x206A)])
    shown = visible(hostile)
    assert shown.isascii() and shown.isprintable()
    assert "\\x1b" in shown and "\\u202e" in shown and "\\n" in shown
    assert visible("Erdoğan – «ok»") == "Erdoğan – «ok»"  # ordinary text is left alone


def test_an_error_shows_its_path_message_and_hint_visibly() -> None:
    error = ContentError(Location("content/\x1b.yaml", 2, 3), "bad \u202eid", "try \x07")
    assert str(error) == "content/\\x1b.yaml:2:3: bad \\u202eid\n    hint: try \\x07"


# A control character typed into a YAML file, not written as an escape: YAML itself
# refuses it. Where it stands, after text of two- and four-byte characters.
RAW_IN_YAML = {
    "events.yaml": ("  status: expected", "  status: expected\n  title: Çà 😀 \x1b[2J"),
    "article.md": ("title:", "title: Çà 😀 \x1b[2J"),
}


@pytest.mark.parametrize("name", sorted(RAW_IN_YAML))
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_raw_control_character_in_yaml_is_reported_where_it_stands(
    project: Project, run: Run, command: str, name: str
) -> None:
    """Was: at line 1, column 1, as `YAML error: unacceptable character #x001b: control
    characters are not allowed\\n  in "<unicode string>", position 388`."""
    project.edit(name, *RAW_IN_YAML[name])
    line = next(
        number
        for number, text in enumerate((project.content / name).read_text().split("\n"), 1)
        if "\x1b" in text
    )
    result = run(*project.args(command))
    assert result.code == 1
    column = len("title: Çà 😀 ") + (2 if name == "events.yaml" else 0) + 1
    where = f"content/{name}:{line}:{column}: YAML does not allow the character \\x1b"
    assert where in result.err.replace(str(project.content), "content")
    assert "<unicode string>" not in result.err and "\x1b" not in result.err


def test_a_seed_file_named_with_a_bidi_override_is_refused_plainly(
    project: Project, run: Run
) -> None:
    """Was: "source file 'ev\\u202eil.txt\\u202c' not found in seeds", and as its
    hint "did you mean 'ev\\u202eil.txt'?": the name as written, a closer added."""
    source = next(project.seeds.iterdir())
    source.rename(project.seeds / "ev\u202eil.txt")
    project.edit("sources.yaml", f"file: {source.name}", 'file: "ev\\u202eil.txt"')
    result = run(*project.args("build"))
    assert result.code == 1
    assert "the source file's name has bidi control characters" in result.err
    assert "did you mean" not in result.err and "\u202e" not in result.err
