"""Bylines: the names a story credits, from JSON-LD, author `<meta>` tags, the byline element or
a printed "By ..." line, cleaned of "By", job titles, credentials, dates and affiliations.

Used by `indexer.pagemeta`; pure functions of the parsed tree and the header text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.structured import clean_text, jsonld_types

__all__ = ["AUTHOR_METAS", "BYLINE_SELECTORS", "find_authors", "split_authors"]

#: `<meta>` keys naming the author, strongest first. `article:author` is often a profile URL,
#: which is skipped (see _looks_like_name).
AUTHOR_METAS = (
    "author", "article:author", "parsely-author", "sailthru.author", "byl", "dc.creator",
    "dcterms.creator", "cxenseparse:author", "citation_author",
)  # fmt: skip
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
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reported|story|words|text)\s+)?(?:by|von|par|por|di|door)\b[:\s]*",
    re.I,
)
#: Job titles, credits and page furniture next to a name ("Jane Doe, Staff Writer"): not a name.
_NOT_A_NAME = re.compile(
    r"\b(?:writers?|correspondents?|reporters?|editors?|contributors?|contributing|columnist|"
    r"journalist|photographer|photography|producer|bureau|desk|senior|intern|updated|published|"
    r"posted|follow|email|twitter|read more|more from|view|min read|minutes?|hours? ago|ago|"
    r"share|comments?|subscribe|sign in|newsletter|advertisement|sponsored|officer|director|"
    r"president|founder|head of|manager|image|images|credit|getty|author page|profile|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)
#: Words that make a credited name an organisation (a wire, the paper itself): dropped when the
#: same byline also names a person ("Javier Espinoza and Patricia Nilsson, Financial Times";
#: "Jim Walsh, Cherry Hill Courier-Post"), kept when they are the only credit.
_ORGANISATION = re.compile(
    r"\b(?:news|media|times|journal|press|report|network|magazine|herald|tribune|post|daily|"
    r"courier|gazette|enquirer|chronicle|observer|channel|radio|tv|agency|wire|inc|ltd|llc|"
    r"group|online|digital|redazione|redaktion|rédaction|staff|team|ediciones|editions)\b|"
    r"\w\.[a-z]{2,6}$",
    re.I,
)
#: Words a printed byline runs into when the page prints the date or a credit line right after
#: the name ("By Josh Norem December 21, 2023"): cut from the end of a name.
_TRAILING_WORDS = re.compile(
    r"(?:\s+(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|published|updated|posted|by|"
    r"contributions?|staff|and|on|at))+$",
    re.I,
)
#: Credentials after a mixed-case name ("Lauren Manaker MS"): cut; Roman numerals stay.
_TRAILING_CREDENTIALS = re.compile(r"(?:\s+(?!II\b|III\b|IV\b)[A-Z]{2,4})+$")
#: A date printed right after the names ("Ada Lind December 21, 2023", "Ada Lind 12/21/2023"):
#: the byline ends there.
_DATE_TAIL = re.compile(
    r"\s+(?:on\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}).*$",
    re.I | re.S,
)
#: Credentials after a name, all capitals ("Lauren Manaker MS, RDN, LD"): dropped.
_CREDENTIAL = re.compile(r"^(?:(?!II|III|IV)[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?)$")
# "e", "y", "et", "und" join names only in lower case: "Chris E. Hayner" is one name.
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[,;|&\n•·]|\s[-–—]\s|\band\b|(?-i:\b(?:und|et|y|e|en)\b))\s*", re.I
)
_HAS_DIGIT = re.compile(r"\d")
_PUNCTUATION = " .,;:|·-–—\"'"
_INITIAL_AT_END = re.compile(r"(?:\b[A-Z]|\b[JS]r)$")
#: Longest author list accepted from one source; longer text is a paragraph, not a byline.
MAX_BYLINE_CHARS = 300


def _looks_like_name(text: str) -> bool:
    """A person's or organisation's name: one to six words, no digits, URL, handle or e-mail."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if _HAS_DIGIT.search(text) or any(c in text for c in "/@:?!=<>{}[]#()"):
        return False
    return not _NOT_A_NAME.search(text)


def _is_organisation(name: str) -> bool:
    return bool(_ORGANISATION.search(name))


