"""Compile rules into spaCy matchers and run them over a Doc.

Compiling turns each rule's DSL patterns into token sequences (lower-cased
surface forms, inflections already expanded), kept as plain picklable data so
a compiled rulebook can be cached on disk. Building the matchers from that data
is cheap. Phrase patterns go to one `PhraseMatcher` on LOWER (a hash lookup
whatever the number of rules); only patterns with wildcards go to the token
`Matcher`, whose cost grows with its number of patterns.

Each rule has a main key (its id) and one key per `unless` entry; a candidate
is kept unless one of its rule's exception keys matched in the right place.
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
        for i, exc in enumerate(rule.unless):
            for j, pattern in enumerate(exc.patterns):
                where = f"unless[{i}]" if exc.kind == "phrase" else f"unless[{i}].{exc.kind}[{j}]"
                add(f"{rule.id}{_SEP}{i}", pattern, rule.path, where)
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
        context: dict[str, list[tuple[int, int, int]]] = {}
        for match_id, start, end in raw:
            key = self._keys[match_id]
            rule_id, _, index = key.partition(_SEP)
            if only is not None and rule_id not in only:
                continue
            if index:
                context.setdefault(rule_id, []).append((int(index), start, end))
            else:
                main.append(Candidate(rule_id, start, end))
        if not context:
            return main
        return [c for c in main if not self._excepted(doc, c, context.get(c.rule_id, ()))]

    def _excepted(self, doc, cand: Candidate, hits) -> bool:
        rule = self.rules[cand.rule_id]
        for index, start, end in hits:
            exc = rule.unless[index]
            if exc.kind == "phrase":
                if start < cand.end and cand.start < end:
                    return True
            elif exc.kind == "before":
                if 0 <= cand.start - end < exc.window and _same_sentence(doc, end, cand.start):
                    return True
            elif exc.kind == "after":
                if 0 <= start - cand.end < exc.window and _same_sentence(doc, cand.end, start):
                    return True
            elif exc.kind == "near":
                if end <= cand.start:
                    gap, a, b = cand.start - end, end, cand.start
                elif start >= cand.end:
                    gap, a, b = start - cand.end, cand.end, start
                else:
                    gap, a, b = 0, 0, 0  # overlapping counts as near
                if gap <= exc.window and _same_sentence(doc, a, b):
                    return True
        return False


def _same_sentence(doc, a: int, b: int) -> bool:
    """No sentence end or paragraph break among tokens [a, b)."""
    for tok in doc[a:b]:
        if tok.is_space or tok.text in _SENTENCE_END:
            return False
    return True
