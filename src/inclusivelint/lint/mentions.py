"""Mentions are not uses: `avoid the phrase "paying dues"` discusses a term.

A match is a mention when it sits inside quotation marks and a word that
introduces a term comes shortly before the opening quote ("the word", "terms
like", "avoid", "instead of", "renamed") or, for weaker cues ("use", "than",
"or"), right before it. Scare quotes in use (`we want a "rockstar"`) have no
such cue and are still flagged.
"""

from __future__ import annotations

OPENING = frozenset({'"', "“", "‘", "'", "«", "„"})
CLOSING = frozenset({'"', "”", "’", "'", "»", "“"})

# Words that announce a term anywhere shortly before the quote.
STRONG_CUES = frozenset({
    "word", "words", "term", "terms", "phrase", "phrases", "expression", "expressions",
    "label", "labels", "like", "such", "avoid", "avoids", "avoiding", "instead", "saying",
    "called", "replace", "replaces", "replaced", "replacing", "rename", "renamed", "renaming",
    "deprecated", "mean", "means", "meant", "flag", "flags", "flagged", "versus", "vs", "vs.",
    "e.g.", "i.e.", "including", "include", "includes", "example", "examples",
})
# "Bad example: chairman", "Avoid: crazy" — a cue and a colon right before an unquoted term.
COLON_CUES = frozenset({"example", "examples", "avoid", "instead", "not", "bad", "don't", "dont",
                        "incorrect", "wrong", "before", "old", "deprecated", "term", "terms", "related",
                        "see", "synonyms", "also"})
# Words that announce a term only when they stand right before the quote.
WEAK_CUES = frozenset({"say", "says", "said", "use", "using", "used", "than", "of", "or", "and",
                       "write", "writing", "wrote", "replied", "reply", "replies", "answered", "posted",
                       "typed", "responded", "commented", "tweeted", ",", ":", "("})
# Words right after the closing quote that make the quoted term the topic:
# '"grandfathered" has an ugly history', '"master" comes from ...'.
AFTER_CUES = frozenset({"is", "was", "has", "had", "comes", "came", "means", "meant", "refers",
                        "originated", "originates", "carries", "carried", "derives", "dates"})
_MAX_INSIDE = 4   # extra tokens allowed inside the quotes besides the match
_CUE_REACH = 12   # tokens before the opening quote searched for a strong cue


def is_mention(doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are a mention of a term rather than a use."""
    if start >= 2 and doc[start - 1].text == ":" and doc[start - 2].lower_ in COLON_CUES:
        return True
    open_i = _quote(doc, start - 1, -1, OPENING)
    close_i = _quote(doc, end, 1, CLOSING) if open_i is not None else None
    if open_i is None or close_i is None:
        return False
    if close_i + 1 < len(doc) and doc[close_i + 1].lower_ in AFTER_CUES:
        return True
    # A pair of quoted terms, '"blacklist" and "whitelist"', is a list of words.
    if (close_i + 2 < len(doc) and doc[close_i + 1].lower_ in ("and", "or", ",", "vs", "vs.", "versus")
            and doc[close_i + 2].text in OPENING):
        return True
    words = []
    for tok in reversed(doc[max(0, open_i - _CUE_REACH):open_i]):
        if tok.is_space or tok.text in (".", "!", "?", ";"):
            break
        words.append(tok.lower_)
    if any(w in STRONG_CUES for w in words):
        return True
    return bool(words) and words[0] in WEAK_CUES


def _quote(doc, i: int, step: int, marks) -> int | None:
    """Index of the nearest quote mark from i in direction `step`, within reach."""
    for _ in range(_MAX_INSIDE + 1):
        if not 0 <= i < len(doc):
            return None
        tok = doc[i]
        if tok.text in marks:
            return i
        if tok.is_space or tok.text in (".", "!", "?", ";"):
            return None
        i += step
    return None
