"""The fault suite of issue 5, hostile input: pathological and random queries through the CLI,
and pages whose text carries terminal escapes, bidi controls and spreadsheet formulas, which
must reach no terminal raw and keep JSON, JSON Lines and CSV valid.

tests/test_querylang_fuzz.py fuzzes the parser itself; the process faults are
tests/test_faults.py.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from faults_checks import assert_no_trace
from faults_corpus import HOSTILE_WORD, RAW_FORBIDDEN, hostile_archive, hostile_stories
from hypothesis import given, settings
from hypothesis import strategies as st
from morgue_processes import morgue

from indexer.writer import StoryWriter
from search.cli import cli

#: `small_index`, built once for every fault test file.
pytest_plugins = ["faults_fixtures"]


# -- 6. bad queries (the CLI side; tests/test_querylang_fuzz.py fuzzes the parser) ----------------

PATHOLOGICAL = (
    "(" * 10_000 + "a" + ")" * 10_000,
    "(" * 10_000,
    " OR ".join(f"w{i}" for i in range(10_000)),
    "NOT " * 5_000 + "a",
    '"' + "a " * 5_000,
    "a*",
    "mo*",
    "x~2",
    "ab~",
    "date:2025-13-45",
    "date:..",
    "headline:",
    "-",
    "^2",
    "a^99999999999999999999",
    '"a b"~99999999999',
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "caption:(((((",
    "*",
    ":",
    "OR",
    "AND AND",
)


@pytest.fixture(scope="module")
def query_index(small_index: dict[str, Any]) -> Path:
    return Path(small_index["index"])


def test_pathological_queries_through_a_real_process(query_index: Path) -> None:
    for query in PATHOLOGICAL:
        result = morgue("--index", str(query_index), "search", "--", query, timeout=60)
        assert result.returncode in (0, 1, 2), (query[:40], result.stderr[-2000:])
        assert_no_trace(result.stderr)
        assert not any(c in result.stdout + result.stderr for c in RAW_FORBIDDEN), query[:40]
        if result.returncode == 2:
            assert result.stderr.startswith("morgue: "), result.stderr[:300]


@settings(max_examples=150, deadline=None)
@given(query=st.text(min_size=1, max_size=60))
def test_random_queries_never_raise_through_the_cli(query_index: Path, query: str) -> None:
    result = CliRunner().invoke(
        cli, ["--index", str(query_index), "search", "--", query], catch_exceptions=False
    )
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("morgue: ")


# -- 7. hostile text ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hostile pages through the whole pipeline, plus hostile stories written directly (so the
    output checks do not depend on what the extractor chooses to keep)."""
    folder = tmp_path_factory.mktemp("hostile")
    archive = hostile_archive(folder / "hostile.warc.gz")
    index_dir = folder / "idx"
    result = morgue("--index", str(index_dir), "index", "--jobs", "1", str(archive))
    assert result.returncode == 0, result.stderr
    with StoryWriter(index_dir) as writer:
        writer.add_batch(hostile_stories())
    return index_dir


def test_hostile_text_never_reaches_the_terminal_raw(hostile_index: Path) -> None:
    found = morgue("--index", str(hostile_index), "search", "--format", "jsonl", HOSTILE_WORD)
    ids = [json.loads(line)["id"] for line in found.stdout.splitlines()]
    assert len(ids) >= 2
    runs = [["search", HOSTILE_WORD, "-n", "50"], ["stats"]]
    runs += [["show", story_id] for story_id in ids]
    for args in runs:
        result = morgue("--index", str(hostile_index), *args)
        assert result.returncode == 0, result.stderr
        for c in RAW_FORBIDDEN:
            assert c not in result.stdout + result.stderr, (args, repr(c))


def test_hostile_text_keeps_json_and_jsonl_valid(hostile_index: Path) -> None:
    result = morgue("--index", str(hostile_index), "search", "--format", "json", HOSTILE_WORD)
    data = json.loads(result.stdout)
    assert data["total"] == len(data["hits"]) >= 2
    assert any("\x1b" in (hit["body"] or "") for hit in data["hits"])  # kept, but escaped
    lines = morgue("--index", str(hostile_index), "search", "--format", "jsonl", HOSTILE_WORD)
    hits = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [h["id"] for h in hits] == [h["id"] for h in data["hits"]]
    for hit in hits:
        shown = morgue("--index", str(hostile_index), "show", "--format", "json", hit["id"])
        assert json.loads(shown.stdout)["id"] == hit["id"]
    for c in RAW_FORBIDDEN:
        assert c not in result.stdout + lines.stdout, repr(c)


def test_hostile_text_keeps_csv_valid_and_neutralises_formulas(hostile_index: Path) -> None:
    result = morgue("--index", str(hostile_index), "search", "--format", "csv", HOSTILE_WORD)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) >= 2 and all(len(row) == len(header) for row in body)
    assert any(cell.startswith("'=") for row in body for cell in row)  # a formula, defused
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:40]
            assert not any(c in cell for c in ("\x1b", "\x00", "\x9b")), cell[:40]
