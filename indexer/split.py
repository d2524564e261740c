"""Cleaned blocks → story drafts: find the main text, cut it into stories, sort each story's
blocks into headline, byline, dates, captions and body paragraphs.

The same code serves the HTML path (blocks from clean.py) and the plain-text path (blocks from
textpage.py), which is how the aggregator page gives the same two stories either way
(sample_warcs/02-aggregator.warc.gz and .wet.gz).

1. Roles. Each block is a paragraph, a heading, a byline, a printed date, a caption, furniture
   (link lists, "Read More", footers) or a label (short text that is none of those).
2. The main text. Each block's characters count for every element around it: paragraph text
   for it, furniture against it. The element with the best balance is the story region; ties
   go to the deepest element (the tightest box around the same text).
3. Stories. A region holds several stories when several `<article>` elements each hold a whole
   story (sample_warcs/04 evening edition), or when paragraphs open with datelines one after
   another (03 wire round-ups, 02 infinite scroll: the next story has no headline of its own).
   Otherwise it holds one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.boilerplate import (
    END_HEADINGS,
    MAX_FURNITURE_PHRASE_CHARS,
    RELATED_HEADINGS,
    UI_LINES,
    has_furniture_wording,
    is_site_notice,
)
from indexer.bylines import is_byline_line
from indexer.clean import Block
from indexer.datelines import Dateline, find_dateline
from indexer.dates import is_date_line
from indexer.textsize import story_chars

# Roles of a block.
PARA, HEAD, BYLINE, DATE, CAPTION, FURNITURE, LABEL = (
    "para", "head", "byline", "date", "caption", "furniture", "label"
)  # fmt: skip

#: A paragraph ends like a sentence (or is long enough to be prose anyway): sample_warcs/02
#: credit lines "Velikov reported from Vienna." are short but end with a full stop. CJK full
#: stops and closing quotes count too (real Japanese and Chinese pages).
SENTENCE_END = frozenset('.!?…:;"”’»)]。！？」』')
#: Shortest paragraph that ends like a sentence; shorter text is a label ("Share.", "Next.").
MIN_SENTENCE_CHARS = 20
#: Text at least this long is prose even without a final full stop (headline-less teasers,
#: paragraphs cut by a "Read more" link, quotes without punctuation).
MIN_PROSE_CHARS = 90
#: More than this share of a block's characters inside links: a link list, not prose.
MAX_LINK_SHARE = 0.5
#: A block with this much text outside its links is prose with many links (real pages link
#: every name in a paragraph, some with hover cards), not a link list.
MIN_UNLINKED_PROSE_CHARS = 150
#: Longest printed byline or date line; longer blocks are prose that mentions "By" or a date.
MAX_META_CHARS = 140
#: Fewest body characters a story needs: a teaser ("headline + one line + link",
#: sample_warcs/05 section front) is shorter. The shortest sample story is a two-paragraph
#: brief of ~200 characters (03 round-ups).
MIN_STORY_CHARS = 150
#: A paragraph under a related-stories heading with more of its text in links is a teaser.
MAX_TEASER_LINK_SHARE = 0.2
#: The author's bio printed as the story's last paragraph ("Jane Doe is a staff writer at …",
#: real pages): not story text. Checked only at the end of a story, and only on short blocks.
AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3},? (?:is|was|has been|covers|writes|reports)\b"
    r"[^.]{0,80}\b(?i:writer|editor|reporter|journalist|correspondent|contributor|columnist|"
    r"producer|author|freelance|analyst|critic|covers|writes about|reports on|sportswriter|"
    r"photographer|photojournalist|blogger)\b"
    # "Charlie Savage writes about national security …" (real pages)
    r"|^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:covers|writes about|reports on) "
    # the role before the name: "Pulitzer Prize-winning journalist Michael Hiltzik writes a
    # daily blog", "Miami Herald sportswriter Michelle Kaufman has covered 14 Olympics"
    r"|^(?:[\w'’-]+ ){0,4}(?i:writer|reporter|journalist|sportswriter|columnist|"
    r"correspondent|editor) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2} (?:is|has|covers|writes)\b"
    # The reporter's contact line ends a story the same way ("Travis Andersen can be reached
    # at …@globe.com.", "Have a tip? Amy Kuperinsky may be reached at …": real pages).
    r"|^(?:[^.?!]{0,40}[.?!] )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} (?:can|may) be "
    r"(?:reached|contacted) (?:at|by|via|on)\b"
)
MAX_BIO_CHARS = 600
#: Share of the region's paragraph text the headline's <article> must hold to become the region
#: (see _headline_article).
MIN_HEADLINE_ARTICLE_SHARE = 0.2
#: How many blocks from the end of a story a bio is looked for (see _drop_author_bio).
BIO_WINDOW = 4
#: Fewest teaser units (linked heading + a line or two) that make a trailing teaser grid, and
#: the longest line a teaser has.
MIN_TEASERS, MAX_TEASER_CHARS = 3, 300
#: Most teaser text, relative to the story text kept, that a teaser grid may hold.
MAX_TEASER_SHARE = 0.5
#: How much furniture text weighs against paragraph text when choosing the story region.
FURNITURE_WEIGHT = 1.0
#: Short text that is neither furniture nor prose (labels, numbered item titles on list
#: articles) weighs less: half of it is story text on real pages.
LABEL_WEIGHT = 0.5
#: Share of the region's paragraph text that its `<article>` elements must hold for the page to
#: be split by article (sample_warcs/04 evening edition: all of it).
MIN_ARTICLES_SHARE = 0.8
#: How many paragraphs may come before the first dateline for a dateline split to apply: the
#: round-up's standfirst (sample_warcs/03 "The stories from around the world …").
MAX_PARAGRAPHS_BEFORE_FIRST_DATELINE = 2


#: Elements that hold one paragraph of text (never a story region on their own).
TEXT_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt"}
)

#: Block tags whose short text is story text when it sits among paragraphs: list items,
#: definitions, table cells, preformatted lines.
LIST_TAGS = frozenset({"li", "dd", "dt", "td", "pre"})
#: Short blocks kept in the body between its paragraphs: list items and the like, and `<p>`s
#: (a numbered item title on a list article is a paragraph its author wrote).
BODY_LABEL_TAGS = LIST_TAGS | {"p"}


@dataclass(slots=True)
class Draft:
    """One story's blocks, sorted by role; extract.py turns it into a Story."""

    preamble: list[Block] = field(default_factory=list)  # before the first paragraph
    body: list[Block] = field(default_factory=list)  # paragraphs, subheads, list items
    captions: list[str] = field(default_factory=list)
    headline: str | None = None  # its own heading, when it has one
    bylines: list[str] = field(default_factory=list)  # printed bylines, nearest first
    times: list[str] = field(default_factory=list)  # <time datetime> values, in order
    date_texts: list[str] = field(default_factory=list)  # printed dates, in order
    dateline: Dateline | None = None