def split_authors(text: str) -> tuple[str, ...]:
    """The names in a byline: "By Jane Doe and John Roe, Staff Writers" gives ("Jane Doe",
    "John Roe"). A leading "By", job titles, credentials, dates, handles and e-mails are dropped,
    and so is an organisation credited next to a person ("Jane Doe | The Daily Planet")."""
    text = html.unescape(text).replace("\xa0", " ").strip()
    if not text or len(text) > MAX_BYLINE_CHARS:
        return ()
    # "Posted on April 9, 2025 by Jane Doe": the names follow the last " by ".
    if (cut := text.lower().rfind(" by ")) >= 0:
        text = text[cut + 4 :]
    text = _DATE_TAIL.sub("", text)
    names: list[str] = []
    for piece in _NAME_SEPARATOR.split(text):
        part = _BY_PREFIX.sub("", clean_text(piece)).strip(_PUNCTUATION)
        if _CREDENTIAL.match(part):
            continue
        part = _TRAILING_WORDS.sub("", " " + part)
        if not part.isupper():
            part = _TRAILING_CREDENTIALS.sub("", part)
        part = part.strip(_PUNCTUATION)
        if _INITIAL_AT_END.search(part):
            part += "."  # "Nelson C.J." keeps the dot of its initial
        if part and _looks_like_name(part):
            names.append(part)
    return _people_first(names)


def _people_first(names: Iterable[str]) -> tuple[str, ...]:
    """The names without organisations when there is a person among them; all otherwise."""
    names = _unique(names)
    people = tuple(n for n in names if not _is_organisation(n))
    return people or names


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def _jsonld_authors(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[tuple[str, ...], bool]:
    """(names, all of them organisations) from `author` as schema.org allows it: a string, a
    Person / Organization object (or an `@id` reference to one elsewhere in the graph), a list.
    Organisations listed next to people (the publisher after the reporters) are left out."""
    people: list[str] = []
    organisations: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        is_org = False
        if isinstance(item, dict):
            if "name" not in item and isinstance(ref := item.get("@id"), str):
                item = by_id.get(ref, item)
            is_org = bool(jsonld_types(item) & {"organization", "newsmediaorganization"})
            item = item.get("name")
            if isinstance(item, list):
                item = ", ".join(str(x) for x in item if isinstance(x, str))
        if isinstance(item, str):
            for name in split_authors(item):
                (organisations if is_org or _is_organisation(name) else people).append(name)
    if people:
        return _unique(people), False
    return _unique(organisations), bool(organisations)


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
        structured, only_organisations = _jsonld_authors(
            article.get("author") or article.get("creator"), by_id
        )
    if not structured:
        for key in AUTHOR_METAS:
            values = metas.get(key, ())
            if names := _people_first(n for value in values for n in split_authors(value)):
                structured = names
                only_organisations = all(_is_organisation(n) for n in names)
                break
    if structured and not only_organisations:
        return structured
    printed = _printed_authors(tree, header)
    if printed and (not structured or any(not _is_organisation(n) for n in printed)):
        return printed
    return structured


def _printed_authors(tree: LexborHTMLParser, header: str) -> tuple[str, ...]:
    """Names from the byline element (by class / rel / itemprop, BYLINE_SELECTORS order) or a
    "By ..." header line."""
    ranked: list[list[LexborNode]] = [[] for _ in BYLINE_SELECTORS]
    for node in tree.css(", ".join(BYLINE_SELECTORS)):  # one walk of the tree for all of them
        rank = _byline_rank(node)
        if rank is not None and len(ranked[rank]) < 6 and not _in_comments(node):
            ranked[rank].append(node)
    for group in ranked:
        found: list[str] = []
        for node in group:
            if (name := node.css_first('[itemprop="name"]')) is not None:
                node = name
            found.extend(split_authors(node.text(deep=True, separator="\n")))
        if found:
            return _people_first(found)
    if header and (m := _PRINTED_BYLINE.search(header)):
        return split_authors(m[1])
    return ()


def _in_comments(node: LexborNode) -> bool:
    """Whether the node sits in a reader-comments section (commenters are not the authors)."""
    current: LexborNode | None = node
    for _ in range(12):
        current = current.parent if current is not None else None
        if current is None:
            return False
        attrs = current.attributes
        names = f"{attrs.get('id') or ''} {attrs.get('class') or ''}".lower().split()
        # "comments", "comment-list", "commentBody"; not an article flagged "comments-open".
        if any(n.startswith("comment") and not n.endswith(("open", "closed")) for n in names):
            return True
    return False


def _byline_rank(node: LexborNode) -> int | None:
    """Which of BYLINE_SELECTORS (its index) the node matches first."""
    attrs = node.attributes
    classes = attrs.get("class") or ""
    checks = (
        "author" in (attrs.get("itemprop") or "").split(),
        "author" in (attrs.get("rel") or "").split(),
        "byline" in classes,
        "author-name" in classes,
        "authorName" in classes,
        "author" in classes,
        "byline" in (attrs.get("data-testid") or ""),
    )
    return next((i for i, hit in enumerate(checks) if hit), None)
