"""`indexer.extract.extract_file` in a child process, with a time budget per file.

The child (`child_main`) reads a list of archives, runs `extract_file` on each and reports per
file what came out, how long it took and the peak RSS so far, so the parent
(`run_extract_child`) can put a time budget on every file and kill a hang. Used by the fault
tests and `bench/faults.py` on the inputs of `tests/faults_malformed.py`.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import resource
import sys
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# -- the extraction child -------------------------------------------------------------------------


@dataclass(slots=True)
class FileOutcome:
    """What `extract_file` did with one file, as reported by the child process."""

    path: str
    stories: int = 0
    offsets: list[int] = field(default_factory=list)  # distinct offsets of stories and skips
    skips: dict[str, int] = field(default_factory=dict)
    bad_skips: list[str] = field(default_factory=list)  # skips naming another file, etc.
    error: str | None = None  # an exception other than ArchiveError: a bug
    archive_error: str | None = None  # ArchiveError: refused as a whole (exit 2 in the CLI)
    seconds: float = 0.0
    max_rss_kb: int = 0
    hung: bool = False


def _readable_size(path: str) -> int:
    """Bytes readable from a gzip file's decompressed stream (0 for other files), read in
    bounded chunks up to the first damage."""
    size = 0
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return 0
        fh.seek(0)
        with gzip.GzipFile(fileobj=fh) as gz:
            try:
                while chunk := gz.read1(1 << 20):
                    size += len(chunk)
            except (OSError, EOFError, zlib.error):
                pass
    return size


def _outcome_of(path: str) -> FileOutcome:
    from indexer.errors import ArchiveError
    from indexer.extract import extract_file
    from indexer.records import Skip, Story

    outcome = FileOutcome(path=path)
    started = time.monotonic()
    offsets: set[int] = set()
    size = os.path.getsize(path)
    try:
        for item in extract_file(path):
            offsets.add(item.warc_offset)
            if not 0 <= item.warc_offset <= size:
                # A whole-file gzip's offsets are in its decompressed stream (indexer.warc).
                size = max(size, _readable_size(path))
            if not 0 <= item.warc_offset <= size:
                outcome.bad_skips.append(f"offset {item.warc_offset} outside the file")
            if item.warc_file != path:
                outcome.bad_skips.append(f"names file {item.warc_file!r}")
            if isinstance(item, Story):
                outcome.stories += 1
            elif isinstance(item, Skip):
                outcome.skips[item.reason] = outcome.skips.get(item.reason, 0) + 1
            else:
                outcome.bad_skips.append(f"yielded a {type(item).__name__}")
    except ArchiveError as exc:
        outcome.archive_error = str(exc)
    except BaseException as exc:  # anything else is the bug we are looking for
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        outcome.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    outcome.offsets = sorted(offsets)
    outcome.seconds = time.monotonic() - started
    outcome.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome


def child_main() -> None:
    """Read paths from stdin, one a line; print one JSON outcome a line."""
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        outcome = _outcome_of(path)
        sys.stdout.write(json.dumps(dataclasses.asdict(outcome)) + "\n")
        sys.stdout.flush()


def run_extract_child(paths: Sequence[Path], *, per_file_seconds: float) -> Iterator[FileOutcome]:
    """Run `extract_file` over `paths` in a child process, one outcome per path, in order.

    A file that takes longer than `per_file_seconds` is reported `hung=True`; the child is
    killed and a fresh one carries on with the next file.
    """
    import selectors
    import subprocess

    here = str(Path(__file__).resolve().parent)
    todo = [str(p) for p in paths]
    while todo:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {here!r}); "
                "import extract_child; extract_child.child_main()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("".join(p + "\n" for p in todo))
        proc.stdin.close()
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        try:
            while todo:
                if not selector.select(timeout=per_file_seconds):
                    yield FileOutcome(path=todo.pop(0), hung=True, seconds=per_file_seconds)
                    break  # kill this child; a new one takes the rest
                line = proc.stdout.readline()
                if not line:  # the child died (a crash in a parser): blame the file it was on
                    yield FileOutcome(path=todo.pop(0), error=f"child died ({proc.wait()})")
                    break
                data = json.loads(line)
                todo.pop(0)
                yield FileOutcome(**data)
        finally:
            selector.close()
            proc.kill()
            proc.wait()
            proc.stdout.close()
