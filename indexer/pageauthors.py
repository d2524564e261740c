"""Bylines: the names a story credits, from JSON-LD, author `<meta>` tags, the byline element or
a printed "By ..." line, cleaned of "By", job titles, credentials, dates and affiliations.

Used by `indexer.pagemeta`; pure functions of the parsed tree and the header text.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.boilerplate import names_comments
from indexer.bylines import (
    BYLINE_PREFIX,
    is_organisation,
    jsonld_authors,
    people_first,
    split_authors,
)
from indexer.structured import AUTHOR_METAS, site_names, squash

__all__ = ["BYLINE_SELECTORS", "find_authors"]

#: Elements that hold a printed byline, by attribute or class (CMS conventions), strongest first.
BYLINE_SELECTORS = (
    '[itemprop~="author"]',
    '[rel~="author"]',
    '[class*="byline"]',
    '[class*="author-name"]',
    '[class*="authorName"]',
    '[class*="author"]',
    '[data-testid*="byline"]',
)


#: A printed "By Jane Doe" line in the article header (pages without structured authors).
_PRINTED_BYLINE = re.compile(
    r"(?:^|\s)(?:By|BY|Von|Par|Por)\s+("
    r"[A-ZÀ-Þ][\w'’.-]*(?: [A-ZÀ-Þ][\w'’.-]*){0,3}"
    r"(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)[A-ZÀ-Þ][\w'’.-]*(?: [A-ZÀ-Þ][\w'’.-]*){0,3}){0,3})"
)


def find_authors(
    tree: LexborHTMLParser,
    objects: list[dict[str, Any]],
    article: dict[str, Any] | None,
    metas: dict[str, list[str]],
    header: str,
    url: str = "",
) -> tuple[str, ...]:
    """The story's credited authors, from the strongest source that names a person.

    Structured data (JSON-LD, then author metas) comes first. When it credits only the site or
    another organisation (CMSs that put the publisher in `author`), a person named in the page's
    byline element or printed "By ..." line wins; otherwise the organisation stands (wire copy
    credited to "The Associated Press")."""
    structured: tuple[str, ...] = ()
    only_organisations = False
    if article is not None:
        by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and "name" in o}
        structured, only_organisations = jsonld_authors(
            article.get("author") or article.get("creator"), by_id
        )
    if not structured:
        for key in AUTHOR_METAS:
            values = metas.get(key, ())
            if names := people_first(n for value in values for n in split_authors(value)):
                structured = names
                only_organisations = all(is_organisation(n) for n in names)
                break
    if structured and not only_organisations:
        return structured
    printed = _printed_authors(tree, header)
    if printed and (
        not structured
        or any(_is_person(n) for n in printed)
        or _names_the_site(structured, objects, metas, url)
    ):
        return printed
    return structured or _closing_credit(tree)


def _is_person(name: str) -> bool:
    """A printed name that outranks a structured organisation credit: not an organisation, and
    two words or more. A lone word next to an agency credit is the dateline's place (scrapinghub
    www.deccanherald.com/business/…: "Reuters, Washington" in the byline element, JSON-LD author
    "Reuters")."""
    return not is_organisation(name) and len(name.split()) >= 2


def _names_the_site(
    names: tuple[str, ...], objects: list[dict[str, Any]], metas: dict[str, list[str]], url: str
) -> bool:
    """Whether every structured credit is the site itself. CMSs put the publisher in `author`;
    a printed organisation (a news agency) is then the better credit (aed-dev
    weather.com/news/news/2023-12-19-…: JSON-LD author is the site, the header prints the wire
    service)."""
    sites = site_names(objects, metas, url)
    return all(squash(n) in sites for n in names)


#: A credit printed at the end of a story instead of a byline ("Reporting by The Associated
#: Press.", "(Reporting by Ada Lind; Editing by Bo Varga)"): the reporters, never the editors.
#: Motivated by aed-dev www.foxsports.com/stories/college-football/… (agency copy credited in its
#: last paragraph only). Read only when no other source credits anyone.
_CLOSING_CREDIT = re.compile(
    r"^\W{0,3}(?:additional\s+)?(?:reporting|reported|written|compiled)\s+by\s+([^;()\n]{3,120})",
    re.I,
)
#: How many of the page's last paragraphs are read for a closing credit.
CLOSING_PARAGRAPHS = 4


def _closing_credit(tree: LexborHTMLParser) -> tuple[str, ...]:
    paragraphs = tree.css("p")[-CLOSING_PARAGRAPHS:]
    for node in reversed(paragraphs):
        if m := _CLOSING_CREDIT.match(node.text(deep=True).strip()):
            return split_authors(m[1].rstrip(". "))
    return ()


#: The one walk of the tree that finds every byline element: `[class*="author"]` also matches
#: the `author-name` and `authorName` classes, so their selectors are left out of it (each class
#: substring selector cost ~0.035 ms a page); `_byline_matches` still tells them apart.
_BYLINE_WALK = ", ".join(
    s for s in BYLINE_SELECTORS if s not in ('[class*="author-name"]', '[class*="authorName"]')
)
#: Byline elements read per BYLINE_SELECTORS rank.
MAX_BYLINE_ELEMENTS = 6


def _printed_authors(tree: LexborHTMLParser, header: str) -> tuple[str, ...]:
    """Names from the byline element (by class / rel / itemprop, BYLINE_SELECTORS order) or a
    "By ..." header line."""
    ranked: list[list[LexborNode]] = [[] for _ in BYLINE_SELECTORS]
    seen: set[int] = set()
    for node in tree.css(_BYLINE_WALK):
        # lexbor lists an element once for each selector of the walk it matches.
        if (key := node.mem_id) not in seen:
            seen.add(key)
            matches = _byline_matches(node)
            if any(matches):
                # An element counts once per BYLINE_SELECTORS entry it matches towards its
                # rank's MAX_BYLINE_ELEMENTS, as when all of them were walked: the rule was
                # calibrated so (aed-dev www.nbcnews.com/news/hamas-reportedly-…, a live page,
                # then credits the agencies).
                ranked[matches.index(True)].extend([node] * sum(matches))
    verdicts: dict[int, bool] = {}  # outside-the-story verdicts by element, shared by the ranks
    for candidates in ranked:
        printed = (n for n in candidates if not _outside_story(n, verdicts))
        found: list[str] = []
        for node in islice(printed, MAX_BYLINE_ELEMENTS):
            if (name := node.css_first('[itemprop="name"]')) is not None:
                node = name
            found.extend(split_authors(_without_photo_credit(node.text(deep=True, separator="\n"))))
        if found:
            return people_first(found)
    if header and (m := _PRINTED_BYLINE.search(header)):
        return split_authors(m[1])
    return ()


#: Parts of a class or id that mark a module around the story, not the story: reader comments
#: (commenters are not the authors) and the sidebar and teaser modules that credit other
#: stories' writers (goose3 huffingtonpost.com/2011/10/06/alabama-workers-…: six columnists in
#: a "Don't miss" box of the right sidebar, the story credited to the AP in its author meta).
#: Not "sidebar" nor "widget": an article's own author box sits in its sidebar (goose3
#: slate.fr/story/64063/…: `#article_sidebar`), and Blogger puts every post in a `widget Blog`.
_OUTSIDE_STORY_MARKS = (
    "dont_miss", "dont-miss", "dontmiss", "related", "recirc", "teaser", "trending",
    "most-popular", "mostpopular",
)  # fmt: skip


#: A photo credit in an element classed as an author's ("Photograph by Jeremy Holden, …":
#: nationalgeographic.co.uk/environment-and-conservation/2020/…, one of trafilatura's test pages,
#: credits five photographers so under its pictures): the photographer is not the story's author.
_PHOTO_CREDIT = re.compile(
    r"^\W*(?:photo(?:graph)?s?|pictures?|images?|illustrations?|graphics?|videos?|fotos?|bild)"
    r"\s*(?:by\b|:|©|credit)",
    re.I,
)


def _without_photo_credit(text: str) -> str:
    """A byline element's text without the photo credit it opens with, if any: the names from
    a later "By …" line on ("Photo: Bo Varga" / "By Ada Lind"), else nothing. (The credit's
    label and its names are often separate lines: "Photograph by" / "Jeremy Holden, …".)"""
    if not _PHOTO_CREDIT.match(text.lstrip()):
        return text
    lines = text.splitlines()
    later = next((k for k, line in enumerate(lines) if k and BYLINE_PREFIX.match(line)), None)
    return "\n".join(lines[later:]) if later is not None else ""


def _outside_story(node: LexborNode, verdicts: dict[int, bool]) -> bool:
    """Whether the node is, or sits in, a reader-comments section, a sidebar or teaser module
    (`_OUTSIDE_STORY_MARKS`) or a figure (a photo's credit). `verdicts`: whether an element (by
    `mem_id`) is one, filled in as they are read (the byline candidates of a page share most of
    their ancestors)."""
    current: LexborNode | None = node
    for _ in range(13):  # the node itself and 12 ancestors
        if current is None:
            return False
        if (hit := verdicts.get(key := current.mem_id)) is None:
            if current.tag in ("figure", "figcaption"):
                verdicts[key] = True  # a photo's credit line, not the story's byline
                return True
            attrs = current.attributes
            marks = f"{attrs.get('id') or ''} {attrs.get('class') or ''}"
            names = marks.lower().split()
            hit = names_comments(marks) or any(
                mark in n for n in names for mark in _OUTSIDE_STORY_MARKS
            )
            verdicts[key] = hit
        if hit:
            return True
        current = current.parent
    return False


def _byline_matches(node: LexborNode) -> tuple[bool, ...]:
    """Which of BYLINE_SELECTORS the node matches, in their order."""
    attrs = node.attributes
    classes = attrs.get("class") or ""
    return (
        "author" in (attrs.get("itemprop") or "").split(),
        "author" in (attrs.get("rel") or "").split(),
        "byline" in classes,
        "author-name" in classes,
        "authorName" in classes,
        "author" in classes,
        "byline" in (attrs.get("data-testid") or ""),
    )