_LETTER_OR_DIGIT = re.compile(r"\w")
#: Longest UI_LINES entry, so that long captions skip the lookup.
MAX_UI_LINE_CHARS = max(map(len, UI_LINES)) + 4


#: How PHP prints its errors into a page: "Warning: … in /path/file.php on line 46".
_PHP_MESSAGES = ("Warning: ", "Notice: ", "Deprecated: ", "Strict Standards: ", "Fatal error: ",
                 "Parse error: ", "PHP Warning: ", "PHP Notice: ", "PHP Deprecated: ")  # fmt: skip
_PHP_MESSAGE = re.compile(r" in /\S+ on line \d+")

#: The length from which a block without a space, in ASCII, is no prose (see role).
MIN_UNBROKEN_CHARS = 40

#: How a teaser's cut-short summary ends, and the share of its text in links (its headline).
_TRUNCATED = ("...", "…", "[…]", "[...]")
MIN_TEASER_LINK_SHARE = 0.15


def role(block: Block) -> str:
    """What a block is (see the module docstring), from its text and its marks."""
    text = block.text
    n = len(text)
    if block.caption:
        # A caption element's interface words are no caption ("HIDE CAPTION" on newspaper4k's
        # 2013 cnn.com test page, "Photo credits" on trafilatura's wikimediafoundation.org one)
        if n <= MAX_UI_LINE_CHARS and text.casefold().rstrip(" .:!›»>|") in UI_LINES:
            return FURNITURE
        return CAPTION
    if text[0] == "<" and "=" in text:
        return FURNITURE  # markup shown as text (an escaped tracking pixel in <noscript>)
    folded = text.casefold()
    low = folded.rstrip(" .:!›»>|")
    # `\w` is what str.isalnum() accepts, plus "_": most blocks open with a letter, and the
    # regex runs only on the others.
    if low in UI_LINES or not (text[0].isalnum() or _LETTER_OR_DIGIT.search(text)):
        return FURNITURE  # interface words, or a rule drawn with symbols ("* * *", "• • •")
    if block.link_share > MAX_LINK_SHARE and n - block.links < MIN_UNLINKED_PROSE_CHARS:
        return FURNITURE
    if text.startswith(_PHP_MESSAGES) and _PHP_MESSAGE.search(text):
        # A PHP error message printed into the page by a broken plugin (pbrunst.de/news/2011/
        # 12/kein-cyberterrorismus-…, one of htmldate's test pages: two "Warning: Use of
        # undefined constant … on line 46" lines opened the story).
        return FURNITURE
    if n >= MIN_UNBROKEN_CHARS and " " not in text and text.isascii():
        # One unbroken ASCII "word" is no prose: reuters.com/article/us-awards-sag/… (one of
        # trafilatura's test pages) prints its CSS breakpoint names, hidden by a stylesheet, as
        # "for-phone-onlyfor-tablet-portrait-upfor-…", which opened the story. (Chinese and
        # Japanese prose has no spaces either, hence ASCII only.)
        return FURNITURE
    if (
        block.link_first
        and block.tag == "li"
        and block.links >= MIN_TEASER_LINK_SHARE * n
        and text.endswith(_TRUNCATED)
    ):
        # A list item of a linked headline and its summary cut short: a teaser of another
        # story (scrapinghub www.indiapost.com/with-shattered-dreams-…: a "Breaking News" list
        # above the story, each `<li><a>headline</a><span>NEW DELHI: … may soon...</span>`).
        # A paragraph may open with a link and trail off too (scrapinghub
        # wccftech.com/stadia-destiny-2-…: "<a>According to The Verge's review</a>, the … a
        # statement…"): only list items are read so.
        return FURNITURE
    if n <= MAX_FURNITURE_PHRASE_CHARS:
        if has_furniture_wording(text, folded):  # site notices included
            return FURNITURE
    elif is_site_notice(folded):
        return FURNITURE
    if block.heading:
        return HEAD
    if n <= MAX_META_CHARS:
        if reads_as_byline(block):
            return BYLINE
        if (block.dated and len(block.dated) >= n / 2) or is_date_line(text):
            return DATE
    # Block text is whitespace-collapsed (no trailing newline), so its last character decides.
    if n >= MIN_PROSE_CHARS or (n >= MIN_SENTENCE_CHARS and text[-1] in SENTENCE_END):
        return PARA
    return LABEL


