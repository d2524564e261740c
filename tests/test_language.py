"""indexer.language: the declared language and the stop-word guess. All text is made up."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from indexer.language import (
    confident_guess,
    declared_language,
    guess_language,
    language_code,
    script_language,
)

SPANISH = (
    "La policía de la ciudad dijo que el incendio de la fábrica de papel se produjo en la noche "
    "y que los daños son de gran importancia para la economía de la región. "
)
ENGLISH = "The fire was in the harbour and it is out now, said the chief of the crew. " * 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spanish shares "de", "que", "la", "en" with Portuguese, Dutch and French: only the
        # words no other list has decide (goose3 www.elmundo.es page, see DISTINCT_STOPWORDS).
        (SPANISH * 3, "es"),
        (ENGLISH, "en"),
        ("Ada Lind, Bo Varga, Cy Ng, 2025, 14:00, 3-1. " * 5, None),
        ("Fire.", None),
    ],
)
def test_guess_language(text: str, expected: str | None) -> None:
    assert guess_language(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en-US", "en"), ("fr_FR", "fr"), ("EN", "en"), ("en, fr", "en"), ("x-default", None)],
)
def test_language_code(value: str, expected: str | None) -> None:
    assert language_code(value) == expected


def test_declared_language_skips_an_unusable_lang_attribute() -> None:
    html = '<html lang="x-default"><head><meta property="og:locale" content="de_DE"></head></html>'
    assert declared_language(LexborHTMLParser(html), None, {"og:locale": ["de_DE"]}) == "de"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("항구에서 불이 났고 지금은 꺼졌다. 港口 " * 4, "ko"),
        ("港で火事があり、今は消えました。" * 4, "ja"),
        ("港口发生火灾现在已经扑灭了。" * 4, "zh"),
        ("اندلع حريق في الميناء وتم إخماده الآن " * 3, "ar"),
        # Persian and Urdu letters: not Arabic, and the two are not told apart by letters.
        ("در بندر آتش سوزی رخ داد و اکنون خاموش شده است " * 3, None),
        ("פרצה שריפה בנמל והיא כבתה עכשיו " * 3, "he"),
        ("Η φωτιά στο λιμάνι έσβησε τώρα " * 3, "el"),
        ("เกิดไฟไหม้ที่ท่าเรือและตอนนี้ดับแล้ว " * 3, "th"),
        ("Пожар в порту был потушен, это сказал капитан " * 2, "ru"),
        ("Пожежа в порту вже згасла, і ніхто не постраждав " * 2, "uk"),
        # Cyrillic without a letter only one language uses: no guess.
        ("Пожарът в пристанището е потушен от екипа " * 2, None),
        # A few letters of a script in a Latin text do not make it that language.
        ("Seoul 서울 harbour fire crews " * 3, None),
        ("항구", None),
    ],
)
def test_script_language(text: str, expected: str | None) -> None:
    assert script_language(text) == expected


def test_guess_falls_back_on_the_script_when_stop_words_do_not_decide() -> None:
    assert guess_language("항구에서 불이 났고 지금은 꺼졌다. " * 5) == "ko"
    assert guess_language(ENGLISH + "서울") == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ENGLISH * 4, "en"),  # long and plainly English: overrules a declared language
        (ENGLISH, None),  # too short to overrule anything
        (SPANISH * 3 + ENGLISH, None),  # mixed: no clear lead
    ],
)
def test_confident_guess(text: str, expected: str | None) -> None:
    assert confident_guess(text) == expected
