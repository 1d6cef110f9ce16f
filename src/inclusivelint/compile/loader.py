"""Read rule files and the source registry into `Rule` values, validating as we go.

Every problem is a `RuleError` whose text is ``file: key: what is wrong``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from inclusivelint.errors import RuleError
from inclusivelint.lint.finding import Severity
from inclusivelint.compile.fields import _document, _evidence, _fixed, _str_list, _suggestions
from inclusivelint.compile.rule import CATEGORIES, FIX_APPLICABILITY, Context, Example, Rule, Source

try:  # the C loader is several times faster; fall back where libyaml is absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

REQUIRED = ("id", "category", "severity", "message", "reason", "sources", "match", "suggestions", "examples")
OPTIONAL = ("unless", "requires", "fix", "notes", "evidence", "document", "fixed")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)
SOURCES_FILE = "sources.yaml"
# Product, company and place names that contain a flagged word; every rule leaves them alone.
NAMES_FILE = "names.yaml"


def bundled_rules_dir() -> Path:
    """The rules shipped in the wheel (or, in a source checkout, the top-level rules/)."""
    packaged = resources.files("inclusivelint") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise RuleError("inclusivelint", "", "the bundled rules are missing from this installation")


def rule_files(directory: Path) -> list[Path]:
    """Rule files in a directory, in a stable order (the registry excluded)."""
    return sorted(
        p for p in directory.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.name not in (SOURCES_FILE, NAMES_FILE) and p.is_file()
    )


def _read_yaml(path: Path, shown: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(shown, "", f"cannot read: {exc}") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(shown, "", f"{where}invalid YAML: {problem}") from None


def load_sources(path: Path, shown: str | None = None) -> dict[str, Source]:
    shown = shown or str(path)
    data = _read_yaml(path, shown)
    if not isinstance(data, dict):
        raise RuleError(shown, "", "expected a mapping of source id to title, publisher, year")
    out = {}
    for sid, entry in data.items():
        if not isinstance(entry, dict):
            raise RuleError(shown, str(sid), "expected a mapping with title, publisher, year")
        unknown = set(entry) - {"title", "publisher", "year", "authors", "url"}
        if unknown:
            raise RuleError(shown, f"{sid}.{sorted(unknown)[0]}", "unknown key")
        for key in ("title", "publisher"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise RuleError(shown, f"{sid}.{key}", "required, a non-empty string")
        year = entry.get("year")
        if year is not None and not isinstance(year, int):
            raise RuleError(shown, f"{sid}.year", "expected a year as a number, or null")
        out[str(sid)] = Source(str(sid), entry["title"], entry["publisher"], year,
                               entry.get("authors"), entry.get("url"))
    return out


def load_names(path: Path, shown: str | None = None) -> tuple[str, ...]:
    """The proper names of a `names.yaml`: ``names: [Rockstar Games, ...]``, each as written,
    capitals included, with at least one capital letter (a name, not a common phrase)."""
    shown = shown or str(path)
    data = _read_yaml(path, shown)
    if not isinstance(data, dict) or set(data) != {"names"}:
        raise RuleError(shown, "", "expected one key, names: a list of proper names")
    names = _str_list(data["names"], shown, "names")
    for i, name in enumerate(names):
        if not any(c.isupper() for c in name):
            raise RuleError(shown, f"names[{i}]", f"{name!r} has no capital letter: list proper names as written")
        if any(c in name for c in "()[]|*$!\\"):
            raise RuleError(shown, f"names[{i}]", f"{name!r}: write the name as plain words")
    return names


def parse_example(text: Any, shown: str, key: str) -> Example:
    """``"Stop [[paying your dues]] now."`` -> Example with the span of the marked words.
    A mapping may add `fixed` (the text after fixing) and, for document rules, `before` /
    `after`: unmarked lines of the surrounding document, joined to the text by line breaks."""
    fixed = None
    if isinstance(text, dict):
        unknown = set(text) - {"text", "fixed", "before", "after"}
        if unknown:
            raise RuleError(shown, f"{key}.{sorted(unknown)[0]}", "unknown key (expected text, fixed, before, after)")
        fixed = text.get("fixed")
        around = {side: text.get(side) for side in ("before", "after")}
        for side, value in around.items():
            if value is not None and (not isinstance(value, str) or "[[" in value):
                raise RuleError(shown, f"{key}.{side}", "expected a string without [[ ]] marks")
        text = text.get("text")
        if fixed is not None and not isinstance(fixed, str):
            raise RuleError(shown, f"{key}.fixed", "expected a string")
        if isinstance(text, str) and (around["before"] or around["after"]):
            text = "\n".join(p for p in (around["before"], text, around["after"]) if p)
    if not isinstance(text, str) or not text.strip():
        raise RuleError(shown, key, "expected a non-empty string")
    spans, plain, last = [], [], 0
    for m in _MARK.finditer(text):
        plain.append(text[last:m.start()])
        start = sum(map(len, plain))
        plain.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        last = m.end()
    plain.append(text[last:])
    clean = "".join(plain)
    if "[[" in clean or "]]" in clean:
        raise RuleError(shown, key, "unbalanced [[ ]] marker")
    return Example(clean, tuple(spans), fixed)


_DEFAULT_WINDOW = {"near": 6, "before": 1, "after": 1, "antecedent": 40}


def _contexts(value: Any, shown: str, field: str, kinds: tuple[str, ...]) -> tuple[Context, ...]:
    """`unless:` / `requires:` entries: phrases (unless only) or {kind: [words], window: N} maps."""
    if value is None:
        return ()
    allowed = " or ".join(kinds)
    if not isinstance(value, list):
        raise RuleError(shown, field, f"expected a list of {{{allowed}: [words]}} maps")
    out = []
    for i, entry in enumerate(value):
        key = f"{field}[{i}]"
        if isinstance(entry, str) and field == "unless":
            out.append(Context("phrase", (entry,)))
            continue
        if not isinstance(entry, dict):
            raise RuleError(shown, key, f"expected a {{{allowed}: [words]}} map")
        unknown = set(entry) - set(kinds) - {"window"}
        if unknown:
            raise RuleError(shown, f"{key}.{sorted(unknown)[0]}", f"unknown key (expected {allowed}, window)")
        present = [k for k in entry if k in kinds]
        if len(present) != 1:
            raise RuleError(shown, key, f"needs exactly one of {allowed}")
        kind = present[0]
        window = entry.get("window", _DEFAULT_WINDOW[kind])
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 80:
            raise RuleError(shown, f"{key}.window", "expected a whole number from 1 to 80")
        out.append(Context(kind, _str_list(entry[kind], shown, f"{key}.{kind}"), window))
    return tuple(out)


def parse_rule(data: Any, shown: str, *, sources: dict[str, Source], expected_id: str | None = None,
               expected_category: str | None = None, categories: Iterable[str] = CATEGORIES,
               sources_file: str = f"rules/{SOURCES_FILE}") -> Rule:
    """One rule from its YAML mapping. `sources_file` is where an unknown source id
    should be added: the bundled `rules/sources.yaml`, or the `sources.yaml` beside a
    directory of extra rules."""
    if not isinstance(data, dict):
        raise RuleError(shown, "", "expected a mapping of rule fields")
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            raise RuleError(shown, str(key), f"unknown key (expected {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        if key not in data:
            raise RuleError(shown, key, "required key is missing")
    rid = data["id"]
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(shown, "id", "expected a kebab-case id such as 'paying-dues'")
    if expected_id is not None and rid != expected_id:
        raise RuleError(shown, "id", f"{rid!r} differs from the file name {expected_id!r}")
    category = data["category"]
    if category not in categories:
        raise RuleError(shown, "category", f"{category!r} is not one of {', '.join(categories)}")
    if expected_category is not None and category != expected_category:
        raise RuleError(shown, "category", f"{category!r} differs from the folder {expected_category!r}")
    try:
        severity = Severity.parse(str(data["severity"]))
    except ValueError as exc:
        raise RuleError(shown, "severity", str(exc)) from None
    for key in ("message", "reason"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError(shown, key, "expected a non-empty string")
    if "\n" in data["message"].strip():
        raise RuleError(shown, "message", "must be one line")
    rule_sources = _str_list(data["sources"], shown, "sources")
    for sid in rule_sources:
        if sid not in sources:
            raise RuleError(shown, "sources", f"unknown source id {sid!r} (add it to {sources_file})")
    match = _str_list(data["match"], shown, "match")
    suggestions, advice = _suggestions(data["suggestions"], shown)
    fix = data.get("fix", "display-only")
    if fix not in FIX_APPLICABILITY:
        raise RuleError(shown, "fix", f"{fix!r} is not one of {', '.join(FIX_APPLICABILITY)}")
    if fix != "display-only" and len(advice) == len(suggestions):
        raise RuleError(shown, "fix", f"{fix} needs a suggestion that can replace the words; "
                                      "every one is advice, so the fix is display-only")
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"}:
        raise RuleError(shown, "examples", "expected a mapping with 'flag' and 'pass' lists")
    parsed = {}
    for kind in ("flag", "pass"):
        items = examples.get(kind)
        if not isinstance(items, list) or len(items) < 2:
            raise RuleError(shown, f"examples.{kind}", "expected a list of at least two examples")
        parsed[kind] = tuple(parse_example(t, shown, f"examples.{kind}[{i}]") for i, t in enumerate(items))
    for i, ex in enumerate(parsed["flag"]):
        if not ex.spans:
            raise RuleError(shown, f"examples.flag[{i}]", "mark the flagged words with [[ ]]")
    for i, ex in enumerate(parsed["pass"]):
        if ex.spans:
            raise RuleError(shown, f"examples.pass[{i}]", "a pass example has no [[ ]] marks")
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise RuleError(shown, "notes", "expected a string")
    evidence, evidence_source = _evidence(data.get("evidence"), shown, rule_sources)
    return Rule(
        id=rid, category=category, severity=severity, message=data["message"].strip(),
        reason=" ".join(data["reason"].split()), sources=rule_sources, match=match,
        suggestions=suggestions, flag_examples=parsed["flag"], pass_examples=parsed["pass"],
        unless=_contexts(data.get("unless"), shown, "unless", ("near", "before", "after")),
        requires=_contexts(data.get("requires"), shown, "requires", ("near", "before", "after", "antecedent")),
        fix=fix,
        notes=" ".join(notes.split()) if notes else None, path=shown,
        evidence=evidence, evidence_source=evidence_source, advice=advice,
        document=_document(data.get("document"), shown),
        fixed=_fixed(data.get("fixed"), shown, parsed["flag"], suggestions, advice),
    )


def load_rules(directory: Path, sources: dict[str, Source], *, label: str = "rules",
               require_evidence: bool = False) -> list[Rule]:
    """Load every rule file below `directory`; the folder is the category.
    The bundled rules must each carry an `evidence:` grade; house rules may omit it."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    sources_file = (f"rules/{SOURCES_FILE}" if label == "rules" else
                    f"{label}/{SOURCES_FILE}, beside these rules: it may add sources to the bundled ones")
    for path in rule_files(directory):
        shown = f"{label}/{path.relative_to(directory).as_posix()}"
        rel = path.relative_to(directory)
        if len(rel.parts) != 2:
            raise RuleError(shown, "", "a rule file belongs in a category folder: rules/<category>/<id>.yaml")
        data = _read_yaml(path, shown)
        if isinstance(data, dict) and "table" in data:
            parsed = [parse_rule(row, where, sources=sources, expected_category=rel.parts[0],
                                 sources_file=sources_file)
                      for row, where in table_rows(data, shown)]
        else:
            parsed = [parse_rule(data, shown, sources=sources,
                                 expected_id=path.stem, expected_category=rel.parts[0],
                                 sources_file=sources_file)]
        for rule in parsed:
            if require_evidence and not rule.evidence:
                raise RuleError(rule.path, "evidence", "required key is missing (every bundled rule is graded)")
            if rule.id in seen:
                raise RuleError(rule.path, "id", f"{rule.id!r} is already defined in {seen[rule.id]}")
            seen[rule.id] = rule.path
            rules.append(rule)
    return rules


