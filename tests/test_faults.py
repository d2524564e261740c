"""The fault suite of issue 5, process faults: kills and Ctrl-C at any moment, full disks and
read-only indexes, two writers and many readers, all through real `morgue` processes.

The measure everywhere is the story set of an index (every id with every stored field):
whatever happens, a rerun ends with the set of one clean run, and nothing a user sees is a
traceback or a Rust panic (tests/faults_checks.py). tests/test_pipeline.py covers the
library-level kill, Ctrl-C and lock cases; these go further (the CLI, many kill points,
concurrency, tmpfs). Damaged indexes and malformed archives: tests/test_faults_malformed.py;
bad queries and hostile text: tests/test_faults_hostile.py. The long randomized runs with
figures are bench/faults.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from faults_checks import (
    assert_clean_failure,
    assert_committed_subset,
    assert_no_trace,
    assert_opens_and_searches,
    assert_same_stories,
    story_set,
)
from faults_corpus import MARKER, hostile_archive, write_news_archives
from morgue_processes import REPO, env, group_gone, morgue, start_morgue, stop_group, wait_until

from search.archive import Archive

#: `small_index`, built once for every fault test file.
pytest_plugins = ["faults_fixtures"]

SAMPLES = REPO / "sample_warcs"


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
        wait_until(
            lambda: bool(extraction_workers(proc.pid)) or proc.poll() is not None, 60, "workers"
        )
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
