"""The one replacement engine: the text that puts a suggestion in place of a finding.

`edit_for(text, finding, suggestion)` is the only place that decides what a
suggestion becomes in a given sentence; `--fix`, the web page and SARIF all call
it. A fix is an `Edit`: a half-open span of the original text and its
replacement. The replacement agrees with the words around the span:

- inflection and case: "Whitelists" -> "Allowlists", "paid their dues" -> "built experience";
- the determiner already there: "a whitelist" -> "an allowlist", "the sales guys" with
  "the sales team" gives one "the", never "the the" or "our the";
- a subject already there: "We work hard, play hard" with "we do great work together"
  keeps one "we";
- the capital of a sentence start;
- the role of the span: a verb never replaces a noun after a determiner ("our allow"),
  a clause ("a team that ...") never goes where more of the noun phrase follows;
- a generic pronoun becomes "they" together with every pronoun of its clause and the
  verb after it ("he has to pay his dues" -> "they have to pay their dues"), or not at all.

Where no such edit fits, there is none: the suggestion is advice in that sentence.
A rule marks suggestions that are always advice (`{advice: ...}`), and writes
templates over the matched words (`{1}`, `{-1}`, `{match}`; see rules/README.md).
Everything outside the edit stays byte for byte, so fixing twice changes nothing.

Applicability comes from the rule: `safe` fixes are applied by `--fix`, `unsafe`
ones also need `--unsafe-fixes`, `display-only` ones never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from inclusivelint.fix import agreement as ag
from inclusivelint.lint.finding import Finding


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule_id: str


_PRONOUNS = {
    "he": "they", "she": "they", "him": "them", "himself": "themselves", "herself": "themselves",
    "hers": "theirs", "his": "their", "her": "their",
}
_MASCULINE = frozenset({"he", "him", "his", "himself"})
_SUBJECTS = {"he", "she"}
_IRREGULAR_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "'s": "'re", "’s": "’re",
                        "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}
_ADVERBS = {"always", "never", "often", "also", "usually", "still", "just", "only", "sometimes", "then",
            "really", "already", "rarely", "generally", "typically", "normally", "now"}
# After "her", these mean it is an object ("give her a buddy" is the exception we accept).
_NOT_A_NOUN = {"a", "an", "the", "to", "for", "with", "and", "or", "but", "in", "on", "at", "about",
               "that", "this", "if", "when", "as", "by", "from", "of", "up", "out", "know", "off"}
_WORD = re.compile(r"[A-Za-z’']+")
_ALPHA = re.compile(r"\b[A-Za-z]+\b")
_TEMPLATE = re.compile(r"\{(match|-?\d+)\}")
_CLAUSE_WORD = re.compile(r"\b(that|who|which|where)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?;:]|\n[ \t]*\n")


def one_click(finding: Finding) -> tuple[str, ...]:
    """The finding's suggestions that may replace its words (the rest are advice)."""
    return tuple(s for s in finding.suggestions if s not in finding.advice)


def edit_for(text: str, finding: Finding, suggestion: str | None = None) -> Edit | None:
    """The edit that puts `suggestion` (default: the first one-click one) in place of
    `finding` in `text`, or None where it is advice or cannot fit this sentence."""
    choices = one_click(finding)
    if suggestion is None:
        suggestion = choices[0] if choices else None
    if suggestion is None or suggestion not in choices:
        return None
    matched = text[finding.start:finding.end]
    if matched.lower() in _PRONOUNS:
        # A generic pronoun always becomes "they": only the first suggestion applies it.
        return _pronoun_edit(text, finding) if suggestion == choices[0] else None
    edit = _phrase_edit(text, finding, matched, suggestion)
    if edit is None or text[edit.start:edit.end] == edit.replacement:
        return None
    return edit


def offered_edit(text: str, finding: Finding) -> Edit | None:
    """The edit a finding's automatic fix (safe or unsafe) offers to a reviewer (SARIF
    fixes, reviewdog suggestions), or None: display-only rules and texts not kept."""
    if finding.fix not in ("safe", "unsafe") or not text:
        return None
    return edit_for(text, finding)


def expand(template: str, matched: str) -> str:
    """A suggestion with `{N}` (the Nth word of the match, from 1; -1 the last) and
    `{match}` filled in from the matched words as written."""
    words = matched.split()

    def word(m: re.Match) -> str:
        if m.group(1) == "match":
            return " ".join(words)
        n = int(m.group(1))
        index = n - 1 if n > 0 else n
        return words[index] if -len(words) <= index < len(words) and n != 0 else m.group(0)

    return _TEMPLATE.sub(word, template)


