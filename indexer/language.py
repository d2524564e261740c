"""Language of a story: declared by the page, else a cheap stop-word guess.

Declared languages come from `<html lang>` / `xml:lang`, JSON-LD `inLanguage` and language
`<meta>` tags (`declared_language`, read by pagemeta.py and metadata.py). Pages that declare
nothing (sample_warcs/01 div soup, 08 legacy pages, WET text) get the language whose commonest
short words cover the body best, if the evidence is clear; otherwise None.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from indexer.structured import LANGUAGE_METAS, jsonld_text

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
#: Each language's stop words that are in no other list: only these are counted, since a word
#: shared by several languages ("de", "que", "la") says nothing about which one it is. Counting
#: every stop word left a Spanish page undecided between Spanish and Dutch/Portuguese (goose3
#: set, www.elmundo.es/elmundo/2012/10/28/…); with these, the guess over the bodies of the
#: shared eval sets agrees with the declared language on 418 of 435 stories (was 414; the rest
#: are in languages without a list).
DISTINCT_STOPWORDS: dict[str, frozenset[str]] = {
    lang: words.difference(*(other for k, other in STOPWORDS.items() if k != lang))
    for lang, words in STOPWORDS.items()
}
_LANGUAGE_OF_WORD: dict[str, str] = {
    word: lang for lang, words in DISTINCT_STOPWORDS.items() for word in words
}
#: Words sampled from the body: enough for a clear majority, cheap on long pages.
SAMPLE_WORDS = 400
#: The best language's distinct stop words must be this share of the sampled words, and twice
#: the runner-up's (0.04 chosen on the same stories as the comment above).
MIN_SHARE = 0.04

_WORD = re.compile(r"[^\W\d_]+")


#: A guess sure enough to overrule a declared language: a share of the sampled words and a lead
#: over the runner-up well above MIN_SHARE's. Motivated by the scrapinghub pages
#: www.businessinsider.com/how-to-retire-early-… (English text, `<html lang="de">` from the
#: German edition's template), whose English stop words are ~25 % of the words; a German
#: page quoting English, or a short one, stays with its declared language.
CONFIDENT_SHARE = 0.12
CONFIDENT_LEAD = 4
#: Fewest sampled words the confident guess reads.
CONFIDENT_WORDS = 100


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is most likely in, or None when unclear: by stop
    words, else by writing system (`script_language`)."""
    ranked, size = _stopword_counts(text)
    if size >= 20:
        (best, n), (_, runner_up) = ranked[0], ranked[1]
        if n >= MIN_SHARE * size and n >= 2 * runner_up:
            return best
    return script_language(text)


def confident_guess(text: str) -> str | None:
    """The stop-word guess when it is clear enough to overrule what the page declares."""
    ranked, size = _stopword_counts(text)
    if size < CONFIDENT_WORDS:
        return None
    (best, n), (_, runner_up) = ranked[0], ranked[1]
    if n >= CONFIDENT_SHARE * size and n >= CONFIDENT_LEAD * runner_up:
        return best
    return None


def _stopword_counts(text: str) -> tuple[list[tuple[str, int]], int]:
    """(languages by their distinct stop words among the sampled words, most first; how many
    words were sampled)."""
    words = _WORD.findall(text[:6000].casefold())[:SAMPLE_WORDS]
    counts = dict.fromkeys(DISTINCT_STOPWORDS, 0)
    # One dict lookup a word (each distinct stop word is one language's), counted in C: a
    # membership test per language and word cost ~0.2 ms a page.
    counts.update(Counter(filter(None, map(_LANGUAGE_OF_WORD.get, words))))
    return sorted(counts.items(), key=lambda kv: kv[1], reverse=True), len(words)


# ----------------------------------------------------------------------- by writing system

