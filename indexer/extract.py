"""Page → [Story]: the extractor's entry points.

    extract_page(page)       one captured page → its stories (pure; bounded time and memory)
    extract_file(path)       one archive → stories and counted skips, never an exception per record
    extract_stories(paths)   archives and folders → stories, identical re-captures dropped

The work is done in stages, each in its own module: metadata.py (structured data), clean.py
(DOM → blocks) or textpage.py (plain text → blocks), split.py (blocks → story drafts), then
here the fields of DESIGN.md §3 are filled from the strongest evidence: structured data for the
page's main story, the story's own printed byline/time/date, the URL, the dateline.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import overload

from selectolax.lexbor import LexborHTMLParser

from indexer.boilerplate import FRONT_PAGE_PATHS, NON_NEWS_PATHS, RELATED_HEADINGS
from indexer.bylines import clean_byline
from indexer.clean import Block, page_blocks
from indexer.dates import from_dateline, from_url, is_later, parse_iso, parse_text, parse_updated
from indexer.errors import IndexerError
from indexer.headlines import choose_headline, norm, strip_site
from indexer.language import guess_language
from indexer.metadata import PageMeta, read_metadata
from indexer.pagemeta import MAX_ZONE_HOURS, PageNodes, page_metadata, post_meta_date
from indexer.records import Page, Skip, Story, site_of, story_id
from indexer.split import (
    BYLINE,
    DATE,
    HEAD,
    MIN_STORY_CHARS,
    Draft,
    body_text,
    draft,
    main_region,
    reads_as_byline,
    role,
    split_region,
)
from indexer.textpage import text_blocks
from indexer.textsize import story_chars

#: Largest HTML parsed per page, in UTF-8 bytes; the rest of a bigger page is ignored (real
#: article pages are under 2 MB; issue 2 §5 feeds a 20 MB page). A cut inside a character
#: costs one replacement character at the very end.
MAX_HTML_BYTES = 3_000_000
#: Wall-clock budget per page, checked between stages; past it the page is skipped and counted
#: ("over-budget"). Typical pages take a few milliseconds.
PAGE_BUDGET_SECONDS = 5.0
#: Blocks before the story region searched for its headline, byline and printed date (they
#: often sit just above the body container: sample_warcs/01 flu page, 08 county fair).
LEAD_IN_BLOCKS = 12


#: A pathologically deep page (issue 2 §5: 100,000 nested elements) costs the HTML parser time
#: that grows with the square of the depth (measured: 20,000 nested `<div>`, `<section>`,
#: `<ul>`, `<blockquote>` or `<article>` take 0.6–0.9 s, 100,000 `<div>`s 32 s), so it is cut
#: before parsing where a long run of nesting starts, and extracted from what comes before.
#: A depth that hurts (≥ 20,000) is a run of ≥ 100 kB, so sampling a short window every
#: DEEP_SAMPLE_STRIDE bytes finds it at a cost of microseconds per page. A window counts
#: when it opens DEEP_WINDOW_TAGS more elements than it closes (void tags aside) and holds no
#: text: real pages go at most a few dozen levels deep, so they never do that in DEEP_SAMPLES
#: consecutive samples, while a run of nesting does it in every one (with or without
#: attributes: `<div>`, `<div class="x">`; tags up to ~50 characters long).
DEEP_SAMPLE_STRIDE, DEEP_WINDOW, DEEP_WINDOW_TAGS, DEEP_SAMPLES = 16_384, 512, 10, 3
_OPENING_TAG = re.compile(
    rb"<(?!(?:br|img|input|meta|link|hr|wbr|source|area|col|embed|param|track|base)\b)[a-zA-Z]",
    re.I,
)
_ANY_TAG = re.compile(rb"<[^<>]*>")
#: Bytes of text a window of bare nesting may hold (whitespace between tags aside).
DEEP_WINDOW_TEXT = 8


def _only_nesting(window: bytes) -> bool:
    """DEEP_WINDOW_TAGS more elements opened than closed, and no text between the tags."""
    if window.count(b"<") < DEEP_WINDOW_TAGS:
        return False
    if len(_OPENING_TAG.findall(window)) - window.count(b"</") < DEEP_WINDOW_TAGS:
        return False
    inner = window[window.find(b">") + 1 : window.rfind(b"<")]
    return len(_ANY_TAG.sub(b"", inner).strip()) <= DEEP_WINDOW_TEXT


def _cut_deep_nesting(html: bytes) -> bytes:
    hits = 0
    for i in range(0, len(html), DEEP_SAMPLE_STRIDE):
        window = html[i : i + DEEP_WINDOW]
        if _only_nesting(window):
            hits += 1
            if hits == DEEP_SAMPLES:
                return html[: max(0, i - DEEP_SAMPLES * DEEP_SAMPLE_STRIDE)]
        else:
            hits = 0
    return html


class ExtractBudgetExceeded(IndexerError):
    """A page took longer than PAGE_BUDGET_SECONDS to extract; it is skipped and counted."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Evidence:
    """What the page says about its main story, outside the story's own blocks."""

    meta: PageMeta
    lead_in: list[Block]
    headline: str | None
    printed: list[str]  # printed date lines above the story region, nearest first
    post_meta: str | None = None  # pagemeta.post_meta_date, for a page with no dated metadata


