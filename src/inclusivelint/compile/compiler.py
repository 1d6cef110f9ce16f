"""Compile rules into plain, picklable matcher data: the first half of the rule engine.

Each rule's DSL patterns (`patterns`) become token sequences: lower-cased
surface forms, every inflection already expanded (`inflect`), tokenized the way
spaCy's tokenizer will split the text. The result is cached on disk with the
rulebook, so this module runs only when the rules change.

- A pattern that stands for a modest number of phrases becomes those phrases,
  looked up by hash at run time (`matcher`), whatever the number of rules.
- A pattern with wildcards or case-sensitive words (`!Postman`), or one whose
  optional slots and alternatives multiply into too many phrases, becomes token
  patterns for spaCy's `Matcher` (one IN set per position, on LOWER or ORTH).
  The Matcher's cost grows with its number of patterns, so these are *gated*:
  one required element of the pattern (its anchor, the rarest words) is looked
  up like a phrase, and the pattern's own small Matcher runs only on a window
  around each anchor hit.

Each rule has a main key (its id) and one key per `unless` and `requires`
entry, joined by `SEP`. The proper names every rule leaves alone (`names.yaml`)
share one key, `NAMES`, matched with their capitals like `!Postman`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from inclusivelint.compile import patterns
from inclusivelint.errors import RuleError
from inclusivelint.compile.loader import NAMES_FILE
from inclusivelint.compile.rule import Rule

SEP = "\x1f"  # joins a rule id and a context index into a matcher key
NAMES = "\x1enames"  # the key of the shared proper names (no rule id can hold this character)
# Above this many phrases a pattern is compiled as a gated token pattern instead.
MAX_PHRASES = 96


@dataclass
class Gated:
    """A token-pattern rule part, run only around its anchor."""

    key: str
    anchors: list[tuple[str, ...]]
    token_patterns: list[list[dict]]
    reach: int  # most tokens a match can span
    # The words of each other required element: unless every one of them has a word
    # near an anchor hit, the pattern cannot match there and its Matcher is not run.
    companions: tuple[frozenset[str], ...] = ()


@dataclass
class Compiled:
    """Picklable compiled form of a rule set."""

    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    gated: list[Gated] = field(default_factory=list)


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
    if isinstance(element, patterns.Number):
        return [[{"SHAPE": "dddd"}]] if element.year else [[{"LIKE_NUM": True}]]
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
    from spacy.lang.en.stop_words import STOP_WORDS  # here: unpickling a rulebook must not import spaCy

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

    required = sorted((e for e in seq if not isinstance(e, (patterns.Wildcard, patterns.Number)) and () not in e),
                      key=cost)
    if not required:  # `$number` alone: a context pattern, run over each context window
        return Gated(key, [], token_patterns, reach)
    anchors = {tuple(t.lower() for t in words(a)) for a in required[0]}
    def telling(alt) -> str:  # the one word of an alternative worth looking for: the rarest-looking
        toks = [t.lower() for t in words(alt)]
        return max(toks, key=lambda t: (t not in STOP_WORDS, t.isalpha(), len(t)))

    companions = tuple(frozenset(telling(a) for a in element) for element in required[1:])
    return Gated(key, sorted(anchors), token_patterns, reach, companions)


def compile_rules(rules: Iterable[Rule], tokenizer, names: Iterable[str] = ()) -> Compiled:
    from inclusivelint.compile import inflect# here: unpickling a rulebook must not import spaCy (nor lemminflect)

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
                gate = _gate(key, seq, words)
                if not gate.anchors and SEP not in key:
                    raise patterns.PatternError(f"pattern {pattern!r}: a match pattern needs a word "
                                                "besides wildcards and $number")
                compiled.gated.append(gate)
        except patterns.PatternError as exc:
            raise RuleError(shown, where, str(exc)) from None

    for rule in rules:
        for i, pattern in enumerate(rule.match):
            add(rule.id, pattern, rule.path, f"match[{i}]")
        for field_name, prefix, contexts in (("unless", "u", rule.unless), ("requires", "r", rule.requires)):
            for i, ctx in enumerate(contexts):
                for j, pattern in enumerate(ctx.patterns):
                    where = f"{field_name}[{i}]" if ctx.kind == "phrase" else f"{field_name}[{i}].{ctx.kind}[{j}]"
                    add(f"{rule.id}{SEP}{prefix}{i}", pattern, rule.path, where)
    for i, name in enumerate(names):
        add(NAMES, " ".join("!" + word for word in name.split()), NAMES_FILE, f"names[{i}]")
    for key, seqs in compiled.phrases.items():
        compiled.phrases[key] = list(dict.fromkeys(seqs))
    return compiled
