"""The tantivy schema: the one contract between `indexer` (writes) and `search` (reads).

Field names follow the story record (DESIGN.md §3). Text fields go through the `news`
analyzer: words split out by `TOKEN_PATTERN`, long tokens dropped, lower-cased, accents folded
(`cafe` finds `café`), English-stemmed (`refugee` finds `refugees`); positions are kept for
phrases. Stop words are kept, so a phrase such as "state of the union" stays exact.

Chinese, Japanese and Thai put no spaces between words, and Korean attaches particles to them
(서울에서, "in Seoul"): a run of such text is one sentence, not one word. So every character
of those scripts is a token of its own and the query compiler matches a query word of several
characters (`北京`) as a phrase of them, i.e. as a substring (Lucene's StandardTokenizer does
the same for Han and Hiragana). Like any phrase it also matches across a space or punctuation
(`京市` finds "北京 市"), which matters in spaced Korean: on the Korean eval pages 15 of 180
hits for sampled two- and three-syllable words were such matches. Lucene's bigrams avoid
that, but tantivy-py has no per-script n-gram filter. The regex tokenizer costs CPU: tantivy indexes
English stories in ~1.6× the CPU time of the simple tokenizer (bench's 20,000-page stories).

The analyzer is not persisted by tantivy: `open_index` registers it on every open.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
import tantivy

from indexer.errors import IndexerError, IndexStorageError, IndexVersionError

#: Bump when the schema or the analyzer changes; an index of another version must be rebuilt.
SCHEMA_VERSION = 2  # 2: one token per CJK/Thai character (TOKEN_PATTERN); the `place` field
ANALYZER = "news"
#: Our own metadata file beside tantivy's meta.json.
META_FILE = "morgue.json"

#: Analyzed text fields, in the order of their default ranking weight (headline first).
TEXT_FIELDS: tuple[str, ...] = ("headline", "dateline", "captions", "byline", "body")
#: Raw (untokenized, exact) term fields.
RAW_FIELDS: tuple[str, ...] = ("id", "url", "site", "language")
#: Where a story was filed from, `indexer.datelines.dateline_place` of its dateline
#: (`BEIJING` for `BEIJING, Jan. 14 (Xinhua)`): raw and fast so `morgue stats` counts places
#: exactly with a terms aggregation (the analyzed `dateline` field has no whole-value column).
#: Not stored: it is derived, not part of the story record.
PLACE_FIELD = "place"
#: Date fields: indexed and fast (range queries, sorting).
DATE_FIELDS: tuple[str, ...] = ("date", "captured_at")
#: Stored-only bytes field holding the record keys that have no field of their own
#: (date strings as printed, date_source, updated, story_index, provenance).
RECORD_FIELD = "record"
RECORD_KEYS: tuple[str, ...] = (
    "date",
    "date_source",
    "updated",
    "story_index",
    "captured_at",
    "warc_file",
    "warc_offset",
    "warc_record_id",
)


#: Scripts whose characters are indexed one by one (see the module docstring). Script
#: extensions, so marks shared by Hiragana and Katakana (the long vowel ー) count too.
_UNSPACED = (
    r"\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{Hangul}"
    r"\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
)
#: What tantivy's simple tokenizer keeps: Rust's `char::is_alphanumeric`.
_ALNUM = r"\p{Alphabetic}\p{N}"
#: One letter, digit or mark of an unspaced script; or else a run of letters and digits, exactly
#: a simple-tokenizer word. Marks are tokens in those scripts because Thai tone marks (U+0E48)
#: are not letters: dropping them would make `ก่อ` and `กอ` the same query.
#: Inherited marks (U+0305 combining overline: its script extensions include Han) are no token
#: of their own, as under the simple tokenizer.
TOKEN_PATTERN = (
    rf"[[[{_UNSPACED}]&&[{_ALNUM}\p{{M}}]]--[\p{{sc=Inherited}}]]"
    rf"|[[{_ALNUM}]--[{_UNSPACED}]]+"
)


def news_analyzer(*, stem: bool = True) -> Any:
    """The analyzer of every text field, and of query terms (search.compiler uses it too).

    Without `stem` it is the analyzer prefix queries need: the same tokens, not stemmed.
    """
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(TOKEN_PATTERN))
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


def build_schema() -> Any:
    sb = tantivy.SchemaBuilder()
    for name in RAW_FIELDS:
        sb.add_text_field(
            name, stored=True, fast=name in ("site", "language"), tokenizer_name="raw"
        )
    for name in TEXT_FIELDS:
        sb.add_text_field(name, stored=True, tokenizer_name=ANALYZER, index_option="position")
    sb.add_text_field(PLACE_FIELD, stored=False, fast=True, tokenizer_name="raw")
    for name in DATE_FIELDS:
        sb.add_date_field(name, stored=False, indexed=True, fast=True)
    sb.add_bytes_field(RECORD_FIELD, stored=True)
    return sb.build()


def index_datetime(value: str | None) -> dt.datetime | None:
    """The datetime indexed for a record date string, or None when it cannot be read.

    Publication dates are indexed as their *local* wall-clock time (the offset is dropped),
    so `date:2025-01-18` finds a story printed as 2025-01-18T02:00+08:00 on the 18th, the day
    its readers saw. Capture dates are UTC already ("Z").
    """
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            parsed = dt.datetime(int(text), 1, 1)
        elif len(text) == 7:
            parsed = dt.datetime(int(text[:4]), int(text[5:7]), 1)
        else:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    parsed = parsed.replace(tzinfo=dt.UTC)
    if not 1700 <= parsed.year <= 2200:
        return None
    return parsed


def rebuild_fix(path: str | os.PathLike[str]) -> str:
    """The fix every "damaged or outdated index" message ends with, runnable as printed."""
    return f"rebuild it with `morgue index --rebuild --index {path}`"


def read_meta(path: Path) -> dict[str, Any] | None:
    try:
        data = orjson.loads((path / META_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError) as exc:
        raise IndexStorageError(
            f"index {path}: unreadable {META_FILE} ({exc}): " + rebuild_fix(path)
        ) from exc
    return data if isinstance(data, dict) else None


def check_version(path: Path) -> None:
    """Raise IndexVersionError when the index at `path` was written by another schema version."""
    meta = read_meta(path)
    version = None if meta is None else meta.get("schema_version")
    if meta is not None and version != SCHEMA_VERSION:
        raise IndexVersionError(
            f"index {path} has schema version {version}, this morgue needs {SCHEMA_VERSION}: "
            + rebuild_fix(path)
        )


#: OS errors tantivy reports inside its ValueError text, and what the user can do about them.
#: A rebuild cannot help with these, so they must not be reported as a damaged index.
_STORAGE_PROBLEMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("No space left on device", "os error 28"), "the disk is full: free some space, then rerun"),
    (
        ("Read-only file system", "os error 30", "Permission denied", "os error 13"),
        "its directory is not writable (tantivy writes a lock file even to read): "
        "make it writable, or copy the index somewhere writable",
    ),
)


def storage_problem(path: str | os.PathLike[str], exc: BaseException) -> str | None:
    """A message for a full or unwritable disk behind a tantivy error, or None for other errors."""
    text = str(exc)
    for markers, advice in _STORAGE_PROBLEMS:
        if any(marker in text for marker in markers):
            return f"index {path}: {advice}"
    return None


def open_index(path: str | os.PathLike[str], *, create: bool = False) -> Any:
    """Open (or with `create`, create) the tantivy index at `path`, analyzer registered.

    Raises IndexVersionError for an index of another schema version and IndexerError when the
    directory holds no index and `create` is false.
    """
    root = Path(path)
    if create:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexStorageError(f"cannot create index directory {root}: {exc}") from exc
    check_version(root)
    exists = root.is_dir() and tantivy.Index.exists(str(root))
    if not exists and read_meta(root) is not None:
        # Our morgue.json without tantivy's meta.json is a damaged index, not a new one: creating
        # an empty index here would hide the loss while the ledger still lists every file as done.
        raise IndexStorageError(
            f"index {root} is damaged (its meta.json is missing): " + rebuild_fix(root)
        )
    if not exists and not create:
        raise IndexerError(f"no index at {root}: run `morgue index PATH...` first")
    try:
        index = tantivy.Index(build_schema(), path=str(root), reuse=True)
    except ValueError as exc:
        if "schema does not match" in str(exc):
            raise IndexVersionError(
                f"index {root} was built with another schema: " + rebuild_fix(root)
            ) from exc
        problem = storage_problem(root, exc)
        if problem is not None:
            raise IndexStorageError(problem) from exc
        raise IndexStorageError(
            f"cannot open index {root}: {str(exc).splitlines()[0]}; if it is damaged, "
            + rebuild_fix(root)
        ) from exc
    index.register_tokenizer(ANALYZER, news_analyzer())
    if read_meta(root) is None:
        _write_meta(root)
    return index


def _write_meta(root: Path) -> None:
    """Write morgue.json whole or not at all: a reader opening the index while it is created
    (tests/test_faults.py, four searchers beside the writer) once read it created but still
    empty, and reported the new index as unreadable."""
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(dir=root, prefix=f".{META_FILE}.", suffix=".tmp")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as out:
            out.write(orjson.dumps({"schema_version": SCHEMA_VERSION}))
        os.replace(tmp, root / META_FILE)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise IndexStorageError(f"cannot write {root / META_FILE}: {exc}") from exc
