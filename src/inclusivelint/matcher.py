"""Compile rules into spaCy matchers and run them over a Doc.

Compiling turns each rule's DSL patterns into token sequences (lower-cased
surface forms, inflections already expanded), kept as plain picklable data so
a compiled rulebook can be cached on disk. Building the matchers from that data
is cheap. Phrase patterns go to one `PhraseMatcher` on LOWER (a hash lookup
whatever the number of rules); only patterns with wildcards go to the token
`Matcher`, whose cost grows with its number of patterns.

Each rule has a main key (its id) and one key per `unless` and `requires`
entry; a candidate is kept when every `requires` entry holds around it and no
`unless` entry does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from . import inflect, patterns
from .loader import RuleError
from .rule import Rule

_SEP = "\x1f"  # joins a rule id and an exception index into a matcher key
_SENTENCE_END = frozenset({".", "!", "?", ";", ":"})


@dataclass
class Compiled:
    """Picklable compiled form of a rule set."""

    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    tokens: dict[str, list[list[dict]]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    rule_id: str
    start: int  # token index, inclusive
    end: int  # token index, exclusive


def _words(tokenizer, text: str) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokenizer(text) if not t.is_space)


def _token_patterns(seq: list, tokenizer) -> list[list[dict]]:
    """Matcher patterns for a pattern with wildcards.

    Each non-wildcard element's alternatives are tokenized and grouped by token
    count; one Matcher pattern per combination of groups, each position an IN set.
    """
    per_element: list[list[list[dict]]] = []
    for element in seq:
        if isinstance(element, patterns.Wildcard):
            tok = {"IS_PUNCT": False, "IS_SPACE": False}
            per_element.append([[tok]] + ([[]] if element.optional else []))
            continue
        by_length: dict[int, list[set[str]]] = {}
        for alt in element:
            words = _words(tokenizer, " ".join(alt)) if alt else ()
            slots = by_length.setdefault(len(words), [set() for _ in words])
            for slot, word in zip(slots, words):
                slot.add(word)
        per_element.append([
            [{"LOWER": {"IN": sorted(slot)}} for slot in slots]
            for _, slots in sorted(by_length.items())
        ])
    out: list[list[dict]] = [[]]
    for options in per_element:
        out = [prefix + option for prefix in out for option in options]
    return [p for p in out if p]


def compile_rules(rules: Iterable[Rule], tokenizer) -> Compiled:
    compiled = Compiled()

    def add(key: str, pattern: str, shown: str, where: str) -> None:
        try:
            seq = patterns.parse(pattern, inflect.forms)
        except patterns.PatternError as exc:
            raise RuleError(shown, where, str(exc)) from None
        if patterns.has_wildcard(seq):
            compiled.tokens.setdefault(key, []).extend(_token_patterns(seq, tokenizer))
            return
        target = compiled.phrases.setdefault(key, [])
        target.extend(w for w in (_words(tokenizer, p) for p in patterns.phrases(seq)) if w)

    for rule in rules:
        for i, pattern in enumerate(rule.match):
            add(rule.id, pattern, rule.path, f"match[{i}]")
        for field, prefix, contexts in (("unless", "u", rule.unless), ("requires", "r", rule.requires)):
            for i, ctx in enumerate(contexts):
                for j, pattern in enumerate(ctx.patterns):
                    where = f"{field}[{i}]" if ctx.kind == "phrase" else f"{field}[{i}].{ctx.kind}[{j}]"
                    add(f"{rule.id}{_SEP}{prefix}{i}", pattern, rule.path, where)
    for key, seqs in compiled.phrases.items():
        compiled.phrases[key] = list(dict.fromkeys(seqs))
    return compiled


class RuleMatcher:
    """spaCy matchers built from `Compiled` data, plus the `unless` logic."""

    def __init__(self, compiled: Compiled, rules: dict[str, Rule], vocab):
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.rules = rules
        self.phrase_matcher = PhraseMatcher(vocab, attr="LOWER")
        self.token_matcher = Matcher(vocab)
        self._keys: dict[int, str] = {}
        for key, seqs in compiled.phrases.items():
            self._keys[vocab.strings.add(key)] = key
            self.phrase_matcher.add(key, [Doc(vocab, words=list(words)) for words in seqs])
        for key, pats in compiled.tokens.items():
            self._keys[vocab.strings.add(key)] = key
            self.token_matcher.add(key, pats)

    def __call__(self, doc, only: frozenset[str] | None = None) -> list[Candidate]:
        raw = self.phrase_matcher(doc)
        if len(self.token_matcher):
            raw += self.token_matcher(doc)
        main: list[Candidate] = []
        context: dict[str, list[tuple[str, int, int]]] = {}
        for match_id, start, end in raw:
            key = self._keys[match_id]
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
