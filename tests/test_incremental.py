"""A warm build equals a cold build, byte for byte, after any sequence of edits.

Every kept result is keyed by a digest of what it was made from (generator/memo),
so no edit can leave a stale piece behind. Hypothesis applies random sequences of
edits to a small story (its text, names, labels, dates, statuses, sources, seed
texts, templates and partials, site settings, a picture's file; items deleted, added
and moved; a partial that starts showing a field it did not show) and, after each
edit, builds it twice: with the memo store of the builds before (warm) and without
(cold). The two sites must be identical.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import build_site
from tests.pictures import add_picture, png

REPO = Path(__file__).resolve().parent.parent
TRAM = Path(__file__).resolve().parent / "fixtures" / "tram"

Edit = Callable[[Path], None]


def replace(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file (left alone when it is not there any more)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def content(name: str) -> Callable[[Path], Path]:
    return lambda root: root / "content" / name


EVENTS, ACTORS, SOURCES, SITE = (content(n) for n in ("events.yaml", "actors.yaml",
                                                      "sources.yaml", "site.yaml"))  # fmt: skip
NEW_EVENT = """- id: extra-event
  date: "2024-04"
  status: reported
  title: An extra event
  summary: Added by an edit, citing [Nordbahn](actor:nordbahn).
  actors: [nordbahn]
  citations:
    - source: gazette
      quote: Nordbahn promised the first trams by June 2026
      speaker: lakeside
"""


def edit_text(root: Path) -> None:
    replace(EVENTS(root), "title: Council chooses Nordbahn", "title: Council picks Nordbahn")


def edit_name(root: Path) -> None:
    replace(ACTORS(root), "name: Nordbahn\n", "name: Nordbahn AG\n")


def edit_short_name(root: Path) -> None:
    text = ACTORS(root).read_text(encoding="utf-8")
    if "short_name:" in text:
        replace(ACTORS(root), "short_name: NB", "short_name: NBG")
    else:
        replace(ACTORS(root), "name: Nordbahn\n", "name: Nordbahn\n  short_name: NB\n")


def edit_label(root: Path) -> None:
    """An offer's label (its seller and system) and a row of the comparison."""
    offers = root / "content" / "offers.yaml"
    replace(offers, "system: Tram line", "system: Tram line one")
    replace(offers, "label: Price", "label: Cost")


def edit_date(root: Path) -> None:
    replace(EVENTS(root), 'date: "2024-03-12"', 'date: "2024-03-14"')


def edit_status(root: Path) -> None:
    replace(EVENTS(root), "status: expected", "status: announced")


def edit_source(root: Path) -> None:
    text = SOURCES(root).read_text(encoding="utf-8")
    publisher = next(line for line in text.split("\n") if "publisher:" in line)
    replace(SOURCES(root), publisher, publisher + " Online")


def edit_speaker(root: Path) -> None:
    """The name of an actor who is quoted: every credit line that names her."""
    replace(ACTORS(root), "name: Ana Ruiz\n", "name: Ana Ruiz Soler\n")


def edit_relay(root: Path) -> None:
    """A quote's speaker in words, then the outlet that relayed it."""
    text = EVENTS(root).read_text(encoding="utf-8")
    if "speaker: lakeside\n" in text:
        replace(EVENTS(root), "speaker: lakeside\n", "speaker_name: the council\n")
    else:
        replace(EVENTS(root), "speaker_name: the council\n", "relayed_by: [Radio Lakeside]\n")


def edit_note(root: Path) -> None:
    """A note on a source, shown beside every quote of its words; then its text."""
    text = SOURCES(root).read_text(encoding="utf-8")
    if "notes:" in text:
        replace(SOURCES(root), "note: She was acting mayor.", "note: She was the acting mayor.")
    else:
        replace(
            SOURCES(root),
            "  publisher: Lakeside Gazette\n",
            "  publisher: Lakeside Gazette\n  notes:\n    - as_written: Mayor Ana Ruiz\n"
            "      note: She was acting mayor.\n      evidence: The council's minutes.\n",
        )


def edit_source_date(root: Path) -> None:
    """The date of a source: what the statuses and expected events are "as of"."""
    replace(SOURCES(root), 'published: "2024-03"\n', 'published: "2024-04"\n')


def edit_dispute(root: Path) -> None:
    """Who holds a side of a dispute, and an event set against it."""
    offers = root / "content" / "offers.yaml"
    replace(offers, "- who: Officials\n", "- who: City officials\n")
    if "events: [council-vote]" not in offers.read_text(encoding="utf-8"):
        replace(
            offers,
            "claims: [sur-delivery-by-march]\n",
            "claims: [sur-delivery-by-march]\n        events: [council-vote]\n",
        )


def edit_seed(root: Path) -> None:
    seed = root / "seeds" / "gazette.txt"
    seed.write_text("An added first line.\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")


def edit_site(root: Path) -> None:
    text = SITE(root).read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    replace(SITE(root), title, title + " (updated)")


def edit_partial(root: Path) -> None:
    partial = root / "templates" / "partials" / "event.html"
    replace(partial, "<h3>{{ event.title }}</h3>", "<h3>{{ event.title }} ({{ event.id }})</h3>")