def reads_as_byline(block: Block) -> bool:
    """Whether a block's text is a credit: by-line wording, or half of it marked as the byline."""
    return is_byline_line(block.text) or (
        bool(block.byline) and len(block.byline) >= len(block.text) / 2
    )


def main_region(blocks: list[Block], roles: list[str]) -> tuple[int, int]:
    """The [start, end) range of blocks in the element with the best text balance."""
    # Gains are summed per distinct path first (runs of paragraphs share one), then spread over
    # the elements of each path, rather than each block adding to every element around it
    # (0.099 → 0.087 ms a page on the aed-dev pages). The sums are exact either way (whole and
    # half characters), and elements are met in the same order, so ties resolve the same.
    by_path: dict[tuple[int, ...], float] = {}
    for b, r in zip(blocks, roles, strict=True):
        if r == PARA:
            gain = float(len(b.text))
        elif r == FURNITURE:
            gain = -FURNITURE_WEIGHT * len(b.text)
        elif r == LABEL and b.tag not in LIST_TAGS:
            gain = -LABEL_WEIGHT * len(b.text)
        else:
            continue
        # A paragraph element is never the region itself: the story is the box around it.
        path = b.path[:-1] if b.tag in TEXT_TAGS and len(b.path) > 1 else b.path
        by_path[path] = by_path.get(path, 0.0) + gain
    score: dict[int, float] = {}
    depth: dict[int, int] = {}
    for path, gain in by_path.items():
        for d, node in enumerate(path):
            score[node] = score.get(node, 0.0) + gain
            depth[node] = d
    if not score:
        return 0, 0
    best = max(score, key=lambda node: (score[node], depth[node]))
    inside = [i for i, b in enumerate(blocks) if best in b.path]
    box, box_chars = _body_box(blocks, roles)
    if box and not any(blocks[i].body_box == box for i in inside):
        # The region lies elsewhere on the page than the box marked as the article's text
        # (clean.Block.body_box): the marked box holds the story, unless it is a small one
        # beside a much longer text (a widget of post excerpts marked up like posts).
        region_chars = sum(len(blocks[i].text) for i in inside if roles[i] == PARA)
        if box_chars >= MIN_BODY_BOX_SHARE * region_chars:
            inside = [i for i, b in enumerate(blocks) if b.body_box == box]
    return _headline_article(blocks, roles, inside[0], inside[-1] + 1)


