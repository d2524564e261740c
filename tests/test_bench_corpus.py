"""bench/corpus.py: the benchmark archives are a pure function of (size, seed) and look like news.

Small sizes only: the benchmarks themselves never run in the test suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from warcio.archiveiterator import ArchiveIterator

from indexer.records import STORY_KEYS, Story

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes_different_seed_different_bytes(tmp_path: Path) -> None:
    # Same file name: the warcinfo record names the file.
    a, b, c = (tmp_path / d / "p.warc.gz" for d in ("a", "b", "c"))
    corpus.write_warc(a, pages=30, seed=1)
    corpus.write_warc(b, pages=30, seed=1)
    corpus.write_warc(c, pages=30, seed=2)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_output_does_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    pages = corpus.SHARD_PAGES + 20  # two shards, so two workers really split the work
    one, two = tmp_path / "one" / "p.warc.gz", tmp_path / "two" / "p.warc.gz"
    corpus.write_warc(one, pages=pages, seed=1, jobs=1)
    corpus.write_warc(two, pages=pages, seed=1, jobs=2)
    assert _digest(one) == _digest(two)


def test_archive_holds_one_request_and_one_html_response_per_page(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"
    stats = corpus.write_warc(path, pages=40, seed=1)
    types: list[str] = []
    urls = set()
    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            types.append(record.rec_type)
            if record.rec_type == "response":
                urls.add(record.rec_headers.get_header("WARC-Target-URI"))
                html = record.content_stream().read().decode("utf-8")
                assert html.startswith("<!DOCTYPE html>") and html.endswith("</html>")
    assert types[0] == "warcinfo"
    assert types.count("request") == types.count("response") == 40 == len(urls)
    # Multi-story templates (aggregator, round-up, several <article>s) are in the mix.
    assert stats.pages == 40 and stats.stories > 40


def test_generated_story_records_are_complete_and_deterministic() -> None:
    first = list(corpus.generate_stories(600, seed=1))
    again = list(corpus.generate_stories(600, seed=1))
    assert first == again
    assert len(first) == 600 and len({d["id"] for d in first}) == 600
    for d in first:
        assert tuple(d) == STORY_KEYS
        Story.from_dict(d)  # the record contract, DESIGN.md §3
    years = {dt.date.fromisoformat(d["date"][:10]).year for d in first}
    assert years == set(range(corpus.FIRST_YEAR, corpus.LAST_YEAR + 1))
    assert len({d["site"] for d in first}) > 300  # of the 500 sites (≈ 350 expected)


def test_vocabulary_is_zipfian_with_a_long_tail() -> None:
    lex = corpus.lexicon(1)
    assert len(lex.words) == corpus.VOCABULARY_SIZE == len(set(lex.words))
    bodies = " ".join(d["body"] for d in corpus.generate_stories(500, seed=1)).lower().split()
    counts: dict[str, int] = {}
    for word in bodies:
        counts[word.strip(".")] = counts.get(word.strip("."), 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    # The head dominates and most distinct words are rare: Zipf, not uniform.
    assert ranked[0] > 50 * ranked[len(ranked) // 2]
    assert sum(1 for n in ranked if n == 1) > len(ranked) / 4


def test_pages_extract_into_stories(tmp_path: Path) -> None:
    extract = pytest.importorskip("indexer.extract")
    path = tmp_path / "p.warc.gz"
    stats = corpus.write_warc(path, pages=60, seed=1)
    stories = list(extract.extract_stories([path]))
    pages = {s.url for s in stories}
    assert len(pages) == stats.pages  # every page yields at least one story
    assert all(s.body.strip() for s in stories)
    assert stats.pages < len(stories) <= stats.stories + stats.pages


def test_a_split_archive_holds_the_same_pages_in_the_same_order(tmp_path: Path) -> None:
    def response_ids(paths: list[Path]) -> list[str]:
        ids = []
        for path in paths:
            with path.open("rb") as f:
                ids += [
                    r.rec_headers.get_header("WARC-Record-ID")
                    for r in ArchiveIterator(f)
                    if r.rec_type == "response"
                ]
        return ids

    pages = 3 * corpus.SHARD_PAGES + 7
    whole = corpus.archive_paths(tmp_path / "whole.warc.gz", 1)
    parts = corpus.archive_paths(tmp_path / "parts", 3)
    corpus.write_warcs(whole, pages=pages, seed=2)
    stats = corpus.write_warcs(parts, pages=pages, seed=2, jobs=2)
    assert [p.name for p in parts] == ["part-000.warc.gz", "part-001.warc.gz", "part-002.warc.gz"]
    assert stats.pages == pages
    assert response_ids(parts) == response_ids(whole) != []
