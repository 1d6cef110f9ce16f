"""`inclusivelint insights`: the command (the work is in the `insights` package).

It only parses options, runs `run_insights` (or the Dask version) and writes the
outputs; what is measured and how lives in the rest of this package.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from inclusivelint.vocab import INSIGHT_PROFILES as PROFILES, RECORD_FORMATS
from inclusivelint.commands.common import UserError, settings as load_settings


@click.command("insights")
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, exists=True))
@click.option("--text-field", required=True, metavar="FIELD", help="The key or column holding the text.")
@click.option("--id-field", default=None, metavar="FIELD", help="The key or column identifying a document.")
@click.option("--group-by", multiple=True, metavar="FIELD",
              help="Compare groups of documents by this key or column (repeatable: groups by all).")
@click.option("--profile", type=click.Choice(PROFILES), required=True, help="What the documents are.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True, help="Worker processes.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="Write the report as one offline HTML file.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False), help="Write one row per document with every measure.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the aggregates as JSON.")
@click.option("--min-group", type=click.IntRange(2), default=5, show_default=True,
              help="Groups with fewer documents are pooled, or withheld when the pool is still smaller.")
@click.option("--no-excerpts", is_flag=True, help="Show no words of any document: no excerpts, no phrases.")
@click.option("--input-type", "record_format", type=click.Choice(RECORD_FORMATS), default=None,
              help="How INPUT is stored (default: by extension: .jsonl .csv .parquet).")
@click.option("--dask", "use_dask", is_flag=True, help="Run on a Dask LocalCluster of --jobs workers (dask extra).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="With --dask: use this Dask scheduler instead.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def insights(input_path, text_field, id_field, group_by, profile, jobs, html_out, csv_out, json_out, min_group,
             no_excerpts, record_format, use_dask, scheduler, config_path, isolated):
    """Measure every document of INPUT (JSON Lines, CSV or Parquet) and compare groups.

    Prints the clear differences between groups; --html, --csv and --json write the
    report, the per-document measures and the aggregates."""
    from inclusivelint.run.batch import format_for_path
    from inclusivelint.errors import InclusivelintError

    # The profile goes through the settings, so that checks a profile switches on run here too.
    settings, linter = load_settings(config_path, isolated, [input_path], {"profile": profile})
    options = settings.options(None)
    excerpts = not no_excerpts
    try:
        fmt = record_format or format_for_path(input_path)
        if use_dask:
            if csv_out:
                raise UserError("--csv is written by the local run; leave out --dask or --csv")
            result = _on_dask(input_path, fmt, text_field, id_field, group_by, profile, jobs, min_group,
                              excerpts, options, scheduler)
        else:
            from inclusivelint.insights.run import run_insights

            kwargs = options.lint_kwargs(linter)
            del kwargs["path"], kwargs["warn_unused"]
            result = run_insights(input_path, text_field=text_field, id_field=id_field, group_by=group_by,
                                  profile=profile, fmt=fmt, jobs=jobs, min_group=min_group, excerpts=excerpts,
                                  csv_out=csv_out, linter=linter, lint_kwargs=kwargs)
    except InclusivelintError as exc:
        raise UserError(str(exc)) from None
    if html_out:
        try:
            from inclusivelint.insights.html import render_html

            html = render_html(result, linter.rulebook)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] == "plotly":
                raise UserError('the HTML report needs the insights extra: pip install "inclusivelint[insights]"') from None
            raise
        _write(html_out, html)
    if json_out:
        _write(json_out, json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    agg = result.aggregates
    shown = ", ".join(f"{n} ({agg.groups.sizes[n]:,})" for n in agg.groups.names)
    click.echo(f"{result.records:,} documents ({result.errors} unreadable) in {len(agg.groups.names)} groups: "
               + (shown or f"none with at least {min_group} readable documents"))
    clear = [d for d in agg.differences if d.clear]
    for d in clear:
        click.echo(f"- {d.sentence}")
    if agg.differences:
        click.echo(f"{len(clear)} clear differences; {len(agg.differences) - len(clear)} measures within noise "
                   "or too sparse to compare.")


def _write(path: str, text: str) -> None:

    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _on_dask(input_path, fmt, text_field, id_field, group_by, profile, jobs, min_group, excerpts, options,
             scheduler):

    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError:
        raise UserError('--dask needs the dask extra: pip install "inclusivelint[dask]"') from None
    from inclusivelint.run.cluster import insights_bag
    from inclusivelint.insights.dask import records_bag

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        return insights_bag(records_bag(input_path, fmt), text_field, profile=profile, id_field=id_field,
                            group_by=group_by, min_group=min_group, excerpts=excerpts, options=options)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
