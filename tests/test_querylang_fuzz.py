"""Bad queries (issue 5 §6): random text never breaks the parser, random ASTs round-trip.

For any input, `parse` returns an AST or raises QuerySyntaxError with a column inside the query
(1 … len + 1), never another exception; every valid query reads back from its canonical text;
pathological queries end in a clear error, never in a RecursionError.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from search.errors import QuerySyntaxError
from search.querylang import (
    MAX_LEAVES,
    And,
    Boost,
    DateRange,
    Fuzzy,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    parse,
)

# Modest, so the suite stays fast on a shared 2-core machine.
FUZZ = settings(max_examples=300, deadline=None)


def parse_or_error(query: str) -> Node | None:
    """The AST, or None after checking the error points inside the query."""
    try:
        return parse(query)
    except QuerySyntaxError as error:
        assert 1 <= error.column <= len(query) + 1, (query, error.column, error.message)
        assert error.query == query
        assert error.message and error.message == error.message.strip()
        return None


def nodes(node: Node) -> list[Node]:
    found, todo = [], [node]
    while todo:
        item = todo.pop()
        found.append(item)
        if isinstance(item, And | Or):
            todo.extend(item.children)
        elif isinstance(item, Not | Boost):
            todo.append(item.child)
    return found


def check_valid(query: str, ast: Node) -> None:
    """Spans lie inside the query; the canonical text reads back to the same AST, stably."""
    for item in nodes(ast):
        assert 0 <= item.span.start < item.span.end <= len(query), (query, item)
    canonical = str(ast)
    again = parse(canonical)
    assert again == ast, (query, canonical)
    assert str(again) == canonical


# -- random text ---------------------------------------------------------------------------

# Single characters the grammar cares about, plus letters, unicode and control characters.
CHARS = st.sampled_from(
    [*"ab Zé1 0\"()~^*-:.'\t\n\x00\x1b\u200f—北“”„", "\r", "\x7f", "\ufeff", "\U0001f600"]
)
# Fragments that are each meaningful, so random joins reach deeper into the grammar.
FRAGMENTS = st.sampled_from(
    [
        "AND", "OR", "NOT", "and", "-", "(", ")", '"', "headline:", "title:(", "date:", "site:",
        "url:", "foo:", "captured:", "2025", "2025-01", "2025-02-30", "..", ">=", "<", "~", "~2",
        "~3", "^", "^2", "^0.5", "*", "ab*", "a*", "x~", " ", "  ", "tiktok", "café's", "10:30",
        "https://x.com/a", '"a b"', '"a b"~2', "(a OR b)", "—",
    ]
)  # fmt: skip
RANDOM_QUERIES = st.one_of(
    st.text(CHARS, max_size=30),
    st.lists(st.one_of(FRAGMENTS, CHARS), max_size=14).map("".join),
    st.text(max_size=20),  # any unicode at all
)


@FUZZ
@given(RANDOM_QUERIES)
def test_random_text_gives_an_ast_or_a_located_error(query: str) -> None:
    ast = parse_or_error(query)
    if ast is not None:
        check_valid(query, ast)


# -- valid queries -------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["tiktok", "refugees", "Zürich", "café's", "O'Brien", "U.S.", "e-mail", "10:30", "北京", "x1"]
)
FIELDS = st.sampled_from(["", "headline:", "title:", "body:", "caption:", "byline:", "lang:"])
DATES = st.sampled_from(
    ["2025", "2025-01", "2025-01-18", "2025-01-01..2025-03-31", ">=2024-06", ">2024-06",
     "<2025", "<=2025-01-18", "2024..", "..2025-03", "2024-02-29"]
)  # fmt: skip
LEAF_TEXT = st.one_of(
    st.builds(lambda f, w: f + w, FIELDS, WORDS),
    st.builds(lambda f, w: f + w + "*", FIELDS, st.sampled_from(["refug", "tik", "ab"])),
    st.builds(lambda f, w, d: f + w + d, FIELDS, WORDS, st.sampled_from(["~", "~1", "~2"])),
    st.builds(lambda f, a, b: f'{f}"{a} {b}"', FIELDS, WORDS, WORDS),
    st.builds(lambda a, b, n: f'"{a} {b}"~{n}', WORDS, WORDS, st.integers(0, 20)),
    st.builds(lambda f, d: f + d, st.sampled_from(["date:", "captured:"]), DATES),
    st.sampled_from(["site:bbc.co.uk", 'url:"https://x.com/a b"', '"AND"', "headline:(a OR b)"]),
)
LEAF = st.builds(
    lambda text, boost: text + boost, LEAF_TEXT, st.sampled_from(["", "", "^2", "^0.5"])
)


def combine(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda a, b: f"{a} {b}", parts, parts),
        st.builds(lambda a, b: f"{a} AND {b}", parts, parts),
        st.builds(lambda a, b: f"{a} OR {b}", parts, parts),
        st.builds(lambda a, neg: f"{neg}{a}", parts, st.sampled_from(["-", "NOT "])),
        st.builds(lambda a, boost: f"({a}){boost}", parts, st.sampled_from(["", "^3"])),
    )


VALID_QUERIES = st.recursive(LEAF, combine, max_leaves=12)


@FUZZ
@given(VALID_QUERIES)
def test_valid_queries_parse_and_round_trip(query: str) -> None:
    check_valid(query, parse(query))


# -- random ASTs ---------------------------------------------------------------------------

WORD_TEXT = st.from_regex(r"[A-Za-z0-9éüß北'][A-Za-z0-9éüß北'.\-]{0,8}", fullmatch=True).filter(
    lambda w: any(c.isalnum() for c in w)
)
# Terms whose text needs quotes, or looks like syntax, to test the printer's quoting.
ODD_TERMS = st.sampled_from(["AND", "OR", "NOT", "a:b", "x^2", "refug*", "zurich~2", "-x", "'s"])
TEXT_FIELDS = st.sampled_from([None, "headline", "dateline", "body", "captions", "byline"])
RAW_FIELDS = st.sampled_from(["site", "url", "language"])
ANY_FIELD = st.one_of(TEXT_FIELDS, RAW_FIELDS)
RAW_TEXT = st.from_regex(r"[a-z0-9.:/?=&~-]+( [a-z]+)?", fullmatch=True).filter(
    lambda v: v == v.strip()
)
DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
FACTORS = st.floats(min_value=0, max_value=10_000, exclude_min=True, allow_nan=False)


def date_range(field: str, a: dt.date, b: dt.date, which: str) -> DateRange:
    lower, upper = min(a, b), max(a, b) + dt.timedelta(days=1)
    return DateRange(
        field, None if which == "upper" else lower, None if which == "lower" else upper
    )


AST_LEAVES = st.one_of(
    st.builds(Term, st.one_of(WORD_TEXT, ODD_TERMS), TEXT_FIELDS),
    st.builds(Term, RAW_TEXT, RAW_FIELDS),
    st.builds(
        Phrase,
        st.lists(st.one_of(WORD_TEXT, ODD_TERMS), min_size=2, max_size=4).map(tuple),
        TEXT_FIELDS,
        st.integers(0, 1000),
    ),
    st.builds(Prefix, WORD_TEXT.filter(lambda w: sum(c.isalnum() for c in w) >= 2), ANY_FIELD),
    st.builds(Fuzzy, WORD_TEXT, ANY_FIELD, st.sampled_from([1, 2])),
    st.builds(
        date_range,
        st.sampled_from(["date", "captured_at"]),
        DAYS,
        DAYS,
        st.sampled_from(["both", "lower", "upper"]),
    ),
)


def ast_branches(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    many = st.lists(children, min_size=2, max_size=4).map(tuple)
    return st.one_of(
        st.builds(And, many),
        st.builds(Or, many),
        st.builds(Not, children),
        st.builds(Boost, children, FACTORS),
    )


ASTS = st.recursive(AST_LEAVES, ast_branches, max_leaves=16)


def simplified(node: Node) -> Node:
    """What the parser makes of a node: nested AND in AND and OR in OR spliced in."""
    if isinstance(node, And | Or):
        children: list[Node] = []
        for child in map(simplified, node.children):
            if type(child) is type(node):
                assert isinstance(child, And | Or)
                children.extend(child.children)
            else:
                children.append(child)
        return type(node)(tuple(children))
    if isinstance(node, Not):
        return Not(simplified(node.child))
    if isinstance(node, Boost):
        return Boost(simplified(node.child), node.factor)
    return node


def depth(node: Node) -> int:
    if isinstance(node, And | Or):
        return 1 + max(map(depth, node.children))
    if isinstance(node, Not | Boost):
        return 1 + depth(node.child)
    return 0


@FUZZ
@given(ASTS)
def test_random_asts_read_back_from_their_text(ast: Node) -> None:
    assume(depth(ast) < 30)  # the parser's nesting limit is 64 parentheses and NOTs
    text = str(ast)
    assert parse(text) == simplified(ast), text
    assert str(parse(text)) == str(simplified(ast))


# -- pathological queries ------------------------------------------------------------------


def test_a_10000_term_or_is_a_clear_error() -> None:
    query = " OR ".join(f"w{i}" for i in range(10_000))
    with pytest.raises(QuerySyntaxError, match=f"too long \\(max {MAX_LEAVES} terms\\)"):
        parse(query)


@pytest.mark.parametrize(
    "query",
    [
        "(" * 10_000 + "a" + ")" * 10_000,
        "(" * 10_000,
        "NOT " * 10_000 + "a",
        "-" * 10_000 + "a",
        "-(" * 10_000 + "a",
        "headline:(" * 10_000 + "a",
    ],
    ids=["parens", "open-parens", "nots", "dashes", "negated-groups", "field-groups"],
)
def test_deep_nesting_is_a_clear_error_not_a_recursion_error(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="nested too deeply") as caught:
        parse(query)
    assert caught.value.column < 1000  # found early, not after reading the whole query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (")" * 10_000, "unmatched ')'"),
        ('"' + "a " * 10_000, "unclosed quote"),
        ("a AND " * 500, "nothing after 'AND'"),
        ("x" * 1_000_000 + "~3", "fuzzy distance"),
        ("a^" + "9" * 5_000, "out of range"),
        ("a~" + "9" * 5_000, "fuzzy distance"),
        ('"a b"~' + "9" * 5_000, "too large"),
    ],
)
def test_huge_inputs_end_in_a_clear_error(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        parse(query)


def test_a_huge_word_parses_and_a_huge_phrase_is_too_long() -> None:
    word = "x" * 1_000_000
    assert parse(word) == Term(word)
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse('"' + " ".join(f"w{i}" for i in range(10_000)) + '"')


# -- the one-word shortcut -----------------------------------------------------------------

# Field names in any case, date fields, unknown and non-ASCII ones (`İ` lower-cases to two
# characters, the Kelvin sign to an ASCII k), and colons that start no field.
NAMES = st.sampled_from(
    ["", "headline:", "TITLE:", "Caption:", "lang:", "site:", "date:", "captured:", "foo:", ":"]
)
NON_ASCII_NAMES = st.sampled_from(["t\u0130tle:", "\u212aey:", "headl\u0130ne:"])
WORDS = st.sampled_from(["refugees", "Zürich", "北京", "2025", "AND", "OR", "NOT", "x²", "_a"])
WORD_TAILS = st.sampled_from(["", "*", "~", "~2", "^2", "-", "'s", ":b", "\u0301"])
BLANKS = st.sampled_from(["", " ", "\t\n", "\u3000"])


@FUZZ
@given(BLANKS, NAMES | NON_ASCII_NAMES, WORDS, WORD_TAILS, BLANKS)
def test_the_one_word_shortcut_gives_what_the_parser_gives(
    before: str, name: str, word: str, tail: str, after: str
) -> None:
    # `parse` answers one plain word or `field:word` itself (issue 6): the same Term and span.
    from search.querylang import _one_word, _Parser

    query = before + name + word + tail + after
    quick = _one_word(query)
    if quick is None:
        return
    full = _Parser(query).run()
    assert (quick, quick.span) == (full, full.span)
