"""Dates: every rule that reads a date, normalised to ISO 8601. The one home of date parsing.

Every parser returns ISO text (`2025-01-18`, `2025-01-18T08:55:00`, `2025-01-18T08:55:00+08:00`)
or None; none of them ever looks at a clock or the capture date (DESIGN.md §3: unknown is null).
The parsers are small and strict on purpose: a wrong date is worse than none. They share one
month table, one year range and one calendar check.

Three readings, for three kinds of source, each pinned by the tables of tests/test_dates.py:

- `parse_iso`: one structured value of the story extractor (`indexer.metadata`, `extract.py`):
  ISO 8601 only, with a `Z` kept as written.
- `parse_text` (and `is_date_line`, `parse_updated`, `from_dateline`): the first date printed in
  a story's own text, month-name or ISO forms with the clock time printed next to them.
- `parse_date` / `scan_date`: page-level metadata (`indexer.pagemeta`, `indexer.pagedates`):
  every form pages use, numeric `18/01/2025` and zone abbreviations (`3:05 PM EST`) included.

`from_url` reads the day a story URL spells out, for both the page and each story; `is_later`
and `same_instant` compare two stamps (`instants` is where every comparison of dates starts).
"""

from __future__ import annotations

import re
from datetime import date, datetime

#: Month names (English, French, Spanish, German, Italian, Portuguese, Dutch; Russian in the
#: genitive that dates print, "5 марта 2021", and the nominative) → number.
MONTHS: dict[str, int] = {}
_MONTH_NAMES = (
    "january jan janvier janv enero ene januar jän jänner gennaio gen janeiro januari "
    "января январь янв",
    "february feb febr février févr fevrier febrero februar febbraio fevereiro fev februari "
    "февраля февраль фев",
    "march mar mars marzo märz marz maerz março maart mrt марта март мар",
    "april apr avril abril aprile апреля апрель апр",
    "may mai mayo maggio maio mei мая май",
    "june jun juin junio juni giugno junho июня июнь июн",
    "july jul juillet juil julio juli luglio lug julho июля июль июл",
    "august aug août aout agosto ago augustus августа август авг",
    "september sep sept septembre septiembre settembre set setembro сентября сентябрь сен сент",
    "october oct octobre octubre oktober okt ottobre ott outubro out октября октябрь окт",
    "november nov novembre noviembre novembro ноября ноябрь ноя",
    "december dec décembre decembre diciembre dic dezember dez dicembre dezembro декабря "
    "декабрь дек",
)
for _number, _names in enumerate(_MONTH_NAMES, start=1):
    for _name in _names.split():
        MONTHS.setdefault(_name, _number)

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

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


# ------------------------------------------- one structured value, and the dates a story prints


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
#: A visible "last updated" time after the published one: `2025-01-18 08:55 Last Updated At:09:00`
#: (sample_warcs/04-multi-and-live.warc.gz, Xinhua-style pages).
_UPDATED_CLOCK = re.compile(r"(?:updated|modified)[^0-9]{0,12}(\d{1,2}):(\d{2})", re.I)


def _zone(z: str | None) -> str:
    """parse_iso's spelling of a zone: `Z` as written, a numeric offset as `+HH:MM`."""
    return "Z" if z == "Z" else offset(z or "")


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


def from_dateline(month_day: str, reference: str | None) -> str | None:
    """The date a dateline prints (`Jan. 14`, `5 Mar.`) in the year of `reference` (a known
    page date)."""
    if not reference:
        return None
    if m := re.match(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})", month_day, re.I):
        name, number = m[1], m[2]
    elif m := re.match(rf"(\d{{1,2}})\s+({_MONTH_RE})\b", month_day, re.I):
        number, name = m[1], m[2]
    else:
        return None
    mon, day, year = MONTHS.get(name.lower()), int(number), int(reference[:4])
    return f"{year:04d}-{mon:02d}-{day:02d}" if mon and _valid(year, mon, day) else None


