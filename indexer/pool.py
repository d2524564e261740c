"""Extraction processes for `index_paths`: archive files in, batches of prepared stories out.

One task is one archive file. A worker process runs `extract_file` on it and streams batches
(stories already turned into tantivy JSON by `writer.prepare`, skip counts, problems) back to
the single writer in the main process. A multi-gigabyte file therefore runs on one core;
splitting files by record offset is the next step if that matters.

Every worker has its own pair of pipes rather than sharing queues: a worker killed in the
middle of a message (a crash in a parser, the OOM killer) only breaks its own pipe, which
reads as EOF, instead of leaving a shared queue's lock held or its stream garbled for
everyone. Handing out files one at a time also tells us which file a dead worker had.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import signal
import sys
from collections import Counter, deque
from collections.abc import Generator, Iterator, Sequence
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
#: Problems listed per file (and per report); the counts stay exact beyond this.
MAX_PROBLEMS = 1_000
#: How long the main process waits for a batch before giving the caller an idle turn.
IDLE_SECONDS = 0.5


@dataclass(slots=True, kw_only=True)
class Batch:
    """Part of one file's extraction, in file order; the last one of a file has `done`."""

    file_no: int
    stories: list[PreparedStory]
    records: int  # records read since the previous batch of this file
    position: int  # byte offset reached in the file
    skips: Counter[str]
    problems: list[Skip]
    done: bool = False


class FileFailed(NamedTuple):
    """A file whose extraction stopped early (its exception, or its process died)."""

    file_no: int
    detail: str
    reason: str  # "extract-error" or "worker-died"


def extract_batches(file_no: int, path: str, size: int) -> Iterator[Batch]:
    """The stories and skips of one archive, in batches; the last one has `done=True`."""
    stories: list[PreparedStory] = []
    skips: Counter[str] = Counter()
    problems: list[Skip] = []
    problems_sent = pending_records = 0
    last_offset = -1
    for item in extract_file(path):
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
                file_no=file_no,
                stories=stories,
                records=pending_records,
                position=max(last_offset, 0),
                skips=skips,
                problems=problems,
            )
            stories, skips, problems, pending_records = [], Counter(), [], 0
    yield Batch(
        file_no=file_no,
        stories=stories,
        records=pending_records,
        position=size,
        skips=skips,
        problems=problems,
        done=True,
    )


@dataclass(slots=True, kw_only=True)
class _Worker:
    proc: Any  # multiprocessing.Process
    tasks: Any  # the pipe its files are sent through
    file_no: int | None = None  # the file it is reading; None once told to stop
    spoke: bool = False  # has sent anything (so it did start)


def run_pool(
    files: Sequence[tuple[str, int]], jobs: int
) -> Generator[Batch | FileFailed | None, None, None]:
    """Extract `files` ((path, size), numbered by position) in `jobs` processes.

    Yields each Batch as it arrives, a FileFailed for a file that could not be finished, and
    None when nothing arrived for IDLE_SECONDS (a turn to commit). Closing the generator (or
    an exception such as KeyboardInterrupt) stops every worker.
    """
    ctx = mp.get_context("spawn")  # no fork: the parent holds tantivy threads and the lock
    waiting = deque(range(len(files)))
    workers: dict[Any, _Worker] = {}  # result pipe → worker
    spare = len(files)  # replacements for workers that die
    any_spoke = False

    def start_worker() -> None:
        task_out, task_in = ctx.Pipe(duplex=False)
        result_out, result_in = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_worker_main, args=(task_out, result_in), name="morgue-extract", daemon=True
        )
        proc.start()
        task_out.close()  # the child has its own copies; ours would hide its death (no EOF)
        result_in.close()
        worker = _Worker(proc=proc, tasks=task_in)
        workers[result_out] = worker
        hand_out(worker)

    def hand_out(worker: _Worker) -> None:
        worker.file_no = waiting.popleft() if waiting else None
        task = None if worker.file_no is None else (worker.file_no, *files[worker.file_no])
        with contextlib.suppress(OSError):  # a dead worker shows up as EOF on its pipe
            worker.tasks.send(task)

    try:
        for _ in range(min(jobs, len(files))):
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
                    if not worker.spoke and not any_spoke:
                        raise IndexerError(
                            f"extraction processes exit as they start (exit code {code}); "
                            "a script calling index_paths with jobs > 1 must do it under "
                            "`if __name__ == '__main__':` (or use jobs=1)"
                        ) from None
                    if worker.file_no is not None:
                        yield FileFailed(
                            worker.file_no,
                            f"extraction process died (exit code {code})",
                            "worker-died",
                        )
                        if waiting and spare > 0:
                            spare -= 1
                            start_worker()
                    continue
                worker.spoke = any_spoke = True
                if kind == "batch":
                    yield payload
                    if payload.done:
                        hand_out(worker)
                else:  # "failed": the file raised; the worker goes on with the next
                    yield FileFailed(payload[0], payload[1], "extract-error")
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
    for file_no in waiting:  # every worker died and no replacement was left
        yield FileFailed(file_no, "no extraction process left to read it", "worker-died")


def _worker_main(tasks: Any, results: Any) -> None:
    """An extraction process: files in through `tasks`, batches out through `results`."""
    # Ctrl-C reaches the whole process group; the main process decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    try:
        while (task := tasks.recv()) is not None:
            file_no, path, size = task
            try:
                for batch in extract_batches(file_no, path, size):
                    results.send(("batch", batch))
            except (EOFError, BrokenPipeError):
                raise
            except Exception as exc:  # the per-file boundary: report it, go on with the next
                results.send(("failed", (file_no, f"{type(exc).__name__}: {exc}")))
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
