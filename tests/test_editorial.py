"""What the site says around its quotes: every quote credited to who said it, who
relayed it and who printed it; every stated fact cited or owned as the newsroom's
reading; every ongoing state dated "as of"; every qualified date kept qualified;
disputes set out once and marked on each side; a source's error a note on it."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

from tests.conftest import REPO, Project, Run
from tests.htmlscan import scan


def built(project: Project, run: Run) -> Path:
    result = run(*project.args("build"))
    assert result.code == 0, result.err
    return project.site


def text_of(page: Path) -> str:
    """A page's visible text, tags dropped, white space folded."""
    html = page.read_text(encoding="utf-8")
    body = html[html.index("<body") :]
    return " ".join(unescape(re.sub(r"<[^>]+>", "", body)).split())


def json_ld_blocks(page: Path) -> list[dict]:
    html = page.read_text(encoding="utf-8")
    return [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def check_json(project: Project, run: Run, *more: str) -> tuple[int, dict]:
    result = run(*project.args("check", "--format", "json", *more))
    return result.code, json.loads(result.out)


# -- who said it, who relayed it, who printed it ------------------------------------


def test_a_quote_is_credited_to_its_speaker_its_relay_and_its_publication(
    project: Project, run: Run
) -> None:
    project.edit(
        "events.yaml",
        "first tram line\n      speaker: ana-ruiz\n",
        "first tram line\n      speaker: ana-ruiz\n"
        "      relayed_by: [Radio Lakeside, news agencies]\n",
    )
    site = built(project, run)
    timeline = text_of(site / "timeline/index.html")
    # The credit line names each voice once, then the publication.
    assert (
        "Ana Ruiz, as reported by Radio Lakeside and news agencies — Lakeside Gazette,"
        " 12 March 2024 1 quote"
    ) in timeline
    # A quote with no speaker and no relay is the publication's own words.
    offers = text_of(site / "offers/index.html")
    assert "Lakeside Gazette, 12 March 2024 1 quoteThe contract is worth €210m." in offers
    # The same voices reach the downloads and the structured data.
    data = json.loads((site / "data/explainer.json").read_text(encoding="utf-8"))
    chosen = next(e for e in data["events"] if e["id"] == "nordbahn-chosen")
    assert chosen["citations"][0]["speaker"] == "ana-ruiz"
    assert chosen["citations"][0]["relayed_by"] == ["Radio Lakeside", "news agencies"]
    (events,) = json_ld_blocks(site / "timeline/index.html")
    items = [i["item"] for i in events["mainEntity"]["itemListElement"]]
    quotation = next(i for i in items if i["name"] == "Council chooses Nordbahn")["subjectOf"][0]
    assert quotation["spokenByCharacter"]["name"] == "Ana Ruiz"
    assert quotation["creditText"].startswith("Ana Ruiz, as reported by Radio Lakeside")
    rows = list(csv.DictReader(io.StringIO((site / "data/offers.csv").read_text("utf-8-sig"))))
    speakers = {r["speaker"] for r in rows if r["reported"] == "yes"}
    assert speakers == {"", "officials", "Ferrocarril Sur"}
    assert all(r["publication"].startswith("Lakeside ") for r in rows if r["reported"] == "yes")


def test_a_fact_names_each_source_once_and_numbers_the_passages_of_its_quotes(
    project: Project, run: Run
) -> None:
    """Repeated credits collapse: two quotes from one source, a speaker's and the
    publication's own, are one credit line naming both voices and the publication
    once, with a link to each quote's passage."""
    project.edit(
        "events.yaml",
        "first tram line\n      speaker: ana-ruiz\n",
        "first tram line\n      speaker: ana-ruiz\n"
        "    - source: gazette\n      quote: The contract is worth €210m.\n",
    )
    site = built(project, run)
    html = (site / "timeline/index.html").read_text(encoding="utf-8")
    entry = next(li for li in html.split('<li id="') if li.startswith("nordbahn-chosen"))
    shown = " ".join(unescape(re.sub(r"<[^>]+>", " ", entry)).split())
    assert "Ana Ruiz; its own reporting — Lakeside Gazette, 12 March 2024" in shown
    assert shown.count("Lakeside Gazette, 12 March 2024") == 1
    links = entry[entry.index('class="quote-links"') :]
    numbered = re.findall(r'<a href="([^"]+)">\d</a>', links)
    assert len(numbered) == 2 and all(link.startswith("../sources/#") for link in numbered)
    assert "2 quotes" in shown
    # Folded, a quote names its voice where the credit names several: the paper's own
    # by its name, as no publication follows it there.
    assert (
        "first tram line Ana Ruiz The contract is worth €210m. Lakeside Gazette’s own words"
        in shown
    )


def test_an_unknown_speaker_is_an_error_with_a_suggestion(project: Project, run: Run) -> None:
    project.edit("events.yaml", "      speaker: ana-ruiz\n", "      speaker: ana-ruis\n")
    result = run(*project.args("build"))
    assert result.code == 1 and not project.site.exists()
    line = project.line_of("events.yaml", "speaker: ana-ruis")
    assert f"events.yaml:{line}:16: speaker: unknown actor 'ana-ruis'" in result.err
    assert "did you mean 'ana-ruiz'?" in result.err


def test_a_speaker_named_twice_is_an_error(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        "      speaker: ana-ruiz\n",
        "      speaker: ana-ruiz\n      speaker_name: Ana\n",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    line = project.line_of("events.yaml", "speaker_name: Ana")
    assert f"events.yaml:{line}:21: a citation names its speaker twice" in result.err


def test_a_retired_field_says_what_replaced_it(project: Project, run: Run) -> None:
    project.edit("events.yaml", "      speaker: lakeside\n", "      attributed_to: the council\n")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "unknown field 'attributed_to' in citation" in result.err
    assert "'attributed_to' is split in three: 'speaker' (an actor's id)" in result.err


# -- nothing asserted without a source or an owner ----------------------------------


def test_an_uncited_status_is_a_warning_and_an_error_under_strict(
    project: Project, run: Run
) -> None:
    project.edit(
        "offers.yaml",
        "    basis: {status: {editorial: The council chose the other bid; our reading.}}\n",
        "",
    )
    code, report = check_json(project, run)
    assert code == 0
    unbacked = [
        w for w in report["warnings"] if "states a fact with nothing behind it" in w["message"]
    ]
    assert [w["message"] for w in unbacked] == [
        "status 'rejected' states a fact with nothing behind it"
    ]
    assert unbacked[0]["path"].endswith("offers.yaml")
    assert unbacked[0]["line"] == project.line_of("offers.yaml", "status: rejected")
    code, _report = check_json(project, run, "--strict")
    assert code == 1
    # Cited, it is backed, and the status shows its quote.
    project.edit(
        "offers.yaml",
        "    status: rejected\n",
        "    status: rejected\n    basis:\n      status:\n        citations:\n"
        "          - source: gazette\n"
        "            quote: Lakeside city council on Tuesday chose Nordbahn\n",
    )
    code, report = check_json(project, run)
    assert not [w for w in report["warnings"] if "nothing behind it" in w["message"]]


def test_an_editorial_note_is_shown_as_the_newsrooms_reading(project: Project, run: Run) -> None:
    site = built(project, run)
    page = scan(site / "offers/index.html")
    notes = [e.text for e in page.find("span", class_="editorial")]
    assert notes == ["Our reading: The contract was awarded; our reading.",
                     "Our reading: The council chose the other bid; our reading."]  # fmt: skip
    # Never dressed as a quote.
    assert not [q for q in page.find("q") if "our reading" in q.text]


def test_a_basis_names_only_fields_that_state_facts_and_holds_something(
    project: Project, run: Run
) -> None:
    project.edit(
        "offers.yaml",
        "    basis: {status: {editorial: The contract was awarded; our reading.}}\n",
        "    basis: {stauts: {editorial: Ours.}, maker: {}}\n",
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "basis: 'stauts' is not a field that states a fact here" in result.err
    assert "did you mean 'status'?" in result.err
    assert "the basis of 'maker' is empty" in result.err


def test_a_what_to_know_point_may_be_plain_text_but_is_then_unbacked(
    project: Project, run: Run
) -> None:
    project.edit(
        "article.md",
        "what_to_know:\n",
        "what_to_know:\n  - A plain point with *nothing* behind it.\n",
    )
    code, report = check_json(project, run)
    assert code == 0
    assert [w["message"] for w in report["warnings"] if "point" in w["message"]] == [
        "a 'what to know' point states facts with nothing behind it"
    ]
    index = text_of(built(project, run) / "index.html")
    assert "A plain point with nothing behind it." in index
    assert "2 quotes" not in index  # the points' quotes: one each
    assert index.count("1 quote") == 2


# -- as of ----------------------------------------------------------------------


def test_the_story_shows_when_it_was_published_and_what_its_facts_are_current_to(
    project: Project, run: Run
) -> None:
    site = built(project, run)
    index = text_of(site / "index.html")
    assert "Published 20 March 2024" in index
    assert "Facts as of 12 March 2024" in index
    (article,) = json_ld_blocks(site / "index.html")
    assert article["datePublished"] == "2024-03-20"
    assert article["temporalCoverage"] == "2024-03-12/2024-03-12"  # first event / as of


def test_statuses_and_expected_events_read_as_of_their_latest_source(
    project: Project, run: Run
) -> None:
    site = built(project, run)
    offers = scan(site / "offers/index.html")
    # The Nordbahn bid cites the Gazette (12 March 2024); the Sur bid the Courier too
    # (March 2024): the latest source of each is the one it is "as of".
    statuses = [p.text for p in offers.find("p", class_="offer-status")]
    assert statuses == [
        "Contracted as of 12 March 2024",
        "Rejected as of 12 March 2024",
    ]
    timeline = text_of(site / "timeline/index.html")
    assert "May 2024 Expected as of about March 2024" in timeline  # the Courier's inferred date
    assert "June 2026 Expected as of 12 March 2024" in timeline
    assert "12 March 2024 Happened as of" not in timeline  # a past event is not a state


def test_a_by_date_keeps_its_by_on_every_page_and_download(project: Project, run: Run) -> None:
    project.edit(
        "events.yaml",
        '  date: "2024-05"\n  status: expected\n',
        '  date: "2024-05"\n  by_date: true\n  status: expected\n',
    )
    project.edit(
        "events.yaml", "  actors: [lakeside]\n", "  actors: [lakeside]\n  offers: [sur-bid]\n"
    )
    site = built(project, run)
    for page in ("timeline", "actors", "offers", "sources"):
        assert "by May 2024" in text_of(site / page / "index.html"), page
    data = json.loads((site / "data/explainer.json").read_text(encoding="utf-8"))
    vote = next(e for e in data["events"] if e["id"] == "council-vote")
    assert vote["date_text"] == "by May 2024" and vote["by_date"] is True
    (events,) = json_ld_blocks(site / "timeline/index.html")
    item = next(
        i["item"] for i in events["mainEntity"]["itemListElement"]
        if i["item"]["name"] == "Council to vote on the budget"
    )  # fmt: skip
    assert "startDate" not in item
    assert (
        item["disambiguatingDescription"] == "Date: by May 2024; Expected, as of about March 2024"
    )
    coverage = run(*project.args("check", "--coverage"))
    assert "by May 2024: Council to vote on the budget" in coverage.out


def test_a_date_the_source_gives_no_words_for_is_explained_once_under_its_entry(
    project: Project, run: Run
) -> None:
    """The timeline's summaries each repeated why their date was only bounded: a
    date's note, with or without the source's words, is the one place for that."""
    project.edit(
        "events.yaml",
        '  date: "2024-05"\n  status: expected\n',
        '  date: "2024-05"\n  by_date: true\n  status: expected\n'
        "  date_resolution: {note: The source places the vote before the budget.}\n",
    )
    site = built(project, run)
    timeline = text_of(site / "timeline/index.html")
    assert timeline.count("The source places the vote before the budget.") == 1
    assert "How this is datedThe source places the vote before the budget." in timeline
    assert "the source says" not in timeline.lower()  # no words of the source to give


def test_an_inferred_source_date_is_not_given_as_a_date_published(
    project: Project, run: Run
) -> None:
    site = built(project, run)
    (sources,) = json_ld_blocks(site / "sources/index.html")
    works = {w["publisher"]["name"]: w for w in sources["citation"]}
    assert works["Lakeside Gazette"]["datePublished"] == "2024-03-12"
    courier = works["Lakeside Courier"]
    assert "datePublished" not in courier
    assert courier["disambiguatingDescription"] == "Undated; published about March 2024 (inferred)"


# -- disputes as one thing -------------------------------------------------------


def test_a_dispute_across_rows_marks_each_side_and_links_to_the_other(
    project: Project, run: Run
) -> None:
    # Move the Sur bid's delivery claim to the price row: the two sides now stand in
    # different rows of the comparison.
    project.edit(
        "offers.yaml",
        "          - id: sur-delivery-by-march\n",
        "      price:\n        claims:\n          - id: sur-delivery-by-march\n",
    )
    site = built(project, run)
    page = scan(site / "offers/index.html")
    notes = page.find("p", class_="dispute-note")
    # In table order: the price row (Ferrocarril Sur's side) first.
    assert [n.text for n in notes] == [
        "Disputed by Officials · both sides",
        "Disputed by Ferrocarril Sur · both sides",
    ]
    hrefs = [a.attrs["href"] for a in page.find("a") if "#claim-" in a.attrs["href"]]
    assert hrefs[:2] == [
        "../offers/#claim-officials-later-delivery",
        "../offers/#claim-sur-delivery-by-march",
    ]
    ids = page.ids()
    assert {
        "claim-sur-delivery-by-march",
        "claim-officials-later-delivery",
        "dispute-sur-delivery",
    } <= ids
    disputed_cells = [td.attrs["id"] for td in page.find("td", class_="disputed")]
    assert disputed_cells == ["sur-bid--price", "sur-bid--delivery"]
    rows = list(csv.DictReader(io.StringIO((site / "data/offers.csv").read_text("utf-8-sig"))))
    assert {r["claim_id"] for r in rows if r["disputes"] == "sur-delivery"} == {
        "sur-delivery-by-march", "officials-later-delivery"
    }  # fmt: skip


def test_each_side_of_a_dispute_is_a_link_named_by_the_side_and_its_place(
    project: Project, run: Run
) -> None:
    # Both sides of the tram story's dispute stand in one cell: links named by
    # the cell alone would read the same and lead to different claims.
    site = built(project, run)
    page = scan(site / "offers/index.html")
    links = [(a.text, a.attrs["href"]) for a in page.find("a") if ", in " in a.text]
    place = "Ferrocarril Sur: Tram line – Delivery"
    assert links == [
        (f"Officials, in {place}", "../offers/#claim-officials-later-delivery"),
        (f"Ferrocarril Sur, in {place}", "../offers/#claim-sur-delivery-by-march"),
    ]


def test_a_dispute_can_set_an_event_against_a_claim(project: Project, run: Run) -> None:
    project.edit(
        "offers.yaml",
        "        claims: [sur-delivery-by-march]\n",
        "        claims: [sur-delivery-by-march]\n        events: [first-trams]\n",
    )
    site = built(project, run)
    timeline = scan(site / "timeline/index.html")
    (note,) = timeline.find("p", class_="dispute-note")
    assert note.text == "Disputed by Officials · both sides"
    links = {a.text: a.attrs["href"] for a in timeline.find("a")}
    assert links["Officials"] == "../offers/#claim-officials-later-delivery"
    assert links["both sides"] == "../offers/#dispute-sur-delivery"


def test_a_dispute_naming_an_unknown_claim_is_an_error(project: Project, run: Run) -> None:
    project.edit(
        "offers.yaml", "claims: [sur-delivery-by-march]", "claims: [sur-delivery-by-marhc]"
    )
    result = run(*project.args("check"))
    assert result.code == 1
    assert "claims: unknown claim 'sur-delivery-by-marhc'" in result.err
    assert "did you mean 'sur-delivery-by-march'?" in result.err


# -- notes on sources, and the site's own corrections -------------------------------


def test_the_sites_own_corrections_are_listed_with_their_dates(project: Project, run: Run) -> None:
    site = built(project, run)
    assert "None so far." in text_of(site / "sources/index.html")
    project.edit(
        "site.yaml",
        "language: en\n",
        'language: en\ncorrections:\n  - date: "2024-04-02"\n'
        "    text: An earlier version gave the contract as *€201m*.\n",
    )
    site = built(project, run)
    sources = text_of(site / "sources/index.html")
    assert "2 April 2024: An earlier version gave the contract as €201m." in sources
    assert "Updated 2 April 2024" in text_of(site / "index.html")
    (article,) = json_ld_blocks(site / "index.html")
    assert article["dateModified"] == "2024-04-02"
    assert article["correction"][0]["text"] == "An earlier version gave the contract as €201m."


# -- the real story ----------------------------------------------------------------


def test_the_real_story_passes_the_strict_check(run: Run) -> None:
    result = run("check", "--content", str(REPO / "content"), "--strict")
    assert result.code == 0, result.out + result.err
    assert "0 errors, 0 warnings" in result.out


def test_a_dispute_side_must_state_something_and_stand_on_one_side(
    project: Project, run: Run
) -> None:
    project.edit("offers.yaml", "        claims: [sur-delivery-by-march]\n", "")
    result = run(*project.args("build"))
    assert result.code == 1 and "internal error" not in result.err
    assert "a side of dispute 'sur-delivery' names no claim and no event" in result.err
    project.edit(
        "offers.yaml",
        "      - who: Ferrocarril Sur\n",
        "      - who: Ferrocarril Sur\n        claims: [officials-later-delivery]\n",
    )
    result = run(*project.args("check"))
    assert (
        "claim 'officials-later-delivery' is on two sides of dispute 'sur-delivery'" in result.err
    )


def test_the_sites_own_dates_are_whole_days(project: Project, run: Run) -> None:
    project.edit("article.md", 'published: "2024-03-20"', 'published: "2024-03"')
    result = run(*project.args("check"))
    assert result.code == 1
    line = project.line_of("article.md", "published:")
    assert f"article.md:{line}:12: published must be a whole day, YYYY-MM-DD, not '2024-03'" in (
        result.err
    )


# -- sources as they really are ------------------------------------------------------


def test_a_source_without_an_address_shows_no_link_and_notes_are_the_newsrooms(
    project: Project, run: Run
) -> None:
    sources = (project.content / "sources.yaml").read_text(encoding="utf-8")
    courier_url = next(line for line in sources.split("\n") if "courier" in line and "url:" in line)
    project.edit("sources.yaml", courier_url + "\n", "")
    project.edit(
        "sources.yaml", "  publisher: Lakeside Courier\n", "  kind: notes\n  author: A. Reporter\n"
    )
    site = built(project, run)
    page = (site / "sources/index.html").read_text(encoding="utf-8")
    courier = page[page.index('id="courier"') :]
    assert "Find it in the original" not in courier and "cite=" not in courier
    assert "<dt>Kind</dt><dd>Our notes</dd>" in courier and "A. Reporter" in courier
    # Credited to the newsroom: the site's publisher.
    assert "Test Desk, about March 2024 1 quote" in text_of(site / "timeline/index.html")
    (data,) = json_ld_blocks(site / "sources/index.html")
    notes = next(w for w in data["citation"] if w["publisher"]["name"] == "Test Desk")
    assert "url" not in notes
    downloaded = json.loads((site / "data/explainer.json").read_text(encoding="utf-8"))
    assert downloaded["sources"][1]["url"] is None and downloaded["sources"][1]["kind"] == "notes"


def test_a_source_other_than_notes_must_name_its_publisher(project: Project, run: Run) -> None:
    project.edit("sources.yaml", "  publisher: Lakeside Courier\n", "  kind: interview\n")
    result = run(*project.args("check"))
    assert result.code == 1
    assert "source 'courier' (interview) names no publisher" in result.err
