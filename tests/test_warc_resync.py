"""indexer.warc on damaged and hostile archives (truncated, flipped bytes, lying Content-Length,
bombs) and on byte ranges of a file: the reader resynchronises at the next record, reports what
it lost as a Skip and reads every intact record exactly once."""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import random
import tracemalloc
import zlib
from collections.abc import Sequence
from pathlib import Path

import brotli
import pytest
from warc_builders import (
    BODY,
    Spec,
    arc_bytes,
    block,
    chunked,
    http,
    page,
    read,
    response,
    revisit,
    three_pages,
    urls,
    warcinfo,
    write_warc,
)

from indexer import gzipstream
from indexer.errors import ArchiveError
from indexer.records import Page, Skip
from indexer.warc import MAX_DECODED_BYTES, MAX_STORED_BYTES, read_archive

# --- damaged and hostile input -------------------------------------------------------------------


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "e.warc.gz"
    path.write_bytes(b"")
    assert read(path) == []


def test_missing_file_raises_at_call(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"nope\.warc.gz"):
        read_archive(str(tmp_path / "nope.warc.gz"))


def test_junk_file_is_one_broken_skip(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(random.Random(1).randbytes(100_000))
    items = read(path)
    assert [(type(i), i.warc_offset) for i in items] == [(Skip, 0)]
    assert isinstance(items[0], Skip) and items[0].reason == "broken"


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_truncated_file_at_random_positions(tmp_path: Path, gz: bool) -> None:
    whole = tmp_path / "whole.warc"
    offsets = three_pages(whole, gz=gz)
    data = whole.read_bytes()
    ends = [*offsets[1:], len(data)]
    cut_path = tmp_path / "cut.warc"
    rng = random.Random(42)
    cuts = sorted({rng.randrange(1, len(data)) for _ in range(40)} | {e - 1 for e in ends})
    for cut in cuts:
        cut_path.write_bytes(data[:cut])
        items = read(cut_path)
        whole_records = sum(end <= cut for end in ends)
        # Every record that ends before the cut is read whole ...
        assert urls(items[:whole_records]) == [
            f"http://example.com/{i}" for i in range(whole_records)
        ]
        # ... and the record the cut goes through is one broken Skip at its own offset (an
        # uncompressed record cut only in its two closing CRLFs has all its bytes and is kept).
        rest = items[whole_records:]
        if cut in offsets:  # cut between two records: nothing is left of the next one
            assert rest == [], cut
        elif rest and isinstance(rest[0], Page):
            assert not gz and cut >= ends[whole_records] - 4, cut
            assert len(rest) == 1
        else:
            assert [(type(s), s.warc_offset) for s in rest] == [(Skip, offsets[whole_records])], cut
            assert isinstance(rest[0], Skip) and rest[0].reason == "broken"


def test_flipped_byte_in_gzip_member_skips_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = three_pages(path, gz=True)
    data = bytearray(path.read_bytes())
    data[(offsets[1] + offsets[2]) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    items = read(path)
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", offsets[0]),
        ("Skip", offsets[1]),
        ("Page", offsets[2]),
    ]


def test_flipped_byte_in_gzip_header_skips_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = three_pages(path, gz=True)
    data = bytearray(path.read_bytes())
    data[offsets[1] + 3] ^= 0xFF  # gzip flags byte
    path.write_bytes(bytes(data))
    items = read(path)
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", offsets[0]),
        ("Skip", offsets[1]),
        ("Page", offsets[2]),
    ]


@pytest.mark.parametrize("where", [0, 3, 25], ids=["W", "version", "header-name"])
def test_flipped_byte_in_warc_header_skips_only_that_record(tmp_path: Path, where: int) -> None:
    path = tmp_path / "a.warc"
    offsets = three_pages(path, gz=False)
    data = bytearray(path.read_bytes())
    data[offsets[1] + where] = ord("#")
    path.write_bytes(bytes(data))
    items = read(path)
    kinds = [(type(i).__name__, i.warc_offset) for i in items]
    assert kinds[0] == ("Page", offsets[0])
    assert kinds[-1] == ("Page", offsets[2])
    assert all(k == ("Skip", offsets[1]) for k in kinds[1:-1])


