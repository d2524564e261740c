"""`Archive`: an open morgue index, searched with the query language of DESIGN.md §5.

    with Archive.open() as archive:                      # --index, MORGUE_INDEX, or the default
        results = archive.search("refugees date:2025", limit=10, sort="newest")
        story = archive.get(results[0].id)

One long-lived `tantivy.Index` per Archive (re-opening per query costs ~18× throughput, field
notes §3.5) and a fresh searcher per call, reloaded first when tantivy's meta.json changed, so an
open Archive sees the commits of a `morgue index` run going on beside it. Read-only: opening
never writes to the index. The stored documents a search finds become Story and Hit objects in
`search.stored`.

Every tantivy failure (a `ValueError` for missing or corrupt files, a Rust panic arriving as
`pyo3_runtime.PanicException`, which is a BaseException) becomes an `IndexUnreadableError`
naming the index and the fix.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import tantivy

from indexer.errors import IndexerError
from indexer.records import Story
from indexer.schema import (
    ANALYZER,
    META_FILE,
    PLACE_FIELD,
    build_schema,
    check_version,
    rebuild_fix,
    storage_problem,
)
from indexer.schema import news_analyzer as _news_analyzer
from search.compiler import CompiledQuery, compile_query
from search.errors import (
    BadArgumentError,
    IndexNotFoundError,
    IndexUnreadableError,
    SearchError,
    StoryNotFoundError,
    is_panic,
)
from search.querylang import Node, parse
from search.results import SORTS, Hit, Results, Sort, Stats
from search.snippets import Snippets
from search.stored import hits_of, stories_of

__all__ = ["ENV_VAR", "Archive", "default_index_path"]

#: Environment variable naming the index directory when `--index`/`path` is not given.
ENV_VAR = "MORGUE_INDEX"
TOP = 10

_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


def default_index_path() -> Path:
    """Where the index lives without `--index`: `$MORGUE_INDEX`, else the per-user data dir.

    The data dir is `$XDG_DATA_HOME/morgue/index`, or `~/.local/share/morgue/index`.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "morgue" / "index"


