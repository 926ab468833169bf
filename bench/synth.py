"""A synthetic story in the project's own content schema, for benchmarks.

    python bench/synth.py --scale S --out DIR

writes DIR/content/{site,vocabulary,sources,actors,events,offers}.yaml, DIR/content/article.md
and DIR/seeds/*.txt. Per unit of scale: 10 events and 2 actors. Fixed or slowly
growing: 5 sources, 10 comparison dimensions, 3 + S // 100 offers.

Every quote is cut from a sentence that is then written into its source's seed
text (whole, or a run of six or more words from it; sometimes with a curly
apostrophe in the seed and a straight one in the quote), so quote verification
and the sources page do real work and `explainer check` reports no errors. Event
summaries and actor descriptions are 40 to 80 words of Markdown with *emphasis*
and internal links (`[x](actor:ID)`, sometimes `event:` or `offer:`). Events span
1950 to 2034 at year, month or day precision; those after 2025 are expected.

The output depends only on --scale: the same scale gives byte-identical files.
Only the standard library is used, so any Python 3.11+ runs it.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240521

# A fixed vocabulary: the only words the generator writes, besides numbers and names.
DETERMINERS = ("the", "a", "its", "their", "one", "another", "every")
ADJECTIVES = (
    "new", "final", "joint", "secret", "early", "late", "public", "formal", "rival",
    "costly", "modest", "bold", "quiet", "urgent", "major", "minor", "long", "short",
    "regional", "national", "local", "foreign", "draft", "revised",
)  # fmt: skip
NOUNS = (
    "council", "ministry", "deal", "offer", "contract", "budget", "plan", "report",
    "meeting", "vote", "talks", "tender", "bid", "loan", "system", "line", "station",
    "depot", "fleet", "bridge", "tunnel", "permit", "audit", "review", "agency",
    "board", "panel", "court", "ruling", "delay", "price", "fee", "grant", "term",
    "clause", "route", "survey", "study", "design", "launch",
)  # fmt: skip
POSSESSORS = ("ministry", "council", "company", "agency", "board", "government", "mayor")
VERBS = (
    "approved", "rejected", "signed", "delayed", "announced", "proposed", "reviewed",
    "cancelled", "backed", "opposed", "funded", "revised", "questioned", "confirmed",
    "extended", "paused", "won", "lost", "reopened", "priced",
)  # fmt: skip
PREPOSITIONS = ("after", "before", "despite", "during", "under", "without", "beside")
TIMES = (
    "on Monday", "on Tuesday", "last week", "this month", "last year", "in the spring",
    "by the end of the year", "within weeks", "at short notice", "after long talks",
)  # fmt: skip
SPEAKERS = ("officials", "a spokesperson", "people familiar with the talks", "the minister")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
SYLLABLES = (
    "ka", "ro", "ven", "mal", "tor", "ise", "dan", "bel", "qui", "sar", "lo", "nek",
    "ath", "mir", "ul", "pra", "zen", "ost", "gar", "vi", "lem", "dor", "fa", "rin",
)  # fmt: skip
KIND_CYCLE = ("state", "organisation", "company", "alliance")
KIND_SUFFIX = {
    "state": ("Republic of {}", "{}", "Kingdom of {}"),
    "organisation": ("{} Council", "{} Authority", "{} Agency"),
    "company": ("{} Dynamics", "{} Works", "{} Holdings"),
    "alliance": ("{} Pact", "{} Union", "{} League"),
}
ROLE_TITLES = (
    "Defence Minister", "Chief Executive", "Mayor", "Spokesperson", "Finance Minister",
    "Ambassador", "Chair", "Director", "Foreign Minister", "Treasurer",
)  # fmt: skip
EVENT_STATUSES = ("happened", "happened", "happened", "announced", "reported", "proposed")
SETTLED = ("happened", "agreed", "signed", "delivered", "cancelled", "rejected")
OFFER_STATUSES = (
    "proposed", "negotiating", "agreed", "signed", "delivered", "cancelled", "rejected",
)  # fmt: skip
DIMENSIONS = (
    ("price", "Price", "What would it cost?"),
    ("delivery", "Delivery", "When would it arrive?"),
    ("financing", "Financing", "Was a loan or other financing on offer?"),
    ("technology-transfer", "Technology transfer", "Would the seller share the technology?"),
    ("co-production", "Co-production", "Would it be produced jointly?"),
    ("integration", "Integration", "Would it work with existing systems?"),
    ("conditions", "Conditions", "What did the seller ask in return?"),
    ("maintenance", "Maintenance", "Who would keep it running?"),
    ("outcome", "Outcome", "What became of the offer?"),
    ("consequences", "Consequences", "What did the buyer risk by taking it?"),
)
SOURCES = (
    # id, publisher, published, date basis, relays
    ("harbour-gazette", "Harbour Gazette", "2019-03-01", "stated", ("Reuters",)),
    ("river-courier", "River Courier", "2020-07", "inferred", ()),
    ("capital-ledger", "Capital Ledger", "2021-11-15", "stated", ("Bloomberg", "Anadolu")),
    ("coast-observer", "Coast Observer", "2022", "inferred", ("AFP",)),
    ("valley-times", "Valley Times", "2023-05-30", "stated", ()),
)
FURNITURE = "Subscribe to our newsletter for more reports like this."
FIRST_YEAR, LAST_YEAR, LAST_PAST_YEAR = 1950, 2034, 2025


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Seed:
    """One source's seed text, built from the sentences the story quotes."""

    id: str
    publisher: str
    relays: tuple[str, ...] = ()
    sentences: list[str] = field(default_factory=list)


