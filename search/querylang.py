"""The query language of DESIGN.md §5: query text → an AST of frozen dataclasses.

Pure Python, no tantivy import, so it can be tested and fuzzed alone.

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
  MAX_LEAVES terms, prefixes of ≥ 2 letters or digits, fuzzy distance ≤ 2, slop ≤ MAX_SLOP.
  The parser is iterative, so no input can reach Python's recursion limit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

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
#: Largest phrase slop; news stories are a few hundred words long.
MAX_SLOP = 1000
#: Largest boost factor (tantivy boosts are f32).
MAX_BOOST = 10_000.0
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
        field = _QUERY_FIELDS.get(name.lower()) if name.isascii() else None
        if field is None or field in _DATE_COLUMNS:
            return None
    else:
        word = value
    if not word.isalnum() or word in _OPERATORS:
        return None
    start = len(text) - len(text.lstrip())
    return Term(word, field, Span(start, start + len(value)))


# ---------------------------------------------------------------------------------------------
# Lexer and parser

_QUERY_FIELDS: dict[str, str] = {**FIELD_ALIASES, **DATE_FIELDS}
_FIELD_LIST = ", ".join(_QUERY_FIELDS)
_RAW_FIELDS = frozenset({"site", "url", "language"})  # indexer.schema.RAW_FIELDS minus id
_DATE_COLUMNS = frozenset(DATE_FIELDS.values())
_OPERATORS = OPERATORS

#: Quotes around a phrase: ASCII, and the typographic ones of text pasted from a story.
_OPENING_QUOTES = '"“”„'
_WORD = re.compile(r'[^\s()"“”„]+')
_FIELD = re.compile(r"([A-Za-z_]+):")
_ALNUM = re.compile(r"[^\W_]")  # exactly str.isalnum()
#: Patterns only some queries need (phrases, slops, boosts, dates), kept as text and compiled
#: on first use through `re`'s own cache: compiling them all at import cost ~0.3 ms of every
#: `morgue search` start (issue 6).
_CLOSING_QUOTE = '["“”]'
_DIGITS = r"[0-9]*"
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#: A fuzzy suffix at the end of what is left of a word: `fuzzy~1~2` and `ab~2*` stack suffixes
#: that DESIGN.md §5 does not combine (one `~N`, or one `*`, then an optional `^N`).
_FUZZY_TAIL = r"~[0-9]*\Z"
_DATE = r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?"
_DATE_FORMS = "YYYY, YYYY-MM, YYYY-MM-DD, A..B, >=A, >A, <A, <=A"

_WORDTOK, _PHRASE, _LPAREN, _RPAREN, _OP, _NEG = "word", "phrase", "(", ")", "op", "-"


class _Tok:
    """One lexer token. (A plain class: a NamedTuple costs ~0.2 ms to define at import.)"""

    __slots__ = ("at", "boost", "end", "field", "kind", "leaf_end", "slop", "start", "text")

    def __init__(
        self,
        kind: str,
        start: int,  # where the token begins, field name included
        end: int,  # where it ends, boost included
        field: str | None = None,  # explicit canonical field
        at: int = 0,  # word: value start; phrase: opening quote; "(": the paren itself
        leaf_end: int = 0,  # end before the boost suffix
        boost: float | None = None,  # phrase and ")"
        slop: int | None = None,  # phrase
        text: str = "",  # operator name; phrase content
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.field = field
        self.at = at
        self.leaf_end = leaf_end
        self.boost = boost
        self.slop = slop
        self.text = text


class _Frame:
    """One open group: OR-separated branches of AND-ed operands, and what is pending."""

    __slots__ = ("after_operand", "branches", "depth", "field", "items", "negs", "op", "open")

    def __init__(self, field: str | None, depth: int, open_tok: _Tok | None) -> None:
        self.field = field
        self.depth = depth
        self.open = open_tok
        self.branches: list[list[Node]] = []
        self.items: list[Node] = []
        self.negs: list[_Tok] = []  # NOT / - waiting for their operand
        self.op: _Tok | None = None  # AND / OR waiting for its right operand
        self.after_operand = False


class _Parser:
    def __init__(self, query: str) -> None:
        self.q = query
        self.leaves = 0

    def error(self, message: str, index: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, query=self.q, column=index + 1)

    # -- parser: an explicit stack of groups, so nesting never recurses --------------------

    def run(self) -> Node:
        frame = _Frame(None, 0, None)
        stack = [frame]
        for tok in self.tokens():
            kind = tok.kind
            if kind == _WORDTOK:
                self.operand(frame, self.word(tok, frame.field))
            elif kind == _PHRASE:
                self.operand(frame, self.phrase(tok, frame.field))
            elif kind == _NEG or (kind == _OP and tok.text == "NOT"):
                if frame.depth + len(frame.negs) + 1 > MAX_DEPTH:
                    raise self.too_deep(tok.start)
                frame.negs.append(tok)
                frame.after_operand = False
            elif kind == _OP:  # AND, OR
                self.check_pending(frame)
                if not frame.after_operand:
                    raise self.error(f"nothing before '{tok.text}'", tok.start)
                if tok.text == "OR":
                    frame.branches.append(frame.items)
                    frame.items = []
                frame.op = tok
                frame.after_operand = False
            elif kind == _LPAREN:
                depth = frame.depth + len(frame.negs) + 1
                if depth > MAX_DEPTH:
                    raise self.too_deep(tok.at)
                frame = _Frame(tok.field or frame.field, depth, tok)
                stack.append(frame)
            else:  # _RPAREN
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

    # -- lexer ----------------------------------------------------------------------------

    def tokens(self) -> Iterator[_Tok]:
        q, n, i = self.q, len(self.q), 0
        while i < n:
            c = q[i]
            if c.isspace():
                i += 1
            elif c == "(":
                yield _Tok(_LPAREN, i, i + 1, at=i)
                i += 1
            elif c == ")":
                boost, end = self.boost_suffix(i + 1)
                yield _Tok(_RPAREN, i, end, leaf_end=i + 1, boost=boost)
                i = end
            elif c in _OPENING_QUOTES:
                phrase = self.quoted(i, i, None)
                yield phrase
                i = phrase.end
            elif c == "-":
                # Dashes glued to a group, a phrase or a word with a letter or digit negate it;
                # other dashes ("a - b", "--", "-—") are punctuation, like any symbol-only word.
                run = _WORD.match(q, i)
                assert run is not None
                after = q[run.end()] if run.end() < n else " "
                glued = (after == "(" or after in _OPENING_QUOTES) and not run.group().strip("-")
                if not glued and _ALNUM.search(run.group()) is None:
                    i = run.end()
                    continue
                yield _Tok(_NEG, i, i + 1)
                i += 1
            else:
                run = _WORD.match(q, i)
                assert run is not None
                word, end = run.group(), run.end()
                tok = self.word_token(word, i, end)
                if tok is not None:
                    yield tok
                    i = tok.end
                else:
                    i = end

    def word_token(self, word: str, i: int, end: int) -> _Tok | None:
        if word in _OPERATORS:
            return _Tok(_OP, i, end, text=word)
        named = _FIELD.match(word)
        if named is not None:
            typed = named.group(1)
            canonical = _QUERY_FIELDS.get(typed.lower())
            if canonical is not None:
                at = i + named.end()
                if at < end:
                    return _Tok(_WORDTOK, i, end, canonical, at)
                nxt = self.q[end] if end < len(self.q) else ""
                if nxt == "(":
                    return _Tok(_LPAREN, i, end + 1, canonical, at=end)
                if nxt and nxt in _OPENING_QUOTES:
                    return self.quoted(i, end, canonical)
                raise self.error(f"missing value after '{typed}:'", end)
            if not word.startswith("//", named.end()):  # https://… is a word, not a field
                raise self.error(f"unknown field '{typed}' (fields: {_FIELD_LIST})", i)
        if _ALNUM.search(word) is None:
            return None  # punctuation only: nothing to search
        return _Tok(_WORDTOK, i, end, None, i)

    def quoted(self, start: int, quote: int, field: str | None) -> _Tok:
        q, n = self.q, len(self.q)
        closing = re.compile(_CLOSING_QUOTE).search(q, quote + 1)
        if closing is None:
            raise self.error("unclosed quote", quote)
        close = closing.start()
        k, slop = close + 1, None
        if k < n and q[k] == "~":
            digits = re.compile(_DIGITS).match(q, k + 1)
            assert digits is not None
            if not digits.group():
                raise self.error('proximity needs a number: "…"~N', k)
            if len(digits.group()) > 4 or int(digits.group()) > MAX_SLOP:
                raise self.error(f"proximity ~{digits.group()[:6]} too large (max {MAX_SLOP})", k)
            slop, k = int(digits.group()), digits.end()
        boost, end = self.boost_suffix(k)
        if end < n and not q[end].isspace() and q[end] not in "()":
            raise self.error(f"unexpected {q[end]!r} after the closing quote", end)
        text = q[quote + 1 : close]
        return _Tok(_PHRASE, start, end, field, quote, k, boost, slop, text)

    def boost_suffix(self, k: int) -> tuple[float | None, int]:
        """The `^N` at `k`, if any, and where it ends."""
        if k >= len(self.q) or self.q[k] != "^":
            return None, k
        run = _WORD.match(self.q, k + 1)
        number = run.group() if run else ""
        return self.boost(number, k), k + 1 + len(number)

    def boost(self, number: str, caret: int) -> float:
        if not number:
            raise self.error("missing number after '^' (e.g. ^2)", caret)
        if re.compile(_NUMBER).fullmatch(number) is None:
            raise self.error(
                f"bad boost {_shown('^' + number)} (expected a number such as ^2)", caret
            )
        factor = float(number)
        if not 0 < factor <= MAX_BOOST:
            raise self.error(
                f"boost {_shown('^' + number)} out of range (above 0, at most 10000)", caret
            )
        return factor

    # -- leaves ---------------------------------------------------------------------------

    def word(self, tok: _Tok, default_field: str | None) -> Node:
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
        elif tilde >= 0 and re.compile(_DIGITS).fullmatch(value, tilde + 1) is not None:
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
            if len(_ALNUM.findall(value)) < MIN_PREFIX:
                shown = _shown(value + "*")
                raise self.error(
                    f"prefix too short: {shown} (need {MIN_PREFIX} letters or digits)", at
                )
            leaf = Prefix(value, field, span)
        else:
            leaf = Term(self.core(value, field, at, tok), field, span)
        return leaf if boost is None else Boost(leaf, boost, Span(tok.start, tok.end))

    def no_fuzzy_tail(self, value: str, at: int, tok: _Tok, problem: str) -> None:
        """An error at the `~` if `value` (a word less its last suffix) ends in another one."""
        tail = re.compile(_FUZZY_TAIL).search(value)
        if tail is not None:
            word = _shown(self.q[tok.start : tok.end])
            raise self.error(f"{problem}, not both: {word}", at + tail.start())

    def core(self, value: str, field: str | None, at: int, tok: _Tok) -> str:
        """The word itself once its suffixes are off: checked for what cannot be searched."""
        star = value.find("*")
        if star >= 0:
            raise self.error("'*' is only allowed at the end of a word", at + star)
        caret = value.find("^")
        if caret >= 0:
            raise self.error("'^' is only allowed once, before the boost at the end", at + caret)
        if not value or (field not in _RAW_FIELDS and _ALNUM.search(value) is None):
            raise self.error(f"no word to search in {_shown(self.q[tok.start : tok.end])}", at)
        return value

    def phrase(self, tok: _Tok, default_field: str | None) -> Node:
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
            words = tuple(w for w in content.split() if _ALNUM.search(w) is not None)
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
                    f"empty date range {_shown(value)} (the end is before the start)", at
                )
        else:
            lower, upper = self.period(value, at), self.period(value, at, end=True)
        return DateRange(field, lower, upper, span)

    def period(self, text: str, at: int, *, end: bool = False) -> dt.date:
        """The first day of YYYY, YYYY-MM or YYYY-MM-DD, or with `end` the day after its last."""
        m = re.compile(_DATE).fullmatch(text)
        if m is None:
            what = f"bad date {_shown(text)}" if text else "missing date"
            raise self.error(f"{what} (expected {_DATE_FORMS})", at)
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            first = dt.date(year, int(month or 1), int(day or 1))
        except ValueError:
            raise self.error(f"no such date {_shown(text)}", at) from None
        if not end:
            return first
        try:
            if day is not None:
                return first + dt.timedelta(days=1)
            return _next_month(first) if month is not None else dt.date(year + 1, 1, 1)
        except (ValueError, OverflowError):
            raise self.error(f"date {_shown(text)} out of range (years 0001 to 9999)", at) from None


def _shown(text: str) -> str:
    """User text quoted for a message: escaped (no terminal control characters) and short."""
    return repr(text if len(text) <= 40 else text[:39] + "…")


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
