"""search.snippets' text helpers, held to the plain Python they stand in for (issue 6)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search.snippets import _collapse_spaces, _collapsed

# Paragraph breaks, runs of spaces, other whitespace (tab, NBSP, ideographic space, line
# separator), letters and a non-ASCII letter: what `_collapsed` takes shortcuts around.
PIECES = st.sampled_from(["a", "Zé", " ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\xa0", "\u3000"])
TEXTS = st.lists(PIECES, max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_collapsed_is_split_and_join(text: str) -> None:
    assert _collapsed(text) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_collapsing_keeps_each_highlighted_word_under_its_span(text: str) -> None:
    # Highlights are words: spans around each run of letters, as tantivy gives them.
    spans, at = [], 0
    for word in text.split():
        at = text.index(word, at)
        spans.append((at, at + len(word)))
        at += len(word)
    collapsed, moved = _collapse_spaces(text, tuple(spans))
    assert collapsed == " ".join(text.split())
    assert [collapsed[a:b] for a, b in moved] == text.split()