def _phrase_edit(text: str, finding: Finding, matched: str, suggestion: str) -> Edit | None:
    start, end = finding.start, finding.end
    templated = bool(_TEMPLATE.search(suggestion))
    new = expand(suggestion, matched)
    if "/" in new and "-" in matched and "/" not in matched:
        new = new.replace("/", "-")  # master-slave -> primary-replica
    before = ag.word_before(text, start)
    lead = ag.first_word(new).lower()
    if before is not None:
        b_start, b_word = before
        low = b_word.lower()
        if low in ag.SUBJECTS and lead == low:
            new = ag.drop_first_word(new)  # "We [work hard, play hard]": the subject is there
        elif low in ag.DETERMINERS and lead in ag.ARTICLES:
            new = ag.drop_first_word(new)  # "our [guys]" + "the team": one determiner
        elif low in ag.DETERMINERS and " " not in new and ag.only_a_verb(new):
            return None  # "our [whitelist]" is a noun: "allow" cannot stand there
        if low in ag.DETERMINERS and ag.predicative(new):
            return None  # "a [digital native]" -> "a experienced with tools": no noun to hold the article
    new = _without_overlap(text, start, end, new)
    if not new:
        return None
    if _CLAUSE_WORD.search(new) and not _CLAUSE_WORD.search(matched) and _phrase_continues(text, end):
        return None  # "a team that enjoys ... of engineers": the noun phrase goes on after the span
    last = re.findall(r"[A-Za-z]+", matched)
    if (" " not in new and ag.adjective_only(new) and last and not ag.can_describe(last[-1])
            and not ag.noun_follows(text, end)):
        return None  # "a [superstar] who ..." -> "a experienced who": an adjective needs its noun
    if " " in new and len(last) == 1 and ag.verb_form(last[0]):
        return None  # "[whitelisted] domains": "permit list" has no verb form
    if not templated:
        new = ag.reinflect(matched, new)
    new = ag.match_case(matched, new, capital=ag.at_sentence_start(text, start) or ag.in_title(text, start, end))
    if _repeats_a_neighbour(text, start, end, new):
        return None
    possessive = re.match(r"['’]s\b", text[end:])
    if possessive and new.endswith("s") and not matched.endswith("s") and not templated:
        new, end = new + possessive.group(0)[0], end + 2  # "Workmen's" -> "Workers'", not "Workers's"
    if before is not None and before[1].lower() in ("a", "an"):
        b_start, b_word = before
        wanted = ag.article_for(new)
        if wanted != b_word.lower():
            new = ag.match_case(b_word, wanted) + text[b_start + len(b_word):start] + new
            start = b_start
    return Edit(start, end, new, finding.rule_id)


def _without_overlap(text: str, start: int, end: int, new: str) -> str:
    """`new` less the words it shares with the text at either side of the span
    ("a bail [bondsman]" + "bail agent" -> "agent"; "[unsuccessful suicide] attempt" +
    "suicide attempt" -> "suicide"), so no word is said twice at the edit."""
    words = new.split(" ")
    before = re.findall(r"[\w’'-]+", text[max(0, start - 60):start].lower())
    after = re.findall(r"[\w’'-]+", text[end:end + 60].lower())
    for n in range(min(3, len(words) - 1), 0, -1):
        if [w.lower() for w in words[:n]] == before[-n:]:
            words = words[n:]
            break
    for n in range(min(3, len(words) - 1), 0, -1):
        if [w.lower() for w in words[-n:]] == after[:n]:
            words = words[:-n]
            break
    return " ".join(words)


def _repeats_a_neighbour(text: str, start: int, end: int, new: str) -> bool:
    """Whether the replacement's first or last word is the word just outside it
    ("Replicas ([slaves])" + "replica" -> "Replicas (replicas)")."""
    before = re.findall(r"[\w’'-]+", text[max(0, start - 60):start].lower())
    after = re.findall(r"[\w’'-]+", text[end:end + 60].lower())
    words = re.findall(r"[\w’'-]+", new.lower())
    return bool(words) and (before[-1:] == words[:1] or after[:1] == words[-1:])


def _phrase_continues(text: str, end: int) -> bool:
    return bool(re.match(r"[ \t]*(?:of|for|with|in|at|on|from|[A-Za-z]+ing)\b", text[end:]))


def _clause(text: str, pos: int) -> tuple[int, int]:
    """The sentence (or clause after ; or :) around `pos`, as offsets."""
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    m = _CLAUSE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def _pronoun_edit(text: str, finding: Finding) -> Edit | None:
    """Every gendered pronoun of the finding's clause to "they" forms, with the verbs
    after subject pronouns, as one edit; None where the clause mixes genders or names
    someone (the pronouns may then be that person's)."""
    a, b = _clause(text, finding.start)
    gender = text[finding.start:finding.end].lower() in _MASCULINE
    first_word = a + len(text[a:b]) - len(text[a:b].lstrip())
    spans = []
    for m in _ALPHA.finditer(text, a, b):
        low = m.group(0).lower()
        if low in _PRONOUNS:
            if (low in _MASCULINE) != gender:
                return None
            spans.append(_one_pronoun(text, m.start(), m.end()))
        elif m.start() > first_word and m.group(0)[:1].isupper() and _looks_like_name(low):
            return None
    if not spans:
        return None
    first, last = spans[0][0], spans[-1][1]
    out, at = [], first
    for s, e, new in spans:
        out += [text[at:s], new]
        at = e
    return Edit(first, last, "".join(out), finding.rule_id)


