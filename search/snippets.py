"""Highlighted snippets for the hits of one query (`Snippets`, used by `search.archive`).

The costly part of a search once tantivy has ranked the hits (issue 6): tantivy's snippet
generator tokenizes and stems a whole field per call, so the work here is calling it only
where it can find something, and turning its byte offsets into the character spans of text
whose whitespace is collapsed for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import tantivy

from search.analysis import stems
from search.compiler import CompiledQuery

if TYPE_CHECKING:
    from indexer.records import Story

#: Snippet length in characters (tantivy's default is 150; a news sentence runs ~120-200).
SNIPPET_CHARS = 200
#: Text fields tried in turn for a highlighted snippet.
SNIPPET_FIELDS = ("body", "captions")


class Snippets:
    """Highlighted snippets for the hits of one query.

    A generator costs a pass over the query's terms, so one is made only for a field that
    has words to highlight, and only when a hit needs it. A generator call tokenizes and stems
    the whole field (~40 ns a character: ~120 µs on a 3 KB body), and returns an empty fragment
    when the field holds none of the terms; the query matched in another field then. So a
    hit's field is first checked for the terms (`_holds`), which costs a few µs, unless the
    query requires its words in that field (`CompiledQuery.matched`: `caption:storm`).
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
        self._terms: dict[str, set[str]] = {}
        for name, term in compiled.highlight.union(extra) if extra else compiled.highlight:
            if name in SNIPPET_FIELDS:
                self._terms.setdefault(name, set()).add(term)
        self._fields = [name for name in SNIPPET_FIELDS if name in self._terms]
        #: Per field, `_roots` of its terms, made when `_holds` first needs them.
        self._roots: dict[str, tuple[bytes, ...] | None] = {}
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
            if not text or (name not in self._compiled.matched and not self._holds(text, name)):
                continue
            snippet = self._generator(name).snippet_from_doc(doc)
            fragment: str = snippet.fragment()
            if fragment:
                spans = _char_spans(fragment, [(r.start, r.end) for r in snippet.highlighted()])
                if self._compiled.run_chars:
                    spans = _inside_runs(fragment, spans, self._compiled)
                return _collapse_spaces(fragment, spans)
        # `not text.isspace()` rather than `text.strip()`: no copy of a 3 KB body per hit.
        body = story.body
        if body and not body.isspace():
            return _collapsed(_leading(body, SNIPPET_CHARS)), ()
        for text in (" ".join(story.captions), story.headline or ""):
            if text and not text.isspace():
                return _collapsed(_leading(text, SNIPPET_CHARS)), ()
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
        if not text.isascii():
            return True
        if name not in self._roots:
            self._roots[name] = _roots(self._terms[name])
        roots = self._roots[name]
        if roots is None:
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
#: The longest word the index analyzer keeps (`Filter.remove_long(40)` drops 40 bytes and more).
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


def _inside_runs(
    fragment: str, spans: tuple[tuple[int, int], ...], compiled: CompiledQuery
) -> tuple[tuple[int, int], ...]:
    """`spans` without the lone characters of an unspaced word (`CompiledQuery.runs`).

    `北京` is searched as the phrase 北 京, and tantivy highlights those characters wherever
    they stand in the fragment: in 北方 and 京剧 too. Only the spans inside a whole `北京`
    stay (tests/test_cjk.py's Chinese story has 北 and 京 apart).
    """
    inside: set[int] = set()
    for run in compiled.runs:
        at = fragment.find(run)
        while at >= 0:
            inside.update(range(at, at + len(run)))
            at = fragment.find(run, at + 1)
    chars = compiled.run_chars
    return tuple((a, b) for a, b in spans if a in inside or b - a != 1 or fragment[a] not in chars)


def _collapsed(text: str) -> str:
    """`text` with each whitespace run as one space, stripped: `" ".join(text.split())`.

    That split builds a string per word, ~1 µs for a 200-character snippet. Most snippets
    need at most their paragraph breaks (`\\n\\n`, DESIGN.md §3) made spaces, which two scans
    then confirm: a printable text's only whitespace is the ASCII space (every other
    character `split` splits on is unprintable).
    """
    flat = text.replace("\n\n", " ") if "\n" in text else text
    if flat.isprintable() and "  " not in flat and flat[:1] != " " and flat[-1:] != " ":
        return flat
    return " ".join(text.split())


def _collapse_spaces(
    text: str, spans: tuple[tuple[int, int], ...]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Runs of whitespace (paragraph breaks) → one space; `spans` moved to match."""
    stripped = _collapsed(text)
    if not spans or stripped is text:  # nothing moved (a caption is one line, most often)
        return stripped, spans
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
