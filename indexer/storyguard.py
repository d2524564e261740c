"""Furniture false alarms: an element the page walk would skip that holds the story after all.

The walk in clean.py skips whole subtrees that look like page furniture (a furniture class or
id, boilerplate.is_furniture) or are hidden (`hidden`, `aria-hidden`, `display:none`). Real
pages wrap their stories in such elements too: `div.article-share-wrapper` around the whole
story, a paywalled story hidden until a subscriber script reveals it. The guards here weigh an
element's text against the page's. Each measure walks a subtree (in C), so they are asked only
for an element about to be skipped, a few per page, never per node: that is why they live apart
from the walk, whose per-node cost they must not add to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from indexer.boilerplate import MAX_FURNITURE_SHARE

#: A furniture-classed element is kept when it holds the story after all: a large share of the
#: page's text, or the headline and a good share, or mostly paragraphs of some length (real
#: pages: `div.box.article.modal-enabled`, `div.l-sidebar-fixed.l-article-body-segment` around
#: the whole story), or most of the page's paragraph text.
MIN_SHARE_WITH_H1, MIN_PARAGRAPH_CHARS, MIN_PARAGRAPH_SHARE = 0.1, 600, 0.6
MIN_PAGE_PARAGRAPH_SHARE = 0.5
MIN_STORY_PARAGRAPH_CHARS = 150


@dataclass(slots=True)
class StoryGuard:
    """The guards for one page: the page-wide measures they compare an element with are taken
    when first needed (most pages never need them) and kept for the rest of the walk."""

    body: LexborNode
    body_size: int = -1  # characters of visible text on the page (-1: not measured yet)
    para_size: int = -1  # characters in the page's <p> elements (-1: not measured yet)
    # (parent, class) of hidden sibling boxes → whether together they hold the story
    hidden_groups: dict[tuple[int, str], bool] = field(default_factory=dict)

    def holds_story(self, node: LexborNode) -> bool:
        """Whether a furniture-classed element holds the story (see MIN_SHARE_WITH_H1 & co.),
        and is no list of teasers (`_is_teaser_list`: asked last, of the few that pass)."""
        chars = len(node.text(deep=True))
        return self._holds_story_text(node, chars) and not _is_teaser_list(node, chars)

    def _holds_story_text(self, node: LexborNode, chars: int) -> bool:
        if chars >= MAX_FURNITURE_SHARE * self._body_chars():
            return True
        if chars < MIN_STORY_PARAGRAPH_CHARS:
            # Too little text to hold the paragraphs asked for below (most furniture boxes: four
            # in five on the aed-dev pages), so their paragraphs are not looked up.
            return False
        if chars < MIN_PARAGRAPH_CHARS:
            # A short story in a furniture-classed box: kept when the box holds most of the
            # page's paragraph text (real pages: a 400-character brief in
            # `div.article__story.paywall`).
            para = sum(len(p.text(deep=True)) for p in node.css("p"))
            return (
                para >= MIN_STORY_PARAGRAPH_CHARS
                and para >= MIN_PAGE_PARAGRAPH_SHARE * self._para_chars()
            )
        if chars >= MIN_SHARE_WITH_H1 * self._body_chars() and node.css_first("h1") is not None:
            return True
        para = sum(len(p.text(deep=True)) for p in node.css("p"))
        return para >= MIN_PARAGRAPH_SHARE * chars or (
            para >= MIN_PAGE_PARAGRAPH_SHARE * self._para_chars()
        )

    def asides_holding_story(self, asides: list[LexborNode]) -> set[int]:
        """The `mem_id`s of the <aside>s (page furniture by their tag, in page order) that hold
        the story: those around the page's first <h1>, when the outermost of them holds a good
        share of the page's text (rnz.de/nachrichten_artikel,-zz-dpa-…_arid,133484.html, one of
        trafilatura's test pages, prints its whole main column in `aside.nfy-pa-direct-content`).
        Stricter than `holds_story`: sidebars of teaser paragraphs are common, and on the
        shared pages that rule would keep 11 of 830 asides, every one a sidebar. Only the
        outermost is measured: nested asides cost one text walk, not one each."""
        h1 = self.body.css_first("h1")
        if h1 is None:
            return set()
        around: set[int] = set()
        node = h1.parent
        while node is not None and node.tag != "body":
            if node.tag == "aside":
                around.add(node.mem_id)
            node = node.parent
        outermost = next((a for a in asides if a.mem_id in around), None)
        if outermost is None:
            return set()
        if len(outermost.text(deep=True)) < MIN_SHARE_WITH_H1 * self._body_chars():
            return set()
        return around

    @staticmethod
    def is_whole_paragraph(node: LexborNode) -> bool:
        """A <span> holding a whole paragraph of prose: text pasted from another site keeps that
        site's classes (skateboardmsm.de/news/the-captains-quest-2017-…, one of trafilatura's
        test pages: the story's two long paragraphs are Facebook's
        `span._fbReactionComponent__eventDetailsContentTags`, whose "Tags" names furniture)."""
        parent = node.parent
        if parent is None or parent.tag != "p":
            return False
        chars = len(node.text(deep=True).strip())
        return chars >= MIN_STORY_PARAGRAPH_CHARS and chars >= len(parent.text(deep=True).strip())

    def forget_sizes(self) -> None:
        """Measure the page again when next needed (its tree has changed)."""
        self.body_size = self.para_size = -1

    def holds_hidden_story(self, node: LexborNode) -> bool:
        """A hidden box that is mostly paragraphs and holds most of the page's paragraph text,
        or one of a run of sibling boxes of the same class that do together (real pages: a
        paywalled story printed as one `div.subscriber-only[style="display:none"]` per
        paragraph)."""
        para = sum(len(p.text(deep=True)) for p in node.css("p"))
        if self._is_hidden_story(para, len(node.text(deep=True)) if para else 0):
            return True
        cls = node.attributes.get("class")
        parent = node.parent
        if not para or not cls or parent is None:
            return False
        key = (parent.mem_id, cls)
        if key not in self.hidden_groups:
            para = text = 0
            for box in parent.iter():
                if box.attributes.get("class") == cls:
                    para += sum(len(p.text(deep=True)) for p in box.css("p"))
                    text += len(box.text(deep=True))
            self.hidden_groups[key] = self._is_hidden_story(para, text)
        return self.hidden_groups[key]

    def _is_hidden_story(self, para: int, text: int) -> bool:
        if para < MIN_PARAGRAPH_CHARS or para < MIN_PAGE_PARAGRAPH_SHARE * self._para_chars():
            return False
        return para >= MIN_PARAGRAPH_SHARE * text

    def _body_chars(self) -> int:
        # Measured only when a furniture class is met (most elements never need it).
        if self.body_size < 0:
            self.body_size = len(self.body.text(deep=True))
        return self.body_size

    def _para_chars(self) -> int:
        if self.para_size < 0:
            self.para_size = sum(len(p.text(deep=True)) for p in self.body.css("p"))
        return self.para_size


#: <article>s in a furniture-classed element, and the share of its text they hold, that make it
#: a list of teasers; the share of its text one article may hold in such a list, and how many
#: articles are measured at most (a longer list is judged on its first ones).
MIN_TEASER_ARTICLES, MIN_TEASER_ARTICLES_SHARE = 2, 0.8
MAX_TEASER_SHARE, MAX_TEASER_ARTICLES_READ = 0.5, 40
#: How far up from an article the check for an enclosing, already counted article looks.
MAX_ARTICLE_NESTING = 30


def _is_teaser_list(node: LexborNode, chars: int) -> bool:
    """A furniture-classed element made of several <article>s, none of them most of its text,
    with no <h1>, is a list of other stories' teasers, however much text their summaries add
    up to (la-bas.org/la-bas-magazine/chroniques/Didier-Porte-…, one of trafilatura's test
    pages: `div.aside-bloc-latest`, a dozen `article.entry` summaries, each read as a story of
    its own). Not one: a story box with a few <article>s embedded in its text (aed-dev
    thestar.com/opinion/…: `div.tsArticle.hasSidebar`), or one whose story is an <article>
    beside a teaser or two. Articles inside a counted one are not counted again, and only the
    first MAX_TEASER_ARTICLES_READ are measured: each measure walks the article's subtree, so
    thousands of nested articles cost one walk of them, not one per article (measured before
    the bound: page_blocks took 2.85 s on 15,000 nested articles, after it 7 ms)."""
    articles = node.css("article")
    if len(articles) < MIN_TEASER_ARTICLES or node.css_first("h1") is not None:
        return False
    counted: set[int] = set()
    total = 0
    for article in articles[:MAX_TEASER_ARTICLES_READ]:
        if _inside(article, counted, node):
            continue
        size = len(article.text(deep=True))
        if size >= MAX_TEASER_SHARE * chars:
            return False  # one article is most of the box: a story, not a teaser
        counted.add(article.mem_id)
        total += size
        if len(counted) >= MIN_TEASER_ARTICLES and total >= MIN_TEASER_ARTICLES_SHARE * chars:
            return True
    return False


def _inside(node: LexborNode, ids: set[int], stop: LexborNode) -> bool:
    """Whether one of the elements `ids` encloses `node` (looked for below `stop`)."""
    if not ids:
        return False
    parent = node.parent
    for _ in range(MAX_ARTICLE_NESTING):
        if parent is None or parent.mem_id == stop.mem_id:
            return False
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False
