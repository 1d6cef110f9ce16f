"""Run compiled rules over a Doc: rule candidates with their contexts applied.

The second half of the rule engine (`compiler` is the first). Phrases are looked
up by hash over the Doc's LOWER array; gated token patterns run spaCy's `Matcher`
only around their anchors; a candidate inside a listed proper name is dropped; `unless` and `requires` contexts are matched only in
windows around the candidates that need them and judged by `context`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Container, Iterable

from inclusivelint.compile.compiler import NAMES, SEP, Compiled, Gated
from inclusivelint.lint.context import holds
from inclusivelint.compile.rule import Rule


_NAMES = frozenset({NAMES})


@dataclass(frozen=True, slots=True)
class Candidate:
    rule_id: str
    start: int  # token index, inclusive
    end: int  # token index, exclusive



class _KeyMatcher:
    """Finds (key, start, end) hits of compiled phrases and gated token patterns.

    Phrases are sequences of LOWER hashes, indexed by their first hash: one
    vectorised binary search over the Doc's LOWER array finds every position where
    some phrase can start, and only there are the rest of its hashes compared.
    This is the hash lookup spaCy's PhraseMatcher does, without building one
    pattern Doc per phrase at start-up (12k Docs took about 0.3 s, a fifth of a
    pre-commit run). Gated patterns run their own spaCy Matcher around anchor hits.
    """

    def __init__(self, phrases: dict[str, list[tuple[str, ...]]], gated: list[tuple[int, Gated]], vocab):
        import numpy

        self.vocab = vocab
        self.keys: dict[int, str] = {}
        # anchor key id -> (key, token patterns, reach, companion ids); each gate's spaCy
        # Matcher is built the first time its anchor is seen (`_matcher`)
        self.gates: dict[int, tuple[str, list, int, tuple[frozenset[int], ...]]] = {}
        self.matchers: dict[int, object] = {}
        single: dict[int, list[int]] = {}  # one-word phrases: hash -> key ids
        by_pair: dict[tuple[int, int], list[tuple[tuple[int, ...], int]]] = {}  # first two -> [(hashes, key id)]
        hashes: dict[str, int] = {}

        def add(key_id: int, seqs) -> None:
            for words in seqs:
                # The StringStore's id, not a bare hash: spaCy's built-in symbols
                # ("cop", "det" ...) have small fixed ids in the LOWER array.
                seq = tuple(hashes.get(w) or hashes.setdefault(w, vocab.strings.add(w)) for w in words)
                if len(seq) == 1:
                    single.setdefault(seq[0], []).append(key_id)
                else:
                    by_pair.setdefault(seq[:2], []).append((seq, key_id))

        for i, (key, seqs) in enumerate(phrases.items()):
            self.keys[i] = key
            add(i, seqs)
        self.unanchored: list[int] = []  # gates with no word to look up: run over every range
        for n, (i, gate) in enumerate(gated, start=len(phrases)):
            companions = tuple(frozenset(vocab.strings.add(w) for w in words) for words in gate.companions)
            self.gates[n] = (gate.key, gate.token_patterns, gate.reach, companions)
            add(n, gate.anchors)
            if not gate.anchors:
                self.unanchored.append(n)
        # The rule each key belongs to (a context key is `rule id` SEP `which`).
        self.owner = {i: key.partition(SEP)[0] for i, key in self.keys.items()}
        self.owner.update((n, gate[0].partition(SEP)[0]) for n, gate in self.gates.items())
        self.single = {h: tuple(v) for h, v in single.items()}
        self.by_pair = {pair: tuple(v) for pair, v in by_pair.items()}
        firsts = set(self.single) | {pair[0] for pair in self.by_pair}
        # Sorted once, so each lookup is a binary search (numpy.isin would re-sort per call).
        self.firsts = numpy.sort(numpy.fromiter(firsts, dtype="uint64", count=len(firsts)))

    def _matcher(self, gate_id: int):
        matcher = self.matchers.get(gate_id)
        if matcher is None:
            from spacy.matcher import Matcher

            key, patterns, _, _ = self.gates[gate_id]
            matcher = self.matchers[gate_id] = Matcher(self.vocab)
            matcher.add(key, patterns)
        return matcher

    def __getstate__(self):
        # The tables travel (the disk cache, worker processes); spaCy's objects are made anew.
        return {k: v for k, v in self.__dict__.items() if k not in ("vocab", "matchers")}

    def bound(self, vocab) -> "_KeyMatcher":
        """This matcher's tables (shared, read-only) with Matchers of its own for `vocab`."""
        other = copy.copy(self)
        other.vocab, other.matchers = vocab, {}
        return other

    def _raw(self, doc, lowers, start: int, end: int) -> list[tuple[int, int, int]]:
        import numpy

        raw: list[tuple[int, int, int]] = []
        if not len(self.firsts):
            return raw
        window = lowers[start:end]
        at = numpy.searchsorted(self.firsts, window)
        at[at == len(self.firsts)] = 0
        hits = numpy.flatnonzero(self.firsts[at] == window)
        if not len(hits):
            return raw
        values = window.tolist()
        size = len(values)
        single, by_pair = self.single, self.by_pair
        for i in hits.tolist():
            first = values[i]
            for key_id in single.get(first, ()):
                raw.append((key_id, start + i, start + i + 1))
            if i + 1 < size:
                for seq, key_id in by_pair.get((first, values[i + 1]), ()):
                    n = len(seq)
                    if n == 2 or (i + n <= size and tuple(values[i:i + n]) == seq):
                        raw.append((key_id, start + i, start + i + n))
        return raw

    def find(self, doc, lowers, start: int = 0, end: int | None = None,
             rules: Container[str] | None = None) -> Iterable[tuple[str, int, int]]:
        """Hits in doc[start:end], as (key, start, end) with Doc offsets; with `rules`, only
        those of keys belonging to these rules (a context key is `rule id` SEP `which`)."""
        end = len(doc) if end is None else end
        anchors: dict[int, list[tuple[int, int]]] = {}
        owner = self.owner
        for match_id, s, e in self._raw(doc, lowers, start, end):
            if rules is not None and owner[match_id] not in rules:
                continue
            if match_id in self.gates:
                anchors.setdefault(match_id, []).append((s, e))
            else:
                yield self.keys[match_id], s, e
        for gate_id in self.unanchored:
            if rules is None or owner[gate_id] in rules:
                anchors[gate_id] = [(start, end)]
        # Only this range's words, once: listing the whole Doc per context window made
        # a document full of context-dependent candidates quadratic (issue 14).
        values = lowers[start:end].tolist() if anchors else []
        for gate_id, spans in anchors.items():
            key, _, reach, companions = self.gates[gate_id]
            if companions:  # every other required element must have a word near the anchor
                spans = [(s, e) for s, e in spans
                         if _all_near(values[max(0, s - reach - start):max(0, min(end, e + reach) - start)],
                                      companions)]
                if not spans:
                    continue
            if len(spans) * 2 * reach >= end - start:
                windows = [(start, end)]  # anchors everywhere: one pass over the range is cheaper
            else:
                windows = []
                for s, e in sorted(spans):
                    a, b = max(start, s - reach), min(end, e + reach)
                    if windows and a <= windows[-1][1]:
                        windows[-1] = (windows[-1][0], max(windows[-1][1], b))
                    else:
                        windows.append((a, b))
            seen: set[tuple[int, int]] = set()
            matcher = self._matcher(gate_id)
            for a, b in windows:
                for _, ws, we in matcher(doc[a:b]):
                    if (a + ws, a + we) not in seen:
                        seen.add((a + ws, a + we))
                        yield key, a + ws, a + we


