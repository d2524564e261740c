"""Page-level metadata of a news page (headline, dates, byline, language), strongest evidence first.

Evidence is tried strongest first, and each rule names the class of page that motivated it:

1. JSON-LD (schema.org `NewsArticle` and kin, inside `@graph`, arrays or `mainEntity`), parsed
   leniently because publishers ship trailing commas, raw newlines and HTML comments in it;
2. microdata (`itemprop=headline/datePublished/author`);
3. OpenGraph / Twitter / Dublin Core / Parse.ly / Sailthru `<meta>` tags;
4. the DOM: the `<h1>` reconciled with the metadata titles, `<time datetime>`, timestamps and
   "By ..." bylines printed next to the headline;
5. the URL (`/2025/01/18/`), for the date only.

`page_metadata` is a pure function of the parsed tree and the URL: no network, no clock. The
capture date is never a source (a page archived in 2026 is not a story from 2026).

Modules: `structured` reads JSON-LD and `<meta>` tags, `pageheadline` picks the headline,
`pagedates` parses printed dates, `pageauthors` the bylines; this one collects the page's
elements in one walk, reconciles the dates and guesses the language.

The rules were calibrated on the aed-dev and goose3 evaluation sets (../shared/eval/extraction)
by classes of page, never by site: each threshold says what it guards against.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.pageauthors import find_authors, split_authors
from indexer.pagedates import date_from_url, parse_date, printed_dates
from indexer.pageheadline import find_headline, strip_site_name
from indexer.structured import (
    JSONLD_SELECTOR,
    clean_text,
    jsonld_objects,
    jsonld_text,
    meta_tags,
    node_text,
    parse_jsonld,
    story_object,
)

__all__ = [
    "PageMetadata",
    "PageNodes",
    "date_from_url",
    "jsonld_objects",
    "page_metadata",
    "parse_date",
    "split_authors",
    "strip_site_name",
]


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


#: Every element the rules read, collected in one walk of the document: each `css()` call walks
#: the whole tree (~0.1 ms on a large news page), which would dominate the time spent here.
_SCAN_SELECTOR = ", ".join(
    (JSONLD_SELECTOR, "meta", "title", "h1", "h2", "time[datetime]", '[itemprop="datePublished"]')
)


@dataclass(frozen=True, slots=True)
class PageNodes:
    """The elements of one page that the rules read, by kind, in document order."""

    scripts: list[LexborNode]
    metas: list[LexborNode]
    titles: list[LexborNode]
    h1: list[LexborNode]
    h2: list[LexborNode]
    times: list[LexborNode]
    microdata_dates: list[LexborNode]

    @classmethod
    def scan(cls, tree: LexborHTMLParser) -> PageNodes:
        nodes = cls([], [], [], [], [], [], [])
        by_tag = {"script": nodes.scripts, "meta": nodes.metas, "title": nodes.titles}
        by_tag |= {"h1": nodes.h1, "h2": nodes.h2, "time": nodes.times}
        for node in tree.css(_SCAN_SELECTOR):
            if (bucket := by_tag.get(node.tag or "")) is not None:
                bucket.append(node)
            else:
                nodes.microdata_dates.append(node)  # the only other kind the selector matches
        return nodes


def page_metadata(tree: LexborHTMLParser, url: str, nodes: PageNodes | None = None) -> PageMetadata:
    """Headline, publication and update dates, authors and language of one parsed page
    (`nodes`: its elements from `PageNodes.scan`, when the caller has them already)."""
    nodes = nodes if nodes is not None else PageNodes.scan(tree)
    objects = parse_jsonld(nodes.scripts)
    article = story_object(objects, url)
    metas = meta_tags(nodes.metas)
    headline, headline_source, heading = find_headline(
        nodes.h1, nodes.h2, nodes.titles, article, objects, metas, url
    )
    header = _header_text(heading)
    date, date_source, updated = find_dates(nodes, article, metas, url, heading, header)
    authors = find_authors(tree, objects, article, metas, header)
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

#: `<meta>` keys that carry the publication date, strongest first: OpenGraph article, then the
#: Dublin Core / Parse.ly / Sailthru / newspaper-CMS conventions.
PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "og:published_time", "article:published", "parsely-pub-date", "sailthru.date", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "date", "article.published",
    "cxenseparse:recs:publishtime", "citation_publication_date", "originalpublicationdate",
    "published_at",
)  # fmt: skip
MODIFIED_METAS = (
    "article:modified_time", "datemodified", "og:updated_time", "article:modified",
    "dc.date.modified", "dcterms.modified", "last-modified",
)  # fmt: skip
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


def _next_node(node: LexborNode, *, into: bool) -> LexborNode | None:
    """The next node in document order (into the node's children only when `into`), stopping at
    the end of <body>."""
    if into and node.child is not None:
        return node.child
    current: LexborNode | None = node
    while current is not None:
        if current.next is not None:
            return current.next
        current = current.parent
        if current is not None and current.tag in {"body", "html"}:
            return None
    return None


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
    node = _next_node(heading, into=False)
    while node is not None and size < limit:
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if text and not text.isspace():
                parts.append(text)
                size += len(text)
        node = _next_node(node, into=tag not in _UNPRINTED and tag != "-text")
    # One line per text node: a name or a date does not run on into the next element's text.
    return "\n".join(line for part in parts if (line := clean_text(part)))


def _time_elements(nodes: PageNodes, heading: LexborNode | None) -> list[str]:
    """`datetime` attributes of <time> elements: those in the headline's nearest ancestor (up to
    four levels up) that holds any, then those inside an <article> (the first <time> of a page
    is often a clock in the site's top bar or a date in a "latest stories" rail)."""
    times = nodes.times[:30]
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
    values = [t.attributes.get("datetime") or "" for t in near + in_article]
    return [v for v in values if v]


def _ancestor_ids(node: LexborNode) -> set[int]:
    ids: set[int] = set()
    current = node.parent
    for _ in range(MAX_DEPTH):
        if current is None:
            break
        ids.add(current.mem_id)
        current = current.parent
    return ids


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
        microdata = [n for n in nodes.metas + nodes.times if _itemprop(n) == "datePublished"]
        for node in (microdata + nodes.microdata_dates)[:3]:
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
    if published is None and (day := date_from_url(url)):
        published = (day, "url")
    if published is None:
        return None, None, updated
    if updated is not None and _earlier(updated, published[0]):
        updated = None  # a CMS "modified" stamp from before publication is not an update
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
    take PRINTED_DATE_SLACK_DAYS."""
    try:
        day = dt.date.fromisoformat(printed[:10])
        low = dt.date.fromisoformat(published[:10])
        high = dt.date.fromisoformat(updated[:10]) if updated else low
    except ValueError:
        return False
    slack = dt.timedelta(days=PRINTED_DATE_SLACK_DAYS)
    return min(low, high) - slack <= day <= max(low, high) + slack


def _earlier(first: str, second: str) -> bool:
    """Whether ISO stamp `first` is strictly before `second`: as instants when both carry an
    offset, as wall-clock times when neither does, else by calendar day."""
    try:
        a, b = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(second)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.date() < b.date()
    return a < b


def _itemprop(node: LexborNode) -> str | None:
    return node.attributes.get("itemprop")


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


# --------------------------------------------------------------------------------------- language

#: Frequent function words that are rare in the other languages listed: enough to tell a page's
#: language from a few hundred words when it declares none (old pages before `lang=` was common).
STOP_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is was that for with are this have from",
        "de": "der die und den ist nicht das mit sich des auf für eine",
        "fr": "le la les et des est une pour dans que qui sur pas du",
        "es": "el la los las y que del por una para con es se",
        "it": "il di che la per non una sono della del gli con nel",
        "pt": "o os que não uma para com por das dos mais ao é",
        "nl": "de het een van en niet dat zijn voor met op ook",
    }.items()
}
_WORD = re.compile(r"\w+")
#: Fewer stop-word hits than this and the guess is left out.
MIN_STOP_WORDS = 5


def _language_code(value: str | None) -> str | None:
    """`en-US`, `fr_FR`, `EN` → `en`; anything else → None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-", 1)[0].split(",", 1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def find_language(
    tree: LexborHTMLParser, article: dict[str, Any] | None, metas: dict[str, list[str]]
) -> str | None:
    """The declared language (`<html lang>`, JSON-LD inLanguage, content-language, og:locale),
    else a stop-word guess over the paragraphs."""
    html = tree.root  # the <html> element (css_first would walk the whole tree for it)
    if html is not None and html.tag != "html":
        html = None
    declared = [html.attributes.get("lang") if html is not None else None]
    declared.append(html.attributes.get("xml:lang") if html is not None else None)
    declared.append(jsonld_text(article.get("inLanguage")) if article is not None else None)
    for key in ("content-language", "og:locale", "language", "dc.language"):
        declared.extend(metas.get(key, ()))
    for value in declared:
        if code := _language_code(value):
            return code
    text = " ".join(p.text(deep=True) for p in tree.css("p")[:30])[:5000]
    words = [w.casefold() for w in _WORD.findall(text)]
    counts = {lang: sum(w in stops for w in words) for lang, stops in STOP_WORDS.items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits >= MIN_STOP_WORDS else None
