"""Output formats of the CLI: text for people, JSON / JSON Lines / CSV for programs.

Every function returns a str; the CLI writes it. Archived text is untrusted: in text output
it never carries control characters to the terminal (C0/C1 controls, ANSI escape sequences,
bidi overrides, CR, NUL are removed; `clean`). JSON escapes them as `\\uXXXX` and CSV drops
them, so both stay valid and safe to `cat`. CSV cells that a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`, tab, CR first) get a leading `'`.

json and csv are imported inside the functions that need them: `morgue search` in text mode
imports neither (start-up time, issue 6).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from indexer.records import STORY_KEYS, Story
from search.results import Hit, Results, Stats

if TYPE_CHECKING:
    from indexer.records import Skip

__all__ = [
    "BOLD",
    "CSV_COLUMNS",
    "clean",
    "extract_summary",
    "index_summary",
    "search_csv",
    "search_json",
    "search_jsonl",
    "search_text",
    "show_json",
    "show_text",
    "stats_json",
    "stats_text",
]

BOLD = ("\x1b[1m", "\x1b[22m")
#: Columns of `--format csv`: the story record, then the hit's score and snippet.
CSV_COLUMNS: tuple[str, ...] = (*STORY_KEYS, "score", "snippet")

# ESC-introduced sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, two-byte `ESC X`) and
# the 8-bit CSI/OSC introducers, removed whole so no parameter bytes are left behind. Every
# alternative starts with ESC, CSI or OSC, so text without them skips the regex, which is
# compiled on first use (compiling costs ~0.15 ms of every `morgue search` start, issue 6).
_ANSI = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?|\x9d[^\x07\x1b\x9c]*(?:\x07|\x9c)?"
)
#: Bidi embeddings, overrides and isolates: they can make a terminal show text reordered
#: ("Trojan Source"); the LRM/RLM marks are harmless and kept.
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
#: What `clean` drops: C0 controls but tab and LF (CR becomes LF first), DEL, C1, bidi.
_DROPPED = "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]"
#: Any character `clean` changes, in one-line and in multi-line mode. Most archived text has
#: none, and one regex scan says so ~9x faster than `str.translate` over a table (a dict
#: look-up per character) rewrote it: `morgue search --format csv` of 4,867 hits spent 1.0 s
#: of its 3.5 s in a translate-only `clean`.
_CHANGED_LINE = "[\x00-\x1f\x7f-\x9f" + _BIDI + "]"
_CHANGED_TEXT = "[\x00-\x09\x0b-\x1f\x7f-\x9f" + _BIDI + "]"


def clean(text: str | None, *, multiline: bool = False) -> str:
    """`text` safe for a terminal: no escape sequences or control characters.

    Line breaks (CRLF, CR, LF) become `\\n` when `multiline`, else spaces; tabs become spaces.
    """
    if not text:
        return ""
    if not _compiled(_CHANGED_TEXT if multiline else _CHANGED_LINE).search(text):
        return text  # the common case: nothing to change
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:  # what every _ANSI match starts with
        text = _compiled(_ANSI).sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tab, newline = ("    ", "\n") if multiline else (" ", " ")
    text = text.replace("\t", tab).replace("\n", newline)
    return _compiled(_DROPPED).sub("", text)


# -- search -----------------------------------------------------------------------------------


def search_text(results: Results, *, color: bool) -> str:
    """Hits for a person: headline, `date · dateline · site`, snippet, id."""
    total = results.total
    verb = "matches" if total == 1 else "match"
    head = f"{_count(total, 'story', 'stories')} {verb} {clean(results.query)!r}"
    if results.hits and len(results.hits) < total:
        first = results.offset + 1
        head += f", showing {first}–{first + len(results.hits) - 1}"
    elif not results.hits and total and results.limit:
        head += f", none after offset {results.offset}"
    if results.sort != "relevance":
        head += f" ({results.sort} first)"
    blocks = [head + "."]
    for hit in results.hits:
        lines = [clean(hit.headline) or "(no headline)"]
        meta = " · ".join(x for x in (_when(hit.date), clean(hit.dateline), clean(hit.site)) if x)
        lines.append(meta)
        if hit.snippet:
            lines.append(_highlighted(hit, color=color))
        lines.append(f"id {clean(hit.id)}")
        blocks.append("\n".join("   " + line if i else line for i, line in enumerate(lines)))
    return "\n\n".join(blocks) + "\n"


def _highlighted(hit: Hit, *, color: bool) -> str:
    if not color or not hit.highlights:
        return clean(hit.snippet)
    on, off = BOLD
    out: list[str] = []
    pos = 0
    for start, end in sorted(hit.highlights):
        if start < pos:
            continue
        out += [clean(hit.snippet[pos:start]), on, clean(hit.snippet[start:end]), off]
        pos = end
    out.append(clean(hit.snippet[pos:]))
    return "".join(out)


def _when(date: str | None) -> str:
    """`2025-01-18T08:55:00+08:00` → `2025-01-18 08:55`; a bare day stays a day."""
    if not date:
        return ""
    date = clean(date)
    if len(date) >= 16 and date[10] in "T ":
        return f"{date[:10]} {date[11:16]}"
    return date


def search_json(results: Results) -> str:
    """`{"total": N, "hits": [...]}`: each hit is the story record plus score and snippet."""
    return _json({"total": results.total, "hits": [hit.to_dict() for hit in results]}) + "\n"


def search_jsonl(results: Results) -> str:
    """One hit per line: the story record plus score and snippet."""
    return "".join(_json(hit.to_dict()) + "\n" for hit in results)


def search_csv(results: Results) -> str:
    """A header row, then one hit per row (CSV_COLUMNS); captions joined by newlines."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for hit in results:
        row = hit.to_dict()
        writer.writerow([_csv_cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if isinstance(value, str):
        value = clean(value, multiline=True)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value  # would run as a formula in a spreadsheet
    return value


# -- show -----------------------------------------------------------------------------------


def show_text(story: Story) -> str:
    """The whole story, then where it came from."""
    lines = [clean(story.headline) or "(no headline)"]
    meta = " · ".join(x for x in (_when(story.date), clean(story.dateline), clean(story.site)) if x)
    if meta:
        lines.append(meta)
    if story.byline:
        lines.append(clean(story.byline))
    lines.append("")
    lines.append(clean(story.body, multiline=True).strip() or "(no body text)")
    if story.captions:
        lines.append("")
        lines.append("Captions:")
        lines += [f"  - {clean(c)}" for c in story.captions]
    lines.append("")
    provenance = [
        ("id", story.id),
        ("url", story.url),
        ("date", story.date),
        ("date source", story.date_source),
        ("updated", story.updated),
        ("language", story.language),
        ("captured", story.captured_at),
        ("archive", f"{story.warc_file} @ {story.warc_offset}"),
        ("record", story.warc_record_id),
        ("story", f"#{story.story_index} on its page"),
    ]
    width = max(len(k) for k, _ in provenance)
    lines += [f"{k:<{width}}  {clean(str(v))}" for k, v in provenance if v is not None]
    return "\n".join(lines) + "\n"


def show_json(story: Story) -> str:
    """The story record (DESIGN.md §3) as one JSON object."""
    return _json(story.to_dict(), indent=2) + "\n"


# -- stats -----------------------------------------------------------------------------------


def stats_text(stats: Stats) -> str:
    lines = [
        f"index      {clean(str(stats.index_path))} ({_size(stats.index_bytes)})",
        f"stories    {stats.stories:,} from {_count(stats.sites, 'site')}",
    ]
    if stats.first_date:
        lines.append(f"published  {stats.first_date} … {stats.last_date}")
    if stats.undated:
        lines.append(f"undated    {stats.undated:,}")
    if stats.first_captured:
        lines.append(f"captured   {stats.first_captured} … {stats.last_captured}")
    lines += _table("top sites", stats.top_sites)
    label = "top dateline places" + ("" if stats.datelines_exact else " (approximate)")
    lines += _table(label, stats.top_datelines)
    return "\n".join(lines) + "\n"


def stats_json(stats: Stats) -> str:
    return _json(stats.to_dict(), indent=2) + "\n"


def _table(title: str, rows: Iterable[tuple[str, int]]) -> list[str]:
    rows = list(rows)
    if not rows:
        return []
    width = max(len(f"{n:,}") for _, n in rows)
    return ["", f"{title}:"] + [f"  {n:>{width},}  {clean(name)}" for name, n in rows]


def _size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return _count(n, "byte") if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


# -- ingest ----------------------------------------------------------------------------------


def index_summary(report: Any) -> str:
    """The closing summary of `morgue index` (an `indexer.pipeline.IndexReport`)."""
    seconds = float(report.seconds)
    lines = [
        f"files      {report.files_read:,} read, {report.files_skipped:,} already indexed"
        + (f", {report.files_left:,} left for the rerun" if report.files_left else ""),
        f"records    {report.records:,} read",
        f"stories    {report.stories_indexed:,} indexed, {_count(report.duplicates, 'duplicate')}",
        f"skipped    {_by_reason(report.skipped)}",
        f"time       {seconds:.1f} s, {float(report.pages_per_second):,.0f} pages/s",
        f"index      {clean(str(report.index_path))}",
    ]
    if report.interrupted:
        lines.append("interrupted: rerun the same command to finish (finished files are skipped)")
    return "\n".join(lines) + "\n"


def problems_text(problems: Iterable[Skip], *, limit: int = 5) -> str:
    """The first few broken records, with file and offset, for stderr."""
    problems = list(problems)
    lines = [
        f"morgue: skipped {clean(p.reason)} record at {clean(p.warc_file)} @ {p.warc_offset}"
        + (f": {clean(p.detail)}" if p.detail else "")
        for p in problems[:limit]
    ]
    if len(problems) > limit:
        lines.append(f"morgue: … and {len(problems) - limit} more")
    return "".join(line + "\n" for line in lines)


def extract_summary(stories: int, skipped: Mapping[str, int]) -> str:
    """The stderr line closing `morgue extract`."""
    return f"morgue: {_count(stories, 'story', 'stories')}; skipped {_by_reason(skipped)}\n"


def _by_reason(skipped: Mapping[str, int]) -> str:
    total = sum(skipped.values())
    if not total:
        return "0 records"
    parts = ", ".join(f"{n:,} {clean(reason)}" for reason, n in sorted(skipped.items()) if n)
    return f"{_count(total, 'record')} ({parts})"


def _count(n: int, noun: str, plural: str = "") -> str:
    """`1 story`, `2 stories`, `1,204 records`: every count a person reads agrees in number."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


# -- JSON ------------------------------------------------------------------------------------

#: C1 controls and bidi controls are legal raw in JSON strings but act on a terminal; escape
#: them (json.dumps already escapes C0 controls).
_JSON_UNSAFE = "[\x7f-\x9f" + _BIDI + "]"


def _json(value: object, *, indent: int | None = None) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled once, when first needed: not at import (start-up time, issue 6)."""
    return re.compile(pattern)
