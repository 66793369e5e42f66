"""Reads of the storefront search: which products and shops a resident's words find, best first.

A query goes through `textsearch.normalise` like the documents did. Each word must match the start
of some word of the document (so "crois" finds croissants while typing); a word of 5+ letters that
starts no known word is replaced by the closest words of the vocabulary (one or two typos). On
PostgreSQL the match is a French full-text query on the GIN-indexed vector and candidates for typos
come from pg_trgm; on SQLite the normalised text is matched with LIKE. Ranking is the same on both:
a title starting with the words, then a title holding them all, then the rest; PostgreSQL then
orders by ts_rank (title words weigh more than the description).
"""

from __future__ import annotations

import bisect
import difflib
import uuid
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from oscar.core.loading import get_model

from textsearch.documents import TERMS_VERSION_KEY
from textsearch.models import Term
from textsearch.normalise import edit_distance, fold, normalise, query_words, typo_budget

ShopCategory = get_model("partner", "ShopCategory")

# Candidates pg_trgm hands to the edit-distance check, for a typo or a "did you mean".
TRIGRAM_CANDIDATES = 30
TRIGRAM_FLOOR = 0.15


@dataclass(frozen=True)
class Plan:
    """What a query searches for: per query word, the document words that may stand for it."""

    words: list[str]
    alternatives: list[tuple[str, ...]] = field(default_factory=list)
    corrected: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.alternatives


def postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Vocabulary: known words, and the closest ones to a mistyped word.
_vocabulary: tuple[object, list[str]] = (None, [])


def vocabulary() -> list[str]:
    """Every known word, sorted, kept per process until a new word arrives (its token changes)."""
    global _vocabulary
    token = cache.get(TERMS_VERSION_KEY)
    if token is None:  # a cleared or new cache: read the words again, under a new token
        token = uuid.uuid4().hex
        cache.set(TERMS_VERSION_KEY, token, None)
    key = (token, connection.settings_dict["NAME"])
    if _vocabulary[0] != key:
        _vocabulary = (key, sorted(Term.objects.values_list("word", flat=True)))
    return _vocabulary[1]


def is_known_start(word: str) -> bool:
    """Some known word starts with `word` (read from the sorted vocabulary, no query)."""
    words = vocabulary()
    index = bisect.bisect_left(words, word)
    return index < len(words) and words[index].startswith(word)


def candidates(word: str) -> list[str]:
    if postgres():
        return list(
            Term.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gt=TRIGRAM_FLOOR)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:TRIGRAM_CANDIDATES]
        )
    return [term for term in vocabulary() if abs(len(term) - len(word)) <= 2]


def closest_words(word: str, *, budget: int) -> tuple[str, ...]:
    """The vocabulary words nearest `word` within `budget` edits (all those at the least distance)."""
    if budget <= 0:
        return ()
    distances = {term: edit_distance(word, term, limit=budget) for term in candidates(word)}
    # A typo may also cut the word short: "croisan" is within reach of the start of "croissant".
    for term in list(distances):
        if len(term) > len(word):
            distances[term] = min(distances[term], edit_distance(word, term[: len(word)], limit=budget) + 1)
    best = min(distances.values(), default=budget + 1)
    if best > budget:
        return ()
    return tuple(sorted(term for term, distance in distances.items() if distance == best))


def plan(query: str) -> Plan:
    words = query_words(query)
    alternatives: list[tuple[str, ...]] = []
    corrected: dict[str, tuple[str, ...]] = {}
    for word in words:
        budget = typo_budget(word)
        if budget and not is_known_start(word):
            closest = closest_words(word, budget=budget)
            if closest:
                corrected[word] = closest
                alternatives.append(closest)
                continue
        alternatives.append((word,))
    return Plan(words=words, alternatives=alternatives, corrected=corrected)


# --- Matching and ranking, for any queryset whose rows have a search document.
def matching(rows: QuerySet, found: Plan, *, document: str = "search_document") -> QuerySet:
    """`rows` whose document holds every word of the plan (or one of its corrections), best first."""
    if postgres():
        tsquery = " & ".join(
            "(" + " | ".join(f"{word}:*" for word in group) + ")" for group in found.alternatives
        )
        query = SearchQuery(tsquery, search_type="raw", config="french")
        rows = rows.filter(**{f"{document}__vector": query})
        rank = SearchRank(F(f"{document}__vector"), query)
    else:
        condition = Q()
        for group in found.alternatives:
            any_of = Q()
            for word in group:
                any_of |= Q(**{f"{document}__text__contains": f" {word}"})
            condition &= any_of
        rows = rows.filter(condition)
        rank = Value(0.0, output_field=FloatField())

    def holds_all(*columns: str) -> Q:
        condition = Q()
        for group in found.alternatives:
            any_of = Q()
            for word in group:
                for column in columns:
                    any_of |= Q(**{f"{document}__{column}__contains": f" {word}"})
            condition &= any_of
        return condition

    starts = Q()
    for word in found.alternatives[0]:
        starts |= Q(**{f"{document}__title__startswith": f" {word}"})
    in_title = holds_all("title")
    # Title above categories (or trade) above the rest; a title starting with the words first.
    place = Case(
        When(starts & in_title, then=0),
        When(in_title, then=1),
        When(holds_all("title", "subject"), then=2),
        When(starts, then=3),
        default=4,
        output_field=IntegerField(),
    )
    return rows.annotate(search_place=place, search_rank=rank).order_by("search_place", "-search_rank")


# --- When nothing is found: close words, and the shops of a matching trade.
def did_you_mean(query: str, *, limit: int = 3) -> list[str]:
    """Queries close to `query`, each word replaced by a near known word (2 to 3 edits away)."""
    words = query_words(query)
    if not words:
        return []
    options: list[list[str]] = []
    for word in words:
        if is_known_start(word):
            options.append([word])
            continue
        near = [term for term in candidates(word) if edit_distance(word, term, limit=3) <= 3]
        near = near or difflib.get_close_matches(word, vocabulary(), n=limit, cutoff=0.6)
        options.append(near[:limit] or [word])
    suggestions = []
    for index in range(limit):
        suggestion = " ".join(choices[min(index, len(choices) - 1)] for choices in options)
        if suggestion not in suggestions and suggestion != " ".join(words):
            suggestions.append(suggestion)
    return suggestions


def trades_for(query: str) -> list[ShopCategory]:
    """Shop trades whose name is close to a word of the query ("fromages" → Fromagerie)."""
    words = query_words(query)
    if not words:
        return []
    trades = []
    for trade in ShopCategory.objects.filter(shops__isnull=False).distinct().order_by("position", "name"):
        names = normalise(trade.name).split()
        for word in words:
            if any(name.startswith(word[:5]) or edit_distance(word, name, limit=2) <= 2 for name in names):
                trades.append(trade)
                break
    return trades


__all__ = ["Plan", "plan", "matching", "did_you_mean", "trades_for", "fold", "vocabulary"]
