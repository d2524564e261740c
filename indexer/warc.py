"""Reading web archives: WARC 1.0/1.1, ARC and WET files, gzipped or not → Page and Skip records.

This is the only module that imports warcio. warcio splits the file into records and parses the
WARC/ARC and HTTP headers; everything warcio would do loosely for replay tools is tightened here
for bulk ingest:

- A damaged record (bad gzip member, wrong Content-Length, garbled header, cut-off file) becomes
  one `Skip(reason="broken")` with its byte offset, and reading resumes at the next record that
  can be found (indexer.resync). Nothing warcio or zlib raises escapes `read_archive`, and
  nothing is printed (warcio writes some warnings to stderr; those paths raise instead).
- Memory is bounded per record: at most MAX_STORED_BYTES of a payload are read, and
  `indexer.decode` keeps at most MAX_DECODED_BYTES after Content-Encoding. Bigger pages are cut
  and kept (see indexer.decode.MAX_DECODED_BYTES for why), header lines are capped.
- Content-Encoding and chunking are undone by `indexer.decode`, not warcio's `content_stream()`:
  that one prints errors to stderr and decompresses brotli without an output bound.
- A whole-file gzip (a plain WARC/ARC run through `gzip`, several records per gzip member) is
  read as one decompressed stream (indexer.gzipstream), which warcio refuses; its record
  offsets are offsets in that stream. A damaged record in it is resynced past as in a plain
  file; damaged gzip data ends it (one broken Skip). `read_raw_record` tells the two gzip
  layouts apart itself, and `is_whole_gzip` lets a caller that splits files into byte ranges
  plan one range for it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
import sys
import uuid
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.limitreader import LimitReader
from warcio.recordloader import ARC2WARCHeadersParser, ArcWarcRecordLoader

from indexer import decode
from indexer.errors import ArchiveError
from indexer.gzipstream import Gunzipped, one_line
from indexer.records import Page, Skip
from indexer.resync import MAX_LINE_BYTES, next_boundary

#: Stored payload bytes read per record (the HTTP body as archived, before Content-Encoding).
#: Larger payloads are cut here and kept; the rest of the record is skipped over unread.
MAX_STORED_BYTES = 16 * 1024 * 1024
#: Decoded payload bytes kept per record after Content-Encoding (the gzip-bomb bound).
MAX_DECODED_BYTES = decode.MAX_DECODED_BYTES

_GZIP_MAGIC = b"\x1f\x8b"

# warcio logs a warning for every target URI with a space. Without a handler anywhere, Python's
# last-resort handler would print it to stderr; the library does not print. Applications that
# configure logging still receive the records.
logging.getLogger("warcio").addHandler(logging.NullHandler())


class _BrokenRecordError(Exception):
    """A record whose framing is damaged (raised inside the warcio subclasses below)."""


class _SingleMemberGzipError(Exception):
    """A gzip member holding several records, met after members holding one each.

    A whole-file gzip is told apart by its first member and read as one stream; this is the
    mixed case (say, a warcinfo member followed by a whole-file gzip of the rest).
    """


def read_archive(path: str, *, start: int = 0, stop: int | None = None) -> Iterator[Page | Skip]:
    """One Page or Skip per capture record of the archive at `path`, in file order.

    `response`, `resource` and `conversion` records become Pages (or Skips saying why not);
    `revisit` records are Skip("revisit"); request, metadata and warcinfo records are passed
    over. Raises ArchiveError now if `path` cannot be opened; once reading, a damaged file only
    ever produces Skip(reason="broken") records.

    `start` and `stop` read one byte range of the file, so that several processes can share a
    big archive: the records whose offset is in [start, stop). Precisely, reading begins at the
    first record boundary at or after `start` and ends at the first one at or after `stop`,
    where a boundary is what the resync after damage looks for (a gzip member that opens with
    a WARC/ARC header, or a `WARC/1.x` / ARC header line). Ranges that meet end to end
    therefore read every record of the file exactly once, damaged ones included. (In an
    uncompressed WARC, a payload holding a `WARC/1.x` line of its own is a false boundary that
    a range may start at; gzip archives, the usual form, have no such case.)

    A whole-file gzip has no boundary but 0 (its one gzip member cannot be entered midway): the
    range that starts at 0 reads all of it, whatever its `stop`, and every other range reads
    nothing. Its records' offsets are offsets in the decompressed stream.
    """
    if start < 0 or (stop is not None and stop < start):
        raise ValueError(f"bad byte range [{start}, {stop}) of {path}")
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise ArchiveError(f"{path}: cannot open archive ({e.strerror})") from e
    return _read(path, start, stop)


def read_raw_record(path: str, offset: int) -> bytes:
    """The page bytes of the record at `offset`: its payload with transfer and content
    encodings undone (at most MAX_DECODED_BYTES), for `morgue show --raw`."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the iterator is done with it
    except FileNotFoundError as e:
        raise ArchiveError(
            f"{path}: archive not found; it has moved since it was indexed "
            "(index it again from its new place)"
        ) from e
    except OSError as e:
        raise ArchiveError(f"{path}: cannot open archive ({e.strerror})") from e
    with fh:
        size = os.fstat(fh.fileno()).st_size
        source: IO[bytes] | Gunzipped = fh
        if _is_gzip_stream(fh):
            # The offset is in the decompressed stream: decompress up to it (bounded memory).
            source = Gunzipped(fh)
            source.skip_to(offset)
            if offset < 0 or source.tell() != offset or source.error is not None:
                raise ArchiveError(
                    f"{path}: offset {offset} is outside the decompressed archive "
                    f"({source.tell()} bytes readable); index it again"
                )
        elif not 0 <= offset < size:
            raise ArchiveError(f"{path}: offset {offset} is outside the file ({size} bytes)")
        else:
            fh.seek(offset)
        try:
            record = next(iter(_RecordIterator(source, gzip=source is fh)))
            data = _payload(record, record.http_headers)[0]
        except Exception as e:  # warcio and zlib raise anything on a bad offset
            raise ArchiveError(f"{path}: no readable record at offset {offset} ({e})") from e
    return data


