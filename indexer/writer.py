"""Story → tantivy document, written through the index's one writer (upsert by `id`).

`StoryWriter` owns the tantivy writer of one index directory: it takes the writer lock on
open (a second run gets `IndexLockedError`), upserts stories, commits, and turns every
tantivy failure into an `IndexerError`. tantivy-py poisons a writer after any error (a
failed commit leaves later documents silently dropped, tantivy#2540), so any exception
from the writer is fatal for this `StoryWriter`: it refuses further work and the caller
reruns; the previous commit is untouched on disk because tantivy commits are atomic.

Duplicates: one story may be captured several times (a re-capture of the same page gives
the same `id`, see `records.story_id`). `add_batch` keeps exactly one copy, the *earliest
capture* (smallest `capture_key`), whatever order files are read in, in this run or a
previous one. That is what makes `jobs=1` and `jobs=4`, or a killed run plus its rerun,
end with identical stored fields.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import orjson
import tantivy

from indexer import schema
from indexer.datelines import dateline_place
from indexer.errors import IndexerError, IndexLockedError, IndexStorageError
from indexer.records import Story
from indexer.rss import PageTrimmer, return_freed_heap

#: Total indexing heap (split across tantivy's threads, ≥ 15 MB each). 128 MB was the
#: fastest setting on a 2-core box in the tantivy-py field notes (§3.2); larger heaps make
#: commits slower and raise RSS.
DEFAULT_HEAP_SIZE = 128_000_000

#: (captured_at, warc_file, warc_offset): orders the captures of one story, earliest first.
CaptureKey = tuple[str, str, int]

#: Ids per lookup query (a batch from the pipeline is smaller; add_batch callers may not be).
_LOOKUP_CHUNK = 1024

_NOT_OURS = (KeyboardInterrupt, SystemExit, GeneratorExit)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """What `StoryWriter.add_batch` did with a batch of stories."""

    added: int  # stories new to the index (or rewritten with the same capture: `--force`)
    duplicates: int  # captures dropped because an earlier capture of the story is kept


class PreparedStory(NamedTuple):
    """A story made ready for the writer, where it was extracted (in a worker process).

    The main process then only deletes by id and hands tantivy the JSON, which it parses
    without holding the GIL: ~5 µs of main-thread time a story instead of ~30 µs through
    `Document.from_dict` (measured, 2.4 KB stories).
    """

    id: str
    key: CaptureKey
    json: str  # a tantivy document for IndexWriter.add_json


def capture_key(story: Story) -> CaptureKey:
    return (story.captured_at, story.warc_file, story.warc_offset)


def prepare(story: Story) -> PreparedStory:
    return PreparedStory(story.id, capture_key(story), document_json(story))


def document_of(story: Story) -> dict[str, Any]:
    """The tantivy document (as a dict for `Document.from_dict`) of one story.

    Every key of the story record is recoverable: text and raw fields are stored under their
    own names, the rest as orjson in the `record` bytes field (`schema.RECORD_KEYS`).
    Absent values are left out (tantivy has no null); dates that cannot be read are not
    indexed but stay in `record` as printed. The dateline's place (`schema.PLACE_FIELD`) is
    indexed for `morgue stats`, not stored: it is derived from the dateline.
    """
    doc: dict[str, Any] = {
        "id": story.id,
        "url": story.url,
        "site": story.site,
        "body": story.body,
        schema.RECORD_FIELD: _dumps({key: getattr(story, key) for key in schema.RECORD_KEYS}),
    }
    if story.headline is not None:
        doc["headline"] = story.headline
    if story.dateline is not None:
        doc["dateline"] = story.dateline
        place = dateline_place(story.dateline)
        if place:
            doc[schema.PLACE_FIELD] = place
    if story.byline is not None:
        doc["byline"] = story.byline
    if story.language is not None:
        doc["language"] = story.language
    if story.captions:
        doc["captions"] = list(story.captions)
    date = schema.index_datetime(story.date)
    if date is not None:
        doc["date"] = date
    captured = schema.index_datetime(story.captured_at)
    if captured is not None:
        doc["captured_at"] = captured
    return doc


def document_json(story: Story) -> str:
    """`document_of` as the JSON `IndexWriter.add_json` takes (bytes base64, dates RFC 3339)."""
    doc = document_of(story)
    doc[schema.RECORD_FIELD] = base64.b64encode(doc[schema.RECORD_FIELD]).decode("ascii")
    for name in schema.DATE_FIELDS:
        if name in doc:
            doc[name] = doc[name].isoformat()
    return _dumps(doc).decode("utf-8")


def _dumps(doc: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(doc)
    except orjson.JSONEncodeError:
        # Lone surrogates (text or a file name decoded with surrogateescape) are not UTF-8.
        return orjson.dumps({k: _valid_utf8(v) for k, v in doc.items()})


def _valid_utf8(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_valid_utf8(v) for v in value]
    return value


class StoryWriter:
    """The writer of one index directory. Use as a context manager, or call `close()`.

    `with StoryWriter(path) as w: w.add(story)` commits on a clean exit and rolls back on an
    exception. Readers (in this or other processes) keep working and see each commit.
    Opening one tunes glibc's heap for the rest of the process (`rss.return_freed_heap`): a
    program that embeds it gets big freed blocks given back to the system at once.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        heap_size: int = DEFAULT_HEAP_SIZE,
        num_threads: int = 0,
    ) -> None:
        self.path = Path(path)
        self._index = schema.open_index(self.path, create=True)
        self._schema = self._index.schema
        # Before tantivy's arena first allocates: its pages must never come from the heap.
        return_freed_heap()
        try:
            self._writer: Any = self._index.writer(heap_size=heap_size, num_threads=num_threads)
        except ValueError as exc:
            if "LockBusy" in str(exc):
                raise IndexLockedError(
                    f"index {self.path} is locked by another morgue index run: "
                    "wait for it to finish, or stop it"
                ) from None
            raise IndexStorageError(f"cannot open a writer on index {self.path}: {exc}") from exc
        self._failed: str | None = None
        # ids written since the last commit → the capture kept; committed ones are looked up.
        self._pending: dict[str, CaptureKey] = {}
        self._searcher: Any = self._index.searcher()
        self._index_has_docs = self._searcher.num_docs > 0
        self._trimmer = PageTrimmer(self.path)

    # -- writing ----------------------------------------------------------------------

    def add(self, story: Story) -> None:
        """Upsert one story: any document with the same `id` is replaced in the next commit."""
        item = prepare(story)
        self._upsert(item)
        self._pending[item.id] = item.key

    def add_batch(self, stories: Sequence[Story]) -> BatchResult:
        """Upsert `stories`, keeping only the earliest capture of each id (see module doc)."""
        return self.add_prepared([prepare(s) for s in stories])

    def add_prepared(self, items: Sequence[PreparedStory]) -> BatchResult:
        """`add_batch` for stories already through `prepare` (in an extraction process)."""
        self._check_usable()
        kept = self._pending
        if self._index_has_docs:
            kept.update(self._committed_keys({item.id for item in items if item.id not in kept}))
        added = duplicates = 0
        for item in items:
            existing = kept.get(item.id)
            if existing is not None and existing != item.key:
                duplicates += 1
                if existing < item.key:
                    continue
            # A story new to the index needs no delete: each delete is a term looked up in
            # every segment at commit time, for nothing in a first ingest.
            self._upsert(item, replace=existing is not None)
            kept[item.id] = item.key
            if existing is None or existing == item.key:
                added += 1  # an earlier capture replacing a kept one is no new story
        return BatchResult(added=added, duplicates=duplicates)

    def commit(self) -> int:
        """Make every story added so far durable and visible to searchers; the opstamp."""
        self._check_usable()
        with self._fatal("commit"):
            opstamp: int = self._writer.commit()
        if self._pending:
            self._index_has_docs = True
        self._pending = {}
        self._refresh()
        return opstamp

    def rollback(self) -> None:
        """Drop every story added since the last commit."""
        self._check_usable()
        with self._fatal("roll back"):
            self._writer.rollback()
        self._pending = {}

    def close(self, *, wait_merges: bool = True) -> None:
        """Release the writer and its lock (without committing). Safe to call twice.

        `wait_merges=False` is for a hurried exit (Ctrl-C): background merges are left for
        the next run instead of being waited for.
        """
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if self._failed is None:
            self._failed = "closed"
        try:
            if wait_merges:
                writer.wait_merging_threads()
        except BaseException as exc:
            if isinstance(exc, _NOT_OURS):
                raise
            raise IndexStorageError(
                f"index {self.path}: finishing background merges failed ({exc}); "
                "the last commit is intact"
            ) from exc
        finally:
            del writer
            self._trimmer.close()

    def __enter__(self) -> StoryWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._writer is None:  # closed already (index_paths closes it itself)
            return
        if exc_type is None:
            try:
                self.commit()
            finally:
                self.close()
            return
        # Already failing: roll back quietly and let the original exception propagate.
        try:
            with suppress(IndexerError):
                if self._failed is None:
                    self.rollback()
        finally:
            with suppress(IndexerError):
                self.close(wait_merges=False)

    # -- reading back -------------------------------------------------------------------

    @property
    def num_docs(self) -> int:
        """Stories in the last commit (what a searcher opened now would see)."""
        return int(self._searcher.num_docs)

    def _committed_keys(self, ids: Iterable[str]) -> Iterator[tuple[str, CaptureKey]]:
        """The capture kept in the last commit for each of `ids` that has one."""
        with self._fatal("look up stories in"):
            # doc_freq is one term-dictionary probe per segment (it also counts deleted copies,
            # so it may say yes for nothing, never no for something). A term_set_query instead
            # streams the whole `id` dictionary: CPU and mapped pages growing with the index.
            wanted = [i for i in ids if self._searcher.doc_freq("id", i) > 0]
            for start in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[start : start + _LOOKUP_CHUNK]
                terms = [tantivy.Query.term_query(self._schema, "id", i) for i in chunk]
                query = tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in terms])
                hits = self._searcher.search(query, limit=len(chunk), count=False).hits
                yield from self._capture_keys(hits)

    def _capture_keys(self, hits: list[Any]) -> Iterator[tuple[str, CaptureKey]]:
        for _score, address in hits:
            doc = self._searcher.doc(address)
            record = orjson.loads(doc.get_first(schema.RECORD_FIELD))
            key = (
                record.get("captured_at") or "",
                record.get("warc_file") or "",
                record.get("warc_offset") or 0,
            )
            yield doc.get_first("id"), key

    # -- internals ------------------------------------------------------------------------

    def _upsert(self, item: PreparedStory, *, replace: bool = True) -> None:
        self._check_usable()
        # Our own JSON, so add_json cannot reject it; were it to, the writer is done for.
        with self._fatal("write to"):
            if replace:
                self._writer.delete_documents_by_term("id", item.id)
            self._writer.add_json(item.json)

    def _refresh(self) -> None:
        with self._fatal("reload"):
            self._index.reload()
            self._searcher = self._index.searcher()

    def _check_usable(self) -> None:
        if self._failed is not None:
            raise IndexStorageError(
                f"index {self.path}: this writer is unusable ({self._failed}); "
                "rerun `morgue index` to continue from the last commit"
            )

    @contextmanager
    def _fatal(self, action: str) -> Iterator[None]:
        """Turn any tantivy failure (ValueError, OSError, a Rust panic) into IndexStorageError.

        Panics arrive as `pyo3_runtime.PanicException`, a BaseException, so the net is wide;
        only the interpreter's own control-flow exceptions pass through.
        """
        try:
            yield
        except BaseException as exc:
            if isinstance(exc, _NOT_OURS):
                raise
            self._failed = f"{action} failed: {exc}"
            raise IndexStorageError(
                f"cannot {action} index {self.path}: {_storage_reason(exc)}; the last commit "
                "is intact: free disk space or fix permissions, then rerun `morgue index`"
            ) from exc


def _storage_reason(exc: BaseException) -> str:
    text = str(exc)
    if "No space left" in text or "os error 28" in text:
        return "the disk is full"
    if "Permission denied" in text or "os error 13" in text or "Read-only" in text:
        return "the index directory is not writable"
    if "File too large" in text or "os error 27" in text:
        return "a file size limit was reached"
    if "writer was killed" in text:
        # tantivy hides the io::Error of its indexing thread behind this message.
        return "an indexing thread failed to write (disk full or not writable?)"
    return text.splitlines()[0] if text else type(exc).__name__
