"""Who a quote is credited to: the speaker, the outlets that relayed the words, and
the publication that printed them, written the one way every page and download
writes them, in the story's words (vocabulary.yaml)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model.citations import Citation
from generator.model.dates import DateStyle
from generator.model.story import Source


class Credits:
    """The credit lines of a story's quotes: actors named by their names, and the
    phrases ('as reported by', 'and') in the story's words."""

    def __init__(
        self, actor_names: Mapping[str, str], words: Mapping[str, str], date_style: DateStyle
    ) -> None:
        self.actor_names = actor_names
        self.words = words
        self.date_style = date_style  # the story's (CitedPassages.date_style)

    def joined(self, names: Sequence[str]) -> str:
        """'Reuters', 'Anadolu and Bloomberg', 'A, B and C'."""
        and_ = f" {self.words['and']} "
        if len(names) < 3:
            return and_.join(names)
        return f"{', '.join(names[:-1])}{and_}{names[-1]}"

    def speaker_of(self, citation: Citation) -> str:
        """Who said the words: the actor's name, the free-text speaker, or ''."""
        if citation.speaker is not None:
            return self.actor_names[citation.speaker]
        return citation.speaker_name or ""

    def voice(self, citation: Citation) -> str:
        """Whose words a quote gives, before the publication: 'Dmitry Peskov, as reported
        by news agencies', "Bloomberg's reporting", 'Fikri Işık', or '' when they are
        the publication's own."""
        speaker = self.speaker_of(citation)
        if not citation.relayed_by:
            return speaker
        outlets = self.joined(citation.relayed_by)
        if speaker:
            return fill(self.words["speaker_as_reported_by"], speaker=speaker, outlets=outlets)
        return fill(self.words["their_reporting"], outlets=outlets)

    def whose_words(self, citation: Citation, publisher: str) -> str:
        """Whose words a quoted passage gives, as the sources page lists them: 'Fikri
        Işık, as reported by Reuters', "Bloomberg's reporting", "The National's own
        words"."""
        return self.voice(citation) or fill(self.words["its_own_words"], publisher=publisher)

    def credit(self, citation: Citation, source: Source) -> str:
        """The whole credit line: 'Dmitry Peskov, as reported by news agencies — bne
        IntelliNews, 21 April 2017', or '— bne IntelliNews, 21 April 2017'."""
        said = self.voice(citation)
        printed = self.publication(source)
        return f"{said} — {printed}" if said else f"— {printed}"

    def publication(self, source: Source) -> str:
        """The publication and its date, as the pages write it: 'bne IntelliNews, 21
        April 2017'."""
        when = self.date_style.words(source.published, source.date_qualifier)
        return f"{source.publisher}, {when}"


def fill(word: str, **values: str) -> str:
    """A word with its {placeholders} filled in (as plain text)."""
    for name, value in values.items():
        word = word.replace("{" + name + "}", value)
    return word