def _all_near(values: list[int], companions: tuple[frozenset[int], ...]) -> bool:
    near = set(values)
    return all(not near.isdisjoint(words) for words in companions)


class RuleMatcher:
    """Rule candidates in a Doc, with their `unless`/`requires` contexts applied.

    The rules' own patterns run over the whole Doc; context patterns (often common
    words such as "member" or "the") run only in windows around the candidates
    that need them, so they cost nothing where no rule fired.
    """

    def __init__(self, compiled: Compiled, rules: dict[str, Rule], vocab):
        self.rules = rules
        is_context = lambda key: SEP in key  # noqa: E731
        gated = list(enumerate(compiled.gated))
        self.main = _KeyMatcher({k: v for k, v in compiled.phrases.items() if not is_context(k)},
                                [(i, g) for i, g in gated if not is_context(g.key)], vocab)
        self.context = _KeyMatcher({k: v for k, v in compiled.phrases.items() if is_context(k)},
                                   [(i, g) for i, g in gated if is_context(g.key)], vocab)
        # How far (in tokens) a rule's context can reach from a candidate.
        self.reach = {r.id: max((c.window for c in r.unless + r.requires), default=0) + 8
                      for r in rules.values()}

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "rules"}

    def bound(self, rules: dict[str, Rule], vocab) -> "RuleMatcher":
        """A RuleMatcher on these tables for `rules` and `vocab` (after the disk cache)."""
        other = copy.copy(self)
        other.rules, other.main, other.context = rules, self.main.bound(vocab), self.context.bound(vocab)
        return other

    def __call__(self, doc, only: frozenset[str] | None = None) -> list[Candidate]:
        from spacy.attrs import LOWER

        lowers = doc.to_array(LOWER)
        main, names = [], []
        for key, s, e in self.main.find(doc, lowers, rules=None if only is None else only | _NAMES):
            if key == NAMES:
                names.append((s, e))
            elif only is None or key in only:
                main.append(Candidate(key, s, e))
        if names:  # a proper name ("Rockstar Games") holds no finding
            main = [c for c in main if not any(s < c.end and c.start < e for s, e in names)]
        needy = [c for c in main if self.rules[c.rule_id].unless or self.rules[c.rule_id].requires]
        if not needy:
            return main
        windows = sorted(((max(0, c.start - self.reach[c.rule_id]), min(len(doc), c.end + self.reach[c.rule_id])),
                          c.rule_id) for c in needy)
        merged: list[list] = []  # [start, end, the rules whose candidates need this window]
        for (a, b), rule_id in windows:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
                merged[-1][2].add(rule_id)
            else:
                merged.append([a, b, {rule_id}])
        found: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for a, b, wanted in merged:
            for key, s, e in self.context.find(doc, lowers, a, b, wanted):
                rule_id, _, which = key.partition(SEP)
                found.setdefault((rule_id, which), []).append((s, e))
        hits = {k: _Hits(v) for k, v in found.items()}
        return [c for c in main if self._keep(doc, c, hits)]

    def _keep(self, doc, cand: Candidate, hits: dict[tuple[str, str], "_Hits"]) -> bool:
        rule = self.rules[cand.rule_id]
        reach = self.reach[cand.rule_id]
        for i, ctx in enumerate(rule.requires):
            near = hits.get((cand.rule_id, f"r{i}"))
            if near is None or not any(holds(doc, cand, ctx, s, e) for s, e in near.around(cand, reach)):
                return False
        for i, ctx in enumerate(rule.unless):
            near = hits.get((cand.rule_id, f"u{i}"))
            if near is not None and any(holds(doc, cand, ctx, s, e) for s, e in near.around(cand, reach)):
                return False
        return True


