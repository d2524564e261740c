#!/usr/bin/env python3
"""Rebuild sample_warcs/: small archives of fictional news pages in the shapes real sites use.

    python scripts/make_samples.py            # writes sample_warcs/*.warc.gz, .wet.gz, .arc.gz
    python scripts/make_samples.py --check    # exits 1 if the committed files differ from a rebuild

Every page, person, place and event here is invented; the markup imitates the shapes of real
news sites (JSON-LD + OpenGraph articles, div soup, an AP-style aggregator with an infinite-scroll
second story, wire round-ups, several <article> elements, live blogs, legacy charsets,
compressed and chunked payloads, revisits, ARC). What each page must yield is written down by
hand in tests/test_samples.py and sample_warcs/README.md.

The output is byte-identical on every run: record ids are uuid5 of a fixed name, every
WARC-Date and HTTP Date is fixed, and gzip members carry mtime 0 (warcio's own gzip writer uses
zlib's gzip wrapper, which writes mtime 0; the ARC file and Content-Encoding payloads are
compressed here with mtime=0).
"""

# The pages below are HTML fixtures: their long lines are the markup being imitated.
# ruff: noqa: E501

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import sys
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import brotli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT_DIR = Path(__file__).resolve().parents[1] / "sample_warcs"
_NS = uuid.UUID("6d6f7267-7565-5f73-616d-706c65730000")  # "morgue_samples"
SOFTWARE = "morgue scripts/make_samples.py"
USER_AGENT = "Mozilla/5.0 (compatible; morgue-sample-crawler/1.0; +https://example.org/bot)"


def record_id(name: str) -> str:
    """A fixed WARC-Record-ID per sample record, so reruns are byte-identical."""
    return f"<urn:uuid:{uuid.uuid5(_NS, name)}>"


def http_date(warc_date: str) -> str:
    """RFC 7231 date for the HTTP `Date` header from a WARC-Date like 2025-03-04T06:00:00Z."""
    dt = datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ")
    return dt.strftime("%a, %d %b %Y %H:%M:%S GMT")


# ------------------------------------------------------------------------------------------
# Page content. Shared chrome first, then one builder per page.
# ------------------------------------------------------------------------------------------

SHARE_BAR = """<div class="share-tools" aria-label="Share">
  <button class="share-toggle">Share</button>
  <ul class="share-list">
    <li><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a></li>
    <li><a href="#" class="copy">Copy Link copied</a></li>
    <li><a href="mailto:?subject=x">Email</a></li>
    <li><a href="https://x.com/intent/tweet?url=x">X</a></li>
    <li><a href="https://www.linkedin.com/shareArticle?url=x">LinkedIn</a></li>
    <li><a href="https://bsky.app/intent/compose?text=x">Bluesky</a></li>
    <li><a href="https://www.reddit.com/submit?url=x">Reddit</a></li>
  </ul>
</div>"""


def paras(items: Iterable[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{p}</p>" for p in items)


# --- 01 single articles ---------------------------------------------------------------------

FERRY_HEADLINE = "Port Anselm council approves $48 million ferry terminal rebuild"
FERRY_PARAS = [
    "The Port Anselm City Council voted 7-2 on Tuesday night to rebuild the city’s ferry "
    "terminal, ending a three-year argument over whether the 1960s-era pier could be patched "
    "for one more storm season.",
    "The $48 million plan replaces the north and south piers, raises the passenger hall by "
    "nearly four feet and adds a second loading ramp so the island ferries can keep running "
    "while one berth is closed for repairs.",
    "“We have been spending money every winter to hold up a building that the water wants "
    "back,” said Councilwoman Irene Vasquez-Holt, who chairs the public works committee. "
    "“This vote stops that.”",
    "The two members who voted no, Gerald Pike and Thomas Orrin, said the city should have "
    "waited for a state grant decision expected in April. Pike called the timeline “a bet on "
    "money we have not been promised.”",
    "Construction is scheduled to begin in September, after the summer tourist season, and to "
    "last about 20 months. During the work, ferries to Gull Island and Marrow Key will run "
    "from a temporary dock at the former fish market.",
    "Harbor Master Lionel Achebe said the terminal handled about 610,000 passengers last "
    "year, up 9% from the year before.",
]
FERRY_CAPTION = (
    "The north pier of the Port Anselm ferry terminal, where engineers found corroded pilings "
    "last fall. (Tidewater Gazette/Rafael Quint)"
)


def page_ferry() -> str:
    """Shape a: JSON-LD NewsArticle + OpenGraph, newsletter box and related link mid-story."""
    p = FERRY_PARAS
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>{FERRY_HEADLINE} | Tidewater Gazette</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Tidewater Gazette">
<meta property="og:title" content="{FERRY_HEADLINE}">
<meta property="og:description" content="The vote ends a three-year argument over the pier.">
<meta property="og:url" content="https://www.tidewater-gazette.example/news/local/port-anselm-ferry-terminal-rebuild">
<meta property="og:image" content="https://cdn.tidewater-gazette.example/img/ferry-pier.jpg">
<meta property="article:published_time" content="2025-02-11T16:40:00-05:00">
<meta property="article:modified_time" content="2025-02-11T18:05:00-05:00">
<meta property="article:section" content="Local News">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
  "headline": "{FERRY_HEADLINE}",
  "datePublished": "2025-02-11T16:40:00-05:00",
  "dateModified": "2025-02-11T18:05:00-05:00",
  "author": {{"@type": "Person", "name": "Delia Marchetti",
             "url": "https://www.tidewater-gazette.example/staff/delia-marchetti"}},
  "publisher": {{"@type": "NewsMediaOrganization", "name": "Tidewater Gazette",
                "logo": {{"@type": "ImageObject", "url": "https://cdn.tidewater-gazette.example/logo.png"}}}},
  "image": ["https://cdn.tidewater-gazette.example/img/ferry-pier.jpg"],
  "mainEntityOfPage": "https://www.tidewater-gazette.example/news/local/port-anselm-ferry-terminal-rebuild"}}
</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"section": "local"}});</script>
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="/"><img src="/static/logo.svg" alt="Tidewater Gazette"></a>
  <nav><ul><li><a href="/news/local/">Local</a></li><li><a href="/news/state/">State</a></li>
  <li><a href="/sports/">Sports</a></li><li><a href="/opinion/">Opinion</a></li>
  <li><a href="/obituaries/">Obituaries</a></li><li><a href="/subscribe/">Subscribe</a></li></ul></nav>
</header>
<main>
<article class="story">
  <div class="kicker"><a href="/news/local/">Local News</a></div>
  <h1 class="headline">{FERRY_HEADLINE}</h1>
  <div class="byline">By <a href="/staff/delia-marchetti">Delia Marchetti</a></div>
  <div class="dates"><time datetime="2025-02-11T16:40:00-05:00">Feb. 11, 2025, 4:40 p.m.</time>
  · Updated <time datetime="2025-02-11T18:05:00-05:00">6:05 p.m.</time></div>
  {SHARE_BAR}
  <figure class="lead-image">
    <img src="https://cdn.tidewater-gazette.example/img/ferry-pier.jpg" alt="Ferry pier">
    <figcaption>{FERRY_CAPTION}</figcaption>
  </figure>
  <div class="story-body">
{paras(p[:3])}
    <aside class="newsletter-promo"><h3>Get the Morning Tide newsletter</h3>
      <p>Local news in your inbox every weekday.</p>
      <form><input type="email" placeholder="Email address"><button>Sign up</button></form></aside>
{paras(p[3:5])}
    <p class="related-inline"><strong>Related:</strong> <a href="/news/local/island-ferry-schedule">Island residents push for later ferry departures</a></p>
{paras(p[5:])}
  </div>
  <div class="tags">Topics: <a href="/tag/ferries">Ferries</a> <a href="/tag/city-council">City Council</a></div>
</article>
<aside class="most-read"><h2>Most Read</h2><ol>
  <li><a href="/news/local/snow-plow-budget">Snow plow budget runs dry in February</a></li>
  <li><a href="/sports/anselm-high-wins">Anselm High wins first title since 1998</a></li>
  <li><a href="/news/state/tolls">State lawmakers weigh bridge tolls</a></li></ol></aside>
</main>
<footer><p>© 2025 Tidewater Gazette. All rights reserved.</p>
<a href="/about/">About Us</a> <a href="/about/contact">Contact</a> <a href="/privacy">Privacy Policy</a></footer>
</body></html>
"""


BRIDGE_HEADLINE = "Mill River bridge to close for six weeks of deck repairs"
BRIDGE_PARAS = [
    "HOLLIS CROSSING — The Mill River bridge on Route 9 will close to all traffic starting "
    "Oct. 14 so crews can replace its cracked concrete deck, the county highway department "
    "said Monday.",
    "Detours will send drivers north through Dunmore Road, adding roughly 11 minutes to the "
    "trip between Hollis Crossing and the county seat. School buses will use the same route, "
    "and the district said morning pickups on the east side would move 15 minutes earlier.",
    "County engineer Patrice Leland said an inspection in August found water seeping through "
    "the deck in more than a dozen places. “It is safe today, but it will not be safe after "
    "another winter of salt,” she said.",
    "The $2.3 million job is paid for with state bridge funds. The contractor, Barlow & Sons "
    "of Kettering Mills, has until Nov. 25 to reopen the bridge or pay a penalty of $5,000 a "
    "day.",
]


def page_bridge() -> str:
    """Shape b: no metadata at all, headline in a styled div, <br><br> paragraphs, date in URL."""
    body = "<br><br>\n".join(BRIDGE_PARAS).replace("&", "&amp;")
    return f"""<html>
