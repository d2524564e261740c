"""The query language of DESIGN.md §5: query text → an AST of frozen dataclasses.

Pure Python, no tantivy import, so it can be tested and fuzzed alone.

AST (every node has `span`: 0-based [start, end) character offsets into the query text;
spans are excluded from equality, so `parse(str(parse(q))) == parse(q)`):

    Term(text, field)                 a word; field None = all text fields
    Phrase(words, field, slop)        "exact words", "words near"~N
    Prefix(text, field)               refug*
    Fuzzy(text, field, distance)      xiaohongsu~ (1), xiaohongsu~2
    DateRange(field, lower, upper)    date:/captured: — half-open [lower, upper) calendar days,
                                      either bound None (open)
    And(children), Or(children)       n-ary; default juxtaposition is And
    Not(child)                        NOT a, -a
    Boost(child, factor)              a^2, "a b"^1.5, (a OR b)^2

Field clauses and field groups are pushed down onto their leaves by the parser
(`headline:(a OR b)` → Or(Term(a, headline), Term(b, headline))). Field names are canonical
(query aliases resolved): headline, dateline, body, captions, byline, site, url, language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from search.errors import QuerySyntaxError

__all__ = [
    "FIELD_ALIASES",
    "And",
    "Boost",
    "DateRange",
    "Fuzzy",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "QuerySyntaxError",
    "Span",
    "Term",
    "parse",
]

#: Field names accepted in queries → canonical schema field (DESIGN.md §5).
FIELD_ALIASES: dict[str, str] = {
    "headline": "headline",
    "title": "headline",  # documented alias: what other tools call the headline
    "dateline": "dateline",
    "body": "body",
    "caption": "captions",
    "captions": "captions",
    "byline": "byline",
    "author": "byline",
    "site": "site",
    "url": "url",
    "lang": "language",
    "language": "language",
}
DATE_FIELDS: dict[str, str] = {"date": "date", "captured": "captured_at"}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_NOSPAN = Span(0, 0)


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    field: str | None = None
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]
    field: str | None = None
    slop: int = 0
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Prefix:
    text: str
    field: str | None = None
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Fuzzy:
    text: str
    field: str | None = None
    distance: int = 1
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class DateRange:
    field: str  # "date" or "captured_at"
    lower: dt.date | None  # inclusive
    upper: dt.date | None  # exclusive
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Boost:
    child: Node
    factor: float
    span: Span = field(default=_NOSPAN, compare=False, repr=False)


Node = Term | Phrase | Prefix | Fuzzy | DateRange | And | Or | Not | Boost


def parse(text: str) -> Node:
    """Parse query text into an AST; raise QuerySyntaxError (with a 1-based column) if malformed."""
    raise NotImplementedError("parser being written")  # replaced by the parser
