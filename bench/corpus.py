"""Seeded generator of synthetic news archives, for the scale benchmarks.

Two products, both a pure function of (size, seed):

* `write_warc(path, pages=N, seed=S)`: N captured news pages in one gzipped WARC (a request and
  a response record per page), drawn from page templates of the shapes in `sample_warcs/`: a
  JSON-LD article, metadata-free div soup, an aggregator that appends a second, headline-less
  story, a wire round-up of briefs, several `<article>`s on one page, a photo gallery whose
  captions are printed twice, all wrapped in navigation, share, related-story and footer
  boilerplate. Feeds `bench/ingest.py`.
* `generate_stories(n, seed=S)`: story records (DESIGN.md §3 dicts) straight from the same text
  model, no HTML: feeds the 1M-story index of `bench/query.py`.

Text comes from a Zipf vocabulary (English function words at the head, then 50k pronounceable
pseudo-words in stem families), stock phrases, and a Zipf-drawn pool of rare capitalised names,
so that term statistics look like news: a few words in every story, a long tail in a handful,
and text that compresses about like English. Dates spread over 20
years, pages over 500 sites.

Pages are generated in fixed shards of `SHARD_PAGES`, each from its own seeded RNG, so the output
bytes do not depend on how many worker processes wrote them. Each WARC record is its own gzip
member, so shards concatenate into one valid WARC.

    python bench/corpus.py --pages 20000 --seed 1 --out bench/out/pages-20000.warc.gz
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import io
import itertools
import json
import multiprocessing
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.records import site_of, story_id

#: Pages per shard: the unit of seeding and of parallel work. Changing it changes the output.
SHARD_PAGES = 100
VOCABULARY_SIZE = 50_000
STEM_COUNT = 26_000  # × 1–4 suffixes each, cut to VOCABULARY_SIZE words
PHRASE_COUNT = 20_000
WORD_TABLE_SIZE = 1 << 21
NAME_COUNT = 20_000
SITE_COUNT = 500
PLACE_COUNT = 400
FIRST_YEAR, LAST_YEAR = 2006, 2025

# The head of the Zipf vocabulary: real function words, so that stop-word phrases ("of the")
# and very common terms behave as in English text (posting lists covering nearly every story).
_HEAD_TEXT = (
    "the of and to a in that is was he for it with as his on be at by had not are but from or "
    "have an they which one you were her all she there would their we him been has when who will "
    "more no if out so said what up its about into than them can only other new some could time "
    "these two may then do first any my now such like our over man me even most made after also "
    "did many before must through back years where much your way well down should because each "
    "just those people how too little state good very make world still own see men work long get "
    "here between both life being under never day same another know while last might us great "
    "old year off come since against go came right used take three"
)
ENGLISH_HEAD: tuple[str, ...] = tuple(_HEAD_TEXT.split())
_ONSET_TEXT = "b c d f g h j k l m n p r s t v w z br ch cl dr fl gr kr pl pr sh st tr th"
ONSETS: tuple[str, ...] = tuple(_ONSET_TEXT.split())
VOWELS = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou", "io")
SUFFIXES = ("", "", "s", "ed", "ing", "er", "ly", "tion", "ment", "al", "ers", "ings")
CODAS = ["", "", "", "n", "r", "s", "l", "t", "m", "nd", "rt", "st", "x"]
AGENCIES = ("AP", "Reuters", "AFP", "UPI")
COUNTRIES = ("Syria", "France", "Brazil", "Kenya", "Japan", "Peru", "Norway", "India", "Chile")
SECTIONS = ("world", "politics", "business", "science", "sports", "culture", "local", "opinion")
TLDS = (".com", ".com", ".com", ".org", ".net", ".co.uk", ".de", ".com.au")


@dataclass(frozen=True, slots=True, kw_only=True)
class Lexicon:
    """Every word, name, place and site the generator draws from, for one seed."""

    words: tuple[str, ...]  # Zipf rank order: words[0] is the most frequent
    word_weights: tuple[float, ...]  # cumulative, for random.choices
    #: `words` repeated in proportion to their weight (every word at least once): a uniform
    #: draw from it is a Zipf draw without the per-word bisection of weighted `choices`,
    #: which halves the cost of generating text.
    word_table: tuple[str, ...]
    names: tuple[str, ...]  # capitalised, Zipf rank order (the tail is rare)
    name_weights: tuple[float, ...]
    phrases: tuple[str, ...]  # stock phrases ("the prime minister said"), Zipf rank order
    phrase_weights: tuple[float, ...]
    places: tuple[str, ...]  # dateline cities
    sites: tuple[str, ...]  # host names without www.


def _pseudo_word(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)
    )


def _unique_words(rng: random.Random, count: int, taken: set[str], lo: int, hi: int) -> list[str]:
    out: list[str] = []
    while len(out) < count:
        word = _pseudo_word(rng, rng.randint(lo, hi))
        if word not in taken:
            taken.add(word)
            out.append(word)
    return out


def _cumulative_zipf(count: int, exponent: float) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


@functools.cache
def lexicon(seed: int) -> Lexicon:
    """The lexicon of `seed` (cached: building it takes ~0.3 s)."""
    rng = random.Random(f"lexicon:{seed}")
    taken = set(ENGLISH_HEAD)
    # Words come in families sharing a stem (talk, talks, talking), as in English: that makes
    # the text about as compressible as news copy (the doc store's size depends on it) and
    # gives the stemmer real work. Frequent words are short: sort by length.
    pseudo: list[str] = []
    for stem in _unique_words(rng, STEM_COUNT, taken, 1, 3):
        for suffix in rng.sample(SUFFIXES, rng.randint(1, 4)):
            if stem + suffix not in taken:
                taken.add(stem + suffix)
                pseudo.append(stem + suffix)
    rng.shuffle(pseudo)
    pseudo = pseudo[: VOCABULARY_SIZE - len(ENGLISH_HEAD)]
    pseudo.sort(key=len)
    words = (*ENGLISH_HEAD, *pseudo)
    names = tuple(w.capitalize() for w in _unique_words(rng, NAME_COUNT, taken, 2, 4))
    places = tuple(w.upper() for w in _unique_words(rng, PLACE_COUNT, taken, 2, 3))
    hosts = _unique_words(rng, SITE_COUNT, taken, 2, 3)
    sites = tuple(
        h + rng.choice(("news", "times", "post", "daily", "")) + rng.choice(TLDS) for h in hosts
    )
    word_weights = _cumulative_zipf(len(words), 1.0)
    table: list[str] = []
    scale = WORD_TABLE_SIZE / word_weights[-1]
    for word, cum in zip(words, word_weights, strict=True):
        table.extend([word] * max(1, round(cum * scale) - len(table)))
    phrases = tuple(
        " ".join(rng.choices(words, cum_weights=word_weights, k=rng.randint(2, 5)))
        for _ in range(PHRASE_COUNT)
    )
    return Lexicon(
        words=words,
        word_weights=word_weights,
        word_table=tuple(table),
        phrases=phrases,
        phrase_weights=_cumulative_zipf(PHRASE_COUNT, 1.0),
        names=names,
        name_weights=_cumulative_zipf(len(names), 1.05),
        places=places,
        sites=sites,
    )


# ---------------------------------------------------------------------------------------------
# Stories (text model)


@dataclass(frozen=True, slots=True, kw_only=True)
class FakeStory:
    """One generated story, before it is printed into a page or turned into a record."""

    headline: str
    dateline: str | None  # as printed, without the dash: "PLACE, Country (AP)"
    byline: str | None  # names only, without "By"
    published: dt.datetime  # aware, local time of the site
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...]


class TextModel:
    """Draws sentences, headlines and whole stories from a lexicon with one RNG."""

    def __init__(self, lex: Lexicon, rng: random.Random) -> None:
        self.lex = lex
        self.rng = rng

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.lex.word_table, k=k)

    def name(self) -> str:
        return self.rng.choices(self.lex.names, cum_weights=self.lex.name_weights)[0]

    def sentence(self) -> str:
        rng = self.rng
        k = rng.randint(6, 24)
        # News copy repeats itself in n-grams ("said on Tuesday", "the prime minister"): about
        # a third of the words come from stock phrases. Without that the text would compress
        # worse than English, and the doc store would look bigger than it is on real news.
        stock = rng.choices(self.lex.phrases, cum_weights=self.lex.phrase_weights, k=k // 8)
        words = self.words(k - 3 * len(stock))
        for phrase in stock:
            words.insert(rng.randrange(len(words) + 1), phrase)
        # About one sentence in three mentions a rare name, as news copy names people and places.
        if self.rng.random() < 0.35:
            words.insert(self.rng.randrange(len(words)), self.name())
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def headline(self) -> str:
        words = self.words(self.rng.randint(4, 10))
        words[self.rng.randrange(len(words))] = self.name()
        return " ".join(w.capitalize() for w in words)

    def date(self) -> dt.datetime:
        start = dt.datetime(FIRST_YEAR, 1, 1)
        span = (dt.datetime(LAST_YEAR + 1, 1, 1) - start).total_seconds()
        naive = start + dt.timedelta(seconds=int(self.rng.random() * span))
        offset = dt.timedelta(hours=self.rng.choice((-5, -4, 0, 1, 2, 8, 9)))
        return naive.replace(tzinfo=dt.timezone(offset))

    def story(self, *, dateline: bool | None = None, captions: int | None = None) -> FakeStory:
        rng = self.rng
        if dateline is None:
            dateline = rng.random() < 0.6
        line = None
        if dateline:
            place = rng.choice(self.lex.places)
            country = rng.choice(COUNTRIES)
            line = f"{place}, {country} ({rng.choice(AGENCIES)})" if rng.random() < 0.7 else place
        byline = None
        if rng.random() < 0.75:
            byline = " and ".join(f"{self.name()} {self.name()}" for _ in range(rng.randint(1, 2)))
        # Paragraph counts are skewed: most stories are short, a few are long reads.
        paragraphs = tuple(self.paragraph() for _ in range(min(40, 2 + int(rng.expovariate(0.14)))))
        if captions is None:
            captions = rng.choice((0, 0, 1, 1, 2))
        return FakeStory(
            headline=self.headline(),
            dateline=line,
            byline=byline,
            published=self.date(),
            paragraphs=paragraphs,
            captions=tuple(
                f"{self.sentence()} ({rng.choice(AGENCIES)} Photo/{self.name()} {self.name()})"
                for _ in range(captions)
            ),
        )


def _slug(headline: str) -> str:
    return "-".join(headline.lower().split()[:6])


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def story_record(
    story: FakeStory, *, url: str, index: int, captured_at: str, offset: int, record_id: str
) -> dict[str, Any]:
    """The DESIGN.md §3 record a perfect extractor would produce for `story`."""
    body = "\n\n".join(story.paragraphs)
    return {
        "id": story_id(url, index, story.headline, body),
        "url": url,
        "site": site_of(url),
        "headline": story.headline,
        "dateline": story.dateline,
        "date": _iso(story.published),
        "date_source": "jsonld",
        "updated": None,
        "byline": story.byline,
        "body": body,
        "captions": list(story.captions),
        "language": "en",
        "story_index": index,
        "captured_at": captured_at,
        "warc_file": "synthetic.warc.gz",
        "warc_offset": offset,
        "warc_record_id": record_id,
    }


def _record_id(rng: random.Random) -> str:
    return f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"


def _captured(rng: random.Random, published: dt.datetime) -> str:
    seen = published.astimezone(dt.UTC) + dt.timedelta(seconds=rng.randint(60, 400 * 86_400))
    return seen.strftime("%Y-%m-%dT%H:%M:%SZ")


def story_chunk(seed: int, chunk: int, size: int) -> list[dict[str, Any]]:
    """Stories `chunk * size` … `chunk * size + size - 1` of `generate_stories(…, seed=seed)`."""
    lex = lexicon(seed)
    rng = random.Random(f"stories:{seed}:{chunk}")
    model = TextModel(lex, rng)
    out = []
    for i in range(chunk * size, chunk * size + size):
        story = model.story()
        site = rng.choice(lex.sites)
        url = f"https://www.{site}/{rng.choice(SECTIONS)}/{_slug(story.headline)}-{i}.html"
        out.append(
            story_record(
                story,
                url=url,
                index=0,
                captured_at=_captured(rng, story.published),
                offset=i,
                record_id=_record_id(rng),
            )
        )
    return out


def generate_stories(n: int, *, seed: int = 1, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """`n` story records (DESIGN.md §3 dicts), deterministic in (n, seed, chunk)."""
    for c in range((n + chunk - 1) // chunk):
        yield from story_chunk(seed, c, chunk)[: n - c * chunk]


# ---------------------------------------------------------------------------------------------
# Pages (HTML templates)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageContext:
    site: str
    url: str
    section: str
    related: tuple[str, ...]  # teaser headlines: a list of teasers is not a story


def _chrome(ctx: PageContext, title: str, head_extra: str, main: str) -> str:
    nav = "".join(f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS)
    share = (
        '<div class="share"><a class="fb" href="#">Share on Facebook</a> '
        '<a class="tw" href="#">Share on X</a> <a href="#">Email</a> <a href="#">Print</a></div>'
    )
    related = "".join(
        f'<li><a href="/{ctx.section}/{_slug(h)}.html">{h}</a><p>{h.split()[0]} and more.</p></li>'
        for h in ctx.related
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | '
        f"{ctx.site}</title>"
        f'<meta name="viewport" content="width=device-width">{head_extra}</head><body>'
        f'<div class="cookie-banner">We use cookies to improve your experience. '
        f"<button>Accept all</button></div>"
        f'<header class="masthead"><a class="logo" href="/">{ctx.site}</a><nav><ul>{nav}</ul>'
        f'</nav><form class="search"><input name="q" placeholder="Search"></form></header>'
        f'<main id="content">{share}{main}{share}'
        f'<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>'
        f'<div class="newsletter">Get the morning briefing in your inbox. '
        f'<input type="email"><button>Sign up</button></div></main>'
        f'<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a>'
        f'</li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use'
        f"</a></li></ul><p>© {ctx.site}. All rights reserved.</p></footer></body></html>"
    )


def _figure(caption: str, n: int) -> str:
    return (
        f'<figure class="photo"><img src="/img/{n}.jpg" alt="">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _lead(story: FakeStory) -> str:
    first = story.paragraphs[0]
    return f"{story.dateline} — {first}" if story.dateline else first


def _body_paragraphs(story: FakeStory) -> str:
    paras = [_lead(story), *story.paragraphs[1:]]
    return "".join(f"<p>{p}</p>" for p in paras)


def _human_date(value: dt.datetime) -> str:
    return value.strftime("%B %d, %Y %H:%M")


def page_jsonld(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """A modern article page: JSON-LD NewsArticle, OpenGraph, <article>, <time>, figures."""
    s = model.story()
    meta: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.headline,
        "datePublished": _iso(s.published),
        "mainEntityOfPage": ctx.url,
        "publisher": {"@type": "Organization", "name": ctx.site},
    }
    if s.byline:
        meta["author"] = [{"@type": "Person", "name": n} for n in s.byline.split(" and ")]
    head = (
        f'<script type="application/ld+json">{json.dumps(meta)}</script>'
        f'<meta property="og:title" content="{s.headline}">'
        f'<meta property="og:type" content="article">'
    )
    figures = "".join(_figure(c, i) for i, c in enumerate(s.captions))
    byline = f'<p class="byline">By {s.byline}</p>' if s.byline else ""
    main = (
        f'<article><h1 class="headline">{s.headline}</h1>{byline}'
        f'<time datetime="{_iso(s.published)}">{_human_date(s.published)}</time>'
        f'{figures}<div class="article-body">{_body_paragraphs(s)}</div></article>'
    )
    return _chrome(ctx, s.headline, head, main), [s]


def page_soup(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """An old CMS page: no metadata, tables and divs, <br> paragraphs, date only in the text."""
    s = model.story()
    caps = "".join(
        f'<div class="cap"><img src="/p{i}.gif"><br>{c}</div>' for i, c in enumerate(s.captions)
    )
    by = f"<i>by {s.byline}</i><br>" if s.byline else ""
    text = "<br><br>\n".join([_lead(s), *s.paragraphs[1:]])
    main = (
        f'<table width="100%"><tr><td class="main"><div class="hdr"><b><font size="5">'
        f'{s.headline}</font></b></div>{by}<span class="dt">Posted '
        f"{s.published.strftime('%m/%d/%Y %I:%M %p')}</span>{caps}"
        f'<div class="txt">{text}</div></td></tr></table>'
    )
    return _chrome(ctx, s.headline, "", main), [s]


def page_aggregator(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """Infinite scroll: the article, then the next one appended below it without a headline."""
    s = model.story()
    nxt = model.story(dateline=True)
    second = FakeStory(
        headline="",
        dateline=nxt.dateline,
        byline=nxt.byline,
        published=nxt.published,
        paragraphs=nxt.paragraphs,
        captions=nxt.captions,
    )
    head = (
        f'<meta property="og:title" content="{s.headline}">'
        f'<meta property="article:published_time" content="{_iso(s.published)}">'
    )
    main = (
        f'<article class="story"><h1>{s.headline}</h1>'
        f'<time datetime="{_iso(s.published)}">{_human_date(s.published)}</time>'
        + "".join(_figure(c, i) for i, c in enumerate(s.captions))
        + f"{_body_paragraphs(s)}</article>"
        f'<div class="next-story"><span class="label">Next story</span>'
        f'<article class="story"><time datetime="{_iso(second.published)}">'
        f"{_human_date(second.published)}</time>"
        + "".join(_figure(c, 10 + i) for i, c in enumerate(second.captions))
        + f"{_body_paragraphs(second)}</article></div>"
    )
    return _chrome(ctx, s.headline, head, main), [s, second]


def page_roundup(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """A wire round-up: several briefs, each with its own headline and dateline."""
    briefs = [model.story(dateline=True, captions=0) for _ in range(model.rng.randint(3, 6))]
    briefs = [
        FakeStory(
            headline=b.headline,
            dateline=b.dateline,
            byline=None,
            published=briefs[0].published,
            paragraphs=b.paragraphs[:2],
            captions=(),
        )
        for b in briefs
    ]
    day = briefs[0].published
    items = "".join(
        f'<section class="brief"><h3>{b.headline}</h3>{_body_paragraphs(b)}</section>'
        for b in briefs
    )
    main = (
        f"<h1>World news in brief, {day.strftime('%B %d, %Y')}</h1>"
        f'<time datetime="{_iso(day)}">{_human_date(day)}</time>{items}'
    )
    return _chrome(ctx, "World news in brief", "", main), briefs


def page_articles(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """A section page printing several complete stories, each in its own <article>."""
    stories = [model.story() for _ in range(model.rng.randint(2, 4))]
    arts = "".join(
        f"<article><h2>{s.headline}</h2>"
        + (f'<span class="author">By {s.byline}</span>' if s.byline else "")
        + f'<time datetime="{_iso(s.published)}">{_human_date(s.published)}</time>'
        + "".join(_figure(c, i) for i, c in enumerate(s.captions))
        + f"{_body_paragraphs(s)}</article>"
        for s in stories
    )
    return _chrome(ctx, ctx.section.capitalize(), "", arts), stories


def page_gallery(model: TextModel, ctx: PageContext) -> tuple[str, list[FakeStory]]:
    """A photo story: captions in the slides and again in the lightbox strip (printed twice)."""
    s = model.story(captions=model.rng.randint(3, 8))
    slides = "".join(_figure(c, i) for i, c in enumerate(s.captions))
    strip = "".join(
        f'<li data-slide="{i}"><p class="caption">{c}</p></li>' for i, c in enumerate(s.captions)
    )
    head = (
        f'<meta property="og:title" content="{s.headline}">'
        f'<meta name="date" content="{_iso(s.published)}">'
    )
    main = (
        f"<article><h1>{s.headline}</h1>"
        + (f'<p class="byline">By {s.byline}</p>' if s.byline else "")
        + f'<time datetime="{_iso(s.published)}">{_human_date(s.published)}</time>'
        f'<div class="gallery">{slides}</div>{_body_paragraphs(s)}'
        f'<ul class="lightbox">{strip}</ul></article>'
    )
    return _chrome(ctx, s.headline, head, main), [s]


Template = Callable[[TextModel, PageContext], tuple[str, list[FakeStory]]]
#: Page shapes and their share of the pages.
TEMPLATES: tuple[tuple[Template, float], ...] = (
    (page_jsonld, 0.40),
    (page_soup, 0.15),
    (page_aggregator, 0.10),
    (page_roundup, 0.10),
    (page_articles, 0.10),
    (page_gallery, 0.15),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShardStats:
    pages: int
    stories: int  # stories a perfect extractor would find
    text_bytes: int  # UTF-8 bytes of those stories' headline, body and captions


def shard_bytes(seed: int, shard: int, pages: int) -> tuple[bytes, ShardStats]:
    """The gzipped WARC records of pages `shard * SHARD_PAGES` … (+ `pages`)."""
    lex = lexicon(seed)
    rng = random.Random(f"pages:{seed}:{shard}")
    model = TextModel(lex, rng)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    templates = [t for t, _ in TEMPLATES]
    weights = [w for _, w in TEMPLATES]
    stories = text = 0
    for i in range(shard * SHARD_PAGES, shard * SHARD_PAGES + pages):
        site = rng.choice(lex.sites)
        section = rng.choice(SECTIONS)
        related = tuple(model.headline() for _ in range(rng.randint(3, 6)))
        template = rng.choices(templates, weights)[0]
        url = f"https://www.{site}/{section}/{i}/{_slug(related[0])}.html"
        html, page_stories = template(
            model, PageContext(site=site, url=url, section=section, related=related)
        )
        stories += len(page_stories)
        text += sum(
            len(s.headline) + sum(len(p) + 2 for p in s.paragraphs) + sum(map(len, s.captions))
            for s in page_stories
        )
        captured = _captured(rng, page_stories[0].published)
        response_id = _record_id(rng)
        get = f"GET /{section}/{i}/ HTTP/1.1\r\nHost: www.{site}\r\n\r\n".encode()
        # A known length spares warcio a SpooledTemporaryFile per record (and its cost).
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(get),
            length=len(get),
            warc_headers_dict={
                "WARC-Date": captured,
                "WARC-Record-ID": _record_id(rng),
                "WARC-Concurrent-To": response_id,
            },
        )
        writer.write_record(request)
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")],
            protocol="HTTP/1.1",
        )
        body = html.encode("utf-8")
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": captured, "WARC-Record-ID": response_id},
        )
        writer.write_record(response)
    return out.getvalue(), ShardStats(pages=pages, stories=stories, text_bytes=text)


def _shard_job(args: tuple[int, int, int]) -> tuple[bytes, ShardStats]:
    return shard_bytes(*args)


def write_warc(path: Path, *, pages: int, seed: int = 1, jobs: int = 1) -> ShardStats:
    """Write `pages` pages to the gzipped WARC `path`; the bytes depend only on (pages, seed)."""
    return write_warcs([path], pages=pages, seed=seed, jobs=jobs)


def write_warcs(paths: list[Path], *, pages: int, seed: int = 1, jobs: int = 1) -> ShardStats:
    """The same `pages` pages as `write_warc`, split over the files `paths` in order.

    A collection is many files: `morgue index --jobs N` hands whole files to its workers, so
    only a split archive shows what several workers can do.
    """
    shards = [
        (seed, s, min(SHARD_PAGES, pages - s * SHARD_PAGES))
        for s in range((pages + SHARD_PAGES - 1) // SHARD_PAGES)
    ]
    if len(paths) > len(shards):
        raise ValueError(f"{pages} pages make {len(shards)} shards: too few for {len(paths)} files")
    per_file = [
        shards[k * len(shards) // len(paths) : (k + 1) * len(shards) // len(paths)]
        for k in range(len(paths))
    ]
    total = ShardStats(pages=0, stories=0, text_bytes=0)
    with contextlib.ExitStack() as stack:
        run: Callable[[list[tuple[int, int, int]]], Iterator[tuple[bytes, ShardStats]]]
        if jobs > 1:
            pool = stack.enter_context(multiprocessing.get_context("fork").Pool(jobs))
            run = functools.partial(pool.imap, _shard_job)
        else:
            run = functools.partial(map, _shard_job)
        for path, group in zip(paths, per_file, strict=True):
            total = _write_file(path, run(group), total, pages=pages, seed=seed)
    return total


def _write_file(
    path: Path,
    parts: Iterator[tuple[bytes, ShardStats]],
    total: ShardStats,
    *,
    pages: int,
    seed: int,
) -> ShardStats:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as out:
        info = io.BytesIO()
        writer = WARCWriter(info, gzip=True)
        fields = f"software: morgue bench/corpus.py\r\npages: {pages}\r\nseed: {seed}\r\n"
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=io.BytesIO(fields.encode()),
                length=len(fields),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Date": "2026-01-01T00:00:00Z",
                    "WARC-Filename": path.name,
                    "WARC-Record-ID": _record_id(random.Random(f"warcinfo:{seed}:{path.name}")),
                },
            )
        )
        out.write(info.getvalue())
        for data, stats in parts:
            out.write(data)
            total = ShardStats(
                pages=total.pages + stats.pages,
                stories=total.stories + stats.stories,
                text_bytes=total.text_bytes + stats.text_bytes,
            )
    tmp.replace(path)
    return total


def archive_paths(out: Path, files: int) -> list[Path]:
    """`out` itself for one file, else `out/part-000.warc.gz` … (a folder morgue can read)."""
    if files == 1:
        return [out]
    return [out / f"part-{k:03d}.warc.gz" for k in range(files)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--files", type=int, default=1, help="split over this many files (then --out is a folder)"
    )
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = archive_paths(args.out, args.files)
    stats = write_warcs(paths, pages=args.pages, seed=args.seed, jobs=args.jobs)
    took = time.perf_counter() - start
    size = sum(p.stat().st_size for p in paths)
    print(
        f"{stats.pages} pages, {stats.stories} stories, {stats.text_bytes / 1e6:.1f} MB of story "
        f"text -> {args.out} ({size / 1e6:.1f} MB gzipped) in {took:.1f} s "
        f"({stats.pages / took:,.0f} pages/s, {args.jobs} jobs)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