@dataclass
class ActorPlan:
    id: str
    name: str
    kind: str


class Story:
    """Generates the whole story with one seeded random number generator."""

    def __init__(self, scale: int) -> None:
        if scale < 1:
            raise ValueError("scale must be at least 1")
        self.scale = scale
        self.rng = random.Random(SEED * 1000 + scale)
        self.seeds = [Seed(s[0], s[1], s[4]) for s in SOURCES]
        self.disputed: list[str] = []  # ids of claims, in pairs: the sides of a dispute
        self.n_events = 10 * scale
        self.n_actors = 2 * scale
        self.n_offers = 3 + scale // 100
        self.actors = [self.plan_actor(i) for i in range(self.n_actors)]
        self.states = [a for a in self.actors if a.kind == "state"]
        self.companies = [a for a in self.actors if a.kind == "company"]
        self.sellers = [a for a in self.actors if a.kind in ("state", "company")]
        self.bodies = [a for a in self.actors if a.kind != "person"]
        self.event_ids = [self.event_id(i) for i in range(self.n_events)]
        self.offer_ids = [f"offer-{i + 1:03d}" for i in range(self.n_offers)]

    # -- words ---------------------------------------------------------------

    def word_name(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def clause(self) -> list[str]:
        """Words of a simple clause: subject, verb, object, an optional phrase."""
        rng = self.rng
        words = [rng.choice(DETERMINERS)]
        if rng.random() < 0.5:
            words.append(rng.choice(ADJECTIVES))
        words.append(rng.choice(NOUNS))
        words.append(rng.choice(VERBS))
        if rng.random() < 0.3:
            # A possessive with a curly apostrophe: quotes write it straight.
            words += ["the", rng.choice(POSSESSORS) + "\u2019s"]
        else:
            words.append(rng.choice(DETERMINERS))
        if rng.random() < 0.5:
            words.append(rng.choice(ADJECTIVES))
        words.append(rng.choice(NOUNS))
        if rng.random() < 0.6:
            words += [rng.choice(PREPOSITIONS), rng.choice(DETERMINERS), rng.choice(NOUNS)]
        if rng.random() < 0.3:
            words.append(f"worth ${rng.randint(1, 99)}.{rng.randint(1, 9)}bn")
        words += rng.choice(TIMES).split()
        return words

    def sentence(self) -> str:
        """One source sentence: a capitalised clause and a full stop."""
        words = self.clause()
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def markdown(self, low: int, high: int, links: list[tuple[str, str]]) -> str:
        """Markdown prose of low to high words, with *emphasis* and the given links."""
        rng = self.rng
        target = rng.randint(low, high)
        link_words = [(f"[{text}]({target_})", len(text.split())) for text, target_ in links]
        budget = target - sum(n for _, n in link_words)
        words: list[str] = []
        while len(words) < budget:
            clause = self.clause()
            clause[0] = clause[0].capitalize()
            clause[-1] += "."
            words += clause
        words = words[:budget]
        words[-1] = words[-1].rstrip(".") + "."
        # Emphasis on one or two words (never the last, which carries the full stop).
        for _ in range(rng.randint(1, 2)):
            i = rng.randrange(len(words) - 1)
            if not words[i].startswith("*") and words[i][-1].isalpha():
                words[i] = f"*{words[i]}*"
        for link, _n in link_words:
            i = rng.randrange(1, len(words))
            words.insert(i, link)
        return " ".join(words)

    # -- quotes --------------------------------------------------------------

    def cite(self, indent: str, speaker: str | None = None, sentence: str | None = None) -> str:
        """(`speaker`: an actor's id.)"""
        """A citation whose quote is added to a seed text; YAML at the given indent."""
        rng = self.rng
        seed = rng.choice(self.seeds)
        text = sentence or self.sentence()
        seed.sentences.append(text)
        words = text.rstrip(".").split()
        if len(words) > 8 and rng.random() < 0.5:
            start = rng.randrange(0, len(words) - 6)
            end = rng.randint(start + 6, len(words))
            words = words[start:end]
        quote = " ".join(words).replace("\u2019", "'")
        voice = ""  # the publication's own words
        if speaker is not None:
            voice = f"{indent}  speaker: {speaker}\n"
        else:
            roll = rng.random()
            if 0.4 <= roll < 0.7:
                voice = f"{indent}  speaker_name: {q(rng.choice(SPEAKERS))}\n"
            elif roll >= 0.7:
                voice = f"{indent}  speaker: {rng.choice(self.actors).id}\n"
            if roll >= 0.9 and seed.relays:
                voice += f"{indent}  relayed_by: [{seed.relays[0]}]\n"
        return f"{indent}- source: {seed.id}\n{indent}  quote: {q(quote)}\n" + voice

    # -- dates ---------------------------------------------------------------

    def date(self, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> tuple[str, int]:
        """A date at year, month or day precision, and its year."""
        rng = self.rng
        year = rng.randint(first, last)
        roll = rng.random()
        if roll < 0.25:
            return f"{year:04d}", year
        month = rng.randint(1, 12)
        if roll < 0.6:
            return f"{year:04d}-{month:02d}", year
        day = rng.randint(1, calendar.monthrange(year, month)[1])
        return f"{year:04d}-{month:02d}-{day:02d}", year

    # -- actors --------------------------------------------------------------

    def plan_actor(self, i: int) -> ActorPlan:
        if i % 2:
            name = f"{self.word_name(2)} {self.word_name(3)}"
            return ActorPlan(f"person-{i:05d}-{name.split()[1].lower()}", name, "person")
        kind = KIND_CYCLE[(i // 2) % len(KIND_CYCLE)]
        stem = self.word_name(3)
        name = self.rng.choice(KIND_SUFFIX[kind]).format(stem)
        return ActorPlan(f"{kind}-{i:05d}-{stem.lower()}", name, kind)

    def actor_yaml(self, i: int) -> str:
        rng = self.rng
        actor = self.actors[i]
        other = rng.choice(self.actors)
        links = [(other.name, f"actor:{other.id}")]
        if rng.random() < 0.2:
            links.append(("the offer", f"offer:{rng.choice(self.offer_ids)}"))
        out = [
            f"- id: {actor.id}\n",
            f"  name: {q(actor.name)}\n",
            f"  kind: {actor.kind}\n",
        ]
        if actor.kind == "company" and rng.random() < 0.5:
            out.append(f"  short_name: {q(actor.name.split()[0].upper())}\n")
        if rng.random() < 0.2:
            out.append(f"  aliases: [{q(actor.name.lower())}]\n")
        if actor.kind == "person" and self.states:
            out.append(f"  part_of: {rng.choice(self.states).id}\n")
        out.append(f"  description: {q(self.markdown(40, 80, links))}\n")
        if actor.kind == "person" and rng.random() < 0.7:
            title = rng.choice(ROLE_TITLES)
            out.append("  roles:\n")
            out.append(f"    - title: {q(title)}\n")
            if self.bodies:
                out.append(f"      organisation: {rng.choice(self.bodies).id}\n")
            out.append("      period:\n")
            start, start_year = self.date(FIRST_YEAR, LAST_PAST_YEAR - 5)
            roll = rng.random()
            if roll < 0.4:
                out.append(f"        as_of: {q(start)}\n")
            elif roll < 0.7:
                out.append(f"        start: {q(start)}\n")
            else:
                end, _ = self.date(start_year + 1, LAST_PAST_YEAR)
                out.append(f"        start: {q(start)}\n        end: {q(end)}\n")
            said = f"{actor.name}, the {title.lower()}, said the {rng.choice(NOUNS)} was " + (
                f"{rng.choice(ADJECTIVES)} {rng.choice(TIMES)}."
            )
            out.append("      citations:\n")
            out.append(self.cite("        ", speaker=actor.id, sentence=said))
        return "".join(out)

    # -- events --------------------------------------------------------------

    def event_id(self, i: int) -> str:
        return f"event-{i:05d}-{self.rng.choice(NOUNS)}"

    def event_yaml(self, i: int) -> str:
        rng = self.rng
        date, year = self.date()
        status = "expected" if year > LAST_PAST_YEAR else rng.choice(EVENT_STATUSES)
        involved = rng.sample(self.actors, k=min(len(self.actors), rng.randint(1, 3)))
        links = [(involved[0].name, f"actor:{involved[0].id}")]
        if rng.random() < 0.15:
            links.append(("an earlier step", f"event:{rng.choice(self.event_ids)}"))
        title = " ".join(self.clause()[:6])
        out = [
            f"- id: {self.event_ids[i]}\n",
            f"  date: {q(date)}\n",
            f"  status: {status}\n",
            f"  title: {q(title[0].upper() + title[1:])}\n",
            f"  summary: {q(self.markdown(40, 80, links))}\n",
        ]
        roll = rng.random()
        if roll < 0.05:
            out.append("  approximate: true\n")
        elif roll < 0.1:
            out.append("  by_date: true\n")
        elif roll < 0.13:
            out.append(
                "  date_resolution:\n"
                f"    wording: {q(rng.choice(TIMES))}\n"
                "    note: Worked out from the publication date of the source.\n"
            )
        out.append(f"  actors: [{', '.join(a.id for a in involved)}]\n")
        if rng.random() < 0.3:
            out.append(f"  offers: [{rng.choice(self.offer_ids)}]\n")
        out.append("  citations:\n")
        for _ in range(rng.randint(1, 2)):
            out.append(self.cite("    "))
        return "".join(out)

    # -- offers --------------------------------------------------------------

    def offer_yaml(self, i: int) -> str:
        rng = self.rng
        seller = rng.choice(self.sellers or self.actors)
        buyer = rng.choice(self.states or self.actors)
        out = [
            f"  - id: {self.offer_ids[i]}\n",
            f"    system: {q(rng.choice(ADJECTIVES) + ' ' + rng.choice(NOUNS) + ' system')}\n",
            f"    seller: {seller.id}\n",
            f"    buyer: {buyer.id}\n",
            f"    status: {rng.choice(OFFER_STATUSES)}\n",
        ]
        if self.companies:
            out.append(f"    maker: {rng.choice(self.companies).id}\n")
        out.append("    basis:\n      status:\n        citations:\n")
        out.append(self.cite("          "))
        if self.companies:
            out.append("      maker:\n        editorial: The *generated* maker.\n")
        summary = self.markdown(15, 30, [(seller.name, f"actor:{seller.id}")])
        out.append(f"    summary: {q(summary)}\n    citations:\n")
        for _ in range(rng.randint(1, 2)):
            out.append(self.cite("      "))
        out.append("    terms:\n")
        for dimension_id, _label, _question in DIMENSIONS:
            if rng.random() < 0.2:
                continue  # the sources say nothing on this row
            out.append(f"      {dimension_id}:\n")
            claims = 2 if rng.random() < 0.25 else 1
            out.append("        claims:\n")
            for number in range(claims):
                statement = " ".join(self.clause()[:8])
                out.append(f"          - statement: {q(statement[0].upper() + statement[1:])}\n")
                if claims == 2:  # two claims in a cell: the two sides of a dispute
                    claim_id = f"{self.offer_ids[i]}-{dimension_id}-{number}"
                    out.append(f"            id: {claim_id}\n")
                    self.disputed.append(claim_id)
                out.append("            citations:\n")
                out.append(self.cite("              "))
        return "".join(out)

    # -- whole files ---------------------------------------------------------

    def files(self) -> dict[str, str]:
        """Every file of the project, by path relative to the output folder."""
        files: dict[str, str] = {}
        schema = "# yaml-language-server: $schema=../schemas/{}.schema.json\n"
        # Offers first, so that events and actors can link to them; the order of
        # generation fixes the random stream, the order of writing does not matter.
        offers = [self.offer_yaml(i) for i in range(self.n_offers)]
        actors = [self.actor_yaml(i) for i in range(self.n_actors)]
        events = [self.event_yaml(i) for i in range(self.n_events)]
        dimensions = "".join(
            f"  - id: {d}\n    label: {q(label)}\n    question: {q(question)}\n"
            for d, label, question in DIMENSIONS
        )
        disputes = "".join(
            f"  - id: {a}-dispute\n    about: Two accounts of one *generated* point.\n"
            f"    sides:\n      - who: One side\n        claims: [{a}]\n"
            f"      - who: The other side\n        claims: [{b}]\n"
            for a, b in zip(self.disputed[::2], self.disputed[1::2], strict=True)
        )
        files["content/offers.yaml"] = (
            schema.format("offers")
            + "dimensions:\n"
            + dimensions
            + "offers:\n"
            + "".join(offers)
            + ("disputes:\n" + disputes if disputes else "")
        )
        files["content/actors.yaml"] = schema.format("actors") + "".join(actors)
        files["content/events.yaml"] = schema.format("events") + "".join(events)
        files["content/article.md"] = self.article()
        files["content/site.yaml"] = schema.format("site") + self.site()
        files["content/vocabulary.yaml"] = schema.format("vocabulary") + vocabulary()
        files["content/sources.yaml"] = schema.format("sources") + self.sources()
        for seed in self.seeds:
            files[f"seeds/{seed.id}.txt"] = self.seed_text(seed)
        return files

    def site(self) -> str:
        def page(key: str, title: str, description: str, intro: str = "") -> str:
            text = f"  {key}:\n    title: {q(title)}\n    description: {q(description)}\n"
            return text + (f"    intro: {q(intro)}\n" if intro else "")

        return (
            f"title: {q(f'A synthetic story at scale {self.scale}')}\n"
            "description: A generated explainer for benchmarking the generator.\n"
            "language: en\n"
            "publisher:\n  name: Benchmark Desk\n  url: https://example.org/\n"
            "pages:\n"
            + page("timeline", "Timeline", "Every generated event.", "Dates are *made up*.")
            + page("actors", "Who's who", "Every generated actor.")
            + page("offers", "The offers compared", "The generated offers side by side.")
            + page("sources", "Sources", "The generated source texts.")
            + page(
                "not_found",
                "Page not found",
                "There is no page at this address.",
                "Try the [timeline](page:timeline).",
            )
        )

    def sources(self) -> str:
        out = []
        for (sid, publisher, published, basis, relays), seed in zip(
            SOURCES, self.seeds, strict=True
        ):
            out.append(
                f"- id: {sid}\n"
                f"  title: {q(f'{publisher} reports on the generated story')}\n"
                f"  publisher: {q(publisher)}\n"
                f"  url: https://{sid}.example/story\n"
                f"  file: {seed.id}.txt\n"
                f"  published: {q(published)}\n"
                f"  date_basis: {basis}\n"
            )
            if basis == "inferred":
                out.append(
                    "  date_reasoning: The text has no date; it answers an earlier report.\n"
                )
            if relays:
                out.append(f"  relays: [{', '.join(relays)}]\n")
            out.append(
                "  exclude:\n"
                "    - reason: headline, recorded above as the title\n"
                '      lines: "1"\n'
                "    - reason: newsletter banner\n"
                f"      text: {q(FURNITURE)}\n"
            )
        return "".join(out)

    def seed_text(self, seed: Seed) -> str:
        """The headline, a byline, then the sentences (shuffled) in paragraphs of 2 to 6."""
        rng = self.rng
        sentences = list(seed.sentences)
        sentences += [self.sentence() for _ in range(len(sentences) // 5 + 1)]  # uncited
        rng.shuffle(sentences)
        sentences.insert(rng.randrange(len(sentences) + 1), FURNITURE)
        lines = [f"{seed.publisher} reports on the generated story", "", f"By {seed.publisher}"]
        while sentences:
            take = rng.randint(2, 6)
            lines += ["", " ".join(sentences[:take])]
            del sentences[:take]
        return "\n".join(lines) + "\n"

    def article(self) -> str:
        rng = self.rng
        picks = rng.sample(self.event_ids, k=min(8, len(self.event_ids)))
        actor = rng.choice(self.actors)

        def link(i: int) -> str:
            return f"[{rng.choice(NOUNS)}](event:{picks[i % len(picks)]})"

        points = [
            f"The {rng.choice(NOUNS)} was {rng.choice(VERBS)} after the {link(i)}."
            for i in range(4)
        ]
        front = (
            "---\n"
            f"title: {q(f'How the generated story unfolded (scale {self.scale})')}\n"
            "description: A synthetic explainer for benchmarks.\n"
            'published: "2026-01-05"\n'
            'as_of: "2023-05-30"\n'
            f"standfirst: {q('A story made of *generated* facts, each quoted from a source.')}\n"
            "what_to_know:\n" + "".join(f"  - {q(p)}\n" for p in points) + "---\n"
        )
        sections = []
        for number in range(4):
            paragraphs = []
            for paragraph in range(2):
                i = number * 2 + paragraph
                extra = [(rng.choice(NOUNS), f"event:{picks[i % len(picks)]}")]
                if i == 1:
                    extra.append((actor.name, f"actor:{actor.id}"))
                if i == 3:
                    extra.append(("the offers", "page:offers"))
                if i == 5:
                    extra.append(("a source", f"source:{SOURCES[0][0]}"))
                paragraphs.append(self.markdown(45, 55, extra))
            heading = " ".join(self.clause()[:5])
            sections.append(f"## {heading[0].upper() + heading[1:]}\n\n" + "\n\n".join(paragraphs))
        intro = (
            "Every step is on the [timeline](page:timeline), and the offers are set side "
            f"by side in the [comparison](page:offers). It begins with a {link(0)}."
        )
        return front + "\n" + intro + "\n\n" + "\n\n".join(sections) + "\n"


def vocabulary() -> str:
    """The story's kinds and statuses: those the generated items use, and no words
    of its own (the pages keep their default wording)."""
    kinds = "".join(
        f"  - id: {kind}\n    heading: {kind.capitalize()}s\n" for kind in (*KIND_CYCLE, "person")
    )

    def statuses(ids: tuple[str, ...]) -> str:
        return "".join(
            f"  - id: {status}\n    label: {status.capitalize()}\n"
            f"    legend: What {status} means.\n"
            f"    counts_as: {'settled' if status in SETTLED else 'pending'}\n"
            for status in dict.fromkeys(ids)
        )

    return (
        "actor_kinds:\n"
        + kinds
        + "event_statuses:\n"
        + statuses((*EVENT_STATUSES, "expected"))
        + "offer_statuses:\n"
        + statuses(OFFER_STATUSES)
        + "column: offer\ncolumns: offers\n"
    )


def write_story(scale: int, out: Path) -> dict[str, int]:
    """Write the story into out; return its counts."""
    story = Story(scale)
    for relative, text in story.files().items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return {
        "events": story.n_events,
        "actors": story.n_actors,
        "offers": story.n_offers,
        "dimensions": len(DIMENSIONS),
        "sources": len(SOURCES),
        "quoted_sentences": sum(len(s.sentences) for s in story.seeds),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, required=True, help="10 events, 2 actors per unit")
    parser.add_argument("--out", type=Path, required=True, help="the project folder to write")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    counts = write_story(args.scale, args.out)
    print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
