"""Structured data a page carries about itself: JSON-LD (schema.org) objects, microdata and
`<meta>` tags (OpenGraph, Twitter, Dublin Core, Parse.ly, Sailthru, newspaper CMSs).

The one home for reading it: `PageNodes.scan` walks the parsed tree once, collects every element
the metadata rules read, parses the JSON-LD blocks and the `<meta>` tags once, and both readers
use what it found: `indexer.pagemeta` (the page's headline, dates, authors, language) and
`indexer.metadata` (the story-level evidence the extractor reconciles with the DOM). The key
tables below are the only list of which `<meta>` names carry which field.

Read leniently (publishers ship broken JSON-LD) and never raised from: a block that cannot be
repaired is skipped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "ARTICLE_TYPES",
    "AUTHOR_METAS",
    "JSONLD_SELECTOR",
    "LANGUAGE_METAS",
    "MODIFIED_METAS",
    "PAGE_TYPES",
    "PUBLISHED_METAS",
    "SITE_METAS",
    "TITLE_METAS",
    "PageNodes",
    "clean_text",
    "first_meta",
    "jsonld_objects",
    "jsonld_text",
    "jsonld_types",
    "meta_tags",
    "node_text",
    "parse_jsonld",
    "site_names",
    "squash",
    "story_object",
]

# ------------------------------------------------------------------------------- <meta> key tables

#: `<meta>` keys (property / name / itemprop / http-equiv, lower-cased) that carry the publication
#: date, strongest first: OpenGraph article, then the Dublin Core / Parse.ly / Sailthru /
#: newspaper-CMS conventions.
PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "og:published_time", "article:published", "parsely-pub-date", "sailthru.date", "pubdate",
    "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "date", "article.published",
    "cxenseparse:recs:publishtime", "citation_publication_date", "originalpublicationdate",
    "published_at", "displaydate",
)  # fmt: skip
#: Keys that carry the last modification.
MODIFIED_METAS = (
    "article:modified_time", "datemodified", "og:updated_time", "article:modified",
    "dc.date.modified", "dcterms.modified", "last-modified", "article.updated", "lastmod",
)  # fmt: skip
#: Keys naming the author, strongest first. `article:author` is often a profile URL, which the
#: byline rules reject.
AUTHOR_METAS = (
    "author", "article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
    "dcterms.creator", "cxenseparse:author", "citation_author", "twitter:creator:name",
)  # fmt: skip
#: Keys holding the page's title as the publisher wants it shared.
TITLE_METAS = ("og:title", "twitter:title", "headline", "parsely-title", "sailthru.title")
#: Keys naming the site.
SITE_METAS = ("og:site_name", "application-name", "publisher", "twitter:site")
#: Keys declaring the page's language.
LANGUAGE_METAS = ("content-language", "og:locale", "language", "dc.language", "inlanguage")


# ---------------------------------------------------------------------------------------- JSON-LD

#: schema.org types whose object describes the story itself.
ARTICLE_TYPES = frozenset(
    {
        "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
        "askpublicnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
        "scholarlyarticle", "techarticle", "report", "review", "medicalwebpage",
    }
)  # fmt: skip
#: Types that may carry a page's dates and name when no article object exists (CMSs that only
#: emit a `WebPage`, video pages).
PAGE_TYPES = frozenset({"webpage", "itempage", "videoobject", "creativework"})

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f]")
_WRAPPERS = re.compile(r"<!--|-->|/\*\s*<!\[CDATA\[\s*\*/|/\*\s*\]\]>\s*\*/|<!\[CDATA\[|\]\]>")
#: Bigger JSON-LD blocks are whole product catalogues or app state, not a story's metadata.
MAX_JSONLD_CHARS = 1_000_000


def _loads_lenient(text: str) -> Any:
    """JSON-LD as publishers write it. Strict parse first (the common case, and fast); then the
    repairs seen on real news pages: HTML comment or CDATA wrappers around the script body, raw
    newlines and tabs inside strings, trailing commas before `}` or `]`."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    repaired = _WRAPPERS.sub("", text).strip().rstrip(";")
    repaired = _CONTROL_CHARS.sub(" ", repaired)
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    try:
        return orjson.loads(repaired)
    except orjson.JSONDecodeError:
        return None


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every typed object in a JSON-LD value: top-level arrays, `@graph`, and the objects some
    CMSs nest the article in (a WebPage whose `mainEntity` is the NewsArticle)."""
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value[:100]:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
            inner = value.get(key)
            if isinstance(inner, dict | list):
                yield from _walk(inner, depth + 1)


#: The JSON-LD blocks of a page (the `i` flag: some CMSs write `application/LD+JSON`).
JSONLD_SELECTOR = 'script[type="application/ld+json" i]'


def jsonld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """All typed JSON-LD objects of the page in document order; a block that cannot be repaired
    is skipped, never raised."""
    return parse_jsonld(tree.css(JSONLD_SELECTOR))


def parse_jsonld(scripts: Iterable[LexborNode]) -> list[dict[str, Any]]:
    """The typed JSON-LD objects in these `<script type="application/ld+json">` elements."""
    objects: list[dict[str, Any]] = []
    for script in scripts:
        text = script.text(deep=True)
        if text.strip() and len(text) <= MAX_JSONLD_CHARS:
            objects.extend(_walk(_loads_lenient(text)))
    return objects


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """An object's `@type`s, lower case, without a schema.org URL prefix."""
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def story_object(objects: list[dict[str, Any]], url: str = "") -> dict[str, Any] | None:
    """The object describing the story: an article-typed object with a headline or a date
    (related-story widgets embed article stubs without either), the one whose `url` /
    `mainEntityOfPage` is the page's own when several qualify; else the first WebPage."""
    articles: list[dict[str, Any]] = []
    fallback: dict[str, Any] | None = None
    for obj in objects:
        kinds = jsonld_types(obj)
        if kinds & ARTICLE_TYPES and (obj.get("headline") or obj.get("datePublished")):
            articles.append(obj)
        elif fallback is None and kinds & PAGE_TYPES:
            fallback = obj
    if len(articles) > 1 and (own := _url_key(url)):
        for obj in articles:
            page = obj.get("mainEntityOfPage")
            links = (
                obj.get("url"),
                obj.get("@id"),
                page.get("@id") if isinstance(page, dict) else page,
            )
            if any(isinstance(link, str) and _url_key(link) == own for link in links):
                return obj
    return articles[0] if articles else fallback