def extract_page(page: Page) -> list[Story]:
    """The stories of one captured page, in page order (none for teasers and non-news pages)."""
    deadline = time.monotonic() + PAGE_BUDGET_SECONDS
    if page.html is not None:
        drafts, evidence = _html_drafts(page, deadline)
    elif page.text is not None:
        drafts, evidence = _text_drafts(page)
    else:
        return []
    _check(deadline, page)
    bodies = [(d, text) for d in drafts if _is_prose(text := body_text(d))]
    stories = []
    for index, (d, text) in enumerate(bodies):
        stories.append(_story(page, d, text, index, len(bodies), evidence))
    return stories


#: A story body is prose: at least this share of its visible characters are letters, and at
#: most this share are control characters or U+FFFD (issue 2 §5: binary junk labelled
#: text/html decodes to text full of both; a page of "<<<<" is all punctuation).
MIN_LETTER_SHARE, MAX_JUNK_SHARE = 0.5, 0.02


def _is_prose(body: str) -> bool:
    if story_chars(body) < MIN_STORY_CHARS:
        return False
    sample = body[:5000].replace(" ", "").replace("\n", "")
    if not sample:
        return False
    # Counted in C through byte translations (a loop over 5,000 characters in Python cost
    # 0.4 ms a page, a tenth of the extraction); the same counts as str.isalpha and the
    # control-character test, character by character.
    ascii_part = sample.encode("ascii", "ignore")
    latin_part = sample.encode("latin-1", "ignore")
    junk = (
        len(ascii_part.translate(None, _ASCII_NOT_CONTROL))
        + len(latin_part.translate(None, _NOT_C1_CONTROL))
        + sample.count("\ufffd")
    )
    if junk > MAX_JUNK_SHARE * len(sample):
        return False
    letters = len(ascii_part.translate(None, _ASCII_NOT_LETTER))
    if letters < MIN_LETTER_SHARE * len(sample) and len(ascii_part) < len(sample):
        # Mostly other scripts (Cyrillic, Greek, CJK): their letters counted one by one.
        letters += sum(1 for c in sample.translate(_DROP_ASCII) if c.isalpha())
    return letters >= MIN_LETTER_SHARE * len(sample)


_ASCII_NOT_LETTER = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_NOT_CONTROL = bytes(c for c in range(128) if not (c < 32 or c == 127))
_NOT_C1_CONTROL = bytes(c for c in range(256) if not 128 <= c < 160)
_DROP_ASCII = dict.fromkeys(range(128))


def extract_file(path: str, *, start: int = 0, stop: int | None = None) -> Iterator[Story | Skip]:
    """Stories of every page in one archive (or in its byte range [start, stop), see
    `warc.read_archive`); skipped records counted, never raised."""
    from indexer.warc import read_archive  # the only warcio user; imported when needed

    for item in read_archive(path, start=start, stop=stop):
        if isinstance(item, Skip):
            yield item
            continue
        try:
            stories = extract_page(item)
        except ExtractBudgetExceeded as e:
            yield _skip(item, "over-budget", str(e))
            continue
        except Exception as e:  # the per-record boundary: one bad page never stops a run
            yield _skip(item, "extract-error", f"{type(e).__name__}: {e}")
            continue
        if not stories:
            yield _skip(item, "no-story", "no story text on the page")
        yield from stories


