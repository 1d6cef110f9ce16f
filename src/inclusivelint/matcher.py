"""Compile rules into spaCy matchers and run them over a Doc.

Compiling turns each rule's DSL patterns into token sequences (lower-cased
surface forms, inflections already expanded), kept as plain picklable data so
a compiled rulebook can be cached on disk.

- A pattern that stands for a modest number of phrases becomes those phrases in
  one `PhraseMatcher` on LOWER: a hash lookup whatever the number of rules.
- A pattern with wildcards, or one whose optional slots and alternatives multiply
  into too many phrases, becomes token patterns for spaCy's `Matcher` (one IN set
  per position). The Matcher's cost grows with its number of patterns, so these
  are *gated*: one required element of the pattern (its anchor, the rarest words)
  goes into the PhraseMatcher, and the pattern's own small Matcher runs only on a
  window around each anchor hit.

Each rule has a main key (its id) and one key per `unless` and `requires`
entry; a candidate is kept when every `requires` entry holds around it and no
`unless` entry does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from . import inflect, patterns
from .loader import RuleError
from .rule import Rule

_SEP = "\x1f"  # joins a rule id and a context index into a matcher key
_GATE = "\x1e"  # joins a key and a gated pattern's index into an anchor key
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})
# Above this many phrases a pattern is compiled as a gated token pattern instead.
MAX_PHRASES = 96


@dataclass
class Gated:
    """A token-pattern rule part, run only around its anchor."""

    key: str
    anchors: list[tuple[str, ...]]
    token_patterns: list[list[dict]]
    reach: int  # most tokens a match can span


@dataclass
class Compiled:
    """Picklable compiled form of a rule set."""

    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    gated: list[Gated] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Candidate:
    rule_id: str
    start: int  # token index, inclusive
    end: int  # token index, exclusive


class _Words:
    """Tokenizes phrase words once each: spaCy splits on whitespace before anything
    else, so a phrase's tokens are the concatenation of its words' tokens."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, words: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for word in words:
            for part in word.split():
                toks = self.cache.get(part)
                if toks is None:
                    toks = self.cache[part] = tuple(t.lower_ for t in self.tokenizer(part) if not t.is_space)
                out.extend(toks)
        return tuple(out)


def _element_options(element, words: _Words) -> list[list[dict]]:
    """The token-dict sequences one element can stand for, grouped by length."""
    if isinstance(element, patterns.Wildcard):
        tok = {"IS_PUNCT": False, "IS_SPACE": False}
        return [[tok]] + ([[]] if element.optional else [])
    by_length: dict[int, list[set[str]]] = {}
    for alt in element:
        toks = words(alt)
        slots = by_length.setdefault(len(toks), [set() for _ in toks])
        for slot, tok in zip(slots, toks):
            slot.add(tok)
    return [[{"LOWER": {"IN": sorted(slot)}} if len(slot) > 1 else {"LOWER": next(iter(slot))}
             for slot in slots] for _, slots in sorted(by_length.items())]


def _gate(key: str, seq: list, words: _Words) -> Gated:
    options = [_element_options(e, words) for e in seq]
    token_patterns: list[list[dict]] = [[]]
    for opts in options:
        token_patterns = [prefix + option for prefix in token_patterns for option in opts]
    token_patterns = [p for p in token_patterns if p]
    reach = sum(max(len(o) for o in opts) for opts in options)

    def cost(element) -> tuple:
        alts = [words(a) for a in element]
        common = all(all(t in STOP_WORDS or not t.isalpha() for t in a) for a in alts)
        return (common, len(alts))

    required = [e for e in seq if not isinstance(e, patterns.Wildcard) and () not in e]
    anchor = min(required, key=cost)
    return Gated(key, sorted({words(a) for a in anchor}), token_patterns, reach)