# ------------------------------------------- page-level metadata: every form pages print

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
#: Any word where a month name can stand; the word is then looked up in MONTHS. (Python's regex
#: engine tries a long alternation of names at every position, which made it the slowest step.)
_MONTH_WORD = r"[^\W\d_]{3,10}"

#: A clock time after or before a date, with seconds, a.m./p.m. and a zone (offset or
#: abbreviation): `08:55:00+08:00`, `3:05 PM EST`, `10.32 a.m.`, `14h30`. Its groups feed
#: `clock_stamp`; `indexer.pagedates` reads a lone "Last updated 09:00" with it.
CLOCK_TIME = (
    r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:[.,]\d+)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?P<tz>Z\b|[+-]\d{2}(?::?\d{2})?|(?:" + _ZONE + r")\b)?"
)
#: ISO 8601 and its relatives: `2025-01-18T08:55:00+08:00`, `2025-01-18 08:55`, `2025/01/18`.
_ANY_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|,\s*)" + CLOCK_TIME + ")?",
    re.I,
)
#: `20250118` or `20250118T085500Z` standing alone (Parse.ly, some `pubdate` metas).
_COMPACT = re.compile(
    r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T?(?P<h>\d{2})(?P<mi>\d{2})\d{0,2}Z?)?$"
)
#: `January 14, 2025`, `Jan. 14 2025`, `Tuesday, Jan 14th, 2025` (month first, as US sites print).
_ANY_MDY = re.compile(
    r"\b(?P<mon>" + _MONTH_WORD + r")\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
    r"(?:,?\s*(?:at\s+|-\s+|\|\s*|/\s*|•\s*)?" + CLOCK_TIME + ")?",
    re.I,
)
#: `14 January 2025`, `18 janvier 2025`, `3. März 2025`, `3 de marzo de 2025` (day first).
_ANY_DMY = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mon>" + _MONTH_WORD + r")\.?,?\s+"
    r"(?:de\s+)?(?P<y>\d{4})\b(?:,?\s*(?:at\s+|à\s+|um\s+|-\s+|\|\s*|•\s*)?" + CLOCK_TIME + ")?",
    re.I,
)
#: `18/01/2025`, `01/18/2025`, `18.01.2025`: numeric, day or month first.
_NUMERIC = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/])"
    r"(?:,?\s+" + CLOCK_TIME + ")?",
    re.I,
)
#: Chinese and Japanese `2019年3月5日 10:30`, Korean `2019년 3월 5일` and `2019. 3. 5.` (the
#: newspaper4k test pages in those languages print these; their metadata usually has the date).
_EAST_ASIAN = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:年|년|\.)\s*(?P<m>\d{1,2})\s*(?:月|월|\.)\s*(?P<d>\d{1,2})\s*"
    r"(?:日|일|\.(?!\d))"
    r"(?:\s*(?:[（(][^)）]{1,3}[)）])?\s*(?P<h>\d{1,2})\s*[:：时時시]\s*(?P<mi>\d{2}))?"
)
#: A clock time printed before the date: `3:05 PM EST, January 14, 2025`.
_TIME_FIRST = re.compile(
    CLOCK_TIME + r",?\s+(?:on\s+)?(?:\w+,?\s+)?(?=(?:" + _MONTH_RE + r")\.?\s+\d)", re.I
)


def offset(zone: str) -> str:
    """A zone as an ISO offset: `+0800`, `+08` and `+08:00` give `+08:00`, `Z` and `GMT`
    give `+00:00`, `EST` gives `-05:00` (ZONES); '' when it is none of them."""
    zone = zone.lower()
    found = ZONES.get(zone, "")
    if zone and not found and zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        found = f"{zone[0]}{digits[:2]}:{(digits[2:] or '00'):0<2}"
    return found


