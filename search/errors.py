"""The search package's exception family.

SearchError                  base: anything `search` raises on purpose
 ├── QuerySyntaxError        a malformed query; carries the 1-based column
 ├── BadArgumentError        a bad `limit`, `offset` or `sort` (also a ValueError)
 ├── IndexNotFoundError      no index at the path (run `morgue index` first)
 ├── IndexUnreadableError    an index that exists but cannot be read (corrupt, wrong version)
 └── StoryNotFoundError      `get(id)` of an id the index does not hold
"""

from __future__ import annotations


class SearchError(Exception):
    """Base class of every error `search` raises on purpose."""


class QuerySyntaxError(SearchError):
    """A malformed query. `column` is 1-based, pointing into `query`."""

    def __init__(self, message: str, *, query: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.query = query
        self.column = column

    def __str__(self) -> str:
        return f"query error at column {self.column}: {self.message}"


class BadArgumentError(SearchError, ValueError):
    """An argument of the Python API out of its range (`sort="bogus"`, `limit=-1`). Also a
    ValueError, which is what Python code expects of a bad argument value."""


class IndexNotFoundError(SearchError):
    """No index at the given path."""


class IndexUnreadableError(SearchError):
    """The index exists but cannot be opened or read."""


class StoryNotFoundError(SearchError):
    """No story with that id."""


def is_panic(exc: BaseException) -> bool:
    """Whether `exc` is a Rust panic inside tantivy: tantivy-py raises it as
    `pyo3_runtime.PanicException`, a BaseException that cannot be imported, so it is known by
    its name."""
    return type(exc).__name__ == "PanicException"