def compile_rules(rules: Iterable[Rule], tokenizer) -> Compiled:
    compiled = Compiled()
    words = _Words(tokenizer)

    def add(key: str, pattern: str, shown: str, where: str) -> None:
        try:
            seq = patterns.parse(pattern, inflect.forms)
            if not patterns.has_wildcard(seq) and patterns.count(seq) <= MAX_PHRASES:
                target = compiled.phrases.setdefault(key, [])
                target.extend(toks for toks in (words(p) for p in patterns.expand(seq)) if toks)
            else:
                compiled.gated.append(_gate(key, seq, words))
        except patterns.PatternError as exc:
            raise RuleError(shown, where, str(exc)) from None

    for rule in rules:
        for i, pattern in enumerate(rule.match):
            add(rule.id, pattern, rule.path, f"match[{i}]")
        for field_name, prefix, contexts in (("unless", "u", rule.unless), ("requires", "r", rule.requires)):
            for i, ctx in enumerate(contexts):
                for j, pattern in enumerate(ctx.patterns):
                    where = f"{field_name}[{i}]" if ctx.kind == "phrase" else f"{field_name}[{i}].{ctx.kind}[{j}]"
                    add(f"{rule.id}{_SEP}{prefix}{i}", pattern, rule.path, where)
    for key, seqs in compiled.phrases.items():
        compiled.phrases[key] = list(dict.fromkeys(seqs))
    return compiled


class RuleMatcher:
    """spaCy matchers built from `Compiled` data, plus the `unless`/`requires` logic.

    Single-word phrases (half of the rulebook) skip the PhraseMatcher: they are a
    set of LOWER hashes looked up in one vectorised pass over the Doc's LOWER
    array, which also spares building thousands of one-token pattern Docs at
    start-up. Longer phrases go to the PhraseMatcher.
    """

    def __init__(self, compiled: Compiled, rules: dict[str, Rule], vocab):
        import numpy
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.rules = rules
        self.phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, str] = {}
        self._gates: dict[int, tuple[str, object, int]] = {}  # anchor id -> (key, Matcher, reach)
        single: dict[int, list[int]] = {}  # LOWER hash -> key ids

        def add(key: str, seqs) -> int:
            key_id = vocab.strings.add(key)
            longer = []
            for words in seqs:
                if len(words) == 1:
                    single.setdefault(vocab.strings.add(words[0]), []).append(key_id)
                else:
                    longer.append(Doc(vocab, words=list(words)))
            if longer:
                self.phrase_matcher.add(key, longer)
            return key_id

        for key, seqs in compiled.phrases.items():
            self._keys[add(key, seqs)] = key
        for i, gated in enumerate(compiled.gated):
            matcher = Matcher(vocab)
            matcher.add(gated.key, gated.token_patterns)
            self._gates[add(f"{gated.key}{_GATE}{i}", gated.anchors)] = (gated.key, matcher, gated.reach)
        self._single = {h: tuple(ids) for h, ids in single.items()}
        self._single_hashes = numpy.fromiter(self._single, dtype="uint64", count=len(self._single))

    def _raw(self, doc) -> list[tuple[int, int, int]]:
        import numpy
        from spacy.attrs import LOWER

        raw = list(self.phrase_matcher(doc))
        if len(self._single_hashes):
            lowers = doc.to_array(LOWER)
            for i in numpy.flatnonzero(numpy.isin(lowers, self._single_hashes)):
                for key_id in self._single[int(lowers[i])]:
                    raw.append((key_id, int(i), int(i) + 1))
        return raw

    def _matches(self, doc) -> Iterable[tuple[str, int, int]]:
        seen: set[tuple[str, int, int]] = set()
        for match_id, start, end in self._raw(doc):
            gate = self._gates.get(match_id)
            if gate is None:
                yield self._keys[match_id], start, end
                continue
            key, matcher, reach = gate
            window = doc[max(0, start - reach):min(len(doc), end + reach)]
            for _, s, e in matcher(window):
                hit = (key, window.start + s, window.start + e)
                if hit not in seen:
                    seen.add(hit)
                    yield hit

    def __call__(self, doc, only: frozenset[str] | None = None) -> list[Candidate]:
        main: list[Candidate] = []
        context: dict[str, list[tuple[str, int, int]]] = {}
        for key, start, end in self._matches(doc):
            rule_id, _, which = key.partition(_SEP)
            if only is not None and rule_id not in only:
                continue
            if which:
                context.setdefault(rule_id, []).append((which, start, end))
            else:
                main.append(Candidate(rule_id, start, end))
        return [c for c in main if self._keep(doc, c, context.get(c.rule_id, ()))]

    def _keep(self, doc, cand: Candidate, hits) -> bool:
        rule = self.rules[cand.rule_id]
        for i, ctx in enumerate(rule.requires):
            tag = f"r{i}"
            if not any(_holds(doc, cand, ctx, s, e) for w, s, e in hits if w == tag):
                return False
        for i, ctx in enumerate(rule.unless):
            tag = f"u{i}"
            if any(_holds(doc, cand, ctx, s, e) for w, s, e in hits if w == tag):
                return False
        return True