<head>
<title>Granite Valley News</title>
<link rel="stylesheet" href="/css/site.css">
</head>
<body bgcolor="#ffffff">
<div id="wrap">
<div id="top"><div class="logo-text">Granite Valley News</div>
<div class="menu"><a href="/">Home</a> | <a href="/local.html">Local</a> | <a href="/sports.html">Sports</a> | <a href="/classifieds.html">Classifieds</a> | <a href="/weather.html">Weather</a></div></div>
<div id="left">
<div class="box"><div class="boxhead">Local Links</div>
<a href="/schools.html">Schools</a><br><a href="/town-meetings.html">Town meetings</a><br><a href="/police-log.html">Police log</a></div>
<div class="ad">Advertisement<br><a href="/ads/click?id=77"><img src="/ads/hardware.gif" alt="Valley Hardware - Fall sale"></a></div>
</div>
<div id="content">
<div class="t1" style="font-size:26px;font-weight:bold;color:#222;margin:10px 0">{BRIDGE_HEADLINE}</div>
<div class="txt" style="font-family:Georgia;font-size:15px">
{body}
</div>
<div class="more"><a href="/local.html">Click here for more local news</a></div>
<div class="counter">Page views: 1,204</div>
</div>
<div id="bottom">© 2024 Granite Valley News. All rights reserved. | <a href="/contact.html">Contact us</a></div>
</div>
</body>
</html>
"""


FLU_HEADLINE = "Calloway County hospitals report sharp drop in winter flu admissions"
FLU_PARAS = [
    "Hospitals across Calloway County admitted about 40% fewer flu patients this winter than "
    "last, according to figures released Thursday by the county health department.",
    "Between December and February, the county’s four hospitals recorded 312 flu admissions, "
    "down from 528 a year earlier. Emergency room visits for flu-like illness fell by about a "
    "third over the same period.",
    "Dr. Anselm Brevik, the county’s chief medical officer, credited an earlier vaccination "
    "drive that put mobile clinics in grocery store parking lots starting in September. "
    "“People got their shots before the season started, not after it peaked,” he said.",
    "Health officials cautioned that a single mild season can mislead. Last winter’s strain "
    "hit older residents especially hard, and this year’s dominant strain has tended to cause "
    "milder illness nationwide.",
    "The department said it would keep the parking-lot clinics next fall and add evening hours "
    "at its two walk-in sites.",
]


def page_flu() -> str:
    """Byline only in JSON-LD (two authors), no visible credit; date from JSON-LD."""
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8">
<title>{FLU_HEADLINE} – The Meridian Post</title>
<script type="application/ld+json">
[{{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[
  {{"@type":"ListItem","position":1,"name":"Health","item":"https://www.meridianpost.example/health"}}]}},
 {{"@context":"https://schema.org","@type":"NewsArticle","headline":"{FLU_HEADLINE}",
  "datePublished":"2025-03-06T14:12:00Z","dateModified":"2025-03-06T14:12:00Z",
  "author":[{{"@type":"Person","name":"Hana Okonkwo-Reyes"}},{{"@type":"Person","name":"Martin Saelid"}}],
  "publisher":{{"@type":"Organization","name":"The Meridian Post"}},
  "articleSection":"Health","inLanguage":"en"}}]
</script>
</head>
<body>
<div class="topbar"><a href="/">The Meridian Post</a> <a href="/health">Health</a> <a href="/login">Sign in</a></div>
<main id="main">
<div class="article-wrapper">
<h1 class="article-title">{FLU_HEADLINE}</h1>
<p class="dek">Health officials credit an early vaccination drive, but warn against reading too much into one season.</p>
<div class="article-content">
{paras(FLU_PARAS)}
</div>
<div class="paywall-note">You have read 2 of 5 free articles this month. <a href="/subscribe">Subscribe</a></div>
</div>
</main>
<footer>The Meridian Post · 200 Harbor St. · <a href="/terms">Terms</a></footer>
</body></html>
"""


WATER_HEADLINE = "Utility finds lead service lines at 1,900 more Eastbrook homes"
WATER_PARAS = [
    "Eastbrook’s water utility has found lead pipes connecting about 1,900 more homes to its "
    "mains than it had on record, bringing the city’s total to nearly 6,400, officials said "
    "Tuesday.",
    "The new count comes from a door-to-door survey that crews began last spring, digging "
    "small test holes near curbs where the utility’s paper maps were incomplete or wrong.",
    "“The maps were drawn in the 1950s, and some of them were simply guesses,” said Colette "
    "Aubry, the utility’s director of operations.",
    "The city plans to replace all known lead lines within eight years, using a mix of "
    "federal grants and a surcharge of $4 a month on residential bills approved last year.",
    "Residents can look up their address on the utility’s website and request a free filter "
    "while they wait.",
]


def page_water() -> str:
    """Visible "By … and …" byline, date only in a <time> element, no meta, no JSON-LD."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{WATER_HEADLINE} - Eastbrook Observer</title>
<meta name="description" content="The new count comes from a door-to-door survey."></head>
<body>
<nav class="primary"><a href="/">Eastbrook Observer</a><a href="/news">News</a><a href="/business">Business</a><a href="/eastbrook-life">Life</a></nav>
<div class="container">
  <div class="breadcrumb"><a href="/news">News</a> › <a href="/news/city">City</a></div>
  <h1>{WATER_HEADLINE}</h1>
  <p class="byline">By <a href="/people/marta-lindqvist">Marta Lindqvist</a> and <a href="/people/oren-castellano">Oren Castellano</a></p>
  <p class="timestamp"><time datetime="2025-03-18T07:30:00-04:00">March 18, 2025 at 7:30 a.m.</time></p>
  <div class="article-body">
{paras(WATER_PARAS)}
  </div>
  <div class="comments"><h3>Comments (14)</h3><p>Log in to join the conversation.</p></div>
</div>
<footer><p>Eastbrook Observer © 2025</p></footer>
</body></html>
"""


ORCHARD_HEADLINE = "Late frost spares most of Brennock Valley’s cherry crop"
ORCHARD_PARAS = [
    "Growers in the Brennock Valley said Wednesday that an overnight frost did less damage "
    "than feared, with early estimates putting losses at under 10% of the cherry crop.",
    "Temperatures dipped to 27 degrees in the lowest orchards shortly before dawn Tuesday. "
    "Many farmers ran wind machines and sprinklers through the night to keep the blossoms "
    "from freezing.",
    "“We lost some of the early varieties on the valley floor, but the hillside blocks look "
    "fine,” said Ruth Ambrose, who farms 60 acres outside Callan.",
    "The valley’s growers’ cooperative will publish a fuller estimate after the petals drop "
    "in about two weeks.",
]


def page_orchard() -> str:
    """WordPress-style post: the <h1> is the site name, the headline is an <h2 class=entry-title>.

    Date and update time from <time class="entry-date published"> / <time class="updated">.
    """
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8">
<title>{ORCHARD_HEADLINE} &#8211; Brennock Valley Record</title>
<meta name="generator" content="WordPress 6.4.2">
<link rel="alternate" type="application/rss+xml" title="Brennock Valley Record &raquo; Feed" href="/feed/">
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
  <h1 class="site-title"><a href="/" rel="home">Brennock Valley Record</a></h1>
  <p class="site-description">News from the valley since 1923</p>
  <nav id="site-navigation"><ul id="primary-menu"><li><a href="/category/news/">News</a></li><li><a href="/category/farm/">Farm</a></li><li><a href="/category/schools/">Schools</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">
