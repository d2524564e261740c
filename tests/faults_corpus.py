"""Seeded generators for the fault suite: news archives, malformed archives, hostile pages.

Shared by `tests/test_faults.py` (small sizes, in CI) and `bench/faults.py` (long runs; it
imports this file by path). Every product is a pure function of its arguments and seed.

Archives are written byte by byte here rather than with warcio's writer, so that a test knows
the exact offset and extent of every record and can damage one precisely (a flipped byte in
one gzip member, a Content-Length that lies by 7 bytes...). Each `Malformed` input says which
record offsets the reader must still account for: every capture record whose bytes the
damage left alone has to come out as a story or as a Skip at exactly its offset.

The child process of `run_extract_child` (also here) reads a list of archives, runs
`indexer.extract.extract_file` on each and reports per file what came out, how long it took and
the peak RSS so far, so the parent can put a time budget on every file and kill a hang.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import random
import resource
import sys
import time
import uuid
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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


# -- malformed inputs ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Malformed:
    """One malformed input file and what the reader owes us for it.

    `expect`: offsets of capture records the damage left whole: each must yield a story or a
    Skip at exactly that offset. `records`: capture records written (for the bench's
    accounting of records written vs stories + skips).
    """

    path: Path
    kind: str
    expect: tuple[int, ...] = ()
    records: int = 0
    slow: bool = False  # slow to make or read: written to the `-slow` sibling folder


def _base(rng: random.Random, first: int, count: int, *, gz: bool) -> tuple[list[Record], Written]:
    records = news_records(first, count, rng)
    return records, pack(records, gz=gz)


def _flip(data: bytes, positions: Sequence[int], rng: random.Random) -> bytes:
    out = bytearray(data)
    for pos in positions:
        out[pos] ^= rng.randrange(1, 256)
    return bytes(out)


#: Headers left out of random flips: Content-Length frames the record (its own kind below);
#: a damaged WARC-Type or URI scheme has its own kinds too.
_FRAMING_HEADERS = (b"content-length", b"warc-type", b"warc-target-uri")


def _header_value_positions(raw: bytes) -> list[int]:
    """Byte positions inside WARC header *values* (not names, separators or line ends), except
    those of _FRAMING_HEADERS: damaging the rest leaves the record's framing whole."""
    end = raw.index(b"\r\n\r\n")
    positions: list[int] = []
    line_start = raw.index(b"\r\n") + 2  # after the version line
    while line_start < end:
        line_end = raw.index(b"\r\n", line_start)
        line = raw[line_start:line_end]
        colon = line.find(b": ")
        if colon > 0 and not line.lower().startswith(_FRAMING_HEADERS):
            positions.extend(range(line_start + colon + 2, line_end))
        line_start = line_end + 2
    return positions


class _Maker:
    def __init__(self, folder: Path, seed: int) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.made: list[Malformed] = []
        self.serial = 0

    def add(
        self,
        kind: str,
        data: bytes,
        *,
        suffix: str,
        expect: Sequence[int] = (),
        records: int | None = None,
        slow: bool = False,
    ) -> None:
        self.serial += 1
        folder = self.folder.with_name(self.folder.name + "-slow") if slow else self.folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.serial:03d}-{kind}{suffix}"
        path.write_bytes(data)
        self.made.append(
            Malformed(
                path=path,
                kind=kind,
                expect=tuple(expect),
                records=len(expect) if records is None else records,
                slow=slow,
            )
        )

    def page(
        self,
        kind: str,
        body: bytes,
        *,
        ctype: str = "text/html; charset=utf-8",
        extra: tuple[tuple[str, str], ...] = (),
        gz: bool = True,
        slow: bool = False,
    ) -> None:
        """One archive: a good page, the odd page, a good page (the neighbours must survive)."""
        n = self.rng.randrange(10_000, 99_999)
        records = [
            Record(url=f"https://before.example/{n}", body=news_html(n, self.rng)),
            Record(
                url=f"https://odd.example/{kind}/{n}",
                body=body,
                http_headers=(("Content-Type", ctype), *extra),
            ),
            Record(url=f"https://after.example/{n}", body=news_html(n + 1, self.rng)),
        ]
        written = pack(records, gz=gz)
        self.add(
            kind,
            written.data,
            suffix=".warc.gz" if gz else ".warc",
            expect=written.offsets,
            slow=slow,
        )


