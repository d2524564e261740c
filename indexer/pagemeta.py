"""Page-level metadata of a news page (headline, dates, byline, language), strongest evidence first.

Evidence is tried strongest first, and each rule names the class of page that motivated it:

1. JSON-LD (schema.org `NewsArticle` and kin, inside `@graph`, arrays or `mainEntity`), parsed
   leniently because publishers ship trailing commas, raw newlines and HTML comments in it;
2. microdata (`itemprop=headline/datePublished/author`);
3. OpenGraph / Twitter / Dublin Core / Parse.ly / Sailthru `<meta>` tags;
4. the DOM: the `<h1>` reconciled with the metadata titles, `<time datetime>`, timestamps and
   "By ..." bylines printed next to the headline;
5. the URL (`/2025/01/18/`), for the date only; last, the page's modification date.

`page_metadata` is a pure function of the parsed tree and the URL: no network, no clock. The
capture date is never a source (a page archived in 2026 is not a story from 2026).

Modules: `structured` collects the page's elements in one walk and reads JSON-LD, microdata and
`<meta>` tags, `pageheadline` picks the headline, `dates` parses dates and `pagedates` tells a
printed publication stamp from an update, `pageauthors` finds the credited authors (`bylines`
cleans the names), `language` the language; this one reads the article header and reconciles
the dates.

The rules were calibrated on the aed-dev and goose3 evaluation sets (../shared/eval/extraction)
by classes of page, never by site: each threshold says what it guards against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.boilerplate import is_furniture
from indexer.dates import from_url, instants, parse_date
from indexer.language import confident_guess, declared_language, guess_language
from indexer.pageauthors import find_authors
from indexer.pagedates import printed_dates
from indexer.pageheadline import find_headline
from indexer.structured import (
    MODIFIED_METAS,
    PUBLISHED_METAS,
    PageNodes,
    clean_text,
    jsonld_text,
    node_text,
    story_object,
)

__all__ = ["PageMetadata", "PageNodes", "page_metadata", "post_meta_date"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMetadata:
    """What a page says about its story; a field is None (or empty) when the page does not say."""

    headline: str | None  # the story's headline as published, without the site name
    headline_source: str | None  # "h1", "h2", "jsonld", "og", "meta", "microdata", "title"
    date: str | None  # publication date, ISO 8601: "2025-01-18" or "2025-01-18T08:55:00+08:00"
    date_source: str | None  # "jsonld", "microdata", "meta", "time", "text", "url"
    updated: str | None  # last modification, ISO 8601, when the page gives one
    byline: str | None  # the credited authors joined with ", "
    authors: tuple[str, ...]  # the individual names
    language: str | None  # ISO 639-1 code, lower case


def page_metadata(tree: LexborHTMLParser, url: str, nodes: PageNodes | None = None) -> PageMetadata:
    """Headline, publication and update dates, authors and language of one parsed page
    (`nodes`: its elements from `PageNodes.scan`, when the caller has them already)."""
    nodes = nodes if nodes is not None else PageNodes.scan(tree)
    objects = nodes.objects
    article = story_object(objects, url)
    metas = nodes.meta_values
    headline, headline_source, heading = find_headline(
        nodes.h1, nodes.h2, nodes.titles, article, objects, metas, url
    )
    header = _header_text(heading)
    date, date_source, updated = find_dates(nodes, article, metas, url, heading, header)
    authors = find_authors(tree, objects, article, metas, _without_heading(header, heading), url)
    return PageMetadata(
        headline=headline,
        headline_source=headline_source,
        date=date,
        date_source=date_source,
        updated=updated,
        byline=", ".join(authors) or None,
        authors=authors,
        language=find_language(tree, article, metas),
    )


# ------------------------------------------------------------------------------------------ dates

#: How much text around the headline is read for a printed timestamp or byline: the article
#: header, which ends well before this on the pages where the metadata is missing.
HEADER_CHARS = 1500
#: How much of what is printed just above the headline is read too (a kicker with the date).
HEADER_BEFORE_CHARS = 150


#: How far up the tree ancestor checks look (news pages nest content 20-30 levels deep).
MAX_DEPTH = 40

#: Elements whose text is never printed on the page.
_UNPRINTED = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "-comment", "button"}
)


def _header_text(heading: LexborNode | None, limit: int = HEADER_CHARS) -> str:
    """What the page prints right after the headline, in document order, up to `limit`
    characters (script and style contents left out), with the heading's own text and what its
    nearest preceding sibling prints (a kicker, a date above the headline) in front: where
    article headers put the date and the byline."""
    if heading is None:
        return ""
    parts: list[str] = []
    if (prev := heading.prev) is not None and prev.tag not in _UNPRINTED:
        parts.append(prev.text(deep=True, separator=" ")[-HEADER_BEFORE_CHARS:])
    parts.append(heading.text(deep=True, separator=" "))
    size = 0
    for text in _printed_texts_after(heading):
        parts.append(text)
        size += len(text)
        if size >= limit:
            break
    # One line per text node: a name or a date does not run on into the next element's text.
    return "\n".join(line for part in parts if (line := clean_text(part)))


def _without_heading(header: str, heading: LexborNode | None) -> str:
    """The header text without the headline's own line: a headline is never a byline (aed-dev
    washingtonindependent.com/florence-pugh-…: "… Hit By An Object In Face …" read as "By An
    Object In Face")."""
    if heading is None or not header:
        return header
    title = clean_text(heading.text(deep=True, separator=" "))
    return "\n".join(line for line in header.split("\n") if line != title)