def extract_stories(
    paths: Iterable[str], *, on_skip: Callable[[Skip], None] | None = None
) -> Iterator[Story]:
    """Stories from archives and folders of them; an identical re-capture adds nothing.

    Story ids are content-based (records.story_id), so a second capture of an unchanged page
    gives the same ids; those stories are dropped and reported as Skip("duplicate").
    """
    from indexer.archives import find_archives

    if isinstance(paths, str):
        paths = [paths]
    seen: set[str] = set()
    for path in find_archives(paths):
        for item in extract_file(path):
            if isinstance(item, Skip):
                if on_skip is not None:
                    on_skip(item)
            elif item.id in seen:
                if on_skip is not None:
                    on_skip(
                        Skip(
                            reason="duplicate",
                            warc_file=item.warc_file,
                            warc_offset=item.warc_offset,
                            detail=f"story {item.id} already extracted in this run",
                            url=item.url,
                        )
                    )
            else:
                seen.add(item.id)
                yield item


# --- the two paths to drafts ---------------------------------------------------------------


def _html_drafts(page: Page, deadline: float) -> tuple[list[Draft], _Evidence]:
    # The UTF-8 bytes the reader kept: parsing a `str` would encode it again (decode.decode_html).
    data = page.html_utf8
    if data is None:
        data = (page.html or "")[:MAX_HTML_BYTES].encode()
    tree = LexborHTMLParser(_cut_deep_nesting(data[:MAX_HTML_BYTES]))
    nodes = PageNodes.scan(tree)  # one walk of the tree for both metadata readers
    meta = read_metadata(tree, nodes)
    path = _path_of(page.url)
    if (NON_NEWS_PATHS.search(path) or FRONT_PAGE_PATHS.match(path)) and not meta.is_article:
        return [], _Evidence(meta=meta, lead_in=[], headline=None, printed=[])
    # The page-level fields of the main story come from indexer.pagemeta (structured data and
    # the article header, calibrated on real pages); this module's own rules fill what it
    # leaves empty. Read before page_blocks, which strips the tree.
    found = page_metadata(tree, page.url, nodes)
    same_names = bool(meta.byline and found.byline) and norm(meta.byline or "") == norm(
        found.byline or ""
    )
    meta = replace(
        meta,
        published=_utc_z(found.date) or meta.published,
        published_source=found.date_source if found.date else meta.published_source,
        modified=_utc_z(found.updated) if found.date else meta.modified,
        # the structured spelling of the same names ("Amara Okpara", not "AMARA OKPARA")
        byline=meta.byline if same_names else found.byline or meta.byline,
        language=found.language or meta.language,
    )
    # Read before page_blocks too (it drops post footers), and only for a page that gives no
    # date in its metadata: the last resort of _date.
    post_meta = None if meta.published or meta.modified else post_meta_date(tree)
    blocks = page_blocks(tree)
    _check(deadline, page)
    own = choose_headline(meta, blocks, site_of(page.url))
    # A `<title>` fallback loses to a headline printed large on the page (sample_warcs/01
    # Granite Valley div soup: the title is the site's name).
    headline = own if found.headline_source == "title" and own else found.headline or own
    return _drafts(blocks, meta, headline, post_meta)


def _text_drafts(page: Page) -> tuple[list[Draft], _Evidence]:
    title, blocks = text_blocks(page.text or "", site_of(page.url))
    meta = PageMeta(title=title)
    headline = next((b.text for b in blocks if b.heading == 1), None)
    headline = headline or strip_site(title, None, site_of(page.url))
    return _drafts(blocks, meta, headline)


def _utc_z(value: str | None) -> str | None:
    """UTC written as `Z`, the way captured_at and most structured data write it."""
    if value and value.endswith("+00:00"):
        return value[: -len("+00:00")] + "Z"
    return value


def _drafts(
    blocks: list[Block], meta: PageMeta, headline: str | None, post_meta: str | None = None
) -> tuple[list[Draft], _Evidence]:
    roles = [role(b) for b in blocks]
    start, end = main_region(blocks, roles)
    region, region_roles = blocks[start:end], roles[start:end]
    groups = split_region(region, region_roles)
    drafts = [draft(region, region_roles, g, headline) for g in groups]
    lead_in = blocks[max(0, start - LEAD_IN_BLOCKS) : start]
    # Printed dates anywhere above the story region, nearest to it first: a last resort
    # for pages whose date sits far above the text ("Dec 18, 2023 3 min read" in a hero
    # block) or inside the byline ("By Nick Levine | March 9, 2023").
    printed = [
        b.dated or b.text
        for b, r in zip(blocks[:start], roles[:start], strict=True)
        if (b.dated or r in (DATE, BYLINE)) and not b.caption and len(b.text) <= 160
    ]
    printed.reverse()
    if len(drafts) == 1:
        # A lone story's photos often sit above its text container (sample_warcs/01 ferry
        # page: lead image between the byline and `div.story-body`).
        seen = {c.casefold() for c in drafts[0].captions}
        extra = []
        for b in lead_in:
            if b.caption and b.text.casefold() not in seen:
                seen.add(b.text.casefold())
                extra.append(b.text.replace("\n", " "))
        drafts[0].captions[:0] = extra
    return drafts, _Evidence(
        meta=meta, lead_in=lead_in, headline=headline, printed=printed, post_meta=post_meta
    )


