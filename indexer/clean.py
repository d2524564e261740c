"""DOM → cleaned blocks: the page's text in reading order, furniture gone, each block tagged.

One iterative walk over the parsed tree (bounded: no recursion, a node budget) turns the page
into `Block`s — a paragraph, a heading, a list item, a caption, a run of text between `<br><br>`
in div soup (sample_warcs/01 Granite Valley page). Whole subtrees that are page furniture are
skipped on the way down (boilerplate.py: by tag, by class/id, hidden), unless one holds the story
after all (storyguard.py). Each block keeps the chain of block elements it sits in (`path`),
which is what the main-text search below and the story splitter (split.py) reason about.
`Block`s from plain text (WET) are built in textpage.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.boilerplate import (
    BLOCK_TAGS,
    BODY_MARK,
    BYLINE_MARK,
    CAPTION_MARK,
    DATE_MARK,
    DROP_TAGS,
    HEADING_TAGS,
    NEVER_REMOVED,
    body_mark,
    hidden_by_class,
    is_furniture,
    mark_kinds,
    names_comments,
    names_consent,
    names_popup,
)
from indexer.storyguard import StoryGuard

#: Most elements walked per page (sample pages have < 300, real article pages 1–5 thousand);
#: past it the rest of the page is ignored (issue 2 §5: a page 100,000 elements deep).
MAX_NODES = 60_000
#: Deepest element nesting followed; deeper content is skipped, not recursed into.
MAX_DEPTH = 400


@dataclass(slots=True)
class Block:
    """One line of page text and where it sits. (_flush builds most Blocks positionally: a
    new field goes last, and a reordering changes _flush too.)"""

    text: str  # whitespace collapsed: single spaces, none at either end (split.body_text)
    tag: str  # the block element holding it: "p", "h2", "li", "div", "td", … or "text" (WET)
    links: int = 0  # characters of the text inside links
    path: tuple[int, ...] = ()  # ids of the enclosing block elements, outermost first
    caption: bool = False  # a figure/photo caption (never body text)
    byline: str = ""  # the part of the text inside an element marked as byline/author
    dated: str = ""  # the part of the text inside an element marked as a date or <time>
    times: tuple[str, ...] = ()  # datetime attributes of <time> elements inside
    article: int = 0  # id of the outermost <article> holding it, 0 if none
    quote: bool = False  # inside a <blockquote>
    big: bool = False  # printed large or bold as a whole (a headline in div soup)
    body_box: int = 0  # id of the outermost element marked as an article's text (BODY_MARK)
    link_first: bool = False  # its text opens with a link (a linked headline in a teaser)

    @property
    def heading(self) -> int:
        """1–6 for h1–h6, else 0."""
        return int(self.tag[1]) if self.tag in HEADING_TAGS else 0

    @property
    def link_share(self) -> float:
        return self.links / len(self.text) if self.text else 0.0


@dataclass(slots=True)
class _State:
    guard: StoryGuard  # asked only before skipping an element (furniture false alarms)
    nodes: int = 0
    buf: list[str] = field(default_factory=list)
    links: int = 0
    times: list[str] = field(default_factory=list)
    path: list[int] = field(default_factory=list)
    block_tags: list[str] = field(default_factory=list)
    caption: int = 0
    byline: int = 0
    dated: int = 0
    link: int = 0
    figure: int = 0
    quote: int = 0
    article: int = 0
    blocks: list[Block] = field(default_factory=list)
    brs: int = 0
    byline_buf: list[str] = field(default_factory=list)
    dated_buf: list[str] = field(default_factory=list)
    caption_text: bool = False
    has_text: bool = False  # buf holds more than whitespace
    big: int = 0
    marked: int = 0  # caption + byline + dated + link + big: whether a text node needs _mark_text
    big_buf: list[str] = field(default_factory=list)
    body_box: int = 0  # the outermost element marked as the article's text, while in it
    outer_marks: tuple[int, int, int] = (0, 0, 0)  # caption, byline, dated around body_box
    link_first: bool = False  # the first text since the last block boundary is in a link


#: Dropped tags that must stay in the tree: `head` holds nothing the walk sees anyway, and
#: removing `html`-level parts is pointless; everything else in DROP_TAGS is removed in C.
_KEEP_FOR_WALK = frozenset({"head", "title", "meta", "link", "base"})
#: Void elements (no children, no text) are left in place: removing them changes no text
#: length, and the walk skips them anyway. An `<img>` is the commonest dropped element, so
#: leaving them saves a Python node and a decompose() call each.
_VOID_TAGS = frozenset({"img", "input", "source", "track", "embed", "area", "frame"})
_DROP_SELECTOR = ", ".join(sorted(DROP_TAGS - _KEEP_FOR_WALK - _VOID_TAGS))
#: What the walk passes over: an <aside> still in the tree holds the story (page_blocks).
_WALK_DROP = DROP_TAGS - {"aside"}


def page_blocks(tree: LexborHTMLParser) -> list[Block]:
    """The text blocks of a parsed page, in reading order, furniture removed."""
    body = tree.body
    if body is None:
        return []
    # Code and styles are dropped first, in C: the walk then sees less, and the page's text
    # length (StoryGuard.holds_story) counts only what a reader sees.
    asides = []
    for node in body.css(_DROP_SELECTOR):
        if node.tag == "aside":
            asides.append(node)
            continue
        # Unlinked, not freed (recursive=False): a dropped element inside another one is
        # still safe to unlink after its ancestor. One selector walks the tree once;
        # `strip_tags` walks it once per tag (0.4 vs 0.28 ms a page on the aed-dev pages).
        node.decompose(recursive=False)
    guard = StoryGuard(body)
    if asides:
        kept = guard.asides_holding_story(asides)
        for node in asides:
            if node.mem_id not in kept:
                node.decompose(recursive=False)
        guard.forget_sizes()  # measured with the asides still in
    state = _State(guard=guard)
    _walk(body, state)
    _flush(state)
    return state.blocks


# Bits recording what entering an element switched on, undone when it closes.
_BLOCK, _CAPTION, _BYLINE, _DATED, _LINK, _FIGURE, _QUOTE, _ARTICLE, _BIG, _BODY_BOX = (
    1 << i for i in range(10)
)
#: Inline styles and legacy markup that print a line as a headline: `font-size:26px` and bold
#: (sample_warcs/01 Granite Valley div soup), `<font size="5">` (08 legacy table page).
_BIG_STYLE = re.compile(r"font-size:\s*(?:(?:1[89]|[2-9]\d)px|(?:1\.[3-9]|[2-4](?:\.\d)?)em)")
_BIG_FONT_SIZES = frozenset({"4", "5", "6", "7", "+1", "+2", "+3", "+4"})
_SKIP = -1
#: Elements that may hold a whole hidden story (see _open).
_BOXES = frozenset({"div", "section", "article", "main"})
#: Elements whose class marks (byline, date, caption) are ignored: they hold whole stories.
_CONTAINERS = frozenset({"html", "body", "main", "article", "section"})
#: Inline formatting elements walked without reading their attributes. `<cite>` is one, but is
#: skipped when hidden: photo galleries hide every slide's caption but the first in
#: `<cite style="display:none">` (newspaper4k's test page of a 2013 cnn.com weather story: a
#: dozen captions in the body); its classes are not read ("credit" would make a sentence that
#: cites a journal a caption).
_PLAIN_INLINE = frozenset(
    {"b", "strong", "em", "i", "u", "s", "sup", "sub", "small", "abbr", "code", "mark", "q",
     "cite", "wbr", "ins", "del", "kbd", "var", "samp", "bdi", "bdo", "dfn", "nobr"}
)  # fmt: skip
#: Elements that switch a mark on by their tag alone (see _open).
_MARKING_TAGS = frozenset({"figcaption", "time", "figure", "blockquote", "article", "font"})


#: Subheads (h2–h6): their ids are anchors, not marks (see _open).
_SUBHEADS = frozenset({"h2", "h3", "h4", "h5", "h6"})


#: lexbor's tag id of text nodes (LXB_TAG__TEXT; selectolax's `tag` names it "-text").
_TEXT_TAG_ID = 2


def _walk(root: LexborNode, st: _State) -> None:
    # Explicit stack so that 100,000 nested elements cannot overflow the interpreter's stack.
    # Entering an element pushes the element (to go on with its next sibling once it is
    # closed) and the int bits that close it (see _close): no tuple per node. Siblings are
    # reached one `next` at a time, which costs a third of listing them with `iter()`
    # (measured on the aed-dev pages: 0.4 vs 0.75 µs a node), and a node not entered (text,
    # <br>, dropped, skipped: most nodes) passes straight to its sibling, without the stack.
    stack: list[LexborNode | int] = []
    pop, push = stack.pop, stack.append
    buf = st.buf  # cleared in place by _flush, never replaced: one lookup for the whole walk
    add = buf.append
    nodes = st.nodes
    node: LexborNode | None = root
    while True:
        if node is None:
            # Past the last child: close the element around it, go on with its next sibling.
            if not stack:
                break
            item = pop()
            if item.__class__ is int:
                if item == _BLOCK and not st.has_text:
                    # A plain block closing with no text since the last boundary (most
                    # closes): _close's first case, without the call.
                    buf.clear()
                    st.brs = 0
                    st.path.pop()
                    st.block_tags.pop()
                else:
                    _close(item, st)
            else:
                node = item.next  # type: ignore[union-attr]
            continue
        nodes += 1
        if nodes > MAX_NODES:
            break
        # Text nodes are told by their numeric tag id, and whitespace between tags (a third of
        # a page's nodes) by lexbor's ASCII-whitespace test, without building either string
        # (0.98 → 0.92 ms a page for page_blocks on the aed-dev pages, with the stack change
        # above); other whitespace (a lone `&nbsp;`) takes the general path. The parser makes
        # no empty text nodes, so "only whitespace" here always means at least one character.
        if node.tag_id == _TEXT_TAG_ID:
            if node.is_empty_text_node:
                add(" ")  # indentation between tags: a space, nothing to count
            else:
                text = node.text_content
                if text:
                    if text.isspace():
                        add(" ")
                    else:
                        if "\n" in text or "\r" in text:
                            # Source line breaks are spaces; only <br> breaks a line (_flush).
                            text = text.replace("\r", " ").replace("\n", " ")
                        add(text)
                        if not st.has_text:
                            st.has_text = True
                            st.link_first = st.link > 0
                        st.brs = 0
                        if st.marked:
                            _mark_text(text, st)
            node = node.next
            continue
        tag = node.tag
        if tag is None or tag[0] == "-" or tag in _WALK_DROP:
            node = node.next
            continue
        if tag in _PLAIN_INLINE:
            # Formatting tags carry no marks worth reading: their text is walked, their
            # attributes are not (a third of a page's elements; this keeps the walk fast).
            if tag == "cite" and _hidden(node.attributes):
                node = node.next
                continue
            child = node.first_child
            if child is not None:
                push(node)
                node = child
            else:
                node = node.next
            continue
        if tag == "br":
            st.brs += 1
            if st.brs >= 2:
                _flush(st)
            else:
                add("\n")
            node = node.next
            continue
        if tag == "a":
            # Links: counted for link density; their attributes say nothing we use.
            st.link += 1
            st.marked += 1
            push(node)
            push(_LINK)
        else:
            opened = _open(node, tag, st)
            if opened == _SKIP:
                node = node.next if node is not root else None
                continue
            if node is not root:  # the root's siblings are not walked
                push(node)
            if opened:
                push(opened)
            if len(st.path) > MAX_DEPTH:
                node = None
                continue
        node = node.first_child
    st.nodes = nodes


def _mark_text(text: str, st: _State) -> None:
    """Count a text node for the marks open around it (links, byline, date, caption, big)."""
    if st.link:
        st.links += len(text.strip())
    if st.byline:
        st.byline_buf.append(text)
    if st.dated:
        st.dated_buf.append(text)
    if st.caption:
        st.caption_text = True
    if st.big:
        st.big_buf.append(text)


#: ARIA landmarks of page furniture: their subtree is skipped.
_SKIPPED_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search")


def _display_none(style: str) -> bool:
    compact = style.replace(" ", "").lower()
    return "display:none" in compact or "visibility:hidden" in compact


def _hidden(attrs: dict[str, str | None]) -> bool:
    """Whether an element's attributes hide it from readers."""
    style = attrs.get("style")
    return (
        "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or bool(style and "none" in style and _display_none(style))
    )


