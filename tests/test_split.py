"""Blocks → stories (indexer/split.py): roles, the main region, and where stories split."""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer.clean import Block
from indexer.split import (
    BYLINE,
    CAPTION,
    DATE,
    FURNITURE,
    HEAD,
    LABEL,
    PARA,
    body_text,
    draft,
    main_region,
    role,
    split_region,
)


def blk(text: str, tag: str = "p", path: tuple[int, ...] = (1, 2), **kw: object) -> Block:
    # collapsed as clean.py and textpage.py collapse every block's text
    text = " ".join(text.split())
    return Block(text=text, tag=tag, path=path, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (blk("Velikov reported from Vienna."), PARA),  # a credit line is story text
        (blk("港口在一周的风暴之后于星期二重新开放，渔民们说渔获很好。"), PARA),  # CJK full stop
        (blk("A long line of prose without a full stop " * 3), PARA),
        (blk("WORLD NEWS"), LABEL),
        (blk("Read More"), FURNITURE),
        (blk("ADVERTISEMENT"), FURNITURE),
        (blk("Lade weitere Inhalte ..."), FURNITURE),  # the interface words in other languages
        (blk("Publicité"), FURNITURE),
        (blk("Leer más »"), FURNITURE),
        (blk("Was sind Cookies?"), FURNITURE),
        (blk("© 2025 Hafenbote. Alle Rechte vorbehalten."), FURNITURE),
        (blk("© 2025 Wireline News. All Rights Reserved."), FURNITURE),
        (blk("Snow plow budget runs dry", links=25), FURNITURE),
        (blk("Floodwaters reach Salvara", tag="h1"), HEAD),
        (blk("By NIRAN CHAIWAT"), BYLINE),
        (blk("Published 10:45 AM GMT+2, March 2, 2025"), DATE),
        (blk("Residents wade through a flooded street.", caption=True), CAPTION),
        (blk("HIDE CAPTION", caption=True), FURNITURE),  # a caption box's interface words
        (blk("Photo credits", caption=True), FURNITURE),
        # role() tests only the last character for a sentence end, and looks for a letter or
        # digit past the first character only when the first is neither
        (blk("The harbour reopened (Tuesday]"), PARA),
        (blk("The harbour reopened on Tuesday"), LABEL),
        (blk("* * *"), FURNITURE),
        (blk("— 2025 —"), LABEL),
        (blk("_"), LABEL),
    ],
)
def test_roles(block: Block, expected: str) -> None:
    assert role(block) == expected


def test_main_region_is_the_tightest_box_around_the_paragraphs() -> None:
    blocks = [
        blk("Home News Sports", path=(1, 5), links=16),
        blk("First paragraph of the story, long enough to count.", path=(1, 2, 3)),
        blk("Second paragraph of the story, long enough to count.", path=(1, 2, 3)),
        blk("Most read: a list", path=(1, 6), links=17),
    ]
    roles = [role(b) for b in blocks]
    assert main_region(blocks, roles) == (1, 3)


def test_main_region_is_the_box_marked_as_the_article_text_rather_than_a_region_elsewhere() -> None:
    # goose3 newyork.cbslocal.com/2012/06/08/bc-morning-show-…: a one-paragraph post in
    # `div.entry-content` and four promo blurbs in the sidebar
    blocks = [
        blk("Boomer and Craig were thrilled to welcome an American hero to the studio, as "
            "Kelly stopped by and was given the royal treatment she deserved.",
            path=(1, 2, 3), body_box=3),
        blk("LISTEN: the interview", path=(1, 2, 3), body_box=3, links=21),
        *(blk(f"Promo blurb {i} about the city's parks, long enough to count as prose.",
              path=(1, 7, 8)) for i in range(4)),
        *(blk(f"Listen live: WCBS 880, 1010 WINS, WFAN and all our stations {i}", path=(1, 9),
              links=62) for i in range(3)),
    ]  # fmt: skip
    roles = [role(b) for b in blocks]
    assert main_region(blocks, roles) == (0, 2)
    # without the mark, the sidebar's text wins
    plain = [replace(b, body_box=0) for b in blocks]
    assert main_region(plain, roles) == (2, 6)
    # and a small marked box (a widget of post excerpts) loses to a much longer text
    long = [*blocks[:2], *(replace(b, text=b.text * 3) for b in blocks[2:6]), *blocks[6:]]
    assert main_region(long, roles) == (2, 6)


