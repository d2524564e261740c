"""Structured data a page carries about itself: JSON-LD (schema.org) objects and `<meta>` tags.

Read leniently (publishers ship broken JSON-LD) and never raised from: a block that cannot be
repaired is skipped. Used by `indexer.pagemeta` (headline, dates, language) and
`indexer.pageauthors` (bylines).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "ARTICLE_TYPES",
    "JSONLD_SELECTOR",
    "PAGE_TYPES",
    "clean_text",
    "jsonld_objects",
    "jsonld_text",
    "jsonld_types",
    "meta_tags",
    "node_text",
    "parse_jsonld",
    "story_object",
]

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
    metas: dict[str, list[str]] = {}
    for node in nodes:
        attrs = node.attributes
        content = attrs.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            if key := attrs.get(attr):
                metas.setdefault(key.strip().lower(), []).append(content.strip())
    return metas


_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def node_text(node: LexborNode) -> str:
    return clean_text(node.text(deep=True))