def _open(node: LexborNode, tag: str, st: _State) -> int:
    """Enter an element: the bits it switched on, or _SKIP when its subtree is furniture."""
    attrs = node.attributes
    style = None
    if attrs:
        cls, ident = attrs.get("class"), attrs.get("id")
        if ident is not None and tag in _SUBHEADS:
            # A subhead's id is the anchor a table of contents links to, made from its words:
            # "nav_nur_die_folie__1" names no navigation (heise.de/newsticker/meldung/Lithium-
            # aus-dem-Schredder-4451133.html, one of trafilatura's test pages, lost a subhead).
            attrs = {k: v for k, v in attrs.items() if k != "id"}
            ident = None
        if len(attrs) == (cls is not None) + (ident is not None):
            # Only a class and/or an id (most elements with attributes): nothing hidden, no
            # style, role, itemprop or rel to read; the verdict is usually cached.
            found = _marks_cache.get((cls, ident, None, None))
            furniture, kinds = found if found is not None else _marks(cls, ident, None, None)
            if (
                furniture
                and tag not in NEVER_REMOVED
                and _skipped(furniture, node, tag, cls, ident, st)
            ):
                return _SKIP
        else:
            style = attrs.get("style")
            if _hidden(attrs) and not (tag in _BOXES and st.guard.holds_hidden_story(node)):
                # Hidden text is not shown, except the story itself hidden until a subscriber
                # script reveals it (real pages: `div.subscriber-only[style="display:none"]`).
                return _SKIP
            furniture, kinds = _marks(cls, ident, attrs.get("itemprop"), attrs.get("rel"))
            # A "furniture" class on a node holding much of the page is a false alarm (whole
            # stories wrapped in `div.article-share-wrapper`-like containers): storyguard.
            if (
                furniture
                and tag not in NEVER_REMOVED
                and _skipped(furniture, node, tag, cls, ident, st)
            ):
                return _SKIP
            if attrs.get("role") in _SKIPPED_ROLES:
                return _SKIP
        # Marks on whole-page containers are tags, not roles: WordPress puts `author-<name>` on
        # the <article> itself (real blog pages), which would make every paragraph a byline.
        if tag in _CONTAINERS:
            kinds &= BODY_MARK
    else:
        kinds = 0
    bits = 0
    if tag in BLOCK_TAGS:
        if st.has_text:
            _flush(st)
        else:  # as in _close
            st.buf.clear()
            st.brs = 0
        st.path.append(node.mem_id)
        st.block_tags.append(tag)
        bits |= _BLOCK
    if not kinds and not style and tag not in _MARKING_TAGS:
        return bits  # most elements: nothing below applies
    if kinds & BODY_MARK and not st.body_box:
        st.body_box = node.mem_id
        bits |= _BODY_BOX
        # The article's text is no caption, byline or date line because a box around it is
        # marked so: Blogger puts every post in `div.date-outer > div.date-posts`
        # (goose3 lostinjit.blogspot.fr/2011/10/pypy-and-road-towards-scipy.html: its short
        # lines became date lines). The marks come back when the box closes (_close).
        st.outer_marks = (st.caption, st.byline, st.dated)
        st.marked -= st.caption + st.byline + st.dated
        st.caption = st.byline = st.dated = 0
    if tag == "figcaption" or kinds & CAPTION_MARK:
        st.caption += 1
        st.marked += 1
        bits |= _CAPTION
    if kinds & BYLINE_MARK:
        st.byline += 1
        st.marked += 1
        bits |= _BYLINE
    if tag == "time" or kinds & DATE_MARK:
        st.dated += 1
        st.marked += 1
        bits |= _DATED
        if tag == "time" and attrs:
            value = attrs.get("datetime")
            if value:
                st.times.append(value)
    if tag == "figure":
        st.figure += 1
        bits |= _FIGURE
    elif tag == "blockquote":
        st.quote += 1
        bits |= _QUOTE
    elif tag == "article" and not st.article:
        st.article = node.mem_id
        bits |= _ARTICLE
    if attrs and (
        (tag == "font" and (attrs.get("size") or "").strip() in _BIG_FONT_SIZES)
        or (style and _BIG_STYLE.search(style.lower()))
    ):
        st.big += 1
        st.marked += 1
        bits |= _BIG
    return bits


