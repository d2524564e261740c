"""Publication dates from the shapes pages print them in, normalised to ISO 8601.

Every function returns an ISO string (`2025-01-18`, `2025-01-18T08:55:00`,
`2025-01-18T08:55:00+08:00`) or None; none of them ever looks at the capture date (DESIGN.md §3:
unknown is null). The parsers are small and strict on purpose: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: Month names (English, French, Spanish, German, Italian, Portuguese, Dutch) → number.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janvier janv enero ene januar jän jänner gennaio gen janeiro januari",
        "february feb febr février févr fevrier febrero februar febbraio fevereiro fev februari",
        "march mar mars marzo märz marz maerz março maart mrt",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juin junio juni giugno junho",
        "july jul juillet juil julio juli luglio lug julho",
        "august aug août aout agosto ago augustus",
        "september sep sept septembre septiembre settembre set setembro",
        "october oct octobre octubre oktober okt ottobre ott outubro out",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre diciembre dic dezember dez dicembre dezembro",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS.setdefault(_name, _number)

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

#: ISO 8601 and its common relatives: `2025-03-03T17:02:00Z`, `2025-03-03 17:02:00+0000`,
#: `2025/03/03`, `2025-03-03T17:02:00.000-05:00`.
_ISO = re.compile(
    r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
#: `March 3, 2025`, `Mar. 3 2025`, `Sunday, June 14, 2009` (month first, as US sites print).
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
#: `3 March 2025`, `18 janvier 2025`, `3. März 2025`, `3 de marzo de 2025` (day first).
_DMY = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})\b",
    re.I,
)
#: A clock time printed next to a text date: `7:02 PM`, `4:40 p.m.`, `08:55`.
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\s*([ap])?\.?\s*m?\.?", re.I)
#: Dates in story URLs: `/2025/01/18/`, `/2020/3/19/` (aed-dev www.sbnation.com/2020/3/19/…),
#: `/2025-01-18/`, `-20250118-` (aed-dev www.quantamagazine.org/…-20191115/).
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_.])"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)
#: A visible "last updated" time after the published one: `2025-01-18 08:55 Last Updated At:09:00`
#: (sample_warcs/04-multi-and-live.warc.gz, Xinhua-style pages).
_UPDATED_CLOCK = re.compile(r"(?:updated|modified)[^0-9]{0,12}(\d{1,2}):(\d{2})", re.I)

#: Years outside this range are typos or placeholders (`0001-01-01`, `2099-…`), not dates.
MIN_YEAR, MAX_YEAR = 1990, 2100


def _valid(y: int, m: int, d: int) -> bool:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return False
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _zone(z: str | None) -> str:
    if not z:
        return ""
    if z == "Z":
        return "Z"
    z = z.replace(":", "")
    return f"{z[:3]}:{z[3:]}"


def parse_iso(value: str | None) -> str | None:
    """An ISO-like timestamp (structured data, `<time datetime>`, meta tags), normalised."""
    if not value:
        return None
    m = _ISO.search(value.strip()[:64])
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not _valid(y, mo, d):
        return None
    if m[4] is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    hh, mm, ss = int(m[4]), int(m[5]), int(m[6] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{_zone(m[7])}"


def parse_text(text: str) -> str | None:
    """The first date printed in `text` (`March 3, 2025`, `2025-01-18 08:55`, `3 mars 2025`).

    A clock time next to a month-name date is kept only when it is unambiguous (`08:55`,
    `7:02 PM`); without a zone the result is a wall-clock time, as the page printed it.
    """
    text = text[:300]
    best: tuple[int, str] | None = None
    m = _ISO.search(text)
    if m:
        iso = parse_iso(m[0])
        if iso:
            best = (m.start(), iso)
    for rx, order in ((_MDY, "mdy"), (_DMY, "dmy")):
        n = rx.search(text)
        if not n or (best and best[0] <= n.start()):
            continue
        if order == "mdy":
            mon, day, year = MONTHS.get(n[1].lower()), int(n[2]), int(n[3])
        else:
            day, mon, year = int(n[1]), MONTHS.get(n[2].lower()), int(n[3])
        if mon and _valid(year, mon, day):
            best = (n.start(), f"{year:04d}-{mon:02d}-{day:02d}" + _clock_near(text, n))
    return best[1] if best else None


def _clock_near(text: str, m: re.Match[str]) -> str:
    """`THH:MM:00` when a clock time is printed right before or after the date, else ''."""
    window = text[max(0, m.start() - 20) : m.start()] + " " + text[m.end() : m.end() + 20]
    c = _CLOCK.search(window)
    if not c:
        return ""
    hh, mm = int(c[1]), int(c[2])
    if c[3]:
        if hh > 12:
            return ""
        hh = hh % 12 + (12 if c[3].lower() == "p" else 0)
    if hh > 23 or mm > 59:
        return ""
    return f"T{hh:02d}:{mm:02d}:00"


def parse_updated(text: str, published: str) -> str | None:
    """`Last Updated At:09:00` printed after a published timestamp: the same day at that time."""
    m = _UPDATED_CLOCK.search(text)
    if not m or len(published) < 10:
        return None
    hh, mm = int(m[1]), int(m[2])
    if hh > 23 or mm > 59:
        return None
    return f"{published[:10]}T{hh:02d}:{mm:02d}:00"


def from_url(url: str) -> str | None:
    """The calendar day a story URL spells out (`/2025/01/18/`, `/2020/3/19/`, `2025-01-18`,
    `-20250118-`), or None. The one URL-date rule, for the page (pagemeta) and each story
    (extract)."""
    rest = url.split("://", 1)[-1].split("?", 1)[0]
    path = rest[rest.find("/") :] if "/" in rest else ""  # the host is not the path
    for pattern in _URL_DATES:
        for m in pattern.finditer(path):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if _valid(y, mo, d):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def from_dateline(month_day: str, reference: str | None) -> str | None:
    """The date a dateline prints (`Jan. 14`) in the year of `reference` (a known page date)."""
    if not reference:
        return None
    m = re.match(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})", month_day, re.I)
    if not m:
        return None
    mon, day, year = MONTHS.get(m[1].lower()), int(m[2]), int(reference[:4])
    return f"{year:04d}-{mon:02d}-{day:02d}" if mon and _valid(year, mon, day) else None


def is_later(a: str, b: str) -> bool:
    """Whether timestamp `a` is strictly later than `b` (comparable ISO strings only)."""
    try:
        da, db = datetime.fromisoformat(a), datetime.fromisoformat(b)
        if (da.tzinfo is None) != (db.tzinfo is None):
            da, db = da.replace(tzinfo=None), db.replace(tzinfo=None)
        return da > db
    except ValueError:
        return a > b


#: Words that introduce a printed timestamp: `Published 7:02 PM GMT+2, March 3, 2025`
#: (sample_warcs/02), `Updated …`, `Posted on …`, French/Spanish/German equivalents.
_DATE_LINE_LEAD = re.compile(
    r"^\s*(?:(?:first\s+)?published|updated|last updated|posted|posted on|modified|"
    r"publié|publié le|mis à jour|publicado|actualizado|veröffentlicht|aktualisiert|"
    r"pubblicato|aggiornato)\b",
    re.I,
)


_FOUR_DIGITS = re.compile(r"\d{4}")


def is_date_line(text: str) -> bool:
    """Whether a short printed line is a timestamp rather than prose.

    `Published January 15, 2025`, `Sunday, June 14, 2009` (sample_warcs/03 and 08) are;
    `The fair opened on June 14, 2009, with…` is not: the date must open the line or follow a
    publishing word, and the line must be short.
    """
    if len(text) > 100:
        return False
    if _DATE_LINE_LEAD.match(text):
        return True
    if not _FOUR_DIGITS.search(text):
        return False  # every date parse_text reads has a four-digit year; most lines have none
    found = parse_text(text)
    if not found:
        return False
    words = re.findall(r"[^\W\d_]+", text)
    # A date line is mostly date words: month and weekday names, "at", "a.m.", time zones.
    return len(words) <= 6 and not re.search(r"[.!?]\s+[A-Z]", text)


def same_instant(a: str, b: str) -> bool:
    """Whether two zoned timestamps name the same moment (within a minute)."""
    try:
        da, db = datetime.fromisoformat(a), datetime.fromisoformat(b)
        if da.tzinfo is None or db.tzinfo is None:
            return False
        return abs((da - db).total_seconds()) <= 60
    except ValueError:
        return False
