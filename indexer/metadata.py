"""Story-level evidence from the page's structured data, for the extractor (extract.py).

`PageMeta` is what the head and the structured data say about the page's main story, in the
shape the extractor reconciles with the DOM: the metadata titles and site name (headlines.py
recognises the printed headline by them), whether the page says it is an article, and the
structured date, byline and language, which pagemeta.py's fuller rules override where they find
more. The data itself is read once, by `indexer.structured.PageNodes.scan`.

Structured data describes the page's main story: on a page with several stories it applies to
story 0 only, except the date, which a round-up's briefs share (sample_warcs/03-roundups).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from indexer.bylines import clean_byline, names_from_jsonld
from indexer.dates import parse_iso, same_instant
from indexer.language import declared_language
from indexer.structured import (
    AUTHOR_METAS,
    MODIFIED_METAS,
    PUBLISHED_METAS,
    SITE_METAS,
    TITLE_METAS,
    PageNodes,
    first_meta,
    jsonld_text,
    jsonld_types,
)

#: JSON-LD types (their endings) that describe an article: schema.org Article and its subtypes,
#: blog and live-blog posts (sample_warcs/04 LiveBlogPosting), reports. The first such object
#: of the page is the story's, headline or not (pagemeta's `story_object` is pickier).
ARTICLE_TYPE_ENDINGS = ("article", "posting", "report")


@dataclass(frozen=True, slots=True, kw_only=True)
class PageMeta:
    """What the page's structured data says about its main story."""

    headline: str | None = None  # JSON-LD headline
    meta_title: str | None = None  # og:title and relatives
    title: str | None = None  # <title>
    site_name: str | None = None
    published: str | None = None
    published_source: str | None = None  # "jsonld", "meta" or "time"
    modified: str | None = None
    byline: str | None = None
    language: str | None = None
    is_article: bool = False  # JSON-LD Article type or og:type article
    og_type: str | None = None


def read_metadata(tree: LexborHTMLParser, nodes: PageNodes | None = None) -> PageMeta:
    """Everything the head and the structured data of the page say (before cleaning);
    `nodes`: the page's elements from `PageNodes.scan`, when the caller has them already."""
    nodes = nodes if nodes is not None else PageNodes.scan(tree)
    metas = nodes.meta_values
    ld = next((o for o in nodes.objects if _is_article(o)), None)

    headline = jsonld_text(ld.get("headline")) or jsonld_text(ld.get("name")) if ld else None
    published, source = None, None
    if ld:
        published = parse_iso(
            jsonld_text(ld.get("datePublished")) or jsonld_text(ld.get("dateCreated"))
        )
        source = "jsonld" if published else None
    if not published:
        published = _first_date(metas, PUBLISHED_METAS)
        source = "meta" if published else None
    if not published:
        published = _itemprop_date(nodes)
        source = "meta" if published else None
    if published and _is_utc(published):
        # The same instant written with the newsroom's own offset is the date as printed
        # (ground truth of real pages: 01:06 UTC on the 24th is the evening of the 23rd).
        local = _first_date(metas, PUBLISHED_METAS)
        if local and not _is_utc(local) and same_instant(local, published):
            published = local
    modified = parse_iso(jsonld_text(ld.get("dateModified"))) if ld else None
    modified = modified or _first_date(metas, MODIFIED_METAS)

    byline = names_from_jsonld(ld.get("author")) if ld and ld.get("author") else None
    if not byline:
        for key in AUTHOR_METAS:
            value = values[0] if (values := metas.get(key)) else None
            if value and "http" not in value and "/" not in value:
                byline = clean_byline(value)
                if byline:
                    break

    title_node = nodes.titles[0] if nodes.titles else None
    og_type = first_meta(metas, ("og:type",))
    return PageMeta(
        headline=_clean(headline),
        meta_title=_clean(first_meta(metas, TITLE_METAS)),
        title=_clean(title_node.text() if title_node else None),
        site_name=_clean(first_meta(metas, SITE_METAS)),
        published=published,
        published_source=source,
        modified=modified,
        byline=byline,
        language=declared_language(tree, ld, metas),
        is_article=bool(ld) or (og_type or "").lower() == "article",
        og_type=og_type,
    )


def _is_article(obj: dict[str, Any]) -> bool:
    return any(kind.endswith(ARTICLE_TYPE_ENDINGS) for kind in jsonld_types(obj))


def _is_utc(value: str) -> bool:
    return value.endswith(("Z", "+00:00"))


def _first_date(metas: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if (values := metas.get(key)) and (value := parse_iso(values[0])):
            return value
    return None


def _itemprop_date(nodes: PageNodes) -> str | None:
    """The first microdata `itemprop="datePublished"` element's date."""
    found = nodes.published_marks
    node = (found + nodes.microdata_dates)[0] if found or nodes.microdata_dates else None
    if node is None:
        return None
    attrs = node.attributes
    return parse_iso(attrs.get("content") or attrs.get("datetime") or node.text())


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    # Structured data is often HTML-escaped twice ("wasn&#8217;t", "won&rsquo;t").
    text = " ".join(html.unescape(text).split())
    return text or None