#: (class, id, itemprop, rel) → (furniture, mark kinds), see _marks; emptied when this full.
MARKS_CACHE_SIZE = 1 << 16
_marks_cache: dict[tuple[str | None, ...], tuple[int, int]] = {}
#: `_marks`' furniture verdicts: named furniture, hidden by a class (boilerplate.HIDDEN_TOKENS),
#: or a hover pop-up (boilerplate.POPUP_WORDS: furniture as a block element only)
_FURNITURE, _HIDDEN, _POPUP = 1, 2, 3


def clear_caches() -> None:
    """Forget every cached element verdict (this module's and boilerplate's): what an
    extraction process knows after its first page of a site. bench/extraction.py calls it to
    time pages as if unseen."""
    _marks_cache.clear()
    is_furniture.cache_clear()
    hidden_by_class.cache_clear()
    mark_kinds.cache_clear()
    body_mark.cache_clear()


def _skipped(
    furniture: int, node: LexborNode, tag: str, cls: str | None, ident: str | None, st: _State
) -> bool:
    """Whether an element with a furniture verdict (see _marks) is skipped."""
    if furniture == _HIDDEN:
        return not (tag in _BOXES and st.guard.holds_hidden_story(node))
    if furniture == _POPUP and tag not in BLOCK_TAGS:
        return False
    return not _holds_story(node, tag, cls, ident, st)