#: The paragraph text a box marked as the article's text must hold, as a share of the region
#: found elsewhere, to be taken instead (the cbslocal.com post: 215 characters against the
#: sidebar's 407; a sidebar excerpt a quarter of the story's length must not win).
MIN_BODY_BOX_SHARE = 0.4


def _body_box(blocks: list[Block], roles: list[str]) -> tuple[int, int]:
    """The box marked as an article's text (boilerplate.BODY_TOKENS) holding the most paragraph
    text, and that text's length; (0, 0) if none holds any."""
    chars: dict[int, int] = {}
    for b, r in zip(blocks, roles, strict=True):
        if r == PARA and b.body_box:
            chars[b.body_box] = chars.get(b.body_box, 0) + len(b.text)
    if not chars:
        return 0, 0
    box = max(chars, key=lambda key: chars[key])
    return box, chars[box]


def _headline_article(
    blocks: list[Block], roles: list[str], start: int, end: int
) -> tuple[int, int]:
    """The region narrowed to the one `<article>` in it that holds the page's `<h1>` and most
    of its paragraph text: what follows that article is the site's teaser grid, whose one-line
    summaries outweigh the furniture around them (real opinion pages: a story in an <article>,
    then a dozen linked headlines each with a byline, a date and a 300-character summary)."""
    chars: dict[int, int] = {}
    total = 0
    headed: set[int] = set()
    for b, r in zip(blocks[start:end], roles[start:end], strict=True):
        if r == PARA:
            n = story_chars(b.text)  # the measure of MIN_STORY_CHARS (CJK weighs double)
            total += n
            if b.article:
                chars[b.article] = chars.get(b.article, 0) + n
        elif r == HEAD and b.heading == 1 and b.article:
            headed.add(b.article)
    if len(chars) != 1 or len(headed) != 1:
        return start, end
    [(article, inside)] = chars.items()
    if article not in headed or inside < MIN_HEADLINE_ARTICLE_SHARE * total:
        return start, end
    own = [i for i in range(start, end) if blocks[i].article == article]
    return own[0], own[-1] + 1


def split_region(blocks: list[Block], roles: list[str]) -> list[list[int]]:
    """Indexes of the blocks of each story in the region (page order)."""
    paras = [i for i, r in enumerate(roles) if r == PARA]
    if not paras:
        return []
    by_article = _article_groups(blocks, roles)
    if by_article:
        return by_article
    starts = [i for i in paras if find_dateline(blocks[i].text)]
    if len(starts) >= 2 and paras.index(starts[0]) <= MAX_PARAGRAPHS_BEFORE_FIRST_DATELINE:
        groups: list[list[int]] = []
        begin = 0
        for k in range(len(starts)):
            end = starts[k + 1] if k + 1 < len(starts) else len(blocks)
            if k + 1 < len(starts):
                # The blocks after this story's last paragraph belong to the next one's
                # preamble (its byline, time and captions: sample_warcs/02 second story).
                last_para = max(i for i in paras if i < end)
                end = last_para + 1
            groups.append(list(range(begin, end)))
            begin = end
        # Paragraphs before the first dateline (a standfirst) belong to no story.
        groups[0] = [i for i in groups[0] if i >= starts[0] or roles[i] != PARA]
        return groups
    return [list(range(len(blocks)))]


