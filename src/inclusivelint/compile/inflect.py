"""Word forms from lemminflect: every inflection of a word, at compile time; and
the set of words lemminflect knows, for the context checks at run time.

Only the rule compiler calls `forms` (matching itself is a lookup of lower-cased
surface forms), so lemminflect's data is loaded when the rulebook is compiled,
not on every run. `known_words` is read from the one disk cache: loading
lemminflect's tables to ask whether a word is English took a quarter of a second
and 35 MB the first time a run met a capitalised word near a pronoun.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

# Parts of speech tried for a word lemminflect does not know (e.g. "whitelist").
_OOV_POS = ("NOUN", "VERB")
# Common verbs that spaCy lists as stop words but that rules want inflected
# ("make it great" / "made it great", "take a joke" / "took a joke").
_CONTENT_STOP_WORDS = frozenset({
    "become", "call", "get", "give", "go", "keep", "make", "move", "name", "put", "say", "see",
    "seem", "show", "take", "use",
})


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every lower-case word lemminflect has a lemma for (what makes `getAllLemmas(word)`
    non-empty), cached on disk for lemminflect's version."""
    from inclusivelint import cache

    return cache.cached("known-words", cache.digest(cache.library_stamp("lemminflect")), _build_known_words,
                        accept=lambda value: isinstance(value, frozenset))


def _build_known_words() -> frozenset[str]:
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    tables = (lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict())  # no public listing
    return frozenset(word for table in tables for word, lemmas in table.items() if lemmas and word == word.lower())


@lru_cache(maxsize=None)
def forms(word: str, upos: str | None = None) -> frozenset[str]:
    """All surface forms of `word` taken as a base form, lower-cased.

    Function words, words with punctuation or digits, and words that are already
    an inflected form ("dues", "guys") are returned as they are: the DSL asks for
    inflection of the word as written, not of its lemma.
    """
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas

    word = word.lower()
    if not word.isalpha() or (word in STOP_WORDS or len(word) < 3) and word not in _CONTENT_STOP_WORDS:
        return frozenset({word})
    table = getAllInflections(word, upos=upos) if upos else getAllInflections(word)
    if not table:
        if getAllLemmas(word, upos=upos) if upos else getAllLemmas(word):
            return frozenset({word})  # an inflected form or an uninflected word
        table = {}
        for pos in (upos,) if upos else _OOV_POS:
            table.update(getAllInflectionsOOV(word, upos=pos))
    out = {word}
    for values in table.values():
        out.update(v.lower() for v in values)
    return frozenset(out)
