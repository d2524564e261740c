"""index_paths end to end: real WARC files written with warcio, real indexes, real processes.

The story set of an index (ids and every stored field) is the measure: indexing twice, with
one or two workers, or killed and rerun must all end with the set of one clean run.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import tantivy
from morgue_processes import default_sigint, group_gone
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer import schema
from indexer.errors import (
    ArchiveError,
    IndexerError,
    IndexLockedError,
    IndexStorageError,
    IndexVersionError,
)
from indexer.ledger import LEDGER_FILE, Ledger, archive_file
from indexer.pipeline import IndexProgress, IndexReport, index_paths
from indexer.pool import Batch, Task, run_pool
from indexer.writer import StoryWriter

REPO = Path(__file__).resolve().parents[1]

WORDS = [
    *("senate", "vote", "budget", "refugees", "border", "talks", "minister", "storm", "flood"),
    *("court", "ruling", "election", "markets", "rally", "oil", "prices", "strike", "union"),
    *("health", "hospital", "school", "teachers", "police", "city", "council", "bridge"),
    *("river", "harbor", "festival", "museum", "drought", "harvest", "farmers"),
]


def page_html(n: int) -> bytes:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(40)]
    return (
        f"<html><head><title>Story {n}</title></head><body><article>"
        f"<h1>Headline {n}: {WORDS[n % len(WORDS)]} {WORDS[(n // 3) % len(WORDS)]}</h1>"
        f"<p>WASHINGTON (AP) — Story {n} opens with {' '.join(words[:20])}, officials said.</p>"
        f"<p>Story {n} goes on with {' '.join(words[20:])}, according to reports.</p>"
        "</article></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, bytes, str, int]]) -> Path:
    """A gzipped WARC of response records: (url, body, WARC-Date, HTTP status)."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body, date, status in pages:
            reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}[status]
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if status == 301:
                headers.append(("Location", url + "/moved"))
            http = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),  # else warcio buffers in a temp file it never closes
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path


