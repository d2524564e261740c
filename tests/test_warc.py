"""indexer.warc on real archives written with warcio in tmp_path: which records become pages
(WARC, WET, ARC) and which are skipped and why, read_raw_record, find_archives, and the warcio
boundary. Encodings and charsets: tests/test_warc_decoding.py; damaged files and byte ranges:
tests/test_warc_resync.py."""

from __future__ import annotations

import dataclasses
import gzip
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from warc_builders import (
    HTML,
    arc_bytes,
    block,
    http,
    one_page,
    one_skip,
    page,
    read,
    response,
    revisit,
    three_pages,
    urls,
    warcinfo,
    write_warc,
    write_whole_gzip,
)

from indexer.archives import find_archives
from indexer.errors import ArchiveError
from indexer.extract import extract_file
from indexer.records import Page, Skip, Story
from indexer.warc import read_archive, read_raw_record
from search.cli import cli

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


# --- ARC -----------------------------------------------------------------------------------------


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


# --- whole-file gzip (`gzip a.warc`: one gzip member for all records) --------------------------


MIXED = [
    warcinfo(),
    page("http://example.com/a", b"<html><p>story a</p></html>"),
    revisit("http://example.com/a"),
    block("http://example.com/req", "request", b"GET / HTTP/1.1\r\n\r\n", "application/http"),
    response("http://example.com/gone", http(b"gone", status="404 Not Found")),
    page("http://example.com/b", HTML.encode()),
]


def test_whole_file_gzip_reads_every_record_at_its_plain_offset(tmp_path: Path) -> None:
    plain = tmp_path / "a.warc"
    offsets = write_warc(plain, MIXED, gz=False)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    got = read(path)
    # The same items as the plain file's, in order, offsets those of the decompressed stream.
    assert got == [dataclasses.replace(i, warc_file=str(path)) for i in read(plain)]
    assert [(type(i).__name__, i.warc_offset) for i in got] == [
        ("Page", offsets[1]),
        ("Skip", offsets[2]),
        ("Skip", offsets[4]),
        ("Page", offsets[5]),
    ]
    for item in got:
        if isinstance(item, Page):
            data = read_raw_record(str(path), item.warc_offset)
            assert data == (item.html_utf8 or b"") or data.decode() == item.html


def test_regzipped_per_record_archive_is_read_whole(tmp_path: Path) -> None:
    # The QA case: `zcat a.warc.gz | gzip > b.warc.gz` used to give "0 indexed, 1 broken".
    per_record = tmp_path / "a.warc.gz"
    three_pages(per_record, gz=True)
    path = tmp_path / "b.warc.gz"
    path.write_bytes(gzip.compress(gzip.decompress(per_record.read_bytes())))
    assert urls(read(path)) == [f"http://example.com/{i}" for i in range(3)]


def test_concatenated_whole_file_gzips_read_as_one_stream(tmp_path: Path) -> None:
    # `cat a.warc.gz b.warc.gz` of two whole-file gzips: offsets run on across the members.
    first, second = tmp_path / "1.warc", tmp_path / "2.warc"
    three_pages(first, gz=False)
    write_warc(second, [page("http://example.com/x", b"<p>x</p>")], gz=False)
    path = tmp_path / "c.warc.gz"
    path.write_bytes(gzip.compress(first.read_bytes()) + gzip.compress(second.read_bytes()))
    got = read(path)
    assert urls(got) == [*(f"http://example.com/{i}" for i in range(3)), "http://example.com/x"]
    assert got[3].warc_offset == first.stat().st_size
    assert read_raw_record(str(path), got[3].warc_offset) == b"<p>x</p>"


def test_whole_file_gzip_of_an_arc(tmp_path: Path) -> None:
    data, offsets = arc_bytes([("http://example.com/a", http(b"<p>a</p>"))])
    path = tmp_path / "a.arc.gz"
    path.write_bytes(gzip.compress(data))
    (got,) = read(path)
    assert isinstance(got, Page) and got.warc_offset == offsets[0]
    assert read_raw_record(str(path), offsets[0]) == b"<p>a</p>"


def test_raw_record_of_whole_file_gzip_rejects_offsets_off_a_record(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write_whole_gzip(path, MIXED)
    with pytest.raises(ArchiveError, match="no readable record at offset"):
        read_raw_record(str(path), offsets[1] + 3)
    end = offsets[-1] + 10_000
    with pytest.raises(ArchiveError, match=f"offset {end} is outside the decompressed archive"):
        read_raw_record(str(path), end)


def test_whole_file_gzip_through_extract_and_the_cli(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[1] / "sample_warcs" / "01-single-articles.warc.gz"
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(gzip.decompress(sample.read_bytes())))
    stories = [s for s in extract_file(str(path)) if isinstance(s, Story)]
    expected = [s for s in extract_file(str(sample)) if isinstance(s, Story)]
    assert len(stories) == len(expected) == 7
    assert [s.id for s in stories] == [s.id for s in expected]

    def morgue(*args: str) -> Result:
        return CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), *args])

    first = morgue("index", "--jobs", "1", str(path))
    assert first.exit_code == 0, first.output
    assert "stories    7 indexed" in first.stdout
    assert "skipped    0 records" in first.stdout
    assert "0 already indexed" in first.stdout
    assert "1 already indexed" in morgue("index", "--jobs", "1", str(path)).stdout
    for story in stories:
        raw = morgue("show", "--raw", story.id)
        assert raw.exit_code == 0, raw.output
        assert raw.stdout_bytes == read_raw_record(str(sample), _offset_in(expected, story.id))


def _offset_in(stories: list[Story], story_id: str) -> int:
    return next(s.warc_offset for s in stories if s.id == story_id)


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
