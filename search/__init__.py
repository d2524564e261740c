"""morgue's search half: the query language, the index reader and the `morgue` CLI.

    from search import Archive
    with Archive.open() as archive:              # or Archive.open("path/to/index")
        results = archive.search('dateline:aleppo "civil defense"', limit=10, sort="newest")
        for hit in results:
            print(hit.headline, hit.date, hit.snippet)
        story = archive.get(results[0].id)       # the full story record

Names load on first use (module `__getattr__`): `import search` stays cheap, and
`search.querylang` can be used without tantivy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.records import Story
    from search.archive import Archive, default_index_path
    from search.errors import (
        BadArgumentError,
        IndexNotFoundError,
        IndexUnreadableError,
        QuerySyntaxError,
        SearchError,
        StoryNotFoundError,
    )
    from search.querylang import parse
    from search.results import Hit, Results, Sort, Stats

__all__ = [
    "Archive",
    "BadArgumentError",
    "Hit",
    "IndexNotFoundError",
    "IndexUnreadableError",
    "QuerySyntaxError",
    "Results",
    "SearchError",
    "Sort",
    "Stats",
    "Story",
    "StoryNotFoundError",
    "default_index_path",
    "parse",
]

_HOME: dict[str, str] = {
    "Archive": "search.archive",
    "default_index_path": "search.archive",
    "BadArgumentError": "search.errors",
    "IndexNotFoundError": "search.errors",
    "IndexUnreadableError": "search.errors",
    "QuerySyntaxError": "search.errors",
    "SearchError": "search.errors",
    "StoryNotFoundError": "search.errors",
    "parse": "search.querylang",
    "Hit": "search.results",
    "Results": "search.results",
    "Sort": "search.results",
    "Stats": "search.results",
    "Story": "indexer.records",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
