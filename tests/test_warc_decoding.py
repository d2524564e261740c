"""indexer.warc undoing what a server did to a page: transfer and content encodings, charsets
(headers, BOMs, meta tags, sniffing), on real archives written with warcio in tmp_path."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import brotli
import pytest
from warc_builders import BODY, HTML, Spec, chunked, http, one_page, one_skip, response

# --- transfer and content encodings --------------------------------------------------------------


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