class _Hits:
    """One context's hits, sorted, so a candidate looks only at those within its reach
    (comparing each candidate with every hit in the Doc was quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(set(spans))
        self.starts = [s for s, _ in self.spans]
        self.longest = max(e - s for s, e in self.spans)

    def around(self, cand: Candidate, reach: int) -> list[tuple[int, int]]:
        from bisect import bisect_left, bisect_right

        lo = bisect_left(self.starts, cand.start - reach - self.longest)
        hi = bisect_right(self.starts, cand.end + reach)
        return self.spans[lo:hi]


def load(rulebook_key: str | None, rulebook, vocab) -> RuleMatcher:
    """The RuleMatcher of a compiled rulebook: its lookup tables from the one disk cache
    when the rulebook's key is known (hashing some 25,000 phrase words was a fifth of the
    start-up of `check` on one file), spaCy's Matchers built as their anchors turn up."""
    from inclusivelint import cache

    def make() -> RuleMatcher:
        return RuleMatcher(rulebook.compiled, rulebook.rules, vocab)

    if rulebook_key is None:
        return make()
    key = cache.digest("matcher", rulebook_key, Path(__file__).read_bytes())
    tables = cache.cached("matcher", key, make, accept=lambda value: isinstance(value, RuleMatcher))
    return tables.bound(rulebook.rules, vocab)
