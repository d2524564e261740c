"""The AST of morgue's query language (DESIGN.md §5): frozen dataclasses and their canonical text.

Every node has `span`: 0-based [start, end) character offsets into the query text; spans are
excluded from equality, so `parse(str(parse(q))) == parse(q)`:

    Term(text, field)                 a word; field None = all text fields
    Phrase(words, field, slop)        "exact words", "words near"~N
    Prefix(text, field)               refug*
    Fuzzy(text, field, distance)      xiaohongsu~ (1), xiaohongsu~2
    DateRange(field, lower, upper)    date:/captured: — half-open [lower, upper) calendar days,
                                      either bound None (open)
    And(children), Or(children)       n-ary; default juxtaposition is And
    Not(child)                        NOT a, -a
    Boost(child, factor)              a^2, "a b"^1.5, (a OR b)^2

Field names are canonical (query aliases resolved): headline, dateline, body, captions, byline,
site, url, language.

`str(node)` is canonical query text: canonical field names on every leaf, AND as juxtaposition,
explicit OR, `-` for NOT, quotes only where a word needs them, dates in their shortest exact
form (`date:2025-01`, `date:2025..2025-03`, `date:>=2024-06`, `date:<2025-01-19`).
The parser that builds these trees is `search.querylang`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from search.errors import QuerySyntaxError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance as _DataclassInstance

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

OPERATORS = frozenset({"AND", "OR", "NOT"})


class _Value:
    """Equality, hash and repr by value, shared by the classes below instead of generated.

    Each is a frozen dataclass declared with `eq=False, repr=False`: these methods compare,
    hash and print exactly what the generated ones would (the fields with `compare=True`, or
    `repr=True`, in order), but `dataclass` would compile three small functions per class for
    them at import, ~0.2 ms a class on every `morgue search` start (issue 6).
    """

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        names = _COMPARED.get(type(self))
        if names is None:
            fields = dataclasses.fields(cast("_DataclassInstance", self))
            names = _COMPARED[type(self)] = tuple(f.name for f in fields if f.compare)
        return tuple(getattr(self, name) for name in names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = dataclasses.fields(cast("_DataclassInstance", self))
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields if f.repr)
        return f"{type(self).__qualname__}({shown})"


#: Per class, the names of the fields that equality and hash use.
_COMPARED: dict[type, tuple[str, ...]] = {}


@dataclass(frozen=True, eq=False, repr=False)
class Span(_Value):
    """0-based [start, end) character offsets into the query text."""

    start: int
    end: int


_NOSPAN = Span(0, 0)


class _Node(_Value):
    """`str(node)` is the node's canonical query text (see `_text`)."""

    __slots__ = ()

    def __str__(self) -> str:
        return _text(cast(Node, self))


@dataclass(frozen=True, eq=False, repr=False)
class Term(_Node):
    """A word; `field` None means every text field."""

    text: str
    field: str | None = None
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Phrase(_Node):
    """Words in this order (`slop` 0), or within `slop` moves of it (`"a b"~3`)."""

    words: tuple[str, ...]
    field: str | None = None
    slop: int = 0
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Prefix(_Node):
    """Words starting with `text` (`refug*`)."""

    text: str
    field: str | None = None
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Fuzzy(_Node):
    """Words within `distance` edits of `text` (`xiaohongsu~`)."""

    text: str
    field: str | None = None
    distance: int = 1
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class DateRange(_Node):
    """Calendar days in [lower, upper); a None bound is open."""

    field: str  # "date" or "captured_at"
    lower: dt.date | None  # inclusive
    upper: dt.date | None  # exclusive
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class And(_Node):
    """Every child matches (juxtaposition, or AND)."""

    children: tuple[Node, ...]
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Or(_Node):
    """At least one child matches."""

    children: tuple[Node, ...]
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Not(_Node):
    """The child does not match (`NOT a`, `-a`)."""

    child: Node
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Boost(_Node):
    """The child's score times `factor` (`a^2`)."""

    child: Node
    factor: float
    span: Span = dataclasses.field(default=_NOSPAN, compare=False, repr=False)


Node = Term | Phrase | Prefix | Fuzzy | DateRange | And | Or | Not | Boost
_LEAVES = (Term, Phrase, Prefix, Fuzzy)