def _printed_texts_after(node: LexborNode) -> Iterator[str]:
    """The printed text nodes after `node` in document order, up to the end of <body>: the
    following siblings of the node and of each of its ancestors below <body>, each walked by
    lexbor's own traversal (a node-by-node walk in Python cost ~20 % more on the aed-dev pages),
    leaving out what is inside unprinted elements."""
    current: LexborNode | None = node
    while current is not None and current.tag not in {"body", "html"}:
        sibling = current.next
        while sibling is not None:
            skip: set[int] = set()
            for item in sibling.traverse(include_text=True):
                tag = item.tag
                if tag == "-text":
                    text = item.text_content
                    if text and not text.isspace() and (not skip or item.mem_id not in skip):
                        yield text
                elif tag in _UNPRINTED:
                    skip.update(n.mem_id for n in item.traverse(include_text=True))
            sibling = sibling.next
        current = current.parent


def _time_elements(nodes: PageNodes, heading: LexborNode | None) -> list[str]:
    """`datetime` attributes of <time> elements: those in the headline's nearest ancestor (up to
    four levels up) that holds any, then those inside an <article> (the first <time> of a page
    is often a clock in the site's top bar or a date in a "latest stories" rail)."""
    times = [t for t in nodes.times[:30] if not _marks_update(t)]
    near: list[LexborNode] = []
    if heading is not None and times:
        # Ancestors of each <time>, to find the heading's lowest ancestor that holds one
        # without walking subtrees (each css() call on a big ancestor walks all of it).
        holders = [_ancestor_ids(t) for t in times]
        node: LexborNode | None = heading
        for _ in range(4):
            node = node.parent if node is not None else None
            if node is None or node.tag in {"body", "html"}:
                break
            near = [t for t, ids in zip(times, holders, strict=True) if node.mem_id in ids]
            if near:
                break
    in_article = [t for t in times if _inside_article(t)][:3]
    # A <time pubdate> is the page saying which date is the publication (HTML5 drafts, still
    # printed by WordPress themes next to an "updated" <time>): it comes first, wherever it is.
    marked = [t for t in times if "pubdate" in t.attributes][:1]
    values = [t.attributes.get("datetime") or "" for t in marked + near + in_article]
    return [v for v in values if v]


