"""The query language of DESIGN.md §5: query text → an AST of frozen dataclasses.

Pure Python, no tantivy import, so it can be tested and fuzzed alone. The parser here reads
the tokens of `search.querylex` (the lexer: where words, phrases and fields begin and end).

The AST is in `search.queryast` (re-exported here): Term, Phrase, Prefix, Fuzzy, DateRange,
And, Or, Not, Boost, each with its source span; `str(node)` gives canonical query text.
Field clauses and field groups are pushed down onto their leaves by the parser
(`headline:(a OR b)` → Or(Term(a, headline), Term(b, headline))). The parser unwraps
one-child groups and splices AND into AND and OR into OR, so `parse(str(ast)) == ast`.
`leaf_terms(ast)` lists the words, phrases, prefixes and fuzzies to highlight.

Decisions the grammar of DESIGN.md leaves open (tests/test_querylang.py pins each one):

- Words are runs of anything but whitespace, `(`, `)` and quotes; they keep their original text
  (`café's`, `O'Brien`, `U.S.`): the compiler analyzes them. Only upper-case AND/OR/NOT are
  operators; `&&`, `||`, `!` are not.
- A bare word without any letter or digit (`—`, `&`, a lone `-`) is ignored: it would analyze
  to nothing. Punctuation-only words inside a phrase are dropped likewise. A one-word phrase is
  a Term (`"AND"` is the way to search for the word AND). Typographic quotes (“…”, „…“)
  delimit phrases too, so text pasted from a story works.
- `name:` starts a field clause when `name` is letters only. An unknown name is an error,
  except before `//` (`https://x.com` is a word). `10:30` is a plain word.
- `-` negates when glued to what follows (`-a`, `-"a b"`, `-(a)`); a field value may start with
  `-` (`headline:-x` searches `-x`; write `-headline:x` to negate). A field inside a field group
  overrides the group's field.
- Suffixes, in this order: `*` (prefix) or `~`/`~N` (fuzzy) end a word; `^N` (boost) ends a
  word, a date value, a phrase (after its `~N`) or a `)`. `*` or `^` elsewhere in a word is an
  error (quote the word to search it literally); a `~` not followed by digits to the end is a
  word character.
- site/url/language hold raw values: a quoted value there is one exact Term, not a phrase.
- A query of only negations (`-a`, `NOT a`) is valid and means "everything but".
- Bounds keep pathological queries cheap: MAX_DEPTH levels of parentheses and NOT,
  MAX_LEAVES terms, prefixes of ≥ 2 letters or digits, fuzzy distance ≤ 2, slop ≤ querylex.MAX_SLOP.
  The parser is iterative, so no input can reach Python's recursion limit.
"""

from __future__ import annotations

import datetime as dt
import re

from search.errors import QuerySyntaxError
from search.queryast import (
    DATE_FIELDS,
    FIELD_ALIASES,
    OPERATORS,
    And,
    Boost,
    DateRange,
    Fuzzy,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Span,
    Term,
    leaf_terms,
)
from search.querylex import (
    ALNUM,
    DIGITS,
    LPAREN,
    NEG,
    OP,
    PHRASE,
    QUERY_FIELDS,
    WORD,
    Lexer,
    Token,
    shown,
)

__all__ = [
    "DATE_FIELDS",
    "FIELD_ALIASES",
    "MAX_DEPTH",
    "MAX_LEAVES",
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
    "leaf_terms",
    "parse",
]

#: Nesting of parentheses and NOT together: deep enough for any hand-written query, shallow
#: enough that the compiler and `str()` can recurse over the AST.
MAX_DEPTH = 64
#: Words (a phrase counts each of its words), prefixes, fuzzies and dates in one query.
MAX_LEAVES = 1024
#: Letters or digits a prefix needs before `*`, so it cannot expand to the whole vocabulary.
MIN_PREFIX = 2


def parse(text: str) -> Node:
    """Parse query text into an AST; raise QuerySyntaxError (with a 1-based column) if malformed."""
    return _one_word(text) or _Parser(text).run()


