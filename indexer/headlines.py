"""The page's own headline, from the strongest agreeing evidence.

Candidates: the page's headings (h1 first), JSON-LD `headline`, `og:title`, and `<title>` with
the site's name cut off. A heading that the metadata confirms wins (it is the headline as
printed); then the metadata; then a lone `<h1>` that is not the site's name; then the cut
title. The site name is never a headline (sample_warcs/01: WordPress `<h1>` site title,
Ridgeview Sentinel logo in an `<h1>`); neither is a section label (05 "Local News").
"""

from __future__ import annotations

import re

from indexer.clean import Block
from indexer.metadata import PageMeta
from indexer.pageheadline import strip_site_name
from indexer.structured import site_names, squash
from indexer.textsize import word_count

#: Fewest words in a headline taken from a heading without metadata to confirm it.
MIN_HEADLINE_WORDS = 3
#: Longest headline: longer headings are paragraphs styled as headings.
MAX_HEADLINE_CHARS = 300


def norm(text: str) -> str:
    """Case-folded word sequence, for comparing headline candidates."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def strip_site(title: str | None, site_name: str | None, host: str) -> str | None:
    """`<title>` without the site's name (`pageheadline.strip_site_name`, given the site name and
    the host's labels), or None when nothing else is left."""
    if not title:
        return None
    sites = {squash(site_name)} if site_name else set()
    sites |= site_names([], {}, f"//{host}")
    out = strip_site_name(title, sites)
    return out if out and squash(out) not in sites else None


def choose_headline(meta: PageMeta, blocks: list[Block], host: str) -> str | None:
    """The page's headline (see module docstring), or None when nothing qualifies."""
    site = norm(meta.site_name) if meta.site_name else ""
    cut_title = strip_site(meta.title, meta.site_name, host)
    confirm = [norm(c) for c in (meta.headline, meta.meta_title, cut_title, meta.title) if c]
    shown = [b for b in blocks if (b.heading or b.big) and not b.caption]
    shown = [b for b in shown if len(b.text) <= MAX_HEADLINE_CHARS and norm(b.text) != site]
    for level in (1, 2, 3, 4, 5, 6, 0):  # h1 first, … then large/bold text
        for b in shown:
            if b.heading != level:
                continue
            n = norm(b.text)
            if n and any(
                n == c or (len(n) > 20 and len(c) > 20 and (n in c or c in n)) for c in confirm
            ):
                return b.text.replace("\n", " ")
    for candidate in (meta.headline, meta.meta_title):
        if candidate and norm(candidate) != site and len(candidate) <= MAX_HEADLINE_CHARS:
            return candidate
    h1s = [b.text for b in shown if b.heading == 1 and word_count(b.text) >= MIN_HEADLINE_WORDS]
    if len(h1s) == 1:
        return h1s[0]
    if cut_title and norm(cut_title) != site:
        return cut_title
    if h1s:
        return h1s[0]
    # Div soup: the first large or bold line of three words or more, above the story text.
    for b in blocks:
        if len(b.text) >= 200:
            break
        if b.big and not b.caption and word_count(b.text) >= MIN_HEADLINE_WORDS:
            return b.text
    return None