class Archive:
    """An open index; get one with `Archive.open`."""

    def __init__(self, index: Any, path: Path) -> None:
        self._index: Any = index
        self._schema: Any = index.schema
        self.path = path
        self._meta_file = os.path.join(path, "meta.json")
        #: tantivy's meta.json as of the searcher's commit; None: unknown, reload first
        self._meta: bytes | None = None
        #: `_stat_key` of the meta.json `_meta` was read from, once that file had not changed
        #: for `_SETTLED_NS`; None: read the file to compare (see `_searcher`).
        self._meta_key: tuple[int, ...] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Archive:
        """Open the index at `path` (default: `default_index_path()`) for searching.

        Raises IndexNotFoundError when there is no index there, IndexUnreadableError when it
        is damaged or was built by another schema version.
        """
        root = Path(path).expanduser() if path is not None else default_index_path()
        fix = "`morgue index PATH...`" if path is None else f"`morgue index --index {root} PATH...`"
        meta = _read(root / "meta.json")
        if meta is None and not (root / "meta.json").is_file():
            if (root / META_FILE).is_file():
                raise IndexUnreadableError(
                    f"index {root} is damaged (its meta.json is missing): " + rebuild_fix(root)
                )
            raise IndexNotFoundError(f"no index at {root}: run {fix} first")
        try:
            check_version(root)
        except IndexerError as exc:
            raise IndexUnreadableError(str(exc)) from exc
        with _Unreadable(root):
            try:
                index = tantivy.Index(build_schema(), path=str(root), reuse=True)
            except ValueError as exc:
                if "schema does not match" in str(exc):
                    raise IndexUnreadableError(
                        f"index {root} was built by another version of morgue: " + rebuild_fix(root)
                    ) from exc
                raise
            index.register_tokenizer(ANALYZER, _news_analyzer())
            index.searcher()  # opens every segment now, so damage shows here, not mid-search
        archive = cls(index, root)
        archive._meta = meta  # read before the index was opened: at most older than its commit
        return archive

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        query: str | Node,
        *,
        limit: int = 10,
        offset: int = 0,
        sort: Sort = "relevance",
    ) -> Results:
        """Run `query` (query-language text, or an AST from `search.querylang.parse`).

        Raises QuerySyntaxError (with the column) for malformed text, BadArgumentError (a
        SearchError and a ValueError) for a bad limit, offset or sort.
        """
        if sort not in SORTS:
            raise BadArgumentError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        for name, value in (("limit", limit), ("offset", offset)):
            if not isinstance(value, int) or value < 0:
                raise BadArgumentError(
                    f"limit and offset must be whole numbers ≥ 0, not {name}={value!r}"
                )
        node = parse(query) if isinstance(query, str) else query
        text = query if isinstance(query, str) else str(query)
        with _Unreadable(self.path):
            searcher = self._searcher()
            compiled = compile_query(node, searcher, self._schema)
            kwargs: dict[str, Any] = {}
            if sort != "relevance":
                order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
                # Stories without a date come last in both orders (tantivy puts missing
                # fast-field values after every present one; tests/test_archive.py pins it).
                kwargs = {"order_by_field": "date", "order": order}
            # tantivy sizes its top-k heap by offset + limit up front (a huge offset aborts
            # the process on allocation) and panics on limit=0: stay within the stories there
            # are, and always ask for at least one hit (dropped when none were wanted).
            stories = int(searcher.num_docs)
            wanted = min(limit, stories - offset) if offset < stories else 0
            found = searcher.search(
                compiled.query,
                limit=max(wanted, 1),
                offset=offset if wanted else 0,
                count=True,
                **kwargs,
            )
            pairs = found.hits[:wanted]
            docs = [searcher.doc(address) for _, address in pairs]
            hits = self._hits(searcher, compiled, pairs, docs, scored=sort == "relevance")
        return Results(
            total=int(found.count), hits=hits, offset=offset, limit=limit, query=text, sort=sort
        )

    def get(self, story_id: str) -> Story:
        """The whole story record with this id; StoryNotFoundError when there is none."""
        with _Unreadable(self.path):
            searcher = self._searcher()
            # Ids are lowercase hex; one copied from uppercase output still names its story.
            query = tantivy.Query.term_query(self._schema, "id", story_id.strip().lower())
            hits = searcher.search(query, limit=1).hits
            doc = searcher.doc(hits[0][1]) if hits else None
        if doc is None:
            raise StoryNotFoundError(
                f"no story with id {story_id!r} in index {self.path}: "
                "`morgue search` prints the ids of matching stories"
            )
        return stories_of([doc], self.path)[0]

    def stats(self, *, top: int = TOP) -> Stats:
        """Counts, date range, top sites and dateline places, and where the index is.

        `top_datelines` counts stories by the place their dateline names (`schema.PLACE_FIELD`:
        `BEIJING` for both `BEIJING, Jan. 14 (Xinhua)` and `BEIJING (AP)`) over every story.
        """
        with _Unreadable(self.path):
            searcher = self._searcher()
            everything = tantivy.Query.all_query()
            aggs = searcher.aggregate(
                everything,
                {
                    "sites": {"terms": {"field": "site", "size": 65_000}},
                    "places": {"terms": {"field": PLACE_FIELD, "size": 65_000}},
                    "first_date": {"min": {"field": "date"}},
                    "last_date": {"max": {"field": "date"}},
                    "first_captured": {"min": {"field": "captured_at"}},
                    "last_captured": {"max": {"field": "captured_at"}},
                },
            )
            stories = int(searcher.num_docs)
            dated = searcher.search(tantivy.Query.exists_query("date"), limit=1).count
        buckets = aggs["sites"]["buckets"]
        places = aggs["places"]
        # Every place, ranked here rather than by tantivy so that ties list alphabetically.
        ranked = sorted(
            ((b["key"], int(b["doc_count"])) for b in places["buckets"]),
            key=lambda kv: (-kv[1], kv[0]),
        )
        sites = len(buckets)
        if aggs["sites"].get("sum_other_doc_count"):
            # More distinct sites than one terms aggregation returns: estimate the rest.
            with _Unreadable(self.path):
                sites = round(searcher.cardinality(everything, "site"))
        return Stats(
            stories=stories,
            sites=sites,
            undated=stories - int(dated),
            first_date=_day(aggs["first_date"]),
            last_date=_day(aggs["last_date"]),
            first_captured=_day(aggs["first_captured"]),
            last_captured=_day(aggs["last_captured"]),
            top_sites=tuple((b["key"], int(b["doc_count"])) for b in buckets[:top]),
            top_datelines=tuple(ranked[:top]),
            # tantivy keeps each segment's 10 × size most frequent places (checked with small
            # sizes): past 650,000 places in one segment a count may miss stories, and tantivy
            # then reports an error bound above 0.
            datelines_exact=not places.get("doc_count_error_upper_bound"),
            index_path=self.path.resolve(),
            index_bytes=_size_on_disk(self.path),
        )

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the index. The Archive must not be used afterwards."""
        self._index = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r})"

    # -- internals -------------------------------------------------------------------------

    def _searcher(self) -> Any:
        if self._index is None:
            raise SearchError(f"the archive {self.path} is closed: open it again")
        # Pick up commits made since the last call (another process may be indexing). Every
        # commit rewrites tantivy's meta.json, so an unchanged file means nothing to pick up:
        # reading it (~10 µs) is cheaper than `reload()` (~90 µs, a search's own cost, issue 6),
        # and a `stat` (one system call instead of three, ~5 µs) is cheaper still once the
        # file has been unchanged for `_SETTLED_NS`: a commit after that gives meta.json later
        # modification and change times, even where the file system reuses the replaced
        # file's inode number (ext4 does, at once). Until then, its contents decide.
        key = _stat_key(self._meta_file)
        if key is None or key != self._meta_key:
            meta = _read(self._meta_file)
            if meta is None or meta != self._meta:
                self._index.reload()
                self._meta = meta
            settled = key is not None and time.time_ns() - max(key[-2:]) > _SETTLED_NS
            self._meta_key = key if settled and meta is not None else None
        return self._index.searcher()

    def _hits(
        self,
        searcher: Any,
        compiled: CompiledQuery,
        pairs: list[tuple[Any, Any]],
        docs: list[Any],
        *,
        scored: bool,
    ) -> tuple[Hit, ...]:
        stories = stories_of(docs, self.path)
        extra: set[tuple[str, str]] = set()
        if compiled.patterns:
            for story in stories:
                extra |= compiled.matches_in("body", story.body)
                extra |= compiled.matches_in("captions", " ".join(story.captions))
        snippets = Snippets(searcher, self._schema, compiled, extra)
        return hits_of(pairs, docs, stories, snippets, scored=scored)


#: How long meta.json must have been unchanged before its `stat` alone says it still is: well
#: above the timestamp granularity of any file system (2 s on FAT) and clock jitter.
_SETTLED_NS = 5_000_000_000


def _stat_key(path: str) -> tuple[int, ...] | None:
    """What tells one version of a file from another: inode, device, size, then modification
    and change times; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


