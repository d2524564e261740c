"""indexer.warc on real archives written with warcio in tmp_path, good ones and damaged ones."""

from __future__ import annotations

import gzip
import io
import itertools
import os
import random
import tracemalloc
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import brotli
import pytest
from warcio.warcwriter import WARCWriter

from indexer.errors import ArchiveError
from indexer.records import Page, Skip
from indexer.warc import (
    MAX_DECODED_BYTES,
    MAX_STORED_BYTES,
    find_archives,
    read_archive,
    read_raw_record,
)

DATE = "2026-01-02T03:04:05Z"
HTML = "<!doctype html><html><head><title>Río</title></head><body><p>Café olé</p></body></html>"

Spec = Callable[[WARCWriter], object]


# --- building archives ---------------------------------------------------------------------------


def http(
    body: bytes,
    status: str = "200 OK",
    headers: Sequence[tuple[str, str]] = (("Content-Type", "text/html; charset=utf-8"),),
) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def response(url: str, payload: bytes, date: str = DATE, **warc: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_headers_dict={"WARC-Date": date, **warc},
        )

    return build


def block(url: str, rec_type: str, data: bytes, content_type: str, **warc: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_warc_record(
            url,
            rec_type,
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": DATE, **warc},
        )

    return build


def revisit(url: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_revisit_record(
            url, "sha1:AAAA", url, DATE, warc_headers_dict={"WARC-Date": DATE}
        )

    return build


def warcinfo() -> Spec:
    return lambda w: w.create_warcinfo_record("x.warc", {"software": "test"})


def write_warc(path: Path, specs: Sequence[Spec], *, gz: bool = True) -> list[int]:
    """Write the records; return each one's byte offset."""
    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for spec in specs:
            offsets.append(fh.tell())
            writer.write_record(spec(writer))
    return offsets


def page(url: str, body: bytes, **kw: str) -> Spec:
    return response(url, http(body), **kw)


def read(path: Path) -> list[Page | Skip]:
    return list(read_archive(str(path)))


def one(path: Path, spec: Spec) -> Page | Skip:
    write_warc(path, [spec])
    items = read(path)
    assert len(items) == 1, items
    return items[0]


def one_page(tmp_path: Path, spec: Spec) -> Page:
    item = one(tmp_path / "a.warc.gz", spec)
    assert isinstance(item, Page), item
    return item


def one_skip(tmp_path: Path, spec: Spec) -> Skip:
    item = one(tmp_path / "a.warc.gz", spec)
    assert isinstance(item, Skip), item
    return item


def three_pages(path: Path, *, gz: bool) -> list[int]:
    return write_warc(
        path,
        [
            page(f"http://example.com/{i}", f"<html><p>story {i}</p></html>".encode())
            for i in range(3)
        ],
        gz=gz,
    )


def urls(items: Sequence[Page | Skip]) -> list[str | None]:
    return [item.url for item in items if isinstance(item, Page)]


# --- records that become pages -------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_response_becomes_page_with_provenance(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    offsets = write_warc(
        path,
        [
            warcinfo(),
            block("http://example.com/", "request", b"GET / HTTP/1.1\r\n\r\n", "application/http"),
            page("http://example.com/", HTML.encode(), **{"WARC-Date": "2026-01-02T03:04:05.123Z"}),
            block("http://example.com/", "metadata", b"via: x\r\n", "application/warc-fields"),
            page("http://example.com/2", b"<p>two</p>"),
        ],
        gz=gz,
    )
    items = read(path)
    assert [type(i) for i in items] == [Page, Page]
    first = items[0]
    assert isinstance(first, Page)
    assert first.url == "http://example.com/"
    assert first.html == HTML
    assert first.text is None
    assert first.captured_at == "2026-01-02T03:04:05Z"
    assert first.warc_file == str(path)
    assert [i.warc_offset for i in items] == [offsets[2], offsets[4]]
    assert first.warc_record_id.startswith("<urn:uuid:")
    assert first.content_type == "text/html"
    assert first.payload_digest is not None and first.payload_digest.startswith("sha1:")


def test_warc_file_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_warc(tmp_path / "a.warc.gz", [page("http://example.com/", b"<p>x</p>")])
    monkeypatch.chdir(tmp_path)
    assert [i.warc_file for i in read_archive("./a.warc.gz")] == ["./a.warc.gz"]


@pytest.mark.parametrize(
    ("warc_date", "expected"),
    [
        ("2026-01-02T05:04:05+02:00", "2026-01-02T03:04:05Z"),
        ("2026-01-02T03:04:05.123456789Z", "2026-01-02T03:04:05Z"),  # WARC 1.1 fractions
        ("20260102030405", "2026-01-02T03:04:05Z"),
    ],
)
def test_captured_at_is_normalised_to_utc(tmp_path: Path, warc_date: str, expected: str) -> None:
    got = one_page(tmp_path, page("http://example.com/", b"<p>x</p>", **{"WARC-Date": warc_date}))
    assert got.captured_at == expected


def test_unreadable_warc_date_is_broken(tmp_path: Path) -> None:
    got = one_skip(tmp_path, page("http://example.com/", b"<p>x</p>", **{"WARC-Date": "2026-1x"}))
    assert (got.reason, got.detail) == ("broken", "bad WARC-Date '2026-1x'")


def test_resource_records_give_html_or_text(tmp_path: Path) -> None:
    path = tmp_path / "r.warc"
    write_warc(
        path,
        [
            block("http://example.com/a", "resource", b"<html><p>a</p></html>", "text/html"),
            block("http://example.com/b", "resource", "plain café".encode(), "text/plain"),
        ],
        gz=False,
    )
    a, b = read(path)
    assert isinstance(a, Page) and a.html == "<html><p>a</p></html>" and a.text is None
    assert isinstance(b, Page) and b.text == "plain café" and b.html is None
    assert b.content_type == "text/plain"
    assert b.payload_digest is not None and b.payload_digest.startswith("sha1:")


def test_wet_conversion_record_is_text(tmp_path: Path) -> None:
    text = "WASHINGTON (AP) — Lawmakers met.\nSecond line."
    got = one_page(
        tmp_path,
        block("https://apnews.com/x", "conversion", text.encode(), "text/plain"),
    )
    assert got.text == text
    assert got.html is None
    assert got.url == "https://apnews.com/x"


def test_wet_suffix_file(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.wet.gz"
    write_warc(path, [warcinfo(), block("https://x.com/", "conversion", b"hello", "text/plain")])
    assert [i.text for i in read(path) if isinstance(i, Page)] == ["hello"]
    assert find_archives([tmp_path]) == [str(path)]


# --- records that are skipped, and why -----------------------------------------------------------


def test_revisit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write_warc(
        path, [page("http://example.com/", b"<p>x</p>"), revisit("http://example.com/")]
    )
    items = read(path)
    assert isinstance(items[1], Skip)
    assert (items[1].reason, items[1].warc_offset, items[1].url) == (
        "revisit",
        offsets[1],
        "http://example.com/",
    )
    assert items[1].detail == "identical-payload-digest"


@pytest.mark.parametrize(
    ("status", "headers", "reason", "detail"),
    [
        ("404 Not Found", [("Content-Type", "text/html")], "http-status", "404"),
        ("500 Server Error", [("Content-Type", "text/html")], "http-status", "500"),
        (
            "301 Moved",
            [("Location", "https://example.com/new")],
            "redirect",
            "301 https://example.com/new",
        ),
        ("302 Found", [], "redirect", "302"),
    ],
)
def test_http_status_other_than_200_is_skipped(
    tmp_path: Path, status: str, headers: list[tuple[str, str]], reason: str, detail: str
) -> None:
    got = one_skip(tmp_path, response("http://example.com/", http(b"<p>gone</p>", status, headers)))
    assert (got.reason, got.detail, got.warc_offset) == (reason, detail, 0)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", PNG),
        ("image/jpeg", b"\xff\xd8\xff\xe0" + bytes(300)),
        ("application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("application/json", b'{"a": 1}'),
        ("text/css", b"p { color: red }"),
        ("text/html", PNG),  # an image served as text/html
        ("text/html", random.Random(7).randbytes(5000)),  # binary junk labelled text/html
        ("", random.Random(8).randbytes(5000)),
    ],
)
def test_payload_that_is_not_a_page_is_skipped(
    tmp_path: Path, content_type: str, body: bytes
) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    got = one_skip(tmp_path, response("http://example.com/x", http(body, headers=headers)))
    assert got.reason == "not-html"


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("", b"<!DOCTYPE html><html><p>x</p></html>", "html"),
        ("application/octet-stream", b"  <html><p>x</p></html>", "html"),
        ("text/plain", b"<!doctype html><p>x</p>", "html"),
        ("", b"just words", "text"),
    ],
)
def test_missing_or_vague_type_is_sniffed(
    tmp_path: Path, content_type: str, body: bytes, kind: str
) -> None:
    headers = [("Content-Type", content_type)] if content_type else []
    got = one_page(tmp_path, response("http://example.com/x", http(body, headers=headers)))
    assert (got.html if kind == "html" else got.text) == body.decode()