#: Parts of a <time>'s class or itemprop words that say it is the last revision, not the
#: publication (aed-dev thedailybeast.com joe-rogan-…: `class="…mod-time"` the morning after
#: publication; `itemprop="dateModified"`).
_UPDATE_MARKS = ("modif", "mod-time", "modtime", "updat")


def _marks_update(node: LexborNode) -> bool:
    """Whether a <time> says by its class or itemprop that it is an update time. The bare class
    `updated` does not: hAtom asks for it on every entry's date, and WordPress themes print it on
    the publication date (scrapinghub vortexcannon.org/about-bugs/: `class="updated"` alone;
    aed-dev eweek.com: `class="entry-date updated …"`)."""
    attrs = node.attributes
    words = f"{attrs.get('class') or ''} {attrs.get('itemprop') or ''}".casefold().split()
    return not any("publish" in w for w in words) and any(
        mark in w for w in words if w != "updated" for mark in _UPDATE_MARKS
    )


def _ancestor_ids(node: LexborNode) -> set[int]:
    ids: set[int] = set()
    current = node.parent
    for _ in range(MAX_DEPTH):
        if current is None:
            break
        ids.add(current.mem_id)
        current = current.parent
    return ids


#: Where blogs and small sites print a post's date: its own meta line or footer, below the text
#: as often as above it ("Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von …" in
#: `div.post-footer`, "Von Christian am 03.05.2013, 11:51" in `div.asset-footer`, "30.07.2019"
#: in `div.kurz-article-details__meta`: pages of htmldate's tests). The walk (clean.py) drops
#: them as furniture, so `post_meta_date` reads them before it, for the last resort of
#: extract._date.
_POST_META_SELECTOR = ", ".join(
    ["article footer"]
    + [
        f'[class*="{c}"]'
        for c in ("post-footer", "entry-footer", "asset-footer", "post-meta", "entry-meta",
                  "article-meta", "__meta", "postmeta", "post-date", "entry-date")
    ]
)  # fmt: skip
#: Post meta elements read outside the page's furniture, in page order, and elements looked at.
MAX_POST_META, MAX_POST_META_SEEN = 5, 50
#: Class/id tokens of a post's own container: the search for furniture around a meta line stops
#: there (Blogger puts every post in `div.widget.Blog`, a "widget" to `is_furniture`).
#: Generic "post" or "entry" alone would also stop it at the items of a "Recent posts" list.
_POST_CONTAINERS = frozenset({"hentry", "h-entry", "type-post", "blog-post", "post-outer"})


def post_meta_date(tree: LexborHTMLParser) -> str | None:
    """The date printed in the first post meta line or footer that is not in the page's own
    furniture (a "Recent posts" widget lists other posts' dates in `span.post-date`s:
    htmldate's test page of wara-enforcement.org)."""
    if tree.body is None:
        return None
    read = 0
    for node in tree.body.css(_POST_META_SELECTOR)[:MAX_POST_META_SEEN]:
        if _in_furniture(node.parent):
            continue
        published, _ = printed_dates(node.text(deep=True, separator=" "))
        if published:
            return published
        read += 1
        if read == MAX_POST_META:
            break
    return None


def _in_furniture(node: LexborNode | None) -> bool:
    """Whether an element sits in the page's furniture rather than in a post."""
    for _ in range(MAX_DEPTH):
        if node is None or node.tag in ("body", "html", "article"):
            return False
        if node.tag in ("aside", "nav", "footer"):
            return True
        attrs = node.attributes
        marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
        if marks:
            if not _POST_CONTAINERS.isdisjoint(marks.lower().split()):
                return False
            if is_furniture(marks):
                return True
        node = node.parent
    return False