<article id="post-4127" class="post-4127 post type-post status-publish category-farm">
  <header class="entry-header">
    <h2 class="entry-title">{ORCHARD_HEADLINE}</h2>
    <div class="entry-meta"><span class="posted-on">Posted on <a href="/2025/04/09/late-frost-cherry-crop/" rel="bookmark"><time class="entry-date published" datetime="2025-04-09T11:20:00-07:00">April 9, 2025</time><time class="updated" datetime="2025-04-10T08:00:00-07:00">April 10, 2025</time></a></span>
    <span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/jfarrow/">Jonah Farrow</a></span></span></div>
  </header>
  <div class="entry-content">
{paras(ORCHARD_PARAS)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="?share=facebook">Facebook</a></li><li><a href="?share=email">Email</a></li></ul></div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/farm/">Farm</a></span></footer>
</article>
<nav class="post-navigation"><div class="nav-previous"><a href="/2025/04/08/school-board/">Previous: School board delays vote on bus contract</a></div></nav>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Recent Posts</h2><ul><li><a href="/2025/04/08/school-board/">School board delays vote on bus contract</a></li><li><a href="/2025/04/07/fire-hall/">Volunteer fire hall gets new roof</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer">Proudly powered by WordPress</footer>
</div>
</body></html>
"""


SENTINEL_HEADLINE = "Ridgeview fire chief to retire after 31 years with the department"
SENTINEL_PARAS = [
    "Ridgeview Fire Chief Samuel Okafor will retire at the end of June after 31 years with "
    "the department, the last nine as its chief, the city announced Friday.",
    "Okafor joined as a volunteer in 1994 and became the department’s first paramedic "
    "captain in 2006. Under his leadership the city opened a third station on the west side "
    "and cut average response times there from 11 minutes to under seven.",
    "Mayor Constance Whitfield said a national search for his successor would begin next "
    "month. Deputy Chief Aurelia Banks will serve as interim chief.",
]


def page_sentinel() -> str:
    """The <h1> is the site logo; the headline is in og:title and an <h2>; date and author in meta."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Ridgeview Sentinel | {SENTINEL_HEADLINE}</title>
<meta property="og:title" content="{SENTINEL_HEADLINE}">
<meta property="og:site_name" content="Ridgeview Sentinel">
<meta name="author" content="Priya Castellanos">
<meta property="article:published_time" content="2025-05-02T15:00:00-05:00">
</head>
<body>
<div class="masthead"><h1><a href="/">Ridgeview Sentinel</a></h1>
<ul class="sections"><li>News</li><li>Public Safety</li><li>Sports</li><li>Calendar</li></ul></div>
<div class="main-col">
  <div class="section-label">Public Safety</div>
  <h2 class="story-title">{SENTINEL_HEADLINE}</h2>
  <div class="story-text">
{paras(SENTINEL_PARAS)}
  </div>
  <div class="related"><h4>Related Stories</h4><ul>
    <li><a href="/news/west-station-opens">West side fire station opens its doors</a></li>
    <li><a href="/news/fire-budget">Council approves fire department budget</a></li></ul></div>
</div>
<div class="footer">Ridgeview Sentinel, a member of the Valley Newspaper Group.</div>
</body></html>
"""


REEF_HEADLINE = "Divers map a shipwreck off Cape Tolland, 140 years after it sank"
REEF_PARAS = [
    "A team of volunteer divers has mapped the wreck of the schooner Margaret Hale, which "
    "sank off Cape Tolland in a November gale in 1885, the Tolland Maritime Museum said "
    "Wednesday.",
    "The divers spent 19 days on the site last summer, building a 3D model of the hull from "
    "more than 11,000 photographs. The stern lies in 60 feet of water, largely intact, while "
    "the bow broke apart on a ledge.",
    "“You can still see the anchor chain running out of the hawse pipe,” said Ines Farquhar, "
    "who led the survey. “She went down trying to hold her position.”",
    "All seven crew members survived the sinking by rowing to shore, according to newspaper "
    "accounts from the time.",
    "The museum will open an exhibit built around the model in June.",
]
REEF_VIDEO_CAPTION = (
    "Video: A diver swims along the stern of the Margaret Hale. (Tolland Maritime Museum)"
)


def page_reef() -> str:
    """A video with a caption and a pull quote that repeats a sentence of the body."""
    p = REEF_PARAS
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{REEF_HEADLINE} | Cape Tolland Beacon</title>
<meta property="og:title" content="{REEF_HEADLINE}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{REEF_HEADLINE}","datePublished":"2025-01-22T09:00:00-05:00",
"author":{{"@type":"Person","name":"Walter Brandt"}}}}</script>
</head><body>
<header><a href="/"><img src="/logo.png" alt="Cape Tolland Beacon"></a></header>
<article>
<h1>{REEF_HEADLINE}</h1>
<div class="byline">By Walter Brandt</div>
<figure class="video-embed">
  <video controls poster="/media/hale-stern.jpg"><source src="/media/hale-stern.mp4" type="video/mp4"></video>
  <figcaption>{REEF_VIDEO_CAPTION}</figcaption>
</figure>
{paras(p[:3])}
<blockquote class="pull-quote"><p>“You can still see the anchor chain running out of the hawse pipe.”</p></blockquote>
{paras(p[3:])}
</article>
<section class="newsletter"><p>Sign up for Beacon Briefing, our free morning email.</p></section>
</body></html>
"""


# --- 02 aggregator (HTML and WET) -----------------------------------------------------------

AGG_URL = "https://www.wireline-news.example/article/marenthia-floods-salvara-dam-3f9c1a07"
AGG_HEADLINE = "Floodwaters reach Salvara as operators open dam spillways after week of rain"
AGG_CATEGORY = "WORLD NEWS"
AGG1_BYLINE = "AMARA OKPARA and TOMAS VELIKOV"
AGG1_PUBLISHED = "Published 7:02 PM GMT+2, March 3, 2025"
AGG1_CAPTIONS = [
    "Residents wade through a flooded street in Salvara, Marenthia, Monday, March 3, 2025. "
    "(AP Photo/Jonas Ferreira)",
    "Water pours from the spillways of the Upper Lessa dam near Salvara, Marenthia, Monday, "
    "March 3, 2025. (AP Photo/Jonas Ferreira)",
    "A volunteer carries a child to a rescue boat in the Tanner’s Quarter of Salvara, "
    "Marenthia, Sunday, March 2, 2025. (AP Photo/Mira Hollis)",
]
AGG1_PARAS = [
    "SALVARA, Marenthia (AP) — Floodwaters poured into the low-lying districts of Salvara on "
    "Monday after dam operators opened all four spillways of the Upper Lessa reservoir, which "
    "had risen to within a meter of its crest after a week of unbroken rain.",
    "Civil defense crews in rubber boats moved through the Tanner’s Quarter, where water "
    "stood chest-deep by midafternoon, and at least 3,200 people spent the night in schools "
    "and sports halls, the regional governor’s office said.",
    "“We had to choose between releasing the water today and risking the dam tomorrow,” said "
    "Petra Lind, the head of the state water authority, at a news conference. “There was no "
    "choice that kept everyone dry.”",
    "No deaths were reported in Salvara, but two fishermen were missing on Lake Orvessa, "
    "about 40 kilometers (25 miles) to the east, after their boat overturned on Saturday.",
    "Marenthia’s weather service said the rain would ease by Wednesday. Rivers in the south "
    "of the country were expected to keep rising until the weekend as water moves downstream.",
    "The government released emergency funds for the region and asked neighboring Veskaria "
    "for pumps and mobile water-treatment units.",
    "Velikov reported from Vienna.",
    "AP journalist Lena Marsh in Geneva contributed to this report.",
]
AGG2_BYLINE = "NIRAN CHAIWAT"
AGG2_PUBLISHED = "Published 10:45 AM GMT+2, March 2, 2025"
AGG2_CAPTIONS = [
    "Rice farmer Edda Voss checks her flooded field outside Kestrel Bay, Marenthia, Sunday, "
    "March 2, 2025. (AP Photo/Mira Hollis)",
]
AGG2_PARAS = [
    "KESTREL BAY, Marenthia (AP) — Rice farmers along Marenthia’s southern coast began "
    "counting their losses Sunday as seawater pushed up swollen rivers and into paddies "
    "weeks before the spring planting.",
    "Agriculture officials estimated that at least 14,000 hectares (34,600 acres) of farmland "
    "were under water in Kestrel Bay province alone. Salt left behind by the tide can make a "
    "field unusable for a season or longer.",
    "“The river came in from the wrong end,” said Edda Voss, who farms 12 hectares with her "
    "two brothers. “We are used to fresh water. This is the sea.”",
    "The provincial government said it would pay farmers to flush their fields with fresh "
    "water once the rivers drop, a process that can take several months.",
    "Chaiwat reported from Bangkok.",
    "AP journalist Ilse Brandvold contributed to this report.",
]
AGG_RECOMMENDED = [
    (
        "Veskaria’s parliament passes budget after all-night session",
        "/article/veskaria-budget-vote-88a1",
    ),
    ("Rescuers free whale tangled in fishing net off Port Ilmar", "/article/whale-net-rescue-1c2d"),
    ("Marenthia’s central bank holds rates steady", "/article/marenthia-rates-7f20"),
    ("Photos: A week of rain in Marenthia", "/gallery/marenthia-rain-photos-2b9e"),
]
AGG_NAV = [
    "World",
    "U.S.",
    "Politics",
    "Sports",
    "Entertainment",
    "Business",
    "Science",
    "Fact Check",
]
AGG_FOOTER = [
    "About",
    "Contact Us",
    "Terms of Use",
    "Privacy Policy",
    "© 2025 Wireline News. All Rights Reserved.",
]


def _agg_gallery(captions: list[str], name: str) -> str:
    slides = "\n".join(
        f'<div class="Carousel-slide"><figure class="Figure">'
        f'<img src="https://img.wireline-news.example/{name}-{i}.jpg" alt="{c}">'
        f'<div class="Carousel-counter">{i + 1} of {len(captions)}</div>'
        f'<figcaption class="Figure-caption"><div class="CarouselSlide-infoDescription">'
        f"<p>{c}</p></div><button>Read More</button></figcaption></figure></div>"
        for i, c in enumerate(captions)
    )
    thumbs = "\n".join(
        f'<li class="Carousel-thumb"><img src="https://img.wireline-news.example/{name}-{i}-t.jpg"'
        f' alt="{c}"><span class="Carousel-thumbCaption">{c}</span></li>'
        for i, c in enumerate(captions)
    )
    return (
        f'<div class="Carousel" data-gallery="{name}">\n{slides}\n'
        f'<ul class="Carousel-thumbs">\n{thumbs}\n</ul></div>'
    )


def page_aggregator() -> str:
    """Shape c: AP-style page, one story with headline, a second one (infinite scroll) without."""
    recommended = "\n".join(
        f'<li class="PageList-items-item"><div class="PagePromo"><a href="{u}">'
        f'<span class="PagePromoContentIcons-text">{t}</span></a></div></li>'
        for t, u in AGG_RECOMMENDED
    )
    nav = "".join(f'<li><a href="/hub/{n.lower()}">{n}</a></li>' for n in AGG_NAV)
    footer = "".join(f"<li>{f}</li>" for f in AGG_FOOTER)
    p1, p2 = AGG1_PARAS, AGG2_PARAS
    return f"""<!DOCTYPE html>
<html class="ArticlePage" lang="en">
<head>
<meta charset="UTF-8">
<title>{AGG_HEADLINE} | Wireline News</title>
<meta property="og:title" content="{AGG_HEADLINE}">
<meta property="og:site_name" content="Wireline News">
<meta property="og:type" content="article">
<meta name="description" content="Floodwaters poured into the low-lying districts of Salvara on Monday.">
<script type="application/ld+json">{{"@context":"http://schema.org","@type":"NewsArticle",
"headline":"{AGG_HEADLINE}","datePublished":"2025-03-03T17:02:00Z","dateModified":"2025-03-03T19:14:00Z",
"author":[{{"@type":"Person","name":"Amara Okpara"}},{{"@type":"Person","name":"Tomas Velikov"}}],
"articleSection":["World News"],"publisher":{{"@type":"Organization","name":"Wireline News"}}}}</script>
</head>
<body class="Page-body">
<a class="Page-skipToContent" href="#main">Skip to Content</a>
<header class="Page-header">
  <a class="Page-header-logo" href="/"><img src="/static/wireline-logo.svg" alt="Wireline News"></a>
  <nav class="Page-header-navigation"><ul>{nav}</ul></nav>
  <a class="Page-header-search" href="/search">Search</a>
</header>
<main id="main" class="Page-main">
<div class="Page-breadcrumbs"><a href="/hub/world-news">{AGG_CATEGORY}</a> › <a href="/hub/marenthia">Marenthia</a> › <span>{AGG_HEADLINE}</span></div>
<div class="Page-content" data-story="1">
  <div class="Page-storyLabel"><a href="/hub/world-news">{AGG_CATEGORY}</a></div>
  <h1 class="Page-headline">{AGG_HEADLINE}</h1>
  <div class="Page-authors"><span class="Page-byline">By {AGG1_BYLINE}</span></div>
  <div class="Page-dateModified"><bsp-timestamp data-timestamp="1741021320000"><span>{AGG1_PUBLISHED}</span></bsp-timestamp></div>
  {SHARE_BAR}
  {_agg_gallery(AGG1_CAPTIONS, "salvara")}
  <div class="RichTextStoryBody RichTextBody">
{paras(p1[:3])}
    <div class="Advertisement"><span>ADVERTISEMENT</span><div id="ad-slot-1"></div></div>
{paras(p1[3:6])}
    <p><em>{p1[6]}</em></p>
    <p><em>{p1[7]}</em></p>
  </div>
  <div class="Page-storyLabel-bottom"><a href="/hub/world-news">{AGG_CATEGORY}</a></div>
</div>
<div class="Recommended" data-module="recommended">
  <h2 class="Recommended-title">Recommended Articles</h2>
  <ul class="PageList-items">
{recommended}
  </ul>
</div>
<hr class="Page-storyDivider">
<div class="Page-content" data-story="2" data-infinite-scroll="true">
  <div class="Page-storyLabel"><a href="/hub/world-news">{AGG_CATEGORY}</a></div>
  <div class="Page-authors"><span class="Page-byline">By {AGG2_BYLINE}</span></div>
  <div class="Page-datePublished"><time datetime="2025-03-02T08:45:00Z">{AGG2_PUBLISHED}</time></div>
  {SHARE_BAR}
  {_agg_gallery(AGG2_CAPTIONS, "kestrel")}
  <div class="RichTextStoryBody RichTextBody">
{paras(p2[:2])}
    <div class="Advertisement"><span>ADVERTISEMENT</span><div id="ad-slot-2"></div></div>
{paras(p2[2:4])}
    <p><em>{p2[4]}</em></p>
    <p><em>{p2[5]}</em></p>
  </div>
</div>
</main>
<footer class="Page-footer"><img src="/static/wireline-logo-white.svg" alt="Wireline News"><ul>{footer}</ul></footer>
</body>
</html>
"""


def text_aggregator() -> str:
    """Shape d: the aggregator page as a WET `conversion` record would render it.

    Blocks are separated by blank lines; a block of links (the nav, the share list) keeps one
    item per line, as text extractors print them. Each caption appears twice (slide + thumb).
    """
    share = "Share\nFacebook\nCopy Link copied\nEmail\nX\nLinkedIn\nBluesky\nReddit"

    def gallery(captions: list[str]) -> list[str]:
        out: list[str] = []
        for i, c in enumerate(captions):
            out += [f"{i + 1} of {len(captions)}", c, "Read More"]
        out += captions  # the thumbnail strip repeats every caption
        return out

    blocks = [
        f"{AGG_HEADLINE} | Wireline News",
        "Skip to Content",
        "\n".join([*AGG_NAV, "Search"]),
        f"{AGG_CATEGORY} › Marenthia › {AGG_HEADLINE}",
        AGG_CATEGORY,
        AGG_HEADLINE,
        f"By {AGG1_BYLINE}",
        AGG1_PUBLISHED,
        share,
        *gallery(AGG1_CAPTIONS),
        *AGG1_PARAS[:3],
        "ADVERTISEMENT",
        *AGG1_PARAS[3:],
        AGG_CATEGORY,
        "Recommended Articles",
        "\n".join(t for t, _ in AGG_RECOMMENDED),
        AGG_CATEGORY,
        f"By {AGG2_BYLINE}",
        AGG2_PUBLISHED,
        share,
        *gallery(AGG2_CAPTIONS),
        *AGG2_PARAS[:2],
        "ADVERTISEMENT",
        *AGG2_PARAS[2:],
        "\n".join(AGG_FOOTER),
    ]
    return "\n\n".join(blocks) + "\n"


# --- 03 round-ups ---------------------------------------------------------------------------

#: (headline, dateline as printed, paragraphs) — the first paragraph opens with the dateline.
ROUNDUP1_BRIEFS: list[tuple[str, str, list[str]]] = [
    (
        "Senate panel advances bill on rural broadband grants",
        "WASHINGTON (AP) —",
        [
            "WASHINGTON (AP) — A Senate committee voted 14-9 on Monday to advance a bill that would "
            "set aside $6 billion for broadband grants in rural counties, sending it to the full "
            "Senate for a vote expected next month.",
            "The measure, sponsored by Sen. Harriet Calder, would give priority to counties where "
            "fewer than half of homes can buy a connection faster than 25 megabits per second.",
        ],
    ),
    (
        "Thames barrier closes twice in one week for first time since 2014",
        "LONDON (Reuters) -",
        [
            "LONDON (Reuters) - The flood barrier across the River Thames closed twice in a single "
            "week for the first time in more than a decade, the Environment Agency said on Monday, "
            "as a spring tide coincided with strong easterly winds.",
            "The agency said the closures were routine precautions and that no homes had flooded.",
        ],
    ),
    (
        "Hainan ferry line adds night sailings for holiday travel",
        "BEIJING, Jan. 14 (Xinhua) --",
        [
            "BEIJING, Jan. 14 (Xinhua) -- A ferry operator serving Hainan island will add 46 night "
            "sailings across the Qiongzhou Strait ahead of the Spring Festival travel rush, the "
            "company said Tuesday.",
            "The extra sailings are expected to carry about 30,000 passengers and 9,000 vehicles "
            "over the holiday period.",
        ],
    ),
    (
        "Paris transit strike halts most metro lines for a day",
        "PARIS —",
        [
            "PARIS — Most of the Paris metro stood still on Monday as transit workers walked out "
            "over a proposed change to shift schedules, leaving commuters to crowd onto buses and "
            "rental bicycles.",
            "Only the two automated lines ran a normal service. Union leaders said the strike would "
            "end at midnight but did not rule out further action next week.",
        ],
    ),
    (
        "Kenyan court orders new count in disputed county race",
        "NAIROBI, Kenya (AP) —",
        [
            "NAIROBI, Kenya (AP) — Kenya’s High Court on Monday ordered a recount of ballots in a "
            "disputed governor’s race in Miraba county, saying that tally sheets from 31 polling "
            "stations had been altered.",
            "The electoral commission said it would begin the recount within two weeks.",
            "The losing candidate had filed the petition in November, days after the results were "
            "announced.",
        ],
    ),
    (
        "Canada extends wildfire crew program to three more provinces",
        "OTTAWA (Reuters) -",
        [
            "OTTAWA (Reuters) - Canada will extend a federal program that trains and pays seasonal "
            "wildfire crews to three more provinces this year, the natural resources minister said "
            "on Monday.",
            "The program, launched as a pilot in 2023, covers wages and equipment for crews that "
            "can be sent anywhere in the country during the fire season.",
        ],
    ),
    (
        "Marenthia names new envoy to regional water talks",
        "SALVARA, Marenthia (AFP) —",
        [
            "SALVARA, Marenthia (AFP) — Marenthia on Monday named veteran diplomat Oskar Veil as "
            "its envoy to talks with Veskaria over sharing the water of the Lessa river.",
            "The talks, which stalled last year, are due to resume in February.",
        ],
    ),
    (
        "Rare cockatoo colony found in pine plantation",
        "CANBERRA, Australia (AP) —",
        [
            "CANBERRA, Australia (AP) — Wildlife officials said Tuesday that a colony of about 60 "
            "glossy black cockatoos had been found nesting in a commercial pine plantation west of "
            "the city, far from the birds’ known range.",
            "Logging in the area will pause until the birds finish nesting in March.",
        ],
    ),
]

ROUNDUP2_BRIEFS: list[tuple[str, list[str]]] = [
    (
        "TOKYO (AP) —",
        [
            "TOKYO (AP) — Japan’s weather agency said Wednesday that a moderate earthquake off the "
            "coast of the Boso Peninsula caused no damage and posed no tsunami risk.",
            "Trains on two commuter lines were halted for about 20 minutes while tracks were "
            "checked.",
        ],
    ),
    (
        "BERLIN (Reuters) -",
        [
            "BERLIN (Reuters) - German regional train operators will add 400 extra carriages to "
            "busy routes by summer, the transport ministry said on Wednesday, after a winter of "
            "overcrowding complaints.",
            "The carriages are being leased from operators in Austria and the Netherlands.",
        ],
    ),
    (
        "NEW DELHI, Jan. 15 (Xinhua) --",
        [
            "NEW DELHI, Jan. 15 (Xinhua) -- Dense fog delayed more than 120 flights at New Delhi’s "
            "main airport on Wednesday morning, airport officials said.",
            "Visibility on two runways dropped below 50 meters for several hours.",
        ],
    ),
    (
        "MADRID —",
        [
            "MADRID — Spain’s parliament approved a law on Wednesday that caps the price of "
            "short-term rentals in cities where rents have risen more than 10% in two years.",
            "Tourism businesses said the law would push visitors toward unlicensed listings.",
        ],
    ),
    (
        "JOHANNESBURG (AP) —",
        [
            "JOHANNESBURG (AP) — South African park rangers moved 11 black rhinos by helicopter "
            "and truck to a private reserve in the Eastern Cape on Wednesday, the parks agency said.",
            "The reserve has not had rhinos since the 1950s.",
        ],
    ),
    (
        "ROME (Reuters) -",
        [
            "ROME (Reuters) - Italian police recovered two 17th-century paintings stolen from a "
            "church near Viterbo in 1996, the culture ministry said on Wednesday.",
            "The paintings were found in a private home during an unrelated investigation.",
        ],
    ),
    (
        "CAIRO (AP) —",
        [
            "CAIRO (AP) — Egypt opened a restored section of a 4,000-year-old canal near Aswan to "
            "visitors on Wednesday, the antiquities ministry said.",
            "The canal once let boats bypass the first cataract of the Nile.",
        ],
    ),
    (
        "OSLO, Norway (AP) —",
        [
            "OSLO, Norway (AP) — Norway’s largest ski resort opened a second lift powered entirely "
            "by a nearby hydroelectric plant on Wednesday.",
            "The resort said all of its lifts would run on hydropower by next winter.",
        ],
    ),
]


def page_roundup1() -> str:
    """Shape e: a world round-up, each brief with its own <h3> and dateline; date in meta."""
    briefs = "\n".join(
        f'<div class="brief" id="brief-{i}">\n<h3 class="brief-head">{h}</h3>\n{paras(ps)}\n</div>'
        for i, (h, _, ps) in enumerate(ROUNDUP1_BRIEFS)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>World news in brief: Jan. 14, 2025 | The Ledger International</title>
<meta property="og:title" content="World news in brief: Jan. 14, 2025">
<meta property="article:published_time" content="2025-01-14T06:00:00Z">
</head><body>
<header><a href="/"><img src="/logo.svg" alt="The Ledger International"></a>
<nav><a href="/world">World</a> <a href="/business">Business</a> <a href="/briefs">Briefs</a></nav></header>
<main>
<h1>World news in brief</h1>
<p class="standfirst">The stories from around the world you need this morning.</p>
{briefs}
<div class="more-briefs"><a href="/briefs/2025-01-13">Read yesterday’s briefs</a></div>
</main>
<footer>© 2025 The Ledger International · <a href="/about">About</a></footer>
</body></html>
"""


def page_roundup2() -> str:
    """Shape e: a print-style round-up, no headings: briefs separated only by their datelines."""
    body = "\n".join(paras(ps) for _, ps in ROUNDUP2_BRIEFS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Nation &amp; World briefs - Harlan Valley Tribune</title>
</head><body>
<div id="masthead"><a href="/">Harlan Valley Tribune</a></div>
<div id="nav"><a href="/news">News</a> <a href="/nation-world">Nation &amp; World</a> <a href="/sports">Sports</a></div>
<div id="story">
<h1>Nation &amp; World briefs</h1>
<div class="pubdate">Published January 15, 2025</div>
<div class="storytext">
{body}
</div>
</div>
<div id="footer">Harlan Valley Tribune · Copyright 2025</div>
</body></html>
"""


# --- 04 several articles, an updated article, a live blog -----------------------------------

#: (headline, byline, ISO time, paragraphs, caption or None)
EVENING_ARTICLES: list[tuple[str, str, str, list[str], str | None]] = [
    (
        "Northgate school board picks former principal as superintendent",
        "Lucia Ferrante",
        "2025-02-27T17:10:00-06:00",
        [
            "The Northgate school board on Thursday chose Raymond Ostrowski, a former principal of "
            "Northgate Central High School, as the district’s next superintendent.",
            "Ostrowski, 54, will take over in July from Superintendent Evelyn Marsh, who is "
            "retiring after eight years. The board’s vote was unanimous.",
            "He said his first priority would be hiring enough bus drivers to end the district’s "
            "staggered start times.",
        ],
        None,
    ),
    (
        "Grain elevator fire burns for two days outside Carvel",
        "Dmitri Halloran",
        "2025-02-27T15:45:00-06:00",
        [
            "Firefighters from five departments were still pouring water on a smoldering grain "
            "elevator outside Carvel on Thursday, two days after a fire broke out in its dryer.",
            "No one was hurt. The owner, Prairie Gold Cooperative, said about 180,000 bushels of "
            "corn were inside when the fire started.",
            "State fire investigators said dust explosions were not suspected.",
        ],
        "Smoke rises from the Prairie Gold grain elevator near Carvel on Wednesday. "
        "(Northgate Chronicle/Ana Beltran)",
    ),
    (
        "Library’s seed lending program doubles in its second year",
        "Theo Nakamura",
        "2025-02-27T12:30:00-06:00",
        [
            "The Northgate Public Library lent more than 4,000 packets of vegetable and flower "
            "seeds last year, twice as many as in the program’s first season.",
            "Borrowers are asked, but not required, to return seeds saved from their harvest. "
            "Librarian Joan Pettit said about one in five did.",
        ],
        None,
    ),
    (
        "Northgate Knights rally past Elm Ridge to reach regional final",
        "Carla Munoz",
        "2025-02-27T21:55:00-06:00",
        [
            "Junior guard Malik Torres scored 11 of his 23 points in the fourth quarter as the "
            "Northgate Knights came back from 12 points down to beat Elm Ridge 61-57 on Thursday.",
            "The Knights will play Bellhaven in the regional final on Saturday.",
        ],
        None,
    ),
]


def page_evening() -> str:
    """Shape f: a page of several <article> elements, each a whole story with its own <time>."""
    arts = []
    for i, (h, by, iso, ps, cap) in enumerate(EVENING_ARTICLES):
        fig = (
            f'<figure><img src="/img/evening-{i}.jpg" alt=""><figcaption>{cap}</figcaption></figure>'
            if cap
            else ""
        )
        arts.append(
            f'<article class="edition-story" id="story-{i}">\n<h2>{h}</h2>\n'
            f'<div class="meta"><span class="author">By {by}</span> · <time datetime="{iso}">'
            f"{iso[:10]}</time></div>\n{fig}\n{paras(ps)}\n"
            f'<a class="permalink" href="/story/{i}">Permalink</a></article>'
        )
    articles = "\n".join(arts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Evening Edition, Feb. 27 - Northgate Chronicle</title></head>
<body>
<header><a href="/"><img src="/logo.png" alt="Northgate Chronicle"></a><nav><a href="/news">News</a> <a href="/sports">Sports</a> <a href="/evening-edition">Evening Edition</a></nav></header>
<main>
<h1 class="edition-title">Evening Edition</h1>
{articles}
</main>
<aside class="popular"><h3>Most popular</h3><ul><li><a href="/a">Snow totals from Wednesday’s storm</a></li><li><a href="/b">Restaurant inspections for February</a></li></ul></aside>
<footer>Northgate Chronicle · 401 Main St. · © 2025</footer>
</body></html>
"""


CANAL_HEADLINE = "Lanshui opens its first cross-river metro tunnel"
CANAL_PARAS = [
    "LANSHUI, Jan. 18 (Xinhua) -- The first metro tunnel under the Lan River opened to "
    "passengers on Saturday morning, cutting the trip between the city’s old town and the "
    "eastern business district to 9 minutes.",
    "The 3.2-km tunnel took five years to build and carries Line 4 of the city’s metro. About "
    "120,000 passengers a day are expected to use it in its first year.",
    "City officials said ferry services across the river would continue at reduced frequency.",
]


def page_canal() -> str:
    """Shape h: updated article; the only dates are the visible "… Last Updated At:…" stamp."""
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{CANAL_HEADLINE} - Eastgate Daily</title>
<meta name="keywords" content="Lanshui, metro, tunnel">
</head>
<body>
<div class="top-nav"><a href="/">Home</a> | <a href="/china">China</a> | <a href="/world">World</a> | <a href="/business">Business</a> | <a href="/photo">Photo</a></div>
<div class="left_zw">
<div class="content">
<h1>{CANAL_HEADLINE}</h1>
<div class="info"><span class="date">2025-01-18 08:55 Last Updated At:09:00</span> <span class="source">Source: Eastgate Daily</span></div>
<div class="text">
{paras(CANAL_PARAS)}
</div>
<div class="related-news"><h4>Related News</h4><a href="/n/1">Lanshui metro Line 4 begins trial runs</a></div>
</div></div>
<div class="footer">Copyright © Eastgate Daily. All Rights Reserved.</div>
</body></html>
"""


LIVE_HEADLINE = "Live updates: Veskaria votes in snap parliamentary election"
#: newest first, as live blogs print them: (time label, ISO, entry title, paragraphs)
LIVE_ENTRIES: list[tuple[str, str, str, list[str]]] = [
    (
        "22:41",
        "2025-04-06T22:41:00+02:00",
        "Prime minister concedes",
        [
            "Prime Minister Aldo Rasmussen has conceded defeat in a short speech to supporters in "
            "Rellin, saying his party would “listen and rebuild.”",
        ],
    ),
    (
        "21:15",
        "2025-04-06T21:15:00+02:00",
        "Turnout reaches 71%",
        [
            "The election commission says turnout reached 71%, the highest since 1994.",
            "Queues were still forming outside some polling stations in the capital when the "
            "doors closed.",
        ],
    ),
    (
        "20:00",
        "2025-04-06T20:00:00+02:00",
        "Polls close",
        [
            "Polling stations across Veskaria have closed. The first official results are "
            "expected within two hours.",
        ],
    ),
]


def page_liveblog() -> str:
    """Shape h: a live blog (one story): LiveBlogPosting JSON-LD, entries newest first."""
    key_events = "".join(
        f'<li><a href="#post-{i}">{t}</a></li>' for i, (_, _, t, _) in enumerate(LIVE_ENTRIES)
    )
    posts = "\n".join(
        f'<div class="live-post" id="post-{i}"><div class="live-post-time"><time datetime="{iso}">'
        f'{label}</time></div><h3 class="live-post-title">{t}</h3>\n{paras(ps)}\n'
        f'<div class="live-post-share"><a href="#post-{i}">Share this post</a></div></div>'
        for i, (label, iso, t, ps) in enumerate(LIVE_ENTRIES)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{LIVE_HEADLINE} | The Capital Report</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"LiveBlogPosting",
"headline":"{LIVE_HEADLINE}","datePublished":"2025-04-06T18:00:00+02:00",
"dateModified":"2025-04-06T22:41:00+02:00","coverageStartTime":"2025-04-06T18:00:00+02:00",
"author":{{"@type":"Person","name":"Greta Holm"}}}}</script>
</head><body>
<header><a href="/">The Capital Report</a> <a href="/live">Live</a> <a href="/politics">Politics</a></header>
<main>
<span class="live-badge">LIVE</span>
<h1>{LIVE_HEADLINE}</h1>
<p class="byline">By Greta Holm</p>
<div class="key-events"><h2>Key events</h2><ul>{key_events}</ul></div>
<div class="live-feed">
{posts}
</div>
<button class="load-more">Load more</button>
</main>
<footer>The Capital Report © 2025</footer>
</body></html>
"""


# --- 05 pages without stories ---------------------------------------------------------------

SECTION_TEASERS = [
    (
        "Snow plow budget runs dry in February",
        "Public works says it will borrow from the parks fund.",
        "snow-plow-budget",
    ),
    (
        "Island residents push for later ferry departures",
        "A petition asks for a 10 p.m. boat.",
        "island-ferry-schedule",
    ),
    (
        "Marrow Key lighthouse gets a new lens",
        "The 1890s lens goes to the museum.",
        "lighthouse-lens",
    ),
    (
        "School lunch prices to rise 25 cents",
        "The district cites food costs.",
        "school-lunch-prices",
    ),
    (
        "Police log: stolen kayak found in marsh",
        "And other calls from the week.",
        "police-log-kayak",
    ),
    (
        "Anselm High wins first title since 1998",
        "The Mariners beat Dover Point 3-1.",
        "anselm-high-wins",
    ),
    ("Planning board rejects hotel on Front Street", "The vote was 4-1.", "front-street-hotel"),
    (
        "Library to extend Sunday hours",
        "Starting in March, doors open at noon.",
        "library-sunday-hours",
    ),
    ("Storm drain project closes Water Street", "Detours through April.", "water-street-drains"),
    (
        "Obituary: Margaret Ellery, 94, taught three generations",
        "She retired in 1992.",
        "obit-ellery",
    ),
    ("Harbor seals return to Gull Island ledges", "Volunteers count 140.", "harbor-seals"),
    ("Council sets date for budget hearing", "The hearing is March 4.", "budget-hearing"),
]


def page_section_front() -> str:
    """Shape g: a section front of teasers (headline + one line + link): no story."""
    teasers = "\n".join(
        f'<div class="teaser"><h3><a href="/news/local/{slug}">{h}</a></h3><p class="teaser-dek">{d}</p>'
        f'<span class="teaser-time">{i + 1} hours ago</span> <a class="teaser-more" href="/news/local/{slug}">Read more</a></div>'
        for i, (h, d, slug) in enumerate(SECTION_TEASERS)
    )
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Local News | Tidewater Gazette</title>
<meta property="og:type" content="website"><meta property="og:title" content="Local News"></head>
<body>
<header class="site-header"><a class="logo" href="/"><img src="/static/logo.svg" alt="Tidewater Gazette"></a>
<nav><ul><li><a href="/news/local/">Local</a></li><li><a href="/news/state/">State</a></li><li><a href="/sports/">Sports</a></li></ul></nav></header>
<main><h1 class="section-title">Local News</h1>
<div class="teaser-grid">
{teasers}
</div>
<div class="pagination"><a href="?page=2">Next page</a></div></main>
<footer><p>© 2025 Tidewater Gazette. All rights reserved.</p></footer>
</body></html>
"""


def page_contact() -> str:
    """Shape g: a non-news page (contact the newsroom): no story."""
    return """<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>Contact Us | Tidewater Gazette</title></head>
<body>
<header class="site-header"><a class="logo" href="/"><img src="/static/logo.svg" alt="Tidewater Gazette"></a></header>
<main>
<h1>Contact the Tidewater Gazette</h1>
<p>The Tidewater Gazette has covered Port Anselm and the islands since 1911. We want to hear
from you: news tips, corrections, letters to the editor and questions about your subscription
all reach a person here.</p>
<h2>Newsroom</h2>
<p>Call the newsroom at 555-0142 or email news@tidewater-gazette.example. For breaking news
after 6 p.m., call the night desk at 555-0143.</p>
<h2>Corrections</h2>
<p>To report an error, email corrections@tidewater-gazette.example with the headline and date
of the story. We correct errors of fact promptly and note the change at the end of the story.</p>
<h2>Subscriptions</h2>
<p>Customer service is open 7 a.m. to 5 p.m. on weekdays at 555-0100.</p>
<h2>Our office</h2>
<address>Tidewater Gazette, 12 Harbor Street, Port Anselm</address>
</main>
<footer><p>© 2025 Tidewater Gazette. All rights reserved.</p></footer>
</body></html>
"""


# --- 06 charsets and encodings --------------------------------------------------------------

FROMAGERIE_HEADLINE = "À Saint-Aubrac, la fromagerie coopérative rouvre après l’incendie"
FROMAGERIE_PARAS = [
    "Huit mois après l’incendie qui avait détruit ses caves d’affinage, la fromagerie "
    "coopérative de Saint-Aubrac a rouvert ses portes lundi, à la grande joie des éleveurs "
    "du plateau.",
    "« Nous avons perdu 4 000 meules en une nuit, mais pas un seul producteur », a rappelé "
    "la présidente de la coopérative, Élodie Castagné, devant une centaine de personnes.",
    "Les travaux, d’un coût de 2,1 millions d’euros, ont été financés en partie par la "
    "région. Les nouvelles caves, creusées dans la colline, gardent une température de 9 °C "
    "sans climatisation… ou presque.",
    "Les premières tommes « nouvelle génération » seront en vente à Pâques, au prix de "
    "18,50 € le kilo.",
]


def page_fromagerie() -> bytes:
    """Shape i: windows-1252 (œ, ’, €, … are cp1252-only), declared in the header and <meta>."""
    html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html lang="fr"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>{FROMAGERIE_HEADLINE} - Le Veilleur du Causse</title>
<meta name="author" content="Hélène Marchais">
<meta name="date" content="2025-02-03">
</head><body>
<div id="bandeau"><a href="/">Le Veilleur du Causse</a> — <a href="/region/">Région</a> · <a href="/economie/">Économie</a> · <a href="/sports/">Sports</a></div>
<div id="article">
<h1>{FROMAGERIE_HEADLINE}</h1>
<p class="signature">Par Hélène Marchais</p>
{paras(FROMAGERIE_PARAS)}
<p class="partage">Partager : <a href="#">Facebook</a> · <a href="#">Courriel</a></p>
</div>
<div id="pied">© Le Veilleur du Causse, 2025. Tous droits réservés.</div>
</body></html>
"""
    return html.encode("windows-1252")


EMBALSE_HEADLINE = "El embalse de Peñascal alcanza su nivel más alto en una década"
EMBALSE_PARAS = [
    "El embalse de Peñascal alcanzó el martes el 94% de su capacidad, su nivel más alto "
    "desde 2014, tras las lluvias de las últimas semanas, informó la confederación "
    "hidrográfica.",
    "¿Significa esto el fin de las restricciones? Todavía no, según el ingeniero jefe, "
    "Andrés Muñoz Ibáñez: “Un año bueno no compensa tres años malos”.",
    "Los regantes de la comarca podrán, sin embargo, aumentar su dotación de agua un 20% "
    "esta primavera.",
]


def page_embalse() -> bytes:
    """Shape i: UTF-8 bytes but the HTTP header lies (ISO-8859-1) and there is no <meta>."""
    html = f"""<!DOCTYPE html>
<html lang="es"><head>
<title>{EMBALSE_HEADLINE} | Diario del Valle Norte</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{EMBALSE_HEADLINE}","datePublished":"2025-03-25T10:30:00+01:00",
"author":{{"@type":"Person","name":"Lucía Ortega Salvatierra"}},"inLanguage":"es"}}</script>
</head><body>
<nav><a href="/">Diario del Valle Norte</a> <a href="/comarca">Comarca</a> <a href="/opinion">Opinión</a></nav>
<article><h1>{EMBALSE_HEADLINE}</h1>
<div class="firma">Lucía Ortega Salvatierra</div>
{paras(EMBALSE_PARAS)}
</article>
<footer>Diario del Valle Norte © 2025 · Aviso legal</footer>
</body></html>
"""
    return html.encode("utf-8")


SIMPLE_ARTICLES: dict[str, tuple[str, str, str, list[str]]] = {
    # key: (headline, byline, ISO date for JSON-LD, paragraphs)
    "gzip": (
        "Harrow Mills votes to keep its last covered bridge",
        "Nadia Quist",
        "2025-06-03T19:00:00-04:00",
        [
            "The Harrow Mills select board voted 3-0 on Monday to repair the town’s last covered "
            "bridge rather than replace it with a steel span.",
            "The 1872 bridge over Cobb Brook has been closed to cars since a truck struck its "
            "portal in January. Repairs are expected to cost $640,000, about $200,000 more than a "
            "new bridge.",
            "“People drive an hour to see it,” said board member Louis Ferrand. “Nobody drives an "
            "hour to see a steel bridge.”",
        ],
    ),
    "brotli": (
        "Ashford Bay oyster beds reopen after two-year cleanup",
        "Camille Dorsey",
        "2025-06-10T08:15:00-04:00",
        [
            "State regulators reopened 300 acres of oyster beds in Ashford Bay on Tuesday after "
            "two years of monitoring showed bacteria levels had fallen below the safe limit.",
            "The beds were closed in 2023 after a sewage line from the Ashford treatment plant "
            "broke during a storm.",
            "Shellfish harvesters said they expected the first oysters from the bay to reach "
            "local restaurants by the weekend.",
        ],
    ),
    "chunked": (
        "Trail crews finish the Kettle Ridge boardwalk",
        "Owen Lachance",
        "2025-06-12T12:00:00-04:00",
        [
            "Volunteers finished a mile-long boardwalk across the Kettle Ridge bog on Wednesday, "
            "closing the last gap in a 40-mile hiking trail that took 15 years to complete.",
            "The boardwalk was built from black locust, which can last decades without chemical "
            "treatment.",
        ],
    ),
}


def page_simple(key: str) -> str:
    h, by, iso, ps = SIMPLE_ARTICLES[key]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{h} | Ridgeline Times</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{h}","datePublished":"{iso}","author":{{"@type":"Person","name":"{by}"}}}}</script>
</head><body>
<header><a href="/">Ridgeline Times</a></header>
<article><h1>{h}</h1><p class="byline">By {by}</p>
{paras(ps)}
</article>
<footer>© 2025 Ridgeline Times</footer>
</body></html>
"""


