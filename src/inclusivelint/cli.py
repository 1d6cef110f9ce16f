"""The command line: a thin layer over the engine, and the only place that prints or exits.

`main(argv) -> int` runs in-process (tests call it); `run()` is the console script.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import sys
from pathlib import Path
from typing import Sequence

import click

from . import __version__
from .errors import InclusivelintError

from .vocab import EVIDENCE_GRADES, INPUT_FORMATS, OUTPUT_FORMATS, PROFILES, RULE_FORMATS, SEVERITIES


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


def _linter(extra_rule_dirs: tuple = (), model: str | None = None):
    from .engine import linter_for

    try:
        return linter_for(extra_rule_dirs, model)
    except InclusivelintError as exc:
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
        linter = _linter(settings.extra_rule_dirs(), settings["model"])
        config.check_rule_names(settings, linter.resolve, linter.rulebook.rules)
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None
    return settings, linter


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="inclusivelint")
def cli() -> None:
    """Find exclusionary wording in prose, explain why, and suggest better words."""


_LINT_OPTIONS = [
    click.argument("paths", nargs=-1, type=click.Path()),
    click.option("--format", "output_format", type=click.Choice(OUTPUT_FORMATS), default=None,
                 help="Output format (default: text; github when GITHUB_ACTIONS=true)."),
    click.option("--select", multiple=True, metavar="RULES",
                 help="Only these rule ids or categories (comma-separated; repeatable)."),
    click.option("--ignore", multiple=True, metavar="RULES",
                 help="Skip these rule ids or categories (comma-separated; repeatable)."),
    click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                 help="Lowest severity that makes the exit code 1 (default: suggestion)."),
    click.option("--profile", type=click.Choice(PROFILES), default=None,
                 help="What the text is: docs (default), job-ad, review or message."),
    click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
                 help="Read every input as this format (default: by file extension)."),
    click.option("--include-code/--no-include-code", default=None,
                 help="Also lint comments and docstrings of source files (.py .js .ts .go .java .c .rs .rb .sh .yaml ...)."),
    click.option("--warn-unused-ignores/--no-warn-unused-ignores", default=None,
                 help="Report inline directives that suppress nothing (default: on when CI is set)."),
    click.option("--min-evidence", type=click.Choice(EVIDENCE_GRADES), default=None,
                 help="Only findings of rules with at least this evidence grade "
                      "(field-experiment > lab-study > style-guide > community)."),
    click.option("--statistics", is_flag=True, help="Print counts by rule and category instead of each finding."),
    click.option("--model", metavar="NAME", default=None,
                 help="Refine context rules with an installed trained spaCy pipeline (NAME or auto)."),
    click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                 help="Lint files in this many processes (default: the number of CPUs)."),
    click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                 help="Use this config file instead of searching for one."),
    click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
    click.option("--follow-links", is_flag=True,
                 help="Also lint files that symbolic links lead to outside the walked directory."),
    click.option("--stdin-filename", metavar="NAME", default=None,
                 help="Name to report for standard input (its extension picks the input format)."),
    click.option("--concise", is_flag=True, help="One line per finding, without excerpt and reason."),
    click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."),
]
_FIX_OPTIONS = [
    click.option("--fix", is_flag=True, help="Apply safe fixes in place (standard input: print the fixed text)."),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that need a reread."),
    click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing."),
]


def _options(options):
    def decorate(fn):
        for option in reversed(options):
            fn = option(fn)
        return fn
    return decorate


@cli.command()
@_options(_LINT_OPTIONS + _FIX_OPTIONS)
def check(**options):
    """Lint files, directories (walked for .md .markdown .txt .rst .html .htm) or - for stdin."""
    _run(summarize=False, **options)


@cli.command()
@_options(_LINT_OPTIONS)
def report(**options):
    """Lint and then summarise each document as a whole (see --profile job-ad / review)."""
    _run(summarize=True, fix=False, unsafe_fixes=False, diff=False, **options)


def _run(*, paths, output_format, select, ignore, fail_on, profile, input_format, include_code,
         warn_unused_ignores, min_evidence, statistics, model, jobs, config_path, isolated, follow_links,
         stdin_filename, concise, color, fix, unsafe_fixes, diff, summarize):
    from . import runner
    from . import report as rep
    from .finding import Severity

    paths = list(paths) or ["."]
    if warn_unused_ignores is None and _in_ci():
        warn_unused_ignores = True
    settings, linter = _settings(config_path, isolated, paths, {
        "select": _names(select), "ignore": _names(ignore), "fail-on": fail_on, "profile": profile,
        "input-format": input_format, "include-code": include_code,
        "warn-unused-ignores": warn_unused_ignores, "model": model,
    })
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        planned, notes = runner.plan(settings, linter, paths, stdin_filename, follow_links=follow_links)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    result = rep.Report(fail_on=Severity.parse(settings["fail-on"]))
    result.note(*notes)
    summaries = []
    stdin_fixed = False
    for job, doc, findings in runner.run(planned, linter, processes=jobs):
        if isinstance(doc, rep.InputError):
            result.note(doc)
            continue
        text, findings = doc.text, list(findings)
        if min_evidence:
            from .rule import strong_enough

            findings = strong_enough(findings, linter.rulebook.rules, min_evidence)
        if (fix or diff) and doc.streamed:
            result.note(rep.InputError(doc.path, "too large to fix in place; lint it without --fix"))
        elif fix or diff:
            lint = functools.partial(linter.lint, **job.lint_kwargs)
            fixed = _fix(doc, job.shown, findings, lint, unsafe=unsafe_fixes, diff=diff, report=result)
            if fixed is None:  # standard input: the fixed text was the output
                stdin_fixed = True
                continue
            text, findings = fixed
        result.add(text, findings)
        if summarize:
            from .analysis import analyze

            summaries.append((job.shown, analyze(text, findings, profile=job.profile, path=job.shown,
                                                 input_format=job.lint_kwargs["input_format"])))
    if fix and result.fixed:
        click.echo(f"Fixed {result.fixed} problem{'s' if result.fixed != 1 else ''}.", err=True)
    for note in result.warnings + result.errors:  # each once, on stderr, whatever the output
        click.echo(f"inclusivelint: {'warning' if note.warning else 'error'}: {note}", err=True)
    if diff or (stdin_fixed and not result.files):
        sys.exit(result.exit_code)
    book = linter.rulebook
    if output_format == "json":
        click.echo(rep.render_json(result, statistics=statistics, summaries=summaries if summarize else None,
                                   rules=book.rules))
    elif output_format == "sarif":
        click.echo(rep.render_sarif(result, book.rules, book.sources))
    elif output_format == "github":
        click.echo(rep.render_statistics(result) if statistics else rep.render_github(result))
    elif statistics:
        click.echo(rep.render_statistics(result))
    else:
        reasons = {rid: r.reason for rid, r in book.rules.items()}
        click.echo(rep.render_text(result, reasons=reasons, concise=concise, style=click.style), color=color)
        if summarize:
            from .analysis import render_summary

            for shown, summary in summaries:
                click.echo(f"\n== {shown} ({summary.profile}) ==\n{render_summary(summary)}", color=color)
    sys.exit(result.exit_code)


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
        report.note(error)
        return doc.text, findings
    report.fixed += len(edits)
    return fixed, lint(fixed)


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, exists=True))
@click.option("--text-field", required=True, metavar="FIELD", help="The JSON key or CSV column holding the text.")
@click.option("--id-field", default=None, metavar="FIELD", help="The key or column identifying a record (default: its number).")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the JSON Lines results.")
@click.option("--input-type", "record_format", type=click.Choice(["jsonl", "csv"]), default=None,
              help="How INPUT is stored (default: by extension: .jsonl .ndjson .json .csv).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: skip the records already in --output.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default=None,
              help="How each record's text is read (default: text, or the config's input-format).")
@click.option("--select", multiple=True, metavar="RULES", help="Only these rule ids or categories.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rule ids or categories.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal).")
def batch(input_path, text_field, id_field, output, record_format, resume, input_format, select, ignore,
          config_path, isolated, progress):
    """Lint each record of a JSON Lines or CSV file; write one JSON line of findings per record.

    Exit 0 when every record was linted (findings are data here, not failures),
    1 when some records became error entries, 2 when the batch cannot run."""
    from .batch import BatchError, run_batch

    settings, linter = _settings(config_path, isolated, [input_path],
                                 {"select": _names(select), "ignore": _names(ignore), "input-format": input_format})
    kwargs = settings.options(None).lint_kwargs(linter)
    del kwargs["path"], kwargs["warn_unused"]  # records are not files, and have no directives' users
    try:
        summary = run_batch(input_path, output, text_field=text_field, id_field=id_field, fmt=record_format,
                            resume=resume, progress=progress, linter=linter, **kwargs)
    except BatchError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"{summary.records} records linted, {summary.skipped} already done, {summary.findings} findings, "
               f"{summary.errors} records with errors.", err=True)
    sys.exit(1 if summary.errors else 0)


@cli.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this config file instead of searching from the working directory.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def serve_command(port, open_browser, config_path, isolated):
    """Check texts in a local web page on 127.0.0.1 (needs the web extra).

    The page applies the configuration found from the working directory (select,
    ignore, severity, allow, extra rules), as `check` would."""
    settings, _ = _settings(config_path, isolated, [], {})
    try:
        from .web.app import serve
    except ModuleNotFoundError as exc:
        if exc.name in ("starlette", "uvicorn"):
            raise UserError('the web page needs the web extra: pip install "inclusivelint[web]"') from None
        raise
    try:
        serve(port=port, open_browser=open_browser, options=settings.options(None), announce=click.echo)
    except OSError as exc:  # "cannot listen on 127.0.0.1:8000: Address already in use"
        raise UserError(str(exc)) from None


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
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
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
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
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
        from .report import JSON_VERSION

        click.echo(json.dumps({"version": JSON_VERSION, "rules": [rule_dict(r, book.sources) for r in rules]},
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
    except InclusivelintError as exc:  # anything the commands did not turn into a UserError
        UserError(str(exc)).show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug of ours: say so in one line, and never exit 1 ("findings")
        click.echo(f"inclusivelint: internal error: {type(exc).__name__}: {exc} (please report it)", err=True)
        return 2
    return 0


def run() -> None:
    raise SystemExit(main())