@pytest.mark.parametrize("body", [b"", b" \r\n\t "])
def test_empty_payload_is_skipped(tmp_path: Path, body: bytes) -> None:
    assert one_skip(tmp_path, page("http://example.com/", body)).reason == "empty"


def test_zero_length_response_record_is_skipped(tmp_path: Path) -> None:
    got = one_skip(tmp_path, response("http://example.com/", b""))
    assert (got.reason, got.warc_offset) == ("empty", 0)


def test_non_http_response_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(
        path, [block("dns:example.com", "response", b"example.com. 300 IN A 1.2.3.4", "text/dns")]
    )
    assert read(path) == []


# --- transfer and content encodings --------------------------------------------------------------


def chunked(data: bytes, size: int = 7) -> bytes:
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


BODY = HTML.encode()


@pytest.mark.parametrize(
    ("headers", "payload"),
    [
        ([("Content-Encoding", "gzip")], gzip.compress(BODY)),
        ([("Content-Encoding", "x-gzip")], gzip.compress(BODY)),
        ([("Content-Encoding", "deflate")], zlib.compress(BODY)),
        ([("Content-Encoding", "deflate")], zlib.compress(BODY)[2:-4]),  # raw deflate
        ([("Content-Encoding", "br")], brotli.compress(BODY)),
        ([("Transfer-Encoding", "chunked")], chunked(BODY)),
        (
            [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
            chunked(gzip.compress(BODY)),
        ),
        ([("Content-Encoding", "gzip")], BODY),  # stored decoded, header kept
        ([("Transfer-Encoding", "chunked")], BODY),  # stored dechunked, header kept
    ],
    ids=[
        "gzip",
        "x-gzip",
        "deflate",
        "raw-deflate",
        "br",
        "chunked",
        "chunked-gzip",
        "gzip-lie",
        "chunked-lie",
    ],
)
def test_encodings_are_undone(
    tmp_path: Path, headers: list[tuple[str, str]], payload: bytes
) -> None:
    all_headers = [("Content-Type", "text/html; charset=utf-8"), *headers]
    got = one_page(tmp_path, response("http://example.com/", http(payload, headers=all_headers)))
    assert got.html == HTML


def test_unsupported_content_encoding_is_skipped(tmp_path: Path) -> None:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "zstd")]
    got = one_skip(
        tmp_path, response("http://example.com/", http(b"\x28\xb5\x2f\xfd", headers=headers))
    )
    assert (got.reason, got.detail) == ("not-html", "unsupported Content-Encoding 'zstd'")


