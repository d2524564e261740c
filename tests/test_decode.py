"""indexer.decode: the byte-level decisions, case by case (archives themselves: test_warc.py)."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from indexer.decode import (
    UnsupportedEncodingError,
    dechunk,
    decode,
    decode_html,
    decompress,
    header_charset,
    mime_type,
    sniff_kind,
)


def test_mime_type_and_header_charset() -> None:
    assert mime_type("Text/HTML; charset=UTF-8") == "text/html"
    assert mime_type(None) == ""
    assert header_charset('text/html; charset="windows-1252"') == "windows-1252"
    assert header_charset("text/html") is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", b"hello world"),
        (b"5;ext=1\r\nhello\r\n0\r\n\r\n", b"hello"),
        (b"hello world", b"hello world"),  # not chunked after all
        (b"5\r\nhello\r\n6\r\n wo", b"hello wo"),  # cut mid-chunk
        (b"5\r\nhello\r\nzz\r\n", b"hello"),  # garbage after a good chunk
    ],
)
def test_dechunk(data: bytes, expected: bytes) -> None:
    assert dechunk(data) == expected


def test_decompress_multiple_codings_in_order() -> None:
    data = brotli.compress(gzip.compress(b"<p>x</p>"))
    assert decompress(data, "gzip, br") == b"<p>x</p>"
    assert decompress(b"<p>x</p>", "identity") == b"<p>x</p>"


def test_decompress_keeps_what_decoded_before_a_cut() -> None:
    whole = gzip.compress(b"<p>" + b"news " * 10_000)
    cut = decompress(whole[: len(whole) // 2], "gzip")
    assert cut.startswith(b"<p>news news")
    assert 0 < len(cut) < 50_003


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_decompress_output_is_bounded(coding: str) -> None:
    big = b"a" * 10_000_000
    data = {
        "gzip": gzip.compress(big),
        "deflate": zlib.compress(big),
        "br": brotli.compress(big, quality=1),
    }[coding]
    assert decompress(data, coding, limit=1000) == b"a" * 1000


def test_unknown_coding_raises() -> None:
    with pytest.raises(UnsupportedEncodingError, match="zstd"):
        decompress(b"x", "zstd")


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        (b"<p>plain ascii</p>", "text/html", "html"),
        (b"   <!-- c --> <html>", "", "html"),
        (b"words only", "", "text"),
        (b"words only", "application/json", None),
        (b'{"title": "x"}', "text/html", None),
        (b"%PDF-1.4", "text/html", None),
        (b"\xff\xfe<\x00p\x00>\x00", "text/html", "html"),  # UTF-16 with BOM is not binary
        (b"<p>" + b"\x01\x02\x03" * 100, "text/html", None),
        (b"<p>a\x00b</p>", "text/html", "html"),  # a stray NUL is not binary
        # feeds served as text/html are not pages; XHTML with an XML declaration is one
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "text/html", None),
        (b'\xef\xbb\xbf<?xml version="1.0"?><!-- x --><feed xmlns="a">', "text/html", None),
        (b"<rdf:RDF xmlns:rdf='x'>", "", None),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html><html>', "text/html", "html"),
        (b'<?xml version="1.0"?>\n<html xmlns="x">', "application/xhtml+xml", "html"),
    ],
)
def test_sniff_kind(data: bytes, declared: str, expected: str | None) -> None:
    assert sniff_kind(data, declared) == expected


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ("café".encode(), "windows-1252", "café"),  # valid UTF-8 wins over the label
        ("café".encode("cp1252"), None, "café"),
        (b"\x80", "iso-8859-1", "€"),
        (b"caf\xe9 \x81", "utf-8", "café \ufffd"),  # undefined in windows-1252: replaced
        ("Привет".encode("cp1251"), "windows-1251", "Привет"),
        (
            "Привет".encode("cp1251"),
            "undefined",
            "Привет".encode("cp1251").decode("cp1252"),
        ),  # Python's "undefined" codec
        (
            "Привет".encode("cp1251"),
            "rot13",
            "Привет".encode("cp1251").decode("cp1252"),
        ),  # a transform, not a charset
        (b"x\xe9", "utf-16", "xé"),  # UTF-16 label without BOM: read as the ASCII family
        ("東京".encode("gbk"), "gb2312", "東京"),
        ("naïve".encode("cp1252"), "bogus", "naïve"),
        (b"\xef\xbb\xbfBOM", "windows-1252", "BOM"),
    ],
)
def test_decode(data: bytes, charset: str | None, expected: str) -> None:
    assert decode(data, charset) == expected


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        ("<p>Zoë</p>".encode(), None),  # UTF-8: the page's own bytes
        (b"\xef\xbb\xbf<p>Zo\xc3\xab</p>", None),  # UTF-8 BOM
        ("<p>Zoë</p>".encode("cp1252"), "windows-1252"),  # re-encoded
        ("<p>東京</p>".encode("gbk"), "gb2312"),
        ("<p>Zoë</p>".encode("utf-16"), None),  # UTF-16 BOM
        (b"<p>a\x00b\xff</p>", None),  # NUL removed, invalid UTF-8 read as windows-1252
        (b"<p>a\x00b</p>", None),  # NUL removed from the page's own bytes too
    ],
)
def test_decode_html_gives_the_text_and_its_utf8_bytes(data: bytes, charset: str | None) -> None:
    text, utf8 = decode_html(data, charset)
    assert text == decode(data, charset)
    assert utf8 == text.encode("utf-8")


def test_decode_html_keeps_a_utf8_page_s_own_bytes() -> None:
    data = "<p>Zoë</p>".encode() * 1000
    assert decode_html(data)[1] is data  # no copy: the parser reads them as they are


def test_meta_charset_only_in_the_first_kilobytes() -> None:
    late = b"<p>" + b" " * 5000 + b'<meta charset="koi8-r">' + "Мир".encode("koi8-r")
    assert decode(late, None) == late.decode("cp1252")


def test_plain_text_ignores_meta() -> None:
    data = b'<meta charset="koi8-r">' + "Zoë".encode("cp1252")
    assert decode(data, None, html=False).endswith("Zoë")


def test_many_comments_before_the_doctype_are_sniffed_without_backtracking() -> None:
    # a comment pattern that could run past its own `-->` made a failed match retry every way
    # of splitting the comments: exponential in their number (60 would never finish)
    data = b"".join(b"<!-- block %d -- see -->\n" % i for i in range(60)) + b"<!doctype html>"
    assert sniff_kind(data, "text/html") == "html"
    assert sniff_kind(data, "") == "html"
