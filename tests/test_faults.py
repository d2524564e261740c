"""The fault suite of issue 5: kills, full disks, two writers and many readers, damaged
indexes, malformed archives, bad queries and hostile text, all through real `morgue`
processes where the fault is one of processes (the Python API where it is one of data).

The measure everywhere is the story set of an index (every id with every stored field):
whatever happens, a rerun ends with the set of one clean run, and nothing a user sees is a
traceback or a Rust panic. tests/test_pipeline.py covers the library-level kill, Ctrl-C and
lock cases; these go further (the CLI, many kill points, concurrency, tmpfs, corruption).
The long randomized runs with figures are bench/faults.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import tantivy
from click.testing import CliRunner
from faults_corpus import (
    HOSTILE_WORD,
    MARKER,
    RAW_FORBIDDEN,
    Malformed,
    hostile_archive,
    hostile_stories,
    make_malformed,
    run_extract_child,
    write_news_archives,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from morgue_processes import group_gone, start_morgue, stop_group

from indexer import schema
from indexer.writer import StoryWriter
from search.archive import Archive
from search.cli import cli
from search.errors import IndexNotFoundError

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_warcs"
MORGUE = [sys.executable, "-m", "search.cli"]
TRACE_MARKS = ("Traceback", "panicked at", "PanicException", "RUST_BACKTRACE")

# -- running morgue ----------------------------------------------------------------------------


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "MORGUE_INDEX"}
    e["NO_COLOR"] = "1"
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    return e


def morgue(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MORGUE, *args],
        cwd=REPO,
        env=env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
    )


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.02)


def assert_no_trace(text: str) -> None:
    for mark in TRACE_MARKS:
        assert mark not in text, text[-3000:]


def assert_clean_failure(
    result: subprocess.CompletedProcess[str], *, mentions: tuple[str, ...] = ()
) -> None:
    """Exit 2 and one `morgue: …` line on stderr, naming what it must; no trace anywhere."""
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-3000:])
    assert_no_trace(result.stderr + result.stdout)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("morgue: "), result.stderr
    for text in mentions:
        assert text in lines[0], (text, lines[0])


# -- the story set ------------------------------------------------------------------------------


def story_set(index_dir: Path) -> dict[str, tuple[Any, ...]]:
    """id → every stored field of the index; fails on an id stored twice."""
    index = schema.open_index(index_dir)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    out: dict[str, tuple[Any, ...]] = {}
    for _score, address in hits:
        d = searcher.doc(address).to_dict()
        story_id = d["id"][0]
        assert story_id not in out, f"story {story_id} is in the index twice"
        d[schema.RECORD_FIELD] = [orjson.loads(d[schema.RECORD_FIELD][0])]
        out[story_id] = tuple(sorted((k, orjson.dumps(v)) for k, v in d.items()))
    return out


def assert_same_stories(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """The story sets are equal; else say how: lost, extra, and the first changed fields."""
    if actual == expected:
        return
    lost = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = [k for k in expected if k in actual and actual[k] != expected[k]]
    first = ""
    if changed:
        got, want = dict(actual[changed[0]]), dict(expected[changed[0]])
        first = "; ".join(
            f"{f}: {got.get(f)!r:.300} != {want.get(f)!r:.300}"
            for f in sorted(set(got) | set(want))
            if got.get(f) != want.get(f)
        )
    raise AssertionError(
        f"{len(lost)} lost, {len(extra)} extra, {len(changed)} changed "
        f"(of {len(expected)}); first change {changed[:1]}: {first}"
    )


def assert_committed_subset(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """What an interrupted run committed: only stories of the clean run, field for field."""
    extra = sorted(set(actual) - set(expected))
    changed = [k for k in actual if k in expected and actual[k] != expected[k]]
    assert not extra and not changed, (extra[:3], changed[:3])


def assert_opens_and_searches(index_dir: Path) -> int:
    """The index as a user finds it after a fault: it opens and answers; stories it holds.

    Only an index directory that a kill stopped before tantivy created it may be missing.
    """
    try:
        archive = Archive.open(index_dir)
    except IndexNotFoundError:
        assert not (index_dir / "meta.json").exists()
        return 0
    with archive:
        results = archive.search(MARKER, limit=3)
        for hit in results:
            assert archive.get(hit.id).id == hit.id
        return archive.stats().stories


# -- corpora ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of synthetic news WARCs (1,600 pages) plus the sample archives."""
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    write_news_archives(folder, files=8, pages=1600, seed=11)
    if SAMPLES.is_dir():
        for sample in SAMPLES.iterdir():
            if sample.name != "README.md":
                shutil.copy(sample, folder / sample.name)
    return folder


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted `morgue index` over the corpus: the reference story set."""
    index_dir = tmp_path_factory.mktemp("clean") / "idx"
    started = time.monotonic()
    result = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_trace(result.stderr)
    stories = story_set(index_dir)
    assert len(stories) > 1000
    return {"index": index_dir, "stories": stories, "seconds": seconds}


# -- 1. killed mid-run ----------------------------------------------------------------------------


def test_kill_9_at_random_moments_then_a_rerun_gives_the_clean_story_set(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    rng = random.Random(2026)
    moments = sorted(rng.uniform(0.3, 0.95) * clean["seconds"] for _ in range(3))
    # `kill PID` (SIGTERM, as a service manager stops a job) must be as harmless as `kill -9`.
    signals = (signal.SIGKILL, signal.SIGTERM, signal.SIGKILL)
    for moment, sig in zip(moments, signals, strict=True):
        proc = start_morgue(
            "--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=env()
        )
        try:
            time.sleep(moment)
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(sig)  # the main process only, as `kill [-9] PID` does
            proc.wait(timeout=30)
            assert group_gone(proc.pid), "extraction processes outlived their killed parent"
        finally:
            stop_group(proc)
        held = assert_opens_and_searches(index_dir)
        assert held <= len(clean["stories"])
        searched = morgue("--index", str(index_dir), "search", MARKER)
        if (index_dir / "meta.json").exists():
            assert searched.returncode in (0, 1), searched.stderr
            assert_committed_subset(story_set(index_dir), clean["stories"])
        else:  # killed before tantivy made the index: "no index at …, run morgue index"
            assert_clean_failure(searched, mentions=(str(index_dir),))
    rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def test_kill_9_right_after_a_commit_then_a_rerun_gives_the_clean_story_set(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    """The riskiest moment: a commit has just landed, the ledger and merges are under way."""
    index_dir = tmp_path / "idx"
    # A first short run leaves a committed index (and ledger) behind to be extended.
    first = sorted(p for p in corpus.iterdir() if p.name.startswith("news-"))[0]
    assert morgue("--index", str(index_dir), "index", "--jobs", "1", str(first)).returncode == 0
    meta = index_dir / "meta.json"
    before = meta.stat().st_mtime_ns
    proc = start_morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=env())
    try:
        wait_until(
            lambda: meta.stat().st_mtime_ns != before or proc.poll() is not None,
            clean["seconds"] * 3 + 30,
            "a commit",
        )
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        stop_group(proc)
    assert assert_opens_and_searches(index_dir) > 0
    assert_committed_subset(story_set(index_dir), clean["stories"])
    rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def test_kill_9_during_a_rebuild_keeps_the_old_index_and_a_rerun_completes(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(clean["index"], index_dir)
    for moment in (0.3, 0.8):
        proc = start_morgue(
            "--index", str(index_dir), "index", "--rebuild", "--jobs", "2", env=env()
        )
        try:
            time.sleep(moment * clean["seconds"])
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            stop_group(proc)
        # The rebuild writes beside the index: until the swap, the old one stays whole.
        assert_same_stories(story_set(index_dir), clean["stories"])
    rerun = morgue("--index", str(index_dir), "index", "--rebuild", "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def test_a_kill_between_the_two_renames_of_a_rebuild_loses_nothing(
    clean: dict[str, Any], tmp_path: Path
) -> None:
    """The state a kill inside `_swap` leaves (too short a window to hit with a real kill): no
    index, the old one and the finished rebuild beside it. Rerunning the command restores it."""
    index_dir = tmp_path / "idx"
    shutil.copytree(clean["index"], tmp_path / ".idx.old")
    shutil.copytree(clean["index"], tmp_path / ".idx.rebuild")
    rerun = morgue("--index", str(index_dir), "index", "--rebuild", "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def interrupt(index_dir: Path, corpus: Path, after: float) -> tuple[int, str, str]:
    """Start `morgue index`, Ctrl-C it `after` seconds after its writer is up: exit code and
    output."""
    proc = start_morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=env())
    try:
        wait_until(
            lambda: (index_dir / "meta.json").exists() or proc.poll() is not None, 60, "the writer"
        )
        time.sleep(after)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
        # Issue 5 asks for ≤ 2 s; bench/faults.py measures it. Here only: it does stop.
        out, err = proc.communicate(timeout=30)
    finally:
        stop_group(proc)
    return proc.returncode, out, err


def test_ctrl_c_commits_what_is_done_prints_the_summary_and_exits_130(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    # The machine's load varies: if the run is over before the signal, try again sooner.
    for fraction in (0.3, 0.1, 0.0):
        shutil.rmtree(index_dir, ignore_errors=True)
        code, out, err = interrupt(index_dir, corpus, clean["seconds"] * fraction)
        if code != 0:
            break
    else:
        pytest.skip("every run ended before its Ctrl-C")
    assert code == 130, (code, err[-3000:])
    assert_no_trace(err + out)
    assert "records" in out and "interrupted" in out, out  # the summary so far
    assert_committed_subset(story_set(index_dir), clean["stories"])
    rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def extraction_workers(pid: int) -> list[int]:
    """The pids of `morgue index`'s extraction processes (its spawned pool workers)."""
    workers = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in map(int, f.read().split()):
                    with contextlib.suppress(OSError), open(f"/proc/{child}/cmdline") as c:
                        if "spawn_main" in c.read():
                            workers.append(child)
    return workers


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds workers in /proc")
def test_a_killed_extraction_worker_costs_only_a_rerun_of_its_file(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    """What the OOM killer does to an extraction process (here as soon as it starts): its file
    is reported, left out of the ledger, and the next run reads it again."""
    index_dir = tmp_path / "idx"
    proc = start_morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=env())
    try:
        wait_until(lambda: extraction_workers(proc.pid) or proc.poll() is not None, 60, "workers")
        with contextlib.suppress(ProcessLookupError, IndexError):
            os.kill(extraction_workers(proc.pid)[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=clean["seconds"] * 5 + 60)
    finally:
        stop_group(proc)
    assert proc.returncode == 0, err[-3000:]
    assert_no_trace(err)
    assert "worker-died" in out, out
    assert f"worker-died record at {corpus}{os.sep}" in err, err
    assert_committed_subset(story_set(index_dir), clean["stories"])
    rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


def test_ctrl_c_pressed_again_and_again_still_ends_with_the_summary(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    """An impatient user: Ctrl-C every 50 ms from mid-run on, so that later ones land while
    the first one's commit, ledger and clean-up are under way."""
    index_dir = tmp_path / "idx"
    proc = start_morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=env())
    try:
        wait_until(
            lambda: (index_dir / "meta.json").exists() or proc.poll() is not None, 60, "the writer"
        )
        time.sleep(clean["seconds"] * 0.2)
        while proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGINT)
            time.sleep(0.05)
        out, err = proc.communicate(timeout=30)
    finally:
        stop_group(proc)
    assert proc.returncode == 130, (proc.returncode, err[-3000:])
    assert_no_trace(err + out)
    assert "records" in out and "interrupted" in out, (out, err)
    assert_committed_subset(story_set(index_dir), clean["stories"])
    rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert_same_stories(story_set(index_dir), clean["stories"])


