"""Keeping the index pages tantivy has mmap'd out of the indexing process's RSS.

Used by `writer.StoryWriter` while it is open (issue 6: peak RSS of `morgue index` bounded by
its settings, not by the collection). Linux only; elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import threading
from pathlib import Path
from typing import Any

#: `PageTrimmer`: every TRIM_POLL_SECONDS it reads this process's mapped file pages (cheap:
#: /proc/self/statm), and once they have grown by TRIM_ABOVE_BYTES it drops the index's.
#: The process's file-backed RSS then peaks at its resting level (libraries, hot lookup pages)
#: plus TRIM_ABOVE_BYTES plus what a merge reads (fast: a copy) before the thread gets to run:
#: 69-116 MB at 200,000 bench pages on a loaded 2-core box, against 415 MB untrimmed.
TRIM_POLL_SECONDS = 0.02
TRIM_ABOVE_BYTES = 32_000_000
_MADV_PAGEOUT = 21  # <linux/mman.h>, Linux ≥ 5.4


class PageTrimmer:
    """Keeps the pages of index files that tantivy has mmap'd out of this process's RSS.

    tantivy reads segments through mmap, and a page once read counts in RSS (as RssFile) until
    its segment is dropped. A merge reads all of its input segments, and with tantivy's log
    merge policy (tantivy-py cannot change it) the biggest merge grows with the collection:
    one late in a 200,000-page ingest put 415 MB of index pages into RSS while anonymous
    memory stayed at 160 MB (measured on bench/ingest.py's archive). Those pages are only
    page cache, but peak RSS is what the user sees. So a thread hands them back with
    madvise(MADV_PAGEOUT) whenever they have grown by TRIM_ABOVE_BYTES. That only ever costs
    a re-read from disk: unlike MADV_DONTNEED it is a hint, harmless even on a range tantivy
    unmapped (and the allocator reused) between our reading /proc/self/maps and the call, and
    it leaves alone the pages another process (a `morgue search`) has mapped too. Trimming
    only past a threshold keeps the hot pages of the id lookups mapped between merges (a
    pass over the maps costs ~2 ms). Linux only; elsewhere, or on a kernel without
    MADV_PAGEOUT, it does nothing.
    """

    def __init__(self, directory: Path) -> None:
        self._prefix = os.fsencode(os.path.realpath(directory)) + b"/"
        self._stop = threading.Event()
        self._madvise = _madvise()
        self._thread: threading.Thread | None = None
        if self._madvise is not None:
            self._thread = threading.Thread(target=self._run, name="morgue-trim", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            statm = os.open("/proc/self/statm", os.O_RDONLY)
        except OSError:
            return
        try:
            floor = _mapped_bytes(statm)
            while not self._stop.wait(TRIM_POLL_SECONDS):
                mapped = _mapped_bytes(statm)
                floor = min(floor, mapped)  # segments dropped: their pages went with them
                if mapped - floor > TRIM_ABOVE_BYTES:
                    if not self.trim():
                        return
                    floor = _mapped_bytes(statm)  # what stays: libraries, shared pages
        finally:
            os.close(statm)

    def trim(self) -> bool:
        """Drop the mapped index pages now; False when this system cannot (stop trying)."""
        if self._madvise is None:
            return False
        try:
            with open("/proc/self/maps", "rb") as f:
                lines = f.read().splitlines()
        except OSError:
            return False
        for line in lines:
            fields = line.split(None, 5)
            if len(fields) < 6 or not fields[5].startswith(self._prefix):
                continue
            low, high = (int(x, 16) for x in fields[0].split(b"-"))
            failed = self._madvise(low, high - low, _MADV_PAGEOUT) != 0
            # EINVAL: no MADV_PAGEOUT in this kernel. (ENOMEM: unmapped since we read the maps.)
            if failed and ctypes.get_errno() == errno.EINVAL:
                return False
        return True

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()


def _mapped_bytes(statm: int) -> int:
    """This process's resident file-backed (and shared) memory, RssFile + RssShmem, from an
    open /proc/self/statm (read again from its start: one syscall a poll)."""
    try:
        return int(os.pread(statm, 256, 0).split()[2]) * _PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _madvise() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        madvise = libc.madvise
    except (OSError, AttributeError):
        return None
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    madvise.restype = ctypes.c_int
    return madvise