def test_paragraphs_opening_with_datelines_split_a_round_up() -> None:
    # sample_warcs/03 print-style round-up: no headings, one dateline per brief
    blocks = [
        blk("TOKYO (AP) — Japan’s weather agency said Wednesday that a quake did no damage."),
        blk("Trains were halted for about 20 minutes."),
        blk("BERLIN (Reuters) - German train operators will add 400 carriages by summer."),
        blk("The carriages are leased."),
    ]
    roles = [role(b) for b in blocks]
    groups = split_region(blocks, roles)
    assert groups == [[0, 1], [2, 3]]
    drafts = [draft(blocks, roles, g, None) for g in groups]
    assert [d.dateline.text if d.dateline else None for d in drafts] == [
        "TOKYO (AP)",
        "BERLIN (Reuters)",
    ]


def test_one_dateline_does_not_split() -> None:
    blocks = [
        blk("PARIS — The metro stood still on Monday as workers walked out."),
        blk("Only two lines ran. LONDON (Reuters) - is quoted here mid-paragraph."),
    ]
    roles = [role(b) for b in blocks]
    assert split_region(blocks, roles) == [[0, 1]]


def test_the_next_story_takes_the_byline_and_captions_after_the_last_paragraph() -> None:
    # sample_warcs/02 infinite scroll: byline, time and gallery of story 2 sit between stories
    blocks = [
        blk("SALVARA, Marenthia (AP) — Floodwaters poured into the low-lying districts."),
        blk("Velikov reported from Vienna."),
        blk("By NIRAN CHAIWAT"),
        blk("Rice farmer Edda Voss checks her field.", caption=True),
        blk("KESTREL BAY, Marenthia (AP) — Rice farmers began counting their losses Sunday."),
        blk("Chaiwat reported from Bangkok."),
    ]
    roles = [role(b) for b in blocks]
    first, second = (draft(blocks, roles, g, None) for g in split_region(blocks, roles))
    assert body_text(first).endswith("Velikov reported from Vienna.")
    assert not first.bylines and not first.captions
    assert second.bylines == ["By NIRAN CHAIWAT"]
    assert second.captions == ["Rice farmer Edda Voss checks her field."]
    assert second.headline is None


def test_articles_with_whole_stories_split_the_page() -> None:
    text = "A sentence of a story that is long enough to be prose on its own. " * 3
    blocks = [
        blk("Evening Edition", tag="h1"),
        blk("School board picks superintendent", tag="h2", article=10),
        blk(text, article=10),
        blk("Grain elevator fire burns", tag="h2", article=20),
        blk(text, article=20),
    ]
    roles = [role(b) for b in blocks]
    groups = split_region(blocks, roles)
    assert groups == [[1, 2], [3, 4]]
    assert [draft(blocks, roles, g, None).headline for g in groups] == [
        "School board picks superintendent",
        "Grain elevator fire burns",
    ]


def test_teaser_cards_under_a_story_are_not_stories() -> None:
    # a card is a linked headline and one paragraph; unlinked headlines still split
    text = "A sentence of a story that is long enough to be prose on its own. " * 3
    card = "A summary of another story, one paragraph printed under its linked headline. " * 2
    blocks = [
        blk("Ransomware spreads via game links", tag="h1", article=10),
        blk(text, article=10),
        blk(text, article=10),
        blk("Suggested reading", tag="h3"),
        blk("Texas attacks change the game", tag="h2", article=20, links=29),
        blk(card, article=20),
        blk("Forums after GandCrab", tag="h2", article=30, links=21),
        blk(card, article=30),
    ]
    roles = [role(b) for b in blocks]
    assert split_region(blocks, roles) == [list(range(len(blocks)))]
    unlinked = [replace(b, links=0) for b in blocks]
    assert len(split_region(unlinked, [role(b) for b in unlinked])) == 3
    # a brief printed whole under its permalink is longer than a teaser, or has a dateline
    long_brief = "A brief printed whole, long enough to be the story itself and no teaser. " * 5
    dated = "HOLLIS CROSSING — The bridge reopened on Tuesday after a week of repairs. " * 3
    for text in (long_brief, dated):
        briefs = [*blocks[:3], blocks[4], blk(text, article=20), blocks[6], blk(text, article=30)]
        assert len(split_region(briefs, [role(b) for b in briefs])) == 3


def test_body_drops_the_repeated_headline_and_duplicates() -> None:
    blocks = [
        blk("Divers map a shipwreck off Cape Tolland", tag="h2"),
        blk("A team of volunteer divers has mapped the wreck."),
        blk("Divers map a shipwreck off Cape Tolland", tag="h2"),
        blk("A team of volunteer divers has mapped the wreck."),
        blk("The museum will open an exhibit."),
    ]
    roles = [role(b) for b in blocks]
    d = draft(blocks, roles, list(range(5)), "Divers map a shipwreck off Cape Tolland")
    assert body_text(d) == (
        "A team of volunteer divers has mapped the wreck.\n\nThe museum will open an exhibit."
    )