def make_corpus(folder: Path, files: int, per_file: int) -> list[Path]:
    """`files` WARCs of `per_file` story pages, plus a 404 and a redirect each; the first page of
    every file is also re-captured (later) in the next file, so duplicates cross files."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in range(files):
        pages = []
        for i in range(per_file):
            n = f * per_file + i
            pages.append((f"https://news.example/story/{n}", page_html(n), _date(f, i), 200))
        if f > 0:
            n = (f - 1) * per_file
            pages.append((f"https://news.example/story/{n}", page_html(n), _date(f, 999), 200))
        pages.append((f"https://news.example/missing/{f}", b"<html>gone</html>", _date(f, 0), 404))
        pages.append((f"https://news.example/old/{f}", b"", _date(f, 1), 301))
        out.append(write_warc(folder / f"crawl-{f}.warc.gz", pages))
    return out


def _date(f: int, i: int) -> str:
    return f"2026-01-{f + 1:02d}T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"


def story_set(index_dir: Path) -> dict[str, tuple[Any, ...]]:
    """id → every stored field, for the whole index."""
    index = schema.open_index(index_dir)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    out = {}
    for _score, address in hits:
        d = searcher.doc(address).to_dict()
        story_id = d["id"][0]
        assert story_id not in out, f"story {story_id} is in the index twice"
        d[schema.RECORD_FIELD] = [orjson.loads(d[schema.RECORD_FIELD][0])]
        out[story_id] = tuple(sorted((k, orjson.dumps(v)) for k, v in d.items()))
    return out


def story_records(index_dir: Path) -> dict[str, dict[str, Any]]:
    """id → the story record (DESIGN.md §3) rebuilt from the stored fields."""
    out = {}
    for story_id, fields in story_set(index_dir).items():
        stored = {k: orjson.loads(v) for k, v in fields}
        record = stored.pop(schema.RECORD_FIELD)[0]
        for name in (*schema.RAW_FIELDS, *schema.TEXT_FIELDS):
            values = stored.get(name, [])
            record[name] = values if name == "captions" else (values[0] if values else None)
        out[story_id] = record
    return out


#: Story pages per synthetic archive (4 archives): a few thousand pages in all.
PER_FILE = 750


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_corpus(tmp_path_factory.mktemp("warcs"), files=4, per_file=PER_FILE)


@pytest.fixture(scope="module")
def clean(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted run over the corpus: the reference story set."""
    index_dir = tmp_path_factory.mktemp("clean") / "idx"
    report = index_paths([str(p) for p in corpus], index_dir, jobs=1)
    return {"report": report, "stories": story_set(index_dir)}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A few dozen pages, for the cases that do not need volume."""
    return make_corpus(tmp_path_factory.mktemp("small"), files=3, per_file=40)


@pytest.fixture(scope="module")
def small_clean(small: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    index_dir = tmp_path_factory.mktemp("small_clean") / "idx"
    report = index_paths([str(p) for p in small], index_dir, jobs=1)
    return {"report": report, "stories": story_set(index_dir)}


# -- reports, idempotence, the ledger ---------------------------------------------------------


def test_clean_run_report(clean: dict[str, Any], corpus: list[Path]) -> None:
    report = clean["report"]
    assert report.files == 4 and report.files_skipped == 0
    assert report.records == 4 * PER_FILE + 3 + 8  # stories, re-captures, 404s, redirects
    assert report.duplicates == 3
    # A later capture read first is written, then replaced by the earlier one.
    assert 4 * PER_FILE <= report.stories_indexed <= 4 * PER_FILE + 3
    assert len(clean["stories"]) == 4 * PER_FILE
    assert report.skipped == {"http-status": 4, "redirect": 4}
    assert report.problems == () and not report.interrupted


def test_indexing_twice_changes_nothing(small: list[Path], tmp_path: Path) -> None:
    paths = [str(p) for p in small[:2]]
    index_paths(paths, tmp_path / "idx", jobs=1)
    first = story_set(tmp_path / "idx")
    again = index_paths(paths, tmp_path / "idx", jobs=1)
    assert (again.files_skipped, again.records, again.stories_indexed) == (2, 0, 0)
    forced = index_paths(paths, tmp_path / "idx", jobs=1, force=True)
    assert forced.files_skipped == 0 and forced.records > 0
    assert story_set(tmp_path / "idx") == first


def test_ledger_lists_finished_files_and_notices_changes(small: list[Path], tmp_path: Path) -> None:
    index_paths(small[0], tmp_path / "idx", jobs=1)  # one path, not in a list, is fine too
    lines = (tmp_path / "idx" / LEDGER_FILE).read_bytes().splitlines()
    entry = orjson.loads(lines[-1])
    assert entry["path"] == str(small[0].resolve()) and entry["stories"] == 40
    assert entry["size"] == small[0].stat().st_size
    st = small[0].stat()
    os.utime(small[0], ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    try:
        assert index_paths([str(small[0])], tmp_path / "idx", jobs=1).files_skipped == 0
    finally:
        os.utime(small[0], ns=(st.st_atime_ns, st.st_mtime_ns))


def test_one_and_two_workers_give_the_same_stories(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path
) -> None:
    progress: list[IndexProgress] = []
    report = index_paths(
        [str(p) for p in corpus], tmp_path / "idx", jobs=2, progress=progress.append
    )
    assert story_set(tmp_path / "idx") == clean["stories"]
    assert report.duplicates == clean["report"].duplicates
    assert report.records == clean["report"].records
    last = progress[-1]
    assert (last.files_done, last.files_total) == (4, 4)
    assert last.bytes_read == last.bytes_total == sum(p.stat().st_size for p in corpus)


def test_a_missing_path_fails_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        index_paths([str(tmp_path / "nope.warc.gz")], tmp_path / "idx", jobs=1)
    assert not (tmp_path / "idx").exists()


def test_a_locked_index_is_refused_before_any_work(small: list[Path], tmp_path: Path) -> None:
    with StoryWriter(tmp_path / "idx"):
        with pytest.raises(IndexLockedError, match="is locked by another morgue index run"):
            index_paths([str(small[0])], tmp_path / "idx", jobs=1)
        with pytest.raises(IndexLockedError):
            index_paths([str(small[0])], tmp_path / "idx", rebuild=True, jobs=1)
    assert not (tmp_path / "idx" / LEDGER_FILE).exists()


def test_rebuild_reindexes_the_ledger_into_a_fresh_index(
    small_clean: dict[str, Any], small: list[Path], tmp_path: Path
) -> None:
    index_paths([str(p) for p in small], tmp_path / "idx", jobs=1)
    # Pretend the index came from another schema version: opening it is refused ...
    (tmp_path / "idx" / schema.META_FILE).write_bytes(b'{"schema_version": 0}')
    with pytest.raises(IndexVersionError, match="--rebuild"):
        index_paths([str(small[0])], tmp_path / "idx", jobs=1)
    # ... and a rebuild from the ledger alone brings every story back.
    report = index_paths([], tmp_path / "idx", rebuild=True, jobs=1)
    assert report.files == 3 and not report.interrupted
    assert story_set(tmp_path / "idx") == small_clean["stories"]
    assert not any(p.name.startswith(".idx.") for p in tmp_path.iterdir())


def test_a_rebuild_killed_between_its_two_renames_is_completed_by_the_next_run(
    small_clean: dict[str, Any], small: list[Path], tmp_path: Path
) -> None:
    index_paths([str(p) for p in small[:1]], tmp_path / "idx", jobs=1)
    index_paths([str(p) for p in small], tmp_path / "built", jobs=1)
    # The state a kill leaves between `index → .old` and `.rebuild → index`:
    (tmp_path / "idx").rename(tmp_path / ".idx.old")
    (tmp_path / "built").rename(tmp_path / ".idx.rebuild")
    report = index_paths([str(p) for p in small], tmp_path / "idx", jobs=1)
    assert report.files_skipped == 3  # the rebuilt index and its ledger are in place
    assert story_set(tmp_path / "idx") == small_clean["stories"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idx"]


def test_a_rebuild_with_nothing_to_read_keeps_the_old_index(
    small_clean: dict[str, Any], small: list[Path], tmp_path: Path
) -> None:
    index_paths([str(p) for p in small], tmp_path / "idx", jobs=1)
    (tmp_path / "idx" / LEDGER_FILE).unlink()
    with pytest.raises(IndexerError, match="nothing to rebuild"):
        index_paths([], tmp_path / "idx", rebuild=True, jobs=1)
    assert story_set(tmp_path / "idx") == small_clean["stories"]


def test_broken_bytes_are_counted_with_file_and_offset(small: list[Path], tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.warc.gz"
    data = bytearray(small[0].read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    damaged.write_bytes(bytes(data))
    report = index_paths([str(damaged)], tmp_path / "idx", jobs=1)
    assert report.skipped.get("broken", 0) >= 1
    assert report.problems and all(p.warc_file == str(damaged) for p in report.problems)
    assert 0 < report.stories_indexed < 40


# -- real processes: kill -9, Ctrl-C ----------------------------------------------------------

DRIVER = """
import json, os, sys
from indexer.pipeline import RANGE_BYTES, index_paths

