"""Who a quote is credited to: the speaker, the outlets that relayed the words, and
the publication that printed them, written the one way every page and download
writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model.citations import Citation
from generator.model.dates import date_words
from generator.model.story import Source


def joined(names: Sequence[str]) -> str:
    """'Reuters', 'Anadolu and Bloomberg', 'A, B and C'."""
    if len(names) < 3:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def speaker_of(citation: Citation, actor_names: Mapping[str, str]) -> str:
    """Who said the words: the actor's name, the free-text speaker, or ''."""
    if citation.speaker is not None:
        return actor_names[citation.speaker]
    return citation.speaker_name or ""


def voice(citation: Citation, actor_names: Mapping[str, str]) -> str:
    """Whose words a quote gives, before the publication: 'Dmitry Peskov, as reported
    by news agencies', 'As reported by Bloomberg', 'Fikri Işık', or '' when they are
    the publication's own."""
    speaker = speaker_of(citation, actor_names)
    relays = joined(citation.relayed_by)
    if speaker and relays:
        return f"{speaker}, as reported by {relays}"
    if relays:
        return f"As reported by {relays}"
    return speaker


def whose_words(citation: Citation, publisher: str, actor_names: Mapping[str, str]) -> str:
    """Whose words a quoted passage gives, as the sources page lists them: 'Fikri Işık,
    as reported by Reuters', "Bloomberg's reporting", "The National's own words"."""
    if citation.speaker is not None or citation.speaker_name is not None:
        return voice(citation, actor_names)
    if citation.relayed_by:
        return f"{joined(citation.relayed_by)}'s reporting"
    return f"{publisher}'s own words"


def publication(source: Source) -> str:
    """The publication and its date: 'bne IntelliNews, 21 April 2017'."""
    return f"{source.publisher}, {date_words(source.published, source.date_qualifier)}"


def credit(citation: Citation, source: Source, actor_names: Mapping[str, str]) -> str:
    """The whole credit line: 'Dmitry Peskov, as reported by news agencies — bne
    IntelliNews, 21 April 2017', or '— bne IntelliNews, 21 April 2017'."""
    said = voice(citation, actor_names)
    return f"{said} — {publication(source)}" if said else f"— {publication(source)}"
