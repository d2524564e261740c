"""Bylines: the author names a story credits, cleaned of "By", job titles, credentials, dates
and affiliations. The one home for what a byline looks like; where a page prints it is found by
`indexer.pageauthors` (byline elements, author metas, JSON-LD) and `indexer.split` (printed lines).

Two readings, for two kinds of source:

- `clean_byline` judges printed text that may not be a byline at all (`By AMARA OKPARA and
  TOMAS VELIKOV` is; "By the river the mill stood" is not): each name must look like one
  (capitalised words) and the page's own spelling is kept, joined with ", ". `is_byline_line`
  and `names_from_jsonld` (the structured spelling of the story's byline) build on it.
- `split_authors` reads a source already known to be a credit (a byline element, an author
  meta, a JSON-LD name) into individual names, dropping the organisation credited next to a
  person; `jsonld_authors` applies it to schema.org `author` values.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from indexer.structured import clean_text, jsonld_types

#: The word that introduces a byline, in the languages of the sample pages and the eval sets
#: (`Par Hélène Marchais` in sample_warcs/06-encodings.warc.gz). A printed line may also use
#: the Scandinavian "av" / "af" (`BYLINE_PREFIX`); the credit reading (`_BY_PREFIX`) does not.
BY_WORDS = ("by", "par", "por", "von", "di", "door")
_PRINTED_BY_WORDS = (*BY_WORDS, "av", "af")
BYLINE_PREFIX = re.compile(rf"^\s*(?:written\s+)?(?:{'|'.join(_PRINTED_BY_WORDS)})\b[:\s]+", re.I)
#: A "byline" that is only its introducing word: no names.
_PREFIX_WORDS = frozenset({*_PRINTED_BY_WORDS, "written by"})

# ------------------------------------------------- the vocabularies of a credit line
# One tuple of regex alternatives per idea; each reading below builds its "not a name" and
# "an organisation" patterns from the vocabularies it needs (`_any_word`). The few role words
# only one reading refuses are listed at that reading, as they were found: moving one into a
# shared vocabulary changes what the other reading accepts, a change to measure on the eval sets.

#: Job titles and roles printed after a name, in both readings: "Jane Doe, Columnist".
JOB_TITLES = (
    "columnist", "journalist", "journaliste", "giornalista", "periodista", "redakteur(?:in)?",
    "rédact(?:eur|rice)", "photographer", "producer", "bureau", "desk", "senior", "intern",
    "director", "manager", "founder",
)  # fmt: skip
#: The newsroom's own titles: "By Ellen Varga, Courier-Press staff writer". A credit element
#: lists them in the plural too ("Jane Doe and John Roe, Staff Writers").
NEWSROOM_TITLES = ("writer", "correspondent", "reporter", "editor", "contributor")
#: Words of a publishing stamp run into the names: "Ada Lind Updated 3:05 PM".
STAMP_WORDS = ("updated", "published", "posted")
#: The furniture a byline element carries around the names: follow and share buttons, read
#: times, newsletter and sign-in links, photo credits, the day of the week.
PAGE_FURNITURE = (
    "follow", "email", "twitter", "read more", "more from", "view", "min read", "minutes?",
    "hours? ago", "ago", "share", "comments?", "subscribe", "sign in", "newsletter",
    "advertisement", "sponsored", "image", "images", "credit", "getty", "author page", "profile",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
#: Words of a publication's name ("Financial Times", "Courier-Press staff"), the ones a
#: printed byline runs into most.
MASTHEAD_WORDS = (
    "news", "media", "times", "journal", "press", "report", "magazine", "herald", "tribune",
    "post", "daily", "gazette", "staff",
)  # fmt: skip
#: Further words that make a credited name an organisation: broadcasters, companies, the
#: newsroom collective in other languages ("Redazione", "Rédaction").
ORGANISATION_WORDS = (
    *MASTHEAD_WORDS, "network", "courier", "enquirer", "chronicle", "observer", "channel",
    "radio", "tv", "agency", "wire", "inc", "ltd", "llc", "group", "online", "digital",
    "redazione", "redaktion", "rédaction", "team", "ediciones", "editions",
)  # fmt: skip
#: News agencies whose name carries no organisation word ("By Ada Lind, Reuters" credits Ada
#: Lind; "PTI" alone credits the agency). Motivated by the "By X, Reuters" byline shape and the
#: scrapinghub page www.deccanherald.com/international/impeachment-sham-…, whose byline element
#: names the agency next to a dateline. Matched as the whole name's last word, case-sensitively.
WIRE_AGENCIES = (
    "Reuters", "AFP", "AP", "Agence France-Presse", "Bloomberg", "PTI", "IANS", "ANI", "UNI",
    "dpa", "DPA", "ANSA", "EFE", "Xinhua", "Kyodo", "Yonhap", "UPI", "TASS", "Anadolu", "Lusa",
    "Europa Press", "PA", "AAP", "CP", "NTB", "TT", "APA", "Belga", "WENN",
)  # fmt: skip


def _any_word(*vocabularies: tuple[str, ...]) -> str:
    """A regex source that matches any of the vocabularies' alternatives as a whole word."""
    return r"\b(?:" + "|".join(word for vocabulary in vocabularies for word in vocabulary) + r")\b"


