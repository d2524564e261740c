"""Datelines: the `CITY, Region (AGENCY) —` opening of a wire story, as printed.

A dateline is stored without its dash (DESIGN.md §3) and stays in the body, which keeps the
first paragraph as published (decision recorded in sample_warcs/README.md). Datelines also mark
where one story ends and the next begins on round-up and infinite-scroll pages (split.py).
`dateline_place` reduces a stored dateline to the place it names, which `morgue stats` counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.dates import MONTHS

_UP = "A-ZÀ-ÖØ-Þ"  # upper-case letters, Latin-1 accents included (ZÜRICH, SÃO PAULO)
#: A city in capitals: `WASHINGTON`, `HOLLIS CROSSING`, `ST. LOUIS`, `NEW DELHI`.
_CAPS_CITY = rf"[{_UP}][{_UP}.'’\-]*(?:\s[{_UP}][{_UP}.'’\-]*){{0,3}}"
#: A city in title case, accepted only together with an agency: `Washington (CNN)`.
_TITLE_CITY = rf"[{_UP}][\w.'’\-]*(?:\s[{_UP}][\w.'’\-]*){{0,2}}"
#: `, Syria`, `, Ohio`, `, N.Y.`, `, Calif.` — a region or country after the city.
_REGION = rf",\s(?P<region>[{_UP}][\w.'’\-]*(?:\s[{_UP}][\w.'’\-]*){{0,2}})"
_MONTH_RE = "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True))
#: `, Jan. 14` — a date after the city (Xinhua and AFP style), or day first, `, 5 Mar.`
#: (Europa Press style).
_DAY = rf",\s(?P<day>(?i:{_MONTH_RE})\.?\s\d{{1,2}}|\d{{1,2}}\s(?i:{_MONTH_RE})\.?)"
#: `(AP)`, `(Reuters)`, `(Xinhua)`, `(AFP)`, `(CNN)`, `(AP Photo)` is not one (no dash follows);
#: and the agencies that write their names in lower case, German above all: `Berlin (dpa) -`,
#: `Düsseldorf (dpa/lnw) -`, `(kna)`, `(epd)`, `(dts)`, `(sid)`, `(sda)`, `(apa)`, `(ats)`.
_AGENCY = (
    r"\s?\((?P<agency>[A-Z][\w .&/\-]{1,30}|"
    r"(?:dpa|afp|kna|epd|dts|sid|sda|apa|ats|ots)(?:[-/][\w\-]{1,12}){0,3})\)"
)
#: The dash ending a dateline: em dash, en dash, `--` or a spaced hyphen.
_DASH = r"\s*(?:—|–|--|-(?=\s))\s*"

#: Capital-letter city; region, date and agency optional: `PARIS —`, `ALEPPO, Syria (AP) —`.
CAPS_DATELINE = re.compile(
    rf"^(?P<city>{_CAPS_CITY})(?:{_REGION})?(?:{_DAY})?(?:{_AGENCY})?{_DASH}(?=\S)"
)
#: Title-case city needs an agency to count: `Washington (CNN) —`.
TITLE_DATELINE = re.compile(rf"^(?P<city>{_TITLE_CITY})(?:{_REGION})?(?:{_DAY})?{_AGENCY}{_DASH}")
#: The two shapes again as `find_dateline` stores them: whole text, no dash (for fullmatch).
_STORED_DATELINES = (
    re.compile(rf"(?P<city>{_CAPS_CITY})(?:{_REGION})?(?:{_DAY})?(?:{_AGENCY})?"),
    re.compile(rf"(?P<city>{_TITLE_CITY})(?:{_REGION})?(?:{_DAY})?{_AGENCY}"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """A dateline found at the start of a paragraph."""

    text: str  # as printed, without the dash: "BEIJING, Jan. 14 (Xinhua)"
    month_day: str | None  # "Jan. 14" when the dateline prints a date
    end: int  # where the paragraph text continues after the dash


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, or None.

    A capital-letter city needs three letters or an agency (`US —` opens sentences too).
    """
    head = paragraph[:120]
    m = CAPS_DATELINE.match(head)
    if m and (len(m["city"].replace(" ", "")) >= 3 or m["agency"]):
        return _dateline(m)
    m = TITLE_DATELINE.match(head)
    if m:
        return _dateline(m)
    return None


def _dateline(m: re.Match[str]) -> Dateline:
    text = m.group(0).rstrip()
    text = re.sub(r"\s*(?:—|–|--|-)\s*$", "", text)
    return Dateline(text=text, month_day=m["day"], end=m.end())


def dateline_place(text: str) -> str | None:
    """The place a stored dateline names: `BEIJING, Jan. 14 (Xinhua)` → `BEIJING`.

    The city in capitals plus the region as printed (`ALEPPO, Syria (AP)` → `ALEPPO, Syria`,
    `Washington (CNN)` → `WASHINGTON`); the date and the agency are dropped, so stories filed
    from one place on different days or by different agencies count together. None when `text`
    is not a dateline as `find_dateline` stores it.
    """
    for pattern in _STORED_DATELINES:
        # fullmatch backtracks out of a region that is really a date's month (`, Jan. 14`).
        m = pattern.fullmatch(text.strip())
        if m:
            city = " ".join(m["city"].split()).upper()
            region = m["region"]
            return f"{city}, {' '.join(region.split())}" if region else city
    return None