def _read(path: str, start: int, stop: int | None) -> Iterator[Page | Skip]:
    with open(path, "rb") as fh:
        head = fh.read(16)
        size = os.fstat(fh.fileno()).st_size
        kind = "gzip" if head.startswith(_GZIP_MAGIC) else "arc" if head[:1] == b"f" else "warc"
        source: IO[bytes] | Gunzipped = fh
        if kind == "gzip" and _is_gzip_stream(fh):
            if start != 0 or stop == 0:
                return  # only the range that starts at 0 reads a whole-file gzip
            # Read as a plain archive: the decompressed stream, to its end (its size is only
            # known once it has all been decompressed).
            source = Gunzipped(fh)
            kind = "arc" if source.read(1) == b"f" else "warc"
            source.seek(0)
            size, stop = sys.maxsize, None
        yield from _read_records(source, path, kind, start, stop, size)


def _read_records(
    fh: IO[bytes] | Gunzipped, path: str, kind: str, start: int, stop: int | None, size: int
) -> Iterator[Page | Skip]:
    """The records from the boundary at `start` to the one at `stop`, resyncing after damage.

    In a whole-file gzip (`fh` a Gunzipped), a damaged record is resynced past as in a plain
    file, but damaged gzip data ends the reading (with one broken Skip, for the record it cuts):
    deflate data cannot be entered midway, and the decompressed offset of anything after lost
    bytes is unknown.
    """
    stream = fh if isinstance(fh, Gunzipped) else None
    resume = next_boundary(fh, start, kind, size)
    end = size if stop is None else next_boundary(fh, stop, kind, size)
    while resume < end:
        fh.seek(resume)
        iterator = _RecordIterator(fh, gzip=stream is None)
        # Offset of the record being read; it is the one to blame for any exception below.
        at = record_at = resume
        resume = end  # unless a resync below finds more to read
        try:
            for record in iterator:
                at = record_at = iterator.offset
                if at >= end:
                    break  # the next range's first record
                _check_headers(record)
                item = _to_item(record, path, at)
                iterator.read_to_end()  # reads the rest; raises if the framing is broken
                _check_complete(iterator, record)
                at = iterator.offset  # the next record's, until it parses
                if item is not None:
                    yield item
                if iterator.reader.decompressor is not None and iterator.next_line:
                    # The member goes on with another record: warcio would read it on
                    # with offsets that mix compressed and decompressed positions.
                    raise _SingleMemberGzipError
            else:
                # warcio ends quietly on a record cut inside its headers: look for leftovers.
                at = iterator.offset
                if stream is not None and stream.error is not None:
                    raise _BrokenRecordError(stream.error)  # damage after a record's end
                if at < end and _has_data(fh, at):
                    raise _BrokenRecordError("file ends inside a record")
        except _SingleMemberGzipError:
            # A gzip member holding several records after ones holding one each (say, a
            # warcinfo member followed by a whole-file gzip): its first record was read, the
            # rest of it cannot be given offsets here. Counted, and reading goes on.
            yield Skip(
                reason="broken",
                warc_file=path,
                warc_offset=record_at,
                detail="gzip member holds several records, only its first was read; "
                f"fix with: warcio recompress {path} FIXED.warc.gz",
            )
            resume = next_boundary(fh, record_at + 1, kind, size)
        except Exception as e:  # the per-record boundary: anything here is one broken record
            if at < end:  # else it is the next range's to report
                resume = next_boundary(fh, at + 1, kind, size)
                # No record found after this one before damaged gzip data: the damage is what
                # broke it (the record is cut there), and it ends the reading.
                gzip_error = stream.error if stream is not None and resume >= end else None
                detail = gzip_error or one_line(e)
                yield Skip(reason="broken", warc_file=path, warc_offset=at, detail=detail)


