"""The query language (DESIGN.md §5) as tables: input → canonical text, input → error column."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from search.errors import QuerySyntaxError
from search.querylang import (
    MAX_DEPTH,
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
    Span,
    Term,
    leaf_terms,
    parse,
)

D = dt.date

# input → canonical text. Canonical: AND as juxtaposition, explicit OR, `-` for NOT, canonical
# field names pushed onto every leaf, dates in their shortest exact form.
CANONICAL = [
    # every form of DESIGN.md §5
    ("refugees tiktok", "refugees tiktok"),
    ('"great firewall"', '"great firewall"'),
    ('"chinese app"~3', '"chinese app"~3'),
    ("a OR b", "a OR b"),
    ("a AND b", "a b"),
    ("NOT a", "-a"),
    ("-a", "-a"),
    ("( a  b )", "a b"),
    ("headline:tiktok", "headline:tiktok"),
    ("headline:(tiktok OR rednote)", "headline:tiktok OR headline:rednote"),
    ('caption:"AP Photo"', 'captions:"AP Photo"'),
    ("refug*", "refug*"),
    ("xiaohongsu~", "xiaohongsu~"),
    ("xiaohongsu~1", "xiaohongsu~"),
    ("xiaohongsu~2", "xiaohongsu~2"),
    ("date:2025", "date:2025"),
    ("date:2025-01", "date:2025-01"),
    ("date:2025-01-18", "date:2025-01-18"),
    ("date:2025-01-01..2025-03-31", "date:2025..2025-03"),
    ("date:2025-01-05..2025-03-30", "date:2025-01-05..2025-03-30"),
    ("date:>=2024-06", "date:>=2024-06"),
    ("date:<2025", "date:<2025"),
    ("captured:2026-01", "captured:2026-01"),
    ("tiktok^2", "tiktok^2"),
    (
        'dateline:aleppo "civil defense" date:2026-01',
        'dateline:aleppo "civil defense" date:2026-01',
    ),
    # field aliases resolve to the canonical names
    ("title:a headline:b", "headline:a headline:b"),
    ("caption:a captions:b", "captions:a captions:b"),
    ("author:smith byline:jones", "byline:smith byline:jones"),
    ("lang:en language:fr", "language:en language:fr"),
    ("dateline:paris body:strike", "dateline:paris body:strike"),
    ("site:bbc.co.uk", "site:bbc.co.uk"),
    ("HEADLINE:x Title:y", "headline:x headline:y"),
    # field groups and phrases inside fields
    ('headline:(a "b c" -d)', 'headline:a headline:"b c" -headline:d'),
    ("headline:(a body:b)", "headline:a body:b"),  # the inner field wins
    ("-headline:(a b)", "-(headline:a headline:b)"),
    ("headline:(a OR b)^2", "(headline:a OR headline:b)^2"),
    ('body:"a b"~4^3', 'body:"a b"~4^3'),
    ("headline:refug* body:zurich~2", "headline:refug* body:zurich~2"),
    ("date:(2024 OR 2025-06)", "date:2024 OR date:2025-06"),
    ('date:"2025-01-18"', "date:2025-01-18"),
    # raw fields: a quoted value is one exact term
    ('site:"bbc.co.uk"', "site:bbc.co.uk"),
    ('url:"https://x.com/a b"', 'url:"https://x.com/a b"'),
    ("url:https://x.com/a?b=1&c", "url:https://x.com/a?b=1&c"),
    ("url:https://x.com/~user/page", "url:https://x.com/~user/page"),
    ("url:https://bbc.com/news/*", "url:https://bbc.com/news/*"),
    # dates: every bound form, half-open days printed back in the shortest exact form
    ("date:2024..", "date:>=2024"),
    ("date:..2025-03", "date:<2025-04"),
    ("date:>2024-06", "date:>=2024-07"),
    ("date:>2024-12", "date:>=2025"),
    ("date:>2025-01-31", "date:>=2025-02"),
    ("date:<=2025-01-18", "date:<2025-01-19"),
    ("date:<=2025", "date:<2026"),
    ("date:2025-1-5", "date:2025-01-05"),
    ("date:2024-02-29", "date:2024-02-29"),
    ("date:2025-01..2025-01", "date:2025-01"),
    ("date:2024..2025", "date:2024..2025"),
    ("date:2024-12-31..2025-01-01", "date:2024-12-31..2025-01-01"),
    ("date:2024-03-05..2025", "date:2024-03-05..2025"),
    ("captured:>=2026-01-15", "captured:>=2026-01-15"),
    ("-date:2025", "-date:2025"),
    # words keep their text; the compiler analyzes them
    ("café's O'Brien", "café's O'Brien"),
    ("U.S. e-mail", "U.S. e-mail"),
    ("Zürich 北京", "Zürich 北京"),
    ("a and b or c not d", "a and b or c not d"),  # lower-case operators are words
    ("10:30", "10:30"),
    ("https://x.com/a", "https://x.com/a"),
    ("a~b", "a~b"),  # ~ not followed by digits to the end is part of the word
    # quoting: a one-word phrase is a term; quotes print only where the word needs them
    ('"tiktok"', "tiktok"),
    ('"tiktok"~3', "tiktok"),
    ('"AND" "OR" "NOT"', '"AND" "OR" "NOT"'),
    ('"refug*" "zurich~2"', '"refug*" "zurich~2"'),
    ('"a:b"', '"a:b"'),
    ('"x^2"^3', '"x^2"^3'),
    ('headline:"AND"', "headline:AND"),  # a field value is never an operator
    ("headline:-x", "headline:-x"),
    # typographic quotes, as in text pasted from a story
    ("“great firewall”", '"great firewall"'),
    ("„Zürich Bahnhof“", '"Zürich Bahnhof"'),
    ("headline:“a b”~2 -”c d”", 'headline:"a b"~2 -"c d"'),
    # symbol-only words analyze to nothing and are ignored
    ("a — b", "a b"),
    ("a - b", "a b"),
    ("tiktok && rednote || douyin !", "tiktok rednote douyin"),
    ('"a — b"', '"a b"'),
    ('"— a —"', "a"),
    ("(a -) b", "a b"),
    ("a -", "a"),
    ("a --", "a"),
    ("-- a", "a"),
    # boosts
    ("a^1.5", "a^1.5"),
    ("a^2.0", "a^2"),
    ("a^.5", "a^0.5"),
    ("a^1e-3", "a^0.001"),
    ("a^10000", "a^10000"),
    ("xiaohongsu~^2", "xiaohongsu~^2"),
    ("xiaohongsu~2^2", "xiaohongsu~2^2"),
    ("refug*^3", "refug*^3"),
    ("(a b)^2 c", "(a b)^2 c"),
    ("((a^2))^3", "(a^2)^3"),
    ("(-a)^2", "(-a)^2"),
    ("(date:2025)^2", "date:2025^2"),
    ("date:>=2024-06^2", "date:>=2024-06^2"),
    # negation
    ("--a", "--a"),
    ("NOT NOT a", "--a"),
    ('-"a b"', '-"a b"'),
    ("-(a OR b)", "-(a OR b)"),
    ("a -b -c", "a -b -c"),
    ("a AND NOT b", "a -b"),
    ("-a", "-a"),  # only negations: valid, the compiler matches everything but
    # simplification: one-child groups unwrap, nested AND/OR flatten
    ("((a))", "a"),
    ("a (b c) d", "a b c d"),
    ("a OR (b OR (c OR d))", "a OR b OR c OR d"),
    ("(a OR b) (c OR d)", "(a OR b) (c OR d)"),
    ("(a b) OR (c d)", "a b OR c d"),
    ("a(b)c", "a b c"),
]


@pytest.mark.parametrize(("query", "canonical"), CANONICAL)
def test_canonical_text(query: str, canonical: str) -> None:
    ast = parse(query)
    assert str(ast) == canonical
    assert parse(canonical) == ast


# input → (1-based column, fragment of the message)
ERRORS = [
    ("", 1, "empty query"),
    ("   ", 1, "empty query"),
    ("— …", 1, "no letters or digits"),
    ('tiktok "great firewall', 8, "unclosed quote"),
    ('headline:"great', 10, "unclosed quote"),
    ("(a OR b", 1, "unclosed '('"),
    ("a (b (c)", 3, "unclosed '('"),
    ("headline:(a", 10, "unclosed '('"),
    ("a OR b)", 7, "unmatched ')'"),
    (")", 1, "unmatched ')'"),
    ("()", 1, "empty group"),
    ("a ( — )", 3, "empty group"),
    ("headline:()", 10, "empty group"),
    ("a AND", 3, "nothing after 'AND'"),
    ("a OR", 3, "nothing after 'OR'"),
    ("OR b", 1, "nothing before 'OR'"),
    ("AND", 1, "nothing before 'AND'"),
    ("a AND OR b", 3, "nothing after 'AND'"),
    ("(AND a)", 2, "nothing before 'AND'"),
    ("a NOT", 3, "nothing after 'NOT'"),
    ("NOT", 1, "nothing after 'NOT'"),
    ("(a NOT)", 4, "nothing after 'NOT'"),
    ("(a AND", 4, "nothing after 'AND'"),
    ("NOT AND a", 1, "nothing after 'NOT'"),
    ("-AND", 1, "nothing after '-'"),
    ("foo:bar", 1, "unknown field 'foo'"),
    ("a Note:b", 3, "unknown field 'Note'"),
    ("a foo:(b c)", 3, "unknown field 'foo'"),
    ("headline:(foo:b)", 11, "unknown field 'foo'"),
    ("headline: tiktok", 10, "missing value after 'headline:'"),
    ("a title:", 9, "missing value after 'title:'"),
    ("headline:—", 10, "no word to search"),
    ("refug* a*", 8, "prefix too short"),
    ("é*", 1, "prefix too short"),
    ("'a*", 1, "prefix too short"),
    ("*", 1, "no letters or digits"),  # a lone * is punctuation, like any symbol
    ("a*b", 2, "'*' is only allowed at the end"),
    ("ab**", 3, "'*' is only allowed at the end"),
    ("ab*~", 3, "'*' is only allowed at the end"),
    ("xiaohongsu~3", 11, "fuzzy distance must be 1 or 2, not 3"),
    ("xiaohongsu~0", 11, "fuzzy distance must be 1 or 2, not 0"),
    ("x~99999", 2, "fuzzy distance must be 1 or 2"),
    ("~2", 1, "no word to search"),
    ("fuzzy~1~2", 6, "a word takes one fuzzy '~', not both: 'fuzzy~1~2'"),
    ("ab~~", 3, "a word takes one fuzzy '~'"),
    ("headline:ab~2~^2", 12, "a word takes one fuzzy '~'"),
    ("ab~2*", 3, "a word is a prefix (refug*) or fuzzy (zurich~), not both: 'ab~2*'"),
    ("ab~*", 3, "a word is a prefix (refug*) or fuzzy (zurich~)"),
    ("tiktok^", 7, "missing number after '^'"),
    ("tiktok^x", 7, "bad boost '^x'"),
    ("tiktok^-1", 7, "bad boost"),
    ("tiktok^nan", 7, "bad boost"),
    ("tiktok^0", 7, "out of range"),
    ("tiktok^1e9", 7, "out of range"),
    ("a^2^3", 2, "'^' is only allowed once"),
    ("^2", 1, "nothing to boost"),
    ('"a b"^', 6, "missing number after '^'"),
    ("(a b)^x", 6, "bad boost"),
    ('"a b"~', 6, "proximity needs a number"),
    ('"a b"~x', 6, "proximity needs a number"),
    ('"a b"~1001', 6, "too large"),
    ('"a b"~2~3', 8, "unexpected '~' after the closing quote"),
    ('"a b"x', 6, "unexpected 'x' after the closing quote"),
    ('"a""b"', 4, "unexpected '\"'"),
    ("a “b", 3, "unclosed quote"),
    ('""', 1, "empty phrase"),
    ('a " — "', 3, "empty phrase"),
    ('site:""', 6, "empty phrase"),
    ('site:"a b"~2', 11, "proximity '~' needs a text field"),
    ("date:2025-13", 6, "no such date '2025-13'"),
    ("date:2025-02-30", 6, "no such date '2025-02-30'"),
    ("date:2025-02-29", 6, "no such date"),
    ("date:abc", 6, "bad date 'abc'"),
    ("date:25", 6, "bad date '25'"),
    ("date:2025-01-18T10:00", 6, "bad date"),
    ("a date:2025..2024", 8, "empty date range"),
    ("date:2025-01-02..2025-01-01", 6, "empty date range"),
    ("date:2025..2025-13", 12, "no such date '2025-13'"),
    ("date:2025..20x", 12, "bad date '20x'"),
    ("date:..", 6, "at least one side"),
    ("date:>=", 8, "missing date"),
    ("date:<", 7, "missing date"),
    ("date:>=2025-1-40", 8, "no such date"),
    ("date:9999", 6, "out of range"),
    ("date:2025~2", 6, "bad date"),
    ("date:2025^x", 10, "bad boost"),
    ("date:2025*", 6, "bad date"),
    ('date:"2025"~2', 12, "proximity '~' needs a text field"),
    ('date:"x"', 7, "bad date 'x'"),
    ("captured:2026-00", 10, "no such date"),
    ("date:(2025 x)", 12, "bad date 'x'"),
    # user text in a message is escaped and shortened: it may be echoed to a terminal
    ("date:\x1b[2J", 6, "bad date '\\x1b[2J'"),
    ("headline:\u202e—", 10, "no word to search in 'headline:\\u202e—'"),
    ("date:" + "9" * 100, 6, "bad date '" + "9" * 39 + "…'"),
]


@pytest.mark.parametrize(("query", "column", "fragment"), ERRORS)
def test_errors_point_at_the_spot(query: str, column: int, fragment: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    error = caught.value
    assert (error.column, error.query) == (column, query)
    assert fragment in error.message
    assert str(error) == f"query error at column {column}: {error.message}"


def test_unknown_field_lists_the_fields() -> None:
    with pytest.raises(QuerySyntaxError, match=r"fields: headline, title, dateline, .*captured"):
        parse("heading:x")


# input → AST: precedence (NOT/- tightest, then AND/juxtaposition, then OR) and pushdown
a, b, c, d = Term("a"), Term("b"), Term("c"), Term("d")
PRECEDENCE: list[tuple[str, Node]] = [
    ("a b OR c", Or((And((a, b)), c))),
    ("a OR b c", Or((a, And((b, c))))),
    ("a AND b OR c AND d", Or((And((a, b)), And((c, d))))),
    ("a OR b AND c OR d", Or((a, And((b, c)), d))),
    ("NOT a OR b", Or((Not(a), b))),
    ("-a b", And((Not(a), b))),
    ("NOT a b", And((Not(a), b))),
    ("a OR NOT b", Or((a, Not(b)))),
    ("-(a OR b) c", And((Not(Or((a, b))), c))),
    ("(a OR b) c", And((Or((a, b)), c))),
    ("NOT NOT a", Not(Not(a))),
    ("-a^2", Not(Boost(a, 2.0))),
    ("a b^2 OR c", Or((And((a, Boost(b, 2.0))), c))),
    ("a AND b c", And((a, b, c))),
    ("a OR b OR c", Or((a, b, c))),
    (
        "headline:(a OR -b) c",
        And((Or((Term("a", "headline"), Not(Term("b", "headline")))), c)),
    ),
    ('title:"a b"~2', Phrase(("a", "b"), "headline", 2)),
    ("body:(xy* z~2)", And((Prefix("xy", "body"), Fuzzy("z", "body", 2)))),
    (
        "date:2025-01 captured:<=2026-01-18",
        And(
            (
                DateRange("date", D(2025, 1, 1), D(2025, 2, 1)),
                DateRange("captured_at", None, D(2026, 1, 19)),
            )
        ),
    ),
    ("date:>2024-06", DateRange("date", D(2024, 7, 1), None)),
    ("date:..2025-03", DateRange("date", None, D(2025, 4, 1))),
    ("date:2024-02", DateRange("date", D(2024, 2, 1), D(2024, 3, 1))),
    ("date:2024-12", DateRange("date", D(2024, 12, 1), D(2025, 1, 1))),
    ("date:2024-12-31", DateRange("date", D(2024, 12, 31), D(2025, 1, 1))),
    ("url:https://x.com/a", Term("https://x.com/a", "url")),
    ('site:" bbc.co.uk "', Term("bbc.co.uk", "site")),
    ("site:—", Term("—", "site")),  # raw fields take any value
    ("10:30", Term("10:30")),
    ("O'Brien", Term("O'Brien")),
    ('"O\'Brien says"', Phrase(("O'Brien", "says"))),
    ("(a OR b)^1.5", Boost(Or((a, b)), 1.5)),
    ('"a b"~3^2', Boost(Phrase(("a", "b"), None, 3), 2.0)),
]


@pytest.mark.parametrize(("query", "expected"), PRECEDENCE)
def test_parse_tree(query: str, expected: Node) -> None:
    assert parse(query) == expected


def test_spans_locate_each_node_in_the_query() -> None:
    query = 'tiktok -headline:"great firewall"~2 (a OR refug*)^2 date:2025'
    ast = parse(query)
    assert isinstance(ast, And)
    assert ast.span == Span(0, len(query))
    term, neg, boost, date = ast.children
    assert isinstance(neg, Not) and isinstance(boost, Boost)
    assert isinstance(boost.child, Or)
    prefix = boost.child.children[1]
    pieces = {
        term: "tiktok",
        neg: '-headline:"great firewall"~2',
        neg.child: 'headline:"great firewall"~2',
        boost: "(a OR refug*)^2",
        boost.child: "(a OR refug*)",
        prefix: "refug*",
        date: "date:2025",
    }
    for node, text in pieces.items():
        assert query[node.span.start : node.span.end] == text


def test_span_of_a_boosted_word_and_of_field_group_leaves() -> None:
    query = "xiaohongsu~2^3 headline:(a b)"
    ast = parse(query)
    assert isinstance(ast, And)
    boost, first, second = ast.children
    assert isinstance(boost, Boost)
    assert (boost.span, boost.child.span) == (Span(0, 14), Span(0, 12))
    assert (first.span, second.span) == (Span(25, 26), Span(27, 28))


def test_spans_are_not_part_of_equality() -> None:
    assert parse("  a") == parse("a")
    assert parse("  a").span != parse("a").span


NODES = [
    Term("a", "headline"),
    Phrase(("a", "b"), None, 2),
    Prefix("refug"),
    Fuzzy("zurich", "body", 2),
    DateRange("date", D(2025, 1, 1), None),
    And((Term("a"), Term("b"))),
    Or((Term("a"), Term("b"))),
    Not(Term("a")),
    Boost(Term("a"), 2.0),
    Span(1, 2),
]


@pytest.mark.parametrize("node", NODES, ids=lambda node: type(node).__name__)
def test_nodes_are_frozen_dataclasses_equal_and_hashed_by_value(node: Any) -> None:
    """The AST's shape (DESIGN.md §6): frozen dataclasses, equal by value but for spans,
    hashable, with the repr a dataclass prints (the methods are shared, not generated)."""
    params = getattr(type(node), "__dataclass_params__", None)
    assert dataclasses.is_dataclass(type(node)) and params is not None and params.frozen
    fields = dataclasses.fields(node)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(node, fields[0].name, None)
    twin = dataclasses.replace(node)
    assert twin == node and hash(twin) == hash(node)
    assert (twin != node) is False
    if "span" in {f.name for f in fields}:
        moved = dataclasses.replace(node, span=Span(5, 9))
        assert moved == node and hash(moved) == hash(node)
    other = dataclasses.replace(node, **{fields[0].name: None})
    assert other != node
    shown = ", ".join(f"{f.name}={getattr(node, f.name)!r}" for f in fields if f.name != "span")
    assert repr(node) == f"{type(node).__name__}({shown})"


def test_nodes_of_different_kinds_are_never_equal() -> None:
    assert Term("a") != Prefix("a")
    assert And((Term("a"),)) != Or((Term("a"),))
    assert len({Term("a"), Prefix("a"), Term("a", span=Span(0, 1))}) == 2
    assert repr(parse("a -b")) == (
        "And(children=(Term(text='a', field=None), Not(child=Term(text='b', field=None))))"
    )


def test_leaf_terms_are_the_positive_word_leaves_in_order() -> None:
    ast = parse('a -b "c d" NOT (e OR f) --g refug* zurich~ date:2025 (h)^2')
    assert leaf_terms(ast) == [
        Term("a"),
        Phrase(("c", "d")),
        Term("g"),
        Prefix("refug"),
        Fuzzy("zurich"),
        Term("h"),
    ]


def test_nesting_at_the_limit_parses_and_one_more_is_an_error() -> None:
    deep = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(deep) == Term("a")
    with pytest.raises(QuerySyntaxError, match="nested too deeply") as caught:
        parse("(" + deep + ")")
    assert caught.value.column == MAX_DEPTH + 1


def test_not_chains_count_towards_the_nesting_limit() -> None:
    with pytest.raises(QuerySyntaxError, match="nested too deeply"):
        parse("NOT " * (MAX_DEPTH + 1) + "a")
    with pytest.raises(QuerySyntaxError, match="nested too deeply"):
        parse("-(" * (MAX_DEPTH // 2 + 1) + "a" + ")" * (MAX_DEPTH // 2 + 1))


def test_term_count_at_the_limit_parses_and_one_more_is_an_error() -> None:
    words = [f"w{i}" for i in range(MAX_LEAVES + 1)]
    assert len(leaf_terms(parse(" OR ".join(words[:-1])))) == MAX_LEAVES
    query = " OR ".join(words)
    with pytest.raises(QuerySyntaxError, match="too long") as caught:
        parse(query)
    assert caught.value.column == query.index(words[-1]) + 1


def test_phrase_words_count_towards_the_term_limit() -> None:
    half = " ".join(f"w{i}" for i in range(MAX_LEAVES // 2))
    assert isinstance(parse(f'"{half}" "{half}"'), And)
    with pytest.raises(QuerySyntaxError, match="too long"):
        parse(f'"{half}" "{half}" x')


def test_the_deepest_valid_query_prints_and_reads_back() -> None:
    query = "a"
    for level in range(MAX_DEPTH // 2):  # each level: one NOT and one pair of parentheses
        query = f"-(x{level} OR {query})^2"
    ast = parse(query)
    assert parse(str(ast)) == ast


def test_the_parser_is_pure_python() -> None:
    code = "import sys, search.querylang; print(sorted({'tantivy', 'click'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
