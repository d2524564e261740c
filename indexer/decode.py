"""Payload bytes → page text: transfer and content encodings, what kind of payload it is, charsets.

No warcio here: `indexer.warc` hands over the stored HTTP body and its headers, and this module
turns them into a `str` the extractor can parse, within fixed memory bounds.

Charset order (what browsers do, made robust against labels that lie): a BOM wins; then strict
UTF-8 (most of the web, and pure ASCII decodes the same under every label we accept); then the
charset of the HTTP header, then the one of `<meta charset>`; and when every one of those fails
strictly, the first declared non-UTF-8 charset with replacement characters, else windows-1252.
"""

from __future__ import annotations

import codecs
import functools
import re
import zlib
from typing import Literal

import brotli

#: Decoded (decompressed) payload bytes kept per record. Content-Encoding output beyond this is
#: dropped, so a gzip or brotli bomb costs at most this much memory. A news page's story sits in
#: the first megabytes, and an HTML parser copes with a cut document, so the page is kept cut
#: ("truncate and keep") rather than skipped.
MAX_DECODED_BYTES = 32 * 1024 * 1024

#: How far into the document `<meta charset>` is looked for. The HTML standard scans 1024 bytes;
#: real pages put the tag after long inline scripts, so we look further.
META_SCAN_BYTES = 4096

#: How many leading bytes decide whether a payload is binary.
SNIFF_BYTES = 4096

Kind = Literal["html", "text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with that one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Labels browsers read differently from Python's codec of the same name (WHATWG Encoding
#: standard): Latin-1 and ASCII pages are really windows-1252, CJK labels mean the vendor
#: supersets.
_BROWSER_LABELS: dict[str, str] = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
}

#: Codecs in which ASCII-looking bytes still mean something else: never try UTF-8 first.
_SEVEN_BIT = ("iso2022", "utf-7", "hz")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

#: Control bytes that never occur in text (the HTML standard's "binary data bytes").
_BINARY_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
#: Share of binary bytes in the sniffed prefix above which a payload is binary. Text has none
#: (a few stray NULs at most); random or compressed data has ~10.5% (27 of 256 byte values).
_BINARY_SHARE = 0.03
#: ... but a handful of stray NULs in a short page is still a page.
_BINARY_FLOOR = 8

#: Signatures of formats that are never a page, whatever the Content-Type says.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip
    b"RIFF",  # webp, wav, avi
    b"OggS",
    b"ID3",
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"\x00\x00\x01\x00",  # ico
    b"BM",
    b"\xd0\xcf\x11\xe0",  # old MS Office
    b"\x7fELF",
    b"MZ",
)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
#: Declared types that say nothing; the bytes decide.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "unknown/unknown", "binary/octet-stream"})

_JSON_START = re.compile(rb'\s*(?:\{\s*"|\[\s*[\[{"\]])')
#: An RSS, Atom or RDF feed (newspaper4k's test data holds one saved as .html: its items read as
#: one long story). XHTML pages open with the same `<?xml …?>` but then `<!DOCTYPE html` or
#: `<html`, which this does not match.
#: An HTML comment that cannot run past its own `-->`: with `<!--.*?-->` inside a repeated group,
#: a failed match retried every way of splitting a run of comments between the iterations (a
#: page opening with 18 comments took 56 ms to sniff, 30 would take minutes).
_COMMENT = rb"<!--(?:[^-]|-(?!->))*-->"
_FEED_START = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:"
    + _COMMENT
    + rb"|<\?xml-stylesheet[^>]*>)\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b"
)
_HTML_START = re.compile(
    rb"\s*(?:" + _COMMENT + rb"\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I
)


class UnsupportedEncodingError(ValueError):
    """A Content-Encoding this module cannot undo (e.g. zstd); the payload is unreadable."""