def make_malformed(folder: Path, *, seed: int = 5, big: bool = False) -> list[Malformed]:
    """At least 200 malformed archives in `folder`; with `big`, also a 1 GB sparse file, a 1 GB
    gzip bomb and a 100 MB text node, in the sibling folder `<folder>-slow`."""
    folder.mkdir(parents=True, exist_ok=True)
    m = _Maker(folder, seed)
    rng = m.rng

    # Truncated at a random byte: every record starting before the cut is accounted for
    # (the cut one as a broken Skip).
    for i in range(50):
        gz = i % 2 == 0
        _, written = _base(rng, 100 * i, 6, gz=gz)
        cut = rng.randrange(1, len(written.data))
        m.add(
            "truncated",
            written.data[:cut],
            suffix=".warc.gz" if gz else ".warc",
            expect=[s for s, _ in written.spans if s < cut],
            records=6,
        )

    # Bytes flipped inside one gzip member (header, deflate data or trailer).
    for i in range(40):
        _, written = _base(rng, 5000 + 10 * i, 5, gz=True)
        start, end = written.spans[rng.randrange(len(written.spans))]
        spots = [rng.randrange(start, end) for _ in range(rng.randint(1, 3))]
        m.add(
            "gzip-flip", _flip(written.data, spots, rng), suffix=".warc.gz", expect=written.offsets
        )

    # Bytes flipped inside WARC header values (framing intact), plain and gzipped.
    for i in range(30):
        gz = i % 3 == 0
        records, _ = _base(rng, 7000 + 10 * i, 5, gz=False)
        k = rng.randrange(len(records))
        raws = [r.to_bytes() for r in records]
        positions = _header_value_positions(raws[k])
        raws[k] = _flip(raws[k], rng.sample(positions, rng.randint(1, 3)), rng)
        written = pack(raws, gz=gz)
        m.add(
            "header-flip",
            written.data,
            suffix=".warc.gz" if gz else ".warc",
            expect=written.offsets,
        )

    # A damaged WARC-Type or URI scheme: the record is still there and must be counted.
    for warc_type, url in (
        ("respinse", "https://t.example/a"),
        ("res\u00f0onse", "https://t.example/b"),
        ("response", "htt\u00ffs://t.example/c"),
        ("response", "h4tps://t.example/d"),
        ("response", "https\u00c2//t.example/e"),
    ):
        recs = [
            *news_records(7600, 1, rng),
            Record(url=url, body=news_html(7601, rng), warc_type=warc_type),
            *news_records(7602, 1, rng),
        ]
        written = pack(recs, gz=True)
        kind = "damaged-warc-type" if warc_type != "response" else "damaged-uri-scheme"
        m.add(kind, written.data, suffix=".warc.gz", expect=written.offsets)

    # Bytes flipped in the HTTP status line and headers (inside the record block).
    for i in range(20):
        records, _ = _base(rng, 8000 + 10 * i, 4, gz=False)
        k = rng.randrange(len(records))
        block = records[k].http_block()
        head_end = block.index(b"\r\n\r\n")
        block = _flip(block, [rng.randrange(0, head_end) for _ in range(rng.randint(1, 4))], rng)
        records[k] = Record(url=records[k].url, block=block)
        written = pack(records, gz=i % 2 == 0)
        m.add(
            "http-flip",
            written.data,
            suffix=".warc.gz" if i % 2 == 0 else ".warc",
            expect=written.offsets,
        )

    # Content-Length that lies. Gzipped: the member boundary still frames every record.
    # Plain, too short: the record ends early and its tail is skipped as garbage; plain, too
    # long: the record swallows the start of the next one(s), which then cannot be expected.
    for i in range(30):
        gz = i % 2 == 0
        records, _ = _base(rng, 9000 + 10 * i, 5, gz=False)
        k = rng.randrange(len(records))
        true = len(records[k].http_block())
        lie = rng.choice(
            [
                0,
                1,
                true - 1,
                true - rng.randint(2, 200),
                true + rng.randint(1, 300),
                true * 3,
                10**12,
            ]
        )
        lie = max(lie, 0)
        records[k] = Record(url=records[k].url, block=records[k].http_block(), content_length=lie)
        written = pack(records, gz=gz)
        expect = list(written.offsets)
        if not gz and lie > true:
            claimed_end = written.spans[k][0] + len(records[k].to_bytes()) + (lie - true)
            expect = [s for s in expect if not written.spans[k][0] < s < claimed_end]
        m.add(
            "content-length",
            written.data,
            suffix=".warc.gz" if gz else ".warc",
            expect=expect,
            records=5,
        )

    # ARC and WARC records mixed in one file, both orders, gzipped and not.
    for i in range(8):
        gz = i % 2 == 0
        arc = arc_records(rng, 11000 + 10 * i, 2)
        warc = [r.to_bytes() for r in news_records(11500 + 10 * i, 2, rng)]
        parts = arc + warc if i % 4 < 2 else warc + arc
        written = pack(parts, gz=gz)
        capture = [
            s
            for (s, _), raw in zip(written.spans, parts, strict=True)
            if not raw.startswith(b"filedesc")
        ]
        m.add("arc-warc-mixed", written.data, suffix=".warc.gz" if gz else ".warc", expect=capture)

    # Empty and blank files, zero-length records.
    for suffix in (".warc", ".warc.gz", ".arc.gz", ".wet"):
        m.add("empty", b"", suffix=suffix)
    m.add("blank", b"\r\n\r\n\n", suffix=".warc")
    m.add("empty-gzip", gzip.compress(b"", mtime=0), suffix=".warc.gz")
    for gz in (True, False):
        zero = [
            Record(url="https://zero.example/a", block=b""),
            Record(url="https://zero.example/b", warc_type="resource", block=b""),
            Record(url="https://zero.example/c", body=b""),
            Record(url="https://zero.example/d", body=news_html(1, rng)),
        ]
        written = pack(zero, gz=gz)
        m.add(
            "zero-length",
            written.data,
            suffix=".warc.gz" if gz else ".warc",
            expect=written.offsets,
        )

    # Not archives at all, or archives in the wrong wrapping.
    for _ in range(6):
        m.add("random-bytes", rng.randbytes(rng.randint(1, 20_000)), suffix=".warc")
        m.add("random-gzip", gzip.compress(rng.randbytes(5_000), mtime=0), suffix=".warc.gz")
        m.add("gzip-magic-garbage", b"\x1f\x8b\x08" + rng.randbytes(3_000), suffix=".warc.gz")
    _, written = _base(rng, 12000, 4, gz=False)
    m.add(
        "one-gzip-member",
        gzip.compress(written.data, mtime=0),
        suffix=".warc.gz",
        records=4,
        expect=[0],
    )
    m.add(
        "garbage-then-warc",
        rng.randbytes(777) + written.data,
        suffix=".warc",
        expect=[777 + s for s in written.offsets],
    )
    m.add(
        "warc-then-garbage",
        written.data + rng.randbytes(999),
        suffix=".warc",
        expect=written.offsets,
    )
    gzw = pack(news_records(12100, 3, rng), gz=True)
    m.add("gzip-then-garbage", gzw.data + rng.randbytes(500), suffix=".warc.gz", expect=gzw.offsets)
    m.add(
        "garbage-between-members",
        gzw.data[: gzw.spans[1][0]] + rng.randbytes(333) + gzw.data[gzw.spans[1][0] :],
        suffix=".warc.gz",
        expect=[gzw.spans[0][0], *(s + 333 for s in gzw.offsets[1:])],
    )
    m.add("html-named-warc", news_html(3, rng), suffix=".warc")

    # Framing oddities.
    for version in ("WARC/0.9", "WARC/2.0", "WARC/1.1", "warc/1.0"):
        rec = Record(url="https://ver.example/x", body=news_html(4, rng), version=version)
        written = pack([rec, *news_records(12200, 1, rng)], gz=False)
        m.add("warc-version", written.data, suffix=".warc", expect=written.offsets[1:])
    long_value = "x" * 300_000
    for gz in (True, False):
        recs = [
            Record(url="https://long.example/" + long_value, body=news_html(5, rng)),
            Record(
                url="https://hdr.example/",
                body=news_html(6, rng),
                extra_warc=(("X-Huge", long_value),),
            ),
            *news_records(12300, 1, rng),
        ]
        written = pack(recs, gz=gz)
        m.add(
            "huge-header",
            written.data,
            suffix=".warc.gz" if gz else ".warc",
            expect=written.offsets,
        )
    nolines = b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"y" * 2_000_000
    m.add("header-without-end", nolines, suffix=".warc")
    for date in ("", "yesterday", "2026-13-45T99:99:99Z", "99999999999999", "\x00"):
        written = pack(
            [
                Record(url="https://date.example/", body=news_html(7, rng), date=date),
                *news_records(12400, 1, rng),
            ],
            gz=True,
        )
        m.add("bad-warc-date", written.data, suffix=".warc.gz", expect=written.offsets)
    for block in (
        b"<html><body><p>no http headers</p></body></html>",
        b"HTTP/1.1 abc\r\n\r\n<p>x</p>",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html",
        b"\x00" * 100,
        b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 20_000 + b"\r\n<p>x</p>",
    ):
        written = pack(
            [Record(url="https://http.example/", block=block), *news_records(12500, 1, rng)],
            gz=True,
        )
        m.add("bad-http", written.data, suffix=".warc.gz", expect=written.offsets)

    # Payload encodings that lie or explode.
    m.page(
        "gzip-bomb",
        _deflate_bomb(20_000_000, gzip_wrapper=True),
        extra=(("Content-Encoding", "gzip"),),
    )
    m.page(
        "deflate-bomb",
        _deflate_bomb(20_000_000, gzip_wrapper=False),
        extra=(("Content-Encoding", "deflate"),),
    )
    m.page(
        "double-gzip-bomb",
        gzip.compress(_deflate_bomb(20_000_000, gzip_wrapper=True), mtime=0),
        extra=(("Content-Encoding", "gzip, gzip"),),
    )
    m.page("brotli-bomb", _brotli_bomb(100_000_000), extra=(("Content-Encoding", "br"),))
    for enc in ("gzip", "br", "deflate", "compress", "zstd", "x-unknown, gzip"):
        m.page("encoding-lies", news_html(8, rng), extra=(("Content-Encoding", enc),))
    m.page(
        "truncated-gzip-body",
        gzip.compress(news_html(9, rng), mtime=0)[:300],
        extra=(("Content-Encoding", "gzip"),),
    )
    m.page(
        "bad-chunking", b"zz\r\n<p>x</p>\r\n0\r\n\r\n", extra=(("Transfer-Encoding", "chunked"),)
    )
    m.page(
        "cut-chunking",
        b"ffff\r\n" + news_html(10, rng)[:500],
        extra=(("Transfer-Encoding", "chunked"),),
    )
    m.page(
        "chunk-size-huge",
        b"ffffffffffffffffffff\r\n<p>x</p>\r\n0\r\n\r\n",
        extra=(("Transfer-Encoding", "chunked"),),
    )

    # Pathological HTML.
    m.page(
        "deep-100k-div",
        b"<html><body>"
        + b"<div>" * 100_000
        + b"<p>deep words here</p>"
        + b"</div>" * 100_000
        + b"</body></html>",
    )
    m.page("nested-100k-unclosed", b"<html><body>" + b"<span><b><i>" * 34_000 + b"deep text")
    m.page(
        "deep-100k-article",
        b"<html><body>"
        + b"<article><h2>Deep</h2><p>deep text</p>" * 1
        + b"<article>" * 100_000
        + b"<p>WASHINGTON (AP) - bottom text</p>",
    )
    m.page("deep-100k-div-lines", b"<html><body>" + b"<div>\n  " * 100_000 + b"<p>deep</p>")
    for kind, tags in (
        ("deep-100k-div-attr", b'<div class="x">' * 100_000),
        ("deep-100k-mixed-attr", b'<div><section class="a"><article id="b">' * 33_334),
    ):
        m.page(kind, b"<html><body>" + tags + b"<p>deep text</p>")
    m.page("nested-tables", b"<table><tr><td>" * 30_000 + b"cell text")
    m.page(
        "one-text-node-10mb",
        b"<html><body><article><h1>Long</h1><p>"
        + b"word " * 2_000_000
        + b"</p></article></body></html>",
    )
    m.page("one-token-10mb", b"<html><body><p>" + b"x" * 10_000_000 + b"</p></body></html>")
    m.page(
        "many-paragraphs",
        b"<html><body><article><h1>Many</h1>"
        + b"<p>Short line of news text.</p>" * 100_000
        + b"</article></body></html>",
    )
    m.page(
        "many-articles",
        b"<html><body>"
        + b"".join(
            b"<article><h2>Brief %d</h2><p>LONDON (Reuters) - Brief %d of the day.</p></article>"
            % (i, i)
            for i in range(3_000)
        )
        + b"</body></html>",
    )
    m.page("unterminated-script", b"<html><body><p>before</p><script>" + b"var a=1;" * 500_000)
    m.page("unterminated-comment", b"<html><body><p>before</p><!--" + b"-- x " * 500_000)
    m.page("only-tags", b"<br>" * 500_000)
    m.page("attribute-flood", b"<p " + b"a=b " * 500_000 + b">text</p>")

    # Bytes that are not what they claim.
    nul_page = news_html(11, rng).replace(b"<p>", b"<p>\x00NUL\x00 ", 3)
    m.page("nul-bytes", nul_page)
    m.page("all-nul", b"\x00" * 50_000)
    m.page("nul-in-header", news_html(12, rng), extra=(("X-Evil", "a\x00b"),))
    for i, junk in enumerate(
        (b"\xff\xfe\xfd", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x82", b"\x80" * 50)
    ):
        html = news_html(13 + i, rng)
        cut = len(html) // 2
        m.page("invalid-utf8", html[:cut] + junk + html[cut:])
    text = news_html(20, rng).decode()
    m.page("utf16-le-bom", b"\xff\xfe" + text.encode("utf-16-le"), ctype="text/html")
    m.page("utf16-be-bom", b"\xfe\xff" + text.encode("utf-16-be"), ctype="text/html")
    m.page("utf16-no-bom", text.encode("utf-16-le"), ctype="text/html; charset=utf-16")
    m.page("utf16-odd-length", text.encode("utf-16-le")[:-1], ctype="text/html; charset=utf-16le")
    m.page("utf16-lie", text.encode(), ctype="text/html; charset=utf-16")
    m.page("utf32", text.encode("utf-32"), ctype="text/html; charset=utf-32")
    for label in ("x-bogus-999", "utf-8\x00", "a" * 5_000, "utf-7", "'", "binary"):
        m.page("charset-label", news_html(21, rng), ctype=f"text/html; charset={label}")
    m.page("meta-charset-utf16", news_html(22, rng).replace(b"utf-8", b"utf-16"), ctype="text/html")
    m.page("image-as-html", b"\x89PNG\r\n\x1a\n" + rng.randbytes(30_000))
    m.page("random-as-html", rng.randbytes(50_000))

    # Hostile text (ANSI, CR, bidi, NUL, formula-looking lines): must index and print safely.
    m.page("hostile-text", hostile_html(1))

    # Random bit rot over whole archives, gzipped and not: whatever survives is accounted for.
    for i in range(10):
        gz = i % 2 == 0
        _, written = _base(rng, 13000 + 10 * i, 5, gz=gz)
        spots = sorted(rng.randrange(len(written.data)) for _ in range(rng.randint(1, 6)))
        damaged = {k for k, (s, e) in enumerate(written.spans) if any(s <= p < e for p in spots)}
        expect = [s for k, (s, _) in enumerate(written.spans) if k not in damaged]
        if not gz:  # a damaged plain record can swallow the next one: expect gzip members only
            expect = []
        m.add(
            "bit-rot",
            _flip(written.data, spots, rng),
            suffix=".warc.gz" if gz else ".warc",
            expect=expect,
            records=5,
        )

    if big:
        m.add("sparse-1gb", b"", suffix=".warc", slow=True)
        os.truncate(m.made[-1].path, 1 << 30)  # a hole: 1 GB of zeros that take no disk
        m.page(
            "gzip-bomb-1gb",
            _deflate_bomb(1 << 30, gzip_wrapper=True),
            extra=(("Content-Encoding", "gzip"),),
            slow=True,
        )
        m.page("one-text-node-100mb", b"<p>" + b"word " * 20_000_000, slow=True)
    return m.made


def _deflate_bomb(size: int, *, gzip_wrapper: bool) -> bytes:
    """`size` bytes of repetitive HTML, deflated (in a gzip wrapper or zlib's)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31 if gzip_wrapper else 15)
    chunk = b"<p>boom boom boom</p>" * 50_000
    out = [comp.compress(b"<html><body>")]
    left = size
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        out.append(comp.compress(piece))
        left -= len(piece)
    out.append(comp.flush())
    return b"".join(out)


def _brotli_bomb(size: int) -> bytes:
    import brotli

    comp = brotli.Compressor(quality=1)
    chunk = b"<p>boom</p>" * 100_000
    out = [comp.process(b"<html><body>")]
    left = size
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        out.append(comp.process(piece))
        left -= len(piece)
    out.append(comp.finish())
    return b"".join(out)


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


# -- the extraction child -------------------------------------------------------------------------


@dataclass(slots=True)
class FileOutcome:
    """What `extract_file` did with one file, as reported by the child process."""

    path: str
    stories: int = 0
    offsets: list[int] = field(default_factory=list)  # distinct offsets of stories and skips
    skips: dict[str, int] = field(default_factory=dict)
    bad_skips: list[str] = field(default_factory=list)  # skips naming another file, etc.
    error: str | None = None  # an exception other than ArchiveError: a bug
    archive_error: str | None = None  # ArchiveError: refused as a whole (exit 2 in the CLI)
    seconds: float = 0.0
    max_rss_kb: int = 0
    hung: bool = False


def _outcome_of(path: str) -> FileOutcome:
    from indexer.errors import ArchiveError
    from indexer.extract import extract_file
    from indexer.records import Skip, Story

    outcome = FileOutcome(path=path)
    started = time.monotonic()
    offsets: set[int] = set()
    size = os.path.getsize(path)
    try:
        for item in extract_file(path):
            offsets.add(item.warc_offset)
            if not 0 <= item.warc_offset <= size:
                outcome.bad_skips.append(f"offset {item.warc_offset} outside the file")
            if item.warc_file != path:
                outcome.bad_skips.append(f"names file {item.warc_file!r}")
            if isinstance(item, Story):
                outcome.stories += 1
            elif isinstance(item, Skip):
                outcome.skips[item.reason] = outcome.skips.get(item.reason, 0) + 1
            else:
                outcome.bad_skips.append(f"yielded a {type(item).__name__}")
    except ArchiveError as exc:
        outcome.archive_error = str(exc)
    except BaseException as exc:  # anything else is the bug we are looking for
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        outcome.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    outcome.offsets = sorted(offsets)
    outcome.seconds = time.monotonic() - started
    outcome.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


def child_main() -> None:
    """Read paths from stdin, one a line; print one JSON outcome a line."""
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        outcome = _outcome_of(path)
        sys.stdout.write(json.dumps(dataclasses.asdict(outcome)) + "\n")
        sys.stdout.flush()


def run_extract_child(paths: Sequence[Path], *, per_file_seconds: float) -> Iterator[FileOutcome]:
    """Run `extract_file` over `paths` in a child process, one outcome per path, in order.

    A file that takes longer than `per_file_seconds` is reported `hung=True`; the child is
    killed and a fresh one carries on with the next file.
    """
    import selectors
    import subprocess

    here = str(Path(__file__).resolve().parent)
    todo = [str(p) for p in paths]
    while todo:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {here!r}); "
                "import faults_corpus; faults_corpus.child_main()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(p + "\n" for p in todo))
        proc.stdin.close()
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        try:
            while todo:
                if not selector.select(timeout=per_file_seconds):
                    yield FileOutcome(path=todo.pop(0), hung=True, seconds=per_file_seconds)
                    break  # kill this child; a new one takes the rest
                line = proc.stdout.readline()
                if not line:  # the child died (a crash in a parser): blame the file it was on
                    yield FileOutcome(path=todo.pop(0), error=f"child died ({proc.wait()})")
                    break
                data = json.loads(line)
                todo.pop(0)
                yield FileOutcome(**data)
        finally:
            selector.close()
            proc.kill()
            proc.wait()
            proc.stdout.close()