def progress(p):
    print("progress", p.records, flush=True)

split = int(os.environ.get("TEST_SPLIT_BYTES", RANGE_BYTES))
report = index_paths(sys.argv[3:], sys.argv[1], jobs=int(sys.argv[2]), commit_every=150,
                     progress=progress, split_bytes=split)
lost = [p.warc_file for p in report.problems if p.reason == "worker-died"]
print("report", json.dumps({"interrupted": report.interrupted, "lost": lost,
                            "read": report.files_read, "left": report.files_left}), flush=True)
sys.exit(130 if report.interrupted else 0)
"""


def start_driver(
    index_dir: Path, jobs: int, paths: list[Path], split_bytes: int | None = None
) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if split_bytes is not None:
        env["TEST_SPLIT_BYTES"] = str(split_bytes)
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(index_dir), str(jobs), *map(str, paths)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job in a shell
        preexec_fn=default_sigint,
    )


def wait_for_records(proc: subprocess.Popen[str], records: int) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("progress") and int(line.split()[1]) >= records:
            return
    raise AssertionError(f"the run ended before {records} records: {proc.stderr.read()}")  # type: ignore[union-attr]


@pytest.mark.parametrize("jobs", [1, 2])
def test_killed_run_leaves_a_searchable_index_and_a_rerun_completes_it(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path, jobs: int
) -> None:
    index_dir = tmp_path / "idx"
    proc = start_driver(index_dir, jobs, corpus)
    try:
        wait_for_records(proc, PER_FILE + PER_FILE // 2)
        proc.send_signal(signal.SIGKILL)  # the main process only: its workers must follow
        proc.wait(timeout=30)
        assert group_gone(proc.pid), "extraction processes outlived their killed parent"
    finally:
        with_group_killed(proc)
    index = schema.open_index(index_dir)  # opens and searches after kill -9
    term = schema.news_analyzer().analyze("senate")[0]
    searched = index.searcher().search(tantivy.Query.term_query(index.schema, "body", term))
    assert searched.count > 0
    assert 0 < index.searcher().num_docs < len(clean["stories"])
    rerun = index_paths([str(p) for p in corpus], index_dir, jobs=jobs)
    assert not rerun.interrupted
    assert story_set(index_dir) == clean["stories"]


#: Small enough that every corpus file is read as several byte ranges.
SPLIT = 48 * 1024


def ledger_lines(index_dir: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in (index_dir / LEDGER_FILE).read_bytes().splitlines()]


@pytest.mark.parametrize("jobs", [1, 2])
def test_files_read_as_byte_ranges_give_the_same_stories(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path, jobs: int
) -> None:
    assert all(p.stat().st_size > 3 * SPLIT for p in corpus)
    progress: list[IndexProgress] = []
    index_dir = tmp_path / "idx"
    paths = [str(p) for p in corpus]
    report = index_paths(paths, index_dir, jobs=jobs, split_bytes=SPLIT, progress=progress.append)
    assert story_set(index_dir) == clean["stories"]
    assert (report.records, report.duplicates) == (
        clean["report"].records,
        clean["report"].duplicates,
    )
    assert report.skipped == clean["report"].skipped
    last = progress[-1]
    assert (last.files_done, last.files_total) == (4, 4)
    assert last.bytes_read == last.bytes_total == sum(p.stat().st_size for p in corpus)
    # A line per range, then one for the whole file with the counts of all its ranges.
    lines = ledger_lines(index_dir)
    for path in corpus:
        mine = [e for e in lines if e["path"] == str(path.resolve())]
        ranges = sorted((e["start"], e["stop"]) for e in mine if "start" in e)
        whole = [e for e in mine if "start" not in e]
        assert len(ranges) >= 3 and ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
        assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
        assert len(whole) == 1 and whole[0]["stories"] == sum(
            e["stories"] for e in mine if "start" in e
        )
    again = index_paths(paths, index_dir, jobs=jobs, split_bytes=SPLIT)
    assert (again.files_skipped, again.records) == (4, 0)


def test_a_run_killed_mid_file_resumes_from_its_finished_ranges(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    proc = start_driver(index_dir, 2, corpus, split_bytes=SPLIT)
    try:
        wait_for_records(proc, PER_FILE + PER_FILE // 2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert group_gone(proc.pid), "extraction processes outlived their killed parent"
    finally:
        with_group_killed(proc)
    finished = [e for e in ledger_lines(index_dir) if "start" in e]
    assert finished, "no range reached the ledger before the kill"
    assert 0 < schema.open_index(index_dir).searcher().num_docs < len(clean["stories"])
    rerun = index_paths([str(p) for p in corpus], index_dir, jobs=2, split_bytes=SPLIT)
    assert not rerun.interrupted
    # Only what the ledger did not list was read again ...
    assert rerun.records <= clean["report"].records - sum(e["records"] for e in finished)
    # ... and the index ends as one clean run leaves it.
    assert story_set(index_dir) == clean["stories"]
    assert index_paths([str(p) for p in corpus], index_dir, jobs=2).files_skipped == 4


def test_a_whole_file_gzip_is_planned_as_one_range(tmp_path: Path) -> None:
    # `gzip crawl.warc`: one gzip member for all records, which only the range at 0 can read;
    # split into ranges, the others would open it, read nothing and still fill the ledger.
    (members,) = make_corpus(tmp_path / "warcs", files=1, per_file=40)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(gzip.decompress(members.read_bytes())))
    split = 1024
    assert whole.stat().st_size > 4 * split
    reference = index_paths([str(members)], tmp_path / "ref", jobs=1)
    report = index_paths([str(whole)], tmp_path / "idx", jobs=1, split_bytes=split)
    assert (report.records, report.stories_indexed) == (
        reference.records,
        reference.stories_indexed,
    )
    assert report.stories_indexed >= 40 and not report.problems
    mine = [e for e in ledger_lines(tmp_path / "idx") if e["path"] == str(whole.resolve())]
    # One range for the file is the file: one ledger line, no range lines.
    assert [("start" in e, e["stories"]) for e in mine] == [(False, report.stories_indexed)]


def test_the_ledger_counts_a_file_done_when_its_ranges_cover_it(tmp_path: Path) -> None:
    archive = tmp_path / "a.warc.gz"
    archive.write_bytes(b"x" * 1000)
    a = archive_file(archive)
    ledger = Ledger(tmp_path)
    ledger.record([(a, 3, 2, (0, 400)), (a, 3, 2, (700, 1000))])
    assert not ledger.is_done(a)
    assert ledger.done_ranges(a) == [(0, 400), (700, 1000)]
    assert [e.byte_range for e in ledger.files()] == [(700, 1000)]  # read in part: listed
    Ledger(tmp_path).record([(a, 1, 1, (400, 700))])
    reread = Ledger(tmp_path)
    assert reread.is_done(a) and reread.range_counts(a) == (7, 5)
    reread.record([(a, 7, 5, None)])  # the whole-file line makes its ranges redundant
    assert Ledger(tmp_path).ranges == {} and Ledger(tmp_path).is_done(a)
    assert [e.byte_range for e in Ledger(tmp_path).files()] == [None]
    os.utime(archive, ns=(a.mtime_ns, a.mtime_ns + 1_000_000_000))  # changed: read it again
    assert not reread.is_done(archive_file(archive))
    assert reread.done_ranges(archive_file(archive)) == []


def test_the_pool_draws_its_tasks_only_as_workers_free_up(small: list[Path]) -> None:
    """Planning is lazy: a terabyte of archives is ~500,000 ranges, never all in memory."""
    size = small[0].stat().st_size
    drawn = []

    def tasks() -> Iterator[Task]:
        for n, (start, stop) in enumerate(itertools.pairwise(range(0, size + 1, size // 12))):
            drawn.append(n)
            yield Task(n, str(small[0]), start, stop if n < 11 else size)

    seen_at_first_batch = None
    done = []
    with contextlib.closing(run_pool(tasks(), jobs=2)) as events:
        for event in events:
            if isinstance(event, Batch):
                if seen_at_first_batch is None:
                    seen_at_first_batch = len(drawn)
                if event.done:
                    done.append(event.task_no)
    assert seen_at_first_batch is not None and seen_at_first_batch <= 3  # 2 workers + lookahead
    assert sorted(done) == drawn == list(range(12))


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_empty_archive_is_read_not_already_indexed(
    small: list[Path], tmp_path: Path, jobs: int
) -> None:
    """QA: an empty .warc.gz in a folder counted "1 already indexed" on a brand-new index (no
    ledgered ranges "covered" its 0 bytes)."""
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "empty.warc.gz").write_bytes(b"")
    (folder / "crawl-0.warc.gz").write_bytes(small[0].read_bytes())
    first = index_paths([str(folder)], tmp_path / "idx", jobs=jobs)
    assert (first.files, first.files_skipped, first.files_read, first.files_left) == (2, 0, 2, 0)
    empty = [e for e in Ledger(tmp_path / "idx").files() if e.size == 0]
    assert [(e.records, e.stories, e.byte_range) for e in empty] == [(0, 0, None)]
    again = index_paths([str(folder)], tmp_path / "idx", jobs=jobs)  # now it is done
    assert (again.files_skipped, again.files_read, again.records) == (2, 0, 0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_commits_and_returns_an_interrupted_report(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path, jobs: int
) -> None:
    index_dir = tmp_path / "idx"
    proc = start_driver(index_dir, jobs, corpus)
    try:
        wait_for_records(proc, PER_FILE)
        # A reader opened while the run goes sees its commits (one is made every 150 stories,
        # before progress is reported).
        reader = schema.open_index(index_dir)
        assert reader.searcher().num_docs >= 150
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
        out, err = proc.communicate(timeout=30)
    finally:
        with_group_killed(proc)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    report = json.loads(out.split("report ", 1)[1])
    assert report["interrupted"] is True
    committed = story_set(index_dir)
    assert 0 < len(committed) <= len(clean["stories"])
    assert set(committed) <= set(clean["stories"])
    index_paths([str(p) for p in corpus], index_dir, jobs=1)
    assert story_set(index_dir) == clean["stories"]


def whole_file_lines(index_dir: Path) -> list[dict[str, Any]]:
    """The whole-file lines of the ledger (a torn last line, while it is written, skipped)."""
    try:
        data = (index_dir / LEDGER_FILE).read_bytes()
    except FileNotFoundError:
        return []
    lines = []
    for line in data.splitlines():
        with contextlib.suppress(orjson.JSONDecodeError):
            entry = orjson.loads(line)
            if "start" not in entry:
                lines.append(entry)
    return lines


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_counts_only_the_files_it_committed(
    corpus: list[Path], tmp_path: Path, jobs: int
) -> None:
    """QA: interrupted after one finished file, the summary said "files 3 read"."""
    index_dir = tmp_path / "idx"
    proc = start_driver(index_dir, jobs, corpus)
    try:
        deadline = time.monotonic() + 120
        while not whole_file_lines(index_dir) and proc.poll() is None:
            assert time.monotonic() < deadline, "no file reached the ledger in 120 s"
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        out, err = proc.communicate(timeout=30)
    finally:
        with_group_killed(proc)
    assert proc.returncode in (0, 130), err  # 0: it ended before the signal arrived
    report = json.loads(out.split("report ", 1)[1])
    ledgered = {e["path"] for e in whole_file_lines(index_dir)}
    assert report["read"] == len(ledgered) >= 1
    assert report["left"] == len(corpus) - len(ledgered)
    rerun = index_paths([str(p) for p in corpus], index_dir, jobs=1)
    assert (rerun.files_skipped, rerun.files_read) == (len(ledgered), report["left"])


def with_group_killed(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


# -- damage and full disks --------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["meta.json", ".store"])
def test_a_damaged_index_is_refused_and_rebuilt_from_the_ledger(
    small_clean: dict[str, Any], small: list[Path], tmp_path: Path, damage: str
) -> None:
    index_paths([str(p) for p in small], tmp_path / "idx", jobs=1)
    next(p for p in (tmp_path / "idx").iterdir() if p.name.endswith(damage)).unlink()
    with pytest.raises(IndexStorageError, match=r"rebuild it with `morgue index --rebuild"):
        index_paths([str(small[0])], tmp_path / "idx", jobs=1)
    index_paths([], tmp_path / "idx", jobs=1, rebuild=True)
    assert story_set(tmp_path / "idx") == small_clean["stories"]


FULL_DISK_DRIVER = """
import resource, signal, sys
from indexer.errors import IndexStorageError
from indexer.pipeline import index_paths

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (8_000, 8_000))
try:
    index_paths(sys.argv[2:], sys.argv[1], jobs=1)