#: Not a name in a printed byline: a job title printed on its own line under the name (`By Roy
#: Featherstone<br>Associated Press Writer` in sample_warcs/08-legacy.arc.gz) or after a comma
#: (`By Ellen Varga, Courier-Press staff`), a masthead, a stamp. Titles in the singular only:
#: "By The Editors" credits the desk. Masthead words are no name here (a printed line credits
#: people), and so are "Associated" (Press) and "Reuters".
TITLE_WORDS = re.compile(
    _any_word(
        NEWSROOM_TITLES,
        JOB_TITLES,
        ("chief", "special", "head"),
        STAMP_WORDS,
        ("sponsored",),
        MASTHEAD_WORDS,
        ("associated", "reuters"),
    ),
    re.I,
)
#: Separators between names; the word "and" in English, German, French, Spanish, Italian (lower
#: case only: "Chris E. Hayner" is one name).
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\||&|\s(?:and|And|AND|und|et|y|e)\s)\s*")
#: A printed date glued to, or printed right after, the names: the byline ends there. One rule
#: for both readings: "Nick Levine | March 9, 2023", "Josh Norem December 22", "Courtney
#: CarrPublished: December 20", "Ada Lind 12/21/2023", "Ada Lind 21 Dec 2023", "By Ada Lind on
#: Monday, January 20, 2025" (scrapinghub www.politifact.com/truth-o-meter/article/2019/nov/18/…).
DATE_TAIL = re.compile(
    r"(?:^|\s*[-–—|,·•]\s*|\s+|(?<=[a-z]))(?:(?:published|updated|posted)\b:?\s*|on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}).*$|"
    r"(?:\s*[-–—|,·•]\s*|\s+|(?<=[a-z]))(?:published|updated|posted)\b.*$",
    re.I | re.S,
)
#: Credentials after a name ("Lauren Manaker MS, RDN, LD"): short runs of capitals.
_CREDENTIALS = re.compile(r"(?:\s+|,\s*)(?:[A-Z]{2,4}\b[,\s]*){1,4}$")
_DATEISH = re.compile(r"\d{1,2}:\d{2}|\b\d{4}\b|\b(?:hours?|minutes?|days?) ago\b", re.I)
_BY = re.compile(r"\bby\s+", re.I)
_SPACES = re.compile(r"\s+")
#: Longest plausible byline; longer text is a sentence that happens to start with "By".
MAX_BYLINE_CHARS = 120


def clean_byline(text: str | None) -> str | None:
    """Names from a printed byline (`By AMARA OKPARA and TOMAS VELIKOV`), or None."""
    if not text:
        return None
    text = text.strip()
    if len(text) > MAX_BYLINE_CHARS * 2 or "http" in text or "@" in text:
        return None
    text = _MEDIA_CREDIT.sub("", text)
    # Posted on April 9, 2025 by Jonah Farrow: the names follow the last " by ".
    tail = _BY.split(text)
    if len(tail) > 1 and tail[-1].strip():
        text = tail[-1]
    text = BYLINE_PREFIX.sub("", html.unescape(text))
    text = DATE_TAIL.sub("", text)
    if not text.isupper():
        text = _CREDENTIALS.sub("", text)
    if text.strip().casefold() in _PREFIX_WORDS:
        return None
    text = text.split("\n", 1)[0]
    text = _SPACES.sub(" ", text).strip(" ,;:|·-–—")
    names: list[str] = []
    for part in _SPLIT_NAMES.split(text):
        part = part.strip(" .,;:|·-–—")
        if not part or TITLE_WORDS.search(part) or _DATEISH.search(part):
            continue
        if not _looks_like_name(part):
            continue
        if part not in names:
            names.append(part)
    if not names:
        return None
    out = ", ".join(names)
    return out if len(out) <= MAX_BYLINE_CHARS else None