_VAR = re.compile(r"\$\{([a-z][a-z0-9_]*)\}")


def table_rows(data: dict, shown: str) -> Iterator[tuple[dict, str]]:
    """The rules of a table file, each as plain rule data with where it was written.

    A table holds a family of rules that differ only in a few words (the "-man"
    job titles): `table:` names the family, the other keys are shared by every rule,
    and each of `rows:` gives an `id`, its own examples (`flag:`, `pass:`), any rule
    key it sets itself, and values for the `${name}` variables of the shared strings.
    """
    rows = data.get("rows")
    if not isinstance(data["table"], str) or not _ID.match(data["table"]):
        raise RuleError(shown, "table", "expected a kebab-case name for the family")
    if not isinstance(rows, list) or len(rows) < 2:
        raise RuleError(shown, "rows", "expected a list of at least two rows")
    shared = {k: v for k, v in data.items() if k not in ("table", "rows")}
    for i, row in enumerate(rows):
        where = f"{shown}:rows[{i}]"
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise RuleError(shown, f"rows[{i}]", "expected a mapping with an id")
        where = f"{shown}:{row['id']}"
        own = {k: v for k, v in row.items() if k in REQUIRED or k in OPTIONAL}
        variables = {k: v for k, v in row.items() if k not in own and k not in ("flag", "pass")}
        for key, value in variables.items():
            if not isinstance(value, str):
                raise RuleError(where, str(key), "a table variable is a string (or an unknown rule key)")
        if "flag" in row or "pass" in row:
            own["examples"] = {"flag": row.get("flag"), "pass": row.get("pass")}

        def fill(value, key: str):
            if isinstance(value, str):
                def sub(m):
                    if m.group(1) not in variables:
                        raise RuleError(where, key, f"the table uses ${{{m.group(1)}}}, which this row does not set")
                    return variables[m.group(1)]
                return _VAR.sub(sub, value)
            if isinstance(value, list):
                return [fill(v, key) for v in value]
            if isinstance(value, dict):
                return {k: fill(v, f"{key}.{k}") for k, v in value.items()}
            return value

        yield {**{k: fill(v, k) for k, v in shared.items() if k not in own}, **own}, where