# Words that make a noun generic ("each user", "a candidate"), and nouns that are
# generic on their own ("someone"). Used by `antecedent` contexts.
_GENERIC_DETERMINERS = frozenset({
    "a", "an", "the", "each", "every", "any", "no", "this", "that", "whichever", "whatever", "one",
    "your", "our", "their", "my",
})
_INDEFINITES = frozenset({
    "someone", "somebody", "anyone", "anybody", "everyone", "everybody", "no-one", "nobody",
    "whoever", "each",
})


def _holds(doc, cand: Candidate, ctx, start: int, end: int) -> bool:
    """Whether one context hit (tokens [start, end)) stands where `ctx` says."""
    if ctx.kind == "phrase":
        return start < cand.end and cand.start < end
    if ctx.kind == "before":
        return 0 <= cand.start - end < ctx.window and _same_sentence(doc, end, cand.start)
    if ctx.kind == "after":
        return 0 <= start - cand.end < ctx.window and _same_sentence(doc, cand.end, start)
    if ctx.kind == "near":
        if end <= cand.start:
            return cand.start - end <= ctx.window and _same_sentence(doc, end, cand.start)
        if start >= cand.end:
            return start - cand.end <= ctx.window and _same_sentence(doc, cand.end, start)
        return True  # overlapping
    if ctx.kind == "antecedent":
        return _generic_antecedent(doc, cand, start, end, ctx.window)
    raise AssertionError(ctx.kind)


def _generic_antecedent(doc, cand: Candidate, start: int, end: int, window: int) -> bool:
    """A generic noun ("the candidate", "each user", "someone") before the match, within
    `window` tokens, at most one sentence back, in the same paragraph, with no
    personal name between them (so "The candidate, Maria, ... she" is left alone)."""
    if end > cand.start or cand.start - end > window:
        return False
    noun = doc[start:end]
    if noun.text.lower() not in _INDEFINITES:
        before = [t.lower_ for t in doc[max(0, start - 3):start]]
        if not any(w in _GENERIC_DETERMINERS for w in before):
            return False
    sentence_ends = 0
    for tok in doc[end:cand.start]:
        if tok.is_space:
            return False
        if tok.text in (".", "!", "?"):
            sentence_ends += 1
            if sentence_ends > 1:
                return False
        elif _looks_like_name(tok):
            return False
    return True


def _looks_like_name(tok) -> bool:
    """A capitalised word inside a sentence ("Maria", "David"), not its first word."""
    if not tok.is_title or not tok.is_alpha or len(tok) < 2 or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    return not (prev.is_sent_start or prev.text in (".", "!", "?", ":", '"', "“", "(") or prev.is_space)


def _same_sentence(doc, a: int, b: int) -> bool:
    """No sentence end or paragraph break among tokens [a, b)."""
    for tok in doc[a:b]:
        if tok.is_space or tok.text in _SENTENCE_END:
            return False
    return True
