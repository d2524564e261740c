#!/usr/bin/env python3
"""Extraction speed: morgue's extractor against trafilatura on the same pages, one core.

    python bench/extraction.py                 # the shared eval sets if present, else sample_warcs/
    python bench/extraction.py --quick         # 40 pages per set, a short run
    python bench/extraction.py some.warc.gz …  # any archives

Table 1 times extraction only: every page is read and decoded first (indexer.warc), so both
extractors get the same page already in memory; morgue runs `indexer.extract.extract_page` (its
parser reads the page's UTF-8 bytes, `Page.html_utf8`, as the reader kept them), trafilatura runs
`trafilatura.extract` with its defaults on the decoded text (`Page.html`). Given those UTF-8
bytes instead, trafilatura first guesses their charset and decodes them itself: measured on 80
aed-dev pages, 27.4–27.8 ms a page for the bytes against 27.1–27.4 for the text, so the text is
its fair (if anything, cheaper) input. Table 2 times the whole `morgue
extract` pipeline, archive file to JSON Lines (`extract_stories` + orjson into a null sink).

Each figure is the median of 3 timed runs after one warm-up run, in one process pinned to one
CPU (os.sched_setaffinity). Wall-clock rates move with the machine's load (printed); the CPU-time
ratio (process_time) is steadier on a shared machine. trafilatura is the optional `bench` extra
(pip install -e '.[bench]'), imported only here.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SHARED_EVAL = ROOT.parent / "shared" / "eval" / "extraction"
SHARED_SETS = ("scrapinghub", "aed-dev", "goose3")
QUICK_PAGES = 40
RUNS = 3


def default_archives() -> list[Path]:
    shared = [SHARED_EVAL / f"{name}.warc.gz" for name in SHARED_SETS]
    if all(p.exists() for p in shared):
        return shared
    return sorted(p for p in (ROOT / "sample_warcs").iterdir() if p.name != "README.md")


def pin_to_one_cpu(cpu: int | None) -> int:
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu is not None else allowed[-1]
    os.sched_setaffinity(0, {chosen})
    return chosen


def load_pages(path: Path, limit: int | None) -> list[Any]:
    """The archive's HTML pages, decoded, in memory (WET text pages are not comparable)."""
    from indexer.records import Page
    from indexer.warc import read_archive

    pages = [p for p in read_archive(str(path)) if isinstance(p, Page) and p.html is not None]
    return pages[:limit] if limit else pages


def count_pages(path: Path) -> int:
    """Records of the archive that are pages (HTML or text), as the pipeline sees them."""
    from indexer.records import Page
    from indexer.warc import read_archive

    return sum(isinstance(p, Page) for p in read_archive(str(path)))


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def median_run(fn: Callable[[], object], *, warm_up: bool = True) -> tuple[float, float]:
    """Median wall and CPU seconds over RUNS calls, after one untimed warm-up call."""
    if warm_up:
        fn()
    runs = [timed(fn) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def run_morgue(pages: Sequence[Any]) -> Callable[[], object]:
    from indexer.extract import extract_page

    def go() -> object:
        n = 0
        for page in pages:
            n += len(extract_page(page))
        return n

    return go


def run_morgue_cold(pages: Sequence[Any]) -> Callable[[], object]:
    """`run_morgue` with morgue's per-process caches of element verdicts emptied first: the
    pages timed as if never seen (the warm figure gains from classes repeated across runs)."""
    from indexer.clean import clear_caches

    go = run_morgue(pages)

    def cold() -> object:
        clear_caches()
        return go()

    return cold


def run_trafilatura(pages: Sequence[Any]) -> Callable[[], object]:
    import trafilatura

    def go() -> object:
        n = 0
        for page in pages:
            n += trafilatura.extract(page.html) is not None
        return n

    return go


class NullSink:
    def write(self, data: bytes) -> int:
        return len(data)


def run_pipeline(path: Path) -> Callable[[], object]:
    from indexer.extract import extract_stories

    sink = NullSink()

    def go() -> object:
        n = 0
        for story in extract_stories([str(path)]):
            row = story.to_dict() if hasattr(story, "to_dict") else story
            sink.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
            n += 1
        return n

    return go


def set_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".warc", ".arc", ".wet"):
        name = name.removesuffix(suffix)
    return name


