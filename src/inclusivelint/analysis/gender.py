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

Words that name the job's own work are shown apart and not counted: a family
names the work when the ad's title (`role.job_title`) holds one of its words or
one of its `job-titles` ("analysis" in a "Data Analyst" ad, "lead" in a "Team
Lead" ad). The verdict is information, not a grade: the lab effect the paper
found was not seen in a field experiment on real postings (Castilla & Rho 2023),
and the explanation says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from inclusivelint.analysis.datafile import read
from inclusivelint.analysis.formcache import cached
from inclusivelint.analysis.document import Document, Span, Word
from inclusivelint.analysis.role import job_title, title_words

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
    titles: frozenset[str]  # title words that make this family the job's own work
    names_when_capitalised: bool = False  # capitalised mid-sentence, the word is a name


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
    coded: tuple[CodedWord, ...]  # words that describe the person or culture: they decide
    explanation: str
    sources: tuple[str, ...]
    job_work: tuple[CodedWord, ...] = ()  # words naming the job's own work: shown, not counted
    job_title: str | None = None

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict, "score": self.score, "masculine": self.masculine,
            "feminine": self.feminine, "words": self.words,
            "formula": f"(feminine - masculine) * {PER_WORDS} / max(words, {PER_WORDS})",
            "coded_words": [c.as_dict() for c in self.coded],
            "job_title": self.job_title,
            "job_work_words": [c.as_dict() for c in self.job_work],
            "explanation": self.explanation, "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class WordList:
    forms: dict[str, tuple[str, Family]]  # surface form -> (family word, family)
    families: tuple[Family, ...]
    citation: str
    source: str
    sources: tuple[str, ...]  # cited by the summary: the lists and the field evidence

    @property
    def short(self) -> str:
        """Authors and year, e.g. "Gaucher, Friesen & Kay (2011)"."""
        return self.citation.split("),")[0] + ")"


@lru_cache(maxsize=1)
def word_list() -> WordList:
    """Surface form -> family, from the data file and lemminflect's inflections."""
    data = read("gaucher-2011.yaml")
    entries = [(coding, entry) for coding in ("masculine", "feminine") for entry in data[coding]]
    families = [Family(e["stem"], coding, frozenset(e.get("not-after", ())), frozenset(e.get("not-before", ())),
                       frozenset(w.lower() for w in (*e.get("job-titles", ()), *e.get("not", ()))),
                       bool(e.get("name-when-capitalised")))
                for coding, e in entries]
    forms = cached("gaucher-2011.yaml", lambda: _expand([e for _, e in entries]))
    table = {form: (word, families[i]) for form, (i, word) in forms.items()}
    return WordList(table, tuple(families), " ".join(data["citation"].split()), data["source"],
                    tuple(data["sources"]))


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
        if family.names_when_capitalised and w.text[:1].isupper() and not doc.starts_sentence(w):
            continue  # "the Trust", "Accord Multi Academy Trust": an organisation's name
        key = (family.stem, word)
        families[key] = family
        hits.setdefault(key, []).append(doc.span(w.start, w.end))
    found = sorted(
        (CodedWord(word, stem, families[(stem, word)].coding, tuple(spans))
         for (stem, word), spans in hits.items()),
        key=lambda c: (c.coding != "masculine", c.spans[0].start, c.word),
    )
    title = job_title(doc)
    work = job_work_stems(title_words(doc, title), wl)
    coded = tuple(c for c in found if c.stem not in work)
    job_work = tuple(c for c in found if c.stem in work)
    masculine = sum(c.count for c in coded if c.coding == "masculine")
    feminine = sum(c.count for c in coded if c.coding == "feminine")
    n = len(doc.words)
    score = round((feminine - masculine) * PER_WORDS / max(n, PER_WORDS), 2)
    verdict = verdict_for(score)
    explanation = _explain(verdict, masculine, feminine, job_work, wl.short)
    return GenderCoding(masculine, feminine, n, score, verdict, coded, explanation,
                        wl.sources, job_work, title.text if title else None)


def job_work_stems(title: tuple[str, ...], wl: WordList) -> frozenset[str]:
    """Stems of the families that the title words say are the job's own work."""
    stems = {wl.forms[w][1].stem for w in title if w in wl.forms}
    stems.update(f.stem for f in wl.families for w in title if w in f.titles)
    return frozenset(stems)


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


def _explain(verdict: str, masculine: int, feminine: int, job_work: tuple[CodedWord, ...],
             citation: str) -> str:
    if not masculine and not feminine:
        head = "No gender-coded words that describe the person or the culture were found."
    elif verdict == "neutral":
        head = "Masculine- and feminine-coded words are balanced for the ad's length."
    else:
        head = f"The ad reads {verdict}."
    work = ""
    if job_work:
        words = ", ".join(dict.fromkeys(c.word for c in job_work))
        work = (f" Words that name the job's own work ({words}) are listed apart and not "
                "counted: they describe the duties, not the person.")
    return (f"{head} The verdict is information about the ad's tone, not a grade.{work} Evidence: in lab studies by {citation} ads with more masculine-coded "
            "words were rated less appealing by women, who expected to belong less. A large "
            "field experiment that varied the wording of real job postings (Castilla & Rho 2023, "
            "Management Science) found negligible effects of gendered wording on who applies. "
            "Reword a coded word only where it misdescribes the person or the culture you want. "
            f"Score: net coded words per {PER_WORDS} words (feminine minus masculine, short ads "
            f"counted as {PER_WORDS} words); |score| >= {CODED:g} is coded, >= {STRONGLY:g} "
            "strongly coded."
            )
