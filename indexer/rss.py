"""Keeping the indexing process's resident memory bounded by its settings, not the collection.

Issue 6 asks that the peak RSS of `morgue index` be the same at 20,000 and 200,000 pages. Two
things made it grow with the collection, both outside Python's reach unless asked for here:

* tantivy's merges read whole segments through mmap, and those pages count in RSS:
  `PageTrimmer` hands them back to the kernel while the writer is open;
* glibc kept the heap that tantivy's indexing arena freed at each commit (its mmap threshold
  rises to the size of every mmap'd block freed, after which the arena's 1 MiB pages come from
  the heap and stay resident): `return_freed_heap` pins that threshold.

Used by `writer.StoryWriter` while it is open. Linux (and glibc) only; elsewhere they do nothing.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

#: `PageTrimmer`: every TRIM_POLL_SECONDS it reads this process's mapped file pages (cheap:
#: /proc/self/statm), and once they have grown by TRIM_ABOVE_BYTES it drops the index's.
#: The process's file-backed RSS then peaks at its resting level (libraries, hot lookup pages)
#: plus TRIM_ABOVE_BYTES plus what a merge reads (fast: a copy) before the thread gets to run.
#: At 200,000 bench pages (bench/ingest.py --rss-pages) on a loaded 2-core box the largest
#: RssFile sampled was 415 MB untrimmed, 72-103 MB at 32 MB / 20 ms, 38-48 MB at 8 MB / 5 ms
#: with the timed trim below (no better at 4 MB / 2 ms: a merge copies faster than any poll).
#: A poll costs one pread.
TRIM_POLL_SECONDS = 0.005
TRIM_ABOVE_BYTES = 8_000_000
#: ... and at least this often: a trim that ran while a merge was still reading leaves the
#: level it measured after itself (the floor) too high, and RssFile sat at 50 MB for seconds
#: while anonymous memory peaked beside it. A pass over the maps costs ~2 ms, so this is
#: ~0.2 % of a core, plus re-reading the pages the id lookups keep hot from the page cache.
TRIM_EVERY_SECONDS = 1.0
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
    past a threshold (and once a second, TRIM_EVERY_SECONDS), not at every poll, keeps the
    hot pages of the id lookups mapped between merges (a pass over the maps costs ~2 ms).
    Linux only; elsewhere, or on a kernel without MADV_PAGEOUT, it does nothing.
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
            last = time.monotonic()
            while not self._stop.wait(TRIM_POLL_SECONDS):
                mapped = _mapped_bytes(statm)
                floor = min(floor, mapped)  # segments dropped: their pages went with them
                now = time.monotonic()
                if mapped - floor > TRIM_ABOVE_BYTES or now - last > TRIM_EVERY_SECONDS:
                    if not self.trim():
                        return
                    floor, last = _mapped_bytes(statm), now  # what stays: libraries, hot pages
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


#: Blocks of at least this size get an mmap of their own, given back to the system when freed:
#: tantivy's arena pages (1 MiB) and hash tables, not the smaller blocks of an HTML parse.
HEAP_MMAP_THRESHOLD = 512 << 10
#: Free heap kept at its top before it is given back. Pinning the mmap threshold also stops
#: glibc raising this one with it (to twice the threshold), which leaves it at 128 KiB, where
#: each small dip of the heap is a brk() pair; this keeps a few MiB. With both settings
#: `morgue index --jobs 1` used 34.75 CPU s against 34.45 s without either (bench's 20,000
#: pages, median of 3 interleaved runs): no cost beyond the runs' spread.
HEAP_TRIM_THRESHOLD = 4 << 20
_M_TRIM_THRESHOLD = -1  # <malloc.h>
_M_MMAP_THRESHOLD = -3


def return_freed_heap() -> bool:
    """Make big freed blocks go back to the system at once, for the rest of this process.

    glibc's mmap threshold starts at 128 KiB and rises to the size of each mmap'd block that
    is freed (up to 32 MiB). After tantivy's first commit its 1 MiB arena pages therefore come
    from the heap, and the heap keeps them when the next commit frees them: RssAnon of a
    `morgue index --jobs 2` main process crept from 76 MB after the first commit to 101 MB by
    200,000 bench pages. A fixed threshold (which also switches the rising off) keeps it at
    the first commit's level plus what a merge holds: 88-96 MB in eight runs. False where
    there is no glibc `mallopt` (musl, macOS, Windows), which changes nothing.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(
        mallopt(_M_MMAP_THRESHOLD, HEAP_MMAP_THRESHOLD)
        and mallopt(_M_TRIM_THRESHOLD, HEAP_TRIM_THRESHOLD)
    )


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