def is_whole_gzip(path: str) -> bool:
    """Whether the archive at `path` is a whole-file gzip, read as one stream by the byte range
    that starts at 0 (see `read_archive`); False also when it cannot be read (reading it says
    why)."""
    try:
        with open(path, "rb") as fh:
            return _is_gzip_stream(fh)
    except OSError:
        return False


def _is_gzip_stream(fh: IO[bytes]) -> bool:
    """Whether `fh` is a whole-file gzip: its first gzip member goes on after its first record.

    An archive written for replay has one member per record (WARC 1.1 annex D) and is read
    member by member; a whole-file gzip is decompressed as one stream. A first record too
    damaged to tell counts as member by member (the resync after damage works there).
    """
    fh.seek(0)
    if fh.read(2) != _GZIP_MAGIC:
        return False
    fh.seek(0)
    iterator = _RecordIterator(fh)
    try:
        for _record in iterator:
            iterator.read_to_end()
            break
        else:
            return False  # no record at all
    except Exception:  # a damaged first record: left to _read's resync
        return False
    # A first member cut before the next record begins cannot be told from a cut one-record
    # member: it is read member by member (its record reported broken, at offset 0 either way).
    return iterator.reader.decompressor is not None and bool(iterator.next_line)


def _has_data(fh: IO[bytes] | Gunzipped, offset: int) -> bool:
    """Whether anything but whitespace follows `offset` (blank lines may close a file)."""
    fh.seek(offset)
    return bool(fh.read(4096).strip())


#: Record types that are not captures: passed over without a count (issue 2 §2).
_NOT_CAPTURES = frozenset({"warcinfo", "request", "metadata", "continuation"})
#: URI schemes of crawler bookkeeping records stored as `response`: not pages, not counted.
_CRAWLER_SCHEMES = ("dns:", "whois:")


