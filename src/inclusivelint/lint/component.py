"""inclusivelint as a spaCy pipeline component.

    nlp = spacy.blank("en")                 # or spacy.load("en_core_web_sm"), any pipeline
    nlp.add_pipe("inclusivelint")           # found through the spacy_factories entry point
    doc = nlp("The chairman approved the whitelist.")
    for span in doc.spans["inclusivelint"]:
        span.label_, span.text, span._.inclusivelint["suggestions"]

Each finding becomes a `Span` in `doc.spans[spans_key]`, labelled with the rule id,
with the finding itself (`Finding.as_dict()`: plain data, so docs still serialise
and `nlp.pipe(..., n_process=2)` works) on the `span._.inclusivelint` extension.
The component lints `doc.text` with the bundled (and `extra_rules`) rules; it reads
nothing the pipeline before it produced, so it works after any English pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from inclusivelint.lint.engine import linter_for
from inclusivelint.vocab import INPUT_FORMATS

NAME = "inclusivelint"


class InclusivelintComponent:
    def __init__(self, name: str = NAME, *, select: list[str] | None = None, ignore: list[str] | None = None,
                 input_format: str = "text", spans_key: str = NAME, extra_rules: Iterable[str] = ()):
        if input_format not in INPUT_FORMATS:
            raise ValueError(f"unknown input_format {input_format!r} (expected one of {', '.join(INPUT_FORMATS)})")
        self.name, self.spans_key, self.input_format = name, spans_key, input_format
        self.linter = linter_for(tuple(Path(d) for d in extra_rules))
        self.only = self.linter.selection(select, ignore)  # unknown names raise SelectionError here
        if not Span.has_extension(NAME):
            Span.set_extension(NAME, default=None)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for finding in self.linter.lint(doc.text, input_format=self.input_format, only=self.only):
            span = doc.char_span(finding.start, finding.end, label=finding.rule_id, alignment_mode="expand")
            if span is None:  # pragma: no cover - "expand" always finds the covering tokens
                continue
            span._.set(NAME, finding.as_dict())
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(NAME, default_config={"select": None, "ignore": None, "input_format": "text",
                                        "spans_key": NAME, "extra_rules": []})
def make_component(nlp: Language, name: str, select: list[str] | None, ignore: list[str] | None,
                   input_format: str, spans_key: str, extra_rules: list[str]) -> InclusivelintComponent:
    return InclusivelintComponent(name, select=select, ignore=ignore, input_format=input_format,
                                  spans_key=spans_key, extra_rules=extra_rules)
