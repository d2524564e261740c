"""morgue's ingest half: WARC/ARC/WET records → clean news stories → a tantivy index.

    from indexer import extract_stories, index_paths
    for story in extract_stories(["crawl.warc.gz"]): ...
    report = index_paths(["crawl.warc.gz"], "path/to/index")

The public names are loaded on first use (module `__getattr__`), so `import indexer`, and the
search side importing `indexer.schema`, do not pull in the extraction pipeline.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.errors import (
        ArchiveError,
        IndexerError,
        IndexLockedError,
        IndexStorageError,
        IndexVersionError,
    )
    from indexer.extract import extract_stories
    from indexer.pipeline import IndexProgress, IndexReport, index_paths
    from indexer.records import Page, Skip, Story

__all__ = [
    "ArchiveError",
    "IndexLockedError",
    "IndexProgress",
    "IndexReport",
    "IndexStorageError",
    "IndexVersionError",
    "IndexerError",
    "Page",
    "Skip",
    "Story",
    "extract_stories",
    "index_paths",
]

#: public name → the module defining it
_HOME: dict[str, str] = {
    "ArchiveError": "indexer.errors",
    "IndexLockedError": "indexer.errors",
    "IndexStorageError": "indexer.errors",
    "IndexVersionError": "indexer.errors",
    "IndexerError": "indexer.errors",
    "extract_stories": "indexer.extract",
    "IndexProgress": "indexer.pipeline",
    "IndexReport": "indexer.pipeline",
    "index_paths": "indexer.pipeline",
    "Page": "indexer.records",
    "Skip": "indexer.records",
    "Story": "indexer.records",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
