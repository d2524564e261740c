"""Plain text (WET `conversion` records, `text/plain` pages) → the blocks split.py reads.

Common Crawl's WET text keeps one block of the page per paragraph, separated by blank lines;
menus and link lists come out as runs of short lines; captions printed twice on the page
(slide + thumbnail) come out twice (sample_warcs/02-aggregator.wet.gz). The first line is the
page's `<title>`. From that we rebuild what the HTML path knows: which block is the headline (the
one repeating the title without the site name), which are captions (repeated long blocks), and
which are furniture (runs of short lines).
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.clean import Block
from indexer.headlines import norm, strip_site

#: A run of at least this many lines, most of them short, is a menu or link list.
MIN_LIST_LINES = 2
#: Lines up to this long count as "short" (menu items, link titles).
MAX_LIST_LINE_CHARS = 80
#: A block printed this many times or more, and at least this long, is a caption.
CAPTION_REPEATS, MIN_CAPTION_CHARS = 2, 40

_BLANK = re.compile(r"\n[ \t]*\n+")
_PATH = (1,)


def text_blocks(text: str, host: str) -> tuple[str | None, list[Block]]:
    """(the title line, the blocks) of a plain-text page."""
    chunks = [c.strip() for c in _BLANK.split(text.replace("\r\n", "\n")) if c.strip()]
    if not chunks:
        return None, []
    title: str | None = None
    first = chunks[0].splitlines()
    if len(first) == 1 and len(first[0]) <= 300:
        title = first[0].strip()
        chunks = chunks[1:]
    headline = norm(strip_site(title, None, host) or "") if title else ""
    counts = Counter(norm(c) for c in chunks)
    blocks: list[Block] = []
    for chunk in chunks:
        lines = [" ".join(line.split()) for line in chunk.splitlines() if line.strip()]
        if len(lines) >= MIN_LIST_LINES and all(len(x) <= MAX_LIST_LINE_CHARS for x in lines):
            # A menu, a share bar, a list of other stories' titles: furniture.
            blocks.append(
                Block(text=" ".join(lines), tag="ul", links=len(" ".join(lines)), path=_PATH)
            )
            continue
        joined = " ".join(lines)
        key = norm(joined)
        if headline and key == headline:
            blocks.append(Block(text=joined, tag="h1", path=_PATH))
        elif counts[key] >= CAPTION_REPEATS and len(joined) >= MIN_CAPTION_CHARS:
            blocks.append(Block(text=joined, tag="p", path=_PATH, caption=True))
        else:
            blocks.append(Block(text=joined, tag="p", path=_PATH))
    return title, blocks
