"""Commands that run the linter another way: over a file of records, or behind a web page."""

from __future__ import annotations

import sys

import click

from inclusivelint.vocab import INPUT_FORMATS, RECORD_FORMATS
from inclusivelint.commands.common import UserError, names, settings as load_settings


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, exists=True))
@click.option("--text-field", required=True, metavar="FIELD", help="The JSON key or CSV column holding the text.")
@click.option("--id-field", default=None, metavar="FIELD", help="The key or column identifying a record (default: its number).")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the JSON Lines results.")
@click.option("--input-type", "record_format", type=click.Choice(RECORD_FORMATS), default=None,
              help="How INPUT is stored (default: by extension: .jsonl .ndjson .json .csv .parquet).")
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
    from inclusivelint.run.batch import BatchError, run_batch

    settings, linter = load_settings(config_path, isolated, [input_path],
                                 {"select": names(select), "ignore": names(ignore), "input-format": input_format})
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


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this config file instead of searching from the working directory.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def serve_command(port, open_browser, config_path, isolated):
    """Check texts in a local web page on 127.0.0.1 (needs the web extra).

    The page applies the configuration found from the working directory (select,
    ignore, severity, allow, extra rules), as `check` would."""
    settings, _ = load_settings(config_path, isolated, [], {})
    try:
        from inclusivelint.web.app import serve
    except ModuleNotFoundError as exc:
        if exc.name in ("starlette", "uvicorn"):
            raise UserError('the web page needs the web extra: pip install "inclusivelint[web]"') from None
        raise
    try:
        serve(port=port, open_browser=open_browser, options=settings.options(None), announce=click.echo)
    except OSError as exc:  # "cannot listen on 127.0.0.1:8000: Address already in use"
        raise UserError(str(exc)) from None


@click.command("lsp")
def lsp_command():
    """Run the language server on stdio, for editors (needs the lsp extra)."""
    try:
        from inclusivelint.lsp.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] in ("pygls", "lsprotocol"):
            raise UserError('the language server needs the lsp extra: pip install "inclusivelint[lsp]"') from None
        raise
    serve()