# --- charsets ------------------------------------------------------------------------------------


def codecs_bom16(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


def html_page(body: bytes, content_type: str = "text/html") -> Spec:
    return response("http://example.com/", http(body, headers=[("Content-Type", content_type)]))


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        # windows-1252 bytes under a header that says utf-8
        (
            "text/html; charset=utf-8",
            "<p>Café – “olé” €</p>".encode("cp1252"),
            "<p>Café – “olé” €</p>",
        ),
        # iso-8859-1 label, bytes in windows-1252's 0x80-0x9F range: read as windows-1252
        (
            "text/html; charset=ISO-8859-1",
            "<p>“naïve” €5</p>".encode("cp1252"),
            "<p>“naïve” €5</p>",
        ),
        ('text/html; charset="latin1"', "<p>é</p>".encode("cp1252"), "<p>é</p>"),
        ("text/html; charset=bogus-label", "<p>Zoë</p>".encode("cp1252"), "<p>Zoë</p>"),
        ("text/html", "\ufeff<p>BOM é</p>".encode(), "<p>BOM é</p>"),
        ("text/html; charset=cp1252", codecs_bom16("<p>Ω</p>"), "<p>Ω</p>"),
        (
            "text/html",
            '<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"),
            '<meta charset="windows-1251"><p>Привет</p>',
        ),
        (
            "text/html",
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>'
            + "Мир".encode("koi8-r"),
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Мир',
        ),
        # header lies (utf-8), meta tells the truth
        (
            "text/html; charset=utf-8",
            '<meta charset="shift_jis"><p>東京</p>'.encode("cp932"),
            '<meta charset="shift_jis"><p>東京</p>',
        ),
        ("text/html; charset=utf-8", "<p>ünïcode</p>".encode(), "<p>ünïcode</p>"),
        ("text/html; charset=iso-2022-jp", "<p>東京</p>".encode("iso2022_jp"), "<p>東京</p>"),
        ("text/html", b"<p>a\x00b</p>", "<p>ab</p>"),  # NULs are stripped
    ],
    ids=[
        "cp1252-under-utf8",
        "latin1-is-cp1252",
        "quoted-label",
        "unknown-label",
        "utf8-bom",
        "utf16-bom",
        "meta-charset",
        "meta-http-equiv",
        "meta-beats-lying-header",
        "utf8",
        "iso-2022-jp",
        "nul",
    ],
)
def test_charsets(tmp_path: Path, content_type: str, body: bytes, expected: str) -> None:
    page = one_page(tmp_path, html_page(body, content_type))
    assert page.html == expected
    assert page.html_utf8 == expected.encode()  # what the extractor's parser reads


