"""English agreement for replacements: inflection, case, articles and the words around a span.

`fix.edit_for` asks these questions of the text around a finding; nothing here
knows about findings or rules. Word forms come from lemminflect, loaded on first use.
"""

from __future__ import annotations

from functools import lru_cache

import re

# Tags of inflected forms, in the order we prefer them when a word reads several ways
# (an inflected reading beats a base one: "whitelisting" is VBG, not a noun).
_INFLECTED = ("VBD", "VBN", "VBG", "VBZ", "NNS", "JJR", "JJS")
_VERB_TAGS = ("VBD", "VBN", "VBG", "VBZ")
# Words that start what follows a noun phrase's head ("person [with an addiction]").
_POSTMODIFIERS = frozenset({"of", "with", "in", "who", "that", "which", "for", "from", "on", "at",
                            "to", "without", "whose", "living", "using"})
_ADJECTIVE_ENDINGS = r"(ible|able|ful|ous|ive|al|ic|less)$"
_IRREGULAR_PLURALS = {"person": "people", "Person": "People"}
ARTICLES = frozenset({"a", "an", "the"})
# Words that already fill the determiner slot before a noun phrase.
DETERMINERS = ARTICLES | {"our", "your", "their", "his", "her", "its", "my", "this", "that", "these",
                          "those", "each", "every", "any", "some", "no", "two", "three", "four", "five",
                          "several", "many", "few", "both", "all", "more", "most"}
# Nouns that do not take a plural in the sense a suggestion means ("staff", "effort").
_UNCOUNTABLE = frozenset({"staff", "people", "personnel", "effort", "humanity", "humankind", "kin",
                          "mayhem", "language", "advocacy", "camaraderie", "solidarity", "workforce",
                          "capacity", "english", "french", "clergy", "crew", "life"})
SUBJECTS = frozenset({"we", "you", "they", "i"})
_DETERMINER_BEFORE = re.compile(r"\b([A-Za-z]+)([ \t]+|[ \t]*\n[ \t]*)$")
_VOWEL_SOUND_EXCEPTIONS_A = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ewe", "ubi", "uga")
_VOWEL_SOUND_EXCEPTIONS_AN = ("hour", "honest", "honor", "honour", "heir")


def _stop_words() -> frozenset[str]:
    # Imported where needed: importing spaCy costs half a second, and `article_for` is also
    # used by the document analysis, which may run without it.
    from spacy.lang.en.stop_words import STOP_WORDS

    return STOP_WORDS


def word_before(text: str, start: int) -> tuple[int, str] | None:
    """The word just before `start` (across spaces and one line break) and where it starts."""
    m = _DETERMINER_BEFORE.search(text[max(0, start - 24):start])
    if not m:
        return None
    return start - len(m.group(0)), m.group(1)


def first_word(phrase: str) -> str:
    return phrase.split(" ", 1)[0]


def drop_first_word(phrase: str) -> str:
    return phrase.split(" ", 1)[1] if " " in phrase else ""


def article_for(word: str) -> str:
    if re.match(r"[A-Z]{2}", word):  # an initialism reads letter by letter: an HR team, a US citizen
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    low = word.lower()
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS_AN):
        return "an"
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS_A):
        return "a"
    return "an" if low[:1] in "aeiou" else "a"