def _article_groups(blocks: list[Block], roles: list[str]) -> list[list[int]] | None:
    """One group per `<article>` that holds a whole story, when there are two or more."""
    chars: dict[int, int] = {}
    paras: dict[int, int] = {}
    dated: dict[int, bool] = {}  # whether the article's first paragraph opens with a dateline
    linked_heads: set[int] = set()
    total = 0
    for b, r in zip(blocks, roles, strict=True):
        if r == PARA:
            total += len(b.text)
            if b.article:
                chars[b.article] = chars.get(b.article, 0) + len(b.text)
                paras[b.article] = paras.get(b.article, 0) + 1
                dated.setdefault(b.article, find_dateline(b.text) is not None)
        elif b.article and b.heading and b.links >= len(b.text) / 2:
            linked_heads.add(b.article)
    # A card of a linked headline and one short paragraph is a teaser of a story elsewhere
    # (threatpost.com/android-ransomware-…, one of trafilatura's test pages: two "Suggested
    # articles" cards under the story read as two headless stories); a brief printed whole
    # under its permalink is longer, or opens with a dateline.
    stories = [
        a
        for a, n in chars.items()
        if n >= MIN_STORY_CHARS
        and not (paras[a] == 1 and n <= MAX_TEASER_CHARS and a in linked_heads and not dated[a])
    ]
    # The articles must hold the region's text: reader comments marked up as <article>s under
    # a story that is not (real blog pages) are not stories of their own.
    if len(stories) < 2 or sum(chars[a] for a in stories) < MIN_ARTICLES_SHARE * total:
        return None
    groups = [[i for i, b in enumerate(blocks) if b.article == a] for a in stories]
    return sorted(groups, key=lambda g: g[0])


def draft(blocks: list[Block], roles: list[str], indexes: list[int], headline: str | None) -> Draft:
    """Sort one story's blocks by role. `headline` (the page's) is dropped from the body."""
    d = Draft()
    paras = [i for i in indexes if roles[i] == PARA]
    if not paras:
        return d
    first = paras[0]
    # A list after the last paragraph is still story text (real pages: product lists, "what
    # to know" bullets); link lists are furniture and never count here.
    last = max(
        i for i in indexes if roles[i] == PARA or (roles[i] == LABEL and blocks[i].tag in LIST_TAGS)
    )
    seen_captions: set[str] = set()
    related = False
    norm_headline = _norm(headline) if headline else None
    for i in indexes:
        b, r = blocks[i], roles[i]
        d.times.extend(b.times)
        if r == CAPTION:
            key = _norm(b.text)
            if key not in seen_captions:
                seen_captions.add(key)
                d.captions.append(b.text.replace("\n", " "))
            continue
        if r == BYLINE:
            d.bylines.append(b.byline or b.text)
            continue
        if r == DATE:
            d.date_texts.append(b.dated or b.text)
            continue
        if i < first:
            d.preamble.append(b)
            if r == HEAD:
                d.headline = b.text.replace("\n", " ")
            continue
        if i > last:
            continue
        if r == HEAD:
            if d.body and END_HEADINGS.match(b.text):
                break
            related = bool(RELATED_HEADINGS.match(b.text))
            if related or (norm_headline and _is_headline(b.text, norm_headline)):
                continue
            d.body.append(b)
        elif r == PARA:
            if related and b.link_share > MAX_TEASER_LINK_SHARE:
                # Under "More from …", "Related", "Most read" come linked teasers (real pages
                # print such boxes mid-story); the first unlinked paragraph ends the box.
                continue
            related = False
            if norm_headline and _is_headline(b.text, norm_headline):
                continue
            d.body.append(b)
        elif r == LABEL and b.tag in BODY_LABEL_TAGS and not related:
            d.body.append(b)
    _drop_trailing_teasers(d, blocks, roles, indexes)
    _drop_author_bio(d)
    if d.body:
        d.dateline = find_dateline(d.body[0].text)
    return d


def _drop_author_bio(d: Draft) -> None:
    """End the story at an author's bio among its last BIO_WINDOW blocks: what follows a bio is
    more of the page's end matter (real pages: "X is the deputy Opinion editor." then a
    corrections note, a sign-up prompt, a second author's bio)."""
    start = max(1, len(d.body) - BIO_WINDOW)
    for k in range(start, len(d.body)):
        text = d.body[k].text
        if len(text) <= MAX_BIO_CHARS and AUTHOR_BIO.match(text):
            del d.body[k:]
            return


