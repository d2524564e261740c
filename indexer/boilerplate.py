"""What is never story text: page furniture recognised by tag, by class/id, and by wording.

Kept as named data so that a heuristic can be changed without reading the walker (clean.py).
Each group says which page shape motivated it; the sample pages are in sample_warcs/ (see its
README) and the "real pages" are the classes of pages in the shared evaluation sets.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Elements whose whole subtree is dropped: code, media, form controls, and the page regions
#: HTML5 names as not-the-article (nav, footer, aside: sample_warcs/01 "Most Read" aside,
#: 02 header navigation and footer).
DROP_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
        "canvas", "video", "audio", "map", "button", "input", "select", "textarea", "option",
        "label", "nav", "footer", "aside", "dialog", "menu", "head", "title", "link", "meta",
        "base", "source", "track", "picture", "img", "area", "frame", "frameset", "applet",
    }
)  # fmt: skip

#: Elements that end a line of text: each opens and closes a block (clean.py Block).
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th",
        "tbody", "thead", "tfoot", "caption", "figure", "figcaption", "address", "center",
        "hr", "body", "html", "form", "fieldset", "details", "summary", "hgroup", "legend",
    }
)  # fmt: skip

HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Class/id words of page furniture, matched as whole dash/underscore/camelCase-separated parts
#: of a class or id token (`share-tools`, `Page-breadcrumbs`, `newsletter-promo`, `ad-slot-1`),
#: so that `shared` or `address` are not caught. Each group cites what motivated it.
FURNITURE_WORDS: dict[str, tuple[str, ...]] = {
    # share/follow widgets: sample_warcs/02 (share-tools), 01 WordPress `sharedaddy`
    "share": ("share", "sharing", "sharedaddy", "social", "addthis", "sharethis"),
    # lists of other stories: sample_warcs/02 "Recommended Articles", 01 related inline links,
    # 04 "Related News"; on real pages outbrain/taboola widgets and "more stories" rails
    "related": (
        "related", "recommended", "recommendations", "recirc", "recirculation", "outbrain",
        "taboola", "trending", "popular", "teaser", "teasers", "promo", "promos", "sidebar",
        "widget", "widgets",
        # sidebars named as such (aed-dev animenewsnetwork.com/feature/…: `div.herald.box.aside`
        # of review teasers; la-bas.org, one of trafilatura's test pages: `div.aside-bloc`)
        "aside",
    ),
    # ads and sponsorship: sample_warcs/02 `Advertisement`, 01 `ad` box in the div soup page
    "ads": (
        "ad", "ads", "advert", "advertisement", "advertising", "adslot", "adunit", "dfp",
        "sponsor", "sponsored", "gpt",
    ),
    # sign-up and paywall prompts: sample_warcs/01 newsletter aside, "free articles" note
    "prompts": (
        "newsletter", "subscribe", "subscription", "signup",
        "registration", "login", "cookie", "cookies", "consent", "gdpr", "modal", "popup",
        # cookie-consent platforms' dialogs (real pages print their whole policy)
        "onetrust", "cookiebot", "didomi", "cmplz", "usercentrics", "truste", "qc-cmp2",
    ),
    # navigation: breadcrumbs (sample_warcs/02 headline repeated there), menus, pagination
    "navigation": (
        "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination",
        "pager", "toolbar", "masthead", "topbar", "footer", "colophon",
    ),
    # reader comments (sample_warcs/01 "Comments (14)"), tags and topic lists (01 "Topics:")
    "comments": ("comment", "comments", "disqus", "replies", "tags", "topics", "keywords"),
    # standfirsts named as a part of a BEM class (`content__standfirst`: goose3
    # guardian.co.uk/film/2011/nov/18/kristen-wiig-bridesmaids); see FURNITURE_TOKENS for "dek"
    "standfirst": ("standfirst", "strapline"),
}  # fmt: skip

#: Class tokens that hide an element by a CSS framework's convention (separators ignored):
#: Bootstrap's `hidden`, `hide` and `d-none`, Tailwind's `hidden`, Bulma's `is-hidden`, and
#: text printed for screen readers only (`sr-only`, `visually-hidden`). They are furniture
#: tokens too; where no other token shows the element again (`hidden_by_class`), clean.py
#: guards it as hidden (`StoryGuard.holds_hidden_story`), not with the furniture guard (aed-dev
#: huffpost.com/entry/lindsey-graham-…: a `div.cli.hidden` donation appeal of 1,500 characters
#: in paragraphs passed the furniture guard and ended the story).
HIDDEN_TOKENS: frozenset[str] = frozenset(
    {"hidden", "hide", "dnone", "ishidden", "sronly", "screenreadertext", "visuallyhidden",
     "offscreen", "printonly"}
)  # fmt: skip
#: A token that shows the element again from some screen width on: Tailwind's
#: `hidden md:block`, Bootstrap's `d-none d-lg-flex`. A desktop reader sees it, but what a site
#: leaves off phones is extras, not the story (aed-dev theverge.com/23613289/best-games-…: the
#: blurbs of its cards): such an element stays furniture, under the furniture guard.
_SHOWN_AT_WIDTH = re.compile(
    r"^[\w\[\]-]+:(?:block|inline|flex|grid|table|contents|flow-root|list-item|inline-\w+)$|"
    r"^d-(?:sm|md|lg|xl|xxl)-(?!none$)|^visible-",
    re.I,
)


@lru_cache(maxsize=1 << 12)
def hidden_by_class(cls: str) -> bool:
    """Whether a class value hides its element (see HIDDEN_TOKENS)."""
    tokens = cls.split()
    if not any(t.lower().replace("-", "").replace("_", "") in HIDDEN_TOKENS for t in tokens):
        return False
    return not any(_SHOWN_AT_WIDTH.match(t) for t in tokens)


#: Furniture named only by a whole class/id token (separators ignored), because its parts are
#: common words: `read-more`, `most-read`, `pull-quote` (sample_warcs/01 Cape Tolland pull
#: quote repeats a body sentence), screen-reader-only text, gallery counters (02 "1 of 3").
FURNITURE_TOKENS: frozenset[str] = frozenset(
    {
        "readmore", "mostread", "morestories", "morenews", "upnext", "readnext", "skiplink",
        "skiptocontent", "pagesskiptocontent", "pullquote", "pullout", "carouselcounter",
        "counter", "thumbs", "carouselthumbs", "thumbnails", "permalink", "sociallinks",
        "sharetools", "sharebar", "shareicons", "subnav", "infobox", "lateststories",
        # WordPress themes' sidebar column (`#secondary`); la-bas.org (one of trafilatura's
        # test pages): `div.extra.secondary`, "à ne pas manquer" teasers read as three stories
        "secondary",
        # a standfirst/dek is printed above the body and is not part of it (sample_warcs/01
        # Meridian Post `p.dek`); real pages' ground truth leaves it out too
        "dek", "standfirst", "subheadline", "strapline",
        # paywall prompts (sample_warcs/01 `div.paywall-note`); a bare `paywall` class marks the
        # metered story itself on real pages, so it is not furniture
        "paywallnote", "paywallmessage", "paywallprompt", "paywallbanner", "regwall",
    }
    | HIDDEN_TOKENS
)  # fmt: skip

_FURNITURE_SET = frozenset(w.lower() for words in FURNITURE_WORDS.values() for w in words)

#: Class/id parts that mark a caption: figure captions, slide captions and photo credits
#: (sample_warcs/02 `Figure-caption` and `Carousel-thumbCaption`, printed twice).
CAPTION_WORDS = frozenset(
    {"caption", "captions", "figcaption", "credit", "credits", "imagecaption"}
)

#: Class/id/itemprop/rel parts that mark a byline element (sample_warcs/01 WordPress `byline`,
#: 04 `span.author`, 06 `p.signature`, `div.firma`).
BYLINE_WORDS = frozenset(
    {"byline", "bylines", "author", "authors", "signature", "firma", "writer", "contributor",
     "byl", "creator", "reporter"}
)  # fmt: skip

#: Class parts that mark a printed publication time (sample_warcs/04 `span.date`, 08
#: `div.date`, 02 `Page-datePublished`); `status-publish` (WordPress) is not one.
DATE_WORDS = frozenset(
    {"date", "dates", "time", "timestamp", "pubdate", "published", "posted", "updated",
     "modified", "datetime", "dateline", "datum", "fecha"}
)  # fmt: skip

_PARTS = re.compile(r"[-_\s:]+|(?<=[a-z])(?=[A-Z])")


#: Bits of `mark_kinds`.
CAPTION_MARK, BYLINE_MARK, DATE_MARK = 1, 2, 4
#: The bit of `body_mark` (kept apart from mark_kinds' bits).
BODY_MARK = 8

#: Whole class tokens (case and `_`/`-` ignored) and itemprop values that mark the element
#: holding an article's text: schema.org microdata's `articleBody`, hAtom's `entry-content`
#: (WordPress and many CMSs), and the commonest names CMSs give it. Markup of the body, not a
#: site's rule: split.main_region prefers such a box to a region elsewhere on the page
#: (goose3 newyork.cbslocal.com/2012/06/08/bc-morning-show-…: a one-paragraph post in
#: `div.entry-content` lost to four promo blurbs in the sidebar).
BODY_TOKENS: frozenset[str] = frozenset(
    {"entrycontent", "postcontent", "articlebody", "articlecontent", "storybody", "postbody",
     "entrybody", "articletext", "storycontent", "storytext", "articlebodytext"}
)  # fmt: skip


@lru_cache(maxsize=1 << 12)
def body_mark(cls: str, itemprop: str) -> int:
    """BODY_MARK when a class or itemprop value marks an article's text (BODY_TOKENS)."""
    if itemprop and "articleBody" in itemprop.split():
        return BODY_MARK
    for token in cls.split():
        if token.lower().replace("-", "").replace("_", "") in BODY_TOKENS:
            return BODY_MARK
    return 0


