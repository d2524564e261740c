"""The ledger of finished archive files, kept beside the index (`ledger.jsonl`).

One JSON line per archive file whose every story is in a commit: absolute path (and the path
as given), size, mtime, counts, when. A line is appended only *after* the commit holding that
file's stories and is fsynced, so a run killed at any moment never lists a file whose stories
could be missing; a rerun skips the listed files (same path, size and mtime) and redoes the
rest. `morgue index --rebuild` re-reads every listed file into a fresh index.

A big archive is read as byte ranges by several processes (`indexer.pipeline`); each finished
range gets its own line (with `start` and `stop`), so a run killed in the middle of a big file
resumes with the ranges not yet listed. The file is done once its ranges cover it, and then it
gets a whole-file line too.

Append-only on purpose: a kill can at worst leave a torn last line, which `Ledger` ignores
(that file, or range, is then simply read again).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from indexer.errors import ArchiveError, IndexStorageError

LEDGER_FILE = "ledger.jsonl"


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveFile:
    """An archive as the ledger identifies it: a changed size or mtime means "read it again"."""

    path: str  # absolute
    size: int
    mtime_ns: int
    given: str  # as named on the command line (stories keep it as their warc_file)


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEntry:
    path: str
    given: str
    size: int
    mtime_ns: int
    records: int
    stories: int
    finished_at: str  # ISO 8601 UTC
    #: The byte range [start, stop) read, for one range of a file read in several.
    byte_range: tuple[int, int] | None = None


#: What `Ledger.record` takes: (archive, records, stories, byte range or None for the whole).
Finished = tuple[ArchiveFile, int, int, tuple[int, int] | None]


def archive_file(path: str | os.PathLike[str]) -> ArchiveFile:
    """The ledger identity of `path` (ArchiveError when it cannot be stat'ed)."""
    absolute = os.path.abspath(path)
    try:
        st = os.stat(absolute)
    except OSError as exc:
        raise ArchiveError(f"cannot read archive {path}: {exc.strerror}") from exc
    return ArchiveFile(path=absolute, size=st.st_size, mtime_ns=st.st_mtime_ns, given=str(path))


class Ledger:
    """The finished files of one index directory."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.path = Path(index_dir) / LEDGER_FILE
        self.entries: dict[str, LedgerEntry] = {}  # whole files, by absolute path
        self.ranges: dict[str, list[LedgerEntry]] = {}  # finished ranges of files, by path
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise IndexStorageError(f"cannot read the ledger {self.path}: {exc.strerror}") from exc
        for line in data.splitlines():
            entry = _parse(line)
            if entry is not None:
                self._remember(entry)

    def _remember(self, entry: LedgerEntry) -> None:
        if entry.byte_range is None:
            self.entries[entry.path] = entry  # the latest line for a path wins
            # Its ranges say nothing more now; dropping them keeps memory at one entry per
            # file, not one per 2 MB of the collection.
            ranges = [e for e in self.ranges.pop(entry.path, ()) if not _same_file(e, entry)]
            if ranges:
                self.ranges[entry.path] = ranges
        else:
            self.ranges.setdefault(entry.path, []).append(entry)

    def files(self) -> list[LedgerEntry]:
        """One entry per archive with stories in the index: its whole-file line, or for a file
        read only in part (a run killed mid-file) its latest range line."""
        partly = [r[-1] for path, r in self.ranges.items() if path not in self.entries and r]
        return [*self.entries.values(), *partly]

    def is_done(self, archive: ArchiveFile) -> bool:
        """Whether every story of `archive` (as it is now) is in the index."""
        entry = self.entries.get(archive.path)
        if entry is not None and _same(entry, archive):
            return True
        ranges = self.done_ranges(archive)
        if not ranges:
            # Nothing listed is nothing done, whatever the size: an empty file covered by "no
            # ranges" was counted "already indexed" on its first run.
            return False
        covered = 0
        for start, stop in ranges:
            if start > covered:
                break
            covered = max(covered, stop)
        return covered >= archive.size

    def done_ranges(self, archive: ArchiveFile) -> list[tuple[int, int]]:
        """The finished byte ranges of `archive` as it is now (same size and mtime), sorted."""
        return sorted(
            e.byte_range
            for e in self.ranges.get(archive.path, ())
            if e.byte_range is not None and _same(e, archive)
        )

    def range_counts(self, archive: ArchiveFile) -> tuple[int, int]:
        """(records, stories) over the finished ranges of `archive`, for its whole-file line."""
        latest = {e.byte_range: e for e in self.ranges.get(archive.path, ()) if _same(e, archive)}
        return sum(e.records for e in latest.values()), sum(e.stories for e in latest.values())

    def record(self, finished: Iterable[Finished]) -> None:
        """Append (archive, records, stories, byte range) entries durably; call only after the
        commit holding their stories. A byte range of None stands for the whole file."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        entries = [
            LedgerEntry(
                path=a.path,
                given=a.given,
                size=a.size,
                mtime_ns=a.mtime_ns,
                records=records,
                stories=stories,
                finished_at=now,
                byte_range=byte_range,
            )
            for a, records, stories, byte_range in finished
        ]
        if not entries:
            return
        lines = b"".join(orjson.dumps(_line(e)) + b"\n" for e in entries)
        try:
            with open(self.path, "ab") as f:
                # A torn line left by a kill must not swallow the first new entry.
                if f.tell() > 0 and not _ends_with_newline(self.path):
                    lines = b"\n" + lines
                f.write(lines)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise IndexStorageError(
                f"cannot write the ledger {self.path}: {exc.strerror}; the index is intact, "
                "free disk space or fix permissions and rerun (finished files will be re-read)"
            ) from exc
        for e in entries:
            self._remember(e)


def _same(entry: LedgerEntry, archive: ArchiveFile) -> bool:
    return entry.size == archive.size and entry.mtime_ns == archive.mtime_ns


def _same_file(a: LedgerEntry, b: LedgerEntry) -> bool:
    return a.size == b.size and a.mtime_ns == b.mtime_ns


def _line(e: LedgerEntry) -> dict[str, object]:
    line: dict[str, object] = {
        "path": e.path,
        "given": e.given,
        "size": e.size,
        "mtime_ns": e.mtime_ns,
        "records": e.records,
        "stories": e.stories,
        "finished_at": e.finished_at,
    }
    if e.byte_range is not None:
        line["start"], line["stop"] = e.byte_range
    return line


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _parse(line: bytes) -> LedgerEntry | None:
    try:
        d = orjson.loads(line)
        return LedgerEntry(
            path=str(d["path"]),
            given=str(d.get("given") or d["path"]),
            size=int(d["size"]),
            mtime_ns=int(d["mtime_ns"]),
            records=int(d.get("records", 0)),
            stories=int(d.get("stories", 0)),
            finished_at=str(d.get("finished_at", "")),
            byte_range=(int(d["start"]), int(d["stop"])) if "start" in d else None,
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def rerun_path(entry: LedgerEntry) -> str:
    """The path to read a ledgered file again by: as first given when that still names the same
    file from here (so stories keep their warc_file), else the absolute path."""
    return entry.given if os.path.abspath(entry.given) == entry.path else entry.path
