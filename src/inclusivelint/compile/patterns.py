"""The pattern DSL: parse a rule's phrase into alternatives of word forms.

A pattern such as ``pay [$poss] dues`` becomes a sequence of *elements*; each
element is a set of alternatives, each alternative a tuple of surface strings
(words as written, before tokenization). Expanding the product of the elements
gives every concrete phrase the pattern stands for. The matcher module turns
those phrases into spaCy patterns; this module knows nothing of spaCy.

Grammar (see rules/README.md)::

    pattern  := item+
    item     := word | '(' alts ')' | '[' alts ']' | '$macro' | '*' | '*?'
    alts     := pattern ('|' pattern)*
    word     := '=' TEXT | '!' TEXT | TEXT (':' ('noun'|'verb'|'adj'))?   # TEXT may hold '-' joints
                                          # and backslash-escaped ( ) [ ] | (\\(s\\)he)
"""

from __future__ import annotations

from inclusivelint.errors import PatternError
import itertools
import re
from dataclasses import dataclass
from typing import Callable, Iterable

MACROS: dict[str, tuple[str, ...]] = {
    # Punctuation with a meaning of its own, named once so that rules never list it:
    "sep": (",", "/", ";", "&"),  # separates items of a list ("Postman, Jira")
    "dash": ("-", "–", "—"),
    "end": (".", "!", "?", ";", ":"),  # ends a sentence or clause
    "quote": ('"', "“", "”"),
    "percent": ("%", "percent", "per cent", "pct"),
    "poss": ("my", "your", "his", "her", "their", "our", "its", "one's", "someone's"),
    "det": ("a", "an", "the", "this", "that", "these", "those"),
    "be": ("be", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m"),
    "pron": ("he", "she", "they", "you", "we", "i", "it"),
}

POS_NAMES = {"noun": "NOUN", "verb": "VERB", "adj": "ADJ"}

# The most alternatives one pattern may stand for; more is a sign of a pattern
# that wants splitting (and would bloat the compiled rulebook).
MAX_EXPANSIONS = 20_000


@dataclass(frozen=True, slots=True)
class Wildcard:
    optional: bool


@dataclass(frozen=True, slots=True)
class Number:
    """`$number`: one token that reads as a number ("3", "ten", "2.5");
    `$year`: one token of four digits ("1943")."""

    year: bool = False


class Cased(str):
    """A word that matches only with exactly this capitalisation (`!Postman`)."""

    __slots__ = ()


# An element is either a Wildcard or a tuple of alternatives, each alternative a
# tuple of surface words (an empty tuple is "nothing", used by optional groups).
Element = Wildcard | Number | tuple[tuple[str, ...], ...]

FormsFn = Callable[[str, str | None], Iterable[str]]

# A backslash makes a bracket or bar part of a word: `\(s\)he` is the word "(s)he".
_TOKEN = re.compile(r"\s+|[()\[\]|]|\*\?|\*|(?:\\[()\[\]|]|\\|[^\s()\[\]|\\])+")
_ESCAPE = re.compile(r"\\([()\[\]|])")


def _lex(pattern: str) -> list[str]:
    pos = 0
    out = []
    while pos < len(pattern):
        m = _TOKEN.match(pattern, pos)
        assert m is not None  # the regex matches any character
        if not m.group().isspace():
            out.append(m.group())
        pos = m.end()
    return out


class _Parser:
    def __init__(self, pattern: str, forms: FormsFn):
        self.pattern = pattern
        self.tokens = _lex(pattern)
        self.i = 0
        self.forms = forms

    def fail(self, what: str) -> PatternError:
        return PatternError(f"pattern {self.pattern!r}: {what}")

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> list[Element]:
        seq = self.sequence(top=True)
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()!r}")
        if not seq:
            raise self.fail("is empty")
        if all(isinstance(e, (Wildcard, Number)) or () in e for e in seq) and \
                not any(isinstance(e, Number) for e in seq):
            raise self.fail("can match nothing but optional parts")
        return seq

    def sequence(self, top: bool = False) -> list[Element]:
        seq: list[Element] = []
        while (tok := self.peek()) is not None and tok not in ")]|":
            self.i += 1
            if tok in ("(", "["):
                closing = ")" if tok == "(" else "]"
                alts = self.alternatives(closing)
                if tok == "[":
                    alts = ((),) + alts
                seq.append(alts)
            elif tok in ("*", "*?"):
                seq.append(Wildcard(optional=tok == "*?"))
            elif tok.lower() in ("$number", "$year"):
                seq.append(Number(year=tok.lower() == "$year"))
            elif tok.startswith("$"):
                name = tok[1:].lower()
                if name not in MACROS:
                    known = ", ".join(["$number", "$year"] + ["$" + m for m in MACROS])
                    raise self.fail(f"unknown macro {tok!r} (known: {known})")
                seq.append(tuple((w,) for w in MACROS[name]))
            else:
                seq.append(self.word(tok))
        if top and self.peek() in (")", "]", "|"):
            raise self.fail(f"unbalanced {self.peek()!r}")
        return seq

    def alternatives(self, closing: str) -> tuple[tuple[str, ...], ...]:
        alts: list[tuple[str, ...]] = []
        while True:
            seq = self.sequence()
            if any(isinstance(e, Wildcard) for e in seq):
                raise self.fail("a wildcard cannot stand inside a group")
            if not seq:
                raise self.fail("has an empty alternative")
            alts.extend(expand(seq))
            tok = self.peek()
            self.i += 1
            if tok == "|":
                continue
            if tok == closing:
                return tuple(dict.fromkeys(alts))
            raise self.fail(f"missing {closing!r}")

    def word(self, tok: str) -> tuple[tuple[str, ...], ...]:
        if "\\" in tok:  # punctuation inside a word matches as written
            text = _ESCAPE.sub(r"\1", tok.lstrip("="))
            return ((Cased(text[1:]),),) if text.startswith("!") else ((text.lower(),),)
        if tok.startswith("!") and tok[1:2].isalnum():
            return tuple((Cased(v),) for v in _joint_variants([tok[1:]]))
        if tok.startswith("="):
            text = tok[1:]
            if not text:
                raise self.fail("'=' must be followed by a word")
            return tuple((v,) for v in _joint_variants([text.lower()]))
        pos = None
        if ":" in tok and tok.rsplit(":", 1)[1] in POS_NAMES:
            tok, pos_name = tok.rsplit(":", 1)
            pos = POS_NAMES[pos_name]
        parts = tok.lower().split("-")
        if len(parts) > 1 and all(parts):
            # Inflect the head (last part) only: man-hour -> man-hours.
            heads = sorted(set(self.forms(parts[-1], pos)))
            variants: list[str] = []
            for head in heads:
                variants.extend(_joint_variants(parts[:-1] + [head]))
            return tuple((v,) for v in dict.fromkeys(variants))
        return tuple((f,) for f in sorted(set(self.forms(tok.lower(), pos))))