def match_case(original: str, new: str, *, capital: bool = True) -> str:
    """`new` in the case of `original`: ALL CAPS stays all caps, and a capital first
    letter stays where `capital` says a capital belongs there (a sentence start, a title)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    if capital and letters and letters[0].isupper() and original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def in_title(text: str, start: int, end: int) -> bool:
    """Whether the words either side of [start, end) are capitalised too (a title or a name)."""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 40):start].split("\n")[-1])
    after = re.findall(r"[A-Za-z]+", text[end:end + 40].split("\n")[0])
    near = [w for w in before[-1:] + after[:1] if w.lower() not in _stop_words()]
    return bool(near) and all(w[:1].isupper() for w in near)


def adjective_only(word: str) -> bool:
    """A dictionary word with an adjective reading and no noun one ("decisive", "skilled")."""
    from lemminflect import getAllLemmas

    readings = getAllLemmas(word.lower())
    return "ADJ" in readings and "NOUN" not in readings


def predicative(phrase: str) -> bool:
    """An adjective with its complement ("experienced with tools", "fluent in English"),
    which follows a verb but cannot take an article."""
    words = phrase.split(" ")
    return len(words) > 1 and adjective_only(words[0]) and words[1].lower() in _POSTMODIFIERS


def can_describe(word: str) -> bool:
    """Whether a word can stand before a noun as a modifier: an adjective reading, or a
    word outside the dictionary ("rockstar")."""
    from lemminflect import getAllLemmas

    readings = getAllLemmas(word.lower())
    return not readings or "ADJ" in readings


def noun_follows(text: str, end: int) -> bool:
    """Whether the next word could head a noun phrase that the span modifies."""
    m = re.match(r"[ \t]+([A-Za-z][A-Za-z-]*)", text[end:])
    if not m or m.group(1).lower() in _stop_words():
        return False
    from lemminflect import getAllLemmas

    readings = getAllLemmas(m.group(1).lower())
    return not readings or "NOUN" in readings or m.group(1)[:1].isupper()


def at_sentence_start(text: str, start: int) -> bool:
    """Whether `start` opens a sentence, a line item or a heading."""
    before = text[:start].rstrip(" \t")
    if not before or before.endswith(("\n", ".", "!", "?")):
        return True
    line = before[before.rfind("\n") + 1:]
    return bool(re.fullmatch(r"\s*(?:[-*+>#]+|\d+[.)])", line))


@lru_cache(maxsize=8192)  # lemminflect lookups cost ~1 ms; a long text repeats its words
def reinflect(matched: str, suggestion: str) -> str:
    """Give the suggestion the inflection of the matched words.

    A verb phrase ("paid their dues") passes its tense to the suggestion's first
    word when that is a verb ("build experience" -> "built experience"). Otherwise
    the head takes the inflection of the matched text's last word: the last word,
    or the word before a preposition or relative word ("member of Congress" ->
    "members of Congress", "person with an addiction" -> "people with an addiction"). Only a
    base-form head that can carry the inflection changes: "chair" takes the plural
    of "chairmen", but "ambitious" never becomes a plural, "hearing" (already a
    participle) and "everyone" stay as written.
    """
    words = suggestion.split(" ")
    first = re.findall(r"[A-Za-z]+", matched)
    if len(first) > 1 and len(words) > 1:
        tag = surface_tag(first[0].lower())
        if tag in _VERB_TAGS and _is_base_verb(words[0].lower()):
            return " ".join([_inflect(words[0], tag, first[0]) or words[0]] + words[1:])
    # The head of the matched words too: "[Masters] of Ceremonies", not "Ceremonies".
    m_ends = [i for i, w in enumerate(first) if i > 0 and w.lower() in _POSTMODIFIERS]
    surface = (first[m_ends[0] - 1] if m_ends else first[-1]) if first else None
    ends = [i for i, w in enumerate(words) if i > 0 and w.lower() in _POSTMODIFIERS]
    at = ends[0] - 1 if ends else len(words) - 1
    head = words[at]
    if surface is None:
        return suggestion
    tag = _noun_first(surface_tags(surface.lower()))
    inflected = _inflect(head, tag, surface)
    if inflected is None:
        return suggestion
    rest = words[at + 1:]
    if tag == "NNS" and len(rest) > 1 and rest[0].lower() in ("who", "that"):
        rest = [rest[0], _plural_verb(rest[1])] + rest[2:]  # "people who use drugs"
    return " ".join(words[:at] + [inflected] + rest)


def _plural_verb(word: str) -> str:
    from lemminflect import getAllInflections, getAllLemmas

    irregular = {"is": "are", "was": "were", "has": "have", "does": "do"}
    if word.lower() in irregular:
        return irregular[word.lower()]
    for lemma in getAllLemmas(word.lower()).get("VERB", ()):
        if word.lower() in getAllInflections(lemma, upos="VERB").get("VBZ", ()):
            return lemma
    return word


def verb_form(word: str) -> bool:
    """Whether a word form is inflected as a verb only ("whitelisted", "whitelisting")."""
    tags = surface_tags(word.lower())
    return bool(tags) and all(t in _VERB_TAGS for t in tags)


def _has_plural(word: str) -> bool:
    from lemminflect import getAllInflections

    return "NNS" in getAllInflections(word, upos="NOUN")


def _noun_first(tags: tuple[str, ...]) -> str | None:
    """For the head of a noun phrase, a plural reading beats a verb one ("bills", "guys")."""
    return "NNS" if "NNS" in tags else (tags[0] if tags else None)


def _is_base_verb(word: str) -> bool:
    from lemminflect import getAllInflections

    return word.isalpha() and word in getAllInflections(word, upos="VERB").get("VB", ())


def _inflect(head: str, tag: str | None, surface: str) -> str | None:
    if "-" in head.strip("-") and tag == "NNS":  # "cross-dresser" -> "cross-dressers"
        first, _, last = head.rpartition("-")
        tail = _inflect(last, tag, surface)
        return None if tail is None else f"{first}-{tail}"
    low = head.lower()
    if tag is None or not head.isalpha() or surface_tag(low) is not None:
        return None
    if low in _stop_words() and not (tag == "NNS" and _has_plural(low)):
        return None  # function words stay; a noun spaCy lists as a stop word ("name") still inflects
    if low in _UNCOUNTABLE or low.endswith("ing") or head.isupper():
        return None  # "staff", "testing" and "MC" keep their form
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    known = getAllInflections(low)
    if known and tag not in known:
        return None  # e.g. an adjective offered for a plural noun phrase
    readings = getAllLemmas(low)
    if not known and readings and not {"NOUN", "VERB"} & set(readings):
        return None  # an adjective has no verb or plural form
    if tag in _VERB_TAGS and "VERB" not in readings and (readings or re.search(_ADJECTIVE_ENDINGS, low)):
        return None  # "handicapped [parking]" + "accessible": no "accessibling"; "allowlisted" is fine
    if tag == "NNS" and head in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[head]
    forms = getInflection(low, tag=tag)
    if not forms:
        return None
    inflected = forms[0]
    if inflected.lower() == surface.lower() and not getAllLemmas(surface.lower()):
        # A form outside the dictionary that the suggestion means to replace whole
        # ("transgendered" -> "transgender"), not to inflect.
        return None
    return inflected[:1].upper() + inflected[1:] if head[:1].isupper() else inflected


@lru_cache(maxsize=8192)
def surface_tag(word: str) -> str | None:
    """The Penn tag of an inflected word form, or None for a base form.

    A word that is a base form in any reading ("fit", "manpower", "blacklist") is
    left alone: the suggestion is written in base form already.
    """
    tags = surface_tags(word)
    return tags[0] if tags else None


def surface_tags(word: str) -> tuple[str, ...]:
    """Every inflected reading of a word form, preferred first (empty for a base form)."""
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
        return ("NNS",)  # craftswomen, aircrewmen: plurals of -man/-woman words it does not know
    if found & {"NN", "VB", "VBP", "JJ"}:
        return ()
    return tuple(tag for tag in _INFLECTED if tag in found)


def only_a_verb(word: str) -> bool:
    """A dictionary word with verb readings and no noun or adjective one ("allow")."""
    from lemminflect import getAllLemmas

    readings = getAllLemmas(word.lower())
    return bool(readings) and set(readings) <= {"VERB", "AUX"}