def _holds_story(
    node: LexborNode, tag: str, cls: str | None, ident: str | None, st: _State
) -> bool:
    """Whether a furniture-classed element holds the story after all (storyguard.py). Reader
    comments never do, however much paragraph text they hold, unless the story's <h1> is inside:
    a blog's 31 long comments, each an `li.comment` of paragraphs, were read as 31 more stories
    (scilogs.spektrum.de/engelbart-galaxis/die-ablehnung-der-gendersprache/, one of
    trafilatura's test pages). Nor do cookie-consent and privacy dialogs
    (boilerplate.CONSENT_WORDS)."""
    if tag == "span" and st.guard.is_whole_paragraph(node):
        return True
    if not st.guard.holds_story(node):
        return False
    marks = f"{cls or ''} {ident or ''}"
    return not ((names_comments(marks) or names_consent(marks)) and node.css_first("h1") is None)


def _marks(
    cls: str | None, ident: str | None, itemprop: str | None, rel: str | None
) -> tuple[int, int]:
    """Whether an element's class hides it (_HIDDEN), its class/id names furniture
    (_FURNITURE) or a hover pop-up (_POPUP), else 0; and the byline/date/caption marks of its
    class, id, itemprop and rel, with BODY_MARK when they mark the article's text. Cached on
    the four values: the same few dozen combinations repeat on every element of a page, and
    building the two strings and making two cached calls per element cost a tenth of
    page_blocks (1.13 → 1.03 ms a page on the aed-dev pages, together with the `marked`
    counter of the walk)."""
    key = (cls, ident, itemprop, rel)
    found = _marks_cache.get(key)
    if found is None:
        marks = f"{cls or ''} {ident or ''}".strip()
        prop = f"{marks} {itemprop or ''} {rel or ''}".strip()
        body = body_mark(cls or "", itemprop or "")
        if cls and hidden_by_class(cls):
            furniture = _HIDDEN
        elif body:
            # The article's text by its markup is no furniture, whatever else its class says
            # (goose3 www.engadget.com/2010/08/18/verizon-fios-…: the post is
            # `div.post_content.permalink`, and its div-soup text has no <p> for the
            # furniture guard to weigh).
            furniture = 0
        elif marks and is_furniture(marks):
            furniture = _FURNITURE
        else:
            furniture = _POPUP if marks and names_popup(marks) else 0
        found = (furniture, (mark_kinds(prop) if prop else 0) | body)
        if len(_marks_cache) >= MARKS_CACHE_SIZE:
            _marks_cache.clear()
        _marks_cache[key] = found
    return found


