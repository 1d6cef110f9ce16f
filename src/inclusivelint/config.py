"""Configuration: `[tool.inclusivelint]` in pyproject.toml or `.inclusivelint.yaml`.

Found by walking up from the linted path (or the working directory) to the
first directory that has one; `--config PATH` names one instead. Values come
from three layers, each overriding the last: defaults, the file, the command
line. Every value remembers where it came from, for `inclusivelint config --show`.

Validation is strict, as in yamllint: an unknown key, a wrong type or an unknown
rule id is a `ConfigError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple

import yaml

from inclusivelint.errors import ConfigError
from inclusivelint.vocab import DEFAULT_PROFILE, INPUT_FORMATS, PROFILES, SEVERITIES

CONFIG_NAMES = (".inclusivelint.yaml", ".inclusivelint.yml", "pyproject.toml")


def _str_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _choice(options: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda value: value if value in options else None


def _severity_map(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(k, str) and v in SEVERITIES for k, v in value.items()):
        return dict(value)
    return None


# key -> (checker returning the value or None when invalid, what is expected, default)
SCHEMA: dict[str, tuple[Callable[[Any], Any], str, Any]] = {
    "select": (_str_list, "a list of rule ids or categories", None),
    "ignore": (_str_list, "a list of rule ids or categories", ()),
    "severity": (_severity_map, "a mapping of rule id to suggestion, warning or error", {}),
    "fail-on": (_choice(SEVERITIES), "one of " + ", ".join(SEVERITIES), "suggestion"),
    "allow": (_str_list, "a list of accepted terms", ()),
    "exclude": (_str_list, "a list of gitignore-style path patterns", ()),
    "respect-gitignore": (_bool, "true or false", True),
    "extra-rules": (_str_list, "a list of directories of rule files", ()),
    "include-code": (_bool, "true or false", False),
    "warn-unused-ignores": (_bool, "true or false", False),
    "profile": (_choice(PROFILES), "one of " + ", ".join(PROFILES), DEFAULT_PROFILE),
    "input-format": (_choice(INPUT_FORMATS), "one of " + ", ".join(INPUT_FORMATS), None),
    "model": (lambda v: v if isinstance(v, str) and v.strip() else None,
              "the name of an installed spaCy pipeline, or auto", None),
    "overrides": (lambda v: v if isinstance(v, list) else None, "a list of {files: [...], ...} maps", ()),
}
# Keys an `overrides` entry may set for the files it matches.
OVERRIDE_KEYS = ("select", "ignore", "severity", "allow", "include-code", "profile", "input-format")


class LintOptions(NamedTuple):
    """What the settings say about linting one text: the one way from configuration to
    `Linter.lint` arguments, used by `check`, `batch`, Dask, the web page and editors.
    Plain and picklable, so it travels to worker processes as it is."""

    input_format: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    allow: tuple[str, ...] = ()
    warn_unused: bool = False
    profile: str = DEFAULT_PROFILE
    extra_rule_dirs: tuple[str, ...] = ()
    model: str | None = None

    @classmethod
    def of(cls, values: Mapping[str, Any], extra_rule_dirs: Iterable[Path | str] = ()) -> "LintOptions":
        return cls(
            input_format=values["input-format"],
            select=tuple(values["select"]) if values["select"] is not None else None,
            ignore=tuple(values["ignore"]),
            severity=tuple(sorted(values["severity"].items())),
            allow=tuple(values["allow"]),
            warn_unused=bool(values["warn-unused-ignores"]),
            profile=values["profile"],
            extra_rule_dirs=tuple(str(d) for d in extra_rule_dirs),
            model=values["model"],
        )

    def linter(self):
        """The (cached) linter these options need: bundled plus extra rules, optional model."""
        from inclusivelint.lint.engine import linter_for

        return linter_for(tuple(Path(d) for d in self.extra_rule_dirs), self.model)

    def lint_kwargs(self, linter, *, path: str | None = None) -> dict[str, Any]:
        """Keyword arguments for `linter.lint`; the input format from `path` when not set."""
        from inclusivelint.analysis.profile import get_profile
        from inclusivelint.lint.finding import Severity
        from inclusivelint.read.regions import format_for_path

        return {
            "path": path,
            "input_format": self.input_format or format_for_path(path),
            "only": linter.selection(self.select, self.ignore),
            "severities": {rid: Severity.parse(level) for rid, level in self.severity},
            "allow": self.allow,
            "warn_unused": self.warn_unused,
            # the job-ad requirement checks read the whole document: only when the profile asks
            "document": get_profile(self.profile).runs("requirements"),
        }


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    values: Mapping[str, Any]


@dataclass
class Settings:
    values: dict[str, Any]
    origin: dict[str, str]  # key -> "default", the config file's path, or "command line"
    root: Path  # relative paths in the config are relative to this directory
    file: Path | None = None
    overrides: tuple[Override, ...] = field(default=())

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def for_path(self, path: str | None) -> dict[str, Any]:
        """The values that apply to one file, per-path overrides included."""
        values = dict(self.values)
        if path is None or not self.overrides:
            return values
        rel = _relative(Path(path), self.root)
        if rel is None:
            return values
        for override in self.overrides:
            if _matches(rel, override.files):
                for key, value in override.values.items():
                    # Mappings (severity) merge key by key; everything else replaces.
                    values[key] = {**values[key], **value} if isinstance(value, dict) else value
        return values

    def options(self, path: str | None = None) -> LintOptions:
        """The lint options for one file (None: settings without per-path overrides)."""
        return LintOptions.of(self.for_path(path), self.extra_rule_dirs())

    def excluded(self, path: str) -> bool:
        patterns = self.values["exclude"]
        if not patterns:
            return False
        rel = _relative(Path(path), self.root)
        return rel is not None and _matches(rel, patterns)

    def extra_rule_dirs(self) -> tuple[Path, ...]:
        return tuple((self.root / d).resolve() for d in self.values["extra-rules"])


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns)).match_file(rel)


def find(start: Path) -> Path | None:
    """The nearest config file at or above `start`."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml configures us. One that does not parse is an error when it
    could (it mentions inclusivelint): skipping it would silently apply a parent's settings."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "inclusivelint" not in text:
        return False
    return "inclusivelint" in _toml(text, str(path)).get("tool", {})