# -- 2. disk full -------------------------------------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(mountpoint: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mountpoint.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        if subprocess.run(["umount", str(mountpoint)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)


def test_a_full_disk_ends_with_a_message_keeps_the_last_commit_and_a_rerun_completes(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    with small_tmpfs(tmp_path / "small", "4m") as mount:
        index_dir = mount / "idx"
        first = sorted(p for p in corpus.iterdir() if p.name.startswith("news-"))[0]
        ok = morgue("--index", str(index_dir), "index", "--jobs", "1", str(first))
        assert ok.returncode == 0, ok.stderr
        before = story_set(index_dir)
        # Leave well under a megabyte free: the whole corpus cannot fit.
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * max(0, free - 400_000))
        full = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
        assert_clean_failure(full, mentions=(str(index_dir),))
        assert "full" in full.stderr or "space" in full.stderr, full.stderr
        # The last commit is intact and searchable; nothing outside the clean set appeared.
        assert assert_opens_and_searches(index_dir) >= len(before)
        after = story_set(index_dir)
        assert set(before) <= set(after)
        assert_committed_subset(after, clean["stories"])
        search = morgue("--index", str(index_dir), "search", MARKER)
        assert search.returncode == 0, search.stderr
        # Space comes back: the rerun completes the job.
        (mount / "filler").unlink()
        grown = subprocess.run(["mount", "-o", "remount,size=512m", str(mount)], check=False)
        assert grown.returncode == 0
        rerun = morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        assert_same_stories(story_set(index_dir), clean["stories"])