def clock_stamp(
    y: int, m: int, d: int, match: re.Match[str] | None = None
) -> tuple[str, bool] | None:
    """Validated ISO text for a calendar day and, when the match has one, its clock time."""
    if not _valid(y, m, d):
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
    return f"{day}T{hour:02d}:{minute:02d}:{second:02d}{offset(groups.get('tz') or '')}", True


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
        iso = clock_stamp(int(m["y"]), int(m["m"]), int(m["d"]), m)
        return (0, m.end(), *iso) if iso else None
    found: list[tuple[int, int, str, bool]] = []
    m = _ANY_ISO.search(text)
    if m is not None and (iso := clock_stamp(int(m["y"]), int(m["m"]), int(m["d"]), m)):
        if m.start() == 0:
            return (0, m.end(), *iso)  # the usual metadata value: nothing can come before it
        found.append((m.start(), m.end(), *iso))
    for pattern in (_ANY_MDY, _ANY_DMY):
        m = next((m for m in pattern.finditer(text) if m["mon"].lower() in MONTHS), None)
        if m is not None:
            month = MONTHS[m["mon"].lower()]
            start = m.start()
            iso = clock_stamp(int(m["y"]), month, int(m["d"]), m)
            if iso and not iso[1]:
                # "3:05 PM EST, January 14, 2025": the clock time comes first.
                for t in _TIME_FIRST.finditer(text, max(0, start - 40)):
                    if t.end() == start:
                        iso, start = (
                            clock_stamp(int(m["y"]), month, int(m["d"]), t) or iso,
                            t.start(),
                        )
                    if t.start() >= start:
                        break
            if iso:
                found.append((start, m.end(), *iso))
    if (
        ("年" in text or "년" in text or ". " in text)
        and (m := _EAST_ASIAN.search(text))
        and (iso := clock_stamp(int(m["y"]), int(m["m"]), int(m["d"]), m))
    ):
        found.append((m.start(), m.end(), *iso))
    if ("/" in text or "." in text) and (m := _NUMERIC.search(text)) is not None:
        a, b = int(m["a"]), int(m["b"])
        dots = day_first is None and m["sep"] == "."
        if a > 12 or (a != b and b <= 12 and (day_first or dots)):
            iso = clock_stamp(int(m["y"]), b, a, m)
        elif b > 12 or a == b or day_first is False:
            iso = clock_stamp(int(m["y"]), a, b, m)
        else:
            iso = None
        if iso:
            found.append((m.start(), m.end(), *iso))
    return min(found) if found else None


# ------------------------------------------- story URLs

#: Dates in story URLs: `/2025/01/18/`, `/2020/3/19/` (aed-dev www.sbnation.com/2020/3/19/…),
#: `/2025-01-18/`, `-20250118-` (aed-dev www.quantamagazine.org/…-20191115/).
_URL_DATES = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_.])"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)


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


# ------------------------------------------- comparing two stamps


def instants(a: str, b: str) -> tuple[datetime, datetime] | None:
    """Two ISO stamps as datetimes, or None when either is not one. The comparisons of dates
    (here and in `indexer.pagemeta`) start from it and differ in how they treat a zoned stamp
    next to a wall-clock one."""
    try:
        return datetime.fromisoformat(a), datetime.fromisoformat(b)
    except ValueError:
        return None


def is_later(a: str, b: str) -> bool:
    """Whether timestamp `a` is strictly later than `b` (comparable ISO strings only)."""
    if (pair := instants(a, b)) is None:
        return a > b
    da, db = pair
    if (da.tzinfo is None) != (db.tzinfo is None):
        da, db = da.replace(tzinfo=None), db.replace(tzinfo=None)
    return da > db


def same_instant(a: str, b: str) -> bool:
    """Whether two zoned timestamps name the same moment (within a minute)."""
    if (pair := instants(a, b)) is None:
        return False
    da, db = pair
    if da.tzinfo is None or db.tzinfo is None:
        return False
    return abs((da - db).total_seconds()) <= 60
