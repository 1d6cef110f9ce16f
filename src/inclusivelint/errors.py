"""One error hierarchy: every problem a user can fix is an `InclusivelintError`.

The CLI prints any of them as one line (`inclusivelint: error: ...`) with exit
code 2, never a traceback. Each says where the problem is, as precisely as it
is known: the file, then the line or the key, then what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass


class InclusivelintError(ValueError):
    """A problem the user can fix, with a message that says where and what."""


class LocatedError(InclusivelintError):
    """A problem in a file: ``path: key: problem`` (or ``path:line: problem``)."""

    def __init__(self, path: str, key: str, problem: str, *, line: int | None = None):
        self.path, self.key, self.problem, self.line = path, key, problem, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")


class RuleError(LocatedError):
    """A rule file or the source registry is invalid."""


class ConfigError(LocatedError):
    """A configuration file or a command-line setting is invalid."""


class PatternError(InclusivelintError):
    """A match pattern that does not parse; the message says where and why."""


class SelectionError(InclusivelintError):
    """--select/--ignore named something that is neither a rule nor a category."""

    @classmethod
    def unknown(cls, name: str, known, what: str = "rule or category") -> "SelectionError":
        """The error for an unknown name, suggesting the closest known ones (did you mean)."""
        import difflib

        close = [repr(c) for c in difflib.get_close_matches(name, sorted(set(known)), n=3, cutoff=0.6)]
        options = " or ".join([", ".join(close[:-1]), close[-1]] if len(close) > 1 else close)
        hint = f"; did you mean {options}?" if close else "; `inclusivelint rules` lists them"
        return cls(f"unknown {what} {name!r}{hint}")


class ModelError(InclusivelintError):
    """The configured trained pipeline is not installed (we never download one)."""


class StreamError(InclusivelintError):
    """A file linted in chunks could not be read or decoded; `line` is where reading stopped."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.message, self.line = path, message, line


class BatchError(InclusivelintError):
    """The batch cannot run at all: unknown format, unreadable input, mismatched output."""


class BaselineError(LocatedError):
    """A baseline file (`check --baseline`) cannot be read, written or understood."""


class GitError(InclusivelintError):
    """`check --since` cannot ask git what changed: no repository, no git, or a bad ref."""


@dataclass(frozen=True, slots=True)
class InputError:
    """What happened to one input that is not a finding: a file that could not be read,
    decoded or written (an error: exit code 2, the other files are still linted), or
    something the user should know about the walk, such as a skipped link or a directory
    without prose files (`warning`: reported, exit code unchanged). A value, not an
    exception: the run collects them and the CLI prints each once."""

    path: str
    message: str
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
