"""Which files to read: the archives named by the user's paths (files as given, folders walked).

No warcio here: a file named directly is sniffed from its first bytes (a WARC/ARC header, or
gzip that opens with one), a file in a folder is picked by its suffix. Reading the archives
found is indexer.warc's job.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable

from indexer.errors import ArchiveError

ARCHIVE_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz", ".arc", ".arc.gz", ".wet", ".wet.gz")
_GZIP_MAGIC = b"\x1f\x8b"


def find_archives(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The archive files named by `paths`: files as given, folders walked recursively.

    Files inside folders are picked by suffix (ARCHIVE_SUFFIXES) and sorted; files named
    directly are sniffed instead, whatever their name. A path that does not exist, a named file
    that is not an archive, or a folder without archives raises ArchiveError. Each file is listed
    once.
    """
    found: list[str] = []
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            in_folder = _walk(path)
            if not in_folder:
                suffixes = ", ".join(ARCHIVE_SUFFIXES)
                raise ArchiveError(f"{path}: folder holds no archives (looked for {suffixes})")
            found.extend(in_folder)
        elif os.path.exists(path):
            _check_is_archive(path)
            found.append(path)
        else:
            raise ArchiveError(f"{path}: no such file or folder")
    seen: set[str] = set()
    unique = []
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _walk(folder: str) -> list[str]:
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(
            os.path.join(root, name)
            for name in sorted(files)
            if name.lower().endswith(ARCHIVE_SUFFIXES)
        )
    return found


def _check_is_archive(path: str) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as e:
        raise ArchiveError(f"{path}: cannot be read ({e.strerror})") from e
    if not head:
        raise ArchiveError(f"{path}: file is empty, not a WARC/ARC/WET archive")
    if head.startswith(_GZIP_MAGIC):
        # Peek inside: a .tar.gz is gzip too. A first member too damaged to read is let through;
        # read_archive reports it as a broken record and reads on.
        try:
            with open(path, "rb") as fh:
                head = zlib.decompressobj(31).decompress(fh.read(64 * 1024), 16) or head
        except zlib.error:
            return
    if not head.startswith((_GZIP_MAGIC, b"WARC/", b"filedesc://")):
        raise ArchiveError(f"{path}: not a WARC/ARC/WET archive (starts with {head[:8]!r})")