def _one_word(text: str) -> Term | None:
    """The Term of a query that is one word of letters and digits, alone or as `field:word`.

    The commonest query, which the parser takes ~5 µs to lex, a sixth of what a one-field search
    costs beyond tantivy's own work (issue 6). String methods, not a regex: compiling one costs
    a cold `morgue search` more than it saves. tests/test_querylang_fuzz.py holds it to the parser.
    """
    value = text.strip()
    name, colon, word = value.partition(":")
    field = None
    if colon:
        # Field names are ASCII letters (a non-ASCII one could lower-case to an ASCII name).
        field = QUERY_FIELDS.get(name.lower()) if name.isascii() else None
        if field is None or field in _DATE_COLUMNS:
            return None
    else:
        word = value
    if not word.isalnum() or word in _OPERATORS:
        return None
    start = len(text) - len(text.lstrip())
    return Term(word, field, Span(start, start + len(value)))


# ---------------------------------------------------------------------------------------------
# Parser (the tokens come from search.querylex)

_RAW_FIELDS = frozenset({"site", "url", "language"})  # indexer.schema.RAW_FIELDS minus id
_DATE_COLUMNS = frozenset(DATE_FIELDS.values())
_OPERATORS = OPERATORS

#: Patterns kept as text and compiled on first use, as in search.querylex (issue 6).
#: A fuzzy suffix at the end of what is left of a word: `fuzzy~1~2` and `ab~2*` stack suffixes
#: that DESIGN.md §5 does not combine (one `~N`, or one `*`, then an optional `^N`).
_FUZZY_TAIL = r"~[0-9]*\Z"
_DATE = r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?"
_DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, A..B, >=A, >A, <A, <=A"


class _Frame:
    """One open group: OR-separated branches of AND-ed operands, and what is pending."""

    __slots__ = ("after_operand", "branches", "depth", "field", "items", "negs", "op", "open")

    def __init__(self, field: str | None, depth: int, open_tok: Token | None) -> None:
        self.field = field
        self.depth = depth
        self.open = open_tok
        self.branches: list[list[Node]] = []
        self.items: list[Node] = []
        self.negs: list[Token] = []  # NOT / - waiting for their operand
        self.op: Token | None = None  # AND / OR waiting for its right operand
        self.after_operand = False