except IndexStorageError as e:
    print(e)
    sys.exit(2)
"""


def test_a_full_disk_stops_cleanly_and_a_rerun_completes(
    small_clean: dict[str, Any], small: list[Path], tmp_path: Path
) -> None:
    """RLIMIT_FSIZE makes big index files fail to write like a full disk does, without root."""
    index_paths([str(small[0])], tmp_path / "idx", jobs=1)
    before = story_set(tmp_path / "idx")
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_DRIVER, str(tmp_path / "idx"), *map(str, small)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "the last commit is intact" in done.stdout
    assert "Traceback" not in done.stderr
    after = story_set(tmp_path / "idx")  # opens and reads; nothing committed was lost
    assert set(before) <= set(after)
    index_paths([str(p) for p in small], tmp_path / "idx", jobs=1)
    assert story_set(tmp_path / "idx") == small_clean["stories"]


def test_a_torn_ledger_line_is_ignored_and_the_ledger_stays_usable(
    small: list[Path], tmp_path: Path
) -> None:
    index_paths([str(small[0])], tmp_path / "idx", jobs=1)
    with open(tmp_path / "idx" / LEDGER_FILE, "ab") as f:
        f.write(b'{"path": "/half/a/li')  # what a kill during an append can leave
    report = index_paths([str(p) for p in small[:2]], tmp_path / "idx", jobs=1)
    assert report.files_skipped == 1
    assert index_paths([str(p) for p in small[:2]], tmp_path / "idx", jobs=1).files_skipped == 2


def test_a_dead_extraction_process_costs_only_its_file(
    clean: dict[str, Any], corpus: list[Path], tmp_path: Path
) -> None:
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not children.exists():
        pytest.skip("needs Linux /proc/PID/task/TID/children to find the workers")
    index_dir = tmp_path / "idx"
    proc = start_driver(index_dir, 2, corpus)
    try:
        wait_for_records(proc, 1)
        pids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        workers = [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        os.kill(int(workers[0]), signal.SIGKILL)  # as a segfault in a parser would
        out, err = proc.communicate(timeout=60)
    finally:
        with_group_killed(proc)
    assert proc.returncode == 0, err
    report = json.loads(out.split("report ", 1)[1])
    ledgered = {
        orjson.loads(line)["path"] for line in (index_dir / LEDGER_FILE).read_bytes().splitlines()
    }
    assert set(report["lost"]).isdisjoint(ledgered)
    assert len(ledgered) + len(report["lost"]) == len(corpus)
    index_paths([str(p) for p in corpus], index_dir, jobs=2)
    assert story_set(index_dir) == clean["stories"]


# -- the sample archives ----------------------------------------------------------------------

SAMPLES = REPO / "sample_warcs"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="sample_warcs/ is not there")
def test_sample_archives_index_to_exactly_the_extracted_stories(tmp_path: Path) -> None:
    from indexer.extract import extract_stories

    expected = {s.id: s.to_dict() for s in extract_stories([str(SAMPLES)])}
    one = index_paths([str(SAMPLES)], tmp_path / "one", jobs=1)
    index_paths([str(SAMPLES)], tmp_path / "two", jobs=2)
    stories = story_set(tmp_path / "one")
    assert set(stories) == set(expected)
    assert story_set(tmp_path / "two") == stories
    assert one.stories_indexed == len(expected) and one.skipped.get("revisit") == 1
    # Every key of every story record comes back from the index exactly as extracted.
    assert story_records(tmp_path / "one") == expected
    again = index_paths([str(SAMPLES)], tmp_path / "one", jobs=1, force=True)
    assert again.stories_indexed == len(expected)
    assert story_set(tmp_path / "one") == stories


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="sample_warcs/ is not there")
def test_sample_archives_read_in_tiny_byte_ranges_give_the_same_stories(tmp_path: Path) -> None:
    """Every kind of sample (WARC, plain WARC, WET, damaged files) cut every 2 KB."""
    whole = index_paths([str(SAMPLES)], tmp_path / "whole", jobs=1)
    ranged = index_paths([str(SAMPLES)], tmp_path / "ranged", jobs=2, split_bytes=2048)
    assert story_set(tmp_path / "ranged") == story_set(tmp_path / "whole")
    assert (ranged.records, ranged.skipped) == (whole.records, whole.skipped)

    def where(report: IndexReport) -> list[tuple[str, int, str]]:
        return sorted((p.warc_file, p.warc_offset, p.reason) for p in report.problems)

    assert where(ranged) == where(whole)