def _joint_variants(parts: list[str]) -> list[str]:
    """``["culture", "fit"]`` -> culture-fit, culture fit, culturefit."""
    if len(parts) == 1:
        parts = parts[0].split("-") if "-" in parts[0].strip("-") else parts
    if len(parts) == 1:
        return parts
    return ["-".join(parts), " ".join(parts), "".join(parts)]


def count(seq: list[Element]) -> int:
    """How many concrete phrases a wildcard-free pattern stands for."""
    total = 1
    for element in seq:
        total *= len(element)  # type: ignore[arg-type]
    return total


def expand(seq: list[Element]) -> list[tuple[str, ...]]:
    """Every concrete word sequence a wildcard-free element sequence stands for."""
    total = 1
    for element in seq:
        assert not isinstance(element, Wildcard)
        total *= len(element)
        if total > MAX_EXPANSIONS:
            raise PatternError(
                f"pattern stands for more than {MAX_EXPANSIONS} phrases; split it into several"
            )
    out = []
    for combo in itertools.product(*seq):  # type: ignore[arg-type]
        out.append(tuple(w for alt in combo for w in alt))
    return out


def parse(pattern: str, forms: FormsFn) -> list[Element]:
    """Parse one pattern; `forms(word, upos)` gives the inflections of a word."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("a pattern must be a non-empty string")
    return _Parser(pattern, forms).parse()


def has_wildcard(seq: list[Element]) -> bool:
    """Whether the pattern has slots that are not words (`*`, `$number`): token patterns only."""
    return any(isinstance(e, (Wildcard, Number)) for e in seq)


def has_case(seq: list[Element]) -> bool:
    """Whether any word of the pattern must match with its capitalisation."""
    return any(isinstance(w, Cased) for e in seq if not isinstance(e, (Wildcard, Number)) for alt in e for w in alt)


def phrases(seq: list[Element]) -> list[str]:
    """The concrete phrases of a wildcard-free pattern, as strings to tokenize."""
    return [" ".join(words) for words in expand(seq) if words]
