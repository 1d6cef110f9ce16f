"""How a performance review or piece of feedback reads as a whole.

It lists personality words said of a person, vague standards and vague praise,
and weighs effort words ("hard-working") against accomplishment verbs ("led",
"shipped"). Where a rule of the linter already flagged the same words, the
mention carries that rule's id instead of becoming a second finding.
Word lists and patterns: `data/review.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from inclusivelint.lint.finding import Finding
from inclusivelint.analysis.datafile import read
from inclusivelint.analysis.formcache import cached
from inclusivelint.analysis.document import Document, Span, Word, compile_all, overlapping

_GAP_STOP = re.compile(r"[.!?;:()]|\n[ \t\r]*\n")
_LOOKBACK = 8
BALANCES = ("none", "effort-heavy", "balanced", "accomplishment-led")
# Capitalised words that are not names at the start of a sentence.
_FUNCTION_WORDS = frozenset("""the a an this that these those it its our their his her your my
overall also but and or so however although though while when if as in on at for with by from of
to sometimes often""".split())
_COPULAS = frozenset("is was are were seems seemed appears appeared sounds sounded gets got became".split())
_PREPOSITIONS = frozenset("in during at on with for about toward towards to".split())


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str  # personality | gatekeeping | vague-praise | effort | accomplishment
    span: Span
    rule_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"kind": self.kind, **self.span.as_dict(), "rule_ids": list(self.rule_ids)}


@dataclass(frozen=True, slots=True)
class ReviewLanguage:
    personality: tuple[Mention, ...]
    vague: tuple[Mention, ...]
    effort: tuple[Mention, ...]
    accomplishment: tuple[Mention, ...]
    specifics: int
    balance: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "personality": [m.as_dict() for m in self.personality],
            "vague": [m.as_dict() for m in self.vague],
            "effort": [m.as_dict() for m in self.effort],
            "accomplishment": [m.as_dict() for m in self.accomplishment],
            "effort_count": len(self.effort), "accomplishment_count": len(self.accomplishment),
            "balance": self.balance, "specifics": self.specifics, "sources": list(self.sources),
        }

    def advice(self) -> tuple[str, ...]:
        out = []
        if self.personality:
            words = ", ".join(dict.fromkeys(m.span.text.lower() for m in self.personality))
            out.append(f"Replace personality words ({words}) with the behaviour: what they "
                       "said or did, in which situation, and what effect it had on the work.")
        if any(m.kind == "gatekeeping" for m in self.vague):
            out.append("Turn vague standards (\"not ready\", \"presence\") into criteria: the "
                       "skill, scope or result you need to see, and how they can show it.")
        if any(m.kind == "vague-praise" for m in self.vague):
            out.append("Back general praise with the work it refers to, so it can be cited "
                       "in a promotion case.")
        if self.balance == "effort-heavy":
            out.append("Add outcomes: what they delivered, shipped, led or changed, and the "
                       "result, next to how hard they worked.")
        elif self.balance == "none":
            out.append("Name at least one accomplishment and its outcome.")
        if not self.specifics:
            out.append("Add a concrete example: a project, a date or a number.")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class _Lists:
    person: frozenset[str]
    linking: frozenset[str]
    conduct: frozenset[str]
    personality: frozenset[str]
    personality_sources: tuple[str, ...]
    vague: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    vague_sources: tuple[str, ...]
    effort_words: frozenset[str]
    effort_patterns: tuple[re.Pattern, ...]
    accomplishment_forms: frozenset[str]
    balance_sources: tuple[str, ...]
    specifics: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def lists() -> _Lists:
    data = read("review.yaml")
    low = lambda xs: frozenset(str(x).lower() for x in xs)  # noqa: E731
    forms = cached("review.yaml", lambda: _past_forms(data["accomplishment"]["verbs"]))
    vague_sources: list[str] = []
    for v in data["vague"]:
        vague_sources += [s for s in v.get("sources", ()) if s not in vague_sources]
    return _Lists(
        person=low(data["person-words"]),
        linking=low(data["linking-words"]),
        conduct=low(data["conduct-nouns"]),
        personality=low(data["personality"]["words"]),
        personality_sources=tuple(data["personality"]["sources"]),
        vague=tuple((v["id"], compile_all(v["patterns"])) for v in data["vague"]),
        vague_sources=tuple(vague_sources),
        effort_words=low(data["effort"]["words"]),
        effort_patterns=compile_all(data["effort"].get("patterns", ())),
        accomplishment_forms=frozenset(forms),
        balance_sources=tuple(dict.fromkeys(data["effort"]["sources"] + data["accomplishment"]["sources"])),
        specifics=compile_all(data["specifics"]),
    )


def _past_forms(verbs: list[str]) -> list[str]:
    """Past tense and participle of each verb, leaving out forms equal to the base
    ("cut", "run"), which read as wishes as often as achievements."""
    from lemminflect import getAllInflections

    forms: set[str] = set()
    for verb in verbs:
        table = getAllInflections(verb, upos="VERB")
        for tag in ("VBD", "VBN"):
            forms.update(f.lower() for f in table.get(tag, ()) if f.lower() != verb)
    return sorted(forms)


def _base(word: Word) -> str:
    low = word.lower
    return low[:-2] if low.endswith("'s") else low


def _is_person(doc: Document, word: Word, following: Word | None, lst: _Lists) -> bool:
    base = _base(word)
    if base in lst.person:
        return True
    if base == "be" and doc.starts_sentence(word):
        return True  # an imperative addressed to the person reviewed: "Be less emotional"
    text = word.text
    if not text[:1].isupper() or base in lst.linking or base in _FUNCTION_WORDS:
        return False
    if len(text) > 1 and text.isupper():
        return False  # an acronym ("the API was aggressive"), not a name
    if not doc.starts_sentence(word) or word.lower.endswith("'s"):
        return True  # a capitalised word mid-sentence, or "Priya's": a name
    # At the start of a sentence: a name only if a linking word follows ("Jess is ...").
    return following is not None and _base(following) in lst.linking


def _said_of_person(doc: Document, words: Sequence[Word], i: int, lst: _Lists) -> bool:
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is not None and _base(nxt) in lst.conduct and not _GAP_STOP.search(doc.text, words[i].end, nxt.start):
        return True
    j = i - 1
    copula = False
    while j >= 0 and i - j <= _LOOKBACK:
        prev, cur = words[j], words[j + 1]
        if _GAP_STOP.search(doc.text, prev.end, cur.start):
            return False
        base = _base(prev)
        if _is_person(doc, prev, cur, lst):
            return True
        if base not in lst.linking and base not in lst.personality:
            return copula and _person_before_phrase(doc, words, j, lst)
        copula = copula or base in _COPULAS
        j -= 1
    return False


def _person_before_phrase(doc: Document, words: Sequence[Word], j: int, lst: _Lists) -> bool:
    """"Her tone in the incident review was shrill": a person or conduct noun, then a
    prepositional phrase of at most four words ending at words[j], then the verb."""
    for k in range(j - 1, max(-1, j - 6), -1):
        if _GAP_STOP.search(doc.text, words[k].end, words[k + 1].start):
            return False
        if _base(words[k + 1]) in _PREPOSITIONS and _is_person(doc, words[k], words[k + 1], lst):
            return True
    return False


def review_language(doc: Document, findings: Sequence[Finding]) -> ReviewLanguage:
    lst = lists()
    words = doc.words
    personality, effort, accomplishment = [], [], []
    for i, w in enumerate(words):
        low = w.lower
        if low in lst.personality and _said_of_person(doc, words, i, lst):
            personality.append(Mention("personality", doc.span(w.start, w.end),
                                       overlapping(findings, w.start, w.end)))
        elif low in lst.effort_words:
            effort.append(Mention("effort", doc.span(w.start, w.end)))
        elif low in lst.accomplishment_forms:
            accomplishment.append(Mention("accomplishment", doc.span(w.start, w.end)))
    for pattern in lst.effort_patterns:
        for m in doc.finditer(pattern):
            effort.append(Mention("effort", doc.span(m.start(), m.end())))
    vague = []
    for kind, patterns in lst.vague:
        for pattern in patterns:
            for m in doc.finditer(pattern):
                if any(v.span.start < m.end() and m.start() < v.span.end for v in vague):
                    continue
                vague.append(Mention(kind, doc.span(m.start(), m.end()),
                                     overlapping(findings, m.start(), m.end())))
    specifics = sum(1 for p in lst.specifics for _ in doc.finditer(p))
    e, a = len(effort), len(accomplishment)
    if not e and not a:
        balance = "none"
    elif e >= 2 and e > a:
        balance = "effort-heavy"
    elif a > e:
        balance = "accomplishment-led"
    else:
        balance = "balanced"
    order = lambda ms: tuple(sorted(ms, key=lambda m: (m.span.start, m.span.end)))  # noqa: E731
    sources = tuple(dict.fromkeys(lst.personality_sources + lst.vague_sources + lst.balance_sources))
    return ReviewLanguage(order(personality), order(vague), order(effort), order(accomplishment),
                          specifics, balance, sources)