# --- 07 re-captures -------------------------------------------------------------------------

RAIL_HEADLINE = "Rail union and Coastline Railways reach deal, calling off Monday strike"
RAIL_PARAS = [
    "The Coastline Railways union and the company reached a four-year contract deal late "
    "Saturday, calling off a strike that would have halted commuter trains on Monday.",
    "The agreement raises wages by 14% over four years and limits mandatory overtime to two "
    "shifts a month, the union said. Members will vote on it within 30 days.",
    "The railway carries about 85,000 riders on a typical weekday.",
]


def page_rail() -> str:
    """Shape j: captured twice with an identical payload, plus a revisit record in between."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{RAIL_HEADLINE} | Bayline Post</title>
<meta property="article:published_time" content="2025-05-03T23:40:00-04:00">
<meta name="author" content="Kofi Mensah-Laird">
</head><body>
<header><a href="/">Bayline Post</a> <a href="/transportation">Transportation</a></header>
<article><h1>{RAIL_HEADLINE}</h1><p class="byline">By Kofi Mensah-Laird</p>
{paras(RAIL_PARAS)}
</article>
<footer>© 2025 Bayline Post</footer>
</body></html>
"""


# --- 08 ARC (2009) ---------------------------------------------------------------------------

MILL_HEADLINE = "Granville Forge paper mill to close, idling 240 workers"
MILL_PARAS = [
    "GRANVILLE FORGE, Ohio (AP) -- The owners of the paper mill that has anchored this river "
    "town for 112 years said Monday they will close it in September, putting 240 people out "
    "of work.",
    "Kessler Paper Co. blamed falling demand for the coated paper used in catalogs and "
    "magazines. The company said it would offer severance and help with job searches.",
    '"This mill is the reason the town is here," said Mayor Dale Pruitt. "We will have to '
    'figure out what comes next."',
]

