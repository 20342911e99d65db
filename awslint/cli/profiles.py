"""``awslint profiles list|show|validate``: see which lint profiles exist, what one resolves to, and check files.

``validate`` exits 0 when every file is usable and 2 otherwise, printing each problem with its
file, line and field path, so it works as a pre-commit hook and as a CI step that runs before
any scan (and before anyone needs AWS credentials).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TypedDict

import click
import yaml

from awslint import lint_profiles as lp
from awslint.cli.common import UserError, load_registry
from awslint.model import DEFAULT_FAIL_ON

_checks_dir = click.option("--checks-dir", "checks_dirs", multiple=True, metavar="DIR",
                           type=click.Path(exists=True, file_okay=False),
                           help="Also load custom checks from DIR (profiles may refer to them).")


class _ListedProfile(TypedDict):
    """One row of `awslint profiles list` (and of its JSON output)."""

    name: str
    source: str
    description: str
    shadowed_by: str | None


@click.group("profiles")
def profiles() -> None:
    """Lint profiles: which bar (checks, severities, thresholds, suppressions) applies to an account."""


@profiles.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def profiles_list(fmt: str) -> None:
    """Every lint profile awslint can find: name, where it comes from, description.

    A profile in ./.awslint/profiles/ shadows one of the same name in ~/.config/awslint/profiles/,
    which shadows the built-in one; `--profile NAME` applies the first.
    """
    finder = lp.Finder()
    rows: list[_ListedProfile] = []
    applied: dict[str, str] = {}  # profile name -> label of the location `--profile NAME` applies
    for loc in finder.everything():
        shadowed_by = applied.get(loc.name)
        applied.setdefault(loc.name, loc.label)
        rows.append(_ListedProfile(name=loc.name, source=loc.label, description=lp.describe_location(loc),
                                   shadowed_by=shadowed_by))
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    from tabulate import tabulate

    table = [(r["name"], r["source"] + (f" (shadowed by {r['shadowed_by']})" if r["shadowed_by"] else ""),
              r["description"]) for r in rows]
    click.echo(tabulate(table, headers=["name", "source", "description"], maxcolwidths=[None, None, 80]))


@profiles.command("show")
@click.argument("name", metavar="NAME|FILE")
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@_checks_dir
def profiles_show(name: str, fmt: str, checks_dirs: tuple[str, ...]) -> None:
    """The fully resolved profile after `extends`: checks run and not run, severities, params, suppressions."""
    registry = load_registry(checks_dirs)
    finder = lp.Finder()
    if lp.looks_like_path(name):
        location = finder.file(name)
    else:
        found = finder.candidates(name)
        if not found:
            raise UserError(f"no lint profile named {name!r} (looked in {finder.searched()})"
                            + lp.did_you_mean(name, finder.known_names(), "see `awslint profiles list`"))
        location = found[0]
    profile = lp.load_profile(location, registry, finder)
    data = profile.to_dict(registry)
    implied = profile.aws_profile or lp.implied_aws(profile.name)
    data["aws_profile"] = implied
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    run, not_run = data["checks"]["run"], data["checks"]["not_run"]
    if len(not_run) <= len(run):  # the short list is the informative one
        data["checks"] = {"run": f"{len(run)} of {profile.all_checks}: every check except not_run", "not_run": not_run}
    click.echo(f"# lint profile {profile.name}, resolved from {profile.source}")
    click.echo(f"# {len(profile.selected)} of {profile.all_checks} checks run; severity shows catalogue -> profile")
    if not profile.aws_profile:
        click.echo("# aws_profile: not set in the file, so the name given to --profile (or --aws-profile) is used")
    click.echo(yaml.safe_dump(data, sort_keys=False, width=120, allow_unicode=True).rstrip())


@profiles.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_checks_dir
def profiles_validate(files: tuple[str, ...], checks_dirs: tuple[str, ...]) -> None:
    """Check lint profile files (and what they extend); exit 0 if all are valid, 2 otherwise.

    \b
    As a pre-commit hook (.pre-commit-config.yaml):
      - repo: local
        hooks:
          - id: awslint-profiles
            name: awslint profiles validate
            entry: awslint profiles validate
            language: system
            files: ^\\.awslint/profiles/.*\\.(ya?ml|json)$
    """
    registry = load_registry(checks_dirs)
    today = datetime.now(UTC).date()
    bad = 0
    for path in files:
        try:
            profile = lp.validate_file(path, registry)
        except lp.ProfileError as exc:
            bad += 1
            click.echo(f"awslint: error: {exc}", err=True)
            continue
        for sup in profile.suppressions:
            if sup.expires is not None and sup.expired(today):  # only a suppression with a date expires
                click.echo(f"awslint: warning: {sup.origin}: expired on {sup.expires.isoformat()}; it no longer "
                           "applies: fix the resource, or renew it with a new reason", err=True)
        fail_on = profile.fail_on or DEFAULT_FAIL_ON
        click.echo(f"ok {path}: {len(profile.selected)}/{profile.all_checks} checks, fail_on {fail_on}, "
                   f"{len(profile.suppressions)} suppression(s)")
    if bad:
        sys.exit(2)


@profiles.command("schema")
@_checks_dir
def profiles_schema(checks_dirs: tuple[str, ...]) -> None:
    """Print the complete JSON Schema for profiles, with `params` generated from the loaded checks.

    \b
    Point your editor at it for completion and inline errors, e.g. with the YAML language server:
      awslint profiles schema > .awslint/profile.schema.json
      # yaml-language-server: $schema=../profile.schema.json    (first line of a profile)
    """
    click.echo(json.dumps(lp.profile_schema(load_registry(checks_dirs)), indent=2))
