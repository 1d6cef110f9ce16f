"""The command line: a thin layer over the engine, and the only place that prints or exits.

`main(argv) -> int` runs in-process (tests call it); `run()` is the console script.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.
"""

from __future__ import annotations

import difflib
import json
import sys
from typing import Sequence

import click

from . import __version__

FORMATS = ("text", "json")
SEVERITIES = ("suggestion", "warning", "error")
INPUT_FORMATS = ("text", "markdown", "html")


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"inclusivelint: error: {self.message}", err=True)


def _names(values: Sequence[str]) -> list[str]:
    """`--select a,b --select c` -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _linter():
    from .engine import Linter
    from .loader import RuleError

    try:
        return Linter()
    except RuleError as exc:
        raise UserError(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="inclusivelint")
def cli() -> None:
    """Find exclusionary wording in prose, explain why, and suggest better words."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rule ids or categories (comma-separated; repeatable).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rule ids or categories (comma-separated; repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="suggestion", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
              help="Read every input as this format (default: by file extension).")
@click.option("--stdin-filename", metavar="NAME", default=None,
              help="Name to report for standard input (its extension picks the input format).")
@click.option("--concise", is_flag=True, help="One line per finding, without excerpt and reason.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
def check(paths, output_format, select, ignore, fail_on, input_format, stdin_filename, concise, color):
    """Lint files, directories (walked for .md .markdown .txt .rst .html .htm) or - for stdin."""
    from . import report as rep
    from . import source
    from .engine import SelectionError
    from .finding import Severity

    linter = _linter()
    try:
        only = linter.selection(_names(select), _names(ignore))
    except SelectionError as exc:
        raise UserError(str(exc)) from None
    files, errors = source.discover(list(paths) or ["."])
    report = rep.Report(fail_on=Severity.parse(fail_on), errors=list(errors))
    for path in files:
        doc = source.read(path)
        if isinstance(doc, source.InputError):
            report.errors.append(doc)
            continue
        shown = stdin_filename if path == source.STDIN and stdin_filename else path
        report.add(doc.text, linter.lint(doc.text, path=shown, input_format=input_format, only=only))
    for error in report.errors:
        click.echo(f"inclusivelint: error: {error}", err=True)
    if output_format == "json":
        click.echo(rep.render_json(report))
    else:
        reasons = {rid: r.reason for rid, r in linter.rulebook.rules.items()}
        click.echo(rep.render_text(report, reasons=reasons, concise=concise, style=click.style), color=color)
    sys.exit(report.exit_code)


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
    wanted = set(_names(category))
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