@lru_cache(maxsize=1 << 16)
def mark_kinds(marks: str) -> int:
    """CAPTION_MARK | BYLINE_MARK | DATE_MARK bits of a class/id/itemprop value (cached: the
    same class strings repeat on every element of a page and across pages of a site)."""
    parts = {part.lower() for part in _PARTS.split(marks) if part}
    return (
        (CAPTION_MARK if parts & CAPTION_WORDS else 0)
        | (BYLINE_MARK if parts & BYLINE_WORDS else 0)
        | (DATE_MARK if parts & DATE_WORDS else 0)
    )


def marks_any(marks: str, words: frozenset[str]) -> bool:
    """Whether a class/id/itemprop value has one of `words` as a dash/camelCase-separated part."""
    return any(part.lower() in words for part in _PARTS.split(marks) if part)


#: Whole elements never removed by class, whatever their class says (some sites put
#: `has-sidebar` or `no-ads` on <body> or the article itself).
NEVER_REMOVED: frozenset[str] = frozenset({"html", "body", "main", "article"})

#: A node holding more than this share of the page's text is not furniture, whatever its class
#: says (real pages wrap the whole story in `div.article-share-wrapper`-like containers).
MAX_FURNITURE_SHARE = 0.4


#: Class tokens that state a feature of the element, not what it is: `modal-enabled`,
#: `has-sidebar`, `no-ads`, `with-share-bar` (real pages put them on the article container),
#: and the camelCase `hasSidebar` (aed-dev thestar.com/opinion/…: the story's own box, kept
#: until then only by the furniture guard).
_FLAG_TOKEN = re.compile(
    r"(?:^|[-_])(?:enabled|disabled|active|on|off)$|^(?:has|no|is|with|js)(?:[-_]|(?-i:[A-Z]))",
    re.I,
)