def test_first_record_damaged_rest_recovered(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    offsets = three_pages(path, gz=False)
    path.write_bytes(b"XARC" + path.read_bytes()[4:])
    items = read(path)
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Skip", 0),
        ("Page", offsets[1]),
        ("Page", offsets[2]),
    ]


def rewrite_content_length(data: bytes, record_start: int, delta: int) -> bytes:
    head_end = data.index(b"\r\n\r\n", record_start)
    head = data[record_start:head_end]
    start = head.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = head.find(b"\r\n", start) % (len(head) + 1)  # the last header has no CRLF here
    fixed = head[:start] + str(int(head[start:end]) + delta).encode() + head[end:]
    return data[:record_start] + fixed + data[head_end:]


@pytest.mark.parametrize("delta", [-10, -1, 4, 10, 10_000])
def test_wrong_content_length_skips_only_that_record(tmp_path: Path, delta: int) -> None:
    path = tmp_path / "a.warc"
    offsets = three_pages(path, gz=False)
    path.write_bytes(rewrite_content_length(path.read_bytes(), offsets[1], delta))
    items = read(path)
    assert [(type(i).__name__, i.url) for i in items] == [
        ("Page", "http://example.com/0"),
        ("Skip", None),
        ("Page", "http://example.com/2"),
    ]
    assert isinstance(items[1], Skip)
    assert (items[1].reason, items[1].warc_offset) == ("broken", offsets[1])


@pytest.mark.parametrize("delta", [1, 2, 3])
def test_content_length_into_the_closing_crlfs_is_tolerated(tmp_path: Path, delta: int) -> None:
    # The block then ends with part of its closing CRLF CRLF; no byte of the page is lost, and
    # the next record starts where it should, so the page is kept.
    path = tmp_path / "a.warc"
    offsets = three_pages(path, gz=False)
    path.write_bytes(rewrite_content_length(path.read_bytes(), offsets[1], delta))
    assert urls(read(path)) == [f"http://example.com/{i}" for i in range(3)]


def test_wrong_content_length_in_gzip_member(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    plain = tmp_path / "a.warc"
    plain_offsets = three_pages(plain, gz=False)
    plain_data = plain.read_bytes()
    members = []
    for delta, (a, b) in zip(
        [0, -5, 0],
        zip(plain_offsets, [*plain_offsets[1:], len(plain_data)], strict=True),
        strict=True,
    ):
        record = plain_data[a:b]
        members.append(gzip.compress(rewrite_content_length(record, 0, delta) if delta else record))
    path.write_bytes(b"".join(members))
    offsets = [0, len(members[0]), len(members[0]) + len(members[1])]
    items = read(path)
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", offsets[0]),
        ("Skip", offsets[1]),
        ("Page", offsets[2]),
    ]


def test_record_cut_before_its_http_headers_is_reported(tmp_path: Path) -> None:
    # A gzip member holding only a record's WARC headers: warcio alone would move on silently.
    plain = tmp_path / "a.warc"
    plain_offsets = three_pages(plain, gz=False)
    data = plain.read_bytes()
    records = [
        data[a:b] for a, b in zip(plain_offsets, [*plain_offsets[1:], len(data)], strict=True)
    ]
    records[1] = records[1][: records[1].index(b"\r\n\r\n") + 4]
    members = [gzip.compress(r) for r in records]
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"".join(members))
    items = read(path)
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", 0),
        ("Skip", len(members[0])),
        ("Page", len(members[0]) + len(members[1])),
    ]
    assert isinstance(items[1], Skip) and items[1].detail == "record ends before its HTTP headers"


