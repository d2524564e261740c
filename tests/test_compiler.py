"""The compiler against a real index of hand-made stories: one case per query form, with the
exact set of ids it must return, and the ranking rules of issue 3 §4."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tantivy
from search_fixtures import IDS, build_index, story

from indexer.schema import open_index
from search.analysis import stems
from search.compiler import CompiledQuery, compile_query
from search.querylang import And, Fuzzy, Not, Or, Phrase, Prefix, Term, parse


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return open_index(build_index(tmp_path_factory.mktemp("compiler") / "index"))


def compiled(index: Any, query: str) -> CompiledQuery:
    return compile_query(parse(query), index.searcher(), index.schema)


def ranked(index: Any, query: str) -> list[str]:
    searcher = index.searcher()
    found = searcher.search(compiled(index, query).query, limit=100)
    return [searcher.doc(address).get_first("id") for _, address in found.hits]


def ids(index: Any, query: str) -> set[str]:
    return set(ranked(index, query))


CASES = [
    # words: stemming, accent folding, default AND, every text field
    ("refugee", {"refugee", "storm"}),
    ("refugees", {"refugee", "storm"}),
    ("Zurich", {"refugee"}),
    ("cafe", {"cafe"}),
    ("tiktok rednote", {"tiktok"}),
    ("tiktok refugee", set()),
    ("doe", {"refugee"}),  # byline and caption
    # a word that analyzes to several tokens is a phrase
    ("e-mail", {"refugee"}),
    ("U.S.", {"usa"}),
    ("refugee's", set()),  # the phrase "refugee s" occurs nowhere
    # phrases and proximity
    ('"great firewall"', {"tiktok"}),
    ('"firewall great"', set()),
    ('"civil defense"', {"civil"}),
    ('"chinese xiaohongshu"', set()),
    ('"chinese xiaohongshu"~1', {"tiktok"}),
    ('"civil defense"~5', {"civil", "apart"}),
    # boolean logic
    ("tiktok OR aleppo", {"tiktok", "civil"}),
    ("tiktok AND aleppo", set()),
    ("refugee -storm", {"refugee"}),
    ("refugee NOT storm", {"refugee"}),
    ("refugee AND NOT storm", {"refugee"}),  # tantivy's own parser returns nothing here
    ("NOT refugee", IDS - {"refugee", "storm"}),
    ("-refugee -tuesday", IDS - {"refugee", "storm", "civil", "apart"}),
    ("(tiktok OR aleppo) AND rubble", {"civil"}),
    ("(tiktok OR aleppo) -rubble", {"tiktok"}),
    # fields and field groups
    ("headline:refugee", {"refugee"}),
    ("body:refugee", {"storm"}),
    ("dateline:aleppo", {"civil"}),
    ("dateline:ap", {"refugee", "tiktok", "civil", "usa"}),
    ('caption:"AP Photo"', {"refugee"}),
    ("byline:doe", {"refugee"}),
    ("headline:(tiktok OR rubble)", {"tiktok", "civil"}),
    ("title:rubble", {"civil"}),
    # raw fields: site (with subdomains), url (prefix, scheme/www/case ignored), language
    ("site:apnews.com", {"refugee", "tiktok", "usa"}),
    ("site:cnn.com", {"civil"}),
    ("site:edition.cnn.com", {"civil"}),
    ("site:www.reuters.com", {"apart"}),
    ("site:news.com", set()),  # not a suffix match on a label boundary: apnews.com stays out
    ("url:https://apnews.com/article/tiktok-rednote", {"tiktok"}),
    ("url:apnews.com/article", {"refugee", "tiktok", "usa"}),
    ("url:reuters.com/world", {"apart"}),
    ("url:HTTPS://WWW.REUTERS.COM/world", {"apart"}),
    ("lang:fr", {"cafe"}),
    ("lang:FR", {"cafe"}),
    ("refugee -lang:en", set()),
    # prefix: exact expansion, not stemmed, but the stem of the prefix is tried too
    ("refug*", {"refugee", "storm"}),
    ("refugees*", {"refugee", "storm"}),
    ("xiao*", {"tiktok"}),
    ("headline:refug*", {"refugee"}),
    ("zzz*", set()),
    ("e-ma*", {"refugee"}),
    ("site:bbc*", {"storm"}),
    ("tiktok zzz*", set()),
    # fuzzy: 1 edit by default, ~2 for two
    ("xiaohongsu~", {"tiktok"}),
    ("xiaohngsu~1", set()),
    ("xiaohngsu~2", {"tiktok"}),
    ("headline:rubbel~", {"civil"}),
    # boosts change scores, not the hit set
    ("tiktok^2 OR aleppo", {"tiktok", "civil"}),
    # dates: publication day as printed locally, months, years, ranges, open bounds
    ("date:2025", {"refugee", "tiktok", "cafe", "usa"}),
    ("date:2025-01", {"refugee", "tiktok"}),
    ("date:2025-01-18", {"refugee"}),
    ("date:2025-02-28", {"usa"}),  # 23:30 on the 28th in New York is 1 March in UTC
    ("date:2025-03-01", {"cafe"}),
    ("date:2025-01-01..2025-01-16", {"tiktok"}),
    ("date:2025-01-15..2025-01-18", {"tiktok", "refugee"}),  # `..` includes its last day
    ("date:>=2026", {"civil"}),
    ("date:<2025", {"apart"}),
    ("date:>=2024-06 date:<2025-01-16", {"apart", "tiktok"}),
    ("captured:2026-02", {"civil"}),
    ("captured:2026-01-07", {"storm"}),
    ("refugee date:2025", {"refugee"}),
    # a word with nothing searchable in it is ignored
    ("refugee &", {"refugee", "storm"}),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_query_forms_find_exactly_the_expected_stories(
    index: Any, query: str, expected: set[str]
) -> None:
    assert ids(index, query) == expected


def test_a_headline_match_ranks_above_a_body_match(index: Any) -> None:
    assert ranked(index, "refugee") == ["refugee", "storm"]


def test_an_exact_phrase_ranks_above_the_same_words_scattered(index: Any) -> None:
    # `civil` and `apart` have the same length and counts of both words (tests/search_fixtures)
    assert ranked(index, "civil defense") == ["civil", "apart"]


def test_boosts_reorder_hits(index: Any) -> None:
    assert ranked(index, "tiktok^5 OR aleppo")[0] == "tiktok"
    assert ranked(index, "tiktok OR aleppo^5")[0] == "civil"


def test_the_exact_spelling_ranks_above_a_fuzzy_match(index: Any) -> None:
    # `tent` is in `storm` ("tents"); `cent` (one edit away) is in `cafe`.
    assert ranked(index, "tent~1") == ["storm", "cafe"]


def test_hand_built_asts_compile_without_the_parser(index: Any) -> None:
    searcher = index.searcher()
    node = And(
        (
            Or((Term("tiktok"), Phrase(("civil", "defense")))),
            Not(Prefix("rubb", "body")),
            Fuzzy("xiaohongsu", None, 1),
        )
    )
    found = searcher.search(compile_query(node, searcher, index.schema).query, limit=10)
    assert [searcher.doc(a).get_first("id") for _, a in found.hits] == ["tiktok"]


def test_highlight_terms_cover_positive_leaves_only(index: Any) -> None:
    cq = compiled(index, "refugees xiao* -storm -mail*")
    assert {token for _, token in cq.highlight} == {"refuge"}
    assert [p.token for p in cq.patterns] == ["xiao"]
    assert cq.highlight_query() is not None


def test_fuzzy_and_prefix_leaves_are_found_again_in_hit_text(index: Any) -> None:
    cq = compiled(index, "xiaohngsu~2")
    assert cq.matches_in("body", "Users moved to Xiaohongshu and RedNote") == {
        ("body", "xiaohongshu")
    }
    assert cq.matches_in("headline", "Xiaohongshu") == {("headline", "xiaohongshu")}
    assert cq.matches_in("body", "nothing close") == set()
    prefix = compiled(index, "body:refugees*")
    assert prefix.matches_in("body", "Refugees and a refugee camp; refuse") == {("body", "refuge")}
    assert prefix.matches_in("headline", "Refugees") == set()


def test_a_leaf_with_nothing_searchable_matches_nothing_alone(index: Any) -> None:
    searcher = index.searcher()
    query = compile_query(Term("&"), searcher, index.schema).query
    assert searcher.search(query, limit=10).count == 0


def test_a_query_with_nothing_to_highlight_has_no_highlight_query(index: Any) -> None:
    assert compiled(index, "date:2025 site:apnews.com").highlight_query() is None


def test_a_highlight_query_for_one_field_holds_only_that_fields_terms(index: Any) -> None:
    cq = compiled(index, "headline:tiktok refugees")
    searcher = index.searcher()

    def found(field: str) -> set[str]:
        hits = searcher.search(cq.highlight_query(field=field), limit=10).hits
        return {searcher.doc(address).get_first("id") for _, address in hits}

    # `tiktok` is asked for in the headline only: the body's query must not hold it.
    assert found("headline") == ids(index, "headline:tiktok OR headline:refugees")
    assert found("body") == ids(index, "body:refugees")
    assert cq.highlight_query(field="url") is None


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["dying", "hoping", "refugees", "2025", "e"], ["die", "hope", "refuge", "2025", "e"]),
        (["x" * 39], ["x" * 39]),
        (["x" * 40, "ok"], None),  # the analyzer drops a 40-character word: no pairing
        (["two words"], None),
    ],
)
def test_stems_pairs_each_word_with_its_index_token(
    words: list[str], expected: list[str] | None
) -> None:
    assert stems(words) == expected


def test_queries_are_tantivy_objects(index: Any) -> None:
    assert isinstance(compiled(index, "refugee").query, tantivy.Query)


def test_regex_metacharacters_in_urls_are_literal(tmp_path: Path) -> None:
    odd = story(
        id="odd",
        url="https://x-y.example/a?id=1&b=(2)+[3]{4}|5^6$7#8~9*",
        site="x-y.example",
        body="text",
    )
    plain = story(id="plain", url="https://x-y.example/a", site="x-y.example", body="text")
    index = open_index(build_index(tmp_path / "index", (odd, plain)))
    assert ids(index, 'url:"x-y.example/a?id=1&b=(2)+[3]{4}|5^6$7#8~9"') == {"odd"}
    assert ids(index, "url:x-y.example/a") == {"odd", "plain"}
    assert ids(index, "url:x-y.example/a?") == {"odd"}
    assert ids(index, "site:x-y.example") == {"odd", "plain"}
    assert ids(index, "site:y.example") == set()


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("caption:storm", {"captions"}),
        ('body:"great firewall"^2', {"body"}),
        ("caption:storm body:rain -headline:x", {"captions", "body"}),
        ("caption:storm OR caption:rain", {"captions"}),
        ("caption:storm OR body:rain", set()),
        ("storm", set()),  # any text field may hold it
        ("-caption:storm", set()),
        ("caption:storm* caption:rain~1 site:apnews.com date:2025", set()),
    ],
)
def test_matched_fields_are_those_every_hit_holds_a_word_in(
    index: Any, query: str, fields: set[str]
) -> None:
    assert compiled(index, query).matched == fields


@pytest.mark.parametrize(
    "query", ["headline:refugees", "body:the", "caption:Zürich", "byline:smith", "dateline:x"]
)
def test_a_one_field_word_compiles_as_the_general_compiler_would(index: Any, query: str) -> None:
    # compile_query builds `field:word` itself (issue 6); a one-child And takes the general
    # path to the same leaf, so both must give the same query, highlights and matched fields.
    searcher = index.searcher()
    term = parse(query)
    assert isinstance(term, Term)
    quick = compile_query(term, searcher, index.schema)
    general = compile_query(And((term,)), searcher, index.schema)
    assert (quick.highlight, quick.patterns, quick.matched) == (
        general.highlight,
        general.patterns,
        general.matched,
    )

    def scored(query: Any) -> list[tuple[float, str]]:
        found = searcher.search(query, limit=100).hits
        return [(score, searcher.doc(address).get_first("id")) for score, address in found]

    assert scored(quick.query) == scored(general.query)


@pytest.mark.parametrize(
    ("query", "runs", "run_chars"),
    [
        ("北京", {"北京"}, {"北", "京"}),
        ("北京 北", {"北京"}, {"京"}),  # a lone 北 is highlighted wherever it stands
        ('"北京 市政府" tokyo', {"北京", "市政府"}, {"北", "京", "市", "政", "府"}),
        ("2024年", {"2024年"}, {"2", "0", "4", "年"}),
        ("U.S.", set(), set()),  # dots are no token: not one run of characters
        ("a北", set(), set()),  # a cased letter: a fragment may spell it otherwise
        ("北京~1 上海*", set(), set()),  # fuzzy and prefix leaves mark every character
        ("-北京", set(), set()),
    ],
)
def test_unspaced_words_are_highlighted_as_runs(
    index: Any, query: str, runs: set[str], run_chars: set[str]
) -> None:
    found = compiled(index, query)
    assert (set(found.runs), set(found.run_chars)) == (runs, run_chars)