@lru_cache(maxsize=1 << 16)
def is_furniture(attr: str) -> bool:
    """Whether a class/id value names page furniture (see FURNITURE_WORDS)."""
    for token in attr.split():
        if _FLAG_TOKEN.search(token):
            continue
        if token.lower().replace("-", "").replace("_", "") in FURNITURE_TOKENS:
            return True
        for part in _PARTS.split(token):
            if part and part.lower() in _FURNITURE_SET:
                return True
    return False


#: Class/id parts that name reader comments (a subset of FURNITURE_WORDS["comments"]).
COMMENT_WORDS = frozenset({"comment", "comments", "disqus", "replies"})


@lru_cache(maxsize=1 << 12)
def names_comments(attr: str) -> bool:
    """Whether a class/id value names reader comments: "comment even thread-odd", `#comments`,
    "commentlist", "commentBody", a plugin's prefixed "sf_comment_author" (newspaper4k's test
    page of ultimahora.es); not flags such as "has-comments", "comments-enabled" or an
    article's "comments-open"."""
    for token in attr.split():
        if _FLAG_TOKEN.search(token) or token.lower().endswith(("open", "closed")):
            continue
        if token.lower().startswith("comment"):
            return True
        if any(part.lower() in COMMENT_WORDS for part in _PARTS.split(token)):
            return True
    return False


