"""The one French text normaliser that search documents and residents' queries both go through.

Plain functions over strings (no ORM): lower case, accents and the œ/æ ligatures folded, words split
on anything that is not a letter or a digit, simple French plural stemming (croissants → croissant,
gâteaux → gateau, chevaux → cheval), and French stop words dropped from queries. SQLite searches
the normalised text itself; PostgreSQL builds its French tsvector from the same text, so both
databases match the same words.
"""

from __future__ import annotations

import re
import unicodedata

# PostgreSQL's own French stop words (tsearch_data/french.stop), folded: a query word PostgreSQL
# would ignore is ignored on SQLite too, and `to_tsquery` never receives an empty query.
_PG_FRENCH_STOP = (
    "au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi mon "
    "ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos "
    "votre vous c d j l a m n s t y ete etee etees etes etant etante etants etantes suis es est sommes "
    "sont serai seras sera serons serez seront serais serait serions seriez seraient etais etait etions "
    "etiez etaient fus fut fumes futes furent sois soit soyons soyez soient fusse fusses fussions "
    "fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura "
    "aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut "
    "eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eut eussions eussiez eussent"
)
STOP_WORDS = frozenset(_PG_FRENCH_STOP.split())

# Letters NFKD does not take apart: ligatures and a few others typed as two letters or plainly.
_FOLD = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_WORD = re.compile(r"[a-z0-9]+")
# Plurals ending in -s or -x are stemmed from this length on: "bus", "jus", "riz" stay as they are.
_MIN_PLURAL = 4


def fold(text: str) -> str:
    """Lower case, without accents and with ligatures as two letters: "Œufs Crème" → "oeufs creme"."""
    text = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """The singular of a French plural, by the common rules; other words come back unchanged.

    Only plural endings are touched, so "patisserie" and "patisseries" meet while "pain" and
    "paint" do not. Wrong singulars ("noyaux" → "noyal") are harmless: both sides get the same one.
    """
    if len(word) < _MIN_PLURAL or word.isdigit():
        return word
    if word.endswith("eaux") or word.endswith("eux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith("x") or (word.endswith("s") and not word.endswith("ss")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded, stemmed words of a text, in order (documents keep their stop words)."""
    return [stem(word) for word in _WORD.findall(fold(text))]


def normalise(text: str) -> str:
    """The searchable form of a document's text: its words joined by single spaces."""
    return " ".join(words(text))


def query_words(text: str) -> list[str]:
    """The words a resident's query must match: stop words dropped, each word once, in order."""
    seen: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS:
            continue
        word = stem(word)
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen


def edit_distance(a: str, b: str, *, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (a swap of two neighbours counts once), capped at `limit` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_budget(word: str) -> int:
    """How many typos a query word may carry: none under 5 letters, up to two from 5 (the closest
    words win, so a one-typo match always beats a two-typo one)."""
    return 0 if len(word) < 5 or word.isdigit() else 2