FAIR_HEADLINE = "County fair adds a second week for its 150th year"
FAIR_PARAS = [
    "The Wyandot Valley County Fair will run for two weeks instead of one this summer to "
    "mark its 150th year, the fair board announced Saturday.",
    "Organizers plan a historical exhibit in the old grange hall, a parade on opening day "
    "and a return of the draft-horse pull, which was dropped in 2001.",
    "Ticket prices will stay at $6 for adults.",
]


def page_mill() -> str:
    """ARC page: 2009 table layout, date only in the URL, "By" line, AP "--" dateline."""
    body = "\n".join(f"<p>{p}</p>" for p in MILL_PARAS).replace('"', "&quot;")
    return f"""<html><head><title>Valley Courier-Press: {MILL_HEADLINE}</title></head>
<body bgcolor="#FFFFFF"><table width="760" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2"><img src="/images/masthead.gif" alt="Valley Courier-Press"></td></tr>
<tr><td width="150" valign="top"><font size="2"><a href="/news/">News</a><br><a href="/sports/">Sports</a><br><a href="/obits/">Obituaries</a><br><a href="/classifieds/">Classifieds</a></font></td>
<td valign="top"><font face="Arial" size="5"><b>{MILL_HEADLINE}</b></font><br>
<font size="2">By Roy Featherstone<br>Associated Press Writer</font>
<font face="Times New Roman" size="3">
{body}
</font>
<p><font size="1">Copyright 2009 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.</font></p>
</td></tr></table></body></html>
"""


