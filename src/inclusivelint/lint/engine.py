"""The lint pipeline: text -> prose regions -> projected Doc -> matches -> findings.

`Linter` holds what is expensive to build (the spaCy tokenizer and the compiled
rulebook) and is reused for every document of a run; `lint_text` is the
one-call API over a process-wide default `Linter`. It builds each part on first
use, and a candidate prefilter (`prefilter`) picks the windows of the projected
text that can hold a finding, so only those are tokenized and matched, and a
text with none is answered without importing spaCy.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from inclusivelint.errors import SelectionError
from inclusivelint.lint import directives as directive
from inclusivelint.read import regions
from inclusivelint.lint.mentions import is_mention
from inclusivelint.lint.finding import Finding, Severity
from inclusivelint.read.lines import LineIndex
from inclusivelint.read.projection import project
from inclusivelint.read.segments import Segment
from inclusivelint.compile.rulebook import Rulebook, load_rulebook, rule_dirs
from inclusivelint.compile.rulebook import fingerprint as rulebook_fingerprint


def allowed(matched: str, allow: Iterable[str]) -> bool:
    """Whether an `allow` entry accepts a match: the entry's words (case, spacing and
    punctuation between words aside) are the matched words, or a run of whole words inside
    them. So `allow: [guys]` accepts "Hey guys", as does `allow: [hey guys]`; `allow: [guy]`
    accepts neither, and `allow: [master/slave]` accepts "master/slave" but not "master"."""
    words = _words(matched)
    for entry in allow:
        want = _words(entry)
        n = len(want)
        if n and any(words[i:i + n] == want for i in range(len(words) - n + 1)):
            return True
    return False


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


class _English:
    """spaCy's blank English: its vocabulary and tokenizer, made as `spacy.blank("en")`
    makes them (`create_vocab`, the registered `spacy.Tokenizer.v1`) but without the
    configuration system around them, which resolves type hints for a tenth of a
    second at every start. The linter needs nothing else of a `Language`; a test
    compares the tokens with `spacy.blank("en")`'s.

    There is no 1,000,000-character guard: it exists for parsers' memory, tokenizing
    is linear, and big files are also streamed in chunks (see stream.py)."""

    def __init__(self):
        from spacy import util
        from spacy.lang.en import English
        from spacy.tokenizer import Tokenizer
        from spacy.vocab import create_vocab

        defaults = English.Defaults
        self.vocab = create_vocab("en", defaults)
        self.tokenizer = Tokenizer(
            self.vocab,
            rules=defaults.tokenizer_exceptions,
            prefix_search=util.compile_prefix_regex(defaults.prefixes).search,
            suffix_search=util.compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=util.compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    def make_doc(self, text: str):
        return self.tokenizer(text)


class Linter:
    def __init__(self, extra_rule_dirs: Sequence[Path] = (), *, model: str | None = None,
                 fingerprint: str | None = None, bundled: bool = True, prefilter: bool = True):
        """Load (or compile) the rulebook: the bundled rules unless `bundled` is false, plus
        the rules in `extra_rule_dirs`. Loading does not run the rules' examples; `verify`
        does (the test suite, `inclusivelint rules --check`, and `linter_for` for a user's
        freshly changed rules).

        `model` names an installed trained pipeline ("auto" for the first one found)
        that checks named people near context-sensitive pronoun matches.

        The rulebook is loaded here (from the cache, without spaCy, so that bad rules
        fail here); spaCy, the matchers and the prefilter are built on first use (`load`
        builds them all). With `prefilter` false every text is matched whole (the
        prefilter's tests compare the two)."""
        self._dirs, self._bundled = tuple(extra_rule_dirs), bundled
        if fingerprint is None:
            try:
                fingerprint = rulebook_fingerprint(rule_dirs(self._dirs, bundled=bundled))
            except OSError:
                pass  # no cache then: the rulebook is compiled, the prefilter built in memory
        self._key = fingerprint
        self._nlp = self._matcher = self._prefilter = None
        self.use_prefilter = prefilter
        self.model = None
        if model:
            from inclusivelint.lint.trained import load

            self.model = load(model)
        self.rulebook, self.fresh = load_rulebook(_Tokenizer(self), self._dirs, bundled=bundled, key=fingerprint)
        # the rules `lint` runs unless asked for the whole-document (job-ad) checks
        self._ordinary = frozenset(self.rulebook.rules) - self.rulebook.document_rules

    # -- parts, built on first use -----------------------------------------
    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = _English()
        return self._nlp

    @property
    def matcher(self):
        if self._matcher is None:
            from inclusivelint.lint import matcher

            self._matcher = matcher.load(self._key, self.rulebook, self.nlp.vocab)
        return self._matcher

    @property
    def prefilter(self):
        if self._prefilter is None:
            from inclusivelint.lint import prefilter

            self._prefilter = prefilter.load(self._key, lambda: self.rulebook, lambda: self.nlp.tokenizer)
        return self._prefilter

    def load(self) -> "Linter":
        """Build every part now (before forking workers that should share them)."""
        if self.use_prefilter:
            self.prefilter  # noqa: B018
        self.matcher  # noqa: B018
        return self

    # -- selection ---------------------------------------------------------
    def resolve(self, names: Iterable[str]) -> set[str]:
        """Rule ids for a list of rule ids and category names."""
        out: set[str] = set()
        rules = self.rulebook.rules
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name in rules:
                out.add(name)
            elif name in self.rulebook.categories:
                out.update(r.id for r in rules.values() if r.category == name)
            else:
                raise SelectionError.unknown(name, [*rules, *self.rulebook.categories])
        return out

    def selection(self, select: Iterable[str] | None = None,
                  ignore: Iterable[str] | None = None) -> frozenset[str] | None:
        if not select and not ignore:
            return None
        chosen = self.resolve(select) if select else set(self.rulebook.rules)
        return frozenset(chosen - self.resolve(ignore or ()))

    # -- linting -----------------------------------------------------------
    def lint(self, text: str, *, path: str | None = None, input_format: str | None = None,
             only: frozenset[str] | None = None, severities: Mapping[str, Severity] | None = None,
             allow: Iterable[str] = (), directives: bool = True,
             warn_unused: bool = False, document: bool = False) -> list[Finding]:
        """Findings for one document, in text order.

        `only` restricts the rules (see `selection`); `severities` overrides a rule's
        severity; `allow` lists accepted terms (see `allowed`); inline directives are honoured unless `directives` is false,
        and with `warn_unused` each directive that suppressed nothing is a finding.
        Rules that read the whole document (job-ad requirement checks) run only with
        `document`, which the job-ad profile turns on.
        """
        fmt = input_format or regions.format_for_path(path)
        doc_rules = self.rulebook.document_rules
        if not document and doc_rules:
            only = self._ordinary if only is None else only - doc_rules
        # Prose that holds no needle cannot hold a finding: a reader may leave it unread.
        wanted = None
        if self.use_prefilter and self.model is None:
            reads_document = document and bool(doc_rules)
            wanted = lambda text, soft: self.prefilter.may_hold(text, soft, reads_document)  # noqa: E731
        found = self._lint_segments(text, regions.segments(text, fmt, path, wanted), path=path, only=only,
                                    document=document and bool(doc_rules))
        if allow:
            found = [f for f in found if not allowed(f.matched, allow)]
        if severities:
            found = [replace(f, severity=severities[f.rule_id]) if f.rule_id in severities else f
                     for f in found]
        if directives:
            parsed = directive.parse(text, fmt)
            if parsed:  # a directive's own words ("disable-line chairman") are not prose
                found = [f for f in found if not any(d.start <= f.start < d.end for d in parsed)]
            found = directive.apply(text, found, parsed, self.resolve)
            if warn_unused and parsed:
                found = sorted(found + directive.unused(text, parsed, only, path),
                               key=lambda f: (f.start, f.end, f.rule_id))
        return found

    def _lint_segments(self, text, segments, *, path, only, matcher=None, document=False) -> list[Finding]:
        """Findings in the prose `segments` of `text`, a group of whole blocks at a time
        (see `_groups`), so a long document never becomes one huge Doc; in each group only
        the windows the prefilter finds are tokenized and matched."""
        keep = self._document_filter(text) if document else None
        lines = LineIndex(text)
        findings = []
        for group in _groups(segments):
            findings.extend(self._lint_group(text, group, lines, path=path, only=only, matcher=matcher,
                                             keep=keep))
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings

    def _lint_group(self, text, segments, lines, *, path, only, matcher, keep) -> list[Finding]:
        proj = project(text, segments)
        if not proj.text.strip():
            return []
        windows = None
        if self.use_prefilter and self.model is None:  # the model reads whole sentences: no windows
            windows = self.prefilter.windows(proj.text, document=keep is not None)
        if windows is None:
            windows = [(0, len(proj.text))]
        spans = []  # (projected start, projected end, candidate)
        for a, b in windows:
            doc = self.nlp.make_doc(proj.text[a:b])
            window_keep = keep and (lambda c, doc=doc, a=a: keep(c, proj.span_to_source(
                a + doc[c.start].idx, a + doc[c.end - 1].idx + len(doc[c.end - 1].text))))
            for cand in self._candidates(doc, only, matcher, window_keep):
                last = doc[cand.end - 1]
                spans.append((a + doc[cand.start].idx, a + last.idx + len(last.text), cand))
        findings = []
        for p_start, p_end, cand in spans:
            start, end = proj.span_to_source(p_start, p_end)
            rule = self.rulebook.rules[cand.rule_id]
            matched = text[start:end]
            line, col = lines.position(start)
            end_line, end_col = lines.position(end)
            findings.append(Finding(
                rule_id=rule.id, category=rule.category, severity=rule.severity,
                message=rule.render_message(" ".join(matched.split())),
                start=start, end=end, line=line, column=col, end_line=end_line, end_column=end_col,
                matched=matched, suggestions=rule.suggestions, sources=rule.sources,
                fix=rule.fix, path=path, advice=rule.advice,
            ))
        findings.sort(key=lambda f: (f.start, f.end, f.rule_id))
        return findings

    def _candidates(self, doc, only, matcher=None, keep=None) -> list:
        """The rule candidates of one Doc, mentions dropped, filtered by `keep` (the
        document rules' conditions), overlaps resolved."""
        candidates = [c for c in (matcher or self.matcher)(doc, only) if not is_mention(doc, c.start, c.end)]
        if self.model is not None and candidates:
            candidates = self._refine(doc, candidates)
        if keep is not None:
            candidates = [c for c in sorted(candidates, key=lambda c: (c.start, c.end)) if keep(c)]
        return _longest(candidates, self.rulebook)

    def _document_filter(self, text):
        """The filter stage of document rules: a candidate, at its source span, is kept when
        the ad, read as a whole (`analysis.adread`, read once, on the first candidate that
        needs it), meets its rule's `document:` conditions. Groups and windows come in text
        order, so `once` holds."""
        rules = self.rulebook.rules
        reading, stated = [], set()

        def keep(cand, span: tuple[int, int]) -> bool:
            check = rules[cand.rule_id].document
            if check is None:
                return True
            if check.once and cand.rule_id in stated:
                return False
            if not reading:
                from inclusivelint.analysis.adread import AdReading

                reading.append(AdReading(text))
            if not reading[0].allows(check, *span):
                return False
            stated.add(cand.rule_id)
            return True

        return keep

    def _refine(self, doc, candidates: list) -> list:
        """Drop generic-pronoun candidates that the trained pipeline sees follow a named
        person, running it only on the sentences around those candidates."""
        from inclusivelint.lint.context import sentences_around

        rules = self.rulebook.rules
        parsed: dict[tuple[int, int], object] = {}
        kept = []
        for cand in candidates:
            if not any(c.kind == "antecedent" for c in rules[cand.rule_id].requires):
                kept.append(cand)
                continue
            a, b = sentences_around(doc, cand.start, cand.end, back=1)
            if (a, b) not in parsed:
                parsed[(a, b)] = self.model(doc[a:b].text)
            mdoc, at = parsed[(a, b)], doc[cand.start].idx - doc[a].idx
            if any(ent.label_ == "PERSON" and ent.end_char <= at for ent in mdoc.ents):
                continue  # the pronoun most likely refers to this person
            kept.append(cand)
        return kept


class _Tokenizer:
    """The linter's tokenizer, made only when the rules must be compiled."""

    def __init__(self, linter: Linter):
        self.linter = linter

    def __call__(self, text: str):
        return self.linter.nlp.tokenizer(text)


GROUP_CHARS = 200_000  # prose characters tokenised as one Doc, at least (whole blocks)


def _groups(segments: Sequence[Segment]) -> Iterable[Sequence[Segment]]:
    """Consecutive runs of whole blocks with about GROUP_CHARS of prose each. No match and
    no context reaches across a block (a paragraph, a list item, a cell), so linting the
    runs one by one finds what linting all at once would, in memory bounded by a run:
    a spaCy Doc costs hundreds of bytes a token (a 25 MB file took 1.3 GB at once)."""
    start, size = 0, 0
    for i, seg in enumerate(segments):
        if size >= GROUP_CHARS and seg.block != segments[i - 1].block:
            yield segments[start:i]
            start, size = i, 0
        size += seg.end - seg.start
    yield segments[start:]


def _longest(candidates: list, book: Rulebook) -> list:
    """Resolve overlaps: the longest match wins, then the more severe, then the earlier."""
    ordered = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), -book.rules[c.rule_id].severity, c.start, c.rule_id),
    )
    taken: set[int] = set()
    kept = []
    for cand in ordered:
        span = range(cand.start, cand.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(cand)
    return kept


_linters: dict[tuple, Linter] = {}
_CACHED = 4  # rule sets kept in memory per process


def linter_for(extra_rule_dirs: Sequence[Path] = (), model: str | None = None, *,
               verify: bool = True) -> Linter:
    """The one linter cache: a Linter for these rule directories, reused in this process
    while the rule files stay the same, so a long-lived process (the web page, a
    language server, a Dask worker) sees edits to a user's extra rules. A rule set
    whose extra rules were compiled just now has their examples checked first, unless
    `verify` is false (`rules --check` reports every problem itself)."""
    from inclusivelint.compile.loader import bundled_rules_dir
    from inclusivelint.compile.rulebook import fingerprint

    dirs = tuple(Path(d) for d in extra_rule_dirs)
    try:
        key = fingerprint([bundled_rules_dir(), *dirs])
    except OSError:
        key = ""
    linter = _linters.get((dirs, key, model))
    if linter is None:
        linter = Linter(dirs, model=model, fingerprint=key or None)
        if dirs and linter.fresh and verify:
            from inclusivelint.compile.verify import first_problem

            book = linter.rulebook
            problem = first_problem(linter, [book.rules[i] for i in sorted(book.extra_ids)])
            if problem is not None:
                raise problem
        while len(_linters) >= _CACHED:
            _linters.pop(next(iter(_linters)))
        _linters[(dirs, key, model)] = linter
    return linter


def default_linter() -> Linter:
    return linter_for(())


def lint_text(text: str, *, path: str | None = None, input_format: str | None = None,
              select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Finding]:
    """Lint a string with the bundled rules and return its findings, in text order.

    `select`/`ignore` take rule ids or category names; `input_format` is one of
    ``vocab.INPUT_FORMATS`` (default: from `path`'s extension, else plain text).
    """
    linter = default_linter()
    return linter.lint(text, path=path, input_format=input_format,
                       only=linter.selection(select, ignore))
