"""Compile rules into spaCy matchers and run them over a Doc.

Compiling turns each rule's DSL patterns into token sequences (lower-cased
surface forms, inflections already expanded), kept as plain picklable data so
a compiled rulebook can be cached on disk.

- A pattern that stands for a modest number of phrases becomes those phrases in
  one `PhraseMatcher` on LOWER: a hash lookup whatever the number of rules.
- A pattern with wildcards or case-sensitive words (`!Postman`), or one whose
  optional slots and alternatives multiply into too many phrases, becomes token
  patterns for spaCy's `Matcher` (one IN set per position, on LOWER or ORTH). The Matcher's cost grows with its number of patterns, so these
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
    # Words of a second required element: without one of them near an anchor hit,
    # the pattern cannot match there and its Matcher is not run.
    companions: frozenset[str] = frozenset()


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
        """Lower-cased tokens; the tokens of a `Cased` word keep their case (and type)."""
        out: list[str] = []
        for word in words:
            cased = isinstance(word, patterns.Cased)
            for part in word.split():
                key = ("!" if cased else "") + part
                toks = self.cache.get(key)
                if toks is None:
                    toks = self.cache[key] = self._tokens(part, cased)
                out.extend(toks)
        return tuple(out)

    def _tokens(self, part: str, cased: bool) -> tuple[str, ...]:
        if part.lower() in _CLITICS:
            # Alone, "'m" would split into "'" + "m"; in text it follows a word as one token.
            return (patterns.Cased(part) if cased else part.lower(),)
        doc = [t for t in self.tokenizer(part) if not t.is_space]
        if not cased and "." in part and any(c.isalpha() for c in part):
            # Abbreviations are tokenizer exceptions in capitals ("O.C.D." is one token,
            # "o.c.d." is two): take whichever spelling splits less, lower-cased.
            upper = [t for t in self.tokenizer(part.upper()) if not t.is_space]
            if len(upper) < len(doc):
                doc = upper
        return tuple(patterns.Cased(t.text) if cased else t.lower_ for t in doc)


_CLITICS = frozenset({"'s", "'re", "'m", "'ll", "'ve", "'d", "n't", "’s", "’re", "’m", "’ll", "’ve", "’d"})


def _element_options(element, words: _Words) -> list[list[dict]]:
    """The token-dict sequences one element can stand for, grouped by length."""
    if isinstance(element, patterns.Wildcard):
        tok = {"IS_PUNCT": False, "IS_SPACE": False}
        return [[tok]] + ([[]] if element.optional else [])
    # Alternatives grouped by token count and by whether case matters (ORTH vs LOWER).
    groups: dict[tuple[int, bool], list[set[str]]] = {}
    for alt in element:
        toks = words(alt)
        cased = any(isinstance(t, patterns.Cased) for t in toks)
        slots = groups.setdefault((len(toks), cased), [set() for _ in toks])
        for slot, tok in zip(slots, toks):
            slot.add(str(tok))
    return [[{attr: {"IN": sorted(slot)}} if len(slot) > 1 else {attr: next(iter(slot))}
             for slot in slots for attr in ["ORTH" if cased else "LOWER"]]
            for (_, cased), slots in sorted(groups.items())]


def _gate(key: str, seq: list, words: _Words) -> Gated:
    options = [_element_options(e, words) for e in seq]
    token_patterns: list[list[dict]] = [[]]
    for opts in options:
        token_patterns = [prefix + option for prefix in token_patterns for option in opts]
    token_patterns = [p for p in token_patterns if p]
    reach = sum(max(len(o) for o in opts) for opts in options)

    def cost(element) -> tuple:
        # Prefer elements none of whose alternatives is a common word: an anchor on
        # "to" or "see" would wake the Matcher at every other sentence.
        alts = [words(a) for a in element]
        common = sum(all(t in STOP_WORDS or not t.isalnum() or (t.isalpha() and len(t) < 3) for t in a)
                     for a in alts)
        return (common, len(alts))

    required = sorted((e for e in seq if not isinstance(e, patterns.Wildcard) and () not in e), key=cost)
    anchors = {tuple(t.lower() for t in words(a)) for a in required[0]}
    companions = frozenset(t.lower() for a in required[1] for t in words(a)) if len(required) > 1 else frozenset()
    return Gated(key, sorted(anchors), token_patterns, reach, companions)


def compile_rules(rules: Iterable[Rule], tokenizer) -> Compiled:
    compiled = Compiled()
    words = _Words(tokenizer)

    def add(key: str, pattern: str, shown: str, where: str) -> None:
        try:
            seq = patterns.parse(pattern, inflect.forms)
            if (not patterns.has_wildcard(seq) and not patterns.has_case(seq)
                    and patterns.count(seq) <= MAX_PHRASES):
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
        from spacy.matcher import Matcher

        self.keys: dict[int, str] = {}
        self.gates: dict[int, tuple[str, object, int, frozenset[int]]] = {}  # anchor key id -> (key, Matcher, reach, companion ids)
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
        for n, (i, gate) in enumerate(gated, start=len(phrases)):
            matcher = Matcher(vocab)
            matcher.add(gate.key, gate.token_patterns)
            companions = frozenset(vocab.strings.add(w) for w in gate.companions)
            self.gates[n] = (gate.key, matcher, gate.reach, companions)
            add(n, gate.anchors)
        self.single = {h: tuple(v) for h, v in single.items()}
        self.by_pair = {pair: tuple(v) for pair, v in by_pair.items()}
        firsts = set(self.single) | {pair[0] for pair in self.by_pair}
        # Sorted once, so each lookup is a binary search (numpy.isin would re-sort per call).
        self.firsts = numpy.sort(numpy.fromiter(firsts, dtype="uint64", count=len(firsts)))

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

    def find(self, doc, lowers, start: int = 0, end: int | None = None) -> Iterable[tuple[str, int, int]]:
        """Hits in doc[start:end], as (key, start, end) with Doc offsets."""
        end = len(doc) if end is None else end
        anchors: dict[int, list[tuple[int, int]]] = {}
        for match_id, s, e in self._raw(doc, lowers, start, end):
            if match_id in self.gates:
                anchors.setdefault(match_id, []).append((s, e))
            else:
                yield self.keys[match_id], s, e
        values = lowers.tolist() if anchors else []
        for gate_id, spans in anchors.items():
            key, matcher, reach, companions = self.gates[gate_id]
            if companions:  # the second required element must stand near the anchor
                spans = [(s, e) for s, e in spans
                         if any(v in companions for v in values[max(start, s - reach):min(end, e + reach)])]
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
            for a, b in windows:
                for _, ws, we in matcher(doc[a:b]):
                    if (a + ws, a + we) not in seen:
                        seen.add((a + ws, a + we))
                        yield key, a + ws, a + we


class RuleMatcher:
    """Rule candidates in a Doc, with their `unless`/`requires` contexts applied.

    The rules' own patterns run over the whole Doc; context patterns (often common
    words such as "member" or "the") run only in windows around the candidates
    that need them, so they cost nothing where no rule fired.
    """

    def __init__(self, compiled: Compiled, rules: dict[str, Rule], vocab):
        self.rules = rules
        is_context = lambda key: _SEP in key  # noqa: E731
        gated = list(enumerate(compiled.gated))
        self.main = _KeyMatcher({k: v for k, v in compiled.phrases.items() if not is_context(k)},
                                [(i, g) for i, g in gated if not is_context(g.key)], vocab)
        self.context = _KeyMatcher({k: v for k, v in compiled.phrases.items() if is_context(k)},
                                   [(i, g) for i, g in gated if is_context(g.key)], vocab)
        # How far (in tokens) a rule's context can reach from a candidate.
        self.reach = {r.id: max((c.window for c in r.unless + r.requires), default=0) + 8
                      for r in rules.values()}

    def __call__(self, doc, only: frozenset[str] | None = None) -> list[Candidate]:
        from spacy.attrs import LOWER

        lowers = doc.to_array(LOWER)
        main = [Candidate(key, s, e) for key, s, e in self.main.find(doc, lowers)
                if only is None or key in only]
        needy = [c for c in main if self.rules[c.rule_id].unless or self.rules[c.rule_id].requires]
        if not needy:
            return main
        windows = sorted((max(0, c.start - self.reach[c.rule_id]), min(len(doc), c.end + self.reach[c.rule_id]))
                         for c in needy)
        merged: list[list[int]] = []
        for a, b in windows:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        wanted = {c.rule_id for c in needy}
        context: dict[str, set[tuple[str, int, int]]] = {}
        for a, b in merged:
            for key, s, e in self.context.find(doc, lowers, a, b):
                rule_id, _, which = key.partition(_SEP)
                if rule_id in wanted:
                    context.setdefault(rule_id, set()).add((which, s, e))
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


_COPULAS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "become", "became",
                      "becomes", "as", "remain", "remains", "remained"})


def _generic_antecedent(doc, cand: Candidate, start: int, end: int, window: int) -> bool:
    """A generic noun ("a candidate", "each user", "someone") before the match, within
    `window` tokens, at most one sentence back, in the same paragraph, with no
    personal name between them (so "The candidate, Maria, ... she" is left alone).
    A predicative noun ("has been a contributor", "as a reviewer") describes someone
    already named, so it is no antecedent."""
    if end > cand.start or cand.start - end > window:
        return False
    noun = doc[start:end].text.lower()
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
        if tok.text in (".", "!", "?"):
            sentence_ends += 1
            if sentence_ends > 1:
                return False
        elif _looks_like_name(tok):
            return False
    return True


def _looks_like_name(tok) -> bool:
    """A capitalised word that is not an ordinary English word ("Maria", "Lauren";
    also "Mark", "Grace"), wherever it stands, so that "reaches Level 5" holds no name."""
    if not tok.is_title or not tok.is_alpha or len(tok) < 2:
        return False
    low = tok.lower_
    if low in _NAME_WORDS:
        return True
    from lemminflect import getAllLemmas

    return low not in STOP_WORDS and not getAllLemmas(low)


def _same_sentence(doc, a: int, b: int) -> bool:
    """No sentence end or paragraph break among tokens [a, b)."""
    for tok in doc[a:b]:
        if tok.is_space or tok.text in _SENTENCE_END:
            return False
    return True