#: Class/id parts of cookie-consent and privacy dialogs. Like reader comments, they never hold
#: the story, however much prose they print (aed-dev washingtontechnology.com/podcasts/…: a
#: `div.privacy-modal` of cookie-policy paragraphs outweighed a short podcast page's text).
CONSENT_WORDS = frozenset(
    {"cookie", "cookies", "consent", "gdpr", "privacy", "onetrust", "cookiebot", "didomi",
     "cmplz", "usercentrics", "truste"}
)  # fmt: skip


@lru_cache(maxsize=1 << 12)
def names_consent(attr: str) -> bool:
    """Whether a class/id value names a cookie-consent or privacy dialog (CONSENT_WORDS)."""
    return _names_part(attr, CONSENT_WORDS)


#: Class/id parts of pop-ups shown on hover: furniture as boxes (aed-dev health.com/swap-meat-…,
#: bhg.com: `div.mntl-author-tooltip`, two reviewers' bios above the story), never as inline
#: elements, whose text is the word the tooltip explains ("relies on the
#: <span class="tooltip">Federal Transit Administration</span> for …").
POPUP_WORDS = frozenset({"tooltip", "tooltips"})


def names_popup(attr: str) -> bool:
    """Whether a class/id value names a hover pop-up (POPUP_WORDS)."""
    return _names_part(attr, POPUP_WORDS)


def _names_part(attr: str, words: frozenset[str]) -> bool:
    """Whether a part of a class/id token (not a feature flag, _FLAG_TOKEN) is one of `words`."""
    return any(
        part.lower() in words
        for token in attr.split()
        if not _FLAG_TOKEN.search(token)
        for part in _PARTS.split(token)
    )


#: Whole blocks that are interface text, not story text (compared case-folded, stripped of
#: trailing punctuation): sample_warcs/02 "Read More", "Share", "ADVERTISEMENT"; real pages.
UI_LINES: frozenset[str] = frozenset(
    {
        "advertisement", "advertisements", "ad", "sponsored", "share", "share this",
        "share this article", "share this story", "share this post", "read more", "read more:",
        "continue reading", "load more", "show more", "click here", "skip to content",
        "skip to main content", "related", "related articles", "related stories",
        "related news", "recommended", "recommended articles", "most read", "most popular",
        "you may like", "you might like", "you might also like", "next read this",
        "trending", "more from", "you may also like", "comments", "leave a comment",
        "print", "email", "facebook", "twitter", "linkedin", "whatsapp", "reddit", "copy link",
        "copy link copied", "subscribe", "sign up", "log in", "sign in", "permalink",
        "back to top", "story continues below advertisement", "article continues below",
        "scroll to continue with content", "image", "photo", "video", "listen", "close",
        "hide caption", "show caption", "photo credits", "image credits", "enlarge",
        "enlarge image", "expand", "view gallery", "open gallery",
        # the same interface words on German, French, Spanish, Italian, Portuguese and Dutch
        # pages (trafilatura's test pages: jolie.de "Lade weitere Inhalte ...")
        "anzeige", "werbung", "teilen", "weiterlesen", "mehr lesen", "mehr laden",
        "mehr anzeigen", "lade weitere inhalte", "weitere inhalte laden", "drucken",
        "kommentare", "artikel teilen", "nach oben", "publicité", "partager", "lire la suite",
        "voir plus", "imprimer", "commentaires", "haut de page", "publicidad", "compartir",
        "leer más", "ver más", "cargar más", "imprimir", "comentarios", "pubblicità",
        "condividi", "leggi di più", "leggi tutto", "commenti", "publicidade", "compartilhar",
        "partilhar", "leia mais", "ver mais", "comentários", "advertentie", "delen", "lees meer",
        "lees verder", "reacties",
    }
)  # fmt: skip