def leaf_terms(node: Node) -> list[Term | Phrase | Prefix | Fuzzy]:
    """The positive (not negated) word leaves of `node`, left to right: what to highlight."""
    found: list[Term | Phrase | Prefix | Fuzzy] = []
    todo: list[tuple[Node, bool]] = [(node, False)]
    while todo:
        item, negated = todo.pop()
        if isinstance(item, _LEAVES):
            if not negated:
                found.append(item)
        elif isinstance(item, Not):
            todo.append((item.child, not negated))  # NOT NOT a matches what a matches
        elif isinstance(item, Boost):
            todo.append((item.child, negated))
        elif isinstance(item, And | Or):
            todo.extend((child, negated) for child in reversed(item.children))
    return found


# ---------------------------------------------------------------------------------------------
# Canonical text: fields by canonical name, AND as juxtaposition, OR explicit, `-` for NOT,
# dates in their shortest exact form.

_FIELD_TEXT: dict[str, str] = {
    **{canonical: canonical for canonical in FIELD_ALIASES.values()},
    **{column: name for name, column in DATE_FIELDS.items()},
}


def _text(node: Node) -> str:
    if isinstance(node, Term):
        return _term_text(node)
    if isinstance(node, Phrase):
        slop = f"~{node.slop}" if node.slop else ""
        return f'{_field_text(node.field)}"{" ".join(node.words)}"{slop}'
    if isinstance(node, Prefix):
        return f"{_field_text(node.field)}{node.text}*"
    if isinstance(node, Fuzzy):
        tilde = "~" if node.distance == 1 else f"~{node.distance}"
        return f"{_field_text(node.field)}{node.text}{tilde}"
    if isinstance(node, DateRange):
        return f"{_FIELD_TEXT[node.field]}:{_date_text(node.lower, node.upper)}"
    if isinstance(node, And):
        return " ".join(_atom(child) for child in node.children)
    if isinstance(node, Or):
        return " OR ".join(
            f"({_text(child)})" if isinstance(child, Or) else _text(child)
            for child in node.children
        )
    if isinstance(node, Not):
        return f"-{_atom(node.child)}"
    factor = f"{node.factor:.0f}" if node.factor.is_integer() else repr(node.factor)
    if isinstance(node.child, (*_LEAVES, DateRange)):
        return f"{_text(node.child)}^{factor}"
    return f"({_text(node.child)})^{factor}"


def _atom(node: Node) -> str:
    """`node` as one operand: AND and OR groups parenthesized."""
    return f"({_text(node)})" if isinstance(node, And | Or) else _text(node)


def _field_text(name: str | None) -> str:
    return "" if name is None else f"{_FIELD_TEXT.get(name, name)}:"


def _term_text(term: Term) -> str:
    """The term bare when it reads back as itself, else quoted (`"AND"`, `"refug*"`, `"a:b"`)."""
    bare = f"{_field_text(term.field)}{term.text}"
    if term.text.isalnum() and term.text not in OPERATORS:
        return bare  # the common case, without a parse
    from search.querylang import parse  # the parser imports this module

    try:
        if parse(bare) == term:
            return bare
    except QuerySyntaxError:
        pass
    return f'{_field_text(term.field)}"{term.text}"'


def _date_text(lower: dt.date | None, upper: dt.date | None) -> str:
    """The shortest exact form: `2025`, `2025-01`, `2025-01-18`, `2025-01..2025-03`, `>=2024-06`."""
    if lower is None:
        return ".." if upper is None else f"<{_first_day(upper)}"
    if upper is None:
        return f">={_first_day(lower)}"
    ends = (upper.year, upper.month, upper.day)  # compared as tuples: no date overflow
    if (lower.month, lower.day) == (1, 1) and ends == (lower.year + 1, 1, 1):
        return f"{lower.year:04d}"
    if lower.day == 1 and ends == (lower.year + lower.month // 12, lower.month % 12 + 1, 1):
        return f"{lower.year:04d}-{lower.month:02d}"
    last = upper - dt.timedelta(days=1)
    if last == lower:
        return lower.isoformat()
    if (upper.month, upper.day) == (1, 1):
        return f"{_first_day(lower)}..{last.year:04d}"
    if upper.day == 1:
        return f"{_first_day(lower)}..{last.year:04d}-{last.month:02d}"
    return f"{_first_day(lower)}..{last.isoformat()}"


def _first_day(day: dt.date) -> str:
    """`day` as the period it starts: 2025 for 2025-01-01, 2025-06 for 2025-06-01."""
    if (day.month, day.day) == (1, 1):
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}" if day.day == 1 else day.isoformat()