def _close(bits: int, st: _State) -> None:
    if bits == _BLOCK:  # most elements closed are plain blocks
        if st.has_text:
            _flush(st)
        else:  # _flush's own first step, without the call (most boundaries hold no text)
            st.buf.clear()
            st.brs = 0
        st.path.pop()
        st.block_tags.pop()
        return
    if bits & _BLOCK:
        _flush(st)
        st.path.pop()
        st.block_tags.pop()
    if bits & _CAPTION:
        st.caption -= 1
        st.marked -= 1
    if bits & _BYLINE:
        st.byline -= 1
        st.marked -= 1
    if bits & _DATED:
        st.dated -= 1
        st.marked -= 1
    if bits & _LINK:
        st.link -= 1
        st.marked -= 1
    if bits & _FIGURE:
        st.figure -= 1
    if bits & _QUOTE:
        st.quote -= 1
    if bits & _ARTICLE:
        st.article = 0
    if bits & _BIG:
        st.big -= 1
        st.marked -= 1
    if bits & _BODY_BOX:  # last: after the box's own marks are undone
        st.body_box = 0
        st.caption, st.byline, st.dated = st.outer_marks
        st.marked += st.caption + st.byline + st.dated


#: A block of at most this many `<br>`-separated lines, each at most MAX_LINE_CHARS long, is
#: several blocks: `headline<br>By Roy Featherstone<br>Associated Press Writer` in a table cell
#: (sample_warcs/08 legacy page). Longer runs are one paragraph with line breaks.
MAX_SPLIT_LINES, MAX_LINE_CHARS = 6, 150


