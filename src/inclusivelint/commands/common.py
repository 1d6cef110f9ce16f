"""What every command shares: the one-line user error, rule-name lists and the settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import click

from inclusivelint.errors import InclusivelintError


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"inclusivelint: error: {self.message}", err=True)


def names(values: Sequence[str] | None) -> list[str] | None:
    """`--select a,b --select c` -> [a, b, c]; None when the flag was not given."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def linter(extra_rule_dirs: tuple = (), model: str | None = None, *, verify: bool = True):
    from inclusivelint.lint.engine import linter_for

    try:
        return linter_for(extra_rule_dirs, model, verify=verify)
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None


def settings(config_path, isolated, paths, cli_values, *, verify: bool = True):
    from inclusivelint import config

    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    if paths and len(paths) > 1:
        real = [Path(p).resolve() for p in paths if p != "-"]
        if real:
            start = Path(os.path.commonpath(real))
    try:
        found = config.load(Path(config_path) if config_path else None, start, cli_values, isolated=isolated)
        lint = linter(found.extra_rule_dirs(), found["model"], verify=verify)
        config.check_rule_names(found, lint.resolve, lint.rulebook.rules)
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None
    return found, lint


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def options(decorators):
    """Apply a list of click decorators in the order they are listed."""
    def decorate(fn):
        for option in reversed(decorators):
            fn = option(fn)
        return fn
    return decorate