# --- filling the fields ---------------------------------------------------------------------


def _story(page: Page, d: Draft, body: str, index: int, count: int, ev: _Evidence) -> Story:
    """The story of draft `d` (whose body text is `body`)."""
    meta = ev.meta
    single = count == 1
    headline = ev.headline if single else d.headline
    if single and d.preamble and _keep_opening_subhead(d, headline):
        body = body_text(d)
    date, source, updated = _date(page, d, index, ev)
    # A lone story takes the page's byline first; on a page of several stories each story's
    # own printed byline comes first (sample_warcs/04 evening edition: four authors).
    printed = [clean_byline(p) for p in d.bylines if p]
    page_byline = meta.byline if not _is_publisher(meta.byline, meta, page.url) else None
    if index == 0 and single:
        candidates = [page_byline, *printed, clean_byline(_lead_byline(ev.lead_in))]
    elif index == 0:
        candidates = [*printed, page_byline]
    else:
        candidates = printed
    byline = next((c for c in candidates if c), None)
    if byline and page_byline and norm(byline) == norm(page_byline):
        byline = page_byline  # the structured spelling of the same names
    language = meta.language or guess_language(body)
    if _INVISIBLE.search(body):
        # a paragraph that held nothing else goes with them
        paragraphs = (_visible(p).strip() for p in body.split("\n\n"))
        body = "\n\n".join(p for p in paragraphs if p)
    headline = _visible(headline)
    return Story(
        id=story_id(page.url, index, headline, body),
        url=page.url,
        site=site_of(page.url),
        headline=headline,
        dateline=_visible(d.dateline.text) if d.dateline else None,
        date=date,
        date_source=source,
        updated=updated,
        byline=_visible(byline),
        body=body,
        captions=tuple(_visible(c) for c in d.captions),
        language=language,
        story_index=index,
        captured_at=page.captured_at,
        warc_file=page.warc_file,
        warc_offset=page.warc_offset,
        warc_record_id=page.warc_record_id,
    )


#: Invisible characters that split a word for search without being seen: soft hyphens
#: (hyphenation hints: "die\xadsem Jahr" on wehranlage-horka.de/veranstaltung/887/, one of
#: trafilatura's test pages, would index "die" and "sem"), zero-width spaces, word joiners and
#: a stray BOM. Zero-width (non-)joiners stay: Persian and Indic text needs them.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


@overload
def _visible(text: str) -> str: ...
@overload
def _visible(text: None) -> None: ...
def _visible(text: str | None) -> str | None:
    if text and _INVISIBLE.search(text):
        return _INVISIBLE.sub("", text)
    return text


def _is_publisher(byline: str | None, meta: PageMeta, url: str) -> bool:
    """An author tag naming the site itself ("BET", "Top Gear") credits no one: the printed
    byline, if any, is better evidence."""
    if not byline:
        return False
    n = norm(byline).replace(" ", "")
    site = norm(meta.site_name or "").replace(" ", "")
    host = site_of(url).split(".")
    return n == site or n in host or (len(n) > 3 and n in "".join(host))


def _keep_opening_subhead(d: Draft, headline: str | None) -> bool:
    """A heading right above the first paragraph that is not the story's headline is the body's
    first subhead (sample_warcs/04 live blog: the newest entry's title), not furniture.
    Whether it moved one into the body."""
    last = d.preamble[-1]
    if not last.heading or last.heading == 1 or RELATED_HEADINGS.match(last.text):
        return False
    if role(last) != HEAD or reads_as_byline(last):
        # A heading element whose words are furniture or a credit is no subhead (scrapinghub
        # www.quantamagazine.org/tuft-cells-…: "By Carrie Arnold" in an <h6>; aed-dev
        # giantbomb.com/articles/the-community-spotlight-…: "by Marino - Brad Lynch on April
        # 22, 2023" in an <h3> marked as the byline, both of which opened the body).
        return False
    if headline and norm(last.text) == norm(headline):
        return False
    d.body.insert(0, last)
    return True


