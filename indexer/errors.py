"""The indexer's exception family.

    IndexerError                 base: anything `indexer` raises on purpose
     ├── ArchiveError            a path that is missing or is not a WARC/ARC/WET archive
     ├── IndexLockedError        another `morgue index` run holds the writer lock
     ├── IndexVersionError       the index was written by another schema version
     └── IndexStorageError       the index directory cannot be written (disk full, read-only)

A broken *record* inside an archive is not an exception: it is a counted `Skip`
with its file and offset, and the run goes on.
"""

from __future__ import annotations


class IndexerError(Exception):
    """Base class of every error `indexer` raises on purpose."""


class ArchiveError(IndexerError):
    """A path that does not exist or is not a readable WARC/ARC/WET archive."""


class IndexLockedError(IndexerError):
    """Another `morgue index` run holds the index's writer lock."""


class IndexVersionError(IndexerError):
    """The index on disk was written with a different schema version."""


class IndexStorageError(IndexerError):
    """The index directory cannot be written (disk full, read-only, corrupted)."""