def test_a_disk_full_before_the_index_exists_is_a_clean_exit_2(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "full", "1m") as mount:
        with contextlib.suppress(OSError):  # ENOSPC: the disk is full, as wanted
            (mount / "filler").write_bytes(b"\0" * 2_000_000)
        result = morgue("--index", str(mount / "idx"), "index", str(SAMPLES))
        assert_clean_failure(result, mentions=(str(mount / "idx"),))
        assert "No space left" in result.stderr or "full" in result.stderr, result.stderr


def test_a_disk_full_before_the_index_exists_advises_freeing_space(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "full", "1m") as mount:
        with contextlib.suppress(OSError):
            (mount / "filler").write_bytes(b"\0" * 2_000_000)
        result = morgue("--index", str(mount / "idx"), "index", str(SAMPLES))
        assert "rebuild" not in result.stderr, result.stderr


@pytest.fixture
def read_only_index(corpus: Path, tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path / "ro", "4m") as mount:
        first = sorted(p for p in corpus.iterdir() if p.name.startswith("news-"))[0]
        assert morgue("--index", str(mount / "idx"), "index", str(first)).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "idx"


def test_indexing_into_a_read_only_index_is_a_clean_exit_2(
    corpus: Path, read_only_index: Path
) -> None:
    first = sorted(p for p in corpus.iterdir() if p.name.startswith("news-"))[0]
    result = morgue("--index", str(read_only_index), "index", "--force", str(first))
    assert_clean_failure(result, mentions=(str(read_only_index),))