#: Wording that marks a block as furniture wherever it appears in it, as long as the block is
#: short (compared lower-cased): footers' "All rights reserved", wire notices (sample_warcs/08
#: "may not be published, broadcast"), and the disclosures, citations and sign-up confirmations
#: printed after real stories. Matched as substrings (one trie regex: this runs on every block).
FURNITURE_PHRASES: tuple[str, ...] = (
    "all rights reserved", "tous droits réservés", "todos los derechos",
    "alle rechte vorbehalten", "tutti i diritti riservati", "todos os direitos reservados",
    "alle rechten voorbehouden",
    # a site's own cookie notice in German, French and Spanish, in the words only the site
    # itself uses (a story about cookies says "verwendet Cookies" too)
    "diese website verwendet cookies", "diese webseite verwendet cookies",
    "wir verwenden cookies", "ce site utilise des cookies", "nous utilisons des cookies",
    "este sitio web utiliza cookies", "utilizamos cookies",
    "may not be published, broadcast", "sign up for our", "sign up for the",
    "subscribe to our", "subscribe to the", "newsletter", "follow us on", "click here",
    "page views", "cookie policy", "cookies policy", "cookie settings", "privacy policy",
    "terms of use", "terms of service", "subject to copyright", "affiliate link",
    "may earn a commission", "may earn commission", "may receive a commission",
    "may receive compensation", "editorial process and policies", "thanks for signing up",
    "subscription has been confirmed", "for an optimal experience visit",
    "editorially independent", "we may make money when you click", "on behalf of you, our reader",
    "sign up for notifications", "a version of this article appears in print",
    "we may earn a commission", "contribute to our newsroom", "support our journalism",
    "this website uses cookies", "we use cookies", "uses cookies to", "california consumer privacy",
    "opt-out of the sale", "was this page helpful", "thanks for your feedback",
    "uses only high-quality sources",
    # end matter of real stories: editing notes, disclosures, and the sign-up, paywall and
    # donation prompts printed inside the article body (reporter credit lines are story text:
    # sample_warcs/README.md)
    "edited for length", "do not own shares", "small commission",
    "already a subscriber", "keep reading for", "to your inbox", "invalid email",
    "your sign-up", "thank you for registering", "automatically logged in", "in my bookmarks",
    "as little as $1",
    # more of the same, printed after real stories (scrapinghub and aed-dev pages: cbsnews.com,
    # msn.com, ign.com, rt.com, nj.com, morebikes.co.uk, theguardian.com, morningstar.com)
    "get browser notifications", "may earn an affiliate commission",
    "may get a share of the sale", "share it with a friend", "our journalism needs your support",
    "this slideshow requires javascript", "are premoderated", "the opinions expressed here are",
    # the comment form's standard lines of WordPress and its themes, in several languages
    # (htmldate's test pages: goodform.ch "Du musst eingeloggt sein, um einen Kommentar posten
    # zu können.", pbrunst.de "Kommentieren ist momentan nicht möglich.")
    "you must be logged in to post a comment", "du musst eingeloggt sein",
    "du musst angemeldet sein", "sie müssen angemeldet sein", "sie müssen eingeloggt sein",
    "kommentieren ist momentan nicht möglich",
    "vous devez être connecté pour publier un commentaire",
    "debes iniciar sesión para publicar un comentario",
    # copyright lines and photo credits printed after a story or under its photos ("The
    # contents of this site are ©2019 …", "photos © Inexhibit, 2018": real pages)
    "©",
)  # fmt: skip
#: The same, for wording that marks a block only when the block opens with it.
FURNITURE_OPENINGS: tuple[str, ...] = (
    "photo:", "image:", "video:", "file photo:", "read more", "related:", "related stories:",
    "related articles:", "related news:", "see also:", "advertisement", "disclaimer:",
    "citation:", "distributed by", "©", "copyright ", "this article was originally published",
    "this story was originally published", "this article has been reviewed",
    # ad slot labels printed between paragraphs ("Article continues below this ad": real pages)
    "article continues below",
    # a photo credit printed as its own line under the photo ("(Credit: Samantha Gale)")
    "(credit:",
    # Blogger's feed links ("Subscribe to: Posts (Atom)", htmldate's test page of
    # unexpecteduser.blogspot.de) and academic blogs' citation boxes ("SUGGESTED CITATION
    # Steinbeis, Maximilian: …", trafilatura's test page of verfassungsblog.de)
    "subscribe to:", "suggested citation",
    # the same template's closed comment form, as a line of its own only ("Public comments
    # are closed until March" is story text)
    "comments are closed", "kommentare sind geschlossen", "les commentaires sont fermés",
    "los comentarios están cerrados",
    # cookie and sign-up headings (trafilatura's test pages: viehbacher.com/de/steuerrecht
    # "Was sind Cookies?", wikimediafoundation.org "Stay up-to-date on our work.")
    "was sind cookies", "stay up-to-date on our", "stay up to date on our",
)  # fmt: skip


