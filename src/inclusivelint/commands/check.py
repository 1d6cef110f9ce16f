"""`check` and `report`: lint files, keep what the run asks for, render, set the exit code.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from inclusivelint.errors import InclusivelintError
from inclusivelint.compile.rule import strong_enough
from inclusivelint.vocab import EVIDENCE_GRADES, INPUT_FORMATS, OUTPUT_FORMATS, PROFILES, SEVERITIES
from inclusivelint.commands.common import UserError, in_ci, names, options, settings as load_settings

LINT_OPTIONS = [
    click.argument("paths", nargs=-1, type=click.Path()),
    click.option("--format", "output_format", type=click.Choice(OUTPUT_FORMATS), default=None,
                 help="Output format (default: text; github when GITHUB_ACTIONS=true)."),
    click.option("--select", multiple=True, metavar="RULES",
                 help="Only these rule ids or categories (comma-separated; repeatable)."),
    click.option("--ignore", multiple=True, metavar="RULES",
                 help="Skip these rule ids or categories (comma-separated; repeatable)."),
    click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                 help="Lowest severity that makes the exit code 1 (default: suggestion)."),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (2 still means an error)."),
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
    click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
                 help="Report only findings that are not in this baseline file."),
    click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
                 help="Write every current finding to this baseline file, report nothing, exit 0."),
    click.option("--since", metavar="REF", default=None,
                 help="Only findings on lines changed since this git ref (branch, tag or commit)."),
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
    click.option("-o", "--output-file", type=click.Path(dir_okay=False, writable=True), default=None,
                 help="Write the report to this file instead of standard output."),
    click.option("--concise", is_flag=True, help="One line per finding, without excerpt and reason."),
    click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, no progress, no notes."),
    click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal)."),
]
FIX_OPTIONS = [
    click.option("--fix", is_flag=True, help="Apply safe fixes in place (standard input: print the fixed text)."),
    click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that need a reread."),
    click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing."),
    click.option("--show-fixes", is_flag=True,
                 help="List each fix on standard error: the ones --fix applied, or without --fix, the ones it would."),
]

# A progress bar appears only when a run on a terminal takes longer than this.
PROGRESS_DELAY_SECONDS = 1.0


@click.command()
@options(LINT_OPTIONS + FIX_OPTIONS)
def check(**opts):
    """Lint files, directories (walked for .md .markdown .txt .rst .html .htm) or - for stdin."""
    run(summarize=False, **opts)


@click.command()
@options(LINT_OPTIONS)
def report(**opts):
    """Lint and then summarise each document as a whole (see --profile job-ad / review)."""
    run(summarize=True, fix=False, unsafe_fixes=False, diff=False, show_fixes=False, **opts)


class Keep:
    """Which findings a run reports: by evidence grade, changed lines, and the baseline."""

    def __init__(self, rules, *, min_evidence=None, since=None, baseline=None):
        self.rules, self.min_evidence, self.since, self.baseline = rules, min_evidence, since, baseline

    def __call__(self, text, findings):
        if self.min_evidence:
            findings = strong_enough(findings, self.rules, self.min_evidence)
        if self.since is not None:
            findings = self.since.keep(findings)
        if self.baseline is not None:
            findings = self.baseline.new(text, findings)
        return findings


def _keep(paths, stdin_filename, linter, *, min_evidence, since, baseline_path, write_baseline, editing):
    from inclusivelint.filters.baseline import Baseline
    from inclusivelint.filters.changes import Changes

    if write_baseline and editing:
        raise UserError("--write-baseline records findings; it cannot be combined with --fix or --diff")
    if since and "-" in paths and not stdin_filename:
        raise UserError("--since needs --stdin-filename to know which file standard input is")
    try:
        changes = Changes(since, _repository_dir(paths)) if since else None
        baseline = Baseline.load(Path(baseline_path)) if baseline_path and not write_baseline else None
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None
    return Keep(linter.rulebook.rules, min_evidence=min_evidence, since=changes, baseline=baseline)


def _repository_dir(paths) -> Path:
    """Where to ask git: the first path's folder (so `check --since main ../other-repo`
    asks that repository), or the working directory for standard input."""
    for p in paths:
        if p != "-" and Path(p).exists():
            return Path(p) if Path(p).is_dir() else Path(p).parent
    return Path.cwd()


def _progress(total: int, quiet: bool):
    """A bar on standard error for long runs on a terminal; never in pipes, CI or --quiet."""
    if quiet or in_ci() or not sys.stderr.isatty() or total < 2:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="checking", file=sys.stderr, leave=False,
                delay=PROGRESS_DELAY_SECONDS, dynamic_ncols=True, mininterval=0.25)


def run(*, paths, output_format, select, ignore, fail_on, exit_zero, profile, input_format, include_code,
        warn_unused_ignores, min_evidence, baseline_path, write_baseline, since, statistics, model, jobs,
        config_path, isolated, follow_links, stdin_filename, output_file, concise, quiet, color, fix, unsafe_fixes, diff,
        show_fixes, summarize):
    from inclusivelint.run import runner
    from inclusivelint.output import render as rep
    from inclusivelint.lint.finding import Severity

    paths = list(paths) or ["."]
    if warn_unused_ignores is None and in_ci():
        warn_unused_ignores = True
    settings, linter = load_settings(config_path, isolated, paths, {
        "select": names(select), "ignore": names(ignore), "fail-on": fail_on, "profile": profile,
        "input-format": input_format, "include-code": include_code,
        "warn-unused-ignores": warn_unused_ignores, "model": model,
    })
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    keep = _keep(paths, stdin_filename, linter, min_evidence=min_evidence, since=since,
                 baseline_path=baseline_path, write_baseline=write_baseline, editing=fix or diff)
    try:
        planned, notes = runner.plan(settings, linter, paths, stdin_filename, follow_links=follow_links)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    result = rep.Report(fail_on=Severity.parse(settings["fail-on"]))
    result.note(*notes)
    summaries, shown_fixes = [], []
    stdin_fixed = False
    bar = _progress(len(planned), quiet)
    for job, doc, findings in runner.run(planned, linter, processes=jobs):
        if bar is not None:
            bar.update()
        if isinstance(doc, rep.InputError):
            result.note(doc)
            continue
        text, findings = doc.text, keep(doc.text, list(findings))
        if (fix or diff) and doc.streamed:
            result.note(rep.InputError(doc.path, "too large to fix in place; lint it without --fix"))
        elif (fix or diff) and not doc.writable:
            from inclusivelint.fix.edits import plan

            if plan(text, findings, unsafe=unsafe_fixes):  # refuse, but only where there is a fix to refuse
                result.note(rep.InputError(doc.path, "Word documents are not fixed in place (nothing "
                                                              "was written); apply the suggestions in Word"))
        elif fix or diff or show_fixes:
            lint = functools.partial(linter.lint, **job.lint_kwargs)
            fixed = _fix(doc, job.shown, findings, lambda t, lint=lint: keep(t, lint(t)), unsafe=unsafe_fixes, diff=diff,
                         write=fix, report=result, shown_fixes=shown_fixes if show_fixes else None)
            if fixed is None:  # standard input: the fixed text was the output
                stdin_fixed = True
                continue
            text, findings = fixed
        result.add(text, findings)
        if summarize:
            from inclusivelint.analysis import analyze

            summaries.append((job.shown, analyze(text, findings, profile=job.profile, path=job.shown,
                                                 input_format=job.lint_kwargs["input_format"],
                                                 document_rules=linter.rulebook.document_rules)))
    if bar is not None:
        bar.close()
    if shown_fixes:
        click.echo(("Applied fixes:" if fix else "Fixes that --fix would apply:"), err=True)
        click.echo("\n".join(shown_fixes), err=True)
    if fix and result.fixed and not quiet:
        click.echo(f"Fixed {result.fixed} problem{'s' if result.fixed != 1 else ''}.", err=True)
    if diff or (stdin_fixed and not result.files):
        sys.exit(result.exit_code)
    for note in ([] if quiet else result.warnings) + result.errors:  # each once, on stderr, whatever the output
        click.echo(f"inclusivelint: {'warning' if note.warning else 'error'}: {note}", err=True)
    if write_baseline:
        _write_baseline(Path(write_baseline), result, quiet)
    _emit(render(output_format, result, linter.rulebook, statistics=statistics, concise=concise, quiet=quiet,
                 summaries=summaries if summarize else None),
          output_file, color)
    code = result.exit_code
    sys.exit(0 if exit_zero and code == rep.EXIT_FINDINGS else code)


def _write_baseline(path: Path, result, quiet: bool) -> None:
    from inclusivelint.filters import baseline

    try:
        count = baseline.write(path, result.findings)
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None
    if not quiet:
        click.echo(f"Wrote a baseline of {count} finding{'s' if count != 1 else ''} "
                   f"in {len(result.findings)} of {result.files} files to {path}.", err=True)
    sys.exit(2 if result.errors else 0)


def render(output_format, result, book, *, statistics=False, concise=False, quiet=False, summaries=None) -> str:
    """The report as the chosen format prints it."""
    from inclusivelint.output import render as rep
    from inclusivelint.output import reviews

    if output_format == "json":
        return rep.render_json(result, statistics=statistics, summaries=summaries, rules=book.rules)
    if output_format == "sarif":
        return rep.render_sarif(result, book.rules, book.sources)
    if output_format == "rdjson":
        return reviews.render_rdjson(result, book.rules)
    if output_format == "gitlab":
        return reviews.render_gitlab(result)
    if output_format == "checkstyle":
        return reviews.render_checkstyle(result)
    if statistics:
        return rep.render_statistics(result)
    if output_format == "github":
        return rep.render_github(result, footer=not quiet)
    reasons = {rid: r.reason for rid, r in book.rules.items()}
    out = [rep.render_text(result, reasons=reasons, concise=concise, style=click.style, footer=not quiet)]
    if summaries:
        from inclusivelint.analysis import render_summary

        out.extend(f"\n== {shown} ({summary.profile}) ==\n{render_summary(summary)}" for shown, summary in summaries)
    return "\n".join(out)


def _emit(output: str, output_file: str | None, color) -> None:
    if not output_file:
        if output:
            click.echo(output, color=color)
        return
    try:
        Path(output_file).write_text(click.unstyle(output) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output_file}: cannot write the report: {exc.strerror or exc}") from None


def _fix(doc, shown, findings, lint, *, unsafe, diff, write, report, shown_fixes):
    """Apply, show or list the fixes for one document.

    Returns the text and the findings left afterwards, or None for standard input,
    whose fixed text is printed instead of a report."""
    import difflib

    from inclusivelint.fix import edits as fixer
    from inclusivelint.read import source
    from inclusivelint.read.lines import LineIndex

    edits = fixer.plan(doc.text, findings, unsafe=unsafe)
    if shown_fixes is not None and edits:
        lines = LineIndex(doc.text)
        for edit in edits:
            line, column = lines.position(edit.start)
            shown_fixes.append(f"{shown}:{line}:{column}  {edit.rule_id}  "
                               f"“{doc.text[edit.start:edit.end]}” → “{edit.replacement}”")
    if not write and not diff:
        return doc.text, findings
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
