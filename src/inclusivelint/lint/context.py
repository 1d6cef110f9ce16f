"""Context heuristics of the rule engine: does an `unless` or `requires` hit stand
where its rule says, is a noun a generic antecedent, is a word a personal name,
are two tokens in one sentence. The word lists they use are here too.

A candidate is any object with `start` and `end` token offsets (`matcher.Candidate`).
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

SENTENCE_ENDS = frozenset({".", "!", "?"})
# Clause ends too: a context word after a semicolon or colon belongs to another clause.
_CLAUSE_ENDS = SENTENCE_ENDS | {";", ":"}


# Words that make a noun generic ("each user", "a candidate"), and nouns that are
# generic on their own ("someone"). Used by `antecedent` contexts.
_GENERIC_DETERMINERS = frozenset({
    "a", "an", "each", "every", "any", "no", "whichever", "whatever", "one",
})
# Nouns that stay generic after "the" ("the candidate ... he", "the user ... his");
# with other nouns "the" usually means a known person ("the hiring manager said she").
_GENERIC_AFTER_THE = frozenset({
    "candidate", "applicant", "user", "reader", "customer", "client", "visitor", "caller",
    "subscriber", "recipient", "sender", "buyer", "hire", "newcomer", "beginner", "trainee",
    "participant", "contributor", "developer", "programmer", "administrator", "admin", "operator",
    "employee", "reviewer", "engineer", "author", "maintainer", "member", "requester", "nominee",
    "student", "worker", "individual", "person", "owner", "assignee", "approver",
})
# First names that are also common words: capitalised mid-sentence they are names.
_NAME_WORDS = frozenset({
    "mark", "will", "bill", "rose", "grace", "hope", "june", "may", "april", "faith", "joy", "pat",
    "sue", "jack", "frank", "ray", "dawn", "art", "gene", "lily", "ruby", "rob", "drew", "dean",
    "earl", "guy", "carol", "jean", "max", "victor", "wade", "chase", "hunter", "mason", "taylor",
    "sandy", "violet", "iris", "holly", "heather", "ivy", "amber", "penny", "bob", "sam", "kim",
})
_INDEFINITES = frozenset({
    "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "no-one", "nobody",
    "whoever",
})


def holds(doc, cand, ctx, start: int, end: int) -> bool:
    """Whether one context hit (tokens [start, end)) stands where `ctx` says."""
    if ctx.kind == "phrase":
        return start < cand.end and cand.start < end
    if ctx.kind == "before":
        return 0 <= cand.start - end < ctx.window and same_sentence(doc, end, cand.start)
    if ctx.kind == "after":
        return 0 <= start - cand.end < ctx.window and same_sentence(doc, cand.end, start)
    if ctx.kind == "near":
        if end <= cand.start:
            return cand.start - end <= ctx.window and same_sentence(doc, end, cand.start)
        if start >= cand.end:
            return start - cand.end <= ctx.window and same_sentence(doc, cand.end, start)
        return True  # overlapping
    if ctx.kind == "antecedent":
        return _generic_antecedent(doc, cand, start, end, ctx.window)
    raise AssertionError(ctx.kind)


_COPULAS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "become", "became",
                      "becomes", "as", "remain", "remains", "remained"})


def _generic_antecedent(doc, cand, start: int, end: int, window: int) -> bool:
    """A generic noun ("a candidate", "each user", "someone") before the match, within
    `window` tokens, at most one sentence back, in the same paragraph, with no
    personal name between them (so "The candidate, Maria, ... she" is left alone).
    A predicative noun ("has been a contributor", "as a reviewer") describes someone
    already named, so it is no antecedent."""
    if end > cand.start or cand.start - end > window:
        return False
    noun = doc[start:end].text.lower()
    if noun in _INDEFINITES and _person_in_focus(doc, max(0, start - window), start, doc[cand.start].lower_):
        return False  # "Dana ... she ... Everyone agrees she is": still Dana
    if noun not in _INDEFINITES:
        before = [t.lower_ for t in doc[max(0, start - 3):start]]
        generic = _GENERIC_DETERMINERS | ({"the"} if noun in _GENERIC_AFTER_THE else set())
        hits = [i for i, w in enumerate(before) if w in generic]
        if not hits:
            return False
        det = start - len(before) + hits[-1]
        if det > 0 and doc[det - 1].lower_ in _COPULAS:
            return False
    sentence_ends = 0
    for tok in doc[end:cand.start]:
        if tok.is_space:
            return False
        if tok.text in SENTENCE_ENDS:
            sentence_ends += 1
            if sentence_ends > 1:
                return False
        elif _looks_like_name(tok):
            return False
    return True


_FEMININE = frozenset({"she", "her", "hers", "herself"})
_MASCULINE = frozenset({"he", "him", "his", "himself"})


def _person_in_focus(doc, since: int, start: int, pronoun: str) -> bool:
    """Whether, between tokens `since` and `start`, the text names a person and then
    refers to them with a pronoun of `pronoun`'s set: a later "she" after "everyone" is
    most likely that person still, across sentences and paragraphs. `since` is one
    antecedent window before the antecedent, twice the window before the pronoun: the
    prefilter's windows reach that far back (`prefilter._margins`), so they see the same."""
    same = _FEMININE if pronoun in _FEMININE else _MASCULINE if pronoun in _MASCULINE else None
    if same is None:
        return False
    referred = False
    for tok in reversed(doc[since:start]):
        if tok.lower_ in same:
            referred = True
        elif referred and _looks_like_name(tok):
            return True
    return False


def _looks_like_name(tok) -> bool:
    """A capitalised word that is not an ordinary English word ("Maria", "Lauren";
    also "Mark", "Grace"), wherever it stands, so that "reaches Level 5" holds no name."""
    if not tok.is_title or not tok.is_alpha or len(tok) < 2:
        return False
    low = tok.lower_
    if low in _NAME_WORDS:
        return True
    from inclusivelint.compile.inflect import known_words

    return low not in STOP_WORDS and low not in known_words()


def same_sentence(doc, a: int, b: int) -> bool:
    """No sentence end or paragraph break among tokens [a, b)."""
    for tok in doc[a:b]:
        if tok.is_space or tok.text in _CLAUSE_ENDS:
            return False
    return True


def sentences_around(doc, start: int, end: int, back: int = 0) -> tuple[int, int]:
    """Token range of the sentence holding [start, end), plus `back` sentences before it."""
    a = start
    while a > 0 and not doc[a - 1].is_space:
        if doc[a - 1].text in SENTENCE_ENDS:
            if back == 0:
                break
            back -= 1
        a -= 1
    b = end
    while b < len(doc) and not doc[b].is_space and doc[b - 1].text not in SENTENCE_ENDS:
        b += 1
    return a, b