def has_furniture_wording(text: str, folded: str | None = None) -> bool:
    """Whether a (short) block's wording marks it as furniture (see FURNITURE_PHRASES);
    `folded` is `text.casefold()` when the caller has it already."""
    low = text.casefold() if folded is None else folded
    return low.startswith(FURNITURE_OPENINGS) or _FURNITURE_PHRASE.search(low) is not None


def _trie_pattern(words: tuple[str, ...]) -> str:
    """One regex matching any of `words`, with their common prefixes factored out
    ("cookie policy|cookies policy" → "cookie(?: policy|s policy)"): the regex engine then
    tests each position of a text once per character instead of once per phrase. On the aed-dev
    blocks this is half the time of sixty `in` tests (this runs on most blocks of every page)."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a word

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if ends else body

    return build(trie)


#: Blocks longer than this are prose even if they contain a furniture phrase.
MAX_FURNITURE_PHRASE_CHARS = 320

#: The site speaking of itself, in words a story does not use of anything else: a block with
#: one is furniture up to MAX_SITE_NOTICE_CHARS, longer than other furniture wording (aed-dev
#: nj.com/hudson/2023/12/16-new-officers-… and mlive.com/advice/2023/12/ask-amy-…: a
#: 370-character "If you purchase a product … we may receive compensation. By using this site,
#: you consent to our User Agreement …" after every story of the site's network).
SITE_NOTICE_PHRASES: tuple[str, ...] = (
    "by using this site", "by using this website", "by using our site", "by using our website",
    "we may receive compensation", "we may receive a commission", "we may earn a commission",
    "we may earn commission",
    # a cookie notice in the site's own words, however long (www.facebook.com/visitaustria/, one
    # of htmldate's test pages: 400 characters of "Wir verwenden Cookies, um Inhalte zu
    # personalisieren, …" opened the page's text)
    "this website uses cookies", "we use cookies", "wir verwenden cookies",
    "diese website verwendet cookies", "diese webseite verwendet cookies",
    "ce site utilise des cookies", "nous utilisons des cookies", "este sitio web utiliza cookies",
    "utilizamos cookies",
)  # fmt: skip
MAX_SITE_NOTICE_CHARS = 800
_SITE_NOTICE = re.compile(_trie_pattern(SITE_NOTICE_PHRASES))
# a short block with a site notice phrase is furniture like the others
_FURNITURE_PHRASE = re.compile(_trie_pattern(FURNITURE_PHRASES + SITE_NOTICE_PHRASES))


#: How a notice of the site opens, at any length up to MAX_SITE_NOTICE_CHARS (aed-dev
#: egotastic.com and egotasticsports.com: a 400-character "Disclaimer: All rights reserved
#: for writing and editorial content. No rights or credit claimed for any images…").
SITE_NOTICE_OPENINGS: tuple[str, ...] = ("disclaimer:",)


def is_site_notice(folded: str) -> bool:
    """Whether a case-folded block holds the site's notice about itself (SITE_NOTICE_PHRASES,
    SITE_NOTICE_OPENINGS)."""
    return len(folded) <= MAX_SITE_NOTICE_CHARS and (
        folded.startswith(SITE_NOTICE_OPENINGS) or _SITE_NOTICE.search(folded) is not None
    )


#: Headings that open a list of other stories: everything under them up to the next story
#: text is dropped (sample_warcs/02 "Recommended Articles", 04 "Related News").
RELATED_HEADINGS = re.compile(
    r"^(?:related|recommended|more (?:from|on|stories|news|in|\w+ (?:news|stories))\b|"
    r"most (?:read|popular)|"
    r"you (?:may|might) also|read (?:more|next|also|further)|trending|latest (?:news|stories)|"
    r"popular|top stories|also on|suggested (?:articles|stories|reading|for you)|"
    # German, French, Spanish, Italian, Portuguese, Dutch (trafilatura's test pages:
    # modepilot.de "Ähnliche Beiträge", wikimediafoundation.org "Read further in …")
    r"ähnliche (?:beiträge|artikel|themen|nachrichten)|verwandte (?:beiträge|artikel)|"
    r"das könnte (?:sie|dich) auch interessieren|mehr zum thema|"
    r"weitere (?:artikel|beiträge|nachrichten|themen)\b|(?:lesen sie|lies) auch|"
    r"auch interessant|meistgelesen|(?:à )?lire aussi|articles? similaires|"
    r"sur le même sujet|à voir aussi|les plus lus|vous aimerez aussi|"
    r"(?:artículos|noticias) relacionad[oa]s|(?:te|le) puede interesar|le[ae] también|"
    r"lo más leído|articoli correlati|leggi anche|potrebbe interessarti|i più letti|"
    r"leia também|(?:artigos|notícias) relacionad[oa]s|mais lidas|gerelateerde artikelen|"
    r"lees ook|meest gelezen)",
    re.I,
)

#: Headings after which the story is over: author bios, further reading, comments, sign-up
#: boxes (real pages). Applied only once the story has paragraphs, so a heading near the top
#: never empties a story. "More from …", "Most read …" are not here: real pages print those
#: boxes in the middle of the story (they are RELATED_HEADINGS: their links are dropped).
END_HEADINGS = re.compile(
    # "About" + a capitalised name is an author bio; "About the project" is a subhead.
    r"^(?i:about (?:the )?authors?$)|^(?i:about) [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,2}$|"
    r"^(?i:further reading|comments?$|leave a (?:comment|reply)|like what you're reading|"
    r"editors?['’]?s? (?:recommendations|picks)|coupon codes?$|corrections?$)"
)

#: URL paths of a site's front page or an edition's ("/", "/index.html", "/en/", "/us"), without
#: a query (WordPress serves stories as "/?p=123"): used, like NON_NEWS_PATHS, only when the page
#: carries no article metadata. A front page is a wall of teasers; read as a story it put
#: "Yahoo UK" and "The Latest in Technology, Science, Culture and Business" in the index
#: (newspaper4k's test pages of uk.yahoo.com, wired.com and cnn.com front pages).
FRONT_PAGE_PATHS = re.compile(
    r"^/(?:(?:index|default|home|homepage|main)(?:\.[a-z]{2,5})?|[a-z]{2}(?:[-_][a-z]{2})?/?)?$",
    re.I,
)

#: URL path words of pages that are not news (sample_warcs/05 `/about/contact`), used only when
#: the page carries no article metadata either.
NON_NEWS_PATHS = re.compile(
    r"/(?:about|about-us|contact|contact-us|privacy|terms|legal|imprint|impressum|help|faq|"
    r"careers|jobs|advertise|subscribe|subscriptions|login|signin|register|account|search|"
    r"tag|tags|topic|topics|category|section|author|authors)(?:/|$|\.|\?)",
    re.I,
)