_READ_SIZE = 1 << 16


def _read(path: str | Path) -> bytes | None:
    """The bytes of a small file, or None when it cannot be read.

    Plain `os` calls: `open()` builds a buffered file object, and this runs on every search
    (~1.5 µs instead of ~3.5 µs for tantivy's meta.json).
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        # A read of a regular file returns less than asked for only at its end: one call reads
        # a meta.json (a few KB) whole, without a second call to find the end.
        chunks = [os.read(fd, _READ_SIZE)]
        while len(chunks[-1]) == _READ_SIZE:
            chunks.append(os.read(fd, _READ_SIZE))
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _day(agg: dict[str, Any]) -> str | None:
    value = agg.get("value")
    if value is None:
        return None
    moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=value / 1000)
    return moment.date().isoformat()


def _size_on_disk(path: Path) -> int:
    total = 0
    with os.scandir(path) as entries:
        for entry in entries:
            try:
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
            except FileNotFoundError:
                # An index run replaces files atomically and merges delete segments: a file
                # listed a moment ago may be gone. It is no longer part of the index's size.
                continue
    return total


class _Unreadable:
    """tantivy's ValueError/OSError/panic while reading → IndexUnreadableError with the fix.

    A class rather than a `contextlib.contextmanager` generator: entering and leaving that
    costs ~1.5 µs, on every search (issue 6).
    """

    __slots__ = ("path",)

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None or isinstance(exc, SearchError):
            return
        if isinstance(exc, ValueError | OSError):
            raise IndexUnreadableError(_damaged(self.path, exc)) from exc
        if isinstance(exc, _NOT_OURS) or not is_panic(exc):
            return
        raise IndexUnreadableError(_damaged(self.path, exc)) from exc


def _damaged(path: Path, exc: BaseException) -> str:
    problem = storage_problem(path, exc)
    if problem is not None:
        return problem
    detail = (str(exc).splitlines() or [type(exc).__name__])[0]
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return f"index {path} cannot be read ({detail}): " + rebuild_fix(path)