# --- ARC -----------------------------------------------------------------------------------------


def arc_bytes(records: Sequence[tuple[str, bytes]]) -> tuple[bytes, list[int]]:
    """An ARC v1 file: the filedesc header record, then one record per (url, HTTP bytes)."""
    spec = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://test.arc 0.0.0.0 20260102030405 text/plain %d\n%s\n" % (len(spec), spec)]
    offsets = []
    pos = len(out[0])
    for url, data in records:
        rec = b"%s 93.184.216.34 20260102030405 text/html %d\n%s\n" % (
            url.encode(),
            len(data),
            data,
        )
        offsets.append(pos)
        out.append(rec)
        pos += len(rec)
    return b"".join(out), offsets


@pytest.mark.parametrize("gz", [False, True], ids=["arc", "arc.gz"])
def test_arc_file(tmp_path: Path, gz: bool) -> None:
    records = [
        ("http://example.com/a", http(b"<p>a</p>")),
        ("http://example.com/b", http(b"<p>b</p>", "404 Not Found")),
        ("dns:example.com", b"example.com. 300 IN A 1.2.3.4"),
        ("http://example.com/c", http("<p>cé</p>".encode())),
    ]
    data, offsets = arc_bytes(records)
    path = tmp_path / ("a.arc.gz" if gz else "a.arc")
    if gz:  # one gzip member per record, as ARC writers do
        members = [data[: offsets[0]]] + [
            data[a:b] for a, b in zip(offsets, [*offsets[1:], len(data)], strict=True)
        ]
        blobs = [gzip.compress(m) for m in members]
        offsets = [sum(len(b) for b in blobs[: i + 1]) for i in range(len(records))]
        data = b"".join(blobs)
    path.write_bytes(data)
    items = read(path)
    assert [(type(i).__name__, i.url, i.warc_offset) for i in items] == [
        ("Page", "http://example.com/a", offsets[0]),
        ("Skip", "http://example.com/b", offsets[1]),
        ("Page", "http://example.com/c", offsets[3]),
    ]
    a, _, c = items
    assert isinstance(a, Page) and isinstance(c, Page)
    assert a.html == "<p>a</p>" and c.html == "<p>cé</p>"
    assert a.captured_at == "2026-01-02T03:04:05Z"
    assert a.payload_digest is not None and a.payload_digest.startswith("sha1:")
    # The record id is stable from one read to the next (warcio would invent a random one).
    assert [i.warc_record_id for i in read(path) if isinstance(i, Page)] == [
        a.warc_record_id,
        c.warc_record_id,
    ]
    assert a.warc_record_id != c.warc_record_id
    assert find_archives([path]) == [str(path)]


def test_damaged_arc_gz_member_skips_only_that_record(tmp_path: Path) -> None:
    # URLs longer than the first bytes resync decompresses once hid every later ARC record.
    long_url = "http://example.com/news/" + "very-long-slug-" * 10
    records = [(f"{long_url}{i}", http(f"<p>{i}</p>".encode())) for i in range(3)]
    data, offsets = arc_bytes(records)
    members = [data[: offsets[0]]] + [
        data[a:b] for a, b in zip(offsets, [*offsets[1:], len(data)], strict=True)
    ]
    blobs = [gzip.compress(m) for m in members]
    starts = [sum(len(b) for b in blobs[:i]) for i in range(len(blobs))]
    damaged = bytearray(b"".join(blobs))
    damaged[starts[1] + 20] ^= 0x10
    path = tmp_path / "a.arc.gz"
    path.write_bytes(bytes(damaged))
    assert [(type(i).__name__, i.warc_offset) for i in read(path)] == [
        ("Skip", starts[1]),
        ("Page", starts[2]),
        ("Page", starts[3]),
    ]


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


