"""Commands about the set-up rather than the text: init, config, rules, explain."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from inclusivelint.errors import SelectionError
from inclusivelint.vocab import INPUT_FORMATS, PROFILES, RULE_FORMATS, SEVERITIES
from inclusivelint.commands.common import UserError, linter, names, settings as load_settings

STARTER_NAME = ".inclusivelint.yaml"


def starter_config(categories: list[str]) -> str:
    """A commented `.inclusivelint.yaml`: every setting, at its default, explained."""
    return f"""\
# inclusivelint configuration. Every setting is shown at its default; uncomment to change.
# `inclusivelint config` shows the effective values and where each came from.

# Rule ids or categories to run (default: all). Categories: {", ".join(categories)}.
# select: [gatekeeping, gendered]
# Rule ids or categories to skip.
# ignore: []
# Per-rule severity: {", ".join(SEVERITIES)}.
# severity: {{culture-fit: error}}

# Lowest severity that makes `check` exit 1: {", ".join(SEVERITIES)}.
fail-on: suggestion
# What the texts are: {", ".join(PROFILES)}.
profile: docs

# Accepted terms, compared with the matched words.
# allow: []
# Paths not to lint: gitignore-style patterns, relative to this file.
# exclude: ["docs/legacy/**"]
# respect-gitignore: true
# Directories of your own rule files (validated like the bundled ones).
# extra-rules: []
# Also lint comments and docstrings of source files.
# include-code: false
# Report inline directives that suppress nothing (on by default when CI is set).
# warn-unused-ignores: false
# Read every input as one of {", ".join(INPUT_FORMATS)} (default: by file extension).
# input-format: markdown
# An installed trained spaCy pipeline for context rules, or auto.
# model: auto

# Per-path settings: select, ignore, severity, allow, include-code, profile, input-format.
# overrides:
#   - files: ["jobs/**"]
#     profile: job-ad
"""


@click.command("init")
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False))
def init(directory):
    """Write a commented starter .inclusivelint.yaml in DIRECTORY (default: here); never overwrites."""
    target = Path(directory) / STARTER_NAME
    text = starter_config(linter().rulebook.categories)
    try:
        with open(target, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UserError(f"{target} already exists; not overwritten (`inclusivelint config` shows it)") from None
    except OSError as exc:
        raise UserError(f"{target}: cannot write: {exc.strerror or exc}") from None
    click.echo(f"Wrote {target}. `inclusivelint config` shows the effective settings.", err=True)


@click.command("config")
@click.option("--show", is_flag=True, help="Print the effective configuration (the default).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.argument("path", required=False, type=click.Path())
def show_config(show, config_path, path):
    """Show the effective configuration for PATH (default: the working directory)."""
    from inclusivelint import config

    found, _ = load_settings(config_path, False, [path] if path else [], {})
    click.echo(config.render(found))


@click.command()
@click.argument("rule_id")
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
def explain(rule_id, output_format):
    """Show what RULE_ID flags, why, its sources, alternatives and examples."""
    from inclusivelint.output.explain import render_rule, rule_dict

    book = linter().rulebook
    rule = book.rules.get(rule_id)
    if rule is None:
        raise SelectionError.unknown(rule_id, book.rules, "rule")
    if output_format == "json":
        click.echo(json.dumps(rule_dict(rule, book.sources), ensure_ascii=False, indent=2))
    else:
        click.echo(render_rule(rule, book.sources))


@click.command("rules")
@click.option("--category", multiple=True, metavar="CATEGORY", help="Only these categories (repeatable).")
@click.option("--format", "output_format", type=click.Choice(RULE_FORMATS), default="text", show_default=True)
@click.option("--check", is_flag=True,
              help="Run every rule's flag and pass examples; report each that misbehaves (exit 1).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Use this config file (its extra rules are listed too).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files: the bundled rules only.")
def list_rules(category, output_format, check, config_path, isolated):
    """List the rules (bundled and the configuration's extra rules): id, category, severity,
    and the message with an example term."""
    from inclusivelint.output.explain import render_table, rule_dict

    _, lint = load_settings(config_path, isolated, [], {}, verify=not check)
    book = lint.rulebook
    wanted = set(names(category) or ())
    for name in sorted(wanted - set(book.categories)):
        raise SelectionError.unknown(name, book.categories, "category")
    rules = [r for r in book.rules.values() if not wanted or r.category in wanted]
    rules.sort(key=lambda r: (r.category, r.id))
    if check:
        from inclusivelint.compile.verify import problems

        found = [str(p) for p in problems(lint, rules)]
        for line in found:
            click.echo(line)
        click.echo(f"{len(rules)} rules checked: "
                   + (f"{len(found)} example{'s' * (len(found) != 1)} misbehave" if found else "every example behaves"),
                   err=bool(found))
        sys.exit(1 if found else 0)
    if output_format == "json":
        from inclusivelint.output.render import JSON_VERSION

        click.echo(json.dumps({"version": JSON_VERSION, "rules": [rule_dict(r, book.sources) for r in rules]},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rules))