def test_empty_gzip_members_are_not_records(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = three_pages(path, gz=True)
    empty = gzip.compress(b"")
    data = path.read_bytes()
    path.write_bytes(empty + data[: offsets[1]] + empty + empty + data[offsets[1] :] + empty)
    items = read(path)
    assert urls(items) == [f"http://example.com/{i}" for i in range(3)]
    shift = [len(empty), 3 * len(empty), 3 * len(empty)]
    assert [i.warc_offset for i in items] == [o + s for o, s in zip(offsets, shift, strict=True)]


def test_member_with_several_records_after_single_ones_is_reported_with_the_fix(
    tmp_path: Path,
) -> None:
    # A warcinfo member, then three records gzipped as one member, then one more member: the
    # file is read member by member (its first member is one record), so the middle member's
    # later records cannot be given offsets. Counted, and the member after it is still read.
    plain = tmp_path / "a.warc"
    three_pages(plain, gz=False)
    head, tail = tmp_path / "head.warc.gz", tmp_path / "tail.warc.gz"
    write_warc(head, [warcinfo()])
    write_warc(tail, [page("http://example.com/tail", BODY)])
    path = tmp_path / "b.warc.gz"
    path.write_bytes(head.read_bytes() + gzip.compress(plain.read_bytes()) + tail.read_bytes())
    items = read(path)
    assert urls(items) == ["http://example.com/0", "http://example.com/tail"]
    broken = [i for i in items if isinstance(i, Skip)]
    assert len(broken) == 1 and broken[0].reason == "broken"
    assert broken[0].warc_offset == head.stat().st_size
    assert "warcio recompress" in broken[0].detail


def test_random_damage_never_raises_or_prints(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(
        whole,
        [
            warcinfo(),
            page("http://example.com/a", BODY),
            response(
                "http://example.com/b",
                http(gzip.compress(BODY), headers=[("Content-Encoding", "gzip")]),
            ),
            response(
                "http://example.com/c",
                http(chunked(BODY), headers=[("Transfer-Encoding", "chunked")]),
            ),
            revisit("http://example.com/a"),
        ],
    )
    plain = tmp_path / "whole.warc"
    with gzip.open(whole) as fh:
        plain.write_bytes(fh.read())
    rng = random.Random(3)
    bad = tmp_path / "bad.warc"
    for source in (whole, plain):
        data = source.read_bytes()
        for _ in range(60):
            damaged = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            bad.write_bytes(bytes(damaged))
            items = read(bad)
            assert all(isinstance(i, Page | Skip) for i in items)
            assert all(i.warc_file == str(bad) for i in items)
            offsets = [i.warc_offset for i in items]
            assert offsets == sorted(offsets)
    assert capfd.readouterr() == ("", "")


def test_line_without_newline_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * (20 * 1024 * 1024))
    tracemalloc.start()
    try:
        items = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(type(i), i.warc_offset) for i in items] == [(Skip, 0)]
    assert peak < 8 * 1024 * 1024


