"""The job an ad is for: its title line, as real ads write it.

Ads open with the title ("Senior Data Analyst", "# Team Lead, Payments") or label
it ("Job Title: Care Assistant", "Position:" with the title on the next line).
`job_title` returns that line as a `Span`, or None when the ad has no such line;
it never guesses from the body, and a first line that reads like a sentence
("We are hiring!", "We want an ambitious leader") is not a title.
"""

from __future__ import annotations

import re

from inclusivelint.analysis.document import Document, Span

MAX_WORDS = 12
# "Job Title:", "Title:", "Position:", "Role:", "Job:" (value on the same or the next line).
_LABEL = re.compile(r"^[ \t]*(?:job[ \t]+title|title|position|role|job)[ \t]*:[ \t]*(.*?)[ \t]*$",
                    re.IGNORECASE | re.MULTILINE)
_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?(.*?)[ \t#]*$", re.MULTILINE)
_SENTENCE_END = re.compile(r"[.!?;:,]$")
_LOWER = frozenset({"with", "from", "into", "over", "under"})  # may stay lower-case in a title


def job_title(doc: Document) -> Span | None:
    """The ad's title line (without heading marks), or None."""
    label = _labelled(doc)
    if label is not None:
        return label
    for m in _LINE.finditer(doc.text):
        if not m.group(1):
            continue
        start, end = m.start(1), m.end(1)
        if doc.in_prose(start) and _title_like(doc, start, end) and doc.text[end:].strip():
            return doc.span(start, end)
        return None  # only the first non-blank line can be the title
    return None


def _labelled(doc: Document) -> Span | None:
    for m in _LABEL.finditer(doc.text):
        if m.group(1):
            start, end = m.start(1), m.end(1)
        else:  # the value is the next non-blank line
            nxt = _LINE.search(doc.text, m.end() + 1)
            while nxt and not nxt.group(1) and nxt.end() < len(doc.text):
                nxt = _LINE.search(doc.text, nxt.end() + 1)
            if nxt is None or not nxt.group(1):
                continue
            start, end = nxt.start(1), nxt.end(1)
        if doc.in_prose(start) and _title_like(doc, start, end):
            return doc.span(start, end)
    return None


def _title_like(doc: Document, start: int, end: int) -> bool:
    """Short, not ended like a sentence, and in title case: every word of four or more
    letters capitalised ("Head of Data Science"), which a sentence such as "We want an
    ambitious leader" is not."""
    text = doc.text[start:end]
    words = [w.text for w in doc.words if start <= w.start < end]
    return (0 < len(words) <= MAX_WORDS and not _SENTENCE_END.search(text)
            and all(w[0].isupper() for w in words if len(w) >= 4 and w.lower() not in _LOWER))


def title_words(doc: Document, title: Span | None) -> tuple[str, ...]:
    """The lower-cased words of `title` (hyphenated parts apart), or ()."""
    if title is None:
        return ()
    return tuple(part for w in doc.words if title.start <= w.start < title.end
                 for part in w.lower.removesuffix("'s").split("-") if part)
