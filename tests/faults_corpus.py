"""Seeded generators for the fault suite: news archives (WARC and ARC) and hostile pages.

Shared by the fault tests (small sizes, in CI) and `bench/faults.py` (long runs; it imports
this file by path). Every product is a pure function of its arguments and seed.

Archives are written byte by byte here rather than with warcio's writer, so that a test knows
the exact offset and extent of every record and can damage one precisely: the malformed inputs
of `tests/faults_malformed.py` are built from these records.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# -- news pages ---------------------------------------------------------------------------------

PLACES = (
    *("WASHINGTON", "LONDON", "ALEPPO, Syria", "NAIROBI, Kenya", "LIMA, Peru", "OSLO, Norway"),
    *("PARIS", "TOKYO", "SANTIAGO, Chile", "MUMBAI, India", "BRASILIA, Brazil"),
)
AGENCIES = ("AP", "Reuters", "AFP")
WORDS = (
    *("senate", "vote", "budget", "refugees", "border", "talks", "minister", "storm", "flood"),
    *("court", "ruling", "election", "markets", "rally", "oil", "prices", "strike", "union"),
    *("health", "hospital", "school", "teachers", "police", "city", "council", "bridge"),
    *("river", "harbor", "festival", "museum", "drought", "harvest", "farmers", "ferry"),
    *("wildfire", "evacuation", "ceasefire", "inflation", "tariffs", "pipeline", "vaccine"),
)
FILLER = (
    *("the", "of", "and", "to", "in", "a", "that", "said", "on", "for", "with", "was", "by"),
    *("officials", "residents", "on", "Tuesday", "after", "before", "while", "according"),
)
NAMES = ("Ana Ruiz", "Tom Okafor", "Lena Vik", "Samir Haddad", "Mei Tanaka", "Joe Park")
#: Every generated story page says this once in its body: a query matching every story.
MARKER = "morguecheck"


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def news_html(n: int, rng: random.Random) -> bytes:
    """A small but realistic article page: chrome, JSON-LD, headline, byline, dateline, body,
    a captioned photo, related links, footer. Story `n` is unique by its headline and URL."""
    place = rng.choice(PLACES)
    agency = rng.choice(AGENCIES)
    topic = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
    headline = f"Story {n}: {topic.capitalize()} dispute reaches {rng.choice(WORDS)} {n % 97}"
    day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
    author = rng.choice(NAMES)
    paragraphs = [
        f"{place} ({agency}) — {_sentence(rng, 18)} {_sentence(rng, 12)}",
        *(_sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(3, 6))),
        f"Officials filed report {n} under {MARKER} {_sentence(rng, 8)}",
    ]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    jsonld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": f"{day}T08:{n % 60:02d}:00Z",
            "author": [{"@type": "Person", "name": author}],
        }
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{headline} | Daily Example</title>
<meta property="og:title" content="{headline}">
<script type="application/ld+json">{jsonld}</script></head>
<body><a href="#main">Skip to content</a>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a>
<a href="/business">Business</a> <a href="/subscribe">Subscribe</a></nav></header>
<main id="main"><article>
<h1>{headline}</h1>
<p class="byline">By {author}</p><time datetime="{day}">{day}</time>
{body}<figure><img src="/img/{n}.jpg" alt="photo"><figcaption>A scene from story {n}, {place}.
({agency} Photo/{author})</figcaption></figure>
<div class="share">Share on Facebook · Share on X · Email</div>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/s/{n + 1}">More on {topic}</a></li>
<li><a href="/s/{n + 2}">Markets close higher</a></li></ul></aside></main>
<footer>© 2025 Daily Example · Privacy · Terms · Contact</footer></body></html>
""".encode()


# -- raw WARC records -----------------------------------------------------------------------------

WARC_DATE = "2026-01-02T03:04:05Z"


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """One capture record to write. `block` None means: HTTP response built from the rest."""

    url: str
    body: bytes = b""
    status: str = "200 OK"
    http_headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    warc_type: str = "response"
    date: str = WARC_DATE
    block: bytes | None = None
    content_length: int | None = None  # a lie, when set
    extra_warc: tuple[tuple[str, str], ...] = ()
    version: str = "WARC/1.0"

    def http_block(self) -> bytes:
        if self.block is not None:
            return self.block
        head = f"HTTP/1.1 {self.status}\r\n".encode()
        for name, value in self.http_headers:
            head += f"{name}: {value}\r\n".encode("utf-8", "surrogateescape")
        return head + b"\r\n" + self.body

    def to_bytes(self) -> bytes:
        block = self.http_block()
        rid = uuid.UUID(bytes=hashlib.md5(self.url.encode() + block[:64]).digest())
        content_type = (
            "application/http; msgtype=response" if self.warc_type == "response" else "text/html"
        )
        headers = [
            ("WARC-Type", self.warc_type),
            ("WARC-Target-URI", self.url),
            ("WARC-Date", self.date),
            ("WARC-Record-ID", f"<urn:uuid:{rid}>"),
            ("Content-Type", content_type),
            *self.extra_warc,
            (
                "Content-Length",
                str(len(block) if self.content_length is None else self.content_length),
            ),
        ]
        text = self.version + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
        return text.encode("utf-8", "surrogateescape") + block + b"\r\n\r\n"


@dataclass(frozen=True, slots=True)
class Written:
    """An archive's bytes and where each record starts and ends in them."""

    data: bytes
    spans: tuple[tuple[int, int], ...]

    @property
    def offsets(self) -> tuple[int, ...]:
        return tuple(start for start, _ in self.spans)


