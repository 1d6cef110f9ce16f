"""Gender-coded wording in job ads (Gaucher, Friesen & Kay 2011), counted by word.

The published stems (`compet*`, `respon*` ...) are expanded in
`data/gaucher-2011.yaml` into the word families they stand for; a token counts
when it is one of those words or an inflection of one, so "committee",
"response", "dependencies" and "SharePoint" are never counted.

Verdict: with m masculine- and f feminine-coded words in an ad of n words,

    score = (f - m) * 300 / max(n, 300)

i.e. the net number of coded words per 300 words of ad (300 words being a
typical ad), never scaled *up* for a short ad. Gender Decoder's five-step scale
is applied to the score: >= 4 strongly feminine-coded, >= 1 feminine-coded,
<= -4 strongly masculine-coded, <= -1 masculine-coded, otherwise neutral. For
ads of up to 300 words this is exactly Gender Decoder's rule on raw counts
(net 1-3 coded, 4 or more strongly coded); longer ads need proportionally more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .datafile import read
from .formcache import cached
from .document import Document, Span, Word

PER_WORDS = 300
CODED, STRONGLY = 1.0, 4.0
VERDICTS = ("strongly feminine-coded", "feminine-coded", "neutral",
            "masculine-coded", "strongly masculine-coded")
_BOUNDARY = re.compile(r"[.!?;:()\[\]]|\n[ \t\r]*\n")


@dataclass(frozen=True, slots=True)
class Family:
    stem: str
    coding: str  # "masculine" | "feminine"
    not_after: frozenset[str]
    not_before: frozenset[str]


@dataclass(frozen=True, slots=True)
class CodedWord:
    word: str  # the family member (lemma) the tokens are forms of
    stem: str
    coding: str
    spans: tuple[Span, ...]

    @property
    def count(self) -> int:
        return len(self.spans)

    def as_dict(self) -> dict:
        return {"word": self.word, "stem": self.stem, "coding": self.coding,
                "count": self.count, "occurrences": [s.as_dict() for s in self.spans]}


@dataclass(frozen=True, slots=True)
class GenderCoding:
    masculine: int
    feminine: int
    words: int
    score: float
    verdict: str
    coded: tuple[CodedWord, ...]
    explanation: str
    sources: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict, "score": self.score, "masculine": self.masculine,
            "feminine": self.feminine, "words": self.words,
            "formula": f"(feminine - masculine) * {PER_WORDS} / max(words, {PER_WORDS})",
            "coded_words": [c.as_dict() for c in self.coded],
            "explanation": self.explanation, "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class WordList:
    forms: dict[str, tuple[str, Family]]  # surface form -> (family word, family)
    citation: str
    source: str


@lru_cache(maxsize=1)
def word_list() -> WordList:
    """Surface form -> family, from the data file and lemminflect's inflections."""
    data = read("gaucher-2011.yaml")
    entries = [(coding, entry) for coding in ("masculine", "feminine") for entry in data[coding]]
    families = [Family(e["stem"], coding, frozenset(e.get("not-after", ())), frozenset(e.get("not-before", ())))
                for coding, e in entries]
    forms = cached("gaucher-2011.yaml", lambda: _expand([e for _, e in entries]))
    table = {form: (word, families[i]) for form, (i, word) in forms.items()}
    return WordList(table, " ".join(data["citation"].split()), data["source"])


def _expand(entries: list[dict]) -> dict[str, tuple[int, str]]:
    """form -> (index of its entry, family word); a form in two stems is an error."""
    table: dict[str, tuple[int, str]] = {}
    for i, entry in enumerate(entries):
        excluded = {w.lower() for w in entry.get("not", ())}
        for word in entry["words"]:
            for form in sorted(_inflections(word) | {word.lower(), word.lower().replace("-", "")}):
                if form in excluded:
                    continue
                if form in table and entries[table[form][0]]["stem"] != entry["stem"]:
                    raise ValueError(f"data/gaucher-2011.yaml: {form!r} is in both "
                                     f"{entries[table[form][0]]['stem']} and {entry['stem']}")
                table.setdefault(form, (i, word.lower()))
    return table


