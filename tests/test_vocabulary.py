"""A story's vocabulary (vocabulary.yaml): its kinds, statuses, column nouns and page
wording reach the pages, with no word of any one story left in the templates, and
mistakes in it are errors that say what the story declares."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.load.default_words import default_words
from generator.load.templates import BUNDLED_TEMPLATES
from generator.model import dates
from generator.plan import credits, passages
from generator.render import structured_parts
from tests.conftest import Project, Run
from tests.htmlscan import scan
from tests.test_editorial import json_ld_blocks

CREDITS = Path(credits.__file__)
PASSAGES = Path(passages.__file__)
DATES = Path(dates.__file__)
STRUCTURED = Path(structured_parts.__file__)


def build(project: Project, run: Run, *more: str) -> None:
    result = run(*project.args("build", *more))
    assert result.code == 0, result.err


def errors_of(project: Project, run: Run) -> list[dict[str, object]]:
    result = run(*project.args("check", "--format", "json"))
    found: list[dict[str, object]] = json.loads(result.out)["errors"]
    return found


def page(project: Project, name: str) -> str:
    return (project.site / name / "index.html").read_text(encoding="utf-8")


def test_the_story_names_its_own_kinds_statuses_and_columns(project: Project, run: Run) -> None:
    project.edit("vocabulary.yaml", "heading: Bidders", "heading: Tram makers")
    project.edit("vocabulary.yaml", "label: Expected", "label: Scheduled")
    project.edit(
        "vocabulary.yaml", "column: bid\ncolumns: bids", "column: tender\ncolumns: tenders"
    )
    build(project, run)
    actors = scan(project.site / "actors/index.html")
    assert [h.text for h in actors.find("h2")] == ["Councils", "Tram makers", "People"]
    timeline = scan(project.site / "timeline/index.html")
    badges = [s.text for s in timeline.find("span") if "status" in s.attrs.get("class", "")]
    assert badges == ["Scheduled", "Scheduled"]
    key = [d.text for d in timeline.find("div") if "legend-item" in d.attrs.get("class", "")]
    # The statuses the timeline shows, in the order declared, each with its legend.
    assert key == ["Happened It took place.", "Scheduled Due after the sources were written."]
    offers = scan(project.site / "offers/index.html")
    assert "The tenders" in [h.text for h in offers.find("h2")]
    assert "2 questions about 2 tenders" in page(project, "offers")
    assert "the tender comparison (CSV)" in page(project, "timeline")


def test_a_status_is_styled_by_what_it_counts_as(project: Project, run: Run) -> None:
    project.edit(
        "vocabulary.yaml",
        "  - id: expected\n    label: Expected\n    legend: Due after the sources were written.\n"
        "    counts_as: pending",
        "  - id: expected\n    label: Expected\n    legend: Due after the sources were written.\n"
        "    counts_as: reported",
    )
    build(project, run)
    timeline = scan(project.site / "timeline/index.html")
    classes = {e.attrs["id"]: e.attrs["class"] for e in timeline.find("li") if "id" in e.attrs}
    assert classes["council-vote"] == "event status-reported"
    assert classes["nordbahn-chosen"] == "event status-settled"


def test_a_status_that_ends_the_matter_is_marked_apart_from_one_that_stands(
    project: Project, run: Run
) -> None:
    """A cancelled offer and an agreed one had the same mark ('settled' both): one
    that counts as 'ended' is marked hollow, in the key as in the table and on the
    timeline, where it happened, so it is shown with a badge but as of no date."""
    project.edit(
        "vocabulary.yaml",
        "    legend: The council chose another bid.\n    counts_as: settled",
        "    legend: The council chose another bid.\n    counts_as: ended",
    )
    project.edit(
        "vocabulary.yaml",
        "  - id: happened\n",
        "  - id: called-off\n    label: Called off\n    legend: It was called off.\n"
        "    counts_as: ended\n  - id: happened\n",
    )
    project.edit("events.yaml", "  status: happened\n", "  status: called-off\n")
    build(project, run)
    offers = page(project, "offers")
    assert '<strong class="offer-status-ended">Rejected</strong>' in offers
    assert '<div class="legend-item legend-ended"><dt>Rejected</dt>' in offers
    timeline = scan(project.site / "timeline/index.html")
    (entry,) = [e for e in timeline.find("li") if e.attrs.get("id") == "nordbahn-chosen"]
    assert entry.attrs["class"] == "event status-ended"
    assert "Called off" in entry.text and "as of" not in entry.text


def test_words_override_the_default_wording(project: Project, run: Run) -> None:
    vocabulary = project.content / "vocabulary.yaml"
    with vocabulary.open("a", encoding="utf-8") as file:
        file.write("words:\n  what_to_know: In brief\n  quoted_on_site: Cited here {count} times\n")
    build(project, run)
    index = scan(project.site / "index.html")
    assert "In brief" in [h.text for h in index.find("h2")]
    assert "What to know" not in page(project, "")
    sources = scan(project.site / "sources/index.html")
    assert any(re.fullmatch(r"Cited here \d+ times", h.text) for h in sources.find("h3"))


def test_an_undeclared_kind_lists_the_declared_ones(project: Project, run: Run) -> None:
    project.edit("actors.yaml", "  kind: company", "  kind: firm")
    line = project.line_of("actors.yaml", "kind: firm")
    (error,) = errors_of(project, run)
    assert error["line"] == line
    assert error["message"] == "kind: 'firm' is not an actor kind the story declares"
    assert error["hint"] == (
        "vocabulary.yaml's actor_kinds are 'company', 'organisation', 'person'; "
        "use one of them, or declare 'firm' there"
    )


def test_an_actor_kind_is_held_to_the_id_rule(project: Project, run: Run) -> None:
    """A kind names the actors page's anchors and a split story's folders: an id like
    any other, reported where it is declared (its actors are not reported again)."""
    project.edit("vocabulary.yaml", "- id: company", "- id: Big Firms")
    actors = project.content / "actors.yaml"
    written = actors.read_text(encoding="utf-8")
    actors.write_text(written.replace("  kind: company", "  kind: Big Firms"), encoding="utf-8")
    (error,) = errors_of(project, run)
    assert str(error["path"]).endswith("vocabulary.yaml")
    assert error["line"] == project.line_of("vocabulary.yaml", "- id: Big Firms")
    assert error["message"] == "expected an id, but the value 'Big Firms' is not a valid id"


def test_an_undeclared_offer_status_is_an_error(project: Project, run: Run) -> None:
    project.edit("offers.yaml", "    status: rejected", "    status: turned down")
    (error,) = errors_of(project, run)
    assert error["line"] == project.line_of("offers.yaml", "status: turned down")
    assert "'turned down' is not an offer status the story declares" in str(error["message"])


def test_mistakes_in_the_words_are_errors(project: Project, run: Run) -> None:
    vocabulary = project.content / "vocabulary.yaml"
    with vocabulary.open("a", encoding="utf-8") as file:
        file.write("words:\n  what_to_knwo: In brief\n  quotes: '{count} quotes from {where}'\n")
    errors = errors_of(project, run)
    messages = sorted(str(e["message"]) for e in errors)
    assert messages == [
        "words: 'quotes' has {where}, which nothing fills in",
        "words: unknown word 'what_to_knwo'",
    ]
    hints = {str(e["message"]): str(e["hint"]) for e in errors}
    assert hints["words: unknown word 'what_to_knwo'"] == "did you mean 'what_to_know'?"
    assert "{count}" in hints["words: 'quotes' has {where}, which nothing fills in"]


def test_a_status_declared_twice_is_an_error(project: Project, run: Run) -> None:
    project.edit(
        "vocabulary.yaml",
        "  - id: rejected\n",
        "  - id: signed\n    label: Signed\n    legend: Signed.\n    counts_as: settled\n"
        "  - id: rejected\n",
    )
    (error,) = errors_of(project, run)
    assert error["message"] == "duplicate id 'signed' in offer_statuses"


def test_a_story_without_a_vocabulary_is_told_how_to_get_one(project: Project, run: Run) -> None:
    (project.content / "vocabulary.yaml").unlink()
    errors = errors_of(project, run)
    assert [(Path(str(e["path"])).name, e["message"]) for e in errors] == [
        ("vocabulary.yaml", "missing content file")
    ]


def test_a_changed_word_reaches_kept_entries(project: Project, run: Run) -> None:
    """Entries kept between builds are kept under the story's words too: a status label
    changed in vocabulary.yaml shows on a warm build as on a cold one."""
    build(project, run)
    project.edit("vocabulary.yaml", "label: Expected", "label: Due")
    build(project, run)
    warm = {p: p.read_bytes() for p in sorted(project.site.rglob("*.html"))}
    assert b">Due</span>" in warm[project.site / "timeline/index.html"]
    assert b">Due</span>" in warm[project.site / "actors/index.html"]
    build(project, run, "--no-cache")
    cold = {p: p.read_bytes() for p in sorted(project.site.rglob("*.html"))}
    assert warm == cold


def test_no_template_holds_words_of_its_own() -> None:
    """Every word a page shows comes from the story: a template's text, outside tags and
    Jinja, is punctuation at most."""
    for path in sorted(BUNDLED_TEMPLATES.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        attributes = re.findall(r'(?:aria-label|title|alt)="([^"{]*[A-Za-z][^"{]*)"', source)
        assert not attributes, f"{path.name} labels things in words of its own: {attributes}"
        # A block's class name is not shown: take it out with the Jinja around it.
        text = re.sub(r"\{% block main_class %\}.*?\{% endblock %\}", "", source)
        text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
        text = re.sub(r"<[^>]*>", "", text)
        words = re.findall(r"[A-Za-z]{2,}", text)
        assert not words, f"{path.name} shows words of its own: {words}"


def test_every_default_word_is_used_by_a_template() -> None:
    """A word no template (nor credit line, nor date) shows would be a name an editor
    can set to no effect."""
    templates = "".join(p.read_text(encoding="utf-8") for p in BUNDLED_TEMPLATES.rglob("*.html"))
    code = "".join(p.read_text(encoding="utf-8") for p in (CREDITS, PASSAGES, DATES, STRUCTURED))
    templates += code.replace('words["', "words.").replace("words['", "words.")
    unused = [
        name
        for name in default_words()
        if f"words.{name}" not in templates
        and f'words["{name}"]' not in templates
        and not any(name.startswith(prefix) for prefix in ("source_kind_", "part_"))
    ]
    assert not unused


GERMAN_DATES = (
    "words:\n"
    "  months: Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober,"
    " November, Dezember\n"
    '  date_day: "{day}. {month} {year}"\n'
    "  date_about: etwa\n"
    "  date_by: bis\n"
)


def test_dates_are_written_in_the_storys_words(project: Project, run: Run) -> None:
    build(project, run)  # then again, with entries kept: the dates must change anyway
    with (project.content / "vocabulary.yaml").open("a", encoding="utf-8") as file:
        file.write(GERMAN_DATES)
    build(project, run)
    timeline = page(project, "timeline")
    assert '<time datetime="2024-03-12">12. März 2024</time>' in timeline
    assert '<time datetime="2024-05">Mai 2024</time>' in timeline
    shown = " ".join(body.text for body in scan(project.site / "timeline/index.html").find("body"))
    assert "March" not in shown.replace("by March 2026", "")  # a quote keeps its words
    sources = page(project, "sources")
    assert '<span class="approx">etwa</span> <time datetime="2024-03">März 2024</time>' in sources
    assert "12. März 2024: Council chooses Nordbahn" in sources  # what a passage is used for


def test_downloads_and_structured_data_write_dates_in_the_storys_words(
    project: Project, run: Run
) -> None:
    """The pages wrote dates in the story's words, but the downloads and the data
    search engines read wrote them in English ('about March 2024')."""
    project.write(
        "vocabulary.yaml",
        (project.content / "vocabulary.yaml").read_text(encoding="utf-8") + "words:\n"
        "  months: Januar, Februar, März, April, Mai, Juni, Juli, August, September,"
        " Oktober, November, Dezember\n"
        '  date_day: "{day}. {month} {year}"\n'
        "  date_about: etwa\n"
        "  date_by: bis\n"
        "  as_of: Stand\n"
        '  date_plain: "Datum: {date}"\n'
        '  date_inferred_plain: "Ohne Datum; erschienen {date} (erschlossen)"\n',
    )
    project.edit(
        "events.yaml",
        '  date: "2024-05"\n  status: expected\n',
        '  date: "2024-05"\n  by_date: true\n  status: expected\n',
    )
    build(project, run)
    site = project.site
    data = json.loads((site / "data/explainer.json").read_text(encoding="utf-8"))
    vote = next(e for e in data["events"] if e["id"] == "council-vote")
    assert vote["date_text"] == "bis Mai 2024"
    courier = next(s for s in data["sources"] if s["publisher"] == "Lakeside Courier")
    assert courier["date_text"] == "etwa März 2024"
    csv_text = (site / "data/offers.csv").read_text(encoding="utf-8-sig")
    assert "Lakeside Courier, etwa März 2024" in csv_text
    assert "March 2024" not in csv_text  # the content's own "By March 2026" is its own
    (events,) = json_ld_blocks(site / "timeline/index.html")
    item = next(
        i["item"] for i in events["mainEntity"]["itemListElement"]
        if i["item"]["name"] == "Council to vote on the budget"
    )  # fmt: skip
    assert (
        item["disambiguatingDescription"] == "Datum: bis Mai 2024; Expected, Stand etwa März 2024"
    )
    (sources,) = json_ld_blocks(site / "sources/index.html")
    works = {w["publisher"]["name"]: w for w in sources["citation"]}
    described = works["Lakeside Courier"]["disambiguatingDescription"]
    assert described == "Ohne Datum; erschienen etwa März 2024 (erschlossen)"
    for page in ("timeline", "sources", "actors", "offers"):  # as the pages write it
        html = (site / page / "index.html").read_text("utf-8")
        assert "about</span> <time" not in html and "etwa</span>" in html, page


def test_months_must_be_twelve(project: Project, run: Run) -> None:
    with (project.content / "vocabulary.yaml").open("a", encoding="utf-8") as file:
        file.write("words:\n  months: Januar, Februar\n")
    (error,) = errors_of(project, run)
    assert error["message"] == "words: 'months' names 2 months"
    assert error["line"] == project.line_of("vocabulary.yaml", "months:")


def test_a_cell_is_named_in_the_storys_words(project: Project, run: Run) -> None:
    """Where a quote is used for a cell of the comparison, and where a side of a
    dispute stands, the cell is named by the word cell_label: it read 'Ferrocarril
    Sur: Tram line: Delivery', two colons in a row."""
    build(project, run)
    assert ">Ferrocarril Sur: Tram line – Delivery<" in page(project, "sources")
    assert ">Officials, in Ferrocarril Sur: Tram line – Delivery<" in page(project, "offers")
    with (project.content / "vocabulary.yaml").open("a", encoding="utf-8") as file:
        file.write('words:\n  cell_label: "{question} ({offer})"\n')
    build(project, run)
    assert ">Delivery (Ferrocarril Sur: Tram line)<" in page(project, "sources")
    assert ">Officials, in Delivery (Ferrocarril Sur: Tram line)<" in page(project, "offers")
