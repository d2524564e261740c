"""Bylines: the author names a story credits, cleaned of "By", job titles and affiliations.

Sources, strongest first (metadata.py and clean.py gather them): JSON-LD `author`, author
`<meta>` tags, an element marked as the byline (`class="byline"`, `rel="author"`,
`itemprop="author"`), a printed `By …` line near the headline. The result is the names joined
with ", " (`Amara Okpara, Tomas Velikov`), the spelling the page uses.
"""

from __future__ import annotations

import html
import re

#: The word that introduces a byline, in the languages of the sample pages and the eval sets
#: (`Par Hélène Marchais` in sample_warcs/06-encodings.warc.gz).
BYLINE_PREFIX = re.compile(r"^\s*(?:written\s+)?(?:by|par|por|von|di|door|av|af)\b[:\s]+", re.I)

_PREFIX_WORDS = frozenset({"by", "par", "por", "von", "di", "door", "av", "af", "written by"})

#: A job title printed on its own line under the name (`By Roy Featherstone<br>Associated Press
#: Writer` in sample_warcs/08-legacy.arc.gz) or after a comma (`By Ellen Varga, Courier-Press
#: staff`): not a name.
TITLE_WORDS = re.compile(
    r"\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist|journalist|"
    r"photographer|producer|press|news|times|post|herald|tribune|gazette|associated|"
    r"reuters|bureau|desk|senior|chief|special|intern|updated|published|posted|report|"
    r"journal|media|magazine|daily|head|sponsored|staff|director|manager|founder)\b",
    re.I,
)
#: Separators between names; the word "and" in English, German, French, Spanish, Italian (lower
#: case only: "Chris E. Hayner" is one name).
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\||&|\s(?:and|And|AND|und|et|y|e)\s)\s*")
#: A printed date glued to the name ("Nick Levine | March 9, 2023", "Josh Norem December 22",
#: "Courtney CarrPublished: December 20"): cut there.
_DATE_TAIL = re.compile(
    r"(?:^|\s*[-–—|,·•]\s*|\s+|(?<=[a-z]))(?:(?:published|updated|posted)\b:?\s*|on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*$|"
    r"(?:\s*[-–—|,·•]\s*|\s+|(?<=[a-z]))(?:published|updated|posted)\b.*$",
    re.I,
)
#: Credentials after a name ("Lauren Manaker MS, RDN, LD"): short runs of capitals.
_CREDENTIALS = re.compile(r"(?:\s+|,\s*)(?:[A-Z]{2,4}\b[,\s]*){1,4}$")
_DATEISH = re.compile(r"\d{1,2}:\d{2}|\b\d{4}\b|\b(?:hours?|minutes?|days?) ago\b", re.I)
#: Longest plausible byline; longer text is a sentence that happens to start with "By".
MAX_BYLINE_CHARS = 120


def clean_byline(text: str | None) -> str | None:
    """Names from a printed byline (`By AMARA OKPARA and TOMAS VELIKOV`), or None."""
    if not text:
        return None
    text = text.strip()
    if len(text) > MAX_BYLINE_CHARS * 2 or "http" in text or "@" in text:
        return None
    # Posted on April 9, 2025 by Jonah Farrow: the names follow the last " by ".
    tail = re.split(r"\bby\s+", text, flags=re.I)
    if len(tail) > 1 and tail[-1].strip():
        text = tail[-1]
    text = BYLINE_PREFIX.sub("", html.unescape(text))
    text = _DATE_TAIL.sub("", text)
    if not text.isupper():
        text = _CREDENTIALS.sub("", text)
    if text.strip().casefold() in _PREFIX_WORDS:
        return None
    text = text.split("\n", 1)[0]
    text = re.sub(r"\s+", " ", text).strip(" ,;:|·-–—")
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