def _to_item(record: Any, path: str, offset: int) -> Page | Skip | None:
    """The Page or Skip for one parsed record; None for record types that are not captures."""
    rec_type = record.rec_type
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    if rec_type not in ("response", "resource", "conversion", "revisit"):
        if rec_type in _NOT_CAPTURES:
            return None
        # A type no WARC version defines is a damaged header (or a tool's private record):
        # counted, so a flipped byte in WARC-Type never loses a page silently.
        return Skip(
            reason="unknown-type",
            warc_file=path,
            warc_offset=offset,
            detail=repr(rec_type)[:40],
            url=url,
        )
    if rec_type == "revisit":
        profile = (headers.get_header("WARC-Profile") or "").rstrip("/").rsplit("/", 1)[-1]
        return Skip(reason="revisit", warc_file=path, warc_offset=offset, detail=profile, url=url)

    def skip(reason: str, detail: str = "") -> Skip:
        return Skip(reason=reason, warc_file=path, warc_offset=offset, detail=detail, url=url)

    http = None
    if rec_type == "response":
        if not url.startswith(("http:", "https:")):
            if url.startswith(_CRAWLER_SCHEMES):
                return None  # a crawler's DNS or whois lookup (one per host in Heritrix ARCs)
            # Any other scheme (ftp listings, or a damaged `hxtp:`) is counted, so a flipped
            # byte in the URI never loses a page silently.
            return skip("not-http", url.split(":", 1)[0][:20])
        http = record.http_headers
        if http is None:
            return skip("empty")
        status = http.get_statuscode()
        if not status.isdigit():
            return skip("broken", f"bad HTTP status line {http.statusline[:40]!r}")
        if status[0] == "3":
            location = http.get_header("Location") or ""
            return skip("redirect", f"{status} {location}".strip())
        if status != "200":
            return skip("http-status", status)
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    captured_at = _iso_utc(headers.get_header("WARC-Date") or "")
    if captured_at is None:
        return skip("broken", f"bad WARC-Date {headers.get_header('WARC-Date')!r}")

    try:
        data, stored = _payload(record, http)
    except decode.UnsupportedEncodingError as e:
        return skip("not-html", str(e))
    if not data or data.isspace():
        return skip("empty")
    mime = decode.mime_type(content_type)
    kind = "text" if rec_type == "conversion" else decode.sniff_kind(data, mime)
    if kind is None:
        return skip("not-html", mime or "binary")
    charset = decode.header_charset(content_type)
    utf8 = None
    if kind == "html":
        text, utf8 = decode.decode_html(data, charset)
    else:
        text = decode.decode(data, charset, html=False)
    digest = headers.get_header("WARC-Payload-Digest")
    if digest is None and rec_type != "response":
        digest = headers.get_header("WARC-Block-Digest")  # no HTTP headers: block = payload
    if digest is None:
        digest = "sha1:" + base64.b32encode(hashlib.sha1(stored).digest()).decode("ascii")
    return Page(
        url=url,
        captured_at=captured_at,
        warc_file=path,
        warc_offset=offset,
        warc_record_id=headers.get_header("WARC-Record-ID") or "",
        html=text if kind == "html" else None,
        html_utf8=utf8,
        text=text if kind == "text" else None,
        content_type=mime,
        payload_digest=digest,
    )


def _payload(record: Any, http: Any) -> tuple[bytes, bytes]:
    """(decoded page bytes, stored payload bytes) of a record, both bounded."""
    stored: bytes = record.raw_stream.read(MAX_STORED_BYTES)
    data = stored
    if http is not None:
        if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
            data = decode.dechunk(data)
        encoding = http.get_header("Content-Encoding")
        if encoding:
            data = decode.decompress(data, encoding, MAX_DECODED_BYTES)
    return data, stored


def _check_headers(record: Any) -> None:
    """Raise when mandatory WARC headers are missing or garbled (a cut or damaged header block)."""
    if not record.rec_type:
        raise _BrokenRecordError("record has no WARC-Type")
    length = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():
        raise _BrokenRecordError(f"record has a bad Content-Length {length!r}")


def _check_complete(iterator: _RecordIterator, record: Any) -> None:
    """Raise when the record ended before its Content-Length or its gzip member was cut off."""
    stream = record.raw_stream
    if isinstance(stream, LimitReader) and stream.limit > 0:
        raise _BrokenRecordError(f"record ends {stream.limit} bytes short of its Content-Length")
    decompressor = iterator.reader.decompressor
    if decompressor is not None and not decompressor.eof and not iterator.next_line:
        raise _BrokenRecordError("gzip member is cut off")