def test_searching_a_read_only_index_does_not_advise_a_rebuild(read_only_index: Path) -> None:
    result = morgue("--index", str(read_only_index), "search", MARKER)
    if result.returncode != 0:
        assert_clean_failure(result, mentions=(str(read_only_index),))
        assert "rebuild" not in result.stderr and "writ" in result.stderr, result.stderr


# -- 3. two writers, many readers -----------------------------------------------------------------

#: A searcher process: search, fetch every hit, note each new total, until told to stop.
#: (Archive.stats() is left out: it races with tantivy's temporary files, see
#: test_stats_while_index_files_come_and_go; bench/faults.py runs it.)
SEARCHER = """
import json, os, sys, time
from search.archive import Archive
from search.errors import IndexNotFoundError
index_dir, stop, word = sys.argv[1], sys.argv[2], sys.argv[3]
totals, errors, n = [], [], 0
archive = None
while not os.path.exists(stop):
    n += 1
    try:
        if archive is None:
            try:
                archive = Archive.open(index_dir)
            except IndexNotFoundError:
                time.sleep(0.05)
                continue
        results = archive.search(word, limit=5)
        for hit in results:
            story = archive.get(hit.id)
            assert story.id == hit.id and story.body, hit.id
        if not totals or totals[-1] != results.total:
            totals.append(results.total)
    except BaseException as exc:
        errors.append(f"{type(exc).__name__}: {exc}"[:300])
    time.sleep(float(sys.argv[4]))
print(json.dumps({"queries": n, "totals": totals, "errors": errors}))
"""


def start_searchers(index_dir: Path, stop: Path, count: int, pause: float) -> list[Any]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", SEARCHER, str(index_dir), str(stop), MARKER, str(pause)],
            cwd=REPO,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]


def lock_is_held(index_dir: Path) -> bool:
    """Whether some process holds the index's writer lock, read from /proc/locks: trying the
    lock ourselves could make the real writer fail for the instant we hold it."""
    try:
        inode = (index_dir / ".tantivy-writer.lock").stat().st_ino
    except FileNotFoundError:
        return False
    with open("/proc/locks") as locks:
        return any(f":{inode} " in line and "FLOCK" in line for line in locks)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the lock from /proc/locks")