def table(title: str, cols: list[str], rows: list[list[str]]) -> None:
    """Print a plain-text table: first column left-aligned, numbers right-aligned."""
    print(f"\n== {title}")
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    for r in [cols, *rows]:
        cells = [
            x.ljust(w) if i == 0 else x.rjust(w)
            for i, (x, w) in enumerate(zip(r, widths, strict=True))
        ]
        print("  ".join(cells))


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archives", nargs="*", type=Path, help="archives (default: shared eval sets)")
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_PAGES} pages per set")
    ap.add_argument("--cpu", type=int, help="CPU to pin to (default: the last allowed one)")
    ap.add_argument("--no-trafilatura", action="store_true", help="time morgue only")
    ap.add_argument("--no-pipeline", action="store_true", help="skip the pipeline table")
    args = ap.parse_args(argv)

    archives = args.archives or default_archives()
    cpu = pin_to_one_cpu(args.cpu)
    limit = QUICK_PAGES if args.quick else None
    traf_version = "not run"
    if not args.no_trafilatura:
        try:
            import trafilatura
        except ImportError:
            print("trafilatura is not installed: pip install -e '.[bench]'", file=sys.stderr)
            return 2
        traf_version = trafilatura.__version__
    print(
        f"machine: {os.cpu_count()} CPUs, load average {loadavg()} (1/5/15 min); pinned to CPU "
        f"{cpu}; Python {platform.python_version()}; trafilatura {traf_version}"
        + ("; --quick" if args.quick else "")
    )

    cols = ["set", "pages", "morgue p/s", "(CPU)", "trafilatura p/s", "(CPU)", "ratio", "(CPU)"]
    cols += ["morgue cold (CPU)", "ratio cold (CPU)"]
    rows: list[list[str]] = []
    sums = {"pages": 0.0, "mw": 0.0, "mc": 0.0, "tw": 0.0, "tc": 0.0, "cc": 0.0}

    def row(
        name: str, n: float, mw: float, mc: float, tw: float, tc: float, cc: float
    ) -> list[str]:
        cells = [name, f"{n:.0f}", f"{n / mw:.1f}", f"{n / mc:.1f}"]
        if args.no_trafilatura:
            return [*cells, "", "", "", "", f"{n / cc:.1f}", ""]
        return [
            *cells,
            f"{n / tw:.1f}",
            f"{n / tc:.1f}",
            f"{tw / mw:.1f}×",
            f"{tc / mc:.1f}×",
            f"{n / cc:.1f}",
            f"{tc / cc:.1f}×",
        ]

    for path in archives:
        pages = load_pages(path, limit)
        if not pages:
            continue
        mw, mc = median_run(run_morgue(pages))
        tw, tc = (0.0, 0.0) if args.no_trafilatura else median_run(run_trafilatura(pages))
        _, cc = median_run(run_morgue_cold(pages))
        for key, value in zip(
            ("pages", "mw", "mc", "tw", "tc", "cc"), (len(pages), mw, mc, tw, tc, cc), strict=True
        ):
            sums[key] += value
        rows.append(row(set_name(path), len(pages), mw, mc, tw, tc, cc))
    if len(rows) > 1:
        rows.append(row("all", *(sums[k] for k in ("pages", "mw", "mc", "tw", "tc", "cc"))))
    table(
        "extraction only, page text in memory: pages/s, median of 3 after a warm-up "
        "(cold: morgue's caches of element verdicts emptied before each run)",
        cols,
        rows,
    )

    if not args.no_pipeline:
        cols = ["archive", "MB (file)", "pages", "stories", "pages/s", "MB/s", "pages/s (CPU)"]
        rows = []
        for path in archives:
            n_pages = count_pages(path)
            mb = path.stat().st_size / 1e6
            go = run_pipeline(path)
            stories = go()  # the warm-up run, counted
            wall, cpu_s = median_run(go, warm_up=False)
            rows.append(
                [
                    path.name,
                    f"{mb:.2f}",
                    str(n_pages),
                    str(stories),
                    f"{n_pages / wall:.1f}",
                    f"{mb / wall:.2f}",
                    f"{n_pages / cpu_s:.1f}",
                ]
            )
        table(
            "whole pipeline: archive file → story records → JSON Lines (null sink), "
            "median of 3 after a warm-up",
            cols,
            rows,
        )
    print(f"\nload average after: {loadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
