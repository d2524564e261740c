"""Page-level structured data: JSON-LD, OpenGraph and other `<meta>` tags, microdata, `lang`.

Structured data is the strongest evidence a page gives for its headline, date, byline and
language (issue 4: "structured data first"), so it is read before the DOM is cleaned. It
describes the page's main story: on a page with several stories it applies to story 0 only,
except the date, which a round-up's briefs share (sample_warcs/03-roundups.warc.gz).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.bylines import clean_byline, names_from_jsonld
from indexer.dates import parse_iso, same_instant
from indexer.pagemeta import PageNodes

#: JSON-LD types that describe an article (schema.org Article and its subtypes, blog and
#: live-blog posts: sample_warcs/04 LiveBlogPosting).
ARTICLE_TYPES = ("article", "posting", "report", "newsarticle", "blogposting")

#: `<meta>` keys (name, property or itemprop, lower-cased) for each field, strongest first.
META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published",
    "datepublished", "publish-date", "publish_date", "pubdate", "publishdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
    "date", "cxenseparse:recs:publishtime", "og:published_time", "article.published",
    "originalpublicationdate", "displaydate", "citation_publication_date",
)  # fmt: skip
META_MODIFIED = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "article.updated", "lastmod",
)  # fmt: skip
META_AUTHOR = (
    "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator",
    "cxenseparse:author", "twitter:creator:name",
)  # fmt: skip
META_TITLE = ("og:title", "twitter:title", "headline", "parsely-title", "sailthru.title")
META_SITE = ("og:site_name", "application-name", "publisher", "twitter:site")
META_LANGUAGE = ("content-language", "og:locale", "language", "dc.language", "inlanguage")


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
    metas: dict[str, str] = {}
    # The elements read here come from the walk pagemeta makes anyway (each css() call walks
    # the whole document: 0.14 ms on a large news page, measured on the aed-dev pages).
    nodes = nodes if nodes is not None else PageNodes.scan(tree)
    for node in nodes.metas:
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        key = key or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            metas.setdefault(key.strip().lower(), content.strip())
    ld = _jsonld_article(nodes.scripts)

    headline = _str(ld.get("headline")) or _str(ld.get("name")) if ld else None
    published, source = None, None
    if ld:
        published = parse_iso(_str(ld.get("datePublished")) or _str(ld.get("dateCreated")))
        source = "jsonld" if published else None
    if not published:
        published = _first_date(metas, META_PUBLISHED)
        source = "meta" if published else None
    if not published:
        published = _itemprop_date(tree, "datePublished")
        source = "meta" if published else None
    if published and _is_utc(published):
        # The same instant written with the newsroom's own offset is the date as printed
        # (ground truth of real pages: 01:06 UTC on the 24th is the evening of the 23rd).
        local = _first_date(metas, META_PUBLISHED)
        if local and not _is_utc(local) and same_instant(local, published):
            published = local
    modified = parse_iso(_str(ld.get("dateModified"))) if ld else None
    modified = modified or _first_date(metas, META_MODIFIED)

    byline = names_from_jsonld(ld.get("author")) if ld and ld.get("author") else None
    if not byline:
        for key in META_AUTHOR:
            value = metas.get(key)
            if value and "http" not in value and "/" not in value:
                byline = clean_byline(value)
                if byline:
                    break

    html = tree.root  # the <html> element
    lang = html.attributes.get("lang") if html is not None and html.tag == "html" else None
    lang = lang or (_str(ld.get("inLanguage")) if ld else None)
    lang = lang or next((metas[k] for k in META_LANGUAGE if k in metas), None)

    title_node = nodes.titles[0] if nodes.titles else None
    og_type = metas.get("og:type")
    return PageMeta(
        headline=_clean(headline),
        meta_title=_clean(next((metas[k] for k in META_TITLE if k in metas), None)),
        title=_clean(title_node.text() if title_node else None),
        site_name=_clean(next((metas[k] for k in META_SITE if k in metas), None)),
        published=published,
        published_source=source,
        modified=modified,
        byline=byline,
        language=iso_language(lang),
        is_article=bool(ld) or (og_type or "").lower() == "article",
        og_type=og_type,
    )


def iso_language(value: str | None) -> str | None:
    """`en-US`, `fr_FR`, `EN` → ISO 639-1 `en`; anything else → None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-", 1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def _jsonld_article(scripts: list[LexborNode]) -> dict[str, Any]:
    """The first JSON-LD object whose @type is an article type (searching @graph and lists)."""
    for node in scripts:
        raw = node.text()
        if not raw or len(raw) > 2_000_000:
            continue
        try:
            data = orjson.loads(raw.strip().rstrip(";"))
        except orjson.JSONDecodeError:
            continue
        found = _find_article(data, 0)
        if found is not None:
            return found
    return {}


def _find_article(data: Any, depth: int) -> dict[str, Any] | None:
    if depth > 4:
        return None
    if isinstance(data, list):
        for item in data[:50]:
            found = _find_article(item, depth + 1)
            if found is not None:
                return found
        return None
    if not isinstance(data, dict):
        return None
    types = data.get("@type")
    names = types if isinstance(types, list) else [types]
    if any(isinstance(t, str) and t.lower().endswith(ARTICLE_TYPES) for t in names):
        return data
    for key in ("@graph", "mainEntity", "mainEntityOfPage"):
        if key in data:
            found = _find_article(data[key], depth + 1)
            if found is not None:
                return found
    return None


def _is_utc(value: str) -> bool:
    return value.endswith(("Z", "+00:00"))


def _first_date(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = parse_iso(metas.get(key))
        if value:
            return value
    return None


def _itemprop_date(tree: LexborHTMLParser, prop: str) -> str | None:
    node = tree.css_first(f'[itemprop="{prop}"]')
    if node is None:
        return None
    attrs = node.attributes
    return parse_iso(attrs.get("content") or attrs.get("datetime") or node.text())


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    # Structured data is often HTML-escaped twice ("wasn&#8217;t", "won&rsquo;t").
    text = " ".join(html.unescape(text).split())
    return text or None
