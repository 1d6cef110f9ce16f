"""The command line: a thin layer over the engine; it and `commands/` alone print or exit.

`main(argv) -> int` runs in-process (tests call it); `run()` is the console script.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, rule or input error.
"""

from __future__ import annotations

from typing import Sequence

import click

from inclusivelint import __version__
from inclusivelint.commands import check, insights, project, tools
from inclusivelint.commands.common import UserError
from inclusivelint.errors import InclusivelintError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="inclusivelint")
def cli() -> None:
    """Find exclusionary wording in prose, explain why, and suggest better words."""


for command in (check.check, check.report, tools.batch, tools.serve_command, tools.lsp_command, project.init,
                project.show_config, project.explain, project.list_rules, insights.insights):
    cli.add_command(command)


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
