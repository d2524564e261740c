"""Extraction processes for `index_paths`: byte ranges of archives in, batches of stories out.

One task is one byte range of an archive file (the whole file, or a slice of a big one, see
`indexer.pipeline.RANGE_BYTES`). A worker process runs `extract_file` on it and streams
batches (stories already turned into tantivy JSON by `writer.prepare`, skip counts, problems)
back to the single writer in the main process.

Every worker has its own pair of pipes rather than sharing queues: a worker killed in the
middle of a message (a crash in a parser, the OOM killer) only breaks its own pipe, which
reads as EOF, instead of leaving a shared queue's lock held or its stream garbled for
everyone. Handing out tasks one at a time also tells us which task a dead worker had.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import signal
import sys
import threading
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from indexer.errors import IndexerError
from indexer.extract import extract_file
from indexer.records import Skip, Story
from indexer.writer import PreparedStory, prepare

#: Stories per batch; a batch also goes out after this many records without stories, so
#: progress keeps moving through files that hold none.
BATCH_STORIES = 256
BATCH_RECORDS = 2_000
#: Skip reasons that mean "something went wrong here" (listed with file and offset), as
#: opposed to routine ones (revisit, redirect, http-status, not-html, no-story, ...), counted.
PROBLEM_REASONS = frozenset({"broken", "extract-error", "over-budget", "worker-died", "missing"})
#: Problems listed per task (and per report); the counts stay exact beyond this.
MAX_PROBLEMS = 1_000
#: How long the main process waits for a batch before giving the caller an idle turn.
IDLE_SECONDS = 0.5


class Task(NamedTuple):
    """The records of `path` whose offsets are in [start, stop) (`warc.read_archive`)."""

    task_no: int
    path: str
    start: int
    stop: int  # the file's size for its last (or only) range


@dataclass(slots=True, kw_only=True)
class Batch:
    """Part of one task's extraction, in file order; the last one of a task has `done`."""

    task_no: int
    stories: list[PreparedStory]
    records: int  # records read since the previous batch of this task
    position: int  # byte offset reached in the file
    skips: Counter[str]
    problems: list[Skip]
    done: bool = False


class TaskFailed(NamedTuple):
    """A task whose extraction stopped early (its exception, or its process died)."""

    task_no: int
    detail: str
    reason: str  # "extract-error" or "worker-died"


def extract_batches(task: Task) -> Iterator[Batch]:
    """The stories and skips of one task, in batches; the last one has `done=True`."""
    task_no = task.task_no
    stories: list[PreparedStory] = []
    skips: Counter[str] = Counter()
    problems: list[Skip] = []
    problems_sent = pending_records = 0
    last_offset = -1
    for item in extract_file(task.path, start=task.start, stop=task.stop):
        if item.warc_offset != last_offset:  # a record can give several stories
            last_offset = item.warc_offset
            pending_records += 1
        if isinstance(item, Story):
            stories.append(prepare(item))
        else:
            skips[item.reason] += 1
            if item.reason in PROBLEM_REASONS and problems_sent < MAX_PROBLEMS:
                problems.append(item)
                problems_sent += 1
        if len(stories) >= BATCH_STORIES or pending_records >= BATCH_RECORDS:
            yield Batch(
                task_no=task_no,
                stories=stories,
                records=pending_records,
                # Clamped: a whole-file gzip's offsets are in its decompressed stream, past
                # the file's size (indexer.warc), which the progress bar must not overshoot.
                position=min(max(last_offset, task.start), task.stop),
                skips=skips,
                problems=problems,
            )
            stories, skips, problems, pending_records = [], Counter(), [], 0
    yield Batch(
        task_no=task_no,
        stories=stories,
        records=pending_records,
        position=task.stop,
        skips=skips,
        problems=problems,
        done=True,
    )


@dataclass(slots=True, kw_only=True)
class _Worker:
    proc: Any  # multiprocessing.Process
    tasks: Any  # the pipe its tasks are sent through
    task_no: int | None = None  # the task it is on; None once told to stop
    spoke: bool = False  # has sent anything (so it did start)