def _toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib (3.11) puts the place in the message only: "... (at line 3, column 6)".
        found = re.search(r"\(at line (\d+), column \d+\)|\(at end of document\)", str(exc))
        problem = str(exc)[: found.start()].strip() if found else str(exc)
        line = int(found.group(1)) if found and found.group(1) else (text.count("\n") + 1 if found else None)
        raise ConfigError(shown, "", f"invalid TOML: {problem}", line=line) from None


def read(path: Path) -> dict[str, Any]:
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, "", f"cannot read: {exc}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        data = _toml(text, shown).get("tool", {}).get("inclusivelint", {})
        prefix = "tool.inclusivelint."
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            raise ConfigError(shown, "", f"invalid YAML: {problem}",
                              line=mark.line + 1 if mark else None) from None
        data = {} if data is None else data
        prefix = ""
    if not isinstance(data, dict):
        raise ConfigError(shown, "", "expected a mapping of settings")
    return {"__prefix__": prefix, **data}


def _validate(data: dict[str, Any], shown: str, prefix: str, keys: Iterable[str]) -> dict[str, Any]:
    allowed = tuple(keys)
    out = {}
    for key, raw in data.items():
        if key not in allowed:
            raise ConfigError(shown, f"{prefix}{key}", f"unknown key (expected one of {', '.join(allowed)})")
        check, expected, _ = SCHEMA[key]
        value = check(raw)
        if value is None:
            raise ConfigError(shown, f"{prefix}{key}", f"expected {expected}, got {raw!r}")
        out[key] = value
    return out


def load(config_path: Path | None, start: Path, cli: Mapping[str, Any], *, isolated: bool = False) -> Settings:
    """Defaults, then the config file (given or found from `start`), then the command line."""
    values = {key: default for key, (_, _, default) in SCHEMA.items()}
    origin = {key: "default" for key in SCHEMA}
    path = None if isolated else (config_path or find(start))
    root = Path.cwd()
    overrides: list[Override] = []
    if path is not None:
        if not path.is_file():
            raise ConfigError(str(path), "", "config file not found")
        data = read(path)
        prefix = data.pop("__prefix__")
        shown = str(path)
        for key, value in _validate(data, shown, prefix, SCHEMA).items():
            values[key], origin[key] = value, shown
        root = path.resolve().parent
        for i, entry in enumerate(values["overrides"]):
            where = f"{prefix}overrides[{i}]"
            if not isinstance(entry, dict) or "files" not in entry:
                raise ConfigError(shown, where, "expected a map with 'files' and settings to apply")
            files = _str_list(entry["files"])
            if not files:
                raise ConfigError(shown, f"{where}.files", "expected a list of path patterns")
            rest = {k: v for k, v in entry.items() if k != "files"}
            overrides.append(Override(files, _validate(rest, shown, f"{where}.", OVERRIDE_KEYS)))
        values["overrides"] = ()
    for key, value in cli.items():
        if value is not None:
            values[key], origin[key] = value, "command line"
    return Settings(values, origin, root, path, tuple(overrides))


def check_rule_names(settings: Settings, resolve: Callable[[Iterable[str]], set[str]],
                     known_ids: Iterable[str]) -> None:
    """Every rule id or category the settings name must exist."""
    ids = set(known_ids)

    def check(names, key, where):
        for name in names or ():
            try:
                resolve([name])
            except ValueError as exc:
                raise ConfigError(where, key, str(exc)) from None

    for key in ("select", "ignore"):
        check(settings[key], key, settings.origin[key])
    for rule_id in settings["severity"]:
        if rule_id not in ids:
            raise ConfigError(settings.origin["severity"], f"severity.{rule_id}", "unknown rule id")
    for i, override in enumerate(settings.overrides):
        for key in ("select", "ignore"):
            check(override.values.get(key), f"overrides[{i}].{key}", str(settings.file))
        for rule_id in override.values.get("severity", {}):
            if rule_id not in ids:
                raise ConfigError(str(settings.file), f"overrides[{i}].severity.{rule_id}", "unknown rule id")


def render(settings: Settings) -> str:
    """`config --show`: each effective value and where it came from."""
    lines = [f"# config file: {settings.file or 'none found'}"]
    for key in SCHEMA:
        if key == "overrides":
            continue
        value = settings.values[key]
        shown = yaml.safe_dump(value, default_flow_style=True, width=1000).strip()
        if shown.endswith("\n..."):
            shown = shown[:-4].strip()
        shown = shown.removesuffix("...").strip()
        lines.append(f"{key}: {shown}  # {settings.origin[key]}")
    for i, override in enumerate(settings.overrides):
        body = yaml.safe_dump(dict(override.values), default_flow_style=True, width=1000).strip()
        lines.append(f"overrides[{i}]: files {list(override.files)} -> {body}  # {settings.file}")
    return "\n".join(lines)
