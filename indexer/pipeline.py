"""`index_paths`: archives → stories → the index, in a process pool, resumable and idempotent.

Shape of a run:

    find_archives ─► byte ranges ─► ledger filter ─► worker processes: extract_file(range)
                     ─► batches of stories ─► main process: ONE StoryWriter (upsert, commits)
                                                             ─► ledger line per finished range

- Extraction runs in `indexer.pool` worker processes (jobs=1: right here). A task is an
  archive file, or a byte range of one when the file is bigger than `split_bytes`, so that
  all workers share one big archive; workers stream batches of stories already turned into
  tantivy JSON.
- Idempotent: the writer upserts by id and keeps the earliest capture of a story, so any
  order of files and ranges, any number of workers and any rerun end with the same stories.
- Resumable: a range (or whole file) is written to the ledger only after the commit holding
  all of its stories; a rerun skips ledgered files and ranges and re-reads the rest (upsert
  makes that harmless).
- Ctrl-C: workers ignore SIGINT (no tracebacks from them), the main process stops them,
  commits what it has and returns a report with `interrupted=True`.
- The library never prints: progress goes to the `progress` callback only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer import warc
from indexer.archives import find_archives
from indexer.errors import IndexerError, IndexLockedError, IndexStorageError
from indexer.ledger import ArchiveFile, Ledger, archive_file, rerun_path
from indexer.pool import MAX_PROBLEMS, Batch, Task, TaskFailed, extract_batches, run_pool
from indexer.records import Skip
from indexer.writer import DEFAULT_HEAP_SIZE, StoryWriter

#: Commit once this many stories, or this much tantivy JSON (characters), went to the writer
#: since the last commit, whichever comes first. What is uncommitted lives in the writer's
#: memory (tantivy's indexing arena, the ids awaiting their commit), so these two settings,
#: not the machine's speed, set the main process's peak: 48 M characters is ~18,000 stories
#: of the 2.65 KB of JSON a bench page's story averages (bench/ingest.py, 20k pages). Big
#: segments also keep the index small: commits every ~8,000 stories (a loaded machine's 30 s)
#: took it from 1.27 to 1.30–1.31 × the story text.
DEFAULT_COMMIT_EVERY = 20_000
COMMIT_CHARS = 48_000_000
#: ... and at least this often while anything is uncommitted. Only a bound on what a kill can
#: lose (and on how stale a searcher's view gets): at any speed above ~170 stories/s the
#: budget above comes first, so the timer no longer decides memory or segment sizes. At 30 s
#: it did: a loaded machine committed smaller, more segments (main RssAnon 68-109 MB).
COMMIT_SECONDS = 120.0
#: Archives bigger than this are read as byte ranges of about this size, each one a task of
#: its own, so that every worker can share one big archive. Extraction reads ~1.5 MB/s of
#: gzipped WARC per core (bench/ingest.py, 4,000 synthetic pages, 2 cores), so a range is
#: ~1.5 s of one core: the pool's tail (one worker on its last range while the others have
#: nothing left) stays near a second, which is what lets 2 workers approach 2x on one 70 MB
#: archive (8 MB ranges would idle one core ~5 s of ~25). A range costs one resync scan (a
#: few KB read, 1 MB at most) and a ledger line: noise against 1.5 s of extraction.
RANGE_BYTES = 2 * 1024 * 1024
#: tantivy indexing threads of the writer: one per this many extraction workers. One thread
#: indexes ~5,000 stories/s (~200 µs of CPU a story, measured on 20k bench stories) and a
#: worker extracts ~700/s, so one thread keeps up with 4 workers. tantivy's own choice (a
#: thread per core) only took CPU from the workers: +9 % writer CPU for 2 threads on 2 cores.
WORKERS_PER_WRITER_THREAD = 4
#: ... and no more than this, nor than the heap allows (tantivy wants ≥ 15 MB per thread).
MAX_WRITER_THREADS = 8
_HEAP_PER_THREAD = 16_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexProgress:
    """A snapshot for a progress bar; the counts cover the files this run reads."""

    files_done: int
    files_total: int
    records: int
    stories: int
    bytes_read: int
    bytes_total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexReport:
    """What `index_paths` did. `skipped` counts every record without a story, by reason."""

    files: int  # archive files found
    files_skipped: int  # already in the ledger, not read again
    #: Files this run read to the end and put in the ledger (their stories committed). After
    #: a Ctrl-C that is fewer than `files - files_skipped`: the rest are `files_left`.
    files_read: int
    files_left: int  # to read (again) by a rerun: cut by a Ctrl-C, or a part of them failed
    records: int
    stories_indexed: int
    duplicates: int  # later captures of a story already kept (same id)
    skipped: dict[str, int]
    problems: tuple[Skip, ...]  # broken records etc., with file and offset (capped)
    seconds: float
    pages_per_second: float
    interrupted: bool
    index_path: str


def index_paths(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    force: bool = False,
    rebuild: bool = False,
    progress: Callable[[IndexProgress], None] | None = None,
    heap_size: int = DEFAULT_HEAP_SIZE,
    commit_every: int = DEFAULT_COMMIT_EVERY,
    split_bytes: int = RANGE_BYTES,
) -> IndexReport:
    """Extract the stories of the archives under `paths` and upsert them into `index_dir`.

    `jobs` extraction processes (default: all cores; 1 = in this process) feed one writer;
    archives bigger than `split_bytes` are shared among them as byte ranges of about that
    size. Files (and ranges) in the index's ledger are skipped unless `force`. `rebuild`
    re-reads every file of the ledger (and `paths`) into a fresh index that replaces the
    old one at the end.

    Raises ArchiveError for a path that is not an archive, IndexLockedError when another run
    holds the index, IndexVersionError for an index of another schema version (rebuild it),
    IndexStorageError when the index cannot be written (the last commit stays intact).
    A Ctrl-C returns the report so far with `interrupted=True`.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    workers = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    options = _Options(
        jobs=workers,
        progress=progress,
        heap_size=heap_size,
        commit_every=max(1, commit_every),
        split_bytes=max(1, split_bytes),
    )
    given: list[str | os.PathLike[str]] = (
        [paths] if isinstance(paths, str | os.PathLike) else list(paths)  # one path given bare
    )
    _finish_swap(index_dir)
    if rebuild:
        return _rebuild(given, index_dir, options, started)
    found = find_archives(given) if given else []
    archives = [archive_file(p) for p in found]
    with StoryWriter(index_dir, heap_size=heap_size, num_threads=options.writer_threads) as writer:
        ledger = Ledger(index_dir)
        todo = [a for a in archives if force or not ledger.is_done(a)]
        run = _Run(writer, ledger, todo, options, started, resume=not force)
        run.execute()
        return run.report(files=len(archives), files_skipped=len(archives) - len(todo))