#: A line at least this long, followed by one that goes on in lower case, is prose wrapped by
#: hand: the lines are one paragraph (goose3 lostinjit.blogspot.fr/2011/10/pypy-and-road-
#: towards-scipy.html: a blog post typed with a line break every 75 characters). A short line
#: is a headline or a name ("Council approves budget<br>by Roy Featherstone": sample_warcs/08),
#: and a line opening with a credit ("by …", "via …") is a byline, not a continuation.
MIN_WRAPPED_LINE_CHARS = 50
_CREDIT_OPENING = re.compile(r"(?:by|via|von|par|por)\b", re.I)


def _wrapped_by_hand(lines: list[str]) -> bool:
    return any(
        len(before) >= MIN_WRAPPED_LINE_CHARS
        and line[0].islower()
        and not _CREDIT_OPENING.match(line)
        for before, line in pairwise(lines)
    )


def _flush(st: _State) -> None:
    """Close the text gathered since the last block boundary into Blocks."""
    if not st.has_text:
        # Only indentation and <br>s since the last boundary (most boundaries): nothing to keep.
        st.buf.clear()
        st.brs = 0
        return
    st.has_text = False
    raw = "".join(st.buf)
    st.buf.clear()
    links, times = st.links, tuple(st.times)
    # The mark buffers are empty for most blocks: joined only when they hold something.
    byline = " ".join("".join(st.byline_buf).split()) if st.byline_buf else ""
    dated = " ".join("".join(st.dated_buf).split()) if st.dated_buf else ""
    big = " ".join("".join(st.big_buf).split()) if st.big_buf else ""
    caption = st.caption_text
    st.links, st.brs, st.caption_text = 0, 0, False
    st.times.clear()
    st.byline_buf.clear()
    st.dated_buf.clear()
    st.big_buf.clear()
    if st.figure and not caption:
        return  # media chrome inside a figure ("1 of 3", credits without a caption mark)
    if "\n" in raw:  # <br> line breaks
        lines = [x for x in (" ".join(line.split()) for line in raw.split("\n")) if x]
    else:
        lines = [x] if (x := " ".join(raw.split())) else []
    if not lines:
        return
    tag = st.block_tags[-1] if st.block_tags else "div"
    path, article, quote, box = tuple(st.path), st.article, st.quote > 0, st.body_box
    link_first = st.link_first
    if (
        1 < len(lines) <= MAX_SPLIT_LINES
        and all(len(x) <= MAX_LINE_CHARS for x in lines)
        and not _wrapped_by_hand(lines)
    ):
        for k, line in enumerate(lines):
            st.blocks.append(
                Block(
                    text=line,
                    tag=tag,
                    links=min(links, len(line)) if links >= len(line) else 0,
                    byline=line if line in byline else "",
                    dated=line if line in dated else "",
                    times=times if k == 0 else (),
                    big=line in big,
                    path=path,
                    caption=caption,
                    article=article,
                    quote=quote,
                    body_box=box,
                    link_first=link_first and k == 0,
                )
            )
        return
    text = " ".join(lines)
    # Positional, in Block's field order: half the cost of keywords (0.44 vs 0.99 µs a block,
    # and most pages make 50–100 blocks).
    st.blocks.append(
        Block(
            text,
            tag,
            min(links, len(text)),
            path,
            caption,
            byline,
            dated,
            times,
            article,
            quote,
            bool(big) and len(big) >= len(text) - 2,
            box,
            link_first,
        )
    )
