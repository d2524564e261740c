"""Language of a story: declared by the page, else a cheap stop-word guess.

Declared languages come from `<html lang>`, JSON-LD `inLanguage` and language `<meta>` tags
(metadata.py). Pages that declare nothing (sample_warcs/01 div soup, 08 legacy pages, WET
text) get the language whose commonest short words cover the body best, if the evidence is
clear; otherwise None.
"""

from __future__ import annotations

import re

#: The commonest short function words of each language; chosen so that the sets overlap little.
_STOPWORDS_TEXT = {
    "en": "the and of to in that is was for with on as it at by from this have are",
    "fr": "le la les des et est une dans pour que qui sur au aux du pas par avec",
    "es": "el la los las del y en que por con para una es se al lo como más",
    "de": "der die das und ist nicht mit den von zu ein eine auf dem des sich auch",
    "it": "il di che la per non una sono della con del gli le nel alla questo",
    "pt": "de que não uma para com os as do da em por mais dos das ao se",
    "nl": "de het een van en is dat op te zijn niet met voor er aan ook",
}
STOPWORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in _STOPWORDS_TEXT.items()}
#: Words sampled from the body: enough for a clear majority, cheap on long pages.
SAMPLE_WORDS = 400
#: The best language must cover this share of the sampled words, and twice the runner-up.
MIN_SHARE = 0.08

_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is most likely in, or None when unclear."""
    words = [w.casefold() for w in _WORD.findall(text[:6000])][:SAMPLE_WORDS]
    if len(words) < 20:
        return None
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in STOPWORDS.items()}
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    if n < MIN_SHARE * len(words) or n < 2 * runner_up:
        return None
    return best