def test_big_page_is_cut_and_kept(tmp_path: Path) -> None:
    body = b"<html><p>start</p>" + b"<p>filler filler filler</p>\n" * (20 * 1024 * 1024 // 28)
    path = tmp_path / "big.warc.gz"
    offsets = write_warc(
        path, [page("http://example.com/big", body), page("http://example.com/n", b"<p>n</p>")]
    )
    big, after = read(path)
    assert isinstance(big, Page) and big.html is not None
    assert len(big.html) == MAX_STORED_BYTES
    assert big.html.startswith("<html><p>start</p>")
    assert isinstance(after, Page) and after.warc_offset == offsets[1]


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_compression_bomb_is_bounded(tmp_path: Path, coding: str) -> None:
    size = 256 * 1024 * 1024
    if coding == "gzip":
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        payload = b"".join([c.compress(b"<p>" + b" " * (1024 * 1024)) for _ in range(size >> 20)])
        payload += c.flush()
    else:
        payload = brotli.compress(b"<p>" + b" " * size, quality=1)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", coding)]
    path = tmp_path / "bomb.warc.gz"
    write_warc(path, [response("http://example.com/bomb", http(payload, headers=headers))])
    tracemalloc.start()
    try:
        (got,) = read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(got, Page) and got.html is not None
    assert MAX_DECODED_BYTES - 4 <= len(got.html) <= MAX_DECODED_BYTES + 4
    assert peak < 4 * MAX_DECODED_BYTES


# --- byte ranges ---------------------------------------------------------------------------------


def mixed_warc(path: Path, *, gz: bool) -> None:
    """Two dozen records of every kind read_archive meets: pages, skips and passed-over ones."""
    specs: list[Spec] = [warcinfo()]
    for i in range(24):
        url = f"http://example.com/{i}"
        body = f"<html><p>story {i} {'words ' * (i * 37 % 300)}</p></html>".encode()
        if i % 7 == 3:
            specs.append(revisit(url))
        elif i % 5 == 4:
            specs.append(response(url, http(b"gone", "404 Not Found")))
        else:
            specs.append(page(url, body))
        if i % 6 == 0:
            specs.append(block(f"dns:{i}.example.com", "resource", b"1.2.3.4", "text/dns"))
    write_warc(path, specs, gz=gz)


def arc_file(path: Path, *, gz: bool) -> None:
    records = [
        (f"http://example.com/{i}", http(f"<p>{i} {'x ' * (i * 53 % 400)}</p>".encode()))
        for i in range(24)
    ]
    data, offsets = arc_bytes(records)
    if gz:  # one gzip member per record, as ARC writers do
        ends = [*offsets[1:], len(data)]
        members = [data[: offsets[0]]] + [data[a:b] for a, b in zip(offsets, ends, strict=True)]
        data = b"".join(gzip.compress(m) for m in members)
    path.write_bytes(data)


def read_in_ranges(path: Path, cuts: Sequence[int]) -> list[Page | Skip]:
    """Read the file as consecutive ranges [0, c1) [c1, c2) ... [ck, end), concatenated."""
    bounds: list[int | None] = [0, *sorted(cuts), None]
    out: list[Page | Skip] = []
    for start, stop in itertools.pairwise(bounds):
        assert start is not None
        out.extend(read_archive(str(path), start=start, stop=stop))
    return out


def random_cuts(rng: random.Random, size: int, offsets: Sequence[int]) -> list[int]:
    """Cut points anywhere, and right at, before and after record starts (the edge cases)."""
    cuts = {rng.randrange(1, size + 10) for _ in range(rng.randint(1, 6))}
    cuts |= {max(1, o + rng.choice((-1, 0, 1))) for o in rng.sample(offsets, k=3)}
    return sorted(cuts)


@pytest.mark.parametrize("name", ["a.warc.gz", "a.warc", "a.arc", "a.arc.gz"])
def test_ranges_end_to_end_read_every_record_exactly_once(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if "arc." in name or name.endswith(".arc"):
        arc_file(path, gz=name.endswith(".gz"))
    else:
        mixed_warc(path, gz=name.endswith(".gz"))
    whole = read(path)
    assert len(whole) >= 20 and all(isinstance(i, Page | Skip) for i in whole)
    offsets = [i.warc_offset for i in whole]
    size = path.stat().st_size
    rng = random.Random(name)
    for _ in range(30):
        cuts = random_cuts(rng, size, offsets)
        assert read_in_ranges(path, cuts) == whole, cuts
    # One range per record, cut exactly at each record's start.
    assert read_in_ranges(path, offsets[1:]) == whole
    # A range holds the records whose offset is in it.
    start, stop = offsets[3], offsets[9]
    inside = list(read_archive(str(path), start=start, stop=stop))
    assert inside == [i for i in whole if start <= i.warc_offset < stop]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_ranges_of_a_damaged_file_read_what_the_whole_file_reads(tmp_path: Path, gz: bool) -> None:
    source = tmp_path / "good.warc"
    mixed_warc(source, gz=gz)
    data = source.read_bytes()
    rng = random.Random(7)
    bad = tmp_path / "bad.warc"
    for _ in range(25):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        bad.write_bytes(bytes(damaged))
        whole = read(bad)
        offsets = [i.warc_offset for i in whole] or [1]
        cuts = random_cuts(rng, len(damaged), offsets)
        assert read_in_ranges(bad, cuts) == whole, cuts


def test_a_range_past_the_end_or_empty_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = three_pages(path, gz=True)
    size = path.stat().st_size
    assert list(read_archive(str(path), start=size, stop=size + 100)) == []
    assert list(read_archive(str(path), start=offsets[1], stop=offsets[1])) == []
    with pytest.raises(ValueError, match="bad byte range"):
        read_archive(str(path), start=10, stop=5)


# --- whole-file gzip (`gzip a.warc`): one stream, one range -------------------------------------


def test_whole_file_gzip_cut_anywhere_keeps_every_record_before_the_cut(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "a.warc"
    offsets = three_pages(plain, gz=False)
    ends = [*offsets[1:], plain.stat().st_size]
    data = gzip.compress(plain.read_bytes())
    path = tmp_path / "cut.warc.gz"
    for cut in range(1, len(data)):
        path.write_bytes(data[:cut])
        readable = len(zlib.decompressobj(31).decompress(data[:cut]))
        items = read(path)
        *pages, last = items
        # Exactly one broken Skip, last, naming the file and the offset of the damaged record.
        assert isinstance(last, Skip) and last.reason == "broken", cut
        assert last.warc_file == str(path) and last.detail
        whole = sum(end <= readable for end in ends)
        if readable <= ends[0]:
            # Nothing of the second record is left: this cannot be told from a cut one-record
            # gzip member, whose record is reported broken at offset 0.
            assert items == [last] and last.warc_offset == 0, cut
            continue
        # A record cut only in its closing CRLFs has all its bytes and is kept.
        assert len(pages) == whole or (len(pages) == whole + 1 and readable >= ends[whole] - 4)
        assert urls(pages) == [f"http://example.com/{i}" for i in range(len(pages))], cut
        if len(pages) == whole < 3:  # the Skip is the record the cut goes through
            assert last.warc_offset == offsets[whole], cut
        else:  # every record is whole: the Skip is at the end of what could be read
            assert last.warc_offset == readable, cut
    assert capfd.readouterr() == ("", "")


def test_whole_file_gzip_with_flipped_bytes_never_raises_or_prints(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "a.warc"
    mixed_warc(plain, gz=False)
    data = gzip.compress(plain.read_bytes())
    rng = random.Random(12)
    path = tmp_path / "bad.warc.gz"
    whole = [dataclasses.replace(i, warc_file=str(path)) for i in read(plain)]
    for _ in range(40):
        at, bit = rng.randrange(len(data)), rng.randrange(8)
        damaged = bytearray(data)
        damaged[at] ^= 1 << bit
        path.write_bytes(bytes(damaged))
        items = read(path)
        broken = [i for i in items if isinstance(i, Skip) and i.reason == "broken"]
        try:
            intact = gzip.decompress(damaged) == plain.read_bytes()
        except (OSError, EOFError, zlib.error):
            intact = False
        # Some flips change nothing decompressed: the header's mtime, extra flags, OS and FTEXT,
        # the padding bits after the last deflate block, and a few bits of a Huffman table.
        if intact and not (at == 3 and bit >= 5):
            assert items == whole, (at, bit)
        elif intact:
            # A reserved flag bit: Python's gzip ignores it, zlib refuses the header, so the
            # file is read member by member and its one member is one broken record.
            assert broken == items, (at, bit)
        else:
            # Damaged gzip data (the CRC catches it at the latest) ends the stream with a broken
            # Skip, the last item. Deflate data decoded out of step before zlib notices can look
            # like damaged records (it copies earlier bytes), resynced past before that. (In a
            # file this small, zlib meets the CRC while the first record is still being sniffed:
            # then the file is read member by member, its one member one broken record.)
            assert broken and broken[-1] is items[-1], (at, bit)
    assert capfd.readouterr() == ("", "")


@pytest.mark.parametrize("delta", [-10, -1, 4, 10, 10_000])
def test_whole_file_gzip_with_wrong_content_length_skips_only_that_record(
    tmp_path: Path, delta: int
) -> None:
    # The gzip data is intact, only a record is not: the reader resyncs in the decompressed
    # stream, as in the plain file, instead of ending the file there.
    plain = tmp_path / "a.warc"
    pages = [page(f"http://example.com/{i}", b"<html><p>story</p></html>") for i in range(5)]
    offsets = write_warc(plain, pages, gz=False)
    lying = rewrite_content_length(plain.read_bytes(), offsets[2], delta)
    shift = len(lying) - plain.stat().st_size  # the lie may have more digits than the truth
    offsets[3:] = [o + shift for o in offsets[3:]]
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(lying))
    items = list(read_archive(str(path)))
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", offsets[0]),
        ("Page", offsets[1]),
        ("Skip", offsets[2]),
        ("Page", offsets[3]),
        ("Page", offsets[4]),
    ]
    assert isinstance(items[2], Skip) and items[2].reason == "broken"
    assert "Content-Length" in items[2].detail or "ends" in items[2].detail


def test_whole_file_gzip_resyncs_past_a_damaged_record_bigger_than_its_history(
    tmp_path: Path,
) -> None:
    # The resync starts behind the reader, at the damaged record; further back than the bytes
    # kept for that, the stream is decompressed again from its start.
    plain = tmp_path / "a.warc"
    big = b"<html><p>" + b"long story " * (5 * 1024 * 1024 // 11) + b"</p></html>"
    pages = [page(f"http://example.com/{i}", big if i == 1 else BODY) for i in range(3)]
    offsets = write_warc(plain, pages, gz=False)
    assert offsets[2] - offsets[1] > gzipstream._HISTORY
    lying = rewrite_content_length(plain.read_bytes(), offsets[1], -10)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(lying, compresslevel=1))
    items = list(read_archive(str(path)))
    assert [(type(i).__name__, i.warc_offset) for i in items] == [
        ("Page", offsets[0]),
        ("Skip", offsets[1]),
        ("Page", offsets[2]),
    ]


def test_whole_file_gzip_damaged_record_then_cut_counts_both(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    pages = [page(f"http://example.com/{i}", b"<html><p>story</p></html>") for i in range(5)]
    offsets = write_warc(plain, pages, gz=False)
    lying = rewrite_content_length(plain.read_bytes(), offsets[1], -10)
    data = gzip.compress(lying)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(data[: len(data) - 30])  # cut inside the last record's deflate data
    items = list(read_archive(str(path)))
    kinds = [(type(i).__name__, i.warc_offset) for i in items]
    assert kinds == [
        ("Page", offsets[0]),
        ("Skip", offsets[1]),
        ("Page", offsets[2]),
        ("Page", offsets[3]),
        ("Skip", offsets[4]),
    ]
    assert isinstance(items[-1], Skip) and "gzip data is cut off" in items[-1].detail


def test_whole_file_gzip_is_read_by_the_range_that_starts_at_0(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    mixed_warc(plain, gz=False)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    whole = read(path)
    assert len(whole) >= 20
    size = path.stat().st_size
    rng = random.Random(3)
    for _ in range(10):
        assert read_in_ranges(path, random_cuts(rng, size, [1, size // 2, size - 1])) == whole
    assert list(read_archive(str(path), start=0, stop=1)) == whole
    assert list(read_archive(str(path), start=1)) == []
    assert list(read_archive(str(path), start=0, stop=0)) == []