def test_comment_articles_under_a_story_do_not_split_it() -> None:
    # real blog pages mark reader comments up as <article>s below a story that is not one
    story = "A sentence of the story that is long enough to be prose on its own here. " * 6
    comment = "A reader comment that is long enough to count as a paragraph of text. " * 3
    blocks = [blk(story), blk(story), blk(comment, article=7), blk(comment, article=8)]
    roles = [role(b) for b in blocks]
    assert split_region(blocks, roles) == [[0, 1, 2, 3]]


def test_an_author_bio_heading_ends_the_story() -> None:
    blocks = [
        blk("The first paragraph of the story, long enough to be prose."),
        blk("About Delia Marchetti", tag="h3"),
        blk("Delia has covered the harbor and the islands for the Gazette since 2019."),
    ]
    roles = [role(b) for b in blocks]
    d = draft(blocks, roles, [0, 1, 2], None)
    assert body_text(d) == "The first paragraph of the story, long enough to be prose."


@pytest.mark.parametrize(
    "heading",
    ["More from The Gazette", "Read further in the pursuit of knowledge", "Ähnliche Beiträge",
     "À lire aussi", "Noticias relacionadas", "Leggi anche", "Leia também", "Lees ook"],
)  # fmt: skip
def test_linked_teasers_under_a_related_heading_are_dropped(heading: str) -> None:
    blocks = [
        blk("The first paragraph of the story, long enough to be prose."),
        blk(heading, tag="h3"),
        blk("Another story headline that links elsewhere, with a summary.", links=45),
        blk("The story goes on after the box with another paragraph."),
    ]
    roles = [role(b) for b in blocks]
    d = draft(blocks, roles, [0, 1, 2, 3], None)
    assert body_text(d) == (
        "The first paragraph of the story, long enough to be prose.\n\n"
        "The story goes on after the box with another paragraph."
    )


@pytest.mark.parametrize(
    "text",
    [
        "When you shop through our affiliate links, the Gazette may earn a small fee.",
        "Citation: Harbor reopens (2025, February 11) retrieved 12 February 2025 from g.example",
        "This page is subject to copyright; quote it only with credit to the Gazette.",
        '<img height="1" width="1" style="display:none" src="http://b.example/p">',
        # comment forms' and blog templates' standard lines (htmldate's and trafilatura's
        # test pages)
        "Du musst eingeloggt sein, um einen Kommentar posten zu können.",
        "You must be logged in to post a comment.",
        "Kommentieren ist momentan nicht möglich.",
        "Comments are closed.",
        # site prompts and disclosures after real stories (scrapinghub and aed-dev pages)
        "Get browser notifications for breaking news, live events, and exclusive reporting.",
        "Microsoft may earn an Affiliate Commission if you purchase something through links.",
        "If you buy something through this post, IGN may get a share of the sale.",
        "Like this story? Share it with a friend!",
        "This slideshow requires JavaScript.",
        "Our journalism needs your support. Please subscribe today.",
        "The opinions expressed here are the author’s.",
        "Subscribe to: Posts (Atom)",
        "SUGGESTED CITATION Steinbeis, Maximilian: The First Decade, VerfBlog, 2019/7/13",
    ],
)
def test_disclosures_and_markup_are_furniture(text: str) -> None:
    assert role(blk(text)) == FURNITURE


def test_a_list_item_of_a_linked_headline_and_a_cut_summary_is_a_teaser() -> None:
    # scrapinghub www.indiapost.com/with-shattered-dreams-…: a "Breaking News" list
    text = (
        "Internet in Kashmir after local admn feels it is fit to do so: HM NEW DELHI: Home "
        "Minister Amit Shah on Wednesday said in Rajya Sabha that the government will restore "
        "Internet connection in Kashmir as soon as the local administration feels it is..."
    )
    teaser = blk(text, tag="li", links=63, link_first=True)
    assert role(teaser) == FURNITURE
    # the same words as a paragraph that opens with a link and trails off are prose
    # (scrapinghub wccftech.com/stadia-destiny-2-…), and so is a list item that is not cut
    assert role(replace(teaser, tag="p")) == PARA
    assert role(replace(teaser, text=text[:-3] + " possible.")) == PARA
    assert role(replace(teaser, link_first=False)) == PARA