def _drop_trailing_teasers(
    d: Draft, blocks: list[Block], roles: list[str], indexes: list[int]
) -> None:
    """Cut a grid of teasers printed after the story: at least MIN_TEASERS units of a linked
    heading followed by at most two short lines, up to the end (real pages: "more stories"
    grids with a summary under each linked title)."""
    where = {id(b): i for i, b in zip(indexes, (blocks[i] for i in indexes), strict=True)}
    linked = [i for i in indexes if blocks[i].heading and roles[i] == FURNITURE]
    if len(linked) < MIN_TEASERS or not d.body:
        return
    positions = [where[id(b)] for b in d.body]
    units, cut = 0, None
    end = positions[-1] + 1
    for h in reversed(linked):
        inside = [p for p in positions if h < p < end]
        if len(inside) > 2 or any(len(blocks[p].text) > MAX_TEASER_CHARS for p in inside):
            break
        if any(blocks[p].heading and roles[p] == HEAD for p in inside):
            break
        units, cut, end = units + 1, h, h
    if units < MIN_TEASERS or cut is None:
        return
    kept = [b for b, p in zip(d.body, positions, strict=True) if p < cut]
    # Teasers trail a story; when the "teasers" outweigh what is left, they are the story's own
    # short paragraphs between inline links to other stories (real local-TV pages).
    dropped = sum(len(b.text) for b in d.body) - sum(len(b.text) for b in kept)
    if dropped <= MAX_TEASER_SHARE * sum(len(b.text) for b in kept):
        d.body = kept


#: An opening paragraph whose first MIN_SUMMARY_CHARS characters are found again inside a longer
#: one of the next SUMMARY_WINDOW paragraphs is a summary box printed above the story (real
#: pages: the lead condensed into a highlights box, then "SHANGHAI: " + the full lead).
MIN_SUMMARY_CHARS, SUMMARY_WINDOW = 100, 3


def body_text(d: Draft) -> str:
    """The body as DESIGN.md §3 wants it: paragraphs in order, separated by blank lines.

    A paragraph printed twice in a row (desktop and mobile copies) is kept once, and so is a
    quotation block repeating a sentence of the text (a pull quote: sample_warcs/01 Cape
    Tolland page). Other repeats stay: list articles legitimately repeat short lines ("Eat
    every 2–3 hours" under each meal of a real meal plan). An opening summary that the story's
    first paragraphs open with again is dropped (see MIN_SUMMARY_CHARS)."""
    # Block texts come whitespace-collapsed (clean.Block), so they are joined as they are:
    # collapsing them again was most of this function's cost (0.09 of 0.11 ms a page, aed-dev).
    texts = [b.text for b in d.body]
    plain = {t for t, b in zip(texts, d.body, strict=True) if not b.quote}
    out: list[str] = []
    for text, b in zip(texts, d.body, strict=True):
        if out and text == out[-1]:
            continue
        if b.quote and (text in plain or any(text in t for t in plain if len(t) > len(text))):
            continue
        out.append(text)
    if (
        len(out) > 1
        and len(out[0]) >= MIN_SUMMARY_CHARS
        and any(
            out[0][:MIN_SUMMARY_CHARS] in t
            for t in out[1 : 1 + SUMMARY_WINDOW]
            if len(t) > len(out[0])
        )
    ):
        del out[0]
    return "\n\n".join(out)


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


_WORDS = re.compile(r"\w+")


def _is_headline(text: str, norm_headline: str) -> bool:
    """Whether `text` is the headline again. Normalising costs a regex pass over the text, so
    texts far longer than the headline (most paragraphs) are ruled out by length first: a
    repeat of the headline adds at most some punctuation and spacing to its words."""
    if len(text) > 2 * len(norm_headline) + HEADLINE_PUNCTUATION_MARGIN:
        return False
    return _norm(text) == norm_headline


#: Characters of punctuation and spacing a repeat of the headline may add (see _is_headline).
HEADLINE_PUNCTUATION_MARGIN = 40