def _looks_like_name(low: str) -> bool:
    """A capitalised word that is no English word: a name the pronouns may belong to."""
    from lemminflect import getAllLemmas
    from spacy.lang.en.stop_words import STOP_WORDS

    return low not in _PRONOUNS and low not in STOP_WORDS and not getAllLemmas(low)


def _one_pronoun(text: str, start: int, end: int) -> tuple[int, int, str]:
    matched = text[start:end]
    low = matched.lower()
    after = text[end:]
    next_word = _WORD.match(after.lstrip(" \t"))
    new = _PRONOUNS[low]
    if low == "his" and (next_word is None or not after[:1].isspace()):
        new = "theirs"  # "the choice is his." -> "the choice is theirs."
    if low == "her" and (next_word is None or not after[:1].isspace()
                         or next_word.group(0).lower() in _NOT_A_NOUN):
        new = "them"
    new = ag.match_case(matched, new)
    if low in _SUBJECTS:
        verb = _agreeing_verb(text, end)
        if verb is not None:
            v_start, v_end, v_new = verb
            return start, v_end, new + text[end:v_start] + v_new
    return start, end, new


def _agreeing_verb(text: str, pos: int) -> tuple[int, int, str] | None:
    """The verb after a subject pronoun (skipping one adverb), in its plural form."""
    contraction = re.match(r"(['’]s)\b", text[pos:])
    if contraction:
        return pos, pos + len(contraction.group(1)), _IRREGULAR_AGREEMENT[contraction.group(1)]
    for _ in range(2):
        m = re.match(r"[ \t]+([A-Za-z’']+)", text[pos:])
        if not m:
            return None
        word = m.group(1)
        w_start, w_end = pos + m.start(1), pos + m.end(1)
        low = word.lower()
        if low in _ADVERBS:
            pos = w_end
            continue
        if low in _IRREGULAR_AGREEMENT:
            return w_start, w_end, ag.match_case(word, _IRREGULAR_AGREEMENT[low])
        from lemminflect import getAllInflections, getAllLemmas

        for lemma in getAllLemmas(low).get("VERB", ()):
            if low in getAllInflections(lemma, upos="VERB").get("VBZ", ()):
                return w_start, w_end, ag.match_case(word, lemma)
        return None
    return None


def apply_suggestion(text: str, findings: Iterable[Finding], suggestion: str) -> str:
    """`text` with `suggestion` put in place of each finding it can replace."""
    edits = (edit_for(text, f, suggestion) for f in findings)
    return apply_edits(text, without_overlaps(e for e in edits if e is not None))


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>#]|\d+[.)])[ \t])")


PREVIEW_REACH = 160  # characters a preview shows at most on each side of the edit


def sentence_preview(text: str, edit: Edit) -> str:
    """The whole sentence holding `edit`, as it reads once the edit is made (across line
    breaks inside a paragraph, which become spaces; a list item or heading is its own).
    A sentence longer than `PREVIEW_REACH` characters on a side is cut at a word, with
    "…": a preview costs the same in a megabyte of text on one line as in a sentence."""
    lo = max(0, edit.start - PREVIEW_REACH)
    a, cut_left = lo, lo > 0
    for m in _SENTENCE_END.finditer(text, lo, edit.start):
        a, cut_left = m.end(), False
    if cut_left:
        space = text.find(" ", a, edit.start)
        a = space + 1 if space >= 0 else a
    at = max(edit.start, edit.end - 1) if edit.end > edit.start else edit.start
    hi = min(len(text), edit.end + PREVIEW_REACH)
    m = _SENTENCE_END.search(text, at, hi)
    cut_right = m is None and hi < len(text)
    b = hi if m is None else m.start() + (1 if text[m.start()] in ".!?" else 0)
    if cut_right:
        space = text.rfind(" ", edit.end, b)
        b = space if space > edit.end else b
    shown = " ".join((text[a:edit.start] + edit.replacement + text[edit.end:b]).split())
    shown = re.sub(r"^(?:[-*+>#]+|\d+[.)])\s+", "", shown)
    return ("… " if cut_left else "") + shown + (" …" if cut_right else "")


def plan(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits to make, in text order, without overlaps (earlier, then longer, wins)."""
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    edits = [e for e in (edit_for(text, f) for f in findings if f.fix in allowed) if e is not None]
    return without_overlaps(edits)


def without_overlaps(edits: Iterable[Edit]) -> list[Edit]:
    ordered = sorted(edits, key=lambda e: (e.start, -(e.end - e.start), e.rule_id))
    chosen: list[Edit] = []
    for edit in ordered:
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for edit in edits:
        out += [text[last:edit.start], edit.replacement]
        last = edit.end
    out.append(text[last:])
    return "".join(out)


def apply_fixes(text: str, findings: Iterable[Finding], unsafe: bool = False) -> str:
    """`text` with the safe (and, with `unsafe`, the unsafe) fixes of `findings` applied."""
    return apply_edits(text, plan(text, findings, unsafe=unsafe))