#: Fewest letters a script reading needs, and the share of all letters its script must have.
MIN_SCRIPT_LETTERS = 40
MIN_SCRIPT_SHARE = 0.5
#: Letters only some languages of a script use: Persian and Urdu in the Arabic script (a page
#: with them is not read as Arabic and gets no code: the two are hard to tell apart by
#: letters), and the Cyrillic languages other than Russian.
_PERSIAN_URDU = frozenset("پچژگکیٹڈڑںےھ")
_CYRILLIC_BY_LETTER = (("ў", "be"), ("іїєґ", "uk"), ("ќѓѕ", "mk"), ("ђћџљњј", "sr"))
_RUSSIAN_ONLY = frozenset("ыэ")


def _script(ch: str) -> str | None:
    """The writing system of one letter, for the scripts `script_language` reads."""
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if 0x3040 <= o <= 0x30FF:
        return "kana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "han"
    if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F:
        return "arabic"
    if 0x0590 <= o <= 0x05FF:
        return "hebrew"
    if 0x0370 <= o <= 0x03FF or 0x1F00 <= o <= 0x1FFF:
        return "greek"
    if 0x0E00 <= o <= 0x0E7F:
        return "thai"
    if 0x0400 <= o <= 0x04FF:
        return "cyrillic"
    return None


def script_language(text: str) -> str | None:
    """The language a text's writing system names, when most of its letters are in one that
    (nearly) belongs to one language: Hangul → ko, Kana → ja, Han alone → zh, Hebrew → he,
    Greek → el, Thai → th, Arabic → ar (not with Persian or Urdu letters), Cyrillic → the
    language its own letters show (Russian only with ы or э). Motivated by the goose3 page
    news.donga.com/3/all/20131023/… (Korean, nothing declared, no stop-word list)."""
    letters = [ch for ch in text[:6000] if ch.isalpha()]
    scripts: dict[str, int] = {}
    for ch in letters:
        if (name := _script(ch)) is not None:
            scripts[name] = scripts.get(name, 0) + 1
    cjk = scripts.get("hangul", 0) + scripts.get("kana", 0) + scripts.get("han", 0)
    counts = {**scripts, "cjk": cjk}
    best = max(counts, key=lambda k: counts[k], default=None)
    if best is None or counts[best] < MIN_SCRIPT_LETTERS:
        return None
    if counts[best] < MIN_SCRIPT_SHARE * len(letters):
        return None
    if best in ("cjk", "hangul", "kana", "han"):
        # Korean writes some Han words, Japanese mixes Han and Kana: the script beside the Han
        # names the language.
        if scripts.get("hangul", 0) >= 0.3 * cjk:
            return "ko"
        if scripts.get("kana", 0) >= 0.1 * cjk:
            return "ja"
        return "zh" if scripts.get("han", 0) >= 0.9 * cjk else None
    if best == "arabic":
        return None if any(ch in _PERSIAN_URDU for ch in letters) else "ar"
    if best == "cyrillic":
        present = {ch.casefold() for ch in letters}
        for marks, code in _CYRILLIC_BY_LETTER:
            if present.intersection(marks):
                return code
        return "ru" if present & _RUSSIAN_ONLY else None
    return {"hebrew": "he", "greek": "el", "thai": "th"}.get(best)


def language_code(value: str | None) -> str | None:
    """`en-US`, `fr_FR`, `EN`, `en, fr` → ISO 639-1 `en`; anything else → None."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-", 1)[0].split(",", 1)[0].lower()
    return code if len(code) == 2 and code.isalpha() else None


def declared_language(
    tree: LexborHTMLParser, article: dict[str, Any] | None, metas: dict[str, list[str]]
) -> str | None:
    """The language the page declares: `<html lang>` (or `xml:lang`), the story's JSON-LD
    `inLanguage`, then the language `<meta>` tags (LANGUAGE_METAS order)."""
    root = tree.root  # the <html> element (css_first would walk the whole tree for it)
    attrs = root.attributes if root is not None and root.tag == "html" else {}
    declared = [attrs.get("lang"), attrs.get("xml:lang")]
    declared.append(jsonld_text(article.get("inLanguage")) if article is not None else None)
    declared.extend(v for key in LANGUAGE_METAS for v in metas.get(key, ()))
    return next((code for value in declared if (code := language_code(value))), None)