@pytest.mark.parametrize(
    "text",
    [
        # CSS breakpoint names printed as text (reuters.com, one of trafilatura's test pages)
        "for-phone-onlyfor-tablet-portrait-upfor-tablet-landscape-upfor-desktop-up",
        # the page's own URL in a share box (scrapinghub: Hearst pages)
        "https://www.chron.com/business/article/New-car-sales-plunge-10-percent-14847624.php",
        # PHP errors printed into the page (pbrunst.de, one of htmldate's test pages)
        "Warning: Use of undefined constant XMLRPC_REQUEST - assumed 'XMLRPC_REQUEST' (this "
        "will throw an Error in a future version of PHP) in /htdocs/wp-content/languages/"
        "de_DE.php on line 46",
        # a cookie notice longer than the furniture phrases' limit (facebook.com/visitaustria)
        "Wir verwenden Cookies, um Inhalte zu personalisieren, Werbeanzeigen maßzuschneidern "
        "und zu messen sowie die Sicherheit unserer Nutzer zu erhöhen. " * 3,
    ],
)
def test_page_machinery_printed_as_text_is_furniture(text: str) -> None:
    assert role(blk(text)) == FURNITURE


@pytest.mark.parametrize(
    "text",
    [
        "港口在一周的风暴之后于星期二重新开放，渔民们说渔获很好，市长也到场祝贺了这一天的到来。",
        "Warning: the council said on Tuesday that the ferry terminal would close for a week.",
        "Public comments are closed until March, when the council votes on the plan.",
        "Amazon cut its affiliate commission rates for furniture sellers again on Tuesday.",
    ],
)
def test_prose_that_looks_like_page_machinery_is_prose(text: str) -> None:
    assert role(blk(text)) == PARA


def test_a_long_disclaimer_is_furniture() -> None:
    # aed-dev egotastic.com: 400 characters, too long for the furniture openings
    text = "Disclaimer: All rights reserved for writing and editorial content. " + (
        "No rights or credit claimed for any images featured on this site unless stated. " * 4
    )
    assert len(text) > 320 and role(blk(text)) == FURNITURE


def test_a_long_notice_of_the_site_about_itself_is_furniture() -> None:
    # aed-dev nj.com and mlive.com: 370 characters, too long for the furniture phrases
    notice = (
        "If you purchase a product or register for an account through a link on our site, we "
        "may receive compensation. By using this site, you consent to our User Agreement and "
        "agree that your clicks, interactions, and personal information may be collected, "
        "recorded, and/or stored by us and social media and other third-party partners in "
        "accordance with our Privacy Policy."
    )
    assert len(notice) > 320 and role(blk(notice)) == FURNITURE
    # a story quoting a site's terms is prose
    quote = '"These posts violated our user agreement and were removed," a spokesperson said.'
    assert role(blk(quote)) == PARA
    # the same words in a story's own long paragraph, past MAX_SITE_NOTICE_CHARS, stay prose
    story = "The regulator said the terms were unfair to readers. " * 16
    assert role(blk(story + " It quoted: by using this site, you agree.")) == PARA


@pytest.mark.parametrize(
    "text",
    [
        "Residents can stay up to date on road closures through the county website, officials "
        "said.",
        "Die Website der Behörde verwendet Cookies, ohne die Nutzer zu fragen, kritisierte der "
        "Datenschutzbeauftragte.",
    ],
)
def test_a_story_sentence_about_cookies_or_updates_is_prose(text: str) -> None:
    assert role(blk(text)) == PARA


def test_a_grid_of_teasers_after_the_story_is_cut() -> None:
    story = [
        blk(f"Paragraph {n} of the story itself, long enough to be prose. " * 3) for n in range(3)
    ]
    teasers = []
    for n in range(4):
        teasers += [
            blk(f"Another story number {n}", tag="h3", links=23),
            blk(f"A one-line summary of another story, number {n}."),
        ]
    blocks = story + teasers
    roles = [role(b) for b in blocks]
    d = draft(blocks, roles, list(range(len(blocks))), None)
    assert body_text(d) == "\n\n".join(" ".join(b.text.split()) for b in story)


def test_an_author_bio_closing_the_story_is_dropped() -> None:
    blocks = [
        blk("The harbor reopened on Tuesday after a week of storms kept the boats in port."),
        blk("Delia Marchetti is a staff writer covering the harbor and the islands."),
    ]
    roles = [role(b) for b in blocks]
    d = draft(blocks, roles, [0, 1], None)
    assert body_text(d) == blocks[0].text