def _date(
    page: Page, d: Draft, index: int, ev: _Evidence
) -> tuple[str | None, str | None, str | None]:
    """(date, date_source, updated) for one story; never the capture date."""
    meta = ev.meta
    own = _printed_date(d.times, d.date_texts + d.bylines)
    lead = _printed_date([t for b in ev.lead_in for t in b.times], ev.printed)
    chain: list[tuple[str | None, str | None, str | None]] = []
    structured = (meta.published, meta.published_source, meta.modified)
    if index == 0:
        chain += [structured, own, lead]
    else:
        chain += [own, structured, lead]
    url_date = from_url(page.url)
    chain.append((url_date, "url", None))
    if d.dateline and d.dateline.month_day:
        reference = next((c[0] for c in chain if c[0]), None)
        chain.append((from_dateline(d.dateline.month_day, reference), "dateline", None))
    if index == 0:
        chain.append((ev.post_meta, "text", None))
    for date, source, updated in chain:
        if date:
            if updated and (updated == date or not is_later(updated, date)):
                updated = None
            if not updated:
                # The update time printed next to the same published time (sample_warcs/01
                # WordPress: published and updated <time>s).
                updated = next(
                    (u for p, _, u in (own, lead) if u and p and p[:16] == date[:16]), None
                )
            if source in ("jsonld", "meta") and date.endswith(("Z", "+00:00")):
                date, source = _local_day(date, source, [own, lead, (url_date, "url", None)])
            return date, source, updated
    return None, None, None


def _local_day(
    date: str, source: str, printed: list[tuple[str | None, str | None, str | None]]
) -> tuple[str, str]:
    """A UTC timestamp's day can differ from the day the page prints (23:30 in New York is
    04:30 UTC the next day; real pages' ground truth is the printed day). When the page prints
    that instant's local day, in a <time>, in text or in its URL, that day is the date."""
    for other, other_source, _ in printed:
        if other and other_source and other[:10] != date[:10] and _local_reading(date, other):
            return other, other_source
    return date, source


def _local_reading(utc: str, other: str) -> bool:
    """Whether `other` can be the UTC instant `utc` as a reader somewhere saw it: a day or a
    wall-clock time within MAX_ZONE_HOURS of it, or the same instant in another zone. Another
    zoned instant is another event: the last-updated <time> (aed-dev thedailybeast.com
    joe-rogan-…: a "mod-time" 16 h after the UTC meta date; cbc.ca bruce-dern-…: "Last Updated"
    a day after the JSON-LD date) is not the publication's local day."""
    try:
        moment = dt.datetime.fromisoformat(utc)
        seen = dt.datetime.fromisoformat(other)
    except ValueError:
        return False
    reach = dt.timedelta(hours=MAX_ZONE_HOURS)
    if "T" not in other:
        days = {(moment - reach).date(), (moment + reach).date()}
        return seen.date() in days
    if seen.tzinfo is not None:
        return seen == moment and seen.utcoffset() != moment.utcoffset()
    return abs(seen - moment.replace(tzinfo=None)) <= reach


def _printed_date(times: list[str], texts: list[str]) -> tuple[str | None, str | None, str | None]:
    """A story's own `<time>` elements, else its printed date lines."""
    parsed = [t for t in (parse_iso(x) for x in times) if t]
    if parsed:
        later = [t for t in parsed[1:] if is_later(t, parsed[0])]
        return parsed[0], "time", later[0] if later else None
    for text in texts:
        date = parse_text(text)
        if date:
            return date, "text", parse_updated(text, date)
    return None, None, None


#: How a printed byline line opens ("By …", "Por: …", French "Par …"): the whole word, so that
#: "Particulate Matter …" (newspaper4k's test page of en.yna.co.kr, an air-quality glossary
#: above the story) or "Portugal …" is not a byline.
_BYLINE_OPENING = re.compile(r"(?:by|par|por)\b:?\s", re.I)


def _lead_byline(lead_in: list[Block]) -> str | None:
    for b in reversed(lead_in):
        if b.byline:
            return b.byline
        if _BYLINE_OPENING.match(b.text) and len(b.text) < 120:
            return b.text
    return None


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return rest[rest.find("/") :] if "/" in rest else "/"


def _check(deadline: float, page: Page) -> None:
    if time.monotonic() > deadline:
        raise ExtractBudgetExceeded(
            f"extracting {page.url} took over {PAGE_BUDGET_SECONDS:.0f} s; the page is skipped"
        )


def _skip(page: Page, reason: str, detail: str) -> Skip:
    return Skip(
        reason=reason,
        warc_file=page.warc_file,
        warc_offset=page.warc_offset,
        detail=detail,
        url=page.url,
    )