# -- one run --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Options:
    jobs: int
    progress: Callable[[IndexProgress], None] | None
    heap_size: int
    commit_every: int
    split_bytes: int

    @property
    def writer_threads(self) -> int:
        wanted = -(-self.jobs // WORKERS_PER_WRITER_THREAD)
        return max(1, min(wanted, MAX_WRITER_THREADS, self.heap_size // _HEAP_PER_THREAD))


@dataclass(slots=True)
class _FileState:
    archive: ArchiveFile
    planned: bool = False  # its tasks are made (all at once, when the pool reaches the file)
    tasks_left: int = 0  # tasks of this file not finished yet in this run
    failed: bool = False  # a task of it could not be finished: not done, a rerun retries


@dataclass(slots=True)
class _TaskState:
    file: _FileState
    start: int
    stop: int
    records: int = 0
    stories: int = 0
    position: int = 0
    done: bool = False  # finished, or given up on

    @property
    def archive(self) -> ArchiveFile:
        return self.file.archive

    @property
    def whole(self) -> bool:
        return self.start == 0 and self.stop == self.archive.size


@dataclass(slots=True)
class _Run:
    writer: StoryWriter
    ledger: Ledger
    todo: list[ArchiveFile]
    options: _Options
    started: float
    resume: bool = True  # skip the ranges the ledger lists as finished
    files: list[_FileState] = field(init=False)
    #: The tasks handed out and not over yet, by task number: planning is lazy (`_plan`), so
    #: memory follows the workers, not the ~500,000 ranges of a terabyte of archives.
    tasks: dict[int, _TaskState] = field(default_factory=dict)
    task_count: int = 0  # tasks this run will hand out
    records: int = 0
    added: int = 0
    duplicates: int = 0
    files_done: int = 0
    bytes_read: int = 0
    bytes_total: int = 0
    skips: Counter[str] = field(default_factory=Counter)
    problems: list[Skip] = field(default_factory=list)
    interrupted: bool = False
    uncommitted: int = 0
    uncommitted_chars: int = 0
    finished: list[_TaskState] = field(default_factory=list)  # done, awaiting their commit
    last_commit: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        # Biggest files first: the pool stays busy to the end instead of idling on one giant.
        self.files = [_FileState(a) for a in sorted(self.todo, key=lambda a: -a.size)]
        for state in self.files:  # counted now for the pool size and the progress bar's total
            for start, stop in self._file_ranges(state):
                self.task_count += 1
                self.bytes_total += stop - start

    def _file_ranges(self, state: _FileState) -> Iterator[tuple[int, int]]:
        """The byte ranges of a file still to read: those the ledger does not list as done."""
        done = self.ledger.done_ranges(state.archive) if self.resume else []
        size = state.archive.size
        ranges = _ranges(size, self.options.split_bytes)
        if len(ranges) > 1 and warc.is_whole_gzip(state.archive.path):
            # One gzip member for the whole file cannot be entered midway: the range at 0 would
            # read all of it, and the others would read nothing and still fill the ledger.
            ranges = [(0, size)]
        for start, stop in ranges:
            if not any(a <= start and stop <= b for a, b in done):
                yield start, stop

    def _plan(self) -> Iterator[Task]:
        """The tasks, made as the workers ask for them. A file's tasks are all made when its
        first one is, so its `tasks_left` is known before any of them can finish."""
        task_no = itertools.count()
        for state in self.files:
            states = [_TaskState(state, a, b, position=a) for a, b in self._file_ranges(state)]
            state.tasks_left, state.planned = len(states), True
            for task in states:
                n = next(task_no)
                self.tasks[n] = task
                yield Task(n, task.archive.given, task.start, task.stop)

    def execute(self) -> None:
        with _first_interrupt_only():
            self._execute()

    def _execute(self) -> None:
        try:
            if self.options.jobs == 1:
                self._run_here()
            elif self.task_count:
                self._run_pool(min(self.options.jobs, self.task_count))
        except KeyboardInterrupt:
            self.interrupted = True
        # Everything taken so far is committed; only then do finished files reach the ledger.
        try:
            self._commit()
        except KeyboardInterrupt:
            # The first Ctrl-C landed during the final commit: tantivy's commit has returned
            # by the time Python raises, and later Ctrl-Cs are ignored, so commit again to
            # write the ledger, and still return the report (the CLI prints the summary).
            self.interrupted = True
            self._commit()
        try:
            self.writer.close(wait_merges=not self.interrupted)
        except KeyboardInterrupt:
            self.interrupted = True  # close() drops the writer (and its lock) either way

    # -- the two ways of running ---------------------------------------------------------

    def _run_here(self) -> None:
        for task in self._plan():
            batches = extract_batches(task)
            while True:
                try:
                    batch = next(batches, None)
                except Exception as exc:  # the per-task boundary, as in a worker process
                    detail = f"{type(exc).__name__}: {exc}"
                    self._task_failed(TaskFailed(task.task_no, detail, "extract-error"))
                    break
                if batch is None:
                    break
                self._take(batch)

    def _run_pool(self, jobs: int) -> None:
        with contextlib.closing(run_pool(self._plan(), jobs)) as events:
            for event in events:
                if event is None:
                    self._maybe_commit()
                elif isinstance(event, TaskFailed):
                    self._task_failed(event)
                else:
                    self._take(event)

    # -- bookkeeping ----------------------------------------------------------------------

    def _take(self, batch: Batch) -> None:
        state = self.tasks[batch.task_no]
        if batch.stories:
            result = self.writer.add_prepared(batch.stories)
            self.added += result.added
            self.duplicates += result.duplicates
            self.uncommitted += len(batch.stories)
            self.uncommitted_chars += sum(len(s.json) for s in batch.stories)
        state.records += batch.records
        state.stories += len(batch.stories)
        self.bytes_read += batch.position - state.position
        state.position = batch.position
        self.records += batch.records
        self.skips.update(batch.skips)
        room = MAX_PROBLEMS - len(self.problems)
        if room > 0:
            self.problems.extend(batch.problems[:room])
        if batch.done:
            state.done = True
            del self.tasks[batch.task_no]
            self.finished.append(state)
            self._task_over(state)
        self._maybe_commit()
        self._report_progress()

    def _task_over(self, state: _TaskState) -> None:
        state.file.tasks_left -= 1
        if state.file.tasks_left == 0:
            self.files_done += 1

    def _task_failed(self, failed: TaskFailed) -> None:
        """A task whose extraction stopped early: reported, not ledgered (a rerun retries it)."""
        state = self.tasks.pop(failed.task_no)
        state.file.failed = True
        self.skips[failed.reason] += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(
                Skip(
                    reason=failed.reason,
                    warc_file=state.archive.given,
                    warc_offset=state.position,
                    detail=failed.detail,
                )
            )
        state.done = True
        self._task_over(state)
        self._report_progress()

    def _maybe_commit(self) -> None:
        waiting = self.uncommitted or self.finished
        if (
            self.uncommitted >= self.options.commit_every
            or self.uncommitted_chars >= COMMIT_CHARS
            or (waiting and time.monotonic() - self.last_commit >= COMMIT_SECONDS)
        ):
            self._commit()

    def _commit(self) -> None:
        self.writer.commit()
        self.uncommitted = self.uncommitted_chars = 0
        self.last_commit = time.monotonic()
        finished, self.finished = self.finished, []
        self.ledger.record(
            (t.archive, t.records, t.stories, None if t.whole else (t.start, t.stop))
            for t in finished
        )
        # A split file whose last range is now in the ledger gets its whole-file line, with
        # the counts of all its ranges (of this run and of earlier ones).
        complete = {
            t.archive.path: t.archive
            for t in finished
            if not t.whole and t.file.tasks_left == 0 and not t.file.failed
        }
        self.ledger.record((a, *self.ledger.range_counts(a), None) for a in complete.values())

    def _report_progress(self) -> None:
        if self.options.progress is None:
            return
        self.options.progress(
            IndexProgress(
                files_done=self.files_done,
                files_total=len(self.files),
                records=self.records,
                stories=self.added,
                bytes_read=self.bytes_read,
                bytes_total=self.bytes_total,
            )
        )

    def report(self, *, files: int, files_skipped: int) -> IndexReport:
        seconds = time.monotonic() - self.started
        # Called after the final commit, which ledgered every finished task: a file counts as
        # read only when all of its tasks finished, not merely when it was handed out.
        read = sum(1 for f in self.files if f.planned and f.tasks_left == 0 and not f.failed)
        return IndexReport(
            files=files,
            files_skipped=files_skipped,
            files_read=read,
            files_left=len(self.files) - read,
            records=self.records,
            stories_indexed=self.added,
            duplicates=self.duplicates,
            skipped=dict(sorted(self.skips.items())),
            problems=tuple(self.problems),
            seconds=seconds,
            pages_per_second=self.records / seconds if seconds > 0 else 0.0,
            interrupted=self.interrupted,
            index_path=os.path.abspath(self.writer.path),
        )


@contextlib.contextmanager
def _first_interrupt_only() -> Iterator[None]:
    """Let the first Ctrl-C stop the run and ignore the next ones until the run has committed
    and stopped its workers: an impatient second Ctrl-C would otherwise break the commit or
    the clean-up and lose the report. Only where Python's own handler is in place (the main
    thread, nobody else's handler installed)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _ranges(size: int, split_bytes: int) -> list[tuple[int, int]]:
    """[start, stop) byte ranges covering a file of `size` bytes, about `split_bytes` each."""
    count = max(1, -(-size // split_bytes))
    cuts = [size * i // count for i in range(count + 1)]
    return list(itertools.pairwise(cuts))


# -- rebuild ----------------------------------------------------------------------------------


def _rebuild(
    given: list[str | os.PathLike[str]], index_dir: Path, options: _Options, started: float
) -> IndexReport:
    """Re-read every ledgered file (plus `given`) into a sibling directory, then swap it in."""
    with _lock_directory(index_dir):
        ledger = Ledger(index_dir)
        listed = [rerun_path(e) for e in ledger.files()]
        missing = [p for p in listed if not os.path.isfile(p)]
        found = [p for p in listed if os.path.isfile(p)]
        found += find_archives(given) if given else []
        unique: dict[str, str] = {}
        for p in found:
            unique.setdefault(os.path.abspath(p), p)
        found = list(unique.values())
        if not found:
            # Swapping in an empty index would throw the old one away for nothing.
            raise IndexerError(
                f"nothing to rebuild index {index_dir} from: its ledger lists no archive that "
                "still exists; give the archives as PATHs to rebuild from them"
            )
        archives = [archive_file(p) for p in found]
        fresh = _sibling(index_dir, "rebuild")
        shutil.rmtree(fresh, ignore_errors=True)  # a previous rebuild that did not finish
        with StoryWriter(
            fresh, heap_size=options.heap_size, num_threads=options.writer_threads
        ) as writer:
            run = _Run(writer, Ledger(fresh), archives, options, started)
            for path in missing:
                run.skips["missing"] += 1
                run.problems.append(
                    Skip(
                        reason="missing",
                        warc_file=path,
                        warc_offset=0,
                        detail="listed in the ledger, now gone: its stories are not rebuilt",
                    )
                )
            run.execute()
        report = run.report(files=len(archives), files_skipped=0)
        if report.interrupted:
            shutil.rmtree(fresh, ignore_errors=True)  # the old index stays as it was
            return _with_path(report, index_dir)
        _swap(fresh, index_dir)
    return _with_path(report, index_dir)


@contextlib.contextmanager
def _lock_directory(index_dir: Path) -> Iterator[None]:
    """Hold tantivy's own writer lock (an flock) on an index we cannot or will not open."""
    if not index_dir.is_dir():
        yield
        return
    try:
        import fcntl  # POSIX only; elsewhere a rebuild simply runs unguarded
    except ImportError:
        yield
        return
    lock_path = index_dir / ".tantivy-writer.lock"
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexStorageError(f"cannot lock index {index_dir}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLockedError(
                f"index {index_dir} is locked by another morgue index run: "
                "wait for it to finish, or stop it"
            ) from None
        yield
    finally:
        os.close(fd)


def _sibling(index_dir: Path, role: str) -> Path:
    return index_dir.parent / f".{index_dir.name}.{role}"


def _swap(fresh: Path, index_dir: Path) -> None:
    old = _sibling(index_dir, "old")
    try:
        shutil.rmtree(old, ignore_errors=True)
        if index_dir.exists():
            os.rename(index_dir, old)
        os.rename(fresh, index_dir)
    except OSError as exc:
        raise IndexStorageError(
            f"cannot move the rebuilt index {fresh} to {index_dir}: {exc.strerror}"
        ) from exc
    shutil.rmtree(old, ignore_errors=True)


def _finish_swap(index_dir: Path) -> None:
    """Complete a rebuild's swap that a kill cut between its two renames (no index left)."""
    old, fresh = _sibling(index_dir, "old"), _sibling(index_dir, "rebuild")
    if index_dir.exists() or not old.is_dir():
        return
    # The swap starts only once the fresh index is complete, so prefer it to the old one.
    try:
        os.rename(fresh if fresh.is_dir() else old, index_dir)
    except OSError as exc:
        raise IndexStorageError(
            f"index {index_dir} is missing and cannot be restored from {fresh} or {old}: "
            f"{exc.strerror}"
        ) from exc
    shutil.rmtree(old, ignore_errors=True)


def _with_path(report: IndexReport, index_dir: Path) -> IndexReport:
    return dataclasses.replace(report, index_path=os.path.abspath(index_dir))