def pack(records: Sequence[Record | bytes], *, gz: bool) -> Written:
    """Records (or raw record bytes) one after the other; gzip: one member per record."""
    out = bytearray()
    spans = []
    for record in records:
        raw = record if isinstance(record, bytes) else record.to_bytes()
        if gz:
            raw = gzip.compress(raw, compresslevel=6, mtime=0)
        spans.append((len(out), len(out) + len(raw)))
        out += raw
    return Written(bytes(out), tuple(spans))


def news_records(first: int, count: int, rng: random.Random) -> list[Record]:
    """`count` captures of news pages numbered from `first`; every 40th is a 404, every 55th
    a redirect (records without a story, counted as skips)."""
    records = []
    for n in range(first, first + count):
        url = f"https://news{n % 7}.example/2025/story-{n}"
        if n % 40 == 39:
            records.append(Record(url=url, status="404 Not Found", body=b"<html>gone</html>"))
        elif n % 55 == 54:
            records.append(
                Record(
                    url=url, status="301 Moved Permanently", http_headers=(("Location", url + "/"),)
                )
            )
        else:
            date = f"2026-01-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z"
            records.append(Record(url=url, body=news_html(n, rng), date=date))
    return records


def write_news_archives(folder: Path, *, files: int, pages: int, seed: int) -> list[Path]:
    """`files` gzipped WARCs holding `pages` story pages in all (plus 404s and redirects)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    per_file = -(-pages // files)
    for f in range(files):
        first = f * per_file
        count = min(per_file, pages - first)
        if count <= 0:
            break
        path = folder / f"news-{f:03d}.warc.gz"
        path.write_bytes(pack(news_records(first, count, rng), gz=True).data)
        paths.append(path)
    return paths


# -- ARC ----------------------------------------------------------------------------------------


def arc_records(rng: random.Random, first: int, count: int) -> list[bytes]:
    """An ARC v1 filedesc header record, then `count` captures (raw, not yet gzipped)."""
    block = b"1 0 Morgue Faults\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [
        b"filedesc://faults.arc 0.0.0.0 20090615000000 text/plain %d\n" % len(block) + block + b"\n"
    ]
    for n in range(first, first + count):
        body = news_html(n, rng)
        http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
        url = f"http://old{n % 3}.example/news/{n}.html"
        out.append(
            f"{url} 10.0.0.1 20090615{n % 24:02d}0000 text/html {len(http)}\n".encode()
            + http
            + b"\n"
        )
    return out


# -- hostile text ---------------------------------------------------------------------------------

#: Characters that must never reach a terminal raw (ESC, BEL, CR, NUL, C1 CSI, bidi controls).
RAW_FORBIDDEN = ("\x1b", "\x07", "\r", "\x00", "\x9b", "\u202e", "\u202d", "\u2066", "\u2067")
HOSTILE_WORD = "hostileword"


def hostile_html(n: int) -> bytes:
    """A news page whose text carries terminal escapes, CR, bidi overrides, NUL and
    spreadsheet formulas, raw and as character references."""
    return (
        "<html><head><title>Hostile</title></head><body><article>"
        f'<h1>=HYPERLINK("http://evil.example","click") \x1b[2J\x1b]0;pwned\x07 Headline {n}</h1>'
        "<p class=byline>By @attacker</p>"
        f"<p>LONDON (AP) — The {HOSTILE_WORD} council met \x1b[31mred\x1b[0m on Tuesday\r\n"
        "and heard \u202eevil reversed text\u202c from residents &#x1b;[1mbold&#x1b;[0m.</p>"
        f"<p>+1 {HOSTILE_WORD} said the mayor\x00 with a NUL and a \x9b31m C1 escape.</p>"
        f"<p>-2 @SUM(A1:A9) =cmd|' /C calc'!A0 {HOSTILE_WORD} \u2066isolate\u2069 and "
        "carriage\rreturn.</p>"
        f"<p>The {HOSTILE_WORD} story goes on for a while so that it is long enough to be a "
        "story, with officials saying the meeting lasted three hours and ended late.</p>"
        "</article></body></html>"
    ).encode()


def hostile_archive(path: Path) -> Path:
    rng = random.Random(3)
    records = [
        Record(url="https://hostile.example/a", body=hostile_html(1)),
        Record(url="https://hostile.example/=cmd", body=hostile_html(2)),
        Record(url="https://ok.example/b", body=news_html(3, rng)),
    ]
    path.write_bytes(pack(records, gz=True).data)
    return path


def hostile_stories() -> list[Any]:
    """Story records carrying hostile text in every text field, to index directly."""
    from indexer.records import Story

    evil = "\x1b[2J\x1b]0;pwned\x07 \r\x00 \u202eright-to-left\u202c \x9b31m \u2066iso\u2069"
    return [
        Story(
            id=f"hostile{n}",
            url=f"https://hostile.example/{n}?q=\x1b[31m",
            site="hostile.example",
            headline=f"{lead}Headline {n} {evil}",
            dateline=f"{lead}LONDON\r\x00",
            date="2025-01-18",
            date_source="text",
            updated=None,
            byline=f"{lead}By \x1b[1mSomeone",
            body=f"{lead}{HOSTILE_WORD} body {evil}\n\nSecond paragraph {HOSTILE_WORD}.",
            captions=(f"{lead}caption {evil}",),
            language="en",
            story_index=0,
            captured_at="2026-01-02T03:04:05Z",
            warc_file=f"{lead}hostile.warc.gz",
            warc_offset=n,
            warc_record_id=f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
        )
        for n, lead in enumerate(("=1+1 ", "+cmd ", "-2 ", "@SUM(A1) ", "\t=tab ", "\r=cr "))
    ]
