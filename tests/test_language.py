"""indexer.language: the declared language and the stop-word guess. All text is made up."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from indexer.language import declared_language, guess_language, language_code

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