class _Parser(Lexer):
    """The AST of one query, from the tokens of its Lexer."""

    def __init__(self, query: str) -> None:
        super().__init__(query)
        self.leaves = 0

    # -- parser: an explicit stack of groups, so nesting never recurses --------------------

    def run(self) -> Node:
        frame = _Frame(None, 0, None)
        stack = [frame]
        for tok in self.tokens():
            kind = tok.kind
            if kind == WORD:
                self.operand(frame, self.word(tok, frame.field))
            elif kind == PHRASE:
                self.operand(frame, self.phrase(tok, frame.field))
            elif kind == NEG or (kind == OP and tok.text == "NOT"):
                if frame.depth + len(frame.negs) + 1 > MAX_DEPTH:
                    raise self.too_deep(tok.start)
                frame.negs.append(tok)
                frame.after_operand = False
            elif kind == OP:  # AND, OR
                self.check_pending(frame)
                if not frame.after_operand:
                    raise self.error(f"nothing before '{tok.text}'", tok.start)
                if tok.text == "OR":
                    frame.branches.append(frame.items)
                    frame.items = []
                frame.op = tok
                frame.after_operand = False
            elif kind == LPAREN:
                depth = frame.depth + len(frame.negs) + 1
                if depth > MAX_DEPTH:
                    raise self.too_deep(tok.at)
                frame = _Frame(tok.field or frame.field, depth, tok)
                stack.append(frame)
            else:  # RPAREN
                opened = frame.open
                if opened is None:
                    raise self.error("unmatched ')'", tok.start)
                node = self.close(frame, Span(opened.start, tok.leaf_end))
                if tok.boost is not None:
                    node = Boost(node, tok.boost, Span(opened.start, tok.end))
                stack.pop()
                frame = stack[-1]
                self.operand(frame, node)
        self.check_pending(frame)
        if frame.open is not None:
            raise self.error("unclosed '('", frame.open.at)
        if not frame.items and not frame.branches:
            message = "empty query" if self.q.strip() == "" else "no letters or digits to search"
            raise self.error(message, 0)
        first = (frame.branches or [frame.items])[0][0]
        return self.close(frame, Span(first.span.start, frame.items[-1].span.end))

    def operand(self, frame: _Frame, node: Node) -> None:
        for neg in reversed(frame.negs):
            node = Not(node, Span(neg.start, node.span.end))
        frame.negs.clear()
        frame.items.append(node)
        frame.op = None
        frame.after_operand = True

    def check_pending(self, frame: _Frame) -> None:
        if frame.negs:
            neg = frame.negs[-1]
            raise self.error(f"nothing after '{self.q[neg.start : neg.end]}'", neg.start)
        if frame.op is not None:
            raise self.error(f"nothing after '{frame.op.text}'", frame.op.start)

    def close(self, frame: _Frame, span: Span) -> Node:
        """The node of a finished group: OR of ANDs, one-child groups unwrapped, flattened."""
        self.check_pending(frame)
        if not frame.items:
            assert frame.open is not None  # an empty top level is caught by run()
            raise self.error("empty group '()'", frame.open.at)
        branches = [*frame.branches, frame.items]
        if len(branches) == 1:
            return _flat(And, frame.items, span)
        ands = [_flat(And, b, Span(b[0].span.start, b[-1].span.end)) for b in branches]
        return _flat(Or, ands, span)

    def too_deep(self, index: int) -> QuerySyntaxError:
        return self.error(f"query nested too deeply (max {MAX_DEPTH} parentheses and NOTs)", index)

    def count_leaf(self, index: int, words: int = 1) -> None:
        self.leaves += words
        if self.leaves > MAX_LEAVES:
            raise self.error(f"query too long (max {MAX_LEAVES} terms)", index)

    # -- leaves ---------------------------------------------------------------------------

    def word(self, tok: Token, default_field: str | None) -> Node:
        self.count_leaf(tok.start)
        field = tok.field or default_field
        value, at = self.q[tok.at : tok.end], tok.at
        boost, leaf_end = None, tok.end
        caret = value.rfind("^")
        if caret >= 0:
            boost = self.boost(value[caret + 1 :], at + caret)
            value, leaf_end = value[:caret], at + caret
            if not value:
                raise self.error("nothing to boost before '^'", at + caret)
        span = Span(tok.start, leaf_end)
        leaf: Node
        tilde = value.rfind("~")
        if field in _DATE_COLUMNS:
            assert field is not None
            leaf = self.date(value, field, at, span)
        elif tilde >= 0 and re.compile(DIGITS).fullmatch(value, tilde + 1) is not None:
            digits = value[tilde + 1 :]
            distance = 1 if not digits else int(digits) if len(digits) < 4 else 999
            if distance not in (1, 2):
                raise self.error(f"fuzzy distance must be 1 or 2, not {digits[:6]}", at + tilde)
            self.no_fuzzy_tail(value[:tilde], at, tok, "a word takes one fuzzy '~'")
            value = self.core(value[:tilde], field, at, tok)
            leaf = Fuzzy(value, field, distance, span)
        elif value.endswith("*"):
            self.no_fuzzy_tail(
                value[:-1], at, tok, "a word is a prefix (refug*) or fuzzy (zurich~)"
            )
            value = self.core(value[:-1], field, at, tok)
            if len(ALNUM.findall(value)) < MIN_PREFIX:
                prefix = shown(value + "*")
                raise self.error(
                    f"prefix too short: {prefix} (need {MIN_PREFIX} letters or digits)", at
                )
            leaf = Prefix(value, field, span)
        else:
            leaf = Term(self.core(value, field, at, tok), field, span)
        return leaf if boost is None else Boost(leaf, boost, Span(tok.start, tok.end))

    def no_fuzzy_tail(self, value: str, at: int, tok: Token, problem: str) -> None:
        """An error at the `~` if `value` (a word less its last suffix) ends in another one."""
        tail = re.compile(_FUZZY_TAIL).search(value)
        if tail is not None:
            word = shown(self.q[tok.start : tok.end])
            raise self.error(f"{problem}, not both: {word}", at + tail.start())

    def core(self, value: str, field: str | None, at: int, tok: Token) -> str:
        """The word itself once its suffixes are off: checked for what cannot be searched."""
        star = value.find("*")
        if star >= 0:
            raise self.error("'*' is only allowed at the end of a word", at + star)
        caret = value.find("^")
        if caret >= 0:
            raise self.error("'^' is only allowed once, before the boost at the end", at + caret)
        if not value or (field not in _RAW_FIELDS and ALNUM.search(value) is None):
            raise self.error(f"no word to search in {shown(self.q[tok.start : tok.end])}", at)
        return value

    def phrase(self, tok: Token, default_field: str | None) -> Node:
        self.count_leaf(tok.start)
        field = tok.field or default_field
        span = Span(tok.start, tok.leaf_end)
        content = tok.text
        leaf: Node
        if field in _DATE_COLUMNS or field in _RAW_FIELDS:
            assert field is not None
            if tok.slop is not None:
                tilde = tok.at + len(content) + 2
                raise self.error(f"proximity '~' needs a text field, not {field}", tilde)
            value = content.strip()
            at = tok.at + 1 + len(content) - len(content.lstrip())
            if field in _DATE_COLUMNS:
                leaf = self.date(value, field, at, span)
            elif not value:
                raise self.error("empty phrase", tok.at)
            else:
                leaf = Term(value, field, span)  # a raw field matches its exact value
        else:
            words = tuple(w for w in content.split() if ALNUM.search(w) is not None)
            if not words:
                raise self.error("empty phrase", tok.at)
            self.count_leaf(tok.start, len(words) - 1)  # each word is a term of the phrase
            if len(words) == 1:
                leaf = Term(words[0], field, span)
            else:
                leaf = Phrase(words, field, tok.slop or 0, span)
        return leaf if tok.boost is None else Boost(leaf, tok.boost, Span(tok.start, tok.end))

    # -- dates ----------------------------------------------------------------------------

    def date(self, value: str, field: str, at: int, span: Span) -> DateRange:
        """`date:` values → half-open [lower, upper) days; `at` is where `value` starts."""
        lower: dt.date | None
        upper: dt.date | None
        if value[:2] in (">=", "<="):
            lower = self.period(value[2:], at + 2) if value[0] == ">" else None
            upper = None if value[0] == ">" else self.period(value[2:], at + 2, end=True)
        elif value[:1] in (">", "<"):
            lower = self.period(value[1:], at + 1, end=True) if value[0] == ">" else None
            upper = None if value[0] == ">" else self.period(value[1:], at + 1)
        elif ".." in value:
            a, _, b = value.partition("..")
            if not a and not b:
                raise self.error("date range needs a date on at least one side of '..'", at)
            lower = self.period(a, at) if a else None
            upper = self.period(b, at + len(a) + 2, end=True) if b else None
            if lower is not None and upper is not None and lower >= upper:
                raise self.error(
                    f"empty date range {shown(value)} (the end is before the start)", at
                )
        else:
            lower, upper = self.period(value, at), self.period(value, at, end=True)
        return DateRange(field, lower, upper, span)

    def period(self, text: str, at: int, *, end: bool = False) -> dt.date:
        """The first day of YYYY, YYYY-MM or YYYY-MM-DD, or with `end` the day after its last."""
        m = re.compile(_DATE).fullmatch(text)
        if m is None:
            what = f"bad date {shown(text)}" if text else "missing date"
            raise self.error(f"{what} (expected {_DATE_FORMS})", at)
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            first = dt.date(year, int(month or 1), int(day or 1))
        except ValueError:
            raise self.error(f"no such date {shown(text)}", at) from None
        if not end:
            return first
        try:
            if day is not None:
                return first + dt.timedelta(days=1)
            return _next_month(first) if month is not None else dt.date(year + 1, 1, 1)
        except (ValueError, OverflowError):
            raise self.error(f"date {shown(text)} out of range (years 0001 to 9999)", at) from None


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _flat(kind: type[And] | type[Or], items: list[Node], span: Span) -> Node:
    """`kind(items)` with nested nodes of the same kind spliced in and one child unwrapped."""
    children: list[Node] = []
    for item in items:
        if type(item) is kind:
            children.extend(item.children)
        else:
            children.append(item)
    return children[0] if len(children) == 1 else kind(tuple(children), span)
