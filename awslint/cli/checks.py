"""``awslint checks list|show`` and ``awslint new-check``: the catalogue, and a start for your own check."""

from __future__ import annotations

import json
from pathlib import Path

import click

from awslint.cli.common import UserError, load_registry


# -- checks -------------------------------------------------------------------------------------
@click.group()
def checks() -> None:
    """List and describe the available checks."""


@checks.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json for tools (every field of every check).")
@click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Also list the custom checks in DIR (repeatable).")
def checks_list(fmt, checks_dirs) -> None:
    """The catalogue: id, name, severity, pillars and title of every check."""
    from tabulate import tabulate

    registry = load_registry(checks_dirs)
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in registry.all()], indent=2))
        return
    rows = [(c.id, c.name, c.severity, ",".join(c.pillars), c.title) for c in registry.all()]
    click.echo(tabulate(rows, headers=["id", "name", "severity", "pillars", "title"]))
    click.echo(f"\n{len(rows)} checks")


@checks.command("show")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people; json for tools.")
@click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR", type=click.Path(exists=True, file_okay=False),
              help="Also look among the custom checks in DIR (repeatable).")
def checks_show(name, fmt, checks_dirs) -> None:
    """Everything about one check (NAME: its id or name): rationale, what it evaluates, remediation, references."""
    registry = load_registry(checks_dirs)
    spec = registry.get(name)
    if spec is None:
        hint = registry.suggest(name)
        raise UserError(f"no check {name!r}" + (f"; did you mean {hint!r}?" if hint else "; see `awslint checks list`"))
    data = spec.to_dict()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"{spec.id} {spec.name} [{spec.severity}]\n{spec.title}\n")
    for label, key in (("Origin", "origin"), ("Lesson", "lesson"), ("Pillars", "pillars"), ("Why", "rationale"),
                       ("Evaluates", "evaluates"), ("Remediation", "remediation"), ("Needs", "needs"),
                       ("AWS Config rule", "config_rule"), ("Security Hub control", "security_hub")):
        value = data.get(key)
        if value:
            click.echo(f"{label}: {', '.join(value) if isinstance(value, list) else value}")
    if spec.params:
        click.echo("Parameters:")
        for pname, param in spec.params.items():
            click.echo(f"  {pname} = {param.default!r}: {param.description}")
    if spec.references:
        click.echo("References:")
        for ref in spec.references:
            click.echo(f"  {ref}")


# -- new-check ----------------------------------------------------------------------------------
@click.command("new-check")
@click.argument("name")
@click.option("--dir", "directory", default="checks.d", show_default=True, type=click.Path(file_okay=False),
              help="Directory for the check module and its test (load it with --checks-dir DIR).")
@click.option("--id", "check_id", default=None, help="Check id with your organisation prefix (default X-CUS001).")
def new_check_command(name, directory, check_id) -> None:
    """Scaffold a custom check NAME and its test, both passing as generated."""
    from awslint.scaffold import new_check

    try:
        paths = new_check(name, Path(directory), check_id)
    except OSError as exc:  # unwritable or impossible --dir
        raise UserError(f"cannot create the check in {directory}: {exc.strerror or exc}") from None
    for path in paths:
        click.echo(f"created {path}")
    click.echo(f"next: edit {paths[0]}, run `pytest {directory}`, then `awslint scan --checks-dir {directory}`")
