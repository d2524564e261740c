"""Finding where a record starts: the resync after a damaged record, and byte-range edges.

indexer.warc reads records one after another; after a damaged one (a bad gzip member, a lying
Content-Length, a torn write) reading resumes at the next place a record can be seen to start,
found here by scanning the bytes rather than parsing records. The same scan places the edges of
the byte ranges that several processes share an archive by (`read_archive`'s start and stop),
so that ranges meeting end to end read every record exactly once. No warcio here: regular
expressions over the raw (or decompressed) bytes and, in a gzip file, a trial decompression of
each candidate member.
"""

from __future__ import annotations

import re
import zlib
from typing import IO

from indexer.gzipstream import READ_BLOCK, Gunzipped

#: Longest header line read. warcio reads lines unbounded; a corrupt file without newlines would
#: otherwise be read into memory whole. (indexer.warc caps its reader's lines at it; the scan
#: overlaps its blocks by it.)
MAX_LINE_BYTES = 64 * 1024

_GZIP_MEMBER = b"\x1f\x8b\x08"  # magic + deflate method: where a gzip member can start
#: A WARC version line followed by a header line. No newline is required before it, so a
#: record right after garbage (a bad splice, a torn write) is still found; the header-line
#: lookahead keeps a `WARC/1.0` inside prose from counting.
_WARC_LINE = re.compile(rb"WARC/\d\.\d+\r?\n(?=[A-Za-z][A-Za-z0-9-]*:)")
_ARC_LINE = re.compile(rb"\n(?=\S+ \S+ \d{14} \S* ?\d+\r?\n)")
_ARC_HEAD = re.compile(rb"\S+ \S+ \d{14} ")


def next_boundary(fh: IO[bytes] | Gunzipped, offset: int, kind: str, size: int) -> int:
    """The first record boundary at or after `offset`: 0, a `_resync` find, or `size`.

    `kind` is how the bytes of `fh` are laid out: "gzip" (one gzip member per record), "warc"
    or "arc" (plain, or a whole-file gzip's decompressed stream).
    """
    if offset <= 0:
        return 0
    if offset >= size:
        return size
    found = _resync(fh, offset, kind)
    return size if found is None else found


def _resync(fh: IO[bytes] | Gunzipped, start: int, kind: str) -> int | None:
    """Where the next record after a broken one starts, at or after `start`; None if none.

    In a gzip file that is the next gzip member whose first bytes decompress to a WARC or ARC
    header (the magic bytes alone also occur inside compressed data); in an uncompressed file,
    the next line that is a WARC version line (or, in an ARC file, an ARC record header).
    """
    pattern = _ARC_LINE if kind == "arc" else _WARC_LINE
    # ARC: a record starts after a newline, and the byte before `start` may be it.
    pos = start - 1 if kind == "arc" else start
    while True:
        fh.seek(pos)
        block = fh.read(READ_BLOCK)
        if kind == "gzip":
            found = block.find(_GZIP_MEMBER)
            while found >= 0:
                # (A whole-file gzip's stream is scanned as warc/arc: never a Gunzipped here.)
                if not isinstance(fh, Gunzipped) and _starts_record(fh, pos + found):
                    return pos + found
                found = block.find(_GZIP_MEMBER, found + 1)
        else:
            m = pattern.search(block)
            if m:
                return pos + m.start() + (1 if kind == "arc" else 0)
        if len(block) < READ_BLOCK:
            return None
        # Overlap the blocks so that a header line cut by the block edge is seen whole next time.
        pos += READ_BLOCK - MAX_LINE_BYTES


def _starts_record(fh: IO[bytes], pos: int) -> bool:
    fh.seek(pos)
    try:
        head = zlib.decompressobj(31).decompress(fh.read(64 * 1024), MAX_LINE_BYTES)
    except zlib.error:
        return False
    return head.startswith(b"WARC/") or _ARC_HEAD.match(head) is not None
