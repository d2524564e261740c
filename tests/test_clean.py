"""DOM → blocks (indexer/clean.py): furniture dropped, captions and bylines marked, bounded."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from indexer.boilerplate import is_furniture
from indexer.clean import Block, page_blocks


def blocks(html: str) -> list[Block]:
    return page_blocks(LexborHTMLParser(html))


def texts(html: str) -> list[str]:
    return [b.text for b in blocks(html)]


def test_furniture_is_dropped_by_tag_and_class() -> None:
    html = """<body><nav><a href="/">Home</a></nav>
    <div class="share-tools"><a href="#">Facebook</a></div>
    <div class="Page-breadcrumbs"><a href="/">WORLD</a> › Story headline</div>
    <div class="story"><p>The council voted on Tuesday to rebuild the terminal.</p>
    <div class="Advertisement">ADVERTISEMENT</div><p>Work starts in September.</p></div>
    <aside class="newsletter-promo"><p>Sign up now.</p></aside>
    <footer>© 2025 Gazette</footer></body>"""
    assert texts(html) == [
        "The council voted on Tuesday to rebuild the terminal.",
        "Work starts in September.",
    ]


def test_hidden_and_script_text_never_becomes_a_block() -> None:
    html = """<body><script>var x = "not text";</script><style>p{}</style>
    <p hidden>hidden</p><p style="display: none">gone</p><p aria-hidden="true">icon</p>
    <p>Visible paragraph.</p></body>"""
    assert texts(html) == ["Visible paragraph."]


def test_long_reader_comments_are_dropped_however_much_text_they_hold() -> None:
    story = "<p>The council voted to rebuild the ferry terminal after the storm.</p>" * 3
    comment = "<p>" + "I have taken this ferry for years and the terminal was a disgrace. " * 12
    html = f"""<body><h1>Terminal to be rebuilt</h1><div class="entry">{story}</div>
    <div id="comments"><h3>31 Comments</h3><ol class="commentlist">
    {
        "".join(
            f'<li class="comment even depth-1"><article class="comment">{comment}</p>'
            "</article></li>"
            for _ in range(4)
        )
    }
    </ol></div></body>"""
    assert (
        texts(html)
        == ["Terminal to be rebuilt"]
        + ["The council voted to rebuild the ferry terminal after the storm."] * 3
    )
    # a story wrapped in a comment-named box is still read: its headline is inside
    wrapped = (
        f'<body><div id="comment-wrap"><h1>Terminal to be rebuilt</h1>{comment}</p></div></body>'
    )
    assert texts(wrapped)[0] == "Terminal to be rebuilt" and len(texts(wrapped)) == 2


def test_nested_asides_around_the_story_are_read_once() -> None:
    story = "<p>The council voted to rebuild the ferry terminal after the storm.</p>" * 4
    html = "<body>" + "<aside>" * 300 + f"<h1>Terminal to be rebuilt</h1>{story}" + "</aside>" * 300
    assert texts(html + "</body>")[0] == "Terminal to be rebuilt"
    assert len(texts(html + "</body>")) == 5


def test_an_aside_holding_the_headline_and_story_is_read_and_sidebars_are_not() -> None:
    story = "<p>The council voted to rebuild the ferry terminal after the storm.</p>" * 4
    teasers = "<p>Another story from the harbour, with a long teaser of its own text.</p>" * 6
    html = f"""<body><ul><li>Home</li><li>News</li></ul>
    <aside class="main-column"><h1>Terminal to be rebuilt</h1>{story}</aside>
    <aside class="sidebar"><h3>More news</h3>{teasers}</aside></body>"""
    assert (
        texts(html)
        == ["Home", "News", "Terminal to be rebuilt"]
        + ["The council voted to rebuild the ferry terminal after the storm."] * 4
    )


def test_a_paragraph_pasted_with_another_site_s_classes_is_text() -> None:
    para = "The contest returns to the lake this August, with a floating ramp and prize money. " * 2
    more = "<p>The timetable, the prizes and the way to the lake are printed below it.</p>" * 5
    html = f"""<body><h1>Contest on the lake</h1>
    <p><span class="_fbReactionComponent__eventDetailsContentTags">{para.strip()}</span></p>
    {more}<p><span class="post-tags">Tags: lake, contest</span></p></body>"""
    assert (
        texts(html)
        == ["Contest on the lake", para.strip()]
        + ["The timetable, the prizes and the way to the lake are printed below it."] * 5
    )


def test_a_subhead_s_anchor_id_is_no_furniture_mark() -> None:
    # tables of contents link to subheads by ids made from their words ("nav_…")
    html = """<body><h1>Lithium from the shredder</h1><p>The plant opened in May.</p>
    <h3 class="subheading" id="nav_only_the_foil_stays__1">Only the foil stays</h3>
    <p>The rest is sorted.</p><div id="nav_main"><p>Menu</p></div></body>"""
    assert texts(html) == [
        "Lithium from the shredder",
        "The plant opened in May.",
        "Only the foil stays",
        "The rest is sorted.",
    ]


def test_a_hidden_gallery_caption_in_a_cite_is_not_text() -> None:
    # a photo gallery shows the first slide's caption and hides the others' in <cite>s
    html = """<body><div class="gallery"><div class="slide"><img src="a.jpg">
    <cite style="">Boats return to the harbour.</cite></div><div class="slide"><img src="b.jpg">
    <cite style="display:none">The quay at dawn.</cite></div></div>
    <p>The harbour reopened on <cite>Tuesday</cite>.</p></body>"""
    assert texts(html) == ["Boats return to the harbour.", "The harbour reopened on Tuesday."]
    # a cite's classes are not read: a journal credited in a sentence stays in its paragraph
    cited = '<body><p>The study, published in <cite class="credit">Nature</cite>, found it.</p>'
    assert [(b.text, b.caption) for b in blocks(cited)] == [
        ("The study, published in Nature, found it.", False)
    ]


def test_captions_are_marked_and_gallery_chrome_dropped() -> None:
    html = """<body><figure><img src="a.jpg" alt="Alt text"><div class="counter">1 of 3</div>
    <figcaption><p>Residents wade through a street. (AP Photo)</p></figcaption></figure>
    <p>Body text here.</p></body>"""
    got = blocks(html)
    assert [(b.text, b.caption) for b in got] == [
        ("Residents wade through a street. (AP Photo)", True),
        ("Body text here.", False),
    ]


def test_double_br_splits_div_soup_into_paragraphs() -> None:
    # sample_warcs/01 Granite Valley page: paragraphs separated by <br><br> in one div
    html = "<body><div>First paragraph here.<br><br>Second one.<br><br>Third.</div></body>"
    assert texts(html) == ["First paragraph here.", "Second one.", "Third."]


def test_short_br_lines_become_separate_blocks_with_their_marks() -> None:
    # sample_warcs/08 legacy page: headline<br>By …<br>Associated Press Writer in one cell
    html = """<body><table><tr><td><font size="5"><b>Mill to close</b></font><br>
    <font size="2">By Roy Featherstone<br>Associated Press Writer</font></td></tr></table></body>"""
    got = blocks(html)
    assert [b.text for b in got] == [
        "Mill to close",
        "By Roy Featherstone",
        "Associated Press Writer",
    ]
    assert got[0].big and not got[1].big
    # a lower-case credit line after a short headline is still a line of its own
    html = """<body><table><tr><td><b>Council approves bus budget</b><br>by Roy Featherstone<br>
    Associated Press Writer</td></tr></table></body>"""
    assert texts(html) == [
        "Council approves bus budget",
        "by Roy Featherstone",
        "Associated Press Writer",
    ]


def test_a_standfirst_named_in_a_bem_class_is_left_out() -> None:
    # goose3 guardian.co.uk/film/2011/nov/18/kristen-wiig-bridesmaids: `content__standfirst`
    story = "<p>Kristen Wiig has had the kind of summer one might imagine to change a life.</p>"
    html = f"""<body><div class="content__standfirst">She went from waitress to film star.</div>
    <div class="content__article-body">{story * 3}</div></body>"""
    assert "She went from waitress to film star." not in texts(html)
    assert len(texts(html)) == 3


def test_a_block_opening_with_a_link_is_marked() -> None:
    html = """<body><ul><li><a href="/a">Harbour reopens</a> <span>The port…</span></li>
    <li>The port <a href="/b">reopened</a>.</li></ul><p> <a href="/c"><img src="x.png"></a>
    Text after an empty link.</p></body>"""
    assert [b.link_first for b in blocks(html)] == [True, False, False]


def test_a_privacy_dialog_never_holds_the_story_however_much_prose_it_prints() -> None:
    # aed-dev washingtontechnology.com/podcasts/…: the `div.privacy-modal` ("modal" names
    # furniture) printed more paragraph text than the short podcast page, so the furniture
    # guard kept it
    policy = "<p>We store cookies on your browser to collect information about you. </p>" * 12
    html = f"""<body><main><h1>WT 360: a podcast</h1><p>The chief executive explains what
    drove the company to make two acquisitions.</p>
    <div class="privacy-modal"><div class="privacy-content-box">{policy}</div></div></main>
    </body>"""
    assert not any("cookies" in t for t in texts(html))


def test_a_sidebar_list_of_teaser_articles_is_dropped_however_much_text_it_holds() -> None:
    # la-bas.org/la-bas-magazine/chroniques/Didier-Porte-…, one of trafilatura's test pages:
    # `div.aside-bloc-latest`, a dozen `article.entry` summaries, each read as a story
    teaser = "<article class='entry'><p>{} A summary of another story on the site. </p></article>"
    teasers = "".join(teaser.format(f"Teaser {i}:" + " More words." * 12) for i in range(12))
    html = f"""<body><h1>A chronicle</h1><div class="post"><p>Ami abonné, the chronicle
    itself is a short piece of prose.</p></div>
    <div class="aside-bloc aside-bloc-latest">{teasers}</div>
    <div class="extra secondary"><p>Don't miss: a long summary of another story.</p></div>
    </body>"""
    got = texts(html)
    assert not any(t.startswith(("Teaser", "Don't miss")) for t in got)
    assert any(t.startswith("Ami abonné") for t in got)


def test_a_story_box_with_articles_embedded_is_no_teaser_list() -> None:
    # aed-dev thestar.com/opinion/…: the story's `div.tsArticle.hasSidebar` ("sidebar") holds
    # two small embedded <article>s; the furniture guard keeps it
    story = "<p>If 2023 taught us anything in Toronto, it is that you cannot predict it.</p>" * 8
    embeds = "<article><p>Related: a short embed.</p></article>" * 2
    html = f"""<body><h1>If 2023 taught us anything</h1>
    <div class="tsArticle hasSidebar">{story}{embeds}</div><div class="nav">Home</div></body>"""
    assert sum("you cannot predict it" in t for t in texts(html)) == 8


def test_feature_flags_in_a_class_name_are_no_furniture() -> None:
    assert not any(map(is_furniture, ["hasSidebar", "has-sidebar", "noAds", "withShareBar"]))
    assert all(map(is_furniture, ["sidebar", "share-bar", "ads"]))


STORY_PARAGRAPH = (
    "<p>" + "The council voted to rebuild the ferry terminal after the storm. " * 4 + "</p>"
)


def test_a_story_article_beside_a_teaser_or_holding_a_card_is_no_teaser_list() -> None:
    story = STORY_PARAGRAPH * 6
    beside = f"""<body><h1>T</h1><div class="content-sidebar-wrap"><article>{story}</article>
    <article><p>A short teaser.</p></article></div></body>"""
    nested = f"""<body><h1>T</h1><div class="article-share-wrapper"><article>{story}
    <article class="card"><p>x</p></article></article></div></body>"""
    for html in (beside, nested):
        assert sum("ferry terminal" in t for t in texts(html)) == 6


def test_a_tooltip_inline_keeps_its_words_and_a_tooltip_box_goes() -> None:
    html = f"""<body><p>The plan relies on the <span class="tooltip">Federal Transit
    Administration</span> for a third of its money.</p>{STORY_PARAGRAPH * 3}
    <div class="author-tooltip">Ann is a librarian and fact-checker.</div></body>"""
    got = texts(html)
    assert got[0] == (
        "The plan relies on the Federal Transit Administration for a third of its money."
    )
    assert not any("librarian" in t for t in got)


def test_an_aem_component_class_names_no_consent_dialog() -> None:
    # Adobe Experience Manager prefixes every component's class with `cmp-`
    html = f"""<body><h1>T</h1><div class="cmp-container share-wrapper">
    {STORY_PARAGRAPH * 6}</div><div class="nav">Home</div></body>"""
    assert sum("ferry terminal" in t for t in texts(html)) == 6


def test_lines_wrapped_by_hand_stay_one_paragraph() -> None:
    # goose3 lostinjit.blogspot.fr/2011/10/pypy-and-road-towards-scipy.html: a line break
    # every 75 characters; a line going on in lower case is the same paragraph
    html = """<body><div>There were discussions on the topic as well as various posts<br>
    from the community who addressed a few issues. It seems there was a lot<br>
    of talking past each other.</div></body>"""
    assert texts(html) == [
        "There were discussions on the topic as well as various posts from the community who "
        "addressed a few issues. It seems there was a lot of talking past each other."
    ]


def test_the_box_marked_as_the_article_text_is_no_furniture() -> None:
    # goose3 www.engadget.com/2010/08/18/verizon-fios-…: the post is
    # `div.post_content.permalink` ("permalink" names furniture), its text div soup without a
    # <p> for the furniture guard to weigh
    story = "Streaming TV to phones is nice, but we like TV on the TV. " * 3
    html = f"""<body><div class="post_content permalink"><div>{story}<br><br>{story}</div>
    </div><div class="permalink">Permalink</div>
    {"<ul><li><a href='/x'>Another story headline here</a></li></ul>" * 30}</body>"""
    got = [b for b in blocks(html) if b.text.startswith("Streaming")]
    assert len(got) == 2 and all(b.body_box for b in got)
    assert "Permalink" not in texts(html)


def test_marks_around_the_article_text_do_not_reach_into_it() -> None:
    # goose3 lostinjit.blogspot.fr/…: Blogger puts every post in `div.date-outer`
    html = """<body><div class="date-outer"><h2 class="date-header">Thursday, October 27</h2>
    <div class="date-posts"><div class="post-body entry-content"><p>Hello</p>
    <p>Cheers, fijal</p></div></div></div></body>"""
    got = blocks(html)
    assert got[0].dated == "Thursday, October 27"
    assert [(b.text, b.dated) for b in got[1:]] == [("Hello", ""), ("Cheers, fijal", "")]


def test_inline_byline_and_time_marks_are_kept() -> None:
    html = """<body><div class="meta"><span class="author">By Lucia Ferrante</span> ·
    <time datetime="2025-02-27T17:10:00-06:00">Feb. 27</time></div></body>"""
    (b,) = blocks(html)
    assert b.byline == "By Lucia Ferrante"
    assert b.times == ("2025-02-27T17:10:00-06:00",)
    assert b.dated == "Feb. 27"


def test_links_are_counted() -> None:
    (b,) = blocks('<body><p><a href="/a">Read this</a> and <a href="/b">that</a></p></body>')
    assert b.links == len("Read this") + len("that")
    assert b.link_share > 0.5


def test_furniture_class_on_the_story_container_is_ignored() -> None:
    # real pages wrap the whole story in e.g. `div.box.article.modal-enabled`
    paragraphs = "".join(f"<p>{f'Sentence number {i} of the story. ' * 6}</p>" for i in range(8))
    html = f'<body><nav>menu</nav><div class="l-sidebar-fixed">{paragraphs}</div></body>'
    assert len(blocks(html)) == 8


def test_a_page_nested_thousands_deep_is_walked_without_recursion() -> None:
    # (100,000 levels are cut before parsing: see test_extract, DEEP_NESTING_RUNS)
    depth = 5_000
    html = "<body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "</body>"
    got = blocks(html)  # no RecursionError, bounded by the node budget
    assert isinstance(got, list)


def test_article_elements_are_recorded() -> None:
    html = "<body><article><p>One story.</p></article><article><p>Two.</p></article></body>"
    a, b = blocks(html)
    assert a.article and b.article and a.article != b.article


def test_a_story_hidden_until_a_subscriber_script_runs_is_read() -> None:
    # real pages: the story sits in `div.subscriber-only[style="display:none"]`
    story = "".join(
        f"<p>{f'Sentence {i} of the metered story text here. ' * 5}</p>" for i in range(6)
    )
    html = f"""<body><div style="display:none"><p>A hidden promo line.</p></div>
    <div class="subscriber-only" style="display:none">{story}</div></body>"""
    got = texts(html)
    assert len(got) == 6 and "A hidden promo line." not in got


def test_a_bio_in_a_bylines_tooltip_is_dropped() -> None:
    # aed-dev health.com/swap-meat-…: reviewers' bios pop up over their names in the byline
    html = f"""<body><div class="bylines">Fact checked by <a href="/nick">Nick Blackmer</a>
    <div class="comp mntl-author-tooltip mntl-tooltip"><div class="mntl-author-tooltip__bio">
    Nick Blackmer is a librarian, fact-checker, and researcher with more than 20 years of
    experience in consumer-facing health and wellness content.</div></div></div>
    <div class="story">{"<p>New research found that the swap can boost heart health.</p>" * 5}
    </div></body>"""
    got = texts(html)
    assert got.count("New research found that the swap can boost heart health.") == 5
    assert not any("librarian" in t for t in got)


def test_a_box_hidden_by_its_class_is_dropped_however_much_prose_it_holds() -> None:
    # aed-dev huffpost.com/entry/lindsey-graham-…: a `div.cli.hidden` donation appeal in
    # paragraphs, longer than the story, passed the furniture guard and was read as story text
    story = "<p>" + "The council voted to rebuild the ferry terminal after the storm. " * 3 + "</p>"
    story *= 6  # 1,200 characters
    appeal = "".join(
        f"<p>{f'Appeal sentence {i}: help us keep our journalism free for every reader. ' * 3}</p>"
        for i in range(3)
    )  # 700 characters, all paragraphs: the furniture guard would keep it
    html = f"""<body class="hidden"><div class="story">{story}</div>
    <div id="support-entry" class="cli v1 hidden primary-cli">{appeal}</div>
    <div class="d-none">Bootstrap hides this.</div><p class="is-hidden">Bulma hides this.</p>
    <span class="sr-only">Opens in a new window</span></body>"""
    got = texts(html)
    assert len(got) == 6 and all(t.startswith("The council") for t in got)


def test_a_story_in_a_box_hidden_by_its_class_is_still_read() -> None:
    # the hidden-story guard, as for `display:none` (a subscriber script reveals the story)
    story = "".join(
        f"<p>{f'Sentence {i} of the metered story text here. ' * 5}</p>" for i in range(6)
    )
    html = f"""<body><div class="hidden"><p>A hidden promo line.</p></div>
    <div class="article-body hidden">{story}</div></body>"""
    got = texts(html)
    assert len(got) == 6 and "A hidden promo line." not in got


def test_a_box_hidden_only_on_phones_is_furniture_unless_it_holds_the_story() -> None:
    # Tailwind `hidden md:block` is shown on a desktop; what a site leaves off phones is
    # extras (aed-dev theverge.com/23613289/best-games-…: its cards' blurbs), so it is
    # furniture, under the furniture guard: a box holding the story is kept.
    story = "<p>The council voted to rebuild the ferry terminal after the storm.</p>" * 4
    html = f"""<body><div class="hidden md:block">{story}</div>
    <div class="story"><p>A short brief.</p></div>
    <p class="mb-8 hidden md:block">A card's blurb, desktop only.</p></body>"""
    got = texts(html)
    assert len(got) == 5 and "A card's blurb, desktop only." not in got


