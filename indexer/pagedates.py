"""Dates as pages print them (ISO 8601, `Jan. 14, 2025`, `14 janvier 2025`, `18.01.2025`, URLs),
normalised to ISO 8601 for `indexer.pagemeta`.

Every function is pure and returns ISO text (`2025-01-18`, `2025-01-18T08:55:00`,
`2025-01-18T08:55:00+08:00`) or None. None of them looks at a clock or the capture date: a date is
only what the page itself says. The parsers are strict on purpose: a wrong date is worse than none.
"""

from __future__ import annotations

import re

from indexer.dates import MONTHS  # one month table for every date rule

__all__ = ["MAX_YEAR", "MIN_YEAR", "parse_date", "printed_dates", "scan_date"]

#: Years outside this range are typos, epoch zeros or far-future placeholders, never a story's.
MIN_YEAR, MAX_YEAR = 1990, 2100

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
#: Any word where a month name can stand; the word is then looked up in MONTHS. (Python's regex
#: engine tries a long alternation of names at every position, which made it the slowest step.)
_MONTH_WORD = r"[^\W\d_]{3,10}"

#: Offsets of the zone abbreviations news sites print after a clock time ("3:05 PM EST").
#: Ambiguous ones (CST, IST) are read the way English-language news sites use them.
ZONES: dict[str, str] = {
    "utc": "+00:00", "gmt": "+00:00", "z": "+00:00", "bst": "+01:00", "cet": "+01:00",
    "cest": "+02:00", "eet": "+02:00", "eest": "+03:00", "est": "-05:00", "edt": "-04:00",
    "et": "-05:00", "cst": "-06:00", "cdt": "-05:00", "ct": "-06:00", "mst": "-07:00",
    "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00", "pt": "-08:00", "hkt": "+08:00",
    "sgt": "+08:00", "jst": "+09:00", "aest": "+10:00", "aedt": "+11:00",
}  # fmt: skip
_ZONE = "|".join(sorted((z for z in ZONES if z != "z"), key=len, reverse=True))

_TIME = (
    r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:[.,]\d+)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?P<tz>Z\b|[+-]\d{2}(?::?\d{2})?|(?:" + _ZONE + r")\b)?"
)
#: ISO 8601 and its relatives: `2025-01-18T08:55:00+08:00`, `2025-01-18 08:55`, `2025/01/18`.
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|,\s*)" + _TIME + ")?",
    re.I,
)
#: `20250118` or `20250118T085500Z` standing alone (Parse.ly, some `pubdate` metas).
_COMPACT = re.compile(
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<h>\d{2})(?P<mi>\d{2})\d{0,2}Z?)?$"
)
#: `January 14, 2025`, `Jan. 14 2025`, `Tuesday, Jan 14th, 2025` (month first, as US sites print).
_MDY = re.compile(
    r"\b(?P<mon>" + _MONTH_WORD + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
    r"(?:,?\s*(?:at\s+|-\s+|\|\s*|/\s*|•\s*)?" + _TIME + ")?",
    re.I,
)
#: `14 January 2025`, `18 janvier 2025`, `3. März 2025`, `3 de marzo de 2025` (day first).
_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mon>" + _MONTH_WORD + r")\.?,?\s+"
    r"(?:de\s+)?(?P<y>\d{4})\b(?:,?\s*(?:at\s+|à\s+|um\s+|-\s+|\|\s*|•\s*)?" + _TIME + ")?",
    re.I,
)
#: `18/01/2025`, `01/18/2025`, `18.01.2025`: numeric, day or month first.
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])"
    r"(?:,?\s+" + _TIME + ")?",
    re.I,
)
#: A clock time printed before the date: `3:05 PM EST, January 14, 2025`.
_TIME_FIRST = re.compile(
    _TIME + r",?\s+(?:on\s+)?(?:\w+,?\s+)?(?=(?:" + _MONTH + r")\.?\s+\d)", re.I
)


def _leap_february(year: int) -> int:
    """Days in February of `year`."""
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