def find_dates(
    nodes: PageNodes,
    article: dict[str, Any] | None,
    metas: dict[str, list[str]],
    url: str,
    heading: LexborNode | None,
    header: str,
) -> tuple[str | None, str | None, str | None]:
    """(published, its source, updated) from the strongest evidence that parses."""
    published: tuple[str, str] | None = None
    updated: str | None = None
    if article is not None:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            if (value := jsonld_text(article.get(key))) and (iso := parse_date(value)):
                published = (iso[0], "jsonld")
                break
        if (value := jsonld_text(article.get("dateModified"))) and (iso := parse_date(value)):
            updated = iso[0]
    if published is None:
        for node in (nodes.published_marks + nodes.microdata_dates)[:3]:
            value = (
                node.attributes.get("content") or node.attributes.get("datetime") or node_text(node)
            )
            if value and (iso := parse_date(value)):
                published = (iso[0], "microdata")
                break
    if published is None:
        published = _first_meta_date(metas, PUBLISHED_METAS, "meta")
    if updated is None and (found := _first_meta_date(metas, MODIFIED_METAS, "meta")):
        updated = found[0]
    times = _time_elements(nodes, heading)
    if published is None:
        for value in times:
            if iso := parse_date(value):
                published = (iso[0], "time")
                break
    if published is not None and published[0].endswith("+00:00"):
        published = (_local_time(published[0], metas, times), published[1])
    if header:
        printed, printed_update = printed_dates(header)
        updated = updated or printed_update
        # The date printed under the headline is the one readers (and archivists) see. It
        # wins over a structured one a day or so away: structured timestamps are often in UTC
        # (a US evening story is "tomorrow" in UTC), and evergreen guides print their last
        # update as the date. A printed date far from every structured one is some other date
        # in the standfirst and loses.
        if printed and (
            published is None
            or (printed[:10] != published[0][:10] and _close(printed, published[0], updated))
        ):
            published = (printed, "text")
    if published is None and (day := from_url(url)):
        published = (day, "url")
    if published is None and updated is not None:
        # A page that dates only its last revision (a guide or wiki page: aed-dev
        # www.ign.com/wikis/…, whose one date is article:modified_time) is dated by it: that is
        # the date it prints and the one its current text has.
        return updated, "modified", None
    if published is None:
        return None, None, updated
    if updated is not None and (
        _earlier(updated, published[0]) or _same_instant(updated, published[0])
    ):
        # A CMS "modified" stamp from before publication, or the same instant written in
        # another zone (aed-dev www.nascar.com/news-media/2023/12/18/…: published 09:17:56-05:00,
        # modified 14:17:56+00:00), is not an update.
        updated = None
    return published[0], published[1], updated


def _local_time(utc: str, metas: dict[str, list[str]], times: list[str]) -> str:
    """The same instant as `utc` as the page also gives it in its own time zone, if it does.

    Pages often put a UTC timestamp in JSON-LD or article:published_time and the local one in a
    second meta or in the <time> under the headline; the local one has the calendar day the
    page prints (a 20:48 New York story is "tomorrow" in UTC). A candidate is the same instant
    when it has the same minutes and seconds and is a whole number of hours away (up to 14).
    """
    try:
        moment = dt.datetime.fromisoformat(utc)
    except ValueError:
        return utc
    candidates = [v for key in PUBLISHED_METAS for v in metas.get(key, ())]
    candidates += times
    for value in candidates:
        found = parse_date(value)
        if found is None or not found[1] or found[0].endswith("+00:00"):
            continue
        try:
            local = dt.datetime.fromisoformat(found[0])
        except ValueError:
            continue
        if local.tzinfo is not None:
            if local == moment and local.utcoffset() != moment.utcoffset():
                return found[0]
            continue
        gap = (local - moment.replace(tzinfo=None)).total_seconds()
        if gap and gap % 3600 == 0 and abs(gap) <= 14 * 3600:
            zone = dt.timezone(dt.timedelta(seconds=gap))
            return local.replace(tzinfo=zone).isoformat()
    return utc