def _url_key(url: str) -> str:
    """A URL's host and path, for comparing links that differ in scheme, query or slash."""
    rest = url.split("//", 1)[-1].split("#", 1)[0].split("?", 1)[0]
    return rest.removeprefix("www.").rstrip("/").lower()


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD scalar as clean text: strings, `{"@value": ...}`, the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, str | int) and not isinstance(value, bool):
        # Script contents are raw text to the HTML parser: "&amp;" and "&#8217;" are still there.
        return clean_text(html.unescape(str(value))) or None
    return None


# ------------------------------------------------------------------------------------ meta tags


def meta_tags(nodes: Iterable[LexborNode]) -> dict[str, list[str]]:
    """The contents of these `<meta>` elements keyed by lower-cased property / name / itemprop /
    http-equiv, in page order (a key can repeat: one `article:author` per author)."""
    return _meta_values(node.attributes for node in nodes)


def _meta_values(attributes: Iterable[dict[str, str | None]]) -> dict[str, list[str]]:
    """`meta_tags` from the `<meta>` elements' attributes."""
    metas: dict[str, list[str]] = {}
    for attrs in attributes:
        content = attrs.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if key := attrs.get(attr):
                metas.setdefault(key.strip().lower(), []).append(content.strip())
    return metas


def clean_text(text: str) -> str:
    """Runs of white space as one space, none at the ends. (`str.split()` splits on the same
    characters as the regex `\\s`, Unicode spaces included, at a third of the cost: this runs on
    every text node of the article header.)"""
    return " ".join(text.split())


def node_text(node: LexborNode) -> str:
    return clean_text(node.text(deep=True))


def first_meta(metas: dict[str, list[str]], keys: Iterable[str]) -> str | None:
    """The first value of the first of `keys` the page has."""
    return next((values[0] for key in keys if (values := metas.get(key))), None)


