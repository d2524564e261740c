"""Stored tantivy documents → `Story` and `Hit` objects: what a search reads back from the index.

The reverse of `indexer.writer.document_of`. Apart from `search.archive` (which decides what to
search and when to reload) because this is the per-hit hot path of every search, tuned on its
own: both dataclasses are filled through the setters of their slots (see `_STORY_SETTERS`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from indexer.records import STORY_KEYS, Story
from indexer.schema import RECORD_FIELD, rebuild_fix
from search.errors import IndexUnreadableError
from search.results import Hit

if TYPE_CHECKING:
    from search.snippets import Snippets

__all__ = ["hits_of", "stories_of"]


def stories_of(docs: list[Any], path: Path) -> list[Story]:
    """The Story each stored document of the index at `path` holds.

    Raises IndexUnreadableError when a document is not a story record this morgue wrote.
    """
    (
        set_id,
        set_url,
        set_site,
        set_headline,
        set_dateline,
        set_date,
        set_date_source,
        set_updated,
        set_byline,
        set_body,
        set_captions,
        set_language,
        set_story_index,
        set_captured_at,
        set_warc_file,
        set_warc_offset,
        set_warc_record_id,
    ) = _STORY_SETTERS
    stories = []
    try:
        for doc in docs:
            get = doc.get_first
            record = orjson.loads(get(RECORD_FIELD))
            story = _new(Story)  # filled through its slots: see _STORY_SETTERS
            set_id(story, get("id"))
            set_url(story, get("url"))
            set_site(story, get("site"))
            set_headline(story, get("headline"))
            set_dateline(story, get("dateline"))
            set_date(story, record["date"])
            set_date_source(story, record["date_source"])
            set_updated(story, record["updated"])
            set_byline(story, get("byline"))
            set_body(story, get("body") or "")
            set_captions(story, tuple(doc.get_all("captions")))
            set_language(story, get("language"))
            set_story_index(story, record["story_index"])
            set_captured_at(story, record["captured_at"])
            set_warc_file(story, record["warc_file"])
            set_warc_offset(story, record["warc_offset"])
            set_warc_record_id(story, record["warc_record_id"])
            stories.append(story)
    except (TypeError, KeyError, ValueError) as exc:  # orjson.JSONDecodeError is a ValueError
        raise IndexUnreadableError(
            f"index {path} holds a story record this morgue cannot read ({exc!r}): "
            + rebuild_fix(path)
        ) from exc
    return stories


def hits_of(
    pairs: list[tuple[Any, Any]],
    docs: list[Any],
    stories: list[Story],
    snippets: Snippets,
    *,
    scored: bool,
) -> tuple[Hit, ...]:
    """One Hit per (score or sort key, address) pair, its stored document and its Story.

    `scored`: the keys are relevance scores (else sort values, and a Hit has no score).
    """
    (
        set_id,
        set_score,
        set_headline,
        set_date,
        set_dateline,
        set_site,
        set_url,
        set_snippet,
        set_highlights,
        set_story,
    ) = _HIT_SETTERS
    hits = []
    for (key, _), doc, story in zip(pairs, docs, stories, strict=True):
        snippet, spans = snippets.of(doc, story)
        hit = _new(Hit)  # filled through its slots: see _STORY_SETTERS
        set_id(hit, story.id)
        set_score(hit, float(key) if scored else None)
        set_headline(hit, story.headline)
        set_date(hit, story.date)
        set_dateline(hit, story.dateline)
        set_site(hit, story.site)
        set_url(hit, story.url)
        set_snippet(hit, snippet)
        set_highlights(hit, spans)
        set_story(hit, story)
        hits.append(hit)
    return tuple(hits)


def _setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of the slots `names` of a slotted dataclass `cls`."""
    return tuple(getattr(cls, name).__set__ for name in names)


#: `stories_of` and `hits_of` fill each Story and Hit through the setters of its slots, named
#: here in the order they unpack them, rather than call the dataclass's __init__: that takes
#: every field as a keyword and sets it with `object.__setattr__` (both classes are frozen):
#: ~2.3 µs a Story and ~1.3 µs a Hit against ~1.2 and ~0.6, so ~18 µs less for a page of
#: ten hits, whose search costs ~60 µs beyond tantivy's own work (issue 6).
#: tests/test_archive.py checks that these are every field, and that neither class has a
#: `__post_init__` that this would skip.
_STORY_SETTERS = _setters(Story, STORY_KEYS)
_HIT_FIELDS = (
    "id",
    "score",
    "headline",
    "date",
    "dateline",
    "site",
    "url",
    "snippet",
    "highlights",
    "story",
)
_HIT_SETTERS = _setters(Hit, _HIT_FIELDS)
_new = object.__new__