def page_fair() -> str:
    """ARC page: the date is printed above the headline as text ("Sunday, June 14, 2009")."""
    return f"""<html><head><title>{FAIR_HEADLINE} - Valley Courier-Press</title></head>
<body><table width="760"><tr><td>
<div class="date">Sunday, June 14, 2009</div>
<h2>{FAIR_HEADLINE}</h2>
<div class="byline">By Ellen Varga, Courier-Press staff</div>
{paras(FAIR_PARAS)}
<p><a href="/news/">&laquo; Back to News</a></p>
</td></tr></table></body></html>
"""


# ------------------------------------------------------------------------------------------
# Archive writing.
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One HTTP capture: a request/response pair (or a bare response) in a WARC."""

    name: str  # stable key for the record ids
    url: str
    date: str  # WARC-Date, also the HTTP Date header
    body: bytes  # the page as the server sent it, before content/transfer encoding
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    content_encoding: str | None = None  # "gzip", "br" or "deflate"
    chunked: bool = False
    extra_headers: tuple[tuple[str, str], ...] = ()
    with_request: bool = True
    ip: str = "192.0.2.10"


@dataclass(frozen=True, slots=True, kw_only=True)
class Revisit:
    """A revisit record (identical payload) of an earlier capture."""

    name: str
    of: Capture
    date: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversion:
    """A WET `conversion` record: the plain text of an earlier capture."""

    name: str
    of: Capture
    text: str
    language: str = "eng"


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """A crawler `metadata` record about an earlier capture (outlinks); carries no page."""

    name: str
    of: Capture
    fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)


Entry = Capture | Revisit | Conversion | Metadata


def _encode_body(c: Capture) -> bytes:
    data = c.body
    if c.content_encoding == "gzip":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    elif c.content_encoding == "br":
        data = brotli.compress(data)
    elif c.content_encoding == "deflate":
        data = zlib.compress(data, 9)
    if c.chunked:
        size = 700  # small chunks so that chunk boundaries fall inside words and tags
        parts = [data[i : i + size] for i in range(0, len(data), size)]
        data = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
    return data


def _http_headers(c: Capture, payload: bytes) -> StatusAndHeaders:
    headers = [
        ("Date", http_date(c.date)),
        ("Server", "nginx"),
        ("Content-Type", c.content_type),
    ]
    if c.content_encoding:
        headers.append(("Content-Encoding", c.content_encoding))
    if c.chunked:
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(payload))))
    headers += list(c.extra_headers)
    headers.append(("Connection", "close"))
    return StatusAndHeaders(c.status, headers, protocol="HTTP/1.1")


def build_warc(
    filename: str, entries: list[Entry], *, version: str = "1.0", gz: bool = True, wet: bool = False
) -> bytes:
    """The bytes of one WARC (or WET) file: a warcinfo record, then `entries` in order."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz, warc_version=version)
    first_date = next(e.date for e in entries if isinstance(e, Capture))
    info = (
        f"software: {SOFTWARE}\r\nformat: WARC File Format {version}\r\n"
        f"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/"
        f"warc-{version}/\r\nisPartOf: morgue-samples\r\n"
        f"description: {'WET plain-text conversions' if wet else 'fictional news pages'}"
        f" for morgue's tests\r\nrobots: obey\r\nhttp-header-user-agent: {USER_AGENT}\r\n"
    ).encode()
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id(f"{filename}/warcinfo"),
                "WARC-Date": first_date,
                "WARC-Filename": filename,
            },
        )
    )
    digests: dict[str, str] = {}
    for e in entries:
        if isinstance(e, Capture) and not wet:
            payload = _encode_body(e)
            resp = writer.create_warc_record(
                e.url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=_http_headers(e, payload),
                warc_headers_dict={
                    "WARC-Record-ID": record_id(e.name),
                    "WARC-Date": e.date,
                    "WARC-IP-Address": e.ip,
                },
            )
            digests[e.name] = resp.rec_headers.get_header("WARC-Payload-Digest")
            if e.with_request:
                path = "/" + e.url.split("://", 1)[1].split("/", 1)[-1]
                host = e.url.split("://", 1)[1].split("/", 1)[0]
                req_headers = StatusAndHeaders(
                    f"GET {path} HTTP/1.1",
                    [
                        ("Host", host),
                        ("User-Agent", USER_AGENT),
                        ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                        ("Accept-Encoding", "gzip, deflate, br"),
                        ("Connection", "close"),
                    ],
                    is_http_request=True,
                )
                req = writer.create_warc_record(
                    e.url,
                    "request",
                    http_headers=req_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": record_id(e.name + "/request"),
                        "WARC-Date": e.date,
                        "WARC-Concurrent-To": record_id(e.name),
                    },
                )
                writer.write_record(req)
            writer.write_record(resp)
        elif isinstance(e, Revisit):
            payload = _encode_body(e.of)
            rev = writer.create_revisit_record(
                e.of.url,
                digests[e.of.name],
                e.of.url,
                e.of.date,
                http_headers=_http_headers(
                    Capture(
                        name=e.name,
                        url=e.of.url,
                        date=e.date,
                        body=e.of.body,
                        content_type=e.of.content_type,
                    ),
                    payload,
                ),
                warc_headers_dict={
                    "WARC-Record-ID": record_id(e.name),
                    "WARC-Date": e.date,
                    "WARC-Refers-To": record_id(e.of.name),
                },
            )
            writer.write_record(rev)
        elif isinstance(e, Conversion):
            text = e.text.encode("utf-8")
            writer.write_record(
                writer.create_warc_record(
                    e.of.url,
                    "conversion",
                    payload=io.BytesIO(text),
                    length=len(text),
                    warc_content_type="text/plain",
                    warc_headers_dict={
                        "WARC-Record-ID": record_id(e.name),
                        "WARC-Date": e.of.date,
                        "WARC-Refers-To": record_id(e.of.name),
                        "WARC-Identified-Content-Language": e.language,
                    },
                )
            )
        elif isinstance(e, Metadata):
            fields = "".join(f"{k}: {v}\r\n" for k, v in e.fields).encode()
            writer.write_record(
                writer.create_warc_record(
                    e.of.url,
                    "metadata",
                    payload=io.BytesIO(fields),
                    length=len(fields),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={
                        "WARC-Record-ID": record_id(e.name),
                        "WARC-Date": e.of.date,
                        "WARC-Concurrent-To": record_id(e.of.name),
                    },
                )
            )
    return out.getvalue()