#: Host labels that name no site.
_GENERIC_HOST_LABELS = frozenset(
    {"www", "com", "org", "net", "co", "uk", "news", "edu", "gov", "ac"}
)
_WORD = re.compile(r"\w+")


def squash(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: "The Portmoor Gazette" →
    "theportmoorgazette", "Libération" → "liberation" (so a site name in a title matches the
    host's labels, which carry no accents: goose3 www.liberation.fr/politiques/2012/10/27/…)."""
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return "".join(_WORD.findall(text.casefold()))


#: JSON-LD types whose `name` is the site's.
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization"})


def site_names(objects: list[dict[str, Any]], metas: dict[str, list[str]], url: str) -> set[str]:
    """Names the site goes by, squashed: og:site_name, application-name, the JSON-LD publisher /
    WebSite / Organization name, and the host's labels (a headline or a byline that is only
    one of these names the site, not the story or its author)."""
    names = {squash(v) for key in ("og:site_name", "application-name") for v in metas.get(key, ())}
    for obj in objects:
        if not _SITE_TYPES.isdisjoint(jsonld_types(obj)):
            names.add(squash(jsonld_text(obj.get("name")) or ""))
        if isinstance(publisher := obj.get("publisher"), dict):
            names.add(squash(jsonld_text(publisher.get("name")) or ""))
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    names.update(squash(x) for x in host.split(".") if len(x) > 2 and x not in _GENERIC_HOST_LABELS)
    names.discard("")
    return names


# ---------------------------------------------------------------------------------- the one walk

#: Every element the metadata rules read, collected in one walk of the document: each `css()`
#: call walks the whole tree (~0.1 ms on a large news page), which would dominate their time.
_SCAN_SELECTOR = ", ".join(
    (JSONLD_SELECTOR, "meta", "title", "h1", "h2", "time[datetime]", '[itemprop="datePublished"]')
)


@dataclass(frozen=True, slots=True)
class PageNodes:
    """The elements of one page that the metadata rules read, by kind, in document order, and
    its JSON-LD objects and `<meta>` tags parsed once for every reader."""

    scripts: list[LexborNode]
    metas: list[LexborNode]
    titles: list[LexborNode]
    h1: list[LexborNode]
    h2: list[LexborNode]
    times: list[LexborNode]
    microdata_dates: list[LexborNode]
    # The <meta> and <time> elements (in that order) marked itemprop="datePublished": both
    # readers want them when the JSON-LD gives no date, and reading every <meta>'s attributes
    # again for it cost ~0.25 ms on those pages; the scan reads them once anyway.
    published_marks: list[LexborNode]
    objects: list[dict[str, Any]]  # every typed JSON-LD object (parse_jsonld)
    meta_values: dict[str, list[str]]  # meta_tags(metas)

    @classmethod
    def scan(cls, tree: LexborHTMLParser) -> PageNodes:
        scripts: list[LexborNode] = []
        metas: list[LexborNode] = []
        titles: list[LexborNode] = []
        h1: list[LexborNode] = []
        h2: list[LexborNode] = []
        times: list[LexborNode] = []
        microdata_dates: list[LexborNode] = []
        by_tag = {"script": scripts, "meta": metas, "title": titles, "h1": h1, "h2": h2}
        by_tag["time"] = times
        for node in tree.css(_SCAN_SELECTOR):
            if (bucket := by_tag.get(node.tag or "")) is not None:
                bucket.append(node)
            else:
                microdata_dates.append(node)  # the only other kind the selector matches
        meta_attributes = [node.attributes for node in metas]
        marks = [n for n, a in zip(metas, meta_attributes, strict=True) if _published_mark(a)]
        marks.extend(n for n in times if _published_mark(n.attributes))
        return cls(
            scripts,
            metas,
            titles,
            h1,
            h2,
            times,
            microdata_dates,
            marks,
            parse_jsonld(scripts),
            _meta_values(meta_attributes),
        )


def _published_mark(attributes: dict[str, str | None]) -> bool:
    return attributes.get("itemprop") == "datePublished"
