"""Hand-made stories and a tiny real index of them, shared by the search-side tests.

Each story exists to make one query form or ranking rule decidable; the comment says which.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from indexer.records import Story
from indexer.writer import StoryWriter

_BASE = Story(
    id="",
    url="",
    site="",
    headline=None,
    dateline=None,
    date=None,
    date_source=None,
    updated=None,
    byline=None,
    body="",
    captions=(),
    language="en",
    story_index=0,
    captured_at="2026-01-05T10:00:00Z",
    warc_file="sample.warc.gz",
    warc_offset=0,
    warc_record_id="<urn:uuid:00000000-0000-0000-0000-000000000000>",
)


def story(**fields: object) -> Story:
    return replace(_BASE, **fields)  # type: ignore[arg-type]


STORIES: tuple[Story, ...] = (
    # Stemming + accent folding in the headline; byline, caption, dateline; `e-mail` phrase.
    story(
        id="refugee",
        url="https://apnews.com/article/refugees-zurich-1",
        site="apnews.com",
        headline="Refugees reach Zürich after long march",
        dateline="ZURICH (AP)",
        date="2025-01-18T08:55:00+08:00",
        date_source="jsonld",
        byline="By Jane Doe",
        body="Hundreds of families arrived in the city on Saturday.\n\n"
        "Officials said the e-mail system that registers arrivals had failed.",
        captions=("Families wait at the station. (AP Photo/Jane Doe)",),
        warc_offset=100,
    ),
    # Phrases, proximity (chinese … xiaohongshu), fuzzy (xiaohongsu~), prefix (xiao*).
    story(
        id="tiktok",
        url="https://apnews.com/article/tiktok-rednote",
        site="apnews.com",
        headline="TikTok users flock to Xiaohongshu",
        dateline="WASHINGTON (AP)",
        date="2025-01-15",
        body="American users of TikTok moved to the Chinese app Xiaohongshu, also called "
        "RedNote, before the ban. Few of them could read what the great firewall hides.",
        captured_at="2026-01-06T09:00:00Z",
        warc_offset=200,
    ),
    # "civil defense" as a phrase; same length and term counts as `apart` (ranking test).
    # A subdomain site (site:cnn.com), captured in February 2026.
    story(
        id="civil",
        url="https://edition.cnn.com/2026/01/20/aleppo",
        site="edition.cnn.com",
        headline="Rescuers dig through rubble",
        dateline="ALEPPO, Syria (AP)",
        date="2026-01-20",
        body="Civil defense teams pulled survivors from the rubble in Aleppo on Tuesday.",
        captured_at="2026-02-01T12:00:00Z",
        warc_offset=300,
    ),
    # The words civil and defense far apart; a www. URL; published before 2025.
    story(
        id="apart",
        url="https://www.reuters.com/world/defense-budget",
        site="reuters.com",
        headline="Budget protest in London",
        dateline="LONDON (Reuters)",
        date="2024-06-10",
        body="Civil servants protested outside the defense ministry in central London on Tuesday.",
        warc_offset=400,
    ),
    # `refugee` only in the body (ranks below a headline match); no date (sorts last).
    story(
        id="storm",
        url="https://www.bbc.co.uk/news/storm",
        site="bbc.co.uk",
        headline="Winter storm closes schools",
        body="The storm also damaged tents in a refugee camp near the coast.",
        captured_at="2026-01-07T08:00:00Z",
        warc_offset=500,
    ),
    # Accent folding in the body (cafe finds café) and language (lang:fr).
    story(
        id="cafe",
        url="https://www.lemonde.fr/societe/cafe",
        site="lemonde.fr",
        headline="Le café de la gare ferme",
        dateline="PARIS",
        date="2025-03-01",
        body="Le café de la gare ferme ses portes après cent ans.",
        language="fr",
        warc_offset=600,
    ),
    # `U.S.` as a phrase of two tokens; a local time late on 28 February (date:2025-02-28).
    story(
        id="usa",
        url="https://apnews.com/article/diplomats",
        site="apnews.com",
        headline="Diplomats meet in Geneva",
        dateline="GENEVA (AP)",
        date="2025-02-28T23:30:00-05:00",
        body="The U.S. State Department said the talks would continue next week.",
        warc_offset=700,
    ),
)

IDS = frozenset(s.id for s in STORIES)


def build_index(path: Path, stories: tuple[Story, ...] = STORIES) -> Path:
    """A real index of `stories` at `path`, written by the indexer's own writer."""
    with StoryWriter(path, heap_size=20_000_000, num_threads=1) as writer:
        for s in stories:
            writer.add(s)
    return path