def _looks_like_name(part: str) -> bool:
    """One to five capitalised words (a person or an agency), not a sentence fragment."""
    words = part.split()
    if not 1 <= len(words) <= 5:
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised >= len(words) - 1 and words[0][:1].isupper()


def is_byline_line(text: str) -> bool:
    """Whether a short printed line is a byline (`By Walter Brandt`, `Par Hélène Marchais`)."""
    return (
        len(text) <= MAX_BYLINE_CHARS
        and bool(BYLINE_PREFIX.match(text))
        and (clean_byline(text) is not None)
    )


def names_from_jsonld(author: object) -> str | None:
    """JSON-LD `author`: a string, a Person/Organization object, or a list of them."""
    items = author if isinstance(author, list) else [author]
    names: list[str] = []
    for item in items[:10]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str):
            cleaned = clean_byline(name)
            if cleaned and cleaned not in names:
                names.append(cleaned)
    return ", ".join(names) if names else None


# ------------------------------------------- a byline element's or a structured credit's names

#: "By", "Story by", "Words by" in front of one name of a credit.
_BY_PREFIX = re.compile(
    rf"^\s*(?:(?:written|posted|reported|story|words|text)\s+)?(?:{'|'.join(BY_WORDS)})\b[:\s]*",
    re.I,
)
#: Not a name in a credit element or structured credit ("Jane Doe, Staff Writer"): titles in
#: the singular and the plural, roles, stamps, page furniture. Organisation words are names
#: here: an organisation credited alone is the credit (`people_first`).
_NOT_A_NAME = re.compile(
    _any_word(
        tuple(f"{title}s?" for title in NEWSROOM_TITLES),
        ("contributing", "photography", "officer", "president", "head of"),
        JOB_TITLES,
        STAMP_WORDS,
        PAGE_FURNITURE,
    ),
    re.I,
)
#: A credited name that is an organisation (a wire, the paper itself): dropped when the same
#: byline also names a person ("Javier Espinoza and Patricia Nilsson, Financial Times"; "Jim
#: Walsh, Cherry Hill Courier-Post"), kept when it is the only credit. A wire agency counts as
#: the name's last word, case-sensitively; a domain ("example.com") as the name's end.
_ORGANISATION = re.compile(
    rf"(?-i:\b(?:{'|'.join(WIRE_AGENCIES)})$)|"
    + _any_word(ORGANISATION_WORDS)
    + r"|\w\.[a-z]{2,6}$",
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
#: Credits for the pictures, video or graphics after the story's own ("Story by Ada Lind •
#: Photos by Bo Varga"): the photographer is not the author, so the byline ends there. Motivated
#: by the credit lines of magazine pages (aed-dev time.com/6330831/…: "Illustration By … for
#: TIME" in the image credit).
_MEDIA_CREDIT = re.compile(
    r"\s*(?:[|•·,;/–—-]\s*|\s)(?:additional\s+)?(?:photos?|photography|pictures?|images?|"
    r"video|videos|illustrations?|graphics?|design|animation)\s+(?:by|from)\b.*$",
    re.I | re.S,
)
#: A one-word credit label with a colon in front of the names, in any language ("Text: Ada
#: Lind", "Texte : Ada Lind"; motivated by the Russian pages of the scrapinghub set,
#: www.wday.ru/articles/…, which print "Text:" in Cyrillic before the author).
_CREDIT_LABEL = re.compile(r"^\s*[^\W\d_]{2,12}\s?:\s+(?=[^\W\d_])")
#: Credentials after a name, all capitals ("Lauren Manaker MS, RDN, LD"): dropped.
_CREDENTIAL = re.compile(r"^(?:(?!II|III|IV)[A-Z]{2,4}|Ph\.?D\.?|M\.?D\.?)$")
# "e", "y", "et", "und" join names only in lower case: "Chris E. Hayner" is one name.
_NAME_SEPARATOR = re.compile(
    r"\s*(?:[,;|&\n•·]|\s[-–—]\s|\band\b|(?-i:\b(?:und|et|y|e|en)\b))\s*", re.I
)
#: A credit piece that starts with a lower-case word (not a name particle) is a description of
#: the author, not a name: a role in any language ("journaliste, chargé de la politique
#: économique" after the names in goose3 lefigaro.fr/conjoncture/2013/04/05/…), an author bio
#: in a byline element ("… is the editor and publisher of …", scrapinghub
#: thespacereview.com/article/3834/1), an e-mail. A phrase ends the names; a lone such word
#: or a known title ("staff writer") after a name is skipped; a lone word first is a user name
#: ("admin") and stays. Name particles ("van der Berg", "de la Cruz") are not descriptions.
_NAME_PARTICLE = re.compile(
    r"^(?:van|von|der|den|de|del|della|di|da|du|dos|das|la|le|ter|ten|bin|ibn|al|el)\s+\w"
)
_HAS_DIGIT = re.compile(r"\d")
_PUNCTUATION = " .,;:|·-–—\"'"
_INITIAL_AT_END = re.compile(r"(?:\b[A-Z]|\b[JS]r)$")
#: Longest author list accepted from one source; longer text is a paragraph, not a byline.
MAX_AUTHOR_LIST_CHARS = 300


def _plausible_name(text: str) -> bool:
    """A person's or organisation's name: one to six words, no digits, URL, handle or e-mail."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60:
        return False
    if _HAS_DIGIT.search(text) or any(c in text for c in "/@:?!=<>{}[]#()"):
        return False
    return not _NOT_A_NAME.search(text)


def is_organisation(name: str) -> bool:
    return bool(_ORGANISATION.search(name))


def split_authors(text: str) -> tuple[str, ...]:
    """The names in a byline: "By Jane Doe and John Roe, Staff Writers" gives ("Jane Doe",
    "John Roe"). A leading "By", job titles, credentials, dates, handles and e-mails are dropped,
    and so is an organisation credited next to a person ("Jane Doe | The Daily Planet")."""
    text = html.unescape(text).replace("\xa0", " ").strip()
    if not text or len(text) > MAX_AUTHOR_LIST_CHARS:
        return ()
    text = _MEDIA_CREDIT.sub("", text)
    # "Posted on April 9, 2025 by Jane Doe": the names follow the last " by ".
    if (cut := text.lower().rfind(" by ")) >= 0:
        text = text[cut + 4 :]
    text = _CREDIT_LABEL.sub("", text)
    text = DATE_TAIL.sub("", text)
    names: list[str] = []
    for piece in _NAME_SEPARATOR.split(text):
        part = _BY_PREFIX.sub("", clean_text(piece)).strip(_PUNCTUATION)
        if part[:1].islower() and not _NAME_PARTICLE.match(part):
            if len(part.split()) > 1 and not _NOT_A_NAME.search(part):
                break  # the rest describes the author: no more names
            if names:
                continue  # "journaliste", a lone lower-case role after a name
            # A lone lower-case word first is a user name ("admin", "kei_eno"): read on.
        if _CREDENTIAL.match(part) and names:
            continue  # "RDN" after "Lauren Manaker MS"; a lone "AP" or "AFP" is the credit
        part = _TRAILING_WORDS.sub("", " " + part)
        if not part.isupper():
            part = _TRAILING_CREDENTIALS.sub("", part)
        part = part.strip(_PUNCTUATION)
        if _INITIAL_AT_END.search(part):
            part += "."  # "Nelson C.J." keeps the dot of its initial
        if part and _plausible_name(part):
            names.append(part)
    return people_first(names)


def people_first(names: Iterable[str]) -> tuple[str, ...]:
    """The names without organisations when there is a person among them; all otherwise."""
    names = unique_names(names)
    people = tuple(n for n in names if not is_organisation(n))
    return people or names


def unique_names(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def jsonld_authors(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[tuple[str, ...], bool]:
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
            elif isinstance(item, dict):
                item = item.get("@value")  # "name": {"@value": "Ada Lind", "@language": "en"}
        if isinstance(item, str):
            for name in split_authors(item):
                (organisations if is_org or is_organisation(name) else people).append(name)
    if people:
        return unique_names(people), False
    return unique_names(organisations), bool(organisations)
