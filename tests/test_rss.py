"""indexer.rss: what keeps `morgue index`'s resident memory bounded (issue 6), on real pages
of a real tantivy index and on glibc's real heap, in this or a fresh process."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest
import tantivy
from test_writer import make_story, stored_stories

from indexer import schema
from indexer.rss import PageTrimmer
from indexer.writer import StoryWriter

LINUX = sys.platform.startswith("linux")


@pytest.mark.skipif(not LINUX, reason="MADV_PAGEOUT is Linux's")
def test_index_pages_mapped_by_a_reader_are_dropped_from_rss(tmp_path: Path) -> None:
    # The writer's trimmer runs in a thread; here its one pass is run by hand, on the pages a
    # searcher in this process has mapped while reading every stored story.
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add_batch([make_story(n, body="word " * 2000) for n in range(300)])
    assert len(stored_stories(tmp_path / "idx")) == 300
    # Pages of files written a moment ago may still be dirty, and MADV_PAGEOUT only starts the
    # write-back of a dirty page, leaving it resident: written back first, every mapped page
    # can go. (The test failed once in about ten runs of the whole suite, just after the tests
    # before it had written many indexes; dirty pages are the likely cause, not a proven one.)
    os.sync()
    searcher = schema.open_index(tmp_path / "idx").searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=300).hits
    for _score, address in hits:
        searcher.doc(address)
    before = mapped_rss(tmp_path / "idx")
    assert before > 0
    trimmer = PageTrimmer(tmp_path / "idx")
    try:  # its polling thread must not outlive the test
        if not trimmer.trim():
            pytest.skip("this kernel has no MADV_PAGEOUT (Linux < 5.4)")
        assert mapped_rss(tmp_path / "idx") < before
    finally:
        trimmer.close()
    searcher.doc(hits[0][1])  # and the index reads on as before


def mapped_rss(directory: Path) -> int:
    """KB of this process's RSS in mappings of files under `directory` (/proc/self/smaps)."""
    prefix = str(directory.resolve()) + "/"
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if "-" in fields[0] and not fields[0].endswith(":"):  # a mapping's header line
            inside = len(fields) >= 6 and fields[5].startswith(prefix)
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


#: Run in a fresh process (the heap's state is process-wide): free an mmap'd 8 MiB block, which
#: raises glibc's mmap threshold to 8 MiB, then allocate 64 touched 1 MiB blocks, each held in
#: place by a 256 KiB block after it (as tantivy's arena pages are by everything else), free
#: them, and print how many MiB of them left RSS.
_HEAP_CHURN = """
import sys
from indexer.rss import return_freed_heap

def anon_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon:"))

big = bytes(8 << 20)
del big
if sys.argv[1] == "pinned" and not return_freed_heap():
    sys.exit("no mallopt")
blocks, pins = [], []
for _ in range(64):
    blocks.append(bytearray(1 << 20))
    pins.append(bytearray(256 << 10))
held = anon_kib()
del blocks
print((held - anon_kib()) // 1024)
"""


def _returned_mib(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _HEAP_CHURN, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(
    not LINUX or platform.libc_ver()[0] != "glibc", reason="the mmap threshold is glibc's"
)
def test_freed_arena_sized_blocks_leave_rss_once_the_threshold_is_pinned() -> None:
    unpinned = _returned_mib("default")
    if unpinned > 32:
        pytest.skip(f"this glibc gave back {unpinned} of 64 freed MiB unasked")
    assert _returned_mib("pinned") > 56, f"unpinned: {unpinned} of 64 MiB given back"