def build_arc(filename: str, captures: list[Capture]) -> bytes:
    """An ARC v1 file, one gzip member per record (warcio reads ARC but cannot write it)."""
    arc_date = captures[0].date.replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
    version_block = (
        b"1 0 Morgue Sample Crawl\nURL IP-address Archive-date Content-type Archive-length\n"
    )
    header = (
        f"filedesc://{filename} 0.0.0.0 {arc_date} text/plain {len(version_block)}\n".encode()
        + version_block
        + b"\n"
    )
    members = [gzip.compress(header, compresslevel=9, mtime=0)]
    for c in captures:
        payload = _encode_body(c)
        http = _http_headers(c, payload).to_bytes() + payload
        date = c.date.replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
        ctype = c.content_type.split(";")[0]
        rec = f"{c.url} {c.ip} {date} {ctype} {len(http)}\n".encode() + http + b"\n"
        members.append(gzip.compress(rec, compresslevel=9, mtime=0))
    return b"".join(members)


# ------------------------------------------------------------------------------------------
# The sample set.
# ------------------------------------------------------------------------------------------

TG = "https://www.tidewater-gazette.example"
AGG_CAPTURE = Capture(
    name="02/aggregator", url=AGG_URL, date="2025-03-04T06:12:09Z", body=page_aggregator().encode()
)
RAIL = Capture(
    name="07/rail-1",
    url="https://www.baylinepost.example/transportation/rail-union-deal-strike-called-off",
    date="2025-05-04T10:00:00Z",
    body=page_rail().encode(),
)


