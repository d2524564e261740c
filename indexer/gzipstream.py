"""Reading inside a whole-file gzip: its decompressed bytes as one plain, seekable file.

A plain WARC/ARC run through `gzip` has several records per gzip member (not the one member per
record of WARC 1.1 annex D), so it cannot be read member by member, and warcio refuses it
("non-chunked gzip file detected"). indexer.warc reads it through `Gunzipped` as if it were the
plain file: record offsets are offsets in the decompressed stream (those of the same records in
the plain file). This is apart from warc.py because it knows nothing of records: it is a file
view in bounded memory (a window of recent bytes to go back into, damage kept as a message
rather than raised), read like any file by warcio and by the resync scan (indexer.resync).
"""

from __future__ import annotations

import gzip
import zlib
from typing import IO

#: Most bytes one `Gunzipped.read` returns. The resync scan (indexer.resync) takes a block shorter
#: than it asked for as the end of the stream, so its blocks are this size, never larger.
READ_BLOCK = 1024 * 1024
#: Decompressed bytes of a whole-file gzip kept for going back (a resync's start is the damaged
#: record's, behind the reader): further back means decompressing from the start again.
_HISTORY = 4 * READ_BLOCK


def one_line(error: BaseException) -> str:
    """An exception's message on one line of at most 200 characters (a broken Skip's detail)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]


class Gunzipped:
    """The decompressed bytes of a gzip file (all its members), as a plain file for warcio.

    Damage (a cut-off file, bad deflate data, a bad CRC, garbage after the last member) ends
    the stream and is kept in `error`: raising it would not do, since warcio takes EOFError
    for the end of the archive and would end it quietly. Every byte decompressed before the
    damage is still returned.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        fh.seek(0)
        self._gz = gzip.GzipFile(fileobj=fh, mode="rb")
        self.error: str | None = None
        # The last bytes taken from the decompressor (at most _HISTORY, starting at offset
        # `_history_at`), and the part of them a seek back has put up for reading again: a
        # resync steps back to the record after the damaged one's start, usually close by.
        self._history = bytearray()
        self._history_at = 0
        self._pending = b""

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (at most READ_BLOCK), fewer only at the end or the damage."""
        size = size if 0 <= size <= READ_BLOCK else READ_BLOCK
        chunks = [self._pending[:size]]
        self._pending = self._pending[size:]
        wanted = size - len(chunks[0])
        fresh: list[bytes] = []
        while wanted > 0 and self.error is None:
            try:
                chunk: bytes = self._gz.read1(wanted)
            except EOFError:
                self.error = (
                    f"gzip data is cut off at byte {self.tell()} of the decompressed archive"
                )
            except (OSError, zlib.error) as e:
                self.error = f"damaged gzip data after byte {self.tell()} ({one_line(e)})"
            else:
                if not chunk:
                    break
                fresh.append(chunk)
                wanted -= len(chunk)
        if fresh:
            data = b"".join(fresh)
            chunks.append(data)
            # Always contiguous: the history ends where the decompressor is (`start`).
            self._history += data
            excess = len(self._history) - _HISTORY
            if excess > 0:
                del self._history[:excess]  # cheap: CPython moves the bytearray's start
                self._history_at += excess
        return b"".join(chunks)

    def tell(self) -> int:
        return self._gz.tell() - len(self._pending)

    def seek(self, offset: int) -> None:
        """Go to `offset` of the decompressed stream (or the end of what can be read).

        Going back further than the history decompresses the file again from its start; only a
        resync after a damaged record bigger than _HISTORY does that.
        """
        start = self._history_at
        if start <= offset <= start + len(self._history):
            self._pending = bytes(self._history[offset - start :])
            return
        if offset < self.tell():
            self._fh.seek(0)
            self._gz = gzip.GzipFile(fileobj=self._fh, mode="rb")
            self.error, self._pending = None, b""
            self._history, self._history_at = bytearray(), 0
        self.skip_to(offset)

    def skip_to(self, offset: int) -> None:
        """Read and drop bytes up to `offset` (or the end of what can be read)."""
        while self.tell() < offset and self.read(min(READ_BLOCK, offset - self.tell())):
            pass