def show_short_name(root: Path) -> None:
    """A partial starts showing a field it did not show before."""
    partial = root / "templates" / "partials" / "actor.html"
    replace(
        partial,
        '<h3 id="{{ actor.id | anchor }}-name">{{ actor.name }}</h3>',
        '<h3 id="{{ actor.id | anchor }}-name">{{ actor.name }}'
        "{% if actor.short_name %} ({{ actor.short_name }}){% endif %}</h3>",
    )


def edit_page_template(root: Path) -> None:
    replace(root / "templates" / "base.html", "</footer>", "<p>Edited.</p></footer>")


def edit_picture(root: Path) -> None:
    """A picture in the article; then its file's bytes (its name in the site changes with
    them), one time in two its size as well."""
    count_file = root / "picture-edits"
    count = int(count_file.read_text(encoding="utf-8")) + 1 if count_file.exists() else 0
    count_file.write_text(str(count), encoding="utf-8")
    data = png(40 + count // 2, 30, shade=count)
    if count == 0:
        add_picture(root / "content", data)
    else:
        (root / "content" / "media" / "tram.png").write_bytes(data)


def delete_event(root: Path) -> None:
    text = EVENTS(root).read_text(encoding="utf-8")
    start = text.find("- id: first-trams")
    if start >= 0:
        end = text.find("\n- id:", start + 1)
        EVENTS(root).write_text(text[:start] + (text[end + 1 :] if end >= 0 else ""), "utf-8")


def add_event(root: Path) -> None:
    text = EVENTS(root).read_text(encoding="utf-8")
    if "extra-event" not in text:
        EVENTS(root).write_text(text.rstrip("\n") + "\n" + NEW_EVENT, encoding="utf-8")


def move_event(root: Path) -> None:
    """The last event moved to the top of the list: every item's line changes."""
    text = EVENTS(root).read_text(encoding="utf-8")
    head, _, body = text.partition("\n- id:")
    items = ("- id:" + body).split("\n- id:")
    items = [items[0]] + ["- id:" + item for item in items[1:]]
    moved = [items[-1].rstrip("\n") + "\n", *items[:-1]]
    EVENTS(root).write_text(head + "\n" + "\n".join(i.rstrip("\n") for i in moved) + "\n", "utf-8")


EDITS: list[Edit] = [
    edit_text,
    edit_name,
    edit_short_name,
    edit_label,
    edit_date,
    edit_status,
    edit_source,
    edit_speaker,
    edit_relay,
    edit_note,
    edit_source_date,
    edit_dispute,
    edit_seed,
    edit_site,
    edit_partial,
    show_short_name,
    edit_page_template,
    edit_picture,
    delete_event,
    add_event,
    move_event,
]


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def warm_and_cold(root: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The project built with the memo of the builds before, and without."""
    content, seeds, templates = root / "content", root / "seeds", root / "templates"
    build_site(content, seeds, templates, root / "warm")
    build_site(content, seeds, templates, root / "cold", use_cache=False)
    return files_of(root / "warm"), files_of(root / "cold")


def new_project(folder: Path) -> Path:
    """The tram story with a copy of the templates, free to edit."""
    root = folder / "tram"
    shutil.copytree(TRAM, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return root


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=6))
@example([show_short_name, edit_short_name])
@example([move_event, edit_name, delete_event, add_event])
@example([edit_speaker, edit_note, edit_relay, edit_relay, edit_source_date, edit_dispute])
@example([edit_dispute, edit_note, edit_dispute, edit_note])
@example([edit_picture, edit_picture, edit_picture])
def test_warm_build_equals_cold_after_any_edits(edits: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = new_project(Path(scratch))
        warm, cold = warm_and_cold(root)
        assert warm == cold
        for edit in edits:
            edit(root)
            warm, cold = warm_and_cold(root)
            differ = sorted(
                name for name in warm.keys() | cold.keys() if warm.get(name) != cold.get(name)
            )
            assert not differ, f"after {edit.__name__}: warm and cold differ in {differ}"


def test_a_partial_showing_a_new_field_shows_it_at_once(tmp_path: Path) -> None:
    """The case a hand-kept list of what a view looks up got wrong: the actors' partial
    starts showing short_name, then the short name is edited; the warm build shows
    the new short name."""
    root = new_project(tmp_path)
    warm_and_cold(root)
    show_short_name(root)
    edit_short_name(root)
    warm, cold = warm_and_cold(root)
    assert "Nordbahn (NB)" in warm["actors/index.html"].decode()
    edit_short_name(root)
    warm, cold = warm_and_cold(root)
    page = warm["actors/index.html"].decode()
    assert "Nordbahn (NBG)" in page and "Nordbahn (NB)" not in page
    assert warm == cold


def test_the_memo_is_used(tmp_path: Path) -> None:
    """A warm build keeps what it can: an edit of one event leaves the other entries'
    HTML and items kept (the store holds as many as the story has)."""
    from generator.memo.store import CACHE_FOLDER

    root = new_project(tmp_path)
    warm_and_cold(root)
    cache = root / CACHE_FOLDER
    before = {p.name: p.read_bytes() for p in cache.rglob("*.pickle")}
    edit_text(root)
    warm_and_cold(root)
    after = {p.name: p.read_bytes() for p in cache.rglob("*.pickle")}
    unchanged = [name for name in before.keys() & after.keys() if before[name] == after[name]]
    assert unchanged, "an edit of one title rewrote every shard of the memo store"
