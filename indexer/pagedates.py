"""Which date an article header prints is the publication and which the update, for
`indexer.pagemeta`: the labels ("Published", "Updated" and their French, German, Spanish, Italian,
Dutch forms) and the places (inside a sentence, in a photo caption) that decide it. The dates
themselves are read by `indexer.dates.scan_date`, the one home of date parsing.

Pure functions of the text: none of them looks at a clock or the capture date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.dates import CLOCK_TIME, clock_stamp, scan_date

__all__ = ["printed_dates"]

#: Labels printed before a timestamp, and what they make of it.
_UPDATED_LABEL = re.compile(
    r"\b(?:updated?|modified|last updated(?: at| on)?|aktualisiert(?: am)?|mis à jour(?: le)?|"
    r"actualizado(?: el)?|aggiornato(?: il)?)\W{0,3}(?:on\W{1,3})?$",
    re.I,
)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:(?:first\s+)?published|posted|publié(?: le)?|veröffentlicht(?: am)?|publicado(?: el)?|"
    r"pubblicato(?: il)?|gepubliceerd(?: op)?)\W{0,3}(?:on\W{1,3}|at\W{1,3})?$",
    re.I,
)
#: A date inside a sentence or a photo caption ("... in Rafah on December 14, 2023"), not a
#: timestamp of the story.
_IN_SENTENCE = re.compile(
    r"\b(?:on|in|since|until|from|of|before|after|to|the|through|between|and|until)\s+$", re.I
)
_CAPTION_AFTER = re.compile(r"^,?\s+(?:in|at|near)\s+[A-Z]")
#: A year, checked not to be part of a longer number in `_years` (the look-around in the
#: pattern made scanning an article header ~3x slower).
_YEAR = re.compile(r"(?:19|20)\d{2}")
YEAR_BEFORE_CHARS, YEAR_AFTER_CHARS = 45, 30
#: Unlabeled stamps are only believed this close to the headline; labeled ones anywhere in the
#: text given (an author bio can push "Published on ..." a long way down).
UNLABELED_CHARS = 800


def printed_dates(text: str) -> tuple[str | None, str | None]:
    """(published, updated) printed in an article header.

    A stamp after "Published" / "Posted" (or their French, German, Spanish, Italian, Dutch
    forms) is the publication, one after "Updated" the update; without a labeled publication
    stamp the first unlabeled stamp in the first UNLABELED_CHARS is taken, unless it sits inside
    a sentence or a photo caption. "2025-01-18 08:55 Last Updated At: 09:00" gives both, the
    update on the publication's day."""
    labeled = unlabeled = updated = None
    done = 0  # text before this offset has been read
    for count, year in enumerate(_years(text)):
        if year.start() < done:
            continue
        if count > 20 or (labeled and updated):
            break
        # Every form has its year within this window: "3:05 PM EST, January 14, 2025" (time
        # first) starts ~35 characters before it, "2025-01-18 08:55:00+08:00" ends ~25 after.
        low = max(done, year.start() - YEAR_BEFORE_CHARS)
        found = scan_date(text[low : year.end() + YEAR_AFTER_CHARS])
        if found is None:
            continue
        start, end, iso = low + found[0], low + found[1], found[2]
        before = text[max(0, start - 40) : start]
        if _UPDATED_LABEL.search(before):
            updated = updated or iso
        elif _PUBLISHED_LABEL.search(before):
            labeled = labeled or iso
        elif (
            unlabeled is None
            and start < UNLABELED_CHARS
            and not _IN_SENTENCE.search(before)
            and not _CAPTION_AFTER.match(text[end : end + 20])
        ):
            unlabeled = iso
        done = end
    published = labeled or unlabeled
    if published and not updated and (m := _UPDATED_TIME.search(text, 0, UNLABELED_CHARS)):
        # "Last Updated At: 09:00" with no day of its own: the day of the publication stamp.
        y, mo, d = (int(x) for x in published[:10].split("-"))
        stamp = clock_stamp(y, mo, d, m)
        updated = stamp[0] if stamp and stamp[1] else None
    return published, updated


def _years(text: str) -> Iterator[re.Match[str]]:
    """The four-digit years 19xx and 20xx in `text` that are not part of a longer number. (A
    match inside a longer number skips no year: a year starts after a non-digit.)"""
    for m in _YEAR.finditer(text):
        start, end = m.span()
        if not (start and text[start - 1].isdecimal()) and not text[end : end + 1].isdecimal():
            yield m


_UPDATED_TIME = re.compile(
    r"\b(?:updated?|last updated(?: at)?|aktualisiert|mis à jour|actualizado)\W{0,3}"
    + CLOCK_TIME
    + r"(?!\s*[/.-]?\d)",
    re.I,
)