def test_a_paywall_class_on_the_story_is_not_furniture_but_a_paywall_note_is() -> None:
    html = """<body><div class="article__story paywall"><p>The story text, which is long enough
    to be the page's only paragraph of prose, sits in a metered box on this page.</p></div>
    <div class="paywall-note">You have read 2 of 5 free articles.</div></body>"""
    assert texts(html) == [
        "The story text, which is long enough to be the page's only paragraph of prose, sits "
        "in a metered box on this page."
    ]


def test_block_text_is_whitespace_collapsed() -> None:
    # split.body_text joins block texts as they are, so every block must come collapsed:
    # source line breaks, tabs, no-break spaces, <br> runs and indentation between tags.
    html = """<body><div class="story">
      <p>  The council\tvoted\r\non   Tuesday.\u00a0 </p>
      <div>Line one<br>  line two <br><br> after  a break </div>
      <p><b> Bold </b> <a href="/x"> and a link </a>\u2009end </p>
      <table><tr><td> cell <br> two </td></tr></table></div></body>"""
    got = blocks(html)
    assert got and all(b.text == " ".join(b.text.split()) for b in got)
    assert "The council voted on Tuesday." in [b.text for b in got]


def test_spaces_between_inline_elements_are_kept() -> None:
    # whitespace-only text nodes are told apart in C (ASCII) or by str.isspace (a lone
    # no-break space): either way they are one space between the words around them
    html = "<body><p><b>one</b> <i>two</i>&nbsp;<em>three</em><span>\n\t</span>four</p></body>"
    assert texts(html) == ["one two three four"]