def mime_type(content_type: str | None) -> str:
    """`text/html` from `text/HTML; charset=utf-8`."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type or "charset" not in content_type.lower():
        return None
    m = _HEADER_CHARSET.search(content_type)
    return m.group(1) if m else None


def dechunk(data: bytes) -> bytes:
    """Undo HTTP chunked transfer encoding.

    Stored bodies are often not chunked after all (crawlers that re-serialise the response keep
    the header): when the first chunk-size line does not parse, the data is returned as is. A body
    cut mid-chunk keeps the chunks read so far.
    """
    parts: list[bytes] = []
    pos = 0
    end = len(data)
    while pos < end:
        eol = data.find(b"\r\n", pos, pos + 1024)
        size_text = data[pos:eol].split(b";", 1)[0].strip() if eol >= 0 else b""
        try:
            size = int(size_text, 16)
        except ValueError:
            size = -1
        if size < 0:
            return data if not parts else b"".join(parts)
        if size == 0:
            break
        start = eol + 2
        parts.append(data[start : start + size])
        pos = start + size + 2  # skip the chunk's trailing CRLF
    return b"".join(parts)


def decompress(data: bytes, content_encoding: str, limit: int = MAX_DECODED_BYTES) -> bytes:
    """Undo Content-Encoding (`gzip`, `deflate`, `br`, or a list of them), keeping at most
    `limit` bytes of output.

    A body that does not decompress from its first byte was stored decoded already (some
    crawlers do that and keep the header): it is returned as is. A stream that breaks half way
    keeps what decoded before the break. Raises UnsupportedEncodingError for codings we lack.
    """
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    for coding in reversed(codings):  # the last coding listed was applied last
        if coding in ("", "identity", "none"):
            continue
        if coding in ("gzip", "x-gzip", "deflate"):
            data = _inflate(data, limit)
        elif coding == "br":
            data = _unbrotli(data, limit)
        else:
            raise UnsupportedEncodingError(f"unsupported Content-Encoding {coding!r}")
    return data


def _inflate(data: bytes, limit: int) -> bytes:
    # wbits 47 accepts both gzip and zlib headers (servers mix them up); -15 is raw deflate,
    # which some servers send as "deflate".
    for wbits in (47, -15):
        out: list[bytes] = []
        size = 0
        rest = data
        try:
            while rest and size < limit:
                d = zlib.decompressobj(wbits)
                chunk = d.decompress(rest, limit - size)
                out.append(chunk)
                size += len(chunk)
                # A body of several gzip members (rare, legal) continues after the first one.
                rest = d.unused_data if d.eof and d.unused_data.startswith(b"\x1f\x8b") else b""
        except zlib.error:
            if size == 0:
                continue  # not this wrapper; try the next, then give up
        return b"".join(out)
    return data


def _unbrotli(data: bytes, limit: int) -> bytes:
    d = brotli.Decompressor()
    try:
        out: bytes = d.process(data, output_buffer_limit=limit)
    except brotli.error:
        return data  # stored decoded already, or broken from the start
    return out[:limit]


def sniff_kind(data: bytes, declared_type: str) -> Kind | None:
    """`html`, `text`, or None for a payload that is not a page (image, PDF, JSON, junk).

    The declared MIME type is believed for what it names, except that bytes which are plainly
    binary are never a page, and a missing or vague type is decided by the bytes alone.
    """
    head = data[:SNIFF_BYTES]
    if _bom_codec(head) is None:
        if head.startswith(_BINARY_MAGIC):
            return None
        binary = len(head) - len(head.translate(None, _BINARY_BYTES))
        if binary > max(len(head) * _BINARY_SHARE, _BINARY_FLOOR):
            return None
    if _JSON_START.match(head):
        return None  # APIs that answer JSON as text/html or text/plain
    if _FEED_START.match(head):
        return None  # RSS/Atom feeds served as text/html: a list of links, not a page
    if declared_type in _HTML_TYPES:
        return "html"
    looks_html = _HTML_START.match(head.removeprefix(codecs.BOM_UTF8)) is not None
    if declared_type in _TEXT_TYPES:
        # Servers that label HTML as text/plain: parse it as the HTML it is.
        return "html" if looks_html else "text"
    if declared_type in _VAGUE_TYPES:
        return "html" if looks_html else "text"
    return None


def decode(data: bytes, declared_charset: str | None = None, *, html: bool = True) -> str:
    """The payload as text: BOM, strict UTF-8, declared charsets, then a lenient fallback.

    `declared_charset` is the HTTP header's; for HTML the `<meta>` declaration is read too.
    NUL characters are removed (they break downstream parsers and never carry text).
    """
    return _decode(data, declared_charset, html)[0]


def decode_html(data: bytes, declared_charset: str | None = None) -> tuple[str, bytes]:
    """An HTML payload as text (as `decode` reads it) and as UTF-8 bytes, the HTML parser's input.

    A page already in UTF-8 (most of the web) keeps its own bytes: handing lexbor a `str` makes
    selectolax encode it again, which cost more than half of the parse (measured on the aed-dev
    pages, 400 kB on average: 1.70 ms a page parsing the `str`, 0.79 ms the bytes).
    """
    text, utf8 = _decode(data, declared_charset, True)
    return text, utf8 if utf8 is not None else text.encode("utf-8")


def _decode(data: bytes, declared_charset: str | None, html: bool) -> tuple[str, bytes | None]:
    """(text without NULs, the same text as UTF-8 bytes when `data` already was UTF-8)."""
    text, utf8 = _read(data, declared_charset, html)
    if "\x00" in text:
        text = text.replace("\x00", "")
        utf8 = utf8.replace(b"\x00", b"") if utf8 is not None else None
    return text, utf8


def _read(data: bytes, declared_charset: str | None, html: bool) -> tuple[str, bytes | None]:
    bom = _bom_codec(data)
    if bom is not None:
        codec, size = bom
        text = data[size:].decode(codec, "replace")
        return text, data[size:] if codec == "utf-8" and "\ufffd" not in text else None
    header = _codec(declared_charset)
    # 7-bit CJK codecs (ISO-2022-JP, HZ) are valid ASCII, so UTF-8 would "succeed" on them and
    # keep their escape sequences; their ESC bytes tell them apart.
    seven_bit = (header or "").startswith(_SEVEN_BIT) or b"\x1b" in data
    if not seven_bit:
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError:
            pass
    declared = [header] if header else []
    meta = _meta_charset(data) if html else None
    if meta and meta not in declared:
        # The header may lie: the page's own declaration is the second opinion.
        declared.append(meta)
    if seven_bit:
        declared.append("utf-8")
    for codec in declared:
        try:
            return data.decode(codec), None
        except UnicodeError:
            continue
    fallback = next((c for c in declared if c not in ("utf-8", "cp1252")), "cp1252")
    return data.decode(fallback, "replace"), None


def _bom_codec(data: bytes) -> tuple[str, int] | None:
    if data[:1] not in (b"\xef", b"\xff", b"\xfe", b"\x00"):
        return None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data, 0, META_SCAN_BYTES)
    return _codec(m.group(1).decode("ascii")) if m else None


@functools.lru_cache(maxsize=256)
def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label as browsers read it; None for unknown labels."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _BROWSER_LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
        # Only codecs that read ASCII as ASCII are page charsets; this also rules out
        # transforms ("rot13", "base64") and Python's "undefined" codec, which always fails.
        if b"<p>".decode(name) != "<p>":
            return None
    except (LookupError, UnicodeError):
        return None
    if name.startswith(("utf-16", "utf-32")):
        # A UTF-16 label on bytes without a BOM is a page that was re-encoded and kept its
        # declaration; browsers read it as UTF-8, and so do we.
        return "utf-8"
    return name
