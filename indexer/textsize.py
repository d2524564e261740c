"""How long a text is, counted fairly across writing systems.

Chinese, Japanese and Korean say in one character about what a Latin word says in three to
five letters, and write no spaces between words. Length floors tuned on English (a story's
fewest characters, a headline's fewest words) would drop their short stories and every
headline; these counts give their characters the weight of what they say.
"""

from __future__ import annotations

import re

#: Han, kana, Hangul (syllables and jamo), CJK symbols, compatibility and fullwidth forms.
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def story_chars(text: str) -> int:
    """Characters toward a story-length floor: each CJK character counts twice, so a
    two-paragraph wire brief of ~100 characters weighs what its ~250-character English
    version does (tests/test_extract.py)."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def word_count(text: str) -> int:
    """Words toward a headline's fewest words: space-separated words, and one more for every
    two CJK characters (a Chinese word averages under two characters), so an 11-character
    Chinese headline has enough words where its one "word" between spaces had not."""
    words = len(text.split())
    return words if text.isascii() else words + len(_WIDE.findall(text)) // 2
