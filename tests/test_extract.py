"""Page → stories (indexer/extract.py): the public API, skips, duplicates and budgets."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.extract import MAX_HTML_BYTES, extract_file, extract_page, extract_stories
from indexer.records import Page, Skip, Story

PARAS = "".join(
    f"<p>Paragraph {i} of the story says something long enough to be prose, as it does.</p>"
    for i in range(4)
)
ARTICLE = f"""<!doctype html><html lang="en"><head>
<title>Harbor reopens after storm | The Gazette</title>
<meta property="og:site_name" content="The Gazette">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Harbor reopens after storm",
"datePublished":"2025-02-11T16:40:00-05:00","author":{{"@type":"Person","name":"Delia Marchetti"}}}}
</script></head><body><nav><a href="/">Home</a></nav><article><h1>Harbor reopens after storm</h1>
<figure><img src="x.jpg" alt="The harbor">
<figcaption>Boats return to the harbor.</figcaption></figure>
{PARAS}</article><footer>© The Gazette. All rights reserved.</footer></body></html>"""
TEASERS = (
    "<html><body><h1>Local News</h1>"
    + "".join(
        f'<div class="teaser"><h3><a href="/s{i}">Story {i} headline here</a></h3>'
        "<p>One line.</p></div>"
        for i in range(10)
    )
    + "</body></html>"
)


def page(
    html: str | None = None, text: str | None = None, url: str = "https://g.example/a"
) -> Page:
    return Page(
        url=url,
        captured_at="2026-01-02T03:04:05Z",
        warc_file="t.warc.gz",
        warc_offset=0,
        warc_record_id="<urn:uuid:1>",
        html=html,
        text=text,
    )


def write_warc(path: Path, pages: list[tuple[str, str]]) -> None:
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, html in pages:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            data = html.encode()
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(data), length=len(data), http_headers=http
            )
            writer.write_record(record)


def test_one_article_fills_every_field() -> None:
    (story,) = extract_page(page(ARTICLE))
    assert isinstance(story, Story)
    assert story.headline == "Harbor reopens after storm"
    assert story.date == "2025-02-11T16:40:00-05:00" and story.date_source == "jsonld"
    assert story.byline == "Delia Marchetti"
    assert story.captions == ("Boats return to the harbor.",)
    assert story.language == "en"
    assert story.body.startswith("Paragraph 0 of the story") and story.body.count("\n\n") == 3
    assert "Home" not in story.body and "rights reserved" not in story.body
    assert story.site == "g.example" and story.story_index == 0
    assert story.captured_at == "2026-01-02T03:04:05Z" != story.date


def test_teasers_and_empty_pages_give_no_story() -> None:
    assert extract_page(page(TEASERS)) == []
    assert extract_page(page("")) == []
    assert (
        extract_page(page("<html><body><script>" + "x" * 10_000 + "</script></body></html>")) == []
    )


def test_non_news_path_without_article_metadata_gives_no_story() -> None:
    html = ARTICLE.replace('"@type":"NewsArticle"', '"@type":"Thing"')
    assert extract_page(page(html, url="https://g.example/about/contact")) == []


@pytest.mark.parametrize(
    ("url", "stories"),
    [
        ("https://g.example/", 0),
        ("https://g.example/index.html", 0),
        ("https://g.example/en-gb/", 0),
        ("https://g.example/?p=123", 1),  # WordPress serves stories at the root with an id
        ("https://g.example/2025/02/harbor-reopens", 1),
    ],
)
def test_a_front_page_without_article_metadata_gives_no_story(url: str, stories: int) -> None:
    front = ARTICLE.replace('"@type":"NewsArticle"', '"@type":"WebSite"')
    assert len(extract_page(page(front, url=url))) == stories
    # the same page marked as an article is one, wherever it is
    assert len(extract_page(page(ARTICLE, url=url))) == 1


def test_plain_text_page_goes_through_the_text_path() -> None:
    text = (
        "Harbor reopens after storm | The Gazette\n\nHome\nNews\nSports\n\n"
        "Harbor reopens after storm\n\nBy Delia Marchetti\n\n"
        "PORT ANSELM (AP) — The harbor reopened on Tuesday after a week of storms.\n\n"
        "Fishermen said the catch was good, and the market was busy again by noon.\n\n"
        "The harbor master said the channel had been checked and buoys were back in place.\n\n"
        "About\nContact\n"
    )
    (story,) = extract_page(page(text=text))
    assert story.headline == "Harbor reopens after storm"
    assert story.dateline == "PORT ANSELM (AP)"
    assert story.byline == "Delia Marchetti"
    assert story.body.endswith("buoys were back in place.")


def test_a_huge_and_a_deeply_nested_page_are_bounded() -> None:
    deep = "<html><body>" + "<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000 + "</body></html>"
    assert extract_page(page(deep)) == []  # cut before the run of <div>s: nothing left
    filler = "<p>More of the same long story, sentence after sentence, on and on.</p>"
    huge = ARTICLE.replace("</article>", filler * 300_000 + "</article>")  # ~21 MB
    (story,) = extract_page(page(huge))  # extracted from the first MAX_HTML_BYTES only
    assert story.headline == "Harbor reopens after storm"
    assert len(story.body) < MAX_HTML_BYTES


def test_extract_file_counts_pages_without_stories(tmp_path: Path) -> None:
    path = tmp_path / "t.warc.gz"
    write_warc(path, [("https://g.example/a", ARTICLE), ("https://g.example/news/", TEASERS)])
    items = list(extract_file(str(path)))
    stories = [i for i in items if isinstance(i, Story)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert [s.headline for s in stories] == ["Harbor reopens after storm"]
    assert [(s.reason, s.url) for s in skips] == [("no-story", "https://g.example/news/")]
    assert stories[0].warc_file == str(path) and stories[0].warc_offset == 0
    assert skips[0].warc_offset > 0


def test_extract_stories_drops_identical_recaptures(tmp_path: Path) -> None:
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    write_warc(first, [("https://g.example/a", ARTICLE)])
    write_warc(second, [("https://g.example/a", ARTICLE)])
    skipped: list[Skip] = []
    stories = list(extract_stories([str(tmp_path)], on_skip=skipped.append))
    assert len(stories) == 1
    assert [s.reason for s in skipped] == ["duplicate"]
    again = list(extract_stories([str(first)]))
    assert [s.id for s in again] == [stories[0].id]  # ids are stable across runs


def test_an_unexpected_error_is_a_counted_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import indexer.extract as extract

    path = tmp_path / "t.warc.gz"
    write_warc(path, [("https://g.example/a", ARTICLE)])

    def broken(_: Page) -> list[Story]:
        raise ValueError("boom")

    monkeypatch.setattr(extract, "extract_page", broken)
    (skip,) = list(extract.extract_file(str(path)))
    assert isinstance(skip, Skip)
    assert (skip.reason, skip.detail) == ("extract-error", "ValueError: boom")


def test_a_utc_timestamp_gives_way_to_the_printed_neighbouring_day() -> None:
    # real pages: datePublished 01:48 UTC on the 23rd, printed (and in the URL) the 22nd
    html = ARTICLE.replace("2025-02-11T16:40:00-05:00", "2025-02-12T01:48:00Z")
    (story,) = extract_page(page(html, url="https://g.example/2025/02/11/harbor-reopens"))
    assert (story.date, story.date_source) == ("2025-02-11", "url")
    (story,) = extract_page(page(html, url="https://g.example/harbor-reopens"))
    assert story.date_source == "jsonld"
    assert story.date is not None and story.date.startswith("2025-02-12T01:48:00")


def test_deep_nesting_is_cut_before_parsing_but_ordinary_pages_are_not() -> None:
    from indexer.extract import _cut_deep_nesting

    deep = ARTICLE + "<div>" * 100_000 + "x" + "</div>" * 100_000
    assert len(_cut_deep_nesting(deep.encode())) <= len(ARTICLE.encode())
    ordinary = (ARTICLE + "<div><div><span>text</span></div></div>" * 20_000).encode()
    assert _cut_deep_nesting(ordinary) == ordinary


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)).decode("latin-1") * 40,  # binary bytes read as Latin-1
        "<" * 100_000,  # all punctuation
        "\ufffd" * 5_000,  # invalid UTF-8 replaced
    ],
)
def test_binary_junk_and_punctuation_give_no_story(junk: str) -> None:
    assert extract_page(page(junk)) == []


@pytest.mark.parametrize(
    "tag",
    ["<div>", "<section>", "<blockquote>", "<ul>", "<article>", '<div class="x">', "<div><span>"],
)
def test_deep_runs_of_each_costly_tag_are_cut(tag: str) -> None:
    from indexer.extract import _cut_deep_nesting

    deep = (ARTICLE + tag * 40_000).encode()
    assert len(_cut_deep_nesting(deep)) <= len(ARTICLE.encode())


def test_the_reader_s_utf8_bytes_and_the_page_text_give_the_same_stories(tmp_path: Path) -> None:
    # The reader hands the parser the page's own UTF-8 bytes (Page.html_utf8); a Page built
    # from text alone is encoded by the extractor. Both must read the same.
    html = ARTICLE.replace("Harbor reopens", "Harbor reopens à Saint-Éloi")
    path = tmp_path / "t.warc.gz"
    write_warc(path, [("https://g.example/a", html)])
    (from_archive,) = [s for s in extract_file(str(path)) if isinstance(s, Story)]
    (from_text,) = extract_page(page(html))
    assert from_archive.headline == "Harbor reopens à Saint-Éloi after storm"
    assert (from_archive.id, from_archive.body) == (from_text.id, from_text.body)


def test_plain_text_blocks_are_whitespace_collapsed_too() -> None:
    from indexer.textpage import text_blocks

    text = (
        "Title | Site\n\n  First\tline  of the  story.\u00a0\nstill the first block.\n\n"
        "Menu\nHome\n"
    )
    _, blocks = text_blocks(text, "g.example")
    assert blocks and all(b.text == " ".join(b.text.split()) for b in blocks)


# An invented two-paragraph wire brief of ~90 characters: as much news as ~250 English
# characters, so a story (textsize.story_chars counts CJK characters twice); the same length of
# English, or half of it in Chinese, is not.
BRIEF_ZH = (
    "新华社北京1月14日电 国家统计局14日发布数据显示，去年全国粮食总产量再创新高，"
    "比上年增长百分之一点三。",
    "统计局负责人表示，粮食生产连续多年保持稳定，为经济社会发展提供了有力支撑。",
)


def _brief(title: str, paras: tuple[str, ...]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"<html lang='zh'><body><article><h1>{title}</h1>{body}</article></body></html>"


def test_a_short_chinese_brief_is_a_story_and_half_of_it_is_not() -> None:
    [story] = extract_page(page(_brief("全国粮食总产量再创新高", BRIEF_ZH)))
    assert story.headline == "全国粮食总产量再创新高"
    assert story.body.startswith("新华社北京") and story.language == "zh"
    assert extract_page(page(_brief("全国粮食总产量再创新高", BRIEF_ZH[:1]))) == []
    english = "The statistics bureau said grain output rose again last year. " * 1
    assert extract_page(page(_brief("Grain output", (english, english[:40] + ".")))) == []


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("Por Ada Lind", "Ada Lind"),
        ("Par Ada Lind", "Ada Lind"),
        # newspaper4k's test page of en.yna.co.kr prints an air-quality glossary above its
        # story: a line opening with "Par…" or "Por…" is no "Par "/"Por " byline
        ("Particulate Matter Less than 2.5", None),
        ("Portmoor Harbour Trust", None),
        ("Por: Ada Lind", "Ada Lind"),
    ],
)
def test_a_line_above_the_story_is_a_byline_only_after_by_par_or_por(
    line: str, byline: str | None
) -> None:
    html = (
        "<html><body><div><p>Weather</p><p>" + line + "</p></div>"
        "<article><h1>Harbor reopens after storm</h1>" + PARAS + "</article></body></html>"
    )
    (story,) = extract_page(page(html))
    assert story.byline == byline


def test_a_linked_byline_in_a_heading_element_does_not_open_the_body() -> None:
    # scrapinghub www.quantamagazine.org/tuft-cells-…: "By <a>Carrie Arnold</a>" in an <h6>
    # right above the text was moved into the body as its opening subhead
    html = (
        "<html><body><article><h1>Harbor reopens after storm</h1>"
        '<h6>By <a href="/authors/carrie-arnold">Carrie Arnold</a></h6>'
        + PARAS
        + "</article></body></html>"
    )
    (story,) = extract_page(page(html))
    assert not story.body.startswith("By")
    assert story.body.startswith("Paragraph")
    # aed-dev giantbomb.com/articles/the-community-spotlight-…: a credit line in an <h3>
    # marked as the byline
    html = html.replace(
        '<h6>By <a href="/authors/carrie-arnold">Carrie Arnold</a></h6>',
        '<h3 class="news-byline">by Marino - Brad Lynch on April 22, 2023</h3>',
    )
    (story,) = extract_page(page(html))
    assert story.body.startswith("Paragraph")


def test_invisible_characters_are_taken_out_of_every_text_field() -> None:
    # soft hyphens (hyphenation hints), zero-width spaces and BOMs split words for search
    html = ARTICLE.replace(
        "Harbor reopens after storm</h1>", "Har\u00adbor reopens after\u200b storm</h1>"
    )
    html = html.replace("Paragraph 1 of", "Para\u00adgraph 1 of").replace(
        "</article>", "<p>\u200b</p><p>\ufeff</p></article>"
    )
    html = html.replace("Boats return", "Boats re\u00adturn")
    (story,) = extract_page(page(html))
    assert story.headline == "Harbor reopens after storm"
    assert "Paragraph 1 of" in story.body and "\n\n\n" not in story.body
    assert story.body.count("\n\n") == 3 and not story.body.endswith("\n")
    assert story.captions == ("Boats return to the harbor.",)


POST_PARAS = "".join(
    f"<p>Paragraph {i} of the post says something long enough to be prose, as it does.</p>"
    for i in range(4)
)


def test_a_post_dated_only_in_its_footer_takes_that_date_and_never_a_widget_s() -> None:
    # blogs print the date in the post's footer, which the walk drops as furniture
    widget = (
        '<div class="sidebar"><ul><li class="widget recent-posts"><ul><li>Older post '
        '<span class="post-date">09/09/2019</span></li></ul></li></ul></div>'
    )
    post = (
        f"<html><body>{widget}<div class='post hentry'><h1>Parking in Paris</h1>{POST_PARAS}"
        "<div class='post-footer'>Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von "
        "Heiner geschrieben.</div></div></body></html>"
    )
    (story,) = extract_page(page(post, url="https://blog.example/parken-in-paris.php"))
    assert (story.date, story.date_source) == ("2015-12-14T14:48:00", "text")
    # the widget's dates are never taken, and a date in the metadata wins over the footer
    (story,) = extract_page(
        page(post.replace("14. Dezember 2015", "bald"), url="https://blog.example/p")
    )
    assert story.date is None
    dated = post.replace(
        "<html>",
        '<html><head><meta property="article:published_time" '
        'content="2015-12-13T09:00:00Z"></head>',
    )
    (story,) = extract_page(page(dated, url="https://blog.example/p"))
    assert story.date == "2015-12-13T09:00:00Z"


def test_recent_post_dates_in_a_sidebar_do_not_hide_the_post_s_own_footer() -> None:
    recent = "".join(
        f'<li>Post {i} <span class="post-date">0{i + 1}/09/2019</span></li>' for i in range(8)
    )
    post = (
        f"<html><body><div class='sidebar'><ul>{recent}</ul></div><div class='post hentry'>"
        f"<h1>Parking in Paris</h1>{POST_PARAS}<div class='post-footer'>Posted on 14 December 2015"
        "</div></div></body></html>"
    )
    (story,) = extract_page(page(post, url="https://blog.example/parken-in-paris.html"))
    assert story.date == "2015-12-14"


def test_a_blogger_post_s_footer_date_is_read_inside_its_widget() -> None:
    # Blogger puts every post inside `div.widget.Blog`; the post itself is `div.post.hentry`
    post = (
        "<html><body><div class='widget Blog'><div class='post hentry'><h1>Parking in Paris</h1>"
        f"{POST_PARAS}<div class='post-footer'>Posted on 14 December 2015 by Heiner</div></div>"
        "</div></body></html>"
    )
    (story,) = extract_page(page(post, url="https://blog.example/parken-in-paris.html"))
    assert story.date == "2015-12-14"
