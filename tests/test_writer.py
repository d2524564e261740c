"""StoryWriter against real tantivy indexes in tmp_path, with hand-made stories."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
import tantivy

from indexer import schema
from indexer.errors import IndexLockedError, IndexStorageError
from indexer.records import STORY_KEYS, Story, story_id
from indexer.writer import StoryWriter, document_of

REPO = Path(__file__).resolve().parents[1]


def make_story(n: int, *, body: str | None = None, **changes: Any) -> Story:
    url = f"https://apnews.com/article/story-{n}"
    headline = f"Headline number {n}"
    text = body if body is not None else f"WASHINGTON (AP) — Paragraph one of story {n}.\n\nTwo."
    story = Story(
        id=story_id(url, 0, headline, text),
        url=url,
        site="apnews.com",
        headline=headline,
        dateline="WASHINGTON (AP)",
        date="2025-01-18T08:55:00+08:00",
        date_source="jsonld",
        updated=None,
        byline="By Jane Doe",
        body=text,
        captions=("A caption, photographed.", "Another one"),
        language="en",
        story_index=0,
        captured_at="2026-01-02T03:04:05Z",
        warc_file="crawl.warc.gz",
        warc_offset=1000 * n,
        warc_record_id=f"<urn:uuid:0000-{n}>",
    )
    return dataclasses.replace(story, **changes)


def stored_stories(path: Path) -> dict[str, dict[str, Any]]:
    """Every story in the index, rebuilt as a story record from its stored fields."""
    index = schema.open_index(path)
    searcher = index.searcher()
    found = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    out = {}
    for _score, address in found:
        doc = searcher.doc(address)
        record = orjson.loads(doc.get_first(schema.RECORD_FIELD))
        for name in (*schema.RAW_FIELDS, *schema.TEXT_FIELDS):
            values = doc.get_all(name)
            record[name] = values if name == "captions" else (values[0] if values else None)
        out[record["id"]] = record
    return out


def test_record_round_trips_every_key(tmp_path: Path) -> None:
    story = make_story(1, captions=("One", "Two"), updated="2025-01-19", headline="Café ünïcode")
    story = dataclasses.replace(story, id=story_id(story.url, 0, story.headline, story.body))
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(story)
    record = stored_stories(tmp_path / "idx")[story.id]
    expected = story.to_dict()
    assert set(record) == set(STORY_KEYS)
    assert record == expected


def test_absent_values_stay_absent(tmp_path: Path) -> None:
    story = make_story(
        2, headline=None, dateline=None, byline=None, language=None, date=None, captions=()
    )
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(story)
    assert stored_stories(tmp_path / "idx")[story.id] == story.to_dict()


def test_upsert_replaces_the_story_with_the_same_id(tmp_path: Path) -> None:
    first = make_story(3)
    second = dataclasses.replace(first, dateline="NEW YORK (AP)", byline="By John Roe")
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(first)
        writer.add(second)  # same commit
        writer.commit()
        assert writer.num_docs == 1
        third = dataclasses.replace(first, dateline="PARIS (AP)")
        writer.add(third)  # a later commit
        writer.commit()
        assert writer.num_docs == 1
    stories = stored_stories(tmp_path / "idx")
    assert list(stories) == [first.id]
    assert stories[first.id]["dateline"] == "PARIS (AP)"


def test_add_batch_keeps_the_earliest_capture_in_any_order(tmp_path: Path) -> None:
    early = make_story(4, captured_at="2026-01-01T00:00:00Z", warc_offset=10)
    late = dataclasses.replace(early, captured_at="2026-02-01T00:00:00Z", warc_offset=99)
    for name, batches in [("a", [[early, late]]), ("b", [[late, early]]), ("c", [[late], [early]])]:
        with StoryWriter(tmp_path / name) as writer:
            results = [writer.add_batch(b) for b in batches]
        # The counts too: one story indexed, one capture dropped, whichever came first
        # (an earlier capture arriving second was once counted as indexed as well).
        assert sum(r.added for r in results) == 1
        assert sum(r.duplicates for r in results) == 1
        assert stored_stories(tmp_path / name)[early.id]["warc_offset"] == 10
    # Across commits and runs too: the committed early capture is looked up and kept.
    with StoryWriter(tmp_path / "d") as writer:
        writer.add_batch([early])
    with StoryWriter(tmp_path / "d") as writer:
        assert writer.add_batch([late]).duplicates == 1
        assert writer.add_batch([early]).added == 1  # the same capture again: re-written
    assert stored_stories(tmp_path / "d")[early.id]["warc_offset"] == 10


def test_a_rerun_finds_every_committed_story_and_adds_only_new_ones(tmp_path: Path) -> None:
    # More stories than one lookup query takes, so the chunking of the lookup is exercised.
    stories = [make_story(n, captured_at="2026-01-01T00:00:00Z") for n in range(1100)]
    with StoryWriter(tmp_path / "idx") as writer:
        assert writer.add_batch(stories).added == 1100
    later = [dataclasses.replace(s, captured_at="2026-03-01T00:00:00Z") for s in stories]
    earlier = dataclasses.replace(stories[7], captured_at="2025-12-01T00:00:00Z", warc_offset=1)
    with StoryWriter(tmp_path / "idx") as writer:
        result = writer.add_batch([*later, make_story(5000), earlier])
        # 1 new story; 1,100 later captures dropped, and the committed copy of story 7 too
        assert (result.added, result.duplicates) == (1, 1101)
        writer.commit()
        assert writer.num_docs == 1101
    kept = stored_stories(tmp_path / "idx")
    assert len(kept) == 1101
    assert kept[earlier.id]["warc_offset"] == 1
    others = {s.id for s in stories} - {earlier.id}
    assert {kept[i]["captured_at"] for i in others} == {"2026-01-01T00:00:00Z"}


def test_dates_are_searchable_as_local_wall_clock(tmp_path: Path) -> None:
    story = make_story(5, date="2025-01-18T02:00:00+08:00")
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(story)
    index = schema.open_index(tmp_path / "idx")
    day = schema.index_datetime("2025-01-18")
    query = tantivy.Query.range_query(
        index.schema, "date", tantivy.FieldType.Date, day, schema.index_datetime("2025-01-19")
    )
    assert day is not None and index.searcher().search(query).count == 1


def test_an_exception_rolls_back(tmp_path: Path) -> None:
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(make_story(6))
    with pytest.raises(RuntimeError), StoryWriter(tmp_path / "idx") as writer:
        writer.add(make_story(7))
        raise RuntimeError("boom")
    assert list(stored_stories(tmp_path / "idx")) == [make_story(6).id]


def test_second_writer_in_this_process_is_locked_out(tmp_path: Path) -> None:
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(make_story(8))
        with pytest.raises(IndexLockedError, match=r"index .*idx is locked by another morgue"):
            StoryWriter(tmp_path / "idx")
    with StoryWriter(tmp_path / "idx") as writer:  # released on close
        assert writer.num_docs == 1


def test_second_writer_in_another_process_is_locked_out(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from indexer.writer import StoryWriter\n"
        "from indexer.errors import IndexLockedError\n"
        "try:\n"
        "    StoryWriter(sys.argv[1])\n"
        "except IndexLockedError as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    with StoryWriter(tmp_path / "idx"):
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "idx")],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    assert done.returncode == 3, done.stderr
    assert "is locked by another morgue index run" in done.stdout


def test_a_closed_writer_refuses_work(tmp_path: Path) -> None:
    writer = StoryWriter(tmp_path / "idx")
    writer.close()
    writer.close()  # twice is fine
    with pytest.raises(IndexStorageError, match="unusable"):
        writer.add(make_story(9))


def test_write_failure_is_a_storage_error_and_keeps_the_last_commit(tmp_path: Path) -> None:
    """A file-size limit (RLIMIT_FSIZE) makes writes fail like a full disk, without root."""
    code = (
        "import os, resource, signal, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from test_writer import make_story\n"
        "from indexer.writer import StoryWriter\n"
        "from indexer.errors import IndexStorageError\n"
        "with StoryWriter(sys.argv[1]) as w:\n"
        "    w.add(make_story(0))\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
        "try:\n"
        "    with StoryWriter(sys.argv[1], num_threads=1) as w:\n"
        "        for n in range(1, 400):\n"
        "            w.add(make_story(n, body=' '.join(os.urandom(4).hex() for _ in range(400))))\n"
        "except IndexStorageError as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "idx")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "the last commit is intact" in done.stdout
    assert list(stored_stories(tmp_path / "idx")) == [make_story(0).id]
    with StoryWriter(tmp_path / "idx") as writer:  # space back: writing works again
        writer.add(make_story(1))
    assert len(stored_stories(tmp_path / "idx")) == 2


def test_document_of_leaves_unreadable_dates_unindexed() -> None:
    doc = document_of(make_story(10, date="sometime in May"))
    assert "date" not in doc
    assert orjson.loads(doc[schema.RECORD_FIELD])["date"] == "sometime in May"


def test_text_that_is_not_valid_utf8_is_indexed_with_replacement_characters(
    tmp_path: Path,
) -> None:
    story = make_story(11, body="caf\udce9 crème", warc_file="crawl-\udcff.warc")  # lone surrogates
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(story)
    stored = stored_stories(tmp_path / "idx")[story.id]
    assert (stored["body"], stored["warc_file"]) == ("caf\ufffd crème", "crawl-\ufffd.warc")


def test_document_of_indexes_the_datelines_place() -> None:
    assert document_of(make_story(11, dateline="BEIJING, Jan. 14 (Xinhua)"))["place"] == "BEIJING"
    assert schema.PLACE_FIELD not in document_of(make_story(12, dateline=None))


def test_the_place_is_counted_but_not_stored(tmp_path: Path) -> None:
    story = make_story(13, dateline="ALEPPO, Syria, Jan. 9 (AP)")
    with StoryWriter(tmp_path / "idx") as writer:
        writer.add(story)
    index = schema.open_index(tmp_path / "idx")
    searcher = index.searcher()
    query = tantivy.Query.term_query(index.schema, schema.PLACE_FIELD, "ALEPPO, Syria")
    found = searcher.search(query)
    assert found.count == 1
    assert searcher.doc(found.hits[0][1]).get_first(schema.PLACE_FIELD) is None
    assert stored_stories(tmp_path / "idx")[story.id]["dateline"] == "ALEPPO, Syria, Jan. 9 (AP)"


def test_morgue_json_is_written_whole_through_a_renamed_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a searcher opening the index while it is created must never read a half-written file
    renames: list[tuple[str, str]] = []
    real_replace = schema.os.replace

    def replace(src: Any, dst: Any) -> None:
        assert orjson.loads(Path(src).read_bytes()) == {"schema_version": schema.SCHEMA_VERSION}
        assert not Path(dst).exists()
        renames.append((Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(schema.os, "replace", replace)
    schema.open_index(tmp_path / "idx", create=True)
    [(temporary, final)] = renames
    assert temporary.startswith(f".{schema.META_FILE}.") and temporary.endswith(".tmp")
    assert final == schema.META_FILE
    assert sorted(p.name for p in (tmp_path / "idx").glob("*morgue*")) == [schema.META_FILE]
