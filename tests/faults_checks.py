"""What every fault test measures, and the index several of them share.

The measure is the story set of an index (every id with every stored field): after any fault, a
rerun ends with the set of one clean run, an interrupted run has committed only stories of it,
and nothing a user sees is a traceback or a Rust panic. Imported by the fault test files and
tests/faults_fixtures.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import orjson
import tantivy
from faults_corpus import MARKER

from indexer import schema
from search.archive import Archive
from search.errors import IndexNotFoundError

TRACE_MARKS = ("Traceback", "panicked at", "PanicException", "RUST_BACKTRACE")


def assert_no_trace(text: str) -> None:
    for mark in TRACE_MARKS:
        assert mark not in text, text[-3000:]


def assert_clean_failure(
    result: subprocess.CompletedProcess[str], *, mentions: tuple[str, ...] = ()
) -> None:
    """Exit 2 and one `morgue: …` line on stderr, naming what it must; no trace anywhere."""
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-3000:])
    assert_no_trace(result.stderr + result.stdout)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("morgue: "), result.stderr
    for text in mentions:
        assert text in lines[0], (text, lines[0])


def story_set(index_dir: Path) -> dict[str, tuple[Any, ...]]:
    """id → every stored field of the index; fails on an id stored twice."""
    index = schema.open_index(index_dir)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    out: dict[str, tuple[Any, ...]] = {}
    for _score, address in hits:
        d = searcher.doc(address).to_dict()
        story_id = d["id"][0]
        assert story_id not in out, f"story {story_id} is in the index twice"
        d[schema.RECORD_FIELD] = [orjson.loads(d[schema.RECORD_FIELD][0])]
        out[story_id] = tuple(sorted((k, orjson.dumps(v)) for k, v in d.items()))
    return out


def assert_same_stories(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """The story sets are equal; else say how: lost, extra, and the first changed fields."""
    if actual == expected:
        return
    lost = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = [k for k in expected if k in actual and actual[k] != expected[k]]
    first = ""
    if changed:
        got, want = dict(actual[changed[0]]), dict(expected[changed[0]])
        first = "; ".join(
            f"{f}: {got.get(f)!r:.300} != {want.get(f)!r:.300}"
            for f in sorted(set(got) | set(want))
            if got.get(f) != want.get(f)
        )
    raise AssertionError(
        f"{len(lost)} lost, {len(extra)} extra, {len(changed)} changed "
        f"(of {len(expected)}); first change {changed[:1]}: {first}"
    )


def assert_committed_subset(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    """What an interrupted run committed: only stories of the clean run, field for field."""
    extra = sorted(set(actual) - set(expected))
    changed = [k for k in actual if k in expected and actual[k] != expected[k]]
    assert not extra and not changed, (extra[:3], changed[:3])


def assert_opens_and_searches(index_dir: Path) -> int:
    """The index as a user finds it after a fault: it opens and answers; stories it holds.

    Only an index directory that a kill stopped before tantivy created it may be missing.
    """
    try:
        archive = Archive.open(index_dir)
    except IndexNotFoundError:
        assert not (index_dir / "meta.json").exists()
        return 0
    with archive:
        results = archive.search(MARKER, limit=3)
        for hit in results:
            assert archive.get(hit.id).id == hit.id
        return archive.stats().stories
