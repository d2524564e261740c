"""The ledger of finished archive files, kept beside the index (`ledger.jsonl`).

One JSON line per archive file whose every story is in a commit: absolute path (and the path
as given), size, mtime, counts, when. A line is appended only *after* the commit holding that
file's stories and is fsynced, so a run killed at any moment never lists a file whose stories
could be missing; a rerun skips the listed files (same path, size and mtime) and redoes the
rest. `morgue index --rebuild` re-reads every listed file into a fresh index.

Append-only on purpose: a kill can at worst leave a torn last line, which `Ledger` ignores
(that file is then simply read again).
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
        self.entries: dict[str, LedgerEntry] = {}
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise IndexStorageError(f"cannot read the ledger {self.path}: {exc.strerror}") from exc
        for line in data.splitlines():
            entry = _parse(line)
            if entry is not None:
                self.entries[entry.path] = entry  # the latest line for a path wins

    def is_done(self, archive: ArchiveFile) -> bool:
        entry = self.entries.get(archive.path)
        return (
            entry is not None and entry.size == archive.size and entry.mtime_ns == archive.mtime_ns
        )

    def record(self, finished: Iterable[tuple[ArchiveFile, int, int]]) -> None:
        """Append (archive, records, stories) entries durably. Call only after the commit."""
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
            )
            for a, records, stories in finished
        ]
        if not entries:
            return
        lines = b"".join(
            orjson.dumps(
                {
                    "path": e.path,
                    "given": e.given,
                    "size": e.size,
                    "mtime_ns": e.mtime_ns,
                    "records": e.records,
                    "stories": e.stories,
                    "finished_at": e.finished_at,
                }
            )
            + b"\n"
            for e in entries
        )
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
            self.entries[e.path] = e


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
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None


def rerun_path(entry: LedgerEntry) -> str:
    """The path to read a ledgered file again by: as first given when that still names the same
    file from here (so stories keep their warc_file), else the absolute path."""
    return entry.given if os.path.abspath(entry.given) == entry.path else entry.path