def samples() -> dict[str, bytes]:
    """Every sample file name → its bytes."""
    files: dict[str, bytes] = {}

    name = "01-single-articles.warc.gz"
    files[name] = build_warc(
        name,
        [
            Capture(
                name="01/ferry",
                url=f"{TG}/news/local/port-anselm-ferry-terminal-rebuild",
                date="2025-02-12T03:14:15Z",
                body=page_ferry().encode(),
            ),
            Capture(
                name="01/bridge",
                url="http://www.granitevalleynews.example/2024/10/07/mill-river-bridge-closure.html",
                date="2024-10-09T11:00:02Z",
                body=page_bridge().encode(),
                content_type="text/html",
            ),
            Capture(
                name="01/flu",
                url="https://www.meridianpost.example/health/calloway-flu-admissions-drop",
                date="2025-03-07T08:30:00Z",
                body=page_flu().encode(),
            ),
            Capture(
                name="01/water",
                url="https://www.eastbrookobserver.example/news/city/lead-service-lines-survey",
                date="2025-03-19T12:00:00Z",
                body=page_water().encode(),
            ),
            Capture(
                name="01/orchard",
                url="https://brennockvalleyrecord.example/2025/04/09/late-frost-cherry-crop/",
                date="2025-04-11T16:45:30Z",
                body=page_orchard().encode(),
                content_type="text/html; charset=UTF-8",
            ),
            Capture(
                name="01/sentinel",
                url="https://www.ridgeviewsentinel.example/news/public-safety/fire-chief-okafor-retires",
                date="2025-05-03T09:09:09Z",
                body=page_sentinel().encode(),
            ),
            Capture(
                name="01/reef",
                url="https://www.capetollandbeacon.example/news/margaret-hale-shipwreck-mapped",
                date="2025-01-23T14:00:00Z",
                body=page_reef().encode(),
            ),
        ],
    )

    name = "02-aggregator.warc.gz"
    files[name] = build_warc(name, [AGG_CAPTURE])
    name = "02-aggregator.wet.gz"
    files[name] = build_warc(
        name,
        [
            AGG_CAPTURE,
            Conversion(name="02/aggregator/wet", of=AGG_CAPTURE, text=text_aggregator()),
        ],
        wet=True,
    )

    name = "03-roundups.warc.gz"
    files[name] = build_warc(
        name,
        [
            Capture(
                name="03/world-briefs",
                url="https://www.ledger-international.example/briefs/world-news-in-brief-jan-14",
                date="2025-01-14T09:30:00Z",
                body=page_roundup1().encode(),
            ),
            Capture(
                name="03/nation-world",
                url="https://www.harlanvalleytribune.example/nation-world/briefs-0115",
                date="2025-01-16T04:05:06Z",
                body=page_roundup2().encode(),
            ),
        ],
    )

    name = "04-multi-and-live.warc.gz"
    files[name] = build_warc(
        name,
        [
            Capture(
                name="04/evening",
                url="https://www.northgatechronicle.example/evening-edition/2025-02-27",
                date="2025-02-28T05:00:00Z",
                body=page_evening().encode(),
            ),
            Capture(
                name="04/canal",
                url="http://www.eastgatedaily.example/china/20250118/lanshui-metro-tunnel.shtml",
                date="2025-01-18T03:20:00Z",
                body=page_canal().encode(),
                content_type="text/html",
            ),
            Capture(
                name="04/live",
                url="https://www.thecapitalreport.example/live/veskaria-election",
                date="2025-04-06T21:00:00Z",
                body=page_liveblog().encode(),
            ),
        ],
        version="1.1",
    )

    name = "05-no-stories.warc"
    files[name] = build_warc(
        name,
        [
            Capture(
                name="05/section",
                url=f"{TG}/news/local/",
                date="2025-02-12T03:10:00Z",
                body=page_section_front().encode(),
            ),
            Capture(
                name="05/contact",
                url=f"{TG}/about/contact",
                date="2025-02-12T03:11:00Z",
                body=page_contact().encode(),
            ),
        ],
        gz=False,
    )

    rt = "https://www.ridgelinetimes.example/news"
    name = "06-encodings.warc.gz"
    files[name] = build_warc(
        name,
        [
            Capture(
                name="06/fromagerie",
                url="http://www.leveilleur-causse.example/region/fromagerie-saint-aubrac-rouvre.html",
                date="2025-02-04T07:00:00Z",
                body=page_fromagerie(),
                content_type="text/html; charset=windows-1252",
            ),
            Capture(
                name="06/embalse",
                url="https://www.diariovallenorte.example/comarca/embalse-penascal-nivel",
                date="2025-03-25T18:00:00Z",
                body=page_embalse(),
                content_type="text/html; charset=ISO-8859-1",
            ),
            Capture(
                name="06/gzip",
                url=f"{rt}/harrow-mills-covered-bridge",
                date="2025-06-04T10:00:00Z",
                body=page_simple("gzip").encode(),
                content_encoding="gzip",
                extra_headers=(("Vary", "Accept-Encoding"),),
            ),
            Capture(
                name="06/brotli",
                url=f"{rt}/ashford-bay-oysters-reopen",
                date="2025-06-11T10:00:00Z",
                body=page_simple("brotli").encode(),
                content_encoding="br",
                extra_headers=(("Vary", "Accept-Encoding"),),
            ),
            Capture(
                name="06/chunked",
                url=f"{rt}/kettle-ridge-boardwalk",
                date="2025-06-13T10:00:00Z",
                body=page_simple("chunked").encode(),
                content_encoding="deflate",
                chunked=True,
            ),
        ],
        version="1.1",
    )

    rail_again = Capture(
        name="07/rail-3", url=RAIL.url, date="2025-05-06T10:00:00Z", body=RAIL.body
    )
    bp = "https://www.baylinepost.example"
    name = "07-recaptures.warc.gz"
    files[name] = build_warc(
        name,
        [
            RAIL,
            Metadata(
                name="07/rail-1/metadata",
                of=RAIL,
                fields=(
                    ("outlink", f"{bp}/ L a/@href"),
                    ("outlink", f"{bp}/transportation L a/@href"),
                ),
            ),
            Revisit(name="07/rail-2", of=RAIL, date="2025-05-05T10:00:00Z"),
            rail_again,
            Capture(
                name="07/missing",
                url=f"{bp}/transportation/old-timetable",
                date="2025-05-04T10:00:05Z",
                status="404 Not Found",
                body=b"<html><head><title>Page not found</title></head><body><h1>Page not "
                b"found</h1><p>Sorry, we could not find that page.</p></body></html>",
            ),
            Capture(
                name="07/redirect",
                url=f"{bp}/rail-deal",
                date="2025-05-04T10:00:06Z",
                status="301 Moved Permanently",
                body=b"",
                extra_headers=(("Location", RAIL.url),),
            ),
            Capture(
                name="07/photo",
                url=f"{bp}/img/rail-yard.jpg",
                date="2025-05-04T10:00:07Z",
                content_type="image/jpeg",
                body=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                + bytes(range(256))
                + b"\xff\xd9",
            ),
        ],
    )

    cp = "http://www.valleycourierpress.example/news"
    name = "08-legacy.arc.gz"
    files[name] = build_arc(
        name,
        [
            Capture(
                name="08/mill",
                url=f"{cp}/2009/06/15/granville-forge-mill-closing.html",
                date="2009-06-16T02:11:40Z",
                body=page_mill().encode("iso-8859-1"),
                content_type="text/html; charset=iso-8859-1",
            ),
            Capture(
                name="08/fair",
                url=f"{cp}/local/county-fair-150th.html",
                date="2009-06-16T02:12:03Z",
                body=page_fair().encode("iso-8859-1"),
                content_type="text/html",
            ),
        ],
    )
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (sample_warcs/)")
    ap.add_argument(
        "--check",
        action="store_true",
        help="compare with the files on disk instead of writing; exit 1 on a difference",
    )
    args = ap.parse_args(argv)
    differ = []
    for name, data in samples().items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(name)
            continue
        args.out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path}  {len(data):>7} bytes  sha1 {hashlib.sha1(data).hexdigest()[:12]}")
    if differ:
        print("differ from a rebuild: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