def _iso_utc(value: str) -> str | None:
    """A WARC-Date (or ARC 14-digit timestamp) as ISO 8601 UTC with a trailing Z."""
    value = value.strip()
    try:
        if value.isdigit() and len(value) == 14:
            when = dt.datetime.strptime(value, "%Y%m%d%H%M%S")
        else:
            when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class _QuietReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's gzip-or-plain reader with bounded lines, raising where warcio prints."""

    decompressor: Any  # a zlib decompress object while reading gzip, else None

    def __init__(self, stream: IO[bytes] | Gunzipped, *, gzip: bool = True) -> None:
        # gzip=False: a stream already decompressed (a whole-file gzip), read as plain.
        super().__init__(stream, decomp_type="gzip" if gzip else None)
        self._seen_gzip = False

    def readline(self, length: int | None = None) -> bytes:
        if length is None or length > MAX_LINE_BYTES:
            length = MAX_LINE_BYTES
        line: bytes = super().readline(length)
        return line

    def _decompress(self, data: bytes) -> bytes:
        if not self.decompressor or not data:
            return data
        try:
            out: bytes = self.decompressor.decompress(data)
        except zlib.error as e:
            # At the start of a plain (uncompressed) file this is expected: read it as is.
            # Anywhere else it is a damaged gzip member (warcio prints and returns nothing).
            if self._seen_gzip or self.num_block_read:
                raise _BrokenRecordError(f"damaged gzip data ({e})") from e
            self.decompressor = None
            return data
        self._seen_gzip = True
        return out


class _ArcHeaders(ARC2WARCHeadersParser):  # type: ignore[misc]
    """ARC → WARC headers with a stable WARC-Record-ID (warcio makes a random one per read)."""

    def _get_protocol_and_headers(self, headerline: str, parts: list[str]) -> Any:
        protocol, headers = super()._get_protocol_and_headers(headerline, parts)
        stable = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, headerline)}>"
        headers = [
            ("WARC-Record-ID", stable) if k == "WARC-Record-ID" else (k, v) for k, v in headers
        ]
        return protocol, headers


class _Loader(ArcWarcRecordLoader):  # type: ignore[misc]
    """warcio's record parser, with ARC record ids made stable and cut HTTP headers reported.

    warcio raises EOFError for a record that ends before its HTTP headers, and its iterator
    takes any EOFError for the end of the file (or, in a gzip file, moves on to the next member
    without a word): that record would vanish from the account.
    """

    def __init__(self) -> None:
        super().__init__(verify_http=False, arc2warc=True)
        self.arc_parser = _ArcHeaders()

    def load_http_headers(self, rec_type: str, uri: str, stream: Any, length: Any) -> Any:
        try:
            return super().load_http_headers(rec_type, uri, stream, length)
        except EOFError as e:
            raise _BrokenRecordError("record ends before its HTTP headers") from e


class _RecordIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's ArchiveIterator reading ARC as WARC, raising instead of printing warnings.

    `offset` is the byte offset of the record being read (valid until `read_to_end`).
    """

    def __init__(self, fh: IO[bytes] | Gunzipped, *, gzip: bool = True) -> None:
        super().__init__(fh, arc2warc=True)
        self.reader = _QuietReader(self.fh, gzip=gzip)
        self.loader = _Loader()

    def _next_record(self, next_line: bytes | None) -> Any:
        try:
            return super()._next_record(next_line)
        except EOFError:
            # An empty gzip member: warcio moves on to the next one without counting this one's
            # bytes, which would shift the offset of every record after it.
            decompressor = self.reader.decompressor
            if decompressor is not None and decompressor.eof:
                self.offset = self.fh.tell() - self.reader.rem_length()
            raise

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        # A record ends with blank lines (two CRLFs in WARC, one LF in ARC). Anything else right
        # after the Content-Length bytes means that length was wrong; warcio prints a warning
        # and reads on from the wrong place, we call the record broken.
        size = 0
        while True:
            line: bytes = self.reader.readline()
            if not line:
                return None, size
            if line.strip():
                if size == 0:
                    raise _BrokenRecordError("record does not end where its Content-Length says")
                return line, size
            size += len(line)
