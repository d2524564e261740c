"""The query AST (search.querylang) → `tantivy.Query` objects: the only place queries are built.

We never generate tantivy query strings: its parser has no real prefix or fuzzy syntax,
turns `a AND NOT b` into a query that matches nothing, and rejects apostrophes (field notes
§1.4). Building `Query` objects ourselves makes every form of DESIGN.md §5 exact.

How each leaf is matched:

* Words and phrases go through `indexer.schema.news_analyzer()`, the analyzer the index was
  built with, so `refugee` finds "refugees" and `Zurich` finds "Zürich". A word that analyzes
  to several tokens (`e-mail`, `U.S.`, `café's`) is matched as a phrase of those tokens.
* A leaf without a field searches every text field (`TEXT_WEIGHTS`), scored as the best field
  plus a fraction of the others (a dis-max), so a word in the headline outranks the same word
  in the body. Raw fields (`site`, `url`, `language`) are never searched implicitly.
* `refug*` is expanded against the term dictionary (exact, unlike tantivy's 50-term
  phrase-prefix); the words it matched are found again in each hit for highlighting.
  Prefixes are not stemmed, but the stem of the prefix is tried too, so `refugees*` still
  finds the indexed stem `refuge`.
* `word~N` is a Levenshtein automaton (N ≤ 2) on the indexed terms, plus the exact word, so
  exact spellings rank first.
* `date:`/`captured:` are half-open [lower, upper) day ranges on the date fast fields;
  publication dates are indexed as local wall-clock time (`indexer.schema.index_datetime`).
* `site:apnews.com` matches the site and its subdomains (`site:cnn.com` finds
  `edition.cnn.com`); `url:X` matches every URL that starts with X, ignoring the scheme, a
  leading `www.` and letter case, so a pasted URL and a URL prefix both work;
  `lang:EN` matches the language code `en`.

Scores: BM25 for words and phrases; prefix, fuzzy, regex and date clauses score a constant
1.0 (tantivy), which is fine because they either filter (AND) or rank below exact BM25
matches (OR).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import tantivy

from indexer.schema import DATE_FIELDS, TEXT_FIELDS
from search.analysis import folding, stemming, word_tokens
from search.errors import SearchError
from search.querylang import And, Boost, DateRange, Fuzzy, Node, Not, Or, Phrase, Prefix, Term

__all__ = ["TEXT_WEIGHTS", "CompiledQuery", "Pattern", "compile_query"]

#: Multipliers of each text field's BM25 score for a word without a field. The headline says
#: what the story is about; a dateline names where it happened; captions describe its
#: pictures; the body mentions many things in passing. A byline match says who wrote the
#: story, not what it is about, so it weighs a little less than the body.
TEXT_WEIGHTS: dict[str, float] = {
    "headline": 3.0,
    "dateline": 2.0,
    "captions": 1.5,
    "body": 1.0,
    "byline": 0.8,
}
#: Dis-max tie breaker: a word found in several fields scores its best field plus this share of
#: the others, so a headline+body match beats a headline-only match without adding up to
#: five fields' worth of score.
TIE_BREAKER = 0.3
#: Extra weight for the query's words appearing as an exact phrase: `civil defense` ranks a
#: story saying "civil defense" above one with "civil" and "defense" far apart.
PHRASE_BONUS = 2.0
#: A prefix expanding to more terms than this (per field) is matched with a regex automaton
#: instead of a term set: same hits, without building a huge term list in Python.
MAX_PREFIX_TERMS = 2_000
MAX_FUZZY_DISTANCE = 2

_RAW_FIELDS = ("site", "url", "language")
QUERY_FIELDS = (*TEXT_FIELDS, *_RAW_FIELDS)
#: Rust regex metacharacters (tantivy's regex syntax); everything else is literal.
_REGEX_META = frozenset("\\.+*?()|[]{}^$#&-~")


def _phrase(schema: Any, name: str, tokens: list[tuple[int, str]], slop: int = 0) -> Any:
    words: list[str | tuple[int, str]] = list(tokens)
    return tantivy.Query.phrase_query(schema, name, words, slop)


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in _REGEX_META else c for c in text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern:
    """A prefix or fuzzy leaf, kept to find the words it matched in a hit's text.

    tantivy lists neither a prefix's nor a fuzzy query's matched terms per document, and
    highlights only exact terms, so `CompiledQuery.matches_in` re-finds them in each hit.
    """

    fields: tuple[str, ...]
    token: str
    distance: int | None = None  # None: a prefix

    def matches(self, candidate: str) -> bool:
        if self.distance is None:
            return candidate.startswith(self.token)
        return _within_distance(self.token, candidate, self.distance)


@dataclass(frozen=True, slots=True, kw_only=True)
class CompiledQuery:
    """A compiled query and what to highlight in its hits.

    `highlight` holds (field, token) pairs of the positive words and phrases (negated words
    are never highlighted); prefix and fuzzy leaves are in `patterns`, matched per hit with
    `matches_in` and passed to `highlight_query(extra=...)`.
    """

    query: Any  # tantivy.Query
    highlight: frozenset[tuple[str, str]] = frozenset()
    patterns: tuple[Pattern, ...] = ()
    schema: Any = field(repr=False, default=None)
    #: Text fields in which every hit holds a highlight term: a word or phrase the query
    #: requires in that field (`caption:storm`). Snippets need not check those hits for the
    #: terms before asking tantivy for a fragment; a wrong guess would cost time, not output.
    matched: frozenset[str] = frozenset()
    #: The query's words of unspaced scripts (`北京`), each matched as a phrase of its
    #: characters, and those of their characters that no other leaf asks to highlight. A
    #: snippet highlights such a character only inside one of those words: tantivy marks every
    #: 北 and 京 of a fragment, including the 北 of 北方 ("the north").
    runs: frozenset[str] = frozenset()
    run_chars: frozenset[str] = frozenset()

    def highlight_query(
        self, extra: Iterable[tuple[str, str]] = (), *, field: str | None = None
    ) -> Any | None:
        """The query a `tantivy.SnippetGenerator` should use: plain term queries, or None.

        With `field`, only that field's terms (all a generator for that field looks at).
        """
        pairs = sorted(
            (f, t) for f, t in self.highlight.union(extra) if field is None or f == field
        )
        if not pairs:
            return None
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, f, t)) for f, t in pairs]
        )

    def matches_in(self, field_name: str, text: str) -> set[tuple[str, str]]:
        """(field, token) pairs of `text` (a stored field's value) that a pattern matched."""
        wanted = [p for p in self.patterns if field_name in p.fields]
        if not wanted or not text:
            return set()
        return {
            (field_name, token)
            for token in set(stemming().analyze(text))
            if any(p.matches(token) for p in wanted)
        }


def compile_query(node: Node, searcher: Any, schema: Any) -> CompiledQuery:
    """Compile `node` to a `tantivy.Query` for `searcher` (used to expand prefixes).

    A query with nothing searchable in it (only punctuation, say) matches nothing.
    """
    if type(node) is Term and node.field is not None and node.field in TEXT_FIELDS:
        # `headline:word`, the commonest field query: what `_Compiler.words` makes of it,
        # built directly: ~3 µs less, ~7 µs with cold caches (issue 6).
        tokens = word_tokens(node.text)
        if len(tokens) == 1:
            field, token = node.field, tokens[0][1]
            return CompiledQuery(
                query=tantivy.Query.term_query(schema, field, token),
                highlight=frozenset(((field, token),)),
                schema=schema,
                matched=frozenset((field,)),
            )
    compiler = _Compiler(searcher, schema)
    query = compiler.node(node, positive=True)
    return CompiledQuery(
        query=query if query is not None else tantivy.Query.empty_query(),
        highlight=frozenset(compiler.highlight),
        patterns=tuple(compiler.patterns),
        schema=schema,
        matched=_matched_fields(node),
        runs=frozenset(compiler.runs),
        run_chars=frozenset(c for run in compiler.runs for c in run) - compiler.loose,
    )


def _matched_fields(node: Node) -> frozenset[str]:
    """The text fields in which every story matching `node` holds one of its positive words."""
    match node:
        case Term(field=f) | Phrase(field=f):
            return frozenset((f,)) if f in TEXT_FIELDS else frozenset()
        case Boost(child=child):
            return _matched_fields(child)
        case And(children=children):
            # Every positive child must match; a negated one holds nothing to highlight.
            return frozenset().union(
                *(_matched_fields(c) for c in children if not isinstance(c, Not))
            )
        case Or(children=children):
            return frozenset.intersection(*(_matched_fields(c) for c in children))
    return frozenset()


class _Compiler:
    """One compilation: the searcher for prefix expansion and the highlight terms collected.

    Every method returns a `tantivy.Query`, or None for a leaf with nothing searchable in it
    (`&`, say), which And/Or drop and which makes a whole query match nothing.
    """

    def __init__(self, searcher: Any, schema: Any) -> None:
        self.searcher = searcher
        self.schema = schema
        self.highlight: set[tuple[str, str]] = set()
        self.patterns: list[Pattern] = []
        #: Unspaced-script words (see CompiledQuery.runs), and every other highlight token.
        self.runs: set[str] = set()
        self.loose: set[str] = set()

    def node(self, node: Node, *, positive: bool) -> Any | None:
        match node:
            case Term(text=text, field=f):
                return self.words(text, f, slop=0, positive=positive)
            case Phrase(words=words, field=f, slop=slop):
                return self.words(" ".join(words), f, slop=slop, positive=positive)
            case Prefix(text=text, field=f):
                return self.prefix(text, f, positive=positive)
            case Fuzzy(text=text, field=f, distance=distance):
                return self.fuzzy_leaf(text, f, distance, positive=positive)
            case DateRange():
                return self.date_range(node)
            case And(children=children):
                return self.conjunction(children, positive=positive)
            case Or(children=children):
                subs = [q for c in children if (q := self.node(c, positive=positive)) is not None]
                if len(subs) <= 1:
                    return subs[0] if subs else None
                return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in subs])
            case Not(child=child):
                inner = self.node(child, positive=not positive)
                return None if inner is None else _negation([inner])
            case Boost(child=child, factor=factor):
                inner = self.node(child, positive=positive)
                return None if inner is None else tantivy.Query.boost_query(inner, float(factor))
        raise SearchError(f"not a query node: {node!r}")

    # -- boolean structure --------------------------------------------------------------

    def conjunction(self, children: Sequence[Node], *, positive: bool) -> Any | None:
        musts: list[Any] = []
        must_nots: list[Any] = []
        for child in children:
            if isinstance(child, Not):
                q = self.node(child.child, positive=not positive)
                if q is not None:
                    must_nots.append(q)
            elif (q := self.node(child, positive=positive)) is not None:
                musts.append(q)
        if not musts:
            return _negation(must_nots) if must_nots else None
        bonus = self.phrase_bonus(children)
        if len(musts) == 1 and not must_nots and bonus is None:
            return musts[0]
        clauses = [(tantivy.Occur.Must, q) for q in musts]
        clauses += [(tantivy.Occur.MustNot, q) for q in must_nots]
        if bonus is not None:
            # Optional clause: only adds score to stories that already match every Must.
            clauses.append((tantivy.Occur.Should, bonus))
        return tantivy.Query.boolean_query(clauses)

    def phrase_bonus(self, children: Sequence[Node]) -> Any | None:
        """The query's plain words as one exact phrase, to rank adjacent words first."""
        words = [c.text for c in children if isinstance(c, Term) and c.field is None]
        tokens = word_tokens(" ".join(words)) if len(words) >= 2 else []
        if len(tokens) < 2:
            return None
        per_field = [
            tantivy.Query.boost_query(_phrase(self.schema, f, tokens), TEXT_WEIGHTS[f])
            for f in TEXT_FIELDS
        ]
        return tantivy.Query.boost_query(
            tantivy.Query.disjunction_max_query(per_field, TIE_BREAKER), PHRASE_BONUS
        )

    # -- leaves -------------------------------------------------------------------------

    def mark(self, fields: Sequence[str], tokens: list[str], text: str = "") -> None:
        """Highlight `tokens` in `fields`; note which pieces of `text` are unspaced words.

        A piece of `text` between spaces that the analyzer cuts into single characters and
        nothing else (`北京`, Thai `ก่อ`) is such a word; `U.S.` is not (its dots are no token),
        nor is anything with a cased letter, which a fragment may spell in another case.
        """
        self.highlight.update((name, tok) for name in fields for tok in tokens)
        if len(tokens) < 2 or not text or all(len(tok) > 1 for tok in tokens):
            self.loose.update(tokens)  # no run of characters here (every Latin phrase)
            return
        for piece in text.split():
            chars = [tok for _, tok in word_tokens(piece)]
            if len(chars) > 1 and "".join(chars) == piece == piece.upper() == piece.lower():
                self.runs.add(piece)
            else:
                self.loose.update(chars)

    def words(self, text: str, f: str | None, *, slop: int, positive: bool) -> Any | None:
        if f in _RAW_FIELDS:
            return self.raw(text, f)
        tokens = word_tokens(text)
        if not tokens:
            return None
        fields = _text_fields(f)
        if positive:
            self.mark(fields, [tok for _, tok in tokens], text)

        def make(name: str) -> Any:
            if len(tokens) == 1:
                return tantivy.Query.term_query(self.schema, name, tokens[0][1])
            return _phrase(self.schema, name, tokens, slop)

        return self.across(fields, make)

    def across(self, fields: Sequence[str], make: Any) -> Any:
        """`make(field)` on one field, or a weighted dis-max over several."""
        if len(fields) == 1:
            return make(fields[0])
        return tantivy.Query.disjunction_max_query(
            [tantivy.Query.boost_query(make(name), TEXT_WEIGHTS[name]) for name in fields],
            TIE_BREAKER,
        )

    def prefix(self, text: str, f: str | None, *, positive: bool) -> Any | None:
        if f == "url":
            return self.url(text)
        if f in _RAW_FIELDS:
            expanded = self.expand(f, _raw_value(text, f).rstrip("*"))
            return expanded if expanded is not None else tantivy.Query.empty_query()
        folded = [t.text for t in folding().pre_tokenize(text).tokens]
        if not folded:
            return None
        fields = _text_fields(f)
        if len(folded) > 1:
            # `e-ma*`: the leading tokens as a phrase, the last as a prefix. tantivy caps that
            # last expansion at 50 terms; acceptable for this rare form.
            leading = [tok for _, tok in word_tokens(" ".join(folded[:-1]))]
            words = [*leading, folded[-1]]
            if positive:
                self.mark(fields, leading)
                self.patterns.append(Pattern(fields=fields, token=folded[-1]))
            return self.across(
                fields, lambda name: tantivy.Query.phrase_prefix_query(self.schema, name, words)
            )
        stem = stemming().analyze(folded[0])
        prefixes = sorted({folded[0], *stem[:1]})
        if positive:
            self.patterns.extend(Pattern(fields=fields, token=p) for p in prefixes)
        per_field = [
            q for name in fields for p in prefixes if (q := self.expand(name, p)) is not None
        ]
        if not per_field:
            return tantivy.Query.empty_query()
        if len(per_field) == 1:
            return per_field[0]
        return tantivy.Query.disjunction_max_query(per_field, TIE_BREAKER)

    def expand(self, name: str, prefix: str) -> Any | None:
        """Every indexed term of `name` starting with `prefix`, as one constant-score query."""
        terms = self.searcher.terms_with_prefix(name, prefix, limit=MAX_PREFIX_TERMS + 1)
        if not terms:
            return None
        if len(terms) > MAX_PREFIX_TERMS:
            query = tantivy.Query.regex_query(self.schema, name, _regex_escape(prefix) + ".*")
        else:
            query = tantivy.Query.term_set_query(self.schema, name, [t for t, _ in terms])
        weight = TEXT_WEIGHTS.get(name, 1.0)
        return query if weight == 1.0 else tantivy.Query.boost_query(query, weight)

    def fuzzy_leaf(self, text: str, f: str | None, distance: int, *, positive: bool) -> Any | None:
        distance = max(0, min(distance, MAX_FUZZY_DISTANCE))
        if f in _RAW_FIELDS:
            value = _raw_value(text, f)
            return tantivy.Query.fuzzy_term_query(self.schema, f, value, distance)
        tokens = [tok for _, tok in word_tokens(text)]
        if not tokens:
            return None
        fields = _text_fields(f)
        # A token no longer than the distance (one Chinese character, the `s` of `U.S.`) would
        # match every short term: it is matched exactly.
        fuzzed = {tok for tok in tokens if len(tok) > distance}
        if positive:
            self.mark(fields, tokens)
            self.patterns.extend(
                Pattern(fields=fields, token=tok, distance=distance) for tok in sorted(fuzzed)
            )

        def make(name: str) -> Any:
            per_token = [
                # The exact spelling's BM25 on top of the automaton's constant score, so the
                # story that spells the word as typed ranks first.
                tantivy.Query.boolean_query(
                    [
                        (
                            tantivy.Occur.Should,
                            tantivy.Query.fuzzy_term_query(self.schema, name, tok, distance),
                        ),
                        (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, name, tok)),
                    ]
                )
                if tok in fuzzed
                else tantivy.Query.term_query(self.schema, name, tok)
                for tok in tokens
            ]
            if len(per_token) == 1:
                return per_token[0]
            return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in per_token])

        return self.across(fields, make)

    def raw(self, text: str, f: str) -> Any | None:
        value = _raw_value(text, f)
        if not value:
            return None
        if f == "url":
            return self.url(text)
        if f == "site":
            # The site itself or any subdomain of it; the site term dictionary is small.
            pattern = "(.*\\.)?" + _regex_escape(value)
            return tantivy.Query.regex_query(self.schema, "site", pattern)
        return tantivy.Query.term_query(self.schema, f, value)

    def url(self, text: str) -> Any | None:
        rest = text.strip()
        for scheme in ("https://", "http://"):
            if rest.lower().startswith(scheme):
                rest = rest[len(scheme) :]
        if rest.lower().startswith("www."):
            rest = rest[4:]
        rest = rest.rstrip("*")
        if not rest:
            return None
        pattern = "(?i)(https?://)?(www\\.)?" + _regex_escape(rest) + ".*"
        return tantivy.Query.regex_query(self.schema, "url", pattern)

    def date_range(self, node: DateRange) -> Any:
        if node.field not in DATE_FIELDS:
            raise SearchError(f"not a date field: {node.field!r} (use date or captured_at)")
        if node.lower is None and node.upper is None:
            return tantivy.Query.exists_query(node.field)
        return tantivy.Query.range_query(
            self.schema,
            node.field,
            tantivy.FieldType.Date,
            lower_bound=_midnight(node.lower),
            upper_bound=_midnight(node.upper),
            include_lower=True,
            # An open side must be inclusive for tantivy; a closed upper day is exclusive.
            include_upper=node.upper is None,
        )


def _negation(queries: Sequence[Any]) -> Any:
    # A boolean of MustNot clauses alone matches nothing: start from every story.
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, tantivy.Query.all_query())]
        + [(tantivy.Occur.MustNot, q) for q in queries]
    )


def _text_fields(f: str | None) -> tuple[str, ...]:
    if f is None:
        return tuple(TEXT_WEIGHTS)
    if f not in TEXT_FIELDS:
        raise SearchError(f"not a query field: {f!r} (fields: {', '.join(QUERY_FIELDS)})")
    return (f,)


def _raw_value(text: str, f: str) -> str:
    value = text.strip().lower()
    if f == "site" and value.startswith("www."):
        value = value[4:]
    return value


def _midnight(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _within_distance(a: str, b: str, limit: int) -> bool:
    """Damerau-Levenshtein (adjacent transpositions cost 1, as tantivy's automaton) ≤ limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit
