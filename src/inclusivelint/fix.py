"""Apply a rule's first suggestion in place of the flagged words, keeping grammar and case.

A fix is an `Edit`: a half-open span of the original text and its replacement.
Only the flagged words change, plus the article right before them when the new
word needs the other one ("an chairman" never happens: "a chairman" -> "a chair",
"a master list" -> "a primary list", "a whitelist" -> "an allowlist") and, for a
generic pronoun, the verb right after it ("he is" -> "they are"). Everything else
stays byte for byte, so fixing twice changes nothing the second time.

Applicability comes from the rule: `safe` fixes are applied by `--fix`, `unsafe`
ones also need `--unsafe-fixes`, `display-only` ones never are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

from .finding import Finding


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule_id: str


# Tags of inflected forms, in the order we prefer them when a word reads several ways
# (an inflected reading beats a base one: "whitelisting" is VBG, not a noun).
_INFLECTED = ("VBD", "VBN", "VBG", "VBZ", "NNS", "JJR", "JJS")
_PRONOUNS = {
    "he": "they", "she": "they", "him": "them", "himself": "themselves", "herself": "themselves",
    "hers": "theirs", "his": "their", "her": "their",
}
_SUBJECTS = {"he", "she"}
_IRREGULAR_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "'s": "'re", "’s": "’re",
                        "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}
_ADVERBS = {"always", "never", "often", "also", "usually", "still", "just", "only", "sometimes", "then",
            "really", "already", "rarely", "generally", "typically", "normally", "now"}
# After "her", these mean it is an object ("give her a buddy" is the exception we accept).
_NOT_A_NOUN = {"a", "an", "the", "to", "for", "with", "and", "or", "but", "in", "on", "at", "about",
               "that", "this", "if", "when", "as", "by", "from", "of", "up", "out", "know", "off"}
_WORD = re.compile(r"[A-Za-z’']+")


def replacement_for(text: str, finding: Finding) -> Edit | None:
    """The edit that applies `finding`'s first suggestion, or None when there is none to apply."""
    if not finding.suggestions:
        return None
    matched = text[finding.start:finding.end]
    if matched.lower() in _PRONOUNS:
        return _pronoun_edit(text, finding, matched)
    suggestion = finding.suggestions[0]
    if not suggestion.strip() or " / " in suggestion or any(c in suggestion for c in "…()"):
        return None  # "they / them / their" or "engineer (the title alone)" is advice, not a replacement
    if "/" in suggestion and "-" in matched and "/" not in matched:
        suggestion = suggestion.replace("/", "-")  # master-slave -> primary-replica
    new = _match_case(matched, _reinflect(matched, suggestion))
    start = finding.start
    article = _article_before(text, start)
    if article is not None:
        a_start, a_word = article
        if new.split(" ", 1)[0].lower() in ("a", "an", "the"):
            # The suggestion brings its own article ("a team that ..."): it replaces ours.
            return Edit(a_start, finding.end, _match_case(a_word, new), finding.rule_id)
        wanted = _article_for(new)
        if wanted != a_word.lower():
            new = _match_case(a_word, wanted) + text[a_start + len(a_word):start] + new
            start = a_start
    return Edit(start, finding.end, new, finding.rule_id)


@lru_cache(maxsize=8192)  # lemminflect's lookups cost ~1 ms; a long text repeats its words
def _reinflect(matched: str, suggestion: str) -> str:
    """Give the suggestion's head word the inflection of the matched text's last word.

    The head is the last word, or the word before "of" ("member of Congress" ->
    "members of Congress"). Only a base-form head that can carry the inflection
    changes: "chair" takes the plural of "chairmen", but "ambitious" never becomes
    a plural, "hearing" (already a participle) and "everyone" stay as written.
    """
    surface = _last_word(matched)
    words = suggestion.split(" ")
    at = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    head = words[at]
    low = head.lower()
    if surface is None or not head.isalpha() or low in STOP_WORDS or _surface_tag(low) is not None:
        return suggestion
    tag = _surface_tag(surface.lower())
    if tag is None:
        return suggestion
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    known = getAllInflections(low)
    if known and tag not in known:
        return suggestion  # e.g. an adjective offered for a plural noun phrase
    forms = getInflection(low, tag=tag)
    if not forms:
        return suggestion
    inflected = forms[0]
    if inflected.lower() == surface.lower() and not getAllLemmas(surface.lower()):
        # A form outside the dictionary that the suggestion means to replace whole
        # ("transgendered" -> "transgender"), not to inflect.
        return suggestion
    if head[:1].isupper():
        inflected = inflected[:1].upper() + inflected[1:]
    return " ".join(words[:at] + [inflected] + words[at + 1:])


def _last_word(text: str) -> str | None:
    words = re.findall(r"[A-Za-z]+", text)
    return words[-1] if words else None


@lru_cache(maxsize=8192)
def _surface_tag(word: str) -> str | None:
    """The Penn tag of an inflected word form, or None for a base form.

    A word that is a base form in any reading ("fit", "manpower", "blacklist") is
    left alone: the suggestion is written in base form already.
    """
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas, getAllLemmasOOV

    tables = [getAllInflections(lemma, upos=upos)
              for upos, lemmas in getAllLemmas(word).items() for lemma in lemmas]
    if not tables:  # outside the dictionary ("whitelisting"): only readings that inflect
        for upos in ("VERB", "NOUN"):
            for lemma in getAllLemmasOOV(word, upos=upos).get(upos, ()):
                if lemma != word:
                    tables.append(getAllInflectionsOOV(lemma, upos=upos))
    found = {tag for table in tables for tag, forms in table.items() if word in forms}
    if not found and re.search(r"(?<=.)(wo)?men$", word):
        return "NNS"  # craftswomen, aircrewmen: plurals of -man/-woman words it does not know
    if found & {"NN", "VB", "VBP", "JJ"}:
        return None
    return next((tag for tag in _INFLECTED if tag in found), None)


def _match_case(original: str, new: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    if letters and letters[0].isupper() and original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _article_before(text: str, start: int) -> tuple[int, str] | None:
    m = re.search(r"\b(an?|An?|AN?)([ \t]+|[ \t]*\n[ \t]*)$", text[max(0, start - 12):start])
    if not m:
        return None
    return start - len(m.group(0)), m.group(1)


_VOWEL_SOUND_EXCEPTIONS_A = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ewe", "ubi", "uga")
_VOWEL_SOUND_EXCEPTIONS_AN = ("hour", "honest", "honor", "honour", "heir")


def _article_for(word: str) -> str:
    low = word.lower()
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS_AN):
        return "an"
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS_A):
        return "a"
    return "an" if low[:1] in "aeiou" else "a"


def _pronoun_edit(text: str, finding: Finding, matched: str) -> Edit:
    low = matched.lower()
    after = text[finding.end:]
    next_word = _WORD.match(after.lstrip(" \t"))
    new = _PRONOUNS[low]
    if low == "his" and (next_word is None or not after[:1].isspace()):
        new = "theirs"  # "the choice is his." -> "the choice is theirs."
    if low == "her" and (next_word is None or not after[:1].isspace()
                         or next_word.group(0).lower() in _NOT_A_NOUN):
        new = "them"
    new = _match_case(matched, new)
    end = finding.end
    if low in _SUBJECTS:
        verb = _agreeing_verb(text, finding.end)
        if verb is not None:
            v_start, v_end, v_new = verb
            new = new + text[finding.end:v_start] + v_new
            end = v_end
    return Edit(finding.start, end, new, finding.rule_id)


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
            return w_start, w_end, _match_case(word, _IRREGULAR_AGREEMENT[low])
        from lemminflect import getAllInflections, getAllLemmas

        for lemma in getAllLemmas(low).get("VERB", ()):
            if low in getAllInflections(lemma, upos="VERB").get("VBZ", ()):
                return w_start, w_end, _match_case(word, lemma)
        return None
    return None


def plan(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> list[Edit]:
    """The edits to make, in text order, without overlaps (earlier, then longer, wins)."""
    allowed = {"safe", "unsafe"} if unsafe else {"safe"}
    edits = []
    for f in findings:
        if f.fix in allowed:
            edit = replacement_for(text, f)
            if edit is not None and text[edit.start:edit.end] != edit.replacement:
                edits.append(edit)
    edits.sort(key=lambda e: (e.start, -(e.end - e.start), e.rule_id))
    chosen: list[Edit] = []
    for edit in edits:
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
