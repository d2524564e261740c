"""`Archive`: an open morgue index, searched with the query language of DESIGN.md §5.

    with Archive.open() as archive:                      # --index, MORGUE_INDEX, or the default
        results = archive.search("refugees date:2025", limit=10, sort="newest")
        story = archive.get(results[0].id)

One long-lived `tantivy.Index` per Archive (re-opening per query costs ~18× throughput, field
notes §3.5) and a fresh searcher per call, reloaded first when tantivy's meta.json changed, so an
open Archive sees the commits of a `morgue index` run going on beside it. Read-only: opening
never writes to the index.

Every tantivy failure (a `ValueError` for missing or corrupt files, a Rust panic arriving as
`pyo3_runtime.PanicException`, which is a BaseException) becomes an `IndexUnreadableError`
naming the index and the fix.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson
import tantivy

from indexer.errors import IndexerError
from indexer.records import Story
from indexer.schema import (
    ANALYZER,
    META_FILE,
    RECORD_FIELD,
    build_schema,
    check_version,
    rebuild_fix,
    storage_problem,
)
from indexer.schema import news_analyzer as _news_analyzer
from search.compiler import CompiledQuery, compile_query, stems
from search.errors import (
    BadArgumentError,
    IndexNotFoundError,
    IndexUnreadableError,
    SearchError,
    StoryNotFoundError,
)
from search.querylang import Node, parse
from search.results import SORTS, Hit, Results, Sort, Stats

__all__ = ["ENV_VAR", "Archive", "default_index_path"]

#: Environment variable naming the index directory when `--index`/`path` is not given.
ENV_VAR = "MORGUE_INDEX"
#: Snippet length in characters (tantivy's default is 150; a news sentence runs ~120-200).
SNIPPET_CHARS = 200
#: Text fields tried in turn for a highlighted snippet.
SNIPPET_FIELDS = ("body", "captions")
#: Stories read to count datelines when the index has no dateline fast field.
DATELINE_SAMPLE = 5_000
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
        with _unreadable(root):
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
        with _unreadable(self.path):
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
        with _unreadable(self.path):
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
        return _story(doc, self.path)

    def stats(self, *, top: int = TOP) -> Stats:
        """Counts, date range, top sites and datelines, and where the index is."""
        with _unreadable(self.path):
            searcher = self._searcher()
            everything = tantivy.Query.all_query()
            aggs = searcher.aggregate(
                everything,
                {
                    "sites": {"terms": {"field": "site", "size": 65_000}},
                    "first_date": {"min": {"field": "date"}},
                    "last_date": {"max": {"field": "date"}},
                    "first_captured": {"min": {"field": "captured_at"}},
                    "last_captured": {"max": {"field": "captured_at"}},
                },
            )
            stories = int(searcher.num_docs)
            dated = searcher.search(tantivy.Query.exists_query("date"), limit=1).count
            datelines, exact = self._top_datelines(searcher, top)
        buckets = aggs["sites"]["buckets"]
        sites = len(buckets)
        if aggs["sites"].get("sum_other_doc_count"):
            # More distinct sites than one terms aggregation returns: estimate the rest.
            with _unreadable(self.path):
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
            top_datelines=datelines,
            datelines_exact=exact,
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
        # reading it (~10 µs) is cheaper than `reload()` (~90 µs, a search's own cost, issue 6).
        meta = _read(self._meta_file)
        if meta is None or meta != self._meta:
            self._index.reload()
            self._meta = meta
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
        stories = [_story(doc, self.path) for doc in docs]
        extra: set[tuple[str, str]] = set()
        if compiled.patterns:
            for story in stories:
                extra |= compiled.matches_in("body", story.body)
                extra |= compiled.matches_in("captions", " ".join(story.captions))
        snippets = _Snippets(searcher, self._schema, compiled, extra)
        hits = []
        for (key, _), doc, story in zip(pairs, docs, stories, strict=True):
            snippet, spans = snippets.of(doc, story)
            hits.append(
                Hit(
                    id=story.id,
                    score=float(key) if scored else None,
                    headline=story.headline,
                    date=story.date,
                    dateline=story.dateline,
                    site=story.site,
                    url=story.url,
                    snippet=snippet,
                    highlights=spans,
                    story=story,
                )
            )
        return tuple(hits)

    def _top_datelines(self, searcher: Any, top: int) -> tuple[tuple[tuple[str, int], ...], bool]:
        """Most frequent datelines: exact from a fast field if the schema has one, else sampled.

        A text field's fast column holds its analyzer's tokens, not whole datelines, so the
        schema has no dateline column to aggregate today; counting the newest
        DATELINE_SAMPLE stories is exact for small indexes and representative for big ones.
        """
        try:
            aggs = searcher.aggregate(
                tantivy.Query.all_query(), {"d": {"terms": {"field": "dateline", "size": top}}}
            )
            return tuple((b["key"], int(b["doc_count"])) for b in aggs["d"]["buckets"]), True
        except ValueError:
            pass
        found = searcher.search(
            tantivy.Query.all_query(), limit=DATELINE_SAMPLE, order_by_field="date"
        )
        counts: Counter[str] = Counter()
        for _, address in found.hits:
            dateline = searcher.doc(address).get_first("dateline")
            if dateline:
                counts[dateline] += 1
        exact = len(found.hits) >= int(found.count)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(ranked[:top]), exact


class _Snippets:
    """Highlighted snippets for the hits of one query.

    A generator costs a pass over the query's terms, so one is made only for a field that
    has words to highlight, and only when a hit needs it. A generator call tokenizes and stems
    the whole field (~40 ns a character: ~120 µs on a 3 KB body), and returns an empty fragment
    when the field holds none of the terms; the query matched in another field then. So a
    hit's field is first checked for the terms (`_holds`), which costs a few µs.
    """

    def __init__(
        self,
        searcher: Any,
        schema: Any,
        compiled: CompiledQuery,
        extra: set[tuple[str, str]],
    ) -> None:
        self._searcher = searcher
        self._schema = schema
        self._compiled = compiled
        self._extra = extra
        terms = compiled.highlight | extra
        self._terms = {name: {t for f, t in terms if f == name} for name in SNIPPET_FIELDS}
        self._fields = [name for name in SNIPPET_FIELDS if self._terms[name]]
        self._roots = {name: _roots(self._terms[name]) for name in self._fields}
        self._generators: dict[str, Any] = {}
        #: The index token of each word already looked at for this query.
        self._stems: dict[str, str] = {}

    def _generator(self, name: str) -> Any:
        generator = self._generators.get(name)
        if generator is None:
            # A generator uses only the terms of its own field (and looks up each one's
            # document frequency), so its query holds just those.
            query: Any = self._compiled.highlight_query(self._extra, field=name)
            generator = tantivy.SnippetGenerator.create(self._searcher, query, self._schema, name)
            generator.set_max_num_chars(SNIPPET_CHARS)
            self._generators[name] = generator
        return generator

    def of(self, doc: Any, story: Story) -> tuple[str, tuple[tuple[int, int], ...]]:
        """The best fragment with a query word in it, else the story's leading text."""
        for name in self._fields:
            text = story.body if name == "body" else "\n".join(story.captions)
            if not text or not self._holds(text, name):
                continue
            snippet = self._generator(name).snippet_from_doc(doc)
            fragment: str = snippet.fragment()
            if fragment:
                spans = _char_spans(fragment, [(r.start, r.end) for r in snippet.highlighted()])
                return _collapse_spaces(fragment, spans)
        if story.body.strip():
            return _collapse_spaces(_leading(story.body, SNIPPET_CHARS), ())
        for text in (" ".join(story.captions), story.headline or ""):
            if text.strip():
                return _collapse_spaces(_leading(text, SNIPPET_CHARS), ())
        return "", ()

    def _holds(self, text: str, name: str) -> bool:
        """False only if no word of `text` analyses to a highlight term of field `name`.

        Exact for ASCII text: the index analyzer's words are its runs of letters and digits,
        lower-casing and ASCII folding change nothing else, and a word whose stem is a term
        starts with the term less its stem tail (`_roots`). Such words are stemmed with the
        index analyzer (a hit's new words in one call, remembered for the next hits) and
        compared. Text with other characters is not checked, as folding (`ß` → `ss`) may
        build a term the text does not spell.
        """
        roots = self._roots[name]
        if roots is None or not text.isascii():
            return True
        terms, known = self._terms[name], self._stems
        new: dict[str, None] = {}
        for word in _words_starting(text, roots):
            stem = known.get(word)
            if stem is None:
                new[word] = None
            elif stem in terms:
                return True  # most hits: a word already seen in an earlier hit
        if not new:
            return False
        found = stems(list(new))
        if found is None:
            return True
        known.update(zip(new, found, strict=True))
        return not terms.isdisjoint(found)


