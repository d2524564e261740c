"""Query text → tokens: the lexer of the query language (DESIGN.md §5) that `search.querylang`
parses.

Where a word, a phrase, a field name, a parenthesis or an operator begins and ends, and the
suffixes read with them (a phrase's `~N`, a `^N` boost after a phrase or a `)`). Apart from the
parser, which turns the tokens into an AST, because this is the character-level half: quoting,
dashes and field-name syntax live here, grouping and the leaves' meaning in `search.querylang`.
Pure Python, like the parser. The decisions both halves make are listed in querylang's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from search.errors import QuerySyntaxError
from search.queryast import DATE_FIELDS, FIELD_ALIASES, OPERATORS

__all__ = [
    "ALNUM",
    "DIGITS",
    "LPAREN",
    "MAX_BOOST",
    "MAX_SLOP",
    "NEG",
    "OP",
    "PHRASE",
    "QUERY_FIELDS",
    "RPAREN",
    "WORD",
    "Lexer",
    "Token",
    "shown",
]

#: Largest phrase slop; news stories are a few hundred words long.
MAX_SLOP = 1000
#: Largest boost factor (tantivy boosts are f32).
MAX_BOOST = 10_000.0

#: Field names the query language accepts (aliases included) → canonical field.
QUERY_FIELDS: dict[str, str] = {**FIELD_ALIASES, **DATE_FIELDS}
_FIELD_LIST = ", ".join(QUERY_FIELDS)

#: Quotes around a phrase: ASCII, and the typographic ones of text pasted from a story.
_OPENING_QUOTES = '"“”„'
_WORD_RUN = re.compile(r'[^\s()"“”„]+')
_FIELD = re.compile(r"([A-Za-z_]+):")
ALNUM = re.compile(r"[^\W_]")  # exactly str.isalnum()
#: Patterns only some queries need (phrases, slops, boosts, dates), kept as text and compiled
#: on first use through `re`'s own cache: compiling them all at import cost ~0.3 ms of every
#: `morgue search` start (issue 6).
_CLOSING_QUOTE = '["“”]'
DIGITS = r"[0-9]*"
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

#: Token kinds.
WORD, PHRASE, LPAREN, RPAREN, OP, NEG = "word", "phrase", "(", ")", "op", "-"


class Token:
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


class Lexer:
    """The tokens of one query; `search.querylang`'s parser is a Lexer that also parses."""

    def __init__(self, query: str) -> None:
        self.q = query

    def error(self, message: str, index: int) -> QuerySyntaxError:
        return QuerySyntaxError(message, query=self.q, column=index + 1)

    def tokens(self) -> Iterator[Token]:
        q, n, i = self.q, len(self.q), 0
        while i < n:
            c = q[i]
            if c.isspace():
                i += 1
            elif c == "(":
                yield Token(LPAREN, i, i + 1, at=i)
                i += 1
            elif c == ")":
                boost, end = self.boost_suffix(i + 1)
                yield Token(RPAREN, i, end, leaf_end=i + 1, boost=boost)
                i = end
            elif c in _OPENING_QUOTES:
                phrase = self.quoted(i, i, None)
                yield phrase
                i = phrase.end
            elif c == "-":
                # Dashes glued to a group, a phrase or a word with a letter or digit negate it;
                # other dashes ("a - b", "--", "-—") are punctuation, like any symbol-only word.
                run = _WORD_RUN.match(q, i)
                assert run is not None
                after = q[run.end()] if run.end() < n else " "
                glued = (after == "(" or after in _OPENING_QUOTES) and not run.group().strip("-")
                if not glued and ALNUM.search(run.group()) is None:
                    i = run.end()
                    continue
                yield Token(NEG, i, i + 1)
                i += 1
            else:
                run = _WORD_RUN.match(q, i)
                assert run is not None
                word, end = run.group(), run.end()
                tok = self.word_token(word, i, end)
                if tok is not None:
                    yield tok
                    i = tok.end
                else:
                    i = end

    def word_token(self, word: str, i: int, end: int) -> Token | None:
        if word in OPERATORS:
            return Token(OP, i, end, text=word)
        named = _FIELD.match(word)
        if named is not None:
            typed = named.group(1)
            canonical = QUERY_FIELDS.get(typed.lower())
            if canonical is not None:
                at = i + named.end()
                if at < end:
                    return Token(WORD, i, end, canonical, at)
                nxt = self.q[end] if end < len(self.q) else ""
                if nxt == "(":
                    return Token(LPAREN, i, end + 1, canonical, at=end)
                if nxt and nxt in _OPENING_QUOTES:
                    return self.quoted(i, end, canonical)
                raise self.error(f"missing value after '{typed}:'", end)
            if not word.startswith("//", named.end()):  # https://… is a word, not a field
                raise self.error(f"unknown field '{typed}' (fields: {_FIELD_LIST})", i)
        if ALNUM.search(word) is None:
            return None  # punctuation only: nothing to search
        return Token(WORD, i, end, None, i)

    def quoted(self, start: int, quote: int, field: str | None) -> Token:
        q, n = self.q, len(self.q)
        closing = re.compile(_CLOSING_QUOTE).search(q, quote + 1)
        if closing is None:
            raise self.error("unclosed quote", quote)
        close = closing.start()
        k, slop = close + 1, None
        if k < n and q[k] == "~":
            digits = re.compile(DIGITS).match(q, k + 1)
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
        return Token(PHRASE, start, end, field, quote, k, boost, slop, text)

    def boost_suffix(self, k: int) -> tuple[float | None, int]:
        """The `^N` at `k`, if any, and where it ends."""
        if k >= len(self.q) or self.q[k] != "^":
            return None, k
        run = _WORD_RUN.match(self.q, k + 1)
        number = run.group() if run else ""
        return self.boost(number, k), k + 1 + len(number)

    def boost(self, number: str, caret: int) -> float:
        """The factor of a `^N` boost whose caret is at `caret` (a word's own boost too)."""
        if not number:
            raise self.error("missing number after '^' (e.g. ^2)", caret)
        if re.compile(_NUMBER).fullmatch(number) is None:
            raise self.error(
                f"bad boost {shown('^' + number)} (expected a number such as ^2)", caret
            )
        factor = float(number)
        if not 0 < factor <= MAX_BOOST:
            raise self.error(
                f"boost {shown('^' + number)} out of range (above 0, at most 10000)", caret
            )
        return factor


def shown(text: str) -> str:
    """User text quoted for a message: escaped (no terminal control characters) and short."""
    return repr(text if len(text) <= 40 else text[:39] + "…")