def run_pool(tasks: Iterable[Task], jobs: int) -> Generator[Batch | TaskFailed | None, None, None]:
    """Extract `tasks` (distinct task numbers) in `jobs` processes.

    `tasks` is drawn from only as workers free up, so it can be a lazy generator. Yields each
    Batch as it arrives, a TaskFailed for a task that could not be finished, and None when
    nothing arrived for IDLE_SECONDS (a turn to commit). Closing the generator (or an
    exception such as KeyboardInterrupt) stops every worker.
    """
    ctx = mp.get_context("spawn")  # no fork: the parent holds tantivy threads and the lock
    pending = iter(tasks)
    upcoming = next(pending, None)  # one task of lookahead: "is there more?" without taking it
    workers: dict[Any, _Worker] = {}  # result pipe → worker
    any_spoke = False

    def start_worker() -> None:
        task_out, task_in = ctx.Pipe(duplex=False)
        result_out, result_in = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_worker_main, args=(task_out, result_in), name="morgue-extract", daemon=True
        )
        with _sigint_ignored():  # inherited through exec: no Ctrl-C traceback while it starts
            proc.start()
        task_out.close()  # the child has its own copies; ours would hide its death (no EOF)
        result_in.close()
        worker = _Worker(proc=proc, tasks=task_in)
        workers[result_out] = worker
        hand_out(worker)

    def hand_out(worker: _Worker) -> None:
        nonlocal upcoming
        task, upcoming = upcoming, (None if upcoming is None else next(pending, None))
        worker.task_no = None if task is None else task.task_no
        with contextlib.suppress(OSError):  # a dead worker shows up as EOF on its pipe
            worker.tasks.send(task)

    try:
        for _ in range(jobs):
            if upcoming is None:
                break
            start_worker()
        while workers:
            ready: list[Any] = mp_connection.wait(list(workers), timeout=IDLE_SECONDS)
            if not ready:
                yield None
            for pipe in ready:
                worker = workers[pipe]
                try:
                    kind, payload = pipe.recv()
                except (EOFError, OSError):  # it exited (told to stop) or died
                    del workers[pipe]
                    pipe.close()
                    worker.tasks.close()
                    worker.proc.join()
                    code = worker.proc.exitcode
                    # A missing __main__ guard makes the child raise (exit code 1) before it
                    # reads a task; a signal (the OOM killer, kill -9) is just a dead worker.
                    if not worker.spoke and not any_spoke and code is not None and code > 0:
                        raise IndexerError(
                            f"extraction processes exit as they start (exit code {code}); "
                            "a script calling index_paths with jobs > 1 must do it under "
                            "`if __name__ == '__main__':` (or use jobs=1)"
                        ) from None
                    if worker.task_no is not None:
                        yield TaskFailed(
                            worker.task_no,
                            f"extraction process died (exit code {code})",
                            "worker-died",
                        )
                        # Each death ends a task, so replacements stop when the tasks do
                        # (and no task is left over once every worker is gone).
                        if upcoming is not None:
                            start_worker()
                    continue
                worker.spoke = any_spoke = True
                if kind == "batch":
                    yield payload
                    if payload.done:
                        hand_out(worker)
                else:  # "failed": the task raised; the worker goes on with the next
                    yield TaskFailed(payload[0], payload[1], "extract-error")
                    hand_out(worker)
    finally:
        for pipe, worker in workers.items():
            worker.proc.terminate()
            pipe.close()
            worker.tasks.close()
        for worker in workers.values():
            worker.proc.join(timeout=2)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join()


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored for a moment (main thread only; elsewhere signals cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _worker_main(tasks: Any, results: Any) -> None:
    """An extraction process: Tasks in through `tasks`, batches out through `results`."""
    # Ctrl-C reaches the whole process group; the main process decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    try:
        while (task := tasks.recv()) is not None:
            try:
                for batch in extract_batches(task):
                    results.send(("batch", batch))
            except (EOFError, BrokenPipeError):
                raise
            except Exception as exc:  # the per-task boundary: report it, go on with the next
                results.send(("failed", (task.task_no, f"{type(exc).__name__}: {exc}")))
    except (EOFError, BrokenPipeError):
        pass  # the main process is gone (killed): so are we


def _die_with_parent() -> None:
    """Linux: get SIGTERM when the parent dies (e.g. SIGKILL), so no orphan keeps reading."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