#: Characters at the end of an English (Porter2) stem that need not be in the word: `die` is
#: the stem of `dying`, `possibl` of `possibility`, `happi` of `happy`. Porter2 only rewrites
#: suffixes, and the rest of a stem begins its word (checked on 74k distinct words: the
#: vocabulary of bench/corpus.py and the English of Python's own documentation).
_STEM_TAIL = 2
#: The index analyzer drops words this long or longer (`Filter.remove_long(40)`).
_LONGEST_WORD = 39
#: `bytes.translate` table: ASCII letters lower-cased, digits kept, anything else a space, so
#: the index analyzer's words of an ASCII text are the runs between spaces.
_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256)
)


def _roots(terms: Iterable[str]) -> tuple[bytes, ...] | None:
    """What a word of a term starts with: each term less its stem tail (its first character at
    least: Porter2 keeps it), as the bytes to find (a space, then the root) in
    `_words_starting`; None when there are no terms. A term that is not ASCII is in no ASCII
    text: it has no root."""
    roots = [term[: max(1, len(term) - _STEM_TAIL)] for term in terms]
    if not roots or not all(roots):
        return None
    return tuple({b" " + root.encode() for root in roots if root.isascii()})


def _words_starting(text: str, roots: tuple[bytes, ...]) -> Iterator[str]:
    """The words of ASCII `text`, lower-cased, that start with one of `roots` (from `_roots`),
    in turn; a word may come more than once."""
    flat = b" " + text.encode("ascii").translate(_WORD_BYTES) + b" "
    for root in roots:
        at = flat.find(root)
        while at >= 0:
            end = flat.find(b" ", at + 1)
            if end - at - 1 <= _LONGEST_WORD:
                yield flat[at + 1 : end].decode("ascii")
            at = flat.find(root, end)


