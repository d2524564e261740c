"""The fault suite of issue 5, damaged data: damaged indexes and malformed archives.

A damaged index ends every command with exit 2 and a message that names the index and the
rebuild (or, where tantivy cannot notice the damage, a clean answer); a malformed archive ends,
keeps memory bounded and accounts for every record its damage left whole. The generators are
tests/faults_malformed.py; the process faults are tests/test_faults.py.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from extract_child import run_extract_child
from faults_checks import assert_clean_failure, assert_no_trace, assert_same_stories, story_set
from faults_corpus import HOSTILE_WORD, MARKER
from faults_malformed import Malformed, make_malformed
from morgue_processes import morgue

from indexer import schema

#: `small_index`, built once for every fault test file.
pytest_plugins = ["faults_fixtures"]


# -- 4. damaged index ----------------------------------------------------------------------------


def _segment_file(index_dir: Path, suffix: str) -> Path:
    return sorted(p for p in index_dir.iterdir() if p.name.endswith(suffix))[0]


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _delete_a_segment(index_dir: Path) -> None:
    segment = _segment_file(index_dir, ".store").stem
    for path in index_dir.iterdir():
        if path.name.startswith(segment):
            path.unlink()


def _flip_all(index_dir: Path, suffix: str) -> None:
    """Flip bytes in the middle third of every segment's `suffix` file (every segment, so the
    outcome does not depend on which segment a search touches first)."""
    for path in index_dir.iterdir():
        if path.name.endswith(suffix):
            data = bytearray(path.read_bytes())
            for i in range(len(data) // 3, len(data) * 2 // 3, 7):
                data[i] ^= 0x5A
            path.write_bytes(bytes(data))


ALL_COMMANDS = ("search", "stats", "show")
#: damage → (how, the commands that must fail with exit 2 and the rebuild message).
DAMAGE: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "meta.json deleted": (lambda d: (d / "meta.json").unlink(), ALL_COMMANDS),
    "meta.json truncated": (lambda d: _truncate(d / "meta.json"), ALL_COMMANDS),
    "meta.json garbage": (lambda d: (d / "meta.json").write_bytes(b"\x00\xff{]"), ALL_COMMANDS),
    ".store truncated": (lambda d: _truncate(_segment_file(d, ".store")), ALL_COMMANDS),
    ".term truncated": (lambda d: _truncate(_segment_file(d, ".term")), ALL_COMMANDS),
    ".idx truncated": (lambda d: _truncate(_segment_file(d, ".idx")), ALL_COMMANDS),
    ".fast truncated": (lambda d: _truncate(_segment_file(d, ".fast")), ALL_COMMANDS),
    ".fieldnorm deleted": (lambda d: _segment_file(d, ".fieldnorm").unlink(), ALL_COMMANDS),
    # Positions are read by term and phrase queries only: stats never notices.
    ".pos deleted": (lambda d: _segment_file(d, ".pos").unlink(), ("search", "show")),
    "a whole segment deleted": (_delete_a_segment, ALL_COMMANDS),
}
#: Damage tantivy cannot always notice (no checksums are verified when reading) or that leaves
#: the index readable: morgue may answer, but if it fails it must fail cleanly.
SILENT_DAMAGE: dict[str, Callable[[Path], object]] = {
    ".store bytes flipped": lambda d: _flip_all(d, ".store"),
    ".term bytes flipped": lambda d: _flip_all(d, ".term"),
    "morgue.json deleted": lambda d: (d / schema.META_FILE).unlink(),
    "morgue.json garbage": lambda d: (d / schema.META_FILE).write_bytes(b"{not json"),
    "stale lock files": lambda d: [
        (d / name).write_bytes(b"") for name in (".tantivy-writer.lock", ".tantivy-meta.lock")
    ],
}
#: A phrase query, so that the positions are read too.
PHRASE = f'"under {MARKER}"'


def command_args(command: str, some_id: str) -> list[str]:
    return {"search": ["search", PHRASE], "stats": ["stats"], "show": ["show", some_id]}[command]


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_index_exits_2_naming_the_index_and_the_rebuild(
    small_index: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    how, failing = DAMAGE[damage]
    how(index_dir)
    some_id = sorted(small_index["stories"])[0]
    for command in ALL_COMMANDS:
        result = morgue("--index", str(index_dir), *command_args(command, some_id))
        if command in failing:
            assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))
        else:
            assert result.returncode == 0, result.stderr
            assert_no_trace(result.stderr)


@pytest.mark.parametrize("damage", sorted(SILENT_DAMAGE))
def test_silently_damaged_index_never_shows_a_trace(
    small_index: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    SILENT_DAMAGE[damage](index_dir)
    some_id = sorted(small_index["stories"])[0]
    for command in ALL_COMMANDS:
        args = command_args(command, some_id) + (["-n", "100"] if command == "search" else [])
        result = morgue("--index", str(index_dir), *args)
        assert result.returncode in (0, 1, 2), result.stderr
        assert_no_trace(result.stderr + result.stdout)
        if result.returncode == 2:
            assert_clean_failure(result, mentions=(str(index_dir),))


def test_a_rust_panic_never_reaches_the_terminal(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    """Flipped postings (.idx) make tantivy panic inside a search."""
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    _flip_all(index_dir, ".idx")
    result = morgue("--index", str(index_dir), "search", MARKER)
    assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))


def test_a_garbled_morgue_json_names_the_rebuild(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    (index_dir / schema.META_FILE).write_bytes(b"{not json")
    result = morgue("--index", str(index_dir), "stats")
    assert_clean_failure(result, mentions=(str(index_dir), "morgue index --rebuild"))


def test_a_damaged_index_is_rebuilt_by_the_command_the_message_names(
    small_index: dict[str, Any], tmp_path: Path
) -> None:
    index_dir = tmp_path / "idx"
    shutil.copytree(small_index["index"], index_dir)
    DAMAGE[".term truncated"][0](index_dir)
    failed = morgue("--index", str(index_dir), "search", MARKER)
    command = failed.stderr.split("`morgue index --rebuild", 1)[1].split("`", 1)[0]
    assert command.strip().startswith(f"--index {index_dir}"), failed.stderr
    rebuilt = morgue("--index", str(index_dir), "index", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert_same_stories(story_set(index_dir), small_index["stories"])


# -- 5. malformed archives -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def malformed(tmp_path_factory: pytest.TempPathFactory) -> list[Malformed]:
    made = make_malformed(tmp_path_factory.mktemp("malformed") / "inputs", seed=5)
    assert len(made) >= 200
    return made


@pytest.fixture(scope="module")
def outcomes(malformed: list[Malformed]) -> dict[str, Any]:
    fast = [m.path for m in malformed if not m.slow]
    return {o.path: o for o in run_extract_child(fast, per_file_seconds=60)}


def test_every_malformed_input_ends_and_every_intact_record_is_accounted_for(
    malformed: list[Malformed], outcomes: dict[str, Any]
) -> None:
    failures: list[tuple[object, ...]] = []
    for m in malformed:
        if m.slow:
            continue
        o = outcomes[str(m.path)]
        if o.hung or o.error or o.bad_skips:
            failures.append((m.path.name, o.hung and "hung", o.error, o.bad_skips[:3]))
            continue
        if o.archive_error:
            continue
        missing = sorted(set(m.expect) - set(o.offsets))
        if missing:
            failures.append((m.path.name, "records not accounted for at", missing))
    assert failures == []
    assert sum(1 for m in malformed if not m.slow) >= 200


def test_html_nested_100000_deep_is_bounded(malformed: list[Malformed]) -> None:
    """Twice the extractor's own page budget (PAGE_BUDGET_SECONDS, 5 s) is all a page may take
    (lexbor's parse time grows with the square of <div> nesting: 100,000 deep took 20-50 s
    before indexer.extract cut such runs of tags, with or without attributes)."""
    deep = [m for m in malformed if m.kind.startswith("deep-")]
    assert len(deep) == 5
    outcomes = list(run_extract_child([m.path for m in deep], per_file_seconds=10))
    for m, outcome in zip(deep, outcomes, strict=True):
        assert not outcome.hung and not outcome.error, m.kind
        assert set(m.expect) <= set(outcome.offsets), m.kind


def test_malformed_inputs_keep_memory_bounded(outcomes: dict[str, Any]) -> None:
    # Bounds: 16 MB stored and 32 MB decoded per record (indexer.warc / indexer.decode) plus the
    # parse tree of that; a bomb read whole would take gigabytes.
    peak_mb = max(o.max_rss_kb for o in outcomes.values()) / 1024
    assert peak_mb < 1024, peak_mb


def test_a_bomb_is_cut_not_inflated(malformed: list[Malformed], outcomes: dict[str, Any]) -> None:
    for m in malformed:
        if m.kind.endswith("bomb"):
            o = outcomes[str(m.path)]
            assert not o.error and not o.hung and set(m.expect) <= set(o.offsets), m.kind


SAMPLED_KINDS = (
    "truncated", "gzip-flip", "content-length", "arc-warc-mixed", "empty", "random-bytes",
    "gzip-bomb", "nested-100k-unclosed", "one-text-node-10mb", "nul-bytes", "invalid-utf8",
    "utf16-le-bom", "hostile-text", "one-gzip-member",
)  # fmt: skip


def test_morgue_extract_on_a_sample_of_malformed_inputs_exits_0_or_2(
    malformed: list[Malformed],
) -> None:
    seen: set[str] = set()
    for m in malformed:
        if m.kind not in SAMPLED_KINDS or m.kind in seen:
            continue
        seen.add(m.kind)
        result = morgue("extract", str(m.path), timeout=120)
        assert result.returncode in (0, 2), (m.path.name, result.stderr[-2000:])
        assert_no_trace(result.stderr)
        for line in result.stdout.splitlines():
            assert json.loads(line)["warc_file"] == str(m.path)
        if result.returncode == 2:
            assert_clean_failure(result)
    assert seen == set(SAMPLED_KINDS)


def test_morgue_index_over_the_whole_malformed_corpus(
    malformed: list[Malformed], outcomes: dict[str, Any], tmp_path: Path
) -> None:
    folder = malformed[0].path.parent
    index_dir = tmp_path / "idx"
    result = morgue("--index", str(index_dir), "index", "--jobs", "2", str(folder), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_trace(result.stderr)
    # The summary's record count is the library's: every record counted once, none lost.
    indexed_files = [o for o in outcomes.values() if o.archive_error is None]
    records = sum(len(o.offsets) for o in indexed_files)
    assert f"records    {records:,} read" in result.stdout, result.stdout
    # Broken records are listed on stderr with their file and offset.
    listed = [line for line in result.stderr.splitlines() if line.startswith("morgue: skipped")]
    assert listed
    for line in listed:
        assert f" record at {folder}{os.sep}" in line and " @ " in line, line
    stories = story_set(index_dir)
    assert len(stories) <= sum(o.stories for o in indexed_files)
    assert morgue("--index", str(index_dir), "search", HOSTILE_WORD).returncode == 0
    again = morgue("--index", str(index_dir), "index", "--jobs", "2", str(folder), timeout=600)
    assert again.returncode == 0 and story_set(index_dir) == stories


@pytest.mark.parametrize("kind", ["empty", "random-bytes"])
def test_a_named_file_that_is_no_archive_is_exit_2(malformed: list[Malformed], kind: str) -> None:
    path = next(m.path for m in malformed if m.kind == kind)
    for args in (["extract", str(path)], ["index", str(path)]):
        result = morgue("--index", str(path.parent / "idx-never"), *args)
        assert_clean_failure(result, mentions=(str(path),))