#: How far (days) a printed date may be from the structured publication / update dates to be
#: taken as the same event seen in the reader's time zone.
PRINTED_DATE_SLACK_DAYS = 1


def _close(printed: str, published: str, updated: str | None) -> bool:
    """Whether a printed day lies between the structured publication day and update day, give or
    take PRINTED_DATE_SLACK_DAYS when a time zone can explain the difference.

    A structured stamp in the page's own zone (a clock time with a non-UTC offset) already has
    the day the page prints: a printed day next to it and outside the update range is another
    date, such as the "today" a site header prints above the story (scrapinghub
    nationalreview.com/2019/11/trump-impeachment-…: 06:30-05:00 in JSON-LD, the header's date
    the next day)."""
    try:
        day = dt.date.fromisoformat(printed[:10])
        low = dt.date.fromisoformat(published[:10])
        high = dt.date.fromisoformat(updated[:10]) if updated else low
    except ValueError:
        return False
    slack = dt.timedelta(days=PRINTED_DATE_SLACK_DAYS)
    if _local_stamp(published):
        if "T" not in printed:
            slack = dt.timedelta(0)
        elif not _within_zone_reach(printed, published):
            # A printed clock time a zone's width from the structured one is the same
            # instant: the structured offset is often wrong (scrapinghub slashgear.com
            # …-vizzion-…: 04:31-06:00 in JSON-LD, 22:31 printed the evening before).
            slack = dt.timedelta(0)
    return min(low, high) - slack <= day <= max(low, high) + slack


#: The widest offset from UTC a time zone has (UTC+14).
MAX_ZONE_HOURS = 14


def _within_zone_reach(printed: str, published: str) -> bool:
    """Whether two clock times, read as wall-clock times, are at most MAX_ZONE_HOURS apart."""
    if (pair := instants(printed, published)) is None:
        return False
    a, b = (x.replace(tzinfo=None) for x in pair)
    return abs(a - b) <= dt.timedelta(hours=MAX_ZONE_HOURS)


def _local_stamp(value: str) -> bool:
    """Whether an ISO stamp has a clock time and an offset other than UTC's."""
    if "T" not in value or value.endswith(("Z", "+00:00")):
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _earlier(first: str, second: str) -> bool:
    """Whether ISO stamp `first` is strictly before `second`: as instants when both carry an
    offset, as wall-clock times when neither does, else by calendar day."""
    if (pair := instants(first, second)) is None:
        return False
    a, b = pair
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.date() < b.date()
    return a < b


def _same_instant(first: str, second: str) -> bool:
    """Whether two ISO stamps with a time are the same moment (in any zones)."""
    if (pair := instants(first, second)) is None:
        return False
    a, b = pair
    if "T" not in first or "T" not in second or (a.tzinfo is None) != (b.tzinfo is None):
        return False
    return a == b


def _inside_article(node: LexborNode) -> bool:
    """Whether an <article> element holds the node (a <time> outside one is often a clock or a
    date in a "latest stories" rail)."""
    current = node.parent
    for _ in range(MAX_DEPTH):
        if current is None:
            return False
        if current.tag == "article":
            return True
        current = current.parent
    return False


def _first_meta_date(
    metas: dict[str, list[str]], keys: tuple[str, ...], source: str
) -> tuple[str, str] | None:
    for key in keys:
        for value in metas.get(key, ()):
            if iso := parse_date(value):
                return iso[0], source
    return None


def find_language(
    tree: LexborHTMLParser, article: dict[str, Any] | None, metas: dict[str, list[str]]
) -> str | None:
    """The declared language, unless the text is clearly in another one (a template's `lang`
    left over from another edition: `confident_guess`); else a stop-word or writing-system
    guess over the first paragraphs (old pages before `lang=` was common)."""
    text = " ".join(p.text(deep=True) for p in tree.css("p")[:30])[:5000]
    if code := declared_language(tree, article, metas):
        return confident_guess(text) or code
    return guess_language(text)
