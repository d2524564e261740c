"""`search.Archive` over real indexes in tmp_path: opening, searching, sorting, snippets,
round-tripping stories, stats, and the errors for missing or damaged indexes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import orjson
import pytest
import tantivy
from search_fixtures import IDS, STORIES, build_index, story

from indexer import schema
from indexer.errors import IndexVersionError
from indexer.records import STORY_KEYS, Story
from indexer.writer import StoryWriter, document_of
from search import (
    Archive,
    IndexNotFoundError,
    IndexUnreadableError,
    QuerySyntaxError,
    SearchError,
    StoryNotFoundError,
    default_index_path,
)
from search import archive as archive_module
from search import stored as stored_module
from search.compiler import compile_query
from search.querylang import parse
from search.results import Hit
from search.snippets import Snippets


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("archive") / "index")


@pytest.fixture
def archive(index_dir: Path) -> Archive:
    return Archive.open(index_dir)


# -- opening ---------------------------------------------------------------------------


def test_default_index_path_follows_env_then_xdg_then_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MORGUE_INDEX", str(tmp_path / "env"))
    assert default_index_path() == tmp_path / "env"
    monkeypatch.delenv("MORGUE_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_index_path() == tmp_path / "xdg" / "morgue" / "index"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_index_path() == tmp_path / "home" / ".local" / "share" / "morgue" / "index"


def test_open_without_a_path_uses_the_environment(
    monkeypatch: pytest.MonkeyPatch, index_dir: Path
) -> None:
    monkeypatch.setenv("MORGUE_INDEX", str(index_dir))
    with Archive.open() as archive:
        assert archive.path == index_dir
        assert archive.search("refugee").total == 2


def test_a_missing_index_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError) as info:
        Archive.open(tmp_path / "nowhere")
    assert str(info.value) == (
        f"no index at {tmp_path / 'nowhere'}: "
        f"run `morgue index --index {tmp_path / 'nowhere'} PATH...` first"
    )


def test_an_empty_directory_is_not_an_index(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="no index at"):
        Archive.open(tmp_path)


def test_an_index_of_another_schema_version_names_the_fix(tmp_path: Path) -> None:
    path = build_index(tmp_path / "index", STORIES[:1])
    (path / "morgue.json").write_text(json.dumps({"schema_version": 999}))
    with pytest.raises(IndexUnreadableError, match=r"morgue index --rebuild --index"):
        Archive.open(path)


@pytest.mark.parametrize("damage", ["garbage-meta", "no-meta", "missing-segment"])
def test_a_damaged_index_is_unreadable_with_the_fix(tmp_path: Path, damage: str) -> None:
    path = build_index(tmp_path / "index", STORIES[:2])
    if damage == "garbage-meta":
        (path / "meta.json").write_text("{ not json")
    elif damage == "no-meta":
        (path / "meta.json").unlink()
    else:
        next(path.glob("*.store")).unlink()
    with pytest.raises(IndexUnreadableError) as info:
        Archive.open(path)
    assert str(info.value).startswith(f"index {path}")
    assert str(info.value).endswith(f"rebuild it with `morgue index --rebuild --index {path}`")


def test_a_damaged_document_store_fails_the_search_with_the_fix(tmp_path: Path) -> None:
    # tantivy opens such an index and finds hits; only fetching the stored story fails.
    path = build_index(tmp_path / "index")
    store = next(path.glob("*.store"))
    data = bytearray(store.read_bytes())
    for i in range(20, min(len(data) - 60, 600)):
        data[i] ^= 0xFF
    store.write_bytes(bytes(data))
    with Archive.open(path) as archive, pytest.raises(IndexUnreadableError) as info:
        archive.search("refugee")
    assert str(info.value).startswith(f"index {path} cannot be read (")
    assert "morgue index --rebuild" in str(info.value)


def test_errors_belong_to_the_search_family() -> None:
    for error in (IndexNotFoundError, IndexUnreadableError, QuerySyntaxError, StoryNotFoundError):
        assert issubclass(error, SearchError)


def test_a_closed_archive_refuses_work(index_dir: Path) -> None:
    archive = Archive.open(index_dir)
    archive.close()
    with pytest.raises(SearchError, match="closed"):
        archive.search("refugee")


# -- searching -------------------------------------------------------------------------


def test_results_are_a_sequence_of_hits(archive: Archive) -> None:
    results = archive.search("refugee")
    assert results.total == 2
    assert len(results) == 2
    assert [hit.id for hit in results] == ["refugee", "storm"]
    assert results[0].id == "refugee"
    assert results[-1].id == "storm"
    assert (results.offset, results.limit, results.query, results.sort) == (
        0,
        10,
        "refugee",
        "relevance",
    )


def test_a_hit_carries_display_fields_and_the_whole_story(archive: Archive) -> None:
    hit = archive.search("tiktok rednote")[0]
    original = next(s for s in STORIES if s.id == "tiktok")
    assert hit.headline == original.headline
    assert hit.date == "2025-01-15"
    assert hit.dateline == "WASHINGTON (AP)"
    assert (hit.site, hit.url) == ("apnews.com", original.url)
    assert hit.score is not None and hit.score > 0
    assert hit.story == original


def test_highlights_point_at_the_matched_words_in_the_snippet(archive: Archive) -> None:
    hit = archive.search("great firewall")[0]
    words = [hit.snippet[a:b] for a, b in hit.highlights]
    assert words == ["great", "firewall"]


def test_highlight_offsets_are_characters_not_bytes(archive: Archive) -> None:
    hit = archive.search("gare")[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["gare"]
    assert "café" in hit.snippet  # a 2-byte character before the match


def test_prefix_and_fuzzy_matches_are_highlighted(archive: Archive) -> None:
    for query in ("xiao*", "xiaohngsu~2"):
        hit = archive.search(query)[0]
        assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Xiaohongshu"]


def test_a_headline_only_match_gets_the_leading_body_text(archive: Archive) -> None:
    hit = archive.search("headline:zurich")[0]
    assert hit.snippet.startswith("Hundreds of families arrived in the city on Saturday. Officials")
    assert hit.highlights == ()
    assert "\n" not in hit.snippet  # paragraph breaks collapsed


@pytest.mark.parametrize(
    ("query", "word"),
    [("die", "dying"), ("happiness", "happy"), ("hope", "hoping"), ("possibility", "possible")],
)
def test_a_body_word_whose_stem_it_does_not_spell_is_still_highlighted(
    tmp_path: Path, query: str, word: str
) -> None:
    # The snippet prefilter (issue 6) looks for stems in the stored text: `die` is not in
    # `dying`, so it must not skip a field that only a stemmed form matches.
    body = f"Nothing to see in the first sentence. Then {word} came up. The end."
    build_index(tmp_path / "index", (story(id="s1", headline=f"About {query}", body=body),))
    with Archive.open(tmp_path / "index") as archive:
        hit = archive.search(query)[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == [word]


@pytest.mark.parametrize(
    ("query", "body", "word"),
    [
        ("hope", "Hoping for rain, they waited.", "Hoping"),  # first word, capitalised
        ("hope", "See the hope_lines report.", "hope"),  # `_` ends a word
        ("hope", "They said: (hope).", "hope"),  # punctuation around
        ("hope", "Plan 2025-hope ahead.", "hope"),  # digits and a dash before
        ("rain", "Rained out: rainy, rainier days.", "Rained"),  # words sharing the root
        ("lim", "Limits aside, limly said nothing.", "limly"),  # a stem much shorter
        ("we", "Wet days, as we knew.", "we"),  # a two-letter term: its first letter is the root
        ("hope", f"{'hope' * 11} later hoped", "hoped"),  # a 44-letter word is not indexed
    ],
)
def test_the_snippet_check_finds_every_word_the_index_matched(
    tmp_path: Path, query: str, body: str, word: str
) -> None:
    # Before calling tantivy's snippet generator on a field, Archive looks for the query's
    # terms among the field's words (issue 6); a word it missed would lose its highlight.
    build_index(tmp_path / "index", (story(id="s1", headline=f"About {query}", body=body),))
    with Archive.open(tmp_path / "index") as archive:
        hit = archive.search(query)[0]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == [word]


def test_many_highlights_across_paragraph_breaks_stay_on_their_words(tmp_path: Path) -> None:
    # More than a few highlights take the one-pass way of moving offsets (issue 6).
    body = "The cat and the dog.\n\nThe  end of   the day,\tthe\n\n\nthe night."
    build_index(tmp_path / "index", (story(id="s1", headline="Night", body=body),))
    with Archive.open(tmp_path / "index") as archive:
        hit = archive.search("the")[0]
    assert hit.snippet == "The cat and the dog. The end of the day, the the night"
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["The", "the", "The"] + ["the"] * 3


def test_a_body_with_only_lookalike_words_gives_way_to_the_captions(tmp_path: Path) -> None:
    stories = (
        story(
            id="s1",
            headline="Limes",
            body="Limited time: a limousine, hopeless limits, unlimited lime.",
            captions=("The limly harbour at dawn.",),
        ),
    )
    build_index(tmp_path / "index", stories)
    with Archive.open(tmp_path / "index") as archive:
        hit = archive.search("limly")[0]
    assert hit.snippet.startswith("The limly harbour at dawn")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["limly"]


def test_a_caption_match_is_found_past_a_body_without_the_word(tmp_path: Path) -> None:
    stories = (
        story(
            id="s1",
            headline="Lanterns over the river",
            body="Crowds gathered on both banks. Nobody left early.",
            captions=("Paper lanterns drift downstream.",),
        ),
    )
    build_index(tmp_path / "index", stories)
    with Archive.open(tmp_path / "index") as archive:
        hit = archive.search("lanterns")[0]
    assert hit.snippet.startswith("Paper lanterns drift downstream")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["lanterns"]


def test_paging(archive: Archive) -> None:
    everything = [h.id for h in archive.search("NOT zzz", limit=100)]
    assert sorted(everything) == sorted(IDS)
    page = archive.search("NOT zzz", limit=3, offset=3)
    assert page.total == len(IDS)
    assert [h.id for h in page] == everything[3:6]
    assert archive.search("NOT zzz", limit=3, offset=50).hits == ()


def test_limit_zero_counts_without_hits(archive: Archive) -> None:
    results = archive.search("refugee", limit=0)
    assert (results.total, results.hits) == (2, ())


def test_huge_limits_and_offsets_are_safe(archive: Archive) -> None:
    # tantivy would try to allocate a top-k heap of offset + limit entries and abort.
    assert len(archive.search("NOT zzz", limit=10**12)) == len(IDS)
    far = archive.search("refugee", offset=10**12, limit=10**12)
    assert (far.total, far.hits, far.offset) == (2, (), 10**12)


NEWEST = ["civil", "cafe", "usa", "refugee", "tiktok", "apart"]


def test_sort_newest_puts_undated_stories_last(archive: Archive) -> None:
    results = archive.search("NOT zzz", limit=100, sort="newest")
    assert [h.id for h in results] == [*NEWEST, "storm"]
    assert all(h.score is None for h in results)


def test_sort_oldest_puts_undated_stories_last(archive: Archive) -> None:
    results = archive.search("NOT zzz", limit=100, sort="oldest")
    assert [h.id for h in results] == [*reversed(NEWEST), "storm"]


def test_sorted_pages_continue_into_the_undated(archive: Archive) -> None:
    page = archive.search("NOT zzz", limit=3, offset=5, sort="newest")
    assert [h.id for h in page] == ["apart", "storm"]


def test_bad_arguments_raise_value_error(archive: Archive) -> None:
    with pytest.raises(ValueError, match="sort must be one of"):
        archive.search("x", sort="best")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit and offset"):
        archive.search("x", limit=-1)


def test_a_malformed_query_raises_with_its_column(archive: Archive) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        archive.search('refugees "great firewall')
    assert info.value.column == 10


@pytest.mark.parametrize("settled", [False, True])
def test_an_open_archive_sees_later_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: bool
) -> None:
    if settled:
        # Every meta.json counts as long unchanged: searches check it with one `stat` only.
        monkeypatch.setattr(archive_module, "_SETTLED_NS", -(10**12))
    path = build_index(tmp_path / "index", STORIES[:1])
    with Archive.open(path) as archive:
        assert archive.search("aleppo").total == 0
        with StoryWriter(path, heap_size=20_000_000, num_threads=1) as writer:
            writer.add(next(s for s in STORIES if s.id == "civil"))
        assert archive.search("aleppo").total == 1
        if settled:  # and with nothing committed since, meta.json is not read again
            reads: list[object] = []
            monkeypatch.setattr(archive_module, "_read", lambda p: reads.append(p))
            assert archive.search("aleppo").total == 1
            assert reads == []


# -- get -------------------------------------------------------------------------------


@pytest.mark.parametrize("original", STORIES, ids=[s.id for s in STORIES])
def test_get_rebuilds_the_story_exactly(archive: Archive, original: object) -> None:
    assert archive.get(original.id) == original  # type: ignore[attr-defined]


def test_get_reads_an_id_in_any_case(archive: Archive) -> None:
    # Ids are lowercase hex; one pasted from uppercase output or with a newline still works.
    original = next(s for s in STORIES if s.id == "civil")
    assert archive.get(" CIVIL\n") == original


def test_get_keeps_empty_and_missing_values_apart(tmp_path: Path) -> None:
    odd = story(
        id="odd",
        url="https://x.example/a",
        site="x.example",
        headline="",
        body="",
        language=None,
        updated="2025-01-02T00:00:00Z",
        captions=("one", "two"),
        story_index=3,
    )
    with Archive.open(build_index(tmp_path / "index", (odd,))) as archive:
        assert archive.get("odd") == odd


def test_get_an_unknown_id(archive: Archive) -> None:
    with pytest.raises(StoryNotFoundError) as info:
        archive.get("nope")
    assert str(info.value).startswith("no story with id 'nope' in index ")


# -- stats -----------------------------------------------------------------------------


def test_stats(archive: Archive, index_dir: Path) -> None:
    stats = archive.stats(top=3)
    assert stats.stories == len(STORIES)
    assert stats.sites == 5
    assert stats.undated == 1
    assert (stats.first_date, stats.last_date) == ("2024-06-10", "2026-01-20")
    assert (stats.first_captured, stats.last_captured) == ("2026-01-05", "2026-02-01")
    assert stats.top_sites == (("apnews.com", 3), ("bbc.co.uk", 1), ("edition.cnn.com", 1))
    assert stats.top_datelines == (("ALEPPO, Syria", 1), ("GENEVA", 1), ("LONDON", 1))
    assert stats.datelines_exact
    assert stats.index_path == index_dir.resolve()
    assert stats.index_bytes == sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())


def test_stats_of_an_empty_index(tmp_path: Path) -> None:
    with Archive.open(build_index(tmp_path / "index", ())) as archive:
        stats = archive.stats()
    assert (stats.stories, stats.sites, stats.first_date, stats.top_sites) == (0, 0, None, ())


#: Wire stories filed from the same places on other days and by other agencies.
FILED: tuple[Story, ...] = tuple(
    story(id=f"filed{n}", url=f"https://wire.example/{n}", site="wire.example", dateline=d)
    for n, d in enumerate(
        [
            "BEIJING, Jan. 14 (Xinhua)",
            "BEIJING, Jan. 15 (Xinhua)",
            "BEIJING (AP)",
            "Beijing (CNN)",
            "KYIV, Dec 24 (Reuters)",
            "KYIV (AP)",
            "ALEPPO, Syria (AP)",
            None,
        ]
    )
)


def test_stats_count_stories_per_place_over_every_segment(tmp_path: Path) -> None:
    path = tmp_path / "index"
    for batch in (FILED[:3], FILED[3:]):  # two commits: the counts add up across segments
        build_index(path, batch)
    with Archive.open(path) as archive:
        stats = archive.stats(top=2)
        every = archive.stats()
        assert archive.get("filed0").dateline == "BEIJING, Jan. 14 (Xinhua)"  # stored as printed
    assert stats.top_datelines == (("BEIJING", 4), ("KYIV", 2))
    assert stats.datelines_exact
    assert every.top_datelines == (("BEIJING", 4), ("KYIV", 2), ("ALEPPO, Syria", 1))


def build_index_without_places(path: Path) -> Path:
    """An index as schema version 2 was written on 2026-11-24 before the `place` field."""
    builder = tantivy.SchemaBuilder()
    for name in schema.RAW_FIELDS:
        fast = name in ("site", "language")
        builder.add_text_field(name, stored=True, fast=fast, tokenizer_name="raw")
    for name in schema.TEXT_FIELDS:
        builder.add_text_field(name, stored=True, tokenizer_name=schema.ANALYZER)
    for name in schema.DATE_FIELDS:
        builder.add_date_field(name, stored=False, indexed=True, fast=True)
    builder.add_bytes_field(schema.RECORD_FIELD, stored=True)
    path.mkdir()
    index = tantivy.Index(builder.build(), path=str(path))
    index.register_tokenizer(schema.ANALYZER, schema.news_analyzer())
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    doc = document_of(FILED[0])
    del doc[schema.PLACE_FIELD]
    writer.add_document(tantivy.Document.from_dict(doc, index.schema))
    writer.commit()
    writer.wait_merging_threads()
    (path / schema.META_FILE).write_bytes(orjson.dumps({"schema_version": 2}))
    return path


def test_an_index_built_before_places_must_be_rebuilt(tmp_path: Path) -> None:
    # Same schema version (never released), other fields: tantivy refuses to open it with the
    # new schema, so neither stats nor anything else can read it; both sides name the rebuild.
    path = build_index_without_places(tmp_path / "index")
    fix = f"rebuild it with `morgue index --rebuild --index {path}`"
    with pytest.raises(IndexUnreadableError) as info:
        Archive.open(path)
    assert str(info.value).endswith(fix)
    with pytest.raises(IndexVersionError) as writing:
        StoryWriter(path)
    assert str(writing.value).endswith(fix)


def test_stories_and_hits_are_built_through_every_slot() -> None:
    # `search.stored` sets each field of a Story and a Hit through its slot, skipping the
    # dataclass __init__ (issue 6): that must still set every field, and there must be no
    # __post_init__ to skip.
    assert tuple(f.name for f in dataclasses.fields(Hit)) == stored_module._HIT_FIELDS
    assert tuple(f.name for f in dataclasses.fields(Story)) == STORY_KEYS
    assert len(stored_module._STORY_SETTERS) == len(STORY_KEYS)
    assert len(stored_module._HIT_SETTERS) == len(stored_module._HIT_FIELDS)
    assert not hasattr(Story, "__post_init__")
    assert not hasattr(Hit, "__post_init__")


@pytest.mark.parametrize(
    "query", ["caption:lanterns", "body:lanterns", "caption:paper body:crowds", "lanterns"]
)
def test_snippets_do_not_depend_on_the_matched_fields_shortcut(tmp_path: Path, query: str) -> None:
    # For a field the query requires words in (`CompiledQuery.matched`), snippets skip the check
    # of each hit's field for those words (issue 6): the fragments must be the same without it.
    stories = (
        story(
            id="s1",
            headline="Lanterns",
            body="Crowds gathered on both banks.\n\nPaper lanterns lit the water. Nobody left.",
            captions=("Paper  lanterns drift\ndownstream.", "A lantern maker at work."),
        ),
        story(id="s2", body="Crowds, and no paper at all.", captions=("Paper boats.",)),
    )
    index = schema.open_index(build_index(tmp_path / "index", stories))
    searcher = index.searcher()
    compiled = compile_query(parse(query), searcher, index.schema)
    unmatched = dataclasses.replace(compiled, matched=frozenset())
    hits = searcher.search(compiled.query, limit=10).hits
    assert hits
    for _, address in hits:
        doc = searcher.doc(address)
        original = next(s for s in stories if s.id == doc.get_first("id"))
        shortcut = Snippets(searcher, index.schema, compiled, set()).of(doc, original)
        checked = Snippets(searcher, index.schema, unmatched, set()).of(doc, original)
        assert shortcut == checked
