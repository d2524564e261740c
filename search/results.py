"""What a search returns: `Hit`, `Results` and `Stats`, plain frozen dataclasses.

No tantivy types leak out of here: a caller (the CLI, a notebook, a web app) gets strings,
numbers and `indexer.records.Story` only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from indexer.records import Story

#: Result orders: BM25 relevance, or publication date (stories without a date always last).
Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True, slots=True, kw_only=True)
class Hit:
    """One matching story, with what a result list shows and the full record in `story`.

    `highlights` are [start, end) offsets into `snippet` (Python str offsets) of the words
    that matched the query; empty when the snippet is the story's leading text.
    """

    id: str
    score: float | None  # BM25 score; None when results are sorted by date
    headline: str | None
    date: str | None  # as printed by the source (ISO 8601), see DESIGN.md §3
    dateline: str | None
    site: str
    url: str
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    story: Story

    def to_dict(self) -> dict[str, object]:
        """The story record plus `score`, `snippet` and `highlights` (the JSON output shape)."""
        d: dict[str, object] = self.story.to_dict()
        d["score"] = self.score
        d["snippet"] = self.snippet
        d["highlights"] = [list(span) for span in self.highlights]
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class Results:
    """One page of hits. Iterable and indexable like the tuple `hits`."""

    total: int  # stories matching the query, not only this page
    hits: tuple[Hit, ...]
    offset: int
    limit: int
    query: str
    sort: Sort

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Hit, ...]: ...
    def __getitem__(self, index: int | slice) -> Hit | tuple[Hit, ...]:
        return self.hits[index]


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """What an index holds. Dates are ISO calendar days (`2025-01-18`), None when unknown."""

    stories: int
    sites: int
    undated: int  # stories without a readable publication date
    first_date: str | None
    last_date: str | None
    first_captured: str | None
    last_captured: str | None
    top_sites: tuple[tuple[str, int], ...]
    #: Stories per dateline place, most first: the place a dateline names, without its date
    #: or agency (`BEIJING` counts `BEIJING, Jan. 14 (Xinhua)` and `BEIJING (AP)`), see
    #: `indexer.datelines.dateline_place`. Named `top_datelines` since before places (JSON shape).
    top_datelines: tuple[tuple[str, int], ...]
    #: True when every count in `top_datelines` is exact; False when the index holds so many
    #: places that tantivy's per-segment term lists were cut and a count may be low.
    datelines_exact: bool
    index_path: Path
    index_bytes: int

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the `morgue stats --format json` object)."""
        return {
            "stories": self.stories,
            "sites": self.sites,
            "undated": self.undated,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "first_captured": self.first_captured,
            "last_captured": self.last_captured,
            "top_sites": [{"site": s, "stories": n} for s, n in self.top_sites],
            "top_datelines": [{"dateline": d, "stories": n} for d, n in self.top_datelines],
            "datelines_exact": self.datelines_exact,
            "index_path": str(self.index_path),
            "index_bytes": self.index_bytes,
        }