def test_a_second_writer_is_refused_and_4_searchers_see_only_growing_commits(
    corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    """The corpus goes in as four `morgue index` runs (so there are several commits to see)
    while four searcher processes search, fetch and count all along. During the second run,
    frozen with SIGSTOP once it holds the lock, another `morgue index` is started."""
    index_dir = tmp_path / "idx"
    other = hostile_archive(tmp_path / "other.warc.gz")
    stop = tmp_path / "stop"
    files = sorted(corpus.iterdir())
    groups = [files[k::4] for k in range(4)]
    searchers = start_searchers(index_dir, stop, 4, pause=0.02)
    try:
        for k, group in enumerate(groups):
            writer = start_morgue("--index", str(index_dir), "index", *map(str, group), env=env())
            try:
                if k == 1:
                    wait_until(lambda: lock_is_held(index_dir), 60, "the writer lock")
                    os.killpg(writer.pid, signal.SIGSTOP)
                    try:
                        second = morgue("--index", str(index_dir), "index", str(other))
                    finally:
                        os.killpg(writer.pid, signal.SIGCONT)
                    assert_clean_failure(second, mentions=("locked", str(index_dir)))
                out, err = writer.communicate(timeout=clean["seconds"] * 5 + 60)
                assert writer.returncode == 0, err[-3000:]
            finally:
                stop_group(writer)
    finally:
        stop.touch()
        reports = [proc.communicate(timeout=60) for proc in searchers]
    states = 0
    for out, err in reports:
        assert_no_trace(err)
        report = json.loads(out)
        assert report["errors"] == [], report["errors"][:5]
        totals = report["totals"]
        assert totals == sorted(totals), totals  # committed state never goes back
        assert not totals or totals[-1] <= len(clean["stories"])
        states = max(states, len(totals))
    assert states >= 2  # the searchers did see the index grow
    # Nothing of the refused run was written: no story, no ledger line.
    assert_same_stories(story_set(index_dir), clean["stories"])
    assert str(other) not in (index_dir / "ledger.jsonl").read_text()


CHURN = """
import os, sys, time
folder, seconds = sys.argv[1], float(sys.argv[2])
end, i = time.monotonic() + seconds, 0
while time.monotonic() < end:
    path = os.path.join(folder, f".tmp{i % 50}")
    open(path, "w").close()
    os.unlink(path)
    i += 1
"""


def test_stats_while_index_files_come_and_go(small_index: dict[str, Any], tmp_path: Path) -> None:
    """Files appearing and vanishing in the index directory, as during a run, in a tight loop
    (the race hits within half a second here)."""
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    churn = subprocess.Popen([sys.executable, "-c", CHURN, str(index_dir), "4"])
    try:
        with Archive.open(index_dir) as archive:
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                archive.stats()
    finally:
        churn.kill()
        churn.wait()


# -- 4. damaged index ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("small")
    archives = write_news_archives(folder / "warcs", files=2, pages=60, seed=3)
    index_dir = folder / "idx"
    for path in archives:  # two commits, so two segments
        assert morgue("--index", str(index_dir), "index", "--jobs", "1", str(path)).returncode == 0
    stories = story_set(index_dir)
    return {"index": index_dir, "stories": stories, "archives": archives}


def _segment_file(index_dir: Path, suffix: str) -> Path:
    return sorted(p for p in index_dir.iterdir() if p.name.endswith(suffix))[0]


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _delete_a_segment(index_dir: Path) -> None:
    segment = _segment_file(index_dir, ".store").stem
    for path in index_dir.iterdir():
        if path.name.startswith(segment):
            path.unlink()


def _flip_all(index_dir: Path, suffix: str) -> None:
    """Flip bytes in the middle third of every segment's `suffix` file (every segment, so the
    outcome does not depend on which segment a search touches first)."""
    for path in index_dir.iterdir():
        if path.name.endswith(suffix):
            data = bytearray(path.read_bytes())
            for i in range(len(data) // 3, len(data) * 2 // 3, 7):
                data[i] ^= 0x5A
            path.write_bytes(bytes(data))


ALL_COMMANDS = ("search", "stats", "show")
#: damage → (how, the commands that must fail with exit 2 and the rebuild message).
DAMAGE: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "meta.json deleted": (lambda d: (d / "meta.json").unlink(), ALL_COMMANDS),
    "meta.json truncated": (lambda d: _truncate(d / "meta.json"), ALL_COMMANDS),
    "meta.json garbage": (lambda d: (d / "meta.json").write_bytes(b"\x00\xff{]"), ALL_COMMANDS),
    ".store truncated": (lambda d: _truncate(_segment_file(d, ".store")), ALL_COMMANDS),
    ".term truncated": (lambda d: _truncate(_segment_file(d, ".term")), ALL_COMMANDS),
    ".idx truncated": (lambda d: _truncate(_segment_file(d, ".idx")), ALL_COMMANDS),
    ".fast truncated": (lambda d: _truncate(_segment_file(d, ".fast")), ALL_COMMANDS),
    ".fieldnorm deleted": (lambda d: _segment_file(d, ".fieldnorm").unlink(), ALL_COMMANDS),
    # Positions are read by term and phrase queries only: stats never notices.
    ".pos deleted": (lambda d: _segment_file(d, ".pos").unlink(), ("search", "show")),
    "a whole segment deleted": (_delete_a_segment, ALL_COMMANDS),
}
#: Damage tantivy cannot always notice (no checksums are verified when reading) or that leaves
#: the index readable: morgue may answer, but if it fails it must fail cleanly.
SILENT_DAMAGE: dict[str, Callable[[Path], object]] = {
    ".store bytes flipped": lambda d: _flip_all(d, ".store"),
    ".term bytes flipped": lambda d: _flip_all(d, ".term"),
    "morgue.json deleted": lambda d: (d / schema.META_FILE).unlink(),
    "morgue.json garbage": lambda d: (d / schema.META_FILE).write_bytes(b"{not json"),
    "stale lock files": lambda d: [
        (d / name).write_bytes(b"") for name in (".tantivy-writer.lock", ".tantivy-meta.lock")
    ],
}
#: A phrase query, so that the positions are read too.
PHRASE = f'"under {MARKER}"'


def command_args(command: str, some_id: str) -> list[str]:
    return {"search": ["search", PHRASE], "stats": ["stats"], "show": ["show", some_id]}[command]


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_index_exits_2_naming_the_index_and_the_rebuild(
    small_index: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    how, failing = DAMAGE[damage]
    how(index_dir)
    some_id = sorted(small_index["stories"])[0]
    for command in ALL_COMMANDS:
        result = morgue("--index", str(index_dir), *command_args(command, some_id))
        if command in failing:
            assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))
        else:
            assert result.returncode == 0, result.stderr
            assert_no_trace(result.stderr)


