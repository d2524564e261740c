"""Query words through the index's own analyzer (`indexer.schema.news_analyzer`).

The compiler turns query words into the tokens the index holds, and snippets check a hit's text
for them, so both must analyze exactly as the index did: this is that one place. Apart from
search.compiler because search.snippets needs it too, without the compiler's query building.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from indexer.schema import news_analyzer

__all__ = ["folding", "stemming", "stems", "word_tokens"]


@cache
def stemming() -> Any:
    """The index analyzer, stemmer included: what a query word becomes in the index."""
    return news_analyzer()


@cache
def folding() -> Any:
    """The index analyzer without the stemmer: for prefixes, which must not be stemmed."""
    return news_analyzer(stem=False)


def word_tokens(text: str) -> list[tuple[int, str]]:
    """(position, token) pairs of `text` through the index analyzer."""
    if text.isascii() and text.isalnum():
        # One plain word: one token at position 0 (none if too long), which `analyze` gives
        # without building a Token object per token (~0.7 µs less per query word, issue 6).
        return [(0, token) for token in stemming().analyze(text)]
    return [(t.position, t.text) for t in stemming().pre_tokenize(text).tokens]


def stems(words: Sequence[str]) -> list[str] | None:
    """The index analyzer's token for each of `words` (each one word of ASCII letters and
    digits, under 40 characters), in one call; None if the tokens do not pair up with them."""
    tokens: list[str] = stemming().analyze(" ".join(words))
    return tokens if len(tokens) == len(words) else None
