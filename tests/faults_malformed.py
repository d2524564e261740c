"""Seeded malformed archives for the fault suite: every way an archive can be damaged.

Shared by `tests/test_faults_malformed.py` (small sizes, in CI) and `bench/faults.py` (long
runs, `big=True`). Every product is a pure function of its arguments and seed.

The inputs are built from the byte-exact records of `tests/faults_corpus.py`, so that a test
knows the exact offset and extent of every record and can damage one precisely (a flipped byte
in one gzip member, a Content-Length that lies by 7 bytes...). Each `Malformed` input says which
record offsets the reader must still account for: every capture record whose bytes the damage
left alone has to come out as a story or as a Skip at exactly its offset.
"""

from __future__ import annotations

import gzip
import os
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from faults_corpus import Record, Written, arc_records, hostile_html, news_html, news_records, pack

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
        expect=written.offsets,  # read as one stream: offsets in the decompressed data
    )
    # The same with a Content-Length 50 bytes short in its middle record: the gzip data is
    # intact, so the reader resyncs in the decompressed stream and reads the records after it.
    # (Its own random source, so that the cases after it stay as they were.)
    records, _ = _base(random.Random(12050), 12050, 5, gz=False)
    lie = len(records[2].http_block()) - 50
    records[2] = Record(url=records[2].url, block=records[2].http_block(), content_length=lie)
    lying = pack(records, gz=False)
    m.add(
        "one-gzip-member-content-length",
        gzip.compress(lying.data, mtime=0),
        suffix=".warc.gz",
        records=5,
        expect=lying.offsets,  # the middle one's offset comes with its broken Skip
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
