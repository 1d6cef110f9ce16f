"""The command line: a thin layer over the engine, and the only place that prints or exits.

`main(argv) -> int` runs in-process (tests call it); `run()` is the console script.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path
from typing import Sequence

import click

from . import __version__

FORMATS = ("text", "json", "sarif", "github")
SEVERITIES = ("suggestion", "warning", "error")
INPUT_FORMATS = ("text", "markdown", "html", "rst", "code")


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"inclusivelint: error: {self.message}", err=True)


def _names(values: Sequence[str] | None) -> list[str] | None:
    """`--select a,b --select c` -> [a, b, c]; None when the flag was not given."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _linter(extra_rule_dirs: tuple = ()):
    from .engine import linter_for
    from .loader import RuleError

    try:
        return linter_for(extra_rule_dirs)
    except RuleError as exc:
        raise UserError(str(exc)) from None


def _settings(config_path, isolated, paths, cli_values):
    from . import config

    start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    if paths and len(paths) > 1:
        real = [Path(p).resolve() for p in paths if p != "-"]
        if real:
            start = Path(os.path.commonpath(real))
    try:
        settings = config.load(Path(config_path) if config_path else None, start, cli_values,
                               isolated=isolated)
        linter = _linter(settings.extra_rule_dirs())
        config.check_rule_names(settings, linter.resolve, linter.rulebook.rules)
    except (config.ConfigError,) as exc:
        raise UserError(str(exc)) from None
    return settings, linter


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="inclusivelint")
def cli() -> None:
    """Find exclusionary wording in prose, explain why, and suggest better words."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text; github when GITHUB_ACTIONS=true).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rule ids or categories (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rule ids or categories (comma-separated; repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 (default: suggestion).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
              help="Read every input as this format (default: by file extension).")
@click.option("--include-code/--no-include-code", default=None,
              help="Also lint comments and docstrings of source files (.py .js .ts .go .java .c .rs .rb .sh .yaml ...).")
@click.option("--warn-unused-ignores/--no-warn-unused-ignores", default=None,
              help="Report inline directives that suppress nothing (default: on when CI is set).")
@click.option("--statistics", is_flag=True, help="Print counts by rule and category instead of each finding.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (standard input: print the fixed text).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that need a reread.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this config file instead of searching for one.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="Name to report for standard input (its extension picks the input format).")
@click.option("--concise", is_flag=True, help="One line per finding, without excerpt and reason.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
def check(paths, output_format, select, ignore, fail_on, input_format, include_code, warn_unused_ignores,
          statistics, fix, unsafe_fixes, diff, config_path, isolated, stdin_filename, concise, color):
    """Lint files, directories (walked for .md .markdown .txt .rst .html .htm) or - for stdin."""
    from . import regions, source
    from . import report as rep
    from .finding import Severity

    paths = list(paths) or ["."]
    if warn_unused_ignores is None and _in_ci():
        warn_unused_ignores = True
    settings, linter = _settings(config_path, isolated, paths, {
        "select": _names(select), "ignore": _names(ignore), "fail-on": fail_on,
        "input-format": input_format, "include-code": include_code,
        "warn-unused-ignores": warn_unused_ignores,
    })
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    extensions = source.DEFAULT_EXTENSIONS + (regions.CODE_EXTENSIONS if settings["include-code"] else ())
    files, errors = source.discover(paths, extensions, respect_gitignore=settings["respect-gitignore"])
    report = rep.Report(fail_on=Severity.parse(settings["fail-on"]), errors=list(errors))
    stdin_fixed = False
    for path in files:
        if path != source.STDIN and settings.excluded(path):
            continue
        shown = stdin_filename if path == source.STDIN and stdin_filename else path
        values = settings.for_path(None if shown == source.STDIN else shown)
        fmt = values["input-format"] or regions.format_for_path(shown)
        if fmt == "code" and not values["include-code"] and path != source.STDIN:
            continue  # a source file named explicitly, but code linting is off
        doc = source.read(path)
        if isinstance(doc, source.InputError):
            report.errors.append(doc)
            continue
        try:
            only = linter.selection(values["select"], values["ignore"])
        except ValueError as exc:
            raise UserError(str(exc)) from None
        severities = {rid: Severity.parse(level) for rid, level in values["severity"].items()}

        def lint(text):
            return linter.lint(text, path=shown, input_format=fmt, only=only, severities=severities,
                               allow=values["allow"], warn_unused=values["warn-unused-ignores"])

        text, findings = doc.text, lint(doc.text)
        if fix or diff:
            fixed = _fix(doc, shown, findings, lint, unsafe=unsafe_fixes, diff=diff, report=report)
            if fixed is None:  # standard input: the fixed text was the output
                stdin_fixed = True
                continue
            text, findings = fixed
        report.add(text, findings)
    if fix and report.fixed:
        click.echo(f"Fixed {report.fixed} problem{'s' if report.fixed != 1 else ''}.", err=True)
    if diff or (stdin_fixed and not report.files):
        sys.exit(report.exit_code)
    for error in report.errors:
        click.echo(f"inclusivelint: error: {error}", err=True)
    book = linter.rulebook
    if output_format == "json":
        click.echo(rep.render_json(report, statistics=statistics))
    elif output_format == "sarif":
        click.echo(rep.render_sarif(report, book.rules, book.sources))
    elif output_format == "github":
        click.echo(rep.render_statistics(report) if statistics else rep.render_github(report))
    elif statistics:
        click.echo(rep.render_statistics(report))
    else:
        reasons = {rid: r.reason for rid, r in book.rules.items()}
        click.echo(rep.render_text(report, reasons=reasons, concise=concise, style=click.style), color=color)
    sys.exit(report.exit_code)


def _fix(doc, shown, findings, lint, *, unsafe, diff, report):
    """Apply or show the fixes for one document.

    Returns the text and the findings left afterwards, or None for standard input,
    whose fixed text is printed instead of a report."""
    import difflib

    from . import fix as fixer
    from . import source

    edits = fixer.plan(doc.text, findings, unsafe=unsafe)
    fixed = fixer.apply_edits(doc.text, edits)
    if diff:
        if edits:
            click.echo("".join(difflib.unified_diff(
                doc.text.splitlines(keepends=True), fixed.splitlines(keepends=True),
                f"a/{shown}", f"b/{shown}")), nl=False)
        return doc.text, findings
    if doc.path == source.STDIN:
        click.echo(fixed, nl=False)
        return None
    if not edits:
        return doc.text, findings
    error = source.write(doc, fixed)
    if error is not None:
        report.errors.append(error)
        return doc.text, findings
    report.fixed += len(edits)
    return fixed, lint(fixed)


@cli.command("config")
@click.option("--show", is_flag=True, required=True, help="Print the effective configuration.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.argument("path", required=False, type=click.Path())
def show_config(show, config_path, path):
    """Show the effective configuration for PATH (default: the working directory)."""
    from . import config

    settings, _ = _settings(config_path, False, [path] if path else [], {})
    click.echo(config.render(settings))


@cli.command()
@click.argument("rule_id")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
def explain(rule_id, output_format):
    """Show what RULE_ID flags, why, its sources, alternatives and examples."""
    from .explain import render_rule, rule_dict

    book = _linter().rulebook
    rule = book.rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(book.rules), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `inclusivelint rules` lists them"
        raise UserError(f"unknown rule {rule_id!r}{hint}")
    if output_format == "json":
        click.echo(json.dumps(rule_dict(rule, book.sources), ensure_ascii=False, indent=2))
    else:
        click.echo(render_rule(rule, book.sources))


@cli.command("rules")
@click.option("--category", multiple=True, metavar="CATEGORY", help="Only these categories (repeatable).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True)
def list_rules(category, output_format):
    """List the rules, with their category and severity."""
    from .explain import render_table, rule_dict

    book = _linter().rulebook
    wanted = set(_names(category) or ())
    unknown = wanted - set(book.categories)
    if unknown:
        raise UserError(f"unknown category {sorted(unknown)[0]!r} (known: {', '.join(book.categories)})")
    rules = [r for r in book.rules.values() if not wanted or r.category in wanted]
    rules.sort(key=lambda r: (r.category, r.id))
    if output_format == "json":
        click.echo(json.dumps({"version": 1, "rules": [rule_dict(r, book.sources) for r in rules]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rules))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI in-process and return its exit code."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="inclusivelint",
                 standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code if isinstance(exc, UserError) else 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BrokenPipeError:
        return 0
    return 0


def run() -> None:
    raise SystemExit(main())