def test_whole_file_gzip_is_reported_with_the_fix(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    three_pages(plain, gz=False)
    path = tmp_path / "b.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    items = read(path)
    assert isinstance(items[0], Page)
    last = items[-1]
    assert isinstance(last, Skip) and last.reason == "broken"
    assert "warcio recompress" in last.detail


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


# --- read_raw_record -----------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_read_raw_record_round_trip(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    cp1252 = "<p>Café</p>".encode("cp1252")
    write_warc(
        path,
        [
            warcinfo(),
            page("http://example.com/a", b"<p>a</p>"),
            response(
                "http://example.com/b",
                http(gzip.compress(cp1252), headers=[("Content-Encoding", "gzip")]),
            ),
            block("https://x.com/", "conversion", b"plain words", "text/plain"),
        ],
        gz=gz,
    )
    pages = [i for i in read(path) if isinstance(i, Page)]
    assert [read_raw_record(str(path), p.warc_offset) for p in pages] == [
        b"<p>a</p>",
        cp1252,
        b"plain words",
    ]


def test_read_raw_record_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = three_pages(path, gz=True)
    with pytest.raises(ArchiveError, match=r"moved"):
        read_raw_record(str(tmp_path / "gone.warc.gz"), 0)
    for bad in (offsets[1] + 5, -1, 10**9):
        with pytest.raises(ArchiveError, match=r"a\.warc\.gz"):
            read_raw_record(str(path), bad)


# --- find_archives -------------------------------------------------------------------------------


def test_find_archives_walks_folders_sorted(tmp_path: Path) -> None:
    root = tmp_path / "crawl"
    for rel in (
        "b/2.warc.gz",
        "a.arc",
        "b/1.WARC",
        "c/d/x.wet.gz",
        "b/notes.txt",
        "b/1.warc.gz.tmp",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"WARC/1.0\r\n")
    single = tmp_path / "single.bin"
    write_warc(single, [page("http://example.com/", b"x")])
    found = find_archives([str(root), single, root / "a.arc"])
    assert found == [
        os.path.join(str(root), "a.arc"),
        os.path.join(str(root), "b", "1.WARC"),
        os.path.join(str(root), "b", "2.warc.gz"),
        os.path.join(str(root), "c", "d", "x.wet.gz"),
        str(single),
    ]


def test_find_archives_keeps_paths_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "a.warc.gz", [page("http://example.com/", b"x")])
    monkeypatch.chdir(tmp_path)
    assert find_archives(["in"]) == [os.path.join("in", "a.warc.gz")]
    assert find_archives(["./in/a.warc.gz"]) == ["./in/a.warc.gz"]


def test_find_archives_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match=r"missing\.warc"):
        find_archives([tmp_path / "missing.warc"])
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ArchiveError, match=r"notes\.txt.*not a WARC"):
        find_archives([text])
    tar = tmp_path / "x.tar.gz"
    tar.write_bytes(gzip.compress(b"not an archive at all"))
    with pytest.raises(ArchiveError, match=r"x\.tar\.gz"):
        find_archives([tar])
    empty_file = tmp_path / "e.warc"
    empty_file.write_bytes(b"")
    with pytest.raises(ArchiveError, match=r"e\.warc.*empty"):
        find_archives([empty_file])
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    with pytest.raises(ArchiveError, match=r"nothing.*no archives"):
        find_archives([empty_dir])


# --- boundaries -----------------------------------------------------------------------------------


def test_warcio_warnings_are_not_printed(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    # warcio logs a warning for a target URI with a space; the library must stay silent.
    got = one_page(tmp_path, page("http://example.com/a b", b"<p>x</p>"))
    assert got.url == "http://example.com/a%20b"
    assert capfd.readouterr() == ("", "")


def test_warc_is_the_only_module_importing_warcio() -> None:
    root = Path(__file__).resolve().parents[1]
    importers = sorted(
        str(p.relative_to(root))
        for package in ("indexer", "search")
        for p in (root / package).glob("*.py")
        if "import warcio" in p.read_text() or "from warcio" in p.read_text()
    )
    assert importers == [os.path.join("indexer", "warc.py")]


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
