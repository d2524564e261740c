"""Output formats: exact text, valid JSON/CSV, and no control characters from archived text."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_fixtures import story

from search.render import (
    BOLD,
    CSV_COLUMNS,
    clean,
    extract_summary,
    search_csv,
    search_json,
    search_jsonl,
    search_text,
    show_json,
    show_text,
    stats_json,
    stats_text,
)
from search.results import Hit, Results, Stats

EVIL = (
    "A\x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 bell\x07 nul\x00 cr\rover "
    "\u202eevil\u202c c1\x9b31m"
)


def hit_of(**fields: object) -> Hit:
    s = story(**fields)
    return Hit(
        id=s.id,
        score=1.5,
        headline=s.headline,
        date=s.date,
        dateline=s.dateline,
        site=s.site,
        url=s.url,
        snippet=s.body,
        highlights=(),
        story=s,
    )


def results_of(*hits: Hit, total: int | None = None, query: str = "q") -> Results:
    return Results(
        total=len(hits) if total is None else total,
        hits=hits,
        offset=0,
        limit=10,
        query=query,
        sort="relevance",
    )


@pytest.mark.parametrize(
    ("raw", "line", "multiline"),
    [
        ("plain text", "plain text", "plain text"),
        ("\x1b[31mred\x1b[0m", "red", "red"),
        ("\x1b]0;title\x07after", "after", "after"),
        ("a\x00b\x07c\x7fd", "abcd", "abcd"),
        ("one\r\ntwo\rthree\nfour", "one two three four", "one\ntwo\nthree\nfour"),
        ("tab\there", "tab here", "tab    here"),
        ("\u202eevil\u202c \u2067iso\u2069", "evil iso", "evil iso"),
        ("c1\x9b31mx \x85nel", "c1x nel", "c1x nel"),
        (
            "café Zürich — “quotes” 東京",
            "café Zürich — “quotes” 東京",
            "café Zürich — “quotes” 東京",
        ),
        ("", "", ""),
    ],
)
def test_clean_removes_every_control_character(raw: str, line: str, multiline: str) -> None:
    assert clean(raw) == line
    assert clean(raw, multiline=True) == multiline


def test_clean_leaves_nothing_a_terminal_would_act_on() -> None:
    for text in (clean(EVIL), clean(EVIL, multiline=True)):
        assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text)
        assert "\u202e" not in text


def test_search_text_exact() -> None:
    hit = hit_of(
        id="abc",
        headline="Refugees reach Zürich",
        date="2025-01-18T08:55:00+08:00",
        dateline="ZURICH (AP)",
        site="apnews.com",
        body="Hundreds of refugees arrived.",
    )
    hit = replace(hit, highlights=((12, 20),))
    out = search_text(results_of(hit, query="refugees"), color=False)
    assert out == (
        "1 story matches 'refugees'.\n"
        "\n"
        "Refugees reach Zürich\n"
        "   2025-01-18 08:55 · ZURICH (AP) · apnews.com\n"
        "   Hundreds of refugees arrived.\n"
        "   id abc\n"
    )
    on, off = BOLD
    colored = search_text(results_of(hit, query="refugees"), color=True)
    assert f"   Hundreds of {on}refugees{off} arrived.\n" in colored


def test_search_text_header_for_pages_and_no_hits() -> None:
    hits = (hit_of(id="a", body="x"), hit_of(id="b", body="y"))
    assert search_text(results_of(*hits, total=12), color=False).startswith(
        "12 stories match 'q', showing 1–2.\n"
    )
    assert search_text(results_of(query="zzz"), color=False) == "0 stories match 'zzz'.\n"


def test_search_text_never_prints_archived_control_characters() -> None:
    hit = hit_of(id="x", headline=EVIL, dateline=EVIL, site="s", body=EVIL)
    for color in (False, True):
        out = search_text(results_of(hit), color=color)
        if color:
            out = out.replace(BOLD[0], "").replace(BOLD[1], "")
        assert "\x1b" not in out and "\x07" not in out and "\x00" not in out and "\r" not in out
        assert "\x9b" not in out and "\u202e" not in out


def test_json_and_jsonl_stay_valid_and_escape_terminal_controls() -> None:
    hit = hit_of(id="x", headline=EVIL, site="s", body="b")
    doc = search_json(results_of(hit))
    assert "\x1b" not in doc and "\x9b" not in doc and "\u202e" not in doc
    parsed = json.loads(doc)
    assert parsed["total"] == 1
    assert parsed["hits"][0]["headline"] == EVIL  # escaped, not altered
    assert parsed["hits"][0]["score"] == 1.5
    lines = search_jsonl(results_of(hit, hit_of(id="y", site="s", body="c"))).splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["x", "y"]
    assert set(json.loads(lines[0])) >= {*CSV_COLUMNS}


def test_csv_neutralises_formulas_and_controls() -> None:
    hits = (
        hit_of(id="x", headline='=HYPERLINK("http://evil")', site="s", body="-2 killed"),
        hit_of(id="y", headline="@SUM(1)", site="s", body="+1", captions=("one", "=two")),
        hit_of(id="z", headline=EVIL, site="s", body="fine"),
    )
    rows = list(csv.DictReader(io.StringIO(search_csv(results_of(*hits)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["headline"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["body"] == "'-2 killed"
    assert rows[1]["headline"] == "'@SUM(1)"
    assert rows[1]["body"] == "'+1"
    assert rows[1]["captions"] == "one\n=two"
    assert rows[1]["score"] == "1.5"
    assert "\x1b" not in rows[2]["headline"]


def test_show_text_and_json() -> None:
    s = story(
        id="abc",
        url="https://x.example/a",
        site="x.example",
        headline="Head",
        dateline="PARIS",
        date="2025-01-02",
        byline="By A. Writer",
        body="First para.\n\nSecond\x1b[2J para.",
        captions=("A photo.",),
    )
    text = show_text(s)
    assert text.startswith(
        "Head\n2025-01-02 · PARIS · x.example\nBy A. Writer\n\nFirst para.\n\nSecond para.\n"
    )
    assert "Captions:\n  - A photo.\n" in text
    assert "archive      sample.warc.gz @ 0\n" in text
    assert json.loads(show_json(s)) == s.to_dict()


def test_stats_text_and_json() -> None:
    stats = Stats(
        stories=1234,
        sites=2,
        undated=3,
        first_date="2024-01-01",
        last_date="2025-02-03",
        first_captured="2026-01-01",
        last_captured="2026-01-02",
        top_sites=(("apnews.com", 1000), ("bbc.co.uk", 234)),
        top_datelines=(("LONDON", 7),),
        datelines_exact=False,
        index_path=Path("/data/index"),
        index_bytes=3 * 1024 * 1024,
    )
    text = stats_text(stats)
    assert text.startswith("index      /data/index (3.0 MB)\nstories    1,234 from 2 sites\n")
    assert "published  2024-01-01 … 2025-02-03\n" in text
    assert "top sites:\n  1,000  apnews.com\n    234  bbc.co.uk\n" in text
    assert "top dateline places (approximate):\n  7  LONDON\n" in text
    doc = json.loads(stats_json(stats))
    assert {k: doc[k] for k in ("stories", "sites", "first_date", "last_date")} == {
        "stories": 1234,
        "sites": 2,
        "first_date": "2024-01-01",
        "last_date": "2025-02-03",
    }
    assert (doc["index_path"], doc["index_bytes"]) == ("/data/index", 3 * 1024 * 1024)


def test_extract_summary() -> None:
    assert extract_summary(3, {"revisit": 1, "not-html": 2}) == (
        "morgue: 3 stories; skipped 3 records (2 not-html, 1 revisit)\n"
    )
    assert extract_summary(1, {}) == "morgue: 1 story; skipped 0 records\n"


def test_every_count_agrees_in_number() -> None:
    assert extract_summary(1, {"revisit": 1}) == "morgue: 1 story; skipped 1 record (1 revisit)\n"
    one_site = Stats(
        stories=1,
        sites=1,
        undated=0,
        first_date=None,
        last_date=None,
        first_captured=None,
        last_captured=None,
        top_sites=(),
        top_datelines=(),
        datelines_exact=True,
        index_path=Path("/i"),
        index_bytes=1,
    )
    assert stats_text(one_site) == "index      /i (1 byte)\nstories    1 from 1 site\n"
    pages = search_text(results_of(hit_of(id="a", body="x"), total=1, query="q"), color=False)
    assert pages.startswith("1 story matches 'q'.\n")


_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), *map(ord, "\u202a\u202e\u2066\u2069\u061c")]


def _reference_clean(text: str, *, multiline: bool) -> str:
    """`clean` spelt out a character at a time (after escape sequences, handled elsewhere)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for c in text:
        if c == "\t":
            out.append("    " if multiline else " ")
        elif c == "\n":
            out.append("\n" if multiline else " ")
        elif ord(c) not in _UNSAFE:
            out.append(c)
    return "".join(out)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from([chr(c) for c in _UNSAFE if c not in (0x1B, 0x9B, 0x9D)]),
            st.sampled_from("ab Zü北\u200f"),
        )
    ),
    st.booleans(),
)
def test_clean_changes_exactly_the_unsafe_characters(text: str, multiline: bool) -> None:
    assert clean(text, multiline=multiline) == _reference_clean(text, multiline=multiline)
