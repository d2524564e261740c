"""indexer.pagemeta (+ structured, pageauthors, bylines): a page's own metadata from small
hand-written pages, one row per rule. All text here is made up for the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from indexer.bylines import split_authors
from indexer.pageheadline import strip_site_name
from indexer.pagemeta import PageMetadata, page_metadata
from indexer.structured import jsonld_objects

URL = "https://www.portmoor-gazette.example/news/harbour-fire"


def meta(html: str, url: str = URL) -> PageMetadata:
    return page_metadata(LexborHTMLParser(html), url)


def page(head: str = "", body: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return f"<!doctype html><html{lang_attr}><head>{head}</head><body>{body}</body></html>"


def ld(json_text: str) -> str:
    return f'<script type="application/ld+json">{json_text}</script>'


# ------------------------------------------------------------------------------------- headline

HEADLINE_CASES = [
    pytest.param(
        page(
            ld('{"@type": "NewsArticle", "headline": "Fire guts harbour warehouse"}'),
            "<h1>Fire guts harbour warehouse</h1>",
        ),
        ("Fire guts harbour warehouse", "h1"),
        id="h1-agrees-with-jsonld",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="Fire guts harbour warehouse | Portmoor Gazette">'
            '<meta property="og:site_name" content="Portmoor Gazette">'
        ),
        ("Fire guts harbour warehouse", "og"),
        id="og-title-site-suffix",
    ),
    pytest.param(
        page("<title>Fire guts harbour warehouse - Portmoor Gazette</title>"),
        ("Fire guts harbour warehouse", "title"),
        id="title-suffix-from-host-name",
    ),
    pytest.param(
        page("<title>Portmoor Gazette: Fire guts harbour warehouse</title>"),
        ("Fire guts harbour warehouse", "title"),
        id="title-site-prefix",
    ),
    pytest.param(
        page(
            "<title>Fire guts harbour warehouse | Local News | Portmoor Gazette</title>",
            "<h1>Portmoor Gazette</h1><h1>Fire guts harbour warehouse</h1>",
        ),
        ("Fire guts harbour warehouse", "h1"),
        id="logo-h1-skipped",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="Fire guts harbour warehouse">',
            "<h1><a>Local News</a> | Fire guts harbour warehouse</h1>",
        ),
        ("Fire guts harbour warehouse", "h1"),
        id="kicker-inside-h1",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="Opinion | Let the harbour be rebuilt">',
            "<h1><span>Opinion</span>  Let the harbour be rebuilt</h1>",
        ),
        ("Let the harbour be rebuilt", "h1"),
        id="section-label-dropped",
    ),
    pytest.param(
        page(
            "<title>Harbour fire 2025: what we know | Portmoor Gazette</title>",
            "<h1>Warehouse blaze leaves harbour workers without jobs</h1>",
        ),
        ("Warehouse blaze leaves harbour workers without jobs", "h1"),
        id="seo-title-but-lone-h1",
    ),
    pytest.param(
        page(
            "<title>Fire guts harbour warehouse | Portmoor Gazette</title>",
            "<h1> </h1><h2>Fire guts harbour warehouse</h2><h2>Related</h2>",
        ),
        ("Fire guts harbour warehouse", "h2"),
        id="empty-h1-h2-matches-title",
    ),
    pytest.param(
        page(
            "<title>Fire - Portmoor Gazette</title>",
            "<h1>Menu</h1>",
        ),
        ("Fire", "title"),
        id="short-h1-not-a-headline",
    ),
    pytest.param(
        page(
            "<title>Harbour fire 2025: what we know | Portmoor Gazette</title>",
            '<div class="site-logo"><h1>News from the harbour since 1850</h1></div>',
        ),
        ("Harbour fire 2025: what we know", "title"),
        id="tagline-h1-in-logo-skipped",
    ),
    pytest.param(
        page(
            ld(
                '[{"@type": "NewsArticle", "headline": "Ferry timetable changes",'
                ' "url": "https://www.portmoor-gazette.example/news/ferries"},'
                ' {"@type": "NewsArticle", "headline": "Fire guts harbour warehouse",'
                ' "mainEntityOfPage": {"@id": "https://portmoor-gazette.example/news/harbour-fire/"}}]'
            )
        ),
        ("Fire guts harbour warehouse", "jsonld"),
        id="jsonld-article-of-this-url",
    ),
    pytest.param(
        page(
            ld('{"@type": "NewsArticle", "headline": "Fire &amp; flood: the harbour&#8217;s year"}')
        ),
        ("Fire & flood: the harbour’s year", "jsonld"),
        id="jsonld-entities-decoded",
    ),
    pytest.param(
        page(
            "<title>Fire guts harbour warehouse » Local » Portmoor Gazette</title>",
            '<div class="top"><h1><span class="define">Fire guts harbour warehouse</span>'
            '<a href="/">Portmoor Gazette</a></h1></div>',
        ),
        ("Fire guts harbour warehouse", "h1"),
        id="logo-link-glued-to-the-headline-inside-h1",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="Fire guts harbour warehouse (photo: Reuters)">',
            "<h1><span>Fire guts harbour warehouse</span><br><span>Senior writer Ada Lind</span>"
            "</h1>",
        ),
        ("Fire guts harbour warehouse", "h1"),
        id="writer-line-after-a-br-inside-h1",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="Warehouse fire: what we know">',
            "<h1>Warehouse fire: <em>what we know</em> so far</h1>",
        ),
        ("Warehouse fire: what we know so far", "h1"),
        id="inline-markup-inside-h1-kept-whole",
    ),
    pytest.param(
        page(
            "<title>GAZ | Rents after a price change</title>",
            '<h1><span class="category"><span class="aural">Topic </span>Consumers</span>'
            "Rents after a price change</h1>",
        ),
        ("Rents after a price change", "h1"),
        id="kicker-span-inside-h1-left-out",
    ),
    pytest.param(
        page(
            '<meta property="og:title" content="The loveliest end of the world: Montauk">',
            '<h1>A blog for readers over fifty</h1><h2 class="entry-title"><time '
            'datetime="2019-06-17">Jun 17 </time>The loveliest end of the world: Montauk</h2>',
        ),
        ("The loveliest end of the world: Montauk", "h2"),
        id="date-inside-the-heading-left-out",
    ),
    pytest.param(page(), (None, None), id="nothing"),
]


@pytest.mark.parametrize(("html", "expected"), HEADLINE_CASES)
def test_headline(html: str, expected: tuple[str | None, str | None]) -> None:
    found = meta(html)
    assert (found.headline, found.headline_source) == expected


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Fire guts warehouse - Portmoor Gazette", {"portmoorgazette"}, "Fire guts warehouse"),
        (
            "Fire guts warehouse | News | Portmoor Gazette",
            {"portmoorgazette"},
            "Fire guts warehouse",
        ),
        ("Portmoor Gazette | Fire guts warehouse", {"portmoorgazette"}, "Fire guts warehouse"),
        ("Fire guts warehouse - PortmoorGazette.com", {"portmoorgazette"}, "Fire guts warehouse"),
        ("Fire guts warehouse | Local", set(), "Fire guts warehouse"),
        ("Fire guts warehouse - PMG.com", {"pmg"}, "Fire guts warehouse"),
        # a dash inside the headline is the headline's
        ("Fire - and then the flood", {"portmoorgazette"}, "Fire - and then the flood"),
        ("Ferries: a history", {"portmoorgazette"}, "Ferries: a history"),
        # a long segment that merely contains the site's name is a headline
        (
            "The Portmoor Gazette view on the harbour fire | Editorial",
            {"portmoorgazette"},
            "The Portmoor Gazette view on the harbour fire",
        ),
    ],
)
def test_strip_site_name(title: str, sites: set[str], expected: str) -> None:
    assert strip_site_name(title, sites) == expected


# ---------------------------------------------------------------------------------------- dates

DATE_CASES = [
    pytest.param(
        page(ld('{"@type": "NewsArticle", "datePublished": "2025-01-18T08:55:00+08:00"}')),
        ("2025-01-18T08:55:00+08:00", "jsonld", None),
        id="jsonld-offset-kept",
    ),
    pytest.param(
        page(
            ld(
                '{"@context": "https://schema.org", "@graph": ['
                '{"@type": "WebPage", "datePublished": "2020-01-01"},'
                '{"@type": "NewsArticle", "headline": "Fire", "datePublished": "2025-01-18",'
                ' "dateModified": "2025-01-19T10:00:00Z"}]}'
            )
        ),
        ("2025-01-18", "jsonld", "2025-01-19T10:00:00+00:00"),
        id="jsonld-graph-article-over-webpage",
    ),
    pytest.param(
        page(
            ld(
                '<!-- {"@type": "NewsArticle", "headline": "Fire\n guts", '
                '"datePublished": "2025-01-18",} -->'
            )
        ),
        ("2025-01-18", "jsonld", None),
        id="jsonld-broken-repaired",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "WebPage", "mainEntity": {"@type": "BlogPosting", '
                '"datePublished": "2025-01-18"}}'
            )
        ),
        ("2025-01-18", "jsonld", None),
        id="jsonld-main-entity",
    ),
    pytest.param(
        page(
            '<meta property="article:published_time" content="2025-01-18T08:55:00Z">'
            '<meta property="article:modified_time" content="2025-01-18T09:30:00Z">'
        ),
        ("2025-01-18T08:55:00+00:00", "meta", "2025-01-18T09:30:00+00:00"),
        id="opengraph-article-times",
    ),
    pytest.param(
        page(
            '<meta property="article:published_time" content="2025-01-18T08:55:00+01:00">'
            '<meta property="article:modified_time" content="2025-01-17T09:30:00Z">'
        ),
        ("2025-01-18T08:55:00+01:00", "meta", None),
        id="modified-before-published-dropped",
    ),
    pytest.param(
        page('<meta name="sailthru.date" content="2025-01-18 08:55:00">'),
        ("2025-01-18T08:55:00", "meta", None),
        id="sailthru-date",
    ),
    pytest.param(
        page(
            body='<article><span itemprop="datePublished" content="2025-01-18">Sat</span></article>'
        ),
        ("2025-01-18", "microdata", None),
        id="microdata",
    ),
    pytest.param(
        page(
            body="<header><h1>Fire guts harbour warehouse</h1>"
            '<time datetime="2025-01-18T08:55:00+01:00">18 Jan</time></header>'
        ),
        ("2025-01-18T08:55:00+01:00", "time", None),
        id="time-element-near-headline",
    ),
    pytest.param(
        page(
            body="<h1>Fire guts harbour warehouse</h1>"
            "<p>2025-01-18 08:55 Last Updated At:09:00</p><p>Firefighters said...</p>"
        ),
        ("2025-01-18T08:55:00", "text", "2025-01-18T09:00:00"),
        id="printed-stamp-and-update-time",
    ),
    pytest.param(
        page(
            body="<h1>Fire guts harbour warehouse</h1>"
            "<div>By Ada Lind</div><div>Published 3:05 PM EST, January 14, 2025</div>"
        ),
        ("2025-01-14T15:05:00-05:00", "text", None),
        id="printed-us-stamp",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire guts harbour warehouse",'
                ' "datePublished": "2025-01-19T01:48:00Z"}'
            ),
            "<h1>Fire guts harbour warehouse</h1><p>By Ada Lind | January 18, 2025</p>",
        ),
        ("2025-01-18", "text", None),
        id="printed-day-beats-utc-next-day",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire guts harbour warehouse",'
                ' "datePublished": "2025-01-19T01:48:19Z"}'
            ),
            "<article><h1>Fire guts harbour warehouse</h1>"
            '<p>By Ada Lind</p><time datetime="2025-01-18 20:48:19">x</time></article>',
        ),
        ("2025-01-18T20:48:19-05:00", "jsonld", None),
        id="utc-stamp-given-locally-too",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire guts harbour warehouse",'
                ' "datePublished": "2025-01-18T10:00:00Z"}'
            ),
            "<h1>Fire guts harbour warehouse</h1><p>January 3, 2025</p>",
        ),
        ("2025-01-18T10:00:00+00:00", "jsonld", None),
        id="printed-date-far-from-structured-loses",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire guts harbour warehouse",'
                ' "datePublished": "2025-01-18T10:00:00+01:00"}'
            ),
            "<h1>Fire guts harbour warehouse</h1><p>January 18, 2025</p>",
        ),
        ("2025-01-18T10:00:00+01:00", "jsonld", None),
        id="printed-same-day-keeps-precise-stamp",
    ),
    pytest.param(
        page(
            body="<h1>Fire guts harbour warehouse</h1>"
            "<figcaption>Boats in the harbour on January 2, 2025</figcaption>"
        ),
        (None, None, None),
        id="caption-date-ignored",
    ),
    pytest.param(
        page(
            body="<article><h1>Fire guts harbour warehouse</h1>"
            '<p>Updated <time datetime="2025-01-19T09:00:00+01:00">Jan 19</time></p>'
            '<p>Published <time pubdate datetime="2025-01-18T08:00:00+01:00">Jan 18</time></p>'
            "</article>"
        ),
        ("2025-01-18T08:00:00+01:00", "time", None),
        id="time-pubdate-before-the-update-time",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "datePublished": "2025-01-18T09:15:00-05:00",'
                ' "dateModified": "2025-01-18T14:15:00+00:00"}'
            )
        ),
        ("2025-01-18T09:15:00-05:00", "jsonld", None),
        id="modified-same-instant-other-zone-is-no-update",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "datePublished": "2025-01-18T09:15:00-05:00",'
                ' "dateModified": "2025-01-18T16:40:00+00:00"}'
            )
        ),
        ("2025-01-18T09:15:00-05:00", "jsonld", "2025-01-18T16:40:00+00:00"),
        id="modified-later-instant-is-an-update",
    ),
    pytest.param(
        page(ld('{"@type": "VideoObject", "name": "Fire", "uploadDate": "2025-01-18"}')),
        ("2025-01-18", "jsonld", None),
        id="video-upload-date",
    ),
    pytest.param(
        page(ld('{"@type": "NewsArticle", "headline": "Fire", "dateModified": "2025-01-19"}')),
        ("2025-01-19", "modified", None),
        id="modified-only-dates-the-page-last",
    ),
    pytest.param(
        page(
            body='<div itemscope itemtype="https://schema.org/NewsArticle">'
            '<meta itemprop="datePublished" content="2025-01-18">'
            "<h1>Fire guts harbour warehouse</h1></div>"
        ),
        ("2025-01-18", "microdata", None),
        id="microdata-meta-date",
    ),
    pytest.param(
        page(body="<h1>Fire guts harbour warehouse</h1><p>3 hours ago</p><p>Text.</p>"),
        (None, None, None),
        id="relative-date-is-no-date",
    ),
    pytest.param(
        page(
            ld('{"@type": "NewsArticle", "datePublished": "2025-01-18T06:30:00-05:00"}'),
            '<header class="site-header"><h1>Fire guts harbour warehouse</h1>'
            "<span>Jan. 19, 2025</span></header><p>Text.</p>",
        ),
        ("2025-01-18T06:30:00-05:00", "jsonld", None),
        id="printed-day-next-to-a-local-stamp-is-another-date",
    ),
    pytest.param(
        page(
            ld('{"@type": "NewsArticle", "datePublished": "2025-01-19T04:31:00-06:00"}'),
            "<h1>Fire guts harbour warehouse</h1><p>January 18, 2025 10:31 pm</p><p>Text.</p>",
        ),
        ("2025-01-18T22:31:00", "text", None),
        id="printed-clock-a-zone-away-from-a-mislabelled-offset-wins",
    ),
    pytest.param(
        page(
            body="<article><h1>Fire guts harbour warehouse</h1>"
            '<time class="post-mod-time" datetime="2025-01-19T09:04:00Z">Jan 19</time>'
            '<time class="post-time" datetime="2025-01-18T17:16:00Z">Jan 18</time></article>'
        ),
        ("2025-01-18T17:16:00+00:00", "time", None),
        id="modified-time-element-is-not-the-publication",
    ),
    pytest.param(
        page(
            body='<article><h1>Fire guts harbour warehouse</h1><time class="entry-date updated" '
            'datetime="2025-01-18T17:16:00Z">Jan 18</time></article>'
        ),
        ("2025-01-18T17:16:00+00:00", "time", None),
        id="hatom-updated-class-is-the-entry-date",
    ),
    pytest.param(
        page(body="<h1>Fire guts harbour warehouse</h1>"),
        ("2025-01-18", "url", None),
        id="url-date",
    ),
    pytest.param(
        page('<meta property="article:published_time" content="1970-01-01T00:00:00Z">'),
        ("2025-01-18", "url", None),
        id="epoch-zero-rejected",
    ),
    pytest.param(
        page('<meta name="date" content="2199-01-01">'),
        (None, None, None),
        id="far-future-rejected",
    ),
]


@pytest.mark.parametrize(("html", "expected"), DATE_CASES)
def test_dates(html: str, expected: tuple[str | None, str | None, str | None]) -> None:
    url = "https://news.example/2025/01/18/harbour-fire" if "url" in expected else URL
    found = meta(html, url)
    assert (found.date, found.date_source, found.updated) == expected


# -------------------------------------------------------------------------------------- authors

AUTHOR_CASES = [
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire", "author": ['
                '{"@type": "Person", "name": "Ada Lind"}, {"@type": "Person", "name": "Bo Varga"}]}'
            )
        ),
        ("Ada Lind", "Bo Varga"),
        id="jsonld-person-list",
    ),
    pytest.param(
        page(ld('{"@type": "NewsArticle", "headline": "Fire", "author": "Ada Lind"}')),
        ("Ada Lind",),
        id="jsonld-string",
    ),
    pytest.param(
        page(
            ld(
                '{"@graph": [{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@id": "https://x.example/#ada"}},'
                '{"@type": "Person", "@id": "https://x.example/#ada", "name": "Ada Lind"}]}'
            )
        ),
        ("Ada Lind",),
        id="jsonld-id-reference",
    ),
    pytest.param(
        page(ld('{"@type": "NewsArticle", "headline": "Fire", "author": "James O&#039;Neil"}')),
        ("James O'Neil",),
        id="html-entity",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Organization", "name": "Portmoor Gazette"}}'
            ),
            '<h1>Fire</h1><div class="byline">By <a>Ada Lind</a></div>',
        ),
        ("Ada Lind",),
        id="organisation-author-person-in-byline",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Organization", "name": "The Associated Press"}}'
            )
        ),
        ("The Associated Press",),
        id="organisation-only",
    ),
    pytest.param(
        page(
            '<meta property="article:author" content="https://portmoor.example/ada">'
            '<meta name="parsely-author" content="Ada Lind">'
        ),
        ("Ada Lind",),
        id="article-author-url-skipped",
    ),
    pytest.param(
        page(
            body='<h1>Fire</h1><p>By <a rel="author">Ada Lind</a> and '
            '<a rel="author">Bo Varga</a></p>'
        ),
        ("Ada Lind", "Bo Varga"),
        id="rel-author",
    ),
    pytest.param(
        page(body="<h1>Fire guts harbour warehouse</h1><p>By Ada Lind and Bo Varga</p><p>Text</p>"),
        ("Ada Lind", "Bo Varga"),
        id="printed-by-line",
    ),
    pytest.param(
        page(body='<div class="author-box">Ada Lind<br>Portmoor Courier</div>'),
        ("Ada Lind",),
        id="affiliation-on-its-own-line",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire", "author": ['
                '{"@type": "Person", "name": "Ada Lind"},'
                ' {"@type": "Organization", "name": "Portmoor Gazette"}]}'
            )
        ),
        ("Ada Lind",),
        id="publisher-listed-after-reporter",
    ),
    pytest.param(
        page(
            body='<h1>Fire</h1><p class="byline">Ada Lind</p>'
            '<section class="comments"><span class="byline">Harbourfan99</span></section>'
        ),
        ("Ada Lind",),
        id="commenters-are-not-authors",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Person", "name": ["Ada Lind", "Bo Varga"]}}'
            )
        ),
        ("Ada Lind", "Bo Varga"),
        id="jsonld-person-with-a-name-list",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Person", "name": {"@value": "Ada Lind"}}}'
            )
        ),
        ("Ada Lind",),
        id="jsonld-name-as-value-object",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Organization", "name": "Portmoor Gazette"}}'
            ),
            '<h1>Fire</h1><p class="byline">By <span class="author">Associated Press</span></p>',
        ),
        ("Associated Press",),
        id="site-as-author-loses-to-printed-agency",
    ),
    pytest.param(
        page(
            ld(
                '{"@type": "NewsArticle", "headline": "Fire",'
                ' "author": {"@type": "Organization", "name": "Harbour Wire Service"}}'
            ),
            '<h1>Fire</h1><p class="byline">By <span class="author">Associated Press</span></p>',
        ),
        ("Harbour Wire Service",),
        id="other-organisation-as-author-stands",
    ),
    pytest.param(
        page(
            ld('{"@type": "NewsArticle", "headline": "Fire", "author": "Reuters"}'),
            '<h1>Fire</h1><div class="article-author">Reuters, | Portmoor, | Jan 18 2025</div>',
        ),
        ("Reuters",),
        id="dateline-place-is-not-a-person",
    ),
    pytest.param(
        page(
            body="<h1>Fire</h1><p>The warehouse burned.</p>"
            "<p><i>Reporting by The Associated Press.</i></p><p>Sign up for our newsletter.</p>"
        ),
        ("The Associated Press",),
        id="closing-reporting-by-credit",
    ),
    pytest.param(
        page(
            body="<h1>Fire</h1><p>The warehouse burned.</p>"
            "<p>(Reporting by Ada Lind; Editing by Bo Varga)</p>"
        ),
        ("Ada Lind",),
        id="closing-credit-leaves-out-the-editors",
    ),
    pytest.param(
        page(body='<h1>Fire</h1><p class="byline">By Ada Lind, Reuters</p>'),
        ("Ada Lind",),
        id="agency-after-the-reporter",
    ),
    pytest.param(
        page(body='<h1>Fire</h1><div class="byline">Ada Lind | Staff writer</div>'),
        ("Ada Lind",),
        id="job-title-after-a-bar",
    ),
    pytest.param(
        page(
            '<meta name="author" content="AP">',
            '<div class="col-right"><div class="dont-miss-box"><div class="author-name">'
            "Bo Varga</div></div></div><h1>Fire</h1><p>The warehouse burned.</p>",
        ),
        ("AP",),
        id="teaser-module-names-do-not-beat-the-structured-credit",
    ),
    pytest.param(
        page(body="<h1>Harbour Hit By A Rogue Wave In Storm</h1><p>The warehouse burned.</p>"),
        (),
        id="a-headline-is-no-byline",
    ),
    pytest.param(
        page(
            body='<h1>Fire</h1><p class="byline">By Ada Lind</p><p>The warehouse burned.</p>'
            '<p class="byline">Ada Lind is the harbour reporter of the Gazette, and writes a '
            "column. Views are her own.</p>"
        ),
        ("Ada Lind",),
        id="author-bio-in-a-byline-element",
    ),
    pytest.param(
        page(
            body='<h1>Fire</h1><p>The warehouse burned.</p><div id="sf_comment_list">'
            '<div class="sf_comment"><p class="sf_comment_info">'
            '<span class="sf_comment_author">Bo Varga</span></p><p>Shame.</p></div></div>'
        ),
        (),
        id="commenters-under-a-prefixed-comment-class-are-no-authors",
    ),
    pytest.param(
        page(
            body='<div class="comments-open"><h1>Fire</h1><span class="author">Ada Lind</span>'
            "<p>The warehouse burned.</p></div>"
        ),
        ("Ada Lind",),
        id="an-article-flagged-comments-open-is-not-a-comment",
    ),
    pytest.param(
        page(
            body='<h1>Goats leave the island</h1><div class="article-author">By Ada Lind</div>'
            '<div class="img"><div class="img__author">Photograph by Bo Varga, Harbour Trust'
            '</div></div><p>The goats were flown out.</p><figure><img src="a.jpg"><figcaption>'
            '<span class="author">Cy Dunn</span></figcaption></figure>'
        ),
        ("Ada Lind",),
        id="photo-credits-are-no-authors",
    ),
    pytest.param(
        page(body='<h1>Goats</h1><div class="author">Photo: Bo Varga<br>By Ada Lind</div><p>x</p>'),
        ("Ada Lind",),
        id="a-byline-after-a-photo-credit-in-one-element",
    ),
    pytest.param(page(), (), id="nothing"),
]


@pytest.mark.parametrize(("html", "expected"), AUTHOR_CASES)
def test_authors(html: str, expected: tuple[str, ...]) -> None:
    found = meta(html)
    assert found.authors == expected
    assert found.byline == (", ".join(expected) or None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Ada Lind", ("Ada Lind",)),
        ("BY ADA LIND AND BO VARGA", ("ADA LIND", "BO VARGA")),
        ("Ada Lind, Staff Writer", ("Ada Lind",)),
        ("Ada Lind MS, RDN, LD", ("Ada Lind",)),
        ("Ada Lind | The Portmoor Gazette", ("Ada Lind",)),
        ("Ada Lind and Bo Varga, Portmoor Times", ("Ada Lind", "Bo Varga")),
        ("Chris E. Hayner", ("Chris E. Hayner",)),
        ("George T. Rand III", ("George T. Rand III",)),
        ("Nelson C.J.", ("Nelson C.J.",)),
        ("By Ada Lind Jr.", ("Ada Lind Jr.",)),
        ("Ada Lind December 21, 2023", ("Ada Lind",)),
        ("Posted on April 9, 2025 by Ada Lind", ("Ada Lind",)),
        ("Ada Lind, Chief Technology Officer", ("Ada Lind",)),
        ("Marie Dupont et Jean Roux", ("Marie Dupont", "Jean Roux")),
        ("ADA LIND, BO VARGA - Harbour Correspondents", ("ADA LIND", "BO VARGA")),
        ("Ada Lind, Tuesday", ("Ada Lind",)),
        ("https://portmoor.example/authors/ada", ()),
        ("@adalind", ()),
        ("The Associated Press", ("The Associated Press",)),
        ("By Ada Lind, Reuters", ("Ada Lind",)),
        ("Ada Lind and Bo Varga, AFP", ("Ada Lind", "Bo Varga")),
        ("Reuters", ("Reuters",)),
        ("AP", ("AP",)),
        ("Story by Ada Lind • Photos by Bo Varga", ("Ada Lind",)),
        ("Ada Lind, video by Bo Varga", ("Ada Lind",)),
        ("Text: Ada Lind", ("Ada Lind",)),
        ("By Ada Lind on Monday, January 20, 2025 at 9:04 a.m.", ("Ada Lind",)),
        # A description after the names, in any language, ends them; a lone role is skipped.
        ("Ada Lind, Bo Varga, journaliste, chargée des marchés", ("Ada Lind", "Bo Varga")),
        ("Ada Lind, publisher of The Gazette. She also runs The Harbour", ("Ada Lind",)),
        ("Ada Lind, staff writer, and Bo Varga", ("Ada Lind", "Bo Varga")),
        ("Ada Lind, Redakteurin", ("Ada Lind",)),
        ("Maria van der Berg and Ada Lind", ("Maria van der Berg", "Ada Lind")),
        ("admin", ("admin",)),
        ("BY ADA LIND", ("ADA LIND",)),
        ("", ()),
    ],
)
def test_split_authors(text: str, expected: tuple[str, ...]) -> None:
    assert split_authors(text) == expected


# ------------------------------------------------------------------------------------- language

ENGLISH = "<p>" + "The fire was in the harbour and it is out now. " * 3 + "</p>"
GERMAN = "<p>" + "Der Brand ist nicht mit dem Wind und der Flut gekommen. " * 3 + "</p>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(page(body=GERMAN, lang="en-GB"), "en", id="html-lang-wins-over-little-text"),
        pytest.param(
            page(body=ENGLISH * 4, lang="de"), "en", id="clearly-english-text-beats-a-template-lang"
        ),
        pytest.param(page(body="<p>" + "항구에서 불이 났다. " * 10 + "</p>"), "ko", id="hangul"),
        pytest.param(page('<meta property="og:locale" content="fr_FR">'), "fr", id="og-locale"),
        pytest.param(
            page('<meta http-equiv="content-language" content="nl">'), "nl", id="content-language"
        ),
        pytest.param(
            page(ld('{"@type": "NewsArticle", "headline": "x", "inLanguage": "pt-BR"}')),
            "pt",
            id="jsonld-in-language",
        ),
        pytest.param(page(body=GERMAN), "de", id="stop-words-de"),
        pytest.param(page(body=ENGLISH), "en", id="stop-words-en"),
        pytest.param(page(body="<p>Fire.</p>"), None, id="too-little-text"),
    ],
)
def test_language(html: str, expected: str | None) -> None:
    assert meta(html).language == expected


# ---------------------------------------------------------------------------------- JSON-LD etc


@pytest.mark.parametrize(
    "block",
    [
        '{"@type": "NewsArticle", "headline": "Fire",}',  # trailing comma
        '{"@type": "NewsArticle", "headline": "Fire\tat\nsea"}',  # raw control characters
        '<!--{"@type": "NewsArticle", "headline": "Fire"}-->',  # HTML comment wrapper
        '/*<![CDATA[*/{"@type": "NewsArticle", "headline": "Fire"}/*]]>*/',
        '[{"@type": "NewsArticle", "headline": "Fire"}]',
    ],
)
def test_jsonld_repairs(block: str) -> None:
    objects = jsonld_objects(LexborHTMLParser(page(ld(block))))
    assert [o["@type"] for o in objects] == ["NewsArticle"]


def test_jsonld_beyond_repair_is_skipped() -> None:
    html = page(ld("{not json at all") + ld('{"@type": "NewsArticle", "headline": "Fire"}'))
    assert [o["headline"] for o in jsonld_objects(LexborHTMLParser(html))] == ["Fire"]


def test_page_without_anything_is_all_empty() -> None:
    assert meta("") == PageMetadata(
        headline=None,
        headline_source=None,
        date=None,
        date_source=None,
        updated=None,
        byline=None,
        authors=(),
        language=None,
    )


# ---------------------------------------------------------------------------------- robustness

_FRAGMENTS = [
    "<h1>",
    "</h1>",
    "<h2>",
    "<time datetime='2025-01-18T08:55:00+0100'>",
    "</time>",
    '<script type="application/ld+json">',
    "</script>",
    '{"@type": "NewsArticle", "headline": ',
    '"datePublished": "2025-13-45",',
    '"author": [{"@id": "x"}, 3, null, {"name": ["A", 1]}]',
    "}",
    "]",
    '<meta property="article:published_time" content="',
    '<meta name="author" content="',
    '">',
    "By ",
    "Updated ",
    "Jan. 32, 2025",
    "29 February 2023",
    "12:99 PM EST",
    "Ada Lind",
    " and ",
    " | ",
    "<article>",
    "<div class='byline comments'>",
    "</div>",
    "\x00",
    "é",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from(["", URL, "x:/1999/9/9/"])
)
def test_never_raises_and_dates_are_iso(pieces: list[str], url: str) -> None:
    found = meta("".join(pieces), url)
    for value in (found.date, found.updated):
        if value is not None:
            dt.datetime.fromisoformat(value)  # raises if it is not ISO 8601
    assert found.byline == (", ".join(found.authors) or None)