def _iso(y: int, m: int, d: int, match: re.Match[str] | None = None) -> tuple[str, bool] | None:
    """Validated ISO text for a calendar day and, when the match has one, its clock time."""
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    if d > (_leap_february(y) if m == 2 else 30 if m in (4, 6, 9, 11) else 31):
        return None
    day = f"{y:04d}-{m:02d}-{d:02d}"
    groups = match.groupdict() if match else {}
    if not groups.get("h"):
        return day, False
    hour, minute = int(groups["h"]), int(groups["mi"])
    second = int(groups.get("s") or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return day, False
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return day, False
    zone = (groups.get("tz") or "").lower()
    offset = ZONES.get(zone, "")
    if zone and not offset and zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        offset = f"{zone[0]}{digits[:2]}:{(digits[2:] or '00'):0<2}"
    return f"{day}T{hour:02d}:{minute:02d}:{second:02d}{offset}", True


def parse_date(text: str, *, day_first: bool | None = None) -> tuple[str, bool] | None:
    """The first date in `text` as (ISO 8601, has_time), or None.

    Handles ISO 8601 and its relatives, `20250118`, month names in seven languages (`Jan. 14,
    2025`, `14 janvier 2025`), a clock time before or after the day (`3:05 PM EST, January 14,
    2025`; a zone abbreviation becomes an offset), and numeric `18/01/2025`. A numeric date whose
    day and month could be swapped is read day-first after dots (`18.01.2025` is the European
    form), otherwise only as `day_first` says; without it an ambiguous `01/02/2025` is rejected.
    """
    found = scan_date(text.strip()[:400], day_first)
    return (found[2], found[3]) if found else None


def scan_date(text: str, day_first: bool | None = None) -> tuple[int, int, str, bool] | None:
    """(start, end, ISO, has_time) of the first date in `text` (see parse_date)."""
    if (m := _COMPACT.match(text)) is not None:
        iso = _iso(int(m["y"]), int(m["m"]), int(m["d"]), m)
        return (0, m.end(), *iso) if iso else None
    found: list[tuple[int, int, str, bool]] = []
    m = _ISO.search(text)
    if m is not None and (iso := _iso(int(m["y"]), int(m["m"]), int(m["d"]), m)):
        if m.start() == 0:
            return (0, m.end(), *iso)  # the usual metadata value: nothing can come before it
        found.append((m.start(), m.end(), *iso))
    for pattern in (_MDY, _DMY):
        m = next((m for m in pattern.finditer(text) if m["mon"].lower() in MONTHS), None)
        if m is not None:
            month = MONTHS[m["mon"].lower()]
            start = m.start()
            iso = _iso(int(m["y"]), month, int(m["d"]), m)
            if iso and not iso[1]:
                # "3:05 PM EST, January 14, 2025": the clock time comes first.
                for t in _TIME_FIRST.finditer(text, max(0, start - 40)):
                    if t.end() == start:
                        iso, start = _iso(int(m["y"]), month, int(m["d"]), t) or iso, t.start()
                    if t.start() >= start:
                        break
            if iso:
                found.append((start, m.end(), *iso))
    if ("/" in text or "." in text) and (m := _NUMERIC.search(text)) is not None:
        a, b = int(m["a"]), int(m["b"])
        dots = day_first is None and m["sep"] == "."
        if a > 12 or (a != b and b <= 12 and (day_first or dots)):
            iso = _iso(int(m["y"]), b, a, m)
        elif b > 12 or a == b or day_first is False:
            iso = _iso(int(m["y"]), a, b, m)
        else:
            iso = None
        if iso:
            found.append((m.start(), m.end(), *iso))
    return min(found) if found else None


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
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
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
    for count, year in enumerate(_YEAR.finditer(text)):
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
        stamp = _iso(y, mo, d, m)
        updated = stamp[0] if stamp and stamp[1] else None
    return published, updated


_UPDATED_TIME = re.compile(
    r"\b(?:updated?|last updated(?: at)?|aktualisiert|mis à jour|actualizado)\W{0,3}"
    + _TIME
    + r"(?!\s*[/.-]?\d)",
    re.I,
)