def _inflections(word: str) -> set[str]:
    """Every inflection of `word` (lemminflect; its rules for words it does not know)."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    table = getAllInflections(word)
    if not table:
        for pos in ("NOUN", "VERB"):
            table.update(getAllInflectionsOOV(word, upos=pos))
    return {form.lower() for forms in table.values() for form in forms}


def _atoms(doc: Document, table: dict) -> list[Word]:
    """Words, with hyphenated compounds split into their parts unless the compound
    itself is listed ("self-confident" stays whole, "cloud-native" splits)."""
    out: list[Word] = []
    for w in doc.words:
        low = _base(w.lower)
        if "-" in low and low not in table and low.replace("-", "") not in table:
            pos = w.start
            for part in w.text.split("-"):
                out.append(Word(pos, pos + len(part), part))
                pos += len(part) + 1
        else:
            out.append(w)
    return out


def _base(lower: str) -> str:
    return lower[:-2] if lower.endswith("'s") else lower


def _neighbour(doc: Document, a: Word | None, b: Word | None) -> str | None:
    """The lower-cased word `a` if nothing but spaces and commas separate it from `b`."""
    if a is None or b is None:
        return None
    first, second = (a, b) if a.start < b.start else (b, a)
    if _BOUNDARY.search(doc.text, first.end, second.start):
        return None
    return _base(a.lower)


def gender_coding(doc: Document) -> GenderCoding:
    wl = word_list()
    table = wl.forms
    atoms = _atoms(doc, table)
    hits: dict[tuple[str, str], list[Span]] = {}
    families: dict[tuple[str, str], Family] = {}
    for i, w in enumerate(atoms):
        low = _base(w.lower)
        entry = table.get(low) or table.get(low.replace("-", ""))
        if entry is None:
            continue
        word, family = entry
        before = _neighbour(doc, atoms[i - 1] if i else None, w)
        after = _neighbour(doc, atoms[i + 1] if i + 1 < len(atoms) else None, w)
        if before in family.not_after or after in family.not_before:
            continue
        key = (family.stem, word)
        families[key] = family
        hits.setdefault(key, []).append(doc.span(w.start, w.end))
    coded = tuple(sorted(
        (CodedWord(word, stem, families[(stem, word)].coding, tuple(spans))
         for (stem, word), spans in hits.items()),
        key=lambda c: (c.coding != "masculine", c.spans[0].start, c.word),
    ))
    masculine = sum(c.count for c in coded if c.coding == "masculine")
    feminine = sum(c.count for c in coded if c.coding == "feminine")
    n = len(doc.words)
    score = round((feminine - masculine) * PER_WORDS / max(n, PER_WORDS), 2)
    verdict = verdict_for(score)
    return GenderCoding(masculine, feminine, n, score, verdict, coded,
                        _explain(verdict, masculine, feminine, wl.citation), (wl.source,))


def verdict_for(score: float) -> str:
    if score >= STRONGLY:
        return "strongly feminine-coded"
    if score >= CODED:
        return "feminine-coded"
    if score <= -STRONGLY:
        return "strongly masculine-coded"
    if score <= -CODED:
        return "masculine-coded"
    return "neutral"


def _explain(verdict: str, masculine: int, feminine: int, citation: str) -> str:
    if not masculine and not feminine:
        head = "No gender-coded words were found."
    elif "masculine" in verdict:
        head = ("In the study, ads worded with more masculine-coded words were less "
                "appealing to women, who also expected to belong less in the job. "
                "Reword some of the masculine-coded words that describe the person "
                "or the culture (not facts such as a job title).")
    elif "feminine" in verdict:
        head = ("In the study, feminine-coded wording made ads only slightly less "
                "appealing to men and did not lower their sense of belonging; no "
                "change is needed for balance, but check each word is accurate.")
    else:
        head = "Masculine- and feminine-coded words are balanced for the ad's length."
    return (f"{head} Source: {citation}. Score: net coded words per {PER_WORDS} words "
            f"(feminine minus masculine, short ads counted as {PER_WORDS} words); "
            f"|score| >= {CODED:g} is coded, >= {STRONGLY:g} strongly coded.")