def _leading(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def _char_spans(fragment: str, byte_spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """tantivy's UTF-8 byte offsets → Python str offsets into `fragment`."""
    if fragment.isascii():  # one byte per character: the offsets are the same
        return tuple(byte_spans)
    raw = fragment.encode("utf-8")

    def chars(n: int) -> int:
        return len(raw[:n].decode("utf-8", errors="ignore"))

    return tuple((chars(a), chars(b)) for a, b in byte_spans)


def _collapse_spaces(
    text: str, spans: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Runs of whitespace (paragraph breaks) → one space; `spans` moved to match."""
    stripped = " ".join(text.split())
    if not spans:
        return stripped, ()
    if len(spans) > _FEW_SPANS:
        moved = _moved_by_markers(text, spans)
        if moved is not None:
            return stripped, moved
    return stripped, _moved_one_by_one(text, stripped, spans)


#: Up to this many spans, moving each offset on its own is cheaper than one marked pass
#: (~2 µs per span against ~5 µs + 1 µs per span, measured on 200-character fragments).
_FEW_SPANS = 4


def _moved_one_by_one(
    text: str, stripped: str, spans: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...]:
    """`spans` moved: each offset to the collapsed length of the text before it."""
    shift = 1 if text[:1].isspace() else 0  # the space a leading run became, then stripped

    def moved(offset: int) -> int:
        return _collapsed_length(text[:offset]) - shift

    return tuple((max(moved(a), 0), min(moved(b), len(stripped))) for a, b in spans)


def _moved_by_markers(
    text: str, spans: tuple[tuple[int, int], ...]
) -> tuple[tuple[int, int], ...] | None:
    """`spans` moved in one pass, or None where that does not work.

    A marker (NUL) put at every span end rides through the same `split`/`join`, and where
    the markers land are the moved offsets. That holds while each marker touches a word, so
    it neither splits a whitespace run nor goes with a stripped one: tantivy's highlights are
    words. A highlighted phrase of common words has a dozen spans in a snippet, and moving
    each offset on its own was most of `search()`'s own time on such queries (issue 6).
    """
    offsets = sorted({offset for span in spans for offset in span})
    if "\x00" in text or any(_between_spaces(text, offset) for offset in offsets):
        return None
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)], strict=True)]
    marked = " ".join("\x00".join(pieces).split())
    moved: dict[int, int] = {}
    at = -1
    for before, offset in enumerate(offsets):
        at = marked.index("\x00", at + 1)
        moved[offset] = at - before
    return tuple((moved[a], moved[b]) for a, b in spans)


def _between_spaces(text: str, offset: int) -> bool:
    """True unless a character of a word is next to `offset` (the text's edges count as space)."""
    left, right = text[offset - 1 : offset] if offset > 0 else "", text[offset : offset + 1]
    return (not left or left.isspace()) and (not right or right.isspace())


def _collapsed_length(text: str) -> int:
    """len(text) once each whitespace run is one space (nothing stripped)."""
    words = text.split()
    if not words:
        return 1 if text else 0
    return len(" ".join(words)) + text[0].isspace() + text[-1].isspace()


def _story(doc: Any, path: Path) -> Story:
    """The Story a stored document holds (`indexer.writer.document_of` in reverse)."""
    get = doc.get_first
    try:
        record = orjson.loads(get(RECORD_FIELD))
        return Story(
            id=get("id"),
            url=get("url"),
            site=get("site"),
            headline=get("headline"),
            dateline=get("dateline"),
            date=record["date"],
            date_source=record["date_source"],
            updated=record["updated"],
            byline=get("byline"),
            body=get("body") or "",
            captions=tuple(doc.get_all("captions")),
            language=get("language"),
            story_index=record["story_index"],
            captured_at=record["captured_at"],
            warc_file=record["warc_file"],
            warc_offset=record["warc_offset"],
            warc_record_id=record["warc_record_id"],
        )
    except (TypeError, KeyError, ValueError) as exc:  # orjson.JSONDecodeError is a ValueError
        raise IndexUnreadableError(
            f"index {path} holds a story record this morgue cannot read ({exc!r}): "
            + rebuild_fix(path)
        ) from exc


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
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
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


def _is_panic(exc: BaseException) -> bool:
    return type(exc).__name__ == "PanicException"


@contextmanager
def _unreadable(path: Path) -> Iterator[None]:
    """tantivy's ValueError/OSError/panic while reading → IndexUnreadableError with the fix."""
    try:
        yield
    except SearchError:
        raise
    except (ValueError, OSError) as exc:
        raise IndexUnreadableError(_damaged(path, exc)) from exc
    except BaseException as exc:
        if isinstance(exc, _NOT_OURS) or not _is_panic(exc):
            raise
        raise IndexUnreadableError(_damaged(path, exc)) from exc


def _damaged(path: Path, exc: BaseException) -> str:
    problem = storage_problem(path, exc)
    if problem is not None:
        return problem
    detail = (str(exc).splitlines() or [type(exc).__name__])[0]
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return f"index {path} cannot be read ({detail}): " + rebuild_fix(path)