@pytest.mark.parametrize("damage", sorted(SILENT_DAMAGE))
def test_silently_damaged_index_never_shows_a_trace(
    small_index: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    SILENT_DAMAGE[damage](index_dir)
    some_id = sorted(small_index["stories"])[0]
    for command in ALL_COMMANDS:
        args = command_args(command, some_id) + (["-n", "100"] if command == "search" else [])
        result = morgue("--index", str(index_dir), *args)
        assert result.returncode in (0, 1, 2), result.stderr
        assert_no_trace(result.stderr + result.stdout)
        if result.returncode == 2:
            assert_clean_failure(result, mentions=(str(index_dir),))


def test_a_rust_panic_never_reaches_the_terminal(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    """Flipped postings (.idx) make tantivy panic inside a search."""
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    _flip_all(index_dir, ".idx")
    result = morgue("--index", str(index_dir), "search", MARKER)
    assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))


def test_a_garbled_morgue_json_names_the_rebuild(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    (index_dir / schema.META_FILE).write_bytes(b"{not json")
    result = morgue("--index", str(index_dir), "stats")
    assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))


def test_a_damaged_index_is_rebuilt_by_the_command_the_message_names(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    DAMAGE[".term truncated"][0](index_dir)
    failed = morgue("--index", str(index_dir), "search", MARKER)
    command = failed.stderr.split("`morgue index --rebuild", 1)[1].split("`", 1)[0]
    assert command.strip().startswith(f"--index {index_dir}"), failed.stderr
    rebuilt = morgue("--index", str(index_dir), "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert_same_stories(story_set(index_dir), small_index["stories"])


# -- 5. malformed archives -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: pytest.TempPathFactory) -> list[Malformed]:
    made = make_malformed(tmp_path_factory.mktemp("malformed") / "inputs", seed=5)
    assert len(made) >= 200
    return made


@pytest.fixture(scope="module")
def outcomes(malformed: list[Malformed]) -> dict[str, Any]:
    fast = [m.path for m in malformed if not m.slow]
    return {o.path: o for o in run_extract_child(fast, per_file_seconds=60)}


def test_every_malformed_input_ends_and_every_intact_record_is_accounted_for(
    malformed: list[Malformed], outcomes: dict[str, Any]
) -> None:
    failures: list[tuple[object, ...]] = []
    for m in malformed:
        if m.slow:
            continue
        o = outcomes[str(m.path)]
        if o.hung or o.error or o.bad_skips:
            failures.append((m.path.name, o.hung and "hung", o.error, o.bad_skips[:3]))
            continue
        if o.archive_error:
            continue
        missing = sorted(set(m.expect) - set(o.offsets))
        if missing:
            failures.append((m.path.name, "records not accounted for at", missing))
    assert failures == []
    assert sum(1 for m in malformed if not m.slow) >= 200


def test_html_nested_100000_deep_is_bounded(malformed: list[Malformed]) -> None:
    """Twice the extractor's own page budget (PAGE_BUDGET_SECONDS, 5 s) is all a page may take
    (lexbor's parse time grows with the square of <div> nesting: 100,000 deep took 20-50 s
    before indexer.extract cut such runs of tags, with or without attributes)."""
    deep = [m for m in malformed if m.kind.startswith("deep-")]
    assert len(deep) == 5
    outcomes = list(run_extract_child([m.path for m in deep], per_file_seconds=10))
    for m, outcome in zip(deep, outcomes, strict=True):
        assert not outcome.hung and not outcome.error, m.kind
        assert set(m.expect) <= set(outcome.offsets), m.kind


def test_malformed_inputs_keep_memory_bounded(outcomes: dict[str, Any]) -> None:
    # Bounds: 16 MB stored and 32 MB decoded per record (indexer.warc / indexer.decode) plus the
    # parse tree of that; a bomb read whole would take gigabytes.
    peak_mb = max(o.max_rss_kb for o in outcomes.values()) / 1024
    assert peak_mb < 1024, peak_mb


def test_a_bomb_is_cut_not_inflated(malformed: list[Malformed], outcomes: dict[str, Any]) -> None:
    for m in malformed:
        if m.kind.endswith("bomb"):
            o = outcomes[str(m.path)]
            assert not o.error and not o.hung and set(m.expect) <= set(o.offsets), m.kind


SAMPLED_KINDS = (
    "truncated", "gzip-flip", "content-length", "arc-warc-mixed", "empty", "random-bytes",
    "gzip-bomb", "nested-100k-unclosed", "one-text-node-10mb", "nul-bytes", "invalid-utf8",
    "utf16-le-bom", "hostile-text", "one-gzip-member",
)  # fmt: skip


def test_morgue_extract_on_a_sample_of_malformed_inputs_exits_0_or_2(
    malformed: list[Malformed],
) -> None:
    seen: set[str] = set()
    for m in malformed:
        if m.kind not in SAMPLED_KINDS or m.kind in seen:
            continue
        seen.add(m.kind)
        result = morgue("extract", str(m.path), timeout=120)
        assert result.returncode in (0, 2), (m.path.name, result.stderr[-2000:])
        assert_no_trace(result.stderr)
        for line in result.stdout.splitlines():
            assert json.loads(line)["warc_file"] == str(m.path)
        if result.returncode == 2:
            assert_clean_failure(result)
    assert seen == set(SAMPLED_KINDS)


def test_morgue_index_over_the_whole_malformed_corpus(
    malformed: list[Malformed], outcomes: dict[str, Any], tmp_path: Path
) -> None:
    folder = malformed[0].path.parent
    index_dir = tmp_path / "idx"
    result = morgue("--index", str(index_dir), "index", "--jobs", "2", str(folder), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_trace(result.stderr)
    # The summary's record count is the library's: every record counted once, none lost.
    indexed_files = [o for o in outcomes.values() if o.archive_error is None]
    records = sum(len(o.offsets) for o in indexed_files)
    assert f"records    {records:,} read" in result.stdout, result.stdout
    # Broken records are listed on stderr with their file and offset.
    listed = [line for line in result.stderr.splitlines() if line.startswith("morgue: skipped")]
    assert listed
    for line in listed:
        assert f" record at {folder}{os.sep}" in line and " @ " in line, line
    stories = story_set(index_dir)
    assert len(stories) <= sum(o.stories for o in indexed_files)
    assert morgue("--index", str(index_dir), "search", HOSTILE_WORD).returncode == 0
    again = morgue("--index", str(index_dir), "index", "--jobs", "2", str(folder), timeout=600)
    assert again.returncode == 0 and story_set(index_dir) == stories


@pytest.mark.parametrize("kind", ["empty", "random-bytes"])
def test_a_named_file_that_is_no_archive_is_exit_2(malformed: list[Malformed], kind: str) -> None:
    path = next(m.path for m in malformed if m.kind == kind)
    for args in (["extract", str(path)], ["index", str(path)]):
        result = morgue("--index", str(path.parent / "idx-never"), *args)
        assert_clean_failure(result, mentions=(str(path),))


# -- 6. bad queries (the CLI side; tests/test_querylang_fuzz.py fuzzes the parser) ----------------

PATHOLOGICAL = (
    "(" * 10_000 + "a" + ")" * 10_000,
    "(" * 10_000,
    " OR ".join(f"w{i}" for i in range(10_000)),
    "NOT " * 5_000 + "a",
    '"' + "a " * 5_000,
    "a*",
    "mo*",
    "x~2",
    "ab~",
    "date:2025-13-45",
    "date:..",
    "headline:",
    "-",
    "^2",
    "a^99999999999999999999",
    '"a b"~99999999999',
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "caption:(((((",
    "*",
    ":",
    "OR",
    "AND AND",
)


@pytest.fixture(scope="module")
def query_index(small_index: dict[str, Any]) -> Path:
    return Path(small_index["index"])


def test_pathological_queries_through_a_real_process(query_index: Path) -> None:
    for query in PATHOLOGICAL:
        result = morgue("--index", str(query_index), "search", "--", query, timeout=60)
        assert result.returncode in (0, 1, 2), (query[:40], result.stderr[-2000:])
        assert_no_trace(result.stderr)
        assert not any(c in result.stdout + result.stderr for c in RAW_FORBIDDEN), query[:40]
        if result.returncode == 2:
            assert result.stderr.startswith("morgue: "), result.stderr[:300]


@settings(max_examples=150, deadline=None)
@given(query=st.text(min_size=1, max_size=60))
def test_random_queries_never_raise_through_the_cli(query_index: Path, query: str) -> None:
    result = CliRunner().invoke(
        cli, ["--index", str(query_index), "search", "--", query], catch_exceptions=False
    )
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("morgue: ")


# -- 7. hostile text ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hostile pages through the whole pipeline, plus hostile stories written directly (so the
    output checks do not depend on what the extractor chooses to keep)."""
    folder = tmp_path_factory.mktemp("hostile")
    archive = hostile_archive(folder / "hostile.warc.gz")
    index_dir = folder / "idx"
    result = morgue("--index", str(index_dir), "index", "--jobs", "1", str(archive))
    assert result.returncode == 0, result.stderr
    with StoryWriter(index_dir) as writer:
        writer.add_batch(hostile_stories())
    return index_dir


def test_hostile_text_never_reaches_the_terminal_raw(hostile_index: Path) -> None:
    found = morgue("--index", str(hostile_index), "search", "--format", "jsonl", HOSTILE_WORD)
    ids = [json.loads(line)["id"] for line in found.stdout.splitlines()]
    assert len(ids) >= 2
    runs = [["search", HOSTILE_WORD, "-n", "50"], ["stats"]]
    runs += [["show", story_id] for story_id in ids]
    for args in runs:
        result = morgue("--index", str(hostile_index), *args)
        assert result.returncode == 0, result.stderr
        for c in RAW_FORBIDDEN:
            assert c not in result.stdout + result.stderr, (args, repr(c))


def test_hostile_text_keeps_json_and_jsonl_valid(hostile_index: Path) -> None:
    result = morgue("--index", str(hostile_index), "search", "--format", "json", HOSTILE_WORD)
    data = json.loads(result.stdout)
    assert data["total"] == len(data["hits"]) >= 2
    assert any("\x1b" in (hit["body"] or "") for hit in data["hits"])  # kept, but escaped
    lines = morgue("--index", str(hostile_index), "search", "--format", "jsonl", HOSTILE_WORD)
    hits = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [h["id"] for h in hits] == [h["id"] for h in data["hits"]]
    for hit in hits:
        shown = morgue("--index", str(hostile_index), "show", "--format", "json", hit["id"])
        assert json.loads(shown.stdout)["id"] == hit["id"]
    for c in RAW_FORBIDDEN:
        assert c not in result.stdout + lines.stdout, repr(c)


def test_hostile_text_keeps_csv_valid_and_neutralises_formulas(hostile_index: Path) -> None:
    result = morgue("--index", str(hostile_index), "search", "--format", "csv", HOSTILE_WORD)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) >= 2 and all(len(row) == len(header) for row in body)
    assert any(cell.startswith("'=") for row in body for cell in row)  # a formula, defused
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:40]
            assert not any(c in cell for c in ("\x1b", "\x00", "\x9b")), cell[:40]
