"""Candidate prefilter: which parts of a text can hold a finding, found without spaCy.

Every match of a rule contains at least one token of a known spelling: for each
compiled phrase and each anchor alternative of a gated pattern (`compiler`), one
*needle* is chosen, its rarest-looking token. One Aho–Corasick scan (pyahocorasick)
over the lower-cased projected text finds every occurrence of every needle; only
*windows* around those occurrences are then tokenized and matched (`engine`).
A text without a needle is answered without importing spaCy at all.

Why the result is the same as matching the whole text:

- spaCy splits text on whitespace first, so a window cut at whitespace tokenizes
  into the same non-space tokens as the whole text does there.
- Each window reaches as many whitespace-separated words beyond its needle on
  each side as the needle's rules look on that side (a pronoun's antecedent lies
  before it, so its window reaches far back and little ahead); a word is at least
  one token, so every check the matcher, the context heuristics (`context`) and
  the mention test (`mentions`) make within that many tokens of a candidate sees
  the same tokens as in the whole text. Contexts never look further (they stop at
  sentence ends and blank lines, and hits further away are never used), and the
  margins are computed from the rules.
- A needle is a token, or a run of tokens joined by single spaces where the text
  must have one (between two letters or two digits: the projected text has single
  spaces inside a block). A hit is dropped only where the tokenizer cannot have
  made a token edge: a needle starting (ending) with a letter right after (before)
  a letter, or with a digit next to a digit. The only token edges inside such a
  run are the tokenizer's special cases ("cannot" -> "can" "not", "don't" -> "do"
  "n't", "hell" -> "he" "ll"): a needle end that a special case glues to a
  neighbour is kept where the text there is one of that special case's tokens
  ("he" in "hell", not in "help").

The built scanner is kept in the one disk cache (`cache`), keyed by the rulebook's
fingerprint (which covers the package version) and this module's own code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Container, Iterator

# Tokens a mention test looks at before a candidate: a colon cue (2), the quote
# (up to 5), the cue words before it (12); after: the quote (5) and two more.
_MENTION_REACH = 20
_MENTION_REACH_AFTER = 7
# The context kinds that look before a candidate, and after it (`context.holds`).
_LOOKS_BEFORE = frozenset({"before", "near", "antecedent", "phrase"})
_LOOKS_AFTER = frozenset({"after", "near", "phrase"})
_SLACK = 3  # an antecedent's determiner stands up to 3 tokens before its noun
# Windows closer than this many characters are merged: one Doc instead of two.
_MERGE_GAP = 400
# Above this share of the text in windows, one Doc over the whole text is cheaper.
FULL_SHARE = 0.6

# Most spellings one run of adjacent tokens may stand for to be used as needles.
LIMIT = 256
# Needles are cut to this many characters.
MAX_CHARS = 16

_LETTER, _DIGIT, _OTHER = 1, 2, 0
# A needle end a tokenizer special case may glue to a neighbour ("can" + "not" in
# "cannot", "he" + "ll" in "hell"): a letter there rules out a token edge unless the
# neighbouring text is one of the special case's other tokens.
_GLUED = 3


_MAX_MARGIN = 0x1FF


def _pack(length: int, margins: tuple[int, int], left: int, right: int, documents_only: bool) -> int:
    """A needle's facts as one integer (the automaton stores 32-bit C integers: small and
    quick to load): its length (at most MAX_CHARS), the words a window reaches before and
    after it, the kinds of its ends (token-edge checks), and whether only rules that read
    the whole document use it."""
    return (length | min(margins[0], _MAX_MARGIN) << 5 | min(margins[1], _MAX_MARGIN) << 14
            | left << 23 | right << 25 | documents_only << 27)


def _unpack(packed: int) -> tuple[int, tuple[int, int], int, int, bool]:
    return (packed & 0x1F, (packed >> 5 & _MAX_MARGIN, packed >> 14 & _MAX_MARGIN), packed >> 23 & 3,
            packed >> 25 & 3, bool(packed >> 27 & 1))


def _kind(ch: str) -> int:
    if ch.isalpha():
        return _LETTER
    if "0" <= ch <= "9":
        return _DIGIT
    return _OTHER


@dataclass
class Prefilter:
    automaton: object  # ahocorasick.Automaton: lower-cased needle -> _pack(length, margins, left, right, documents_only)
    needles: int
    glued_before: dict[str, tuple[str, ...]]  # a needle's first token -> the tokens a special case puts before it
    glued_after: dict[str, tuple[str, ...]]  # a needle's last token -> the tokens a special case puts after it

    def windows(self, text: str, document: bool = True) -> list[tuple[int, int]] | None:
        """Half-open character ranges of `text` that hold every candidate, with their
        context, cut at whitespace; [] when nothing can match; None when the whole text
        must be matched (the lower-cased text changes length, or windows cover most of it).
        Without `document`, the needles of rules that read the whole document are left out."""
        low = text.lower()
        if len(low) != len(text):
            return None  # offsets into the lower-cased text would not be offsets into the text
        spans = list(self._hits(low, (), document))
        if not spans:
            return []
        return _windows(text, spans)

    def may_hold(self, text: str, soft: Container[int] = (), document: bool = True) -> bool:
        """Whether `text` holds a needle where a token can start and end. `soft` are
        offsets where markup was taken out of `text`: a needle edge there is never
        ruled out. A quick yes or no that never says no where `windows` could find
        something in the prose the text stands for."""
        low = text.lower()
        if len(low) != len(text):
            return True
        return next(self._hits(low, soft, document), None) is not None

    def _hits(self, low: str, soft: Container[int], document: bool) -> Iterator[tuple[int, int, tuple[int, int]]]:
        """(start, end, margins) of each needle in the lower-cased text that may be a token run."""
        size = len(low)
        skip = 0 if document else 1 << 27  # the documents-only bit (`_pack`)
        for last, packed in self.automaton.iter(low):
            if packed & skip:
                continue
            start, end = last - (packed & 0x1F) + 1, last + 1
            # A character next to a needle end rules out a token edge when it is a letter
            # beside a letter end, a digit beside a digit end, or either beside a `_GLUED`
            # end (unless a special case's token stands there). Most hits fall here ("he"
            # in "the"), so the test comes first and inline: this loop sees every raw hit.
            left = packed >> 23 & 3
            if left and start > 0:
                ch = low[start - 1]
                if (ch.isalpha() if left == _LETTER else ch.isalnum() if left == _GLUED else "0" <= ch <= "9") \
                        and start not in soft and not (left == _GLUED and self._glued_left(low, start, end)):
                    continue
            right = packed >> 25 & 3
            if right and end < size:
                ch = low[end]
                if (ch.isalpha() if right == _LETTER else ch.isalnum() if right == _GLUED else "0" <= ch <= "9") \
                        and end not in soft and not (right == _GLUED and self._glued_right(low, start, end)):
                    continue
            yield start, end, _unpack(packed)[1]

    def _glued_left(self, low: str, start: int, end: int) -> bool:
        """Whether the text before a needle ends with a token a special case glues before it."""
        return any(low.endswith(a, 0, start) for a in self.glued_before.get(low[start:end].split(" ", 1)[0], ()))

    def _glued_right(self, low: str, start: int, end: int) -> bool:
        """Whether the text after a needle starts with a token a special case glues after it."""
        return any(low.startswith(b, end) for b in self.glued_after.get(low[start:end].rsplit(" ", 1)[-1], ()))


def _windows(text: str, spans: list[tuple[int, int, tuple[int, int]]]) -> list[tuple[int, int]] | None:
    """Each (start, end, (before, after)) widened by that many words each way, cut at
    whitespace, merged when they overlap or nearly touch; None when they cover most of
    the text."""
    size = len(text)
    backwards = text[::-1]  # words before a position are words after it in the reversed text
    out: list[list[int]] = []
    for start, end, (before, after) in sorted(spans):
        # The rest of the word holding the needle's end (start), then that many words more;
        # regular expressions split on the same whitespace as spaCy (str.isspace).
        lo = size - _reach(before).match(backwards, size - start).end()
        hi = _reach(after).match(text, end).end()
        if out and lo <= out[-1][1] + _MERGE_GAP:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    if sum(b - a for a, b in out) > FULL_SHARE * size:
        return None
    return [(a, b) for a, b in out]


@lru_cache(maxsize=None)
def _reach(words: int) -> re.Pattern:
    return re.compile(r"\S*(?:\s+\S+){0,%d}" % words)


# -- building ----------------------------------------------------------------

def _rarity(needle: str, stop_words) -> tuple:
    """Sort key: the best needle is long and not only stop words."""
    words = needle.split()
    return (any(c.isalnum() for c in needle), any(w not in stop_words for w in words), len(needle), needle)


def _joins(prev: str, tok: str, glued) -> tuple[str, ...]:
    """What the text can hold between two adjacent tokens: nothing or one space; only a
    space between two letters or two digits, unless a special case glues them ("can"
    "not"). (Any other whitespace would be a token of its own.)"""
    if prev and tok and _kind(prev[-1]) and _kind(prev[-1]) == _kind(tok[0]) and (prev, tok) not in glued:
        return (" ",)
    return ("", " ")


def _score(needles, stop_words) -> tuple:
    """How selective a set of needles is: by its weakest needle."""
    return min(_rarity(n, stop_words)[:3] for n in needles)


def _best_needles(slots: list[list[str] | None], glued, stop_words, limit: int | None = None) -> list[str] | None:
    """The most selective needles of a token sequence whose i-th token is one of
    `slots[i]` (None: any token): every spelling of some run of adjacent slots, at most
    `limit` of them; None if no slot has words."""
    limit = LIMIT if limit is None else limit
    best = None
    for i, first in enumerate(slots):
        if not first:
            continue
        spelled = [(w, w) for w in first]  # (text so far, its last token)
        for j in range(i, len(slots)):
            if j > i:
                if not slots[j] or len(spelled) * len(slots[j]) * 2 > limit:
                    break
                spelled = [(text + join + w, w) for text, last in spelled for w in slots[j]
                           for join in _joins(last, w, glued)]
            needles = sorted({text for text, _ in spelled})
            if best is None or _score(needles, stop_words) > _score(best, stop_words):
                best = needles
    return best


def _slot_words(slot: dict) -> list[str] | None:
    """The words one token-pattern slot accepts, lower-cased; None for wildcards and numbers."""
    for attr in ("LOWER", "ORTH"):
        if attr in slot:
            value = slot[attr]
            words = value["IN"] if isinstance(value, dict) else [value]
            return sorted({w.lower() for w in words})
    return None


def _margins(rule, longest: int) -> tuple[int, int]:
    """Words a window must reach before and after a needle of `rule` (see the module's
    docstring): how far the rule's contexts look on that side (`context.holds`; a
    context hit is up to 8 tokens long, as `matcher.RuleMatcher.reach` allows) or the
    mention test, plus the longest match the needle can stand in."""
    def side(kinds: frozenset[str], mention: int) -> int:
        # an indefinite antecedent looks one more window back for a person in focus
        windows = [c.window * (2 if c.kind == "antecedent" and kinds is _LOOKS_BEFORE else 1)
                   for c in rule.unless + rule.requires if c.kind in kinds]
        return max(max(windows, default=0) + 8 + _SLACK, mention) + longest

    return side(_LOOKS_BEFORE, _MENTION_REACH), side(_LOOKS_AFTER, _MENTION_REACH_AFTER)


def build(rulebook, special_cases: dict[str, list[str]]) -> Prefilter:
    """The scanner for a compiled rulebook. `special_cases` maps each tokenizer special
    case to its token texts (`spacy.tokenizer.Tokenizer.rules`)."""
    import ahocorasick
    from spacy.lang.en.stop_words import STOP_WORDS

    from inclusivelint.compile.compiler import NAMES, SEP

    compiled = rulebook.compiled
    glued = {(a.lower(), b.lower()) for pieces in special_cases.values() for a, b in zip(pieces, pieces[1:])}
    margins: dict[str, tuple[int, int]] = {}
    ordinary: set[str] = set()  # needles of rules that do not need the whole document

    def add(rule_id: str, needles, longest: int) -> None:
        rule = rulebook.rules[rule_id]
        before, after = _margins(rule, longest)
        for needle in needles:
            if needle:
                had = margins.get(needle, (0, 0))
                margins[needle] = (max(had[0], before), max(had[1], after))
                if rule.document is None:
                    ordinary.add(needle)

    # Context keys and the shared proper names (`NAMES`) only drop candidates: they are
    # matched inside the windows a rule's own needle opens (margins reach 8+ words).
    for key, seqs in compiled.phrases.items():
        if SEP not in key and key != NAMES:
            longest = max((len(s) for s in seqs), default=1)
            add(key, [n for seq in seqs if seq
                      for n in _best_needles([[t.lower()] for t in seq], glued, STOP_WORDS)], longest)
    for gate in compiled.gated:
        if SEP in gate.key or gate.key == NAMES:
            continue
        for pattern in gate.token_patterns:
            needles = _best_needles([_slot_words(slot) for slot in pattern], glued, STOP_WORDS)
            if needles is None:  # cannot happen (an anchor is required), but never miss a match
                needles = [n for seq in gate.anchors for n in _best_needles([[t] for t in seq], glued, STOP_WORDS)]
            add(gate.key, needles, gate.reach)
    # A special case splits a run of letters into tokens ("cannot" -> "can" "not"): a needle
    # whose first token can stand glued after another token is checked on its left for
    # that token (and likewise on its right).
    before: dict[str, set[str]] = {}  # token -> the tokens a special case glues before it
    after: dict[str, set[str]] = {}  # token -> the tokens a special case glues after it
    for a, b in glued:
        before.setdefault(b, set()).add(a)
        after.setdefault(a, set()).add(b)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    kept: dict[str, int] = {}
    for needle, widths in margins.items():
        if max(widths) > _MAX_MARGIN:
            raise ValueError(f"a rule's context reaches {max(widths)} words from {needle!r}; "
                             f"the prefilter packs at most {_MAX_MARGIN}")
        documents_only = needle not in ordinary
        first, last = needle.split(" ")[0], needle.split(" ")[-1]
        left = _GLUED if first in before and _kind(needle[0]) else _kind(needle[0])
        right = _GLUED if last in after and _kind(needle[-1]) else _kind(needle[-1])
        if len(needle) > MAX_CHARS:
            # Its first MAX_CHARS characters stand wherever it does: a smaller automaton (the
            # spellings of a phrase share their starts), and a prefix ends mid-word.
            needle, right = needle[:MAX_CHARS], _OTHER
        packed = kept.get(needle)
        if packed is not None:  # two needles, one prefix: the wider margin, the weaker checks
            _, had, had_left, had_right, had_documents_only = _unpack(packed)
            widths = (max(widths[0], had[0]), max(widths[1], had[1]))
            left, right = (left if left == had_left else _OTHER), (right if right == had_right else _OTHER)
            documents_only = documents_only and had_documents_only
        kept[needle] = _pack(len(needle), widths, left, right, documents_only)
    for needle, packed in kept.items():
        automaton.add_word(needle, packed)
    automaton.make_automaton()
    firsts = {k.split(" ", 1)[0] for k in kept}
    lasts = {k.rsplit(" ", 1)[-1] for k in kept}
    return Prefilter(automaton, len(kept),
                     {t: tuple(sorted(before[t])) for t in firsts if t in before},
                     {t: tuple(sorted(after[t])) for t in lasts if t in after})


def special_cases(tokenizer) -> dict[str, list[str]]:
    """A tokenizer's special cases as token texts."""
    from spacy.attrs import ORTH

    return {string: [tok.get(ORTH, tok.get("ORTH", "")) for tok in toks]
            for string, toks in (tokenizer.rules or {}).items()}


def load(rulebook_key: str | None, rulebook, tokenizer) -> Prefilter:
    """The prefilter for a rulebook, from the cache when its key is known.
    `rulebook` and `tokenizer` are zero-argument callables, called only to build it."""
    from inclusivelint import cache

    def make() -> Prefilter:
        return build(rulebook(), special_cases(tokenizer()))

    if rulebook_key is None:
        return make()
    key = cache.digest("prefilter", rulebook_key, Path(__file__).read_bytes())
    return cache.cached("prefilter", key, make, accept=lambda value: isinstance(value, Prefilter))
